/* SPDX-License-Identifier: Apache-2.0 */
/* view_help.c: the help screen, made from the same key table the keys are handled by; it scrolls and says where it is. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <curses.h>

#include "ui.h"
#include "widget.h"

#define LABEL_W 12

/* One row of help: a key's label (or NULL on a continuation) and text. */
struct help_row {
	const char *label;
	char *text;
	int role;
};

/* The help's rows at `width` columns of text; heap array. */
static size_t help_rows(const struct ui *ui, int width, struct help_row **out)
{
	struct help_row *rows = NULL;
	size_t n = 0;
	for (int i = 0; i <= UI_N_ACTIONS + 1; i++) {
		const char *label, *text;
		int role = ROLE_DIALOG;
		if (i < UI_N_ACTIONS) {
			if (ui->app->opts.read_only && (ui_actions[i].flags & UI_CHANGES))
				continue;
			label = ui_actions[i].label;
			text = ui_actions[i].help;
		} else if (i == UI_N_ACTIONS) {
			label = "y, n, Esc";
			text = "in a dialog: " UI_DIALOG_KEYS;
		} else {
			label = "";
			text = ui->app->opts.read_only
			       ? "Read-only: nothing that changes the service is offered."
			       : "Mouse: click rows, the toggle and the buttons; the terminal's own "
				 "selection works as usual (often with Shift).";
			role = ui->app->opts.read_only ? ROLE_WARN : ROLE_LABEL;
		}
		char **lines;
		size_t nl = ui_wrap_lines(width, text, &lines);
		struct help_row *more = realloc(rows, (n + nl) * sizeof *rows);
		if (!more) {
			ui_lines_free(lines, nl);
			break;
		}
		rows = more;
		for (size_t k = 0; k < nl; k++) {
			rows[n++] = (struct help_row){ k ? NULL : label, lines[k], role };
			lines[k] = NULL;
		}
		ui_lines_free(lines, nl);
	}
	*out = rows;
	return n;
}

static void help_rows_free(struct help_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(rows[i].text);
	free(rows);
}

/* The box: as wide as 76 columns, as tall as the help or the screen. */
static void help_box(int rows, int cols, size_t n, int *y, int *x, int *h, int *w)
{
	*w = cols - 4 < 76 ? cols - 4 : 76;
	*h = (int)n + 4 < rows - 2 ? (int)n + 4 : rows - 2;
	*y = (rows - *h) / 2;
	*x = (cols - *w) / 2;
}

static int help_body(int h)
{
	return h - 4;
}

static void help_draw(struct ui *ui, int rows, int cols)
{
	int y, x, h, w;
	help_box(rows, cols, 0, &y, &x, &h, &w);
	struct help_row *hr;
	size_t n = help_rows(ui, w - 4 - LABEL_W - 1, &hr);
	help_box(rows, cols, n, &y, &x, &h, &w);
	int body = help_body(h);
	if (body < 1)
		body = 1;
	if (n <= (size_t)body)
		ui->help_top = 0;
	else if (ui->help_top > n - (size_t)body)
		ui->help_top = n - (size_t)body;
	ui_fill(y, x, h, w, term_attr(ROLE_DIALOG));
	ui_box(y, x, h, w, "Keys", term_attr(ROLE_BORDER));
	for (int r = 0; r < body && ui->help_top + (size_t)r < n; r++) {
		const struct help_row *row = &hr[ui->help_top + (size_t)r];
		if (row->label)
			ui_puts(y + 1 + r, x + 2, LABEL_W, row->label, term_attr(ROLE_DIALOG_TITLE));
		ui_puts(y + 1 + r, x + 3 + LABEL_W, w - 5 - LABEL_W, row->text, term_attr(row->role));
	}
	char where[96];
	if (n > (size_t)body) {
		snprintf(where, sizeof where, "%zu-%zu of %zu · j/k, PgUp/PgDn, Home/End scroll · "
			 "?, q or Esc closes", ui->help_top + 1, ui->help_top + (size_t)body, n);
		if (ui_width(where) > w - 4)
			snprintf(where, sizeof where, "%zu-%zu of %zu · j/k scroll · Esc closes",
				 ui->help_top + 1, ui->help_top + (size_t)body, n);
	} else {
		snprintf(where, sizeof where, "?, q or Esc closes");
	}
	ui_puts(y + h - 2, x + 2, w - 4, where, term_attr(ROLE_LABEL));
	ui_hit_add(ui, y, x, h, w, -1, -1, ACT_NONE);
	help_rows_free(hr, n);
}

static enum ui_next help_key(struct ui *ui, int key)
{
	int rows, cols;
	getmaxyx(stdscr, rows, cols);
	int y, x, h, w;
	help_box(rows, cols, (size_t)rows, &y, &x, &h, &w);
	size_t page = help_body(h) > 1 ? (size_t)help_body(h) - 1 : 1;
	switch (key) {
	case '?':
	case 'q':
	case UI_KEY_ESC:
	case KEY_F(1):
		ui->overlay = OVERLAY_NONE;
		ui->help_top = 0;
		return UI_NEXT_REDRAW;
	case 'j':
	case KEY_DOWN:
		ui->help_top++;   /* kept in range when drawn */
		return UI_NEXT_REDRAW;
	case 'k':
	case KEY_UP:
		if (ui->help_top > 0)
			ui->help_top--;
		return UI_NEXT_REDRAW;
	case KEY_NPAGE:
	case ' ':
		ui->help_top += page;
		return UI_NEXT_REDRAW;
	case KEY_PPAGE:
		ui->help_top = ui->help_top > page ? ui->help_top - page : 0;
		return UI_NEXT_REDRAW;
	case KEY_HOME:
	case 'g':
		ui->help_top = 0;
		return UI_NEXT_REDRAW;
	case KEY_END:
	case 'G':
		ui->help_top = (size_t)-1 / 2;
		return UI_NEXT_REDRAW;
	default:
		return UI_NEXT_NONE;
	}
}

static enum ui_next help_click(struct ui *ui, const struct ui_hit *hit)
{
	(void)ui;
	(void)hit;
	return UI_NEXT_NONE;
}

const struct view_ops view_help = {
	.name = "help",
	.draw = help_draw,
	.key = help_key,
	.click = help_click,
};
