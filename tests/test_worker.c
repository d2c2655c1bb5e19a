/* SPDX-License-Identifier: Apache-2.0 */
/* test_worker.c: the network thread against a local server that holds requests: concurrency bound, connection reuse, changes never sent twice by libcurl, cancel, timeouts, shutdown. */
#include "config.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "shub.h"
#include "sts.h"
#include "tap.h"
#include "worker.h"

static const char ok_reply[] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
			       "Content-Length: 2\r\n\r\n{}";

/* A server that reads requests and answers only when told to: with
 * `reply` (ok_reply unless set), then closing the connection when
 * `close_after`; or, when `drop`, by closing it without a word. */
struct server {
	const char *reply;
	size_t reply_len;
	bool close_after;
	bool drop;
	int listen_fd;
	int port;
	pthread_t thread;
	pthread_mutex_t lock;
	int conns[64];
	int n_conns;
	int accepted;           /* connections made, in all */
	int waiting[64];        /* connections with an unanswered request */
	int n_waiting;
	int max_waiting;
	int requests;
	int release;            /* answers still to send */
	bool stop;
};

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void forget(struct server *s, int fd)
{
	for (int k = 0; k < s->n_conns; k++)
		if (s->conns[k] == fd)
			s->conns[k] = s->conns[--s->n_conns];
	for (int k = 0; k < s->n_waiting; k++)
		if (s->waiting[k] == fd)
			s->waiting[k] = s->waiting[--s->n_waiting];
	close(fd);
}

/* Writes it all; a client that hangs up early is no error here. */
static void send_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		p += w;
		n -= (size_t)w;
	}
}

static void *server_main(void *arg)
{
	struct server *s = arg;
	for (;;) {
		struct pollfd p[65];
		int n = 0;
		pthread_mutex_lock(&s->lock);
		if (s->stop) {
			pthread_mutex_unlock(&s->lock);
			break;
		}
		/* Answer the oldest waiting requests we were told to. */
		while (s->release > 0 && s->n_waiting > 0) {
			int fd = s->waiting[0];
			memmove(s->waiting, s->waiting + 1, (size_t)--s->n_waiting * sizeof(int));
			s->release--;
			if (!s->drop)
				send_all(fd, s->reply, s->reply_len);
			if (s->drop || s->close_after)
				forget(s, fd);
		}
		p[n++] = (struct pollfd){ .fd = s->listen_fd, .events = POLLIN };
		for (int i = 0; i < s->n_conns; i++)
			p[n++] = (struct pollfd){ .fd = s->conns[i], .events = POLLIN };
		pthread_mutex_unlock(&s->lock);
		if (poll(p, (nfds_t)n, 20) <= 0)
			continue;
		pthread_mutex_lock(&s->lock);
		if (p[0].revents & POLLIN) {
			int c = accept(s->listen_fd, NULL, NULL);
			if (c >= 0 && s->n_conns < 64) {
				s->conns[s->n_conns++] = c;
				s->accepted++;
			}
		}
		for (int i = 1; i < n; i++) {
			if (!(p[i].revents & (POLLIN | POLLHUP)))
				continue;
			char buf[8192];
			ssize_t r = read(p[i].fd, buf, sizeof buf);
			if (r <= 0) {
				/* Closed by the client: forget it. */
				forget(s, p[i].fd);
				continue;
			}
			/* A read starts a request ("GET /...", "POST /..."), or
			 * is the rest of one: a body sent after its headers. */
			size_t m = 0;
			while (m < (size_t)r && buf[m] >= 'A' && buf[m] <= 'Z')
				m++;
			if (m == 0 || m == (size_t)r || buf[m] != ' ')
				continue;
			s->requests++;
			s->waiting[s->n_waiting++] = p[i].fd;
			if (s->n_waiting > s->max_waiting)
				s->max_waiting = s->n_waiting;
		}
		pthread_mutex_unlock(&s->lock);
	}
	return NULL;
}

static bool server_start(struct server *s)
{
	memset(s, 0, sizeof *s);
	pthread_mutex_init(&s->lock, NULL);
	s->reply = ok_reply;
	s->reply_len = sizeof ok_reply - 1;
	s->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof a;
	if (s->listen_fd < 0 || bind(s->listen_fd, (struct sockaddr *)&a, sizeof a) != 0 ||
	    listen(s->listen_fd, 64) != 0 || getsockname(s->listen_fd, (struct sockaddr *)&a, &len) != 0)
		return false;
	s->port = ntohs(a.sin_port);
	/* The server thread blocks signals too, so that signal_mask() sees
	 * only the threads the worker started open to them, if any. */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	int e = pthread_create(&s->thread, NULL, server_main, s);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return e == 0;
}

