/* SPDX-License-Identifier: Apache-2.0 */
/* http.c: one signed AWS HTTP exchange: libcurl options, headers, TLS and the reply. */
#include "config.h"

#include "http.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>

#include "log.h"
#include "sigv4.h"

void http_request_init(struct http_request *r)
{
	memset(r, 0, sizeof *r);
}

void http_request_done(struct http_request *r)
{
	free(r->method);
	free(r->url);
	free(r->content_type);
	if (r->body)
		OPENSSL_cleanse(r->body, r->body_len);
	free(r->body);
	free(r->operation);
	for (size_t i = 0; i < r->n_headers; i++)
		buf_free_secret(r->headers[i]);
	free(r->ca_bundle);
	http_request_init(r);
}

enum shtui_status http_request_add_header(struct http_request *r, const char *name,
					  const char *value)
{
	if (r->n_headers == HTTP_MAX_EXTRA_HEADERS || strpbrk(value, "\r\n"))
		return SHTUI_EINVAL;
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "%s: %s", name, value);
	if (buf_failed(&b)) {
		buf_done(&b);
		return SHTUI_ENOMEM;
	}
	r->headers[r->n_headers++] = buf_steal(&b);
	return SHTUI_OK;
}

/* Frees a header list whose values may be secrets (a session token). */
static void free_headers(struct curl_slist *list)
{
	for (struct curl_slist *l = list; l; l = l->next)
		OPENSSL_cleanse(l->data, strlen(l->data));
	curl_slist_free_all(list);
}

void http_reply_init(struct http_reply *r)
{
	memset(r, 0, sizeof *r);
	buf_init(&r->body);
}

void http_reply_reset(struct http_reply *r)
{
	buf_done(&r->body);
	free(r->date);
	free(r->error_type);
	free(r->request_id);
	free(r->content_type);
	http_reply_init(r);
}

void http_reply_done(struct http_reply *r)
{
	http_reply_reset(r);
}

static size_t on_body(char *data, size_t size, size_t n, void *arg)
{
	struct http_reply *r = arg;
	size_t len = size * n;
	/* Counted after decompression, so a small compressed reply cannot
	 * unfold into gigabytes. */
	if (len >= HTTP_MAX_REPLY_BYTES || r->body.len >= HTTP_MAX_REPLY_BYTES - len) {
		r->too_large = true;
		return 0;
	}
	buf_append(&r->body, data, len);
	return buf_failed(&r->body) ? 0 : len;
}

/* A request's body, once: there is no seek callback to go back. */
static size_t on_send(char *out, size_t size, size_t n, void *arg)
{
	struct http_xfer *x = arg;
	size_t k = x->send_len - x->sent;
	if (k > size * n)
		k = size * n;
	memcpy(out, x->send + x->sent, k);
	x->sent += k;
	return k;
}

static void set_header(char **slot, const char *v, size_t len)
{
	while (len && (v[len - 1] == '\r' || v[len - 1] == '\n' ||
		       v[len - 1] == ' ' || v[len - 1] == '\t'))
		len--;
	while (len && (*v == ' ' || *v == '\t')) {
		v++;
		len--;
	}
	char *s = malloc(len + 1);
	if (!s)
		return;
	memcpy(s, v, len);
	s[len] = '\0';
	free(*slot);
	*slot = s;
}

/* Whether a Content-Length value announces HTTP_MAX_REPLY_BYTES or more. */
static bool content_length_too_large(const char *v, size_t len)
{
	size_t i = 0;
	while (i < len && (v[i] == ' ' || v[i] == '\t'))
		i++;
	unsigned long long n = 0;
	bool digits = false;
	for (; i < len && v[i] >= '0' && v[i] <= '9'; i++) {
		digits = true;
		if (n >= HTTP_MAX_REPLY_BYTES)
			return true;
		n = n * 10 + (unsigned)(v[i] - '0');
	}
	return digits && n >= HTTP_MAX_REPLY_BYTES;
}

