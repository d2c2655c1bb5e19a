/* SPDX-License-Identifier: Apache-2.0 */
/* cli.h: the command line read into options and a command, and the command run through the app and printed. */
#ifndef SHTUI_CLI_H
#define SHTUI_CLI_H

#include <stdbool.h>

#include "options.h"
#include "shub.h"

/* The operation of a command that asks STS who the credentials are. */
#define CLI_OP_STS (-1)

/* A one-shot command as the command line names it. */
struct cli_command {
	int op;                    /* enum shub_op, or CLI_OP_STS */
	const char *op_name;       /* the operation, as errors name it */
	struct shub_params params; /* its strings are argv's */
	int fmt;                   /* enum output_format */
	const char **account_ids;  /* heap, params.account_ids: cli_command_done */
	bool by_administrator;     /* accept-administrator-invitation without --invitation-id */
};

/*
 * Reads argv into `opts` and, when the command line names one, `cmd`
 * (`*has_cmd` set). Returns -1 when there is something to run (the screen
 * or the command); otherwise it has done what was asked (--help,
 * --version) or printed a usage error, and returns the exit status.
 * `cmd` needs cli_command_done() either way. Main thread only.
 */
int cli_parse(int argc, char **argv, struct cli_options *opts, struct cli_command *cmd,
	      bool *has_cmd);
void cli_command_done(struct cli_command *cmd);

/*
 * Runs a one-shot command through the app: on one context it prints what
 * the AWS CLI prints (the reply on stdout; the error, a hint, clock and
 * fallback notes on stderr); on several (--profiles, --regions) it hands
 * the contexts to cli_fleet_print(). Opens and closes the debug log.
 * Returns the exit status. Main thread only.
 */
int cli_run(const struct cli_options *opts, const struct cli_command *cmd);

struct context;
/*
 * Prints the reply of a context's one call (c->call_done) as the AWS CLI
 * prints it: the reply on stdout in the command's format; an error in the
 * AWS CLI's words with our hint, the clock correction and a fallback's
 * note on stderr. Returns the exit status. Main thread only.
 */
int cli_print_one(const struct context *c, const struct cli_command *cmd);

/* Says on stderr that the clock was corrected by `skew` seconds (server
 * minus local), with what to do; nothing for 0. Main thread only. */
void cli_report_skew(long skew);

struct app;
/*
 * Prints one command's replies in every context of `a`, all answered: one
 * array (json) or one block per context. Exit 0 when every context
 * succeeded, 254 otherwise, the failures listed on stderr. Main thread
 * only.
 */
int cli_fleet_print(const struct app *a, const struct cli_command *cmd);

/*
 * Parses argv and runs what it asks: --help, --version, or a one-shot
 * command. Returns the exit status. When no command is given, returns -1
 * with `opts` filled, so main() can open the interactive screen.
 * Main thread only.
 */
int cli_main(int argc, char **argv, struct cli_options *opts);

/*
 * The MFA prompt of the one-shot commands (app_mfa_prompt_fn): the code is
 * read from the controlling terminal, as getpass() reads, so a pipe on
 * stdin stays the script's. Without a terminal the profile cannot be used
 * here, and the message says so. Main thread.
 */
struct buf;
enum shtui_status cli_mfa_prompt(const char *profile, const char *serial, struct buf *code,
				 struct buf *err);

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
/* One context's multi-context output object: Profile, Region, Account,
 * then (with `reply`) the reply's keys or an Error (heap). Main thread only. */
struct cJSON *cli_fleet_context_json(const struct app *a, const struct context *c, bool reply);

/* `shtui journal [--unsettled] [--since TIME] [--output FMT]`: argv holds
 * the words after "journal". Returns the exit status. Main thread only. */
int cli_journal_main(int argc, char **argv, const struct cli_options *opts);

/*
 * A change as a plan (--dry-run, several contexts, or an accept that
 * names only the administrator): reads every context, decides what to
 * send where or why not, and prints that plan with --dry-run; else asks
 * on a terminal when more than one context would change (--yes, or exit
 * 252 without a terminal), journals every intent with one sync, sends,
 * and prints per context what was done or why not. Main thread only.
 */
int cli_plan_run(const struct cli_options *opts, int op, const struct shub_params *p, int fmt);

/* The app of a one-shot command, its MFA prompt the terminal, with the
 * contexts the options name (one, or the fleet's); what does not resolve
 * is said on stderr. NULL with the exit code in *rc when there is no
 * context to ask. Main thread only. */
struct app *cli_open(const struct cli_options *opts, int *rc);
/* One context's multi-context output object: Profile, Region, Account,
 * then (with `reply`) the reply's keys or an Error (heap). Main thread only. */
struct cJSON *cli_fleet_context_json(const struct app *a, const struct context *c, bool reply);

/* `shtui journal [--unsettled] [--since TIME] [--output FMT]`: argv holds
 * the words after "journal". Returns the exit status. Main thread only. */
int cli_journal_main(int argc, char **argv, const struct cli_options *opts);

#endif
