/* SPDX-License-Identifier: Apache-2.0 */
/* audit.h: the audit log: one line for every state-changing call, kept in $XDG_STATE_HOME/shtui/audit.log. */
#ifndef SHTUI_AUDIT_H
#define SHTUI_AUDIT_H

#include <stdbool.h>

#include "buf.h"

/* One state-changing call and how it ended. Strings borrowed; NULL ok. */
struct audit_entry {
	const char *profile;
	const char *account;       /* the member account acting */
	const char *region;
	const char *operation;     /* "AcceptAdministratorInvitation" */
	const char *parameters;    /* a JSON object as text */
	const char *outcome;       /* "ok", "error", "unknown" */
	const char *detail;        /* the error code and message, or a note */
};

/* The log's path: $XDG_STATE_HOME/shtui/audit.log, else
 * ~/.local/state/shtui/audit.log. Heap string; NULL without a home. */
char *audit_path(void);

/*
 * Appends one JSON line (with the UTC time) to the audit log, creating
 * its folders (0700) and the file (0600). False with `err` set when it
 * cannot be written. UI thread or main thread.
 */
bool audit_append(const struct audit_entry *e, struct buf *err);

#endif
