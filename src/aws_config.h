/* SPDX-License-Identifier: Apache-2.0 */
/* aws_config.h: profiles, region, endpoint overrides, retry settings and CA bundle, resolved as the AWS CLI v2 does. */
#ifndef SHTUI_AWS_CONFIG_H
#define SHTUI_AWS_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "ini.h"
#include "status.h"

/* Command-line options; NULL (or "") for one not given. Not kept. */
struct aws_config_overrides {
	const char *profile;      /* --profile */
	const char *region;       /* --region */
	const char *endpoint_url; /* --endpoint-url: every service */
	const char *ca_bundle;    /* --ca-bundle */
};

/*
 * The settings in force, each with where it came from ("--region",
 * "AWS_REGION", "config file", ...; NULL when unset or a default).
 * Precedence is command line > environment > profile, and:
 *
 *  - profile: --profile, AWS_PROFILE, AWS_DEFAULT_PROFILE, else "default".
 *    A profile named by any of these must exist in one of the files; the
 *    implicit "default" need not.
 *  - files: AWS_CONFIG_FILE or ~/.aws/config, AWS_SHARED_CREDENTIALS_FILE
 *    or ~/.aws/credentials, with $VAR and ~ expanded; a file that does not
 *    exist reads as empty, one that cannot be read or parsed is an error.
 *    In the config file a profile is "[profile NAME]" or "[default]" (the
 *    last such section of a name wins); in the credentials file "[NAME]".
 *    A profile's keys are the credentials file's over the config file's.
 *  - region: --region, AWS_REGION, AWS_DEFAULT_REGION, the profile's
 *    "region"; an empty value anywhere counts as unset.
 *  - endpoint URLs, per service: --endpoint-url; unless
 *    AWS_IGNORE_CONFIGURED_ENDPOINT_URLS (else the profile's
 *    ignore_configured_endpoint_urls) is "true": AWS_ENDPOINT_URL_<SERVICE>,
 *    AWS_ENDPOINT_URL, the profile's "services" block ([services NAME],
 *    "<service> =" with a nested "endpoint_url"), the profile's
 *    "endpoint_url". NULL means the partition's endpoint.
 *  - use_fips / use_dualstack: AWS_USE_FIPS_ENDPOINT / use_fips_endpoint,
 *    AWS_USE_DUALSTACK_ENDPOINT / use_dualstack_endpoint; true only for
 *    "true" in any case (as botocore's ensure_boolean). A set environment
 *    variable decides even when empty.
 *  - max_attempts: AWS_MAX_ATTEMPTS, max_attempts; default 3; an integer >= 1.
 *  - retry_mode: AWS_RETRY_MODE, retry_mode; default "standard"; one of
 *    "standard", "legacy", "adaptive".
 *  - ca_bundle: --ca-bundle, AWS_CA_BUNDLE, ca_bundle; empty counts as
 *    unset (so verification is never turned off by accident); no expansion.
 *  - endpoint_url_sso (GetRoleCredentials): as for a service, but
 *    --endpoint-url does not reach it (the AWS CLI's option names the
 *    command's service only, and the portal is part of signing in);
 *    AWS_ENDPOINT_URL_SSO, AWS_ENDPOINT_URL, the services block's "sso",
 *    the profile's endpoint_url.
 *  - instance metadata: AWS_EC2_METADATA_DISABLED ("true" in any case
 *    disables); AWS_EC2_METADATA_SERVICE_ENDPOINT /
 *    ec2_metadata_service_endpoint; AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE /
 *    ec2_metadata_service_endpoint_mode ("IPv4" or "IPv6", any case);
 *    AWS_METADATA_SERVICE_TIMEOUT / metadata_service_timeout and
 *    AWS_METADATA_SERVICE_NUM_ATTEMPTS / metadata_service_num_attempts,
 *    integers >= 1, both 1 by default.
 *  - warnings: a shared file (credentials or config) that holds a secret
 *    key or a session token while its group or others may read or write it.
 *
 * Note for callers building a client: botocore never sends FIPS or
 * dual-stack to the endpoint rules together with a configured endpoint
 * URL (it forces both off); pass them to endpoint_resolve() only when the
 * URL here is NULL, or the rule set's "custom endpoint" errors fire.
 */
struct aws_config_files;

struct aws_config {
	char *profile;
	const char *profile_from;     /* NULL for the implicit "default" */
	bool profile_explicit;        /* from --profile: environment keys are not used */
	/* The files as read: borrowed from `files`, which holds them for every
	 * profile loaded from it (read-only, any thread). */
	struct aws_config_files *files;  /* a reference, or NULL before a load */
	const char *config_file;      /* expanded paths */
	const char *credentials_file;
	const struct ini *config;     /* NULL when the file does not exist */
	const struct ini *credentials;
	const struct ini_section *profile_config;      /* the profile's sections, or NULL */
	const struct ini_section *profile_credentials;

	char *region;                 /* NULL when none */
	const char *region_from;
	char *endpoint_url_securityhub; /* NULL: the partition's endpoint */
	const char *endpoint_url_securityhub_from;
	char *endpoint_url_sts;
	const char *endpoint_url_sts_from;
	char *endpoint_url_sso;       /* the IAM Identity Center portal; NULL: by sso_region */
	const char *endpoint_url_sso_from;
	bool ignore_configured_endpoint_urls;
	bool use_fips;
	bool use_dualstack;
	int max_attempts;
	const char *retry_mode;       /* static: "standard", "legacy" or "adaptive" */
	char *ca_bundle;              /* NULL: the system's */
	const char *ca_bundle_from;

