/* SPDX-License-Identifier: Apache-2.0 */
/* worker.c: the network thread: a curl multi loop running jobs, with retries, skew correction, and a wake pipe for results. */
#include "config.h"

#include "worker.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "aws_creds.h"
#include "child.h"
#include "isotime.h"
#include "log.h"
#include "retry.h"

struct worker {
	struct worker_opts opts;
	pthread_t thread;
	bool thread_started;
	CURLM *multi;
	int result_pipe[2];

	pthread_mutex_t lock;     /* guards everything below */
	struct job *incoming;     /* submitted, not yet seen by the thread */
	size_t owed;              /* wake bytes of jobs taken, not yet read (the taker's) */
	struct job *done;         /* finished, not yet taken */
	struct job **done_tail;
	uint64_t *cancels;
	size_t n_cancels, cap_cancels;
	uint64_t next_seq;
	int pending;
	bool stop;

	/* Worker thread only. */
	struct job *jobs;         /* every job the thread holds, oldest first */
	struct job *jobs_tail;
	struct job *iter_next;    /* where a walk of `jobs` goes on, kept right by unlinking */
	struct job *outbox;       /* finished this turn, handed back at its end */
	struct job **outbox_tail;
	CURL **idle;              /* easy handles kept for connection reuse */
	size_t n_idle;
	int active;
	long clock_offset;        /* server time - local time, learnt from skew */
	struct retry_bucket bucket;
	uint64_t rng;
	int children;             /* credential helpers running */
	bool again;               /* work became ready during a pass: pass again at once */
	struct job *ended;        /* finished fetches, freed once no pass can see them */
};

static double rand01(struct worker *w)
{
	/* xorshift64*: jitter only, not security. */
	w->rng ^= w->rng >> 12;
	w->rng ^= w->rng << 25;
	w->rng ^= w->rng >> 27;
	return (double)((w->rng * 2685821657736338717ULL) >> 11) / 9007199254740992.0;
}

/* ---- worker thread ---- */

static void fetch_end(struct worker *w, struct job *j);

/* A job is over (or must ask the front end something): it goes back to
 * its submitter, or, for a credential fetch, to the source it fetches
 * for. */
static void jobs_append(struct worker *w, struct job *j)
{
	j->next = NULL;
	j->prev = w->jobs_tail;
	if (w->jobs_tail)
		w->jobs_tail->next = j;
	else
		w->jobs = j;
	w->jobs_tail = j;
}

static void jobs_unlink(struct worker *w, struct job *j)
{
	if (w->iter_next == j)
		w->iter_next = j->next;
	if (j->prev)
		j->prev->next = j->next;
	else
		w->jobs = j->next;
	if (j->next)
		j->next->prev = j->prev;
	else
		w->jobs_tail = j->prev;
	j->next = j->prev = NULL;
}

/* A job is over (or must ask the front end something): it goes back to
 * its submitter at the end of this turn, or, for a credential fetch, to
 * the source it fetches for. Until the turn ends every job the turn has
 * seen stays in memory, so no walk of the list meets a freed one. */
static void finish(struct worker *w, struct job *j)
{
	jobs_unlink(w, j);
	j->over = true;
	http_xfer_done(&j->xfer);
	if (j->fetch_for && j->ask == JOB_ASK_NONE) {
		fetch_end(w, j);
		return;
	}
	*w->outbox_tail = j;
	w->outbox_tail = &j->next;
}

/* Hands this turn's finished jobs back, with a wake byte each. */
static void hand_back(struct worker *w)
{
	if (!w->outbox)
		return;
	size_t n = 0;
	pthread_mutex_lock(&w->lock);
	for (struct job *j = w->outbox; j; j = j->next) {
		n++;
		if (j->fetch_for)
			w->pending++;   /* made here, handed out: worker_take counts it back */
	}
	*w->done_tail = w->outbox;
	w->done_tail = w->outbox_tail;
	pthread_mutex_unlock(&w->lock);
	w->outbox = NULL;
	w->outbox_tail = &w->outbox;
	char bytes[64];
	memset(bytes, 'j', sizeof bytes);
	while (n > 0) {
		size_t k = n < sizeof bytes ? n : sizeof bytes;
		ssize_t r = write(w->result_pipe[1], bytes, k);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n -= (size_t)r;
	}
}

