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

/* One walk of the chain: the profiles visited through source_profile and
 * what was looked at, for the message when nothing is found. Private to
 * aws_creds.c. */
struct aws_creds_chain;

/*
 * One link of the chain, for the profile in `cfg`. Returns SHTUI_OK with
 * `out` filled; SHTUI_ENOCREDS when it has nothing to offer (the chain
 * goes on); anything else, with a message in `err`, stops the chain, as
 * botocore's errors do. Links may block (network, a helper process).
 */
typedef enum shtui_status (*aws_creds_resolve_fn)(struct aws_creds_chain *chain,
						   const struct aws_config *cfg,
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
 * Walks the chain for the profile in `cfg` (loaded with aws_config_load),
 * in botocore's order; the first link that answers wins:
 *
 *  - "env": AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, the token from
 *    AWS_SECURITY_TOKEN or else AWS_SESSION_TOKEN, the expiry from
 *    AWS_CREDENTIAL_EXPIRATION (ISO 8601). Skipped when --profile was
 *    given. Used when AWS_ACCESS_KEY_ID is non-empty; then a missing
 *    secret is "Partial credentials found in env, missing:
 *    AWS_SECRET_ACCESS_KEY".
 *  - "assume-role": a profile with role_arn (and no
 *    web_identity_token_file). The source credentials come from
 *    credential_source (Environment, EcsContainer, Ec2InstanceMetadata,
 *    spelt so) or from source_profile: that profile's own links (web
 *    identity, SSO, its keys, its credential_process), or its own role,
 *    so chains of any length work; a profile seen twice is botocore's
 *    "Infinite loop in credential configuration detected" (a profile may
 *    name itself when it has keys). Then STS AssumeRole at the STS
 *    endpoint of `cfg` (endpoint_url_sts, else the regional one), signed
 *    for cfg->region, with role_session_name (default
 *    "shtui-session-UNIXTIME"), external_id, duration_seconds and, with
 *    mfa_serial, a code from the MFA prompt (aws_creds_set_mfa_prompt).
 *  - "assume-role-with-web-identity": refused with SHTUI_ENOTSUP when
 *    configured (AWS_WEB_IDENTITY_TOKEN_FILE unless --profile, or the
 *    profile's web_identity_token_file), rather than let a later link
 *    answer with other credentials.
 *  - "sso": sso_account_id or sso_role_name, with sso_session ([sso-session
 *    NAME] supplies sso_start_url and sso_region; a key in both that
 *    differs is an error) or the legacy sso_start_url and sso_region. The
 *    token is ~/.aws/sso/cache/SHA1.json, SHA1 the hex SHA-1 of the
 *    session name (or of the start URL for a legacy profile); a missing,
 *    broken or expired token, or a 401 from the portal, asks the user to
 *    run "aws sso login --profile PROFILE". Then the portal's
 *    GetRoleCredentials at endpoint_url_sso, else
 *    https://portal.sso.SSO_REGION.SUFFIX.
 *  - "shared-credentials-file", then "config-file": the profile's
 *    aws_access_key_id, aws_secret_access_key, aws_security_token or else
 *    aws_session_token, each file on its own; an access key without its
 *    secret is "Partial credentials found in shared-credentials-file,
 *    missing: aws_secret_access_key".
 *  - "custom-process" (between them): credential_process, split as
 *    shlex does and run without a shell, stdin and the environment
 *    inherited; its stdout is read by aws_creds_parse_process_output().
 *    A failure shows its stderr, with credential fields masked.
 *  - "container-role": AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (on
 *    http://169.254.170.2) or _FULL_URI (see
 *    aws_creds_container_url_allowed), the Authorization header from
 *    AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (read at every fetch) or else
 *    AWS_CONTAINER_AUTHORIZATION_TOKEN; 2 s per request, 3 attempts.
 *  - "iam-role": EC2 instance metadata, unless AWS_EC2_METADATA_DISABLED:
 *    PUT latest/api/token (IMDSv2), then the role name and its keys, with
 *    the token. Back to IMDSv1 (no token) when the PUT fails otherwise
 *    than with 400, as botocore does, except when nothing could be
 *    connected to at all: then the link ends at once. cfg->metadata_timeout
 *    seconds per request and cfg->metadata_attempts attempts (1 and 1), so
 *    a box that is not on EC2 loses at most a second.
 *
 * Credentials that arrive already expired are an error, so a refresh can
 * never loop. Nothing found: SHTUI_ENOCREDS and "Unable to locate
 * credentials. You can configure credentials by running \"aws
 * configure\"." followed by where the chain looked. `out` must have been
 * initialised; what it held is wiped first. On success it holds the first
 * provider's answer, on failure nothing. Every secret met on the way (source
 * keys, tokens) is registered with log_add_secret and wiped after use.
 * Reads the environment, files, the network and runs helpers: may block
 * for as long as those take; never on the UI thread; not during setenv().
 */
