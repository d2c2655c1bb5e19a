/* SPDX-License-Identifier: Apache-2.0 */
/* test_sigv4.c: every case of the AWS SigV4 test suite, classic and aws-c-auth, byte for byte. */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "sigv4.h"
#include "tap.h"

/* The suites' fixed parameters (tests/data/sigv4/README.md). */
#define SUITE_AKID "AKIDEXAMPLE"
#define SUITE_SECRET "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
#define SUITE_REGION "us-east-1"
#define SUITE_SERVICE "service"
#define SUITE_TIME "2015-08-30T12:36:00Z"
/* The classic suite gives this case's token only in its README. */
#define SUITE_TOKEN "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267"

#define MAX_HEADERS 32

struct parsed_req {
	char *text;             /* owns every string below */
	char *method;
	char *path;
	const char *query;
	struct sigv4_header headers[MAX_HEADERS];
	size_t n_headers;
	char *body;
	size_t body_len;
};

static time_t parse_iso(const char *s)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	if (!strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm))
		return (time_t)-1;
	return timegm(&tm);
}

/* Parses the suites' raw request format: a request line, "Name:value"
 * headers (lines starting with whitespace continue the previous value),
 * an empty line, the body. The request line's target may hold spaces. */
static bool parse_req(char *text, size_t len, struct parsed_req *r)
{
	memset(r, 0, sizeof *r);
	r->text = text;
	char *sep = strstr(text, "\n\n");
	if (sep) {
		*sep = '\0';
		r->body = sep + 2;
		r->body_len = len - (size_t)(r->body - text);
	} else {
		r->body = text + len;
	}
	char *save = NULL;
	char *line = strtok_r(text, "\n", &save);
	if (!line)
		return false;
	char *sp = strchr(line, ' ');
	char *http = strstr(line, " HTTP/");
	if (!sp || !http || http < sp)
		return false;
	*sp = '\0';
	*http = '\0';
	r->method = line;
	r->path = sp + 1;
	char *q = strchr(r->path, '?');
	r->query = q ? q + 1 : "";
	if (q)
		*q = '\0';
	while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
		if ((*line == ' ' || *line == '\t') && r->n_headers > 0) {
			/* Folded continuation: rejoin it with its newline. */
			line[-1] = '\n';
			continue;
		}
		char *colon = strchr(line, ':');
		if (!colon || r->n_headers == MAX_HEADERS)
			return false;
		*colon = '\0';
		r->headers[r->n_headers].name = line;
		r->headers[r->n_headers].value = colon + 1;
		r->n_headers++;
	}
	return true;
}

static void add_header(struct parsed_req *r, const char *name, const char *value)
{
	if (r->n_headers < MAX_HEADERS) {
		r->headers[r->n_headers].name = name;
		r->headers[r->n_headers].value = value;
		r->n_headers++;
	}
}

static char *read_case_file(const char *dir, const char *name)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	return tap_slurp(path, NULL);
}

/* Names of the folders under `dir` (recursively) that hold `marker`
 * (a file name, or "*.req" for a file named after its folder). */
static void find_cases(const char *dir, const char *marker, char ***list, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char sub[4096], probe[4096 + 512];
		struct stat stt;
		snprintf(sub, sizeof sub, "%s/%s", dir, e->d_name);
		if (stat(sub, &stt) != 0 || !S_ISDIR(stt.st_mode))
			continue;
		if (strcmp(marker, "*.req") == 0)
			snprintf(probe, sizeof probe, "%s/%s.req", sub, e->d_name);
		else
			snprintf(probe, sizeof probe, "%s/%s", sub, marker);
		if (stat(probe, &stt) == 0) {
			*list = realloc(*list, (*n + 1) * sizeof **list);
			(*list)[(*n)++] = strdup(sub);
		}
		find_cases(sub, marker, list, n);
	}
	closedir(d);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *base(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

static void run_classic(const char *root)
{
	char **cases = NULL;
	size_t n = 0;
	find_cases(root, "*.req", &cases, &n);
	qsort(cases, n, sizeof *cases, cmp_str);
	tap_is_int((long long)n, 34, "classic suite: all 34 cases present");

	for (size_t i = 0; i < n; i++) {
		const char *name = base(cases[i]);
		char file[1024];
		size_t len = 0;
		snprintf(file, sizeof file, "%s/%s.req", cases[i], name);
		char *text = tap_slurp(file, &len);
		struct parsed_req r;
		if (!text || !parse_req(text, len, &r)) {
			tap_ok(false, "classic %s: parse .req", name);
			free(text);
			continue;
		}
		if (strcmp(name, "get-vanilla-with-session-token") == 0)
			add_header(&r, "X-Amz-Security-Token", SUITE_TOKEN);

		struct sigv4_request req = {
			.method = r.method, .path = r.path, .query = r.query,
			.headers = r.headers, .n_headers = r.n_headers,
			.body = r.body, .body_len = r.body_len,
		};
		struct sigv4_scope scope = { SUITE_REGION, SUITE_SERVICE,
					     parse_iso(SUITE_TIME) };
		struct sigv4_result res;
		enum shtui_status st = sigv4_sign(&req, &scope, SUITE_AKID,
						  SUITE_SECRET, &res);
		snprintf(file, sizeof file, "%s.creq", name);
		char *creq = read_case_file(cases[i], file);
		snprintf(file, sizeof file, "%s.sts", name);
		char *sts = read_case_file(cases[i], file);
		snprintf(file, sizeof file, "%s.authz", name);
		char *authz = read_case_file(cases[i], file);
		bool ok = st == SHTUI_OK;
		tap_is_str(ok ? res.canonical_request : NULL, creq,
			   "classic %s: canonical request", name);
		tap_is_str(ok ? res.string_to_sign : NULL, sts,
			   "classic %s: string to sign", name);
		tap_is_str(ok ? res.authorization : NULL, authz,
			   "classic %s: Authorization", name);
		if (ok)
			sigv4_result_done(&res);
		free(creq);
		free(sts);
		free(authz);
		free(text);
	}
	for (size_t i = 0; i < n; i++)
		free(cases[i]);
	free(cases);
}

static const char *json_str(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static bool json_true(const cJSON *obj, const char *key)
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(obj, key));
}

