/* SPDX-License-Identifier: Apache-2.0 */
/* test_aws_config.c: profile, region, endpoint, retry and CA settings from real files and the environment. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aws_config.h"
#include "buf.h"
#include "tap.h"

static const char *dir;
static char cfg_path[256], creds_path[256];

static const char *const aws_vars[] = {
	"AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_PROFILE",
	"AWS_DEFAULT_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION",
	"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_SECURITYHUB", "AWS_ENDPOINT_URL_STS",
	"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "AWS_USE_FIPS_ENDPOINT",
	"AWS_USE_DUALSTACK_ENDPOINT", "AWS_MAX_ATTEMPTS", "AWS_RETRY_MODE",
	"AWS_CA_BUNDLE", "AWS_ENDPOINT_URL_SSO", "AWS_EC2_METADATA_DISABLED",
	"AWS_EC2_METADATA_SERVICE_ENDPOINT", "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
	"AWS_METADATA_SERVICE_TIMEOUT", "AWS_METADATA_SERVICE_NUM_ATTEMPTS",
};

/* A clean environment with the two files in the temp dir. */
static void reset_env(void)
{
	for (size_t i = 0; i < sizeof aws_vars / sizeof aws_vars[0]; i++)
		unsetenv(aws_vars[i]);
	setenv("HOME", dir, 1);
	setenv("AWS_CONFIG_FILE", cfg_path, 1);
	setenv("AWS_SHARED_CREDENTIALS_FILE", creds_path, 1);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	if (!f) {
		tap_diag("cannot write %s", path);
		return;
	}
	fputs(text, f);
	fclose(f);
}

static void files(const char *config, const char *credentials)
{
	unlink(cfg_path);
	unlink(creds_path);
	if (config)
		write_file(cfg_path, config);
	if (credentials)
		write_file(creds_path, credentials);
}

/* Loads with the given options; the caller owns *cfg afterwards. */
static enum shtui_status load(struct aws_config *cfg, const struct aws_config_overrides *ov,
			      struct buf *err)
{
	aws_config_init(cfg);
	buf_reset(err);
	return aws_config_load(cfg, ov, err);
}

static void test_defaults(void)
{
	struct aws_config cfg;
	struct buf err;
	buf_init(&err);
	reset_env();
	unsetenv("AWS_CONFIG_FILE");
	unsetenv("AWS_SHARED_CREDENTIALS_FILE");
	files(NULL, NULL);
	enum shtui_status st = load(&cfg, NULL, &err);
	tap_is_int(st, SHTUI_OK, "no files at all is fine");
	tap_is_str(cfg.profile, "default", "the profile is \"default\"");
	tap_ok(cfg.profile_from == NULL && !cfg.profile_explicit, "... implicitly");
	char want[512];
	snprintf(want, sizeof want, "%s/.aws/config", dir);
	tap_is_str(cfg.config_file, want, "config file defaults to ~/.aws/config");
	snprintf(want, sizeof want, "%s/.aws/credentials", dir);
	tap_is_str(cfg.credentials_file, want, "credentials file defaults to ~/.aws/credentials");
	tap_ok(cfg.config == NULL && cfg.credentials == NULL, "missing files read as nothing");
	tap_ok(cfg.region == NULL && cfg.region_from == NULL, "no region");
	tap_ok(cfg.endpoint_url_securityhub == NULL && cfg.endpoint_url_sts == NULL,
	       "no endpoint URLs");
	tap_ok(!cfg.use_fips && !cfg.use_dualstack && !cfg.ignore_configured_endpoint_urls,
	       "flags off");
	tap_is_int(cfg.max_attempts, 3, "max_attempts defaults to 3");
	tap_is_str(cfg.retry_mode, "standard", "retry_mode defaults to standard");
	tap_ok(cfg.ca_bundle == NULL, "no CA bundle");
	aws_config_done(&cfg);

	/* The default location, found through $HOME. */
	char aws_dir[300], path[320];
	snprintf(aws_dir, sizeof aws_dir, "%s/.aws", dir);
	mkdir(aws_dir, 0700);
	snprintf(path, sizeof path, "%s/config", aws_dir);
	write_file(path, "[default]\nregion = us-west-2\n");
	st = load(&cfg, NULL, &err);
	tap_ok(st == SHTUI_OK && cfg.region && strcmp(cfg.region, "us-west-2") == 0 &&
	       strcmp(cfg.region_from, "config file") == 0, "~/.aws/config is read");
	aws_config_done(&cfg);
	unlink(path);
	rmdir(aws_dir);
	buf_done(&err);
}

