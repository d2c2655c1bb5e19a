/* SPDX-License-Identifier: Apache-2.0 */
/* test_aws_creds.c: the credential chain's order, partial keys, roles, SSO, helper processes, container and instance metadata rules, from real files, helpers and the environment. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <poll.h>

#include "aws_config.h"
#include "aws_creds.h"
#include "buf.h"
#include "creds/metadata.h"
#include "creds/parse.h"
#include "creds/role.h"
#include "creds/sso.h"
#include "isotime.h"
#include "job.h"
#include "tap.h"
#include "worker.h"

static const char *dir;
static char cfg_path[256], creds_path[256];

static const char *const vars[] = {
	"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
	"AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_CREDENTIAL_EXPIRATION",
	"AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
	"AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN",
	"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "AWS_REGION", "AWS_DEFAULT_REGION",
	"AWS_MAX_ATTEMPTS", "AWS_RETRY_MODE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_STS",
	"AWS_ENDPOINT_URL_SSO", "AWS_EC2_METADATA_SERVICE_ENDPOINT",
	"AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "AWS_METADATA_SERVICE_TIMEOUT",
	"AWS_METADATA_SERVICE_NUM_ATTEMPTS",
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

/* A file in the temp dir; `mode` 0755 for a helper script. */
static const char *in_dir(const char *name, const char *text, mode_t mode)
{
	static char path[8][320];
	static int next;
	char *p = path[next++ % 8];
	snprintf(p, sizeof path[0], "%s/%s", dir, name);
	write_file(p, text);
	if (text)
		chmod(p, mode);
	return p;
}

/* A clean environment, the two files, and no instance metadata: the
 * machine running the tests must not decide what they see. */
static void setup(const char *config, const char *credentials)
{
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
		unsetenv(vars[i]);
	setenv("HOME", dir, 1);
	setenv("AWS_CONFIG_FILE", cfg_path, 1);
	setenv("AWS_SHARED_CREDENTIALS_FILE", creds_path, 1);
	setenv("AWS_EC2_METADATA_DISABLED", "true", 1);
	write_file(cfg_path, config);
	write_file(creds_path, credentials);
}

/* The front end's MFA prompt for the tests (NULL: the user declines). */
typedef enum shtui_status (*prompt_fn)(const char *profile, const char *serial,
				       struct buf *code, struct buf *err);
static prompt_fn prompt;

/* Submits a job asking for `s`'s keys and waits for it, answering MFA
 * questions on the way, as a front end does. */
static enum shtui_status probe(struct aws_creds_source *s, struct aws_creds *c, struct buf *err)
{
	struct buf werr;
	buf_init(&werr);
	struct worker_opts wo = { .max_concurrency = 4 };
	struct worker *w = worker_new(&wo, &werr);
	buf_done(&werr);
	if (!w)
		return SHTUI_ENOMEM;
	worker_submit(w, job_new_probe(s));
	struct job *j = NULL;
	struct pollfd pfd = { .fd = worker_wake_fd(w), .events = POLLIN };
	for (;;) {
		j = worker_take(w);
		const char *profile, *serial;
		if (j && creds_role_mfa_question(j, &profile, &serial)) {
			struct buf code, why;
			buf_init(&code);
			buf_init(&why);
			if (prompt && prompt(profile, serial, &code, &why) == SHTUI_OK)
				creds_role_mfa_answer(j, buf_str(&code), NULL);
			else
				creds_role_mfa_answer(j, NULL, why.len ? buf_str(&why) : NULL);
			buf_done(&code);
			buf_done(&why);
			worker_submit(w, j);
			continue;
		}
		if (j)
			break;
		poll(&pfd, 1, -1);
	}
	enum shtui_status st = SHTUI_OK;
	if (j->err.kind != JOB_ERR_NONE) {
		const char *m = j->err.message ? j->err.message : "";
		buf_puts(err, m);
		/* The chain's "nothing found", and any other stop. */
		st = strncmp(m, "Unable to locate credentials", 28) == 0 ? SHTUI_ENOCREDS
									 : SHTUI_ECONFIG;
	} else {
		st = aws_creds_copy(&j->got, c);
	}
	job_free(j);
	worker_free(w);
	return st;
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
	if (st == SHTUI_OK) {
		struct aws_creds_source *s = aws_creds_source_new(&cfg);
		st = s ? probe(s, c, err) : SHTUI_ENOMEM;
		aws_creds_source_unref(s);
	} else {
		tap_diag("configuration failed: %s", buf_str(err));
	}
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

enum match { EXACT, PREFIX, CONTAINS };

/* Checks a failure: the status and the message (exactly, its start, or a
 * part of it); `never` (optional) must not appear in it. */
static void expect_fail(const char *profile, enum shtui_status want, enum match how,
			const char *msg, const char *never, const char *name)
{
	struct aws_creds c;
	struct buf err;
	aws_creds_init(&c);
	buf_init(&err);
	enum shtui_status st = resolve(profile, &c, &err);
	const char *got = buf_str(&err);
	bool text = how == EXACT ? strcmp(got, msg) == 0 :
		    how == PREFIX ? strncmp(got, msg, strlen(msg)) == 0 : strstr(got, msg) != NULL;
	bool ok = st == want && text && (!never || !strstr(got, never)) && !c.access_key_id &&
		  !c.secret_access_key && !c.session_token;
	tap_ok(ok, "%s", name);
	if (!ok)
		tap_diag("status %d, message \"%s\"", (int)st, got);
	aws_creds_done(&c);
	buf_done(&err);
}

static void expect_error(const char *profile, enum shtui_status want, const char *msg,
			 const char *name)
{
	expect_fail(profile, want, EXACT, msg, NULL, name);
}

static const char no_creds[] =
	"Unable to locate credentials. You can configure credentials by running \"aws configure\".";

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
	setenv("AWS_CREDENTIAL_EXPIRATION", "2099-11-26T13:13:12Z", 1);
	enum shtui_status st = resolve(NULL, &c, &err);
	tap_ok(st == SHTUI_OK && c.expiration == 4099381992, "AWS_CREDENTIAL_EXPIRATION is read");
	aws_creds_done(&c);
	tap_ok(!c.access_key_id && !c.secret_access_key && !c.session_token && c.expiration == 0 &&
	       !c.source, "aws_creds_done leaves nothing behind");
	setenv("AWS_CREDENTIAL_EXPIRATION", "2020-01-01T00:00:00Z", 1);
	expect_fail(NULL, SHTUI_ECONFIG, PREFIX,
		    "Credentials were refreshed, but the refreshed credentials are still expired "
		    "(the env credentials expired", NULL,
		    "credentials that are already expired are refused, as botocore's refresh does");
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
	expect_fail("secretonly", SHTUI_ENOCREDS, PREFIX, no_creds, NULL, "a secret alone is nothing");

