/* SPDX-License-Identifier: Apache-2.0 */
/* view_fleet.c: the fleet screen: every profile and region at once, the inviting administrators grouped, bulk accept and decline. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curses.h>

#include "ui.h"
#include "widget.h"

#define STATUS_H 4

/* X(column, title, width) — the sort keys, in the order s cycles them. */
#define FLEET_COLUMNS(X)               \
	X(COL_PROFILE, "Profile", 14)  \
	X(COL_ACCOUNT, "Account", 13)  \
	X(COL_REGION, "Region", 15)    \
	X(COL_HUB, "Hub", 20)          \
	X(COL_ADMIN, "Administrator", 14) \
	X(COL_PENDING, "Pending", 8)

enum fleet_col {
#define FLEET_COL_ENUM(id, title, w) id,
	FLEET_COLUMNS(FLEET_COL_ENUM)
#undef FLEET_COL_ENUM
	FLEET_N_COLS
};

static const struct {
	const char *title;
	int width;
} cols_info[] = {
#define FLEET_COL_ROW(id, title, w) [id] = { title, w },
	FLEET_COLUMNS(FLEET_COL_ROW)
#undef FLEET_COL_ROW
};

struct group {
	const char *admin;
	size_t count;
};

/* The administrators inviting, most invitations first. */
static size_t groups_of(const struct app *a, struct group **out)
{
	struct group *g = NULL;
	size_t n = 0;
	for (size_t i = 0; i < a->n_contexts; i++) {
		const struct context *c = a->contexts[i];
		for (size_t k = 0; k < c->n_invs; k++) {
			const char *admin = c->invs[k].account_id;
			if (!admin)
				continue;
			size_t j = 0;
			while (j < n && strcmp(g[j].admin, admin) != 0)
				j++;
			if (j == n) {
				struct group *more = realloc(g, (n + 1) * sizeof *g);
				if (!more)
					break;
				g = more;
				g[n++] = (struct group){ admin, 0 };
			}
			g[j].count++;
		}
	}
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && (g[j].count > g[j - 1].count ||
					     (g[j].count == g[j - 1].count &&
					      strcmp(g[j].admin, g[j - 1].admin) < 0)); j--) {
			struct group t = g[j];
			g[j] = g[j - 1];
			g[j - 1] = t;
		}
	*out = g;
	return n;
}

static const char *admin_of(const struct context *c)
{
	return c->admin.account_id && shub_status_enabled(c->admin.member_status)
	       ? c->admin.account_id : NULL;
}

/* A cell's text, for drawing, sorting and filtering. */
static void cell(const struct context *c, int col, char *out, size_t size)
{
	switch (col) {
	case COL_PROFILE:
		snprintf(out, size, "%s", c->profile->name);
		break;
	case COL_ACCOUNT:
		snprintf(out, size, "%s", c->profile->account ? c->profile->account : "…");
		break;
	case COL_REGION:
		snprintf(out, size, "%s", c->region);
		break;
	case COL_HUB:
		snprintf(out, size, "%s", hub_state_text(c->hub));
		break;
	case COL_ADMIN:
		snprintf(out, size, "%s", admin_of(c) ? admin_of(c) : c->admin_state == LOAD_LOADING ? "…" : "-");
		break;
	default:
		if (c->invs_state == LOAD_DONE)
			snprintf(out, size, "%zu", c->n_invs);
		else
			snprintf(out, size, "%s", c->invs_state == LOAD_LOADING ? "…" : "-");
		break;
	}
}

static const struct ui *sort_ui;

static int cmp_ctx(const void *x, const void *y)
{
	const struct context *a = *(struct context *const *)x, *b = *(struct context *const *)y;
	char ca[128], cb[128];
	if (sort_ui->fleet_sort == COL_PENDING && a->n_invs != b->n_invs)
		return a->n_invs > b->n_invs ? -1 : 1;
	cell(a, sort_ui->fleet_sort, ca, sizeof ca);
	cell(b, sort_ui->fleet_sort, cb, sizeof cb);
	int r = strcmp(ca, cb);
	if (r)
		return r;
	r = strcmp(a->profile->name, b->profile->name);
	return r ? r : strcmp(a->region, b->region);
}

