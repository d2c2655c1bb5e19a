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
#include "log.h"
#include "retry.h"

/* One credentials fetch, run on a thread of its own because the chain may
 * block (STS, SSO, a helper process, instance metadata). Shared by the
 * worker and that thread; the last to let go frees it. */
struct creds_fetch {
	pthread_mutex_t lock;
	struct worker *w;         /* NULL once the worker is gone */
	struct aws_creds_source *source;
	bool done;
	enum shtui_status status;
	struct buf err;
	struct aws_creds creds;
	int refs;
	struct creds_fetch *next; /* worker thread only */
};

struct worker {
	struct worker_opts opts;
	pthread_t thread;
	bool thread_started;
	CURLM *multi;
	int result_pipe[2];

	pthread_mutex_t lock;     /* guards everything below */
	struct job *incoming;     /* submitted, not yet seen by the thread */
	struct job *done;         /* finished, not yet taken */
	struct job **done_tail;
	uint64_t *cancels;
	size_t n_cancels, cap_cancels;
	uint64_t next_seq;
	int pending;
	bool stop;

	/* Worker thread only. */
	struct job *jobs;         /* every job the thread holds */
	CURL **idle;              /* easy handles kept for connection reuse */
	size_t n_idle;
	int active;
	long clock_offset;        /* server time - local time, learnt from skew */
	struct retry_bucket bucket;
	uint64_t rng;
	struct creds_fetch *fetches;
};

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static double rand01(struct worker *w)
{
	/* xorshift64*: jitter only, not security. */
	w->rng ^= w->rng >> 12;
	w->rng ^= w->rng << 25;
	w->rng ^= w->rng >> 27;
	return (double)((w->rng * 2685821657736338717ULL) >> 11) / 9007199254740992.0;
}

/* ---- worker thread ---- */

static void finish(struct worker *w, struct job *j)
{
	/* Unlink from the thread's list. */
	for (struct job **p = &w->jobs; *p; p = &(*p)->next) {
		if (*p == j) {
			*p = j->next;
			break;
		}
	}
	j->next = NULL;
	http_xfer_done(&j->xfer);
	pthread_mutex_lock(&w->lock);
	*w->done_tail = j;
	w->done_tail = &j->next;
	pthread_mutex_unlock(&w->lock);
	ssize_t r;
	do
		r = write(w->result_pipe[1], "j", 1);
	while (r < 0 && errno == EINTR);
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
	enum shtui_status st = SHTUI_ENOMEM;
	if (j->xfer.easy)
		st = http_xfer_prepare(&j->xfer, &j->req, &signer,
				       time(NULL) + w->clock_offset,
				       &w->opts.http, &err);
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

static void fetch_release(struct creds_fetch *f)
{
	pthread_mutex_lock(&f->lock);
	bool last = --f->refs == 0;
	pthread_mutex_unlock(&f->lock);
	if (!last)
		return;
	aws_creds_done(&f->creds);
	buf_done(&f->err);
	aws_creds_source_unref(f->source);
	pthread_mutex_destroy(&f->lock);
	free(f);
}

static void *fetch_main(void *arg)
{
	struct creds_fetch *f = arg;
	struct aws_creds creds;
	struct buf err;
	buf_init(&err);
	enum shtui_status st = aws_creds_source_fetch(f->source, &creds, &err);
	pthread_mutex_lock(&f->lock);
	f->status = st;
	f->creds = creds;
	f->err = err;
	f->done = true;
	/* Under the fetch's lock, so worker_free cannot free the handle now. */
	if (f->w)
		curl_multi_wakeup(f->w->multi);
	pthread_mutex_unlock(&f->lock);
	fetch_release(f);
	return NULL;
}

/* Starts fetching `source` unless that is already under way. */
static void fetch_start(struct worker *w, struct aws_creds_source *source)
{
	for (struct creds_fetch *f = w->fetches; f; f = f->next)
		if (f->source == source)
			return;
	struct creds_fetch *f = calloc(1, sizeof *f);
	if (!f)
		return;
	pthread_mutex_init(&f->lock, NULL);
	f->w = w;
	f->source = aws_creds_source_ref(source);
	f->refs = 2;
	buf_init(&f->err);
	aws_creds_init(&f->creds);
	f->next = w->fetches;
	w->fetches = f;
	pthread_t t;
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&t, &attr, fetch_main, f) != 0) {
		f->refs = 1;
		f->done = true;
		f->status = SHTUI_ENOMEM;
		buf_puts(&f->err, "cannot start a thread to fetch credentials");
	}
	pthread_attr_destroy(&attr);
}

/*
 * Whether `j` has keys to sign its next attempt with. Takes the source's
 * current keys when they are good for a while; otherwise starts a fetch and
 * goes on with the job's own copy while that is still valid, or waits.
 */
static bool creds_ready(struct worker *w, struct job *j)
{
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
	fetch_start(w, j->source);
	if (j->creds.access_key_id && j->creds.expiration > now + 10)
		return true;
	j->waiting_creds = true;
	return false;
}

/* Hands finished fetches to the jobs waiting on them. */
static void fetches_done(struct worker *w)
{
	for (struct creds_fetch **p = &w->fetches; *p;) {
		struct creds_fetch *f = *p;
		pthread_mutex_lock(&f->lock);
		bool done = f->done;
		pthread_mutex_unlock(&f->lock);
		if (!done) {
			p = &f->next;
			continue;
		}
		*p = f->next;
		if (f->status == SHTUI_OK) {
			log_add_secret(f->creds.secret_access_key);
			log_add_secret(f->creds.session_token);
		}
		for (struct job *j = w->jobs, *next; j; j = next) {
			next = j->next;
			if (j->source != f->source || !j->waiting_creds)
				continue;
			j->waiting_creds = false;
			if (f->status == SHTUI_OK) {
				aws_creds_done(&j->creds);
				if (aws_creds_copy(&f->creds, &j->creds) == SHTUI_OK) {
					j->creds_fresh = true;
					j->due_ms = 0;
					continue;
				}
			}
			job_error_set(&j->err, JOB_ERR_CONFIG, "%s",
				      f->err.len ? buf_str(&f->err) : shtui_status_str(f->status));
			finish(w, j);
		}
		fetch_release(f);
	}
}

