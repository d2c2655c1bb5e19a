/* SPDX-License-Identifier: Apache-2.0 */
/* loop.c: the interactive program's main loop: poll the keyboard, the worker and signals; apply, then draw once. */
#include "config.h"

#include "loop.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include <curses.h>

#include "app.h"
#include "log.h"
#include "recover.h"
#include "term.h"
#include "ui.h"
#include "widget.h"

/* How often the spinner turns while calls are in flight. */
#define SPIN_MS 120

static const struct view_ops *overlay_view(const struct ui *ui)
{
	switch (ui->overlay) {
	case OVERLAY_HELP:
		return &view_help;
	case OVERLAY_PICKER:
		return &view_picker;
	case OVERLAY_MFA:
		return &view_mfa;
	default:
		return NULL;
	}
}

static const struct view_ops *screen_view(const struct ui *ui)
{
	return ui->screen == SCREEN_FLEET ? &view_fleet : &view_accounts;
}

static void draw(struct ui *ui)
{
	int rows, cols;
	getmaxyx(stdscr, rows, cols);
	erase();
	ui->n_hits = 0;
	screen_view(ui)->draw(ui, rows, cols);
	const struct view_ops *ov = overlay_view(ui);
	if (ov && cols >= ui->min_w && rows >= ui->min_h) {
		/* The overlay's targets are the only live ones. */
		ui->n_hits = 0;
		ov->draw(ui, rows, cols);
	}
	wnoutrefresh(stdscr);
	doupdate();
	ui->app->dirty = false;
}

static enum ui_next on_key(struct ui *ui, int key)
{
	int rows, cols;
	getmaxyx(stdscr, rows, cols);
	if (cols < ui->min_w || rows < ui->min_h)
		return key == 'q' ? UI_NEXT_QUIT : UI_NEXT_NONE;
	const struct view_ops *ov = overlay_view(ui);
	if (ov)
		return ov->key(ui, key);
	return screen_view(ui)->key(ui, key);
}

static enum ui_next on_click(struct ui *ui, int y, int x)
{
	for (int i = ui->n_hits - 1; i >= 0; i--) {
		const struct ui_hit *h = &ui->hits[i];
		if (y >= h->y && y < h->y + h->h && x >= h->x && x < h->x + h->w) {
			const struct view_ops *ov = overlay_view(ui);
			return ov ? ov->click(ui, h) : screen_view(ui)->click(ui, h);
		}
	}
	/* A click outside an overlay closes it. */
	if (ui->overlay == OVERLAY_HELP || ui->overlay == OVERLAY_PICKER)
		return on_key(ui, UI_KEY_ESC);
	return UI_NEXT_NONE;
}

/* ---- scripted keys, for tests ---- */

/* Whether the screen shows `text` on one row (for "until TEXT"). */
static bool screen_has(const char *text)
{
	int rows, cols;
	getmaxyx(stdscr, rows, cols);
	wchar_t *w = calloc((size_t)cols + 1, sizeof *w);
	char *mb = malloc((size_t)cols * MB_CUR_MAX + 1);
	bool found = false;
	for (int y = 0; w && mb && y < rows && !found; y++) {
		int n = mvinnwstr(y, 0, w, cols);
		w[n < 0 ? 0 : n] = L'\0';
		size_t len = wcstombs(mb, w, (size_t)cols * MB_CUR_MAX);
		mb[len == (size_t)-1 ? 0 : len] = '\0';
		found = strstr(mb, text) != NULL;
	}
	free(w);
	free(mb);
	return found;
}

static const struct {
	const char *name;
	int key;
} key_names[] = {
	{ "Up", KEY_UP }, { "Down", KEY_DOWN }, { "Left", KEY_LEFT }, { "Right", KEY_RIGHT },
	{ "Tab", UI_KEY_TAB }, { "BTab", KEY_BTAB }, { "Enter", UI_KEY_ENTER },
	{ "Esc", UI_KEY_ESC }, { "Space", ' ' }, { "Backspace", KEY_BACKSPACE },
	{ "F1", KEY_F(1) }, { "PgUp", KEY_PPAGE }, { "PgDn", KEY_NPAGE },
};