/* The context rows, filtered and sorted (heap array of borrowed). */
static size_t rows_of(const struct ui *ui, struct context ***out)
{
	const struct app *a = ui->app;
	struct context **r = calloc(a->n_contexts ? a->n_contexts : 1, sizeof *r);
	size_t n = 0;
	for (size_t i = 0; r && i < a->n_contexts; i++) {
		struct context *c = a->contexts[i];
		bool keep = !ui->filter[0];
		char text[128];
		for (int col = 0; !keep && col < FLEET_N_COLS; col++) {
			cell(c, col, text, sizeof text);
			keep = strcasestr(text, ui->filter) != NULL;
		}
		for (size_t k = 0; !keep && k < c->n_invs; k++)
			keep = c->invs[k].account_id && strstr(c->invs[k].account_id, ui->filter);
		if (keep)
			r[n++] = c;
	}
	sort_ui = ui;
	if (n)
		qsort(r, n, sizeof *r, cmp_ctx);
	*out = r;
	return n;
}

static void fleet_draw(struct ui *ui, int rows, int cols)
{
	struct app *a = ui->app;
	if (cols < ui->min_w || rows < ui->min_h) {
		char line[96];
		snprintf(line, sizeof line, "Terminal too small (need %dx%d, have %dx%d)",
			 ui->min_w, ui->min_h, cols, rows);
		ui_wrap(rows / 2 > 0 ? rows / 2 - 1 : 0, 0, cols, rows, line, term_attr(ROLE_WARN));
		return;
	}
	/* Header. */
	ui_fill(0, 0, 1, cols, term_attr(ROLE_HEADER));
	int x = 1 + ui_puts(0, 1, cols - 2, "AWS Security Hub", term_attr(ROLE_HEADER));
	char line[256];
	snprintf(line, sizeof line, "  │  Fleet  ·  %zu profile%s  ·  %zu context%s%s", a->n_profiles,
		 a->n_profiles == 1 ? "" : "s", a->n_contexts, a->n_contexts == 1 ? "" : "s",
		 a->opts.read_only ? "  ·  read-only" : "");
	x += ui_puts(0, x, cols - x, line, term_attr(ROLE_HEADER_DIM));
	int inflight = app_in_flight(a);
	if (inflight > 0) {
		snprintf(line, sizeof line, "%s %d", ui_spinner(ui), inflight);
		ui_puts(0, cols - ui_width(line) - 1, ui_width(line), line, term_attr(ROLE_HEADER));
	}

	struct group *groups;
	size_t ng = groups_of(a, &groups);
	struct context **ctx;
	size_t nc = rows_of(ui, &ctx);
	size_t total = ng + nc;
	if (ui->fleet_sel >= total)
		ui->fleet_sel = total ? total - 1 : 0;

	/* The administrators inviting, grouped. */
	int y = 2;
	int gh = (int)(ng < 5 ? ng : 5) + 2;
	ui_box(y, 1, gh < 3 ? 3 : gh, cols - 2, "Administrators inviting", term_attr(ROLE_BORDER));
	if (ng == 0)
		ui_puts(y + 1, 3, cols - 6, inflight ? "Loading…" : "No pending invitations anywhere.",
			term_attr(ROLE_LABEL));
	size_t gtop = ui->fleet_sel < ng && ui->fleet_sel >= 5 ? ui->fleet_sel - 4 : 0;
	for (size_t i = gtop; i < ng && (int)(i - gtop) < 5; i++) {
		bool sel = ui->fleet_sel == i;
		int attr = term_attr(sel ? ROLE_FOCUS : ROLE_NORMAL);
		int ry = y + 1 + (int)(i - gtop);
		ui_fill(ry, 2, 1, cols - 4, attr);
		ui_puts(ry, 2, 1, sel ? (term_caps()->utf8 ? "▸" : ">") : " ", attr);
		ui_put(ry, 4, 14, groups[i].admin, attr | A_BOLD);
		snprintf(line, sizeof line, "%zu invitation%s pending", groups[i].count,
			 groups[i].count == 1 ? "" : "s");
		ui_puts(ry, 19, cols - 24, line, attr);
		ui_hit_add(ui, ry, 2, 1, cols - 4, -1, (int)i, ACT_NONE);
	}
	y += gh < 3 ? 3 : gh;

	/* The contexts. */
	int status_y = rows - STATUS_H;
	int h = status_y - y;
	snprintf(line, sizeof line, "Contexts (%zu%s%s%s, by %s)", nc, ui->filter[0] ? " matching \"" : "",
		 ui->filter[0] ? ui->filter : "", ui->filter[0] ? "\"" : "",
		 cols_info[ui->fleet_sort].title);
	ui_box(y, 1, h, cols - 2, line, term_attr(ROLE_BORDER));
	int cx = 3;
	for (int col = 0; col < FLEET_N_COLS; col++) {
		ui_puts(y + 1, cx, cols_info[col].width, cols_info[col].title,
			term_attr(col == ui->fleet_sort ? ROLE_TAB : ROLE_LABEL));
		cx += cols_info[col].width + 1;
	}
	ui_puts(y + 1, cx, cols - cx - 3, "Last action", term_attr(ROLE_LABEL));
	int list_h = h - 3;
	size_t sel_row = ui->fleet_sel >= ng ? ui->fleet_sel - ng : 0;
	widget_list_scroll(&ui->fleet_top, sel_row, nc, list_h);
	for (int r = 0; r < list_h && ui->fleet_top + (size_t)r < nc; r++) {
		size_t i = ui->fleet_top + (size_t)r;
		struct context *c = ctx[i];
		bool sel = ui->fleet_sel == ng + i;
		int attr = term_attr(sel ? ROLE_FOCUS : ROLE_NORMAL);
		int ry = y + 2 + r;
		ui_fill(ry, 2, 1, cols - 4, attr);
		ui_puts(ry, 2, 1, sel ? (term_caps()->utf8 ? "▸" : ">") : " ", attr);
		cx = 3;
		for (int col = 0; col < FLEET_N_COLS; col++) {
			char text[128];
			cell(c, col, text, sizeof text);
			int cattr = attr;
			if (col == COL_HUB && !sel)
				cattr = term_attr(c->hub == HUB_ENABLED ? ROLE_OK : c->hub == HUB_UNKNOWN
						  ? ROLE_LABEL : ROLE_WARN);
			ui_put(ry, cx, cols_info[col].width, text, cattr);
			cx += cols_info[col].width + 1;
		}
		const char *last = c->change_in_flight >= 0 ? "sending…" : c->last_result;
		if (!last && c->hub != HUB_ENABLED && c->hub != HUB_UNKNOWN)
			last = c->hub_error;
		if (last)
			ui_put(ry, cx, cols - cx - 3, last,
			       sel ? attr : term_attr(c->change_in_flight >= 0 ? ROLE_WARN
						      : c->last_result && c->last_ok ? ROLE_OK
						      : c->last_result ? ROLE_ERROR : ROLE_LABEL));
		ui_hit_add(ui, ry, 2, 1, cols - 4, -1, (int)(ng + i), ACT_NONE);
	}
	free(groups);
	free(ctx);
	widget_status_draw(ui, status_y, STATUS_H, cols);
	if (ui->overlay == OVERLAY_DIALOG)
		widget_dialog_draw(ui, rows, cols);
}

