/* SPDX-License-Identifier: Apache-2.0 */
/* ui.c: the key table and the drawing helpers every view uses. UI thread only. */
#include "config.h"

#include "ui.h"

#include <ctype.h>
#include <stdarg.h>
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

/* Glyphs and the ASCII a locale without UTF-8 shows instead. */
static const struct {
	const char *glyph, *ascii;
} glyphs[] = {
	{ "…", "..." }, { "│", "|" }, { "·", "-" }, { "→", "->" }, { "←", "<-" },
	{ "↑", "^" }, { "↓", "v" }, { "▸", ">" }, { "›", ">" }, { "●", "*" }, { "○", "o" },
	{ "×", "x" }, { "—", "-" }, { "–", "-" }, { "✓", "+" },
};

void ui_ascii(struct buf *out, const char *s)
{
	size_t len = strlen(s);
	for (size_t i = 0; i < len;) {
		if ((unsigned char)s[i] < 0x80) {
			buf_putc(out, s[i++]);
			continue;
		}
		size_t k = 0, n = sizeof glyphs / sizeof glyphs[0];
		while (k < n && strncmp(s + i, glyphs[k].glyph, strlen(glyphs[k].glyph)) != 0)
			k++;
		if (k < n) {
			buf_puts(out, glyphs[k].ascii);
			i += strlen(glyphs[k].glyph);
		} else {
			unsigned cp;
			size_t cl = text_utf8_len((const unsigned char *)s + i, len - i, &cp);
			buf_putc(out, '?');
			i += cl ? cl : 1;
		}
	}
}

/* The text as the terminal will show it: itself, or its ASCII form. */
static char *shown(const char *s)
{
	if (term_caps()->utf8)
		return strdup(s);
	struct buf b;
	buf_init(&b);
	ui_ascii(&b, s);
	return buf_steal(&b);
}

static int width_of(const char *s)
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

int ui_width(const char *s)
{
	char *t = shown(s ? s : "");
	int w = t ? width_of(t) : 0;
	free(t);
	return w;
}

const char *ui_cut_mark(void)
{
	return term_caps()->utf8 ? "…" : "~";
}

/* Draws `s` (already in the terminal's form) in `width` columns; a cut
 * ends in the cut mark. */
static int put_shown(int y, int x, int width, const char *s, int attr)
{
	size_t len = strlen(s), i = 0;
	int used = 0;
	bool cut = width_of(s) > width;
	int room = cut ? width - 1 : width;
	attron(attr);
	move(y, x);
	while (i < len) {
		size_t n;
		int w = char_width(s + i, len - i, &n);
		if (used + w > room)
			break;
		addnstr(s + i, (int)n);
		used += w;
		i += n;
	}
	if (cut && used < width) {
		addstr(ui_cut_mark());
		used++;
	}
	attroff(attr);
	return used;
}

int ui_puts(int y, int x, int width, const char *s, int attr)
{
	if (width <= 0 || !s)
		return 0;
	char *t = shown(s);
	int used = t ? put_shown(y, x, width, t, attr) : 0;
	free(t);
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
		/* The accepted one is the administrator, shown above the list. */
		if (shub_status_enabled(inv->member_status))
			continue;
		if (ui->filter[0] && !contains(inv->account_id, ui->filter) &&
		    !contains(inv->invitation_id, ui->filter) &&
		    !contains(inv->member_status, ui->filter) &&
		    !contains(inv->invited_at, ui->filter))
			continue;
		idx[n++] = i;
	}
	return n;
}

/* Splits `s` (in the terminal's form) into lines of at most `width`
 * columns, breaking at spaces where it can. Heap array of heap lines. */
static size_t wrap_lines(const char *s, int width, char ***out)
{
	char **lines = NULL;
	size_t n = 0;
	while (*s && width > 0) {
		size_t len = strlen(s), i = 0, brk = 0;
		int used = 0;
		while (i < len) {
			size_t cl;
			int w = char_width(s + i, len - i, &cl);
			if (used + w > width)
				break;
			if (s[i] == ' ')
				brk = i;
			used += w;
			i += cl;
		}
		size_t take = i < len && brk > 0 ? brk : i;
		if (take == 0)
			take = 1;
		char **more = realloc(lines, (n + 1) * sizeof *lines);
		if (!more)
			break;
		lines = more;
		lines[n++] = strndup(s, take);
		s += take;
		while (*s == ' ')
			s++;
	}
	*out = lines;
	return n;
}

