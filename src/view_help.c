/* SPDX-License-Identifier: Apache-2.0 */
/* view_help.c: the help screen, made from the same key table the keys are handled by. */
#include "config.h"

#include <curses.h>

#include "ui.h"
#include "widget.h"

static void help_draw(struct ui *ui, int rows, int cols)
{
	int n = 0;
	for (int i = 0; i < UI_N_ACTIONS; i++)
		if (!(ui->app->opts.read_only && (ui_actions[i].flags & UI_CHANGES)))
			n++;
	int w = cols - 4 < 76 ? cols - 4 : 76;
	int h = n + 5 < rows - 2 ? n + 5 : rows - 2;
	int y = (rows - h) / 2, x = (cols - w) / 2;
	ui_fill(y, x, h, w, term_attr(ROLE_DIALOG));
	ui_box(y, x, h, w, "Keys", term_attr(ROLE_BORDER));
	int r = y + 1;
	for (int i = 0; i < UI_N_ACTIONS && r < y + h - 3; i++) {
		const struct ui_action_info *a = &ui_actions[i];
		if (ui->app->opts.read_only && (a->flags & UI_CHANGES))
			continue;
		ui_puts(r, x + 2, 12, a->label, term_attr(ROLE_DIALOG_TITLE));
		ui_puts(r, x + 15, w - 17, a->help, term_attr(ROLE_DIALOG));
		r++;
	}
	ui_puts(r, x + 2, 12, "y, n, Esc", term_attr(ROLE_DIALOG_TITLE));
	ui_puts(r, x + 15, w - 17, "in a dialog: " UI_DIALOG_KEYS, term_attr(ROLE_DIALOG));
	if (ui->app->opts.read_only)
		ui_puts(y + h - 2, x + 2, w - 4, "Read-only: nothing that changes the service is offered.",
			term_attr(ROLE_WARN));
	else
		ui_puts(y + h - 2, x + 2, w - 4, "Mouse: click rows, the toggle and the buttons. Any key closes.",
			term_attr(ROLE_LABEL));
	ui_hit_add(ui, y, x, h, w, -1, -1, ACT_HELP);
}

static enum ui_next help_key(struct ui *ui, int key)
{
	ui->overlay = OVERLAY_NONE;
	return key == 'q' ? UI_NEXT_REDRAW : UI_NEXT_REDRAW;
}

static enum ui_next help_click(struct ui *ui, const struct ui_hit *hit)
{
	(void)hit;
	ui->overlay = OVERLAY_NONE;
	return UI_NEXT_REDRAW;
}

const struct view_ops view_help = {
	.name = "help",
	.draw = help_draw,
	.key = help_key,
	.click = help_click,
};
