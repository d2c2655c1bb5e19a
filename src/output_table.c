/* SPDX-License-Identifier: Apache-2.0 */
/* output_table.c: --output table, as the AWS CLI's TableFormatter and MultiTable draw it, cell for cell. */
#include "config.h"

#include "output.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "text.h"

/*
 * The AWS CLI builds a list of sections (a title, an indent level, maybe a
 * header row, rows of cells) from the reply, then draws them all as wide
 * as the widest, each column scaled to fill its section. The names and
 * the order of the steps follow awscli/formatter.py and awscli/table.py,
 * so that the output is the same byte for byte.
 */

/* Code points Python's unicodedata.east_asian_width calls W, F or A (the
 * AWS CLI counts them two columns wide), unassigned ones merged in. */
static const struct {
	unsigned lo, hi;
} wide[] = {
	{ 0xA1, 0xA1 }, { 0xA4, 0xA4 }, { 0xA7, 0xA8 }, { 0xAA, 0xAA }, { 0xAD, 0xAE },
	{ 0xB0, 0xB4 }, { 0xB6, 0xBA }, { 0xBC, 0xBF }, { 0xC6, 0xC6 }, { 0xD0, 0xD0 },
	{ 0xD7, 0xD8 }, { 0xDE, 0xE1 }, { 0xE6, 0xE6 }, { 0xE8, 0xEA }, { 0xEC, 0xED },
	{ 0xF0, 0xF0 }, { 0xF2, 0xF3 }, { 0xF7, 0xFA }, { 0xFC, 0xFC }, { 0xFE, 0xFE },
	{ 0x101, 0x101 }, { 0x111, 0x111 }, { 0x113, 0x113 }, { 0x11B, 0x11B }, { 0x126, 0x127 },
	{ 0x12B, 0x12B }, { 0x131, 0x133 }, { 0x138, 0x138 }, { 0x13F, 0x142 }, { 0x144, 0x144 },
	{ 0x148, 0x14B }, { 0x14D, 0x14D }, { 0x152, 0x153 }, { 0x166, 0x167 }, { 0x16B, 0x16B },
	{ 0x1CE, 0x1CE }, { 0x1D0, 0x1D0 }, { 0x1D2, 0x1D2 }, { 0x1D4, 0x1D4 }, { 0x1D6, 0x1D6 },
	{ 0x1D8, 0x1D8 }, { 0x1DA, 0x1DA }, { 0x1DC, 0x1DC }, { 0x251, 0x251 }, { 0x261, 0x261 },
	{ 0x2C4, 0x2C4 }, { 0x2C7, 0x2C7 }, { 0x2C9, 0x2CB }, { 0x2CD, 0x2CD }, { 0x2D0, 0x2D0 },
	{ 0x2D8, 0x2DB }, { 0x2DD, 0x2DD }, { 0x2DF, 0x2DF }, { 0x300, 0x36F }, { 0x391, 0x3A9 },
	{ 0x3B1, 0x3C1 }, { 0x3C3, 0x3C9 }, { 0x401, 0x401 }, { 0x410, 0x44F }, { 0x451, 0x451 },
	{ 0x1100, 0x115F }, { 0x2010, 0x2010 }, { 0x2013, 0x2016 }, { 0x2018, 0x2019 },
	{ 0x201C, 0x201D }, { 0x2020, 0x2022 }, { 0x2024, 0x2027 }, { 0x2030, 0x2030 },
	{ 0x2032, 0x2033 }, { 0x2035, 0x2035 }, { 0x203B, 0x203B }, { 0x203E, 0x203E },
	{ 0x2074, 0x2074 }, { 0x207F, 0x207F }, { 0x2081, 0x2084 }, { 0x20AC, 0x20AC },
	{ 0x2103, 0x2103 }, { 0x2105, 0x2105 }, { 0x2109, 0x2109 }, { 0x2113, 0x2113 },
	{ 0x2116, 0x2116 }, { 0x2121, 0x2122 }, { 0x2126, 0x2126 }, { 0x212B, 0x212B },
	{ 0x2153, 0x2154 }, { 0x215B, 0x215E }, { 0x2160, 0x216B }, { 0x2170, 0x2179 },
	{ 0x2189, 0x2189 }, { 0x2190, 0x2199 }, { 0x21B8, 0x21B9 }, { 0x21D2, 0x21D2 },
	{ 0x21D4, 0x21D4 }, { 0x21E7, 0x21E7 }, { 0x2200, 0x2200 }, { 0x2202, 0x2203 },
	{ 0x2207, 0x2208 }, { 0x220B, 0x220B }, { 0x220F, 0x220F }, { 0x2211, 0x2211 },
	{ 0x2215, 0x2215 }, { 0x221A, 0x221A }, { 0x221D, 0x2220 }, { 0x2223, 0x2223 },
	{ 0x2225, 0x2225 }, { 0x2227, 0x222C }, { 0x222E, 0x222E }, { 0x2234, 0x2237 },
	{ 0x223C, 0x223D }, { 0x2248, 0x2248 }, { 0x224C, 0x224C }, { 0x2252, 0x2252 },
	{ 0x2260, 0x2261 }, { 0x2264, 0x2267 }, { 0x226A, 0x226B }, { 0x226E, 0x226F },
	{ 0x2282, 0x2283 }, { 0x2286, 0x2287 }, { 0x2295, 0x2295 }, { 0x2299, 0x2299 },
	{ 0x22A5, 0x22A5 }, { 0x22BF, 0x22BF }, { 0x2312, 0x2312 }, { 0x231A, 0x231B },
	{ 0x2329, 0x232A }, { 0x23E9, 0x23EC }, { 0x23F0, 0x23F0 }, { 0x23F3, 0x23F3 },
	{ 0x2460, 0x24E9 }, { 0x24EB, 0x254B }, { 0x2550, 0x2573 }, { 0x2580, 0x258F },
	{ 0x2592, 0x2595 }, { 0x25A0, 0x25A1 }, { 0x25A3, 0x25A9 }, { 0x25B2, 0x25B3 },
	{ 0x25B6, 0x25B7 }, { 0x25BC, 0x25BD }, { 0x25C0, 0x25C1 }, { 0x25C6, 0x25C8 },
	{ 0x25CB, 0x25CB }, { 0x25CE, 0x25D1 }, { 0x25E2, 0x25E5 }, { 0x25EF, 0x25EF },
	{ 0x25FD, 0x25FE }, { 0x2605, 0x2606 }, { 0x2609, 0x2609 }, { 0x260E, 0x260F },
	{ 0x2614, 0x2615 }, { 0x261C, 0x261C }, { 0x261E, 0x261E }, { 0x2640, 0x2640 },
	{ 0x2642, 0x2642 }, { 0x2648, 0x2653 }, { 0x2660, 0x2661 }, { 0x2663, 0x2665 },
	{ 0x2667, 0x266A }, { 0x266C, 0x266D }, { 0x266F, 0x266F }, { 0x267F, 0x267F },
	{ 0x2693, 0x2693 }, { 0x269E, 0x269F }, { 0x26A1, 0x26A1 }, { 0x26AA, 0x26AB },
	{ 0x26BD, 0x26BF }, { 0x26C4, 0x26E1 }, { 0x26E3, 0x26E3 }, { 0x26E8, 0x26FF },
	{ 0x2705, 0x2705 }, { 0x270A, 0x270B }, { 0x2728, 0x2728 }, { 0x273D, 0x273D },
	{ 0x274C, 0x274C }, { 0x274E, 0x274E }, { 0x2753, 0x2755 }, { 0x2757, 0x2757 },
	{ 0x2776, 0x277F }, { 0x2795, 0x2797 }, { 0x27B0, 0x27B0 }, { 0x27BF, 0x27BF },
	{ 0x2B1B, 0x2B1C }, { 0x2B50, 0x2B50 }, { 0x2B55, 0x2B59 }, { 0x2E80, 0x303E },
	{ 0x3041, 0x4DBF }, { 0x4E00, 0xA4C6 }, { 0xA960, 0xA97C }, { 0xAC00, 0xD7A3 },
	{ 0xE000, 0xFAD9 }, { 0xFE00, 0xFE19 }, { 0xFE30, 0xFE6B }, { 0xFF01, 0xFF60 },
	{ 0xFFE0, 0xFFE6 }, { 0xFFFD, 0xFFFD }, { 0x16FE0, 0x1B2FB }, { 0x1F004, 0x1F004 },
	{ 0x1F0CF, 0x1F0CF }, { 0x1F100, 0x1F10A }, { 0x1F110, 0x1F12D }, { 0x1F130, 0x1F169 },
	{ 0x1F170, 0x1F1AC }, { 0x1F200, 0x1F320 }, { 0x1F32D, 0x1F335 }, { 0x1F337, 0x1F37C },
	{ 0x1F37E, 0x1F393 }, { 0x1F3A0, 0x1F3CA }, { 0x1F3CF, 0x1F3D3 }, { 0x1F3E0, 0x1F3F0 },
	{ 0x1F3F4, 0x1F3F4 }, { 0x1F3F8, 0x1F43E }, { 0x1F440, 0x1F440 }, { 0x1F442, 0x1F4FC },
	{ 0x1F4FF, 0x1F53D }, { 0x1F54B, 0x1F54E }, { 0x1F550, 0x1F567 }, { 0x1F57A, 0x1F57A },
	{ 0x1F595, 0x1F596 }, { 0x1F5A4, 0x1F5A4 }, { 0x1F5FB, 0x1F64F }, { 0x1F680, 0x1F6C5 },
	{ 0x1F6CC, 0x1F6CC }, { 0x1F6D0, 0x1F6D2 }, { 0x1F6D5, 0x1F6DF }, { 0x1F6EB, 0x1F6EC },
	{ 0x1F6F4, 0x1F6FC }, { 0x1F7E0, 0x1F7F0 }, { 0x1F90C, 0x1F93A }, { 0x1F93C, 0x1F945 },
	{ 0x1F947, 0x1F9FF }, { 0x1FA70, 0x1FAF6 }, { 0x20000, 0x3134A }, { 0xE0100, 0x10FFFD },
};