static CURL *get_easy(struct worker *w)
{
	if (w->n_idle)
		return w->idle[--w->n_idle];
	return curl_easy_init();
}

static void put_easy(struct worker *w, CURL *e)
{
	size_t cap = (size_t)w->opts.max_concurrency;
	if (w->n_idle < cap) {
		curl_easy_reset(e);
		w->idle[w->n_idle++] = e;
	} else {
		curl_easy_cleanup(e);
	}
}

static void send_request(struct worker *w, struct job *j)
{
	struct buf err;
	buf_init(&err);
	j->xfer.easy = get_easy(w);
	j->xfer.owner = j;
	struct http_signer signer = {
		.access_key_id = j->creds.access_key_id,
		.secret_access_key = j->creds.secret_access_key,
		.session_token = j->creds.session_token,
		.region = j->region,
		.service = j->service,
	};
	struct http_opts http = w->opts.http;
	if (j->ca_bundle)
		http.ca_bundle = j->ca_bundle;
	enum shtui_status st = SHTUI_ENOMEM;
	if (j->xfer.easy)
		st = http_xfer_prepare(&j->xfer, &j->req, j->source ? &signer : NULL,
				       time(NULL) + w->clock_offset, &http, &err);
	if (st == SHTUI_OK && curl_multi_add_handle(w->multi, j->xfer.easy) == CURLM_OK) {
		j->in_flight = true;
		j->requests_sent++;
		w->active++;
		if (log_enabled()) {
			char *body = log_body(j->req.body, j->req.body_len);
			log_debug("%s %s %s (attempt %d)%s%s", j->req.operation, j->req.method,
				  j->req.url, j->attempt, j->req.body ? ", body: " : "",
				  j->req.body && body ? body : "");
			free(body);
		}
	} else {
		if (j->xfer.easy)
			put_easy(w, j->xfer.easy);
		j->xfer.easy = NULL;
		job_error_set(&j->err, JOB_ERR_CONFIG, "%s",
			      err.len ? buf_str(&err) : "cannot start the request");
		finish(w, j);
	}
	buf_done(&err);
}

/* ---- credentials ---- */

/* Hands the outcome of resolving `source` to the jobs waiting on it: the
 * keys, or the error that fails each of them (in the source's words). */
static void wake_waiters(struct worker *w, struct aws_creds_source *source,
			 const struct aws_creds *creds, const char *why, long skew_seconds)
{
	w->again = true;
	/* Gathered first: failing one may end others (a fetch ends with it),
	 * and a job handed back may be freed by its taker at once. */
	size_t n = 0, cap = 0;
	struct job **ready = NULL;
	for (struct job *j = w->jobs; j; j = j->next) {
		if (j->source != source || !j->waiting_creds)
			continue;
		if (n == cap) {
			size_t c2 = cap ? cap * 2 : 16;
			struct job **r = realloc(ready, c2 * sizeof *r);
			if (!r)
				break;
			ready = r;
			cap = c2;
		}
		ready[n++] = j;
	}
	for (size_t i = 0; i < n; i++) {
		struct job *j = ready[i];
		j->waiting_creds = false;
		/* The clock was corrected on the way to its keys: the job
		 * reports it as if on its own call. */
		if (skew_seconds && !j->skew_seconds)
			j->skew_seconds = skew_seconds;
		const char *fail = why ? why : "no credentials";
		if (creds) {
			aws_creds_done(&j->creds);
			if (aws_creds_copy(creds, &j->creds) == SHTUI_OK) {
				j->creds_fresh = true;
				j->due_ms = 0;
				continue;
			}
			fail = "out of memory";
		}
		job_error_set(&j->err, JOB_ERR_CONFIG, "%s", fail);
		finish(w, j);
	}
	free(ready);
}

static void start_job(struct worker *w, struct job *j);

/* Starts resolving `source` unless that is already under way: one
 * resolution per source at a time, however many jobs wait on it. */
