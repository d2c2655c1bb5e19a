/* SPDX-License-Identifier: Apache-2.0 */
/* failure.h: the whole of a failed call, kept for the details view: operation, the service's code and message, our hint, request ID, time. */
#ifndef SHTUI_FAILURE_H
#define SHTUI_FAILURE_H

#include <stdbool.h>
#include <time.h>

#include "worker.h"

/* Heap strings (untrusted ones as the service sent them); all NULL when
 * nothing has failed. Caller-owned: zero it to start, failure_done() to
 * free. */
struct failure {
	char *operation;     /* "ListInvitations", "GetCallerIdentity" */
	char *region;        /* where it was sent */
	char *code;          /* the service's code, NULL for transport errors */
	char *message;       /* the service's message, or what went wrong */
	char *hint;          /* our diagnosis, NULL when we have none */
	char *request_id;
	long http_status;    /* 0 when no reply came */
	int attempts;        /* HTTP requests sent, retries included */
	time_t when;
};

/* Replaces *f with what the failed job `j` says (j->err set). UI thread. */
void failure_note(struct failure *f, const struct job *j);
void failure_done(struct failure *f);
/* Whether anything has failed. */
bool failure_any(const struct failure *f);

#endif
