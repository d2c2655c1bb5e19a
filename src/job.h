/* SPDX-License-Identifier: Apache-2.0 */
/* job.h: a unit of network work: its operation table, parameters, outcome and error kinds, shared by the worker, the services and the credential providers. */
#ifndef SHTUI_JOB_H
#define SHTUI_JOB_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <cjson/cJSON.h>

#include "aws_creds.h"
#include "http.h"
#include "status.h"

/*
 * What went wrong with a job, as the user should hear it.
 *
 * JOB_ERR_UNKNOWN_OUTCOME is for a call that changes state (any request
 * but a GET, except to STS) when the request may have reached the service
 * but no usable reply came back: the connection broke or timed out after
 * the request was sent, the reply was cut short, unreadable or too large
 * although its status said success, or the job was cancelled in flight.
 * The service may or may not have acted, so the caller must read the
 * state again and must not say "failed" or "done". Such a call is never
 * retried: a second accept or decline could fail only because the first
 * one worked.
 */
#define JOB_ERROR_KINDS(X)                                     \
	X(JOB_ERR_NONE, "none")                                \
	X(JOB_ERR_SERVICE, "the service answered with an error") \
	X(JOB_ERR_NETWORK, "network error")                    \
	X(JOB_ERR_REPLY, "unparseable reply")                  \
	X(JOB_ERR_CONFIG, "configuration or credentials")      \
	X(JOB_ERR_CANCELLED, "cancelled")                      \
	X(JOB_ERR_UNKNOWN_OUTCOME, "the outcome is unknown")

enum job_error_kind {
#define JOB_ERR_ENUM(name, text) name,
	JOB_ERROR_KINDS(JOB_ERR_ENUM)
#undef JOB_ERR_ENUM
};

struct job_error {
	enum job_error_kind kind;
	long status;          /* HTTP status, 0 when none */
	char *code;           /* the service's code, e.g. "InvalidAccessException" */
	char *message;        /* the service's message, or ours for transport errors */
	char *request_id;
};

void job_error_clear(struct job_error *e);
/* Sets a non-service error with a printf-style message. */
void job_error_set(struct job_error *e, enum job_error_kind kind,
		   const char *fmt, ...) __attribute__((format(printf, 3, 4)));

struct job;

/* What the operation does after a reply. */
enum job_next {
	JOB_DONE,   /* result or error is final */
	JOB_NEXT,   /* job->req holds the next request (a page, a fallback) */
};

/*
 * An operation's driver, called on the worker thread only.
 * start: fill job->req with the first request.
 * parse_error: read a non-2xx reply's code, message and request id.
 * reply: called once per logical request after retries are over, with
 *   job->err set when it failed; sets job->result or job->err, or
 *   prepares the next request.
 */
struct job_ops {
	const char *name;
	enum shtui_status (*start)(struct job *job);
	void (*parse_error)(const struct http_reply *reply, struct job_error *err);
	enum job_next (*reply)(struct job *job, const struct http_reply *reply);
	void (*free_data)(void *data);
};

/*
 * A unit of work. Made by the caller (shub_job_new, sts_job_new), owned by
 * the worker from worker_submit() until worker_take() hands it back, then
 * freed with job_free(). Between those the caller must not touch it.
 */
/* What a job may need from the front end before it can go on. */
enum job_ask {
	JOB_ASK_NONE,
	JOB_ASK_MFA,      /* a code from an MFA device (aws_creds_job_mfa_*) */
};

/* A child process run in place of a request (credential_process). The
 * worker fills it; the operation's reply() reads it. */
struct job_child {
	pid_t pid;                /* 0 when none is running */
	int out_fd, err_fd;       /* -1 once read to the end */
	struct buf out;           /* stdout, at most JOB_CHILD_MAX_OUT bytes kept (wiped) */
	struct buf err;           /* stderr, at most JOB_CHILD_MAX_ERR bytes kept */
	int status;               /* as waitpid() reports it */
	bool started;             /* it ran (else out holds why it could not) */
	bool timed_out;
	int64_t deadline_ms;
};

#define JOB_CHILD_MAX_OUT (1u << 20)
#define JOB_CHILD_MAX_ERR 4096u

struct job {
	uint64_t seq;             /* set by worker_submit */
	const struct job_ops *ops;
	void *data;               /* the operation's own state */
	void *user;               /* the caller's tag (e.g. a context) */
	int user_kind;            /* the caller's tag (e.g. which call) */

	/* Credentials and scope. The job holds a reference to the source and,
	 * worker-side, a copy of the keys it signs with (wiped on free). */
	struct aws_creds_source *source;
	char *region;
	const char *service;      /* static string */

	struct http_request req;  /* the current request */

	/* Outcome. */
	cJSON *result;            /* the reply's JSON (pages merged), or NULL */
	struct job_error err;
	long skew_seconds;        /* clock correction applied, 0 when none */
	char *note;               /* what else the user should know (a fallback taken) */
	int requests_sent;        /* HTTP requests that went out */

	/* A credential fetch, made by the chain and run by the worker for a
	 * source: the source it fetches for (a reference), and what it got. */
	struct aws_creds_source *fetch_for;
	struct aws_creds got;
	int max_attempts;         /* 0: the worker's setting */
	char *ca_bundle;          /* the CA bundle of its profile; NULL: the worker's */
	/* Set by start() when the front end must answer first: the worker
	 * hands the job back through worker_take(); the front end answers and
	 * submits it again. */
	enum job_ask ask;
	/* Set by start() or reply() when the job is over without (another)
	 * request, e.g. an answer from a cache. */
	bool finished;
	/* A child process in place of a request: start() sets the argv (a
	 * heap argv, aws_config_argv_free'd with the job), the worker runs it
	 * with stdin from /dev/null, and calls reply() when it has ended. */
	char **child_argv;
	long child_timeout_ms;
	struct job_child child;

	/* Worker-private. */
	struct aws_creds creds;
	bool creds_fresh;         /* just fetched: use once even if near expiry */
	bool waiting_creds;
	struct job *next;
	struct job *prev;
	struct http_xfer xfer;
	int attempt;
	int last_retry_cost;
	bool skew_retried;
	bool token_retried;       /* credentials fetched again after ExpiredToken */
	bool in_flight;
	bool over;                /* handed back (or to its source): no more passes */
	bool cancelled;
	bool reply_lost;          /* the last attempt may have been acted on, no reply came */
	int64_t due_ms;
};

/* Allocates a job with a reference to `source` and a copy of `region`. */
struct job *job_new(const struct job_ops *ops, void *data,
		    struct aws_creds_source *source, const char *region,
		    const char *service);
void job_free(struct job *job);

/* A job that asks for nothing but `source`'s keys: once the worker has
 * them it hands the job back with a copy in job->got (or the source's
 * error). NULL when out of memory. */
struct job *job_new_probe(struct aws_creds_source *source);

/* Whether `job`'s current request changes the service's state: anything
 * but a GET, except STS calls (shtui only asks STS who it is or for
 * credentials) and credential fetches. Any thread that owns the job. */
bool job_changes_state(const struct job *job);

/* The text of a job error kind, from JOB_ERROR_KINDS. Any thread. */
const char *job_error_kind_str(enum job_error_kind kind);

#endif
