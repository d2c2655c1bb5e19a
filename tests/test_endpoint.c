/* SPDX-License-Identifier: Apache-2.0 */
/* test_endpoint.c: every upstream Security Hub endpoint case, and both rule sets evaluated over partitions.json. */
#include "config.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "endpoint.h"
#include "tap.h"

#define DATA "tests/data/endpoints/"
#define UPSTREAM_CASES 48

static cJSON *load_json(const char *rel)
{
	char *path = tap_srcpath(rel);
	char *text = path ? tap_slurp(path, NULL) : NULL;
	cJSON *j = text ? cJSON_Parse(text) : NULL;
	if (!j)
		tap_diag("cannot read %s", path ? path : rel);
	free(text);
	free(path);
	return j;
}

static const char *jstr(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static bool jtrue(const cJSON *obj, const char *key)
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(obj, key));
}

/* The URL, or the error text, endpoint_resolve() gives (heap). */
static char *resolve(const char *service, const struct endpoint_params *p, char **signing)
{
	struct endpoint e;
	struct buf err;
	endpoint_init(&e);
	buf_init(&err);
	char *r;
	if (endpoint_resolve(service, p, &e, &err) == SHTUI_OK) {
		r = strdup(e.url);
		if (signing)
			*signing = e.signing_region ? strdup(e.signing_region) : NULL;
	} else {
		r = strdup(buf_str(&err));
		if (signing)
			*signing = NULL;
		if (e.url || e.signing_region)
			tap_diag("an error left something in the result");
	}
	endpoint_done(&e);
	buf_done(&err);
	return r;
}

static void test_upstream_cases(void)
{
	cJSON *doc = load_json(DATA "securityhub-endpoint-tests-1.json");
	const cJSON *cases = cJSON_GetObjectItemCaseSensitive(doc, "testCases");
	tap_is_int(cJSON_GetArraySize(cases), UPSTREAM_CASES, "the upstream file has %d cases",
		   UPSTREAM_CASES);
	const cJSON *c;
	cJSON_ArrayForEach(c, cases) {
		const cJSON *params = cJSON_GetObjectItemCaseSensitive(c, "params");
		const cJSON *expect = cJSON_GetObjectItemCaseSensitive(c, "expect");
		struct endpoint_params p = {
			.region = jstr(params, "Region"),
			.use_fips = jtrue(params, "UseFIPS"),
			.use_dualstack = jtrue(params, "UseDualStack"),
			.endpoint = jstr(params, "Endpoint"),
		};
		const char *want = jstr(expect, "error");
		if (!want)
			want = jstr(cJSON_GetObjectItemCaseSensitive(expect, "endpoint"), "url");
		char *got = resolve("securityhub", &p, NULL);
		tap_is_str(got, want, "%s", jstr(c, "documentation"));
		free(got);
	}
	cJSON_Delete(doc);
}

/* partitions.json's own partition lookup: named regions, then the pattern
 * through POSIX regex, first match wins, else the first partition. */
static const cJSON *ref_partition(const cJSON *parts, const char *region)
{
	const cJSON *pt;
	cJSON_ArrayForEach(pt, parts) {
		if (cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(pt, "regions"),
						     region))
			return pt;
		/* \w \d \- into POSIX ERE. */
		struct buf ere;
		buf_init(&ere);
		const char *rx = jstr(pt, "regionRegex");
		for (const char *s = rx ? rx : "^$"; *s; s++) {
			if (s[0] == '\\' && s[1] == 'w')
				buf_puts(&ere, "[A-Za-z0-9_]"), s++;
			else if (s[0] == '\\' && s[1] == 'd')
				buf_puts(&ere, "[0-9]"), s++;
			else if (s[0] == '\\' && s[1] == '-')
				buf_putc(&ere, '-'), s++;
			else
				buf_putc(&ere, *s);
		}
		regex_t re;
		bool match = false;
		if (regcomp(&re, buf_str(&ere), REG_EXTENDED | REG_NOSUB) == 0) {
			match = regexec(&re, region, 0, NULL, 0) == 0;
			regfree(&re);
		} else {
			tap_diag("regcomp failed for %s", buf_str(&ere));
		}
		buf_done(&ere);
		if (match)
			return pt;
	}
	return cJSON_GetArrayItem(parts, 0);
}

