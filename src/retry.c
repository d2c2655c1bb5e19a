/* SPDX-License-Identifier: Apache-2.0 */
/* retry.c: the AWS "standard" retry mode: which failures to retry, the backoff, the retry quota, clock-skew correction. */
#include "config.h"

#include "retry.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* botocore/retries/standard.py's throttling list. */
static const char *const throttle_codes[] = {
	"Throttling", "ThrottlingException", "ThrottledException",
	"RequestThrottledException", "TooManyRequestsException",
	"ProvisionedThroughputExceededException",
	"TransactionInProgressException", "RequestLimitExceeded",
	"BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
	"SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
};

static const char *const transient_codes[] = {
	"RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete",
};

bool retry_is_throttle_code(const char *code)
{
	if (!code)
		return false;
	for (size_t i = 0; i < sizeof throttle_codes / sizeof throttle_codes[0]; i++)
		if (strcmp(code, throttle_codes[i]) == 0)
			return true;
	return false;
}

static bool is_skew(const char *code, const char *message)
{
	if (!code)
		return false;
	if (strcmp(code, "RequestTimeTooSkewed") == 0 ||
	    strcmp(code, "RequestExpired") == 0 ||
	    strcmp(code, "RequestInTheFuture") == 0)
		return true;
	if (strcmp(code, "InvalidSignatureException") == 0 ||
	    strcmp(code, "SignatureDoesNotMatch") == 0 ||
	    strcmp(code, "AuthFailure") == 0)
		return message && (strstr(message, "Signature expired") ||
				   strstr(message, "Signature not yet current") ||
				   strstr(message, "request has expired"));
	return false;
}

enum retry_class retry_classify(bool curl_failed, bool timed_out, long status,
				const char *code, const char *message)
{
	if (curl_failed)
		return timed_out ? RETRY_TIMEOUT : RETRY_CONNECT;
	if (status >= 200 && status < 300)
		return RETRY_NONE;
	if (is_skew(code, message))
		return RETRY_SKEW;
	if (retry_is_throttle_code(code))
		return RETRY_THROTTLE;
	if (code)
		for (size_t i = 0; i < sizeof transient_codes / sizeof transient_codes[0]; i++)
			if (strcmp(code, transient_codes[i]) == 0)
				return RETRY_TRANSIENT;
	if (status == 500 || status == 502 || status == 503 || status == 504)
		return RETRY_TRANSIENT;
	return RETRY_NONE;
}

double retry_backoff(int attempt, double rand01)
{
	if (attempt < 1)
		attempt = 1;
	double cap = 1;
	for (int i = 1; i < attempt && cap < 20; i++)
		cap *= 2;
	if (cap > 20)
		cap = 20;
	if (rand01 < 0)
		rand01 = 0;
	if (rand01 >= 1)
		rand01 = 0.999999;
	return rand01 * cap;
}

void retry_bucket_init(struct retry_bucket *b)
{
	b->tokens = b->max = RETRY_BUCKET_MAX;
}

int retry_bucket_acquire(struct retry_bucket *b, enum retry_class cls)
{
	int cost = cls == RETRY_TIMEOUT ? RETRY_TIMEOUT_COST : RETRY_COST;
	if (b->tokens < cost)
		return 0;
	b->tokens -= cost;
	return cost;
}

void retry_bucket_release(struct retry_bucket *b, int last_cost)
{
	b->tokens += last_cost > 0 ? last_cost : RETRY_NO_RETRY_INCREMENT;
	if (b->tokens > b->max)
		b->tokens = b->max;
}

static int month_index(const char *m)
{
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	for (int i = 0; i < 12; i++)
		if (strncasecmp(m, months[i], 3) == 0)
			return i;
	return -1;
}

bool retry_parse_http_date(const char *s, time_t *out)
{
	struct tm tm;
	char mon[4] = "";
	int day, year, hh, mm, ss;
	memset(&tm, 0, sizeof tm);
	if (!s)
		return false;
	const char *comma = strchr(s, ',');
	if (comma) {
		/* RFC 1123 "Sun, 06 Nov 1994 08:49:37 GMT" or RFC 850
		 * "Sunday, 06-Nov-94 08:49:37 GMT". */
		if (sscanf(comma + 1, " %d %3s %d %d:%d:%d", &day, mon, &year, &hh, &mm, &ss) != 6 &&
		    sscanf(comma + 1, " %d-%3s-%d %d:%d:%d", &day, mon, &year, &hh, &mm, &ss) != 6)
			return false;
		if (year < 100)
			year += year < 70 ? 2000 : 1900;
	} else {
		/* asctime "Sun Nov  6 08:49:37 1994". */
		char wd[4];
		if (sscanf(s, "%3s %3s %d %d:%d:%d %d", wd, mon, &day, &hh, &mm, &ss, &year) != 7)
			return false;
	}
	int m = month_index(mon);
	if (m < 0 || day < 1 || day > 31 || hh > 23 || mm > 59 || ss > 60 || year < 1970)
		return false;
	tm.tm_year = year - 1900;
	tm.tm_mon = m;
	tm.tm_mday = day;
	tm.tm_hour = hh;
	tm.tm_min = mm;
	tm.tm_sec = ss;
	*out = timegm(&tm);
	return *out != (time_t)-1;
}

bool retry_skew_offset(const char *date_header, time_t local_now, long *offset)
{
	time_t server;
	if (!retry_parse_http_date(date_header, &server))
		return false;
	*offset = (long)(server - local_now);
	return true;
}