static void server_stop(struct server *s)
{
	pthread_mutex_lock(&s->lock);
	s->stop = true;
	pthread_mutex_unlock(&s->lock);
	pthread_join(s->thread, NULL);
	for (int i = 0; i < s->n_conns; i++)
		close(s->conns[i]);
	close(s->listen_fd);
}

static int server_get(struct server *s, const int *field)
{
	pthread_mutex_lock(&s->lock);
	int v = *field;
	pthread_mutex_unlock(&s->lock);
	return v;
}

static void server_release(struct server *s, int n)
{
	pthread_mutex_lock(&s->lock);
	s->release += n;
	pthread_mutex_unlock(&s->lock);
}

/* Waits (with a deadline) until the server holds `want` requests. */
static bool wait_waiting(struct server *s, int want, int ms)
{
	int64_t end = now_ms() + ms;
	while (now_ms() < end) {
		if (server_get(s, &s->n_waiting) == want)
			return true;
		poll(NULL, 0, 5);
	}
	return false;
}

/* Waits until the server has read `want` requests in all. */
static bool wait_requests(struct server *s, int want, int ms)
{
	int64_t end = now_ms() + ms;
	while (now_ms() < end) {
		if (server_get(s, &s->requests) >= want)
			return true;
		poll(NULL, 0, 5);
	}
	return false;
}

/* Takes a finished job, waiting on the wake fd (with a deadline). */
static struct job *take(struct worker *w, int ms)
{
	int64_t end = now_ms() + ms;
	struct pollfd p = { .fd = worker_wake_fd(w), .events = POLLIN };
	for (;;) {
		struct job *j = worker_take(w);
		if (j)
			return j;
		int left = (int)(end - now_ms());
		if (left <= 0)
			return NULL;
		poll(&p, 1, left);
	}
}

/* How the server answers from now on; `reply` NULL drops the connection. */
static void server_answer(struct server *s, const char *reply, size_t len, bool close_after)
{
	pthread_mutex_lock(&s->lock);
	s->drop = reply == NULL;
	s->reply = reply ? reply : ok_reply;
	s->reply_len = reply ? len : sizeof ok_reply - 1;
	s->close_after = close_after;
	pthread_mutex_unlock(&s->lock);
}

static struct aws_creds_source *keys;

static struct job *describe(const char *url)
{
	struct shub_params p = { .enable_default_standards = -1 };
	return shub_job_new(SHUB_DESCRIBE_HUB, &p, url, "us-east-1", keys);
}

static struct job *accept_call(const char *url)
{
	struct shub_params p = { .administrator_id = "222222222222", .invitation_id = "inv",
				 .enable_default_standards = -1, .no_fallback = true };
	return shub_job_new(SHUB_ACCEPT_ADMINISTRATOR_INVITATION, &p, url, "us-east-1", keys);
}

/* An accept whose reply handler runs out of memory after the service
 * said yes (the real driver, then the failure). */
static const struct job_ops *real_ops;
static struct job_ops oom_ops;

static enum job_next oom_reply(struct job *j, const struct http_reply *r)
{
	enum job_next next = real_ops->reply(j, r);
	if (next == JOB_DONE && j->err.kind == JOB_ERR_NONE) {
		cJSON_Delete(j->result);
		j->result = NULL;
		job_error_set(&j->err, JOB_ERR_CONFIG, "out of memory");
	}
	return next;
}

static struct job *accept_oom(const char *url)
{
	struct job *j = accept_call(url);
	if (j) {
		real_ops = j->ops;
		oom_ops = *j->ops;
		oom_ops.reply = oom_reply;
		j->ops = &oom_ops;
	}
	return j;
}

/* One job through a fresh worker, the server answering as set; NULL
 * when it did not come back in time. */
static struct job *run_one(struct server *s, struct job *job, int attempts, long timeout_ms,
			   int release)
{
	struct buf err;
	buf_init(&err);
	struct worker_opts o = { .max_concurrency = 2, .max_attempts = attempts,
				 .http = { .timeout_ms = timeout_ms } };
	struct worker *w = worker_new(&o, &err);
	buf_done(&err);
	if (!w) {
		job_free(job);
		return NULL;
	}
	server_release(s, release);
	worker_submit(w, job);
	struct job *j = take(w, 20000);
	worker_free(w);
	/* Answers not used (a request that never came) must not leak into the next case. */
	pthread_mutex_lock(&s->lock);
	s->release = 0;
	pthread_mutex_unlock(&s->lock);
	return j;
}

