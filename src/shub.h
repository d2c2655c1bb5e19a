/* SPDX-License-Identifier: Apache-2.0 */
/* shub.h: the Security Hub operations shtui speaks: requests, replies, errors. */
#ifndef SHTUI_SHUB_H
#define SHTUI_SHUB_H

#include <stdbool.h>
#include <stddef.h>

#include "http.h"
#include "job.h"

/* X(id, operation, method, path) */
#define SHUB_OPS(X)                                                              \
	X(SHUB_DESCRIBE_HUB, "DescribeHub", "GET", "/accounts")                  \
	X(SHUB_ENABLE_SECURITY_HUB, "EnableSecurityHub", "POST", "/accounts")    \
	X(SHUB_GET_ADMINISTRATOR_ACCOUNT, "GetAdministratorAccount", "GET", "/administrator") \
	X(SHUB_GET_MASTER_ACCOUNT, "GetMasterAccount", "GET", "/master")         \
	X(SHUB_LIST_INVITATIONS, "ListInvitations", "GET", "/invitations")       \
	X(SHUB_GET_INVITATIONS_COUNT, "GetInvitationsCount", "GET", "/invitations/count") \
	X(SHUB_ACCEPT_ADMINISTRATOR_INVITATION, "AcceptAdministratorInvitation", "POST", "/administrator") \
	X(SHUB_ACCEPT_INVITATION, "AcceptInvitation", "POST", "/master")         \
	X(SHUB_DECLINE_INVITATIONS, "DeclineInvitations", "POST", "/invitations/decline") \
	X(SHUB_DELETE_INVITATIONS, "DeleteInvitations", "POST", "/invitations/delete") \
	X(SHUB_DISASSOCIATE_FROM_ADMINISTRATOR_ACCOUNT, "DisassociateFromAdministratorAccount", "POST", "/administrator/disassociate") \
	X(SHUB_DISASSOCIATE_FROM_MASTER_ACCOUNT, "DisassociateFromMasterAccount", "POST", "/master/disassociate")

enum shub_op {
#define SHUB_OP_ENUM(id, name, method, path) id,
	SHUB_OPS(SHUB_OP_ENUM)
#undef SHUB_OP_ENUM
	SHUB_N_OPS
};

/* The operation's API name, e.g. "ListInvitations". Any thread. */
const char *shub_op_name(enum shub_op op);
/* True for the calls that change the service's state. */
bool shub_op_changes_state(enum shub_op op);

/* An operation's inputs. Strings are borrowed: shub_job_new copies them. */
struct shub_params {
	const char *administrator_id;   /* accept (MasterId for the legacy call) */
	const char *invitation_id;      /* accept */
	const char *const *account_ids; /* decline, delete */
	size_t n_account_ids;
	int enable_default_standards;   /* -1 unset, 0 false, 1 true */
	const char *hub_arn;            /* describe-hub */
	int max_results;                /* list page size; 0 = 50 */
	bool no_fallback;               /* never retry denied calls with the legacy API */
};

/*
 * Builds a job that runs `op` against `endpoint` (scheme://host[:port][/base],
 * from endpoint_resolve or an override) in `region`, with every page
 * fetched and merged, and the legacy-API fallback for accept and
 * disassociate when IAM denies the new action. The caller hands it to
 * worker_submit(). Returns NULL when out of memory.
 */
struct job *shub_job_new(enum shub_op op, const struct shub_params *p,
			 const char *endpoint, const char *region,
			 struct aws_creds_source *source);

/* The request body of a Security Hub job's operation, "{}" when it has
 * none (heap; NULL when out of memory): the parameters the journal keeps. */
char *shub_job_body(const struct job *job);

/* The operation a finished job last called (after any fallback). */
enum shub_op shub_job_op(const struct job *job);

/*
 * Reads a rest-json error reply the way the AWS SDKs do: the code from
 * x-amzn-ErrorType (cut at ':'), else the body's Code/code, else __type
 * after '#', else the HTTP status; the message from Message/message.
 * Any thread.
 */
void shub_parse_error(const struct http_reply *reply, struct job_error *err);

/*
 * Member status as the console reads it: compared case-insensitively,
 * "Associated" counting as "Enabled". Any thread.
 */
bool shub_status_is(const char *member_status, const char *want);
bool shub_status_enabled(const char *member_status);

/*
 * The one-line diagnosis shtui adds to a service error, when it knows the
 * cause: Security Hub not enabled, a region not opted in, an SCP or IAM
 * denial, an expired token, a clock that is off, a wrong secret. Appends
 * it to `hint` and returns its text, or NULL when there is none. Any thread.
 */
const char *shub_error_hint(const struct job_error *e, const char *region, struct buf *hint);

#endif