static void test_paths(void)
{
	struct aws_config cfg;
	struct buf err;
	buf_init(&err);
	reset_env();
	files("[default]\nregion = eu-west-1\n", NULL);
	setenv("SHTUI_TEST_NAME", "config", 1);
	setenv("AWS_CONFIG_FILE", "~/${SHTUI_TEST_NAME}", 1);
	enum shtui_status st = load(&cfg, NULL, &err);
	tap_ok(st == SHTUI_OK && strcmp(cfg.config_file, cfg_path) == 0 && cfg.region &&
	       strcmp(cfg.region, "eu-west-1") == 0, "AWS_CONFIG_FILE with ~ and ${VAR}");
	aws_config_done(&cfg);

	char *p;
	p = aws_config_expand_path("~");
	tap_is_str(p, dir, "~ alone");
	free(p);
	p = aws_config_expand_path("$HOME/x/$SHTUI_TEST_NAME");
	char want[512];
	snprintf(want, sizeof want, "%s/x/config", dir);
	tap_is_str(p, want, "$VAR anywhere");
	free(p);
	p = aws_config_expand_path("$SHTUI_NO_SUCH_VAR/${SHTUI_NO_SUCH_VAR}/${}/$/${x");
	tap_is_str(p, "$SHTUI_NO_SUCH_VAR/${SHTUI_NO_SUCH_VAR}/${}/$/${x", "unknown variables stay");
	free(p);
	p = aws_config_expand_path("~root/x");
	tap_is_str(p, "/root/x", "~user from the password database");
	free(p);
	p = aws_config_expand_path("~shtui-no-such-user/x");
	tap_is_str(p, "~shtui-no-such-user/x", "~unknown stays");
	free(p);
	p = aws_config_expand_path("a/~/b");
	tap_is_str(p, "a/~/b", "~ only at the start");
	free(p);
	setenv("HOME", "/home/someone//", 1);
	p = aws_config_expand_path("~/.aws/config");
	tap_is_str(p, "/home/someone/.aws/config", "trailing slashes of HOME dropped");
	free(p);
	setenv("HOME", "/", 1);
	p = aws_config_expand_path("~");
	tap_is_str(p, "/", "HOME=/ gives /");
	free(p);
	unsetenv("SHTUI_TEST_NAME");
	buf_done(&err);
}

static void test_profiles(void)
{
	struct aws_config cfg;
	struct buf err;
	buf_init(&err);
	reset_env();
	files("[default]\nregion = us-east-1\n"
	      "[profile dev]\nregion = eu-west-1\noutput = json\n"
	      "[profile \"with space\"]\nregion = ap-south-1\n"
	      "[profiles quirk]\nregion = ca-central-1\n"
	      "[profile a b c]\nregion = x\n"
	      "[profile 'open]\nregion = x\n"
	      "[prod]\nregion = x\n"
	      "[sso-session corp]\nsso_region = us-east-1\n"
	      "[profile default]\noutput = text\n",
	      "[dev]\nregion = us-east-2\naws_access_key_id = AKIDDEV\n"
	      "[credsonly]\nregion = sa-east-1\n"
	      "[profile dev]\nx = 1\n");

	enum shtui_status st = load(&cfg, NULL, &err);
	tap_is_int(st, SHTUI_OK, "loads");
	tap_ok(cfg.profile_config && strcmp(cfg.profile_config->name, "profile default") == 0,
	       "[profile default] after [default] replaces it");
	tap_ok(cfg.region == NULL, "... wholly: its region is gone");
	tap_is_str(aws_config_get(&cfg, "output"), "text", "... and its keys count");
	aws_config_done(&cfg);

	struct aws_config_overrides ov = { .profile = "dev" };
	setenv("AWS_PROFILE", "credsonly", 1);
	setenv("AWS_DEFAULT_PROFILE", "nosuch", 1);
	st = load(&cfg, &ov, &err);
	tap_ok(st == SHTUI_OK && strcmp(cfg.profile, "dev") == 0 &&
	       strcmp(cfg.profile_from, "--profile") == 0 && cfg.profile_explicit,
	       "--profile wins over AWS_PROFILE and AWS_DEFAULT_PROFILE");
	tap_is_str(cfg.region, "us-east-2", "the credentials file's keys win over the config file's");
	tap_is_str(cfg.region_from, "credentials file", "... and say so");
	tap_is_str(aws_config_get(&cfg, "output"), "json", "config keys still show through");
	tap_is_str(aws_config_get(&cfg, "aws_access_key_id"), "AKIDDEV", "credentials keys too");
	aws_config_done(&cfg);

	st = load(&cfg, NULL, &err);
	tap_ok(st == SHTUI_OK && strcmp(cfg.profile, "credsonly") == 0 &&
	       strcmp(cfg.profile_from, "AWS_PROFILE") == 0 && !cfg.profile_explicit,
	       "AWS_PROFILE before AWS_DEFAULT_PROFILE, not explicit");
	tap_is_str(cfg.region, "sa-east-1", "a profile only in the credentials file is valid");
	tap_ok(cfg.profile_config == NULL && cfg.profile_credentials != NULL, "... with no config section");
	aws_config_done(&cfg);

	unsetenv("AWS_PROFILE");
	st = load(&cfg, NULL, &err);
	tap_is_int(st, SHTUI_ECONFIG, "AWS_DEFAULT_PROFILE naming a missing profile fails");
	tap_is_str(buf_str(&err), "The config profile (nosuch) could not be found", "... as the CLI says");
	tap_ok(cfg.config && cfg.credentials, "... with the files still loaded");
	struct aws_config_profile_list list;
	st = aws_config_list_profiles(&cfg, &list);
	struct buf all;
	buf_init(&all);
	for (size_t i = 0; st == SHTUI_OK && i < list.n; i++)
		buf_printf(&all, "%s%s", i ? "|" : "", list.names[i]);
	tap_is_str(buf_str(&all), "credsonly|default|dev|profile dev|quirk|with space",
		   "every profile of both files, sorted, unique, as botocore maps sections");
	buf_done(&all);
	aws_config_profile_list_done(&list);
	aws_config_done(&cfg);

	unsetenv("AWS_DEFAULT_PROFILE");
	setenv("AWS_PROFILE", "", 1);
	st = load(&cfg, NULL, &err);
	tap_ok(st == SHTUI_ECONFIG && strcmp(buf_str(&err), "The config profile () could not be found") == 0,
	       "AWS_PROFILE set but empty names the profile \"\"");
	aws_config_done(&cfg);
	unsetenv("AWS_PROFILE");

	ov.profile = "with space";
	st = load(&cfg, &ov, &err);
	tap_ok(st == SHTUI_OK && cfg.region && strcmp(cfg.region, "ap-south-1") == 0,
	       "[profile \"with space\"] is profile \"with space\"");
	tap_is_str(aws_config_profile_get(&cfg, "quirk", "region"), "ca-central-1",
		   "[profiles quirk] counts as profile quirk, as in botocore");
	tap_ok(!aws_config_profile_exists(&cfg, "a b c") && !aws_config_profile_exists(&cfg, "b"),
	       "[profile a b c] is no profile");
	tap_ok(!aws_config_profile_exists(&cfg, "'open") && !aws_config_profile_exists(&cfg, "open"),
	       "[profile 'open] (an open quote) is no profile");
	tap_ok(!aws_config_profile_exists(&cfg, "prod"), "[prod] in the config file is no profile");
	tap_is_str(aws_config_profile_get(&cfg, "dev", "aws_access_key_id"), "AKIDDEV",
		   "another profile's keys, for source_profile");
	tap_is_str(ini_section_get(aws_config_sso_session(&cfg, "corp"), "sso_region"), "us-east-1",
		   "[sso-session corp]");
	tap_ok(aws_config_credentials_section(&cfg, "profile dev") != NULL,
	       "credentials file sections are taken by their whole name");
	aws_config_done(&cfg);

	ov.profile = "nosuch";
	st = load(&cfg, &ov, &err);
	tap_ok(st == SHTUI_ECONFIG && strcmp(buf_str(&err), "The config profile (nosuch) could not be found") == 0,
	       "--profile naming a missing profile fails");
	aws_config_done(&cfg);

	files(NULL, NULL);
	ov.profile = "default";
	st = load(&cfg, &ov, &err);
	tap_is_int(st, SHTUI_ECONFIG, "--profile default with no such section fails too");
	aws_config_done(&cfg);
	buf_done(&err);
}

