/* SPDX-License-Identifier: Apache-2.0 */
/* view_fleet.c: the fleet screen: every profile and region at once, the inviting administrators grouped, bulk accept and decline. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curses.h>

#include "isotime.h"
#include "ui.h"
#include "widget.h"

/* X(column, title, short title, narrowest, keep): the sort keys, in the
 * order s cycles them. When the table is too wide the widest columns
 * shrink first (to `narrowest`), then the columns with the lowest `keep`
 * are left out, and the table says which. */
#define FLEET_COLUMNS(X)                                  \
	X(COL_PROFILE, "Profile", "Profile", 10, 7)        \
	X(COL_ACCOUNT, "Account", "Account", 12, 2)        \
	X(COL_NAME, "Name", "Name", 8, 2)                  \
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

/* X(id, word): what a context is, as the header counts it and as the
 * filter matches it. A context can be more than one (a member with
 * another invitation pending). */
#define FLEET_STATES(X)                    \
	X(ST_PENDING, "pending")           \
	X(ST_MEMBER, "member")             \
	X(ST_NOT_ENABLED, "not enabled")   \
	X(ST_FAILED, "failed")

enum fleet_state {
#define FLEET_STATE_ENUM(id, word) id,
	FLEET_STATES(FLEET_STATE_ENUM)
#undef FLEET_STATE_ENUM
	FLEET_N_STATES
};

static const char *const state_words[] = {
#define FLEET_STATE_WORD(id, word) [id] = word,
	FLEET_STATES(FLEET_STATE_WORD)
#undef FLEET_STATE_WORD
};

/* A group above the contexts: an administrator (inviting, or enabled
 * where it is the administrator) or an account (its regions). */
struct group {
	char *key;                 /* the administrator's or the account's ID */
	const char *profile;       /* by account: its name, or the way that reaches it */
	size_t pending, members, contexts, failed;
};

/* What the fleet shows, worked out from every context at most every
 * FLEET_RECOUNT_MS while answers stream in (and at once when the filter,
 * sort or grouping change, or when nothing is in flight): a frame or a
 * key between costs only the rows on screen, so keys are answered while
 * thousands of calls are in flight. Contexts live as long as the app,
 * so the rows may borrow them; group keys are copies, as invitations
 * are replaced when read again. UI thread only. */
#define FLEET_RECOUNT_MS 250

static struct fleet_cache {
	bool valid;
	uint64_t changes;
	size_t n_contexts;
	char filter[sizeof ((struct ui *)0)->filter];
	int sort, group_by;
	long long at_ms;
	long long key_ms;          /* when the fleet last took a key */
	struct context **rows;
	size_t n_rows;
	struct context **order;    /* every context, in the last sort's order */
	size_t n_order;
	struct group *groups;
	size_t n_groups;
	size_t states[FLEET_N_STATES];
	int ideal[FLEET_N_COLS];
	bool names;                /* some account has a name: the Name column shows */
} cache;

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
	       (c->last_result && !c->last_ok) || c->profile->id_state == ID_FAILED;
}

static bool is_state(const struct context *c, enum fleet_state st)
{
	switch (st) {
	case ST_PENDING:
		return app_pending_count(c) > 0;
	case ST_MEMBER:
		return admin_of(c) != NULL;
	case ST_NOT_ENABLED:
		return c->hub == HUB_NOT_ENABLED;
	default:
		return failed(c);
	}
}

/* A cell's text, for drawing, sorting and filtering: the context's own
 * string where there is one (no copy: a frame and a recount format
 * thousands), else written into `out`. */
static const char *cell(const struct context *c, int col, char *out, size_t size)
{
	switch (col) {
	case COL_PROFILE:
		return c->profile->name;
	case COL_ACCOUNT:
		return c->profile->account ? c->profile->account : "…";
	case COL_NAME:
		return c->profile->account_name ? c->profile->account_name : "";
	case COL_REGION:
		return c->region;
	case COL_HUB:
		return c->hub == HUB_NOT_OPTED_IN ? "not opted in" : hub_state_text(c->hub);
	case COL_ADMIN:
		return admin_of(c) ? admin_of(c) : c->admin_state == LOAD_LOADING ? "…" : "-";
	case COL_LAST:
		return last_action(c) ? last_action(c) : "";
	default:
		if (c->invs_state != LOAD_DONE)
			return c->invs_state == LOAD_LOADING ? "…" : "-";
		snprintf(out, size, "%zu", app_pending_count(c));
		return out;
	}
}