/* The untrusted text made visible, in the terminal's form. */
static char *visible_shown(const char *text)
{
	struct buf b;
	buf_init(&b);
	/* Line ends at the end are no part of what is said. */
	size_t len = text ? strlen(text) : 0;
	while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r'))
		len--;
	if (text)
		text_visible(&b, text, len, 0);
	char *t = shown(buf_str(&b));
	buf_done(&b);
	return t;
}

static void free_lines(char **lines, size_t n);

size_t ui_wrap_lines(int width, const char *text, char ***lines)
{
	char *t = visible_shown(text);
	size_t n = t ? wrap_lines(t, width, lines) : 0;
	if (!t)
		*lines = NULL;
	free(t);
	return n;
}

void ui_lines_free(char **lines, size_t n)
{
	free_lines(lines, n);
}

static void free_lines(char **lines, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

int ui_wrap_count(int width, const char *text)
{
	char *t = visible_shown(text);
	char **lines;
	size_t n = t ? wrap_lines(t, width, &lines) : 0;
	if (t)
		free_lines(lines, n);
	free(t);
	return (int)n;
}

int ui_wrap_more(int y, int x, int width, int max_lines, const char *text, int attr,
		 const char *more)
{
	char *t = visible_shown(text);
	if (!t || max_lines <= 0) {
		free(t);
		return 0;
	}
	char **lines;
	size_t n = wrap_lines(t, width, &lines);
	int drawn = 0;
	for (size_t i = 0; i < n && drawn < max_lines; i++, drawn++) {
		if (drawn < max_lines - 1 || i + 1 == n) {
			put_shown(y + drawn, x, width, lines[i], attr);
			continue;
		}
		/* The last line that fits says the rest was cut, and how to read it. */
		char *tail = shown(more ? more : "");
		int tw = width_of(tail) + 1;
		if (tw > width)
			tw = 1, tail[0] = '\0';
		int used = 0;
		if (width - tw > 0) {
			/* Cut the line itself short: its own mark would be doubled. */
			size_t len = strlen(lines[i]), k = 0;
			while (k < len) {
				size_t cl;
				int w = char_width(lines[i] + k, len - k, &cl);
				if (used + w > width - tw)
					break;
				used += w;
				k += cl;
			}
			lines[i][k] = '\0';
			put_shown(y + drawn, x, used, lines[i], attr);
		}
		put_shown(y + drawn, x + used, 1, ui_cut_mark(), attr);
		put_shown(y + drawn, x + used + 1, width - used - 1, tail, attr);
		free(tail);
	}
	free_lines(lines, n);
	free(t);
	return drawn;
}

int ui_wrap(int y, int x, int width, int max_lines, const char *text, int attr)
{
	return ui_wrap_more(y, x, width, max_lines, text, attr, NULL);
}

void ui_draw_too_small(int rows, int cols)
{
	char line[96];
	snprintf(line, sizeof line, "Terminal too small (need %d×%d, have %d×%d)",
		 UI_MIN_COLS, UI_MIN_ROWS, cols, rows);
	ui_wrap(rows / 2 > 0 ? rows / 2 - 1 : 0, 0, cols, rows, line, term_attr(ROLE_WARN));
	if (rows > 2)
		ui_puts(rows - 1, 0, cols, "q quits", term_attr(ROLE_LABEL));
}

void ui_header(struct ui *ui, int cols, const struct ui_header_item *items, size_t n)
{
	static const struct {
		const char *title, *bar, *sep;
	} levels[] = {
		{ "AWS Security Hub", "  │  ", "  ·  " },
		{ "AWS Security Hub", " │ ", " · " },
		{ "Security Hub", " │ ", " · " },
		{ "", "", " · " },
	};
	ui_fill(0, 0, 1, cols, term_attr(ROLE_HEADER));
	char spin[32] = "";
	int inflight = app_in_flight(ui->app);
	if (inflight > 0)
		snprintf(spin, sizeof spin, "%s %d", ui_spinner(ui), inflight);
	int avail = cols - 2 - (spin[0] ? ui_width(spin) + 2 : 0);
	/* The flexible item (the profile) gets what the others leave; the
	 * title and the spacing give way before it shrinks below a few
	 * characters, and it goes before any fixed item is cut. */
	size_t nl = sizeof levels / sizeof levels[0];
	int room[sizeof levels / sizeof levels[0]], need = 0;
	for (size_t li = 0; li < nl; li++) {
		int used = ui_width(levels[li].title) + (levels[li].title[0] ? ui_width(levels[li].bar) : 0);
		int flex_need = 0;
		for (size_t i = 0; i < n; i++) {
			if (i)
				used += ui_width(levels[li].sep);
			if (items[i].flex)
				flex_need = ui_width(items[i].text);
			else
				used += ui_width(items[i].text);
		}
		room[li] = avail - used;
		need = flex_need;
	}
	/* The first way that shows everything whole; else the first that
	 * leaves the flexible item ten columns; else the tightest. */
	size_t li = 0;
	while (li < nl && room[li] < need)
		li++;
	for (size_t k = 0; li == nl && k < nl; k++)
		if (room[k] >= (need < 10 ? need : 10))
			li = k;
	if (li == nl)
		li = nl - 1;
	int flex_room = room[li];
	int x = 1;
	x += ui_puts(0, x, avail - x + 1, levels[li].title, term_attr(ROLE_HEADER));
	if (levels[li].title[0])
		x += ui_puts(0, x, avail - x + 1, levels[li].bar, term_attr(ROLE_HEADER_DIM));
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		int w = items[i].flex ? flex_room : ui_width(items[i].text);
		if (items[i].flex && w < 4)
			continue;   /* no room: the profile goes, the account and region stay */
		if (any)
			x += ui_puts(0, x, avail - x + 1, levels[li].sep, term_attr(ROLE_HEADER_DIM));
		any = true;
		x += ui_put(0, x, w < avail - x + 1 ? w : avail - x + 1, items[i].text,
			    term_attr(items[i].bright ? ROLE_HEADER : ROLE_HEADER_DIM));
	}
	if (spin[0])
		ui_puts(0, cols - ui_width(spin) - 1, ui_width(spin), spin, term_attr(ROLE_HEADER));
}

