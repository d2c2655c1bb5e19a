/* SPDX-License-Identifier: Apache-2.0 */
/* endpoint.c: endpoint URLs for Security Hub and STS by the upstream rule sets and partitions. */
#include "config.h"

#include "endpoint.h"

#include <stdlib.h>
#include <string.h>

/* Upstream botocore data/partitions.json (1.43.11) and the regions its
 * endpoints.json lists for securityhub (1.43.67). */
static const char *const aws_regions[] = {
	"af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2",
	"ap-northeast-3", "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2",
	"ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6",
	"ap-southeast-7", "aws-global", "ca-central-1", "ca-west-1", "eu-central-1",
	"eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2",
	"eu-west-3", "il-central-1", "me-central-1", "me-south-1", "mx-central-1",
	"sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2", NULL,
};
static const char *const aws_shub[] = {
	"af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2",
	"ap-northeast-3", "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2",
	"ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6",
	"ap-southeast-7", "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2",
	"eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3",
	"il-central-1", "me-central-1", "me-south-1", "mx-central-1", "sa-east-1",
	"us-east-1", "us-east-2", "us-west-1", "us-west-2", NULL,
};
static const char *const cn_regions[] = { "aws-cn-global", "cn-north-1", "cn-northwest-1", NULL };
static const char *const cn_shub[] = { "cn-north-1", "cn-northwest-1", NULL };
static const char *const eusc_regions[] = { "eusc-de-east-1", NULL };
static const char *const eusc_shub[] = { "eusc-de-east-1", NULL };
static const char *const iso_regions[] = { "aws-iso-global", "us-iso-east-1", "us-iso-west-1", NULL };
static const char *const iso_shub[] = { "us-iso-east-1", "us-iso-west-1", NULL };
static const char *const isob_regions[] = {
	"aws-iso-b-global", "us-isob-east-1", "us-isob-west-1", NULL,
};
static const char *const isob_shub[] = { "us-isob-east-1", "us-isob-west-1", NULL };
static const char *const isoe_regions[] = { "aws-iso-e-global", "eu-isoe-west-1", NULL };
static const char *const isoe_shub[] = { NULL };
static const char *const isof_regions[] = {
	"aws-iso-f-global", "us-isof-east-1", "us-isof-south-1", NULL,
};
static const char *const isof_shub[] = { "us-isof-east-1", "us-isof-south-1", NULL };
static const char *const gov_regions[] = {
	"aws-us-gov-global", "us-gov-east-1", "us-gov-west-1", NULL,
};
static const char *const gov_shub[] = { "us-gov-east-1", "us-gov-west-1", NULL };

const struct endpoint_partition endpoint_partitions[] = {
	{ "aws", "^(us|eu|ap|sa|ca|me|af|il|mx)\\-\\w+\\-\\d+$", "amazonaws.com", "api.aws",
	  "us-east-1", true, true, aws_regions, aws_shub },
	{ "aws-cn", "^cn\\-\\w+\\-\\d+$", "amazonaws.com.cn", "api.amazonwebservices.com.cn",
	  "cn-northwest-1", true, true, cn_regions, cn_shub },
	{ "aws-eusc", "^eusc\\-(de)\\-\\w+\\-\\d+$", "amazonaws.eu", "api.amazonwebservices.eu",
	  "eusc-de-east-1", true, true, eusc_regions, eusc_shub },
	{ "aws-iso", "^us\\-iso\\-\\w+\\-\\d+$", "c2s.ic.gov", "api.aws.ic.gov",
	  "us-iso-east-1", true, true, iso_regions, iso_shub },
	{ "aws-iso-b", "^us\\-isob\\-\\w+\\-\\d+$", "sc2s.sgov.gov", "api.aws.scloud",
	  "us-isob-east-1", true, true, isob_regions, isob_shub },
	{ "aws-iso-e", "^eu\\-isoe\\-\\w+\\-\\d+$", "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk",
	  "eu-isoe-west-1", true, true, isoe_regions, isoe_shub },
	{ "aws-iso-f", "^us\\-isof\\-\\w+\\-\\d+$", "csp.hci.ic.gov", "api.aws.hci.ic.gov",
	  "us-isof-south-1", true, true, isof_regions, isof_shub },
	{ "aws-us-gov", "^us\\-gov\\-\\w+\\-\\d+$", "amazonaws.com", "api.aws",
	  "us-gov-west-1", true, true, gov_regions, gov_shub },
};
const size_t endpoint_n_partitions = sizeof endpoint_partitions / sizeof endpoint_partitions[0];

/*
 * The region patterns use a small part of Python's re: "^", "$", literal
 * characters, "\-", "\w" and "\d" (ASCII here), "+", and one group of
 * literal alternatives "(a|b)". The matcher takes exactly that part.
 */
static bool endpoint_class(const char *p, char c, size_t *atom_len)
{
	if (p[0] == '\\') {
		*atom_len = 2;
		if (p[1] == 'w')
			return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			       (c >= '0' && c <= '9') || c == '_';
		if (p[1] == 'd')
			return c >= '0' && c <= '9';
		return c == p[1];
	}
	*atom_len = 1;
	return c == p[0];
}

static bool endpoint_re_here(const char *p, const char *s)
{
	if (*p == '\0')
		return true;
	if (p[0] == '$' && p[1] == '\0')
		return *s == '\0';
	if (*p == '(') {
		const char *close = strchr(p, ')');
		if (!close)
			return false;
		const char *alt = p + 1;
		while (alt < close) {
			const char *bar = memchr(alt, '|', (size_t)(close - alt));
			const char *aend = bar ? bar : close;
			size_t n = (size_t)(aend - alt);
			if (strncmp(s, alt, n) == 0 && endpoint_re_here(close + 1, s + n))
				return true;
			alt = aend + 1;
		}
		return false;
	}
	size_t alen = p[0] == '\\' ? 2 : 1;
	if (p[alen] == '+') {
		size_t n = 0;
		while (s[n] && endpoint_class(p, s[n], &alen))
			n++;
		for (; n >= 1; n--)
			if (endpoint_re_here(p + alen + 1, s + n))
				return true;
		return false;
	}
	return *s && endpoint_class(p, *s, &alen) && endpoint_re_here(p + alen, s + 1);
}