static bool has(const struct job *j, enum job_error_kind kind, const char *text)
{
	return j && j->err.kind == kind && (!text || (j->err.message && strstr(j->err.message, text)));
}

static void why(const struct job *j)
{
	if (j)
		tap_diag("kind %d, %d requests, message: %s", j->err.kind, j->requests_sent,
			 j->err.message ? j->err.message : "(none)");
	else
		tap_diag("no job came back");
}

/* A reply of `body_len` bytes of JSON, announced by Content-Length or
 * (close_delimited) ended by closing the connection as HTTP/1.0 does. */
static char *big_reply(size_t body_len, bool close_delimited, size_t *len)
{
	static const char head[] = "{\"HubArn\":\"";
	char hdr[200];
	int hl;
	if (close_delimited)
		hl = snprintf(hdr, sizeof hdr, "HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n");
	else
		hl = snprintf(hdr, sizeof hdr, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
			      "Content-Length: %zu\r\n\r\n", body_len);
	char *r = malloc((size_t)hl + body_len);
	if (!r)
		return NULL;
	memcpy(r, hdr, (size_t)hl);
	char *b = r + hl;
	memcpy(b, head, sizeof head - 1);
	memset(b + sizeof head - 1, 'x', body_len - (sizeof head - 1) - 2);
	memcpy(b + body_len - 2, "\"}", 2);
	*len = (size_t)hl + body_len;
	return r;
}

/* Replies of 10 MiB and more are refused, announced or not; one byte
 * less is read. Neither is retried. */
static void size_cap(struct server *s, const char *url)
{
	size_t len;
	char *r = big_reply(HTTP_MAX_REPLY_BYTES, false, &len);
	server_answer(s, r, len, true);
	struct job *j = run_one(s, describe(url), 3, 10000, 3);
	if (!tap_ok(has(j, JOB_ERR_REPLY, "the reply is larger than 10 MiB") && j->requests_sent == 1,
		    "a Content-Length of 10 MiB is refused, not retried"))
		why(j);
	job_free(j);
	free(r);

	r = big_reply(HTTP_MAX_REPLY_BYTES, true, &len);
	server_answer(s, r, len, true);
	j = run_one(s, describe(url), 3, 10000, 3);
	if (!tap_ok(has(j, JOB_ERR_REPLY, "the reply is larger than 10 MiB") && j->requests_sent == 1,
		    "10 MiB without a length (HTTP/1.0, ended by close) is refused too"))
		why(j);
	job_free(j);
	free(r);

	r = big_reply(HTTP_MAX_REPLY_BYTES - 1, true, &len);
	server_answer(s, r, len, true);
	j = run_one(s, describe(url), 1, 10000, 1);
	const cJSON *arn = j ? cJSON_GetObjectItemCaseSensitive(j->result, "HubArn") : NULL;
	if (!tap_ok(has(j, JOB_ERR_NONE, NULL) && cJSON_IsString(arn) &&
		    strlen(arn->valuestring) == HTTP_MAX_REPLY_BYTES - 1 - 13,
		    "one byte less is read whole"))
		why(j);
	job_free(j);
	free(r);

	/* The same refusal for a call that changes state: the service did get it. */
	r = big_reply(HTTP_MAX_REPLY_BYTES, false, &len);
	server_answer(s, r, len, true);
	j = run_one(s, accept_call(url), 3, 10000, 3);
	if (!tap_ok(has(j, JOB_ERR_UNKNOWN_OUTCOME, "larger than 10 MiB") && j->requests_sent == 1,
		    "an accept whose 200 reply is too large has an unknown outcome"))
		why(j);
	job_free(j);
	free(r);
	server_answer(s, ok_reply, sizeof ok_reply - 1, false);
}

/* Nothing lost: a call that changes state and may have reached the
 * service, with no reply to read, is neither failed nor done. */