static void fetch_start(struct worker *w, struct aws_creds_source *source)
{
	if (aws_creds_source_busy(source))
		return;
	struct aws_creds c;
	struct job *fetch = NULL;
	struct buf err;
	aws_creds_init(&c);
	buf_init(&err);
	enum shtui_status st = aws_creds_source_begin(source, &c, &fetch, &err);
	w->again = true;
	if (st == SHTUI_OK && fetch) {
		aws_creds_source_set_busy(source, true);
		fetch->fetch_for = aws_creds_source_ref(source);
		fetch->seq = 0;
		jobs_append(w, fetch);
		log_debug("credentials: profile %s: %s", aws_creds_source_profile(source),
			  fetch->ops->name);
		start_job(w, fetch);
	} else if (st == SHTUI_OK) {
		log_add_secret(c.secret_access_key);
		log_add_secret(c.session_token);
		st = aws_creds_source_end(source, &c, NULL, &err);
		wake_waiters(w, source, st == SHTUI_OK ? &c : NULL, buf_str(&err), 0);
	} else {
		aws_creds_source_end(source, NULL, buf_str(&err), NULL);
		wake_waiters(w, source, NULL, buf_failed(&err) ? "out of memory" : buf_str(&err), 0);
	}
	aws_creds_done(&c);
	buf_done(&err);
}

/* A fetch job is over: the source keeps what it got, and the jobs
 * waiting on it go on or fail. */
static void fetch_end(struct worker *w, struct job *j)
{
	struct aws_creds_source *source = j->fetch_for;
	struct buf err;
	buf_init(&err);
	aws_creds_source_set_busy(source, false);
	enum shtui_status st;
	if (j->err.kind == JOB_ERR_NONE) {
		st = aws_creds_source_end(source, &j->got, NULL, &err);
	} else {
		const char *why = j->err.message ? j->err.message : job_error_kind_str(j->err.kind);
		aws_creds_source_end(source, NULL, why, NULL);
		buf_puts(&err, why);
		st = SHTUI_ECONFIG;
	}
	if (st == SHTUI_OK) {
		log_add_secret(j->got.secret_access_key);
		log_add_secret(j->got.session_token);
	}
	wake_waiters(w, source, st == SHTUI_OK ? &j->got : NULL,
		     buf_failed(&err) ? "out of memory" : buf_str(&err), j->skew_seconds);
	buf_done(&err);
	/* A pass of start_due() may still hold it: freed after the pass. */
	j->next = w->ended;
	w->ended = j;
}

/*
 * Whether `j` has keys to sign its next attempt with (an unsigned job
 * always has). Takes the source's current keys when they are good for a
 * while; otherwise starts a fetch and goes on with the job's own copy
 * while that is still valid, or waits.
 */
static bool creds_ready(struct worker *w, struct job *j)
{
	if (!j->source)
		return true;
	time_t now = time(NULL);
	if (j->creds_fresh) {
		j->creds_fresh = false;
		if (j->creds.expiration == 0 || j->creds.expiration > now)
			return true;
	}
	struct aws_creds c;
	if (aws_creds_source_peek(j->source, now, &c)) {
		aws_creds_done(&j->creds);
		j->creds = c;
		return true;
	}
	if (j->creds.access_key_id && j->creds.expiration > now + 10) {
		fetch_start(w, j->source);
		return true;
	}
	char *failed = aws_creds_source_busy(j->source) ? NULL : aws_creds_source_failure(j->source);
	if (failed) {
		job_error_set(&j->err, JOB_ERR_CONFIG, "%s", failed);
		free(failed);
		finish(w, j);
		return false;
	}
	j->waiting_creds = true;
	fetch_start(w, j->source);
	/* A source that answers at once (keys in a file) has answered. */
	if (!j->waiting_creds && j->creds_fresh) {
		j->creds_fresh = false;
		return true;
	}
	return false;
}

/* ---- child processes (credential_process) ---- */

/* Ends a job's child at once (cancel, timeout, shutdown). */
static void job_child_kill(struct worker *w, struct job *j)
{
	if (j->child.pid > 0)
		w->children--;
	child_kill(&j->child);
}

