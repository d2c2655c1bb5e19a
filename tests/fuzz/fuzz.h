/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz.h: what the libFuzzer targets in tests/fuzz share: the entry point's prototype and splitting an input into parts. */
#ifndef SHTUI_FUZZ_H
#define SHTUI_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A NUL-terminated heap copy of data[0..n): the parsers under test take
 * C strings as often as byte ranges. Aborts when out of memory, which a
 * fuzzer reports as a crash of the target, not of the code under test. */
static inline char *fuzz_strndup(const uint8_t *data, size_t n)
{
	char *s = malloc(n + 1);
	if (!s)
		abort();
	memcpy(s, data, n);
	s[n] = '\0';
	return s;
}

/* The next part of *data up to a '\n' (or the end), as a heap C string;
 * advances past the newline. */
static inline char *fuzz_line(const uint8_t **data, size_t *size)
{
	const uint8_t *nl = memchr(*data, '\n', *size);
	size_t n = nl ? (size_t)(nl - *data) : *size;
	char *s = fuzz_strndup(*data, n);
	*data += nl ? n + 1 : n;
	*size -= nl ? n + 1 : n;
	return s;
}

#endif