/* Whether the filter keeps a context: any column, a state word, or an
 * administrator inviting it. */
static bool keeps(const struct context *c, const char *filter)
{
	if (!filter[0])
		return true;
	char text[128];
	for (int col = 0; col < FLEET_N_SORT; col++) {
		if (strcasestr(cell(c, col, text, sizeof text), filter))
			return true;
	}
	for (int st = 0; st < FLEET_N_STATES; st++)
		if (strcasestr(state_words[st], filter) && is_state(c, st))
			return true;
	for (size_t k = 0; k < c->n_invs; k++)
		if (app_invitation_pending(&c->invs[k]) && strstr(c->invs[k].account_id, filter))
			return true;
	return false;
}

/* A row with its sort key worked out once. */
struct keyed {
	struct context *c;
	size_t pending;
	bool keep;                 /* the filter keeps it */
	char key[64];
};

static int sort_col;

static int cmp_keyed(const void *x, const void *y)
{
	const struct keyed *a = x, *b = y;
	if (sort_col == COL_PENDING && a->pending != b->pending)
		return a->pending > b->pending ? -1 : 1;
	int r = strcmp(a->key, b->key);
	if (r)
		return r;
	r = strcmp(a->c->profile->name, b->c->profile->name);
	return r ? r : strcmp(a->c->region, b->c->region);
}

/* Group entries, one per (key, context) before they are summed. */
struct entry {
	const char *key;
	const struct context *c;
	bool pending, member;
};

static int cmp_entry(const void *x, const void *y)
{
	return strcmp(((const struct entry *)x)->key, ((const struct entry *)y)->key);
}

static int cmp_group(const void *x, const void *y)
{
	const struct group *a = x, *b = y;
	if (a->pending != b->pending)
		return a->pending > b->pending ? -1 : 1;
	if (a->members != b->members)
		return a->members > b->members ? -1 : 1;
	return strcmp(a->key, b->key);
}

static void groups_free(void)
{
	for (size_t i = 0; i < cache.n_groups; i++)
		free(cache.groups[i].key);
	free(cache.groups);
	cache.groups = NULL;
	cache.n_groups = 0;
}

/* The groups of the filtered rows: by administrator, those inviting or
 * enabled, most invitations first; by account, every account. */
static void group_rows(int by_account)
{
	groups_free();
	size_t cap = 0;
	for (size_t i = 0; i < cache.n_rows; i++)
		cap += by_account ? 1 : cache.rows[i]->n_invs + 1;
	struct entry *e = calloc(cap ? cap : 1, sizeof *e);
	if (!e)
		return;
	size_t n = 0;
	for (size_t i = 0; i < cache.n_rows; i++) {
		const struct context *c = cache.rows[i];
		if (by_account) {
			const char *acct = c->profile->account ? c->profile->account : c->profile->name;
			e[n++] = (struct entry){ acct, c, app_pending_count(c) > 0, admin_of(c) != NULL };
			continue;
		}
		for (size_t k = 0; k < c->n_invs; k++)
			if (app_invitation_pending(&c->invs[k]))
				e[n++] = (struct entry){ c->invs[k].account_id, c, true, false };
		if (admin_of(c))
			e[n++] = (struct entry){ admin_of(c), c, false, true };
	}
	qsort(e, n, sizeof *e, cmp_entry);
	size_t ng = 0;
	for (size_t i = 0; i < n; i++)
		ng += i == 0 || strcmp(e[i].key, e[i - 1].key) != 0;
	struct group *g = calloc(ng ? ng : 1, sizeof *g);
	size_t k = 0;
	for (size_t i = 0; g && i < n; i++) {
		if (i == 0 || strcmp(e[i].key, e[i - 1].key) != 0) {
			g[k].key = strdup(e[i].key);
			/* By account: its name where known, else the way that reaches it. */
			g[k].profile = e[i].c->profile->account_name && by_account ?
				       e[i].c->profile->account_name : e[i].c->profile->name;
			if (!g[k].key)
				break;
			k++;
		}
		struct group *cur = &g[k - 1];
		cur->pending += e[i].pending;
		cur->members += e[i].member;
		cur->contexts++;
		cur->failed += failed(e[i].c);
	}
	free(e);
	if (g)
		qsort(g, k, sizeof *g, cmp_group);
	cache.groups = g;
	cache.n_groups = g ? k : 0;
}

