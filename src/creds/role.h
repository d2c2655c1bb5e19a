/* SPDX-License-Identifier: Apache-2.0 */
/* creds/role.h: STS AssumeRole as a credential fetch, the AWS CLI's cache of its answers, and the MFA question it may ask the front end. */
#ifndef SHTUI_CREDS_ROLE_H
#define SHTUI_CREDS_ROLE_H

#include <stdbool.h>

#include "aws_config.h"
#include "buf.h"
#include "status.h"

struct aws_creds_source;
struct job;

/* One AssumeRole: borrowed strings, NULL or 0 for what is left out. */
struct creds_role_call {
	const char *role_arn;
	const char *role_session_name;   /* NULL: shtui-session-TIME */
	const char *external_id;
	const char *serial_number;       /* an MFA device: the front end is asked for a code */
	int duration_seconds;
	const char *profile;             /* for messages and the MFA question */
};

/*
 * A fetch job that assumes `call->role_arn` with the keys of `from` at
 * the STS endpoint `cfg` names (endpoint_url_sts, else the regional one
 * of cfg->region, us-east-1 without one), answered from the AWS CLI's
 * cache (~/.aws/cli/cache) while the cached keys have 15 minutes left,
 * and written to it after. With an MFA device, the job first goes to the
 * front end (job->ask == JOB_ASK_MFA). Worker thread.
 */
enum shtui_status creds_role_job(const struct creds_role_call *call, const struct aws_config *cfg,
				 struct aws_creds_source *from, struct job **fetch,
				 struct buf *err);

/* Whether `job` waits for an MFA code: the profile and the device
 * (borrowed from the job). Front end (UI thread or the command's thread). */
bool creds_role_mfa_question(const struct job *job, const char **profile, const char **serial);
/* Gives `job` the code, or, with `code` NULL, says why there is none
 * (`why`, NULL: the user declined), and the fetch fails with that; then
 * submit the job to the worker again. */
void creds_role_mfa_answer(struct job *job, const char *code, const char *why);

/* The AWS CLI's cache key of an AssumeRole: the hex SHA-1 of the JSON of
 * its arguments (sorted keys, Python's separators), RoleSessionName
 * included only when the profile names one. Heap string, NULL when out
 * of memory. Any thread. */
char *creds_role_cache_key(const struct creds_role_call *call);

#endif
