/* SPDX-License-Identifier: Apache-2.0 */
/* view_help.c: the help screen, made from the same key table the keys are handled by; it scrolls and says where it is. */
#include "config.h"

#include <curses.h>

#include "ui.h"
#include "widget.h"

static void help_draw(struct ui *ui, int rows, int cols)
{
	struct widget_pager_row r[UI_N_ACTIONS + 2];
	size_t n = 0;
	bool ro = ui->app->opts.read_only;
	for (int i = 0; i < UI_N_ACTIONS; i++)
		if (!(ro && (ui_actions[i].flags & UI_CHANGES)))
			r[n++] = (struct widget_pager_row){ ui_actions[i].label, ui_actions[i].help,
							    ROLE_DIALOG };
	r[n++] = (struct widget_pager_row){ "y, n, Esc", "in a dialog: " UI_DIALOG_KEYS, ROLE_DIALOG };
	r[n++] = (struct widget_pager_row){
		"", ro ? "Read-only: nothing that changes the service is offered."
		: "Mouse: click rows, the toggle and the buttons; the terminal's own selection "
		  "works as usual (often with Shift).", ro ? ROLE_WARN : ROLE_LABEL };
	widget_pager_draw(ui, rows, cols, "Keys", r, n, 12);
}

static enum ui_next help_key(struct ui *ui, int key)
{
	bool close;
	enum ui_next next = widget_pager_key(ui, key, &close);
	if (close)
		ui->overlay = OVERLAY_NONE;
	return next;
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
