/* SPDX-License-Identifier: Apache-2.0 */
/* ui.h: the screen's shared state, its key table, and the drawing helpers every view uses. UI thread only. */
#ifndef SHTUI_UI_H
#define SHTUI_UI_H

#include <stdbool.h>
#include <stddef.h>

#include "app.h"
#include "buf.h"
#include "term.h"

/* Keys beyond ASCII that the table names (curses codes come from curses.h). */
#define UI_KEY_ESC 27
#define UI_KEY_TAB '\t'
#define UI_KEY_ENTER '\r'

/*
 * The actions bound to keys: X(id, key, second key or 0, label, help,
 * flags). The key handling, the help screen and the man page's KEYS
 * section all come from this one table.
 */
#define UI_CHANGES 1u   /* changes the service: hidden with --read-only */
#define UI_ACTIONS(X)                                                                  \
	X(ACT_DOWN, 'j', KEY_DOWN, "j, Down", "select the next invitation", 0)          \
	X(ACT_UP, 'k', KEY_UP, "k, Up", "select the previous invitation", 0)            \
	X(ACT_TOGGLE, ' ', 0, "Space", "turn the Accept toggle on or off", UI_CHANGES)  \
	X(ACT_FOCUS_NEXT, UI_KEY_TAB, 0, "Tab", "move the focus to the next control", 0) \
	X(ACT_FOCUS_PREV, KEY_BTAB, 0, "Shift-Tab", "move the focus back", 0)          \
	X(ACT_ACTIVATE, UI_KEY_ENTER, KEY_ENTER, "Enter", "activate the focused control", 0) \
	X(ACT_ACCEPT, 'a', 0, "a", "Accept invitation (turn Accept on first)", UI_CHANGES) \
	X(ACT_DECLINE, 'd', 0, "d", "Decline invitation", UI_CHANGES)                   \
	X(ACT_DELETE, 'x', 0, "x", "delete the selected invitation", UI_CHANGES)        \
	X(ACT_ENABLE, 'e', 0, "e", "Enable Security Hub (where it is not enabled)", UI_CHANGES) \
	X(ACT_UPDATE, 'u', 0, "u", "Update: disassociate after turning Accept off", UI_CHANGES) \
	X(ACT_REFRESH, 'r', 0, "r", "read the page again from the service", 0)          \
	X(ACT_REGION, 'g', 0, "g", "choose the region", 0)                              \
	X(ACT_PROFILE, 'p', 0, "p", "choose the profile", 0)                            \
	X(ACT_FILTER, '/', 0, "/", "filter (fleet: any column, pending, failed...; Esc clears)", 0)           \
	X(ACT_FLEET, 'F', 0, "F", "the fleet screen: every profile and region at once", 0) \
	X(ACT_ALL_REGIONS, 'G', 0, "G", "add every Security Hub region of the profile (fleet: of the row's)", 0) \
	X(ACT_BULK_ACCEPT, 'A', 0, "A", "(fleet) accept the selected administrator's invitations", UI_CHANGES) \
	X(ACT_BULK_DECLINE, 'D', 0, "D", "(fleet) decline the selected administrator's invitations", UI_CHANGES) \
	X(ACT_SORT, 's', 0, "s", "(fleet) sort by the next column", 0)                \
	X(ACT_GROUP, 'b', 0, "b", "(fleet) group by administrator or by account", 0) \
	X(ACT_DETAILS, 'i', 0, "i", "details of the last failure: the whole text, code, hint, logs", 0) \
	X(ACT_COPY, 'c', 0, "c", "copy the selected ID to the terminal's clipboard (OSC 52)", 0) \
	X(ACT_HELP, '?', KEY_F(1), "?", "show this help", 0)                            \
	X(ACT_QUIT, 'q', 0, "q", "quit at once, even with calls in flight", 0)

enum ui_action {
	ACT_NONE = -1,
#define UI_ACTION_ENUM(id, k1, k2, label, help, flags) id,
	UI_ACTIONS(UI_ACTION_ENUM)
#undef UI_ACTION_ENUM
	UI_N_ACTIONS
};

struct ui_action_info {
	int key, key2;
	const char *label, *help;
	unsigned flags;
};

/* The table above as data; indexed by enum ui_action. */
extern const struct ui_action_info ui_actions[UI_N_ACTIONS];
/* The action a key triggers, or ACT_NONE. Read-only mode drops UI_CHANGES. */
enum ui_action ui_action_for_key(int key, bool read_only);

/* The dialog keys, shown in help after the table. */
#define UI_DIALOG_KEYS "y confirm, n or Esc cancel"

/* The controls of the page, in focus order. */
enum ui_control {
	CTL_LIST,
	CTL_TOGGLE,
	CTL_ACCEPT,
	CTL_DECLINE,
	CTL_UPDATE,
	CTL_ENABLE,
	UI_N_CONTROLS
};

