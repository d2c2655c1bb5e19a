/* SPDX-License-Identifier: Apache-2.0 */
/* text.h: making untrusted text safe to show: control characters and escape sequences made visible. */
#ifndef SHTUI_TEXT_H
#define SHTUI_TEXT_H

#include <stddef.h>

#include "buf.h"

/*
 * Appends `s` (len bytes) to `out` with everything a terminal would act
 * on made visible: C0 controls and DEL as "\xNN" ("\t" kept when
 * keep_tab), C1 controls (U+0080..U+009F) and bidirectional
 * controls as "\uNNNN", and bytes that are
 * not valid UTF-8 as "\xNN". Printable UTF-8 passes unchanged. Any thread.
 */
void text_visible(struct buf *out, const char *s, size_t len, int keep_tab);

/* The same, as a heap string of a NUL-terminated input (NULL -> ""). */
char *text_visible_dup(const char *s);

/* The same, keeping the line ends of a text of several lines. */
char *text_visible_lines_dup(const char *s);

/*
 * Length of the valid UTF-8 sequence at s[0..len), 0 when invalid
 * (overlong, surrogate, beyond U+10FFFF, truncated). `cp` gets the code
 * point. Any thread.
 */
size_t text_utf8_len(const unsigned char *s, size_t len, unsigned *cp);

#endif
