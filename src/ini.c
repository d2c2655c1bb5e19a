/* SPDX-License-Identifier: Apache-2.0 */
/* ini.c: the AWS shared config and credentials file syntax, read as botocore reads it. */
#include "config.h"

#include "ini.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>

/* Larger files are refused rather than read into memory. */
#define INI_MAX_FILE (64u * 1024 * 1024)

/* A key while its lines are still being gathered. */
struct ini_raw_entry {
	char *key;
	unsigned line;
	struct buf text;        /* the value's lines joined with "\n" */
	unsigned *lines;        /* the file line of each of those lines */
	size_t n_lines, cap_lines;
};

struct ini_raw_section {
	char *name;
	unsigned line;
	struct ini_raw_entry *e;
	size_t n, cap;
};

enum { INI_NO_SECTION = -1, INI_DEFAULTS = -2 };

struct ini_parser {
	unsigned flags;
	unsigned lineno;
	struct ini_raw_section *secs;
	size_t n_secs, cap_secs;
	struct ini_raw_section defaults;
	long cur;               /* index into secs, or INI_NO_SECTION / INI_DEFAULTS */
	long opt;               /* index of the key whose value continues, or -1 */
	size_t indent_level;
	struct buf *err;
};

static bool ini_grow(void **arr, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return true;
	size_t n = *cap ? *cap : 8;
	while (n < need) {
		if (n > SIZE_MAX / 2 / elem)
			return false;
		n *= 2;
	}
	void *p = realloc(*arr, n * elem);
	if (!p)
		return false;
	*arr = p;
	*cap = n;
	return true;
}

static char *ini_strndup(const unsigned char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

static void ini_free_str(char *s)
{
	if (s) {
		OPENSSL_cleanse(s, strlen(s));
		free(s);
	}
}

/* Appends `n` bytes of untrusted text to an error message, control bytes
 * made visible. */
static void ini_put_text(struct buf *err, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			buf_printf(err, "\\x%02x", c);
		else
			buf_putc(err, (char)c);
	}
}

/* Length of the Python str.isspace() code point at p, or 0. */
static size_t ini_space_len(const unsigned char *p, const unsigned char *end)
{
	size_t left = (size_t)(end - p);
	if (left == 0)
		return 0;
	unsigned char c = p[0];
	if (c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f))
		return 1;
	if (c == 0xc2 && left >= 2 && (p[1] == 0x85 || p[1] == 0xa0))
		return 2;
	if (left < 3)
		return 0;
	if (c == 0xe1 && p[1] == 0x9a && p[2] == 0x80)          /* U+1680 */
		return 3;
	if (c == 0xe2 && p[1] == 0x80 &&                        /* U+2000-200A, 2028, 2029, 202F */
	    ((p[2] >= 0x80 && p[2] <= 0x8a) || p[2] == 0xa8 || p[2] == 0xa9 || p[2] == 0xaf))
		return 3;
	if (c == 0xe2 && p[1] == 0x81 && p[2] == 0x9f)          /* U+205F */
		return 3;
	if (c == 0xe3 && p[1] == 0x80 && p[2] == 0x80)          /* U+3000 */
		return 3;
	return 0;
}

/* Length of a Python str.splitlines() line break at p, or 0. */
static size_t ini_break_len(const unsigned char *p, const unsigned char *end)
{
	size_t left = (size_t)(end - p);
	if (left == 0)
		return 0;
	unsigned char c = p[0];
	if (c == '\r')
		return left >= 2 && p[1] == '\n' ? 2 : 1;
	if (c == '\n' || c == '\v' || c == '\f' || (c >= 0x1c && c <= 0x1e))
		return 1;
	if (c == 0xc2 && left >= 2 && p[1] == 0x85)
		return 2;
	if (c == 0xe2 && left >= 3 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9))
		return 3;
	return 0;
}

static const unsigned char *ini_lstrip(const unsigned char *p, const unsigned char *end)
{
	size_t n;
	while ((n = ini_space_len(p, end)) > 0)
		p += n;
	return p;
}

