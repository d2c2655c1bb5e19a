/* SPDX-License-Identifier: Apache-2.0 */
/* http.h: one signed AWS HTTP exchange: the request, the reply, and the libcurl handle that carries it. */
#ifndef SHTUI_HTTP_H
#define SHTUI_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <curl/curl.h>

#include "buf.h"
#include "status.h"

/* Who signs and where: a request's credentials and scope. The strings
 * belong to whoever made the request (see struct http_request). */
struct http_signer {
	const char *access_key_id;
	const char *secret_access_key;
	const char *session_token;   /* NULL or "" for none */
	const char *region;          /* credential scope region */
	const char *service;         /* "securityhub", "sts" */
};

/* Headers a request may carry besides the signed ones. */
#define HTTP_MAX_EXTRA_HEADERS 4

/* A request before signing. Heap strings owned by the request;
 * http_request_done() frees them, wiping the body and the extra headers,
 * which may hold secrets (an MFA code, a bearer token). */
struct http_request {
	char *method;
	char *url;            /* absolute, percent-encoded as sent */
	char *content_type;   /* NULL when there is no body */
	char *body;           /* NULL or the exact bytes to send and hash */
	size_t body_len;
	char *operation;      /* for logs and errors, e.g. "ListInvitations" */
	char *headers[HTTP_MAX_EXTRA_HEADERS]; /* "Name: value", sent as they are */
	size_t n_headers;
	long timeout_ms;      /* whole request; 0: the worker's */
	long connect_timeout_ms; /* 0: the worker's, or timeout_ms when that is shorter */
	bool direct;          /* never through a proxy (link-local and loopback agents) */
	char *ca_bundle;      /* NULL: the worker's */
};

void http_request_init(struct http_request *r);
void http_request_done(struct http_request *r);
/* Adds "name: value" to the request's extra headers. SHTUI_ENOMEM, or
 * SHTUI_EINVAL when there is no room or the value would break the header
 * (a line break); nothing is added then. */
enum shtui_status http_request_add_header(struct http_request *r, const char *name,
					  const char *value);

/* Replies of this size and more are refused: Security Hub's are a few
 * KiB, and a client that reads whatever comes can be made to fill memory. */
#define HTTP_MAX_REPLY_BYTES (10u * 1024 * 1024)
#define HTTP_MAX_REPLY_TEXT "10 MiB"

/* A reply as received. Caller-owned: http_reply_init/done. */
struct http_reply {
	long status;              /* 0 when no HTTP reply arrived */
	CURLcode curl_code;       /* CURLE_OK when the transfer completed */
	char curl_error[CURL_ERROR_SIZE];
	bool too_large;           /* stopped at HTTP_MAX_REPLY_BYTES (body or Content-Length) */
	bool request_sent;        /* some of the request left: the service may have acted on it */
	struct buf body;
	char *date;               /* "Date" header, NULL if absent */
	char *error_type;         /* "x-amzn-ErrorType", NULL if absent */
	char *request_id;         /* "x-amzn-RequestId" / "x-amz-request-id" */
	char *content_type;
};

void http_reply_init(struct http_reply *r);
void http_reply_done(struct http_reply *r);
void http_reply_reset(struct http_reply *r);

/* Transport settings shared by every request. */
struct http_opts {
	long connect_timeout_ms;  /* default 5000 */
	long timeout_ms;          /* default 30000 */
	const char *ca_bundle;    /* NULL: the system store */
	const char *user_agent;
};

/*
 * One exchange in flight: the easy handle, the header list it points at
 * and the reply it fills. Worker thread only.
 */
struct http_xfer {
	CURL *easy;
	struct curl_slist *headers;
	struct http_reply reply;
	char *auth_header;        /* kept alive while curl uses it */
	void *owner;              /* the worker's job */
	const char *send;         /* the request's body, fed to libcurl once */
	size_t send_len, sent;
};

/*
 * Signs `req` at time `when` and prepares `x` to send it: exactly host,
 * x-amz-date, content-type (with a body) and x-amz-security-token (with a
 * token) are signed; "Expect:" is suppressed; TLS verification stays on.
 * With `signer` NULL the request goes unsigned (credential endpoints:
 * instance metadata, containers, the SSO portal, web identity). The
 * request's extra headers, timeouts, proxy rule and CA bundle take the
 * place of those in `opts`. `x->easy` must be a fresh or reset handle. On
 * failure `err` says why. Worker thread only.
 */
enum shtui_status http_xfer_prepare(struct http_xfer *x,
				    const struct http_request *req,
				    const struct http_signer *signer,
				    time_t when,
				    const struct http_opts *opts,
				    struct buf *err);
/* Frees the header list (wiped: it may hold a token) and the reply; the
 * easy handle stays with the caller. */
void http_xfer_done(struct http_xfer *x);
/* Frees (and wipes) only the header list, once the transfer is over. */
void http_xfer_drop_headers(struct http_xfer *x);

/*
 * Records how the transfer on `x->easy` ended in `x->reply`: curl's code,
 * the HTTP status, and whether any of the request was sent. Call it before
 * the handle is reset or reused. Worker thread only.
 */
void http_xfer_finished(struct http_xfer *x, CURLcode code);

/* curl's own one-line description of a transport failure. */
const char *http_curl_error(const struct http_reply *r);

/*
 * What went wrong with a transfer that did not complete, said for a user:
 * what happened (no connection, a name that does not resolve, a TLS
 * certificate not trusted, a timeout, a reply cut short or too large),
 * curl's own words, and what to do where there is something to do.
 * Appends one line to `out`. Any thread.
 */
void http_describe_failure(const struct http_reply *r, struct buf *out);

/* True when retrying cannot help: a certificate that is not trusted, a CA
 * bundle that cannot be read, a reply over the size cap. Any thread. */
bool http_failure_is_permanent(const struct http_reply *r);

#endif
