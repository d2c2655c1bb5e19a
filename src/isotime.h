/* SPDX-License-Identifier: Apache-2.0 */
/* isotime.h: the one parser of ISO 8601 times, for replies, files and the screen, and the one clock for intervals. */
#ifndef SHTUI_ISOTIME_H
#define SHTUI_ISOTIME_H

#include <time.h>

#include "status.h"

/*
 * Parses an ISO 8601 time: "2026-11-26T13:13:12Z", with a 'T', 't' or
 * space between date and time, fractions of a second, a "+01:00", "+0100"
 * or "+01" offset, "Z", or "UTC" (as Python's strftime %Z writes it in
 * the AWS CLI's caches); no zone means UTC. SHTUI_EPARSE for anything
 * else, including out-of-range fields. Any thread.
 */
enum shtui_status isotime_parse(const char *s, time_t *out);

/* Milliseconds on the monotonic clock, for intervals and deadlines. Any thread. */
long long isotime_now_ms(void);

#endif
