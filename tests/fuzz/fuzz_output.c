/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_output.c: libFuzzer target for printing any JSON reply as json, text and table: never a raw control character or invalid UTF-8 in what reaches the terminal. */
#include "config.h"

#include <stdio.h>

#include "fuzz.h"
#include "output.h"
#include "text.h"

/*
 * What a terminal must never receive from the service: C0 controls (ESC
 * above all) but the newline, and the tab in text output where the AWS
 * CLI separates columns with it; DEL; C1 controls (U+0080..U+009F, which
 * 8-bit terminals read as CSI and OSC); the bidirectional controls that
 * can make one account ID read as another; bytes that are not UTF-8.
 */
static void check(const struct buf *out, enum output_format fmt)
{
	const unsigned char *s = (const unsigned char *)buf_str(out);
	size_t n = out->len;
	for (size_t i = 0; i < n;) {
		unsigned char c = s[i];
		if (c < 0x80) {
			if ((c < 0x20 && c != '\n' && !(c == '\t' && fmt == OUTPUT_TEXT)) || c == 0x7f) {
				fprintf(stderr, "raw control byte 0x%02x at %zu of %zu in format %d\n", c,
					i, n, (int)fmt);
				abort();
			}
			i++;
			continue;
		}
		unsigned cp;
		size_t len = text_utf8_len(s + i, n - i, &cp);
		if (len == 0) {
			fprintf(stderr, "invalid UTF-8 at %zu of %zu in format %d\n", i, n, (int)fmt);
			abort();
		}
		if ((cp >= 0x80 && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e || cp == 0x200f) {
			fprintf(stderr, "raw control U+%04X at %zu in format %d\n", cp, i, (int)fmt);
			abort();
		}
		i += len;
	}
}

/* Input: a line for the timestamp parser, then the JSON a service might send. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Titles are shtui's own operation names, never the service's text. */
	static const char *const titles[] = { "ListInvitations", "GetAdministratorAccount",
					      "DescribeHub", "GetCallerIdentity" };
	const char *title = titles[size % 4];
	char *line = fuzz_line(&data, &size);
	char *ts = output_iso_timestamp(line);
	free(ts);
	free(line);

	cJSON *v = cJSON_ParseWithLength((const char *)data, size);
	if (!v)
		return 0;
	static const enum output_format fmts[] = { OUTPUT_JSON, OUTPUT_TEXT, OUTPUT_TABLE };
	for (size_t f = 0; f < 3; f++) {
		struct buf out;
		buf_init(&out);
		output_format(&out, v, fmts[f], title);
		if (buf_failed(&out))
			abort();
		check(&out, fmts[f]);
		buf_done(&out);
	}
	cJSON_Delete(v);
	return 0;
}
