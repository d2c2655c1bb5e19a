/* SPDX-License-Identifier: Apache-2.0 */
/* aws_creds.h: the credential provider chain, in the AWS CLI v2's order. */
#ifndef SHTUI_AWS_CREDS_H
#define SHTUI_AWS_CREDS_H

#include <stddef.h>
#include <time.h>

#include "aws_config.h"
#include "buf.h"
#include "status.h"

/* A key pair and what came with it. Caller-owned: aws_creds_init() before,
 * aws_creds_done() after, which wipes the secrets. Never print the secret
 * or the token. */
struct aws_creds {
	char *access_key_id;
	char *secret_access_key;
	char *session_token;    /* NULL when none */
	time_t expiration;      /* 0 = none */
	const char *source;     /* static: the provider's name, e.g. "env" */
};

void aws_creds_init(struct aws_creds *c);
void aws_creds_done(struct aws_creds *c);

/*
 * One link of the chain. Returns SHTUI_OK with `out` filled; SHTUI_ENOCREDS
 * when it has nothing to offer (the chain goes on); anything else, with a
 * message in `err`, stops the chain, as botocore's errors do.
 */
typedef enum shtui_status (*aws_creds_resolve_fn)(const struct aws_config *cfg,
						   struct aws_creds *out,
						   struct buf *err);

struct aws_creds_provider {
	const char *name;       /* botocore's METHOD name, used as the source */
	aws_creds_resolve_fn resolve;
};

/* The chain, in order; aws_creds_n_providers entries. */
extern const struct aws_creds_provider aws_creds_providers[];
extern const size_t aws_creds_n_providers;

/*
 * Walks the chain for the profile in `cfg` (loaded with aws_config_load):
 *
 *  - "env": AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, the token from
 *    AWS_SECURITY_TOKEN or else AWS_SESSION_TOKEN, the expiry from
 *    AWS_CREDENTIAL_EXPIRATION (ISO 8601). Skipped when --profile was
 *    given. Used when AWS_ACCESS_KEY_ID is non-empty; then a missing
 *    secret is "Partial credentials found in env, missing:
 *    AWS_SECRET_ACCESS_KEY".
 *  - "shared-credentials-file", then "config-file": the profile's
 *    aws_access_key_id, aws_secret_access_key, aws_security_token or else
 *    aws_session_token, each file on its own; an access key without its
 *    secret is "Partial credentials found in shared-credentials-file,
 *    missing: aws_secret_access_key".
 *  - The providers not written yet (assume-role, web identity, SSO,
 *    credential_process, container) stand where botocore has them and
 *    refuse, with SHTUI_ENOTSUP, a profile or environment configured for
 *    them, rather than let a later link answer with other credentials.
 *
 * Nothing found: SHTUI_ENOCREDS and "Unable to locate credentials. You can
 * configure credentials by running \"aws configure\"." `out` must have
 * been initialised; what it held is wiped first. On success it holds the
 * first provider's answer, on failure nothing. Reads the environment and
 * `cfg`; any thread, not during setenv().
 */
enum shtui_status aws_creds_resolve(const struct aws_config *cfg, struct aws_creds *out,
				    struct buf *err);

/* Parses an ISO 8601 time ("2026-11-26T13:13:12Z", fractions and a
 * "+01:00" style offset allowed; no zone means UTC). Any thread. */
enum shtui_status aws_creds_parse_time(const char *s, time_t *out);

#endif