/* Writes the screen as text, one line per row, trailing blanks cut. */
static bool dump_screen(const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return false;
	int rows, cols;
	getmaxyx(stdscr, rows, cols);
	wchar_t *w = calloc((size_t)cols + 1, sizeof *w);
	char *mb = malloc((size_t)cols * MB_CUR_MAX + 1);
	for (int y = 0; w && mb && y < rows; y++) {
		int n = mvinnwstr(y, 0, w, cols);
		if (n < 0)
			n = 0;
		w[n] = L'\0';
		size_t len = wcstombs(mb, w, (size_t)cols * MB_CUR_MAX);
		if (len == (size_t)-1)
			len = 0;
		while (len > 0 && mb[len - 1] == ' ')
			len--;
		fwrite(mb, 1, len, f);
		fputc('\n', f);
	}
	free(w);
	free(mb);
	return fclose(f) == 0;
}

/* The next script line, comments and blank lines skipped; false at the
 * end. A line is kept in `pending` until it runs. */
static bool script_peek(FILE *script, char *pending, size_t size)
{
	if (pending[0])
		return true;
	while (fgets(pending, (int)size, script)) {
		pending[strcspn(pending, "\r\n")] = '\0';
		if (pending[0] && pending[0] != '#')
			return true;
	}
	pending[0] = '\0';
	return false;
}

/* Runs one script line (consuming `pending`). Lines run when no call is
 * in flight, except those starting with "now ", which run at once (to see
 * the screen while calls are under way). */
static void script_step(struct ui *ui, char *pending, enum ui_next *next)
{
	char line[1024];
	snprintf(line, sizeof line, "%s", strncmp(pending, "now ", 4) == 0 ? pending + 4 : pending);
	pending[0] = '\0';
	*next = UI_NEXT_NONE;
	char *arg = strchr(line, ' ');
	if (arg)
		*arg++ = '\0';
	if (strcmp(line, "key") == 0 && arg) {
		int key = (unsigned char)arg[0];
		for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
			if (strcmp(arg, key_names[i].name) == 0)
				key = key_names[i].key;
		*next = on_key(ui, key);
	} else if (strcmp(line, "type") == 0 && arg) {
		for (const char *p = arg; *p && *next != UI_NEXT_QUIT; p++)
			*next = on_key(ui, (unsigned char)*p);
	} else if (strcmp(line, "dump") == 0 && arg) {
		draw(ui);
		if (!dump_screen(arg))
			fprintf(stderr, "shtui: script: cannot write %s\n", arg);
	} else if (strcmp(line, "resize") == 0 && arg) {
		int cols = 0, rows = 0;
		if (sscanf(arg, "%d %d", &cols, &rows) == 2 && cols > 0 && rows > 0)
			resizeterm(rows, cols);
		*next = UI_NEXT_REDRAW;
	} else if (strcmp(line, "click") == 0 && arg) {
		int x = 0, y = 0;
		if (sscanf(arg, "%d %d", &x, &y) == 2)
			*next = on_click(ui, y, x);
	} else {
		fprintf(stderr, "shtui: script: unknown line '%s'\n", line);
	}
}

/* ---- the loop ---- */

static void apply_results(struct ui *ui)
{
	struct job *j;
	bool any = false;
	while ((j = worker_take(ui->app->worker)) != NULL) {
		app_apply(ui->app, j);
		any = true;
	}
	if (any)
		ui_sync(ui);
}

static void read_keys(struct ui *ui)
{
	int key;
	while (!ui->quit && (key = getch()) != ERR) {
		enum ui_next next = UI_NEXT_NONE;
		if (key == KEY_RESIZE) {
			next = UI_NEXT_REDRAW;
		} else if (key == KEY_MOUSE) {
			MEVENT ev;
			if (getmouse(&ev) == OK && (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)))
				next = on_click(ui, ev.y, ev.x);
		} else {
			next = on_key(ui, key);
		}
		if (next == UI_NEXT_QUIT)
			ui->quit = true;
		else if (next == UI_NEXT_REDRAW)
			ui->app->dirty = true;
	}
}

