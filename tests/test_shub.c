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


/* Drives a job's operation by hand with crafted replies, as the worker would. */
static struct job *list_job(void)
{
	struct shub_params p = { .enable_default_standards = -1 };
	struct aws_creds_source *src = aws_creds_source_new_static("AKID", "SECRET", NULL);
	struct job *j = shub_job_new(SHUB_LIST_INVITATIONS, &p, "https://securityhub.us-east-1.amazonaws.com/",
				     "us-east-1", src);
	aws_creds_source_unref(src);
	if (j && j->ops->start(j) != SHTUI_OK) {
		job_free(j);
		return NULL;
	}
	return j;
}

static enum job_next feed(struct job *j, long status, const char *body)
{
	struct http_reply r;
	http_reply_init(&r);
	reply_with(&r, status, NULL, body);
	if (status != 200)
		j->ops->parse_error(&r, &j->err);
	enum job_next n = j->ops->reply(j, &r);
	http_reply_done(&r);
	return n;
}

static void replies(void)
{
	struct job *j = list_job();
	tap_is_str(j ? j->req.url : NULL,
		   "https://securityhub.us-east-1.amazonaws.com/invitations?MaxResults=50",
		   "first page: MaxResults 50, no token");
	tap_ok(j && j->req.body == NULL && j->req.content_type == NULL, "a GET has no body");
	tap_is_int(feed(j, 200, "{\"Invitations\":[{\"AccountId\":\"1\"}],\"NextToken\":\"a/b=+\"}"),
		   JOB_NEXT, "a page with a token asks for the next");
	tap_is_str(j->req.url,
		   "https://securityhub.us-east-1.amazonaws.com/invitations?MaxResults=50&NextToken=a%2Fb%3D%2B",
		   "the token is percent-encoded");
	tap_is_int(feed(j, 200, "{\"Invitations\":[{\"AccountId\":\"2\"},{\"AccountId\":\"3\"}]}"),
		   JOB_DONE, "the last page ends it");
	cJSON *inv = cJSON_GetObjectItemCaseSensitive(j->result, "Invitations");
	tap_is_int(cJSON_GetArraySize(inv), 3, "pages merged");
	tap_ok(!cJSON_GetObjectItemCaseSensitive(j->result, "NextToken"), "NextToken dropped");
	job_free(j);

	j = list_job();
	feed(j, 200, "{\"Invitations\":[],\"NextToken\":\"same\"}");
	tap_is_int(feed(j, 200, "{\"Invitations\":[],\"NextToken\":\"same\"}"), JOB_DONE,
		   "a token that repeats stops the loop");
	tap_is_int(j->err.kind, JOB_ERR_REPLY, "and is reported as a bad reply");
	job_free(j);

	static const char *const broken[] = { "not json", "[1,2]", "{\"Invitations\":", "\"str\"", "null" };
	for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++) {
		j = list_job();
		tap_ok(feed(j, 200, broken[i]) == JOB_DONE && j->err.kind == JOB_ERR_REPLY &&
		       j->result == NULL, "broken reply %zu is an error, not a result", i);
		job_free(j);
	}
	j = list_job();
	feed(j, 200, "{\"Invitations\":{\"not\":\"a list\"}}");
	tap_ok(j->err.kind == JOB_ERR_NONE && j->result, "a wrong member type is kept as sent");
	job_free(j);
	j = list_job();
	feed(j, 200, "");
	tap_ok(j->err.kind == JOB_ERR_NONE && cJSON_IsObject(j->result) && !j->result->child,
	       "an empty body is an empty reply");
	job_free(j);

	/* The legacy fallback: once, on AccessDeniedException only. */
	struct aws_creds_source *src = aws_creds_source_new_static("A", "S", NULL);
	struct shub_params p = { .administrator_id = "222222222222", .invitation_id = "inv",
				 .enable_default_standards = -1 };
	j = shub_job_new(SHUB_ACCEPT_ADMINISTRATOR_INVITATION, &p, "https://h", "us-east-1", src);
	j->ops->start(j);
	tap_is_str(j->req.body, "{\"AdministratorId\":\"222222222222\",\"InvitationId\":\"inv\"}",
		   "accept body");
	tap_is_int(feed(j, 403, "{\"Code\":\"AccessDeniedException\",\"Message\":\"no\"}"), JOB_NEXT,
		   "denied: fall back");
	tap_is_str(j->req.body, "{\"MasterId\":\"222222222222\",\"InvitationId\":\"inv\"}",
		   "legacy body names MasterId");
	tap_is_str(j->req.url, "https://h/master", "legacy path");
	tap_ok(j->note && strstr(j->note, "legacy AcceptInvitation"), "the fallback is noted");
	job_error_clear(&j->err);
	tap_is_int(feed(j, 403, "{\"Code\":\"AccessDeniedException\",\"Message\":\"no\"}"), JOB_DONE,
		   "denied again: no second fallback");
	job_free(j);
	j = shub_job_new(SHUB_ACCEPT_ADMINISTRATOR_INVITATION, &p, "https://h", "us-east-1", src);
	j->ops->start(j);
	tap_is_int(feed(j, 400, "{\"Code\":\"InvalidInputException\",\"Message\":\"no\"}"), JOB_DONE,
		   "other errors do not fall back");
	job_free(j);
	aws_creds_source_unref(src);
}