/* awscli.table.get_text_length. */
static size_t text_length(const char *s)
{
	size_t w = 0, len = strlen(s);
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < len;) {
		unsigned cp = u[i];
		size_t n = text_utf8_len(u + i, len - i, &cp);
		i += n ? n : 1;
		size_t lo = 0, hi = sizeof wide / sizeof wide[0];
		bool two = false;
		while (cp >= 0x80 && lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (cp < wide[mid].lo) {
				hi = mid;
			} else if (cp > wide[mid].hi) {
				lo = mid + 1;
			} else {
				two = true;
				break;
			}
		}
		w += two ? 2 : 1;
	}
	return w;
}

struct section {
	char *title;
	int indent;
	size_t cols;           /* set by the first header or row */
	bool has_cols;
	char **headers;        /* cols strings, or NULL */
	char **cells;          /* rows * cols */
	size_t rows, cap;
	size_t *max_widths;    /* cols, or NULL while none */
};

struct multi {
	struct section *s;
	size_t n, cap;
	bool failed;
};

static struct section *new_section(struct multi *m, const char *title, int indent)
{
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 8;
		struct section *s = realloc(m->s, cap * sizeof *s);
		if (!s) {
			m->failed = true;
			return NULL;
		}
		m->s = s;
		m->cap = cap;
	}
	struct section *s = &m->s[m->n++];
	memset(s, 0, sizeof *s);
	s->title = text_visible_dup(title);
	s->indent = indent;
	if (!s->title)
		m->failed = true;
	return s;
}

