/* SPDX-License-Identifier: Apache-2.0 */
/* aws_creds.h: credentials as the AWS CLI v2 finds them: key pairs, and the sources that resolve, cache and refresh them. */
#ifndef SHTUI_AWS_CREDS_H
#define SHTUI_AWS_CREDS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "aws_config.h"
#include "buf.h"
#include "status.h"

struct job;

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

/* Credentials this close to their expiry are fetched again. */
#define AWS_CREDS_REFRESH_MARGIN 300

/*
 * A way to credentials, shared by every call that uses them, resolved at
 * most once at a time and refreshed before the keys expire. Made on any
 * thread; resolved by the worker (aws_creds_source_begin/_end), which
 * runs every network call and helper process of the chain as a job.
 * Reference-counted; ref, unref, peek, invalidate and profile are
 * thread-safe.
 *
 * A source made from a profile walks the chain in botocore's order; the
 * first link that answers wins:
 *
 *  - "env": AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, the token from
 *    AWS_SECURITY_TOKEN or else AWS_SESSION_TOKEN, the expiry from
 *    AWS_CREDENTIAL_EXPIRATION. Skipped when --profile was given.
 *  - "assume-role": role_arn (without web_identity_token_file), from
 *    source_profile (chains of any length; loops are botocore's "Infinite
 *    loop in credential configuration detected") or credential_source
 *    (Environment, EcsContainer, Ec2InstanceMetadata); STS AssumeRole with
 *    role_session_name, external_id, duration_seconds and an MFA code asked
 *    of the front end (creds/role.h). Answers are kept in the AWS CLI's
 *    cache, ~/.aws/cli/cache/KEY.json with its key, and taken from it while
 *    they have 15 minutes left, so either tool serves the other.
 *  - "assume-role-with-web-identity": AWS_WEB_IDENTITY_TOKEN_FILE and
 *    AWS_ROLE_ARN (AWS_ROLE_SESSION_NAME) unless --profile was given, or
 *    the profile's web_identity_token_file and role_arn: STS
 *    AssumeRoleWithWebIdentity, unsigned, the token file read at each
 *    fetch.
 *  - "sso": sso_session or the legacy sso_start_url; the token of the SSO
 *    cache, refreshed through SSO OIDC CreateToken with its refresh token
 *    when it has expired (the cache written back), then the portal's
 *    GetRoleCredentials (FIPS and dual-stack as the rule set says).
 *  - "shared-credentials-file", "custom-process" (credential_process, run
 *    by the worker as a child), "config-file".
 *  - "container-role": the container agent (EKS Pod Identity's token
 *    file read at every fetch).
 *  - "iam-role": EC2 instance metadata, IMDSv2 first.
 *
 * A profile that names a source and configures it wrongly stops the chain
 * with that profile's error: it never falls through to another identity.
 */
struct aws_creds_source;

/* Takes over the loaded `cfg` (left empty, as after aws_config_init).
 * NULL when out of memory (then `cfg` is untouched). */
struct aws_creds_source *aws_creds_source_new(struct aws_config *cfg);
/* A source that always holds these keys. NULL when out of memory. */
struct aws_creds_source *aws_creds_source_new_static(const char *access_key_id,
						     const char *secret_access_key,
						     const char *session_token);

/* The parameters of a role to assume into; NULL or 0 leaves one out. */
struct aws_creds_role {
	const char *role_arn;
	const char *role_session_name;   /* NULL: shtui-session-TIME */
	const char *external_id;
	int duration_seconds;
};

/* A source that assumes `role` with the keys of `base` (a reference is
 * taken): one AssumeRole per source, whatever number of calls use it.
 * NULL when out of memory. */
struct aws_creds_source *aws_creds_source_new_role(struct aws_creds_source *base,
						   const struct aws_creds_role *role);

/* A source for the keys of `role` in `account` through the portal of the
 * SSO session of `base`'s profile (its cached token): one
 * GetRoleCredentials per source. `role` NULL: none was chosen, and every
 * resolution fails saying so. NULL when out of memory. */
struct aws_creds_source *aws_creds_source_new_sso_role(struct aws_creds_source *base,
						       const char *account, const char *role);

struct aws_creds_source *aws_creds_source_ref(struct aws_creds_source *s);
void aws_creds_source_unref(struct aws_creds_source *s);

/* A copy of the current credentials when they are usable at `now`
 * (present and not within AWS_CREDS_REFRESH_MARGIN of expiring, or
 * expiring sooner than that but never refreshable). Never blocks. */
bool aws_creds_source_peek(struct aws_creds_source *s, time_t now, struct aws_creds *out);

/* Forgets the current credentials (the service said they expired), so the
 * next peek misses and the chain is asked again. */
void aws_creds_source_invalidate(struct aws_creds_source *s);

/* Why the last resolution failed (a heap copy), or NULL. A failure
 * stands, and fails every call that needs these keys with its words,
 * until aws_creds_source_retry(): a question the user declined (an MFA
 * code) is not asked again by the next call. */
char *aws_creds_source_failure(struct aws_creds_source *s);
/* Lets the next call resolve again (the user asked to read again): the
 * source's failure, and that of the sources its keys come from, go. */
void aws_creds_source_retry(struct aws_creds_source *s);

/* The profile the source resolves (for messages). Borrowed, stable. */
const char *aws_creds_source_profile(const struct aws_creds_source *s);
/* The settings it resolves with: its profile's own, over the files that
 * every profile loaded from the same reading shares (cfg->files). Borrowed,
 * read-only, as long as the source. Any thread. */
const struct aws_config *aws_creds_source_config(const struct aws_creds_source *s);

/*
 * Starts resolving `s`. Returns SHTUI_OK with the keys in `out` when they
 * are known at once (files, the environment), or SHTUI_OK with *fetch a
 * job that gets them, for the worker to run (its reply leaves them in
 * job->got); anything else with the message in `err`. Never blocks.
 * Worker thread only.
 */
enum shtui_status aws_creds_source_begin(struct aws_creds_source *s, struct aws_creds *out,
					 struct job **fetch, struct buf *err);
/* Ends a resolution: keeps a copy of `got`, or, with `got` NULL, forgets
 * the keys (`why` said what failed). Keys that arrive already expired are
 * refused (botocore's words in `err`, SHTUI_ECONFIG), so a refresh never
 * loops. Worker thread only. */
enum shtui_status aws_creds_source_end(struct aws_creds_source *s, const struct aws_creds *got,
				       const char *why, struct buf *err);
/* Whether a resolution of `s` is under way. Worker thread only. */
bool aws_creds_source_busy(const struct aws_creds_source *s);
void aws_creds_source_set_busy(struct aws_creds_source *s, bool busy);

#endif