static void job_child_start(struct worker *w, struct job *j)
{
	if (child_spawn(&j->child, j->child_argv) != 0) {
		j->ops->reply(j, &j->xfer.reply);
		finish(w, j);
		return;
	}
	long t = j->child_timeout_ms > 0 ? j->child_timeout_ms : 60000;
	j->child.deadline_ms = isotime_now_ms() + t;
	j->in_flight = true;
	w->active++;
	w->children++;
	log_debug("credentials: running %s (pid %ld)", j->child_argv[0], (long)j->child.pid);
}

/* Moves every running child on: reads its pipes, reaps it once both are
 * at their end, kills it past its deadline. Returns the poll timeout its
 * deadlines ask for (-1: none). */
static long children_pump(struct worker *w, const struct curl_waitfd *fds, unsigned n)
{
	long wait = -1;
	int64_t now = isotime_now_ms();
	for (struct job *j = w->jobs, *next; j; j = next) {
		next = j->next;
		if (j->child.pid <= 0)
			continue;
		for (unsigned i = 0; i < n; i++) {
			if (!fds[i].revents)
				continue;
			if (fds[i].fd == j->child.out_fd)
				child_read(&j->child.out_fd, &j->child.out, JOB_CHILD_MAX_OUT);
			else if (fds[i].fd == j->child.err_fd)
				child_read(&j->child.err_fd, &j->child.err, JOB_CHILD_MAX_ERR);
		}
		bool over = false;
		if (j->child.out_fd < 0 && j->child.err_fd < 0 && child_reaped(&j->child)) {
			w->children--;
			over = true;
		}
		if (!over && now >= j->child.deadline_ms) {
			job_child_kill(w, j);
			j->child.timed_out = true;
			over = true;
		}
		if (!over) {
			/* Both pipes closed but not yet exited: look again soon. */
			long d = j->child.out_fd < 0 && j->child.err_fd < 0 ? 20 :
				 (long)(j->child.deadline_ms - now);
			if (wait < 0 || d < wait)
				wait = d;
			continue;
		}
		child_close(&j->child);
		j->in_flight = false;
		w->active--;
		j->ops->reply(j, &j->xfer.reply);
		finish(w, j);
		next = w->jobs;   /* finishing may have ended others */
	}
	return wait;
}

static void start_job(struct worker *w, struct job *j)
{
	j->attempt = 1;
	j->due_ms = 0;
	j->ask = JOB_ASK_NONE;
	if (j->ops->start(j) != SHTUI_OK) {
		if (j->err.kind == JOB_ERR_NONE)
			job_error_set(&j->err, JOB_ERR_CONFIG, "cannot build the %s request",
				      j->ops->name);
		finish(w, j);
		return;
	}
	if (j->ask != JOB_ASK_NONE || j->finished)
		finish(w, j);
}

/* A logical request is over (success or final failure): let the
 * operation decide what comes next. */
static void deliver(struct worker *w, struct job *j)
{
	const struct http_reply *r = &j->xfer.reply;
	bool changes_state = job_changes_state(j);
	if (j->ops->reply(j, r) == JOB_NEXT) {
		job_error_clear(&j->err);
		j->attempt = 1;
		j->skew_retried = false;
		j->token_retried = false;
		j->last_retry_cost = 0;
		j->reply_lost = false;
		j->due_ms = 0;
		return;
	}
	/* An HTML page from a proxy or a captive portal says more by its
	 * content type than by its bytes. */
	const char *ct = r->content_type;
	if (j->err.kind == JOB_ERR_REPLY && !r->too_large && ct && *ct &&
	    !strstr(ct, "json") && !strstr(ct, "xml") && j->err.message) {
		char *msg = j->err.message;
		j->err.message = NULL;
		job_error_set(&j->err, JOB_ERR_REPLY, "%s; it came as Content-Type %s", msg, ct);
		free(msg);
	}
	/* A success status with a body we cannot read, or cannot keep (out
	 * of memory), says the service got the call; what it did is not
	 * known, and it must not be called a failure. */
	bool unreadable = (j->err.kind == JOB_ERR_REPLY || j->err.kind == JOB_ERR_CONFIG) &&
			  r->status >= 200 && r->status < 300;
	if (changes_state && (j->reply_lost || unreadable) &&
	    (j->err.kind == JOB_ERR_NETWORK || j->err.kind == JOB_ERR_REPLY ||
	     j->err.kind == JOB_ERR_CONFIG))
		j->err.kind = JOB_ERR_UNKNOWN_OUTCOME;
	finish(w, j);
}

