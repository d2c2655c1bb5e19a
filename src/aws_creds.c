/* SPDX-License-Identifier: Apache-2.0 */
/* aws_creds.c: the credential provider chain, in the AWS CLI v2's order. */
#include "config.h"

#include "aws_creds.h"

#include <stdbool.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#define AWS_CREDS_NONE_MSG \
	"Unable to locate credentials. You can configure credentials by running \"aws configure\"."

void aws_creds_init(struct aws_creds *c)
{
	memset(c, 0, sizeof *c);
}

void aws_creds_done(struct aws_creds *c)
{
	buf_free_secret(c->access_key_id);
	buf_free_secret(c->secret_access_key);
	buf_free_secret(c->session_token);
	aws_creds_init(c);
}

/* Copies the three strings into `out`, all or nothing. An empty token is
 * none: botocore sends no token header for it. */
static enum shtui_status aws_creds_fill(struct aws_creds *out, const char *akid,
					const char *secret, const char *token,
					struct buf *err)
{
	struct aws_creds c;
	aws_creds_init(&c);
	c.access_key_id = strdup(akid);
	c.secret_access_key = strdup(secret);
	if (token && *token)
		c.session_token = strdup(token);
	if (!c.access_key_id || !c.secret_access_key || (token && *token && !c.session_token)) {
		aws_creds_done(&c);
		buf_puts(err, shtui_status_str(SHTUI_ENOMEM));
		return SHTUI_ENOMEM;
	}
	aws_creds_done(out);
	*out = c;
	return SHTUI_OK;
}

static enum shtui_status aws_creds_partial(struct buf *err, const char *provider,
					   const char *missing)
{
	buf_printf(err, "Partial credentials found in %s, missing: %s", provider, missing);
	return SHTUI_ECONFIG;
}