/* Works out the rows, groups, counts and column widths again when they
 * may have changed (see FLEET_RECOUNT_MS). */
static void recount(const struct ui *ui)
{
	const struct app *a = ui->app;
	bool inputs = !cache.valid || cache.n_contexts != a->n_contexts ||
		      strcmp(cache.filter, ui->filter) != 0 || cache.sort != ui->fleet_sort ||
		      cache.group_by != ui->fleet_group;
	long long now = isotime_now_ms();
	/* A frame that answers a key, or one under an overlay, draws what
	 * was worked out last: the next frame catches up. */
	bool busy = app_in_flight(a) > 0;
	if (!inputs && (cache.changes == a->changes ||
			(busy && (now - cache.at_ms < FLEET_RECOUNT_MS || now - cache.key_ms < FLEET_RECOUNT_MS / 2 ||
				  ui->overlay != OVERLAY_NONE))))
		return;
	/* Every context in the last sort's order: when nothing moved, the
	 * keys are found in order and the sort is skipped. */
	size_t n_all = a->n_contexts;
	bool again = cache.order && cache.n_order == n_all && cache.sort == ui->fleet_sort;
	for (size_t i = 0; again && i < n_all; i++)
		again = app_has_context(a, cache.order[i]);
	struct context *const *from = again ? cache.order : a->contexts;
	struct keyed *k = calloc(n_all ? n_all : 1, sizeof *k);
	struct context **rows = calloc(n_all ? n_all : 1, sizeof *rows);
	struct context **order = calloc(n_all ? n_all : 1, sizeof *order);
	if (!k || !rows || !order) {
		free(k);
		free(rows);
		free(order);
		return;
	}
	memset(cache.states, 0, sizeof cache.states);
	cache.names = false;
	for (int col = 0; col < FLEET_N_COLS; col++)
		cache.ideal[col] = ui_width(cols_info[col].title);
	char text[256];
	bool sorted = true;
	sort_col = ui->fleet_sort;
	for (size_t i = 0; i < n_all; i++) {
		struct context *c = from[i];
		size_t pending = app_pending_count(c);
		cache.states[ST_PENDING] += pending > 0;
		for (int st = ST_PENDING + 1; st < FLEET_N_STATES; st++)
			cache.states[st] += is_state(c, st);
		cache.names |= c->profile->account_name != NULL;
		k[i].c = c;
		k[i].pending = pending;
		k[i].keep = keeps(c, ui->filter);
		snprintf(k[i].key, sizeof k[i].key, "%s", cell(c, ui->fleet_sort, text, sizeof text));
		sorted = sorted && (i == 0 || cmp_keyed(&k[i - 1], &k[i]) <= 0);
		if (!k[i].keep)
			continue;
		for (int col = 0; col < FLEET_N_COLS; col++) {
			const char *t = cell(c, col, text, sizeof text);
			/* Bytes bound the width; measured exactly only when
			 * they might set it. */
			if ((int)strlen(t) > cache.ideal[col]) {
				int w = ui_width(t);
				if (w > cache.ideal[col])
					cache.ideal[col] = w;
			}
		}
	}
	if (!sorted)
		qsort(k, n_all, sizeof *k, cmp_keyed);
	size_t n = 0;
	for (size_t i = 0; i < n_all; i++) {
		order[i] = k[i].c;
		if (k[i].keep)
			rows[n++] = k[i].c;
	}
	free(k);
	free(cache.order);
	cache.order = order;
	cache.n_order = n_all;
	free(cache.rows);
	cache.rows = rows;
	cache.n_rows = n;
	group_rows(ui->fleet_group);
	cache.valid = true;
	cache.changes = a->changes;
	cache.n_contexts = a->n_contexts;
	snprintf(cache.filter, sizeof cache.filter, "%s", ui->filter);
	cache.sort = ui->fleet_sort;
	cache.group_by = ui->fleet_group;
	cache.at_ms = now;
}

/* The table's columns for `avail` columns of screen: which are shown and
 * how wide. Each starts as wide as its widest cell (or title); the widest
 * shrink first, down to their narrowest; when that is not enough the
 * least kept column is left out and the others start again. */
