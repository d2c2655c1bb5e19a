/* SPDX-License-Identifier: Apache-2.0 */
/* retry.h: the AWS "standard" retry mode: which failures to retry, the backoff, the retry quota, clock-skew correction. */
#ifndef SHTUI_RETRY_H
#define SHTUI_RETRY_H

#include <stdbool.h>
#include <time.h>

/* How a finished attempt is classed. */
enum retry_class {
	RETRY_NONE,        /* success, or an error that retrying won't fix */
	RETRY_TRANSIENT,   /* 500/502/503/504, RequestTimeout... */
	RETRY_THROTTLE,    /* a throttling error code */
	RETRY_CONNECT,     /* connection failed or was reset */
	RETRY_TIMEOUT,     /* connect or read timeout */
	RETRY_SKEW,        /* the signature's time is too far from the server's */
};

/*
 * Classifies an attempt. `curl_failed` says no complete HTTP reply came
 * (`timed_out` when by timeout); otherwise `status` and the parsed error
 * `code` and `message` (NULL when none) describe it. Any thread.
 */
enum retry_class retry_classify(bool curl_failed, bool timed_out, long status,
				const char *code, const char *message);

/* True for the throttling codes standard mode retries. */
bool retry_is_throttle_code(const char *code);

/* The delay before retry number `attempt` (1 = the first retry), in
 * seconds: rand01 * min(2^(attempt-1), 20), rand01 in [0,1). */
double retry_backoff(int attempt, double rand01);

/* The retry quota: one bucket per client, 500 tokens. Not thread-safe:
 * the worker thread owns it. */
struct retry_bucket {
	int tokens;
	int max;
};

#define RETRY_BUCKET_MAX 500
#define RETRY_COST 5
#define RETRY_TIMEOUT_COST 10
#define RETRY_NO_RETRY_INCREMENT 1

void retry_bucket_init(struct retry_bucket *b);
/* Takes the cost of retrying after `cls`; returns the cost taken, or 0
 * when the bucket is short (then do not retry). */
int retry_bucket_acquire(struct retry_bucket *b, enum retry_class cls);
/* After a success: gives back `last_cost` (what its last retry took) or
 * RETRY_NO_RETRY_INCREMENT when it was never retried. */
void retry_bucket_release(struct retry_bucket *b, int last_cost);

/*
 * Clock skew: parses an HTTP Date (RFC 1123, also RFC 850 and asctime
 * forms) and returns server time minus local time in seconds through
 * `offset`. False when the header is missing or unparseable.
 */
bool retry_skew_offset(const char *date_header, time_t local_now, long *offset);
/* Parses an HTTP date to a time_t (UTC); false when it cannot. */
bool retry_parse_http_date(const char *s, time_t *out);

#endif