static const char *aws_creds_env(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

static enum shtui_status aws_creds_from_env(const struct aws_config *cfg,
					    struct aws_creds *out, struct buf *err)
{
	/* An explicit --profile takes the environment's keys out of the
	 * chain; AWS_PROFILE does not. */
	if (cfg->profile_explicit)
		return SHTUI_ENOCREDS;
	const char *akid = aws_creds_env("AWS_ACCESS_KEY_ID");
	if (!akid)
		return SHTUI_ENOCREDS;
	const char *secret = aws_creds_env("AWS_SECRET_ACCESS_KEY");
	if (!secret)
		return aws_creds_partial(err, "env", "AWS_SECRET_ACCESS_KEY");
	const char *token = aws_creds_env("AWS_SECURITY_TOKEN");
	if (!token)
		token = aws_creds_env("AWS_SESSION_TOKEN");
	time_t expiration = 0;
	const char *exp = aws_creds_env("AWS_CREDENTIAL_EXPIRATION");
	if (exp && aws_creds_parse_time(exp, &expiration) != SHTUI_OK) {
		buf_printf(err, "AWS_CREDENTIAL_EXPIRATION: \"%s\" is not an ISO 8601 time", exp);
		return SHTUI_ECONFIG;
	}
	enum shtui_status st = aws_creds_fill(out, akid, secret, token, err);
	if (st == SHTUI_OK)
		out->expiration = expiration;
	return st;
}

/* Static keys in one file's section for the profile. */
static enum shtui_status aws_creds_from_section(const struct ini_section *sec,
						const char *provider,
						struct aws_creds *out, struct buf *err)
{
	const struct ini_entry *akid = ini_section_entry(sec, "aws_access_key_id");
	if (!akid)
		return SHTUI_ENOCREDS;
	const struct ini_entry *secret = ini_section_entry(sec, "aws_secret_access_key");
	if (!secret)
		return aws_creds_partial(err, provider, "aws_secret_access_key");
	const struct ini_entry *token = ini_section_entry(sec, "aws_security_token");
	if (!token)
		token = ini_section_entry(sec, "aws_session_token");
	return aws_creds_fill(out, akid->value, secret->value, token ? token->value : NULL, err);
}

static enum shtui_status aws_creds_from_credentials_file(const struct aws_config *cfg,
							 struct aws_creds *out,
							 struct buf *err)
{
	return aws_creds_from_section(cfg->profile_credentials, "shared-credentials-file",
				      out, err);
}

static enum shtui_status aws_creds_from_config_file(const struct aws_config *cfg,
						    struct aws_creds *out, struct buf *err)
{
	return aws_creds_from_section(cfg->profile_config, "config-file", out, err);
}

/*
 * The links below stand for providers that are not written yet. Each one
 * looks only at whether its configuration is present, as botocore's
 * provider does before doing any work, and then refuses: answering from a
 * later link instead would sign as someone else (the source profile
 * rather than the role, say).
 */
static enum shtui_status aws_creds_unsupported(const struct aws_config *cfg, const char *what,
					       const char *kind, struct buf *err)
{
	buf_printf(err, "The config profile (%s) is set up for %s (%s), which shtui does not "
		   "support yet", cfg->profile, kind, what);
	return SHTUI_ENOTSUP;
}

/* assume-role: role_arn with source_profile or credential_source, through
 * STS AssumeRole (chained, external_id, role_session_name,
 * duration_seconds, mfa_serial). botocore leaves a profile that also has
 * web_identity_token_file to the next link. */
static enum shtui_status aws_creds_assume_role(const struct aws_config *cfg,
					       struct aws_creds *out, struct buf *err)
{
	if (aws_config_get(cfg, "role_arn") && !aws_config_get(cfg, "web_identity_token_file"))
		return aws_creds_unsupported(cfg, "role_arn", "assume-role credentials", err);
	return SHTUI_ENOCREDS;
}

/* assume-role-with-web-identity: AWS_WEB_IDENTITY_TOKEN_FILE and
 * AWS_ROLE_ARN (not with --profile), else the profile's
 * web_identity_token_file and role_arn; STS AssumeRoleWithWebIdentity. */
static enum shtui_status aws_creds_web_identity(const struct aws_config *cfg,
						struct aws_creds *out, struct buf *err)
{
	const char *file = cfg->profile_explicit ? NULL : getenv("AWS_WEB_IDENTITY_TOKEN_FILE");
	if (file && *file)
		return aws_creds_unsupported(cfg, "AWS_WEB_IDENTITY_TOKEN_FILE",
					     "web identity credentials", err);
	if (!file) {
		file = aws_config_get(cfg, "web_identity_token_file");
		if (file && *file)
			return aws_creds_unsupported(cfg, "web_identity_token_file",
						     "web identity credentials", err);
	}
	return SHTUI_ENOCREDS;
}

/* sso: sso_account_id and sso_role_name with sso_session ([sso-session
 * NAME]) or the legacy sso_start_url and sso_region; the token from
 * ~/.aws/sso/cache, then the portal's GetRoleCredentials. */
static enum shtui_status aws_creds_sso(const struct aws_config *cfg, struct aws_creds *out,
				       struct buf *err)
{
	if (aws_config_get(cfg, "sso_account_id") || aws_config_get(cfg, "sso_role_name"))
		return aws_creds_unsupported(cfg, "sso_account_id/sso_role_name",
					     "IAM Identity Center (SSO) credentials", err);
	return SHTUI_ENOCREDS;
}

/* custom-process: credential_process, run without a shell, its JSON
 * (Version 1, AccessKeyId, SecretAccessKey, SessionToken, Expiration) read
 * from stdout. */
static enum shtui_status aws_creds_process(const struct aws_config *cfg,
					   struct aws_creds *out, struct buf *err)
{
	if (aws_config_get(cfg, "credential_process"))
		return aws_creds_unsupported(cfg, "credential_process", "process credentials", err);
	return SHTUI_ENOCREDS;
}

/* container-role: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (on
 * 169.254.170.2) or _FULL_URI, with AWS_CONTAINER_AUTHORIZATION_TOKEN or
 * _TOKEN_FILE. */
static enum shtui_status aws_creds_container(const struct aws_config *cfg,
					     struct aws_creds *out, struct buf *err)
{
	if (getenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") ||
	    getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
		buf_puts(err, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or _FULL_URI is set: container "
			 "credentials, which shtui does not support yet");
		return SHTUI_ENOTSUP;
	}
	return SHTUI_ENOCREDS;
}

const struct aws_creds_provider aws_creds_providers[] = {
	{ "env", aws_creds_from_env },
	{ "assume-role", aws_creds_assume_role },
	{ "assume-role-with-web-identity", aws_creds_web_identity },
	{ "sso", aws_creds_sso },
	{ "shared-credentials-file", aws_creds_from_credentials_file },
	{ "custom-process", aws_creds_process },
	{ "config-file", aws_creds_from_config_file },
	/* botocore's legacy "ec2-credentials-file" (AWS_CREDENTIAL_FILE) and
	 * "boto-config" (BOTO_CONFIG, ~/.boto) would come here; not planned. */
	{ "container-role", aws_creds_container },
	/* "iam-role": EC2 instance metadata, IMDSv2 token first, honouring
	 * AWS_EC2_METADATA_DISABLED and AWS_EC2_METADATA_SERVICE_ENDPOINT. Not
	 * written yet, and nothing shows locally whether it would answer, so
	 * the chain ends without it. */
};
const size_t aws_creds_n_providers = sizeof aws_creds_providers / sizeof aws_creds_providers[0];

enum shtui_status aws_creds_resolve(const struct aws_config *cfg, struct aws_creds *out,
				    struct buf *err)
{
	aws_creds_done(out);
	for (size_t i = 0; i < aws_creds_n_providers; i++) {
		enum shtui_status st = aws_creds_providers[i].resolve(cfg, out, err);
		if (st == SHTUI_OK) {
			out->source = aws_creds_providers[i].name;
			return SHTUI_OK;
		}
		if (st != SHTUI_ENOCREDS) {
			aws_creds_done(out);
			return st;
		}
	}
	buf_puts(err, AWS_CREDS_NONE_MSG);
	return SHTUI_ENOCREDS;
}

/* Reads exactly `n` digits. */
static bool aws_creds_digits(const char **p, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		char c = (*p)[i];
		if (c < '0' || c > '9')
			return false;
		v = v * 10 + (c - '0');
	}
	*p += n;
	*out = v;
	return true;
}