static void start_job(struct worker *w, struct job *j)
{
	j->attempt = 1;
	j->due_ms = 0;
	if (j->ops->start(j) != SHTUI_OK) {
		if (j->err.kind == JOB_ERR_NONE)
			job_error_set(&j->err, JOB_ERR_CONFIG, "cannot build the %s request",
				      j->ops->name);
		finish(w, j);
		return;
	}
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
	/* A success status with a body we cannot read says the service got
	 * the call; what it did is not known. */
	bool unreadable = j->err.kind == JOB_ERR_REPLY && r->status >= 200 && r->status < 300;
	if (changes_state && (j->reply_lost || unreadable) &&
	    (j->err.kind == JOB_ERR_NETWORK || j->err.kind == JOB_ERR_REPLY))
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
	curl_slist_free_all(j->xfer.headers);
	j->xfer.headers = NULL;

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
			j->due_ms = now_ms();
			return;
		}
	}
	/* Credentials the service calls expired (a clock a little off, a
	 * revoked session): fetch them again, once, and resend. */
	if (!j->token_retried && j->err.code &&
	    (strcmp(j->err.code, "ExpiredTokenException") == 0 ||
	     strcmp(j->err.code, "ExpiredToken") == 0)) {
		j->token_retried = true;
		aws_creds_source_invalidate(j->source);
		aws_creds_done(&j->creds);
		j->creds_fresh = false;
		j->due_ms = now_ms();
		log_debug("%s: the service says the credentials expired; fetching them again",
			  j->req.operation);
		return;
	}
	if (cls != RETRY_NONE && cls != RETRY_SKEW &&
	    j->attempt < w->opts.max_attempts) {
		int cost = retry_bucket_acquire(&w->bucket, cls);
		if (cost > 0) {
			double delay = retry_backoff(j->attempt, rand01(w));
			j->last_retry_cost = cost;
			j->attempt++;
			j->due_ms = now_ms() + (int64_t)(delay * 1000);
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
		j->next = w->jobs;
		w->jobs = j;
		start_job(w, j);
	}
	for (size_t i = 0; i < n_cancels; i++) {
		for (struct job *j = w->jobs; j; j = j->next) {
			if (j->seq != cancels[i])
				continue;
			bool lost = false;
			if (j->in_flight) {
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
	int64_t now = now_ms();
	long wait = -1;
	/* The list is newest first; walk it to the end to find the oldest. */
	size_t n = 0;
	for (struct job *j = w->jobs; j; j = j->next)
		n++;
	struct job **order = n ? malloc(n * sizeof *order) : NULL;
	if (n && !order)
		return 10;
	size_t k = n;
	for (struct job *j = w->jobs; j; j = j->next)
		order[--k] = j;
	for (size_t i = 0; i < n; i++) {
		struct job *j = order[i];
		if (j->in_flight || j->waiting_creds)
			continue;
		if (j->due_ms > now) {
			long d = (long)(j->due_ms - now);
			if (wait < 0 || d < wait)
				wait = d;
			continue;
		}
		if (w->active >= w->opts.max_concurrency || !creds_ready(w, j))
			continue;
		send_request(w, j);
	}
	free(order);
	return wait;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	for (;;) {
		pthread_mutex_lock(&w->lock);
		bool stop = w->stop;
		pthread_mutex_unlock(&w->lock);
		if (stop)
			break;
		take_incoming(w);
		fetches_done(w);
		long wait = start_due(w);
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
		curl_multi_poll(w->multi, NULL, 0, timeout, NULL);
	}
	/* Stop: drop everything without waiting on the network. */
	for (struct job *j = w->jobs; j; j = j->next) {
		if (j->in_flight) {
			curl_multi_remove_handle(w->multi, j->xfer.easy);
			curl_easy_cleanup(j->xfer.easy);
			j->xfer.easy = NULL;
			j->in_flight = false;
		}
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
	/* The thread (and the credential threads it starts, which inherit its
	 * mask) takes no asynchronous signal: their handlers run on the UI
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
	while (w->fetches) {
		struct creds_fetch *f = w->fetches;
		w->fetches = f->next;
		pthread_mutex_lock(&f->lock);
		f->w = NULL;
		pthread_mutex_unlock(&f->lock);
		fetch_release(f);
	}
	struct job *lists[] = { w->jobs, w->incoming, w->done };
	for (size_t i = 0; i < 3; i++) {
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
	job->next = w->incoming;
	w->incoming = job;
	w->pending++;
	uint64_t seq = job->seq;
	pthread_mutex_unlock(&w->lock);
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
	char drain[64];
	pthread_mutex_lock(&w->lock);
	struct job *j = w->done;
	if (j) {
		w->done = j->next;
		if (!w->done)
			w->done_tail = &w->done;
		j->next = NULL;
		w->pending--;
	}
	pthread_mutex_unlock(&w->lock);
	if (j) {
		/* One byte per job; consume ours. */
		ssize_t r;
		do
			r = read(w->result_pipe[0], drain, 1);
		while (r < 0 && errno == EINTR);
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
