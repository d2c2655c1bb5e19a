/* SPDX-License-Identifier: Apache-2.0 */
/* sigv4.c: AWS Signature Version 4: canonical request, string to sign, signing key, Authorization. */
#include "config.h"

#include "sigv4.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

static const char hexdig[] = "0123456789ABCDEF";

static bool is_unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	       c == '~';
}

static bool is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

void sigv4_amz_date(time_t when, char out[SIGV4_AMZ_DATE_LEN])
{
	struct tm tm;
	if (!gmtime_r(&when, &tm) ||
	    strftime(out, SIGV4_AMZ_DATE_LEN, "%Y%m%dT%H%M%SZ", &tm) == 0)
		memcpy(out, "19700101T000000Z", SIGV4_AMZ_DATE_LEN);
}

void sigv4_uri_encode(struct buf *out, const char *s, size_t len, bool keep_slash)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (is_unreserved(c) || (keep_slash && c == '/')) {
			buf_putc(out, (char)c);
		} else {
			char esc[3] = { '%', hexdig[c >> 4], hexdig[c & 15] };
			buf_append(out, esc, 3);
		}
	}
}

/* RFC 3986 §5.2.4 dot-segment removal, plus the collapsing of empty
 * segments that every AWS service but S3 expects. */
static void remove_dot_segments(struct buf *out, const char *path)
{
	size_t plen = strlen(path);
	/* Segment start offsets in `out`, to pop on "..". */
	size_t *starts = calloc(plen / 2 + 2, sizeof *starts);
	size_t depth = 0;
	struct buf tmp;
	buf_init(&tmp);
	if (!starts) {
		out->failed = true;
		return;
	}
	const char *p = path, *end = path + plen;
	while (p < end) {
		const char *slash = memchr(p, '/', (size_t)(end - p));
		const char *seg_end = slash ? slash : end;
		size_t n = (size_t)(seg_end - p);
		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* skip */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (depth > 0) {
				depth--;
				tmp.len = starts[depth];
				if (tmp.data)
					tmp.data[tmp.len] = '\0';
			}
		} else {
			starts[depth++] = tmp.len;
			if (tmp.len > 0)
				buf_putc(&tmp, '/');
			buf_append(&tmp, p, n);
		}
		p = slash ? slash + 1 : end;
	}
	free(starts);
	if (plen > 0 && path[0] == '/')
		buf_putc(out, '/');
	buf_append(out, buf_str(&tmp), tmp.len);
	if (plen > 0 && path[plen - 1] == '/' && depth > 0)
		buf_putc(out, '/');
	if (buf_failed(&tmp))
		out->failed = true;
	buf_done(&tmp);
}

void sigv4_canonical_uri(struct buf *out, const char *path, bool no_normalize)
{
	struct buf norm;
	buf_init(&norm);
	if (!path || !*path)
		path = "/";
	if (no_normalize)
		buf_puts(&norm, path);
	else
		remove_dot_segments(&norm, path);
	if (norm.len == 0)
		buf_putc(&norm, '/');
	sigv4_uri_encode(out, buf_str(&norm), norm.len, true);
	if (buf_failed(&norm))
		out->failed = true;
	buf_done(&norm);
}

/* Decodes %XX escapes in place; a '%' not followed by two hex digits
 * stays as it is (and is then encoded as %25). */
static size_t percent_decode(char *s, size_t len)
{
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		int hi, lo;
		if (s[i] == '%' && i + 2 < len &&
		    (hi = hexval((unsigned char)s[i + 1])) >= 0 &&
		    (lo = hexval((unsigned char)s[i + 2])) >= 0) {
			s[o++] = (char)(hi << 4 | lo);
			i += 2;
		} else {
			s[o++] = s[i];
		}
	}
	return o;
}

struct qpair {
	char *key;  /* encoded */
	char *val;  /* encoded */
};

static int qpair_cmp(const void *a, const void *b)
{
	const struct qpair *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : strcmp(x->val, y->val);
}

static char *encode_dup(const char *s, size_t len)
{
	struct buf b;
	buf_init(&b);
	char *tmp = malloc(len + 1);
	if (!tmp)
		return NULL;
	memcpy(tmp, s, len);
	size_t n = percent_decode(tmp, len);
	sigv4_uri_encode(&b, tmp, n, false);
	free(tmp);
	return buf_steal(&b);
}

