/* SPDX-License-Identifier: Apache-2.0 */
/* view_accounts.c: the Settings -> Accounts page: the Master account panel, the pending invitations, the Accept toggle and its buttons. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "text.h"
#include "ui.h"
#include "widget.h"

#define NAV_W 16

/* The invitation the panel acts on: the selected pending one. */
static const struct invitation *selected_invitation(const struct ui *ui)
{
	const struct context *c = ui->ctx;
	if (!c || c->n_invs == 0)
		return NULL;
	size_t *idx = calloc(c->n_invs, sizeof *idx);
	if (!idx)
		return NULL;
	size_t n = ui_filtered(ui, idx);
	const struct invitation *inv = n && ui->selected < n ? &c->invs[idx[ui->selected]] : NULL;
	free(idx);
	return inv;
}

static bool has_admin(const struct context *c)
{
	return c->admin.account_id && shub_status_enabled(c->admin.member_status);
}

/* Which controls exist right now (the rest are skipped by Tab). */
static bool control_shown(const struct ui *ui, int ctl)
{
	const struct context *c = ui->ctx;
	bool ro = ui->app->opts.read_only;
	if (!c)
		return false;
	if (c->hub == HUB_NOT_ENABLED)
		return ctl == CTL_ENABLE && !ro;
	if (c->hub != HUB_ENABLED && c->hub != HUB_UNKNOWN)
		return ctl == CTL_LIST;
	switch (ctl) {
	case CTL_LIST:
		return true;
	case CTL_TOGGLE:
		return !ro && (has_admin(c) || selected_invitation(ui));
	case CTL_ACCEPT:
	case CTL_DECLINE:
		/* The panel's buttons act on what it shows: with an
		 * administrator in place, only the toggle and Update. */
		return !ro && !has_admin(c) && selected_invitation(ui);
	case CTL_UPDATE:
		return !ro && has_admin(c);
	default:
		return false;
	}
}

/* ---- drawing ---- */

static void draw_header(struct ui *ui, int cols)
{
	struct context *c = ui->ctx;
	if (!c) {
		ui_header(ui, cols, NULL, 0);
		return;
	}
	struct profile *p = c->profile;
	char prof[160];
	snprintf(prof, sizeof prof, "profile %s", p->name);
	struct ui_header_item items[] = {
		{ p->id_state == ID_KNOWN ? p->account : p->id_state == ID_FAILED ? "account unknown"
		  : "account …", false, true },
		{ prof, true, false },
		{ c->region, false, false },
		{ "read-only", false, true },
	};
	ui_header(ui, cols, items, ui->app->opts.read_only ? 4 : 3);
}

static void draw_nav(struct ui *ui, int top, int h)
{
	ui_puts(top, 1, NAV_W - 2, "Security Hub", term_attr(ROLE_TITLE));
	/* Only the screens shtui has: no dead entries. */
	ui_puts(top + 2, 1, NAV_W - 2, "▸ Settings",
		term_attr(ROLE_NAV_SELECTED));
	ui_puts(top + 3, 3, NAV_W - 4, "Accounts", term_attr(ROLE_NAV_SELECTED));
	ui_puts(top + 5, 3, NAV_W - 4, "Help  ?", term_attr(ROLE_NAV));
	ui_hit_add(ui, top + 5, 1, 1, NAV_W - 2, -1, -1, ACT_HELP);
	ui_vline(top, NAV_W - 1, h, term_attr(ROLE_BORDER));
}

static void field(int y, int x, int w, const char *label, const char *value, int attr)
{
	ui_puts(y, x, 15, label, term_attr(ROLE_LABEL));
	ui_put(y, x + 16, w - 16, value ? value : "", attr);
}

