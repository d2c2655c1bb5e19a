/* SPDX-License-Identifier: Apache-2.0 */
/* test_retry.c: standard-mode retry decisions, backoff bounds, the retry quota and HTTP dates. */
#include "config.h"

#include <string.h>

#include "retry.h"
#include "tap.h"

int main(void)
{
	/* Which failures are retried. */
	tap_is_int(retry_classify(false, false, 200, NULL, NULL), RETRY_NONE, "200 is final");
	tap_is_int(retry_classify(false, false, 500, "InternalException", "x"), RETRY_TRANSIENT, "500");
	tap_is_int(retry_classify(false, false, 502, NULL, NULL), RETRY_TRANSIENT, "502");
	tap_is_int(retry_classify(false, false, 503, NULL, NULL), RETRY_TRANSIENT, "503");
	tap_is_int(retry_classify(false, false, 504, NULL, NULL), RETRY_TRANSIENT, "504");
	tap_is_int(retry_classify(false, false, 501, NULL, NULL), RETRY_NONE, "501 is not retried");
	tap_is_int(retry_classify(false, false, 429, "LimitExceededException", "Rate exceeded"),
		   RETRY_THROTTLE, "Security Hub's 429 LimitExceededException is throttling");
	tap_is_int(retry_classify(false, false, 429, "429", ""), RETRY_NONE,
		   "a bare 429 without a known code is not retried (standard mode)");
	tap_is_int(retry_classify(false, false, 400, "ThrottlingException", ""), RETRY_THROTTLE,
		   "ThrottlingException");
	tap_is_int(retry_classify(false, false, 400, "RequestTimeout", ""), RETRY_TRANSIENT,
		   "RequestTimeout");
	tap_is_int(retry_classify(false, false, 403, "AccessDeniedException", "denied"), RETRY_NONE,
		   "access denied is final");
	tap_is_int(retry_classify(false, false, 400, "InvalidInputException", ""), RETRY_NONE,
		   "invalid input is final");
	tap_is_int(retry_classify(true, false, 0, NULL, NULL), RETRY_CONNECT, "connection error");
	tap_is_int(retry_classify(true, true, 0, NULL, NULL), RETRY_TIMEOUT, "timeout");
	tap_is_int(retry_classify(false, false, 403, "InvalidSignatureException",
				  "Signature expired: 20261126T120000Z is now earlier than 20261126T121000Z"),
		   RETRY_SKEW, "Signature expired is clock skew");
	tap_is_int(retry_classify(false, false, 403, "InvalidSignatureException",
				  "Signature not yet current: 20261126T124000Z is still later than ..."),
		   RETRY_SKEW, "Signature not yet current is clock skew");
	tap_is_int(retry_classify(false, false, 403, "InvalidSignatureException",
				  "The request signature we calculated does not match"),
		   RETRY_NONE, "a wrong signature is not skew");
	tap_is_int(retry_classify(false, false, 403, "RequestTimeTooSkewed", ""), RETRY_SKEW,
		   "RequestTimeTooSkewed");
	tap_is_int(retry_classify(false, false, 400, "RequestExpired", ""), RETRY_SKEW,
		   "RequestExpired");
	tap_ok(retry_is_throttle_code("SlowDown") && !retry_is_throttle_code("Slowdown") &&
	       !retry_is_throttle_code(NULL), "throttle codes are exact");

	/* Backoff: rand * min(2^(n-1), 20). */
	tap_ok(retry_backoff(1, 0.0) == 0.0, "first retry, rand 0: no wait");
	tap_ok(retry_backoff(1, 0.999) < 1.0, "first retry waits under 1 s");
	tap_ok(retry_backoff(2, 0.999) < 2.0 && retry_backoff(2, 0.999) > 1.9, "second retry under 2 s");
	tap_ok(retry_backoff(3, 0.5) == 2.0, "third retry, rand 0.5: 2 s");
	tap_ok(retry_backoff(6, 0.999) < 20.0 && retry_backoff(6, 0.999) > 19.9,
	       "sixth retry capped at 20 s");
	tap_ok(retry_backoff(60, 0.999) < 20.0, "no overflow far out");

	/* The quota. */
	struct retry_bucket b;
	retry_bucket_init(&b);
	tap_is_int(b.tokens, 500, "the bucket starts at 500");
	tap_is_int(retry_bucket_acquire(&b, RETRY_THROTTLE), 5, "a retry costs 5");
	tap_is_int(retry_bucket_acquire(&b, RETRY_TIMEOUT), 10, "a timeout retry costs 10");
	tap_is_int(b.tokens, 485, "485 left");
	retry_bucket_release(&b, 10);
	tap_is_int(b.tokens, 495, "a retried success gives its cost back");
	retry_bucket_release(&b, 0);
	retry_bucket_release(&b, 0);
	retry_bucket_release(&b, 0);
	retry_bucket_release(&b, 0);
	retry_bucket_release(&b, 0);
	retry_bucket_release(&b, 0);
	tap_is_int(b.tokens, 500, "never above 500");
	int n = 0;
	while (retry_bucket_acquire(&b, RETRY_TRANSIENT))
		n++;
	tap_is_int(n, 100, "100 retries empty the bucket");
	tap_is_int(retry_bucket_acquire(&b, RETRY_TRANSIENT), 0, "an empty bucket refuses");

	/* HTTP dates and skew. */
	time_t t;
	tap_ok(retry_parse_http_date("Thu, 26 Nov 2026 12:20:00 GMT", &t) && t == 1795695600,
	       "RFC 1123 date");
	tap_ok(retry_parse_http_date("Thursday, 26-Nov-26 12:20:00 GMT", &t) && t == 1795695600,
	       "RFC 850 date");
	tap_ok(retry_parse_http_date("Thu Nov 26 12:20:00 2026", &t) && t == 1795695600,
	       "asctime date");
	tap_ok(!retry_parse_http_date("yesterday", &t), "garbage is refused");
	tap_ok(!retry_parse_http_date(NULL, &t), "no header");
	tap_ok(!retry_parse_http_date("Thu, 26 Foo 2026 12:20:00 GMT", &t), "bad month");
	long off;
	tap_ok(retry_skew_offset("Thu, 26 Nov 2026 12:20:00 GMT", 1795695600 - 1200, &off) &&
	       off == 1200, "local clock 20 min behind: +1200 s");
	return tap_done();
}