/* A place on screen that a mouse click activates. */
struct ui_hit {
	int y, x, h, w;
	int control;      /* enum ui_control, or -1 */
	int row;          /* list row index, or -1 */
	int action;       /* enum ui_action to run, or ACT_NONE */
};

#define UI_MAX_HITS 64

/* What overlays the page. */
enum ui_overlay {
	OVERLAY_NONE,
	OVERLAY_DIALOG,
	OVERLAY_HELP,
	OVERLAY_PICKER,
	OVERLAY_MFA,
	OVERLAY_DETAILS,
};

struct ui_dialog {
	char *title;             /* the question, e.g. "Accept invitation?" */
	size_t top;              /* first line shown when they do not all fit */
	bool bulk;               /* a fleet action on every applicable context */
	char **lines;            /* label\tvalue lines, or plain lines */
	size_t n_lines;
	char *confirm;           /* the confirm button's word: "Accept" */
	enum app_action act;
	struct invitation inv;   /* a copy of what it acts on */
	struct context *ctx;
	int focus;               /* 0 confirm, 1 cancel */
};

struct ui_picker {
	char *title;
	char **items;
	size_t n_items;
	size_t selected;
	size_t top;
	bool profiles;           /* else regions */
	char typed[64];          /* type-to-jump: what has been typed */
};

/* Why a message the screen put in the status line is true: it goes when
 * its cause goes. */
enum ui_cause {
	UI_CAUSE_NONE,
	UI_CAUSE_TOGGLE_OFF,     /* true while the Accept toggle is off */
	UI_CAUSE_TOGGLE_ON,      /* true while it is on */
	UI_CAUSE_SCREEN,         /* true while this screen is shown */
	UI_CAUSE_CONTEXT,        /* true while the page shows this context */
	UI_CAUSE_READ,           /* "Reading...": becomes the result when the reads end */
};

enum ui_screen {
	SCREEN_ACCOUNTS,
	SCREEN_FLEET,
};

struct ui {
	struct app *app;
	enum ui_screen screen;
	size_t fleet_sel;        /* in the fleet's rows: groups, then contexts */
	size_t fleet_top;
	size_t fleet_gtop;       /* first administrator group shown */
	int fleet_sort;          /* the column contexts are sorted by */
	int fleet_group;         /* groups: 0 by administrator, 1 by account */
	struct context *ctx;     /* the page's context */
	int focus;               /* enum ui_control */
	size_t selected;         /* in the filtered invitation list */
	size_t top;              /* first visible row */
	bool toggle_on;
	char *toggle_for;        /* the administrator the toggle state belongs to ("" none) */
	char filter[128];
	bool filtering;          /* typing into the filter */
	enum ui_overlay overlay;
	struct ui_dialog dialog;
	struct ui_picker picker;
	struct ui_hit hits[UI_MAX_HITS];
	int n_hits;
	size_t pager_top;        /* first line of help or details shown */
	int pager_body;          /* lines the pager showed last */
	struct context *details_ctx; /* whose failure the details view shows */
	int spin;                /* spinner frame */
	bool quit;
	/* The status line the screen last set, and what keeps it true. */
	struct {
		enum ui_cause cause;
		const char *status;     /* app->status when it was set */
		struct context *ctx;    /* UI_CAUSE_CONTEXT, UI_CAUSE_READ (NULL: all) */
		enum ui_screen screen;
	} said;
};

/* What a handler asks the loop to do next. */
enum ui_next {
	UI_NEXT_NONE,
	UI_NEXT_REDRAW,
	UI_NEXT_QUIT,
};

/* A screen: how it draws and what its keys and clicks do. Handlers change
 * state and say what should happen next; only draw() draws. */
struct view_ops {
	const char *name;
	void (*draw)(struct ui *ui, int rows, int cols);
	enum ui_next (*key)(struct ui *ui, int key);
	enum ui_next (*click)(struct ui *ui, const struct ui_hit *hit);
};

extern const struct view_ops view_details;
/* Opens the details view on the last failure in `c` (NULL: the status
 * line's whole text only). */
void view_details_open(struct ui *ui, struct context *c);

extern const struct view_ops view_accounts;
extern const struct view_ops view_fleet;
extern const struct view_ops view_help;
extern const struct view_ops view_picker;
extern const struct view_ops view_mfa;

/* Brings the page's own state in line with the service's after results
 * or a change of context: the toggle follows the administrator, the
 * selection stays in range. */
void ui_sync(struct ui *ui);
/* Adds every Security Hub region of profile `p` (NULL: of every profile
 * the app has) to the fleet, reads the new contexts, and shows the fleet. */
