/* SPDX-License-Identifier: Apache-2.0 */
/* creds/parse.c: the pure parsers of what credential sources answer, for the providers and for fuzzing. */
#include "config.h"

#include "creds/parse.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "aws_creds.h"
#include "creds/creds.h"
#include "isotime.h"

static cJSON *parse_object(const char *json, size_t len, struct buf *err)
{
	cJSON *j = cJSON_ParseWithLength(json, len);
	if (!j)
		buf_printf(err, "the %zu bytes are not JSON", len);
	else if (!cJSON_IsObject(j)) {
		buf_puts(err, "the JSON is not an object");
		creds_json_free(j);
		j = NULL;
	}
	return j;
}

/* Fills `out` from four members that must all be strings, the fourth an
 * ISO 8601 time (NULL name: none). */
static enum shtui_status from_json(const cJSON *o, const char *const names[4],
				   bool token_required, struct aws_creds *out, struct buf *err)
{
	const char *v[4];
	for (size_t i = 0; i < 4; i++) {
		v[i] = names[i] ? creds_json_str(o, names[i]) : NULL;
		const cJSON *item = names[i] ? cJSON_GetObjectItemCaseSensitive(o, names[i]) : NULL;
		if (cJSON_IsNull(item))
			item = NULL;    /* Python's .get() gives None for null */
		bool required = i < 2 || (i == 2 && token_required) || (i == 3 && names[3] &&
									token_required);
		if (item && !v[i]) {
			buf_printf(err, "%s is not a string", names[i]);
			return SHTUI_EPARSE;
		}
		if (required && !v[i]) {
			buf_printf(err, "Missing required key in response: '%s'", names[i]);
			return SHTUI_EPARSE;
		}
	}
	time_t expiration = 0;
	if (v[3] && isotime_parse(v[3], &expiration) != SHTUI_OK) {
		buf_printf(err, "%s \"%s\" is not an ISO 8601 time", names[3], v[3]);
		return SHTUI_EPARSE;
	}
	enum shtui_status st = creds_fill(out, v[0], v[1], v[2], err);
	if (st == SHTUI_OK)
		out->expiration = expiration;
	return st;
}

enum shtui_status creds_parse_process_output(const char *json, size_t len,
					     struct aws_creds *out, struct buf *err)
{
	aws_creds_done(out);
	static const char *const names[4] = {
		"AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration",
	};
	cJSON *o = parse_object(json, len, err);
	if (!o)
		return SHTUI_EPARSE;
	enum shtui_status st;
	const cJSON *version = cJSON_GetObjectItemCaseSensitive(o, "Version");
	if (!cJSON_IsNumber(version) || version->valuedouble != 1.0) {
		/* botocore compares with the number 1, so "1" is refused too. */
		if (!version)
			buf_puts(err, "Unsupported version '<Version key not provided>' for credential "
				 "process provider, supported versions: 1");
		else if (cJSON_IsNumber(version))
			buf_printf(err, "Unsupported version '%g' for credential process provider, "
				   "supported versions: 1", version->valuedouble);
		else
			buf_puts(err, "Unsupported version (not a number) for credential process "
				 "provider, supported versions: 1");
		st = SHTUI_EPARSE;
	} else {
		st = from_json(o, names, false, out, err);
	}
	creds_json_free(o);
	return st;
}

enum shtui_status creds_parse_metadata(const char *json, size_t len, struct aws_creds *out,
				       struct buf *err)
{
	aws_creds_done(out);
	static const char *const names[4] = {
		"AccessKeyId", "SecretAccessKey", "Token", "Expiration",
	};
	cJSON *o = parse_object(json, len, err);
	if (!o)
		return SHTUI_EPARSE;
	enum shtui_status st = from_json(o, names, true, out, err);
	creds_json_free(o);
	return st;
}

enum shtui_status creds_parse_sso_role_credentials(const char *json, size_t len,
						   struct aws_creds *out, struct buf *err)
{
	aws_creds_done(out);
	static const char *const names[4] = {
		"accessKeyId", "secretAccessKey", "sessionToken", NULL,
	};
	cJSON *o = parse_object(json, len, err);
	if (!o)
		return SHTUI_EPARSE;
	enum shtui_status st = SHTUI_EPARSE;
	const cJSON *rc = cJSON_GetObjectItemCaseSensitive(o, "roleCredentials");
	const cJSON *exp = rc ? cJSON_GetObjectItemCaseSensitive(rc, "expiration") : NULL;
	if (!cJSON_IsObject(rc)) {
		buf_puts(err, "the reply has no roleCredentials object");
	} else if (!cJSON_IsNumber(exp) || exp->valuedouble <= 0 ||
		   exp->valuedouble / 1000.0 > (double)INT64_MAX / 2) {
		buf_puts(err, "roleCredentials has no expiration in milliseconds");
	} else if ((st = from_json(rc, names, true, out, err)) == SHTUI_OK) {
		out->expiration = (time_t)(exp->valuedouble / 1000.0);
	}
	creds_json_free(o);
	return st;
}

void creds_parse_sso_token_done(struct creds_sso_token *t)
{
	buf_free_secret(t->access_token);
	buf_free_secret(t->refresh_token);
	buf_free_secret(t->client_secret);
	free(t->client_id);
	free(t->region);
	free(t->start_url);
	memset(t, 0, sizeof *t);
}

enum shtui_status creds_parse_sso_token(const char *json, size_t len,
					struct creds_sso_token *out, struct buf *err)
{
	creds_parse_sso_token_done(out);
	cJSON *o = parse_object(json, len, err);
	if (!o)
		return SHTUI_EPARSE;
	enum shtui_status st = SHTUI_EPARSE;
	const char *t = creds_json_str(o, "accessToken");
	const char *e = creds_json_str(o, "expiresAt");
	const char *reg = creds_json_str(o, "registrationExpiresAt");
	if (!t || !*t || !e) {
		buf_puts(err, "it has no accessToken and expiresAt");
	} else if (isotime_parse(e, &out->expires_at) != SHTUI_OK) {
		buf_printf(err, "its expiresAt \"%s\" is not an ISO 8601 time", e);
	} else if (reg && isotime_parse(reg, &out->registration_expires_at) != SHTUI_OK) {
		buf_printf(err, "its registrationExpiresAt \"%s\" is not an ISO 8601 time", reg);
	} else {
		static const struct {
			const char *name;
			size_t off;
		} opt[] = {
			{ "refreshToken", offsetof(struct creds_sso_token, refresh_token) },
			{ "clientId", offsetof(struct creds_sso_token, client_id) },
			{ "clientSecret", offsetof(struct creds_sso_token, client_secret) },
			{ "region", offsetof(struct creds_sso_token, region) },
			{ "startUrl", offsetof(struct creds_sso_token, start_url) },
		};
		st = (out->access_token = strdup(t)) ? SHTUI_OK : SHTUI_ENOMEM;
		for (size_t i = 0; st == SHTUI_OK && i < sizeof opt / sizeof opt[0]; i++) {
			const char *v = creds_json_str(o, opt[i].name);
			char **slot = (char **)((char *)out + opt[i].off);
			if (v && !(*slot = strdup(v)))
				st = SHTUI_ENOMEM;
		}
		if (st != SHTUI_OK) {
			buf_puts(err, shtui_status_str(st));
			creds_parse_sso_token_done(out);
		}
	}
	creds_json_free(o);
	return st;
}
