/* SPDX-License-Identifier: Apache-2.0 */
/* creds/sso.c: the "sso" link: the token "aws sso login" cached, refreshed through SSO OIDC when it has expired, traded for keys at the portal. */
#include "config.h"

#include "creds/sso.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <openssl/evp.h>

#include "aws_creds.h"
#include "creds/creds.h"
#include "creds/parse.h"
#include "endpoint.h"
#include "job.h"
#include "log.h"
#include "sigv4.h"

char *creds_sso_cache_path(const char *key)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	if (EVP_Digest(key, strlen(key), md, &n, EVP_sha1(), NULL) != 1)
		return NULL;
	char *dir = aws_config_expand_path("~/.aws/sso/cache");
	if (!dir)
		return NULL;
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "%s/", dir);
	for (unsigned int i = 0; i < n; i++)
		buf_printf(&b, "%02x", md[i]);
	buf_puts(&b, ".json");
	free(dir);
	return buf_steal(&b);
}

enum sso_stage { SSO_REFRESH, SSO_ROLE, SSO_LIST };

/* What the job is for: keys, or a listing of the portal. */
enum sso_mode { SSO_MODE_CREDS, SSO_MODE_ACCOUNTS, SSO_MODE_ROLES };

struct sso_job {
	char *profile, *key, *path, *account, *role, *portal, *oidc, *ca_bundle;
	bool can_refresh;          /* an sso-session profile: its token may be refreshed */
	enum sso_stage stage;
	enum sso_mode mode;
	cJSON *list;               /* the listing's items so far, every page */
	char *next_token;
	bool one_page;             /* the listing stops after a page (its reply the result) */
	struct creds_sso_token token;
};

static void sso_job_free(void *data)
{
	struct sso_job *s = data;
	if (!s)
		return;
	free(s->profile);
	free(s->key);
	free(s->path);
	free(s->account);
	free(s->role);
	free(s->portal);
	free(s->oidc);
	free(s->ca_bundle);
	cJSON_Delete(s->list);
	free(s->next_token);
	creds_parse_sso_token_done(&s->token);
	free(s);
}

/* The portal's (or OIDC's) error: code from x-amzn-ErrorType or the body,
 * message from the body. */
static void sso_parse_error(const struct http_reply *r, struct job_error *err)
{
	job_error_clear(err);
	err->kind = JOB_ERR_SERVICE;
	err->status = r->status;
	cJSON *o = cJSON_ParseWithLength(buf_str(&r->body), r->body.len);
	const char *code = r->error_type;
	const char *msg = NULL;
	if (cJSON_IsObject(o)) {
		if (!code)
			code = creds_json_str(o, "__type");
		if (!code)
			code = creds_json_str(o, "error");
		msg = creds_json_str(o, "message");
		if (!msg)
			msg = creds_json_str(o, "Message");
		if (!msg)
			msg = creds_json_str(o, "error_description");
	}
	if (code && strchr(code, '#'))
		code = strchr(code, '#') + 1;
	char num[24];
	snprintf(num, sizeof num, "%ld", r->status);
	err->code = strdup(code ? code : num);
	err->message = strdup(msg ? msg : "");
	if (r->request_id)
		err->request_id = strdup(r->request_id);
	creds_json_free(o);
}

/* `name`=`value`, URI-encoded, after "?" or "&". */
static void query(struct buf *url, const char *name, const char *value)
{
	buf_printf(url, "%c%s=", strchr(buf_str(url), '?') ? '&' : '?', name);
	sigv4_uri_encode(url, value, strlen(value), false);
}

/* The next request to the portal: the keys of the role, or the next page
 * of the listing. */
static enum shtui_status role_request(struct job *job)
{
	struct sso_job *s = job->data;
	struct buf url;
	buf_init(&url);
	buf_puts(&url, s->portal);
	while (url.len && url.data[url.len - 1] == '/')
		url.data[--url.len] = '\0';
	const char *op = "GetRoleCredentials";
	if (s->mode == SSO_MODE_CREDS) {
		buf_puts(&url, "/federation/credentials");
		query(&url, "account_id", s->account);
		query(&url, "role_name", s->role);
	} else {
		op = s->mode == SSO_MODE_ACCOUNTS ? "ListAccounts" : "ListAccountRoles";
		buf_puts(&url, s->mode == SSO_MODE_ACCOUNTS ? "/assignment/accounts"
							    : "/assignment/roles");
		if (s->mode == SSO_MODE_ROLES)
			query(&url, "account_id", s->account);
		/* The portal's own page size: every page is read. */
		if (s->next_token)
			query(&url, "next_token", s->next_token);
	}
	enum shtui_status st = buf_failed(&url) ? SHTUI_ENOMEM :
			       creds_request(job, "GET", buf_str(&url), op);
	buf_done(&url);
	if (st == SHTUI_OK)
		st = http_request_add_header(&job->req, "Accept", "application/json");
	if (st == SHTUI_OK)
		st = http_request_add_header(&job->req, "x-amz-sso_bearer_token",
					     s->token.access_token);
	if (st == SHTUI_OK && s->ca_bundle && !(job->req.ca_bundle = strdup(s->ca_bundle)))
		st = SHTUI_ENOMEM;
	s->stage = s->mode == SSO_MODE_CREDS ? SSO_ROLE : SSO_LIST;
	return st;
}

