/* SPDX-License-Identifier: Apache-2.0 */
/* creds/files.c: keys from the environment and from the shared credentials and config files. */
#include "config.h"

#include "creds/creds.h"

#include "aws_creds.h"
#include "ini.h"
#include "isotime.h"

enum shtui_status creds_files_env_keys(struct aws_creds *out, struct buf *err)
{
	const char *akid = creds_env("AWS_ACCESS_KEY_ID");
	if (!akid)
		return SHTUI_ENOCREDS;
	const char *secret = creds_env("AWS_SECRET_ACCESS_KEY");
	if (!secret)
		return creds_partial(err, "env", "AWS_SECRET_ACCESS_KEY");
	const char *token = creds_env("AWS_SECURITY_TOKEN");
	if (!token)
		token = creds_env("AWS_SESSION_TOKEN");
	time_t expiration = 0;
	const char *exp = creds_env("AWS_CREDENTIAL_EXPIRATION");
	if (exp && isotime_parse(exp, &expiration) != SHTUI_OK) {
		buf_printf(err, "AWS_CREDENTIAL_EXPIRATION: \"%s\" is not an ISO 8601 time", exp);
		return SHTUI_ECONFIG;
	}
	enum shtui_status st = creds_fill(out, akid, secret, token, err);
	if (st == SHTUI_OK) {
		out->expiration = expiration;
		out->source = "env";
	}
	return st;
}

enum shtui_status creds_files_env(struct creds_chain *ch, const struct aws_config *cfg,
				  struct aws_creds *out, struct job **fetch, struct buf *err)
{
	(void)fetch;
	/* An explicit --profile takes the environment's keys out of the
	 * chain; AWS_PROFILE does not. */
	if (cfg->profile_explicit) {
		creds_chain_note(ch, "the environment (not read, as --profile was given)");
		return SHTUI_ENOCREDS;
	}
	enum shtui_status st = creds_files_env_keys(out, err);
	if (st == SHTUI_ENOCREDS)
		creds_chain_note(ch, "the environment (AWS_ACCESS_KEY_ID is not set)");
	return st;
}

/* Static keys in one file's section for the profile. */
static enum shtui_status from_section(const struct ini_section *sec, const char *provider,
				      struct aws_creds *out, struct buf *err)
{
	const struct ini_entry *akid = ini_section_entry(sec, "aws_access_key_id");
	if (!akid)
		return SHTUI_ENOCREDS;
	const struct ini_entry *secret = ini_section_entry(sec, "aws_secret_access_key");
	if (!secret)
		return creds_partial(err, provider, "aws_secret_access_key");
	const struct ini_entry *token = ini_section_entry(sec, "aws_security_token");
	if (!token)
		token = ini_section_entry(sec, "aws_session_token");
	enum shtui_status st = creds_fill(out, akid->value, secret->value,
					  token ? token->value : NULL, err);
	if (st == SHTUI_OK)
		out->source = provider;
	return st;
}

enum shtui_status creds_files_credentials(struct creds_chain *ch, const struct aws_config *cfg,
					  struct aws_creds *out, struct job **fetch,
					  struct buf *err)
{
	(void)ch;
	(void)fetch;
	return from_section(cfg->profile_credentials, "shared-credentials-file", out, err);
}

enum shtui_status creds_files_config(struct creds_chain *ch, const struct aws_config *cfg,
				     struct aws_creds *out, struct job **fetch, struct buf *err)
{
	(void)fetch;
	enum shtui_status st = from_section(cfg->profile_config, "config-file", out, err);
	if (st == SHTUI_ENOCREDS)
		creds_chain_note(ch, "profile \"%s\" in %s%s and %s%s (no aws_access_key_id, role_arn, "
				 "sso_account_id or credential_process)", cfg->profile,
				 cfg->credentials_file ? cfg->credentials_file : "the credentials file",
				 cfg->credentials ? "" : " (missing)",
				 cfg->config_file ? cfg->config_file : "the config file",
				 cfg->config ? "" : " (missing)");
	return st;
}