enum shtui_status aws_creds_parse_time(const char *s, time_t *out)
{
	int y, mo, d, h, mi, sec, oh = 0, om = 0;
	const char *p = s;
	if (!aws_creds_digits(&p, 4, &y) || *p++ != '-' || !aws_creds_digits(&p, 2, &mo) ||
	    *p++ != '-' || !aws_creds_digits(&p, 2, &d))
		return SHTUI_EPARSE;
	if (*p != 'T' && *p != 't' && *p != ' ')
		return SHTUI_EPARSE;
	p++;
	if (!aws_creds_digits(&p, 2, &h) || *p++ != ':' || !aws_creds_digits(&p, 2, &mi) ||
	    *p++ != ':' || !aws_creds_digits(&p, 2, &sec))
		return SHTUI_EPARSE;
	if (*p == '.' || *p == ',') {
		p++;
		if (*p < '0' || *p > '9')
			return SHTUI_EPARSE;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	int sign = 0;
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p++ == '-' ? -1 : 1;
		if (!aws_creds_digits(&p, 2, &oh))
			return SHTUI_EPARSE;
		if (*p == ':')
			p++;
		if (*p && !aws_creds_digits(&p, 2, &om))
			return SHTUI_EPARSE;
	}
	if (*p || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60 ||
	    oh > 23 || om > 59)
		return SHTUI_EPARSE;
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	time_t t = timegm(&tm);
	if (t == (time_t)-1)
		return SHTUI_EPARSE;
	*out = t - sign * (time_t)(oh * 3600 + om * 60);
	return SHTUI_OK;
}