static void on_done(struct worker *w, struct job *j, CURLcode code)
{
	struct http_reply *r = &j->xfer.reply;
	http_xfer_finished(&j->xfer, code);
	long status = r->status;
	curl_multi_remove_handle(w->multi, j->xfer.easy);
	put_easy(w, j->xfer.easy);
	j->xfer.easy = NULL;
	j->in_flight = false;
	w->active--;
	http_xfer_drop_headers(&j->xfer);

	bool failed = code != CURLE_OK;
	/* A state-changing call that may have reached the service is never
	 * sent twice: the second could fail only because the first worked. */
	j->reply_lost = failed && r->request_sent && !r->too_large && job_changes_state(j);
	job_error_clear(&j->err);
	if (failed) {
		struct buf why;
		buf_init(&why);
		http_describe_failure(r, &why);
		job_error_set(&j->err, r->too_large ? JOB_ERR_REPLY : JOB_ERR_NETWORK, "%s: %s",
			      j->req.url, buf_failed(&why) ? http_curl_error(r) : buf_str(&why));
		buf_done(&why);
	} else if (status < 200 || status >= 300) {
		j->ops->parse_error(r, &j->err);
		j->err.kind = JOB_ERR_SERVICE;
		j->err.status = status;
	}
	if (log_enabled()) {
		char *body = log_body(buf_str(&r->body), r->body.len);
		log_debug("%s: %s %ld%s%s, %zu bytes: %s", j->req.operation,
			  failed ? "failed" : "HTTP", status,
			  j->err.code ? " " : "", j->err.code ? j->err.code : "",
			  r->body.len, body ? body : "");
		free(body);
	}

	enum retry_class cls = retry_classify(failed, code == CURLE_OPERATION_TIMEDOUT,
					      status, j->err.code, j->err.message);
	if (failed && (j->reply_lost || http_failure_is_permanent(r)))
		cls = RETRY_NONE;
	if (cls == RETRY_SKEW && !j->skew_retried) {
		long offset;
		if (retry_skew_offset(r->date, time(NULL), &offset)) {
			w->clock_offset = offset;
			j->skew_seconds = offset;
			j->skew_retried = true;
			log_debug("%s: clock skew of %ld s, signing again", j->req.operation, offset);
			j->due_ms = isotime_now_ms();
			return;
		}
	}
	/* Credentials the service calls expired (a clock a little off, a
	 * revoked session): fetch them again, once, and resend. */
	if (!j->token_retried && j->source && j->err.code &&
	    (strcmp(j->err.code, "ExpiredTokenException") == 0 ||
	     strcmp(j->err.code, "ExpiredToken") == 0)) {
		j->token_retried = true;
		aws_creds_source_invalidate(j->source);
		aws_creds_done(&j->creds);
		j->creds_fresh = false;
		j->due_ms = isotime_now_ms();
		log_debug("%s: the service says the credentials expired; fetching them again",
			  j->req.operation);
		return;
	}
	int max_attempts = j->max_attempts > 0 ? j->max_attempts : w->opts.max_attempts;
	if (cls != RETRY_NONE && cls != RETRY_SKEW && j->attempt < max_attempts) {
		int cost = retry_bucket_acquire(&w->bucket, cls);
		if (cost > 0) {
			double delay = retry_backoff(j->attempt, rand01(w));
			j->last_retry_cost = cost;
			j->attempt++;
			j->due_ms = isotime_now_ms() + (int64_t)(delay * 1000);
			log_debug("%s: retry %d in %.3f s", j->req.operation,
				  j->attempt - 1, delay);
			return;
		}
		log_debug("%s: retry quota exhausted", j->req.operation);
	}
	if (!failed && status >= 200 && status < 300)
		retry_bucket_release(&w->bucket, j->last_retry_cost);
	deliver(w, j);
}

