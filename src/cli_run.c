/* SPDX-License-Identifier: Apache-2.0 */
/* cli_run.c: a one-shot command run through the app: one context printed as the AWS CLI prints it, several as one array. */
#include "config.h"

#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "aws_creds.h"
#include "buf.h"
#include "child.h"
#include "log.h"
#include "output.h"
#include "recover.h"
#include "text.h"

enum shtui_status cli_mfa_prompt(const char *profile, const char *serial,
				 struct buf *code, struct buf *err)
{
	char *safe = text_visible_dup(serial);
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	enum shtui_status st = SHTUI_ECONFIG;
	if (fd < 0) {
		buf_printf(err, "The profile \"%s\" needs a code from the MFA device %s, and there is "
			   "no terminal to ask for it on (/dev/tty: %s). Run the command from a "
			   "terminal, or use a profile without mfa_serial.", profile,
			   safe ? safe : "", strerror(errno));
	} else {
		dprintf(fd, "Enter MFA code for %s: ", safe ? safe : "");
		char c;
		ssize_t r;
		while ((r = read(fd, &c, 1)) == 1 && c != '\n') {
			if (code->len < 64 && c != '\r' && c != ' ' && c != '\t')
				buf_putc(code, c);
		}
		if (r < 0 || code->len == 0)
			buf_printf(err, "No MFA code was entered for the device %s (profile \"%s\").",
				   safe ? safe : "", profile);
		else
			st = SHTUI_OK;
		close(fd);
	}
	free(safe);
	return st;
}

/* Prints `text` made visible on stderr between `before` and `after`. */
static void say(const char *before, const char *text, const char *after)
{
	char *safe = text_visible_dup(text ? text : "");
	fprintf(stderr, "%s%s%s", before, safe ? safe : "", after);
	free(safe);
}

/* Prints each line of `text` made visible, after `prefix`. */
static void say_lines(const char *prefix, const char *text)
{
	for (const char *p = text; p && *p;) {
		size_t n = strcspn(p, "\n");
		char *line = strndup(p, n);
		say(prefix, line, "\n");
		free(line);
		p += n + (p[n] == '\n');
	}
}

/* The config files' warnings, one line each. */
static void say_warnings(struct app *a)
{
	char *w = app_take_warnings(a);
	say_lines("shtui: warning: ", w);
	free(w);
}

/* The read-only commands that show what a state-changing call did. */
static const char *check_with(const char *op)
{
	if (strstr(op, "Accept") || strstr(op, "Disassociate"))
		return "get-administrator-account / list-invitations";
	if (strcmp(op, "EnableSecurityHub") == 0)
		return "describe-hub";
	return "list-invitations";
}

/* A failed call in the AWS CLI's words, with our hint; the exit status. */
static int report_error(const struct job_error *e, const char *op, const char *region)
{
	char *code = text_visible_dup(e->code);
	char *msg = text_visible_dup(e->message);
	int rc;
	switch (e->kind) {
	case JOB_ERR_SERVICE: {
		fprintf(stderr, "\nAn error occurred (%s) when calling the %s operation: %s\n",
			code ? code : "", op, msg ? msg : "");
		struct buf hint;
		buf_init(&hint);
		const char *h = shub_error_hint(e, region, &hint);
		if (h)
			say("Hint: ", h, "\n");
		buf_done(&hint);
		rc = CLI_EXIT_SERVICE;
		break;
	}
	case JOB_ERR_CONFIG:
		fprintf(stderr, "\n%s\n", msg ? msg : "");
		rc = app_error_is_oom(e) ? CLI_EXIT_OTHER : CLI_EXIT_CONFIG;
		break;
	case JOB_ERR_NETWORK:
		fprintf(stderr, "\nCould not complete the %s call: %s\n", op, msg ? msg : "");
		rc = CLI_EXIT_OTHER;
		break;
	case JOB_ERR_UNKNOWN_OUTCOME:
		/* The request may have been carried out: neither "failed" nor "done". */
		fprintf(stderr, "\nThe outcome of the %s call is unknown: %s. Check with %s.\n",
			op, msg ? msg : "", check_with(op));
		rc = CLI_EXIT_OTHER;
		break;
	default:
		fprintf(stderr, "\nThe %s call failed: %s\n", op, msg ? msg : "");
		rc = CLI_EXIT_OTHER;
		break;
	}
	free(code);
	free(msg);
	return rc;
}

void cli_report_skew(long skew)
{
	if (!skew)
		return;
	fprintf(stderr, "shtui: this machine's clock is %ld s %s the service's; "
		"the request was signed again with the service's time. "
		"Set the clock right (NTP).\n", skew < 0 ? -skew : skew,
		skew > 0 ? "behind" : "ahead of");
}

