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
#include "script.h"
#include "recover.h"
#include "isotime.h"
#include "term.h"
#include "text.h"
#include "ui.h"
#include "widget.h"

/* How often the spinner turns while calls are in flight. */
#define SPIN_MS 120

/* Answers streaming in are drawn at most this often; the frame that
 * answers a key, a resize or a question goes out at once. */
#define FRAME_MS 40

static const struct view_ops *overlay_view(const struct ui *ui)
{
	switch (ui->overlay) {
	case OVERLAY_HELP:
		return &view_help;
	case OVERLAY_PICKER:
		return &view_picker;
	case OVERLAY_MFA:
		return &view_mfa;
	case OVERLAY_DETAILS:
		return &view_details;
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
	if (cols < UI_MIN_COLS || rows < UI_MIN_ROWS) {
		ui_draw_too_small(rows, cols);
		wnoutrefresh(stdscr);
		doupdate();
		ui->app->dirty = false;
		return;
	}
	screen_view(ui)->draw(ui, rows, cols);
	const struct view_ops *ov = overlay_view(ui);
	if (ov) {
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
	if (cols < UI_MIN_COLS || rows < UI_MIN_ROWS)
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
	if (ui->overlay == OVERLAY_HELP || ui->overlay == OVERLAY_PICKER ||
	    ui->overlay == OVERLAY_DETAILS)
		return on_key(ui, UI_KEY_ESC);
	return UI_NEXT_NONE;
}

/* Runs one script line; false when the script has ended. */
static bool run_script(struct ui *ui, struct script *script, bool *wait)
{
	struct script_cmd cmd;
	enum ui_next next = UI_NEXT_NONE;
	*wait = false;
	switch (script_next(script, app_in_flight(ui->app), &cmd)) {
	case SCRIPT_END:
		return false;
	case SCRIPT_WAIT:
		*wait = true;
		return true;
	case SCRIPT_KEY:
		next = on_key(ui, cmd.key);
		break;
	case SCRIPT_TYPE:
		for (const char *p = cmd.text; *p && next != UI_NEXT_QUIT; p++)
			next = on_key(ui, (unsigned char)*p);
		break;
	case SCRIPT_DUMP:
		draw(ui);
		if (!script_dump(cmd.text))
			fprintf(stderr, "shtui: script: cannot write %s\n", cmd.text);
		break;
	case SCRIPT_RESIZE:
		resizeterm(cmd.y, cmd.x);
		next = UI_NEXT_REDRAW;
		break;
	case SCRIPT_CLICK:
		next = on_click(ui, cmd.y, cmd.x);
		break;
	case SCRIPT_NOTHING:
		break;
	}
	if (next == UI_NEXT_QUIT)
		ui->quit = true;
	else if (next == UI_NEXT_REDRAW)
		ui->app->dirty = true;
	return true;
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

/* Takes every key waiting; whether there was one. */
static bool read_keys(struct ui *ui)
{
	int key;
	bool any = false;
	while (!ui->quit && (key = getch()) != ERR) {
		any = true;
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
	return any;
}

int loop_run(const struct cli_options *opts)
{
	struct buf err;
	buf_init(&err);
	int rc = CLI_EXIT_OK;
	int sig_pipe[2] = { -1, -1 };
	struct script *script = NULL;
	struct app *app = NULL;
	struct ui ui;
	memset(&ui, 0, sizeof ui);
	/* Every way out below goes through "out", which closes what is open. */
	if (pipe2(sig_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
		fprintf(stderr, "shtui: %s\n", strerror(errno));
		rc = CLI_EXIT_OTHER;
		goto out;
	}
	const char *script_path = getenv("SHTUI_SCRIPT");
	if (script_path && *script_path && !(script = script_open(script_path, &err))) {
		fprintf(stderr, "shtui: %s\n", buf_str(&err));
		rc = CLI_EXIT_USAGE;
		goto out;
	}
	if (!log_open(opts->debug)) {
		fprintf(stderr, "shtui: cannot open the debug log %s: %s\n", getenv("SHTUI_LOG"),
			strerror(errno));
		rc = CLI_EXIT_CONFIG;
		goto out;
	}
	app = app_new(opts, &err);
	if (!app) {
		fprintf(stderr, "shtui: %s\n", buf_str(&err));
		rc = CLI_EXIT_OTHER;
		goto out;
	}
	/* Several contexts open the fleet; one opens its page. The accounts
	 * of an SSO session are listed while the screen runs. */
	app->sso_async = true;
	app_expand(app, &err);
	struct context *ctx = app->n_contexts ? app->contexts[0] : NULL;
	bool listing = app_sso_listing(app);
	if (!ctx && !listing) {
		char *safe = text_visible_lines_dup(buf_str(&err));
		fprintf(stderr, "\n%s", safe ? safe : "");
		free(safe);
		rc = app->no_profile_matched ? CLI_EXIT_USAGE : CLI_EXIT_CONFIG;
		goto out;
	}
	bool fleet = app->n_contexts > 1 || listing;
	char terr[256];
	if (!term_start(opts->no_color, script != NULL, sig_pipe[1], terr, sizeof terr)) {
		fprintf(stderr, "shtui: %s\n", terr);
		rc = CLI_EXIT_USAGE;
		goto out;
	}
	ui.app = app;
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

	struct pollfd fds[3] = {
		{ .fd = worker_wake_fd(app->worker), .events = POLLIN },
		{ .fd = sig_pipe[0], .events = POLLIN },
		{ .fd = script ? -1 : STDIN_FILENO, .events = POLLIN },
	};
	/* Whether a frame must go out at once (not only answers came), and
	 * whether the keyboard may have something: true before the first poll. */
	bool urgent = true, keys = true;
	long long drawn_ms = isotime_now_ms(), spun_ms = drawn_ms;
	while (!ui.quit) {
		apply_results(&ui);
		int sig = term_take_quit_signal();
		if (sig) {
			rc = 128 + sig;
			break;
		}
		const char *mfa_profile, *mfa_serial;
		if (app_mfa_question(app, &mfa_profile, &mfa_serial) && ui.overlay != OVERLAY_MFA) {
			/* A dialog in the way is closed: the code comes first. */
			if (ui.overlay == OVERLAY_DIALOG)
				widget_dialog_close(&ui);
			ui.overlay = OVERLAY_MFA;
			app->dirty = urgent = true;
		}
		int new_rows, new_cols;
		if (term_take_resized(&new_rows, &new_cols)) {
			resizeterm(new_rows, new_cols);
			/* Terminals keep, reflow or blank what was drawn as they
			 * see fit: paint every cell again. */
			clearok(curscr, TRUE);
			app->dirty = urgent = true;
		}
		if (term_take_resumed()) {
			clearok(curscr, TRUE);
			app->dirty = urgent = true;
		}
		if (!script && keys)
			urgent |= read_keys(&ui);
		if (ui.quit)
			break;
		int in_flight = app_in_flight(app);
		ui_status_sync(&ui);
		long long now = isotime_now_ms();
		if (in_flight > 0 && now - spun_ms >= SPIN_MS) {
			ui.spin++;
			spun_ms = now;
			app->dirty = true;
		}
		if (app->dirty && (urgent || script || now - drawn_ms >= FRAME_MS)) {
			draw(&ui);
			drawn_ms = now;
			urgent = false;
		}
		if (script) {
			bool wait;
			if (!run_script(&ui, script, &wait))
				break;
			if (!wait)
				continue;
		}
		/* Asleep until a key, an answer, a signal, the spinner's turn or
		 * the frame held back. */
		long long wait_ms = -1;
		if (in_flight > 0)
			wait_ms = SPIN_MS - (now - spun_ms);
		if (app->dirty && (wait_ms < 0 || FRAME_MS - (now - drawn_ms) < wait_ms))
			wait_ms = FRAME_MS - (now - drawn_ms);
		int r = poll(fds, 3, in_flight > 0 || app->dirty ? (int)(wait_ms > 0 ? wait_ms : 0) : -1);
		if (r < 0 && errno != EINTR)
			break;
		keys = r > 0 && (fds[2].revents & (POLLIN | POLLHUP | POLLERR));
		if (fds[1].revents & POLLIN) {
			char drain[32];
			while (read(sig_pipe[0], drain, sizeof drain) > 0)
				;
		}
	}
	term_stop();
out:
	/* Quit at once: calls still in flight are dropped, not awaited. */
	app_free(app);
	log_close();
	free(ui.toggle_for);
	widget_dialog_close(&ui);
	ui_picker_clear(&ui);
	script_close(script);
	for (int i = 0; i < 2; i++)
		if (sig_pipe[i] >= 0)
			close(sig_pipe[i]);
	buf_done(&err);
	if (rc > 128) {
		/* Leave as the signal would have, now that the terminal is back. */
		signal(rc - 128, SIG_DFL);
		raise(rc - 128);
	}
	return rc;
}
