/* SPDX-License-Identifier: Apache-2.0 */
/* test_aws_creds.c: the credential chain's order, partial keys and refusals, from real files and the environment. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aws_config.h"
#include "aws_creds.h"
#include "buf.h"
#include "tap.h"

static char dir[] = "/tmp/test_aws_creds.XXXXXX";
static char cfg_path[256], creds_path[256];

static const char *const vars[] = {
	"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
	"AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_CREDENTIAL_EXPIRATION",
	"AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
	"AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_REGION", "AWS_DEFAULT_REGION",
	"AWS_MAX_ATTEMPTS", "AWS_RETRY_MODE", "AWS_ENDPOINT_URL",
};

static void write_file(const char *path, const char *text)
{
	unlink(path);
	if (!text)
		return;
	FILE *f = fopen(path, "wb");
	if (!f) {
		tap_diag("cannot write %s", path);
		return;
	}
	fputs(text, f);
	fclose(f);
}

static void setup(const char *config, const char *credentials)
{
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
		unsetenv(vars[i]);
	setenv("HOME", dir, 1);
	setenv("AWS_CONFIG_FILE", cfg_path, 1);
	setenv("AWS_SHARED_CREDENTIALS_FILE", creds_path, 1);
	write_file(cfg_path, config);
	write_file(creds_path, credentials);
}

/* Loads the configuration (with --profile when `profile` is set) and
 * resolves; the message of a failure lands in `err`. */
static enum shtui_status resolve(const char *profile, struct aws_creds *c, struct buf *err)
{
	struct aws_config cfg;
	struct aws_config_overrides ov = { .profile = profile };
	aws_config_init(&cfg);
	buf_reset(err);
	enum shtui_status st = aws_config_load(&cfg, &ov, err);
	if (st == SHTUI_OK)
		st = aws_creds_resolve(&cfg, c, err);
	else
		tap_diag("configuration failed: %s", buf_str(err));
	aws_config_done(&cfg);
	return st;
}

/* Checks a success: source, key id, secret and token (NULL: none). */
static void expect(const char *profile, const char *source, const char *akid,
		   const char *secret, const char *token, const char *name)
{
	struct aws_creds c;
	struct buf err;
	aws_creds_init(&c);
	buf_init(&err);
	enum shtui_status st = resolve(profile, &c, &err);
	bool ok = st == SHTUI_OK && c.source && strcmp(c.source, source) == 0 &&
		  c.access_key_id && strcmp(c.access_key_id, akid) == 0 &&
		  c.secret_access_key && strcmp(c.secret_access_key, secret) == 0 &&
		  (token ? c.session_token && strcmp(c.session_token, token) == 0 : !c.session_token);
	tap_ok(ok, "%s", name);
	if (!ok)
		tap_diag("status %d (%s), source %s, key id %s, token %s", (int)st, buf_str(&err),
			 c.source ? c.source : "-", c.access_key_id ? c.access_key_id : "-",
			 c.session_token ? "set" : "none");
	aws_creds_done(&c);
	buf_done(&err);
}

/* Checks a failure: status and the exact message. */
static void expect_error(const char *profile, enum shtui_status want, const char *msg,
			 const char *name)
{
	struct aws_creds c;
	struct buf err;
	aws_creds_init(&c);
	buf_init(&err);
	enum shtui_status st = resolve(profile, &c, &err);
	bool ok = st == want && strcmp(buf_str(&err), msg) == 0 && !c.access_key_id &&
		  !c.secret_access_key && !c.session_token;
	tap_ok(ok, "%s", name);
	if (!ok)
		tap_diag("status %d, message \"%s\"", (int)st, buf_str(&err));
	aws_creds_done(&c);
	buf_done(&err);
}

static const char no_creds[] =
	"Unable to locate credentials. You can configure credentials by running \"aws configure\".";

