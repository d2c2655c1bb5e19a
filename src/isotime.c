/* SPDX-License-Identifier: Apache-2.0 */
/* isotime.c: the one parser of ISO 8601 times, for replies, files and the screen, and the one clock for intervals. */
#include "config.h"

#include "isotime.h"

#include <string.h>
#include <strings.h>

/* Reads exactly `n` digits. */
static int digits(const char **p, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		char c = (*p)[i];
		if (c < '0' || c > '9')
			return 0;
		v = v * 10 + (c - '0');
	}
	*p += n;
	*out = v;
	return 1;
}

enum shtui_status isotime_parse(const char *s, time_t *out)
{
	int y, mo, d, h, mi, sec, oh = 0, om = 0;
	const char *p = s;
	if (!s || !digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &mo) || *p++ != '-' ||
	    !digits(&p, 2, &d))
		return SHTUI_EPARSE;
	if (*p != 'T' && *p != 't' && *p != ' ')
		return SHTUI_EPARSE;
	p++;
	if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi) || *p++ != ':' ||
	    !digits(&p, 2, &sec))
		return SHTUI_EPARSE;
	if (*p == '.' || *p == ',') {
		p++;
		if (*p < '0' || *p > '9')
			return SHTUI_EPARSE;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	int sign = 0;
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (strcasecmp(p, "UTC") == 0) {
		p += 3;
	} else if (*p == '+' || *p == '-') {
		sign = *p++ == '-' ? -1 : 1;
		if (!digits(&p, 2, &oh))
			return SHTUI_EPARSE;
		if (*p == ':')
			p++;
		if (*p && !digits(&p, 2, &om))
			return SHTUI_EPARSE;
	}
	if (*p || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60 ||
	    oh > 23 || om > 59)
		return SHTUI_EPARSE;
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	time_t t = timegm(&tm);
	if (t == (time_t)-1)
		return SHTUI_EPARSE;
	*out = t - sign * (time_t)(oh * 3600 + om * 60);
	return SHTUI_OK;
}

long long isotime_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