static void layout(int avail, bool shown[FLEET_N_COLS], int width[FLEET_N_COLS])
{
	int ideal[FLEET_N_COLS];
	for (int col = 0; col < FLEET_N_COLS; col++) {
		ideal[col] = cache.ideal[col];
		shown[col] = col != COL_NAME || cache.names;
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

/* What a group's line says after its ID. */
static void group_line(const struct group *g, int by_account, char *out, size_t size)
{
	if (by_account) {
		snprintf(out, size, "%s  ·  %zu region%s: %zu pending, %zu member, %zu failed", g->profile,
			 g->contexts, g->contexts == 1 ? "" : "s", g->pending, g->members, g->failed);
		return;
	}
	size_t len = 0;
	if (g->pending || !g->members)
		len = (size_t)snprintf(out, size, "%zu invitation%s pending", g->pending,
				       g->pending == 1 ? "" : "s");
	if (g->members && len < size)
		snprintf(out + len, size - len, "%sadministrator in %zu", len ? ", " : "", g->members);
}

static void fleet_draw(struct ui *ui, int rows, int cols)
{
	struct app *a = ui->app;
	recount(ui);
	char np[48], nctx[48], states[160];
	snprintf(np, sizeof np, "%zu profile%s", a->n_profiles, a->n_profiles == 1 ? "" : "s");
	snprintf(nctx, sizeof nctx, "%zu context%s", a->n_contexts, a->n_contexts == 1 ? "" : "s");
	/* The states some context is in: at 80 columns "3 failed" must not
	 * be cut off behind "0 member, 0 not enabled". */
	size_t len = 0;
	for (int st = 0; st < FLEET_N_STATES && len < sizeof states; st++)
		if (cache.states[st])
			len += (size_t)snprintf(states + len, sizeof states - len, "%s%zu %s",
						len ? ", " : "", cache.states[st], state_words[st]);
	struct ui_header_item items[5] = {
		{ "Fleet", false, true }, { np, false, false }, { nctx, false, false },
	};
	size_t n_items = 3;
	if (len)
		items[n_items++] = (struct ui_header_item){ states, true, false };
	if (a->opts.read_only)
		items[n_items++] = (struct ui_header_item){ "read-only", false, true };
	ui_header(ui, cols, items, n_items);
	int inflight = app_in_flight(a);
	char line[256];

	struct group *groups = cache.groups;
	size_t ng = cache.n_groups;
	struct context **ctx = cache.rows;
	size_t nc = cache.n_rows;
	size_t total = ng + nc;
	if (ui->fleet_sel >= total)
		ui->fleet_sel = total ? total - 1 : 0;
	int status_h = widget_status_height(rows);

	/* The administrators inviting, grouped. */
	int y = rows >= 22 ? 2 : 1;
	int gmax = rows >= 30 ? 5 : rows >= 22 ? 3 : 2;
	int gshow = (int)ng < gmax ? (int)ng : gmax;
	int gh = (gshow ? gshow : 1) + 2;
	snprintf(line, sizeof line, "%s (%zu, b: by %s)", ui->fleet_group ? "Accounts" : "Administrators",
		 ng, ui->fleet_group ? "administrator" : "account");
	ui_box(y, 1, gh, cols - 2, line, term_attr(ROLE_BORDER));
	if (ng == 0)
		ui_puts(y + 1, 3, cols - 6, inflight ? "Loading…" : ui->fleet_group ? "No account matches."
			: "No administrator and no pending invitation anywhere.", term_attr(ROLE_LABEL));
	size_t gtop = ui->fleet_gtop;
	widget_list_scroll(&gtop, ui->fleet_sel < ng ? ui->fleet_sel : gtop, ng, gshow);
	ui->fleet_gtop = gtop;
	for (size_t i = gtop; i < ng && (int)(i - gtop) < gshow; i++) {
		bool sel = ui->fleet_sel == i;
		int attr = term_attr(sel ? ROLE_FOCUS : ROLE_NORMAL);
		int ry = y + 1 + (int)(i - gtop);
		ui_fill(ry, 2, 1, cols - 4, attr);
		ui_puts(ry, 2, 1, sel ? "▸" : " ", attr);
		ui_put(ry, 4, 14, groups[i].key, attr | A_BOLD);
		group_line(&groups[i], ui->fleet_group, line, sizeof line);
		ui_put(ry, 19, cols - 22, line, attr);
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
	layout(cols - 6, shown, width);
	int cx = 3;
	struct buf hidden;
	buf_init(&hidden);
	for (int col = 0; col < FLEET_N_COLS; col++) {
		if (!shown[col]) {
			/* A column with nothing to show is not "hidden". */
			if (col != COL_NAME || cache.names)
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
			char text[32];
			const char *t = cell(c, col, text, sizeof text);
			int cattr = attr;
			if (col == COL_HUB && !sel)
				cattr = term_attr(c->hub == HUB_ENABLED ? ROLE_OK : c->hub == HUB_UNKNOWN
						  ? ROLE_LABEL : ROLE_WARN);
			if (col == COL_LAST && !sel)
				cattr = term_attr(c->change_in_flight >= 0 ? ROLE_WARN
						  : c->last_result && c->last_ok ? ROLE_OK
						  : c->last_result ? ROLE_ERROR : ROLE_LABEL);
			ui_put(ry, cx, width[col], t, cattr);
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
	widget_status_draw(ui, status_y, status_h, cols);
	if (ui->overlay == OVERLAY_DIALOG)
		widget_dialog_draw(ui, rows, cols);
}

/* The administrator the cursor means: its group, or the first pending
 * invitation of the context under it (by account: of its first context
 * with one). */
static const char *selected_admin(struct ui *ui)
{
	recount(ui);
	size_t ng = cache.n_groups;
	if (ui->fleet_sel < ng && !ui->fleet_group)
		return cache.groups[ui->fleet_sel].key;
	for (size_t i = 0; i < cache.n_rows; i++) {
		const struct context *c = cache.rows[i];
		if (ui->fleet_sel >= ng ? i != ui->fleet_sel - ng
		    : !c->profile->account || strcmp(c->profile->account, cache.groups[ui->fleet_sel].key) != 0)
			continue;
		for (size_t k = 0; k < c->n_invs; k++)
			if (app_invitation_pending(&c->invs[k]))
				return c->invs[k].account_id;
	}
	return NULL;
}

static struct context *selected_context(struct ui *ui)
{
	recount(ui);
	size_t ng = cache.n_groups;
	return ui->fleet_sel >= ng && ui->fleet_sel - ng < cache.n_rows ? cache.rows[ui->fleet_sel - ng] : NULL;
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
	cache.key_ms = isotime_now_ms();
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
	recount(ui);
	size_t ng = cache.n_groups, nc = cache.n_rows;
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
		if (!c && ui->fleet_sel < ng) {
			/* A group opens its contexts: an account's regions, or
			 * where an administrator invites or is enabled. */
			snprintf(ui->filter, sizeof ui->filter, "%s", cache.groups[ui->fleet_sel].key);
			recount(ui);
			ui->fleet_sel = cache.n_groups;
			ui->fleet_top = 0;
			return UI_NEXT_REDRAW;
		}
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
		/* The next column shown: Name only when accounts have names. */
		do
			ui->fleet_sort = (ui->fleet_sort + 1) % FLEET_N_SORT;
		while (ui->fleet_sort == COL_NAME && !cache.names);
		return UI_NEXT_REDRAW;
	case ACT_GROUP:
		ui->fleet_group = !ui->fleet_group;
		ui->fleet_sel = ui->fleet_gtop = ui->fleet_top = 0;
		return UI_NEXT_REDRAW;
	case ACT_FILTER:
		ui->filtering = true;
		return UI_NEXT_REDRAW;
	case ACT_REFRESH: {
		/* A listing of the SSO session's accounts goes on from a
		 * failed page, and asks again for the roles it missed. */
		bool relist = app_sso_relist(a);
		for (size_t i = 0; i < a->n_contexts; i++)
			if (a->contexts[i]->change_in_flight < 0)
				app_refresh_fleet(a, a->contexts[i]);
		if (relist)
			ui_say(ui, UI_CAUSE_READ, false, "Listing again what the SSO session's listing "
			       "could not get; reading %zu contexts again.", a->n_contexts);
		else if (app_sso_listing(a))
			ui_say(ui, UI_CAUSE_READ, false, "Reading %zu contexts again; the SSO session's "
			       "accounts are still being listed.", a->n_contexts);
		else
			ui_say(ui, UI_CAUSE_READ, false, "Reading %zu contexts again.", a->n_contexts);
		return UI_NEXT_REDRAW;
	}
	case ACT_FLEET:
		if (!ui->ctx) {
			/* No page yet: the row under the cursor, or the first. */
			struct context *c = selected_context(ui);
			if (!c && a->n_contexts)
				c = a->contexts[0];
			if (!c) {
				ui_say(ui, UI_CAUSE_SCREEN, false, "No account is listed yet: the page "
				       "opens when one is.");
				return UI_NEXT_REDRAW;
			}
			ui_switch(ui, c);
		}
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