static void test_region(void)
{
	struct aws_config cfg;
	struct buf err;
	buf_init(&err);
	reset_env();
	files("[default]\nregion = eu-north-1\n[profile empty]\nregion =\n", NULL);
	struct aws_config_overrides ov = { .region = "us-west-1" };
	setenv("AWS_REGION", "ap-east-1", 1);
	setenv("AWS_DEFAULT_REGION", "me-south-1", 1);
	load(&cfg, &ov, &err);
	tap_ok(strcmp(cfg.region, "us-west-1") == 0 && strcmp(cfg.region_from, "--region") == 0,
	       "--region first");
	aws_config_done(&cfg);
	load(&cfg, NULL, &err);
	tap_ok(strcmp(cfg.region, "ap-east-1") == 0 && strcmp(cfg.region_from, "AWS_REGION") == 0,
	       "then AWS_REGION");
	aws_config_done(&cfg);
	setenv("AWS_REGION", "", 1);
	load(&cfg, NULL, &err);
	tap_ok(strcmp(cfg.region, "me-south-1") == 0 && strcmp(cfg.region_from, "AWS_DEFAULT_REGION") == 0,
	       "then AWS_DEFAULT_REGION (an empty AWS_REGION skipped)");
	aws_config_done(&cfg);
	unsetenv("AWS_REGION");
	unsetenv("AWS_DEFAULT_REGION");
	load(&cfg, NULL, &err);
	tap_ok(strcmp(cfg.region, "eu-north-1") == 0 && strcmp(cfg.region_from, "config file") == 0,
	       "then the profile's region");
	aws_config_done(&cfg);
	ov.region = NULL;
	ov.profile = "empty";
	load(&cfg, &ov, &err);
	tap_ok(cfg.region == NULL && cfg.region_from == NULL, "an empty region is none");
	aws_config_done(&cfg);
	buf_done(&err);
}