void ui_all_regions(struct ui *ui, struct profile *p);
/* c: copies `id` (called `what`, "invitation ID") to the terminal's
 * clipboard with OSC 52, unless --no-osc52 or SHTUI_NO_OSC52=1, and says
 * so in the status line. */
void ui_copy(struct ui *ui, const char *what, const char *id);
/* Switches the page to another context and reads it if it is new. */
void ui_switch(struct ui *ui, struct context *c);

/* A key typed into the filter line: Esc clears and leaves, Enter keeps
 * and leaves, Backspace, printable ASCII. UI_NEXT_NONE for other keys. */
enum ui_next ui_filter_key(struct ui *ui, int key);
/* Frees the picker's items and empties it. */
void ui_picker_clear(struct ui *ui);

/* Sets the status line (as app_status) with the cause that makes it
 * true. UI thread. */
void ui_say(struct ui *ui, enum ui_cause cause, bool error, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Once per turn: a message whose cause has gone goes too; a "Reading..."
 * whose reads have ended says what they found. */
void ui_status_sync(struct ui *ui);

/* ---- drawing helpers (ui.c) ---- */

/*
 * Draws untrusted text at (y, x) in at most `width` columns, control
 * characters and escape sequences made visible, with `attr`. Returns the
 * columns used.
 */
int ui_put(int y, int x, int width, const char *s, int attr);
/* Trusted text (our own words), clipped the same way. Text that does not
 * fit ends in the cut mark; without UTF-8 every glyph is drawn in its
 * ASCII form. */
int ui_puts(int y, int x, int width, const char *s, int attr);
/* Lines: Unicode when the locale is UTF-8, ASCII otherwise. */
void ui_hline(int y, int x, int n, int attr);
void ui_vline(int y, int x, int n, int attr);
/* A frame with a title in its top edge. */
void ui_box(int y, int x, int h, int w, const char *title, int attr);
/* Spaces over a rectangle. */
void ui_fill(int y, int x, int h, int w, int attr);
/* Registers a click target for the frame being drawn. */
void ui_hit_add(struct ui *ui, int y, int x, int h, int w, int control, int row, int action);
/* "2026-11-20 10:15:00 CET (09:15:00 UTC)" from an ISO 8601 timestamp;
 * the text as sent when it does not parse. */
void ui_time_both(struct buf *out, const char *iso);
/* "2026-11-20 10:15 CET", local time only, for lists. */
void ui_time_short(struct buf *out, const char *iso);
/* The spinner's current glyph (UTF-8 or ASCII). */
const char *ui_spinner(const struct ui *ui);
/* Columns a UTF-8 string takes on screen. */
int ui_width(const char *s);

/* The invitations the filter lets through: indexes into ctx->invs.
 * Returns how many; `idx` (caller's array of ctx->n_invs) filled. */
size_t ui_filtered(const struct ui *ui, size_t *idx);

/* The smallest terminal the screens lay out in. */
#define UI_MIN_COLS 60
#define UI_MIN_ROWS 18
/* Below the smallest size: says so, and that q quits. */
void ui_draw_too_small(int rows, int cols);

/* Word-wraps `text` to `width`, drawing at most `max_lines` from row y;
 * returns the lines used. Untrusted text is made visible first. A text
 * that does not fit ends in the cut mark. */
int ui_wrap(int y, int x, int width, int max_lines, const char *text, int attr);
/* The same; a cut text's last line ends in the cut mark and then `more`
 * (e.g. " (i: details)"). */
int ui_wrap_more(int y, int x, int width, int max_lines, const char *text, int attr,
		 const char *more);
/* `text` made visible and word-wrapped to `width`, as lines in the
 * terminal's form (ASCII without UTF-8), to draw with ui_puts(). Heap
 * array; free with ui_lines_free(). */
size_t ui_wrap_lines(int width, const char *text, char ***lines);
void ui_lines_free(char **lines, size_t n);
/* The lines ui_wrap() would need for all of `text`. */
int ui_wrap_count(int width, const char *text);

/* The mark that ends a cut string: "…", or "~" without UTF-8. */
const char *ui_cut_mark(void);
/* Appends `s` with every glyph in its ASCII form ("…" -> "...", "·" -> "-",
 * "│" -> "|"), other non-ASCII characters as "?". */
void ui_ascii(struct buf *out, const char *s);

/* One item of the header row after the title. */
struct ui_header_item {
	const char *text;        /* untrusted text is made visible */
	bool flex;               /* shortened first (the profile); else shown whole */
	bool bright;
};
/* The header row: "AWS Security Hub", the items, and the spinner with the
 * number of calls in flight. When the row is short the spacing and the
 * title give way first, then the flexible item is shortened (or goes);
 * the fixed items (account ID, region) are always whole. */
void ui_header(struct ui *ui, int cols, const struct ui_header_item *items, size_t n);

#endif