	setup(NULL, NULL);
	char want[1024];
	snprintf(want, sizeof want,
		 "%s shtui looked in: the environment (AWS_ACCESS_KEY_ID is not set); profile "
		 "\"default\" in %s (missing) and %s (missing) (no aws_access_key_id, role_arn, "
		 "sso_account_id or credential_process); container credentials "
		 "(AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and _FULL_URI are not set); EC2 instance "
		 "metadata (disabled by AWS_EC2_METADATA_DISABLED).", no_creds, creds_path, cfg_path);
	expect_error(NULL, SHTUI_ENOCREDS, want,
		     "no credentials anywhere: the CLI's words, then every place looked in");
	setup("[default]\nregion = us-east-1\n", "[other]\naws_access_key_id = A\naws_secret_access_key = B\n");
	expect_fail(NULL, SHTUI_ENOCREDS, PREFIX, no_creds, NULL, "another profile's keys are not ours");
	expect_fail("default", SHTUI_ENOCREDS, CONTAINS,
		    "the environment (not read, as --profile was given)", NULL,
		    "... and the message says why the environment was not read");
	setup(NULL, "[DEFAULT]\naws_access_key_id = ADEF\naws_secret_access_key = def-secret\n[x]\n");
	expect("x", "shared-credentials-file", "ADEF", "def-secret", NULL,
	       "[DEFAULT] keys reach every credentials section, as configparser has it");
}

static void test_web_identity(void)
{
	char config[1024];
	const char *token = in_dir("token", "eyJ-the-web-token\n", 0600);
	snprintf(config, sizeof config,
		 "[profile web]\nrole_arn = arn:aws:iam::123456789012:role/w\n"
		 "web_identity_token_file = %s\n"
		 "[profile webnofile]\nrole_arn = arn:aws:iam::123456789012:role/w\n"
		 "web_identity_token_file = %s/missing-token\n"
		 "[profile webnorole]\nweb_identity_token_file = %s\n"
		 "[profile base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret\n",
		 token, dir, token);
	setup(config, NULL);
	/* STS on a port nothing listens on: the call fails fast and says
	 * where it went, which shows the chain got that far. */
	setenv("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:1", 1);
	setenv("AWS_MAX_ATTEMPTS", "1", 1);
	const char *dead = "Could not connect to the endpoint URL: \"http://127.0.0.1:1/\"";
	expect_fail("web", SHTUI_ECONFIG, PREFIX, dead, "eyJ-the-web-token",
		    "a profile's web_identity_token_file and role_arn go to STS, unsigned");
	expect_fail("webnofile", SHTUI_ECONFIG, CONTAINS, "missing-token cannot be read", NULL,
		    "a token file that is not there stops the chain with its name");
	expect_error("webnorole", SHTUI_ECONFIG,
		     "Partial credentials found in assume-role-with-web-identity, missing: role_arn",
		     "a token file without role_arn");
	setenv("AWS_WEB_IDENTITY_TOKEN_FILE", token, 1);
	setenv("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/env", 1);
	expect_fail(NULL, SHTUI_ECONFIG, PREFIX, dead, NULL,
		    "AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN go to STS");
	expect("base", "config-file", "AKIDBASE", "base-secret", NULL,
	       "... but not with --profile naming another");
	unsetenv("AWS_WEB_IDENTITY_TOKEN_FILE");
	unsetenv("AWS_ROLE_ARN");
	unsetenv("AWS_ENDPOINT_URL_STS");
	unsetenv("AWS_MAX_ATTEMPTS");
}