int cli_print_one(const struct context *c, const struct cli_command *cmd)
{
	if (!c->call_done) {
		fprintf(stderr, "\ncannot wait for the reply: %s\n", strerror(errno));
		return CLI_EXIT_OTHER;
	}
	cli_report_skew(c->call_skew);
	if (c->call_note)
		say("shtui: ", c->call_note, "\n");
	const char *op_name = c->call_op >= 0 ? shub_op_name((enum shub_op)c->call_op)
					      : cmd->op_name;
	if (c->call_err.kind != JOB_ERR_NONE)
		return report_error(&c->call_err, op_name, c->region);
	int rc = CLI_EXIT_OK;
	struct buf out;
	buf_init(&out);
	output_format(&out, c->call_result, (enum output_format)cmd->fmt, op_name);
	if (buf_failed(&out)) {
		fprintf(stderr, "\nout of memory\n");
		rc = CLI_EXIT_OTHER;
	} else if (fwrite(buf_str(&out), 1, out.len, stdout) != out.len ||
		   fflush(stdout) != 0) {
		fprintf(stderr, "\ncannot write the output: %s\n", strerror(errno));
		rc = CLI_EXIT_OTHER;
	}
	buf_done(&out);
	return rc;
}

/* The contexts the options name, each asked once; the exit status when
 * there is none to ask. */
static int open_contexts(struct app *a)
{
	struct buf err;
	buf_init(&err);
	int rc = CLI_EXIT_OK;
	if (app_is_fleet(&a->opts)) {
		size_t n = app_expand(a, &err);
		say_lines("", buf_str(&err));
		if (n == 0)
			rc = a->no_profile_matched ? CLI_EXIT_USAGE : CLI_EXIT_CONFIG;
	} else {
		struct context *c = app_context(a, NULL, NULL, &err);
		say_warnings(a);
		if (!c) {
			say("\n", buf_str(&err), "\n");
			rc = CLI_EXIT_CONFIG;
		}
	}
	buf_done(&err);
	return rc;
}

/* Sends the command in every context, all at once: the worker bounds how
 * many are in flight. */
static bool send_all(struct app *a, const struct cli_command *cmd)
{
	bool fleet = app_is_fleet(&a->opts);
	/* A change: every context's intent, one sync, then every call. */
	a->frontend = fleet ? "multi-context" : "command";
	app_group_begin(a);
	/* The fleet's objects name the account; one context prints the reply only. */
	for (size_t i = 0; fleet && cmd->op != CLI_OP_STS && i < a->n_profiles; i++)
		app_identify(a, a->profiles[i]);
	bool sent = true;
	for (size_t i = 0; i < a->n_contexts; i++) {
		struct context *c = a->contexts[i];
		if (cmd->op == CLI_OP_STS)
			sent &= app_call_identity(a, c);
		else
			sent &= app_call(a, c, (enum shub_op)cmd->op, &cmd->params);
	}
	sent &= app_group_end(a);
	return sent || fleet;
}

struct app *cli_open(const struct cli_options *opts, int *rc)
{
	struct buf err;
	buf_init(&err);
	struct app *a = app_new(opts, &err);
	if (!a) {
		say("\n", buf_str(&err), "\n");
		*rc = CLI_EXIT_OTHER;
	} else {
		a->mfa_prompt = cli_mfa_prompt;
		if ((*rc = open_contexts(a)) != CLI_EXIT_OK) {
			app_free(a);
			a = NULL;
		}
	}
	buf_done(&err);
	return a;
}

int cli_run(const struct cli_options *opts, const struct cli_command *cmd)
{
	if (!log_open(opts->debug)) {
		fprintf(stderr, "shtui: cannot open the debug log %s: %s\n",
			getenv("SHTUI_LOG"), strerror(errno));
		return CLI_EXIT_CONFIG;
	}
	/* A helper (credential_process) ends with the command, however it ends. */
	child_end_with_signals();
	/* What an earlier run left unsettled is read and settled first. */
	recover_report(opts);
	bool changes = cmd->op != CLI_OP_STS && shub_op_changes_state((enum shub_op)cmd->op);
	if (changes && (opts->dry_run || app_is_fleet(opts) || cmd->by_administrator)) {
		int rc = cli_plan_run(opts, cmd->op, &cmd->params, cmd->fmt);
		log_close();
		return rc;
	}
	int rc;
	struct app *a = cli_open(opts, &rc);
	if (!a) {
		/* said why; nothing to ask */
	} else if (!send_all(a, cmd) && a->out_of_memory) {
		fprintf(stderr, "\nout of memory\n");
		rc = CLI_EXIT_OTHER;
	} else {
		app_wait_all(a);
		rc = app_is_fleet(opts) ? cli_fleet_print(a, cmd) : cli_print_one(a->contexts[0], cmd);
	}
	/* Memory that ran out is no want of configuration or credentials. */
	if (a && a->out_of_memory && rc == CLI_EXIT_CONFIG) {
		fprintf(stderr, "shtui: out of memory\n");
		rc = CLI_EXIT_OTHER;
	}
	app_free(a);
	log_close();
	return rc;
}
