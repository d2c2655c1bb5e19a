/* SPDX-License-Identifier: Apache-2.0 */
/* shub.c: the Security Hub operations shtui speaks: requests, replies, errors. */
#include "config.h"

#include "shub.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "endpoint.h"
#include "sigv4.h"

/* Pages beyond this mean the service is looping on its token. */
#define SHUB_MAX_PAGES 10000

static const struct {
	const char *name, *method, *path;
} ops[] = {
#define SHUB_OP_ROW(id, name, method, path) [id] = { name, method, path },
	SHUB_OPS(SHUB_OP_ROW)
#undef SHUB_OP_ROW
};

struct shub_job {
	enum shub_op op;
	char *endpoint;
	char *administrator_id;
	char *invitation_id;
	char **account_ids;
	size_t n_account_ids;
	int enable_default_standards;
	char *hub_arn;
	int max_results;
	bool no_fallback;
	bool fell_back;
	int pages;
	char *next_token;
};

const char *shub_op_name(enum shub_op op)
{
	return (unsigned)op < SHUB_N_OPS ? ops[op].name : "Unknown";
}

bool shub_op_changes_state(enum shub_op op)
{
	return strcmp(ops[op].method, "GET") != 0;
}

bool shub_status_is(const char *member_status, const char *want)
{
	return member_status && strcasecmp(member_status, want) == 0;
}

bool shub_status_enabled(const char *member_status)
{
	return shub_status_is(member_status, "Enabled") ||
	       shub_status_is(member_status, "Associated");
}

static void shub_job_free(void *data)
{
	struct shub_job *s = data;
	if (!s)
		return;
	free(s->endpoint);
	free(s->administrator_id);
	free(s->invitation_id);
	for (size_t i = 0; i < s->n_account_ids; i++)
		free(s->account_ids[i]);
	free(s->account_ids);
	free(s->hub_arn);
	free(s->next_token);
	free(s);
}

/* The request body for the current op, NULL when it has none. */
static char *build_body(const struct shub_job *s)
{
	cJSON *o = NULL;
	switch (s->op) {
	case SHUB_ENABLE_SECURITY_HUB:
		o = cJSON_CreateObject();
		if (o && s->enable_default_standards >= 0)
			cJSON_AddBoolToObject(o, "EnableDefaultStandards",
					      s->enable_default_standards);
		break;
	case SHUB_ACCEPT_ADMINISTRATOR_INVITATION:
	case SHUB_ACCEPT_INVITATION:
		o = cJSON_CreateObject();
		if (o) {
			cJSON_AddStringToObject(o, s->op == SHUB_ACCEPT_INVITATION ?
						"MasterId" : "AdministratorId",
						s->administrator_id ? s->administrator_id : "");
			cJSON_AddStringToObject(o, "InvitationId",
						s->invitation_id ? s->invitation_id : "");
		}
		break;
	case SHUB_DECLINE_INVITATIONS:
	case SHUB_DELETE_INVITATIONS: {
		o = cJSON_CreateObject();
		cJSON *ids = o ? cJSON_AddArrayToObject(o, "AccountIds") : NULL;
		for (size_t i = 0; ids && i < s->n_account_ids; i++)
			cJSON_AddItemToArray(ids, cJSON_CreateString(s->account_ids[i]));
		break;
	}
	default:
		return NULL;
	}
	if (!o)
		return NULL;
	char *body = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return body;
}

char *shub_job_body(const struct job *job)
{
	const struct shub_job *s = job->data;
	char *body = build_body(s);
	return body ? body : strdup("{}");
}

static enum shtui_status build_request(struct job *job)
{
	struct shub_job *s = job->data;
	struct buf url;
	buf_init(&url);
	buf_puts(&url, s->endpoint);
	while (url.len && url.data[url.len - 1] == '/')
		url.data[--url.len] = '\0';
	buf_puts(&url, ops[s->op].path);
	if (s->op == SHUB_LIST_INVITATIONS) {
		buf_printf(&url, "?MaxResults=%d", s->max_results);
		if (s->next_token) {
			buf_puts(&url, "&NextToken=");
			sigv4_uri_encode(&url, s->next_token, strlen(s->next_token), false);
		}
	} else if (s->op == SHUB_DESCRIBE_HUB && s->hub_arn) {
		buf_puts(&url, "?HubArn=");
		sigv4_uri_encode(&url, s->hub_arn, strlen(s->hub_arn), false);
	}
	http_request_done(&job->req);
	job->req.method = strdup(ops[s->op].method);
	job->req.operation = strdup(ops[s->op].name);
	job->req.url = buf_steal(&url);
	bool want_body = strcmp(ops[s->op].method, "POST") == 0;
	job->req.body = build_body(s);
	if (job->req.body) {
		job->req.body_len = strlen(job->req.body);
		job->req.content_type = strdup("application/json");
	} else if (want_body && s->op != SHUB_DISASSOCIATE_FROM_ADMINISTRATOR_ACCOUNT &&
		   s->op != SHUB_DISASSOCIATE_FROM_MASTER_ACCOUNT) {
		return SHTUI_ENOMEM;
	}
	if (!job->req.method || !job->req.operation || !job->req.url ||
	    (job->req.body && !job->req.content_type))
		return SHTUI_ENOMEM;
	return SHTUI_OK;
}