static void test_endpoints(void)
{
	struct aws_config cfg;
	struct buf err;
	buf_init(&err);
	reset_env();
	files("[default]\nendpoint_url = http://profile\nservices = local\n"
	      "[services local]\nsecurityhub =\n  endpoint_url = http://svc-shub\n"
	      "[profile noservice]\nservices = nosuch\n"
	      "[profile ignoring]\nendpoint_url = http://profile\nignore_configured_endpoint_urls = True\n"
	      "[profile plain]\nendpoint_url = http://plain\n", NULL);

	enum shtui_status st = load(&cfg, NULL, &err);
	tap_ok(st == SHTUI_OK && cfg.endpoint_url_securityhub &&
	       strcmp(cfg.endpoint_url_securityhub, "http://svc-shub") == 0 &&
	       strcmp(cfg.endpoint_url_securityhub_from, "services section") == 0,
	       "the services block for securityhub");
	tap_ok(cfg.endpoint_url_sts && strcmp(cfg.endpoint_url_sts, "http://profile") == 0 &&
	       strcmp(cfg.endpoint_url_sts_from, "config file") == 0,
	       "the profile's endpoint_url for a service not in the block");
	aws_config_done(&cfg);

	setenv("AWS_ENDPOINT_URL", "http://global", 1);
	load(&cfg, NULL, &err);
	tap_ok(strcmp(cfg.endpoint_url_securityhub, "http://global") == 0 &&
	       strcmp(cfg.endpoint_url_sts, "http://global") == 0 &&
	       strcmp(cfg.endpoint_url_sts_from, "AWS_ENDPOINT_URL") == 0,
	       "AWS_ENDPOINT_URL over the files");
	aws_config_done(&cfg);

	setenv("AWS_ENDPOINT_URL_SECURITYHUB", "http://env-shub", 1);
	setenv("AWS_ENDPOINT_URL_STS", "", 1);
	load(&cfg, NULL, &err);
	tap_ok(strcmp(cfg.endpoint_url_securityhub, "http://env-shub") == 0 &&
	       strcmp(cfg.endpoint_url_sts, "http://global") == 0,
	       "AWS_ENDPOINT_URL_SECURITYHUB for that service only; an empty one is skipped");
	aws_config_done(&cfg);

	struct aws_config_overrides ov = { .endpoint_url = "http://cli" };
	setenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true", 1);
	load(&cfg, &ov, &err);
	tap_ok(strcmp(cfg.endpoint_url_securityhub, "http://cli") == 0 &&
	       strcmp(cfg.endpoint_url_sts, "http://cli") == 0 &&
	       strcmp(cfg.endpoint_url_sts_from, "--endpoint-url") == 0,
	       "--endpoint-url applies to both and is never ignored");
	aws_config_done(&cfg);

	load(&cfg, NULL, &err);
	tap_ok(cfg.ignore_configured_endpoint_urls && cfg.endpoint_url_securityhub == NULL &&
	       cfg.endpoint_url_sts == NULL,
	       "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true ignores environment and files");
	aws_config_done(&cfg);

	setenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false", 1);
	ov.endpoint_url = NULL;
	ov.profile = "ignoring";
	load(&cfg, &ov, &err);
	tap_ok(!cfg.ignore_configured_endpoint_urls &&
	       strcmp(cfg.endpoint_url_securityhub, "http://env-shub") == 0,
	       "the environment's \"false\" overrides the profile's ignore");
	aws_config_done(&cfg);

	unsetenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
	load(&cfg, &ov, &err);
	tap_ok(cfg.ignore_configured_endpoint_urls && cfg.endpoint_url_securityhub == NULL,
	       "ignore_configured_endpoint_urls = True in the profile");
	aws_config_done(&cfg);

	unsetenv("AWS_ENDPOINT_URL");
	unsetenv("AWS_ENDPOINT_URL_SECURITYHUB");
	unsetenv("AWS_ENDPOINT_URL_STS");
	ov.profile = "noservice";
	st = load(&cfg, &ov, &err);
	tap_ok(st == SHTUI_ECONFIG && strcmp(buf_str(&err),
		"The profile is configured to use the services section but the \"nosuch\" "
		"services configuration does not exist.") == 0,
	       "a services name with no section is an error");
	aws_config_done(&cfg);
	setenv("AWS_ENDPOINT_URL", "http://global", 1);
	st = load(&cfg, &ov, &err);
	tap_is_int(st, SHTUI_OK, "... only when the lookup gets that far");
	aws_config_done(&cfg);
	unsetenv("AWS_ENDPOINT_URL");

	ov.profile = "plain";
	load(&cfg, &ov, &err);
	tap_ok(strcmp(cfg.endpoint_url_securityhub, "http://plain") == 0 &&
	       strcmp(cfg.endpoint_url_sts, "http://plain") == 0, "a profile's endpoint_url alone");
	aws_config_done(&cfg);
	buf_done(&err);
}

/* The SSO portal's endpoint: the services and variables, never --endpoint-url. */
static void test_sso_endpoint(void)
{
	struct aws_config cfg;
	struct buf err;
	buf_init(&err);
	reset_env();
	files("[default]\nservices = local\n"
	      "[services local]\nsso =\n  endpoint_url = http://svc-sso\n"
	      "[profile plain]\nendpoint_url = http://plain\n", NULL);
	struct aws_config_overrides ov = { .endpoint_url = "http://cli" };
	load(&cfg, &ov, &err);
	tap_ok(cfg.endpoint_url_sso && strcmp(cfg.endpoint_url_sso, "http://svc-sso") == 0 &&
	       strcmp(cfg.endpoint_url_sts, "http://cli") == 0,
	       "the services block's sso; --endpoint-url does not reach the portal");
	aws_config_done(&cfg);
	setenv("AWS_ENDPOINT_URL", "http://global", 1);
	load(&cfg, NULL, &err);
	tap_is_str(cfg.endpoint_url_sso, "http://global", "AWS_ENDPOINT_URL reaches the portal");
	aws_config_done(&cfg);
	setenv("AWS_ENDPOINT_URL_SSO", "http://env-sso", 1);
	load(&cfg, NULL, &err);
	tap_ok(strcmp(cfg.endpoint_url_sso, "http://env-sso") == 0 &&
	       strcmp(cfg.endpoint_url_sso_from, "AWS_ENDPOINT_URL_SSO") == 0 &&
	       strcmp(cfg.endpoint_url_securityhub, "http://global") == 0,
	       "AWS_ENDPOINT_URL_SSO, for the portal only");
	aws_config_done(&cfg);
	unsetenv("AWS_ENDPOINT_URL");
	unsetenv("AWS_ENDPOINT_URL_SSO");
	ov.profile = "plain";
	ov.endpoint_url = NULL;
	load(&cfg, &ov, &err);
	tap_is_str(cfg.endpoint_url_sso, "http://plain", "a profile's endpoint_url");
	aws_config_done(&cfg);
	buf_done(&err);
}