static struct section *current(struct multi *m)
{
	return m->n ? &m->s[m->n - 1] : NULL;
}

static void update_max_widths(struct multi *m, struct section *s, char **row, size_t n)
{
	if (!s->max_widths) {
		s->max_widths = calloc(n ? n : 1, sizeof *s->max_widths);
		if (!s->max_widths) {
			m->failed = true;
			return;
		}
		for (size_t i = 0; i < n; i++)
			s->max_widths[i] = text_length(row[i]);
		return;
	}
	for (size_t i = 0; i < n && i < s->cols; i++) {
		size_t w = text_length(row[i]);
		if (w > s->max_widths[i])
			s->max_widths[i] = w;
	}
}

/* Takes the n strings of `row` (heap, made visible). A header of another
 * width than the section's rows is dropped. */
static void add_header(struct multi *m, char **row, size_t n)
{
	struct section *s = current(m);
	bool ok = s && !m->failed;
	for (size_t i = 0; i < n; i++)
		ok &= row[i] != NULL;
	if (ok && s->has_cols && n != s->cols)
		ok = false;
	char **h = ok ? calloc(n ? n : 1, sizeof *h) : NULL;
	if (!h) {
		for (size_t i = 0; i < n; i++)
			free(row[i]);
		m->failed |= ok;
		return;
	}
	if (!s->has_cols) {
		s->cols = n;
		s->has_cols = true;
	}
	update_max_widths(m, s, row, n);
	for (size_t i = 0; s->headers && i < s->cols; i++)
		free(s->headers[i]);
	free(s->headers);
	memcpy(h, row, n * sizeof *row);
	s->headers = h;
}