/* ---- assume-role: everything short of the STS call ---- */

static int prompt_calls;
static char prompt_seen[256];

static enum shtui_status fake_prompt(const char *profile, const char *serial, struct buf *code,
				     struct buf *err)
{
	prompt_calls++;
	snprintf(prompt_seen, sizeof prompt_seen, "%s|%s", profile, serial);
	if (strcmp(serial, "refuse") == 0) {
		buf_puts(err, "no terminal here");
		return SHTUI_ECONFIG;
	}
	buf_puts(code, "123456");
	return SHTUI_OK;
}

static void test_assume_role_config(void)
{
	/* STS on a port nothing listens on, one attempt: the call fails fast
	 * and says where it went, which shows the chain got that far. */
	setup("[profile both]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = base\n"
	      "credential_source = Environment\n"
	      "[profile neither]\nrole_arn = arn:aws:iam::123456789012:role/r\n"
	      "[profile badsource]\nrole_arn = arn:aws:iam::123456789012:role/r\n"
	      "credential_source = environment\n"
	      "[profile nosource]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = ghost\n"
	      "[profile a]\nrole_arn = arn:aws:iam::123456789012:role/a\nsource_profile = b\n"
	      "[profile b]\nrole_arn = arn:aws:iam::123456789012:role/b\nsource_profile = a\n"
	      "[profile selfless]\nrole_arn = arn:aws:iam::123456789012:role/s\nsource_profile = selfless\n"
	      "[profile self]\nrole_arn = arn:aws:iam::123456789012:role/s\nsource_profile = self\n"
	      "aws_access_key_id = AKIDSELF\naws_secret_access_key = self-secret\n"
	      "[profile empty]\nregion = us-east-1\n"
	      "[profile needsempty]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = empty\n"
	      "[profile fromenv]\nrole_arn = arn:aws:iam::123456789012:role/r\n"
	      "credential_source = Environment\n"
	      "[profile mfa]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = base\n"
	      "mfa_serial = arn:aws:iam::123456789012:mfa/me\n"
	      "[profile mfarefused]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = base\n"
	      "mfa_serial = refuse\n"
	      "[profile base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret\n"
	      "[profile withkeys]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = base\n"
	      "aws_access_key_id = AKIDROLE\naws_secret_access_key = role-secret\n"
	      "[profile sso-src]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = ssobase\n"
	      "[profile ssobase]\nsso_account_id = 123456789012\nsso_role_name = R\n"
	      "sso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n",
	      NULL);
	setenv("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:1", 1);
	setenv("AWS_MAX_ATTEMPTS", "1", 1);
	const char *dead = "Could not connect to the endpoint URL: \"http://127.0.0.1:1/\"";

	expect_error("both", SHTUI_ECONFIG,
		     "The profile \"both\" contains both source_profile and credential_source.",
		     "source_profile and credential_source together, as botocore refuses");
	expect_error("neither", SHTUI_ECONFIG,
		     "Partial credentials found in assume-role, missing: source_profile or "
		     "credential_source", "role_arn alone");
	expect_error("badsource", SHTUI_ECONFIG,
		     "The credential source \"environment\" referenced in profile \"badsource\" is not "
		     "valid.", "credential_source names are matched exactly, as botocore does");
	expect_error("nosource", SHTUI_ECONFIG,
		     "The source_profile \"ghost\" referenced in the profile \"nosource\" does not "
		     "exist.", "a source_profile that does not exist");
	expect_error("a", SHTUI_ECONFIG,
		     "Infinite loop in credential configuration detected. Attempting to load from "
		     "profile a which has already been visited. Visited profiles: ['a', 'b']",
		     "a loop a -> b -> a is found, in botocore's words");
	expect_error("selfless", SHTUI_ECONFIG,
		     "Infinite loop in credential configuration detected. Attempting to load from "
		     "profile selfless which has already been visited. Visited profiles: ['selfless']",
		     "a profile naming itself without keys is a loop");
	expect_fail("self", SHTUI_ECONFIG, PREFIX, dead, "self-secret",
		    "a profile naming itself with keys uses them to call STS");
	expect_error("needsempty", SHTUI_ECONFIG,
		     "The source profile \"empty\" must have credentials.",
		     "a source profile without credentials");
	expect_error("fromenv", SHTUI_ECONFIG,
		     "Error when retrieving credentials from Environment: No credentials found in "
		     "credential_source referenced in profile fromenv",
		     "credential_source = Environment with nothing in the environment");
	setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
	setenv("AWS_SECRET_ACCESS_KEY", "env-secret", 1);
	expect_fail("fromenv", SHTUI_ECONFIG, PREFIX, dead, NULL,
		    "credential_source = Environment reads the environment even with --profile");
	unsetenv("AWS_ACCESS_KEY_ID");
	unsetenv("AWS_SECRET_ACCESS_KEY");
	expect_fail("withkeys", SHTUI_ECONFIG, PREFIX, dead, NULL,
		    "role_arn comes before the profile's own keys, as in botocore's chain");
	expect_fail("sso-src", SHTUI_ECONFIG, CONTAINS,
		    "To log in, run aws sso login --profile ssobase", NULL,
		    "an SSO source profile is resolved through its own links (and names itself)");

	prompt = NULL;
	expect_error("mfa", SHTUI_ECONFIG,
		     "No MFA code was entered for the device arn:aws:iam::123456789012:mfa/me "
		     "(profile \"mfa\").", "mfa_serial, and the user declines to give a code");
	prompt = fake_prompt;
	prompt_calls = 0;
	expect_fail("mfa", SHTUI_ECONFIG, PREFIX, dead, NULL,
		    "mfa_serial with a prompt goes on to STS");
	tap_ok(prompt_calls == 1 && strcmp(prompt_seen, "mfa|arn:aws:iam::123456789012:mfa/me") == 0,
	       "the prompt is asked once, with the profile and the device");
	expect_error("mfarefused", SHTUI_ECONFIG, "no terminal here",
		     "the prompt's own refusal is what the user reads");

	/* A declined code stands for the calls that follow, until a retry. */
	struct aws_config cfg;
	struct aws_config_overrides ov = { .profile = "mfarefused" };
	struct buf err;
	struct aws_creds c;
	aws_config_init(&cfg);
	buf_init(&err);
	aws_creds_init(&c);
	struct aws_creds_source *s = aws_config_load(&cfg, &ov, &err) == SHTUI_OK ?
				     aws_creds_source_new(&cfg) : NULL;
	prompt_calls = 0;
	tap_ok(s && probe(s, &c, &err) == SHTUI_ECONFIG && prompt_calls == 1,
	       "a source whose MFA code is refused fails");
	buf_reset(&err);
	tap_ok(s && probe(s, &c, &err) == SHTUI_ECONFIG && prompt_calls == 1 &&
	       strcmp(buf_str(&err), "no terminal here") == 0,
	       "the next call fails with the same words without asking again");
	if (s)
		aws_creds_source_retry(s);
	buf_reset(&err);
	tap_ok(s && probe(s, &c, &err) == SHTUI_ECONFIG && prompt_calls == 2,
	       "after a retry the code is asked for again");
	aws_creds_source_unref(s);
	aws_config_done(&cfg);
	aws_creds_done(&c);
	buf_done(&err);
	prompt = NULL;

	unsetenv("AWS_ENDPOINT_URL_STS");
	setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1", 1);
	expect_fail("self", SHTUI_ECONFIG, PREFIX, dead, NULL,
		    "AWS_ENDPOINT_URL reaches AssumeRole too");
}

