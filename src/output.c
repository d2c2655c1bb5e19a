/* SPDX-License-Identifier: Apache-2.0 */
/* output.c: a reply printed as the AWS CLI prints it: json, text or table, with untrusted text made safe. */
#include "config.h"

#include "output.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* Members of the Security Hub model whose shape is a timestamp: the AWS
 * CLI prints them reformatted, the others as the service sent them. */
static const char *const timestamp_keys[] = { "InvitedAt", "Expiration" };

static bool is_timestamp_key(const char *k)
{
	for (size_t i = 0; k && i < sizeof timestamp_keys / sizeof timestamp_keys[0]; i++)
		if (strcmp(k, timestamp_keys[i]) == 0)
			return true;
	return false;
}

int output_format_parse(const char *s)
{
	if (!s)
		return -1;
	if (strcmp(s, "json") == 0)
		return OUTPUT_JSON;
	if (strcmp(s, "text") == 0)
		return OUTPUT_TEXT;
	if (strcmp(s, "table") == 0)
		return OUTPUT_TABLE;
	return -1;
}

static bool digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

char *output_iso_timestamp(const char *s)
{
	/* YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM) */
	if (!s || strlen(s) < 20 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) ||
	    s[7] != '-' || !digits(s + 8, 2) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
	    !digits(s + 11, 2) || s[13] != ':' || !digits(s + 14, 2) || s[16] != ':' ||
	    !digits(s + 17, 2))
		return NULL;
	const char *p = s + 19;
	char frac[7] = "000000";
	bool has_frac = false;
	if (*p == '.') {
		p++;
		int n = 0;
		while (*p >= '0' && *p <= '9') {
			if (n < 6)
				frac[n] = *p;
			n++;
			p++;
		}
		if (n == 0)
			return NULL;
		has_frac = strcmp(frac, "000000") != 0;
	}
	char tz[7];
	if (*p == 'Z' || *p == 'z') {
		strcpy(tz, "+00:00");
		p++;
	} else if ((*p == '+' || *p == '-') && digits(p + 1, 2) && p[3] == ':' && digits(p + 4, 2)) {
		memcpy(tz, p, 6);
		tz[6] = '\0';
		p += 6;
	} else {
		return NULL;
	}
	if (*p)
		return NULL;
	char out[40];
	snprintf(out, sizeof out, "%.10sT%.8s%s%s%s", s, s + 11, has_frac ? "." : "",
		 has_frac ? frac : "", tz);
	return strdup(out);
}

/* A JSON string, escaped as Python's json.dumps(ensure_ascii=False)
 * does, plus every control or invisible-override character escaped. */
static void put_json_string(struct buf *out, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len = strlen(s), i = 0;
	buf_putc(out, '"');
	while (i < len) {
		unsigned cp = 0;
		size_t n = text_utf8_len(u + i, len - i, &cp);
		char esc[8];
		if (n == 0) {
			buf_puts(out, "\\ufffd");
			i++;
			continue;
		}
		switch (cp) {
		case '"': buf_puts(out, "\\\""); break;
		case '\\': buf_puts(out, "\\\\"); break;
		case '\n': buf_puts(out, "\\n"); break;
		case '\r': buf_puts(out, "\\r"); break;
		case '\t': buf_puts(out, "\\t"); break;
		case '\b': buf_puts(out, "\\b"); break;
		case '\f': buf_puts(out, "\\f"); break;
		default:
			if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) ||
			    (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
			    cp == 0x200E || cp == 0x200F) {
				snprintf(esc, sizeof esc, "\\u%04x", cp);
				buf_puts(out, esc);
			} else {
				buf_append(out, s + i, n);
			}
		}
		i += n;
	}
	buf_putc(out, '"');
}

/* A number as Python prints an int or a float. */
static void put_number(struct buf *out, double d)
{
	if (isfinite(d) && d == floor(d) && fabs(d) < 9007199254740992.0) {
		buf_printf(out, "%.0f", d);
		return;
	}
	char tmp[40];
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(tmp, sizeof tmp, "%.*g", prec, d);
		if (strtod(tmp, NULL) == d)
			break;
	}
	buf_puts(out, tmp);
}

static void indent(struct buf *out, int level)
{
	for (int i = 0; i < level * 4; i++)
		buf_putc(out, ' ');
}

