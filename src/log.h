/* SPDX-License-Identifier: Apache-2.0 */
/* log.h: the --debug log, with every registered secret redacted before it is written. */
#ifndef SHTUI_LOG_H
#define SHTUI_LOG_H

#include <stdbool.h>
#include <stdio.h>

/* Opens the debug log: $SHTUI_LOG when set (mode 0600, appended), else
 * stderr. Start-up only (UI thread), before any other thread runs.
 * Returns false with errno set when the file cannot be opened. */
bool log_open(bool enabled);
void log_close(void);
bool log_enabled(void);

/* Registers a value that must never be written (a secret key, a session
 * token). Every later log line has each occurrence replaced by
 * "<redacted>". Any thread. */
void log_add_secret(const char *secret);

/* Writes one line with a UTC timestamp. Any thread. */
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * A request or reply body for the log: at most 4 KiB, control characters
 * made visible, and the values of credential fields (SecretAccessKey,
 * SessionToken, Token, AccessToken in JSON or XML) masked even when they
 * were never registered. Heap string; NULL when out of memory. Any thread.
 */
char *log_body(const char *body, size_t len);

/* Replaces every registered secret in `s` (NUL-terminated, heap or
 * writable) and returns a heap copy; NULL on allocation failure. */
char *log_redact(const char *s);

/*
 * Keeps the secrets this process will hold out of core dumps and away
 * from other processes of the same user: the core size limit becomes 0
 * and, on Linux, the process is made not dumpable (PR_SET_DUMPABLE 0: no
 * core file, no ptrace attach, /proc/PID/mem and environ closed to the
 * rest of the user's processes). For the life of the process; main()
 * calls it first, before any credentials are read. Returns false with
 * errno set when a step failed (the caller may go on). Start-up only.
 */
bool log_protect_process(void);

#endif
