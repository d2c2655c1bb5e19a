/* SPDX-License-Identifier: Apache-2.0 */
/* mansections.c: prints the man page's OPTIONS or KEYS section from the tables --help and the screen use. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli_options.h"
#include "ui.h"

/* Escapes what troff would read as requests or escapes. */
static void troff(const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\e", stdout);
		else if (*s == '-')
			fputs("\\-", stdout);
		else
			putchar(*s);
	}
}

static void options(void)
{
	for (size_t i = 0; i < cli_n_options; i++) {
		const struct cli_option *o = &cli_options[i];
		fputs(".TP\n", stdout);
		if (o->short_name) {
			fputs("\\fB", stdout);
			troff(o->short_name);
			fputs("\\fR, ", stdout);
		}
		fputs("\\fB", stdout);
		troff(o->name);
		fputs("\\fR", stdout);
		if (o->arg) {
			fputs(" \\fI", stdout);
			troff(o->arg);
			fputs("\\fR", stdout);
		}
		putchar('\n');
		troff(o->man);
		putchar('\n');
	}
}

static void keys(void)
{
	for (int i = 0; i < UI_N_ACTIONS; i++) {
		fputs(".TP\n.B ", stdout);
		troff(ui_actions[i].label);
		putchar('\n');
		troff(ui_actions[i].help);
		if (ui_actions[i].flags & UI_CHANGES)
			fputs(" (not with \\-\\-read\\-only)", stdout);
		fputs(".\n", stdout);
	}
	fputs(".TP\n.B y, n, Esc\nIn a confirmation dialog: ", stdout);
	troff(UI_DIALOG_KEYS);
	fputs(". Nothing that changes the service is sent before y.\n", stdout);
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "options") == 0)
		options();
	else if (argc == 2 && strcmp(argv[1], "keys") == 0)
		keys();
	else {
		fputs("usage: mansections options|keys\n", stderr);
		return 2;
	}
	return ferror(stdout) ? 1 : 0;
}
