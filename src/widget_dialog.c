/* SPDX-License-Identifier: Apache-2.0 */
/* widget_dialog.c: confirmation dialogs, titled by their question, that name everything before anything is sent. */
#include "config.h"

#include "widget.h"

#include <stdlib.h>
#include <string.h>

#include <curses.h>

static char *dup0(const char *s)
{
	return s ? strdup(s) : NULL;
}

void widget_dialog_close(struct ui *ui)
{
	struct ui_dialog *d = &ui->dialog;
	free(d->title);
	for (size_t i = 0; i < d->n_lines; i++)
		free(d->lines[i]);
	free(d->lines);
	free(d->confirm);
	invitation_done(&d->inv);
	memset(d, 0, sizeof *d);
	if (ui->overlay == OVERLAY_DIALOG)
		ui->overlay = OVERLAY_NONE;
}

void widget_dialog_open(struct ui *ui, const char *title, const char *const *lines,
			size_t n, const char *confirm, enum app_action act,
			struct context *ctx, const struct invitation *inv)
{
	widget_dialog_close(ui);
	struct ui_dialog *d = &ui->dialog;
	d->title = dup0(title);
	d->lines = calloc(n ? n : 1, sizeof *d->lines);
	for (size_t i = 0; d->lines && i < n; i++)
		d->lines[d->n_lines++] = dup0(lines[i]);
	d->confirm = dup0(confirm);
	d->act = act;
	d->ctx = ctx;
	if (inv) {
		d->inv.account_id = dup0(inv->account_id);
		d->inv.invitation_id = dup0(inv->invitation_id);
		d->inv.invited_at = dup0(inv->invited_at);
		d->inv.member_status = dup0(inv->member_status);
	}
	d->focus = 1;   /* Cancel: Enter alone never changes anything */
	ui->overlay = OVERLAY_DIALOG;
}

void widget_dialog_draw(struct ui *ui, int rows, int cols)
{
	struct ui_dialog *d = &ui->dialog;
	int w = cols - 8 < 72 ? cols - 8 : 72;
	int label_w = 0;
	for (size_t i = 0; i < d->n_lines; i++) {
		const char *tab = d->lines[i] ? strchr(d->lines[i], '\t') : NULL;
		if (tab && tab - d->lines[i] > label_w)
			label_w = (int)(tab - d->lines[i]);
	}
	/* Plain lines wrap; count them to size the box. */
	int body = 0;
	for (size_t i = 0; i < d->n_lines; i++) {
		const char *l = d->lines[i] ? d->lines[i] : "";
		int lw = strchr(l, '\t') ? 1 : (ui_width(l) + w - 5) / (w - 4);
		body += lw > 0 ? lw : 1;
	}
	int h = body + 6;
	if (h > rows - 2)
		h = rows - 2;
	int y = (rows - h) / 2, x = (cols - w) / 2;
	int attr = term_attr(ROLE_DIALOG);
	ui_fill(y, x, h, w, attr);
	ui_box(y, x, h, w, NULL, term_attr(ROLE_BORDER));
	ui_puts(y + 1, x + 2, w - 4, d->title, term_attr(ROLE_DIALOG_TITLE));
	int r = y + 3;
	/* Long lists scroll (j/k); the box says how many are out of sight. */
	if (d->top >= d->n_lines)
		d->top = d->n_lines ? d->n_lines - 1 : 0;
	size_t shown = 0;
	for (size_t i = d->top; i < d->n_lines && r < y + h - 2; i++, shown++) {
		const char *l = d->lines[i] ? d->lines[i] : "";
		const char *tab = strchr(l, '\t');
		if (tab) {
			char *label = strndup(l, (size_t)(tab - l));
			ui_puts(r, x + 2, label_w, label ? label : "", term_attr(ROLE_LABEL));
			free(label);
			ui_put(r, x + 4 + label_w, w - 6 - label_w, tab + 1, attr | A_BOLD);
			r++;
		} else if (!*l) {
			r++;
		} else {
			r += ui_wrap(r, x + 2, w - 4, y + h - 2 - r, l, attr);
		}
	}
	if (d->top + shown < d->n_lines || d->top > 0) {
		char more[64];
		snprintf(more, sizeof more, " %zu-%zu of %zu lines, j/k scroll ", d->top + 1,
			 d->top + shown, d->n_lines);
		ui_puts(y + h - 1, x + 2, w - 4, more, term_attr(ROLE_LABEL));
	}
	char ok[64];
	snprintf(ok, sizeof ok, "y %s", d->confirm ? d->confirm : "Confirm");
	int bx = x + w - 2 - (ui_width(ok) + 4) - 1 - (ui_width("n Cancel") + 4);
	int bw = widget_button_draw(ui, y + h - 2, bx, ok, true, d->focus == 0, true, -1);
	ui->hits[ui->n_hits - 1].action = 'y';
	widget_button_draw(ui, y + h - 2, bx + bw + 1, "n Cancel", true, d->focus == 1, false, -1);
	ui->hits[ui->n_hits - 1].action = 'n';
}

enum ui_next widget_dialog_key(struct ui *ui, int key, bool *confirmed)
{
	struct ui_dialog *d = &ui->dialog;
	*confirmed = false;
	switch (key) {
	case 'y':
	case 'Y':
		*confirmed = true;
		return UI_NEXT_REDRAW;
	case 'n':
	case 'N':
	case UI_KEY_ESC:
	case 'q':
		widget_dialog_close(ui);
		return UI_NEXT_REDRAW;
	case 'j':
	case KEY_DOWN:
		if (d->top + 1 < d->n_lines)
			d->top++;
		return UI_NEXT_REDRAW;
	case 'k':
	case KEY_UP:
		if (d->top > 0)
			d->top--;
		return UI_NEXT_REDRAW;
	case KEY_NPAGE:
		d->top = d->top + 10 < d->n_lines ? d->top + 10 : d->n_lines ? d->n_lines - 1 : 0;
		return UI_NEXT_REDRAW;
	case KEY_PPAGE:
		d->top = d->top > 10 ? d->top - 10 : 0;
		return UI_NEXT_REDRAW;
	case UI_KEY_TAB:
	case KEY_BTAB:
	case KEY_LEFT:
	case KEY_RIGHT:
		d->focus = !d->focus;
		return UI_NEXT_REDRAW;
	case UI_KEY_ENTER:
	case KEY_ENTER:
	case '\n':
		if (d->focus == 0)
			*confirmed = true;
		else
			widget_dialog_close(ui);
		return UI_NEXT_REDRAW;
	default:
		return UI_NEXT_NONE;
	}
}