/* Takes the n strings of `row`; a row of another width than the
 * section's is dropped (the AWS CLI stops with an error there). */
static void add_row(struct multi *m, char **row, size_t n)
{
	struct section *s = current(m);
	bool ok = s && !m->failed;
	for (size_t i = 0; i < n; i++)
		ok &= row[i] != NULL;
	if (ok && !s->has_cols) {
		s->cols = n;
		s->has_cols = true;
	}
	if (ok && n != s->cols)
		ok = false;
	if (ok && s->rows == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 8;
		char **c = realloc(s->cells, cap * (s->cols ? s->cols : 1) * sizeof *c);
		if (c) {
			s->cells = c;
			s->cap = cap;
		} else {
			ok = false;
			m->failed = true;
		}
	}
	if (!ok) {
		for (size_t i = 0; i < n; i++)
			free(row[i]);
		return;
	}
	memcpy(s->cells + s->rows * s->cols, row, n * sizeof *row);
	s->rows++;
	update_max_widths(m, s, row, n);
}

static void section_free(struct section *s)
{
	for (size_t i = 0; s->headers && i < s->cols; i++)
		free(s->headers[i]);
	for (size_t i = 0; i < s->rows * s->cols; i++)
		free(s->cells[i]);
	free(s->headers);
	free(s->cells);
	free(s->max_widths);
	free(s->title);
}

/* ---- TableFormatter: the sections of a reply ---- */

static bool scalar(const cJSON *v)
{
	return !cJSON_IsObject(v) && !cJSON_IsArray(v);
}

/* Python's truth of a value: empty containers, "", 0, false and null are false. */
static bool truthy(const cJSON *v)
{
	if (cJSON_IsObject(v) || cJSON_IsArray(v))
		return v->child != NULL;
	if (cJSON_IsString(v))
		return v->valuestring && *v->valuestring;
	if (cJSON_IsNumber(v))
		return v->valuedouble != 0;
	return cJSON_IsTrue(v);
}

/* str() of a cell, as the AWS CLI has it (six.text_type), made visible. */
static char *cell(const cJSON *v, const char *key)
{
	struct buf b;
	buf_init(&b);
	output_scalar_text(&b, v, key);
	return buf_steal(&b);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Adds `name` to the sorted set `set` (n names, room for the caller's
 * bound) when not there yet. */
static void set_add(const char **set, size_t *n, const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp(set[i], name) == 0)
			return;
	set[(*n)++] = name;
}

/* _group_scalar_keys over one object or (list) every object of an
 * array: the sorted names of scalar and of other members. */