static void put_scalar_json(struct buf *out, const cJSON *v, const char *key)
{
	if (cJSON_IsString(v)) {
		char *ts = is_timestamp_key(key) ? output_iso_timestamp(v->valuestring) : NULL;
		put_json_string(out, ts ? ts : v->valuestring);
		free(ts);
	} else if (cJSON_IsNumber(v)) {
		put_number(out, v->valuedouble);
	} else if (cJSON_IsTrue(v)) {
		buf_puts(out, "true");
	} else if (cJSON_IsFalse(v)) {
		buf_puts(out, "false");
	} else {
		buf_puts(out, "null");
	}
}

static void json_value(struct buf *out, const cJSON *v, int level, const char *key)
{
	if (cJSON_IsObject(v) || cJSON_IsArray(v)) {
		bool obj = cJSON_IsObject(v);
		const cJSON *c = v->child;
		if (!c) {
			buf_puts(out, obj ? "{}" : "[]");
			return;
		}
		buf_puts(out, obj ? "{\n" : "[\n");
		for (; c; c = c->next) {
			indent(out, level + 1);
			if (obj) {
				put_json_string(out, c->string ? c->string : "");
				buf_puts(out, ": ");
			}
			json_value(out, c, level + 1, obj ? c->string : key);
			if (c->next)
				buf_putc(out, ',');
			buf_putc(out, '\n');
		}
		indent(out, level);
		buf_putc(out, obj ? '}' : ']');
		return;
	}
	put_scalar_json(out, v, key);
}

void output_json(struct buf *out, const cJSON *v, int level)
{
	json_value(out, v, level, NULL);
}

/* ---- text, as awscli/text.py ---- */

static bool is_container(const cJSON *v)
{
	return cJSON_IsObject(v) || cJSON_IsArray(v);
}

void output_scalar_text(struct buf *out, const cJSON *v, const char *key)
{
	if (cJSON_IsString(v)) {
		char *ts = is_timestamp_key(key) ? output_iso_timestamp(v->valuestring) : NULL;
		const char *s = ts ? ts : v->valuestring;
		text_visible(out, s, strlen(s), 0);
		free(ts);
	} else if (cJSON_IsNumber(v)) {
		put_number(out, v->valuedouble);
	} else if (cJSON_IsTrue(v)) {
		buf_puts(out, "True");
	} else if (cJSON_IsFalse(v)) {
		buf_puts(out, "False");
	} else {
		buf_puts(out, "None");
	}
}

static void put_upper(struct buf *out, const char *s)
{
	struct buf tmp;
	buf_init(&tmp);
	for (; *s; s++)
		buf_putc(&tmp, (*s >= 'a' && *s <= 'z') ? (char)(*s - 'a' + 'A') : *s);
	text_visible(out, buf_str(&tmp), tmp.len, 0);
	buf_done(&tmp);
}