	/* EC2 instance metadata, for the "iam-role" credentials. */
	bool ec2_metadata_disabled;   /* AWS_EC2_METADATA_DISABLED is "true" */
	char *ec2_metadata_endpoint;  /* NULL: by the endpoint mode */
	bool ec2_metadata_ipv6;       /* endpoint mode "IPv6" */
	int metadata_timeout;         /* seconds per request, default 1 */
	int metadata_attempts;        /* default 1 */

	/* One line per shared file that others may read or write although it
	 * holds secrets ("PATH holds secrets and can be read by ...: chmod 600
	 * PATH\n"), or NULL. */
	char *warnings;
};

/* Caller-owned storage. aws_config_done() frees everything and may be
 * called after a failed load. */
void aws_config_init(struct aws_config *cfg);
void aws_config_done(struct aws_config *cfg);

/*
 * Fills `cfg` from `ov` (NULL: no options), the environment and the files.
 * Returns SHTUI_OK, SHTUI_ENOMEM, or SHTUI_ECONFIG with the reason in
 * `err`, e.g. "The config profile (dev) could not be found" or "Unable to
 * parse config file: PATH: line 3: ...". After a failure, whatever was
 * resolved before it stays (the files, once read, so that profiles can
 * still be listed). Reads the environment and files; any thread, but not
 * while another thread calls setenv().
 */
enum shtui_status aws_config_load(struct aws_config *cfg,
				  const struct aws_config_overrides *ov,
				  struct buf *err);

/*
 * One reading of both files (paths from the environment as above): what
 * a run's profiles share, so that a fleet of profiles holds one parsed
 * copy of the files, not one each. Read-only once made; references may
 * be taken and dropped on any thread. A file that could not be read or
 * parsed is remembered with the reason, and every load from it fails
 * with that reason. NULL when out of memory. Reads the environment and
 * files; any thread, but not while another thread calls setenv().
 */
struct aws_config_files *aws_config_files_read(void);
struct aws_config_files *aws_config_files_ref(struct aws_config_files *files);
/* Drops a reference; the last frees the files, wiping their values. NULL
 * is fine. Any thread. */
void aws_config_files_unref(struct aws_config_files *files);
/* Whether `files` still is what a reading now would give: the same paths,
 * and each file the same on disk (device, inode, size, change and
 * modification times) or still absent; a reading that ran out of memory
 * never is. Any thread. */
bool aws_config_files_fresh(const struct aws_config_files *files);

/* aws_config_load() over files already read (a reference is taken): the
 * same settings, errors and warnings, without reading the files again. */
enum shtui_status aws_config_load_files(struct aws_config *cfg,
					const struct aws_config_overrides *ov,
					struct aws_config_files *files, struct buf *err);

/* Profile data as botocore's full_config shows it: the credentials file's
 * [NAME] over the config file's profile NAME. Pointers live as long as
 * `cfg`; NULL when absent (or, for a value, a nested block). Any thread. */
const char *aws_config_get(const struct aws_config *cfg, const char *key);
const char *aws_config_profile_get(const struct aws_config *cfg, const char *profile,
				   const char *key);
const char *aws_config_profile_get_sub(const struct aws_config *cfg, const char *profile,
				       const char *key, const char *subkey);
bool aws_config_profile_exists(const struct aws_config *cfg, const char *profile);
/* The config file's section for profile `name` ("[profile NAME]" or
 * "[default]"), [sso-session NAME], [services NAME]; the credentials
 * file's [NAME]. */
const struct ini_section *aws_config_profile_section(const struct aws_config *cfg,
						     const char *name);
const struct ini_section *aws_config_sso_session(const struct aws_config *cfg,
						 const char *name);
const struct ini_section *aws_config_services(const struct aws_config *cfg,
					      const char *name);
const struct ini_section *aws_config_credentials_section(const struct aws_config *cfg,
							 const char *name);

/* Every profile name in both files, sorted (bytewise) and unique. */
struct aws_config_profile_list {
	char **names;
	size_t n;
};
enum shtui_status aws_config_list_profiles(const struct aws_config *cfg,
					   struct aws_config_profile_list *out);
void aws_config_profile_list_done(struct aws_config_profile_list *list);

/*
 * Splits a command line as botocore splits credential_process (Python's
 * shlex.split, POSIX rules, no shell): a NULL-terminated heap argv that
 * the caller frees with aws_config_argv_free(). SHTUI_EPARSE with the
 * reason in `err` for an open quote or escape or an empty command.
 * Any thread.
 */
enum shtui_status aws_config_split_command(const char *command, char ***argv,
					   struct buf *err);
/* Frees (and wipes) an argv from aws_config_split_command; NULL is fine. */
void aws_config_argv_free(char **argv);

/* Python's os.path.expanduser(os.path.expandvars(path)): $NAME and
 * ${NAME} from the environment (unknown ones left as written), then a
 * leading ~ or ~user. Returns a heap string, NULL when out of memory. */
char *aws_config_expand_path(const char *path);

#endif
