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

/* X(column, title, short title, narrowest, keep): the sort keys, in the
 * order s cycles them. When the table is too wide the widest columns
 * shrink first (to `narrowest`), then the columns with the lowest `keep`
 * are left out, and the table says which. */
#define FLEET_COLUMNS(X)                                  \
	X(COL_PROFILE, "Profile", "Profile", 10, 7)        \
	X(COL_ACCOUNT, "Account", "Account", 12, 2)        \
	X(COL_REGION, "Region", "Region", 14, 6)           \
	X(COL_HUB, "Hub", "Hub", 12, 3)                    \
	X(COL_ADMIN, "Administrator", "Admin", 12, 5)      \
	X(COL_PENDING, "Pending", "Pend", 4, 4)            \
	X(COL_LAST, "Last action", "Last", 16, 1)

enum fleet_col {
#define FLEET_COL_ENUM(id, title, brief, narrowest, keep) id,
	FLEET_COLUMNS(FLEET_COL_ENUM)
#undef FLEET_COL_ENUM
	FLEET_N_COLS
};

static const struct {
	const char *title, *brief;
	int narrowest, keep;
} cols_info[] = {
#define FLEET_COL_ROW(id, title, brief, narrowest, keep) [id] = { title, brief, narrowest, keep },
	FLEET_COLUMNS(FLEET_COL_ROW)
#undef FLEET_COL_ROW
};

/* The sort keys: every column but the last action. */
#define FLEET_N_SORT COL_LAST

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

/* What the last action column says: the call being sent, the last
 * outcome, or why the context cannot be read. */
static const char *last_action(const struct context *c)
{
	if (c->change_in_flight >= 0)
		return "sending…";
	if (c->last_result)
		return c->last_result;
	if (c->hub != HUB_ENABLED && c->hub != HUB_UNKNOWN)
		return c->hub_error;
	return NULL;
}

/* Whether the row shows a failure: the context cannot be read, or its
 * last action failed. */