/* One page of a listing: its items kept; the next page asked for, or the
 * whole list the job's result. */
static enum job_next list_page(struct job *job, const struct http_reply *reply, struct buf *msg)
{
	struct sso_job *s = job->data;
	const char *key = s->mode == SSO_MODE_ACCOUNTS ? "accountList" : "roleList";
	cJSON *o = cJSON_ParseWithLength(buf_str(&reply->body), reply->body.len);
	cJSON *items = cJSON_GetObjectItemCaseSensitive(o, key);
	const char *next = creds_json_str(o, "nextToken");
	if (!cJSON_IsArray(items)) {
		buf_printf(msg, "The %s reply from %s is not usable (no %s)", job->req.operation,
			   job->req.url, key);
		creds_json_free(o);
		return JOB_DONE;
	}
	if (s->one_page) {
		/* The page as it came: the caller asks for the next one. */
		cJSON *page = cJSON_CreateObject();
		cJSON_DetachItemViaPointer(o, items);
		bool ok = page && cJSON_AddItemToObject(page, key, items);
		if (!ok)
			cJSON_Delete(items);
		if (ok && next && *next && !cJSON_AddStringToObject(page, "nextToken", next))
			ok = false;
		if (ok) {
			job->result = page;
		} else {
			cJSON_Delete(page);
			buf_puts(msg, shtui_status_str(SHTUI_ENOMEM));
		}
		creds_json_free(o);
		return JOB_DONE;
	}
	if (!s->list && !(s->list = cJSON_CreateArray()))
		buf_puts(msg, shtui_status_str(SHTUI_ENOMEM));
	cJSON *it;
	while (s->list && (it = cJSON_DetachItemFromArray(items, 0)) != NULL)
		cJSON_AddItemToArray(s->list, it);
	free(s->next_token);
	s->next_token = next && *next ? strdup(next) : NULL;
	bool more = next && *next;
	creds_json_free(o);
	if (msg->len)
		return JOB_DONE;
	if (more && (!s->next_token || role_request(job) != SHTUI_OK)) {
		buf_puts(msg, shtui_status_str(SHTUI_ENOMEM));
		return JOB_DONE;
	}
	if (more)
		return JOB_NEXT;
	job->result = s->list;
	s->list = NULL;
	return JOB_DONE;
}

static enum shtui_status refresh_request(struct job *job)
{
	struct sso_job *s = job->data;
	cJSON *o = cJSON_CreateObject();
	bool ok = o && cJSON_AddStringToObject(o, "clientId", s->token.client_id) &&
		  cJSON_AddStringToObject(o, "clientSecret", s->token.client_secret) &&
		  cJSON_AddStringToObject(o, "grantType", "refresh_token") &&
		  cJSON_AddStringToObject(o, "refreshToken", s->token.refresh_token);
	char *body = ok ? cJSON_PrintUnformatted(o) : NULL;
	creds_json_free(o);
	struct buf url;
	buf_init(&url);
	buf_puts(&url, s->oidc);
	while (url.len && url.data[url.len - 1] == '/')
		url.data[--url.len] = '\0';
	buf_puts(&url, "/token");
	enum shtui_status st = !body || buf_failed(&url) ? SHTUI_ENOMEM :
			       creds_request(job, "POST", buf_str(&url), "CreateToken");
	buf_done(&url);
	if (st == SHTUI_OK && !(job->req.content_type = strdup("application/json")))
		st = SHTUI_ENOMEM;
	if (st == SHTUI_OK && s->ca_bundle && !(job->req.ca_bundle = strdup(s->ca_bundle)))
		st = SHTUI_ENOMEM;
	if (st == SHTUI_OK) {
		job->req.body = body;
		job->req.body_len = strlen(body);
		body = NULL;
	}
	buf_free_secret(body);
	s->stage = SSO_REFRESH;
	return st;
}

