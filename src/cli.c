/* SPDX-License-Identifier: Apache-2.0 */
/* cli.c: the command line read into options and a command (the commands, their arguments, --help), then run. */
#include "config.h"

#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_reach.h"
#include "cli_options.h"
#include "completion.h"
#include "endpoint.h"
#include "output.h"
#include "shub.h"
#include "text.h"

/* Per-command arguments. */
enum {
	ARG_ADMIN = 1u << 0,       /* --administrator-id */
	ARG_MASTER = 1u << 1,      /* --master-id */
	ARG_INVITATION = 1u << 2,  /* --invitation-id */
	ARG_ACCOUNTS = 1u << 3,    /* --account-ids ID... */
	ARG_HUB_ARN = 1u << 4,     /* --hub-arn */
	ARG_STANDARDS = 1u << 5,   /* --[no-]enable-default-standards */
};

/* X(name, operation or CLI_OP_STS, required args, optional args, help) */
#define CLI_COMMANDS(X)                                                        \
	X("list-invitations", SHUB_LIST_INVITATIONS, 0, 0,                     \
	  "the invitations this account has received (every page)")           \
	X("get-invitations-count", SHUB_GET_INVITATIONS_COUNT, 0, 0,           \
	  "how many invitations are pending")                                  \
	X("get-administrator-account", SHUB_GET_ADMINISTRATOR_ACCOUNT, 0, 0,   \
	  "this account's administrator account, if any")                     \
	X("get-master-account", SHUB_GET_MASTER_ACCOUNT, 0, 0,                 \
	  "the same, with the legacy call (prints Master)")                   \
	X("accept-administrator-invitation", SHUB_ACCEPT_ADMINISTRATOR_INVITATION, \
	  ARG_ADMIN, ARG_INVITATION,                                           \
	  "accept an invitation: --administrator-id ID [--invitation-id ID]")  \
	X("accept-invitation", SHUB_ACCEPT_INVITATION, ARG_MASTER | ARG_INVITATION, 0, \
	  "the same, with the legacy call: --master-id ID --invitation-id ID") \
	X("decline-invitations", SHUB_DECLINE_INVITATIONS, ARG_ACCOUNTS, 0,    \
	  "decline the invitations from --account-ids ID...")                  \
	X("delete-invitations", SHUB_DELETE_INVITATIONS, ARG_ACCOUNTS, 0,      \
	  "delete the invitations from --account-ids ID...")                   \
	X("disassociate-from-administrator-account",                           \
	  SHUB_DISASSOCIATE_FROM_ADMINISTRATOR_ACCOUNT, 0, 0,                  \
	  "leave the current administrator account")                          \
	X("disassociate-from-master-account", SHUB_DISASSOCIATE_FROM_MASTER_ACCOUNT, 0, 0, \
	  "the same, with the legacy call")                                    \
	X("describe-hub", SHUB_DESCRIBE_HUB, 0, ARG_HUB_ARN,                   \
	  "whether Security Hub is enabled here [--hub-arn ARN]")             \
	X("enable-security-hub", SHUB_ENABLE_SECURITY_HUB, 0, ARG_STANDARDS,   \
	  "enable Security Hub [--no-enable-default-standards]")              \
	X("get-caller-identity", CLI_OP_STS, 0, 0,                                \
	  "the account and identity the credentials act as")                  \
	X("whoami", CLI_OP_STS, 0, 0, "the same as get-caller-identity")

struct command {
	const char *name;
	int op;
	unsigned required, optional;
	const char *help;
};

static const struct command commands[] = {
#define CLI_CMD_ROW(name, op, req, opt, help) { name, op, req, opt, help },
	CLI_COMMANDS(CLI_CMD_ROW)
#undef CLI_CMD_ROW
};

static const struct {
	unsigned bit;
	const char *flag;
} arg_flags[] = {
	{ ARG_ADMIN, "--administrator-id" },
	{ ARG_MASTER, "--master-id" },
	{ ARG_INVITATION, "--invitation-id" },
	{ ARG_ACCOUNTS, "--account-ids" },
	{ ARG_HUB_ARN, "--hub-arn" },
};