static bool failed(const struct context *c)
{
	return c->hub == HUB_NOT_OPTED_IN || c->hub == HUB_DENIED || c->hub == HUB_ERROR ||
	       (c->last_result && !c->last_ok);
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
		snprintf(out, size, "%s", c->hub == HUB_NOT_OPTED_IN ? "not opted in" : hub_state_text(c->hub));
		break;
	case COL_ADMIN:
		snprintf(out, size, "%s", admin_of(c) ? admin_of(c) : c->admin_state == LOAD_LOADING ? "…" : "-");
		break;
	case COL_LAST:
		snprintf(out, size, "%s", last_action(c) ? last_action(c) : "");
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
		for (int col = 0; !keep && col < FLEET_N_SORT; col++) {
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

/* The table's columns for `avail` columns of screen: which are shown and
 * how wide. Each starts as wide as its widest cell (or title); the widest
 * shrink first, down to their narrowest; when that is not enough the
 * least kept column is left out and the others start again. */
static void layout(struct context *const *ctx, size_t nc, int avail, bool shown[FLEET_N_COLS],
		   int width[FLEET_N_COLS])
{
	int ideal[FLEET_N_COLS];
	for (int col = 0; col < FLEET_N_COLS; col++) {
		ideal[col] = ui_width(cols_info[col].title);
		shown[col] = true;
	}
	char text[256];
	for (size_t i = 0; i < nc; i++)
		for (int col = 0; col < FLEET_N_COLS; col++) {
			cell(ctx[i], col, text, sizeof text);
			/* Bytes bound the width; measured exactly only when
			 * they might set it. */
			if ((int)strlen(text) > ideal[col]) {
				int w = ui_width(text);
				if (w > ideal[col])
					ideal[col] = w;
			}
		}
	if (ideal[COL_PROFILE] > 40)
		ideal[COL_PROFILE] = 40;
	for (;;) {
		int total = -1;
		for (int col = 0; col < FLEET_N_COLS; col++)
			if (shown[col]) {
				width[col] = ideal[col];
				total += ideal[col] + 1;
			}
		while (total > avail) {
			int widest = -1;
			for (int col = 0; col < FLEET_N_COLS; col++)
				if (shown[col] && width[col] > cols_info[col].narrowest &&
				    (widest < 0 || width[col] > width[widest]))
					widest = col;
			if (widest < 0)
				break;
			width[widest]--;
			total--;
		}
		if (total <= avail)
			break;
		int drop = -1;
		for (int col = 0; col < FLEET_N_COLS; col++)
			if (shown[col] && (drop < 0 || cols_info[col].keep < cols_info[drop].keep))
				drop = col;
		int left = 0;
		for (int col = 0; col < FLEET_N_COLS; col++)
			left += shown[col];
		if (left <= 1)
			break;
		shown[drop] = false;
	}
	/* Room to spare goes to the last action. */
	int total = -1;
	for (int col = 0; col < FLEET_N_COLS; col++)
		if (shown[col])
			total += width[col] + 1;
	if (shown[COL_LAST] && total < avail)
		width[COL_LAST] += avail - total;
}

static void fleet_draw(struct ui *ui, int rows, int cols)
{
	struct app *a = ui->app;
	char np[48], nctx[48];
	snprintf(np, sizeof np, "%zu profile%s", a->n_profiles, a->n_profiles == 1 ? "" : "s");
	snprintf(nctx, sizeof nctx, "%zu context%s", a->n_contexts, a->n_contexts == 1 ? "" : "s");
	struct ui_header_item items[] = {
		{ "Fleet", false, true }, { np, false, false }, { nctx, false, false },
		{ "read-only", false, true },
	};
	ui_header(ui, cols, items, a->opts.read_only ? 4 : 3);
	int inflight = app_in_flight(a);
	char line[256];

	struct group *groups;
	size_t ng = groups_of(a, &groups);
	struct context **ctx;
	size_t nc = rows_of(ui, &ctx);
	size_t total = ng + nc;
	if (ui->fleet_sel >= total)
		ui->fleet_sel = total ? total - 1 : 0;
	int status_h = widget_status_height(rows);

	/* The administrators inviting, grouped. */
	int y = rows >= 22 ? 2 : 1;
	int gmax = rows >= 30 ? 5 : rows >= 22 ? 3 : 2;
	int gshow = (int)ng < gmax ? (int)ng : gmax;
	int gh = (gshow ? gshow : 1) + 2;
	snprintf(line, sizeof line, "Administrators inviting (%zu)", ng);
	ui_box(y, 1, gh, cols - 2, line, term_attr(ROLE_BORDER));
	if (ng == 0)
		ui_puts(y + 1, 3, cols - 6, inflight ? "Loading…" : "No pending invitations anywhere.",
			term_attr(ROLE_LABEL));
	size_t gtop = ui->fleet_gtop;
	widget_list_scroll(&gtop, ui->fleet_sel < ng ? ui->fleet_sel : gtop, ng, gshow);
	ui->fleet_gtop = gtop;
	for (size_t i = gtop; i < ng && (int)(i - gtop) < gshow; i++) {
		bool sel = ui->fleet_sel == i;
		int attr = term_attr(sel ? ROLE_FOCUS : ROLE_NORMAL);
		int ry = y + 1 + (int)(i - gtop);
		ui_fill(ry, 2, 1, cols - 4, attr);
		ui_puts(ry, 2, 1, sel ? "▸" : " ", attr);
		ui_put(ry, 4, 14, groups[i].admin, attr | A_BOLD);
		snprintf(line, sizeof line, "%zu invitation%s pending", groups[i].count,
			 groups[i].count == 1 ? "" : "s");
		ui_puts(ry, 19, cols - 22, line, attr);
		ui_hit_add(ui, ry, 2, 1, cols - 4, -1, (int)i, ACT_NONE);
	}
	if (ng > (size_t)gshow) {
		snprintf(line, sizeof line, " %zu-%zu of %zu ", gtop + 1, gtop + (size_t)gshow, ng);
		ui_puts(y + gh - 1, cols - 3 - ui_width(line), ui_width(line), line, term_attr(ROLE_LABEL));
	}
	y += gh;

	/* The contexts. */
	int status_y = rows - status_h;
	int h = status_y - y;
	snprintf(line, sizeof line, "Contexts (%zu%s%s%s, by %s)", nc, ui->filter[0] ? " matching \"" : "",
		 ui->filter[0] ? ui->filter : "", ui->filter[0] ? "\"" : "",
		 cols_info[ui->fleet_sort].title);
	ui_box(y, 1, h, cols - 2, line, term_attr(ROLE_BORDER));
	bool shown[FLEET_N_COLS];
	int width[FLEET_N_COLS];
	layout(ctx, nc, cols - 6, shown, width);
	int cx = 3;
	struct buf hidden;
	buf_init(&hidden);
	for (int col = 0; col < FLEET_N_COLS; col++) {
		if (!shown[col]) {
			buf_printf(&hidden, "%s%s", hidden.len ? ", " : "", cols_info[col].title);
			continue;
		}
		const char *title = ui_width(cols_info[col].title) <= width[col] ? cols_info[col].title
				    : cols_info[col].brief;
		ui_puts(y + 1, cx, width[col], title,
			term_attr(col == ui->fleet_sort ? ROLE_TAB : ROLE_LABEL));
		cx += width[col] + 1;
	}
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
		ui_puts(ry, 2, 1, sel ? "▸" : " ", attr);
		cx = 3;
		for (int col = 0; col < FLEET_N_COLS; col++) {
			if (!shown[col])
				continue;
			char text[256];
			cell(c, col, text, sizeof text);
			int cattr = attr;
			if (col == COL_HUB && !sel)
				cattr = term_attr(c->hub == HUB_ENABLED ? ROLE_OK : c->hub == HUB_UNKNOWN
						  ? ROLE_LABEL : ROLE_WARN);
			if (col == COL_LAST && !sel)
				cattr = term_attr(c->change_in_flight >= 0 ? ROLE_WARN
						  : c->last_result && c->last_ok ? ROLE_OK
						  : c->last_result ? ROLE_ERROR : ROLE_LABEL);
			ui_put(ry, cx, width[col], text, cattr);
			cx += width[col] + 1;
		}
		ui_hit_add(ui, ry, 2, 1, cols - 4, -1, (int)(ng + i), ACT_NONE);
	}
	/* The bottom edge: the columns left out, and where the list is. */
	int right = cols - 3;
	if (nc > (size_t)list_h && list_h > 0) {
		snprintf(line, sizeof line, " %zu-%zu of %zu ", ui->fleet_top + 1,
			 ui->fleet_top + (size_t)list_h < nc ? ui->fleet_top + (size_t)list_h : nc, nc);
		right -= ui_width(line);
		ui_puts(y + h - 1, right, ui_width(line), line, term_attr(ROLE_LABEL));
	}
	if (hidden.len) {
		snprintf(line, sizeof line, " hidden: %s ", buf_str(&hidden));
		ui_puts(y + h - 1, 3, right - 4, line, term_attr(ROLE_LABEL));
	}
	buf_done(&hidden);
	free(groups);
	free(ctx);
	widget_status_draw(ui, status_y, status_h, cols);
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
		ui_say(ui, UI_CAUSE_SCREEN, true, "Select an administrator (or a context with a pending invitation) first.");
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
	case ACT_COPY: {
		/* The row's account; on an administrator's row, the administrator's. */
		struct context *c = selected_context(ui);
		ui_copy(ui, "account ID", c ? c->profile->account : selected_admin(ui));
		return UI_NEXT_REDRAW;
	}
	case ACT_DETAILS:
		view_details_open(ui, selected_context(ui));
		return UI_NEXT_REDRAW;
	case ACT_ACTIVATE: {
		struct context *c = selected_context(ui);
		if (!c)
			return UI_NEXT_NONE;
		if (failed(c)) {
			/* A failed row opens what went wrong; its page says less. */
			view_details_open(ui, c);
			return UI_NEXT_REDRAW;
		}
		ui_switch(ui, c);
		app_refresh(a, c);
		ui->screen = SCREEN_ACCOUNTS;
		return UI_NEXT_REDRAW;
	}
	case ACT_ALL_REGIONS: {
		/* The row's profile; on an administrator's row, every profile. */
		struct context *c = selected_context(ui);
		ui_all_regions(ui, c ? c->profile : NULL);
		return UI_NEXT_REDRAW;
	}
	case ACT_BULK_ACCEPT:
		return bulk(ui, APP_ACCEPT);
	case ACT_BULK_DECLINE:
		return bulk(ui, APP_DECLINE);
	case ACT_SORT:
		ui->fleet_sort = (ui->fleet_sort + 1) % FLEET_N_SORT;
		return UI_NEXT_REDRAW;
	case ACT_FILTER:
		ui->filtering = true;
		return UI_NEXT_REDRAW;
	case ACT_REFRESH:
		for (size_t i = 0; i < a->n_contexts; i++)
			if (a->contexts[i]->change_in_flight < 0)
				app_refresh_fleet(a, a->contexts[i]);
		ui_say(ui, UI_CAUSE_READ, false, "Reading %zu contexts again.", a->n_contexts);
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
		ui_say(ui, UI_CAUSE_SCREEN, false, "That key works on the Settings -> Accounts page (Enter opens a context's).");
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
