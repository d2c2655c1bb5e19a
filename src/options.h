/* SPDX-License-Identifier: Apache-2.0 */
/* options.h: the options the screen and the one-shot commands share, and the exit statuses, as the command line gives them. */
#ifndef SHTUI_OPTIONS_H
#define SHTUI_OPTIONS_H

#include <stdbool.h>

/* Exit codes, as the AWS CLI v2 uses them. */
#define CLI_EXIT_OK 0
#define CLI_EXIT_USAGE 252
#define CLI_EXIT_CONFIG 253
#define CLI_EXIT_SERVICE 254
#define CLI_EXIT_OTHER 255

/* Calls in flight at once unless --max-concurrency says otherwise. */
#define CLI_DEFAULT_MAX_CONCURRENCY 64

/* The options every mode shares (strings borrowed from argv). */
struct cli_options {
	const char *profile;
	const char *region;
	const char *profiles;      /* --profiles GLOB[,GLOB...] */
	const char *regions;       /* --regions R1,R2 or "all" */
	const char *accounts;      /* --accounts ID,ID or @FILE: reached by role */
	const char *role_name;     /* --role-name: the role assumed in each */
	const char *role_path;     /* --role-path, NULL: "/" */
	const char *external_id;
	const char *role_session_name;
	int duration_seconds;      /* 0: STS's default */
	bool sso_accounts;         /* every account of the profile's SSO session */
	const char *endpoint_url;
	const char *ca_bundle;
	const char *output;
	bool no_color;
	bool no_osc52;             /* c does not copy through the terminal */
	bool debug;
	bool read_only;
	bool dry_run;              /* print the plan of a change, send nothing */
	bool yes;                  /* change several contexts without asking */
	int max_concurrency;
	long connect_timeout_ms;
	long timeout_ms;
};

#endif
