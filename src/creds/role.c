/* SPDX-License-Identifier: Apache-2.0 */
/* creds/role.c: the "assume-role" link: a role's source, STS AssumeRole as a fetch job, the AWS CLI's cache of its answers and the MFA question. */
#include "config.h"

#include "creds/role.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <openssl/evp.h>

#include "aws_creds.h"
#include "creds/creds.h"
#include "isotime.h"
#include "job.h"
#include "log.h"
#include "sts.h"

/* The AWS CLI takes cached keys while they have this long left. */
#define ROLE_CACHE_WINDOW 900

struct role_job {
	char *role_arn, *session, *external_id, *serial, *profile;
	int duration;
	char *url;
	char *ca_bundle;
	char *cache_path;         /* NULL: no cache (no HOME) */
	char *code;               /* the MFA code, once answered */
	char *declined_why;       /* why there is none */
	bool answered, declined;
	bool from_cache_tried;
};

static void role_job_free(void *data)
{
	struct role_job *r = data;
	if (!r)
		return;
	free(r->role_arn);
	free(r->session);
	free(r->external_id);
	free(r->serial);
	free(r->profile);
	free(r->url);
	free(r->ca_bundle);
	free(r->cache_path);
	buf_free_secret(r->code);
	free(r->declined_why);
	free(r);
}

/* Python's json.dumps of a string (ensure_ascii). */
static void py_json_string(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		unsigned c = *p;
		if (c == '"' || c == '\\') {
			buf_printf(b, "\\%c", c);
			p++;
		} else if (c == '\n') {
			buf_puts(b, "\\n");
			p++;
		} else if (c == '\r') {
			buf_puts(b, "\\r");
			p++;
		} else if (c == '\t') {
			buf_puts(b, "\\t");
			p++;
		} else if (c == '\b') {
			buf_puts(b, "\\b");
			p++;
		} else if (c == '\f') {
			buf_puts(b, "\\f");
			p++;
		} else if (c < 0x20) {
			buf_printf(b, "\\u%04x", c);
			p++;
		} else if (c < 0x80) {
			buf_putc(b, (char)c);
			p++;
		} else {
			/* UTF-8 to a code point, then \uXXXX (surrogate pairs above
			 * the BMP), as Python escapes it. */
			unsigned cp = 0;
			int n = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : 1;
			cp = c & (0x3f >> n);
			p++;
			for (int i = 0; i < n && (*p & 0xc0) == 0x80; i++)
				cp = (cp << 6) | (*p++ & 0x3f);
			if (cp >= 0x10000) {
				cp -= 0x10000;
				buf_printf(b, "\\u%04x\\u%04x", 0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
			} else {
				buf_printf(b, "\\u%04x", cp);
			}
		}
	}
	buf_putc(b, '"');
}

char *creds_role_cache_key(const struct creds_role_call *call)
{
	/* Sorted: DurationSeconds, ExternalId, RoleArn, RoleSessionName,
	 * SerialNumber. botocore leaves the session name out only when it
	 * made it up itself. */
	struct buf j;
	buf_init(&j);
	buf_putc(&j, '{');
	const char *sep = "";
	if (call->duration_seconds > 0) {
		buf_printf(&j, "\"DurationSeconds\": %d", call->duration_seconds);
		sep = ", ";
	}
	if (call->external_id) {
		buf_printf(&j, "%s\"ExternalId\": ", sep);
		py_json_string(&j, call->external_id);
		sep = ", ";
	}
	buf_printf(&j, "%s\"RoleArn\": ", sep);
	py_json_string(&j, call->role_arn);
	if (call->role_session_name) {
		buf_puts(&j, ", \"RoleSessionName\": ");
		py_json_string(&j, call->role_session_name);
	}
	if (call->serial_number) {
		buf_puts(&j, ", \"SerialNumber\": ");
		py_json_string(&j, call->serial_number);
	}
	buf_putc(&j, '}');
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	char *key = NULL;
	if (!buf_failed(&j) && EVP_Digest(j.data, j.len, md, &n, EVP_sha1(), NULL) == 1 &&
	    (key = malloc(2 * n + 1)) != NULL) {
		for (unsigned int i = 0; i < n; i++)
			snprintf(key + 2 * i, 3, "%02x", md[i]);
	}
	buf_done(&j);
	return key;
}

static char *cache_path(const struct creds_role_call *call)
{
	char *key = creds_role_cache_key(call);
	char *dir = key ? aws_config_expand_path("~/.aws/cli/cache") : NULL;
	struct buf b;
	buf_init(&b);
	if (dir && dir[0] == '/')
		buf_printf(&b, "%s/%s.json", dir, key);
	free(dir);
	free(key);
	return b.len && !buf_failed(&b) ? buf_steal(&b) : (buf_done(&b), NULL);
}