static bool group_keys(const cJSON *v, bool list, const char ***headers, size_t *nh,
		       const char ***more, size_t *nm)
{
	size_t total = 0;
	for (const cJSON *it = list ? v->child : v; it; it = list ? it->next : NULL) {
		for (const cJSON *c = cJSON_IsObject(it) ? it->child : NULL; c; c = c->next)
			total++;
		if (!list)
			break;
	}
	*headers = calloc(total ? total : 1, sizeof **headers);
	*more = calloc(total ? total : 1, sizeof **more);
	*nh = *nm = 0;
	if (!*headers || !*more)
		return false;
	for (const cJSON *it = list ? v->child : v; it; it = list ? it->next : NULL) {
		for (const cJSON *c = cJSON_IsObject(it) ? it->child : NULL; c; c = c->next) {
			if (!c->string)
				continue;
			if (scalar(c))
				set_add(*headers, nh, c->string);
			else
				set_add(*more, nm, c->string);
		}
		if (!list)
			break;
	}
	qsort(*headers, *nh, sizeof **headers, cmp_str);
	qsort(*more, *nm, sizeof **more, cmp_str);
	return true;
}

static char **visible_row(const char **names, size_t n)
{
	char **row = calloc(n ? n : 1, sizeof *row);
	for (size_t i = 0; row && i < n; i++)
		row[i] = text_visible_dup(names[i]);
	return row;
}

static bool build_table(struct multi *m, const char *title, const cJSON *v, int indent);

static void sub_table_from_dict(struct multi *m, const cJSON *v, int indent)
{
	const char **headers, **more;
	size_t nh, nm;
	if (!group_keys(v, false, &headers, &nh, &more, &nm)) {
		m->failed = true;
	} else if (nh == 1) {
		/* A single scalar: one row of its name and its value. */
		char *row[2] = { text_visible_dup(headers[0]),
				 cell(cJSON_GetObjectItemCaseSensitive(v, headers[0]), headers[0]) };
		add_row(m, row, 2);
	} else if (nh) {
		char **h = visible_row(headers, nh);
		char **row = calloc(nh, sizeof *row);
		if (h && row) {
			add_header(m, h, nh);
			for (size_t i = 0; i < nh; i++)
				row[i] = cell(cJSON_GetObjectItemCaseSensitive(v, headers[i]), headers[i]);
			add_row(m, row, nh);
		} else {
			m->failed = true;
		}
		free(h);
		free(row);
	}
	for (size_t i = 0; i < nm && !m->failed; i++)
		build_table(m, more[i], cJSON_GetObjectItemCaseSensitive(v, more[i]), indent + 1);
	free(headers);
	free(more);
}

static void sub_table_from_list(struct multi *m, const cJSON *v, int indent, const char *title)
{
	const char **headers, **more;
	size_t nh, nm;
	if (!group_keys(v, true, &headers, &nh, &more, &nm)) {
		m->failed = true;
		free(headers);
		free(more);
		return;
	}
	char **h = visible_row(headers, nh);
	if (h)
		add_header(m, h, nh);
	else
		m->failed = true;
	free(h);
	bool first = true;
	for (const cJSON *el = v->child; el && !m->failed; el = el->next) {
		if (!first && nm) {
			new_section(m, title, indent);
			h = visible_row(headers, nh);
			if (h)
				add_header(m, h, nh);
			free(h);
		}
		first = false;
		char **row = calloc(nh ? nh : 1, sizeof *row);
		if (!row) {
			m->failed = true;
			break;
		}
		for (size_t i = 0; i < nh; i++) {
			const cJSON *c = cJSON_IsObject(el) ?
				cJSON_GetObjectItemCaseSensitive(el, headers[i]) : NULL;
			row[i] = c ? cell(c, headers[i]) : strdup("");
		}
		add_row(m, row, nh);
		free(row);
		for (size_t i = 0; i < nm && cJSON_IsObject(el); i++) {
			const cJSON *c = cJSON_GetObjectItemCaseSensitive(el, more[i]);
			if (c)
				build_table(m, more[i], c, indent + 1);
		}
	}
	free(headers);
	free(more);
}