/* The Authorization header's value in a signed request file. */
static char *authz_of(char *signed_req)
{
	if (!signed_req)
		return NULL;
	char *p = strstr(signed_req, "\nAuthorization:");
	if (!p)
		return NULL;
	p += strlen("\nAuthorization:");
	p[strcspn(p, "\n")] = '\0';
	return p;
}

static void run_crt(const char *root)
{
	char **cases = NULL;
	size_t n = 0;
	find_cases(root, "request.txt", &cases, &n);
	qsort(cases, n, sizeof *cases, cmp_str);
	tap_is_int((long long)n, 38, "aws-c-auth suite: all 38 cases present");

	for (size_t i = 0; i < n; i++) {
		const char *name = base(cases[i]);
		size_t len = 0;
		char file[4096];
		snprintf(file, sizeof file, "%s/request.txt", cases[i]);
		char *text = tap_slurp(file, &len);
		char *ctx_text = read_case_file(cases[i], "context.json");
		cJSON *ctx = ctx_text ? cJSON_Parse(ctx_text) : NULL;
		struct parsed_req r;
		if (!text || !ctx || !parse_req(text, len, &r)) {
			tap_ok(false, "aws-c-auth %s: parse request and context", name);
			free(text);
			free(ctx_text);
			cJSON_Delete(ctx);
			continue;
		}
		const cJSON *cred = cJSON_GetObjectItemCaseSensitive(ctx, "credentials");
		const char *token = json_str(cred, "token");
		char amz_date[SIGV4_AMZ_DATE_LEN], body_hash[SIGV4_HEX_LEN];
		struct sigv4_scope scope = { json_str(ctx, "region"),
					     json_str(ctx, "service"),
					     parse_iso(json_str(ctx, "timestamp")) };

		/* What the signer adds to the request, as aws-c-auth does. */
		sigv4_amz_date(scope.when, amz_date);
		add_header(&r, "X-Amz-Date", amz_date);
		if (token && !json_true(ctx, "omit_session_token"))
			add_header(&r, "X-Amz-Security-Token", token);
		if (json_true(ctx, "sign_body")) {
			sigv4_sha256_hex(r.body, r.body_len, body_hash);
			add_header(&r, "X-Amz-Content-Sha256", body_hash);
		}
		struct sigv4_request req = {
			.method = r.method, .path = r.path, .query = r.query,
			.headers = r.headers, .n_headers = r.n_headers,
			.body = r.body, .body_len = r.body_len,
			.no_normalize = !json_true(ctx, "normalize"),
		};
		struct sigv4_result res;
		enum shtui_status st = sigv4_sign(&req, &scope,
						  json_str(cred, "access_key_id"),
						  json_str(cred, "secret_access_key"),
						  &res);
		bool ok = st == SHTUI_OK;
		char *creq = read_case_file(cases[i], "header-canonical-request.txt");
		char *sts = read_case_file(cases[i], "header-string-to-sign.txt");
		char *sig = read_case_file(cases[i], "header-signature.txt");
		char *sreq = read_case_file(cases[i], "header-signed-request.txt");
		tap_is_str(ok ? res.canonical_request : NULL, creq,
			   "aws-c-auth %s: canonical request", name);
		tap_is_str(ok ? res.string_to_sign : NULL, sts,
			   "aws-c-auth %s: string to sign", name);
		tap_is_str(ok ? res.signature : NULL, sig,
			   "aws-c-auth %s: signature", name);
		tap_is_str(ok ? res.authorization : NULL, authz_of(sreq),
			   "aws-c-auth %s: Authorization", name);
		if (ok)
			sigv4_result_done(&res);
		free(creq);
		free(sts);
		free(sig);
		free(sreq);
		free(text);
		free(ctx_text);
		cJSON_Delete(ctx);
	}
	for (size_t i = 0; i < n; i++)
		free(cases[i]);
	free(cases);
}

int main(void)
{
	char *classic = tap_srcpath("tests/data/sigv4/botocore-aws4_testsuite");
	char *crt = tap_srcpath("tests/data/sigv4/aws-c-auth-v4");
	tap_plan(2 + 34 * 3 + 38 * 4);
	run_classic(classic);
	run_crt(crt);
	free(classic);
	free(crt);
	return tap_done();
}