void sigv4_canonical_query(struct buf *out, const char *query)
{
	if (!query || !*query)
		return;
	size_t n = 1;
	for (const char *p = query; *p; p++)
		n += *p == '&';
	struct qpair *pairs = calloc(n, sizeof *pairs);
	if (!pairs) {
		out->failed = true;
		return;
	}
	size_t count = 0;
	bool ok = true;
	const char *p = query;
	while (*p) {
		const char *amp = strchr(p, '&');
		const char *end = amp ? amp : p + strlen(p);
		if (end > p) {
			const char *eq = memchr(p, '=', (size_t)(end - p));
			const char *kend = eq ? eq : end;
			pairs[count].key = encode_dup(p, (size_t)(kend - p));
			pairs[count].val = eq ? encode_dup(eq + 1, (size_t)(end - eq - 1))
					      : strdup("");
			if (!pairs[count].key || !pairs[count].val)
				ok = false;
			count++;
			if (!ok)
				break;
		}
		p = amp ? amp + 1 : end;
	}
	if (ok) {
		qsort(pairs, count, sizeof *pairs, qpair_cmp);
		for (size_t i = 0; i < count; i++) {
			if (i)
				buf_putc(out, '&');
			buf_puts(out, pairs[i].key);
			buf_putc(out, '=');
			buf_puts(out, pairs[i].val);
		}
	} else {
		out->failed = true;
	}
	for (size_t i = 0; i < count; i++) {
		free(pairs[i].key);
		free(pairs[i].val);
	}
	free(pairs);
}

/* Appends `v` with leading/trailing whitespace trimmed and inner runs
 * (obsolete line folding included) collapsed to one space. */
static void put_trimmed(struct buf *out, const char *v)
{
	bool pending_space = false, any = false;
	for (; *v; v++) {
		unsigned char c = (unsigned char)*v;
		if (is_space(c)) {
			pending_space = any;
			continue;
		}
		if (pending_space)
			buf_putc(out, ' ');
		pending_space = false;
		buf_putc(out, (char)c);
		any = true;
	}
}

struct hdr {
	char *name;        /* lowercased */
	const char *value;
	size_t order;      /* position on the wire: keeps repeated headers in order */
};

static int hdr_cmp(const void *a, const void *b)
{
	const struct hdr *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	if (c)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

void sigv4_canonical_headers(struct buf *canon, struct buf *signed_names,
			     const struct sigv4_header *headers, size_t n)
{
	struct hdr *h = calloc(n ? n : 1, sizeof *h);
	if (!h) {
		canon->failed = signed_names->failed = true;
		return;
	}
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		h[i].name = strdup(headers[i].name);
		h[i].value = headers[i].value ? headers[i].value : "";
		h[i].order = i;
		if (!h[i].name) {
			ok = false;
			continue;
		}
		for (char *c = h[i].name; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
	}
	if (ok) {
		qsort(h, n, sizeof *h, hdr_cmp);
		for (size_t i = 0; i < n; i++) {
			bool same = i > 0 && strcmp(h[i].name, h[i - 1].name) == 0;
			if (same) {
				buf_putc(canon, ',');
			} else {
				if (i > 0)
					buf_putc(canon, '\n');
				if (signed_names->len)
					buf_putc(signed_names, ';');
				buf_puts(signed_names, h[i].name);
				buf_puts(canon, h[i].name);
				buf_putc(canon, ':');
			}
			put_trimmed(canon, h[i].value);
		}
		if (n)
			buf_putc(canon, '\n');
	} else {
		canon->failed = signed_names->failed = true;
	}
	for (size_t i = 0; i < n; i++)
		free(h[i].name);
	free(h);
}

static void to_hex(const unsigned char *d, size_t n, char *out)
{
	static const char lower[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = lower[d[i] >> 4];
		out[2 * i + 1] = lower[d[i] & 15];
	}
	out[2 * n] = '\0';
}

enum shtui_status sigv4_sha256_hex(const void *data, size_t len,
				   char out[SIGV4_HEX_LEN])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	if (!EVP_Digest(data ? data : "", len, md, &mdlen, EVP_sha256(), NULL) ||
	    mdlen != 32)
		return SHTUI_ECRYPTO;
	to_hex(md, 32, out);
	return SHTUI_OK;
}

static bool hmac256(const void *key, size_t klen, const void *msg, size_t mlen,
		    unsigned char out[32])
{
	unsigned int olen = 0;
	return HMAC(EVP_sha256(), key, (int)klen, msg, mlen, out, &olen) &&
	       olen == 32;
}