/* The new end of [p, end) once trailing whitespace is gone. The text is
 * valid UTF-8, so a code point starts at most 3 bytes back. */
static const unsigned char *ini_rstrip(const unsigned char *p, const unsigned char *end)
{
	while (end > p) {
		const unsigned char *q = end - 1;
		while (q > p && end - q < 4 && (*q & 0xc0) == 0x80)
			q--;
		if (ini_space_len(q, end) != (size_t)(end - q))
			break;
		end = q;
	}
	return end;
}

/* Python's strict UTF-8 decoder: no overlong forms, no surrogates, nothing
 * above U+10FFFF. */
static bool ini_utf8_valid(const unsigned char *p, const unsigned char *end)
{
	while (p < end) {
		unsigned char c = *p;
		size_t n;
		unsigned char lo = 0x80, hi = 0xbf;
		if (c < 0x80) {
			p++;
			continue;
		} else if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			if (c == 0xe0)
				lo = 0xa0;
			else if (c == 0xed)
				hi = 0x9f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			if (c == 0xf0)
				lo = 0x90;
			else if (c == 0xf4)
				hi = 0x8f;
		} else {
			return false;
		}
		if ((size_t)(end - p) <= n)
			return false;
		if (p[1] < lo || p[1] > hi)
			return false;
		for (size_t i = 2; i <= n; i++)
			if ((p[i] & 0xc0) != 0x80)
				return false;
		p += n + 1;
	}
	return true;
}

/* Number of code points in [p, end). */
static size_t ini_code_points(const unsigned char *p, const unsigned char *end)
{
	size_t n = 0;
	for (; p < end; p++)
		if ((*p & 0xc0) != 0x80)
			n++;
	return n;
}

static struct ini_raw_section *ini_cur(struct ini_parser *ps)
{
	if (ps->cur == INI_DEFAULTS)
		return &ps->defaults;
	return &ps->secs[ps->cur];
}

static void ini_raw_entry_done(struct ini_raw_entry *e)
{
	free(e->key);
	buf_done(&e->text);
	free(e->lines);
}

static void ini_raw_section_done(struct ini_raw_section *s)
{
	for (size_t i = 0; i < s->n; i++)
		ini_raw_entry_done(&s->e[i]);
	free(s->e);
	free(s->name);
}

static void ini_parser_done(struct ini_parser *ps)
{
	for (size_t i = 0; i < ps->n_secs; i++)
		ini_raw_section_done(&ps->secs[i]);
	free(ps->secs);
	ini_raw_section_done(&ps->defaults);
}

/* Adds one line to the value being gathered. */
static enum shtui_status ini_add_line(struct ini_parser *ps, const unsigned char *s,
				      size_t n)
{
	struct ini_raw_entry *e = &ini_cur(ps)->e[ps->opt];
	if (!ini_grow((void **)&e->lines, &e->cap_lines, e->n_lines + 1, sizeof *e->lines))
		return SHTUI_ENOMEM;
	if (e->n_lines > 0)
		buf_putc(&e->text, '\n');
	buf_append(&e->text, s, n);
	if (buf_failed(&e->text))
		return SHTUI_ENOMEM;
	e->lines[e->n_lines++] = ps->lineno;
	return SHTUI_OK;
}

static enum shtui_status ini_header(struct ini_parser *ps, const unsigned char *name,
				    size_t n)
{
	ps->opt = -1;
	if (n == 7 && memcmp(name, "DEFAULT", 7) == 0) {
		ps->cur = INI_DEFAULTS;
		return SHTUI_OK;
	}
	for (size_t i = 0; i < ps->n_secs; i++) {
		if (strlen(ps->secs[i].name) == n && memcmp(ps->secs[i].name, name, n) == 0) {
			if (!(ps->flags & INI_MERGE_DUPLICATES)) {
				buf_printf(ps->err, "line %u: section [", ps->lineno);
				ini_put_text(ps->err, (const char *)name, n);
				buf_printf(ps->err, "] already exists (line %u)",
					   ps->secs[i].line);
				return SHTUI_EPARSE;
			}
			ps->cur = (long)i;
			return SHTUI_OK;
		}
	}
	if (!ini_grow((void **)&ps->secs, &ps->cap_secs, ps->n_secs + 1, sizeof *ps->secs))
		return SHTUI_ENOMEM;
	struct ini_raw_section *s = &ps->secs[ps->n_secs];
	memset(s, 0, sizeof *s);
	s->name = ini_strndup(name, n);
	if (!s->name)
		return SHTUI_ENOMEM;
	s->line = ps->lineno;
	ps->cur = (long)ps->n_secs++;
	return SHTUI_OK;
}

