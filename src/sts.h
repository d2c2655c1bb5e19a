/* SPDX-License-Identifier: Apache-2.0 */
/* sts.h: AWS STS over the query protocol: who the credentials act as. */
#ifndef SHTUI_STS_H
#define SHTUI_STS_H

#include "http.h"
#include "worker.h"

/*
 * A job calling GetCallerIdentity at `endpoint` (scheme://host[:port]).
 * Its result is {"UserId", "Account", "Arn"}, as the AWS CLI prints it.
 * NULL when out of memory.
 */
struct job *sts_get_caller_identity_new(const char *endpoint, const char *region,
					struct aws_creds_source *source);

/* Reads an STS XML error reply (<Error><Code>, <Message>, <RequestId>). */
void sts_parse_error(const struct http_reply *reply, struct job_error *err);

/*
 * The text of the first <tag>...</tag> in `xml` (len bytes), entities
 * decoded, as a heap string; NULL when absent. Any thread.
 */
char *sts_xml_text(const char *xml, size_t len, const char *tag);

#endif