static enum shtui_status sso_start(struct job *job)
{
	struct sso_job *s = job->data;
	struct buf text, why;
	buf_init(&text);
	buf_init(&why);
	enum shtui_status st = creds_read_file(s->path, &text);
	if (st == SHTUI_ENOENT) {
		job_error_set(&job->err, JOB_ERR_CONFIG, "Error loading SSO Token: Token for %s does "
			      "not exist (%s). To log in, run aws sso login --profile %s", s->key,
			      s->path, s->profile);
	} else if (st != SHTUI_OK) {
		job_error_set(&job->err, JOB_ERR_CONFIG, "Error loading SSO Token: %s: %s", s->path,
			      st == SHTUI_ENOMEM ? "out of memory" : strerror(errno));
	} else if ((st = creds_parse_sso_token(buf_str(&text), text.len, &s->token, &why)) !=
		   SHTUI_OK) {
		job_error_set(&job->err, JOB_ERR_CONFIG, "Error loading SSO Token: Token for %s is "
			      "invalid (%s: %s). To log in again, run aws sso login --profile %s",
			      s->key, s->path, buf_str(&why), s->profile);
	}
	buf_done(&text);
	buf_done(&why);
	if (st != SHTUI_OK)
		return SHTUI_ECONFIG;
	log_add_secret(s->token.access_token);
	log_add_secret(s->token.refresh_token);
	log_add_secret(s->token.client_secret);
	time_t now = time(NULL);
	if (s->token.expires_at > now)
		return role_request(job);
	/* Sending an expired token would only earn a 401 (and show it to the
	 * network): refresh it as the AWS CLI does, or say what to do. */
	if (s->can_refresh && s->token.refresh_token && s->token.client_id &&
	    s->token.client_secret && s->token.registration_expires_at > now) {
		log_debug("credentials: profile %s: the SSO token expired; refreshing it",
			  s->profile);
		return refresh_request(job);
	}
	job_error_set(&job->err, JOB_ERR_CONFIG, CREDS_SSO_LOGIN_MSG, s->profile);
	return SHTUI_ECONFIG;
}

/* Writes the refreshed token back, keeping what else the file holds, as
 * the AWS CLI's token provider does. */