static int cmp_keys(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * The member names seen in the objects of `items` (every element of an
 * array when `list`, else `items` itself), each once, sorted; only the
 * names of scalar members when `scalars_only`. Borrowed strings in a heap
 * array; NULL (and *n = 0) when there are none or memory ran out.
 */
static const char **collect_keys(const cJSON *items, bool list, bool scalars_only, size_t *n)
{
	const char **keys = NULL;
	size_t cap = 0;
	*n = 0;
	for (const cJSON *it = list ? items->child : items; it; it = list ? it->next : NULL) {
		for (const cJSON *m = cJSON_IsObject(it) ? it->child : NULL; m; m = m->next) {
			if (!m->string || (scalars_only && is_container(m)))
				continue;
			bool seen = false;
			for (size_t i = 0; i < *n && !seen; i++)
				seen = strcmp(keys[i], m->string) == 0;
			if (seen)
				continue;
			if (*n == cap) {
				cap = cap ? cap * 2 : 8;
				const char **k = realloc(keys, cap * sizeof *k);
				if (!k) {
					free(keys);
					*n = 0;
					return NULL;
				}
				keys = k;
			}
			keys[(*n)++] = m->string;
		}
		if (!list)
			break;
	}
	if (*n)
		qsort(keys, *n, sizeof *keys, cmp_keys);
	return keys;
}

/* Sorted member names of an object (heap array of borrowed strings). */
static const char **sorted_keys(const cJSON *o, size_t *n)
{
	*n = 0;
	for (const cJSON *c = o->child; c; c = c->next)
		(*n)++;
	const char **k = calloc(*n ? *n : 1, sizeof *k);
	if (!k) {
		*n = 0;
		return NULL;
	}
	size_t i = 0;
	for (const cJSON *c = o->child; c; c = c->next)
		k[i++] = c->string ? c->string : "";
	qsort(k, *n, sizeof *k, cmp_keys);
	return k;
}

static void text_value(struct buf *out, const cJSON *v, const char *ident,
		       const char **scalar_keys, size_t n_scalar_keys);

static void text_dict(struct buf *out, const cJSON *o, const char *ident,
		      const char **scalar_keys, size_t n_scalar)
{
	size_t n;
	const char **keys = sorted_keys(o, &n);
	bool any_scalar = false;
	struct buf line;
	buf_init(&line);
	if (ident)
		put_upper(&line, ident);
	if (scalar_keys) {
		for (size_t i = 0; i < n_scalar; i++) {
			if (line.len || i)
				buf_putc(&line, '\t');
			const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, scalar_keys[i]);
			if (v)
				output_scalar_text(&line, v, scalar_keys[i]);
			any_scalar = true;
		}
	} else {
		bool first = !ident;
		for (size_t i = 0; i < n; i++) {
			const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, keys[i]);
			if (is_container(v))
				continue;
			if (!first)
				buf_putc(&line, '\t');
			first = false;
			output_scalar_text(&line, v, keys[i]);
			any_scalar = true;
		}
	}
	if (any_scalar) {
		buf_append(out, buf_str(&line), line.len);
		buf_putc(out, '\n');
	}
	buf_done(&line);
	for (size_t i = 0; i < n; i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, keys[i]);
		bool listed = false;
		for (size_t k = 0; scalar_keys && k < n_scalar; k++)
			listed |= strcmp(scalar_keys[k], keys[i]) == 0;
		if (scalar_keys ? !listed : is_container(v))
			text_value(out, v, keys[i], NULL, 0);
	}
	free(keys);
}

static void text_list(struct buf *out, const cJSON *a, const char *ident)
{
	if (!a->child)
		return;
	bool any_dict = false, any_list = false;
	for (const cJSON *c = a->child; c; c = c->next) {
		any_dict |= cJSON_IsObject(c);
		any_list |= cJSON_IsArray(c);
	}
	if (any_dict) {
		/* Every scalar key seen in any element, sorted. */
		size_t n;
		const char **keys = collect_keys(a, true, true, &n);
		for (const cJSON *c = a->child; c; c = c->next)
			text_value(out, c, ident, keys ? keys : (const char *[]){ NULL }, n);
		free(keys);
		return;
	}
	struct buf line;
	buf_init(&line);
	for (const cJSON *c = a->child; c; c = c->next) {
		if (is_container(c))
			continue;
		if (ident) {
			put_upper(out, ident);
			buf_putc(out, '\t');
			output_scalar_text(out, c, ident);
			buf_putc(out, '\n');
		} else {
			if (line.len)
				buf_putc(&line, '\t');
			output_scalar_text(&line, c, NULL);
		}
	}
	if (!ident && line.len) {
		buf_append(out, buf_str(&line), line.len);
		buf_putc(out, '\n');
	}
	buf_done(&line);
	if (any_list)
		for (const cJSON *c = a->child; c; c = c->next)
			if (is_container(c))
				text_value(out, c, ident, NULL, 0);
}

static void text_value(struct buf *out, const cJSON *v, const char *ident,
		       const char **scalar_keys, size_t n_scalar_keys)
{
	if (cJSON_IsObject(v)) {
		text_dict(out, v, ident, scalar_keys, n_scalar_keys);
	} else if (cJSON_IsArray(v)) {
		text_list(out, v, ident);
	} else {
		output_scalar_text(out, v, ident);
		buf_putc(out, '\n');
	}
}

void output_format(struct buf *out, const cJSON *v, enum output_format fmt,
		   const char *title)
{
	if (cJSON_IsObject(v) && !v->child)
		return;
	switch (fmt) {
	case OUTPUT_JSON:
		json_value(out, v, 0, NULL);
		buf_putc(out, '\n');
		break;
	case OUTPUT_TEXT:
		text_value(out, v, NULL, NULL, 0);
		break;
	case OUTPUT_TABLE:
		output_table(out, v, title);
		break;
	}
}