/* The Master account panel and its controls; returns rows used. */
static int draw_panel(struct ui *ui, int y, int x, int w, int h)
{
	struct context *c = ui->ctx;
	ui_box(y, x, h, w, "Master account", term_attr(ROLE_BORDER));
	int ix = x + 2, iw = w - 4, r = y + 1;
	bool ro = ui->app->opts.read_only;

	if (c->hub == HUB_NOT_ENABLED) {
		char line[128];
		snprintf(line, sizeof line, "Security Hub is not enabled in %s", c->region);
		ui_put(r, ix, iw, line, term_attr(ROLE_WARN));
		ui_wrap(r + 1, ix, iw, 2, "An administrator's invitation can be accepted or declined only "
			"where Security Hub is enabled.", term_attr(ROLE_NORMAL));
		if (!ro)
			widget_button_draw(ui, y + h - 2, ix, "Enable Security Hub", true,
					   ui->focus == CTL_ENABLE, true, CTL_ENABLE);
		return h;
	}
	if (c->profile->id_state == ID_FAILED && c->hub == HUB_ERROR && ui->app->no_credentials) {
		/* No keys at all: one message, where to look and what to do. */
		ui_puts(r, ix, iw, "No credentials", term_attr(ROLE_ERROR));
		ui_wrap(r + 1, ix, iw, h - 3, c->profile->id_error, term_attr(ROLE_NORMAL));
		return h;
	}
	if (c->hub == HUB_NOT_OPTED_IN || c->hub == HUB_DENIED || c->hub == HUB_ERROR) {
		ui_put(r, ix, iw, hub_state_text(c->hub), term_attr(ROLE_ERROR));
		ui_wrap(r + 1, ix, iw, h - 3, c->hub_error, term_attr(ROLE_NORMAL));
		return h;
	}
	const struct invitation *sel = selected_invitation(ui);
	const struct invitation *show = has_admin(c) ? &c->admin : sel;
	if (c->admin_state == LOAD_LOADING && c->invs_state == LOAD_LOADING && !show) {
		ui_puts(r, ix, iw, "Loading…", term_attr(ROLE_LABEL));
		return h;
	}
	if (c->admin_state == LOAD_FAILED && !show) {
		ui_wrap(r, ix, iw, h - 2, c->admin_error, term_attr(ROLE_ERROR));
		return h;
	}
	if (!show) {
		ui_wrap(r, ix, iw, h - 2, c->invs_state == LOAD_LOADING ? "Loading…"
			: "This account has no administrator account and no pending invitation "
			  "in this region.", term_attr(ROLE_LABEL));
		return h;
	}
	struct buf when;
	buf_init(&when);
	ui_time_both(&when, show->invited_at);
	field(r++, ix, iw, "Account ID", show->account_id, term_attr(ROLE_TITLE));
	field(r++, ix, iw, "Invitation ID", show->invitation_id, term_attr(ROLE_NORMAL));
	field(r++, ix, iw, "Invited at", buf_str(&when), term_attr(ROLE_NORMAL));
	field(r++, ix, iw, "Status", show->member_status,
	      term_attr(shub_status_enabled(show->member_status) ? ROLE_OK : ROLE_WARN));
	buf_done(&when);
	if (ro)
		return h;
	/* The console's controls: the toggle, then its buttons, with short
	 * labels when the full ones do not fit. */
	int cy = y + h - 2, cx = ix;
	bool admin = has_admin(c);
	bool brief = !admin && sel && ui_width("Accept [○ Off]   [ Accept invitation ] [ Decline invitation ]") > iw;
	cx += widget_toggle_draw(ui, cy, cx, "Accept", ui->toggle_on, ui->focus == CTL_TOGGLE,
				 CTL_TOGGLE) + 3;
	if (admin) {
		widget_button_draw(ui, cy, cx, "Update", !ui->toggle_on, ui->focus == CTL_UPDATE, false,
				   CTL_UPDATE);
	} else if (sel) {
		cx += widget_button_draw(ui, cy, cx, brief ? "Accept" : "Accept invitation",
					 ui->toggle_on, ui->focus == CTL_ACCEPT, true, CTL_ACCEPT) + 1;
		widget_button_draw(ui, cy, cx, brief ? "Decline" : "Decline invitation", true,
				   ui->focus == CTL_DECLINE, false, CTL_DECLINE);
	}
	return h;
}