static void cache_write(struct sso_job *s, const cJSON *reply)
{
	struct buf text;
	buf_init(&text);
	cJSON *o = NULL;
	if (creds_read_file(s->path, &text) == SHTUI_OK)
		o = cJSON_ParseWithLength(buf_str(&text), text.len);
	buf_done(&text);
	if (!cJSON_IsObject(o))
		goto out;
	char when[32];
	struct tm tm;
	gmtime_r(&s->token.expires_at, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	cJSON_DeleteItemFromObjectCaseSensitive(o, "accessToken");
	cJSON_DeleteItemFromObjectCaseSensitive(o, "expiresAt");
	if (!cJSON_AddStringToObject(o, "accessToken", s->token.access_token) ||
	    !cJSON_AddStringToObject(o, "expiresAt", when))
		goto out;
	const char *rt = creds_json_str(reply, "refreshToken");
	if (rt) {
		cJSON_DeleteItemFromObjectCaseSensitive(o, "refreshToken");
		if (!cJSON_AddStringToObject(o, "refreshToken", rt))
			goto out;
	}
	char *out = cJSON_Print(o);
	if (out && !creds_write_private(s->path, out))
		log_debug("credentials: cannot write the SSO cache %s back", s->path);
	buf_free_secret(out);
out:
	creds_json_free(o);
}

static enum job_next sso_reply(struct job *job, const struct http_reply *reply)
{
	struct sso_job *s = job->data;
	const char *op = s->stage == SSO_REFRESH ? "CreateToken" :
			 job->req.operation ? job->req.operation : "GetRoleCredentials";
	struct buf msg;
	buf_init(&msg);
	if (job->err.kind == JOB_ERR_SERVICE &&
	    (reply->status == 401 || s->stage == SSO_REFRESH)) {
		/* The token, or its refresh, is no longer good. */
		log_debug("credentials: %s: %s: %s", op, job->err.code ? job->err.code : "",
			  job->err.message ? job->err.message : "");
		buf_printf(&msg, CREDS_SSO_LOGIN_MSG, s->profile);
	} else if (job->err.kind == JOB_ERR_SERVICE) {
		buf_printf(&msg, "An error occurred (%s) when calling the %s operation: %s",
			   job->err.code ? job->err.code : "", op,
			   job->err.message ? job->err.message : "");
	} else if (job->err.kind != JOB_ERR_NONE) {
		creds_transport_error(&msg, job->req.url, job->err.message ? job->err.message : "");
	} else if (s->stage == SSO_REFRESH) {
		cJSON *o = cJSON_ParseWithLength(buf_str(&reply->body), reply->body.len);
		const char *at = creds_json_str(o, "accessToken");
		const cJSON *in = cJSON_GetObjectItemCaseSensitive(o, "expiresIn");
		if (!at || !cJSON_IsNumber(in) || in->valuedouble <= 0) {
			buf_printf(&msg, "The CreateToken reply from %s is not usable (no accessToken "
				   "and expiresIn)", job->req.url);
		} else {
			buf_free_secret(s->token.access_token);
			s->token.access_token = strdup(at);
			s->token.expires_at = time(NULL) + (time_t)in->valuedouble;
			if (s->token.access_token) {
				log_add_secret(s->token.access_token);
				log_add_secret(creds_json_str(o, "refreshToken"));
				cache_write(s, o);
			}
			creds_json_free(o);
			if (s->token.access_token && role_request(job) == SHTUI_OK)
				return JOB_NEXT;
			buf_puts(&msg, shtui_status_str(SHTUI_ENOMEM));
			o = NULL;
		}
		creds_json_free(o);
	} else if (s->stage == SSO_LIST) {
		if (list_page(job, reply, &msg) == JOB_NEXT) {
			buf_done(&msg);
			return JOB_NEXT;
		}
	} else {
		struct buf why;
		buf_init(&why);
		if (creds_parse_sso_role_credentials(buf_str(&reply->body), reply->body.len,
						     &job->got, &why) != SHTUI_OK)
			buf_printf(&msg, "The GetRoleCredentials reply from %s is not usable: %s",
				   job->req.url, buf_str(&why));
		else
			job->got.source = "sso";
		buf_done(&why);
	}
	creds_job_settle(job, &msg);
	return JOB_DONE;
}

static const struct job_ops sso_ops = {
	.name = "SSO GetRoleCredentials",
	.start = sso_start,
	.parse_error = sso_parse_error,
	.reply = sso_reply,
	.free_data = sso_job_free,
};

/* A key of the profile, or of its [sso-session] (absent from the
 * profile). */
static const char *sso_get(const struct aws_config *cfg, const struct ini_section *session,
			   const char *key)
{
	const char *v = aws_config_get(cfg, key);
	return v ? v : ini_section_get(session, key);
}

/* https://PREFIX[-fips].REGION.SUFFIX, the suffix dual-stack's when asked,
 * as the SSO and SSO OIDC rule sets build it. */
static char *regional_url(const char *prefix, const char *region, const struct aws_config *cfg)
{
	const struct endpoint_partition *p = endpoint_partition_of(region);
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "https://%s%s.%s.%s", prefix, cfg->use_fips ? "-fips" : "", region,
		   cfg->use_dualstack && p->dualstack_dns_suffix ? p->dualstack_dns_suffix
								 : p->dns_suffix);
	return buf_steal(&b);
}

/* A job at the portal of the profile's SSO session: the keys of `role` in
 * `account` (NULL: the profile's own), or a listing. */