/* ---- custom-process ---- */

static void test_process(void)
{
	const char *good = in_dir("good.sh",
		"#!/bin/sh\n"
		"printf '%s' '{\"Version\": 1, \"AccessKeyId\": \"AKIDPROC\", "
		"\"SecretAccessKey\": \"proc-secret\", \"SessionToken\": \"proc-token\", "
		"\"Expiration\": \"2099-01-01T00:00:00Z\"}'\n", 0755);
	const char *args = in_dir("print args.sh",
		"#!/bin/sh\n"
		"printf '{\"Version\": 1, \"AccessKeyId\": \"%s\", \"SecretAccessKey\": \"%s\"}' "
		"\"$1\" \"$2\"\n", 0755);
	const char *fail = in_dir("fail.sh",
		"#!/bin/sh\n"
		"echo 'token expired, log in again' >&2\n"
		"echo '{\"SecretAccessKey\": \"leaked-secret\"}' >&2\n"
		"echo 'SessionToken=leaked-token' >&2\n"
		"exit 3\n", 0755);
	const char *quiet = in_dir("quiet.sh", "#!/bin/sh\nexit 4\n", 0755);
	const char *v2 = in_dir("v2.sh",
		"#!/bin/sh\necho '{\"Version\": 2, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"B\"}'\n",
		0755);
	const char *nosecret = in_dir("nosecret.sh",
		"#!/bin/sh\necho '{\"Version\": 1, \"AccessKeyId\": \"A\"}'\n", 0755);
	const char *notjson = in_dir("notjson.sh", "#!/bin/sh\necho 'AKID secret-in-text'\n", 0755);
	const char *old = in_dir("old.sh",
		"#!/bin/sh\necho '{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"B\", "
		"\"Expiration\": \"2020-01-01T00:00:00Z\"}'\n", 0755);
	char config[4096];
	snprintf(config, sizeof config,
		 "[profile good]\ncredential_process = %s\n"
		 "[profile args]\ncredential_process = \"%s\" 'a b' $HOME\n"
		 "[profile fail]\ncredential_process = %s\n"
		 "[profile quiet]\ncredential_process = %s\n"
		 "[profile v2]\ncredential_process = %s\n"
		 "[profile nosecret]\ncredential_process = %s\n"
		 "[profile notjson]\ncredential_process = %s\n"
		 "[profile old]\ncredential_process = %s\n"
		 "[profile missing]\ncredential_process = %s/no-such-helper --flag\n"
		 "[profile unclosed]\ncredential_process = %s 'oops\n"
		 "[profile filefirst]\ncredential_process = %s\n",
		 good, args, fail, quiet, v2, nosecret, notjson, old, dir, good, fail);
	setup(config, "[filefirst]\naws_access_key_id = AKIDFILE\naws_secret_access_key = f\n");

	struct aws_creds c;
	struct buf err;
	aws_creds_init(&c);
	buf_init(&err);
	enum shtui_status st = resolve("good", &c, &err);
	tap_ok(st == SHTUI_OK && strcmp(c.source, "custom-process") == 0 &&
	       strcmp(c.access_key_id, "AKIDPROC") == 0 && c.session_token &&
	       strcmp(c.session_token, "proc-token") == 0 && c.expiration == 4070908800,
	       "credential_process: keys, token and Expiration");
	aws_creds_done(&c);
	buf_done(&err);
	expect("args", "custom-process", "a b", "$HOME", NULL,
	       "split as shlex does, and no shell: quotes group, $HOME stays as written");
	expect("filefirst", "shared-credentials-file", "AKIDFILE", "f", NULL,
	       "the credentials file's keys come before credential_process");
	expect_fail("fail", SHTUI_ECONFIG, EXACT,
		    "Error when retrieving credentials from custom-process: token expired, log in "
		    "again | {\"SecretAccessKey\": \"*************\"} | SessionToken=************ "
		    "(exit status 3)", "leaked",
		    "a failing helper: its stderr is shown, credential values masked");
	char want[512];
	snprintf(want, sizeof want, "Error when retrieving credentials from custom-process: "
		 "\"%s\" printed nothing on stderr (exit status 4)", quiet);
	expect_error("quiet", SHTUI_ECONFIG, want, "a helper failing in silence");
	expect_error("v2", SHTUI_ECONFIG,
		     "Error when retrieving credentials from custom-process: Unsupported version '2' "
		     "for credential process provider, supported versions: 1", "Version 2 is refused");
	expect_error("nosecret", SHTUI_ECONFIG,
		     "Error when retrieving credentials from custom-process: Missing required key in "
		     "response: 'SecretAccessKey'", "a missing SecretAccessKey");
	expect_fail("notjson", SHTUI_ECONFIG, PREFIX,
		    "Error when retrieving credentials from custom-process: the ", "secret-in-text",
		    "output that is not JSON is not quoted back");
	expect_fail("old", SHTUI_ECONFIG, PREFIX,
		    "Credentials were refreshed, but the refreshed credentials are still expired", NULL,
		    "an Expiration in the past");
	/* posix_spawnp reports the missing program itself, or (as under
	 * valgrind) the child exits 127: either way the user reads its name. */
	snprintf(want, sizeof want, "\"%s/no-such-helper\"", dir);
	expect_fail("missing", SHTUI_ECONFIG, CONTAINS, want, NULL, "a helper that does not exist");
	expect_fail("unclosed", SHTUI_ECONFIG, PREFIX,
		    "Error when retrieving credentials from custom-process: credential_process of "
		    "profile unclosed: No closing quotation", NULL, "an open quote");
}