static void draw_list(struct ui *ui, int y, int x, int w, int h)
{
	struct context *c = ui->ctx;
	size_t *idx = calloc(c->n_invs ? c->n_invs : 1, sizeof *idx);
	size_t n = idx ? ui_filtered(ui, idx) : 0;
	size_t listed = 0;
	for (size_t i = 0; i < c->n_invs; i++)
		listed += !shub_status_enabled(c->invs[i].member_status);
	char title[160];
	if (ui->filter[0])
		snprintf(title, sizeof title, "Pending invitations (%zu of %zu, filter \"%.40s\")",
			 n, listed, ui->filter);
	else
		snprintf(title, sizeof title, "Pending invitations (%zu)", n);
	ui_box(y, x, h, w, title, term_attr(ui->focus == CTL_LIST ? ROLE_BORDER_FOCUS : ROLE_BORDER));
	int ix = x + 2, iw = w - 4;
	int rows = h - 3;
	if (c->invs_state == LOAD_LOADING && c->n_invs == 0) {
		ui_puts(y + 1, ix, iw, "Loading…", term_attr(ROLE_LABEL));
		free(idx);
		return;
	}
	if (c->hub == HUB_NOT_ENABLED) {
		ui_wrap(y + 1, ix, iw, h - 2, "Invitations are listed once Security Hub is enabled "
			"in this region.", term_attr(ROLE_LABEL));
		free(idx);
		return;
	}
	if (c->invs_state == LOAD_FAILED) {
		ui_wrap(y + 1, ix, iw, h - 2, c->invs_error, term_attr(ROLE_ERROR));
		free(idx);
		return;
	}
	if (n == 0) {
		ui_puts(y + 1, ix, iw, listed ? "No invitation matches the filter."
			: "No pending invitations.", term_attr(ROLE_LABEL));
		free(idx);
		return;
	}
	/* Columns: administrator, invitation, invited at, status. The IDs
	 * keep their full width longest: people compare them; the time goes
	 * first when the list is narrow. */
	int avail = w - 3 - 3;
	int cw_acct = 12, cw_status = 8, cw_when = 20;
	int cw_id = avail - cw_acct - cw_status - cw_when;
	if (cw_id < 32) {
		cw_when = 16;
		cw_id = avail - cw_acct - cw_status - cw_when;
	}
	if (cw_id < 24) {
		cw_when = 0;
		cw_id = avail - cw_acct - cw_status + 1;
	}
	if (cw_id > 34) {
		int spare = cw_id - 34;
		cw_id = 34;
		cw_acct++;   /* room for the whole "Administrator" */
		spare--;
		int to_when = cw_when && spare > 4 ? 4 : cw_when ? spare : 0;
		cw_when += to_when;
		cw_status += spare - to_when;
	}
	int x_id = ix + cw_acct + 1, x_when = x_id + cw_id + 1;
	int x_status = cw_when ? x_when + cw_when + 1 : x_when;
	int hy = y + 1;
	ui_puts(hy, ix, cw_acct, ui_width("Administrator") <= cw_acct ? "Administrator" : "Admin",
		term_attr(ROLE_LABEL));
	ui_puts(hy, x_id, cw_id, "Invitation ID", term_attr(ROLE_LABEL));
	if (cw_when)
		ui_puts(hy, x_when, cw_when, "Invited at", term_attr(ROLE_LABEL));
	ui_puts(hy, x_status, cw_status, "Status", term_attr(ROLE_LABEL));
	widget_list_scroll(&ui->top, ui->selected, n, rows);
	for (int r = 0; r < rows && ui->top + (size_t)r < n; r++) {
		size_t row = ui->top + (size_t)r;
		const struct invitation *inv = &c->invs[idx[row]];
		bool sel = row == ui->selected;
		int attr = sel ? term_attr(ui->focus == CTL_LIST ? ROLE_FOCUS : ROLE_SELECTED)
			       : term_attr(ROLE_NORMAL);
		int ry = y + 2 + r;
		ui_fill(ry, x + 1, 1, w - 2, attr);
		ui_puts(ry, x + 1, 1, sel ? "▸" : " ", attr);
		ui_put(ry, ix, cw_acct, inv->account_id, attr);
		ui_put(ry, x_id, cw_id, inv->invitation_id, attr);
		if (cw_when) {
			struct buf when;
			buf_init(&when);
			ui_time_short(&when, inv->invited_at);
			if (cw_when < 20 && when.len > 16)
				when.data[16] = '\0';
			ui_put(ry, x_when, cw_when, buf_str(&when), attr);
			buf_done(&when);
		}
		ui_put(ry, x_status, cw_status, inv->member_status, attr);
		ui_hit_add(ui, ry, x + 1, 1, w - 2, CTL_LIST, (int)row, ACT_NONE);
	}
	int right = x + w - 2;
	if (n > (size_t)rows) {
		char more[48];
		snprintf(more, sizeof more, " %zu-%zu of %zu ", ui->top + 1,
			 ui->top + (size_t)rows < n ? ui->top + (size_t)rows : n, n);
		right -= ui_width(more);
		ui_puts(y + h - 1, right, ui_width(more), more, term_attr(ROLE_LABEL));
	}
	if (!cw_when)
		ui_puts(y + h - 1, x + 2, right - x - 3, " hidden: Invited at ", term_attr(ROLE_LABEL));
	free(idx);
}