/* The administrator the cursor means: its group, or the first pending
 * invitation of the context under it. */
static const char *selected_admin(struct ui *ui)
{
	struct group *groups;
	size_t ng = groups_of(ui->app, &groups);
	const char *admin = NULL;
	if (ui->fleet_sel < ng) {
		admin = groups[ui->fleet_sel].admin;
	} else {
		struct context **ctx;
		size_t nc = rows_of(ui, &ctx);
		size_t i = ui->fleet_sel - ng;
		if (i < nc && ctx[i]->n_invs)
			admin = ctx[i]->invs[0].account_id;
		free(ctx);
	}
	free(groups);
	return admin;
}

static struct context *selected_context(struct ui *ui)
{
	struct group *groups;
	size_t ng = groups_of(ui->app, &groups);
	free(groups);
	struct context **ctx;
	size_t nc = rows_of(ui, &ctx);
	struct context *c = ui->fleet_sel >= ng && ui->fleet_sel - ng < nc ? ctx[ui->fleet_sel - ng] : NULL;
	free(ctx);
	return c;
}

static enum ui_next bulk(struct ui *ui, enum app_action act)
{
	struct app *a = ui->app;
	if (app_bulk_running(a)) {
		app_status(a, true, "A bulk action is still running; Esc stops it.");
		return UI_NEXT_REDRAW;
	}
	const char *admin = selected_admin(ui);
	if (!admin) {
		app_status(a, true, "Select an administrator (or a context with a pending invitation) first.");
		return UI_NEXT_REDRAW;
	}
	size_t n = 0;
	for (size_t i = 0; i < a->n_contexts; i++)
		n += app_bulk_applies(a->contexts[i], act, admin);
	if (n == 0) {
		app_status(a, true, "No context has a pending invitation from %s to %s.", admin,
			   act == APP_ACCEPT ? "accept (or another administrator is enabled there)" : "decline");
		return UI_NEXT_REDRAW;
	}
	const char **lines = calloc(n + 4, sizeof *lines);
	if (!lines)
		return UI_NEXT_NONE;
	char head[3][160];
	size_t k = 0;
	snprintf(head[0], sizeof head[0], "Administrator\t%s", admin);
	snprintf(head[1], sizeof head[1], "Invitations\t%zu, one per place below", n);
	lines[k++] = head[0];
	lines[k++] = head[1];
	lines[k++] = "";
	char **owned = calloc(n, sizeof *owned);
	size_t no = 0;
	for (size_t i = 0; owned && i < a->n_contexts; i++) {
		struct context *c = a->contexts[i];
		if (!app_bulk_applies(c, act, admin))
			continue;
		char buf[256];
		snprintf(buf, sizeof buf, "%s\t%s (account %s)", c->region, c->profile->name,
			 c->profile->account ? c->profile->account : "unknown");
		owned[no] = strdup(buf);
		lines[k++] = owned[no++];
	}
	char title[64];
	snprintf(title, sizeof title, "%s %zu invitation%s?", act == APP_ACCEPT ? "Accept" : "Decline",
		 n, n == 1 ? "" : "s");
	widget_dialog_open(ui, title, lines, k,
			   act == APP_ACCEPT ? "Accept all" : "Decline all", act, NULL, NULL);
	ui->dialog.bulk = true;
	ui->dialog.inv.account_id = strdup(admin);
	for (size_t i = 0; i < no; i++)
		free(owned[i]);
	free(owned);
	free((void *)lines);
	return UI_NEXT_REDRAW;
}