static size_t on_header(char *data, size_t size, size_t n, void *arg)
{
	struct http_reply *r = arg;
	size_t len = size * n;
	const char *colon = memchr(data, ':', len);
	if (len >= 5 && strncmp(data, "HTTP/", 5) == 0) {
		/* A new status line (redirect, 100-continue): drop what came before. */
		free(r->date);
		free(r->error_type);
		free(r->request_id);
		free(r->content_type);
		r->date = r->error_type = r->request_id = r->content_type = NULL;
		return len;
	}
	if (!colon)
		return len;
	size_t nlen = (size_t)(colon - data);
	const char *v = colon + 1;
	size_t vlen = len - nlen - 1;
	static const struct {
		const char *name;
		size_t off;
	} wanted[] = {
		{ "date", offsetof(struct http_reply, date) },
		{ "x-amzn-errortype", offsetof(struct http_reply, error_type) },
		{ "x-amzn-requestid", offsetof(struct http_reply, request_id) },
		{ "x-amz-request-id", offsetof(struct http_reply, request_id) },
		{ "content-type", offsetof(struct http_reply, content_type) },
	};
	for (size_t i = 0; i < sizeof wanted / sizeof wanted[0]; i++) {
		if (strlen(wanted[i].name) == nlen &&
		    strncasecmp(data, wanted[i].name, nlen) == 0)
			set_header((char **)((char *)r + wanted[i].off), v, vlen);
	}
	if (nlen == 14 && strncasecmp(data, "content-length", nlen) == 0 &&
	    content_length_too_large(v, vlen)) {
		/* Refused before a byte of the body is read. */
		r->too_large = true;
		return 0;
	}
	return len;
}

static struct curl_slist *add_header(struct curl_slist *list, bool *ok,
				     const char *name, const char *value)
{
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "%s: %s", name, value);
	struct curl_slist *l = buf_failed(&b) ? NULL : curl_slist_append(list, buf_str(&b));
	buf_done(&b);
	if (!l) {
		*ok = false;
		return list;
	}
	return l;
}

enum shtui_status http_xfer_prepare(struct http_xfer *x,
				    const struct http_request *req,
				    const struct http_signer *signer,
				    time_t when,
				    const struct http_opts *opts,
				    struct buf *err)
{
	bool ok = true;
	struct curl_slist *h = NULL;
	if (signer) {
		struct sigv4_http in = {
			.method = req->method,
			.url = req->url,
			.content_type = req->content_type,
			.body = req->body,
			.body_len = req->body_len,
			.access_key_id = signer->access_key_id,
			.secret_access_key = signer->secret_access_key,
			.session_token = signer->session_token,
		};
		struct sigv4_scope scope = { signer->region, signer->service, when };
		struct sigv4_http_result sig;
		enum shtui_status st = sigv4_sign_http(&in, &scope, &sig);
		if (st != SHTUI_OK) {
			buf_printf(err, "cannot sign the request to %s: %s", req->url,
				   shtui_status_str(st));
			return st;
		}
		log_debug("%s: canonical request:\n%s", req->operation ? req->operation : "",
			  sig.sig.canonical_request);
		/* curl derives Host from the URL exactly as sigv4_split_url does;
		 * sending our own keeps the signed and sent bytes the same. */
		h = add_header(h, &ok, "Host", sig.host);
		h = add_header(h, &ok, "X-Amz-Date", sig.sig.amz_date);
		if (req->content_type)
			h = add_header(h, &ok, "Content-Type", req->content_type);
		if (signer->session_token && *signer->session_token)
			h = add_header(h, &ok, "X-Amz-Security-Token", signer->session_token);
		h = add_header(h, &ok, "Authorization", sig.sig.authorization);
		sigv4_http_result_done(&sig);
	} else if (req->content_type) {
		h = add_header(h, &ok, "Content-Type", req->content_type);
	}
	for (size_t i = 0; ok && i < req->n_headers; i++) {
		struct curl_slist *l = curl_slist_append(h, req->headers[i]);
		if (l)
			h = l;
		else
			ok = false;
	}
	if (ok) {
		struct curl_slist *l = curl_slist_append(h, "Expect:");
		if (l)
			h = l;
		else
			ok = false;
	}
	if (ok && !req->content_type) {
		/* libcurl adds a form content type to POSTs by default. */
		struct curl_slist *l = curl_slist_append(h, "Content-Type:");
		if (l)
			h = l;
		else
			ok = false;
	}
	if (!ok) {
		free_headers(h);
		buf_puts(err, "out of memory");
		return SHTUI_ENOMEM;
	}