static void test_order(void)
{
	struct buf names;
	buf_init(&names);
	for (size_t i = 0; i < aws_creds_n_providers; i++)
		buf_printf(&names, "%s%s", i ? "," : "", aws_creds_providers[i].name);
	tap_is_str(buf_str(&names),
		   "env,assume-role,assume-role-with-web-identity,sso,shared-credentials-file,"
		   "custom-process,config-file,container-role",
		   "the chain is botocore's, in botocore's order");
	buf_done(&names);
}

static void test_env(void)
{
	setup("[default]\nregion = us-east-1\n[profile dev]\n",
	      "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = file-secret\n"
	      "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = dev-secret\n");
	setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
	setenv("AWS_SECRET_ACCESS_KEY", "env-secret", 1);
	expect(NULL, "env", "AKIDENV", "env-secret", NULL, "environment keys first");
	setenv("AWS_SESSION_TOKEN", "session-tok", 1);
	expect(NULL, "env", "AKIDENV", "env-secret", "session-tok", "AWS_SESSION_TOKEN");
	setenv("AWS_SECURITY_TOKEN", "security-tok", 1);
	expect(NULL, "env", "AKIDENV", "env-secret", "security-tok",
	       "the legacy AWS_SECURITY_TOKEN before AWS_SESSION_TOKEN, as botocore");
	setenv("AWS_SECURITY_TOKEN", "", 1);
	expect(NULL, "env", "AKIDENV", "env-secret", "session-tok", "an empty AWS_SECURITY_TOKEN is none");
	unsetenv("AWS_SECURITY_TOKEN");

	setenv("AWS_PROFILE", "dev", 1);
	expect(NULL, "env", "AKIDENV", "env-secret", "session-tok",
	       "AWS_PROFILE does not displace environment keys");
	expect("dev", "shared-credentials-file", "AKIDDEV", "dev-secret", NULL,
	       "--profile does: the profile's keys, not the environment's");
	unsetenv("AWS_PROFILE");

	struct aws_creds c;
	struct buf err;
	aws_creds_init(&c);
	buf_init(&err);
	setenv("AWS_CREDENTIAL_EXPIRATION", "2026-11-26T13:13:12Z", 1);
	enum shtui_status st = resolve(NULL, &c, &err);
	tap_ok(st == SHTUI_OK && c.expiration == 1795698792, "AWS_CREDENTIAL_EXPIRATION is read");
	aws_creds_done(&c);
	tap_ok(!c.access_key_id && !c.secret_access_key && !c.session_token && c.expiration == 0 &&
	       !c.source, "aws_creds_done leaves nothing behind");
	setenv("AWS_CREDENTIAL_EXPIRATION", "tomorrow", 1);
	expect_error(NULL, SHTUI_ECONFIG, "AWS_CREDENTIAL_EXPIRATION: \"tomorrow\" is not an ISO 8601 time",
		     "a bad AWS_CREDENTIAL_EXPIRATION");
	unsetenv("AWS_CREDENTIAL_EXPIRATION");
	buf_done(&err);

	unsetenv("AWS_SECRET_ACCESS_KEY");
	expect_error(NULL, SHTUI_ECONFIG, "Partial credentials found in env, missing: AWS_SECRET_ACCESS_KEY",
		     "a key id without a secret, as the CLI says");
	setenv("AWS_SECRET_ACCESS_KEY", "", 1);
	expect_error(NULL, SHTUI_ECONFIG, "Partial credentials found in env, missing: AWS_SECRET_ACCESS_KEY",
		     "an empty secret is a missing one");
	expect("dev", "shared-credentials-file", "AKIDDEV", "dev-secret", NULL,
	       "partial environment keys do not matter with --profile");
	unsetenv("AWS_ACCESS_KEY_ID");
	setenv("AWS_SECRET_ACCESS_KEY", "env-secret", 1);
	expect(NULL, "shared-credentials-file", "AKIDFILE", "file-secret", NULL,
	       "a secret without a key id: the environment is skipped, as botocore");
	setenv("AWS_ACCESS_KEY_ID", "", 1);
	expect(NULL, "shared-credentials-file", "AKIDFILE", "file-secret", NULL,
	       "an empty AWS_ACCESS_KEY_ID is unset");
}

