/* SPDX-License-Identifier: Apache-2.0 */
/* aws_creds.c: the credential provider chain, in the AWS CLI v2's order. */
#include "config.h"

#include "aws_creds.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "endpoint.h"
#include "http.h"
#include "log.h"
#include "retry.h"
#include "sigv4.h"
#include "sts.h"
#include "text.h"
#include "worker.h"

extern char **environ;

#define AWS_CREDS_NONE_MSG \
	"Unable to locate credentials. You can configure credentials by running \"aws configure\"."

/* botocore's UnauthorizedSSOTokenError, naming the profile to log in with. */
#define AWS_CREDS_SSO_LOGIN_MSG \
	"The SSO session associated with this profile has expired or is otherwise invalid. " \
	"To refresh this SSO session run aws sso login --profile %s"

/* A chain of source profiles longer than this is refused. */
#define AWS_CREDS_MAX_HOPS 32
/* Replies and helper output larger than this are not credentials. */
#define AWS_CREDS_MAX_REPLY (1u << 20)
#define AWS_CREDS_MAX_STDERR 4096

struct aws_creds_chain {
	char *visited[AWS_CREDS_MAX_HOPS];  /* owned; visited[0] is the profile asked for */
	size_t n_visited;
	int depth;                           /* > 0 while resolving a source */
	struct buf looked;                   /* "; "-separated notes, top level only */
};

static pthread_mutex_t mfa_lock = PTHREAD_MUTEX_INITIALIZER;
static aws_creds_mfa_prompt_fn mfa_prompt;

void aws_creds_set_mfa_prompt(aws_creds_mfa_prompt_fn fn)
{
	pthread_mutex_lock(&mfa_lock);
	mfa_prompt = fn;
	pthread_mutex_unlock(&mfa_lock);
}

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

/* Adds a note on where the chain looked, for the "nothing found" message. */
static void aws_creds_note(struct aws_creds_chain *ch, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void aws_creds_note(struct aws_creds_chain *ch, const char *fmt, ...)
{
	if (ch->depth > 0)
		return;
	if (ch->looked.len)
		buf_puts(&ch->looked, "; ");
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&ch->looked, fmt, ap);
	va_end(ap);
}

/* ---- pieces shared by the links ---- */

/* Wipes every string in a parsed JSON document, then frees it. */
static void aws_creds_json_free(cJSON *j)
{
	for (cJSON *c = j; c; c = c->next) {
		if (c->valuestring)
			OPENSSL_cleanse(c->valuestring, strlen(c->valuestring));
		if (c->child) {
			cJSON *child = c->child;
			c->child = NULL;
			aws_creds_json_free(child);
		}
	}
	cJSON_Delete(j);
}

/* A string member, or NULL when absent or not a string. */
static const char *aws_creds_json_str(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static cJSON *aws_creds_json_parse(const char *json, size_t len, struct buf *err)
{
	cJSON *j = cJSON_ParseWithLength(json, len);
	if (!j)
		buf_printf(err, "the %zu bytes are not JSON", len);
	else if (!cJSON_IsObject(j)) {
		buf_puts(err, "the JSON is not an object");
		aws_creds_json_free(j);
		j = NULL;
	}
	return j;
}

/* Fills `out` from four members that must all be strings, the fourth an
 * ISO 8601 time (NULL name: none). */
static enum shtui_status aws_creds_from_json(const cJSON *o, const char *const names[4],
					     bool token_required, struct aws_creds *out,
					     struct buf *err)
{
	const char *v[4];
	for (size_t i = 0; i < 4; i++) {
		v[i] = names[i] ? aws_creds_json_str(o, names[i]) : NULL;
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
	if (v[3] && aws_creds_parse_time(v[3], &expiration) != SHTUI_OK) {
		buf_printf(err, "%s \"%s\" is not an ISO 8601 time", names[3], v[3]);
		return SHTUI_EPARSE;
	}
	enum shtui_status st = aws_creds_fill(out, v[0], v[1], v[2], err);
	if (st == SHTUI_OK)
		out->expiration = expiration;
	return st;
}

enum shtui_status aws_creds_parse_process_output(const char *json, size_t len,
						 struct aws_creds *out, struct buf *err)
{
	aws_creds_done(out);
	static const char *const names[4] = {
		"AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration",
	};
	cJSON *o = aws_creds_json_parse(json, len, err);
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
		st = aws_creds_from_json(o, names, false, out, err);
	}
	aws_creds_json_free(o);
	return st;
}

enum shtui_status aws_creds_parse_metadata(const char *json, size_t len, struct aws_creds *out,
					   struct buf *err)
{
	aws_creds_done(out);
	static const char *const names[4] = {
		"AccessKeyId", "SecretAccessKey", "Token", "Expiration",
	};
	cJSON *o = aws_creds_json_parse(json, len, err);
	if (!o)
		return SHTUI_EPARSE;
	enum shtui_status st = aws_creds_from_json(o, names, true, out, err);
	aws_creds_json_free(o);
	return st;
}

enum shtui_status aws_creds_parse_sso_role_credentials(const char *json, size_t len,
						       struct aws_creds *out, struct buf *err)
{
	aws_creds_done(out);
	static const char *const names[4] = {
		"accessKeyId", "secretAccessKey", "sessionToken", NULL,
	};
	cJSON *o = aws_creds_json_parse(json, len, err);
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
	} else if ((st = aws_creds_from_json(rc, names, true, out, err)) == SHTUI_OK) {
		out->expiration = (time_t)(exp->valuedouble / 1000.0);
	}
	aws_creds_json_free(o);
	return st;
}

enum shtui_status aws_creds_parse_sso_token(const char *json, size_t len, char **token,
					    time_t *expires_at, struct buf *err)
{
	*token = NULL;
	cJSON *o = aws_creds_json_parse(json, len, err);
	if (!o)
		return SHTUI_EPARSE;
	enum shtui_status st = SHTUI_EPARSE;
	const char *t = aws_creds_json_str(o, "accessToken");
	const char *e = aws_creds_json_str(o, "expiresAt");
	if (!t || !*t || !e) {
		buf_puts(err, "it has no accessToken and expiresAt");
	} else if (aws_creds_parse_time(e, expires_at) != SHTUI_OK) {
		buf_printf(err, "its expiresAt \"%s\" is not an ISO 8601 time", e);
	} else if (!(*token = strdup(t))) {
		buf_puts(err, shtui_status_str(SHTUI_ENOMEM));
		st = SHTUI_ENOMEM;
	} else {
		st = SHTUI_OK;
	}
	aws_creds_json_free(o);
	return st;
}

char *aws_creds_sso_cache_path(const char *key)
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

/* Reads a whole (small) file; errno is kept for the caller's message. */
static enum shtui_status aws_creds_read_file(const char *path, struct buf *out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT || errno == ENOTDIR ? SHTUI_ENOENT : SHTUI_EIO;
	char chunk[4096];
	enum shtui_status st = SHTUI_OK;
	for (;;) {
		ssize_t r = read(fd, chunk, sizeof chunk);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			st = SHTUI_EIO;
			break;
		}
		if (r == 0)
			break;
		if (out->len + (size_t)r > AWS_CREDS_MAX_REPLY) {
			errno = EFBIG;
			st = SHTUI_EIO;
			break;
		}
		buf_append(out, chunk, (size_t)r);
	}
	OPENSSL_cleanse(chunk, sizeof chunk);
	int e = errno;
	close(fd);
	errno = e;
	if (st == SHTUI_OK && buf_failed(out))
		st = SHTUI_ENOMEM;
	return st;
}

