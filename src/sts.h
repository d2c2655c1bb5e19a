/* SPDX-License-Identifier: Apache-2.0 */
/* sts.h: AWS STS over the query protocol: who the credentials act as. */
#ifndef SHTUI_STS_H
#define SHTUI_STS_H

#include "http.h"
#include "job.h"

/*
 * A job calling GetCallerIdentity at `endpoint` (scheme://host[:port]).
 * Its result is {"UserId", "Account", "Arn"}, as the AWS CLI prints it.
 * NULL when out of memory.
 */
struct job *sts_get_caller_identity_new(const char *endpoint, const char *region,
					struct aws_creds_source *source);

/* The parameters of an AssumeRole call; NULL (or 0) leaves one out. */
struct sts_assume_role_params {
	const char *role_arn;
	const char *role_session_name;
	const char *external_id;
	const char *serial_number;     /* the MFA device, with token_code */
	const char *token_code;
	int duration_seconds;
};

/* Appends the form body of an AssumeRole call (Action, Version, then the
 * parameters, each value percent-encoded as botocore's query serializer
 * does). The body holds the MFA code: wipe it (buf_done does). Any
 * thread. */
void sts_assume_role_body(struct buf *out, const struct sts_assume_role_params *p);

/*
 * Reads the <Credentials> of an AssumeRole (or AssumeRoleWithWebIdentity)
 * reply into `out` (initialised by the caller; what it held is wiped):
 * AccessKeyId, SecretAccessKey, SessionToken and Expiration, all
 * required. SHTUI_EPARSE with the reason in `err` otherwise; the reply is
 * never quoted (it holds secrets). Any thread.
 */
enum shtui_status sts_parse_assume_role(const char *xml, size_t len, struct aws_creds *out,
					struct buf *err);

/* Reads an STS XML error reply (<Error><Code>, <Message>, <RequestId>). */
void sts_parse_error(const struct http_reply *reply, struct job_error *err);

/*
 * The text of the first <tag>...</tag> in `xml` (len bytes), entities
 * decoded, as a heap string; NULL when absent. Any thread.
 */
char *sts_xml_text(const char *xml, size_t len, const char *tag);

#endif