static void test_files(void)
{
	setup("[default]\naws_access_key_id = AKIDCONF\naws_secret_access_key = conf-secret\n"
	      "[profile both]\naws_access_key_id = AKIDCONF2\naws_secret_access_key = conf2-secret\n"
	      "[profile partial]\naws_access_key_id = AKIDP\n"
	      "[profile secretonly]\naws_secret_access_key = s\n"
	      "[profile tokens]\naws_access_key_id = AKIDT\naws_secret_access_key = t-secret\n"
	      "aws_session_token = tok-session\naws_security_token = tok-security\n"
	      "[profile emptytoken]\naws_access_key_id = AKIDE\naws_secret_access_key = e\n"
	      "aws_session_token =\n"
	      "[profile fallback]\naws_access_key_id = AKIDFB\naws_secret_access_key = fb-secret\n",
	      "[both]\naws_access_key_id = AKIDCRED\naws_secret_access_key = cred-secret\n"
	      "aws_session_token = cred-token\n"
	      "[credpartial]\naws_access_key_id = AKIDCP\n"
	      "[fallback]\naws_secret_access_key = only-secret\nregion = us-east-1\n");
	expect(NULL, "config-file", "AKIDCONF", "conf-secret", NULL, "the config file's [default]");
	expect("both", "shared-credentials-file", "AKIDCRED", "cred-secret", "cred-token",
	       "the credentials file before the config file");
	expect("tokens", "config-file", "AKIDT", "t-secret", "tok-security",
	       "aws_security_token before aws_session_token, as botocore");
	expect("emptytoken", "config-file", "AKIDE", "e", NULL, "an empty token is none");
	expect("fallback", "config-file", "AKIDFB", "fb-secret", NULL,
	       "a credentials section with only a secret passes to the config file");
	expect_error("partial", SHTUI_ECONFIG,
		     "Partial credentials found in config-file, missing: aws_secret_access_key",
		     "a config file key id without its secret");
	expect_error("credpartial", SHTUI_ECONFIG,
		     "Partial credentials found in shared-credentials-file, missing: aws_secret_access_key",
		     "a credentials file key id without its secret");
	expect_error("secretonly", SHTUI_ENOCREDS, no_creds, "a secret alone is nothing");

	setup(NULL, NULL);
	expect_error(NULL, SHTUI_ENOCREDS, no_creds, "no credentials anywhere, as the CLI says");
	setup("[default]\nregion = us-east-1\n", "[other]\naws_access_key_id = A\naws_secret_access_key = B\n");
	expect_error(NULL, SHTUI_ENOCREDS, no_creds, "another profile's keys are not ours");
	setup(NULL, "[DEFAULT]\naws_access_key_id = ADEF\naws_secret_access_key = def-secret\n[x]\n");
	expect("x", "shared-credentials-file", "ADEF", "def-secret", NULL,
	       "[DEFAULT] keys reach every credentials section, as configparser has it");
}