static void accounts_draw(struct ui *ui, int rows, int cols)
{
	draw_header(ui, cols);
	bool nav = cols >= 100;
	int x = nav ? NAV_W + 1 : 1;
	int w = cols - x - 1;
	/* Short screens put the title and the tab on one row. */
	bool tall = rows >= 22;
	int body_top = tall ? 2 : 1;
	int status_h = widget_status_height(rows);
	int status_y = rows - status_h;
	if (nav)
		draw_nav(ui, body_top, status_y - body_top);
	int tx = x + ui_puts(body_top, x, w, "Settings", term_attr(ROLE_TITLE));
	if (tall)
		ui_puts(body_top + 1, x, w, " Accounts ", term_attr(ROLE_TAB));
	else
		ui_puts(body_top, tx + ui_puts(body_top, tx, w - (tx - x), " › ", term_attr(ROLE_LABEL)),
			w - (tx - x) - 3, "Accounts", term_attr(ROLE_TAB));
	if (!ui->ctx) {
		widget_status_draw(ui, status_y, status_h, cols);
		return;
	}
	int py = body_top + (tall ? 3 : 1);
	int ph = 7;
	draw_panel(ui, py, x, w, ph);
	int ly = py + ph;
	if (status_y - ly >= 4)
		draw_list(ui, ly, x, w, status_y - ly);
	widget_status_draw(ui, status_y, status_h, cols);
	if (ui->overlay == OVERLAY_DIALOG)
		widget_dialog_draw(ui, rows, cols);
}

/* ---- actions ---- */

/* Checks the acting account is known before a dialog names it. */
static bool identity_known(struct ui *ui)
{
	struct profile *p = ui->ctx->profile;
	if (p->id_state == ID_KNOWN)
		return true;
	if (p->id_state == ID_FAILED)
		ui_say(ui, UI_CAUSE_CONTEXT, true, "Nothing was sent: which account profile %s acts as is "
			   "unknown (%s).", p->name, p->id_error ? p->id_error : "STS failed");
	else
		ui_say(ui, UI_CAUSE_CONTEXT, true, "Nothing was sent yet: waiting for STS to say which "
			   "account profile %s acts as.", p->name);
	return false;
}

