/* SPDX-License-Identifier: Apache-2.0 */
/* ui.c: the key table and the drawing helpers every view uses. UI thread only. */
#include "config.h"

#include "ui.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <wchar.h>

#include <curses.h>

#include "isotime.h"
#include "text.h"

const struct ui_action_info ui_actions[UI_N_ACTIONS] = {
#define UI_ACTION_ROW(id, k1, k2, label, help, flags) [id] = { k1, k2, label, help, flags },
	UI_ACTIONS(UI_ACTION_ROW)
#undef UI_ACTION_ROW
};

enum ui_action ui_action_for_key(int key, bool read_only)
{
	for (int i = 0; i < UI_N_ACTIONS; i++) {
		if (ui_actions[i].key != key && !(ui_actions[i].key2 && ui_actions[i].key2 == key))
			continue;
		if (read_only && (ui_actions[i].flags & UI_CHANGES))
			return ACT_NONE;
		return (enum ui_action)i;
	}
	return ACT_NONE;
}

/* Width of the UTF-8 character at s (len bytes left), and its length. */
static int char_width(const char *s, size_t len, size_t *n)
{
	unsigned cp = 0;
	*n = text_utf8_len((const unsigned char *)s, len, &cp);
	if (*n == 0) {
		*n = 1;
		return 1;
	}
	int w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w;
}

int ui_width(const char *s)
{
	int w = 0;
	size_t len = strlen(s);
	for (size_t i = 0; i < len;) {
		size_t n;
		w += char_width(s + i, len - i, &n);
		i += n;
	}
	return w;
}

int ui_puts(int y, int x, int width, const char *s, int attr)
{
	if (width <= 0 || !s)
		return 0;
	size_t len = strlen(s), i = 0;
	int used = 0;
	bool utf8 = term_caps()->utf8;
	attron(attr);
	move(y, x);
	while (i < len) {
		size_t n;
		int w = char_width(s + i, len - i, &n);
		if (used + w > width)
			break;
		if (utf8 || (unsigned char)s[i] < 0x80)
			addnstr(s + i, (int)n);
		else
			addch('?');
		used += w;
		i += n;
	}
	attroff(attr);
	return used;
}

int ui_put(int y, int x, int width, const char *s, int attr)
{
	struct buf b;
	buf_init(&b);
	if (s)
		text_visible(&b, s, strlen(s), 0);
	int used = ui_puts(y, x, width, buf_str(&b), attr);
	buf_done(&b);
	return used;
}

void ui_fill(int y, int x, int h, int w, int attr)
{
	attron(attr);
	for (int r = 0; r < h; r++)
		mvhline(y + r, x, ' ', w);
	attroff(attr);
}

void ui_hline(int y, int x, int n, int attr)
{
	attron(attr);
	if (term_caps()->utf8)
		mvhline_set(y, x, WACS_HLINE, n);
	else
		mvhline(y, x, '-', n);
	attroff(attr);
}

void ui_vline(int y, int x, int n, int attr)
{
	attron(attr);
	if (term_caps()->utf8)
		mvvline_set(y, x, WACS_VLINE, n);
	else
		mvvline(y, x, '|', n);
	attroff(attr);
}

/* A corner: Unicode when the locale is UTF-8, else '+'. */
static void corner(int y, int x, const cchar_t *wc, int attr)
{
	attron(attr);
	if (term_caps()->utf8)
		mvadd_wch(y, x, wc);
	else
		mvaddch(y, x, '+');
	attroff(attr);
}

void ui_box(int y, int x, int h, int w, const char *title, int attr)
{
	if (h < 2 || w < 2)
		return;
	corner(y, x, WACS_ULCORNER, attr);
	ui_hline(y, x + 1, w - 2, attr);
	corner(y, x + w - 1, WACS_URCORNER, attr);
	ui_vline(y + 1, x, h - 2, attr);
	ui_vline(y + 1, x + w - 1, h - 2, attr);
	corner(y + h - 1, x, WACS_LLCORNER, attr);
	ui_hline(y + h - 1, x + 1, w - 2, attr);
	corner(y + h - 1, x + w - 1, WACS_LRCORNER, attr);
	if (title && w > 6) {
		mvaddch(y, x + 1, ' ');
		int n = ui_puts(y, x + 2, w - 5, title, term_attr(ROLE_TITLE));
		mvaddch(y, x + 2 + n, ' ');
	}
}

void ui_hit_add(struct ui *ui, int y, int x, int h, int w, int control, int row, int action)
{
	if (ui->n_hits >= UI_MAX_HITS)
		return;
	ui->hits[ui->n_hits++] = (struct ui_hit){ y, x, h, w, control, row, action };
}

/* Parses an ISO 8601 timestamp to a time_t; false when it does not. */
static bool parse_iso(const char *iso, time_t *out)
{
	return isotime_parse(iso, out) == SHTUI_OK;
}

void ui_time_short(struct buf *out, const char *iso)
{
	time_t t;
	struct tm local;
	char a[48];
	if (!parse_iso(iso, &t) || !localtime_r(&t, &local)) {
		buf_puts(out, iso ? iso : "");
		return;
	}
	strftime(a, sizeof a, "%Y-%m-%d %H:%M %Z", &local);
	buf_puts(out, a);
}