static void test_partition_table(const cJSON *parts)
{
	tap_is_int((long long)endpoint_n_partitions, cJSON_GetArraySize(parts),
		   "as many partitions as partitions.json");
	size_t i = 0;
	const cJSON *pt;
	cJSON_ArrayForEach(pt, parts) {
		if (i >= endpoint_n_partitions)
			break;
		const struct endpoint_partition *mine = &endpoint_partitions[i++];
		const cJSON *out = cJSON_GetObjectItemCaseSensitive(pt, "outputs");
		const char *id = jstr(pt, "id");
		struct buf want, got;
		buf_init(&want);
		buf_init(&got);
		buf_printf(&want, "%s %s %s %s %s fips=%d dualstack=%d", id, jstr(pt, "regionRegex"),
			   jstr(out, "dnsSuffix"), jstr(out, "dualStackDnsSuffix"),
			   jstr(out, "implicitGlobalRegion"), jtrue(out, "supportsFIPS"),
			   jtrue(out, "supportsDualStack"));
		buf_printf(&got, "%s %s %s %s %s fips=%d dualstack=%d", mine->id, mine->region_regex,
			   mine->dns_suffix, mine->dualstack_dns_suffix, mine->implicit_global_region,
			   mine->supports_fips, mine->supports_dualstack);
		const cJSON *r;
		buf_puts(&want, " regions:");
		cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(pt, "regions"))
			buf_printf(&want, " %s", r->string);
		buf_puts(&got, " regions:");
		for (const char *const *m = mine->regions; *m; m++)
			buf_printf(&got, " %s", *m);
		tap_is_str(buf_str(&got), buf_str(&want), "partition %s matches partitions.json", id);
		buf_done(&want);
		buf_done(&got);
	}
}

/* Regions to try: every named one, every Security Hub one, and odd ones. */
static void probe_regions(const cJSON *parts, char ***out, size_t *n)
{
	static const char *const odd[] = {
		"fips-us-east-1", "us-east-1-fips", "fips-us-gov-west-1", "mars-east-1",
		"eusc-fr-east-1", "eusc-de-west-2", "us-east-1a", "US-EAST-1", "x", "123a",
		"us-isof-north-9", "eu-isoe-south-2", "cn-south-7", "us-gov-central-3",
		"il-central-2", "mx-north-1", "us-iso-wherever-12", "us-isob-a-1",
		"ap-southeast-10", "us-east", "eu-west-1-1",
	};
	size_t cap = 256;
	*out = calloc(cap, sizeof **out);
	*n = 0;
	const cJSON *pt, *r;
	cJSON_ArrayForEach(pt, parts)
		cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(pt, "regions"))
			if (*n < cap)
				(*out)[(*n)++] = strdup(r->string);
	for (size_t i = 0; i < endpoint_n_partitions; i++)
		for (const char *const *s = endpoint_partitions[i].securityhub_regions; *s; s++)
			if (*n < cap)
				(*out)[(*n)++] = strdup(*s);
	for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++)
		if (*n < cap)
			(*out)[(*n)++] = strdup(odd[i]);
}

static void test_partition_lookup(const cJSON *parts, char **regions, size_t n)
{
	int bad = 0;
	for (size_t i = 0; i < n; i++) {
		const char *want = jstr(ref_partition(parts, regions[i]), "id");
		const char *got = endpoint_partition_of(regions[i])->id;
		if (strcmp(want, got) != 0) {
			bad++;
			tap_diag("%s: partition %s, partitions.json says %s", regions[i], got, want);
		}
	}
	tap_ok(bad == 0, "endpoint_partition_of() agrees with partitions.json on %zu regions", n);
}

/* A small evaluator for the endpoint rule set language, enough for these
 * two rule sets: isSet, not, booleanEquals, stringEquals, getAttr and
 * aws.partition over partitions.json. */
