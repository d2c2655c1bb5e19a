/* SPDX-License-Identifier: Apache-2.0 */
/* aws_creds.h: the credential provider chain, in the AWS CLI v2's order. */
#ifndef SHTUI_AWS_CREDS_H
#define SHTUI_AWS_CREDS_H

#include <stdbool.h>
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
/* A deep copy into `to` (initialised here); SHTUI_ENOMEM leaves it empty. */
enum shtui_status aws_creds_copy(const struct aws_creds *from, struct aws_creds *to);

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

/* Credentials this close to their expiry are fetched again. */
#define AWS_CREDS_REFRESH_MARGIN 300

/*
 * One profile's credentials, shared by every call that uses them and
 * refreshed before they expire. Reference-counted; every function is
 * thread-safe. Fetching may block (STS, SSO, a helper process, instance
 * metadata), so it is never called on the UI thread: the worker runs it
 * on a thread of its own.
 */
struct aws_creds_source;

/* Takes over the loaded `cfg` (left empty, as after aws_config_init).
 * NULL when out of memory (then `cfg` is untouched). */
struct aws_creds_source *aws_creds_source_new(struct aws_config *cfg);
struct aws_creds_source *aws_creds_source_ref(struct aws_creds_source *s);
void aws_creds_source_unref(struct aws_creds_source *s);

/* A copy of the current credentials when they are usable at `now`
 * (present and not within AWS_CREDS_REFRESH_MARGIN of expiring, or
 * expiring sooner than that but never refreshable). Never blocks. */
bool aws_creds_source_peek(struct aws_creds_source *s, time_t now, struct aws_creds *out);

/* Resolves the chain again, keeps the result and gives the caller a copy
 * in `out` (even when it expires within the margin). Blocks; never on the
 * UI thread. On failure the old credentials are dropped and `err` says
 * why. */
enum shtui_status aws_creds_source_fetch(struct aws_creds_source *s, struct aws_creds *out,
					 struct buf *err);

/* A source that always holds these keys (tests, and credentials made
 * elsewhere). NULL when out of memory. */
struct aws_creds_source *aws_creds_source_new_static(const char *access_key_id,
						     const char *secret_access_key,
						     const char *session_token);

/* The profile the source resolves (for messages). Borrowed, stable. */
const char *aws_creds_source_profile(const struct aws_creds_source *s);

#endif