/* ---- blocking HTTP for the links that fetch ---- */

struct aws_creds_http {
	const char *method;
	const char *url;
	struct curl_slist *headers;
	const char *body;        /* NULL: none */
	size_t body_len;
	long timeout_ms;         /* connect and whole request */
	long connect_timeout_ms;
	const char *ca_bundle;   /* NULL: the system's */
	bool direct;             /* no proxy: link-local and loopback agents */
};

static size_t aws_creds_on_body(char *data, size_t size, size_t n, void *arg)
{
	struct http_reply *r = arg;
	if (r->body.len + size * n > AWS_CREDS_MAX_REPLY)
		return 0;
	buf_append(&r->body, data, size * n);
	return buf_failed(&r->body) ? 0 : size * n;
}

static size_t aws_creds_on_header(char *data, size_t size, size_t n, void *arg)
{
	struct http_reply *r = arg;
	size_t len = size * n;
	static const char name[] = "x-amzn-errortype:";
	if (len > sizeof name - 1 && strncasecmp(data, name, sizeof name - 1) == 0) {
		const char *v = data + sizeof name - 1;
		size_t vl = len - (sizeof name - 1);
		while (vl && (*v == ' ' || *v == '\t')) {
			v++;
			vl--;
		}
		/* "Code:http://internal.amazon.com/..." names the code first. */
		size_t cl = 0;
		while (cl < vl && v[cl] != ':' && v[cl] != '\r' && v[cl] != '\n')
			cl++;
		free(r->error_type);
		r->error_type = strndup(v, cl);
	}
	return len;
}

/*
 * One request, waited for. Returns true when an HTTP reply came (any
 * status); false on a transport failure, described by reply->curl_code
 * and curl_error, with *connected (optional) saying whether a connection
 * was made at all. TLS verification stays on. The reply body may hold
 * secrets: http_reply_done wipes it.
 */
static bool aws_creds_http_send_ex(const struct aws_creds_http *rq, struct http_reply *reply,
				   bool *connected)
{
	http_reply_reset(reply);
	CURL *e = curl_easy_init();
	if (!e) {
		reply->curl_code = CURLE_OUT_OF_MEMORY;
		return false;
	}
	curl_easy_setopt(e, CURLOPT_URL, rq->url);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	if (rq->ca_bundle && *rq->ca_bundle)
		curl_easy_setopt(e, CURLOPT_CAINFO, rq->ca_bundle);
	if (rq->direct)
		curl_easy_setopt(e, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
			 rq->connect_timeout_ms > 0 ? rq->connect_timeout_ms : rq->timeout_ms);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, rq->timeout_ms);
	curl_easy_setopt(e, CURLOPT_USERAGENT, PACKAGE_NAME "/" PACKAGE_VERSION);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, rq->headers);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, aws_creds_on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, reply);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, aws_creds_on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, reply);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, reply->curl_error);
	if (strcmp(rq->method, "GET") == 0) {
		curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
	} else {
		if (strcmp(rq->method, "POST") == 0)
			curl_easy_setopt(e, CURLOPT_POST, 1L);
		else
			curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, rq->method);
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, rq->body ? rq->body : "");
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE,
				 (curl_off_t)(rq->body ? rq->body_len : 0));
	}
	reply->curl_code = curl_easy_perform(e);
	long status = 0;
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
	reply->status = reply->curl_code == CURLE_OK ? status : 0;
	if (connected) {
		curl_off_t t = 0;
		*connected = curl_easy_getinfo(e, CURLINFO_CONNECT_TIME_T, &t) == CURLE_OK && t > 0;
	}
	curl_easy_cleanup(e);
	return reply->curl_code == CURLE_OK;
}

static bool aws_creds_http_send(const struct aws_creds_http *rq, struct http_reply *reply)
{
	return aws_creds_http_send_ex(rq, reply, NULL);
}

/* Appends "Name: value" to a header list; false when out of memory. */
static bool aws_creds_header(struct curl_slist **list, const char *name, const char *value)
{
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "%s: %s", name, value);
	struct curl_slist *l = buf_failed(&b) ? NULL : curl_slist_append(*list, buf_str(&b));
	buf_done(&b);
	if (l)
		*list = l;
	return l != NULL;
}

/* Frees a header list whose values may be secrets (tokens). */
static void aws_creds_headers_free(struct curl_slist *list)
{
	for (struct curl_slist *l = list; l; l = l->next)
		OPENSSL_cleanse(l->data, strlen(l->data));
	curl_slist_free_all(list);
}

static void aws_creds_sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* The standard retry mode's backoff before retry `attempt`. */
static void aws_creds_backoff(int attempt)
{
	uint32_t r = 0;
	if (RAND_bytes((unsigned char *)&r, sizeof r) != 1)
		r = (uint32_t)time(NULL);
	aws_creds_sleep_ms((long)(retry_backoff(attempt, r / 4294967296.0) * 1000));
}

/* "Could not connect": botocore's words for a transport failure. */
static void aws_creds_transport_error(struct buf *err, const char *url,
				      const struct http_reply *r)
{
	buf_printf(err, "Could not connect to the endpoint URL: \"%s\" (%s)", url,
		   http_curl_error(r));
}

/* ---- environment and shared files ---- */

/* The environment's keys, whatever --profile says: credential_source =
 * Environment reads them too. */