bool cli_command_info(size_t i, const char **name, const char **help, const char *flags[8])
{
	if (i >= sizeof commands / sizeof commands[0])
		return false;
	const struct command *c = &commands[i];
	size_t n = 0;
	for (size_t k = 0; k < sizeof arg_flags / sizeof arg_flags[0]; k++)
		if ((c->required | c->optional) & arg_flags[k].bit)
			flags[n++] = arg_flags[k].flag;
	if ((c->required | c->optional) & ARG_STANDARDS) {
		flags[n++] = "--enable-default-standards";
		flags[n++] = "--no-enable-default-standards";
	}
	flags[n] = NULL;
	*name = c->name;
	*help = c->help;
	return true;
}

struct cli_args {
	const char *administrator_id;
	const char *invitation_id;
	const char **account_ids;
	size_t n_account_ids;
	const char *hub_arn;
	int enable_default_standards;
	unsigned given;
};

const struct cli_option cli_options[] = {
#define CLI_OPT_ROW(s, l, arg, help, man) { s, l, arg, help, man },
	CLI_OPTIONS(CLI_OPT_ROW)
#undef CLI_OPT_ROW
};
const size_t cli_n_options = sizeof cli_options / sizeof cli_options[0];

/* One entry of --help: `left` in a column `col` wide after two spaces,
 * then `text` wrapped at word ends to 79 columns ("\n" breaks too). */
static void print_entry(FILE *out, const char *left, int col, const char *text)
{
	int at = fprintf(out, "  %-*s ", col, left);
	bool fresh = true;
	for (const char *w = text; *w;) {
		size_t n = strcspn(w, " \n");
		if (*w == ' ' || *w == '\n' || (!fresh && at + 1 + (int)n > 79)) {
			if (*w != ' ') {
				fprintf(out, "\n%*s", col + 3, "");
				at = col + 3;
				fresh = true;
			}
			w += *w == ' ' || *w == '\n';
			continue;
		}
		at += fprintf(out, "%s%.*s", fresh ? "" : " ", (int)n, w);
		fresh = false;
		w += n;
	}
	fputc('\n', out);
}

/* The options' lines of --help, from the table the man page is made from. */
static void print_options(FILE *out)
{
	for (size_t i = 0; i < cli_n_options; i++) {
		const struct cli_option *o = &cli_options[i];
		char left[64];
		snprintf(left, sizeof left, "%s%s%s%s%s", o->short_name ? o->short_name : "",
			 o->short_name ? ", " : "", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
		print_entry(out, left, 24, o->help);
	}
}

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: shtui [OPTION]...                  the Settings -> Accounts screen\n"
		"       shtui [OPTION]... COMMAND [ARG]... one command, for scripts\n"
		"\n"
		"The AWS Security Hub Settings -> Accounts page in a terminal: the\n"
		"administrator (master) account, the pending invitations, accept and decline.\n"
		"\n"
		"Commands (named and shaped as in 'aws securityhub' and 'aws sts'):\n");
	fprintf(out, "  %-40s %s\n", "journal [--unsettled] [--since TIME]",
		"the journal of state-changing calls");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		print_entry(out, commands[i].name, 39, commands[i].help);
	print_entry(out, "completion bash|zsh", 39, "print the shell's completion script");
	fputs("\nOptions (before or after the command):\n", out);
	print_options(out);
	fprintf(out,
		"\n"
		"Exit status: 0 success, 252 usage error, 253 configuration or credentials,\n"
		"254 the service answered with an error, 255 anything else.\n"
		"\n"
		"Report bugs to <%s>.\n", PACKAGE_BUGREPORT);
}

/* Prints "shtui: error: " then `what` (with `arg`, made visible, after
 * it when given) and the pointer to --help; returns the usage exit code. */
static int usage_error(const char *what, const char *arg)
{
	/* An empty argument is shown as '', so the line never ends in nothing. */
	char *safe = arg ? text_visible_dup(*arg ? arg : "''") : NULL;
	fprintf(stderr, "shtui: error: %s%s%s\nTry 'shtui --help' for more information.\n",
		what, arg ? " " : "", safe ? safe : "");
	free(safe);
	return CLI_EXIT_USAGE;
}

/*
 * --regions is "all" or region names separated by commas; --profiles is
 * shell patterns separated by commas. An empty list or an empty item is a
 * usage error, said in one line, rather than no context at all.
 */