static enum shtui_status ini_option(struct ini_parser *ps, const unsigned char *s,
				    const unsigned char *e)
{
	const unsigned char *d = s;
	while (d < e && *d != '=' && *d != ':')
		d++;
	if (d == e) {
		buf_printf(ps->err, "line %u: expected \"key = value\" or a [section] header, got \"",
			   ps->lineno);
		ini_put_text(ps->err, (const char *)s, (size_t)(e - s));
		buf_putc(ps->err, '"');
		return SHTUI_EPARSE;
	}
	const unsigned char *kend = ini_rstrip(s, d);
	if (kend == s) {
		buf_printf(ps->err, "line %u: a key is missing before '%c'", ps->lineno, *d);
		return SHTUI_EPARSE;
	}
	char *key = ini_strndup(s, (size_t)(kend - s));
	if (!key)
		return SHTUI_ENOMEM;
	for (char *k = key; *k; k++)
		if (*k >= 'A' && *k <= 'Z')
			*k = (char)(*k - 'A' + 'a');
	const unsigned char *v = ini_lstrip(d + 1, e);

	struct ini_raw_section *sec = ini_cur(ps);
	for (size_t i = 0; i < sec->n; i++) {
		struct ini_raw_entry *old = &sec->e[i];
		if (strcmp(old->key, key) != 0)
			continue;
		if (!(ps->flags & INI_MERGE_DUPLICATES)) {
			buf_printf(ps->err, "line %u: key \"", ps->lineno);
			ini_put_text(ps->err, key, strlen(key));
			buf_puts(ps->err, "\" in section [");
			ini_put_text(ps->err, sec->name ? sec->name : "DEFAULT",
				     strlen(sec->name ? sec->name : "DEFAULT"));
			buf_printf(ps->err, "] already exists (line %u)", old->line);
			free(key);
			return SHTUI_EPARSE;
		}
		free(key);
		buf_reset(&old->text);
		old->n_lines = 0;
		old->line = ps->lineno;
		ps->opt = (long)i;
		return ini_add_line(ps, v, (size_t)(e - v));
	}
	if (!ini_grow((void **)&sec->e, &sec->cap, sec->n + 1, sizeof *sec->e)) {
		free(key);
		return SHTUI_ENOMEM;
	}
	struct ini_raw_entry *ne = &sec->e[sec->n];
	memset(ne, 0, sizeof *ne);
	buf_init(&ne->text);
	ne->key = key;
	ne->line = ps->lineno;
	ps->opt = (long)sec->n++;
	return ini_add_line(ps, v, (size_t)(e - v));
}

/* One physical line, without its line end. configparser's _read() loop. */
static enum shtui_status ini_line(struct ini_parser *ps, const unsigned char *ls,
				  const unsigned char *le)
{
	if (memchr(ls, '\0', (size_t)(le - ls))) {
		buf_printf(ps->err, "line %u: NUL byte", ps->lineno);
		return SHTUI_EPARSE;
	}
	if (!ini_utf8_valid(ls, le)) {
		buf_printf(ps->err, "line %u: not valid UTF-8", ps->lineno);
		return SHTUI_EPARSE;
	}
	const unsigned char *s = ini_lstrip(ls, le);
	const unsigned char *e = ini_rstrip(s, le);
	bool comment = s < e && (*s == '#' || *s == ';');
	if (comment || s == e) {
		/* A blank line inside a value is part of it; a comment is not. */
		if (!comment && ps->cur != INI_NO_SECTION && ps->opt >= 0)
			return ini_add_line(ps, s, 0);
		return SHTUI_OK;
	}
	size_t indent = ini_code_points(ls, s);
	if (ps->cur != INI_NO_SECTION && ps->opt >= 0 && indent > ps->indent_level)
		return ini_add_line(ps, s, (size_t)(e - s));
	ps->indent_level = indent;

	if (*s == '[') {
		const unsigned char *r = e;
		while (r > s && r[-1] != ']')
			r--;
		/* r is one past the last ']'; the name needs one byte at least. */
		if (r - s >= 3)
			return ini_header(ps, s + 1, (size_t)(r - 1 - (s + 1)));
	}
	if (ps->cur == INI_NO_SECTION) {
		buf_printf(ps->err, "line %u: no [section] header before this line", ps->lineno);
		return SHTUI_EPARSE;
	}
	return ini_option(ps, s, e);
}