void ui_say(struct ui *ui, enum ui_cause cause, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	app_vstatus(ui->app, error, fmt, ap);
	va_end(ap);
	ui->said.cause = cause;
	ui->said.status = ui->app->status;
	ui->said.ctx = ui->ctx;
	ui->said.screen = ui->screen;
}

/* What a finished read of `c` found, in a few words. */
static void read_result(struct buf *out, const struct context *c)
{
	const char *err = c->hub_error ? c->hub_error : c->admin_error ? c->admin_error : c->invs_error;
	if (err) {
		buf_printf(out, "Read %s again: %s", c->region, err);
		return;
	}
	size_t pending = app_pending_count(c);
	buf_printf(out, "Read %s again: %zu pending invitation%s", c->region, pending,
		   pending == 1 ? "" : "s");
	if (c->admin.account_id && shub_status_enabled(c->admin.member_status))
		buf_printf(out, "; administrator %s", c->admin.account_id);
	buf_puts(out, ".");
}

void ui_status_sync(struct ui *ui)
{
	struct app *a = ui->app;
	if (ui->said.cause == UI_CAUSE_NONE)
		return;
	if (a->status != ui->said.status) {
		/* Something else has been said since. */
		ui->said.cause = UI_CAUSE_NONE;
		return;
	}
	bool gone = false, error = false;
	struct buf b;
	buf_init(&b);
	switch (ui->said.cause) {
	case UI_CAUSE_TOGGLE_OFF:
		gone = ui->toggle_on || ui->ctx != ui->said.ctx || ui->screen != SCREEN_ACCOUNTS;
		break;
	case UI_CAUSE_TOGGLE_ON:
		gone = !ui->toggle_on || ui->ctx != ui->said.ctx || ui->screen != SCREEN_ACCOUNTS;
		break;
	case UI_CAUSE_SCREEN:
		gone = ui->screen != ui->said.screen;
		break;
	case UI_CAUSE_CONTEXT:
		gone = ui->ctx != ui->said.ctx || ui->screen != ui->said.screen;
		break;
	case UI_CAUSE_READ:
		if (ui->said.screen == SCREEN_ACCOUNTS && ui->said.ctx) {
			const struct context *c = ui->said.ctx;
			if (c->reads_in_flight == 0) {
				read_result(&b, c);
				error = c->hub_error || c->admin_error || c->invs_error;
			}
		} else if (app_in_flight(a) == 0) {
			size_t off = 0, bad = 0;
			for (size_t i = 0; i < a->n_contexts; i++) {
				const struct context *c = a->contexts[i];
				off += c->hub == HUB_NOT_ENABLED;
				bad += c->hub != HUB_NOT_ENABLED && (c->hub_error || c->invs_error);
			}
			buf_printf(&b, "Read %zu contexts again: Security Hub is not enabled in %zu, "
				   "%zu could not be read%s", a->n_contexts, off, bad,
				   bad ? " (Enter or i on a row says why)." : ".");
			error = bad > 0;
		}
		break;
	default:
		break;
	}
	if (b.len) {
		app_status(a, error, "%s", buf_str(&b));
		ui->said.cause = UI_CAUSE_NONE;
	} else if (gone) {
		app_status(a, false, "%s", "");
		ui->said.cause = UI_CAUSE_NONE;
	}
	buf_done(&b);
}