static void test_unsupported(void)
{
	setup("[profile role]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = base\n"
	      "aws_access_key_id = AKIDROLE\naws_secret_access_key = role-secret\n"
	      "[profile base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret\n"
	      "[profile sso]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Admin\n"
	      "[sso-session corp]\nsso_start_url = https://example.awsapps.com/start\n"
	      "[profile proc]\ncredential_process = /bin/false\n"
	      "[profile web]\nrole_arn = arn:aws:iam::123456789012:role/w\n"
	      "web_identity_token_file = /tmp/token\n",
	      "[proc]\naws_access_key_id = AKIDPROC\naws_secret_access_key = proc-secret\n");
	expect_error("role", SHTUI_ENOTSUP,
		     "The config profile (role) is set up for assume-role credentials (role_arn), "
		     "which shtui does not support yet",
		     "role_arn is refused, not answered with the profile's own keys");
	expect_error("sso", SHTUI_ENOTSUP,
		     "The config profile (sso) is set up for IAM Identity Center (SSO) credentials "
		     "(sso_account_id/sso_role_name), which shtui does not support yet",
		     "an SSO profile is refused");
	expect_error("web", SHTUI_ENOTSUP,
		     "The config profile (web) is set up for web identity credentials "
		     "(web_identity_token_file), which shtui does not support yet",
		     "role_arn with web_identity_token_file belongs to web identity");
	expect("proc", "shared-credentials-file", "AKIDPROC", "proc-secret", NULL,
	       "credential_process comes after the credentials file");
	write_file(creds_path, NULL);
	expect_error("proc", SHTUI_ENOTSUP,
		     "The config profile (proc) is set up for process credentials "
		     "(credential_process), which shtui does not support yet",
		     "credential_process without file keys is refused");
	expect("base", "config-file", "AKIDBASE", "base-secret", NULL,
	       "a plain profile beside them still works");

	setenv("AWS_WEB_IDENTITY_TOKEN_FILE", "/tmp/token", 1);
	expect_error(NULL, SHTUI_ENOTSUP,
		     "The config profile (default) is set up for web identity credentials "
		     "(AWS_WEB_IDENTITY_TOKEN_FILE), which shtui does not support yet",
		     "AWS_WEB_IDENTITY_TOKEN_FILE is refused");
	expect("base", "config-file", "AKIDBASE", "base-secret", NULL,
	       "... but not with --profile");
	unsetenv("AWS_WEB_IDENTITY_TOKEN_FILE");

	setenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/x", 1);
	expect_error(NULL, SHTUI_ENOTSUP,
		     "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or _FULL_URI is set: container "
		     "credentials, which shtui does not support yet",
		     "container credentials are refused when nothing comes before them");
	expect("base", "config-file", "AKIDBASE", "base-secret", NULL,
	       "... and not consulted when a profile has keys");
	setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
	setenv("AWS_SECRET_ACCESS_KEY", "env-secret", 1);
	setenv("AWS_PROFILE", "role", 1);
	expect(NULL, "env", "AKIDENV", "env-secret", NULL,
	       "environment keys come before a role profile named by AWS_PROFILE");
	unsetenv("AWS_PROFILE");
	unsetenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
}

static void test_time(void)
{
	static const struct {
		const char *s;
		long long want;     /* -1: an error */
	} cases[] = {
		{ "2026-11-26T13:13:12Z", 1795698792 },
		{ "2026-11-26t13:13:12z", 1795698792 },
		{ "2026-11-26 13:13:12Z", 1795698792 },
		{ "2026-11-26T13:13:12.123456Z", 1795698792 },
		{ "2026-11-26T13:13:12+01:00", 1795695192 },
		{ "2026-11-26T13:13:12-0530", 1795718592 },
		{ "2026-11-26T13:13:12+00", 1795698792 },
		{ "2026-11-26T13:13:12", 1795698792 },
		{ "2000-02-29T00:00:00Z", 951782400 },
		{ "2026-13-01T00:00:00Z", -1 },
		{ "2026-11-26T24:00:00Z", -1 },
		{ "2026-11-26", -1 },
		{ "2026-11-26T13:13:12.Z", -1 },
		{ "2026-11-26T13:13:12Zjunk", -1 },
		{ "", -1 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		time_t t = 0;
		enum shtui_status st = aws_creds_parse_time(cases[i].s, &t);
		if (cases[i].want < 0)
			tap_ok(st == SHTUI_EPARSE, "time \"%s\" is refused", cases[i].s);
		else
			tap_ok(st == SHTUI_OK && (long long)t == cases[i].want, "time \"%s\" is %lld",
			       cases[i].s, cases[i].want);
	}
}

int main(void)
{
	if (!mkdtemp(dir)) {
		tap_ok(false, "mkdtemp");
		return tap_done();
	}
	snprintf(cfg_path, sizeof cfg_path, "%s/config", dir);
	snprintf(creds_path, sizeof creds_path, "%s/credentials", dir);
	test_order();
	test_env();
	test_files();
	test_unsupported();
	test_time();
	write_file(cfg_path, NULL);
	write_file(creds_path, NULL);
	rmdir(dir);
	return tap_done();
}
