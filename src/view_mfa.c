/* SPDX-License-Identifier: Apache-2.0 */
/* view_mfa.c: asking for an MFA code on the screen when a role needs one, for the credential fetch that waits on it. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curses.h>

#include "ui.h"
#include "widget.h"

/* What the user has typed so far; wiped once it is sent or dropped. */
static char typed[16];

static void answer(struct ui *ui, bool ok)
{
	app_mfa_answer(ui->app, ok ? typed : NULL);
	memset(typed, 0, sizeof typed);
}

static void mfa_draw(struct ui *ui, int rows, int cols)
{
	const char *profile = "", *serial = "";
	app_mfa_question(ui->app, &profile, &serial);
	int w = cols - 8 < 72 ? cols - 8 : 72, h = 9;
	int y = (rows - h) / 2, x = (cols - w) / 2;
	ui_fill(y, x, h, w, term_attr(ROLE_DIALOG));
	ui_box(y, x, h, w, NULL, term_attr(ROLE_BORDER));
	ui_puts(y + 1, x + 2, w - 4, "MFA code needed", term_attr(ROLE_DIALOG_TITLE));
	char line[512];
	snprintf(line, sizeof line, "Profile %s assumes a role that needs a code from the MFA device %s.",
		 profile, serial);
	ui_wrap(y + 3, x + 2, w - 4, 2, line, term_attr(ROLE_DIALOG));
	int cx = x + 2 + ui_puts(y + 5, x + 2, 6, "Code: ", term_attr(ROLE_LABEL));
	cx += ui_puts(y + 5, cx, 10, typed, term_attr(ROLE_TITLE));
	ui_puts(y + 5, cx, 1, "_", term_attr(ROLE_FOCUS));
	ui_puts(y + 7, x + 2, w - 4, "Enter send · Esc cancel", term_attr(ROLE_LABEL));
}

static enum ui_next mfa_key(struct ui *ui, int key)
{
	size_t len = strlen(typed);
	if (key == UI_KEY_ESC) {
		answer(ui, false);
		ui->overlay = OVERLAY_NONE;
	} else if ((key == UI_KEY_ENTER || key == KEY_ENTER || key == '\n') && len > 0) {
		answer(ui, true);
		ui->overlay = OVERLAY_NONE;
	} else if (key == KEY_BACKSPACE || key == 127 || key == 8) {
		if (len)
			typed[len - 1] = '\0';
	} else if (key >= '0' && key <= '9' && len + 1 < 9) {
		typed[len] = (char)key;
		typed[len + 1] = '\0';
	} else {
		return UI_NEXT_NONE;
	}
	return UI_NEXT_REDRAW;
}

static enum ui_next mfa_click(struct ui *ui, const struct ui_hit *hit)
{
	(void)ui;
	(void)hit;
	return UI_NEXT_NONE;
}

const struct view_ops view_mfa = {
	.name = "mfa",
	.draw = mfa_draw,
	.key = mfa_key,
	.click = mfa_click,
};