void ui_all_regions(struct ui *ui, struct profile *p)
{
	struct app *a = ui->app;
	size_t before = a->n_contexts;
	struct buf err;
	buf_init(&err);
	/* The contexts grow as regions are added: walk the profiles first. */
	size_t np = a->n_profiles;
	struct profile **profiles = calloc(np ? np : 1, sizeof *profiles);
	for (size_t k = 0; profiles && k < np; k++)
		profiles[k] = a->profiles[k];
	for (size_t k = 0; profiles && k < np; k++) {
		if (p && profiles[k] != p)
			continue;
		struct context *any = NULL;
		for (size_t i = 0; !any && i < a->n_contexts; i++)
			if (a->contexts[i]->profile == profiles[k])
				any = a->contexts[i];
		if (!any)
			continue;
		const char *const *regions = app_regions(any);
		for (size_t i = 0; regions[i]; i++) {
			buf_reset(&err);
			struct context *o = app_context(a, profiles[k]->name, regions[i], &err);
			if (o && o->invs_state == LOAD_NONE)
				app_refresh_fleet(a, o);
		}
	}
	free(profiles);
	buf_done(&err);
	ui->screen = SCREEN_FLEET;
	ui->filter[0] = '\0';
	ui_say(ui, UI_CAUSE_SCREEN, false, "Added %zu context%s: every Security Hub region of %s%s.",
	       a->n_contexts - before, a->n_contexts - before == 1 ? "" : "s",
	       p ? "profile " : "every profile", p ? p->name : "");
	a->dirty = true;
}

void ui_copy(struct ui *ui, const char *what, const char *id)
{
	const char *off = getenv("SHTUI_NO_OSC52");
	if (!id || !*id) {
		ui_say(ui, UI_CAUSE_CONTEXT, true, "There is no %s here to copy.", what);
		return;
	}
	char *shown = text_visible_dup(id);
	if (ui->app->opts.no_osc52 || (off && strcmp(off, "1") == 0)) {
		ui_say(ui, UI_CAUSE_CONTEXT, false, "%s %s (copying through the terminal is off: "
		       "--no-osc52 or SHTUI_NO_OSC52=1).", what, shown ? shown : "");
	} else if (shown) {
		term_copy(shown);
		ui_say(ui, UI_CAUSE_CONTEXT, false, "Copied %s %s to the clipboard (OSC 52; some "
		       "terminals ask first or need it allowed).", what, shown);
	}
	free(shown);
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