/* Cached keys that still have ROLE_CACHE_WINDOW left, as the AWS CLI
 * takes them. */
static bool cache_read(const char *path, struct aws_creds *out)
{
	struct buf text;
	buf_init(&text);
	bool ok = false;
	if (creds_read_file(path, &text) == SHTUI_OK) {
		cJSON *o = cJSON_ParseWithLength(buf_str(&text), text.len);
		const cJSON *c = cJSON_GetObjectItemCaseSensitive(o, "Credentials");
		const char *akid = creds_json_str(c, "AccessKeyId");
		const char *secret = creds_json_str(c, "SecretAccessKey");
		const char *token = creds_json_str(c, "SessionToken");
		const char *exp = creds_json_str(c, "Expiration");
		time_t t;
		struct buf err;
		buf_init(&err);
		if (akid && secret && token && exp && isotime_parse(exp, &t) == SHTUI_OK &&
		    t - time(NULL) >= ROLE_CACHE_WINDOW &&
		    creds_fill(out, akid, secret, token, &err) == SHTUI_OK) {
			out->expiration = t;
			out->source = "assume-role";
			ok = true;
		}
		buf_done(&err);
		creds_json_free(o);
	}
	buf_done(&text);
	return ok;
}

/* Writes the answer where the AWS CLI keeps it (best effort: a cache that
 * cannot be written costs only a call next time). */
static void cache_write(const char *path, const struct aws_creds *c, const char *xml, size_t len)
{
	char when[32];
	struct tm tm;
	time_t exp = c->expiration;
	gmtime_r(&exp, &tm);
	/* As the AWS CLI writes it (Python's %Z of a UTC time). */
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SUTC", &tm);
	cJSON *o = cJSON_CreateObject();
	cJSON *cr = o ? cJSON_AddObjectToObject(o, "Credentials") : NULL;
	char *user = sts_xml_text(xml, len, "AssumedRoleUser");
	char *id = user ? sts_xml_text(user, strlen(user), "AssumedRoleId") : NULL;
	char *arn = user ? sts_xml_text(user, strlen(user), "Arn") : NULL;
	bool ok = cr && cJSON_AddStringToObject(cr, "AccessKeyId", c->access_key_id) &&
		  cJSON_AddStringToObject(cr, "SecretAccessKey", c->secret_access_key) &&
		  cJSON_AddStringToObject(cr, "SessionToken",
					  c->session_token ? c->session_token : "") &&
		  cJSON_AddStringToObject(cr, "Expiration", when);
	if (ok && id && arn) {
		cJSON *u = cJSON_AddObjectToObject(o, "AssumedRoleUser");
		ok = u && cJSON_AddStringToObject(u, "AssumedRoleId", id) &&
		     cJSON_AddStringToObject(u, "Arn", arn);
	}
	char *text = ok ? cJSON_PrintUnformatted(o) : NULL;
	creds_json_free(o);
	free(user);
	free(id);
	free(arn);
	if (text && !creds_write_private(path, text))
		log_debug("credentials: cannot write the cache %s", path);
	buf_free_secret(text);
}

static enum shtui_status role_start(struct job *job)
{
	struct role_job *r = job->data;
	if (!r->from_cache_tried) {
		r->from_cache_tried = true;
		if (r->cache_path && cache_read(r->cache_path, &job->got)) {
			log_debug("credentials: %s from the AWS CLI's cache %s", r->role_arn,
				  r->cache_path);
			job->finished = true;
			return SHTUI_OK;
		}
	}
	if (r->declined) {
		if (r->declined_why)
			job_error_set(&job->err, JOB_ERR_CONFIG, "%s", r->declined_why);
		else
			job_error_set(&job->err, JOB_ERR_CONFIG, "No MFA code was entered for the "
				      "device %s (profile \"%s\").", r->serial, r->profile);
		return SHTUI_ECONFIG;
	}
	if (r->serial && !r->answered) {
		job->ask = JOB_ASK_MFA;
		return SHTUI_OK;
	}
	struct sts_assume_role_params p = {
		.role_arn = r->role_arn,
		.role_session_name = r->session,
		.external_id = r->external_id,
		.serial_number = r->serial,
		.token_code = r->code,
		.duration_seconds = r->duration,
	};
	struct buf body;
	buf_init(&body);
	sts_assume_role_body(&body, &p);
	/* One code, one call: a second AssumeRole with it would be refused. */
	buf_free_secret(r->code);
	r->code = NULL;
	r->answered = false;
	if (creds_request(job, "POST", r->url, "AssumeRole") != SHTUI_OK || buf_failed(&body) ||
	    !(job->req.content_type = strdup("application/x-www-form-urlencoded; charset=utf-8")) ||
	    (r->ca_bundle && !(job->req.ca_bundle = strdup(r->ca_bundle)))) {
		buf_done(&body);
		return SHTUI_ENOMEM;
	}
	job->req.body_len = body.len;
	job->req.body = buf_steal(&body);
	return SHTUI_OK;
}