static void open_confirm(struct ui *ui, enum app_action act, const struct invitation *inv)
{
	struct context *c = ui->ctx;
	struct profile *p = c->profile;
	char member[128], admin[64], region[64], invid[160], note[256];
	const char *lines[6];
	size_t n = 0;
	snprintf(member, sizeof member, "Member account\t%s (profile %s)", p->account, p->name);
	lines[n++] = member;
	const char *admin_id = act == APP_DISASSOCIATE ? c->admin.account_id : inv ? inv->account_id : NULL;
	if (admin_id) {
		snprintf(admin, sizeof admin, "Administrator\t%.40s", admin_id);
		lines[n++] = admin;
	}
	snprintf(region, sizeof region, "Region\t%s", c->region);
	lines[n++] = region;
	const char *inv_id = act == APP_DISASSOCIATE ? c->admin.invitation_id : inv ? inv->invitation_id : NULL;
	if (inv_id) {
		snprintf(invid, sizeof invid, "Invitation\t%.120s", inv_id);
		lines[n++] = invid;
	}
	const char *title, *confirm;
	switch (act) {
	case APP_ACCEPT:
		title = "Accept invitation?";
		confirm = "Accept";
		snprintf(note, sizeof note, "The administrator account will see this account's "
			 "Security Hub findings in %s.", c->region);
		break;
	case APP_DECLINE:
		title = "Decline invitation?";
		confirm = "Decline";
		snprintf(note, sizeof note, "The invitation is declined; the administrator must "
			 "invite this account again to manage it.");
		break;
	case APP_DELETE:
		title = "Delete invitation?";
		confirm = "Delete";
		snprintf(note, sizeof note, "The invitation is deleted from this account in %s.", c->region);
		break;
	case APP_DISASSOCIATE:
		title = "Disassociate from administrator?";
		confirm = "Disassociate";
		snprintf(note, sizeof note, "The administrator account stops seeing this account's "
			 "findings in %s.", c->region);
		break;
	default:
		title = "Enable Security Hub?";
		confirm = "Enable";
		snprintf(note, sizeof note, "Security Hub is enabled in %s with its default "
			 "security standards.", c->region);
		break;
	}
	lines[n++] = "";
	lines[n++] = note;
	widget_dialog_open(ui, title, lines, n, confirm, act, c, inv);
}

static enum ui_next do_accept(struct ui *ui)
{
	struct context *c = ui->ctx;
	const struct invitation *inv = selected_invitation(ui);
	if (c->hub == HUB_NOT_ENABLED) {
		ui_say(ui, UI_CAUSE_CONTEXT, true, "Security Hub is not enabled in %s: enable it first (e).", c->region);
	} else if (!inv) {
		ui_say(ui, UI_CAUSE_CONTEXT, true, "There is no pending invitation to accept.");
	} else if (has_admin(c)) {
		ui_say(ui, UI_CAUSE_TOGGLE_ON, true, "Only one invitation can be accepted: %s is already the "
			   "administrator account in %s. Turn Accept off and choose Update to "
			   "disassociate first.", c->admin.account_id, c->region);
	} else if (!ui->toggle_on) {
		ui_say(ui, UI_CAUSE_TOGGLE_OFF, true, "Accept invitation is disabled until Accept is on: "
			   "press Space, then a.");
	} else if (identity_known(ui)) {
		open_confirm(ui, APP_ACCEPT, inv);
	}
	return UI_NEXT_REDRAW;
}

static enum ui_next do_decline(struct ui *ui, enum app_action act)
{
	const struct invitation *inv = selected_invitation(ui);
	if (ui->ctx->hub == HUB_NOT_ENABLED)
		ui_say(ui, UI_CAUSE_CONTEXT, true, "Security Hub is not enabled in %s: enable it first (e).",
			   ui->ctx->region);
	else if (!inv)
		ui_say(ui, UI_CAUSE_CONTEXT, true, "There is no pending invitation selected.");
	else if (identity_known(ui))
		open_confirm(ui, act, inv);
	return UI_NEXT_REDRAW;
}

static enum ui_next do_update(struct ui *ui)
{
	struct context *c = ui->ctx;
	if (!has_admin(c))
		ui_say(ui, UI_CAUSE_CONTEXT, true, "There is no administrator account in %s to update.", c->region);
	else if (ui->toggle_on)
		ui_say(ui, UI_CAUSE_TOGGLE_ON, false, "Nothing to update: turn Accept off (Space) to disassociate "
			   "from %s, then choose Update.", c->admin.account_id);
	else if (identity_known(ui))
		open_confirm(ui, APP_DISASSOCIATE, NULL);
	return UI_NEXT_REDRAW;
}

static enum ui_next do_enable(struct ui *ui)
{
	if (ui->ctx->hub != HUB_NOT_ENABLED)
		ui_say(ui, UI_CAUSE_CONTEXT, false, "Security Hub is %s in %s.", hub_state_text(ui->ctx->hub),
			   ui->ctx->region);
	else if (identity_known(ui))
		open_confirm(ui, APP_ENABLE, NULL);
	return UI_NEXT_REDRAW;
}