static void test_imds_settings(void)
{
	struct aws_config cfg;
	struct buf err;
	buf_init(&err);
	reset_env();
	files(NULL, NULL);
	load(&cfg, NULL, &err);
	tap_ok(!cfg.ec2_metadata_disabled && !cfg.ec2_metadata_endpoint && !cfg.ec2_metadata_ipv6 &&
	       cfg.metadata_timeout == 1 && cfg.metadata_attempts == 1,
	       "instance metadata defaults: on, IPv4, 1 s, 1 attempt");
	aws_config_done(&cfg);
	files("[default]\nec2_metadata_service_endpoint = http://profile-imds/\n"
	      "ec2_metadata_service_endpoint_mode = IPv6\nmetadata_service_timeout = 3\n"
	      "metadata_service_num_attempts = 2\n"
	      "[profile bad]\nmetadata_service_timeout = 1.5\n"
	      "[profile badmode]\nec2_metadata_service_endpoint_mode = ipv5\n", NULL);
	load(&cfg, NULL, &err);
	tap_ok(cfg.ec2_metadata_endpoint && strcmp(cfg.ec2_metadata_endpoint, "http://profile-imds/") == 0 &&
	       cfg.ec2_metadata_ipv6 && cfg.metadata_timeout == 3 && cfg.metadata_attempts == 2,
	       "instance metadata settings from the profile");
	aws_config_done(&cfg);
	setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://env-imds", 1);
	setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "ipv4", 1);
	setenv("AWS_METADATA_SERVICE_TIMEOUT", "5", 1);
	setenv("AWS_METADATA_SERVICE_NUM_ATTEMPTS", "4", 1);
	setenv("AWS_EC2_METADATA_DISABLED", "True", 1);
	load(&cfg, NULL, &err);
	tap_ok(strcmp(cfg.ec2_metadata_endpoint, "http://env-imds") == 0 && !cfg.ec2_metadata_ipv6 &&
	       cfg.metadata_timeout == 5 && cfg.metadata_attempts == 4 && cfg.ec2_metadata_disabled,
	       "... and from the environment, which wins");
	aws_config_done(&cfg);
	reset_env();
	struct aws_config_overrides ov = { .profile = "bad" };
	enum shtui_status st = load(&cfg, &ov, &err);
	tap_ok(st == SHTUI_ECONFIG && strcmp(buf_str(&err),
		"Value provided to \"metadata_service_timeout\" (config file): \"1.5\" must be a "
		"whole number from 1 to 3600.") == 0, "a timeout that is not a whole number");
	aws_config_done(&cfg);
	ov.profile = "badmode";
	st = load(&cfg, &ov, &err);
	tap_ok(st == SHTUI_ECONFIG && strstr(buf_str(&err), "must be IPv4 or IPv6"),
	       "an endpoint mode that is neither IPv4 nor IPv6");
	aws_config_done(&cfg);
	buf_done(&err);
}

static void test_split_command(void)
{
	static const struct {
		const char *in;
		const char *want;   /* words joined with '|'; NULL: an error */
	} cases[] = {
		{ "/usr/bin/helper --profile x", "/usr/bin/helper|--profile|x" },
		{ "  helper\t 'a b'  \"c d\" ", "helper|a b|c d" },
		{ "helper a\\ b", "helper|a b" },
		{ "helper \"a \\\"q\\\" \\n\"", "helper|a \"q\" \\n" },
		{ "helper 'it''s' x\"y\"z", "helper|its|xyz" },
		{ "helper ''", "helper|" },
		{ "helper $HOME ~ a;b|c", "helper|$HOME|~|a;b|c" },
		{ "helper 'open", NULL },
		{ "helper \"open", NULL },
		{ "helper trailing\\", NULL },
		{ "   ", NULL },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char **argv = NULL;
		struct buf err, got;
		buf_init(&err);
		buf_init(&got);
		enum shtui_status st = aws_config_split_command(cases[i].in, &argv, &err);
		for (size_t k = 0; argv && argv[k]; k++)
			buf_printf(&got, "%s%s", k ? "|" : "", argv[k]);
		if (cases[i].want)
			tap_ok(st == SHTUI_OK && strcmp(buf_str(&got), cases[i].want) == 0,
			       "split [%s] as shlex does", cases[i].in);
		else
			tap_ok(st == SHTUI_EPARSE && !argv && err.len, "[%s] is refused: %s",
			       cases[i].in, buf_str(&err));
		if (st == SHTUI_OK && cases[i].want && strcmp(buf_str(&got), cases[i].want) != 0)
			tap_diag("got [%s]", buf_str(&got));
		aws_config_argv_free(argv);
		buf_done(&err);
		buf_done(&got);
	}
}

