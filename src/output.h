/* SPDX-License-Identifier: Apache-2.0 */
/* output.h: a reply printed as the AWS CLI prints it: json, text or table, with untrusted text made safe. */
#ifndef SHTUI_OUTPUT_H
#define SHTUI_OUTPUT_H

#include <cjson/cJSON.h>

#include "buf.h"

enum output_format {
	OUTPUT_JSON,
	OUTPUT_TEXT,
	OUTPUT_TABLE,
};

/* Parses "json", "text", "table"; returns -1 for anything else. */
int output_format_parse(const char *s);

/*
 * Appends `v` formatted as the AWS CLI v2 formats a reply: JSON as
 * Python's json.dumps(indent=4) with timestamps (InvitedAt) in
 * ISO 8601 with a "+00:00" offset; text as the CLI's tab-separated
 * form; table as boxed columns titled `title`. Control characters,
 * escape sequences and invalid UTF-8 are escaped or made visible.
 * An empty object appends nothing, as the AWS CLI prints nothing.
 * Any thread.
 */
void output_format(struct buf *out, const cJSON *v, enum output_format fmt,
		   const char *title);

/* JSON only, at an indent level, no trailing newline (for merging
 * several contexts' replies into one array). */
void output_json(struct buf *out, const cJSON *v, int level);

/*
 * Rewrites an ISO 8601 timestamp ("2026-11-20T09:15:00.000Z") the way
 * Python's datetime.isoformat() prints it ("2026-11-20T09:15:00+00:00").
 * Returns a heap string, or NULL when `s` is not such a timestamp.
 */
char *output_iso_timestamp(const char *s);

/* A scalar as Python's str() prints it (True, None, 120, 1.5; a string
 * as it is, a timestamp member's in ISO 8601), made visible. */
void output_scalar_text(struct buf *out, const cJSON *v, const char *key);

/* --output table, as the AWS CLI draws the reply `v` of the operation
 * `title`, as wide as the terminal on stdout allows (80 when it is not
 * one); nothing for an empty reply. Any thread. */
void output_table(struct buf *out, const cJSON *v, const char *title);

#endif
