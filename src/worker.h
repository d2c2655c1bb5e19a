/* SPDX-License-Identifier: Apache-2.0 */
/* worker.h: the network thread: a curl multi loop running jobs, with retries, skew correction, and a wake pipe for results. */
#ifndef SHTUI_WORKER_H
#define SHTUI_WORKER_H

#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "http.h"
#include "job.h"
#include "status.h"

struct worker_opts {
	int max_concurrency;      /* default 16 */
	int max_attempts;         /* default 3, counting the first */
	struct http_opts http;
};

struct worker;

/* Starts the network thread, with every asynchronous signal blocked in it
 * (and in the threads it starts), so signal handlers run on the caller's
 * thread. UI thread (or the CLI's main thread). */
struct worker *worker_new(const struct worker_opts *opts, struct buf *err);
/* Stops at once: transfers in flight are dropped, never waited for. */
void worker_free(struct worker *w);
/* The fd to poll() for readability: a byte arrives per finished job. */
int worker_wake_fd(const struct worker *w);
/* Hands a job to the worker; returns its sequence number. */
uint64_t worker_submit(struct worker *w, struct job *job);
/* Asks the worker to drop a job; it comes back with JOB_ERR_CANCELLED. */
void worker_cancel(struct worker *w, uint64_t seq);
/* The next finished job, or NULL. Take until NULL before polling the wake
 * fd again: the NULL call reads the wake bytes of the jobs taken. One
 * taking thread. */
struct job *worker_take(struct worker *w);
/* Jobs submitted and not yet taken back. */
int worker_pending(struct worker *w);

#endif