struct ev {
	const cJSON *parts;
	const char *region;
	const char *endpoint;
	bool fips, dualstack;
	const cJSON *partition_result;  /* "outputs" of the matched partition */
};

enum ev_type { EV_NONE, EV_BOOL, EV_STR, EV_OBJ };
struct ev_val {
	enum ev_type type;
	bool b;
	const char *s;
	const cJSON *obj;
};

static struct ev_val ev_expr(struct ev *ev, const cJSON *x);

static struct ev_val ev_ref(struct ev *ev, const char *name)
{
	struct ev_val v = { EV_NONE, false, NULL, NULL };
	if (strcmp(name, "Region") == 0 && ev->region) {
		v.type = EV_STR;
		v.s = ev->region;
	} else if (strcmp(name, "Endpoint") == 0 && ev->endpoint) {
		v.type = EV_STR;
		v.s = ev->endpoint;
	} else if (strcmp(name, "UseFIPS") == 0) {
		v.type = EV_BOOL;
		v.b = ev->fips;
	} else if (strcmp(name, "UseDualStack") == 0) {
		v.type = EV_BOOL;
		v.b = ev->dualstack;
	} else if (strcmp(name, "UseGlobalEndpoint") == 0) {
		v.type = EV_BOOL;      /* the AWS CLI v2 uses regional STS endpoints */
		v.b = false;
	} else if (strcmp(name, "PartitionResult") == 0 && ev->partition_result) {
		v.type = EV_OBJ;
		v.obj = ev->partition_result;
	}
	return v;
}

static bool ev_equal(struct ev_val a, struct ev_val b)
{
	if (a.type != b.type)
		return false;
	if (a.type == EV_BOOL)
		return a.b == b.b;
	if (a.type == EV_STR)
		return strcmp(a.s, b.s) == 0;
	return false;
}

static struct ev_val ev_expr(struct ev *ev, const cJSON *x)
{
	struct ev_val v = { EV_NONE, false, NULL, NULL };
	if (cJSON_IsBool(x)) {
		v.type = EV_BOOL;
		v.b = cJSON_IsTrue(x);
		return v;
	}
	if (cJSON_IsString(x)) {
		v.type = EV_STR;
		v.s = x->valuestring;
		return v;
	}
	const char *ref = jstr(x, "ref");
	if (ref)
		return ev_ref(ev, ref);
	const char *fn = jstr(x, "fn");
	const cJSON *argv = cJSON_GetObjectItemCaseSensitive(x, "argv");
	if (!fn) {
		tap_diag("unknown expression");
		return v;
	}
	struct ev_val a = ev_expr(ev, cJSON_GetArrayItem(argv, 0));
	v.type = EV_BOOL;
	if (strcmp(fn, "isSet") == 0) {
		v.b = a.type != EV_NONE;
	} else if (strcmp(fn, "not") == 0) {
		v.b = !(a.type == EV_BOOL && a.b);
	} else if (strcmp(fn, "booleanEquals") == 0 || strcmp(fn, "stringEquals") == 0) {
		v.b = ev_equal(a, ev_expr(ev, cJSON_GetArrayItem(argv, 1)));
	} else if (strcmp(fn, "getAttr") == 0) {
		const cJSON *attr = cJSON_GetObjectItemCaseSensitive(a.obj,
					cJSON_GetArrayItem(argv, 1)->valuestring);
		v = ev_expr(ev, attr);
	} else if (strcmp(fn, "aws.partition") == 0) {
		const cJSON *pt = ref_partition(ev->parts, a.s);
		ev->partition_result = cJSON_GetObjectItemCaseSensitive(pt, "outputs");
		v.type = EV_OBJ;
		v.obj = ev->partition_result;
	} else {
		tap_diag("unknown function %s", fn);
		v.type = EV_NONE;
	}
	return v;
}

