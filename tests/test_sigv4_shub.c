/* SPDX-License-Identifier: Apache-2.0 */
/* test_sigv4_shub.c: Security Hub and STS requests signed as shtui sends them, against vectors botocore signed. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sigv4.h"
#include "tap.h"

#define AKID "AKIDEXAMPLE"
#define SECRET "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

/* A vector's inputs that its file states in prose, not as fields. */
struct vector_input {
	const char *title_has;
	const char *token;
};

static const struct vector_input inputs[] = {
	{ "with a session token", "FwoGZXIvYXdzEXAMPLE//////////wEaDEXAMPLE==" },
	{ "+ session token", "EXAMPLESESSIONTOKEN" },
};

struct vector {
	char *title;
	char *method;
	char *url;
	char *body;        /* "" when the file says (empty) */
	struct buf creq;
	struct buf sts;
	struct buf authz;
};

static void vector_done(struct vector *v)
{
	free(v->title);
	free(v->method);
	free(v->url);
	free(v->body);
	buf_done(&v->creq);
	buf_done(&v->sts);
	buf_done(&v->authz);
	memset(v, 0, sizeof *v);
}

/* Signs one vector as shtui's HTTP layer does and compares. */
static void check(struct vector *v, const char *scope_date)
{
	const char *token = NULL;
	for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++)
		if (strstr(v->title, inputs[i].title_has))
			token = inputs[i].token;
	bool sts = strstr(v->url, "://sts.") != NULL;
	const char *ctype = NULL;
	if (*v->body)
		ctype = sts ? "application/x-www-form-urlencoded; charset=utf-8"
			    : "application/json";

	struct tm tm;
	memset(&tm, 0, sizeof tm);
	strptime(scope_date, "%Y%m%dT%H%M%SZ", &tm);
	struct sigv4_scope scope = { "us-east-1", sts ? "sts" : "securityhub",
				     timegm(&tm) };
	/* The region is the one in the vector's own credential scope. */
	const char *cred = strstr(buf_str(&v->authz), "Credential=");
	char region[64] = "us-east-1";
	if (cred)
		sscanf(cred, "Credential=%*[^/]/%*[^/]/%63[^/]", region);
	scope.region = region;

	struct sigv4_http in = {
		.method = v->method, .url = v->url, .content_type = ctype,
		.body = v->body, .body_len = strlen(v->body),
		.access_key_id = AKID, .secret_access_key = SECRET,
		.session_token = token,
	};
	struct sigv4_http_result res;
	bool ok = sigv4_sign_http(&in, &scope, &res) == SHTUI_OK;
	tap_is_str(ok ? res.sig.canonical_request : NULL, buf_str(&v->creq),
		   "%s: canonical request", v->title);
	tap_is_str(ok ? res.sig.string_to_sign : NULL, buf_str(&v->sts),
		   "%s: string to sign", v->title);
	tap_is_str(ok ? res.sig.authorization : NULL, buf_str(&v->authz),
		   "%s: Authorization", v->title);
	if (ok)
		sigv4_http_result_done(&res);
}

/* Reads a vector file: "### title", "request: METHOD URL", "body: ...",
 * then "--- canonical request", "--- string to sign", "--- Authorization"
 * sections. The X-Amz-Date comes from the file's header comment. */
static int run_file(const char *rel, const char *date)
{
	char *path = tap_srcpath(rel);
	char *text = tap_slurp(path, NULL);
	int count = 0;
	free(path);
	if (!tap_ok(text != NULL, "read %s", rel))
		return 0;
	struct vector v;
	memset(&v, 0, sizeof v);
	struct buf *section = NULL;
	char *save = NULL;
	/* strtok_r would drop empty lines, which canonical requests have. */
	for (char *line = text; line; line = save) {
		save = strchr(line, '\n');
		if (save)
			*save++ = '\0';
		if (strncmp(line, "### ", 4) == 0) {
			if (v.title) {
				check(&v, date);
				count++;
			}
			vector_done(&v);
			buf_init(&v.creq);
			buf_init(&v.sts);
			buf_init(&v.authz);
			v.title = strdup(line + 4);
			section = NULL;
		} else if (!v.title) {
			continue;
		} else if (strncmp(line, "request: ", 9) == 0) {
			char m[16], u[2048];
			if (sscanf(line + 9, "%15s %2047s", m, u) == 2) {
				v.method = strdup(m);
				v.url = strdup(u);
			}
		} else if (strncmp(line, "body: ", 6) == 0) {
			v.body = strdup(strcmp(line + 6, "(empty)") ? line + 6 : "");
		} else if (strcmp(line, "--- canonical request") == 0) {
			section = &v.creq;
		} else if (strcmp(line, "--- string to sign") == 0) {
			section = &v.sts;
		} else if (strcmp(line, "--- Authorization") == 0) {
			section = &v.authz;
		} else if (section) {
			if (*line == '\0' && section != &v.creq)
				continue;
			if (section->len)
				buf_putc(section, '\n');
			buf_puts(section, line);
		}
	}
	if (v.title) {
		/* A blank line between vectors is not part of the last one. */
		while (v.creq.len && v.creq.data[v.creq.len - 1] == '\n')
			v.creq.data[--v.creq.len] = '\0';
		check(&v, date);
		count++;
	}
	vector_done(&v);
	free(text);
	return count;
}

int main(void)
{
	int n = run_file("tests/data/securityhub-sigv4-vectors.txt", "20261126T120000Z");
	tap_is_int(n, 5, "five Security Hub and STS vectors");
	n = run_file("tests/data/sigv4-golden-vectors-other-ops.txt", "20150830T123600Z");
	tap_is_int(n, 4, "four vectors for other operations");
	return tap_done();
}
