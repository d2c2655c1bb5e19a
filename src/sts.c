/* SPDX-License-Identifier: Apache-2.0 */
/* sts.c: AWS STS over the query protocol: who the credentials act as. */
#include "config.h"

#include "sts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isotime.h"
#include "buf.h"
#include "sigv4.h"

struct sts_job {
	char *endpoint;
};

/* Decodes the five XML entities and numeric references. */
static void xml_unescape(struct buf *out, const char *s, size_t n)
{
	static const struct {
		const char *ent;
		char c;
	} ents[] = { { "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' },
		     { "&quot;", '"' }, { "&apos;", '\'' } };
	for (size_t i = 0; i < n;) {
		if (s[i] != '&') {
			buf_putc(out, s[i++]);
			continue;
		}
		bool done = false;
		for (size_t k = 0; k < sizeof ents / sizeof ents[0] && !done; k++) {
			size_t el = strlen(ents[k].ent);
			if (i + el <= n && strncmp(s + i, ents[k].ent, el) == 0) {
				buf_putc(out, ents[k].c);
				i += el;
				done = true;
			}
		}
		if (!done && i + 3 < n && s[i + 1] == '#') {
			const char *semi = memchr(s + i, ';', n - i);
			unsigned long cp = 0;
			char *end = NULL;
			if (semi) {
				if (s[i + 2] == 'x')
					cp = strtoul(s + i + 3, &end, 16);
				else
					cp = strtoul(s + i + 2, &end, 10);
			}
			if (semi && end == semi && cp > 0 && cp < 0x110000) {
				/* UTF-8 encode. */
				char u[4];
				size_t ul;
				if (cp < 0x80) {
					u[0] = (char)cp;
					ul = 1;
				} else if (cp < 0x800) {
					u[0] = (char)(0xC0 | cp >> 6);
					u[1] = (char)(0x80 | (cp & 0x3F));
					ul = 2;
				} else if (cp < 0x10000) {
					u[0] = (char)(0xE0 | cp >> 12);
					u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
					u[2] = (char)(0x80 | (cp & 0x3F));
					ul = 3;
				} else {
					u[0] = (char)(0xF0 | cp >> 18);
					u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
					u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
					u[3] = (char)(0x80 | (cp & 0x3F));
					ul = 4;
				}
				buf_append(out, u, ul);
				i = (size_t)(semi - s) + 1;
				done = true;
			}
		}
		if (!done)
			buf_putc(out, s[i++]);
	}
}

char *sts_xml_text(const char *xml, size_t len, const char *tag)
{
	char open[64], close[64];
	snprintf(open, sizeof open, "<%s>", tag);
	snprintf(close, sizeof close, "</%s>", tag);
	size_t ol = strlen(open), cl = strlen(close);
	for (size_t i = 0; i + ol <= len; i++) {
		if (memcmp(xml + i, open, ol) != 0)
			continue;
		size_t start = i + ol;
		for (size_t k = start; k + cl <= len; k++) {
			if (memcmp(xml + k, close, cl) == 0) {
				struct buf b;
				buf_init(&b);
				xml_unescape(&b, xml + start, k - start);
				return buf_steal(&b);
			}
		}
		return NULL;
	}
	return NULL;
}

static void sts_form_pair(struct buf *out, const char *name, const char *value)
{
	buf_printf(out, "&%s=", name);
	sigv4_uri_encode(out, value, strlen(value), false);
}

void sts_assume_role_body(struct buf *out, const struct sts_assume_role_params *p)
{
	buf_puts(out, "Action=AssumeRole&Version=2011-06-15");
	sts_form_pair(out, "RoleArn", p->role_arn);
	sts_form_pair(out, "RoleSessionName", p->role_session_name);
	if (p->duration_seconds > 0)
		buf_printf(out, "&DurationSeconds=%d", p->duration_seconds);
	if (p->external_id)
		sts_form_pair(out, "ExternalId", p->external_id);
	if (p->serial_number) {
		sts_form_pair(out, "SerialNumber", p->serial_number);
		sts_form_pair(out, "TokenCode", p->token_code ? p->token_code : "");
	}
}

enum shtui_status sts_parse_assume_role(const char *xml, size_t len, struct aws_creds *out,
					struct buf *err)
{
	static const char *const tags[] = {
		"AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration",
	};
	char *v[4] = { NULL, NULL, NULL, NULL };
	char *creds = sts_xml_text(xml, len, "Credentials");
	enum shtui_status st = SHTUI_OK;
	if (!creds) {
		buf_printf(err, "the reply (%zu bytes) has no <Credentials>", len);
		st = SHTUI_EPARSE;
	}
	for (size_t i = 0; i < 4 && st == SHTUI_OK; i++) {
		v[i] = sts_xml_text(creds, strlen(creds), tags[i]);
		if (!v[i] || !*v[i]) {
			buf_printf(err, "the reply's <Credentials> has no %s", tags[i]);
			st = SHTUI_EPARSE;
		}
	}
	time_t expiration = 0;
	if (st == SHTUI_OK && isotime_parse(v[3], &expiration) != SHTUI_OK) {
		/* Quoted only when it is plain text: in a broken reply the
		 * "Expiration" can run on over the elements that hold the secrets. */
		if (strlen(v[3]) <= 64 && !strpbrk(v[3], "<>"))
			buf_printf(err, "the reply's Expiration \"%s\" is not an ISO 8601 time", v[3]);
		else
			buf_printf(err, "the reply's Expiration (%zu bytes of markup) is not an "
				   "ISO 8601 time", strlen(v[3]));
		st = SHTUI_EPARSE;
	}
	if (st == SHTUI_OK) {
		aws_creds_done(out);
		out->access_key_id = v[0];
		out->secret_access_key = v[1];
		out->session_token = v[2];
		out->expiration = expiration;
		v[0] = v[1] = v[2] = NULL;
	}
	for (size_t i = 0; i < 4; i++)
		buf_free_secret(v[i]);
	buf_free_secret(creds);
	return st;
}

void sts_parse_error(const struct http_reply *reply, struct job_error *err)
{
	job_error_clear(err);
	err->kind = JOB_ERR_SERVICE;
	err->status = reply->status;
	const char *x = buf_str(&reply->body);
	size_t n = reply->body.len;
	err->code = sts_xml_text(x, n, "Code");
	err->message = sts_xml_text(x, n, "Message");
	err->request_id = sts_xml_text(x, n, "RequestId");
	if (!err->request_id && reply->request_id)
		err->request_id = strdup(reply->request_id);
	if (!err->code) {
		char num[24];
		snprintf(num, sizeof num, "%ld", reply->status);
		err->code = strdup(num);
	}
	if (!err->message)
		err->message = strdup("");
}

static void sts_job_free(void *data)
{
	struct sts_job *s = data;
	if (s) {
		free(s->endpoint);
		free(s);
	}
}

static enum shtui_status sts_start(struct job *job)
{
	struct sts_job *s = job->data;
	static const char body[] = "Action=GetCallerIdentity&Version=2011-06-15";
	struct buf url;
	buf_init(&url);
	buf_puts(&url, s->endpoint);
	while (url.len && url.data[url.len - 1] == '/')
		url.data[--url.len] = '\0';
	buf_putc(&url, '/');
	http_request_done(&job->req);
	job->req.method = strdup("POST");
	job->req.operation = strdup("GetCallerIdentity");
	job->req.url = buf_steal(&url);
	job->req.content_type = strdup("application/x-www-form-urlencoded; charset=utf-8");
	job->req.body = strdup(body);
	job->req.body_len = sizeof body - 1;
	if (!job->req.method || !job->req.operation || !job->req.url ||
	    !job->req.content_type || !job->req.body)
		return SHTUI_ENOMEM;
	return SHTUI_OK;
}

static enum job_next sts_reply(struct job *job, const struct http_reply *reply)
{
	if (job->err.kind != JOB_ERR_NONE)
		return JOB_DONE;
	const char *x = buf_str(&reply->body);
	size_t n = reply->body.len;
	char *result = sts_xml_text(x, n, "GetCallerIdentityResult");
	char *user = result ? sts_xml_text(result, strlen(result), "UserId") : NULL;
	char *account = result ? sts_xml_text(result, strlen(result), "Account") : NULL;
	char *arn = result ? sts_xml_text(result, strlen(result), "Arn") : NULL;
	if (!account || !arn) {
		job_error_set(&job->err, JOB_ERR_REPLY,
			      "the GetCallerIdentity reply (HTTP %ld, %zu bytes) has no Account and Arn",
			      reply->status, n);
	} else {
		cJSON *o = cJSON_CreateObject();
		if (o) {
			cJSON_AddStringToObject(o, "UserId", user ? user : "");
			cJSON_AddStringToObject(o, "Account", account);
			cJSON_AddStringToObject(o, "Arn", arn);
		}
		job->result = o;
		if (!o)
			job_error_set(&job->err, JOB_ERR_CONFIG, "out of memory");
	}
	free(result);
	free(user);
	free(account);
	free(arn);
	return JOB_DONE;
}

static const struct job_ops sts_ops = {
	.name = "STS",
	.start = sts_start,
	.parse_error = sts_parse_error,
	.reply = sts_reply,
	.free_data = sts_job_free,
};

struct job *sts_get_caller_identity_new(const char *endpoint, const char *region,
					struct aws_creds_source *source)
{
	struct sts_job *s = calloc(1, sizeof *s);
	if (!s || !(s->endpoint = strdup(endpoint))) {
		free(s);
		return NULL;
	}
	struct job *j = job_new(&sts_ops, s, source, region, "sts");
	if (!j)
		sts_job_free(s);
	return j;
}
