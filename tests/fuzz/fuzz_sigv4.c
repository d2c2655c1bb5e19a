/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_sigv4.c: libFuzzer target for SigV4 canonicalisation of arbitrary paths, queries and headers, and for signing whole requests. */
#include "config.h"

#include <stdio.h>

#include "fuzz.h"
#include "sigv4.h"

#define MAX_HEADERS 64

/*
 * Input: a raw HTTP request as in the AWS SigV4 test suite (tests/data/sigv4):
 * "METHOD target HTTP/1.1", header lines "name:value", an empty line, the
 * body.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data;
	size_t left = size;
	char *line = fuzz_line(&p, &left);
	/* "METHOD target VERSION": the target is what lies between the first
	 * and the last space, so it may hold spaces of its own. */
	char *sp1 = strchr(line, ' ');
	char *sp2 = strrchr(line, ' ');
	char empty[1] = "";
	char *method = line, *target = empty;
	if (sp1) {
		*sp1 = '\0';
		target = sp1 + 1;
		if (sp2 > sp1)
			*sp2 = '\0';
	}
	char *query = strchr(target, '?');
	if (query)
		*query++ = '\0';

	struct sigv4_header headers[MAX_HEADERS];
	char *lines[MAX_HEADERS];
	size_t n = 0;
	while (left > 0 && n < MAX_HEADERS) {
		char *h = fuzz_line(&p, &left);
		size_t hl = strlen(h);
		if (hl && h[hl - 1] == '\r')
			h[--hl] = '\0';
		if (hl == 0) {
			free(h);
			break;
		}
		char *colon = strchr(h, ':');
		if (colon) {
			*colon = '\0';
			headers[n] = (struct sigv4_header){ h, colon + 1 };
		} else {
			headers[n] = (struct sigv4_header){ h, "" };
		}
		lines[n++] = h;
	}

	struct buf b, names;
	buf_init(&b);
	buf_init(&names);
	for (int no_norm = 0; no_norm < 2; no_norm++) {
		sigv4_canonical_uri(&b, target, no_norm);
		buf_reset(&b);
	}
	sigv4_canonical_query(&b, query);
	buf_reset(&b);
	sigv4_canonical_headers(&b, &names, headers, n);
	buf_reset(&b);
	sigv4_uri_encode(&b, (const char *)data, size, size & 1);
	buf_done(&b);
	buf_done(&names);

	struct sigv4_request req = {
		.method = method,
		.path = target,
		.query = query,
		.headers = headers,
		.n_headers = n,
		.body = p,
		.body_len = left,
		.no_normalize = size & 2,
	};
	struct sigv4_scope scope = { "us-east-1", "service", (time_t)1440938160 };
	struct sigv4_result res;
	if (sigv4_sign(&req, &scope, "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
		       &res) == SHTUI_OK) {
		if (strlen(res.signature) != 64 || !res.authorization || !res.canonical_request)
			abort();
		sigv4_result_done(&res);
	}

	/* The same request as shtui sends it: a URL, signed whole. */
	struct buf url;
	buf_init(&url);
	buf_printf(&url, "https://%s%s%s%s", n ? headers[0].value : "h", target,
		   query ? "?" : "", query ? query : "");
	struct sigv4_http in = {
		.method = method,
		.url = buf_str(&url),
		.content_type = left ? "application/json" : NULL,
		.body = p,
		.body_len = left,
		.access_key_id = "AKIDEXAMPLE",
		.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
		.session_token = size & 4 ? "token" : NULL,
	};
	struct sigv4_http_result hres;
	if (sigv4_sign_http(&in, &scope, &hres) == SHTUI_OK)
		sigv4_http_result_done(&hres);
	buf_done(&url);

	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(line);
	return 0;
}