static void start_bulk(struct ui *ui)
{
	struct app *a = ui->app;
	const char *admin = ui->dialog.inv.account_id;
	enum app_action act = ui->dialog.act;
	struct context **list = calloc(a->n_contexts ? a->n_contexts : 1, sizeof *list);
	size_t n = 0;
	for (size_t i = 0; list && i < a->n_contexts; i++)
		if (app_bulk_applies(a->contexts[i], act, admin))
			list[n++] = a->contexts[i];
	app_bulk_start(a, act, admin, list, n);
	free(list);
}

static enum ui_next fleet_key(struct ui *ui, int key)
{
	struct app *a = ui->app;
	if (ui->overlay == OVERLAY_DIALOG) {
		bool go = false;
		enum ui_next next = widget_dialog_key(ui, key, &go);
		if (go) {
			start_bulk(ui);
			widget_dialog_close(ui);
		}
		return next;
	}
	if (ui->filtering) {
		enum ui_next next = ui_filter_key(ui, key);
		if (next != UI_NEXT_NONE)
			ui->fleet_sel = ui->fleet_top = 0;
		return next;
	}
	if (key == UI_KEY_ESC) {
		if (app_bulk_running(a))
			app_bulk_stop(a);
		else
			ui->filter[0] = '\0';
		return UI_NEXT_REDRAW;
	}
	struct group *groups;
	size_t ng = groups_of(a, &groups);
	free(groups);
	struct context **ctx;
	size_t nc = rows_of(ui, &ctx);
	free(ctx);
	switch (ui_action_for_key(key, a->opts.read_only)) {
	case ACT_DOWN:
		if (ui->fleet_sel + 1 < ng + nc)
			ui->fleet_sel++;
		return UI_NEXT_REDRAW;
	case ACT_UP:
		if (ui->fleet_sel > 0)
			ui->fleet_sel--;
		return UI_NEXT_REDRAW;
	case ACT_ACTIVATE: {
		struct context *c = selected_context(ui);
		if (!c)
			return UI_NEXT_NONE;
		ui_switch(ui, c);
		app_refresh(a, c);
		ui->screen = SCREEN_ACCOUNTS;
		return UI_NEXT_REDRAW;
	}
	case ACT_BULK_ACCEPT:
		return bulk(ui, APP_ACCEPT);
	case ACT_BULK_DECLINE:
		return bulk(ui, APP_DECLINE);
	case ACT_SORT:
		ui->fleet_sort = (ui->fleet_sort + 1) % FLEET_N_COLS;
		return UI_NEXT_REDRAW;
	case ACT_FILTER:
		ui->filtering = true;
		return UI_NEXT_REDRAW;
	case ACT_REFRESH:
		for (size_t i = 0; i < a->n_contexts; i++)
			if (a->contexts[i]->change_in_flight < 0)
				app_refresh_fleet(a, a->contexts[i]);
		app_status(a, false, "Reading %zu contexts again.", a->n_contexts);
		return UI_NEXT_REDRAW;
	case ACT_FLEET:
		ui->screen = SCREEN_ACCOUNTS;
		ui->filter[0] = '\0';
		return UI_NEXT_REDRAW;
	case ACT_HELP:
		ui->overlay = OVERLAY_HELP;
		return UI_NEXT_REDRAW;
	case ACT_QUIT:
		return UI_NEXT_QUIT;
	case ACT_NONE:
		return UI_NEXT_NONE;
	default:
		app_status(a, false, "That key works on the Settings -> Accounts page (Enter opens a context's).");
		return UI_NEXT_REDRAW;
	}
}

static enum ui_next fleet_click(struct ui *ui, const struct ui_hit *hit)
{
	if (ui->overlay == OVERLAY_DIALOG)
		return hit->action == 'y' || hit->action == 'n' ? fleet_key(ui, hit->action) : UI_NEXT_NONE;
	if (hit->row >= 0) {
		ui->fleet_sel = (size_t)hit->row;
		return UI_NEXT_REDRAW;
	}
	if (hit->action != ACT_NONE)
		return fleet_key(ui, ui_actions[hit->action].key);
	return UI_NEXT_NONE;
}

const struct view_ops view_fleet = {
	.name = "fleet",
	.draw = fleet_draw,
	.key = fleet_key,
	.click = fleet_click,
};
