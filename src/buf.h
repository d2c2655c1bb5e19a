/* SPDX-License-Identifier: Apache-2.0 */
/* buf.h: a growable byte buffer that always stays NUL-terminated. */
#ifndef SHTUI_BUF_H
#define SHTUI_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * A buffer the caller owns: buf_init() before use, buf_done() after.
 * Once an allocation fails the buffer is marked failed, later appends do
 * nothing, and buf_failed() says so; callers check once at the end.
 * Any thread, one buffer per thread at a time.
 */
struct buf {
	char *data;     /* NUL-terminated; NULL until the first append */
	size_t len;
	size_t cap;
	bool failed;
};

void buf_init(struct buf *b);
/* Frees the storage after wiping it (buffers may hold secrets). */
void buf_done(struct buf *b);
void buf_reset(struct buf *b);
void buf_append(struct buf *b, const void *data, size_t len);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
bool buf_failed(const struct buf *b);
/* The contents, "" for an empty buffer. Valid until the next change. */
const char *buf_str(const struct buf *b);
/* Wipes and frees a heap string that may hold a secret; NULL is fine. */
void buf_free_secret(char *s);
/* Hands the heap string to the caller (free() it); the buffer is reset.
 * Returns NULL when the buffer failed. */
char *buf_steal(struct buf *b);

#endif
