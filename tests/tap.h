/* SPDX-License-Identifier: Apache-2.0 */
/* tap.h: a small Test Anything Protocol writer for the unit tests. */
#ifndef SHTUI_TAP_H
#define SHTUI_TAP_H

#include <stdbool.h>
#include <stddef.h>

/* Announce the number of test points (call once, before or after them). */
void tap_plan(int n);
/* One test point; returns ok. */
bool tap_ok(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Compares strings byte for byte; on a mismatch prints the case name,
 * Expected and Actual as TAP diagnostics. NULL counts as a mismatch. */
bool tap_is_str(const char *got, const char *want, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
bool tap_is_int(long long got, long long want, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A diagnostic line ("# ..."). */
void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Ends the run: prints the plan if none was given; returns the exit status
 * (0 when every test point passed and the plan matched). */
int tap_done(void);

/* Reads a whole file into a NUL-terminated heap string; NULL on error.
 * `len` (optional) gets the byte count. */
char *tap_slurp(const char *path, size_t *len);
/* $srcdir/rel, for reading test data in VPATH builds (heap string). */
char *tap_srcpath(const char *rel);
/* A new folder $TMPDIR/name.XXXXXX (/tmp without TMPDIR), removed with
 * everything in it when the program exits; NULL on error. The string
 * lives until then. */
const char *tap_tmpdir(const char *name);

#endif