enum shtui_status aws_creds_resolve(const struct aws_config *cfg, struct aws_creds *out,
				    struct buf *err);

/*
 * Asks the user for the code of MFA device `serial`, needed to assume a
 * role for `profile`: appends the code to `code`, or returns an error
 * with the reason in `err` (no terminal, cancelled). Called on the thread
 * that fetches credentials, never the UI thread; it may block until the
 * user answers.
 */
typedef enum shtui_status (*aws_creds_mfa_prompt_fn)(const char *profile, const char *serial,
						     struct buf *code, struct buf *err);

/* Installs the MFA prompt (NULL: none, then an MFA profile fails with a
 * message saying so). Any thread; meant to be called once at start-up. */
void aws_creds_set_mfa_prompt(aws_creds_mfa_prompt_fn fn);

/*
 * Pure parsers, for the links above and for fuzzing. Each fills `out`
 * (initialised by the caller; what it held is wiped) and returns SHTUI_OK,
 * or SHTUI_EPARSE (SHTUI_ENOMEM) with the reason in `err`, which never
 * quotes a secret. Expirations become time_t. Any thread.
 *
 * credential_process output, botocore's rules: a JSON object with
 * "Version" the number 1, string "AccessKeyId" and "SecretAccessKey",
 * optional "SessionToken" and "Expiration" (ISO 8601).
 */
enum shtui_status aws_creds_parse_process_output(const char *json, size_t len,
						 struct aws_creds *out, struct buf *err);
/* Container and instance metadata replies: "AccessKeyId",
 * "SecretAccessKey", "Token" and "Expiration", all required. */
enum shtui_status aws_creds_parse_metadata(const char *json, size_t len, struct aws_creds *out,
					   struct buf *err);
/* The SSO portal's GetRoleCredentials reply: "roleCredentials" with
 * "accessKeyId", "secretAccessKey", "sessionToken" and "expiration" (ms
 * since the epoch). */
enum shtui_status aws_creds_parse_sso_role_credentials(const char *json, size_t len,
						       struct aws_creds *out, struct buf *err);
/* A token of the SSO cache: "accessToken" (a heap string into *token,
 * free it with buf_free_secret) and "expiresAt" (ISO 8601), both
 * required. */
enum shtui_status aws_creds_parse_sso_token(const char *json, size_t len, char **token,
					    time_t *expires_at, struct buf *err);

/* The SSO cache file for a session name or legacy start URL:
 * ~/.aws/sso/cache/HEX.json, HEX the SHA-1 of `key`. Heap string; NULL
 * when out of memory. Any thread. */
char *aws_creds_sso_cache_path(const char *key);

/* Whether AWS_CONTAINER_CREDENTIALS_FULL_URI may be fetched, as the
 * current SDKs allow: any https URL; http only to a loopback address
 * (127.0.0.0/8, ::1, localhost) or the ECS and EKS agents
 * (169.254.170.2, 169.254.170.23, fd00:ec2::23). Any thread. */
bool aws_creds_container_url_allowed(const char *url);

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
 * why. Before returning it releases the calling thread's OpenSSL state
 * (OPENSSL_thread_stop), as it is meant to run on a thread that ends
 * next. */
enum shtui_status aws_creds_source_fetch(struct aws_creds_source *s, struct aws_creds *out,
					 struct buf *err);

/* A source that always holds these keys (tests, and credentials made
 * elsewhere). NULL when out of memory. */
struct aws_creds_source *aws_creds_source_new_static(const char *access_key_id,
						     const char *secret_access_key,
						     const char *session_token);

/* Forgets the current credentials (the service said they expired), so the
 * next peek misses and the chain is asked again. Keys a source was made
 * from stay. */
void aws_creds_source_invalidate(struct aws_creds_source *s);

/* The profile the source resolves (for messages). Borrowed, stable. */
const char *aws_creds_source_profile(const struct aws_creds_source *s);

#endif