enum shtui_status sigv4_signing_key(const char *secret, const char *date8,
				    const char *region, const char *service,
				    unsigned char key[32])
{
	size_t slen = strlen(secret);
	unsigned char *k0 = malloc(slen + 4);
	unsigned char k1[32], k2[32], k3[32];
	if (!k0)
		return SHTUI_ENOMEM;
	memcpy(k0, "AWS4", 4);
	memcpy(k0 + 4, secret, slen);
	bool ok = hmac256(k0, slen + 4, date8, strlen(date8), k1) &&
		  hmac256(k1, 32, region, strlen(region), k2) &&
		  hmac256(k2, 32, service, strlen(service), k3) &&
		  hmac256(k3, 32, "aws4_request", 12, key);
	OPENSSL_cleanse(k0, slen + 4);
	free(k0);
	OPENSSL_cleanse(k1, sizeof k1);
	OPENSSL_cleanse(k2, sizeof k2);
	OPENSSL_cleanse(k3, sizeof k3);
	if (!ok) {
		OPENSSL_cleanse(key, 32);
		return SHTUI_ECRYPTO;
	}
	return SHTUI_OK;
}

void sigv4_result_done(struct sigv4_result *r)
{
	free(r->canonical_request);
	free(r->string_to_sign);
	free(r->signed_headers);
	free(r->authorization);
	memset(r, 0, sizeof *r);
}

enum shtui_status sigv4_sign(const struct sigv4_request *req,
			     const struct sigv4_scope *scope,
			     const char *access_key_id,
			     const char *secret_access_key,
			     struct sigv4_result *out)
{
	enum shtui_status st = SHTUI_OK;
	char payload[SIGV4_HEX_LEN], creq_hash[SIGV4_HEX_LEN];
	char date8[9];
	unsigned char key[32], sig[32];
	struct buf creq, hdrs, names, sts, authz;

	memset(out, 0, sizeof *out);
	if (!req->method || !scope->region || !scope->service ||
	    !access_key_id || !secret_access_key)
		return SHTUI_EINVAL;

	buf_init(&creq);
	buf_init(&hdrs);
	buf_init(&names);
	buf_init(&sts);
	buf_init(&authz);

	sigv4_amz_date(scope->when, out->amz_date);
	memcpy(date8, out->amz_date, 8);
	date8[8] = '\0';

	if (req->payload_hash) {
		snprintf(payload, sizeof payload, "%s", req->payload_hash);
	} else if ((st = sigv4_sha256_hex(req->body, req->body_len, payload)) != SHTUI_OK) {
		goto out;
	}

	sigv4_canonical_headers(&hdrs, &names, req->headers, req->n_headers);
	buf_puts(&creq, req->method);
	buf_putc(&creq, '\n');
	sigv4_canonical_uri(&creq, req->path, req->no_normalize);
	buf_putc(&creq, '\n');
	sigv4_canonical_query(&creq, req->query);
	buf_putc(&creq, '\n');
	buf_append(&creq, buf_str(&hdrs), hdrs.len);
	buf_putc(&creq, '\n');
	buf_append(&creq, buf_str(&names), names.len);
	buf_putc(&creq, '\n');
	buf_puts(&creq, payload);
	if (buf_failed(&creq) || buf_failed(&hdrs) || buf_failed(&names)) {
		st = SHTUI_ENOMEM;
		goto out;
	}

	if ((st = sigv4_sha256_hex(creq.data, creq.len, creq_hash)) != SHTUI_OK)
		goto out;
	buf_printf(&sts, "AWS4-HMAC-SHA256\n%s\n%s/%s/%s/aws4_request\n%s",
		   out->amz_date, date8, scope->region, scope->service, creq_hash);
	if (buf_failed(&sts)) {
		st = SHTUI_ENOMEM;
		goto out;
	}

	if ((st = sigv4_signing_key(secret_access_key, date8, scope->region,
				    scope->service, key)) != SHTUI_OK)
		goto out;
	bool ok = hmac256(key, sizeof key, sts.data, sts.len, sig);
	OPENSSL_cleanse(key, sizeof key);
	if (!ok) {
		st = SHTUI_ECRYPTO;
		goto out;
	}
	to_hex(sig, sizeof sig, out->signature);

	buf_printf(&authz,
		   "AWS4-HMAC-SHA256 Credential=%s/%s/%s/%s/aws4_request, "
		   "SignedHeaders=%s, Signature=%s",
		   access_key_id, date8, scope->region, scope->service,
		   buf_str(&names), out->signature);
	if (buf_failed(&authz)) {
		st = SHTUI_ENOMEM;
		goto out;
	}
	out->canonical_request = buf_steal(&creq);
	out->string_to_sign = buf_steal(&sts);
	out->signed_headers = buf_steal(&names);
	out->authorization = buf_steal(&authz);
	if (!out->canonical_request || !out->string_to_sign ||
	    !out->signed_headers || !out->authorization) {
		sigv4_result_done(out);
		st = SHTUI_ENOMEM;
	}
out:
	buf_done(&creq);
	buf_done(&hdrs);
	buf_done(&names);
	buf_done(&sts);
	buf_done(&authz);
	return st;
}