static enum shtui_status sso_job_make(const struct aws_config *cfg, enum sso_mode mode,
				      const char *account, const char *role, struct job **fetch,
				      struct buf *err)
{
	const char *session_name = aws_config_get(cfg, "sso_session");
	const struct ini_section *session = NULL;
	if (session_name) {
		session = aws_config_sso_session(cfg, session_name);
		if (!session) {
			buf_printf(err, "The specified sso-session does not exist: \"%s\"", session_name);
			return SHTUI_ECONFIG;
		}
		for (size_t i = 0; i < session->n_entries; i++) {
			const struct ini_entry *e = &session->entries[i];
			const char *mine = aws_config_get(cfg, e->key);
			if (mine && !e->sub && strcmp(mine, e->value) != 0) {
				buf_printf(err, "The value for %s is inconsistent between profile (%s) "
					   "and sso-session (%s).", e->key, mine, e->value);
				return SHTUI_ECONFIG;
			}
		}
	}
	static const char *const required[] = {
		"sso_role_name", "sso_account_id", "sso_start_url", "sso_region",
	};
	/* A listing, or a role named here, needs the session only. */
	size_t first = mode == SSO_MODE_CREDS && !account ? 0 : 2;
	if (!account)
		account = sso_get(cfg, session, "sso_account_id");
	if (!role)
		role = sso_get(cfg, session, "sso_role_name");
	struct buf missing;
	buf_init(&missing);
	for (size_t i = first; i < sizeof required / sizeof required[0]; i++)
		if (!sso_get(cfg, session, required[i]))
			buf_printf(&missing, "%s%s", missing.len ? ", " : "", required[i]);
	if (missing.len) {
		buf_printf(err, "The profile \"%s\" is configured to use SSO but is missing required "
			   "configuration: %s", cfg->profile, buf_str(&missing));
		buf_done(&missing);
		return SHTUI_ECONFIG;
	}
	buf_done(&missing);
	const char *region = sso_get(cfg, session, "sso_region");
	if (!endpoint_region_valid(region)) {
		buf_printf(err, "Provided region_name '%s' doesn't match a supported format.", region);
		return SHTUI_ECONFIG;
	}
	const char *start_url = sso_get(cfg, session, "sso_start_url");
	const char *key = session_name ? session_name : start_url;
	struct sso_job *s = calloc(1, sizeof *s);
	const char *oidc_env = creds_env("AWS_ENDPOINT_URL_SSO_OIDC");
	if (!oidc_env && !cfg->ignore_configured_endpoint_urls)
		oidc_env = creds_env("AWS_ENDPOINT_URL");
	bool ok = s && (s->profile = strdup(cfg->profile ? cfg->profile : "default")) &&
		  (s->key = strdup(key)) && (s->path = creds_sso_cache_path(key)) &&
		  (!account || (s->account = strdup(account))) &&
		  (!role || (s->role = strdup(role))) &&
		  (s->portal = cfg->endpoint_url_sso ? strdup(cfg->endpoint_url_sso)
						     : regional_url("portal.sso", region, cfg)) &&
		  (s->oidc = oidc_env ? strdup(oidc_env) : regional_url("oidc", region, cfg)) &&
		  (!cfg->ca_bundle || (s->ca_bundle = strdup(cfg->ca_bundle)));
	struct job *j = NULL;
	if (ok) {
		s->mode = mode;
		s->can_refresh = session_name != NULL;
		j = job_new(&sso_ops, s, NULL, region, "sso");
	}
	if (!j) {
		sso_job_free(s);
		buf_puts(err, shtui_status_str(SHTUI_ENOMEM));
		return SHTUI_ENOMEM;
	}
	log_debug("credentials: profile %s: SSO token %s, role %s in %s", cfg->profile,
		  s->path, s->role ? s->role : "-", s->account ? s->account : "-");
	j->max_attempts = cfg->max_attempts;
	*fetch = j;
	return SHTUI_OK;
}

enum shtui_status creds_sso(struct creds_chain *ch, const struct aws_config *cfg,
			    struct aws_creds *out, struct job **fetch, struct buf *err)
{
	(void)ch;
	(void)out;
	if (!aws_config_get(cfg, "sso_session") && !aws_config_get(cfg, "sso_account_id") &&
	    !aws_config_get(cfg, "sso_role_name"))
		return SHTUI_ENOCREDS;
	/* From here the profile means SSO: a mistake stops the chain rather
	 * than let a later link act as someone else. */
	return sso_job_make(cfg, SSO_MODE_CREDS, NULL, NULL, fetch, err);
}

enum shtui_status creds_sso_role_job(const struct aws_config *cfg, const char *account,
				     const char *role, struct job **fetch, struct buf *err)
{
	return sso_job_make(cfg, SSO_MODE_CREDS, account, role, fetch, err);
}

enum shtui_status creds_sso_roles_job(const struct aws_config *cfg, const char *account,
				      struct job **job, struct buf *err)
{
	return sso_job_make(cfg, SSO_MODE_ROLES, account, NULL, job, err);
}

enum shtui_status creds_sso_accounts_page_job(const struct aws_config *cfg, const char *next_token,
					      struct job **job, struct buf *err)
{
	enum shtui_status st = sso_job_make(cfg, SSO_MODE_ACCOUNTS, NULL, NULL, job, err);
	if (st != SHTUI_OK)
		return st;
	struct sso_job *s = (*job)->data;
	s->one_page = true;
	if (next_token && !(s->next_token = strdup(next_token))) {
		job_free(*job);
		*job = NULL;
		buf_puts(err, shtui_status_str(SHTUI_ENOMEM));
		return SHTUI_ENOMEM;
	}
	return SHTUI_OK;
}
