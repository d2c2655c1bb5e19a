/* SPDX-License-Identifier: Apache-2.0 */
/* creds/parse.h: the pure parsers of what credential sources answer, for the providers and for fuzzing. */
#ifndef SHTUI_CREDS_PARSE_H
#define SHTUI_CREDS_PARSE_H

#include <stddef.h>
#include <time.h>

#include "buf.h"
#include "status.h"

struct aws_creds;

/*
 * Each fills `out` (initialised by the caller; what it held is wiped) and
 * returns SHTUI_OK, or SHTUI_EPARSE (SHTUI_ENOMEM) with the reason in
 * `err`, which never quotes a secret. Expirations become time_t. Any
 * thread.
 *
 * credential_process output, botocore's rules: a JSON object with
 * "Version" the number 1, string "AccessKeyId" and "SecretAccessKey",
 * optional "SessionToken" and "Expiration" (ISO 8601).
 */
enum shtui_status creds_parse_process_output(const char *json, size_t len,
					     struct aws_creds *out, struct buf *err);
/* Container and instance metadata replies: "AccessKeyId",
 * "SecretAccessKey", "Token" and "Expiration", all required. */
enum shtui_status creds_parse_metadata(const char *json, size_t len, struct aws_creds *out,
				       struct buf *err);
/* The SSO portal's GetRoleCredentials reply: "roleCredentials" with
 * "accessKeyId", "secretAccessKey", "sessionToken" and "expiration" (ms
 * since the epoch). */
enum shtui_status creds_parse_sso_role_credentials(const char *json, size_t len,
						   struct aws_creds *out, struct buf *err);

/* A token of the SSO cache, as "aws sso login" writes it. Heap strings
 * (free with creds_parse_sso_token_done, which wipes them). */
struct creds_sso_token {
	char *access_token;
	time_t expires_at;
	char *refresh_token;          /* NULL when the cache has none */
	char *client_id;
	char *client_secret;
	time_t registration_expires_at;  /* 0 when absent */
	char *region;
	char *start_url;
};
/* "accessToken" and "expiresAt" are required; the refresh fields are
 * optional. */
enum shtui_status creds_parse_sso_token(const char *json, size_t len,
					struct creds_sso_token *out, struct buf *err);
void creds_parse_sso_token_done(struct creds_sso_token *t);

#endif