static int check_lists(const struct cli_options *o)
{
	for (int k = 0; k < 2; k++) {
		const char *list = k ? o->profiles : o->regions;
		if (!list || (!k && strcmp(list, "all") == 0))
			continue;
		bool ok = true;
		for (const char *p = list; ok;) {
			size_t n = strcspn(p, ",");
			char *item = strndup(p, n);
			ok = item && n > 0 && (k || endpoint_region_valid(item));
			free(item);
			if (!p[n])
				break;
			p += n + 1;
		}
		if (ok)
			continue;
		struct buf q;
		buf_init(&q);
		buf_printf(&q, "'%s'", list);
		usage_error(k ? "--profiles takes profile names or patterns separated by commas "
				"(prod-*,dev), not"
			      : "--regions takes region names separated by commas "
				"(us-east-1,eu-west-1) or all, not", buf_str(&q));
		buf_done(&q);
		return CLI_EXIT_USAGE;
	}
	return CLI_EXIT_OK;
}

/* --accounts needs --role-name, and the role's options need --accounts
 * (--role-name also goes with --sso-accounts); the list or the file is
 * read now, so a bad line is a usage error. */
static int check_reach(const struct cli_options *o)
{
	if (o->accounts && o->sso_accounts)
		return usage_error("--accounts and --sso-accounts are two ways to name the accounts: "
				   "give one", NULL);
	if (o->sso_accounts && (o->role_path || o->external_id || o->role_session_name ||
				o->duration_seconds))
		return usage_error("--sso-accounts takes --role-name only (the portal gives the "
				   "sessions)", NULL);
	if (o->sso_accounts)
		return CLI_EXIT_OK;
	if (!o->accounts) {
		const char *lone = o->role_name ? "--role-name" : o->role_path ? "--role-path" :
				   o->external_id ? "--external-id" :
				   o->role_session_name ? "--role-session-name" :
				   o->duration_seconds ? "--duration-seconds" : NULL;
		if (!lone)
			return CLI_EXIT_OK;
		struct buf q;
		buf_init(&q);
		buf_printf(&q, "%s belongs with --accounts (or --role-name with --sso-accounts)", lone);
		usage_error(buf_str(&q), NULL);
		buf_done(&q);
		return CLI_EXIT_USAGE;
	}
	if (!o->role_name || !*o->role_name)
		return usage_error("--accounts needs --role-name, the role to assume in each account",
				   NULL);
	struct app_reach_account *list;
	size_t n;
	struct buf err;
	buf_init(&err);
	enum shtui_status st = app_reach_accounts_read(o->accounts, &list, &n, &err);
	app_reach_accounts_free(list, n);
	int rc = CLI_EXIT_OK;
	if (st != SHTUI_OK) {
		/* The file's text is shown made visible. */
		char *safe = text_visible_dup(buf_str(&err));
		usage_error(safe ? safe : "out of memory", NULL);
		free(safe);
		rc = st == SHTUI_ENOMEM ? CLI_EXIT_OTHER : CLI_EXIT_USAGE;
	}
	buf_done(&err);
	return rc;
}

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* "--name=value" or "--name value"; advances *i past what it used. */
static const char *opt_value(int argc, char **argv, int *i, const char *name,
			     bool *matched, bool *missing)
{
	size_t n = strlen(name);
	const char *a = argv[*i];
	*matched = *missing = false;
	if (strncmp(a, name, n) != 0)
		return NULL;
	if (a[n] == '=') {
		*matched = true;
		return a + n + 1;
	}
	if (a[n] != '\0')
		return NULL;
	*matched = true;
	if (*i + 1 >= argc) {
		*missing = true;
		return NULL;
	}
	return argv[++*i];
}

static bool parse_seconds(const char *s, long *ms)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end || v < 0 || v > 86400)
		return false;
	*ms = (long)(v * 1000);
	return true;
}

