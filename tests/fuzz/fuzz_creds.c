/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_creds.c: libFuzzer target for the credential parsers: credential_process output, metadata and SSO replies, the SSO token cache, STS AssumeRole, and ISO 8601 times. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "aws_creds.h"
#include "creds/parse.h"
#include "fuzz.h"
#include "isotime.h"
#include "sts.h"

/* The values of the input's credential fields (found by cJSON, or by
 * the XML reader), which no error message may quote unless the input
 * also put them in a field that is not secret (an Expiration that holds
 * the key is the sender's doing, and quoting it is no leak). */
static const char *const secret_fields[] = {
	"SecretAccessKey", "secretAccessKey", "SessionToken", "sessionToken", "Token", "accessToken",
};

/* Looks like key material rather than a word an error message could hold
 * for its own reasons: 12 characters or more, no space, some digit or one
 * of "/+=". */
static bool secret_like(const char *s)
{
	return s && strlen(s) >= 12 && !strchr(s, ' ') && strpbrk(s, "0123456789/+=") != NULL;
}

struct fields {
	const char *secret[32];
	size_t n_secret;
	const char *open[64];
	size_t n_open;
};

static void collect(const cJSON *v, struct fields *f)
{
	for (const cJSON *c = v ? v->child : NULL; c; c = c->next) {
		if (cJSON_IsString(c) && c->string) {
			bool secret = false;
			for (size_t k = 0; k < sizeof secret_fields / sizeof secret_fields[0]; k++)
				secret |= strcmp(c->string, secret_fields[k]) == 0;
			if (secret && secret_like(c->valuestring) && f->n_secret < 16)
				f->secret[f->n_secret++] = c->valuestring;
			else if (!secret && f->n_open < 48)
				f->open[f->n_open++] = c->valuestring;
		}
		collect(c, f);
	}
}

static void no_secret_in(const struct buf *err, const struct fields *f, const char *parser)
{
	for (size_t i = 0; i < f->n_secret; i++) {
		bool open = false;
		for (size_t k = 0; k < f->n_open && !open; k++)
			open = strstr(f->open[k], f->secret[i]) != NULL;
		if (!open && strstr(buf_str(err), f->secret[i])) {
			fprintf(stderr, "%s: the error quotes a secret: %s\n", parser, buf_str(err));
			abort();
		}
	}
}

/* A parser of struct aws_creds. */
typedef enum shtui_status (*creds_parser_fn)(const char *json, size_t len, struct aws_creds *out,
					     struct buf *err);

static void run(creds_parser_fn parse, const char *name, const char *text, size_t len,
		const struct fields *f)
{
	struct aws_creds c;
	struct buf err;
	aws_creds_init(&c);
	buf_init(&err);
	enum shtui_status st = parse(text, len, &c, &err);
	if (st == SHTUI_OK) {
		if (!c.access_key_id || !c.secret_access_key) {
			fprintf(stderr, "%s: success without a key pair\n", name);
			abort();
		}
	} else {
		if (st == SHTUI_EPARSE && err.len == 0) {
			fprintf(stderr, "%s: a parse error without a reason\n", name);
			abort();
		}
		no_secret_in(&err, f, name);
	}
	aws_creds_done(&c);
	buf_done(&err);
}

/* Input: a line for the time parser, then a reply (JSON or XML). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = fuzz_line(&data, &size);
	time_t t;
	(void)isotime_parse(line, &t);
	free(line);

	char *text = fuzz_strndup(data, size);
	struct fields f = { .n_secret = 0 };
	cJSON *doc = cJSON_ParseWithLength(text, size);
	collect(doc, &f);
	/* XML: the secret elements, and the plain text (no markup) of the others. */
	static const char *const xml_tags[] = { "SecretAccessKey", "SessionToken", "AccessKeyId",
						"Expiration" };
	char *xml_values[4] = { NULL, NULL, NULL, NULL };
	for (size_t i = 0; i < 4; i++) {
		xml_values[i] = sts_xml_text(text, size, xml_tags[i]);
		if (i < 2 && secret_like(xml_values[i]))
			f.secret[f.n_secret++] = xml_values[i];
		else if (i >= 2 && xml_values[i] && !strpbrk(xml_values[i], "<>"))
			f.open[f.n_open++] = xml_values[i];
	}

	run(creds_parse_process_output, "credential_process", text, size, &f);
	run(creds_parse_metadata, "metadata", text, size, &f);
	run(creds_parse_sso_role_credentials, "sso", text, size, &f);
	run(sts_parse_assume_role, "AssumeRole", text, size, &f);

	struct creds_sso_token token;
	memset(&token, 0, sizeof token);
	struct buf err;
	buf_init(&err);
	if (creds_parse_sso_token(text, size, &token, &err) == SHTUI_OK) {
		if (!token.access_token)
			abort();
	} else {
		no_secret_in(&err, &f, "sso token");
	}
	creds_parse_sso_token_done(&token);
	buf_done(&err);

	cJSON_Delete(doc);
	for (size_t i = 0; i < 4; i++)
		free(xml_values[i]);
	free(text);
	return 0;
}