/* TableFormatter._build_table: false when there is nothing to show. */
static bool build_table(struct multi *m, const char *title, const cJSON *v, int indent)
{
	if (!truthy(v) || m->failed)
		return false;
	if (title)
		new_section(m, title, indent);
	if (cJSON_IsArray(v)) {
		if (cJSON_IsObject(v->child)) {
			sub_table_from_list(m, v, indent, title);
		} else {
			for (const cJSON *it = v->child; it && !m->failed; it = it->next) {
				bool flat = true;
				for (const cJSON *c = scalar(it) ? NULL : it->child; c; c = c->next)
					flat &= cJSON_IsObject(it) || scalar(c);
				if (scalar(it)) {
					char *row[1] = { cell(it, NULL) };
					add_row(m, row, 1);
				} else if (flat) {
					/* A list's scalars, or an object's member names. */
					size_t n = 0;
					for (const cJSON *c = it->child; c; c = c->next)
						n++;
					char **row = calloc(n ? n : 1, sizeof *row);
					size_t i = 0;
					for (const cJSON *c = it->child; row && c; c = c->next, i++)
						row[i] = cJSON_IsObject(it) ? text_visible_dup(c->string ? c->string : "")
									    : cell(c, NULL);
					if (row)
						add_row(m, row, n);
					else
						m->failed = true;
					free(row);
				} else {
					build_table(m, NULL, it, 0);
				}
			}
		}
	}
	if (cJSON_IsObject(v))
		sub_table_from_dict(m, v, indent);
	return true;
}

/* ---- MultiTable: drawing ---- */

static void spaces(struct buf *out, long n, char c)
{
	for (long i = 0; i < n; i++)
		buf_putc(out, c);
}

/* Section.calculate_column_widths(padding=4, max_width): `w` gets cols. */
static void column_widths(const struct section *s, long max_width, long *w)
{
	long sum = 0;
	for (size_t i = 0; i < s->cols; i++)
		sum += (long)s->max_widths[i] + 4;
	if (!s->cols || sum == 0)
		return;
	double scale = (double)max_width / (double)sum;
	long total = 0;
	for (size_t i = 0; i < s->cols; i++) {
		/* Python's round(): halves to even, as nearbyint() does. */
		w[i] = (long)nearbyint(scale * (double)((long)s->max_widths[i] + 4));
		total += w[i];
	}
	long off = total - max_width;
	while (off != 0) {
		for (size_t k = 0; k < s->cols && off != 0; k++) {
			size_t i = off < 0 ? s->cols - 1 - k : k;
			if (off > 0) {
				w[i]--;
				off--;
			} else {
				w[i]++;
				off++;
			}
		}
	}
}

/* Section.total_width(padding=4, with_border=True, outer_padding=indent). */
static long total_width(const struct section *s)
{
	long total = 0;
	for (size_t i = 0; s->max_widths && i < s->cols; i++)
		total += (long)s->max_widths[i] + 4;
	total += 2 + 2L * s->indent;
	long t = (long)text_length(s->title) + 2 + 2L * s->indent;
	return t > total ? t : total;
}

/* Ends a line drawn inside `indent` levels of nesting. */
static void end_line(struct buf *out, int indent)
{
	spaces(out, indent, '|');
	buf_putc(out, '\n');
}

static void center_text(struct buf *out, const char *text, long length, bool left_edge)
{
	long tl = (long)text_length(text);
	long start = length / 2 - tl / 2 - 1;
	if (left_edge)
		buf_putc(out, '|');
	spaces(out, start, ' ');
	buf_puts(out, text);
	spaces(out, length - 1 - ((left_edge ? 1 : 0) + start + tl), ' ');
	buf_putc(out, '|');
}