static void take_incoming(struct worker *w)
{
	pthread_mutex_lock(&w->lock);
	struct job *in = w->incoming;
	w->incoming = NULL;
	uint64_t *cancels = w->cancels;
	size_t n_cancels = w->n_cancels;
	w->cancels = NULL;
	w->n_cancels = w->cap_cancels = 0;
	pthread_mutex_unlock(&w->lock);

	/* Incoming is newest first: reverse to keep submission order. */
	struct job *rev = NULL;
	while (in) {
		struct job *n = in->next;
		in->next = rev;
		rev = in;
		in = n;
	}
	while (rev) {
		struct job *j = rev;
		rev = rev->next;
		jobs_append(w, j);
		j->over = false;
		if (j->fetch_for) {
			/* A fetch the front end answered: the worker's own again. */
			pthread_mutex_lock(&w->lock);
			w->pending--;
			pthread_mutex_unlock(&w->lock);
		}
		start_job(w, j);
	}
	for (size_t i = 0; i < n_cancels; i++) {
		for (struct job *j = w->jobs; j; j = j->next) {
			if (j->seq != cancels[i])
				continue;
			bool lost = false;
			if (j->child.pid > 0) {
				job_child_kill(w, j);
				j->in_flight = false;
				w->active--;
			} else if (j->in_flight) {
				http_xfer_finished(&j->xfer, CURLE_ABORTED_BY_CALLBACK);
				lost = j->xfer.reply.request_sent && job_changes_state(j);
				curl_multi_remove_handle(w->multi, j->xfer.easy);
				curl_easy_cleanup(j->xfer.easy);
				j->xfer.easy = NULL;
				j->in_flight = false;
				w->active--;
			}
			if (lost)
				job_error_set(&j->err, JOB_ERR_UNKNOWN_OUTCOME, "%s: cancelled after "
					      "the request was sent, before the reply came", j->req.url);
			else
				job_error_set(&j->err, JOB_ERR_CANCELLED, "cancelled");
			finish(w, j);
			break;
		}
	}
	free(cancels);
}

/* Starts what is due, up to the concurrency bound, oldest first; returns
 * the poll timeout until the next due job (-1: none waiting). */
static long start_due(struct worker *w)
{
	int64_t now = isotime_now_ms();
	long wait = -1;
	for (struct job *j = w->jobs; j; j = w->iter_next) {
		w->iter_next = j->next;
		if (w->active >= w->opts.max_concurrency)
			break;   /* a reply makes room, and wakes the loop */
		if (j->over || j->in_flight || j->waiting_creds)
			continue;
		if (j->due_ms > now) {
			long d = (long)(j->due_ms - now);
			if (wait < 0 || d < wait)
				wait = d;
			continue;
		}
		if (!creds_ready(w, j))
			continue;
		if (j->child_argv) {
			job_child_start(w, j);
		} else if (!j->req.method) {
			/* Asks only for the keys (job_new_probe). */
			if (aws_creds_copy(&j->creds, &j->got) != SHTUI_OK)
				job_error_set(&j->err, JOB_ERR_CONFIG, "out of memory");
			finish(w, j);
		} else {
			send_request(w, j);
		}
	}
	w->iter_next = NULL;
	return wait;
}

/* The pipes of the running children, for curl_multi_poll to watch beside
 * the transfers. Returns how many; grows `*fds` as needed. */