/* Expands "{Region}" and "{PartitionResult#dnsSuffix}". */
static void ev_template(struct ev *ev, const char *t, struct buf *out)
{
	while (*t) {
		const char *close = *t == '{' ? strchr(t, '}') : NULL;
		if (!close) {
			buf_putc(out, *t++);
			continue;
		}
		char name[64];
		snprintf(name, sizeof name, "%.*s", (int)(close - t - 1), t + 1);
		char *hash = strchr(name, '#');
		if (hash)
			*hash++ = '\0';
		struct ev_val v = ev_ref(ev, name);
		if (hash)
			v = ev_expr(ev, cJSON_GetObjectItemCaseSensitive(v.obj, hash));
		buf_puts(out, v.type == EV_STR ? v.s : "<?>");
		t = close + 1;
	}
}

/* Evaluates `rules`; true when a rule fired, with "url signing" or the
 * error text in `out`. */
static bool ev_rules(struct ev *ev, const cJSON *rules, struct buf *out)
{
	const cJSON *rule;
	cJSON_ArrayForEach(rule, rules) {
		bool ok = true;
		const cJSON *cond;
		cJSON_ArrayForEach(cond, cJSON_GetObjectItemCaseSensitive(rule, "conditions")) {
			struct ev_val v = ev_expr(ev, cond);
			if (v.type == EV_NONE || (v.type == EV_BOOL && !v.b)) {
				ok = false;
				break;
			}
		}
		if (!ok)
			continue;
		const char *type = jstr(rule, "type");
		if (strcmp(type, "tree") == 0) {
			if (ev_rules(ev, cJSON_GetObjectItemCaseSensitive(rule, "rules"), out))
				return true;
			continue;
		}
		if (strcmp(type, "error") == 0) {
			buf_puts(out, jstr(rule, "error"));
			return true;
		}
		const cJSON *ep = cJSON_GetObjectItemCaseSensitive(rule, "endpoint");
		const cJSON *url = cJSON_GetObjectItemCaseSensitive(ep, "url");
		if (cJSON_IsString(url))
			ev_template(ev, url->valuestring, out);
		else
			buf_puts(out, ev_ref(ev, jstr(url, "ref")).s);
		const cJSON *schemes = cJSON_GetObjectItemCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(ep, "properties"), "authSchemes");
		const char *signing = jstr(cJSON_GetArrayItem(schemes, 0), "signingRegion");
		buf_putc(out, ' ');
		if (signing)
			ev_template(ev, signing, out);
		else
			buf_puts(out, ev->region ? ev->region : "(none)");
		return true;
	}
	return false;
}

static void test_rule_sets(const cJSON *parts, char **regions, size_t n)
{
	static const char *const services[] = { "securityhub", "sts" };
	for (size_t s = 0; s < 2; s++) {
		char rel[128];
		snprintf(rel, sizeof rel, DATA "%s-endpoint-rule-set-1.json", services[s]);
		cJSON *rs = load_json(rel);
		const cJSON *rules = cJSON_GetObjectItemCaseSensitive(rs, "rules");
		int tried = 0, bad = 0;
		for (size_t i = 0; i <= n; i++) {
			for (int combo = 0; combo < 8; combo++) {
				struct ev ev = {
					.parts = parts,
					.region = i < n ? regions[i] : NULL,
					.fips = combo & 1,
					.dualstack = combo & 2,
					.endpoint = combo & 4 ? "http://127.0.0.1:4566" : NULL,
				};
				struct buf want;
				buf_init(&want);
				if (!ev_rules(&ev, rules, &want))
					buf_puts(&want, "(no rule)");
				struct endpoint_params p = {
					.region = ev.region, .use_fips = ev.fips,
					.use_dualstack = ev.dualstack, .endpoint = ev.endpoint,
				};
				char *signing = NULL;
				char *url = resolve(services[s], &p, &signing);
				struct buf got;
				buf_init(&got);
				buf_puts(&got, url);
				if (strncmp(url, "http", 4) == 0)
					buf_printf(&got, " %s", signing ? signing : "(none)");
				tried++;
				if (strcmp(buf_str(&got), buf_str(&want)) != 0) {
					if (++bad <= 10)
						tap_diag("%s region=%s fips=%d dualstack=%d endpoint=%s: "
							 "got \"%s\", rule set says \"%s\"", services[s],
							 ev.region ? ev.region : "(none)", ev.fips,
							 ev.dualstack, ev.endpoint ? "set" : "unset",
							 buf_str(&got), buf_str(&want));
				}
				buf_done(&got);
				buf_done(&want);
				free(url);
				free(signing);
			}
		}
		tap_ok(bad == 0 && tried > 500,
		       "%s: endpoint_resolve() agrees with the rule set in %d cases (%zu regions and none, "
		       "FIPS x dual-stack x custom endpoint)", services[s], tried, n);
		cJSON_Delete(rs);
	}
}