static enum ui_next do_toggle(struct ui *ui)
{
	if (!control_shown(ui, CTL_TOGGLE)) {
		ui_say(ui, UI_CAUSE_CONTEXT, true, "There is nothing to accept here.");
		return UI_NEXT_REDRAW;
	}
	ui->toggle_on = !ui->toggle_on;
	ui->focus = CTL_TOGGLE;
	if (has_admin(ui->ctx) && !ui->toggle_on)
		ui_say(ui, UI_CAUSE_TOGGLE_OFF, false, "Accept is off: choose Update (u) to disassociate from %s.",
			   ui->ctx->admin.account_id);
	return UI_NEXT_REDRAW;
}

static void move_focus(struct ui *ui, int dir)
{
	for (int i = 1; i <= UI_N_CONTROLS; i++) {
		int ctl = ((ui->focus + dir * i) % UI_N_CONTROLS + UI_N_CONTROLS) % UI_N_CONTROLS;
		if (control_shown(ui, ctl)) {
			ui->focus = ctl;
			return;
		}
	}
}

static enum ui_next activate(struct ui *ui, int ctl)
{
	switch (ctl) {
	case CTL_TOGGLE:
		return do_toggle(ui);
	case CTL_ACCEPT:
		return do_accept(ui);
	case CTL_DECLINE:
		return do_decline(ui, APP_DECLINE);
	case CTL_UPDATE:
		return do_update(ui);
	case CTL_ENABLE:
		return do_enable(ui);
	default:
		return UI_NEXT_NONE;
	}
}

static void open_picker(struct ui *ui, bool profiles)
{
	struct ui_picker *pk = &ui->picker;
	ui_picker_clear(ui);
	pk->profiles = profiles;
	if (profiles) {
		struct aws_config_profile_list list = { 0 };
		struct buf err;
		buf_init(&err);
		if (app_list_profiles(ui->app, &list, &err) != SHTUI_OK || list.n == 0) {
			app_status(ui->app, true, "No profiles in the AWS config files%s%s",
				   err.len ? ": " : ".", buf_str(&err));
			buf_done(&err);
			aws_config_profile_list_done(&list);
			return;
		}
		buf_done(&err);
		pk->items = calloc(list.n, sizeof *pk->items);
		for (size_t i = 0; pk->items && i < list.n; i++) {
			pk->items[pk->n_items++] = strdup(list.names[i]);
			if (strcmp(list.names[i], ui->ctx->profile->name) == 0)
				pk->selected = i;
		}
		aws_config_profile_list_done(&list);
		pk->title = strdup("Profile");
	} else {
		const char *const *regions = app_regions(ui->ctx);
		size_t n = 0;
		while (regions[n])
			n++;
		pk->items = calloc(n ? n : 1, sizeof *pk->items);
		for (size_t i = 0; pk->items && i < n; i++) {
			pk->items[pk->n_items++] = strdup(regions[i]);
			if (strcmp(regions[i], ui->ctx->region) == 0)
				pk->selected = i;
		}
		pk->title = strdup("Region");
	}
	ui->overlay = OVERLAY_PICKER;
}

