/* SPDX-License-Identifier: Apache-2.0 */
/* mankeys.c: prints the man page's KEYS section from the key table the screen uses. */
#include "config.h"

#include <stdio.h>

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

int main(void)
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
	return 0;
}