struct aws_creds_source {
	pthread_mutex_t lock;
	int refs;
	struct aws_config cfg;
	struct aws_creds creds;     /* access_key_id NULL until fetched */
	bool have;
	bool fixed;                 /* made from keys: never resolved */
};

struct aws_creds_source *aws_creds_source_new(struct aws_config *cfg)
{
	struct aws_creds_source *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	pthread_mutex_init(&s->lock, NULL);
	s->refs = 1;
	s->cfg = *cfg;
	aws_config_init(cfg);
	aws_creds_init(&s->creds);
	return s;
}

struct aws_creds_source *aws_creds_source_ref(struct aws_creds_source *s)
{
	pthread_mutex_lock(&s->lock);
	s->refs++;
	pthread_mutex_unlock(&s->lock);
	return s;
}

void aws_creds_source_unref(struct aws_creds_source *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	bool last = --s->refs == 0;
	pthread_mutex_unlock(&s->lock);
	if (!last)
		return;
	aws_creds_done(&s->creds);
	aws_config_done(&s->cfg);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

enum shtui_status aws_creds_copy(const struct aws_creds *from, struct aws_creds *to)
{
	struct buf err;
	buf_init(&err);
	aws_creds_init(to);
	enum shtui_status st = aws_creds_fill(to, from->access_key_id, from->secret_access_key,
					      from->session_token, &err);
	buf_done(&err);
	to->expiration = from->expiration;
	to->source = from->source;
	return st;
}

bool aws_creds_source_peek(struct aws_creds_source *s, time_t now, struct aws_creds *out)
{
	bool ok = false;
	pthread_mutex_lock(&s->lock);
	if (s->have && (s->creds.expiration == 0 ||
			s->creds.expiration - now > AWS_CREDS_REFRESH_MARGIN))
		ok = aws_creds_copy(&s->creds, out) == SHTUI_OK;
	pthread_mutex_unlock(&s->lock);
	return ok;
}

enum shtui_status aws_creds_source_fetch(struct aws_creds_source *s, struct aws_creds *out,
					 struct buf *err)
{
	struct aws_creds fresh;
	aws_creds_init(&fresh);
	aws_creds_init(out);
	if (s->fixed) {
		pthread_mutex_lock(&s->lock);
		enum shtui_status st = aws_creds_copy(&s->creds, out);
		pthread_mutex_unlock(&s->lock);
		return st;
	}
	/* The chain reads only the configuration, which nothing changes after
	 * the source is made: resolve without holding the lock. */
	enum shtui_status st = aws_creds_resolve(&s->cfg, &fresh, err);
	if (st == SHTUI_OK && (st = aws_creds_copy(&fresh, out)) != SHTUI_OK)
		buf_puts(err, "out of memory");
	pthread_mutex_lock(&s->lock);
	aws_creds_done(&s->creds);
	s->have = st == SHTUI_OK;
	if (s->have)
		s->creds = fresh;
	else
		aws_creds_done(&fresh);
	pthread_mutex_unlock(&s->lock);
	return st;
}

struct aws_creds_source *aws_creds_source_new_static(const char *access_key_id,
						     const char *secret_access_key,
						     const char *session_token)
{
	struct aws_config cfg;
	aws_config_init(&cfg);
	struct aws_creds_source *s = aws_creds_source_new(&cfg);
	if (!s)
		return NULL;
	struct buf err;
	buf_init(&err);
	enum shtui_status st = aws_creds_fill(&s->creds, access_key_id, secret_access_key,
					      session_token, &err);
	buf_done(&err);
	if (st != SHTUI_OK) {
		aws_creds_source_unref(s);
		return NULL;
	}
	s->creds.source = "static";
	s->have = s->fixed = true;
	return s;
}

const char *aws_creds_source_profile(const struct aws_creds_source *s)
{
	return s->cfg.profile ? s->cfg.profile : "default";
}
