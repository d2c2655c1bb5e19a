/* SPDX-License-Identifier: Apache-2.0 */
/* creds/sso.h: where "aws sso login" keeps its tokens. */
#ifndef SHTUI_CREDS_SSO_H
#define SHTUI_CREDS_SSO_H

#include "aws_config.h"
#include "buf.h"
#include "status.h"

struct job;

/* The SSO cache file for a session name or legacy start URL:
 * ~/.aws/sso/cache/HEX.json, HEX the SHA-1 of `key`. Heap string; NULL
 * when out of memory. Any thread. */
char *creds_sso_cache_path(const char *key);


/* An unsigned job that lists, every page, the session's roles in
 * `account` (ListAccountRoles); job->result is the JSON array of roleList
 * items. A token that is missing or expired fails it with the AWS CLI's
 * advice to log in (JOB_ERR_CONFIG). Any thread. */
enum shtui_status creds_sso_roles_job(const struct aws_config *cfg, const char *account,
				      struct job **job, struct buf *err);
/* One page of ListAccounts, from `next_token` (NULL: the first page):
 * job->result is {"accountList": [...], "nextToken": "..."}, no nextToken
 * on the last page, so the caller can act on each page as it comes and
 * ask for the next. The same failures. Any thread. */
enum shtui_status creds_sso_accounts_page_job(const struct aws_config *cfg, const char *next_token,
					      struct job **job, struct buf *err);

#endif