void ui_time_both(struct buf *out, const char *iso)
{
	time_t t;
	struct tm local, utc;
	char a[64], b[32];
	if (!parse_iso(iso, &t) || !localtime_r(&t, &local) || !gmtime_r(&t, &utc)) {
		buf_puts(out, iso ? iso : "");
		return;
	}
	strftime(a, sizeof a, "%Y-%m-%d %H:%M:%S %Z", &local);
	strftime(b, sizeof b, "%H:%M:%S UTC", &utc);
	if (local.tm_gmtoff == 0 && strcmp(local.tm_zone ? local.tm_zone : "", "UTC") == 0)
		buf_puts(out, a);
	else
		buf_printf(out, "%s (%s)", a, b);
}

const char *ui_spinner(const struct ui *ui)
{
	static const char *const uni[] = { "⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏" };
	static const char *const ascii[] = { "|", "/", "-", "\\" };
	if (term_caps()->utf8)
		return uni[ui->spin % 10];
	return ascii[ui->spin % 4];
}

static bool contains(const char *hay, const char *needle)
{
	if (!hay)
		return false;
	size_t n = strlen(needle);
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return false;
}

size_t ui_filtered(const struct ui *ui, size_t *idx)
{
	size_t n = 0;
	const struct context *c = ui->ctx;
	for (size_t i = 0; c && i < c->n_invs; i++) {
		const struct invitation *inv = &c->invs[i];
		if (ui->filter[0] && !contains(inv->account_id, ui->filter) &&
		    !contains(inv->invitation_id, ui->filter) &&
		    !contains(inv->member_status, ui->filter) &&
		    !contains(inv->invited_at, ui->filter))
			continue;
		idx[n++] = i;
	}
	return n;
}

int ui_wrap(int y, int x, int width, int max_lines, const char *text, int attr)
{
	struct buf b;
	buf_init(&b);
	if (text)
		text_visible(&b, text, strlen(text), 0);
	const char *s = buf_str(&b);
	int lines = 0;
	while (*s && lines < max_lines && width > 0) {
		/* Take as many characters as fit; break at the last space. */
		size_t len = strlen(s), i = 0, brk = 0;
		int used = 0;
		while (i < len) {
			size_t n;
			int w = char_width(s + i, len - i, &n);
			if (used + w > width)
				break;
			if (s[i] == ' ')
				brk = i;
			used += w;
			i += n;
		}
		size_t take = i;
		if (i < len && brk > 0)
			take = brk;
		char *line = strndup(s, take);
		if (lines == max_lines - 1 && take < len) {
			/* The last line shows that more was cut. */
			ui_puts(y + lines, x, width - 1, line ? line : "", attr);
			ui_puts(y + lines, x + width - 1, 1, term_caps()->utf8 ? "…" : ">", attr);
		} else {
			ui_puts(y + lines, x, width, line ? line : "", attr);
		}
		free(line);
		lines++;
		s += take;
		while (*s == ' ')
			s++;
	}
	buf_done(&b);
	return lines;
}

void ui_sync(struct ui *ui)
{
	struct context *c = ui->ctx;
	if (!c)
		return;
	bool enabled = c->admin.account_id && shub_status_enabled(c->admin.member_status);
	const char *key = enabled ? c->admin.account_id : "";
	if (!ui->toggle_for || strcmp(ui->toggle_for, key) != 0) {
		free(ui->toggle_for);
		ui->toggle_for = strdup(key);
		ui->toggle_on = enabled;
	}
	size_t *idx = calloc(c->n_invs ? c->n_invs : 1, sizeof *idx);
	size_t n = idx ? ui_filtered(ui, idx) : 0;
	free(idx);
	if (ui->selected >= n)
		ui->selected = n ? n - 1 : 0;
}

void ui_switch(struct ui *ui, struct context *c)
{
	bool fresh = c->hub == HUB_UNKNOWN && c->admin_state == LOAD_NONE && c->invs_state == LOAD_NONE;
	ui->ctx = c;
	ui->selected = ui->top = 0;
	ui->filter[0] = '\0';
	free(ui->toggle_for);
	ui->toggle_for = NULL;
	if (fresh)
		app_refresh(ui->app, c);
	ui_sync(ui);
	ui->app->dirty = true;
}

enum ui_next ui_filter_key(struct ui *ui, int key)
{
	size_t len = strlen(ui->filter);
	if (key == UI_KEY_ESC) {
		ui->filter[0] = '\0';
		ui->filtering = false;
	} else if (key == UI_KEY_ENTER || key == KEY_ENTER || key == '\n') {
		ui->filtering = false;
	} else if (key == KEY_BACKSPACE || key == 127 || key == 8) {
		if (len)
			ui->filter[len - 1] = '\0';
	} else if (key >= 0x20 && key < 0x7f && len + 1 < sizeof ui->filter) {
		ui->filter[len] = (char)key;
		ui->filter[len + 1] = '\0';
	} else {
		return UI_NEXT_NONE;
	}
	return UI_NEXT_REDRAW;
}

void ui_picker_clear(struct ui *ui)
{
	struct ui_picker *pk = &ui->picker;
	for (size_t i = 0; i < pk->n_items; i++)
		free(pk->items[i]);
	free(pk->items);
	free(pk->title);
	memset(pk, 0, sizeof *pk);
}