static unsigned child_fds(struct worker *w, struct curl_waitfd **fds, unsigned *cap)
{
	unsigned n = 0;
	unsigned want = (unsigned)w->children * 2;
	if (want > *cap) {
		struct curl_waitfd *f = realloc(*fds, want * sizeof *f);
		if (!f)
			return 0;
		*fds = f;
		*cap = want;
	}
	for (struct job *j = w->jobs; j && n < *cap; j = j->next) {
		if (j->child.pid <= 0)
			continue;
		int fd[2] = { j->child.out_fd, j->child.err_fd };
		for (int i = 0; i < 2 && n < *cap; i++)
			if (fd[i] >= 0)
				(*fds)[n++] = (struct curl_waitfd){ .fd = fd[i], .events = CURL_WAIT_POLLIN };
	}
	return n;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct curl_waitfd *fds = NULL;
	unsigned cap = 0, n = 0;
	for (;;) {
		pthread_mutex_lock(&w->lock);
		bool stop = w->stop;
		pthread_mutex_unlock(&w->lock);
		if (stop)
			break;
		while (w->ended) {
			struct job *j = w->ended;
			w->ended = j->next;
			job_free(j);
		}
		take_incoming(w);
		w->again = false;
		long wait = start_due(w);
		if (w->children) {
			long cw = children_pump(w, fds, n);
			if (cw >= 0 && (wait < 0 || cw < wait))
				wait = cw;
		}
		int running = 0;
		curl_multi_perform(w->multi, &running);
		CURLMsg *msg;
		int left;
		while ((msg = curl_multi_info_read(w->multi, &left)) != NULL) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			struct http_xfer *x = NULL;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&x);
			CURLcode code = msg->data.result;
			if (x && x->owner)
				on_done(w, x->owner, code);
		}
		/* Something finished may have made room or a next request. */
		long wait2 = start_due(w);
		if (wait2 >= 0 && (wait < 0 || wait2 < wait))
			wait = wait2;
		int timeout = wait < 0 ? 60000 : (int)(wait > 60000 ? 60000 : wait);
		long curl_timeout = -1;
		curl_multi_timeout(w->multi, &curl_timeout);
		if (curl_timeout >= 0 && curl_timeout < timeout)
			timeout = (int)curl_timeout;
		if (w->active == 0 && wait < 0)
			timeout = 60000 * 60;   /* nothing to do: sleep until woken */
		if (w->again)
			timeout = 0;
		hand_back(w);
		if (w->outbox || w->again)
			timeout = 0;
		n = w->children ? child_fds(w, &fds, &cap) : 0;
		for (unsigned i = 0; i < n; i++)
			fds[i].revents = 0;
		curl_multi_poll(w->multi, n ? fds : NULL, n, timeout, NULL);
	}
	free(fds);
	/* Stop: drop everything without waiting on the network or a helper. */
	for (struct job *j = w->jobs; j; j = j->next) {
		if (j->child.pid > 0) {
			job_child_kill(w, j);
		} else if (j->in_flight) {
			curl_multi_remove_handle(w->multi, j->xfer.easy);
			curl_easy_cleanup(j->xfer.easy);
			j->xfer.easy = NULL;
		}
		j->in_flight = false;
	}
	return NULL;
}

/* ---- any thread ---- */