enum shtui_status sigv4_split_url(const char *url, char **host, char **path,
				  char **query)
{
	const char *rest;
	const char *default_port;
	*host = *path = *query = NULL;
	if (strncasecmp(url, "https://", 8) == 0) {
		rest = url + 8;
		default_port = "443";
	} else if (strncasecmp(url, "http://", 7) == 0) {
		rest = url + 7;
		default_port = "80";
	} else {
		return SHTUI_EINVAL;
	}
	size_t hlen = strcspn(rest, "/?#");
	if (hlen == 0 || memchr(rest, '@', hlen))
		return SHTUI_EINVAL;
	const char *colon = NULL;
	if (rest[0] == '[') {           /* IPv6 literal */
		const char *close = memchr(rest, ']', hlen);
		if (!close)
			return SHTUI_EINVAL;
		if ((size_t)(close + 1 - rest) < hlen && close[1] == ':')
			colon = close + 1;
	} else {
		colon = memchr(rest, ':', hlen);
	}
	size_t name_len = colon ? (size_t)(colon - rest) : hlen;
	const char *port = colon ? colon + 1 : NULL;
	size_t port_len = colon ? hlen - name_len - 1 : 0;
	if (name_len == 0)
		return SHTUI_EINVAL;
	for (size_t i = 0; i < port_len; i++)
		if (port[i] < '0' || port[i] > '9')
			return SHTUI_EINVAL;
	bool keep_port = port_len > 0 && !(port_len == strlen(default_port) &&
					   memcmp(port, default_port, port_len) == 0);

	struct buf h, p, q;
	buf_init(&h);
	buf_init(&p);
	buf_init(&q);
	for (size_t i = 0; i < name_len; i++) {
		char c = rest[i];
		buf_putc(&h, c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c);
	}
	if (keep_port) {
		buf_putc(&h, ':');
		buf_append(&h, port, port_len);
	}
	const char *s = rest + hlen;
	size_t plen = strcspn(s, "?#");
	if (plen == 0)
		buf_putc(&p, '/');
	else
		buf_append(&p, s, plen);
	s += plen;
	if (*s == '?') {
		s++;
		buf_append(&q, s, strcspn(s, "#"));
	}
	if (buf_failed(&h) || buf_failed(&p) || buf_failed(&q)) {
		buf_done(&h);
		buf_done(&p);
		buf_done(&q);
		return SHTUI_ENOMEM;
	}
	*host = buf_steal(&h);
	*path = buf_steal(&p);
	*query = buf_steal(&q);
	return SHTUI_OK;
}

void sigv4_http_result_done(struct sigv4_http_result *r)
{
	sigv4_result_done(&r->sig);
	free(r->host);
	r->host = NULL;
}

enum shtui_status sigv4_sign_http(const struct sigv4_http *in,
				  const struct sigv4_scope *scope,
				  struct sigv4_http_result *out)
{
	char *host, *path, *query;
	char amz_date[SIGV4_AMZ_DATE_LEN];
	struct sigv4_header hdr[4];
	size_t n = 0;

	memset(out, 0, sizeof *out);
	enum shtui_status st = sigv4_split_url(in->url, &host, &path, &query);
	if (st != SHTUI_OK)
		return st;
	sigv4_amz_date(scope->when, amz_date);
	if (in->content_type)
		hdr[n++] = (struct sigv4_header){ "content-type", in->content_type };
	hdr[n++] = (struct sigv4_header){ "host", host };
	hdr[n++] = (struct sigv4_header){ "x-amz-date", amz_date };
	if (in->session_token && *in->session_token)
		hdr[n++] = (struct sigv4_header){ "x-amz-security-token",
						  in->session_token };
	struct sigv4_request req = {
		.method = in->method,
		.path = path,
		.query = query,
		.headers = hdr,
		.n_headers = n,
		.body = in->body,
		.body_len = in->body_len,
	};
	st = sigv4_sign(&req, scope, in->access_key_id, in->secret_access_key,
			&out->sig);
	free(path);
	free(query);
	if (st != SHTUI_OK) {
		free(host);
		return st;
	}
	out->host = host;
	return SHTUI_OK;
}