/* Splits the text of one key into the public form, parsing a nested block. */
static enum shtui_status ini_finish_entry(const struct ini_raw_entry *re,
					  struct ini_entry *out, struct buf *err)
{
	memset(out, 0, sizeof *out);
	out->line = re->line;
	out->key = strdup(re->key);
	const unsigned char *t = (const unsigned char *)buf_str(&re->text);
	const unsigned char *tend = ini_rstrip(t, t + re->text.len);
	out->value = ini_strndup(t, (size_t)(tend - t));
	if (!out->key || !out->value)
		return SHTUI_ENOMEM;
	if (out->value[0] != '\n')
		return SHTUI_OK;

	/* botocore's _parse_nested(): each line stripped, split at the first
	 * '='; Python's splitlines() breaks on more than "\n". The k-th
	 * "\n"-separated piece came from file line re->lines[k]. */
	size_t cap = 0;
	const unsigned char *p = t;
	for (size_t k = 0; k < re->n_lines; k++) {
		const unsigned char *pend = memchr(p, '\n', (size_t)(t + re->text.len - p));
		if (!pend)
			pend = t + re->text.len;
		const unsigned char *q = p;
		while (q < pend) {
			const unsigned char *b = q;
			size_t bl = 0;
			while (b < pend && (bl = ini_break_len(b, pend)) == 0)
				b++;
			const unsigned char *s = ini_lstrip(q, b);
			const unsigned char *e = ini_rstrip(s, b);
			q = b < pend ? b + bl : pend;
			if (s == e)
				continue;
			const unsigned char *eq = memchr(s, '=', (size_t)(e - s));
			if (!eq) {
				buf_printf(err, "line %u: expected \"name = value\" in the block under \"",
					   re->lines[k]);
				ini_put_text(err, re->key, strlen(re->key));
				buf_puts(err, "\", got \"");
				ini_put_text(err, (const char *)s, (size_t)(e - s));
				buf_putc(err, '"');
				return SHTUI_EPARSE;
			}
			const unsigned char *kend = ini_rstrip(s, eq);
			const unsigned char *v = ini_lstrip(eq + 1, e);
			char *key = ini_strndup(s, (size_t)(kend - s));
			char *val = ini_strndup(v, (size_t)(e - v));
			if (!key || !val) {
				free(key);
				ini_free_str(val);
				return SHTUI_ENOMEM;
			}
			size_t i;
			for (i = 0; i < out->n_sub; i++)
				if (strcmp(out->sub[i].key, key) == 0)
					break;
			if (i < out->n_sub) {
				free(key);
				ini_free_str(out->sub[i].value);
				out->sub[i].value = val;
				out->sub[i].line = re->lines[k];
				continue;
			}
			if (!ini_grow((void **)&out->sub, &cap, out->n_sub + 1, sizeof *out->sub)) {
				free(key);
				ini_free_str(val);
				return SHTUI_ENOMEM;
			}
			out->sub[out->n_sub].key = key;
			out->sub[out->n_sub].value = val;
			out->sub[out->n_sub].line = re->lines[k];
			out->n_sub++;
		}
		p = pend + 1;
	}
	return SHTUI_OK;
}

static void ini_entry_done(struct ini_entry *e)
{
	free(e->key);
	ini_free_str(e->value);
	for (size_t i = 0; i < e->n_sub; i++) {
		free(e->sub[i].key);
		ini_free_str(e->sub[i].value);
	}
	free(e->sub);
}

