/* SPDX-License-Identifier: Apache-2.0 */
/* widget_status.c: the status bar: what is in flight, the last result or error in full, and the keys. */
#include "config.h"

#include "widget.h"

#include <stdio.h>
#include <string.h>

#include <curses.h>

/* The keys line: the main actions from the table, those that change the
 * service left out under --read-only. */
static void keys_line(struct ui *ui, int y, int cols)
{
	static const enum ui_action page[] = {
		ACT_TOGGLE, ACT_ACCEPT, ACT_DECLINE, ACT_REFRESH, ACT_REGION,
		ACT_FILTER, ACT_FLEET, ACT_HELP, ACT_QUIT,
	};
	static const enum ui_action fleet[] = {
		ACT_BULK_ACCEPT, ACT_BULK_DECLINE, ACT_ACTIVATE, ACT_SORT, ACT_FILTER,
		ACT_REFRESH, ACT_FLEET, ACT_HELP, ACT_QUIT,
	};
	static const char *const words[UI_N_ACTIONS] = {
		[ACT_TOGGLE] = "Toggle", [ACT_ACCEPT] = "Accept", [ACT_DECLINE] = "Decline",
		[ACT_FOCUS_NEXT] = "Focus", [ACT_REFRESH] = "Refresh", [ACT_REGION] = "Region",
		[ACT_PROFILE] = "Profile", [ACT_FILTER] = "Filter", [ACT_HELP] = "Help",
		[ACT_QUIT] = "Quit", [ACT_FLEET] = "Fleet", [ACT_BULK_ACCEPT] = "Accept all",
		[ACT_BULK_DECLINE] = "Decline all", [ACT_ACTIVATE] = "Open", [ACT_SORT] = "Sort",
	};
	bool on_fleet = ui->screen == SCREEN_FLEET;
	const enum ui_action *shown = on_fleet ? fleet : page;
	size_t n_shown = on_fleet ? sizeof fleet / sizeof fleet[0] : sizeof page / sizeof page[0];
	ui_fill(y, 0, 1, cols, term_attr(ROLE_STATUS));
	int x = 1;
	for (size_t i = 0; i < n_shown; i++) {
		const struct ui_action_info *a = &ui_actions[shown[i]];
		if (ui->app->opts.read_only && (a->flags & UI_CHANGES))
			continue;
		const char *key = shown[i] == ACT_TOGGLE ? "Space" : shown[i] == ACT_FOCUS_NEXT ? "Tab"
				  : shown[i] == ACT_ACTIVATE ? "Enter" : a->label;
		int need = ui_width(key) + 1 + ui_width(words[shown[i]]) + 2;
		if (x + need > cols)
			break;
		int kx = x;
		x += ui_puts(y, x, cols - x, key, term_attr(ROLE_KEY));
		x += ui_puts(y, x, cols - x, " ", term_attr(ROLE_STATUS));
		x += ui_puts(y, x, cols - x, words[shown[i]], term_attr(ROLE_STATUS));
		ui_hit_add(ui, y, kx, 1, x - kx, -1, -1, shown[i]);
		x += 2;
	}
}

void widget_status_draw(struct ui *ui, int y, int h, int cols)
{
	struct app *a = ui->app;
	struct context *c = ui->ctx;
	if (h <= 0)
		return;
	/* Row 1: what is going on. */
	ui_fill(y, 0, h - 1, cols, term_attr(ROLE_NORMAL));
	int in_flight = app_in_flight(a);
	char line[256];
	if (c && c->change_in_flight >= 0) {
		snprintf(line, sizeof line, "%s %s in %s: waiting for the service…",
			 ui_spinner(ui), shub_op_name((enum shub_op)c->change_in_flight), c->region);
		ui_puts(y, 1, cols - 2, line, term_attr(ROLE_WARN));
	} else if (in_flight > 0) {
		snprintf(line, sizeof line, "%s %d call%s in flight", ui_spinner(ui), in_flight,
			 in_flight == 1 ? "" : "s");
		ui_puts(y, 1, cols - 2, line, term_attr(ROLE_LABEL));
	} else {
		ui_puts(y, 1, cols - 2, "Ready.", term_attr(ROLE_LABEL));
	}
	/* Then the last result or error, in full, wrapped. */
	if (h > 2 && a->status)
		ui_wrap(y + 1, 1, cols - 2, h - 2, a->status,
			term_attr(a->status_error ? ROLE_ERROR : ROLE_OK));
	/* Last row: the filter being typed, or the keys. */
	if (ui->filtering) {
		ui_fill(y + h - 1, 0, 1, cols, term_attr(ROLE_STATUS));
		int x = ui_puts(y + h - 1, 1, cols - 2, "Filter: ", term_attr(ROLE_KEY));
		x += ui_put(y + h - 1, 1 + x, cols - 3 - x, ui->filter, term_attr(ROLE_STATUS));
		ui_puts(y + h - 1, 1 + x, 1, "_", term_attr(ROLE_KEY));
		ui_puts(y + h - 1, cols - 28 > 2 + x ? cols - 28 : cols, 27,
			"Enter keep · Esc clear", term_attr(ROLE_STATUS));
	} else {
		keys_line(ui, y + h - 1, cols);
	}
}
