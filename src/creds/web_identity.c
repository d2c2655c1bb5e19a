/* SPDX-License-Identifier: Apache-2.0 */
/* creds/web_identity.c: the "assume-role-with-web-identity" link: an OIDC token file traded for keys by STS AssumeRoleWithWebIdentity. */
#include "config.h"

#include "creds/creds.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws_creds.h"
#include "job.h"
#include "log.h"
#include "sigv4.h"
#include "sts.h"

struct web_job {
	char *token_file, *role_arn, *session, *url, *ca_bundle;
	int duration;
};

static void web_job_free(void *data)
{
	struct web_job *w = data;
	if (!w)
		return;
	free(w->token_file);
	free(w->role_arn);
	free(w->session);
	free(w->url);
	free(w->ca_bundle);
	free(w);
}

/* One form field, percent-encoded as botocore's query serializer does. */
static void form_pair(struct buf *b, const char *name, const char *value)
{
	buf_printf(b, "&%s=", name);
	sigv4_uri_encode(b, value, strlen(value), false);
}

static enum shtui_status web_start(struct job *job)
{
	struct web_job *w = job->data;
	/* Read at every fetch: the platform rotates the token. */
	struct buf token;
	buf_init(&token);
	enum shtui_status st = creds_read_file(w->token_file, &token);
	if (st != SHTUI_OK) {
		job_error_set(&job->err, JOB_ERR_CONFIG, "Error when retrieving credentials from "
			      "assume-role-with-web-identity: the token file %s cannot be read: %s",
			      w->token_file, st == SHTUI_ENOMEM ? "out of memory" :
			      st == SHTUI_ENOENT ? "No such file or directory" : strerror(errno));
		buf_done(&token);
		return SHTUI_ECONFIG;
	}
	while (token.len && (token.data[token.len - 1] == '\n' || token.data[token.len - 1] == '\r'))
		token.data[--token.len] = '\0';
	log_add_secret(buf_str(&token));
	struct buf body;
	buf_init(&body);
	buf_puts(&body, "Action=AssumeRoleWithWebIdentity&Version=2011-06-15");
	form_pair(&body, "RoleArn", w->role_arn);
	form_pair(&body, "RoleSessionName", w->session);
	form_pair(&body, "WebIdentityToken", buf_str(&token));
	if (w->duration > 0)
		buf_printf(&body, "&DurationSeconds=%d", w->duration);
	buf_done(&token);
	if (creds_request(job, "POST", w->url, "AssumeRoleWithWebIdentity") != SHTUI_OK ||
	    buf_failed(&body) ||
	    !(job->req.content_type = strdup("application/x-www-form-urlencoded; charset=utf-8")) ||
	    (w->ca_bundle && !(job->req.ca_bundle = strdup(w->ca_bundle)))) {
		buf_done(&body);
		return SHTUI_ENOMEM;
	}
	job->req.body_len = body.len;
	job->req.body = buf_steal(&body);
	return SHTUI_OK;
}

static enum job_next web_reply(struct job *job, const struct http_reply *reply)
{
	struct web_job *w = job->data;
	struct buf msg;
	buf_init(&msg);
	if (job->err.kind == JOB_ERR_SERVICE) {
		buf_printf(&msg, "An error occurred (%s) when calling the AssumeRoleWithWebIdentity "
			   "operation: %s", job->err.code ? job->err.code : "",
			   job->err.message ? job->err.message : "");
	} else if (job->err.kind != JOB_ERR_NONE) {
		creds_transport_error(&msg, w->url, job->err.message ? job->err.message : "");
	} else {
		struct buf why;
		buf_init(&why);
		if (sts_parse_assume_role(buf_str(&reply->body), reply->body.len, &job->got,
					  &why) != SHTUI_OK)
			buf_printf(&msg, "The AssumeRoleWithWebIdentity reply from %s is not usable: %s",
				   w->url, buf_str(&why));
		else
			job->got.source = "assume-role-with-web-identity";
		buf_done(&why);
	}
	creds_job_settle(job, &msg);
	return JOB_DONE;
}

static const struct job_ops web_ops = {
	.name = "AssumeRoleWithWebIdentity",
	.start = web_start,
	.parse_error = sts_parse_error,
	.reply = web_reply,
	.free_data = web_job_free,
};

enum shtui_status creds_web_identity(struct creds_chain *ch, const struct aws_config *cfg,
				     struct aws_creds *out, struct job **fetch, struct buf *err)
{
	(void)ch;
	(void)out;
	/* The environment's pair first, unless --profile names another. */
	const char *file = NULL, *role = NULL, *session = NULL;
	if (!cfg->profile_explicit && creds_env("AWS_WEB_IDENTITY_TOKEN_FILE")) {
		file = creds_env("AWS_WEB_IDENTITY_TOKEN_FILE");
		role = creds_env("AWS_ROLE_ARN");
		session = creds_env("AWS_ROLE_SESSION_NAME");
		if (!role)
			return creds_partial(err, "assume-role-with-web-identity", "AWS_ROLE_ARN");
	} else if (aws_config_get(cfg, "web_identity_token_file")) {
		file = aws_config_get(cfg, "web_identity_token_file");
		role = aws_config_get(cfg, "role_arn");
		session = aws_config_get(cfg, "role_session_name");
		if (!role)
			return creds_partial(err, "assume-role-with-web-identity", "role_arn");
	} else {
		return SHTUI_ENOCREDS;
	}
	char *url = NULL, *region = NULL;
	enum shtui_status st = creds_sts_endpoint(cfg, &url, &region, err);
	if (st != SHTUI_OK)
		return st;
	char name[64];
	snprintf(name, sizeof name, "shtui-session-%lld", (long long)time(NULL));
	struct web_job *w = calloc(1, sizeof *w);
	char *path = aws_config_expand_path(file);
	bool ok = w && path && (w->role_arn = strdup(role)) != NULL &&
		  (w->session = strdup(session ? session : name)) != NULL &&
		  (!cfg->ca_bundle || (w->ca_bundle = strdup(cfg->ca_bundle)) != NULL);
	struct job *j = NULL;
	if (ok) {
		w->token_file = path;
		path = NULL;
		w->url = url;
		url = NULL;
		const char *d = aws_config_get(cfg, "duration_seconds");
		w->duration = d ? atoi(d) : 0;
		j = job_new(&web_ops, w, NULL, region, "sts");
	}
	free(path);
	free(url);
	free(region);
	if (!j) {
		web_job_free(w);
		buf_puts(err, shtui_status_str(SHTUI_ENOMEM));
		return SHTUI_ENOMEM;
	}
	j->max_attempts = cfg->max_attempts;
	*fetch = j;
	return SHTUI_OK;
}
