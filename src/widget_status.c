/* SPDX-License-Identifier: Apache-2.0 */
/* widget_status.c: the status bar: what is in flight, the last result or error in full, and the keys. */
#include "config.h"

#include "widget.h"

#include <stdio.h>
#include <string.h>

#include <curses.h>

/* A key on the keys line; `keep` ranks what stays when the line is short
 * (? Help and q Quit always stay). */
struct key_item {
	enum ui_action act;
	const char *word;
	int keep;
};

static const struct key_item page_keys[] = {
	{ ACT_TOGGLE, "Toggle", 7 }, { ACT_ACCEPT, "Accept", 8 }, { ACT_DECLINE, "Decline", 6 },
	{ ACT_REFRESH, "Refresh", 4 }, { ACT_REGION, "Region", 2 }, { ACT_FILTER, "Filter", 1 },
	{ ACT_FLEET, "Fleet", 3 }, { ACT_DETAILS, "Details", 9 }, { ACT_HELP, "Help", 99 },
	{ ACT_QUIT, "Quit", 99 },
};

static const struct key_item fleet_keys[] = {
	{ ACT_BULK_ACCEPT, "Accept all", 8 }, { ACT_BULK_DECLINE, "Decline all", 6 },
	{ ACT_ACTIVATE, "Open", 5 }, { ACT_SORT, "Sort", 1 }, { ACT_FILTER, "Filter", 2 },
	{ ACT_REFRESH, "Refresh", 3 }, { ACT_FLEET, "Page", 4 }, { ACT_DETAILS, "Details", 9 },
	{ ACT_HELP, "Help", 99 }, { ACT_QUIT, "Quit", 99 },
};

static const char *status_key_name(enum ui_action act)
{
	return act == ACT_TOGGLE ? "Space" : act == ACT_ACTIVATE ? "Enter" : ui_actions[act].label;
}

/* The keys line: the main actions from the table, those that change the
 * service left out under --read-only, the least needed left out first
 * when the line is short. */
static void keys_line(struct ui *ui, int y, int cols, bool details)
{
	bool on_fleet = ui->screen == SCREEN_FLEET;
	const struct key_item *all = on_fleet ? fleet_keys : page_keys;
	size_t n = on_fleet ? sizeof fleet_keys / sizeof fleet_keys[0]
		   : sizeof page_keys / sizeof page_keys[0];
	bool shown[16] = { false };
	for (size_t i = 0; i < n; i++)
		shown[i] = !(ui->app->opts.read_only && (ui_actions[all[i].act].flags & UI_CHANGES)) &&
			   (all[i].act != ACT_DETAILS || details);
	const int sep = 2;
	for (;;) {
		int need = 1;
		for (size_t i = 0; i < n; i++)
			if (shown[i])
				need += ui_width(status_key_name(all[i].act)) + 1 + ui_width(all[i].word) + sep;
		if (need - sep <= cols)
			break;
		size_t drop = n;
		for (size_t i = 0; i < n; i++)
			if (shown[i] && all[i].keep < 99 && (drop == n || all[i].keep < all[drop].keep))
				drop = i;
		if (drop == n)
			break;
		shown[drop] = false;
	}
	ui_fill(y, 0, 1, cols, term_attr(ROLE_STATUS));
	int x = 1;
	for (size_t i = 0; i < n; i++) {
		if (!shown[i])
			continue;
		int kx = x;
		x += ui_puts(y, x, cols - x, status_key_name(all[i].act), term_attr(ROLE_KEY));
		x += ui_puts(y, x, cols - x, " ", term_attr(ROLE_STATUS));
		x += ui_puts(y, x, cols - x, all[i].word, term_attr(ROLE_STATUS));
		ui_hit_add(ui, y, kx, 1, x - kx, -1, -1, all[i].act);
		x += sep;
	}
}

int widget_status_height(int rows)
{
	return rows >= 22 ? 4 : 3;
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
	struct buf listing;
	buf_init(&listing);
	if (c && c->change_in_flight >= 0) {
		snprintf(line, sizeof line, "%s %s in %s: waiting for the service…",
			 ui_spinner(ui), shub_op_name((enum shub_op)c->change_in_flight), c->region);
		ui_puts(y, 1, cols - 2, line, term_attr(ROLE_WARN));
	} else if (app_sso_progress(a, &listing)) {
		snprintf(line, sizeof line, "%s %s · %d call%s in flight", ui_spinner(ui),
			 buf_str(&listing), in_flight, in_flight == 1 ? "" : "s");
		ui_puts(y, 1, cols - 2, line, term_attr(ROLE_WARN));
	} else if (in_flight > 0) {
		snprintf(line, sizeof line, "%s %d call%s in flight", ui_spinner(ui), in_flight,
			 in_flight == 1 ? "" : "s");
		ui_puts(y, 1, cols - 2, line, term_attr(ROLE_LABEL));
	} else {
		ui_puts(y, 1, cols - 2, "Ready.", term_attr(ROLE_LABEL));
	}
	buf_done(&listing);
	/* Then the last result or error, in full, wrapped. */
	if (h > 2 && a->status) {
		ui_wrap_more(y + 1, 1, cols - 2, h - 2, a->status,
			     term_attr(a->status_error ? ROLE_ERROR : ROLE_OK), " (i: details)");
		/* A click on the message shows it whole. */
		ui_hit_add(ui, y + 1, 0, h - 2, cols, -1, -1, ACT_DETAILS);
	}
	/* Last row: the filter being typed, or the keys. */
	if (ui->filtering) {
		ui_fill(y + h - 1, 0, 1, cols, term_attr(ROLE_STATUS));
		int x = ui_puts(y + h - 1, 1, cols - 2, "Filter: ", term_attr(ROLE_KEY));
		x += ui_put(y + h - 1, 1 + x, cols - 3 - x, ui->filter, term_attr(ROLE_STATUS));
		ui_puts(y + h - 1, 1 + x, 1, "_", term_attr(ROLE_KEY));
		ui_puts(y + h - 1, cols - 28 > 2 + x ? cols - 28 : cols, 27,
			"Enter keep · Esc clear", term_attr(ROLE_STATUS));
	} else {
		keys_line(ui, y + h - 1, cols, a->status_error);
	}
}