static void test_warnings(void)
{
	struct aws_config cfg;
	struct buf err;
	buf_init(&err);
	reset_env();
	files("[default]\nregion = us-east-1\n",
	      "[default]\naws_access_key_id = A\naws_secret_access_key = S\n");
	chmod(creds_path, 0600);
	chmod(cfg_path, 0644);
	load(&cfg, NULL, &err);
	tap_ok(cfg.warnings == NULL, "a 0600 credentials file and a config file without secrets: no warning");
	aws_config_done(&cfg);
	files("[default]\nregion = us-east-1\n", "[default]\nregion = eu-west-1\n");
	chmod(creds_path, 0644);
	load(&cfg, NULL, &err);
	tap_ok(cfg.warnings == NULL, "a credentials file without secrets: no warning");
	aws_config_done(&cfg);
	files("[default]\nregion = us-east-1\n",
	      "[default]\naws_access_key_id = A\naws_secret_access_key = S\n");
	chmod(creds_path, 0644);
	load(&cfg, NULL, &err);
	char want[600];
	snprintf(want, sizeof want, "%s holds secrets and can be read by every user (mode 0644); "
		 "restrict it with: chmod 600 %s\n", creds_path, creds_path);
	tap_is_str(cfg.warnings, want, "a credentials file every user can read is named, with the fix");
	aws_config_done(&cfg);
	chmod(creds_path, 0620);
	load(&cfg, NULL, &err);
	tap_ok(cfg.warnings && strstr(cfg.warnings, "can be written by its group (mode 0620)"),
	       "... one its group can write too");
	aws_config_done(&cfg);
	chmod(creds_path, 0600);
	files("[default]\naws_session_token = T\n", NULL);
	chmod(cfg_path, 0640);
	load(&cfg, NULL, &err);
	tap_ok(cfg.warnings && strstr(cfg.warnings, cfg_path) &&
	       strstr(cfg.warnings, "can be read by its group (mode 0640)"),
	       "a config file that holds a token is checked as well");
	aws_config_done(&cfg);
	files(NULL, NULL);
	buf_done(&err);
}

static void test_flags(void)
{
	struct aws_config cfg;
	struct buf err;
	buf_init(&err);
	reset_env();
	files("[default]\nuse_fips_endpoint = true\nuse_dualstack_endpoint = TRUE\n"
	      "[profile yes]\nuse_fips_endpoint = yes\n", NULL);
	load(&cfg, NULL, &err);
	tap_ok(cfg.use_fips && cfg.use_dualstack, "profile flags, any case of \"true\"");
	aws_config_done(&cfg);
	setenv("AWS_USE_FIPS_ENDPOINT", "", 1);
	setenv("AWS_USE_DUALSTACK_ENDPOINT", "1", 1);
	load(&cfg, NULL, &err);
	tap_ok(!cfg.use_fips && !cfg.use_dualstack,
	       "a set environment variable decides, and only \"true\" is true");
	aws_config_done(&cfg);
	setenv("AWS_USE_FIPS_ENDPOINT", "True", 1);
	struct aws_config_overrides ov = { .profile = "yes" };
	load(&cfg, &ov, &err);
	tap_ok(cfg.use_fips, "AWS_USE_FIPS_ENDPOINT=True");
	aws_config_done(&cfg);
	unsetenv("AWS_USE_FIPS_ENDPOINT");
	load(&cfg, &ov, &err);
	tap_ok(!cfg.use_fips, "\"yes\" is not true");
	aws_config_done(&cfg);
	buf_done(&err);
}

