/* SPDX-License-Identifier: Apache-2.0 */
/* test_shub.c: Security Hub and STS error replies in every shape the SDKs read, and member statuses. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "shub.h"
#include "sts.h"
#include "tap.h"

static void reply_with(struct http_reply *r, long status, const char *etype, const char *body)
{
	http_reply_reset(r);
	r->status = status;
	if (etype)
		r->error_type = strdup(etype);
	r->request_id = strdup("req-1");
	buf_puts(&r->body, body);
}

static void expect(const char *etype, const char *body, const char *code, const char *msg,
		   const char *name)
{
	struct http_reply r;
	struct job_error e;
	memset(&e, 0, sizeof e);
	http_reply_init(&r);
	reply_with(&r, 403, etype, body);
	shub_parse_error(&r, &e);
	tap_is_str(e.code, code, "%s: code", name);
	tap_is_str(e.message, msg, "%s: message", name);
	job_error_clear(&e);
	http_reply_done(&r);
}

int main(void)
{
	expect("AccessDeniedException:http://internal.amazon.com/coral/com.amazonaws.securityhub/",
	       "{\"Code\":\"AccessDeniedException\",\"Message\":\"no\"}",
	       "AccessDeniedException", "no", "header cut at ':'");
	expect(NULL, "{\"__type\":\"com.amazonaws.securityhub#InvalidAccessException\",\"message\":\"m\"}",
	       "InvalidAccessException", "m", "__type after '#', lowercase message");
	expect(NULL, "{\"code\":\"LimitExceededException\",\"Message\":\"Rate exceeded\"}",
	       "LimitExceededException", "Rate exceeded", "lowercase code");
	expect("InvalidInputException", "", "InvalidInputException", "", "header only");
	expect(NULL, "<html>502 Bad Gateway</html>", "403", "", "not JSON: the status is the code");
	expect("", "{\"Code\":\"X\"}", "X", "", "an empty header falls through to the body");
	expect(NULL, "{\"__type\":\"Plain\"}", "Plain", "", "__type without a namespace");

	/* STS XML errors and results. */
	struct http_reply r;
	struct job_error e;
	memset(&e, 0, sizeof e);
	http_reply_init(&r);
	reply_with(&r, 403, NULL,
		   "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
		   "<Type>Sender</Type><Code>InvalidClientTokenId</Code>"
		   "<Message>The security token included in the request is invalid &amp; &lt;odd&gt;.</Message>"
		   "</Error><RequestId>abc-123</RequestId></ErrorResponse>");
	sts_parse_error(&r, &e);
	tap_is_str(e.code, "InvalidClientTokenId", "STS error code");
	tap_is_str(e.message, "The security token included in the request is invalid & <odd>.",
		   "STS error message, entities decoded");
	tap_is_str(e.request_id, "abc-123", "STS request id");
	job_error_clear(&e);
	http_reply_done(&r);
	char *s = sts_xml_text("<a>&#65;&#x263A;</a>", 20, "a");
	tap_is_str(s, "A\xe2\x98\xba", "numeric character references");
	free(s);
	tap_ok(sts_xml_text("<a>unterminated", 15, "a") == NULL, "an unterminated element");
	tap_ok(sts_xml_text("<b>x</b>", 8, "a") == NULL, "a missing element");

	/* Member statuses. */
	tap_ok(shub_status_enabled("Enabled") && shub_status_enabled("ENABLED") &&
	       shub_status_enabled("associated"), "Enabled and Associated, any case");
	tap_ok(!shub_status_enabled("Invited") && !shub_status_enabled(NULL), "others are not");
	tap_ok(shub_status_is("INVITED", "Invited"), "case-insensitive compare");
	tap_is_str(shub_op_name(SHUB_ACCEPT_ADMINISTRATOR_INVITATION), "AcceptAdministratorInvitation",
		   "operation names");
	tap_ok(shub_op_changes_state(SHUB_DECLINE_INVITATIONS) &&
	       !shub_op_changes_state(SHUB_LIST_INVITATIONS), "which calls change state");
	return tap_done();
}
