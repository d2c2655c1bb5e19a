/* SPDX-License-Identifier: Apache-2.0 */
/* test_worker.c: the network thread against a local server that holds requests: concurrency bound, connection reuse, cancel, timeouts, shutdown. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "shub.h"
#include "tap.h"
#include "worker.h"

/* A server that reads requests and answers only when told to. */
struct server {
	int listen_fd;
	int port;
	pthread_t thread;
	pthread_mutex_t lock;
	int conns[64];
	int n_conns;
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
			static const char reply[] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
						    "Content-Length: 2\r\n\r\n{}";
			int fd = s->waiting[0];
			memmove(s->waiting, s->waiting + 1, (size_t)--s->n_waiting * sizeof(int));
			s->release--;
			if (write(fd, reply, sizeof reply - 1) < 0)
				perror("write");
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
			if (c >= 0 && s->n_conns < 64)
				s->conns[s->n_conns++] = c;
		}
		for (int i = 1; i < n; i++) {
			if (!(p[i].revents & (POLLIN | POLLHUP)))
				continue;
			char buf[8192];
			ssize_t r = read(p[i].fd, buf, sizeof buf);
			if (r <= 0) {
				/* Closed by the client: forget it. */
				for (int k = 0; k < s->n_conns; k++)
					if (s->conns[k] == p[i].fd)
						s->conns[k] = s->conns[--s->n_conns];
				for (int k = 0; k < s->n_waiting; k++)
					if (s->waiting[k] == p[i].fd)
						s->waiting[k] = s->waiting[--s->n_waiting];
				close(p[i].fd);
				continue;
			}
			/* GET requests without bodies: one read holds one request. */
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
	s->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof a;
	if (s->listen_fd < 0 || bind(s->listen_fd, (struct sockaddr *)&a, sizeof a) != 0 ||
	    listen(s->listen_fd, 64) != 0 || getsockname(s->listen_fd, (struct sockaddr *)&a, &len) != 0)
		return false;
	s->port = ntohs(a.sin_port);
	return pthread_create(&s->thread, NULL, server_main, s) == 0;
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

static struct aws_creds_source *keys;

static struct job *describe(const char *url)
{
	struct shub_params p = { .enable_default_standards = -1 };
	return shub_job_new(SHUB_DESCRIBE_HUB, &p, url, "us-east-1", keys);
}

int main(void)
{
	struct server s;
	char url[64];
	struct buf err;
	buf_init(&err);
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

	/* Shut down with a call hanging. */
	worker_submit(w, describe(url));
	wait_waiting(&s, 1, 5000);
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
	worker_free(w);

	server_stop(&s);
	aws_creds_source_unref(keys);
	buf_done(&err);
	return tap_done();
}