static void test_parsers(void)
{
	static const struct {
		const char *json;
		const char *error;      /* NULL: parses */
		const char *name;
	} process[] = {
		{ "{\"Version\":1,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"S\"}", NULL, "minimal" },
		{ "{\"Version\":1.0,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"S\",\"SessionToken\":null,"
		  "\"Expiration\":null}", NULL, "1.0 and nulls, as Python reads them" },
		{ "{\"Version\":\"1\",\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"S\"}",
		  "Unsupported version (not a number)", "the string \"1\"" },
		{ "{\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"S\"}",
		  "Unsupported version '<Version key not provided>'", "no Version" },
		{ "{\"Version\":1,\"AccessKeyId\":5,\"SecretAccessKey\":\"S\"}",
		  "AccessKeyId is not a string", "a number for a key" },
		{ "{\"Version\":1,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"S\",\"Expiration\":\"soon\"}",
		  "Expiration \"soon\" is not an ISO 8601 time", "a bad Expiration" },
		{ "[1]", "the JSON is not an object", "an array" },
		{ "{\"Version\":1,", "not JSON", "cut short" },
		{ "", "not JSON", "nothing" },
	};
	for (size_t i = 0; i < sizeof process / sizeof process[0]; i++) {
		struct aws_creds c;
		struct buf err;
		aws_creds_init(&c);
		buf_init(&err);
		enum shtui_status st = creds_parse_process_output(process[i].json,
								      strlen(process[i].json), &c, &err);
		bool ok = process[i].error ? st == SHTUI_EPARSE && strstr(buf_str(&err), process[i].error) &&
						     !c.access_key_id
					   : st == SHTUI_OK && strcmp(c.access_key_id, "A") == 0 &&
						     !c.session_token && c.expiration == 0;
		tap_ok(ok, "process output, %s", process[i].name);
		if (!ok)
			tap_diag("status %d, \"%s\"", (int)st, buf_str(&err));
		aws_creds_done(&c);
		buf_done(&err);
	}

	struct aws_creds c;
	struct buf err;
	aws_creds_init(&c);
	buf_init(&err);
	static const char meta[] = "{\"Code\":\"Success\",\"AccessKeyId\":\"ASIA1\","
				   "\"SecretAccessKey\":\"s\",\"Token\":\"t\","
				   "\"Expiration\":\"2099-01-01T00:00:00Z\"}";
	tap_ok(creds_parse_metadata(meta, sizeof meta - 1, &c, &err) == SHTUI_OK &&
	       strcmp(c.session_token, "t") == 0 && c.expiration == 4070908800,
	       "instance and container metadata");
	static const char meta_err[] = "{\"Code\":\"AssumeRoleUnauthorizedAccess\",\"Message\":\"x\"}";
	tap_ok(creds_parse_metadata(meta_err, sizeof meta_err - 1, &c, &err) == SHTUI_EPARSE &&
	       !c.access_key_id, "metadata without keys (an error reply) is refused");
	static const char sso[] = "{\"roleCredentials\":{\"accessKeyId\":\"ASIA2\","
				  "\"secretAccessKey\":\"s\",\"sessionToken\":\"t\","
				  "\"expiration\":4070908800000}}";
	tap_ok(creds_parse_sso_role_credentials(sso, sizeof sso - 1, &c, &err) == SHTUI_OK &&
	       strcmp(c.access_key_id, "ASIA2") == 0 && c.expiration == 4070908800,
	       "GetRoleCredentials: the expiration is in milliseconds");
	static const char sso_bad[] = "{\"roleCredentials\":{\"accessKeyId\":\"A\","
				      "\"secretAccessKey\":\"s\",\"sessionToken\":\"t\"}}";
	buf_reset(&err);
	tap_ok(creds_parse_sso_role_credentials(sso_bad, sizeof sso_bad - 1, &c, &err) ==
	       SHTUI_EPARSE && strstr(buf_str(&err), "expiration"),
	       "GetRoleCredentials without an expiration is refused");
	aws_creds_done(&c);
	struct creds_sso_token token;
	memset(&token, 0, sizeof token);
	static const char tok[] = "{\"startUrl\":\"u\",\"region\":\"us-east-1\","
				  "\"accessToken\":\"the-token\",\"expiresAt\":\"2099-01-01T00:00:00Z\"}";
	tap_ok(creds_parse_sso_token(tok, sizeof tok - 1, &token, &err) == SHTUI_OK &&
	       token.access_token && strcmp(token.access_token, "the-token") == 0 &&
	       token.expires_at == 4070908800 && !token.refresh_token, "an SSO cache token");
	static const char tok_refresh[] = "{\"accessToken\":\"t\",\"expiresAt\":\"2020-01-01T00:00:00Z\","
					  "\"refreshToken\":\"r\",\"clientId\":\"c\",\"clientSecret\":\"s\","
					  "\"registrationExpiresAt\":\"2099-01-01T00:00:00Z\"}";
	tap_ok(creds_parse_sso_token(tok_refresh, sizeof tok_refresh - 1, &token, &err) ==
	       SHTUI_OK && token.refresh_token && strcmp(token.refresh_token, "r") == 0 &&
	       strcmp(token.client_id, "c") == 0 && token.registration_expires_at == 4070908800,
	       "an SSO cache token with what refreshing it takes");
	static const char tok_bad[] = "{\"accessToken\":\"t\"}";
	tap_ok(creds_parse_sso_token(tok_bad, sizeof tok_bad - 1, &token, &err) ==
	       SHTUI_EPARSE && !token.access_token, "an SSO token without expiresAt is refused");
	creds_parse_sso_token_done(&token);
	buf_done(&err);
}