static void align_left(struct buf *out, const char *text, long length, bool left_edge)
{
	long tl = (long)text_length(text), le = left_edge ? 1 : 0;
	long pad = length - (tl + 2 + le + 1) >= 0 ? 2 : 0;
	if (left_edge)
		buf_putc(out, '|');
	spaces(out, pad, ' ');
	buf_puts(out, text);
	spaces(out, length - (le + pad + tl) - 1, ' ');
	buf_putc(out, '|');
}

static void line_break(struct buf *out, const long *w, size_t cols, int indent)
{
	spaces(out, indent, '|');
	for (size_t i = 0; i < cols; i++) {
		if (i == 0) {
			buf_putc(out, '+');
			spaces(out, w[i] - 2, '-');
		} else {
			spaces(out, w[i] - 1, '-');
		}
		buf_putc(out, '+');
	}
	end_line(out, indent);
}

static void render_section(struct buf *out, const struct section *s, long max_width)
{
	int ind = s->indent;
	bool has_headers = s->headers && s->cols;
	max_width -= 2L * ind;
	if (*s->title) {
		spaces(out, ind, '|');
		center_text(out, s->title, max_width, true);
		end_line(out, ind);
		if (!has_headers && !s->rows) {
			spaces(out, ind, '|');
			buf_putc(out, '+');
			spaces(out, max_width - 2, '-');
			buf_putc(out, '+');
			end_line(out, ind);
		}
	}
	long *w = calloc(s->cols ? s->cols : 1, sizeof *w);
	if (!w)
		return;
	column_widths(s, max_width, w);
	if (has_headers) {
		line_break(out, w, s->cols, ind);
		spaces(out, ind, '|');
		for (size_t i = 0; i < s->cols; i++)
			center_text(out, s->headers[i], w[i], i == 0);
		end_line(out, ind);
	}
	if (s->rows && s->cols) {
		line_break(out, w, s->cols, ind);
		for (size_t r = 0; r < s->rows; r++) {
			spaces(out, ind, '|');
			for (size_t i = 0; i < s->cols; i++)
				align_left(out, s->cells[r * s->cols + i], w[i], i == 0);
			end_line(out, ind);
		}
		line_break(out, w, s->cols, ind);
	}
	free(w);
}

/* convert_to_vertical_table: a section of one row under a header turns
 * into rows of (header, value). */
static void to_vertical(struct multi *m)
{
	for (size_t k = 0; k < m->n; k++) {
		struct section *s = &m->s[k];
		if (s->rows != 1 || !s->headers || !s->cols)
			continue;
		struct section v;
		memset(&v, 0, sizeof v);
		v.title = s->title;
		v.indent = s->indent;
		s->title = NULL;
		struct multi one = { &v, 1, 1, false };
		for (size_t i = 0; i < s->cols; i++) {
			char *row[2] = { s->headers[i], s->cells[i] };
			s->headers[i] = s->cells[i] = NULL;
			add_row(&one, row, 2);
		}
		m->failed |= one.failed;
		section_free(s);
		*s = v;
	}
}

/* The width of the terminal on stdout, 80 when it is not one, as
 * awscli.table.determine_terminal_width. */
static long terminal_width(void)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0)
		return 80;
	return ws.ws_col;
}

void output_table(struct buf *out, const cJSON *v, const char *title)
{
	struct multi m = { 0 };
	if (build_table(&m, title ? title : "", v, 0) && !m.failed && m.n) {
		long max_width = 0;
		for (size_t i = 0; i < m.n; i++)
			if (total_width(&m.s[i]) > max_width)
				max_width = total_width(&m.s[i]);
		if (max_width > terminal_width()) {
			to_vertical(&m);
			max_width = 0;
			for (size_t i = 0; i < m.n; i++)
				if (total_width(&m.s[i]) > max_width)
					max_width = total_width(&m.s[i]);
		}
		if (!m.failed) {
			spaces(out, max_width, '-');
			buf_putc(out, '\n');
			for (size_t i = 0; i < m.n; i++)
				render_section(out, &m.s[i], max_width);
		}
	}
	for (size_t i = 0; i < m.n; i++)
		section_free(&m.s[i]);
	free(m.s);
}