static enum job_next role_reply(struct job *job, const struct http_reply *reply)
{
	struct role_job *r = job->data;
	struct buf msg;
	buf_init(&msg);
	if (job->err.kind == JOB_ERR_SERVICE) {
		buf_printf(&msg, "An error occurred (%s) when calling the AssumeRole operation: %s",
			   job->err.code ? job->err.code : "",
			   job->err.message ? job->err.message : "");
	} else if (job->err.kind != JOB_ERR_NONE) {
		creds_transport_error(&msg, r->url, job->err.message ? job->err.message : "");
	} else {
		struct buf why;
		buf_init(&why);
		enum shtui_status st = sts_parse_assume_role(buf_str(&reply->body), reply->body.len,
							     &job->got, &why);
		if (st != SHTUI_OK) {
			buf_printf(&msg, "The AssumeRole reply from %s is not usable: %s", r->url,
				   buf_str(&why));
		} else {
			job->got.source = "assume-role";
			if (r->cache_path)
				cache_write(r->cache_path, &job->got, buf_str(&reply->body),
					    reply->body.len);
		}
		buf_done(&why);
	}
	creds_job_settle(job, &msg);
	return JOB_DONE;
}

static const struct job_ops role_ops = {
	.name = "AssumeRole",
	.start = role_start,
	.parse_error = sts_parse_error,
	.reply = role_reply,
	.free_data = role_job_free,
};

bool creds_role_mfa_question(const struct job *job, const char **profile, const char **serial)
{
	if (job->ops != &role_ops || job->ask != JOB_ASK_MFA)
		return false;
	const struct role_job *r = job->data;
	*profile = r->profile;
	*serial = r->serial;
	return true;
}

void creds_role_mfa_answer(struct job *job, const char *code, const char *why)
{
	if (job->ops != &role_ops)
		return;
	struct role_job *r = job->data;
	free(r->declined_why);
	r->declined_why = !code && why && *why ? strdup(why) : NULL;
	buf_free_secret(r->code);
	r->code = code ? strdup(code) : NULL;
	r->answered = r->code != NULL;
	r->declined = !r->answered;
	if (r->code)
		log_add_secret(r->code);
}

enum shtui_status creds_role_job(const struct creds_role_call *call, const struct aws_config *cfg,
				 struct aws_creds_source *from, struct job **fetch,
				 struct buf *err)
{
	char *url = NULL, *region = NULL;
	enum shtui_status st = creds_sts_endpoint(cfg, &url, &region, err);
	if (st != SHTUI_OK)
		return st;
	struct role_job *r = calloc(1, sizeof *r);
	char session[64];
	snprintf(session, sizeof session, "shtui-session-%lld", (long long)time(NULL));
	bool ok = r && (r->role_arn = strdup(call->role_arn)) != NULL &&
		  (r->session = strdup(call->role_session_name ? call->role_session_name
							       : session)) != NULL &&
		  (!call->external_id || (r->external_id = strdup(call->external_id)) != NULL) &&
		  (!call->serial_number || (r->serial = strdup(call->serial_number)) != NULL) &&
		  (r->profile = strdup(call->profile ? call->profile : call->role_arn)) != NULL &&
		  (!cfg->ca_bundle || (r->ca_bundle = strdup(cfg->ca_bundle)) != NULL);
	struct job *j = NULL;
	if (ok) {
		r->url = url;
		url = NULL;
		r->duration = call->duration_seconds;
		r->cache_path = cache_path(call);
		j = job_new(&role_ops, r, from, region, "sts");
	}
	free(url);
	free(region);
	if (!j) {
		role_job_free(r);
		buf_puts(err, shtui_status_str(SHTUI_ENOMEM));
		return SHTUI_ENOMEM;
	}
	j->max_attempts = cfg->max_attempts;
	*fetch = j;
	return SHTUI_OK;
}

enum shtui_status creds_role_assume(const char *role_arn, const char *session_name,
				    const char *external_id, int duration_seconds,
				    const struct aws_config *cfg, struct aws_creds_source *from,
				    struct job **fetch, struct buf *err)
{
	struct creds_role_call call = {
		.role_arn = role_arn,
		.role_session_name = session_name,
		.external_id = external_id,
		.duration_seconds = duration_seconds,
		.profile = role_arn,
	};
	return creds_role_job(&call, cfg, from, fetch, err);
}

