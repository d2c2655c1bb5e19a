/* SPDX-License-Identifier: Apache-2.0 */
/* cli_options.h: the global options as one table, for --help, the man page's OPTIONS and completion alike. */
#ifndef SHTUI_CLI_OPTIONS_H
#define SHTUI_CLI_OPTIONS_H

/*
 * X(SHORT, LONG, ARG, HELP, MAN)
 *   SHORT  "-h" or NULL
 *   LONG   "--help"
 *   ARG    the value's name ("NAME"), NULL for a flag
 *   HELP   the --help line: lower case, no full stop, "\n" between lines
 *          of at most 50 columns
 *   MAN    the man page's paragraph: sentences, plain text (the generator
 *          escapes it for troff)
 * The order is the order of --help and of the man page. An option added
 * here is documented in both; the parser in cli.c must accept it
 * (tests/cli/test-cli-usage.t checks that every listed option parses).
 */
#define CLI_OPTIONS(X)                                                                  \
	X(NULL, "--profile", "NAME", "the profile in the AWS config files",                \
	  "Use the profile NAME in the AWS config files (else AWS_PROFILE, else "          \
	  "default).")                                                                      \
	X(NULL, "--region", "REGION", "the region to act in",                              \
	  "Act in REGION (else AWS_REGION, AWS_DEFAULT_REGION, the profile's region).")    \
	X(NULL, "--profiles", "GLOB[,GLOB]", "every matching profile (one context each)",  \
	  "Every profile whose name matches one of the shell patterns (quote them), "      \
	  "each a context of its own: the fleet screen, or one JSON array.")               \
	X(NULL, "--regions", "R1,R2|all", "every listed region, or all Security Hub\n"     \
	  "regions of the partition",                                                      \
	  "Every region in the comma-separated list, or all for every region of the "      \
	  "partition where Security Hub runs, each a context of its own.")                 \
	X(NULL, "--accounts", "ID,ID|@FILE", "every listed account, reached by assuming\n"  \
	  "--role-name in it (one context per region)",                                   \
	  "Every account in the comma-separated list, or in FILE (one account ID a line, " \
	  "or CSV whose first column is the account ID and optional second column its "    \
	  "name, as the accounts.csv of the AWS multi-account scripts; # comments and a "   \
	  "header line are allowed), each reached by AssumeRole from the credentials of "  \
	  "--profile (else the default chain) into arn:PARTITION:iam::ACCOUNT:role/PATH/NAME: " \
	  "one AssumeRole per account, however many regions, refreshed before it expires.") \
	X(NULL, "--sso-accounts", NULL, "every account the profile's SSO session may\n"   \
	  "use (IAM Identity Center), one context per region",                            \
	  "Every account the SSO session of --profile (IAM Identity Center) may use, "     \
	  "with the role --role-name names, or the account's only role: an account with "  \
	  "several roles and no --role-name is listed as needing one, not guessed. Each "  \
	  "account is reached with the portal's keys for that role, one GetRoleCredentials " \
	  "per account; the portal gives the accounts' names. The fleet screen opens at "   \
	  "once and lists them meanwhile: the status line counts the accounts listed so "   \
	  "far, each account's rows come as its roles do, keys are answered throughout, a " \
	  "page that fails is said (i shows it whole), and r asks again for what could "   \
	  "not be listed: the rest of the pages, and the roles of an account. A "          \
	  "command waits for the whole list before it starts.")                            \
	X(NULL, "--role-name", "NAME", "the role --accounts assumes in each account,\n"  \
	  "or the role --sso-accounts uses",                                               \
	  "The name of the role --accounts assumes in each account, or of the role "      \
	  "--sso-accounts uses in each account.")                                          \
	X(NULL, "--role-path", "PATH", "the role's IAM path (default /)",                  \
	  "The IAM path of that role (default /).")                                        \
	X(NULL, "--external-id", "ID", "the external ID the role's trust asks for",       \
	  "The external ID that role's trust policy asks for.")                            \
	X(NULL, "--role-session-name", "NAME", "the name of each assumed-role session",    \
	  "The name of each assumed-role session (default shtui-session-TIME).")           \
	X(NULL, "--duration-seconds", "SECS", "how long each role session lasts (900-43200)", \
	  "How long each role session lasts, from 900 to 43200 seconds (default: STS's, "  \
	  "one hour); sessions are renewed before they end.")                               \
	X(NULL, "--endpoint-url", "URL", "send Security Hub and STS calls to URL",         \
	  "Send Security Hub and STS calls to URL (an emulator, for example).")            \
	X(NULL, "--ca-bundle", "FILE", "trust the certificates in FILE",                   \
	  "Trust the certificates in FILE (PEM) instead of the system's.")                 \
	X(NULL, "--output", "FORMAT", "json (default), text or table",                     \
	  "How one-shot commands print their reply: json (the default), text or "          \
	  "table, as the AWS CLI prints them.")                                            \
	X(NULL, "--cli-connect-timeout", "S", "seconds to wait for a connection "           \
	  "(default 5)",                                                                   \
	  "Seconds to wait for a connection (default 5).")                                 \
	X(NULL, "--cli-read-timeout", "S", "seconds a call may take in all (default 30)",  \
	  "Seconds a call may take in all (default 30).")                                  \
	X(NULL, "--max-concurrency", "N", "calls in flight at once (default 64)",          \
	  "Calls in flight at once, from 1 to 1024 (default 64). Each call waits mostly "  \
	  "on the network, so the time a fleet takes is about its calls times the round "  \
	  "trip divided by this number: 300 profiles in 17 regions at 100 ms a call take " \
	  "35 s at 16, 9 s at 64 and 3 s at 256. 64 keeps a fleet of thousands of "         \
	  "contexts within seconds while the service's per-account rate limits and the "   \
	  "open connections stay modest; raise it for tens of thousands of contexts.")    \
	X(NULL, "--dry-run", NULL, "print what a change would send where; send nothing",  \
	  "For a command that changes state: read every place, print the plan (one "      \
	  "JSON object per place with the operation and parameters, or why nothing would " \
	  "be sent there) and send nothing.")                                              \
	X(NULL, "--yes", NULL, "change several contexts without asking",                  \
	  "Change more than one place without asking (needed without a terminal; else "   \
	  "exit 252).")                                                                    \
	X(NULL, "--read-only", NULL, "show and bind nothing that changes the service",     \
	  "Show no control that changes the service and bind no key that would.")          \
	X(NULL, "--no-color", NULL, "draw in the monochrome scheme",                       \
	  "Draw in the monochrome scheme, as NO_COLOR does.")                              \
	X(NULL, "--no-osc52", NULL, "c copies nothing through the terminal (OSC 52)",      \
	  "Make c copy nothing through the terminal (OSC 52), as SHTUI_NO_OSC52=1 does.")  \
	X(NULL, "--debug", NULL, "log requests and replies (secrets redacted) to\n"        \
	  "stderr, or to the file named by SHTUI_LOG",                                     \
	  "Log requests and replies, secrets redacted, to stderr or to the file named "    \
	  "by SHTUI_LOG.")                                                                 \
	X("-h", "--help", NULL, "show this help and exit", "Show the help and exit.")      \
	X("-V", "--version", NULL, "show the version and exit", "Show the version and exit.")

#include <stdbool.h>
#include <stddef.h>

/* One row of the table. */
struct cli_option {
	const char *short_name, *name, *arg, *help, *man;
};

/* The table as an array (cli.c), for --help and the man page's generator. */
extern const struct cli_option cli_options[];
extern const size_t cli_n_options;

/* The i-th command's name, help line and own options (NULL-terminated in
 * `flags`); false past the last command. For completion. Any thread. */
bool cli_command_info(size_t i, const char **name, const char **help, const char *flags[8]);

#endif