static void lost_replies(struct server *s, const char *url)
{
	static const char http10[] = "HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n"
				     "{\"HubArn\":\"arn:aws:securityhub:us-east-1:1:hub/default\"}";
	server_answer(s, http10, sizeof http10 - 1, true);
	struct job *j = run_one(s, describe(url), 1, 5000, 1);
	const cJSON *arn = j ? cJSON_GetObjectItemCaseSensitive(j->result, "HubArn") : NULL;
	if (!tap_ok(has(j, JOB_ERR_NONE, NULL) && cJSON_IsString(arn),
		    "an HTTP/1.0 reply ended by closing the connection is read"))
		why(j);
	job_free(j);

	server_answer(s, NULL, 0, true);
	j = run_one(s, describe(url), 2, 5000, 2);
	if (!tap_ok(has(j, JOB_ERR_NETWORK, "127.0.0.1") && j->requests_sent == 2,
		    "a read whose connection drops is retried, then a network error"))
		why(j);
	job_free(j);
	j = run_one(s, accept_call(url), 3, 5000, 3);
	if (!tap_ok(has(j, JOB_ERR_UNKNOWN_OUTCOME, "/administrator") && j->requests_sent == 1,
		    "an accept whose connection drops after sending: unknown outcome, sent once"))
		why(j);
	job_free(j);
	j = run_one(s, sts_get_caller_identity_new(url, "us-east-1", keys), 2, 5000, 2);
	if (!tap_ok(has(j, JOB_ERR_NETWORK, NULL) && j->requests_sent == 2,
		    "an STS POST changes nothing: a network error, retried"))
		why(j);
	job_free(j);

	static const char cut[] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
				  "Content-Length: 100\r\n\r\n{\"Hub";
	server_answer(s, cut, sizeof cut - 1, true);
	j = run_one(s, describe(url), 1, 5000, 1);
	if (!tap_ok(has(j, JOB_ERR_NETWORK, "the reply was cut short"), "a truncated read"))
		why(j);
	job_free(j);
	j = run_one(s, accept_call(url), 3, 5000, 3);
	if (!tap_ok(has(j, JOB_ERR_UNKNOWN_OUTCOME, "cut short") && j->requests_sent == 1,
		    "a truncated accept reply: unknown outcome"))
		why(j);
	job_free(j);

	static const char garbage[] = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
				      "Content-Length: 13\r\n\r\n<html></html>";
	server_answer(s, garbage, sizeof garbage - 1, false);
	j = run_one(s, describe(url), 1, 5000, 1);
	if (!tap_ok(has(j, JOB_ERR_REPLY, "Content-Type text/html"),
		    "a 200 that is not JSON: an unparseable reply, its content type named"))
		why(j);
	job_free(j);
	j = run_one(s, accept_call(url), 1, 5000, 1);
	if (!tap_ok(has(j, JOB_ERR_UNKNOWN_OUTCOME, "not a JSON object"),
		    "an accept answered 200 with HTML: unknown outcome"))
		why(j);
	job_free(j);

	server_answer(s, ok_reply, sizeof ok_reply - 1, false);
	j = run_one(s, accept_oom(url), 1, 5000, 1);
	if (!tap_ok(has(j, JOB_ERR_UNKNOWN_OUTCOME, "out of memory") && j->requests_sent == 1,
		    "an accept answered 200 whose reply cannot be kept (out of memory): unknown "
		    "outcome, not a failure"))
		why(j);
	job_free(j);

	/* Held without an answer: the total timeout ends it. */
	server_answer(s, ok_reply, sizeof ok_reply - 1, false);
	int64_t t0 = now_ms();
	j = run_one(s, accept_call(url), 3, 300, 0);
	if (!tap_ok(has(j, JOB_ERR_UNKNOWN_OUTCOME, "timed out") && j->requests_sent == 1,
		    "an accept that times out: unknown outcome, not sent again"))
		why(j);
	tap_ok(now_ms() - t0 < 3000, "and the timeout fired (%lld ms)", (long long)(now_ms() - t0));
	job_free(j);

	/* Cancelled while the service may be acting on it. */
	struct buf err;
	buf_init(&err);
	struct worker_opts o = { .max_attempts = 1 };
	struct worker *w = worker_new(&o, &err);
	buf_done(&err);
	int before = server_get(s, &s->n_waiting);
	uint64_t seq = worker_submit(w, accept_call(url));
	wait_waiting(s, before + 1, 5000);
	worker_cancel(w, seq);
	j = take(w, 5000);
	if (!tap_ok(has(j, JOB_ERR_UNKNOWN_OUTCOME, "cancelled"),
		    "an accept cancelled in flight: unknown outcome"))
		why(j);
	job_free(j);
	worker_free(w);
}

/* A change rides a kept connection, and when that connection dies under
 * it libcurl does not send it again on a fresh one by itself (it may open
 * one, and stops before sending): the server reads it once, and its
 * outcome is unknown. */