static bool has_static(const struct aws_config *cfg)
{
	return aws_config_get(cfg, "aws_access_key_id") ||
	       aws_config_get(cfg, "aws_secret_access_key");
}

/* botocore's InfiniteLoopConfigError text, with Python's list repr. */
static void loop_error(const struct creds_chain *ch, const char *source, struct buf *err)
{
	buf_printf(err, "Infinite loop in credential configuration detected. Attempting to load "
		   "from profile %s which has already been visited. Visited profiles: [", source);
	for (size_t i = 0; i < ch->n_visited; i++)
		buf_printf(err, "%s'%s'", i ? ", " : "", ch->visited[i]);
	buf_puts(err, "]");
}

enum shtui_status creds_role(struct creds_chain *ch, const struct aws_config *cfg,
			     struct aws_creds *out, struct job **fetch, struct buf *err)
{
	(void)out;
	const char *role_arn = aws_config_get(cfg, "role_arn");
	if (!role_arn || aws_config_get(cfg, "web_identity_token_file"))
		return SHTUI_ENOCREDS;
	const char *profile = cfg->profile;
	const char *source_profile = aws_config_get(cfg, "source_profile");
	const char *credential_source = aws_config_get(cfg, "credential_source");
	const char *duration = aws_config_get(cfg, "duration_seconds");

	if (credential_source && source_profile) {
		buf_printf(err, "The profile \"%s\" contains both source_profile and "
			   "credential_source.", profile);
		return SHTUI_ECONFIG;
	}
	if (!credential_source && !source_profile)
		return creds_partial(err, "assume-role", "source_profile or credential_source");
	if (credential_source) {
		/* botocore matches the canonical names exactly here. */
		if (strcmp(credential_source, "Environment") != 0 &&
		    strcmp(credential_source, "EcsContainer") != 0 &&
		    strcmp(credential_source, "Ec2InstanceMetadata") != 0) {
			buf_printf(err, "The credential source \"%s\" referenced in profile \"%s\" is "
				   "not valid.", credential_source, profile);
			return SHTUI_ECONFIG;
		}
		/* botocore reads the environment before it looks in the cache. */
		if (strcmp(credential_source, "Environment") == 0 && !creds_env("AWS_ACCESS_KEY_ID")) {
			buf_printf(err, "Error when retrieving credentials from Environment: No "
				   "credentials found in credential_source referenced in profile %s",
				   profile);
			return SHTUI_ECONFIG;
		}
	} else {
		if (!aws_config_profile_exists(cfg, source_profile)) {
			buf_printf(err, "The source_profile \"%s\" referenced in the profile \"%s\" does "
				   "not exist.", source_profile, profile);
			return SHTUI_ECONFIG;
		}
		bool seen = false;
		for (size_t i = 0; i < ch->n_visited && !seen; i++)
			seen = strcmp(ch->visited[i], source_profile) == 0;
		/* A profile may name itself to take its own keys. */
		if (seen && (strcmp(source_profile, profile) != 0 || !has_static(cfg))) {
			loop_error(ch, source_profile, err);
			return SHTUI_ECONFIG;
		}
		if (ch->n_visited >= CREDS_MAX_HOPS) {
			buf_printf(err, "The chain of source_profile from profile \"%s\" is longer than "
				   "%d profiles", ch->visited[0], CREDS_MAX_HOPS);
			return SHTUI_ECONFIG;
		}
	}
	const char *visited[CREDS_MAX_HOPS + 1];
	size_t n = 0;
	for (; n < ch->n_visited; n++)
		visited[n] = ch->visited[n];
	if (source_profile)
		visited[n++] = source_profile;
	struct aws_creds_source *from = aws_creds_source_child(ch->owner, source_profile,
							       credential_source, visited, n, err);
	if (!from)
		return SHTUI_ENOMEM;

	struct creds_role_call call = {
		.role_arn = role_arn,
		.role_session_name = aws_config_get(cfg, "role_session_name"),
		.external_id = aws_config_get(cfg, "external_id"),
		.serial_number = aws_config_get(cfg, "mfa_serial"),
		.profile = profile,
	};
	if (duration) {
		/* botocore drops a value int() refuses. */
		char *end;
		errno = 0;
		long d = strtol(duration, &end, 10);
		while (*end == ' ' || *end == '\t')
			end++;
		if (!errno && end != duration && !*end && d > 0 && d <= INT_MAX)
			call.duration_seconds = (int)d;
	}
	log_debug("credentials: profile %s: assuming %s with keys from %s", profile, role_arn,
		  credential_source ? credential_source : source_profile);
	return creds_role_job(&call, cfg, from, fetch, err);
}
