/* SPDX-License-Identifier: Apache-2.0 */
/* text.c: making untrusted text safe to show: control characters and escape sequences made visible. */
#include "config.h"

#include "text.h"

#include <stdio.h>
#include <string.h>

size_t text_utf8_len(const unsigned char *s, size_t len, unsigned *cp)
{
	if (len == 0)
		return 0;
	unsigned c = s[0];
	size_t n;
	unsigned min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xE0) == 0xC0) {
		n = 2;
		c &= 0x1F;
		min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		n = 3;
		c &= 0x0F;
		min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		n = 4;
		c &= 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

void text_visible(struct buf *out, const char *s, size_t len, int keep_tab)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		unsigned cp = 0;
		size_t n = text_utf8_len(u + i, len - i, &cp);
		char esc[16];
		if (n == 0) {
			snprintf(esc, sizeof esc, "\\x%02X", u[i]);
			buf_puts(out, esc);
			i++;
		} else if (cp < 0x20 || cp == 0x7F) {
			if (cp == '\t' && keep_tab)
				buf_putc(out, '\t');
			else {
				snprintf(esc, sizeof esc, "\\x%02X", cp);
				buf_puts(out, esc);
			}
			i++;
		} else if ((cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
			   (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F) {
			/* C1 controls, and the bidirectional overrides that can make
			 * an account ID read as another. */
			snprintf(esc, sizeof esc, "\\u%04X", cp);
			buf_puts(out, esc);
			i += n;
		} else {
			buf_append(out, s + i, n);
			i += n;
		}
	}
}

char *text_visible_dup(const char *s)
{
	struct buf b;
	buf_init(&b);
	if (s)
		text_visible(&b, s, strlen(s), 0);
	return buf_steal(&b);
}

char *text_visible_lines_dup(const char *s)
{
	struct buf b;
	buf_init(&b);
	for (const char *p = s; p && *p;) {
		size_t n = strcspn(p, "\n");
		text_visible(&b, p, n, 0);
		if (!p[n])
			break;
		buf_putc(&b, '\n');
		p += n + 1;
	}
	return buf_steal(&b);
}