static void test_examples(void)
{
	static const struct {
		const char *service, *region;
		bool fips, dualstack;
		const char *endpoint;
		const char *url, *signing;
	} cases[] = {
		{ "securityhub", "eusc-de-east-1", false, false, NULL,
		  "https://securityhub.eusc-de-east-1.amazonaws.eu", "eusc-de-east-1" },
		{ "securityhub", "eu-isoe-west-1", true, false, NULL,
		  "https://securityhub-fips.eu-isoe-west-1.cloud.adc-e.uk", "eu-isoe-west-1" },
		{ "securityhub", "us-isof-south-1", false, true, NULL,
		  "https://securityhub.us-isof-south-1.api.aws.hci.ic.gov", "us-isof-south-1" },
		{ "securityhub", "us-isob-east-1", true, true, NULL,
		  "https://securityhub-fips.us-isob-east-1.api.aws.scloud", "us-isob-east-1" },
		{ "sts", "eu-west-1", false, false, NULL, "https://sts.eu-west-1.amazonaws.com", "eu-west-1" },
		{ "sts", "us-east-1", true, false, NULL, "https://sts-fips.us-east-1.amazonaws.com", "us-east-1" },
		{ "sts", "us-gov-west-1", true, false, NULL, "https://sts.us-gov-west-1.amazonaws.com",
		  "us-gov-west-1" },
		{ "sts", "cn-north-1", false, true, NULL,
		  "https://sts.cn-north-1.api.amazonwebservices.com.cn", "cn-north-1" },
		{ "sts", "aws-global", false, false, NULL, "https://sts.amazonaws.com", "us-east-1" },
		{ "sts", "eu-west-1", false, false, "http://localhost:4566", "http://localhost:4566", "eu-west-1" },
		{ "securityhub", NULL, false, false, "http://127.0.0.1:4566/", "http://127.0.0.1:4566/", NULL },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct endpoint_params p = { cases[i].region, cases[i].fips, cases[i].dualstack,
					     cases[i].endpoint };
		char *signing = NULL;
		char *url = resolve(cases[i].service, &p, &signing);
		tap_ok(strcmp(url, cases[i].url) == 0 &&
		       (cases[i].signing ? signing && strcmp(signing, cases[i].signing) == 0 : !signing),
		       "%s %s%s%s%s: %s signed for %s", cases[i].service,
		       cases[i].region ? cases[i].region : "(no region)", cases[i].fips ? " FIPS" : "",
		       cases[i].dualstack ? " dual-stack" : "", cases[i].endpoint ? " custom" : "",
		       cases[i].url, cases[i].signing ? cases[i].signing : "(none)");
		if (strcmp(url, cases[i].url) != 0)
			tap_diag("got %s", url);
		free(url);
		free(signing);
	}

	struct endpoint_params p = { .region = "us-east-1.evil.example" };
	char *r = resolve("securityhub", &p, NULL);
	tap_is_str(r, "Provided region_name 'us-east-1.evil.example' doesn't match a supported format.",
		   "a malformed region is refused before it reaches a host name");
	free(r);
	p.region = "us\x1b[2J";
	r = resolve("securityhub", &p, NULL);
	tap_is_str(r, "Provided region_name 'us\\x1b[2J' doesn't match a supported format.",
		   "... with control characters made visible");
	free(r);
	p.region = "us-east-1";
	struct endpoint e;
	struct buf err;
	endpoint_init(&e);
	buf_init(&err);
	tap_ok(endpoint_resolve("s3", &p, &e, &err) == SHTUI_EINVAL && e.url == NULL,
	       "an unknown service is EINVAL");
	tap_diag("%s", buf_str(&err));
	endpoint_done(&e);
	buf_done(&err);
}

