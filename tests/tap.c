/* SPDX-License-Identifier: Apache-2.0 */
/* tap.c: a small Test Anything Protocol writer for the unit tests. */
#include "config.h"

#include "tap.h"

#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int tap_count, tap_failed, tap_planned = -1;

void tap_plan(int n)
{
	tap_planned = n;
	printf("1..%d\n", n);
	fflush(stdout);
}

static bool tap_vok(bool ok, const char *fmt, va_list ap)
{
	tap_count++;
	if (!ok)
		tap_failed++;
	printf("%sok %d - ", ok ? "" : "not ", tap_count);
	vprintf(fmt, ap);
	putchar('\n');
	fflush(stdout);
	return ok;
}

bool tap_ok(bool ok, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	tap_vok(ok, fmt, ap);
	va_end(ap);
	return ok;
}

/* Prints a multi-line value as diagnostics, showing line ends. */
static void tap_show(const char *label, const char *s)
{
	printf("#   %s:\n", label);
	if (!s) {
		printf("#     (null)\n");
		return;
	}
	printf("#     |");
	for (; *s; s++) {
		if (*s == '\n')
			printf("\\n\n#     |");
		else if ((unsigned char)*s < 0x20)
			printf("\\x%02x", (unsigned char)*s);
		else
			putchar(*s);
	}
	printf("<end>\n");
}

bool tap_is_str(const char *got, const char *want, const char *fmt, ...)
{
	bool ok = got && want && strcmp(got, want) == 0;
	va_list ap;
	va_start(ap, fmt);
	tap_vok(ok, fmt, ap);
	va_end(ap);
	if (!ok) {
		va_start(ap, fmt);
		printf("#   case: ");
		vprintf(fmt, ap);
		putchar('\n');
		va_end(ap);
		tap_show("Expected", want);
		tap_show("Actual", got);
		fflush(stdout);
	}
	return ok;
}

bool tap_is_int(long long got, long long want, const char *fmt, ...)
{
	bool ok = got == want;
	va_list ap;
	va_start(ap, fmt);
	tap_vok(ok, fmt, ap);
	va_end(ap);
	if (!ok)
		printf("#   Expected: %lld\n#   Actual:   %lld\n", want, got);
	return ok;
}

void tap_diag(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("# ");
	vprintf(fmt, ap);
	putchar('\n');
	va_end(ap);
	fflush(stdout);
}

int tap_done(void)
{
	if (tap_planned < 0)
		printf("1..%d\n", tap_count);
	else if (tap_planned != tap_count)
		printf("# planned %d tests but ran %d\n", tap_planned, tap_count);
	fflush(stdout);
	return tap_failed || (tap_planned >= 0 && tap_planned != tap_count);
}

char *tap_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0;
	char *s = malloc(cap);
	size_t r;
	while (s && (r = fread(s + n, 1, cap - n - 1, f)) > 0) {
		n += r;
		if (cap - n - 1 == 0) {
			char *t = realloc(s, cap * 2);
			if (!t) {
				free(s);
				s = NULL;
				break;
			}
			s = t;
			cap *= 2;
		}
	}
	fclose(f);
	if (!s)
		return NULL;
	s[n] = '\0';
	if (len)
		*len = n;
	return s;
}

char *tap_srcpath(const char *rel)
{
	const char *srcdir = getenv("srcdir");
	if (!srcdir || !*srcdir)
		srcdir = ".";
	size_t n = strlen(srcdir) + strlen(rel) + 2;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/%s", srcdir, rel);
	return p;
}

static char *tap_dirs[8];

static int tap_rm(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

static void tap_rm_dirs(void)
{
	for (size_t i = 0; i < sizeof tap_dirs / sizeof tap_dirs[0] && tap_dirs[i]; i++) {
		nftw(tap_dirs[i], tap_rm, 16, FTW_DEPTH | FTW_PHYS);
		free(tap_dirs[i]);
		tap_dirs[i] = NULL;
	}
}

const char *tap_tmpdir(const char *name)
{
	size_t i = 0;
	while (i < sizeof tap_dirs / sizeof tap_dirs[0] && tap_dirs[i])
		i++;
	const char *tmp = getenv("TMPDIR");
	if (!tmp || !*tmp)
		tmp = "/tmp";
	size_t n = strlen(tmp) + strlen(name) + 9;
	char *dir = malloc(n);
	if (i == sizeof tap_dirs / sizeof tap_dirs[0] || !dir) {
		free(dir);
		return NULL;
	}
	snprintf(dir, n, "%s/%s.XXXXXX", tmp, name);
	if (!mkdtemp(dir)) {
		free(dir);
		return NULL;
	}
	if (i == 0)
		atexit(tap_rm_dirs);
	tap_dirs[i] = dir;
	return dir;
}