int main(void)
{
	replies();
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

	/* AssumeRole replies: an error never quotes what holds a secret. Found by
	 * tests/fuzz/fuzz_creds: a broken reply whose Expiration ran on over the
	 * session token had it quoted in the message. */
	static const char runon[] =
		"<AssumeRoleResult><Credentials><AccessKeyId>ASIASTS</AccessKeyId>"
		"<SecretAccessKey>stsSecret/1234567890+</SecretAccessKey>"
		"<SessionToken>stsToken/1234567890==</SessionToken>"
		"<Expiration>2026-11-26T13:13:<SessionToken>stsToken/1234567890==</SessionToken>"
		"<Expiration>2026-11-26T13:13:12Z</Expiration></Credentials></AssumeRoleResult>";
	struct aws_creds c;
	struct buf berr;
	aws_creds_init(&c);
	buf_init(&berr);
	enum shtui_status st = sts_parse_assume_role(runon, sizeof runon - 1, &c, &berr);
	tap_ok(st == SHTUI_EPARSE && strstr(buf_str(&berr), "Expiration") && !strstr(buf_str(&berr), "stsToken") &&
	       !strstr(buf_str(&berr), "stsSecret"),
	       "AssumeRole: an Expiration that runs on over the token is refused, the token unquoted: %s",
	       buf_str(&berr));
	buf_reset(&berr);
	static const char badtime[] =
		"<Credentials><AccessKeyId>A</AccessKeyId><SecretAccessKey>S</SecretAccessKey>"
		"<SessionToken>T</SessionToken><Expiration>tomorrow</Expiration></Credentials>";
	st = sts_parse_assume_role(badtime, sizeof badtime - 1, &c, &berr);
	tap_ok(st == SHTUI_EPARSE && strstr(buf_str(&berr), "\"tomorrow\""),
	       "AssumeRole: a plain Expiration that is not a time is quoted: %s", buf_str(&berr));
	static const char good[] =
		"<Credentials><AccessKeyId>ASIA1</AccessKeyId><SecretAccessKey>S1</SecretAccessKey>"
		"<SessionToken>T1</SessionToken><Expiration>2026-11-26T13:13:12Z</Expiration>"
		"</Credentials>";
	st = sts_parse_assume_role(good, sizeof good - 1, &c, &berr);
	tap_ok(st == SHTUI_OK && c.access_key_id && strcmp(c.access_key_id, "ASIA1") == 0 && c.expiration > 0,
	       "AssumeRole: a good reply is read");
	aws_creds_done(&c);
	buf_done(&berr);

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