/* ---- sso: the configuration and the cache, short of the portal ---- */

static void test_sso(void)
{
	char *p = creds_sso_cache_path("my-sso");
	char want[600];
	snprintf(want, sizeof want, "%s/.aws/sso/cache/0ad374308c5a4e22f723adf10145eafad7c4031c.json",
		 dir);
	tap_is_str(p, want, "the cache file is the SHA-1 of the session name, under ~/.aws/sso/cache");
	free(p);
	p = creds_sso_cache_path("https://example.awsapps.com/start");
	snprintf(want, sizeof want, "%s/.aws/sso/cache/e8be5486177c5b5392bd9aa76563515b29358e6e.json",
		 dir);
	tap_is_str(p, want, "... or of a legacy profile's start URL");
	free(p);

	setup("[profile s]\nsso_session = my-sso\nsso_account_id = 123456789012\nsso_role_name = R\n"
	      "[sso-session my-sso]\nsso_start_url = https://example.awsapps.com/start\n"
	      "sso_region = us-east-1\n"
	      "[profile ghost]\nsso_session = nope\nsso_account_id = 1\nsso_role_name = R\n"
	      "[profile clash]\nsso_session = my-sso\nsso_account_id = 1\nsso_role_name = R\n"
	      "sso_region = eu-west-1\n"
	      "[profile half]\nsso_account_id = 123456789012\n"
	      "[profile legacy]\nsso_start_url = https://example.awsapps.com/start\n"
	      "sso_region = us-east-1\nsso_account_id = 123456789012\nsso_role_name = R\n",
	      NULL);
	setenv("AWS_ENDPOINT_URL_SSO", "http://127.0.0.1:1", 1);
	setenv("AWS_MAX_ATTEMPTS", "1", 1);
	expect_error("ghost", SHTUI_ECONFIG, "The specified sso-session does not exist: \"nope\"",
		     "an sso_session that does not exist");
	expect_error("clash", SHTUI_ECONFIG,
		     "The value for sso_region is inconsistent between profile (eu-west-1) and "
		     "sso-session (us-east-1).", "a key that differs between profile and session");
	expect_error("half", SHTUI_ECONFIG,
		     "The profile \"half\" is configured to use SSO but is missing required "
		     "configuration: sso_role_name, sso_start_url, sso_region",
		     "the keys an SSO profile lacks, in botocore's words");
	expect_fail("s", SHTUI_ECONFIG, PREFIX,
		    "Error loading SSO Token: Token for my-sso does not exist (", NULL,
		    "no cached token: botocore's words ...");
	expect_fail("s", SHTUI_ECONFIG, CONTAINS, "To log in, run aws sso login --profile s", NULL,
		    "... and what to run");
	expect_fail("legacy", SHTUI_ECONFIG, PREFIX,
		    "Error loading SSO Token: Token for https://example.awsapps.com/start does not exist",
		    NULL, "a legacy profile's token is named by its start URL");

	mkdir(in_dir(".aws", NULL, 0), 0700);
	mkdir(in_dir(".aws/sso", NULL, 0), 0700);
	mkdir(in_dir(".aws/sso/cache", NULL, 0), 0700);
	const char *cache = ".aws/sso/cache/0ad374308c5a4e22f723adf10145eafad7c4031c.json";
	in_dir(cache, "{\"accessToken\": \"old-token\", \"expiresAt\": \"2020-01-01T00:00:00Z\"}", 0600);
	expect_error("s", SHTUI_ECONFIG,
		     "The SSO session associated with this profile has expired or is otherwise "
		     "invalid. To refresh this SSO session run aws sso login --profile s",
		     "an expired token: log in again, and nothing is sent");
	in_dir(cache, "{\"accessToken\": \"cached-token\"}", 0600);
	expect_fail("s", SHTUI_ECONFIG, PREFIX, "Error loading SSO Token: Token for my-sso is invalid",
		    "cached-token", "a broken token file, never quoted");
	in_dir(cache, "{\"accessToken\": \"cached-token\", \"expiresAt\": \"2099-01-01T00:00:00Z\"}",
	       0600);
	expect_fail("s", SHTUI_ECONFIG, PREFIX,
		    "Could not connect to the endpoint URL: "
		    "\"http://127.0.0.1:1/federation/credentials?account_id=123456789012&role_name=R\" (",
		    "cached-token", "a good token goes to the portal named by AWS_ENDPOINT_URL_SSO");
	unlink(in_dir(cache, NULL, 0));
}

