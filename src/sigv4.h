/* SPDX-License-Identifier: Apache-2.0 */
/* sigv4.h: AWS Signature Version 4 as pure functions: the time is passed in, nothing is sent. */
#ifndef SHTUI_SIGV4_H
#define SHTUI_SIGV4_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "buf.h"
#include "status.h"

/* Hex digest lengths with their NUL. */
#define SIGV4_HEX_LEN 65
/* "YYYYMMDDTHHMMSSZ" and its NUL. */
#define SIGV4_AMZ_DATE_LEN 17

struct sigv4_header {
	const char *name;
	const char *value;
};

/*
 * A request as it will go on the wire. The signer signs every header in
 * `headers` (the caller decides which: host, x-amz-date, content-type,
 * x-amz-security-token) and nothing else. Nothing here is copied or kept.
 */
struct sigv4_request {
	const char *method;
	const char *path;      /* as sent: percent-encoded, without the query */
	const char *query;     /* as sent, without '?'; NULL or "" for none */
	const struct sigv4_header *headers; /* in the order they are sent */
	size_t n_headers;
	const void *body;
	size_t body_len;
	const char *payload_hash; /* hex sha256 of the body, NULL to compute it */
	bool no_normalize;     /* true only for S3: keep dot segments and "//" */
};

struct sigv4_scope {
	const char *region;
	const char *service;
	time_t when;           /* the signing time, UTC */
};

/* Everything a signature is made of, for the request and for debugging. */
struct sigv4_result {
	char *canonical_request;
	char *string_to_sign;
	char *signed_headers;
	char *authorization;   /* the Authorization header's value */
	char amz_date[SIGV4_AMZ_DATE_LEN];
	char signature[SIGV4_HEX_LEN];
};

/*
 * Signs `req` for `scope` with the key pair. The secret is read only to
 * derive the signing key; every copy made of it is wiped before return.
 * On success the caller owns `out` and frees it with sigv4_result_done().
 * On failure `out` holds nothing to free. Any thread.
 */
enum shtui_status sigv4_sign(const struct sigv4_request *req,
			     const struct sigv4_scope *scope,
			     const char *access_key_id,
			     const char *secret_access_key,
			     struct sigv4_result *out);
void sigv4_result_done(struct sigv4_result *r);

/* The pieces, each appending to a caller-owned buffer. Any thread. */

/* "YYYYMMDDTHHMMSSZ" for `when` in UTC. */
void sigv4_amz_date(time_t when, char out[SIGV4_AMZ_DATE_LEN]);
/* Percent-encodes every byte outside A-Z a-z 0-9 - . _ ~ (and '/' when
 * keep_slash), with uppercase hex. */
void sigv4_uri_encode(struct buf *out, const char *s, size_t len, bool keep_slash);
/* Canonical URI: dot segments and "//" removed unless no_normalize, then
 * every byte encoded again (so "%3A" becomes "%253A"). */
void sigv4_canonical_uri(struct buf *out, const char *path, bool no_normalize);
/* Canonical query: pairs decoded then re-encoded, sorted by key then value. */
void sigv4_canonical_query(struct buf *out, const char *query);
/* Canonical header block (each "name:value\n") and the signed header list. */
void sigv4_canonical_headers(struct buf *canon, struct buf *signed_names,
			     const struct sigv4_header *headers, size_t n);
/* Lowercase hex SHA-256. Returns SHTUI_ECRYPTO when OpenSSL fails. */
enum shtui_status sigv4_sha256_hex(const void *data, size_t len,
				   char out[SIGV4_HEX_LEN]);
/* kSigning = HMAC chain over date (YYYYMMDD), region, service,
 * "aws4_request". Wipes its own copies of the secret. */
enum shtui_status sigv4_signing_key(const char *secret, const char *date8,
				    const char *region, const char *service,
				    unsigned char key[32]);

/*
 * The request shtui sends, signed as the AWS SDKs sign it: exactly `host`
 * (with ":port" when the port is not the scheme's default), `x-amz-date`,
 * `content-type` when there is a body, and `x-amz-security-token` when
 * there is a token. `url` is scheme://host[:port]/path[?query], already
 * percent-encoded as it will be sent. The values of the headers to send
 * come back in `out` (host, amz_date, authorization); the token and the
 * content type are sent as given. Any thread.
 */
struct sigv4_http {
	const char *method;
	const char *url;
	const char *content_type; /* NULL when there is no body */
	const void *body;
	size_t body_len;
	const char *access_key_id;
	const char *secret_access_key;
	const char *session_token; /* NULL or "" for none */
};

struct sigv4_http_result {
	struct sigv4_result sig;
	char *host;            /* the Host header's value */
};

enum shtui_status sigv4_sign_http(const struct sigv4_http *in,
				  const struct sigv4_scope *scope,
				  struct sigv4_http_result *out);
void sigv4_http_result_done(struct sigv4_http_result *r);

/*
 * Splits an absolute http(s) URL into the Host header value (lowercased,
 * ":port" only when not 80 for http / 443 for https), the path ("/" when
 * empty) and the query (without '?', "" when none). The three strings are
 * heap copies the caller frees. Returns SHTUI_EINVAL for anything that is
 * not http:// or https:// with a host.
 */
enum shtui_status sigv4_split_url(const char *url, char **host, char **path,
				  char **query);

#endif
