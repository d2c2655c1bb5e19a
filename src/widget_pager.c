/* SPDX-License-Identifier: Apache-2.0 */
/* widget_pager.c: a box of labelled, wrapped text that scrolls and says where it is (help, details). */
#include "config.h"

#include "widget.h"

#include <stdio.h>
#include <stdlib.h>

#include <curses.h>

/* One screen line: a label (or NULL on a continuation) and its text. */
struct line {
	const char *label;
	char *text;
	int role;
};

static size_t lines_of(const struct widget_pager_row *rows, size_t n, int width, struct line **out)
{
	struct line *lines = NULL;
	size_t nl = 0;
	for (size_t i = 0; i < n; i++) {
		char **wrapped;
		size_t k = ui_wrap_lines(width, rows[i].text && *rows[i].text ? rows[i].text : " ", &wrapped);
		struct line *more = realloc(lines, (nl + k) * sizeof *lines);
		if (!more) {
			ui_lines_free(wrapped, k);
			break;
		}
		lines = more;
		for (size_t j = 0; j < k; j++) {
			lines[nl++] = (struct line){ j ? NULL : rows[i].label, wrapped[j], rows[i].role };
			wrapped[j] = NULL;
		}
		ui_lines_free(wrapped, k);
	}
	*out = lines;
	return nl;
}

void widget_pager_draw(struct ui *ui, int rows, int cols, const char *title,
		       const struct widget_pager_row *r, size_t n, int label_w)
{
	int w = cols - 4 < 76 ? cols - 4 : 76;
	int text_x = label_w ? label_w + 1 : 0;
	struct line *lines;
	size_t nl = lines_of(r, n, w - 4 - text_x, &lines);
	int h = (int)nl + 4 < rows - 2 ? (int)nl + 4 : rows - 2;
	int y = (rows - h) / 2, x = (cols - w) / 2;
	int body = h - 4 > 1 ? h - 4 : 1;
	ui->pager_body = body;
	if (nl <= (size_t)body)
		ui->pager_top = 0;
	else if (ui->pager_top > nl - (size_t)body)
		ui->pager_top = nl - (size_t)body;
	ui_fill(y, x, h, w, term_attr(ROLE_DIALOG));
	ui_box(y, x, h, w, title, term_attr(ROLE_BORDER));
	for (int k = 0; k < body && ui->pager_top + (size_t)k < nl; k++) {
		const struct line *l = &lines[ui->pager_top + (size_t)k];
		if (l->label && label_w)
			ui_puts(y + 1 + k, x + 2, label_w, l->label, term_attr(ROLE_DIALOG_TITLE));
		ui_puts(y + 1 + k, x + 2 + text_x, w - 4 - text_x, l->text, term_attr(l->role));
	}
	char where[96];
	if (nl > (size_t)body) {
		snprintf(where, sizeof where, "%zu-%zu of %zu · j/k, PgUp/PgDn, Home/End scroll · "
			 "?, q or Esc closes", ui->pager_top + 1, ui->pager_top + (size_t)body, nl);
		if (ui_width(where) > w - 4)
			snprintf(where, sizeof where, "%zu-%zu of %zu · j/k scroll · Esc closes",
				 ui->pager_top + 1, ui->pager_top + (size_t)body, nl);
	} else {
		snprintf(where, sizeof where, "?, q or Esc closes");
	}
	ui_puts(y + h - 2, x + 2, w - 4, where, term_attr(ROLE_LABEL));
	ui_hit_add(ui, y, x, h, w, -1, -1, ACT_NONE);
	for (size_t k = 0; k < nl; k++)
		free(lines[k].text);
	free(lines);
}

enum ui_next widget_pager_key(struct ui *ui, int key, bool *close)
{
	size_t page = ui->pager_body > 1 ? (size_t)ui->pager_body - 1 : 1;
	*close = false;
	switch (key) {
	case '?':
	case 'q':
	case UI_KEY_ESC:
	case KEY_F(1):
		*close = true;
		ui->pager_top = 0;
		return UI_NEXT_REDRAW;
	case 'j':
	case KEY_DOWN:
		ui->pager_top++;   /* kept in range when drawn */
		return UI_NEXT_REDRAW;
	case 'k':
	case KEY_UP:
		if (ui->pager_top > 0)
			ui->pager_top--;
		return UI_NEXT_REDRAW;
	case KEY_NPAGE:
	case ' ':
		ui->pager_top += page;
		return UI_NEXT_REDRAW;
	case KEY_PPAGE:
		ui->pager_top = ui->pager_top > page ? ui->pager_top - page : 0;
		return UI_NEXT_REDRAW;
	case KEY_HOME:
	case 'g':
		ui->pager_top = 0;
		return UI_NEXT_REDRAW;
	case KEY_END:
	case 'G':
		ui->pager_top = (size_t)-1 / 2;
		return UI_NEXT_REDRAW;
	default:
		return UI_NEXT_NONE;
	}
}