static enum shtui_status shub_start(struct job *job)
{
	return build_request(job);
}

static char *dup_range(const char *s, size_t n)
{
	char *d = malloc(n + 1);
	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

static const char *json_str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

void shub_parse_error(const struct http_reply *reply, struct job_error *err)
{
	job_error_clear(err);
	err->kind = JOB_ERR_SERVICE;
	err->status = reply->status;
	if (reply->request_id)
		err->request_id = strdup(reply->request_id);
	cJSON *body = reply->body.len ? cJSON_ParseWithLength(reply->body.data, reply->body.len)
				      : NULL;
	if (reply->error_type && *reply->error_type)
		err->code = dup_range(reply->error_type, strcspn(reply->error_type, ":"));
	if (!err->code && body) {
		const char *c = json_str(body, "code");
		if (!c)
			c = json_str(body, "Code");
		if (c)
			err->code = strdup(c);
	}
	if (!err->code && body) {
		const char *t = json_str(body, "__type");
		if (t) {
			const char *hash = strrchr(t, '#');
			err->code = strdup(hash ? hash + 1 : t);
		}
	}
	if (!err->code || !*err->code) {
		free(err->code);
		char num[24];
		snprintf(num, sizeof num, "%ld", reply->status);
		err->code = strdup(num);
	}
	const char *m = body ? json_str(body, "message") : NULL;
	if (!m && body)
		m = json_str(body, "Message");
	err->message = strdup(m ? m : "");
	cJSON_Delete(body);
}

static bool denied_by_iam(const struct job_error *e)
{
	return e->kind == JOB_ERR_SERVICE && e->code &&
	       strcmp(e->code, "AccessDeniedException") == 0;
}

/* Appends a page's invitations to the merged result. */
static bool merge_page(struct job *job, cJSON *page)
{
	if (!job->result) {
		job->result = page;
		cJSON_DeleteItemFromObjectCaseSensitive(page, "NextToken");
		return true;
	}
	cJSON *all = cJSON_GetObjectItemCaseSensitive(job->result, "Invitations");
	cJSON *more = cJSON_GetObjectItemCaseSensitive(page, "Invitations");
	if (cJSON_IsArray(more)) {
		if (!cJSON_IsArray(all)) {
			cJSON_DeleteItemFromObjectCaseSensitive(job->result, "Invitations");
			all = cJSON_AddArrayToObject(job->result, "Invitations");
			if (!all) {
				cJSON_Delete(page);
				return false;
			}
		}
		cJSON *item;
		while ((item = cJSON_DetachItemFromArray(more, 0)) != NULL)
			cJSON_AddItemToArray(all, item);
	}
	cJSON_Delete(page);
	return true;
}

static enum job_next shub_reply(struct job *job, const struct http_reply *reply)
{
	struct shub_job *s = job->data;

	if (job->err.kind != JOB_ERR_NONE) {
		if (!s->no_fallback && !s->fell_back && denied_by_iam(&job->err) &&
		    (s->op == SHUB_ACCEPT_ADMINISTRATOR_INVITATION ||
		     s->op == SHUB_DISASSOCIATE_FROM_ADMINISTRATOR_ACCOUNT)) {
			enum shub_op legacy = s->op == SHUB_ACCEPT_ADMINISTRATOR_INVITATION ?
				SHUB_ACCEPT_INVITATION : SHUB_DISASSOCIATE_FROM_MASTER_ACCOUNT;
			struct buf note;
			buf_init(&note);
			buf_printf(&note, "%s was denied (AccessDeniedException); "
				   "used the legacy %s instead", ops[s->op].name,
				   ops[legacy].name);
			free(job->note);
			job->note = buf_steal(&note);
			s->op = legacy;
			s->fell_back = true;
			if (build_request(job) == SHTUI_OK)
				return JOB_NEXT;
			job_error_set(&job->err, JOB_ERR_CONFIG, "out of memory");
		}
		return JOB_DONE;
	}

	cJSON *page;
	if (reply->body.len == 0) {
		page = cJSON_CreateObject();
	} else {
		page = cJSON_ParseWithLength(reply->body.data, reply->body.len);
		if (!cJSON_IsObject(page)) {
			cJSON_Delete(page);
			job_error_set(&job->err, JOB_ERR_REPLY,
				      "the %s reply (HTTP %ld, %zu bytes) is not a JSON object",
				      ops[s->op].name, reply->status, reply->body.len);
			return JOB_DONE;
		}
	}
	if (!page) {
		job_error_set(&job->err, JOB_ERR_CONFIG, "out of memory");
		return JOB_DONE;
	}
	char *token = NULL;
	if (s->op == SHUB_LIST_INVITATIONS) {
		const char *t = json_str(page, "NextToken");
		if (t && *t)
			token = strdup(t);
	}
	if (!merge_page(job, page)) {
		free(token);
		job_error_set(&job->err, JOB_ERR_CONFIG, "out of memory");
		return JOB_DONE;
	}
	if (!token)
		return JOB_DONE;
	if (++s->pages >= SHUB_MAX_PAGES || (s->next_token && strcmp(s->next_token, token) == 0)) {
		free(token);
		job_error_set(&job->err, JOB_ERR_REPLY,
			      "ListInvitations keeps returning the same page token");
		return JOB_DONE;
	}
	free(s->next_token);
	s->next_token = token;
	if (build_request(job) != SHTUI_OK) {
		job_error_set(&job->err, JOB_ERR_CONFIG, "out of memory");
		return JOB_DONE;
	}
	return JOB_NEXT;
}

static const struct job_ops shub_ops = {
	.name = "Security Hub",
	.start = shub_start,
	.parse_error = shub_parse_error,
	.reply = shub_reply,
	.free_data = shub_job_free,
};

enum shub_op shub_job_op(const struct job *job)
{
	const struct shub_job *s = job->data;
	return s->op;
}

struct job *shub_job_new(enum shub_op op, const struct shub_params *p,
			 const char *endpoint, const char *region,
			 struct aws_creds_source *source)
{
	struct shub_job *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->op = op;
	s->endpoint = strdup(endpoint);
	s->enable_default_standards = p->enable_default_standards;
	s->max_results = p->max_results > 0 ? p->max_results : 50;
	s->no_fallback = p->no_fallback;
	bool ok = s->endpoint != NULL;
	if (p->administrator_id)
		ok &= (s->administrator_id = strdup(p->administrator_id)) != NULL;
	if (p->invitation_id)
		ok &= (s->invitation_id = strdup(p->invitation_id)) != NULL;
	if (p->hub_arn)
		ok &= (s->hub_arn = strdup(p->hub_arn)) != NULL;
	if (p->n_account_ids) {
		s->account_ids = calloc(p->n_account_ids, sizeof *s->account_ids);
		ok &= s->account_ids != NULL;
		for (size_t i = 0; ok && i < p->n_account_ids; i++) {
			ok &= (s->account_ids[i] = strdup(p->account_ids[i])) != NULL;
			s->n_account_ids = i + 1;
		}
	}
	if (!ok) {
		shub_job_free(s);
		return NULL;
	}
	struct job *j = job_new(&shub_ops, s, source, region, "securityhub");
	if (!j)
		shub_job_free(s);
	return j;
}

const char *shub_error_hint(const struct job_error *e, const char *region,
			      struct buf *hint)
{
	const char *code = e->code ? e->code : "";
	const char *msg = e->message ? e->message : "";
	if (strcmp(code, "InvalidAccessException") == 0 && strstr(msg, "not subscribed")) {
		buf_printf(hint, "Security Hub is not enabled in %s for this account; "
			   "enable it with 'shtui --region %s enable-security-hub'.",
			   region, region);
	} else if (strcmp(code, "UnrecognizedClientException") == 0 ||
		   strcmp(code, "InvalidClientTokenId") == 0) {
		if (endpoint_region_opt_in(region))
			buf_printf(hint, "%s is an opt-in region, and it may not be enabled for this "
				   "account (Account settings, AWS Regions); if it is, the access key "
				   "was not recognised there.", region);
		else if (*region)
			buf_printf(hint, "The access key was not recognised in %s: check the access "
				   "key ID and the profile's credentials.", region);
		else
			buf_puts(hint, "The access key was not recognised: check the access key ID "
				 "and the profile's credentials.");
	} else if (strcmp(code, "AccessDeniedException") == 0 &&
		   strstr(msg, "service control policy")) {
		buf_printf(hint, "A service control policy (SCP) of your organization denies "
			   "this call in %s; only the organization's administrators can change that.",
			   region);
	} else if (strcmp(code, "AccessDeniedException") == 0) {
		buf_puts(hint, "The IAM policies of this identity do not allow this call.");
	} else if (strcmp(code, "ExpiredTokenException") == 0 ||
		   strcmp(code, "ExpiredToken") == 0) {
		buf_puts(hint, "The session token has expired: get new temporary credentials "
			 "(for example 'aws sso login').");
	} else if (strcmp(code, "InvalidSignatureException") == 0 ||
		   strcmp(code, "SignatureDoesNotMatch") == 0) {
		if (strstr(msg, "Signature expired") || strstr(msg, "not yet current"))
			buf_puts(hint, "This machine's clock is off; set it right (NTP).");
		else
			buf_puts(hint, "The secret access key does not match the access key ID.");
	}
	return hint->len ? buf_str(hint) : NULL;
}