static bool endpoint_re_match(const char *re, const char *s)
{
	return re[0] == '^' && endpoint_re_here(re + 1, s);
}

const struct endpoint_partition *endpoint_partition_of(const char *region)
{
	for (size_t i = 0; region && i < endpoint_n_partitions; i++) {
		const struct endpoint_partition *pt = &endpoint_partitions[i];
		for (const char *const *r = pt->regions; *r; r++)
			if (strcmp(*r, region) == 0)
				return pt;
		if (endpoint_re_match(pt->region_regex, region))
			return pt;
	}
	return &endpoint_partitions[0];
}

bool endpoint_region_valid(const char *region)
{
	size_t n = region ? strlen(region) : 0;
	if (n == 0 || n > 63 || region[0] == '-' || region[n - 1] == '-')
		return false;
	bool digits_only = true;
	for (size_t i = 0; i < n; i++) {
		char c = region[i];
		bool digit = c >= '0' && c <= '9';
		if (!digit && !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && c != '-')
			return false;
		if (!digit)
			digits_only = false;
	}
	return !digits_only;
}

void endpoint_init(struct endpoint *e)
{
	memset(e, 0, sizeof *e);
}

void endpoint_done(struct endpoint *e)
{
	free(e->url);
	free(e->signing_region);
	endpoint_init(e);
}

static enum shtui_status endpoint_fail(struct buf *err, const char *msg)
{
	buf_puts(err, msg);
	return SHTUI_ECONFIG;
}

enum shtui_status endpoint_resolve(const char *service, const struct endpoint_params *p,
				   struct endpoint *out, struct buf *err)
{
	endpoint_done(out);
	bool sts = strcmp(service, "sts") == 0;
	if (!sts && strcmp(service, "securityhub") != 0) {
		buf_printf(err, "no endpoint rules for service \"%s\"", service);
		return SHTUI_EINVAL;
	}
	if (p->region && !endpoint_region_valid(p->region)) {
		/* The name goes into a host name: refuse it before anything. */
		buf_puts(err, "Provided region_name '");
		for (const char *c = p->region; *c; c++)
			if ((unsigned char)*c < 0x20 || *c == 0x7f)
				buf_printf(err, "\\x%02x", (unsigned char)*c);
			else
				buf_putc(err, *c);
		buf_puts(err, "' doesn't match a supported format.");
		return SHTUI_ECONFIG;
	}

	struct buf url;
	buf_init(&url);
	const char *signing = p->region;
	const struct endpoint_partition *pt = NULL;
	if (p->endpoint) {
		if (p->use_fips)
			return endpoint_fail(err, "Invalid Configuration: FIPS and custom endpoint are not supported");
		if (p->use_dualstack)
			return endpoint_fail(err, "Invalid Configuration: Dualstack and custom endpoint are not supported");
		buf_puts(&url, p->endpoint);
	} else if (p->region) {
		pt = endpoint_partition_of(p->region);
		const char *suffix = pt->dns_suffix;
		const char *fips = "";
		if (p->use_fips && p->use_dualstack) {
			if (!pt->supports_fips || !pt->supports_dualstack)
				return endpoint_fail(err, "FIPS and DualStack are enabled, but this partition does not support one or both");
			fips = "-fips";
			suffix = pt->dualstack_dns_suffix;
		} else if (p->use_fips) {
			if (!pt->supports_fips)
				return endpoint_fail(err, "FIPS is enabled but this partition does not support FIPS");
			/* STS in GovCloud is FIPS on its ordinary host name. */
			if (!(sts && strcmp(pt->id, "aws-us-gov") == 0))
				fips = "-fips";
		} else if (p->use_dualstack) {
			if (!pt->supports_dualstack)
				return endpoint_fail(err, "DualStack is enabled but this partition does not support DualStack");
			suffix = pt->dualstack_dns_suffix;
		} else if (sts && strcmp(p->region, "aws-global") == 0) {
			buf_puts(&url, "https://sts.amazonaws.com");
			signing = "us-east-1";
		}
		if (url.len == 0)
			buf_printf(&url, "https://%s%s.%s.%s", service, fips, p->region, suffix);
	} else {
		return endpoint_fail(err, "Invalid Configuration: Missing Region");
	}

	out->url = buf_steal(&url);
	out->signing_region = signing ? strdup(signing) : NULL;
	out->partition = pt;
	if (!out->url || (signing && !out->signing_region)) {
		endpoint_done(out);
		buf_puts(err, shtui_status_str(SHTUI_ENOMEM));
		return SHTUI_ENOMEM;
	}
	return SHTUI_OK;
}

bool endpoint_region_opt_in(const char *region)
{
	/* Regions launched after March 2019 are disabled until the account
	 * opts in; the older ones are enabled by default. */
	static const char *const opt_in[] = {
		"af-south-1", "ap-east-1", "ap-east-2", "ap-south-2", "ap-southeast-3",
		"ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
		"ca-west-1", "eu-central-2", "eu-south-1", "eu-south-2", "il-central-1",
		"me-central-1", "me-south-1", "mx-central-1",
	};
	for (size_t i = 0; region && i < sizeof opt_in / sizeof opt_in[0]; i++)
		if (strcmp(region, opt_in[i]) == 0)
			return true;
	return false;
}