static void kept_connections(struct server *s, const char *url)
{
	struct buf err;
	buf_init(&err);
	struct worker_opts o = { .max_concurrency = 1, .max_attempts = 3 };
	struct worker *w = worker_new(&o, &err);
	buf_done(&err);
	server_answer(s, ok_reply, sizeof ok_reply - 1, false);
	int made = server_get(s, &s->accepted), read = server_get(s, &s->requests);
	server_release(s, 2);
	worker_submit(w, describe(url));
	struct job *j = take(w, 5000);
	bool ok = has(j, JOB_ERR_NONE, NULL);
	job_free(j);
	worker_submit(w, accept_call(url));
	j = take(w, 5000);
	ok &= has(j, JOB_ERR_NONE, NULL);
	if (!tap_ok(ok && server_get(s, &s->accepted) - made == 1 &&
		    server_get(s, &s->requests) - read == 2,
		    "a read then an accept on one kept connection (%d made, %d requests)",
		    server_get(s, &s->accepted) - made, server_get(s, &s->requests) - read))
		why(j);
	job_free(j);

	server_answer(s, NULL, 0, true);
	made = server_get(s, &s->accepted);
	read = server_get(s, &s->requests);
	server_release(s, 3);
	worker_submit(w, accept_call(url));
	j = take(w, 5000);
	if (!tap_ok(has(j, JOB_ERR_UNKNOWN_OUTCOME, "closed without a reply") && j->requests_sent == 1 &&
		    server_get(s, &s->requests) - read == 1,
		    "an accept whose kept connection dies under it reached the server once "
		    "(%d requests, %d connections made): unknown outcome",
		    server_get(s, &s->requests) - read, server_get(s, &s->accepted) - made))
		why(j);
	job_free(j);
	worker_free(w);
	pthread_mutex_lock(&s->lock);
	s->release = 0;
	pthread_mutex_unlock(&s->lock);
}

/*
 * Signals go to the UI thread: every thread but this one (the network
 * thread, and any it started) blocks the asynchronous signals a terminal
 * program handles. Read from /proc, where Linux shows each thread's mask.
 */
static void signal_mask(struct server *s, const char *url)
{
#ifdef __linux__
	struct buf err;
	buf_init(&err);
	struct worker_opts o = { .max_attempts = 1 };
	struct worker *w = worker_new(&o, &err);
	buf_done(&err);
	/* A call in flight, so the thread is surely running. */
	int before = server_get(s, &s->n_waiting);
	uint64_t seq = worker_submit(w, describe(url));
	wait_waiting(s, before + 1, 5000);
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGWINCH, SIGCONT, SIGTSTP,
				    SIGPIPE, SIGUSR1 };
	int threads = 0, unblocked = 0;
	DIR *d = opendir("/proc/self/task");
	for (struct dirent *de; d && (de = readdir(d)) != NULL;) {
		if (de->d_name[0] == '.' || atoi(de->d_name) == getpid())
			continue;
		char path[300], line[256];
		snprintf(path, sizeof path, "/proc/self/task/%s/status", de->d_name);
		FILE *f = fopen(path, "r");
		while (f && fgets(line, sizeof line, f)) {
			if (strncmp(line, "SigBlk:", 7) != 0)
				continue;
			unsigned long long blk = strtoull(line + 7, NULL, 16);
			threads++;
			for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
				if (!(blk & (1ULL << (sigs[i] - 1))))
					unblocked++;
		}
		if (f)
			fclose(f);
	}
	if (d)
		closedir(d);
	tap_ok(threads >= 1 && unblocked == 0,
	       "the network thread blocks SIGINT, SIGTERM, SIGHUP, SIGWINCH, SIGCONT, SIGTSTP, "
	       "SIGPIPE and SIGUSR1 (%d threads, %d signals open)", threads, unblocked);
	sigset_t mine;
	pthread_sigmask(SIG_SETMASK, NULL, &mine);
	tap_ok(!sigismember(&mine, SIGINT) && !sigismember(&mine, SIGWINCH),
	       "and the caller's own mask is as it was");
	worker_cancel(w, seq);
	job_free(take(w, 5000));
	worker_free(w);
#else
	(void)s;
	(void)url;
#endif
}