static enum shtui_status aws_creds_env_keys(struct aws_creds *out, struct buf *err)
{
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

static enum shtui_status aws_creds_from_env(struct aws_creds_chain *ch,
					    const struct aws_config *cfg,
					    struct aws_creds *out, struct buf *err)
{
	/* An explicit --profile takes the environment's keys out of the
	 * chain; AWS_PROFILE does not. */
	if (cfg->profile_explicit) {
		aws_creds_note(ch, "the environment (not read, as --profile was given)");
		return SHTUI_ENOCREDS;
	}
	enum shtui_status st = aws_creds_env_keys(out, err);
	if (st == SHTUI_ENOCREDS)
		aws_creds_note(ch, "the environment (AWS_ACCESS_KEY_ID is not set)");
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

static enum shtui_status aws_creds_from_credentials_file(struct aws_creds_chain *ch,
							 const struct aws_config *cfg,
							 struct aws_creds *out,
							 struct buf *err)
{
	return aws_creds_from_section(cfg->profile_credentials, "shared-credentials-file",
				      out, err);
}

static enum shtui_status aws_creds_from_config_file(struct aws_creds_chain *ch,
						    const struct aws_config *cfg,
						    struct aws_creds *out, struct buf *err)
{
	enum shtui_status st = aws_creds_from_section(cfg->profile_config, "config-file", out, err);
	if (st == SHTUI_ENOCREDS)
		aws_creds_note(ch, "profile \"%s\" in %s%s and %s%s (no aws_access_key_id, role_arn, "
			       "sso_account_id or credential_process)", cfg->profile,
			       cfg->credentials_file ? cfg->credentials_file : "the credentials file",
			       cfg->credentials ? "" : " (missing)",
			       cfg->config_file ? cfg->config_file : "the config file",
			       cfg->config ? "" : " (missing)");
	return st;
}

/* ---- assume-role-with-web-identity ---- */

static enum shtui_status aws_creds_unsupported(const struct aws_config *cfg, const char *what,
					       const char *kind, struct buf *err)
{
	buf_printf(err, "The config profile (%s) is set up for %s (%s), which shtui does not "
		   "support yet", cfg->profile, kind, what);
	return SHTUI_ENOTSUP;
}

/* AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN (not with --profile), else
 * the profile's web_identity_token_file and role_arn; refused rather than
 * answered by a later link as someone else. */
static enum shtui_status aws_creds_web_identity(struct aws_creds_chain *ch,
						const struct aws_config *cfg,
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

/* ---- sso ---- */

/* A key of the profile, or of its [sso-session] (absent from the
 * profile). */
static const char *aws_creds_sso_get(const struct aws_config *cfg,
				     const struct ini_section *session, const char *key)
{
	const char *v = aws_config_get(cfg, key);
	return v ? v : ini_section_get(session, key);
}

/* The portal's error: code from x-amzn-ErrorType (or the body), message
 * from the body. */
static void aws_creds_rest_error(const struct http_reply *r, struct buf *err, const char *op)
{
	cJSON *o = cJSON_ParseWithLength(buf_str(&r->body), r->body.len);
	const char *code = r->error_type;
	const char *msg = NULL;
	if (cJSON_IsObject(o)) {
		if (!code)
			code = aws_creds_json_str(o, "__type");
		msg = aws_creds_json_str(o, "message");
		if (!msg)
			msg = aws_creds_json_str(o, "Message");
	}
	if (code && strchr(code, '#'))
		code = strchr(code, '#') + 1;
	buf_printf(err, "An error occurred (");
	if (code)
		buf_puts(err, code);
	else
		buf_printf(err, "%ld", r->status);
	buf_printf(err, ") when calling the %s operation: %s", op, msg ? msg : "");
	aws_creds_json_free(o);
}

static enum shtui_status aws_creds_sso_fetch(const struct aws_config *cfg, const char *url_base,
					     const char *account, const char *role,
					     const char *token, struct aws_creds *out,
					     struct buf *err)
{
	struct buf url;
	buf_init(&url);
	buf_puts(&url, url_base);
	while (url.len && url.data[url.len - 1] == '/')
		url.data[--url.len] = '\0';
	buf_puts(&url, "/federation/credentials?account_id=");
	sigv4_uri_encode(&url, account, strlen(account), false);
	buf_puts(&url, "&role_name=");
	sigv4_uri_encode(&url, role, strlen(role), false);
	struct curl_slist *h = NULL;
	bool ok = !buf_failed(&url) && aws_creds_header(&h, "Accept", "application/json") &&
		  aws_creds_header(&h, "x-amz-sso_bearer_token", token);
	if (!ok) {
		aws_creds_headers_free(h);
		buf_done(&url);
		buf_puts(err, shtui_status_str(SHTUI_ENOMEM));
		return SHTUI_ENOMEM;
	}
	struct aws_creds_http rq = {
		.method = "GET",
		.url = buf_str(&url),
		.headers = h,
		.timeout_ms = 30000,
		.connect_timeout_ms = 5000,
		.ca_bundle = cfg->ca_bundle,
	};
	struct http_reply r;
	http_reply_init(&r);
	enum shtui_status st = SHTUI_ECONFIG;
	for (int attempt = 1;; attempt++) {
		log_debug("credentials: GetRoleCredentials GET %s (attempt %d)", rq.url, attempt);
		bool sent = aws_creds_http_send(&rq, &r);
		log_debug("credentials: GetRoleCredentials: %s %ld", sent ? "HTTP" : "failed",
			  r.status);
		if (sent && r.status == 200) {
			struct buf why;
			buf_init(&why);
			st = aws_creds_parse_sso_role_credentials(buf_str(&r.body), r.body.len, out,
								  &why);
			if (st != SHTUI_OK) {
				buf_printf(err, "The GetRoleCredentials reply from %s is not usable: %s",
					   rq.url, buf_str(&why));
				st = st == SHTUI_ENOMEM ? st : SHTUI_ECONFIG;
			}
			buf_done(&why);
			break;
		}
		if (sent && r.status == 401) {
			/* UnauthorizedException: the token is no longer good. */
			buf_printf(err, AWS_CREDS_SSO_LOGIN_MSG, cfg->profile);
			break;
		}
		enum retry_class cls = sent ? retry_classify(false, false, r.status, r.error_type, NULL)
					    : retry_classify(true, r.curl_code == CURLE_OPERATION_TIMEDOUT,
							     0, NULL, NULL);
		if (cls != RETRY_NONE && cls != RETRY_SKEW && attempt < cfg->max_attempts) {
			aws_creds_backoff(attempt);
			continue;
		}
		if (sent)
			aws_creds_rest_error(&r, err, "GetRoleCredentials");
		else
			aws_creds_transport_error(err, rq.url, &r);
		break;
	}
	http_reply_done(&r);
	aws_creds_headers_free(h);
	buf_done(&url);
	return st;
}

/* The portal for `region`, as the SSO rule set builds it. */
static char *aws_creds_sso_endpoint(const struct aws_config *cfg, const char *region)
{
	if (cfg->endpoint_url_sso)
		return strdup(cfg->endpoint_url_sso);
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "https://portal.sso.%s.%s", region,
		   endpoint_partition_of(region)->dns_suffix);
	return buf_steal(&b);
}

static enum shtui_status aws_creds_sso(struct aws_creds_chain *ch, const struct aws_config *cfg,
				       struct aws_creds *out, struct buf *err)
{
	if (!aws_config_get(cfg, "sso_account_id") && !aws_config_get(cfg, "sso_role_name"))
		return SHTUI_ENOCREDS;

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
	struct buf missing;
	buf_init(&missing);
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
		if (!aws_creds_sso_get(cfg, session, required[i]))
			buf_printf(&missing, "%s%s", missing.len ? ", " : "", required[i]);
	if (missing.len) {
		buf_printf(err, "The profile \"%s\" is configured to use SSO but is missing required "
			   "configuration: %s", cfg->profile, buf_str(&missing));
		buf_done(&missing);
		return SHTUI_ECONFIG;
	}
	buf_done(&missing);
	const char *role = aws_creds_sso_get(cfg, session, "sso_role_name");
	const char *account = aws_creds_sso_get(cfg, session, "sso_account_id");
	const char *start_url = aws_creds_sso_get(cfg, session, "sso_start_url");
	const char *region = aws_creds_sso_get(cfg, session, "sso_region");
	if (!endpoint_region_valid(region)) {
		buf_printf(err, "Provided region_name '%s' doesn't match a supported format.", region);
		return SHTUI_ECONFIG;
	}