static enum ui_next run_action(struct ui *ui, enum ui_action act)
{
	struct context *c = ui->ctx;
	size_t *idx;
	size_t n;
	switch (act) {
	case ACT_DOWN:
	case ACT_UP:
		idx = calloc(c->n_invs ? c->n_invs : 1, sizeof *idx);
		n = idx ? ui_filtered(ui, idx) : 0;
		free(idx);
		if (act == ACT_DOWN && ui->selected + 1 < n)
			ui->selected++;
		else if (act == ACT_UP && ui->selected > 0)
			ui->selected--;
		ui->focus = CTL_LIST;
		return UI_NEXT_REDRAW;
	case ACT_TOGGLE:
		return do_toggle(ui);
	case ACT_FOCUS_NEXT:
		move_focus(ui, 1);
		return UI_NEXT_REDRAW;
	case ACT_FOCUS_PREV:
		move_focus(ui, -1);
		return UI_NEXT_REDRAW;
	case ACT_ACTIVATE:
		return activate(ui, ui->focus);
	case ACT_ACCEPT:
		return do_accept(ui);
	case ACT_DECLINE:
		return do_decline(ui, APP_DECLINE);
	case ACT_DELETE:
		return do_decline(ui, APP_DELETE);
	case ACT_ENABLE:
		return do_enable(ui);
	case ACT_UPDATE:
		return do_update(ui);
	case ACT_REFRESH:
		app_refresh(ui->app, c);
		ui_say(ui, UI_CAUSE_READ, false, "Reading %s again.", c->region);
		return UI_NEXT_REDRAW;
	case ACT_REGION:
		open_picker(ui, false);
		return UI_NEXT_REDRAW;
	case ACT_PROFILE:
		open_picker(ui, true);
		return UI_NEXT_REDRAW;
	case ACT_FILTER:
		ui->filtering = true;
		return UI_NEXT_REDRAW;
	case ACT_HELP:
		ui->overlay = OVERLAY_HELP;
		return UI_NEXT_REDRAW;
	case ACT_DETAILS:
		view_details_open(ui, c);
		return UI_NEXT_REDRAW;
	case ACT_COPY: {
		/* The selected invitation's; with none, what the panel shows. */
		const struct invitation *inv = selected_invitation(ui);
		if (!inv && has_admin(c))
			inv = &c->admin;
		ui_copy(ui, "invitation ID", inv ? inv->invitation_id : NULL);
		return UI_NEXT_REDRAW;
	}
	case ACT_FLEET:
		ui->screen = SCREEN_FLEET;
		ui->filter[0] = '\0';
		for (size_t i = 0; i < ui->app->n_contexts; i++) {
			struct context *o = ui->app->contexts[i];
			if (o->invs_state == LOAD_NONE)
				app_refresh_fleet(ui->app, o);
		}
		return UI_NEXT_REDRAW;
	case ACT_ALL_REGIONS:
		ui_all_regions(ui, c->profile);
		return UI_NEXT_REDRAW;
	case ACT_BULK_ACCEPT:
	case ACT_BULK_DECLINE:
		ui_say(ui, UI_CAUSE_SCREEN, false, "A and D work on the fleet screen (F); here, use a and d.");
		return UI_NEXT_REDRAW;
	case ACT_QUIT:
		return UI_NEXT_QUIT;
	default:
		return UI_NEXT_NONE;
	}
}

static enum ui_next filter_key(struct ui *ui, int key)
{
	enum ui_next next = ui_filter_key(ui, key);
	if (next != UI_NEXT_NONE)
		ui->selected = ui->top = 0;
	return next;
}

static enum ui_next accounts_key(struct ui *ui, int key)
{
	if (!ui->ctx)
		return key == 'q' ? UI_NEXT_QUIT : UI_NEXT_NONE;
	if (ui->overlay == OVERLAY_DIALOG) {
		bool go = false;
		enum ui_next next = widget_dialog_key(ui, key, &go);
		if (go) {
			struct buf why;
			buf_init(&why);
			struct ui_dialog *d = &ui->dialog;
			if (!app_act(ui->app, d->ctx, d->act, d->inv.account_id ? &d->inv : NULL, &why))
				app_status(ui->app, true, "%s", buf_str(&why));
			buf_done(&why);
			widget_dialog_close(ui);
		}
		return next;
	}
	if (ui->filtering)
		return filter_key(ui, key);
	if (key == UI_KEY_ESC && ui->filter[0]) {
		ui->filter[0] = '\0';
		return UI_NEXT_REDRAW;
	}
	return run_action(ui, ui_action_for_key(key, ui->app->opts.read_only));
}

static enum ui_next accounts_click(struct ui *ui, const struct ui_hit *hit)
{
	if (ui->overlay == OVERLAY_DIALOG) {
		if (hit->action == 'y' || hit->action == 'n')
			return accounts_key(ui, hit->action);
		return UI_NEXT_NONE;
	}
	if (hit->row >= 0) {
		ui->selected = (size_t)hit->row;
		ui->focus = CTL_LIST;
		return UI_NEXT_REDRAW;
	}
	if (hit->control >= 0) {
		ui->focus = hit->control;
		return activate(ui, hit->control);
	}
	if (hit->action != ACT_NONE)
		return run_action(ui, (enum ui_action)hit->action);
	return UI_NEXT_NONE;
}

const struct view_ops view_accounts = {
	.name = "accounts",
	.draw = accounts_draw,
	.key = accounts_key,
	.click = accounts_click,
};