static void ini_section_done(struct ini_section *s)
{
	for (size_t i = 0; i < s->n_entries; i++)
		ini_entry_done(&s->entries[i]);
	free(s->entries);
	free(s->name);
}

void ini_free(struct ini *ini)
{
	if (!ini)
		return;
	for (size_t i = 0; i < ini->n_sections; i++)
		ini_section_done(&ini->sections[i]);
	free(ini->sections);
	free(ini);
}

static enum shtui_status ini_copy_entry(const struct ini_entry *src, struct ini_entry *dst)
{
	memset(dst, 0, sizeof *dst);
	dst->line = src->line;
	dst->key = strdup(src->key);
	dst->value = strdup(src->value);
	if (!dst->key || !dst->value)
		return SHTUI_ENOMEM;
	if (src->n_sub) {
		dst->sub = calloc(src->n_sub, sizeof *dst->sub);
		if (!dst->sub)
			return SHTUI_ENOMEM;
		for (size_t i = 0; i < src->n_sub; i++) {
			dst->n_sub++;
			dst->sub[i].line = src->sub[i].line;
			dst->sub[i].key = strdup(src->sub[i].key);
			dst->sub[i].value = strdup(src->sub[i].value);
			if (!dst->sub[i].key || !dst->sub[i].value)
				return SHTUI_ENOMEM;
		}
	}
	return SHTUI_OK;
}

/* Builds the public structure; [DEFAULT]'s keys fill in every section. */
static enum shtui_status ini_finish(struct ini_parser *ps, struct ini *ini)
{
	enum shtui_status st = SHTUI_OK;
	struct ini_section defs = { 0 };
	if (ps->defaults.n) {
		defs.entries = calloc(ps->defaults.n, sizeof *defs.entries);
		if (!defs.entries)
			return SHTUI_ENOMEM;
		for (size_t i = 0; i < ps->defaults.n && st == SHTUI_OK; i++) {
			defs.n_entries++;
			st = ini_finish_entry(&ps->defaults.e[i], &defs.entries[i], ps->err);
		}
	}
	if (st == SHTUI_OK && ps->n_secs) {
		ini->sections = calloc(ps->n_secs, sizeof *ini->sections);
		if (!ini->sections)
			st = SHTUI_ENOMEM;
	}
	for (size_t i = 0; i < ps->n_secs && st == SHTUI_OK; i++) {
		struct ini_raw_section *rs = &ps->secs[i];
		struct ini_section *sec = &ini->sections[i];
		ini->n_sections++;
		sec->name = rs->name;
		rs->name = NULL;
		sec->line = rs->line;
		size_t n = rs->n + defs.n_entries;
		if (n == 0)
			continue;
		sec->entries = calloc(n, sizeof *sec->entries);
		if (!sec->entries) {
			st = SHTUI_ENOMEM;
			break;
		}
		for (size_t j = 0; j < rs->n && st == SHTUI_OK; j++) {
			sec->n_entries++;
			st = ini_finish_entry(&rs->e[j], &sec->entries[j], ps->err);
		}
		for (size_t j = 0; j < defs.n_entries && st == SHTUI_OK; j++) {
			if (ini_section_entry(sec, defs.entries[j].key))
				continue;
			st = ini_copy_entry(&defs.entries[j], &sec->entries[sec->n_entries++]);
		}
	}
	ini_section_done(&defs);
	return st;
}

enum shtui_status ini_parse_buffer(const char *data, size_t len, unsigned flags,
				   struct ini **out, struct buf *err)
{
	*out = NULL;
	struct ini_parser ps;
	memset(&ps, 0, sizeof ps);
	ps.flags = flags;
	ps.cur = INI_NO_SECTION;
	ps.opt = -1;
	ps.err = err;

