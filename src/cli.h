/* SPDX-License-Identifier: Apache-2.0 */
/* cli.h: the command line: global options, the one-shot commands, their output and exit codes. */
#ifndef SHTUI_CLI_H
#define SHTUI_CLI_H

#include <stdbool.h>

/* Exit codes, as the AWS CLI v2 uses them. */
#define CLI_EXIT_OK 0
#define CLI_EXIT_USAGE 252
#define CLI_EXIT_CONFIG 253
#define CLI_EXIT_SERVICE 254
#define CLI_EXIT_OTHER 255

/* The options every mode shares (strings borrowed from argv). */
struct cli_options {
	const char *profile;
	const char *region;
	const char *profiles;      /* --profiles GLOB[,GLOB...] */
	const char *regions;       /* --regions R1,R2 or "all" */
	const char *endpoint_url;
	const char *ca_bundle;
	const char *output;
	bool no_color;
	bool debug;
	bool read_only;
	bool dry_run;              /* print the plan of a change, send nothing */
	bool yes;                  /* change several contexts without asking */
	int max_concurrency;
	long connect_timeout_ms;
	long timeout_ms;
};

/*
 * Parses argv and runs what it asks: --help, --version, or a one-shot
 * command. Returns the exit status. When no command is given, returns -1
 * with `opts` filled, so main() can open the interactive screen.
 * Main thread only.
 */
int cli_main(int argc, char **argv, struct cli_options *opts);

struct shub_params;
/*
 * Runs one command (a Security Hub operation, or STS GetCallerIdentity
 * when `op` < 0) in every context --profiles and --regions name, all at
 * once, and prints one array (json) or one block per context. Exit 0 when
 * every context succeeded, 254 otherwise, the failures listed on stderr.
 * `fmt` is an enum output_format. Main thread only.
 */
int cli_fleet_run(const struct cli_options *opts, int op, const struct shub_params *p,
		  int fmt, const char *op_name);

/*
 * A change as a plan (--dry-run, several contexts, or an accept that
 * names only the administrator): reads every context, decides what to
 * send where or why not, and prints that plan with --dry-run; else asks
 * on a terminal when more than one context would change (--yes, or exit
 * 252 without a terminal), journals every intent with one sync, sends,
 * and prints per context what was done or why not. Main thread only.
 */
int cli_plan_run(const struct cli_options *opts, int op, const struct shub_params *p, int fmt);

struct app;
struct context;
/* The app for the contexts the options name, with the errors of those
 * that do not resolve on stderr; NULL with the exit code in *rc when
 * there is none. Main thread only. */
struct app *cli_fleet_open(const struct cli_options *opts, int *rc);
/* One context's multi-context output object: Profile, Region, Account,
 * then (with `reply`) the reply's keys or an Error (heap). Main thread only. */
struct cJSON *cli_fleet_context_json(const struct app *a, const struct context *c, bool reply);

/* `shtui journal [--unsettled] [--since TIME] [--output FMT]`: argv holds
 * the words after "journal". Returns the exit status. Main thread only. */
int cli_journal_main(int argc, char **argv, const struct cli_options *opts);

#endif