static void test_region_valid(void)
{
	static const char *const good[] = {
		"us-east-1", "a", "1a", "a1", "aws-global", "US-EAST-1", "fips-us-east-1",
		"a23456789012345678901234567890123456789012345678901234567890123",
	};
	static const char *const bad[] = {
		"", "-us", "us-", "123", "0", "us_east_1", "us-east-1.evil.com", "us east",
		"us-east-1/", "r\xc3\xa9gion",
		"a234567890123456789012345678901234567890123456789012345678901234",
	};
	int wrong = 0;
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		if (!endpoint_region_valid(good[i])) {
			wrong++;
			tap_diag("\"%s\" should be well-formed", good[i]);
		}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (endpoint_region_valid(bad[i])) {
			wrong++;
			tap_diag("\"%s\" should not be well-formed", bad[i]);
		}
	tap_ok(wrong == 0 && !endpoint_region_valid(NULL),
	       "endpoint_region_valid() on %zu good and %zu bad names",
	       sizeof good / sizeof good[0], sizeof bad / sizeof bad[0]);
}

static void test_region_lists(void)
{
	size_t total = 0, counts[16] = { 0 };
	int wrong = 0;
	for (size_t i = 0; i < endpoint_n_partitions && i < 16; i++) {
		const struct endpoint_partition *pt = &endpoint_partitions[i];
		const char *prev = NULL;
		for (const char *const *r = pt->securityhub_regions; *r; r++) {
			counts[i]++;
			if (!endpoint_region_valid(*r) || endpoint_partition_of(*r) != pt ||
			    (prev && strcmp(prev, *r) >= 0)) {
				wrong++;
				tap_diag("%s: %s is misplaced", pt->id, *r);
			}
			prev = *r;
		}
		total += counts[i];
	}
	tap_is_int((long long)counts[0], 34, "34 Security Hub regions in aws");
	tap_is_int((long long)total, 45, "45 Security Hub regions in all partitions");
	tap_ok(wrong == 0, "each listed region is well-formed, sorted, and in its own partition");
}

/* Opt-in regions as AWS's documentation lists them; the regions enabled
 * by default are not. */
static void test_opt_in(void)
{
	static const char *const opt_in[] = { "af-south-1", "ap-east-1", "me-south-1", "eu-south-2",
					      "il-central-1", "ca-west-1", "mx-central-1" };
	static const char *const by_default[] = { "us-east-1", "us-east-2", "us-west-2", "eu-west-1",
						  "eu-central-1", "ap-northeast-1", "sa-east-1",
						  "ca-central-1", "us-gov-west-1", "cn-north-1", "" };
	for (size_t i = 0; i < sizeof opt_in / sizeof opt_in[0]; i++)
		tap_ok(endpoint_region_opt_in(opt_in[i]), "%s is an opt-in region", opt_in[i]);
	for (size_t i = 0; i < sizeof by_default / sizeof by_default[0]; i++)
		tap_ok(!endpoint_region_opt_in(by_default[i]), "'%s' is not an opt-in region", by_default[i]);
	tap_ok(!endpoint_region_opt_in(NULL), "no region is not an opt-in region");
}

int main(void)
{
	test_upstream_cases();
	cJSON *parts_doc = load_json(DATA "partitions.json");
	const cJSON *parts = cJSON_GetObjectItemCaseSensitive(parts_doc, "partitions");
	test_partition_table(parts);
	char **regions = NULL;
	size_t n = 0;
	probe_regions(parts, &regions, &n);
	test_partition_lookup(parts, regions, n);
	test_rule_sets(parts, regions, n);
	for (size_t i = 0; i < n; i++)
		free(regions[i]);
	free(regions);
	cJSON_Delete(parts_doc);
	test_examples();
	test_region_valid();
	test_region_lists();
	test_opt_in();
	return tap_done();
}