	const unsigned char *p = (const unsigned char *)data;
	const unsigned char *end = p + len;
	if (len >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
		p += 3;
	enum shtui_status st = SHTUI_OK;
	while (p < end && st == SHTUI_OK) {
		const unsigned char *le = p;
		while (le < end && *le != '\n' && *le != '\r')
			le++;
		ps.lineno++;
		st = ini_line(&ps, p, le);
		if (le < end && *le == '\r' && le + 1 < end && le[1] == '\n')
			le++;
		p = le < end ? le + 1 : end;
	}
	struct ini *ini = NULL;
	if (st == SHTUI_OK) {
		ini = calloc(1, sizeof *ini);
		st = ini ? ini_finish(&ps, ini) : SHTUI_ENOMEM;
	}
	ini_parser_done(&ps);
	if (st != SHTUI_OK) {
		ini_free(ini);
		if (st == SHTUI_ENOMEM)
			buf_puts(err, shtui_status_str(st));
		return st;
	}
	*out = ini;
	return SHTUI_OK;
}

enum shtui_status ini_load(const char *path, unsigned flags, struct ini **out,
			   struct buf *err)
{
	*out = NULL;
	struct stat sb;
	if (stat(path, &sb) != 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return SHTUI_ENOENT;
		buf_printf(err, "%s: %s", path, strerror(errno));
		return SHTUI_EIO;
	}
	if (!S_ISREG(sb.st_mode))
		return SHTUI_ENOENT;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return SHTUI_ENOENT;
		buf_printf(err, "%s: %s", path, strerror(errno));
		return SHTUI_EIO;
	}
	struct buf text;
	buf_init(&text);
	char chunk[4096];
	enum shtui_status st = SHTUI_OK;
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			buf_printf(err, "%s: %s", path, strerror(errno));
			st = SHTUI_EIO;
			break;
		}
		if (n == 0)
			break;
		if (text.len + (size_t)n > INI_MAX_FILE) {
			buf_printf(err, "%s: larger than %u bytes", path, INI_MAX_FILE);
			st = SHTUI_EIO;
			break;
		}
		buf_append(&text, chunk, (size_t)n);
	}
	OPENSSL_cleanse(chunk, sizeof chunk);
	close(fd);
	if (st == SHTUI_OK && buf_failed(&text))
		st = SHTUI_ENOMEM;
	if (st == SHTUI_OK) {
		struct buf why;
		buf_init(&why);
		st = ini_parse_buffer(buf_str(&text), text.len, flags, out, &why);
		if (st != SHTUI_OK)
			buf_printf(err, "%s: %s", path, buf_str(&why));
		buf_done(&why);
	} else if (st == SHTUI_ENOMEM) {
		buf_printf(err, "%s: %s", path, shtui_status_str(st));
	}
	buf_done(&text);
	return st;
}

const struct ini_section *ini_section(const struct ini *ini, const char *name)
{
	if (!ini)
		return NULL;
	for (size_t i = 0; i < ini->n_sections; i++)
		if (strcmp(ini->sections[i].name, name) == 0)
			return &ini->sections[i];
	return NULL;
}

const struct ini_entry *ini_section_entry(const struct ini_section *sec, const char *key)
{
	if (!sec)
		return NULL;
	for (size_t i = 0; i < sec->n_entries; i++)
		if (strcmp(sec->entries[i].key, key) == 0)
			return &sec->entries[i];
	return NULL;
}

const char *ini_section_get(const struct ini_section *sec, const char *key)
{
	const struct ini_entry *e = ini_section_entry(sec, key);
	return e && !e->sub ? e->value : NULL;
}

const char *ini_section_get_sub(const struct ini_section *sec, const char *key,
				const char *subkey)
{
	const struct ini_entry *e = ini_section_entry(sec, key);
	if (!e)
		return NULL;
	for (size_t i = 0; i < e->n_sub; i++)
		if (strcmp(e->sub[i].key, subkey) == 0)
			return e->sub[i].value;
	return NULL;
}

const char *ini_get(const struct ini *ini, const char *section, const char *key)
{
	return ini_section_get(ini_section(ini, section), key);
}

const char *ini_get_sub(const struct ini *ini, const char *section, const char *key,
			const char *subkey)
{
	return ini_section_get_sub(ini_section(ini, section), key, subkey);
}