int main(void)
{
	struct server s;
	char url[64];
	struct buf err;
	buf_init(&err);
	/* The calls go straight to the local server, whatever proxy the
	 * caller's environment names. */
	static const char *const proxies[] = { "http_proxy", "HTTP_PROXY", "https_proxy",
						"HTTPS_PROXY", "all_proxy", "ALL_PROXY" };
	for (size_t i = 0; i < sizeof proxies / sizeof proxies[0]; i++)
		unsetenv(proxies[i]);
	if (!tap_ok(server_start(&s), "a local server on 127.0.0.1"))
		return tap_done();
	snprintf(url, sizeof url, "http://127.0.0.1:%d", s.port);
	keys = aws_creds_source_new_static("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", NULL);

	/* Ten calls, four at a time, on four reused connections. */
	struct worker_opts o = { .max_concurrency = 4, .max_attempts = 1 };
	struct worker *w = worker_new(&o, &err);
	tap_ok(w != NULL, "worker starts");
	for (int i = 0; i < 10; i++)
		worker_submit(w, describe(url));
	tap_ok(wait_waiting(&s, 4, 5000), "four requests in flight");
	int done = 0;
	bool all_ok = true;
	for (int round = 0; round < 10; round++) {
		server_release(&s, 1);
		struct job *j = take(w, 5000);
		if (!j)
			break;
		all_ok &= j->err.kind == JOB_ERR_NONE && cJSON_IsObject(j->result);
		job_free(j);
		done++;
		if (round < 6)
			all_ok &= wait_waiting(&s, 4, 5000);
	}
	tap_is_int(done, 10, "all ten calls finish");
	tap_ok(all_ok, "every reply parsed, the bound kept full while work remained");
	tap_is_int(server_get(&s, &s.max_waiting), 4, "never more than --max-concurrency in flight");
	tap_is_int(server_get(&s, &s.requests), 10, "ten requests reached the server");
	tap_ok(server_get(&s, &s.n_conns) <= 4, "connections reused (%d for 10 requests)",
	       server_get(&s, &s.n_conns));
	tap_is_int(worker_pending(w), 0, "nothing pending");

	/* Cancel a hung call. */
	uint64_t seq = worker_submit(w, describe(url));
	tap_ok(wait_waiting(&s, 1, 5000), "a call hangs on the server");
	int64_t t0 = now_ms();
	worker_cancel(w, seq);
	struct job *j = take(w, 2000);
	tap_ok(j && j->seq == seq && j->err.kind == JOB_ERR_CANCELLED,
	       "cancel returns the hung job as cancelled");
	tap_ok(now_ms() - t0 < 1000, "at once (%lld ms)", (long long)(now_ms() - t0));
	job_free(j);

	/* Shut down with a call hanging: once the server has read it, so no
	 * late arrival is counted as the next test's. */
	int sent = server_get(&s, &s.requests);
	worker_submit(w, describe(url));
	wait_requests(&s, sent + 1, 5000);
	t0 = now_ms();
	worker_free(w);
	tap_ok(now_ms() - t0 < 1000, "shutting down does not wait on a hung call (%lld ms)",
	       (long long)(now_ms() - t0));

	/* A total timeout ends a hung call as a network error, after retries. */
	struct worker_opts o2 = { .max_concurrency = 2, .max_attempts = 2,
				  .http = { .timeout_ms = 300 } };
	w = worker_new(&o2, &err);
	int before = server_get(&s, &s.requests);
	t0 = now_ms();
	worker_submit(w, describe(url));
	j = take(w, 10000);
	tap_ok(j && j->err.kind == JOB_ERR_NETWORK && j->requests_sent == 2,
	       "a timed-out call is retried, then reported as a network error");
	tap_is_int(server_get(&s, &s.requests) - before, 2, "two attempts reached the server");
	job_free(j);
	worker_free(w);

	/* Nothing listening: a connection error, quickly. */
	struct worker_opts o3 = { .max_attempts = 1 };
	w = worker_new(&o3, &err);
	worker_submit(w, describe("http://127.0.0.1:1"));
	j = take(w, 5000);
	tap_ok(j && j->err.kind == JOB_ERR_NETWORK && j->err.message &&
	       strstr(j->err.message, "127.0.0.1"), "connection refused names the endpoint");
	job_free(j);
	worker_submit(w, accept_call("http://127.0.0.1:1"));
	j = take(w, 5000);
	if (!tap_ok(has(j, JOB_ERR_NETWORK, "cannot connect"),
		    "an accept that never connected failed for sure: a network error"))
		why(j);
	job_free(j);
	worker_free(w);

	size_cap(&s, url);
	lost_replies(&s, url);
	kept_connections(&s, url);
	signal_mask(&s, url);

	server_stop(&s);
	aws_creds_source_unref(keys);
	buf_done(&err);
	return tap_done();
}