static void test_retry(void)
{
	struct aws_config cfg;
	struct buf err;
	buf_init(&err);
	reset_env();
	files("[default]\nmax_attempts = 7\nretry_mode = legacy\n"
	      "[profile bad]\nmax_attempts = many\n[profile badmode]\nretry_mode = Standard\n", NULL);
	load(&cfg, NULL, &err);
	tap_ok(cfg.max_attempts == 7 && strcmp(cfg.retry_mode, "legacy") == 0, "retry settings from the profile");
	aws_config_done(&cfg);

	static const struct {
		const char *value;
		int want;       /* 0: an error */
	} cases[] = {
		{ "5", 5 }, { " 4 ", 4 }, { "+2", 2 }, { "1_0", 10 }, { "1", 1 },
		{ "0", 0 }, { "-1", 0 }, { "", 0 }, { "abc", 0 }, { "3x", 0 },
		{ "1__0", 0 }, { "_1", 0 }, { "1_", 0 }, { "99999999999", 0 }, { "2.5", 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		setenv("AWS_MAX_ATTEMPTS", cases[i].value, 1);
		enum shtui_status st = load(&cfg, NULL, &err);
		if (cases[i].want)
			tap_ok(st == SHTUI_OK && cfg.max_attempts == cases[i].want,
			       "AWS_MAX_ATTEMPTS=\"%s\" is %d", cases[i].value, cases[i].want);
		else
			tap_ok(st == SHTUI_ECONFIG && strstr(buf_str(&err), "(AWS_MAX_ATTEMPTS)") &&
			       strstr(buf_str(&err), "must be an integer greater than or equal to 1"),
			       "AWS_MAX_ATTEMPTS=\"%s\" is refused", cases[i].value);
		aws_config_done(&cfg);
	}
	unsetenv("AWS_MAX_ATTEMPTS");

	struct aws_config_overrides ov = { .profile = "bad" };
	enum shtui_status st = load(&cfg, &ov, &err);
	tap_ok(st == SHTUI_ECONFIG && strcmp(buf_str(&err),
		"Value provided to \"max_attempts\" (config file): \"many\" must be an integer "
		"greater than or equal to 1.") == 0, "a bad max_attempts in the file names its source");
	aws_config_done(&cfg);

	setenv("AWS_RETRY_MODE", "adaptive", 1);
	load(&cfg, NULL, &err);
	tap_is_str(cfg.retry_mode, "adaptive", "AWS_RETRY_MODE over the profile");
	aws_config_done(&cfg);
	setenv("AWS_RETRY_MODE", "standard", 1);
	load(&cfg, NULL, &err);
	tap_is_str(cfg.retry_mode, "standard", "AWS_RETRY_MODE=standard");
	aws_config_done(&cfg);
	unsetenv("AWS_RETRY_MODE");
	ov.profile = "badmode";
	st = load(&cfg, &ov, &err);
	tap_ok(st == SHTUI_ECONFIG && strcmp(buf_str(&err),
		"Invalid value provided to \"retry_mode\" (config file): \"Standard\" must be one of: "
		"standard, legacy, adaptive") == 0, "retry modes are case-sensitive");
	aws_config_done(&cfg);
	buf_done(&err);
}

static void test_ca_bundle(void)
{
	struct aws_config cfg;
	struct buf err;
	buf_init(&err);
	reset_env();
	files("[default]\nca_bundle = /etc/profile-ca.pem\n[profile none]\nca_bundle =\n", NULL);
	struct aws_config_overrides ov = { .ca_bundle = "/cli.pem" };
	setenv("AWS_CA_BUNDLE", "/env.pem", 1);
	load(&cfg, &ov, &err);
	tap_ok(strcmp(cfg.ca_bundle, "/cli.pem") == 0 && strcmp(cfg.ca_bundle_from, "--ca-bundle") == 0,
	       "--ca-bundle first");
	aws_config_done(&cfg);
	load(&cfg, NULL, &err);
	tap_is_str(cfg.ca_bundle, "/env.pem", "then AWS_CA_BUNDLE");
	aws_config_done(&cfg);
	setenv("AWS_CA_BUNDLE", "", 1);
	load(&cfg, NULL, &err);
	tap_ok(strcmp(cfg.ca_bundle, "/etc/profile-ca.pem") == 0 &&
	       strcmp(cfg.ca_bundle_from, "config file") == 0,
	       "then the profile (an empty AWS_CA_BUNDLE skipped)");
	aws_config_done(&cfg);
	ov.ca_bundle = NULL;
	ov.profile = "none";
	load(&cfg, &ov, &err);
	tap_ok(cfg.ca_bundle == NULL && cfg.ca_bundle_from == NULL, "an empty ca_bundle is none");
	aws_config_done(&cfg);
	buf_done(&err);
}

static void test_bad_files(void)
{
	struct aws_config cfg;
	struct buf err;
	buf_init(&err);
	reset_env();
	files("[default]\nregion = us-east-1\nregion = us-east-2\n", NULL);
	enum shtui_status st = load(&cfg, NULL, &err);
	char want[512];
	snprintf(want, sizeof want, "Unable to parse config file: %s: line 3: key \"region\"", cfg_path);
	tap_ok(st == SHTUI_ECONFIG && strncmp(buf_str(&err), want, strlen(want)) == 0,
	       "a bad config file: path and line");
	tap_diag("%s", buf_str(&err));
	aws_config_done(&cfg);

	files(NULL, "[default]\naws_access_key_id\n");
	st = load(&cfg, NULL, &err);
	snprintf(want, sizeof want, "Unable to parse config file: %s: line 2:", creds_path);
	tap_ok(st == SHTUI_ECONFIG && strncmp(buf_str(&err), want, strlen(want)) == 0,
	       "a bad credentials file: path and line");
	aws_config_done(&cfg);

	files(NULL, NULL);
	if (symlink(cfg_path, cfg_path) != 0)
		tap_diag("symlink failed");
	st = load(&cfg, NULL, &err);
	snprintf(want, sizeof want, "Unable to read config file: %s: ", cfg_path);
	tap_ok(st == SHTUI_ECONFIG && strncmp(buf_str(&err), want, strlen(want)) == 0,
	       "an unreadable config file is an error naming it");
	tap_diag("%s", buf_str(&err));
	aws_config_done(&cfg);
	unlink(cfg_path);

	if (geteuid() != 0) {
		files("[default]\n", NULL);
		chmod(cfg_path, 0);
		st = load(&cfg, NULL, &err);
		tap_ok(st == SHTUI_ECONFIG && strstr(buf_str(&err), "Permission denied"),
		       "a config file without read permission is an error");
		aws_config_done(&cfg);
	} else {
		tap_ok(true, "a config file without read permission is an error # SKIP root reads anything");
	}
	files(NULL, NULL);

	setenv("AWS_CONFIG_FILE", "", 1);
	st = load(&cfg, NULL, &err);
	tap_ok(st == SHTUI_OK && cfg.config == NULL, "AWS_CONFIG_FILE=\"\" means no config file");
	aws_config_done(&cfg);
	buf_done(&err);
}

/* One reading of the files serves every profile: the parsed files are
 * shared, each profile's settings stay its own, a file that changed on
 * disk is noticed, and a broken file fails every load from it alike. */
static void test_shared_files(void)
{
	struct buf err;
	buf_init(&err);
	reset_env();
	files("[default]\nregion = us-east-1\nmax_attempts = 5\n"
	      "[profile dev]\nregion = eu-west-1\nca_bundle = /etc/dev-ca.pem\n"
	      "endpoint_url = http://127.0.0.1:1\n",
	      "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = s1\n"
	      "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = s2\n");
	struct aws_config_files *f = aws_config_files_read();
	tap_ok(f != NULL, "the files are read");
	if (!f)
		return;
	struct aws_config a, b;
	aws_config_init(&a);
	aws_config_init(&b);
	struct aws_config_overrides dev = { .profile = "dev" };
	enum shtui_status sa = aws_config_load_files(&a, NULL, f, &err);
	enum shtui_status sb = aws_config_load_files(&b, &dev, f, &err);
	tap_ok(sa == SHTUI_OK && sb == SHTUI_OK, "two profiles load from one reading: %s",
	       buf_str(&err));
	tap_ok(a.config && a.config == b.config && a.credentials && a.credentials == b.credentials,
	       "... and share its parsed config and credentials files");
	tap_ok(a.config_file == b.config_file && a.credentials_file == b.credentials_file &&
	       a.files == f && b.files == f, "... and its paths");
	tap_ok(a.region && strcmp(a.region, "us-east-1") == 0 && b.region &&
	       strcmp(b.region, "eu-west-1") == 0, "each has its own region");
	tap_ok(a.max_attempts == 5 && b.max_attempts == 3, "... max_attempts");
	tap_ok(!a.ca_bundle && b.ca_bundle && strcmp(b.ca_bundle, "/etc/dev-ca.pem") == 0,
	       "... CA bundle");
	tap_ok(!a.endpoint_url_securityhub && b.endpoint_url_securityhub &&
	       strcmp(b.endpoint_url_securityhub, "http://127.0.0.1:1") == 0, "... endpoint");
	tap_is_str(aws_config_get(&b, "aws_access_key_id"), "AKIDDEV", "... and keys");
	tap_ok(aws_config_files_fresh(f), "files unchanged on disk are fresh");
	aws_config_files_unref(f);
	tap_is_str(aws_config_get(&a, "aws_access_key_id"), "AKIDDEFAULT",
		   "the profiles hold the reading after its maker lets go");
	aws_config_done(&a);
	aws_config_done(&b);

	f = aws_config_files_read();
	write_file(creds_path, "[default]\naws_access_key_id = AKIDNEW\naws_secret_access_key = s3\n");
	tap_ok(f && !aws_config_files_fresh(f), "a file written since is noticed");
	aws_config_files_unref(f);
	f = aws_config_files_read();
	unlink(creds_path);
	tap_ok(f && !aws_config_files_fresh(f), "... and one removed");
	aws_config_files_unref(f);
	f = aws_config_files_read();
	write_file(creds_path, "[default]\n");
	tap_ok(f && !aws_config_files_fresh(f), "... and one made where there was none");
	aws_config_files_unref(f);
	f = aws_config_files_read();
	setenv("AWS_CONFIG_FILE", creds_path, 1);
	tap_ok(f && !aws_config_files_fresh(f), "... and a path that names another file");
	aws_config_files_unref(f);
	reset_env();

	files("[default\n", NULL);
	f = aws_config_files_read();
	aws_config_init(&a);
	aws_config_init(&b);
	buf_reset(&err);
	sa = f ? aws_config_load_files(&a, NULL, f, &err) : SHTUI_ENOMEM;
	char first[512];
	snprintf(first, sizeof first, "%s", buf_str(&err));
	buf_reset(&err);
	sb = f ? aws_config_load_files(&b, &dev, f, &err) : SHTUI_ENOMEM;
	tap_ok(sa == SHTUI_ECONFIG && sb == SHTUI_ECONFIG &&
	       strncmp(first, "Unable to parse config file: ", 29) == 0 &&
	       strcmp(first, buf_str(&err)) == 0,
	       "a broken file fails every load from the reading with its reason: %s", first);
	aws_config_done(&a);
	aws_config_done(&b);
	aws_config_files_unref(f);
	buf_done(&err);
}

int main(void)
{
	if (!(dir = tap_tmpdir("test_aws_config"))) {
		tap_ok(false, "mkdtemp");
		return tap_done();
	}
	snprintf(cfg_path, sizeof cfg_path, "%s/config", dir);
	snprintf(creds_path, sizeof creds_path, "%s/credentials", dir);
	test_defaults();
	test_paths();
	test_profiles();
	test_region();
	test_endpoints();
	test_sso_endpoint();
	test_imds_settings();
	test_split_command();
	test_warnings();
	test_flags();
	test_retry();
	test_ca_bundle();
	test_bad_files();
	test_shared_files();
	files(NULL, NULL);
	return tap_done();
}