struct worker *worker_new(const struct worker_opts *opts, struct buf *err)
{
	struct worker *w = calloc(1, sizeof *w);
	if (!w) {
		buf_puts(err, "out of memory");
		return NULL;
	}
	w->opts = *opts;
	if (w->opts.max_concurrency <= 0)
		w->opts.max_concurrency = 16;
	if (w->opts.max_attempts <= 0)
		w->opts.max_attempts = 3;
	w->result_pipe[0] = w->result_pipe[1] = -1;
	w->done_tail = &w->done;
	w->outbox_tail = &w->outbox;
	pthread_mutex_init(&w->lock, NULL);
	retry_bucket_init(&w->bucket);
	if (RAND_bytes((unsigned char *)&w->rng, sizeof w->rng) != 1 || w->rng == 0)
		w->rng = (uint64_t)time(NULL) * 2654435761u + 1;
	w->idle = calloc((size_t)w->opts.max_concurrency, sizeof *w->idle);
	if (!w->idle || pipe2(w->result_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
		buf_printf(err, "cannot start the network thread: %s", strerror(errno));
		worker_free(w);
		return NULL;
	}
	w->multi = curl_multi_init();
	if (!w->multi) {
		buf_puts(err, "cannot start libcurl");
		worker_free(w);
		return NULL;
	}
	curl_multi_setopt(w->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
			  (long)w->opts.max_concurrency);
	/* The thread takes no asynchronous signal: their handlers run on the UI
	 * thread, where they may touch its state and curses. Faults stay
	 * deliverable to whichever thread causes them. */
	sigset_t all, old;
	sigfillset(&all);
	sigdelset(&all, SIGSEGV);
	sigdelset(&all, SIGBUS);
	sigdelset(&all, SIGFPE);
	sigdelset(&all, SIGILL);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	int e = pthread_create(&w->thread, NULL, worker_main, w);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (e != 0) {
		buf_printf(err, "cannot start the network thread: %s", strerror(e));
		worker_free(w);
		return NULL;
	}
	w->thread_started = true;
	return w;
}

void worker_free(struct worker *w)
{
	if (!w)
		return;
	if (w->thread_started) {
		pthread_mutex_lock(&w->lock);
		w->stop = true;
		pthread_mutex_unlock(&w->lock);
		curl_multi_wakeup(w->multi);
		pthread_join(w->thread, NULL);
	}
	struct job *lists[] = { w->jobs, w->incoming, w->done, w->ended, w->outbox };
	for (size_t i = 0; i < 5; i++) {
		while (lists[i]) {
			struct job *n = lists[i]->next;
			job_free(lists[i]);
			lists[i] = n;
		}
	}
	for (size_t i = 0; i < w->n_idle; i++)
		curl_easy_cleanup(w->idle[i]);
	free(w->idle);
	if (w->multi)
		curl_multi_cleanup(w->multi);
	if (w->result_pipe[0] >= 0)
		close(w->result_pipe[0]);
	if (w->result_pipe[1] >= 0)
		close(w->result_pipe[1]);
	free(w->cancels);
	pthread_mutex_destroy(&w->lock);
	free(w);
}

int worker_wake_fd(const struct worker *w)
{
	return w->result_pipe[0];
}

uint64_t worker_submit(struct worker *w, struct job *job)
{
	pthread_mutex_lock(&w->lock);
	job->seq = ++w->next_seq;
	/* The thread takes all that came at once: only the first since it
	 * last took them needs to wake it. */
	bool wake = w->incoming == NULL;
	job->next = w->incoming;
	w->incoming = job;
	w->pending++;
	uint64_t seq = job->seq;
	pthread_mutex_unlock(&w->lock);
	if (wake)
		curl_multi_wakeup(w->multi);
	return seq;
}

void worker_cancel(struct worker *w, uint64_t seq)
{
	pthread_mutex_lock(&w->lock);
	if (w->n_cancels == w->cap_cancels) {
		size_t cap = w->cap_cancels ? w->cap_cancels * 2 : 8;
		uint64_t *c = realloc(w->cancels, cap * sizeof *c);
		if (c) {
			w->cancels = c;
			w->cap_cancels = cap;
		}
	}
	if (w->n_cancels < w->cap_cancels)
		w->cancels[w->n_cancels++] = seq;
	pthread_mutex_unlock(&w->lock);
	curl_multi_wakeup(w->multi);
}

struct job *worker_take(struct worker *w)
{
	pthread_mutex_lock(&w->lock);
	struct job *j = w->done;
	if (j) {
		w->done = j->next;
		if (!w->done)
			w->done_tail = &w->done;
		j->next = NULL;
		w->pending--;
		w->owed++;
	}
	pthread_mutex_unlock(&w->lock);
	/* One wake byte per job: once none is left to take, read those of
	 * the jobs taken, many at a time, and never one of a job not taken
	 * (its byte keeps the fd readable). A byte not written yet is read
	 * at the next call. */
	while (!j && w->owed > 0) {
		char drain[256];
		ssize_t r = read(w->result_pipe[0], drain, w->owed < sizeof drain ? w->owed : sizeof drain);
		if (r > 0)
			w->owed -= (size_t)r;
		else if (r == 0 || errno != EINTR)
			break;
	}
	return j;
}

int worker_pending(struct worker *w)
{
	pthread_mutex_lock(&w->lock);
	int n = w->pending;
	pthread_mutex_unlock(&w->lock);
	return n;
}