int cli_parse(int argc, char **argv, struct cli_options *o, struct cli_command *parsed,
	      bool *has_cmd)
{
	const struct command *cmd = NULL;
	struct cli_args a;
	int rc = CLI_EXIT_OK;
	memset(o, 0, sizeof *o);
	o->max_concurrency = CLI_DEFAULT_MAX_CONCURRENCY;
	memset(parsed, 0, sizeof *parsed);
	*has_cmd = false;
	memset(&a, 0, sizeof a);
	a.enable_default_standards = -1;
	if (argc > 1 && strcmp(argv[1], "completion") == 0)
		return completion_main(argc - 1, argv + 1);
	a.account_ids = calloc((size_t)argc + 1, sizeof *a.account_ids);
	if (!a.account_ids) {
		fprintf(stderr, "shtui: out of memory\n");
		return CLI_EXIT_OTHER;
	}

	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		bool m, missing;
		const char *v;
#define GLOBAL_STR(flag, field)                                                 \
		v = opt_value(argc, argv, &i, flag, &m, &missing);              \
		if (m) {                                                        \
			if (missing) {                                          \
				rc = usage_error("expected one argument after", flag); \
				goto out;                                       \
			}                                                       \
			o->field = v;                                           \
			continue;                                               \
		}
		GLOBAL_STR("--profile", profile)
		GLOBAL_STR("--regions", regions)
		GLOBAL_STR("--region", region)
		GLOBAL_STR("--profiles", profiles)
		GLOBAL_STR("--endpoint-url", endpoint_url)
		GLOBAL_STR("--ca-bundle", ca_bundle)
		GLOBAL_STR("--output", output)
		GLOBAL_STR("--accounts", accounts)
		GLOBAL_STR("--role-name", role_name)
		GLOBAL_STR("--role-path", role_path)
		GLOBAL_STR("--external-id", external_id)
		GLOBAL_STR("--role-session-name", role_session_name)
#undef GLOBAL_STR
		v = opt_value(argc, argv, &i, "--max-concurrency", &m, &missing);
		if (m) {
			char *end;
			long n = missing ? 0 : strtol(v, &end, 10);
			if (missing || *end || n < 1 || n > 1024) {
				rc = usage_error("--max-concurrency takes a number from 1 to 1024, not", missing ? "nothing" : v);
				goto out;
			}
			o->max_concurrency = (int)n;
			continue;
		}
		v = opt_value(argc, argv, &i, "--duration-seconds", &m, &missing);
		if (m) {
			char *end;
			long n = missing ? 0 : strtol(v, &end, 10);
			if (missing || *end || n < 900 || n > 43200) {
				rc = usage_error("--duration-seconds takes a number from 900 to 43200, not",
						 missing ? "nothing" : v);
				goto out;
			}
			o->duration_seconds = (int)n;
			continue;
		}
		v = opt_value(argc, argv, &i, "--cli-connect-timeout", &m, &missing);
		if (!m)
			v = opt_value(argc, argv, &i, "--connect-timeout", &m, &missing);
		if (m) {
			if (missing || !parse_seconds(v, &o->connect_timeout_ms)) {
				rc = usage_error("--cli-connect-timeout takes seconds, not", missing ? "nothing" : v);
				goto out;
			}
			continue;
		}
		v = opt_value(argc, argv, &i, "--cli-read-timeout", &m, &missing);
		if (!m)
			v = opt_value(argc, argv, &i, "--timeout", &m, &missing);
		if (m) {
			if (missing || !parse_seconds(v, &o->timeout_ms)) {
				rc = usage_error("--cli-read-timeout takes seconds, not", missing ? "nothing" : v);
				goto out;
			}
			continue;
		}
		if (strcmp(arg, "--debug") == 0) {
			o->debug = true;
			continue;
		}
		if (strcmp(arg, "--no-color") == 0) {
			o->no_color = true;
			continue;
		}
		if (strcmp(arg, "--no-osc52") == 0) {
			o->no_osc52 = true;
			continue;
		}
		if (strcmp(arg, "--sso-accounts") == 0) {
			o->sso_accounts = true;
			continue;
		}
		if (strcmp(arg, "--read-only") == 0) {
			o->read_only = true;
			continue;
		}
		if (strcmp(arg, "--dry-run") == 0 || strcmp(arg, "--yes") == 0) {
			*(arg[2] == 'd' ? &o->dry_run : &o->yes) = true;
			continue;
		}
		if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0 || strcmp(arg, "help") == 0) {
			usage(stdout);
			goto out;
		}
		if (strcmp(arg, "-V") == 0 || strcmp(arg, "--version") == 0) {
			printf("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
			goto out;
		}
		if (strcmp(arg, "--enable-default-standards") == 0 ||
		    strcmp(arg, "--no-enable-default-standards") == 0) {
			a.enable_default_standards = arg[2] != 'n';
			a.given |= ARG_STANDARDS;
			continue;
		}
		bool known = false;
		for (size_t k = 0; k < sizeof arg_flags / sizeof arg_flags[0] && !known; k++) {
			v = opt_value(argc, argv, &i, arg_flags[k].flag, &m, &missing);
			if (!m)
				continue;
			known = true;
			if (missing) {
				rc = usage_error("expected one argument after", arg_flags[k].flag);
				goto out;
			}
			a.given |= arg_flags[k].bit;
			switch (arg_flags[k].bit) {
			case ARG_ADMIN:
			case ARG_MASTER:
				a.administrator_id = v;
				break;
			case ARG_INVITATION:
				a.invitation_id = v;
				break;
			case ARG_HUB_ARN:
				a.hub_arn = v;
				break;
			case ARG_ACCOUNTS:
				/* One or more IDs, until the next option. */
				a.account_ids[a.n_account_ids++] = v;
				while (i + 1 < argc && argv[i + 1][0] != '-' &&
				       !(cmd == NULL && find_command(argv[i + 1])))
					a.account_ids[a.n_account_ids++] = argv[++i];
				break;
			}
		}
		if (known)
			continue;
		if (arg[0] == '-') {
			rc = usage_error("unknown option:", arg);
			goto out;
		}
		if (cmd) {
			rc = usage_error("unexpected argument:", arg);
			goto out;
		}
		if (strcmp(arg, "journal") == 0) {
			rc = cli_journal_main(argc - i - 1, argv + i + 1, o);
			goto out;
		}
		cmd = find_command(arg);
		if (!cmd) {
			rc = usage_error("unknown command:", arg);
			goto out;
		}
	}

	if ((rc = check_lists(o)) != CLI_EXIT_OK || (rc = check_reach(o)) != CLI_EXIT_OK)
		goto out;
	if (!cmd) {
		if (a.given) {
			rc = usage_error("options such as --account-ids belong to a command", NULL);
			goto out;
		}
		rc = -1;
		goto out;
	}
	unsigned allowed = cmd->required | cmd->optional;
	if (a.given & ARG_ADMIN & ~allowed && cmd->op == SHUB_ACCEPT_INVITATION) {
		rc = usage_error("accept-invitation takes --master-id, not --administrator-id", NULL);
		goto out;
	}
	for (size_t k = 0; k < sizeof arg_flags / sizeof arg_flags[0]; k++) {
		if ((a.given & arg_flags[k].bit) && !(allowed & arg_flags[k].bit)) {
			rc = usage_error("unknown option for this command:", arg_flags[k].flag);
			goto out;
		}
		if ((cmd->required & arg_flags[k].bit) && !(a.given & arg_flags[k].bit)) {
			rc = usage_error("the following arguments are required:", arg_flags[k].flag);
			goto out;
		}
	}
	if ((a.given & ARG_STANDARDS) && !(allowed & ARG_STANDARDS)) {
		rc = usage_error("--[no-]enable-default-standards belongs to enable-security-hub", NULL);
		goto out;
	}
	int fmt = OUTPUT_JSON;
	if (o->output && (fmt = output_format_parse(o->output)) < 0) {
		rc = usage_error("--output takes json, text or table, not", o->output);
		goto out;
	}
	bool changes = cmd->op != CLI_OP_STS && shub_op_changes_state((enum shub_op)cmd->op);
	if (o->dry_run && !changes) {
		rc = usage_error("--dry-run belongs to the commands that change state", NULL);
		goto out;
	}
	parsed->op = cmd->op;
	parsed->op_name = cmd->op == CLI_OP_STS ? "GetCallerIdentity"
					     : shub_op_name((enum shub_op)cmd->op);
	parsed->fmt = fmt;
	parsed->params = (struct shub_params){
		.administrator_id = a.administrator_id,
		.invitation_id = a.invitation_id,
		.account_ids = a.account_ids,
		.n_account_ids = a.n_account_ids,
		.enable_default_standards = a.enable_default_standards,
		.hub_arn = a.hub_arn,
	};
	parsed->account_ids = a.account_ids;
	parsed->by_administrator = cmd->op == SHUB_ACCEPT_ADMINISTRATOR_INVITATION &&
				   !(a.given & ARG_INVITATION);
	a.account_ids = NULL;
	*has_cmd = true;
	rc = -1;
out:
	free(a.account_ids);
	return rc;
}

void cli_command_done(struct cli_command *cmd)
{
	free(cmd->account_ids);
	memset(cmd, 0, sizeof *cmd);
}

int cli_main(int argc, char **argv, struct cli_options *opts)
{
	struct cli_command cmd;
	bool has_cmd;
	int rc = cli_parse(argc, argv, opts, &cmd, &has_cmd);
	if (rc < 0 && has_cmd)
		rc = cli_run(opts, &cmd);
	cli_command_done(&cmd);
	return rc;
}