	/* The token "aws sso login" left in the cache. */
	const char *key = session_name ? session_name : start_url;
	char *path = aws_creds_sso_cache_path(key);
	if (!path) {
		buf_puts(err, shtui_status_str(SHTUI_ENOMEM));
		return SHTUI_ENOMEM;
	}
	struct buf text;
	buf_init(&text);
	enum shtui_status st = aws_creds_read_file(path, &text);
	char *token = NULL;
	time_t expires = 0;
	if (st == SHTUI_ENOENT) {
		buf_printf(err, "Error loading SSO Token: Token for %s does not exist (%s). "
			   "To log in, run aws sso login --profile %s", key, path, cfg->profile);
		st = SHTUI_ECONFIG;
	} else if (st != SHTUI_OK) {
		buf_printf(err, "Error loading SSO Token: %s: %s", path, strerror(errno));
		st = SHTUI_ECONFIG;
	} else {
		struct buf why;
		buf_init(&why);
		st = aws_creds_parse_sso_token(buf_str(&text), text.len, &token, &expires, &why);
		if (st != SHTUI_OK) {
			buf_printf(err, "Error loading SSO Token: Token for %s is invalid (%s: %s). "
				   "To log in again, run aws sso login --profile %s", key, path,
				   buf_str(&why), cfg->profile);
			st = SHTUI_ECONFIG;
		} else if (expires <= time(NULL)) {
			/* Sending it would only earn a 401 (and show it to the
			 * network): say what to do now. */
			buf_printf(err, AWS_CREDS_SSO_LOGIN_MSG, cfg->profile);
			st = SHTUI_ECONFIG;
		}
		buf_done(&why);
	}
	buf_done(&text);
	if (st == SHTUI_OK) {
		log_add_secret(token);
		char *url = aws_creds_sso_endpoint(cfg, region);
		if (!url) {
			buf_puts(err, shtui_status_str(SHTUI_ENOMEM));
			st = SHTUI_ENOMEM;
		} else {
			log_debug("credentials: profile %s: SSO token %s, role %s in %s", cfg->profile,
				  path, role, account);
			st = aws_creds_sso_fetch(cfg, url, account, role, token, out, err);
		}
		free(url);
	}
	buf_free_secret(token);
	free(path);
	return st;
}

/* ---- custom-process ---- */

/* Reads the child's stdout and stderr to their ends, keeping at most
 * `max` bytes of each (the rest is read and dropped). */
static void aws_creds_drain(int out_fd, int err_fd, struct buf *out, struct buf *errout)
{
	int fds[2] = { out_fd, err_fd };
	struct buf *bufs[2] = { out, errout };
	size_t caps[2] = { AWS_CREDS_MAX_REPLY, AWS_CREDS_MAX_STDERR };
	char chunk[4096];
	while (fds[0] >= 0 || fds[1] >= 0) {
		struct pollfd p[2];
		nfds_t n = 0;
		int which[2];
		for (int i = 0; i < 2; i++) {
			if (fds[i] < 0)
				continue;
			p[n] = (struct pollfd){ .fd = fds[i], .events = POLLIN };
			which[n++] = i;
		}
		if (poll(p, n, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (nfds_t k = 0; k < n; k++) {
			if (!(p[k].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			int i = which[k];
			ssize_t r = read(fds[i], chunk, sizeof chunk);
			if (r < 0 && (errno == EINTR || errno == EAGAIN))
				continue;
			if (r <= 0) {
				fds[i] = -1;
				continue;
			}
			if (bufs[i]->len < caps[i]) {
				size_t keep = (size_t)r;
				if (keep > caps[i] - bufs[i]->len)
					keep = caps[i] - bufs[i]->len;
				buf_append(bufs[i], chunk, keep);
			}
		}
	}
	OPENSSL_cleanse(chunk, sizeof chunk);
}

/* A helper's stderr as it may be shown: lines joined with " | ", control
 * characters left for the printer to make visible, and the values of
 * credential fields masked (a helper may echo what it fetched). */
static void aws_creds_clean_stderr(const struct buf *raw, struct buf *out)
{
	static const char *const fields[] = {
		"SecretAccessKey", "secretAccessKey", "SessionToken", "sessionToken", "Token",
		"AccessToken", "accessToken", "aws_secret_access_key", "aws_session_token",
		"AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
	};
	struct buf joined;
	buf_init(&joined);
	const char *s = buf_str(raw);
	size_t n = raw->len;
	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
			continue;
		if (s[i] == '\n' || s[i] == '\r')
			buf_puts(&joined, " | ");
		else
			buf_putc(&joined, s[i]);
	}
	char *t = joined.data;
	for (size_t f = 0; t && f < sizeof fields / sizeof fields[0]; f++) {
		size_t fl = strlen(fields[f]);
		for (char *p = t; (p = strstr(p, fields[f])) != NULL; p += fl) {
			char *v = p + fl;
			if (*v == '"')
				v++;
			while (*v == ' ' || *v == '\t')
				v++;
			if (*v != ':' && *v != '=')
				continue;
			v++;
			while (*v == ' ' || *v == '\t' || *v == '"' || *v == '\'')
				v++;
			for (; *v && !strchr("\"', \t|", *v); v++)
				*v = '*';
		}
	}
	char *r = t ? log_redact(t) : NULL;
	buf_puts(out, r ? r : "");
	buf_free_secret(r);
	buf_done(&joined);
}

static enum shtui_status aws_creds_run_process(const char *profile, const char *command,
					       struct aws_creds *out, struct buf *err)
{
	char **argv = NULL;
	struct buf why;
	buf_init(&why);
	enum shtui_status st = aws_config_split_command(command, &argv, &why);
	if (st != SHTUI_OK) {
		buf_printf(err, "Error when retrieving credentials from custom-process: "
			   "credential_process of profile %s: %s", profile, buf_str(&why));
		buf_done(&why);
		return st == SHTUI_ENOMEM ? st : SHTUI_ECONFIG;
	}
	int po[2] = { -1, -1 }, pe[2] = { -1, -1 };
	posix_spawn_file_actions_t fa;
	bool fa_ok = false;
	pid_t pid = -1;
	int rc = 0;
	if (pipe2(po, O_CLOEXEC) != 0 || pipe2(pe, O_CLOEXEC) != 0) {
		rc = errno;
	} else if ((rc = posix_spawn_file_actions_init(&fa)) == 0) {
		fa_ok = true;
		rc = posix_spawn_file_actions_adddup2(&fa, po[1], STDOUT_FILENO);
		if (rc == 0)
			rc = posix_spawn_file_actions_adddup2(&fa, pe[1], STDERR_FILENO);
		/* Not our stdin: the screen owns the keyboard, and a helper that
		 * must ask the user opens /dev/tty, as such helpers do. */
		if (rc == 0)
			rc = posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
		/* The helper gets nothing else of ours. */
		if (rc == 0)
			rc = posix_spawn_file_actions_addclosefrom_np(&fa, STDERR_FILENO + 1);
#endif
		if (rc == 0)
			rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	}
	if (fa_ok)
		posix_spawn_file_actions_destroy(&fa);
	if (po[1] >= 0)
		close(po[1]);
	if (pe[1] >= 0)
		close(pe[1]);
	struct buf so, se;
	buf_init(&so);
	buf_init(&se);
	int status = 0;
	if (rc == 0) {
		log_debug("credentials: profile %s: running credential_process %s", profile, argv[0]);
		aws_creds_drain(po[0], pe[0], &so, &se);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	if (po[0] >= 0)
		close(po[0]);
	if (pe[0] >= 0)
		close(pe[0]);

	st = SHTUI_ECONFIG;
	if (rc != 0) {
		buf_printf(err, "Error when retrieving credentials from custom-process: cannot run "
			   "\"%s\" (credential_process of profile %s): %s", argv[0], profile,
			   strerror(rc));
	} else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		buf_puts(err, "Error when retrieving credentials from custom-process: ");
		struct buf clean;
		buf_init(&clean);
		aws_creds_clean_stderr(&se, &clean);
		if (clean.len)
			buf_printf(err, "%s (", buf_str(&clean));
		else
			buf_printf(err, "\"%s\" printed nothing on stderr (", argv[0]);
		if (WIFEXITED(status) && WEXITSTATUS(status) == 127 && !clean.len)
			buf_puts(err, "exit status 127: it could not be run)");
		else if (WIFEXITED(status))
			buf_printf(err, "exit status %d)", WEXITSTATUS(status));
		else
			buf_printf(err, "killed by signal %d)", WTERMSIG(status));
		buf_done(&clean);
	} else {
		buf_reset(&why);
		st = aws_creds_parse_process_output(buf_str(&so), so.len, out, &why);
		if (st == SHTUI_EPARSE) {
			buf_printf(err, "Error when retrieving credentials from custom-process: %s",
				   buf_str(&why));
			st = SHTUI_ECONFIG;
		} else if (st != SHTUI_OK) {
			buf_puts(err, buf_str(&why));
		}
	}
	buf_done(&so);
	buf_done(&se);
	buf_done(&why);
	aws_config_argv_free(argv);
	return st;
}

static enum shtui_status aws_creds_process(struct aws_creds_chain *ch,
					   const struct aws_config *cfg,
					   struct aws_creds *out, struct buf *err)
{
	const char *command = aws_config_get(cfg, "credential_process");
	if (!command)
		return SHTUI_ENOCREDS;
	return aws_creds_run_process(cfg->profile, command, out, err);
}

/* ---- container-role ---- */

/* The host of an http(s) URL, brackets kept off, into `host`. */
static bool aws_creds_url_host(const char *url, char *host, size_t size, bool *https)
{
	const char *p;
	if (strncasecmp(url, "https://", 8) == 0) {
		*https = true;
		p = url + 8;
	} else if (strncasecmp(url, "http://", 7) == 0) {
		*https = false;
		p = url + 7;
	} else {
		return false;
	}
	const char *at = NULL;
	for (const char *q = p; *q && !strchr("/?#", *q); q++)
		if (*q == '@')
			at = q;
	if (at)
		p = at + 1;
	size_t n;
	if (*p == '[') {
		const char *close = strchr(p, ']');
		if (!close)
			return false;
		p++;
		n = (size_t)(close - p);
	} else {
		n = strcspn(p, ":/?#");
	}
	if (n == 0 || n >= size)
		return false;
	memcpy(host, p, n);
	host[n] = '\0';
	return true;
}

bool aws_creds_container_url_allowed(const char *url)
{
	char host[256];
	bool https;
	if (!aws_creds_url_host(url, host, sizeof host, &https))
		return false;
	if (https)
		return true;
	static const char *const agents[] = {
		"169.254.170.2", "169.254.170.23", "fd00:ec2::23", "localhost",
	};
	for (size_t i = 0; i < sizeof agents / sizeof agents[0]; i++)
		if (strcasecmp(host, agents[i]) == 0)
			return true;
	unsigned char a[16];
	if (inet_pton(AF_INET, host, a) == 1)
		return a[0] == 127;
	if (inet_pton(AF_INET6, host, a) == 1) {
		static const unsigned char loop6[16] = { [15] = 1 };
		static const unsigned char mapped[12] = { [10] = 0xff, [11] = 0xff };
		return memcmp(a, loop6, 16) == 0 ||
		       (memcmp(a, mapped, 12) == 0 && a[12] == 127);
	}
	return false;
}

/* The Authorization header for the agent: the token file (read at every
 * fetch, as the agent rotates it) before the token variable. */
static enum shtui_status aws_creds_container_token(struct buf *token, struct buf *err)
{
	const char *file = getenv("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
	if (file) {
		enum shtui_status st = aws_creds_read_file(file, token);
		if (st != SHTUI_OK) {
			buf_printf(err, "Error when retrieving credentials from container-role: "
				   "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: %s: %s", file,
				   st == SHTUI_ENOMEM ? "out of memory" : strerror(errno));
			return SHTUI_ECONFIG;
		}
	} else if (getenv("AWS_CONTAINER_AUTHORIZATION_TOKEN")) {
		buf_puts(token, getenv("AWS_CONTAINER_AUTHORIZATION_TOKEN"));
	} else {
		return SHTUI_OK;
	}
	if (memchr(token->data ? token->data : "", '\r', token->len) ||
	    memchr(token->data ? token->data : "", '\n', token->len)) {
		buf_printf(err, "Error when retrieving credentials from container-role: the "
			   "authorization token from %s holds a line break, which cannot go in a "
			   "header", file ? "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"
				       : "AWS_CONTAINER_AUTHORIZATION_TOKEN");
		return SHTUI_ECONFIG;
	}
	log_add_secret(buf_str(token));
	return SHTUI_OK;
}

static enum shtui_status aws_creds_container(struct aws_creds_chain *ch,
					     const struct aws_config *cfg,
					     struct aws_creds *out, struct buf *err)
{
	const char *rel = getenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
	const char *full = getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI");
	if (!rel && !full) {
		aws_creds_note(ch, "container credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI "
			       "and _FULL_URI are not set)");
		return SHTUI_ENOCREDS;
	}
	struct buf url;
	buf_init(&url);
	if (rel) {
		buf_printf(&url, "http://169.254.170.2%s", rel);
	} else if (!aws_creds_container_url_allowed(full)) {
		buf_printf(err, "Error when retrieving credentials from container-role: "
			   "AWS_CONTAINER_CREDENTIALS_FULL_URI \"%s\" is refused: it must be https, "
			   "or http to a loopback address, 169.254.170.2, 169.254.170.23 or "
			   "[fd00:ec2::23]", full);
		return SHTUI_ECONFIG;
	} else {
		buf_puts(&url, full);
	}
	struct buf token;
	buf_init(&token);
	enum shtui_status st = aws_creds_container_token(&token, err);
	struct curl_slist *h = NULL;
	if (st == SHTUI_OK && (!aws_creds_header(&h, "Accept", "application/json") ||
			       (token.len && !aws_creds_header(&h, "Authorization", buf_str(&token))) ||
			       buf_failed(&url))) {
		buf_puts(err, shtui_status_str(SHTUI_ENOMEM));
		st = SHTUI_ENOMEM;
	}
	buf_done(&token);
	if (st != SHTUI_OK) {
		aws_creds_headers_free(h);
		buf_done(&url);
		return st;
	}
	struct aws_creds_http rq = {
		.method = "GET",
		.url = buf_str(&url),
		.headers = h,
		.timeout_ms = 2000,
		.ca_bundle = cfg->ca_bundle,
		.direct = true,
	};
	struct http_reply r;
	http_reply_init(&r);
	struct buf last;
	buf_init(&last);
	/* botocore's container fetcher: three tries, a second apart. */
	for (int attempt = 1;; attempt++) {
		log_debug("credentials: container credentials GET %s (attempt %d)", rq.url, attempt);
		bool sent = aws_creds_http_send(&rq, &r);
		buf_reset(&last);
		buf_puts(&last, "Error when retrieving credentials from container-role: ");
		if (sent && r.status == 200) {
			struct buf why;
			buf_init(&why);
			st = aws_creds_parse_metadata(buf_str(&r.body), r.body.len, out, &why);
			if (st != SHTUI_OK)
				buf_printf(&last, "the reply from %s is not usable: %s", rq.url,
					   buf_str(&why));
			buf_done(&why);
			if (st != SHTUI_EPARSE)
				break;
		} else if (sent) {
			struct buf body;
			buf_init(&body);
			text_visible(&body, buf_str(&r.body), r.body.len > 200 ? 200 : r.body.len, 0);
			buf_printf(&last, "Received non 200 response (%ld) from %s: %s", r.status,
				   rq.url, buf_str(&body));
			buf_done(&body);
		} else {
			aws_creds_transport_error(&last, rq.url, &r);
		}
		st = SHTUI_ECONFIG;
		if (attempt >= 3)
			break;
		aws_creds_sleep_ms(1000);
	}
	if (st != SHTUI_OK)
		buf_puts(err, buf_str(&last));
	buf_done(&last);
	http_reply_done(&r);
	aws_creds_headers_free(h);
	buf_done(&url);
	return st;
}

/* ---- iam-role: EC2 instance metadata ---- */

/* One IMDS request with the configured timeout and attempts. Returns true
 * with a 200 reply; false with `reply` holding the last answer (status 0:
 * none came) and *connected whether any attempt reached a server. */
static bool aws_creds_imds_get(const struct aws_config *cfg, const char *method,
			       const char *url, struct curl_slist *h, struct http_reply *reply,
			       bool *connected)
{
	struct aws_creds_http rq = {
		.method = method,
		.url = url,
		.headers = h,
		.timeout_ms = (long)cfg->metadata_timeout * 1000,
		.direct = true,
		.ca_bundle = cfg->ca_bundle,
	};
	*connected = false;
	for (int attempt = 1; attempt <= cfg->metadata_attempts; attempt++) {
		bool reached = false;
		bool sent = aws_creds_http_send_ex(&rq, reply, &reached);
		*connected = *connected || sent || reached;
		log_debug("credentials: instance metadata %s %s: %s %ld", method, url,
			  sent ? "HTTP" : http_curl_error(reply), reply->status);
		if (sent && reply->status == 200 && reply->body.len)
			return true;
		/* A refusal of the token is an answer: do not ask again. */
		if (sent && strcmp(method, "PUT") == 0 &&
		    (reply->status == 400 || reply->status == 403 || reply->status == 404 ||
		     reply->status == 405))
			return false;
	}
	return false;
}

static enum shtui_status aws_creds_imds(struct aws_creds_chain *ch, const struct aws_config *cfg,
					struct aws_creds *out, struct buf *err)
{
	if (cfg->ec2_metadata_disabled) {
		aws_creds_note(ch, "EC2 instance metadata (disabled by AWS_EC2_METADATA_DISABLED)");
		return SHTUI_ENOCREDS;
	}
	const char *base = cfg->ec2_metadata_endpoint;
	if (!base)
		base = cfg->ec2_metadata_ipv6 ? "http://[fd00:ec2::254]/" : "http://169.254.169.254/";
	bool https;
	char host[256];
	if (!aws_creds_url_host(base, host, sizeof host, &https)) {
		buf_printf(err, "Invalid endpoint EC2 Instance Metadata endpoint: %s", base);
		return SHTUI_ECONFIG;
	}
	const char *slash = base[strlen(base) - 1] == '/' ? "" : "/";
	struct buf url;
	buf_init(&url);
	struct http_reply r;
	http_reply_init(&r);
	struct curl_slist *h = NULL;
	char *token = NULL;
	char *role = NULL;
	enum shtui_status st = SHTUI_ENOCREDS;
	const char *why = NULL;

	buf_printf(&url, "%s%slatest/api/token", base, slash);
	if (!aws_creds_header(&h, "x-aws-ec2-metadata-token-ttl-seconds", "21600"))
		goto oom;
	bool connected;
	bool got = aws_creds_imds_get(cfg, "PUT", buf_str(&url), h, &r, &connected);
	aws_creds_headers_free(h);
	h = NULL;
	if (got) {
		token = strndup(buf_str(&r.body), r.body.len);
		if (!token)
			goto oom;
		log_add_secret(token);
		if (!aws_creds_header(&h, "x-aws-ec2-metadata-token", token))
			goto oom;
	} else if (!connected) {
		/* Nothing to connect to: not on EC2. botocore would try
		 * IMDSv1 and wait as long again. */
		why = "no answer";
	} else if (r.status == 400) {
		why = "the token request was refused as bad";
	}
	/* Any other failure of the token (refused, or connected but
	 * unanswered, as behind a hop limit of 1): IMDSv1, as botocore
	 * falls back. */
	if (!why) {
		buf_reset(&url);
		buf_printf(&url, "%s%slatest/meta-data/iam/security-credentials/", base, slash);
		if (!aws_creds_imds_get(cfg, "GET", buf_str(&url), h, &r, &connected)) {
			why = r.status == 404 ? "no IAM role is attached" :
			      r.status ? "the role name was refused" : "no answer";
		} else {
			size_t n = strcspn(buf_str(&r.body), "\r\n");
			role = strndup(buf_str(&r.body), n);
			if (!role)
				goto oom;
		}
	}
	if (!why) {
		buf_reset(&url);
		buf_printf(&url, "%s%slatest/meta-data/iam/security-credentials/", base, slash);
		sigv4_uri_encode(&url, role, strlen(role), false);
		if (!aws_creds_imds_get(cfg, "GET", buf_str(&url), h, &r, &connected)) {
			why = "the role's credentials were refused";
		} else {
			struct buf perr;
			buf_init(&perr);
			/* botocore passes over a reply without the four keys (an
			 * error such as "role not trusted by EC2"). */
			if (aws_creds_parse_metadata(buf_str(&r.body), r.body.len, out, &perr) == SHTUI_OK)
				st = SHTUI_OK;
			else
				why = "the role's credentials were not usable";
			buf_done(&perr);
		}
	}
	if (why) {
		log_debug("credentials: instance metadata at %s: %s", base, why);
		if (strcmp(why, "no answer") == 0)
			aws_creds_note(ch, "EC2 instance metadata at %s (no answer within %d s)", base,
				       cfg->metadata_timeout);
		else
			aws_creds_note(ch, "EC2 instance metadata at %s (%s)", base, why);
	}
	goto out;
oom:
	buf_puts(err, shtui_status_str(SHTUI_ENOMEM));
	st = SHTUI_ENOMEM;
out:
	aws_creds_headers_free(h);
	http_reply_done(&r);
	buf_free_secret(token);
	free(role);
	buf_done(&url);
	return st;
}

/* ---- assume-role ---- */

static bool aws_creds_has_static(const struct aws_config *cfg)
{
	return aws_config_get(cfg, "aws_access_key_id") ||
	       aws_config_get(cfg, "aws_secret_access_key");
}

static bool aws_creds_has_role(const struct aws_config *cfg)
{
	return aws_config_get(cfg, "role_arn") && !aws_config_get(cfg, "web_identity_token_file");
}

/* `cfg` seen through profile `name` (which the chain owns): the same
 * files, region and endpoints, as botocore's session keeps them. Borrows
 * everything; never aws_config_done() it. */
static void aws_creds_view(const struct aws_config *cfg, char *name, struct aws_config *view)
{
	*view = *cfg;
	view->profile = name;
	view->profile_explicit = true;  /* a source profile never reads the environment's keys */
	view->profile_config = aws_config_profile_section(cfg, name);
	view->profile_credentials = aws_config_credentials_section(cfg, name);
}

/* botocore's InfiniteLoopConfigError text, with Python's list repr. */
static void aws_creds_loop_error(const struct aws_creds_chain *ch, const char *source,
				 struct buf *err)
{
	buf_printf(err, "Infinite loop in credential configuration detected. Attempting to load "
		   "from profile %s which has already been visited. Visited profiles: [", source);
	for (size_t i = 0; i < ch->n_visited; i++)
		buf_printf(err, "%s'%s'", i ? ", " : "", ch->visited[i]);
	buf_puts(err, "]");
}

/* The STS call, with the standard retry mode's retries. */
static enum shtui_status aws_creds_call_assume_role(const struct aws_config *cfg,
						    const struct aws_creds *src,
						    const struct sts_assume_role_params *p,
						    struct aws_creds *out, struct buf *err)
{
	const char *region = cfg->region ? cfg->region : "us-east-1";
	struct endpoint ep;
	endpoint_init(&ep);
	struct endpoint_params params = {
		.region = region,
		.use_fips = cfg->use_fips && !cfg->endpoint_url_sts,
		.use_dualstack = cfg->use_dualstack && !cfg->endpoint_url_sts,
		.endpoint = cfg->endpoint_url_sts,
	};
	enum shtui_status st = endpoint_resolve("sts", &params, &ep, err);
	if (st != SHTUI_OK)
		return st;
	const char *signing_region = ep.signing_region ? ep.signing_region : region;
	struct buf url, body;
	buf_init(&url);
	buf_init(&body);
	buf_puts(&url, ep.url);
	while (url.len && url.data[url.len - 1] == '/')
		url.data[--url.len] = '\0';
	buf_putc(&url, '/');
	sts_assume_role_body(&body, p);
	if (buf_failed(&url) || buf_failed(&body)) {
		buf_done(&url);
		buf_done(&body);
		endpoint_done(&ep);
		buf_puts(err, shtui_status_str(SHTUI_ENOMEM));
		return SHTUI_ENOMEM;
	}
	static const char ctype[] = "application/x-www-form-urlencoded; charset=utf-8";
	struct http_reply r;
	http_reply_init(&r);
	st = SHTUI_ECONFIG;
	for (int attempt = 1;; attempt++) {
		struct sigv4_http in = {
			.method = "POST",
			.url = buf_str(&url),
			.content_type = ctype,
			.body = body.data,
			.body_len = body.len,
			.access_key_id = src->access_key_id,
			.secret_access_key = src->secret_access_key,
			.session_token = src->session_token,
		};
		struct sigv4_scope scope = { signing_region, "sts", time(NULL) };
		struct sigv4_http_result sig;
		if ((st = sigv4_sign_http(&in, &scope, &sig)) != SHTUI_OK) {
			buf_printf(err, "cannot sign the AssumeRole request: %s", shtui_status_str(st));
			break;
		}
		struct curl_slist *h = NULL;
		bool ok = aws_creds_header(&h, "Host", sig.host) &&
			  aws_creds_header(&h, "X-Amz-Date", sig.sig.amz_date) &&
			  aws_creds_header(&h, "Content-Type", ctype) &&
			  (!src->session_token ||
			   aws_creds_header(&h, "X-Amz-Security-Token", src->session_token)) &&
			  aws_creds_header(&h, "Authorization", sig.sig.authorization) &&
			  aws_creds_header(&h, "Expect", "");
		sigv4_http_result_done(&sig);
		if (!ok) {
			aws_creds_headers_free(h);
			buf_puts(err, shtui_status_str(SHTUI_ENOMEM));
			st = SHTUI_ENOMEM;
			break;
		}
		struct aws_creds_http rq = {
			.method = "POST",
			.url = buf_str(&url),
			.headers = h,
			.body = body.data,
			.body_len = body.len,
			.timeout_ms = 30000,
			.connect_timeout_ms = 5000,
			.ca_bundle = cfg->ca_bundle,
		};
		log_debug("credentials: AssumeRole %s as %s: POST %s (attempt %d)", p->role_arn,
			  src->access_key_id, rq.url, attempt);
		bool sent = aws_creds_http_send(&rq, &r);
		aws_creds_headers_free(h);
		log_debug("credentials: AssumeRole: %s %ld", sent ? "HTTP" : http_curl_error(&r),
			  r.status);
		enum retry_class cls;
		struct job_error je;
		memset(&je, 0, sizeof je);
		if (sent && r.status >= 200 && r.status < 300) {
			struct buf why;
			buf_init(&why);
			st = sts_parse_assume_role(buf_str(&r.body), r.body.len, out, &why);
			if (st != SHTUI_OK) {
				buf_printf(err, "The AssumeRole reply from %s is not usable: %s", rq.url,
					   buf_str(&why));
				st = SHTUI_ECONFIG;
			}
			buf_done(&why);
			break;
		}
		if (sent) {
			sts_parse_error(&r, &je);
			cls = retry_classify(false, false, r.status, je.code, je.message);
		} else {
			cls = retry_classify(true, r.curl_code == CURLE_OPERATION_TIMEDOUT, 0, NULL,
					     NULL);
		}
		if (cls != RETRY_NONE && cls != RETRY_SKEW && attempt < cfg->max_attempts) {
			job_error_clear(&je);
			aws_creds_backoff(attempt);
			continue;
		}
		if (sent)
			buf_printf(err, "An error occurred (%s) when calling the AssumeRole operation: %s",
				   je.code ? je.code : "", je.message ? je.message : "");
		else
			aws_creds_transport_error(err, rq.url, &r);
		job_error_clear(&je);
		st = SHTUI_ECONFIG;
		break;
	}
	http_reply_done(&r);
	buf_done(&url);
	buf_done(&body);
	endpoint_done(&ep);
	return st;
}

static enum shtui_status aws_creds_from_source_profile(struct aws_creds_chain *ch,
						       const struct aws_config *cfg,
						       struct aws_creds *out, struct buf *err);

/* Assumes the role of the profile in `cfg` (which has role_arn). */
static enum shtui_status aws_creds_assume(struct aws_creds_chain *ch, const struct aws_config *cfg,
					  struct aws_creds *out, struct buf *err)
{
	const char *profile = cfg->profile;
	const char *role_arn = aws_config_get(cfg, "role_arn");
	const char *source_profile = aws_config_get(cfg, "source_profile");
	const char *credential_source = aws_config_get(cfg, "credential_source");
	const char *mfa_serial = aws_config_get(cfg, "mfa_serial");
	const char *duration = aws_config_get(cfg, "duration_seconds");

	if (credential_source && source_profile) {
		buf_printf(err, "The profile \"%s\" contains both source_profile and "
			   "credential_source.", profile);
		return SHTUI_ECONFIG;
	}
	if (!credential_source && !source_profile)
		return aws_creds_partial(err, "assume-role", "source_profile or credential_source");
	static const char *const sources[] = { "Environment", "EcsContainer", "Ec2InstanceMetadata" };
	size_t which = 0;
	if (credential_source) {
		/* botocore matches the canonical names exactly here. */
		while (which < 3 && strcmp(credential_source, sources[which]) != 0)
			which++;
		if (which == 3) {
			buf_printf(err, "The credential source \"%s\" referenced in profile \"%s\" is "
				   "not valid.", credential_source, profile);
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
		if (seen) {
			/* A profile may name itself to take its own keys. */
			if (strcmp(source_profile, profile) != 0 || !aws_creds_has_static(cfg)) {
				aws_creds_loop_error(ch, source_profile, err);
				return SHTUI_ECONFIG;
			}
		}
	}

	struct aws_creds src;
	aws_creds_init(&src);
	enum shtui_status st;
	ch->depth++;
	if (credential_source) {
		if (which == 0)
			st = aws_creds_env_keys(&src, err);
		else if (which == 1)
			st = aws_creds_container(ch, cfg, &src, err);
		else
			st = aws_creds_imds(ch, cfg, &src, err);
		if (st == SHTUI_ENOCREDS) {
			buf_printf(err, "Error when retrieving credentials from %s: No credentials found "
				   "in credential_source referenced in profile %s", credential_source,
				   profile);
			st = SHTUI_ECONFIG;
		}
	} else if (ch->n_visited == AWS_CREDS_MAX_HOPS) {
		buf_printf(err, "The chain of source_profile from profile \"%s\" is longer than %d "
			   "profiles", ch->visited[0], AWS_CREDS_MAX_HOPS);
		st = SHTUI_ECONFIG;
	} else if (!(ch->visited[ch->n_visited] = strdup(source_profile))) {
		buf_puts(err, shtui_status_str(SHTUI_ENOMEM));
		st = SHTUI_ENOMEM;
	} else {
		struct aws_config view;
		aws_creds_view(cfg, ch->visited[ch->n_visited++], &view);
		st = aws_creds_from_source_profile(ch, &view, &src, err);
	}
	ch->depth--;
	if (st != SHTUI_OK) {
		aws_creds_done(&src);
		return st;
	}
	log_add_secret(src.secret_access_key);
	log_add_secret(src.session_token);

	char session[64];
	const char *session_name = aws_config_get(cfg, "role_session_name");
	if (!session_name) {
		snprintf(session, sizeof session, "shtui-session-%lld", (long long)time(NULL));
		session_name = session;
	}
	struct sts_assume_role_params p = {
		.role_arn = role_arn,
		.role_session_name = session_name,
		.external_id = aws_config_get(cfg, "external_id"),
		.serial_number = mfa_serial,
	};
	if (duration) {
		/* botocore drops a value int() refuses. */
		char *end;
		errno = 0;
		long d = strtol(duration, &end, 10);
		while (*end == ' ' || *end == '\t')
			end++;
		if (!errno && end != duration && !*end && d > 0 && d <= INT_MAX)
			p.duration_seconds = (int)d;
	}
	struct buf code;
	buf_init(&code);
	if (mfa_serial) {
		pthread_mutex_lock(&mfa_lock);
		aws_creds_mfa_prompt_fn prompt = mfa_prompt;
		pthread_mutex_unlock(&mfa_lock);
		if (!prompt) {
			buf_printf(err, "The profile \"%s\" needs a code from the MFA device %s, and "
				   "shtui has no way to ask for it here", profile, mfa_serial);
			st = SHTUI_ECONFIG;
		} else if ((st = prompt(profile, mfa_serial, &code, err)) == SHTUI_OK) {
			p.token_code = buf_str(&code);
		}
	}
	if (st == SHTUI_OK) {
		log_debug("credentials: profile %s: assuming %s with keys from %s", profile, role_arn,
			  credential_source ? credential_source : source_profile);
		st = aws_creds_call_assume_role(cfg, &src, &p, out, err);
	}
	buf_done(&code);
	aws_creds_done(&src);
	return st;
}

/* botocore's _resolve_credentials_from_profile: a profile with keys, or
 * with no role, answers through its own links; else its role is assumed. */
static enum shtui_status aws_creds_from_source_profile(struct aws_creds_chain *ch,
						       const struct aws_config *cfg,
						       struct aws_creds *out, struct buf *err)
{
	if (!aws_creds_has_static(cfg) && aws_creds_has_role(cfg))
		return aws_creds_assume(ch, cfg, out, err);
	static const aws_creds_resolve_fn links[] = {
		aws_creds_web_identity, aws_creds_sso, aws_creds_from_credentials_file,
		aws_creds_process, aws_creds_from_config_file,
	};
	for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
		enum shtui_status st = links[i](ch, cfg, out, err);
		if (st != SHTUI_ENOCREDS)
			return st;
	}
	buf_printf(err, "The source profile \"%s\" must have credentials.", cfg->profile);
	return SHTUI_ECONFIG;
}

static enum shtui_status aws_creds_assume_role(struct aws_creds_chain *ch,
					       const struct aws_config *cfg,
					       struct aws_creds *out, struct buf *err)
{
	if (!aws_creds_has_role(cfg))
		return SHTUI_ENOCREDS;
	return aws_creds_assume(ch, cfg, out, err);
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
	{ "iam-role", aws_creds_imds },
};
const size_t aws_creds_n_providers = sizeof aws_creds_providers / sizeof aws_creds_providers[0];

enum shtui_status aws_creds_resolve(const struct aws_config *cfg, struct aws_creds *out,
				    struct buf *err)
{
	aws_creds_done(out);
	struct aws_creds_chain ch;
	memset(&ch, 0, sizeof ch);
	buf_init(&ch.looked);
	enum shtui_status st = SHTUI_ENOCREDS;
	if (!(ch.visited[0] = strdup(cfg->profile ? cfg->profile : "default"))) {
		buf_puts(err, shtui_status_str(SHTUI_ENOMEM));
		return SHTUI_ENOMEM;
	}
	ch.n_visited = 1;
	size_t i;
	for (i = 0; i < aws_creds_n_providers; i++) {
		st = aws_creds_providers[i].resolve(&ch, cfg, out, err);
		if (st != SHTUI_ENOCREDS)
			break;
	}
	time_t now = time(NULL);
	if (st == SHTUI_OK && out->expiration != 0 && out->expiration <= now) {
		/* botocore's words; using them would only fail at the service,
		 * and refreshing again at once would loop. */
		buf_printf(err, "Credentials were refreshed, but the refreshed credentials are still "
			   "expired (the %s credentials expired %lld s ago).",
			   aws_creds_providers[i].name, (long long)(now - out->expiration));
		st = SHTUI_ECONFIG;
	}
	if (st == SHTUI_OK) {
		out->source = aws_creds_providers[i].name;
	} else {
		aws_creds_done(out);
		if (st == SHTUI_ENOCREDS)
			buf_printf(err, AWS_CREDS_NONE_MSG " shtui looked in: %s.", buf_str(&ch.looked));
	}
	for (size_t k = 0; k < ch.n_visited; k++)
		free(ch.visited[k]);
	buf_done(&ch.looked);
	return st;
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
	/* The chain signed, hashed and maybe spoke TLS on this thread. The
	 * worker's fetch thread is detached and ends right after this; its
	 * OpenSSL state would otherwise be freed by a thread destructor that
	 * can lose the race with OPENSSL_cleanup() at exit. OpenSSL makes the
	 * state again if this thread goes on using it. */
	OPENSSL_thread_stop();
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

void aws_creds_source_invalidate(struct aws_creds_source *s)
{
	pthread_mutex_lock(&s->lock);
	if (!s->fixed)
		s->have = false;
	pthread_mutex_unlock(&s->lock);
}

const char *aws_creds_source_profile(const struct aws_creds_source *s)
{
	return s->cfg.profile ? s->cfg.profile : "default";
}
