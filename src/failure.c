/* SPDX-License-Identifier: Apache-2.0 */
/* failure.c: the whole of a failed call, kept for the details view: operation, the service's code and message, our hint, request ID, time. */
#include "config.h"

#include "failure.h"

#include <stdlib.h>
#include <string.h>

#include "shub.h"

static char *dup0(const char *s)
{
	return s ? strdup(s) : NULL;
}

void failure_done(struct failure *f)
{
	free(f->operation);
	free(f->region);
	free(f->code);
	free(f->message);
	free(f->hint);
	free(f->request_id);
	memset(f, 0, sizeof *f);
}

bool failure_any(const struct failure *f)
{
	return f->operation != NULL;
}

void failure_note(struct failure *f, const struct job *j)
{
	failure_done(f);
	bool shub = j->service && strcmp(j->service, "securityhub") == 0;
	f->operation = strdup(shub ? shub_op_name(shub_job_op(j)) : "GetCallerIdentity");
	f->region = dup0(j->region);
	f->code = dup0(j->err.code);
	f->message = dup0(j->err.message);
	f->request_id = dup0(j->err.request_id);
	f->http_status = j->err.status;
	f->attempts = j->requests_sent;
	f->when = time(NULL);
	struct buf hint;
	buf_init(&hint);
	if (shub_error_hint(&j->err, j->region ? j->region : "", &hint))
		f->hint = buf_steal(&hint);
	buf_done(&hint);
}
