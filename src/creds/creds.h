/* SPDX-License-Identifier: Apache-2.0 */
/* creds/creds.h: what the credential providers share: one walk of the chain, the link signature and the helpers of every provider. Private to src/creds/ and aws_creds.c. */
#ifndef SHTUI_CREDS_CREDS_H
#define SHTUI_CREDS_CREDS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "aws_config.h"
#include "buf.h"
#include "status.h"

struct aws_creds;
struct aws_creds_source;
struct job;

#define CREDS_NONE_MSG \
	"Unable to locate credentials. You can configure credentials by running \"aws configure\"."

/* botocore's UnauthorizedSSOTokenError, naming the profile to log in with. */
#define CREDS_SSO_LOGIN_MSG \
	"The SSO session associated with this profile has expired or is otherwise invalid. " \
	"To refresh this SSO session run aws sso login --profile %s"

/* A chain of source profiles longer than this is refused. */
#define CREDS_MAX_HOPS 32
/* Files with credentials larger than this are not credentials. */
#define CREDS_MAX_FILE (1u << 20)

/* One walk of the chain for one source. */
struct creds_chain {
	struct aws_creds_source *owner;      /* the source being resolved */
	const char *const *visited;          /* profiles seen on the way, visited[0] first */
	size_t n_visited;
	bool nested;                         /* resolving a role's source: no notes */
	struct buf looked;                   /* "; "-separated notes on where it looked */
};

/*
 * One link of the chain, for the profile in `cfg`: SHTUI_ENOCREDS when it
 * has nothing to offer (the chain goes on); SHTUI_OK with the keys in
 * `out`, or with *fetch a job that will get them (run by the worker; its
 * reply leaves them in job->got); anything else, with the message in
 * `err`, stops the chain. Never blocks. Worker thread.
 */
typedef enum shtui_status (*creds_link_fn)(struct creds_chain *ch, const struct aws_config *cfg,
					   struct aws_creds *out, struct job **fetch,
					   struct buf *err);

/* The links, one file each. */
enum shtui_status creds_files_env(struct creds_chain *ch, const struct aws_config *cfg,
				  struct aws_creds *out, struct job **fetch, struct buf *err);
enum shtui_status creds_files_credentials(struct creds_chain *ch, const struct aws_config *cfg,
					  struct aws_creds *out, struct job **fetch,
					  struct buf *err);
enum shtui_status creds_files_config(struct creds_chain *ch, const struct aws_config *cfg,
				     struct aws_creds *out, struct job **fetch, struct buf *err);
enum shtui_status creds_role(struct creds_chain *ch, const struct aws_config *cfg,
			     struct aws_creds *out, struct job **fetch, struct buf *err);
enum shtui_status creds_web_identity(struct creds_chain *ch, const struct aws_config *cfg,
				     struct aws_creds *out, struct job **fetch, struct buf *err);
enum shtui_status creds_sso(struct creds_chain *ch, const struct aws_config *cfg,
			    struct aws_creds *out, struct job **fetch, struct buf *err);
enum shtui_status creds_process(struct creds_chain *ch, const struct aws_config *cfg,
				struct aws_creds *out, struct job **fetch, struct buf *err);
enum shtui_status creds_metadata_container(struct creds_chain *ch, const struct aws_config *cfg,
					   struct aws_creds *out, struct job **fetch,
					   struct buf *err);
enum shtui_status creds_metadata_imds(struct creds_chain *ch, const struct aws_config *cfg,
				      struct aws_creds *out, struct job **fetch, struct buf *err);

/* The environment's keys (AWS_ACCESS_KEY_ID, ...), whatever --profile
 * says: credential_source = Environment reads them too. */
enum shtui_status creds_files_env_keys(struct aws_creds *out, struct buf *err);

/* The chain in botocore's order for the profile in `cfg`. */
enum shtui_status creds_chain_walk(struct creds_chain *ch, const struct aws_config *cfg,
				   struct aws_creds *out, struct job **fetch, struct buf *err);
/* botocore's _resolve_credentials_from_profile: a source_profile with
 * keys, or without a role, answers through its own links; else its role
 * is assumed. */
enum shtui_status creds_chain_source_profile(struct creds_chain *ch, const struct aws_config *cfg,
					     struct aws_creds *out, struct job **fetch,
					     struct buf *err);

/* Adds a note on where the chain looked, for the "nothing found" message. */
void creds_chain_note(struct creds_chain *ch, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Copies the three strings into `out`, all or nothing; an empty token is
 * none. SHTUI_ENOMEM with the message in `err`. */
enum shtui_status creds_fill(struct aws_creds *out, const char *akid, const char *secret,
			     const char *token, struct buf *err);
/* "Partial credentials found in PROVIDER, missing: WHAT"; SHTUI_ECONFIG. */
enum shtui_status creds_partial(struct buf *err, const char *provider, const char *missing);
/* getenv() with "" counted as unset. */
const char *creds_env(const char *name);
/* Reads a whole (small) file; SHTUI_ENOENT, SHTUI_EIO (errno kept). */
enum shtui_status creds_read_file(const char *path, struct buf *out);
/* Wipes every string of a parsed document, then frees it. */
void creds_json_free(cJSON *j);
/* A string member, or NULL. */
const char *creds_json_str(const cJSON *o, const char *name);
/* "Could not connect to the endpoint URL" and the transport's words, for
 * a fetch job's error (botocore's words for a transport failure). */
void creds_transport_error(struct buf *err, const char *url, const char *why);
/* An unsigned request for a fetch job: method, URL and operation name. */
enum shtui_status creds_request(struct job *job, const char *method, const char *url,
				const char *operation);
/* Sets a fetch job's error: JOB_ERR_CONFIG with `msg`. */
void creds_job_fail(struct job *job, const char *msg);
/* Ends a fetch job's reply: with a message in `msg` the job fails with it
 * and what it got is dropped. Frees `msg`. */
void creds_job_settle(struct job *job, struct buf *msg);
/* Writes `text` to `path` as a private file (0600, its folders 0700 when
 * new), whole or not at all (a temporary file renamed over it). Best
 * effort: false when it could not. */
bool creds_write_private(const char *path, const char *text);
/* The STS endpoint of `cfg` (endpoint_url_sts, else the regional one of
 * cfg->region, us-east-1 without one) with a trailing '/', and the region
 * to sign for: heap strings. */
enum shtui_status creds_sts_endpoint(const struct aws_config *cfg, char **url, char **region,
				     struct buf *err);
/* A fetch job for the keys of `role` in `account` through the portal of
 * the SSO session `cfg`'s profile names (its token refreshed as for the
 * profile's own role). Worker thread. */
enum shtui_status creds_sso_role_job(const struct aws_config *cfg, const char *account,
				     const char *role, struct job **fetch, struct buf *err);

/* A fetch job assuming `role_arn` with `from`'s keys (creds/role.h has
 * the whole of it). */
enum shtui_status creds_role_assume(const char *role_arn, const char *session_name,
				    const char *external_id, int duration_seconds,
				    const struct aws_config *cfg, struct aws_creds_source *from,
				    struct job **fetch, struct buf *err);

/* The per-source child that holds a role's source credentials, made once:
 * a view of the owner's files through `profile` (a source_profile, with
 * `visited` the profiles seen before it), or, with profile NULL, the
 * credential_source `kind` ("Environment", "EcsContainer",
 * "Ec2InstanceMetadata"). Borrowed from the owner. */
struct aws_creds_source *aws_creds_source_child(struct aws_creds_source *owner,
						const char *profile, const char *kind,
						const char *const *visited, size_t n_visited,
						struct buf *err);

#endif