int loop_run(const struct cli_options *opts)
{
	struct buf err;
	buf_init(&err);
	int sig_pipe[2];
	if (pipe2(sig_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
		fprintf(stderr, "shtui: %s\n", strerror(errno));
		return CLI_EXIT_OTHER;
	}
	const char *script_path = getenv("SHTUI_SCRIPT");
	FILE *script = NULL;
	if (script_path && *script_path && !(script = fopen(script_path, "r"))) {
		fprintf(stderr, "shtui: cannot read SHTUI_SCRIPT %s: %s\n", script_path, strerror(errno));
		return CLI_EXIT_USAGE;
	}
	if (!log_open(opts->debug)) {
		fprintf(stderr, "shtui: cannot open the debug log %s: %s\n", getenv("SHTUI_LOG"),
			strerror(errno));
		return CLI_EXIT_CONFIG;
	}
	struct app *app = app_new(opts, &err);
	if (!app) {
		fprintf(stderr, "shtui: %s\n", buf_str(&err));
		buf_done(&err);
		return CLI_EXIT_OTHER;
	}
	/* Several contexts open the fleet; one opens its page. */
	app_expand(app, &err);
	struct context *ctx = app->n_contexts ? app->contexts[0] : NULL;
	if (!ctx) {
		fprintf(stderr, "\n%s", buf_str(&err));
		buf_done(&err);
		app_free(app);
		return CLI_EXIT_CONFIG;
	}
	bool fleet = app->n_contexts > 1;
	char terr[256];
	if (!term_start(opts->no_color, script != NULL, sig_pipe[1], terr, sizeof terr)) {
		fprintf(stderr, "shtui: %s\n", terr);
		app_free(app);
		buf_done(&err);
		return CLI_EXIT_USAGE;
	}
	view_mfa_install(sig_pipe[1]);
	struct ui ui;
	memset(&ui, 0, sizeof ui);
	ui.app = app;
	ui.min_w = 64;
	ui.min_h = 20;
	ui.focus = CTL_LIST;
	/* The first frame goes out before any answer: the calls run meanwhile. */
	if (fleet) {
		ui.ctx = ctx;
		ui.screen = SCREEN_FLEET;
		for (size_t i = 0; i < app->n_contexts; i++)
			app_refresh_fleet(app, app->contexts[i]);
		if (err.len)
			app_status(app, true, "%s", buf_str(&err));
	} else {
		ui_switch(&ui, ctx);
	}
	/* What an earlier run left unsettled is read and settled first. */
	struct buf recovered, report;
	buf_init(&recovered);
	buf_init(&report);
	if (recover_run(opts, &report, &recovered))
		app_status(app, false, "%s", buf_str(&recovered));
	buf_done(&report);
	buf_done(&recovered);
	draw(&ui);

	int rc = CLI_EXIT_OK;
	char pending[1024] = "";
	struct pollfd fds[3] = {
		{ .fd = worker_wake_fd(app->worker), .events = POLLIN },
		{ .fd = sig_pipe[0], .events = POLLIN },
		{ .fd = script ? -1 : STDIN_FILENO, .events = POLLIN },
	};
	while (!ui.quit) {
		apply_results(&ui);
		int sig = term_take_quit_signal();
		if (sig) {
			rc = 128 + sig;
			break;
		}
		if (view_mfa_waiting() && ui.overlay != OVERLAY_MFA) {
			/* A dialog in the way is closed: the code comes first. */
			if (ui.overlay == OVERLAY_DIALOG)
				widget_dialog_close(&ui);
			ui.overlay = OVERLAY_MFA;
			app->dirty = true;
		}
		if (term_take_resumed()) {
			clearok(curscr, TRUE);
			app->dirty = true;
		}
		if (!script)
			read_keys(&ui);
		if (ui.quit)
			break;
		int in_flight = app_in_flight(app);
		if (app->dirty)
			draw(&ui);
		if (script) {
			if (!script_peek(script, pending, sizeof pending))
				break;
			if (strncmp(pending, "until ", 6) == 0) {
				if (screen_has(pending + 6)) {
					pending[0] = '\0';
					continue;
				}
			} else if (in_flight == 0 || strncmp(pending, "now ", 4) == 0) {
				enum ui_next next;
				script_step(&ui, pending, &next);
				if (next == UI_NEXT_QUIT)
					break;
				if (next == UI_NEXT_REDRAW)
					app->dirty = true;
				continue;
			}
		}
		int r = poll(fds, 3, in_flight > 0 ? SPIN_MS : -1);
		if (r < 0 && errno != EINTR)
			break;
		if (r == 0 && in_flight > 0) {
			ui.spin++;
			app->dirty = true;
		}
		if (fds[1].revents & POLLIN) {
			char drain[32];
			while (read(sig_pipe[0], drain, sizeof drain) > 0)
				;
		}
	}
	term_stop();
	view_mfa_uninstall();
	/* Quit at once: calls still in flight are dropped, not awaited. */
	app_free(app);
	log_close();
	free(ui.toggle_for);
	widget_dialog_close(&ui);
	ui_picker_clear(&ui);
	if (script)
		fclose(script);
	close(sig_pipe[0]);
	close(sig_pipe[1]);
	buf_done(&err);
	if (rc > 128) {
		/* Leave as the signal would have, now that the terminal is back. */
		signal(rc - 128, SIG_DFL);
		raise(rc - 128);
	}
	return rc;
}