	CURL *e = x->easy;
	x->headers = h;
	http_reply_reset(&x->reply);
	curl_easy_setopt(e, CURLOPT_URL, req->url);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	const char *ca = req->ca_bundle ? req->ca_bundle : opts->ca_bundle;
	if (ca && *ca)
		curl_easy_setopt(e, CURLOPT_CAINFO, ca);
	if (req->direct)
		curl_easy_setopt(e, CURLOPT_NOPROXY, "*");
	long timeout = req->timeout_ms > 0 ? req->timeout_ms :
		       opts->timeout_ms > 0 ? opts->timeout_ms : 30000L;
	long connect = req->connect_timeout_ms > 0 ? req->connect_timeout_ms :
		       opts->connect_timeout_ms > 0 ? opts->connect_timeout_ms : 5000L;
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, connect < timeout ? connect : timeout);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, timeout);
	curl_easy_setopt(e, CURLOPT_USERAGENT,
			 opts->user_agent ? opts->user_agent : PACKAGE_NAME "/" PACKAGE_VERSION);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, &x->reply);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, &x->reply);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, x->reply.curl_error);
	curl_easy_setopt(e, CURLOPT_PRIVATE, x);
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	/* libcurl sends a request again by itself when a kept connection dies
	 * before the reply, and the first may have been acted on. A body is
	 * fed from here with no way back, so libcurl cannot (it fails with
	 * CURLE_SEND_FAIL_REWIND and the worker decides); a request without
	 * a body gets a connection of its own instead. */
	x->send = req->body;
	x->send_len = req->body ? req->body_len : 0;
	x->sent = 0;
	if (strcmp(req->method, "GET") == 0) {
		curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
	} else {
		if (strcmp(req->method, "POST") != 0)
			curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, req->method);
		curl_easy_setopt(e, CURLOPT_POST, 1L);
		curl_easy_setopt(e, CURLOPT_READFUNCTION, on_send);
		curl_easy_setopt(e, CURLOPT_READDATA, x);
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)x->send_len);
		if (x->send_len == 0)
			curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L);
	}
	return SHTUI_OK;
}

void http_xfer_drop_headers(struct http_xfer *x)
{
	free_headers(x->headers);
	x->headers = NULL;
}

void http_xfer_done(struct http_xfer *x)
{
	free_headers(x->headers);
	x->headers = NULL;
	http_reply_done(&x->reply);
}

void http_xfer_finished(struct http_xfer *x, CURLcode code)
{
	struct http_reply *r = &x->reply;
	long status = 0, request_bytes = 0;
	if (x->easy) {
		curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
		/* Counts the request bytes written to the connection, so it stays
		 * 0 when the connection, the name lookup or TLS failed first. */
		curl_easy_getinfo(x->easy, CURLINFO_REQUEST_SIZE, &request_bytes);
	}
	r->status = status;
	r->curl_code = code;
	r->request_sent = request_bytes > 0;
	if (code == CURLE_FILESIZE_EXCEEDED)
		r->too_large = true;
}

const char *http_curl_error(const struct http_reply *r)
{
	if (r->curl_error[0])
		return r->curl_error;
	return curl_easy_strerror(r->curl_code);
}

void http_describe_failure(const struct http_reply *r, struct buf *out)
{
	const char *what;
	const char *todo = NULL;
	if (r->too_large) {
		buf_puts(out, "the reply is larger than " HTTP_MAX_REPLY_TEXT);
		return;
	}
	switch (r->curl_code) {
	case CURLE_COULDNT_RESOLVE_HOST:
		what = "the host name does not resolve";
		break;
	case CURLE_COULDNT_RESOLVE_PROXY:
		what = "the proxy's host name does not resolve";
		break;
	case CURLE_COULDNT_CONNECT:
		what = "cannot connect";
		break;
	case CURLE_OPERATION_TIMEDOUT:
		what = "timed out";
		todo = "--cli-connect-timeout and --cli-read-timeout set the limits";
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
		what = "the server's TLS certificate is not trusted";
		todo = "if you trust it, name it (or the CA that issued it) with --ca-bundle FILE";
		break;
	case CURLE_SSL_CACERT_BADFILE:
		what = "cannot use the CA bundle";
		break;
	case CURLE_SSL_CONNECT_ERROR:
		what = "the TLS handshake failed";
		break;
	case CURLE_PARTIAL_FILE:
		what = "the reply was cut short";
		break;
	case CURLE_GOT_NOTHING:
		what = "the connection closed without a reply";
		break;
	case CURLE_SEND_FAIL_REWIND:
		/* libcurl's words are about the body it was not let send again. */
		buf_puts(out, "the kept connection closed without a reply");
		return;
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
		what = "the connection broke";
		break;
	default:
		what = NULL;
		break;
	}
	if (what)
		buf_printf(out, "%s (%s)", what, http_curl_error(r));
	else
		buf_puts(out, http_curl_error(r));
	if (todo)
		buf_printf(out, "; %s", todo);
}

bool http_failure_is_permanent(const struct http_reply *r)
{
	if (r->too_large)
		return true;
	switch (r->curl_code) {
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_URL_MALFORMAT:
		return true;
	default:
		return false;
	}
}
