/* SPDX-License-Identifier: Apache-2.0 */
/* endpoint.h: endpoint URLs for Security Hub and STS by the upstream rule sets and partitions. */
#ifndef SHTUI_ENDPOINT_H
#define SHTUI_ENDPOINT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "status.h"

/* A partition as upstream botocore's partitions.json describes it, and the
 * regions that list Security Hub in its endpoints.json. Static data. */
struct endpoint_partition {
	const char *id;                 /* "aws", "aws-cn", ... */
	const char *region_regex;       /* as in partitions.json; this is what is matched */
	const char *dns_suffix;
	const char *dualstack_dns_suffix;
	const char *implicit_global_region;
	bool supports_fips;
	bool supports_dualstack;
	const char *const *regions;     /* the partition's named regions, NULL-terminated */
	const char *const *securityhub_regions; /* sorted, NULL-terminated, maybe empty */
};

/* In partitions.json's order, which is the order regions are matched in. */
extern const struct endpoint_partition endpoint_partitions[];
extern const size_t endpoint_n_partitions;

/* The partition of `region`: the first whose named regions include it or
 * whose pattern matches it, else "aws" (as the rule sets' aws.partition).
 * Never NULL. Any thread. */
const struct endpoint_partition *endpoint_partition_of(const char *region);

/* Whether `region` is a well-formed region name as botocore requires it:
 * 1 to 63 of [A-Za-z0-9-], not all digits, no '-' first or last. Any thread. */
bool endpoint_region_valid(const char *region);

/* Whether `region` is one an account must opt in to before using it (the
 * list in AWS's documentation, "Enable or disable AWS Regions in your
 * account"); regions enabled by default, us-east-1 among them, are not.
 * NULL is not. Any thread. */
bool endpoint_region_opt_in(const char *region);

struct endpoint_params {
	const char *region;     /* NULL: none */
	bool use_fips;
	bool use_dualstack;
	const char *endpoint;   /* a custom URL, used as given; NULL: none */
};

/* A resolved endpoint. Caller-owned: endpoint_init() / endpoint_done(). */
struct endpoint {
	char *url;
	char *signing_region;   /* the SigV4 scope region; NULL without a region */
	const struct endpoint_partition *partition; /* NULL for a custom URL */
};

void endpoint_init(struct endpoint *e);
void endpoint_done(struct endpoint *e);

/*
 * Resolves `service` ("securityhub" or "sts") as the upstream rule sets do:
 *
 *  - a custom endpoint is used as given; with FIPS or dual-stack it is
 *    "Invalid Configuration: FIPS and custom endpoint are not supported" /
 *    "Invalid Configuration: Dualstack and custom endpoint are not supported";
 *  - else, with a region: https://SERVICE[-fips].REGION.SUFFIX, SUFFIX the
 *    partition's dual-stack suffix when dual-stack is on; errors when the
 *    partition lacks FIPS or dual-stack, with the rule set's texts;
 *    for STS, FIPS in aws-us-gov keeps "sts." and the region "aws-global"
 *    is https://sts.amazonaws.com signed for us-east-1;
 *  - else "Invalid Configuration: Missing Region".
 *
 * A region that is not well-formed is refused first, with botocore's
 * "Provided region_name 'X' doesn't match a supported format.". Errors
 * return SHTUI_ECONFIG (SHTUI_EINVAL for an unknown service) with the text
 * in `err`; `out` is then left empty. `out` must have been initialised;
 * what it held is freed. Any thread.
 */
enum shtui_status endpoint_resolve(const char *service, const struct endpoint_params *p,
				   struct endpoint *out, struct buf *err);

#endif
