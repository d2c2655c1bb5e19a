/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_endpoint.c: libFuzzer target for the endpoint URL parser (sigv4_split_url) and endpoint_resolve with any region and URL. */
#include "config.h"

#include "endpoint.h"
#include "fuzz.h"
#include "sigv4.h"

/* Input: flags byte (FIPS, dual-stack, custom URL or none, service),
 * then a region up to '\n', then a URL. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	uint8_t flags = data[0];
	data++;
	size--;
	char *region = fuzz_line(&data, &size);
	char *url = fuzz_strndup(data, size);

	char *host = NULL, *path = NULL, *query = NULL;
	if (sigv4_split_url(url, &host, &path, &query) == SHTUI_OK) {
		if (!host || !path || !query || path[0] != '/')
			abort();
	}
	free(host);
	free(path);
	free(query);

	(void)endpoint_region_valid(region);
	const struct endpoint_partition *part = endpoint_partition_of(region);
	if (!part)
		abort();

	struct endpoint_params p = {
		.region = flags & 8 ? NULL : region,
		.use_fips = flags & 1,
		.use_dualstack = flags & 2,
		.endpoint = flags & 4 ? url : NULL,
	};
	struct endpoint ep;
	struct buf err;
	endpoint_init(&ep);
	buf_init(&err);
	enum shtui_status st = endpoint_resolve(flags & 16 ? "sts" : "securityhub", &p, &ep, &err);
	if (st == SHTUI_OK) {
		if (!ep.url)
			abort();
		/* A resolved endpoint is something shtui can sign requests to,
		 * unless it is a custom URL, taken as given. */
		if (!p.endpoint) {
			host = path = query = NULL;
			if (sigv4_split_url(ep.url, &host, &path, &query) != SHTUI_OK)
				abort();
			free(host);
			free(path);
			free(query);
		}
	} else if (err.len == 0 || ep.url) {
		abort();
	}
	endpoint_done(&ep);
	buf_done(&err);
	free(region);
	free(url);
	return 0;
}