/* ---- container-role ---- */

/* Where aws v2.9.19 differs: its botocore allows only 169.254.170.2,
 * localhost and 127.0.0.1, over http, and knows no token file. The current
 * SDKs (botocore since 1.31, the Go, Java and JavaScript SDKs) allow any
 * loopback address, the EKS agent and https to anywhere, and read
 * AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE; that is the rule followed here,
 * as EKS Pod Identity needs it. */
static void test_container(void)
{
	static const struct {
		const char *url;
		bool allowed;
	} urls[] = {
		{ "http://127.0.0.1:8080/creds", true },
		{ "http://127.3.4.5/creds", true },
		{ "http://localhost/creds", true },
		{ "http://[::1]:80/creds", true },
		{ "http://169.254.170.2/v2/credentials", true },
		{ "http://169.254.170.23/v1/credentials", true },
		{ "http://[fd00:ec2::23]/v1/credentials", true },
		{ "https://creds.example.com/x", true },
		{ "http://user@127.0.0.1/x", true },
		{ "http://creds.example.com/x", false },
		{ "http://128.0.0.1/x", false },
		{ "http://127.0.0.1.example.com/x", false },
		{ "http://169.254.169.254/latest", false },
		{ "ftp://127.0.0.1/x", false },
		{ "127.0.0.1/x", false },
	};
	for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++)
		tap_ok(creds_metadata_container_url_allowed(urls[i].url) == urls[i].allowed,
		       "container URL %s is %s", urls[i].url, urls[i].allowed ? "allowed" : "refused");

	setup(NULL, NULL);
	setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://creds.example.com/x", 1);
	expect_fail(NULL, SHTUI_ECONFIG, PREFIX,
		    "Error when retrieving credentials from container-role: "
		    "AWS_CONTAINER_CREDENTIALS_FULL_URI \"http://creds.example.com/x\" is refused", NULL,
		    "a plain-http agent that is not local is refused before anything is sent");
	setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:1/creds", 1);
	setenv("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", in_dir("token", "tok-xyz\n", 0600), 1);
	expect_fail(NULL, SHTUI_ECONFIG, EXACT,
		    "Error when retrieving credentials from container-role: the authorization token "
		    "from AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE holds a line break, which cannot go "
		    "in a header", "tok-xyz", "a token with a line break is refused, as botocore does");
	setenv("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", in_dir("no-token", NULL, 0), 1);
	expect_fail(NULL, SHTUI_ECONFIG, PREFIX,
		    "Error when retrieving credentials from container-role: "
		    "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: ", NULL, "a token file that is missing");
	unsetenv("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
	setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
	setenv("AWS_SECRET_ACCESS_KEY", "env-secret", 1);
	expect(NULL, "env", "AKIDENV", "env-secret", NULL, "the environment comes before containers");
}

/* ---- iam-role ---- */

/* Where aws v2 differs: when nothing can be connected to, botocore tries
 * IMDSv1 after the token request and waits as long again; here the link
 * ends, so a machine off EC2 loses one timeout, not two. A token request
 * that connects but is not answered (a hop limit of 1 in a container)
 * still falls back to IMDSv1, as botocore does (test-cli-creds.t). */
static void test_imds(void)
{
	setup(NULL, NULL);
	unsetenv("AWS_EC2_METADATA_DISABLED");
	setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1/", 1);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	expect_fail(NULL, SHTUI_ENOCREDS, CONTAINS,
		    "EC2 instance metadata at http://127.0.0.1:1/ (no answer within 1 s).", NULL,
		    "nothing at the metadata endpoint: the chain ends, saying so");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	tap_ok(t1.tv_sec - t0.tv_sec < 3, "... without waiting for anything else");
	setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", "169.254.169.254", 1);
	expect_error(NULL, SHTUI_ECONFIG,
		     "Invalid endpoint EC2 Instance Metadata endpoint: 169.254.169.254",
		     "an endpoint that is not a URL");
	setenv("AWS_EC2_METADATA_DISABLED", "TRUE", 1);
	expect_fail(NULL, SHTUI_ENOCREDS, CONTAINS,
		    "EC2 instance metadata (disabled by AWS_EC2_METADATA_DISABLED)", NULL,
		    "AWS_EC2_METADATA_DISABLED in any case");
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
		enum shtui_status st = isotime_parse(cases[i].s, &t);
		if (cases[i].want < 0)
			tap_ok(st == SHTUI_EPARSE, "time \"%s\" is refused", cases[i].s);
		else
			tap_ok(st == SHTUI_OK && (long long)t == cases[i].want, "time \"%s\" is %lld",
			       cases[i].s, cases[i].want);
	}
}

/* A source refetches through the chain: a helper that counts its runs. */
static void test_source(void)
{
	const char *counter = in_dir("count", NULL, 0);
	char script[1024];
	snprintf(script, sizeof script,
		 "#!/bin/sh\nn=$(cat '%s' 2>/dev/null || echo 0); n=$((n+1)); echo $n > '%s'\n"
		 "printf '{\"Version\":1,\"AccessKeyId\":\"AKID%%s\",\"SecretAccessKey\":\"s\","
		 "\"Expiration\":\"%%s\"}' $n \"$(date -u -d @$(( $(date +%%s) + 60 )) "
		 "+%%Y-%%m-%%dT%%H:%%M:%%SZ)\"\n", counter, counter);
	char config[1024];
	snprintf(config, sizeof config, "[default]\ncredential_process = %s\n",
		 in_dir("counting.sh", script, 0755));
	setup(config, NULL);
	struct aws_config cfg;
	struct buf err;
	aws_config_init(&cfg);
	buf_init(&err);
	if (aws_config_load(&cfg, NULL, &err) != SHTUI_OK) {
		tap_ok(false, "load: %s", buf_str(&err));
		return;
	}
	struct aws_creds_source *s = aws_creds_source_new(&cfg);
	struct aws_creds c;
	aws_creds_init(&c);
	tap_ok(!aws_creds_source_peek(s, time(NULL), &c), "a new source has nothing to peek at");
	enum shtui_status st = probe(s, &c, &err);
	tap_ok(st == SHTUI_OK && strcmp(c.access_key_id, "AKID1") == 0 &&
	       c.expiration > time(NULL) && c.expiration <= time(NULL) + 61,
	       "a fetch runs the helper and keeps its expiration");
	aws_creds_done(&c);
	tap_ok(!aws_creds_source_peek(s, time(NULL), &c),
	       "a credential within 5 minutes of its end is not handed out by peek");
	tap_ok(aws_creds_source_peek(s, time(NULL) - 600, &c) && strcmp(c.access_key_id, "AKID1") == 0,
	       "... but is, earlier on");
	aws_creds_done(&c);
	st = probe(s, &c, &err);
	tap_ok(st == SHTUI_OK && strcmp(c.access_key_id, "AKID2") == 0,
	       "the next fetch runs the chain again");
	aws_creds_done(&c);
	aws_creds_source_unref(s);
	aws_config_done(&cfg);
	buf_done(&err);
	unlink(counter);
}

int main(void)
{
	if (!(dir = tap_tmpdir("test_aws_creds"))) {
		tap_ok(false, "mkdtemp");
		return tap_done();
	}
	snprintf(cfg_path, sizeof cfg_path, "%s/config", dir);
	snprintf(creds_path, sizeof creds_path, "%s/credentials", dir);
	test_env();
	test_files();
	test_web_identity();
	test_assume_role_config();
	test_process();
	test_parsers();
	test_sso();
	test_container();
	test_imds();
	test_time();
	test_source();
	return tap_done();
}
