/* SPDX-License-Identifier: Apache-2.0 */
/* widget_button.c: push buttons, drawn as the console's: a label in brackets, dim when disabled. */
#include "config.h"

#include "widget.h"

#include <curses.h>

int widget_button_draw(struct ui *ui, int y, int x, const char *label, bool enabled,
		       bool focused, bool primary, int control)
{
	int role = !enabled ? ROLE_DISABLED : focused ? ROLE_FOCUS
			   : primary ? ROLE_BUTTON_PRIMARY : ROLE_BUTTON;
	int attr = term_attr((enum term_role)role);
	/* The focus shows on a disabled button too: reversed, still dim. */
	if (focused && !enabled)
		attr |= A_REVERSE;
	int w = ui_width(label) + 4;
	ui_puts(y, x, 2, "[ ", attr);
	ui_puts(y, x + 2, w - 4, label, attr);
	ui_puts(y, x + w - 2, 2, " ]", attr);
	ui_hit_add(ui, y, x, 1, w, control, -1, ACT_NONE);
	return w;
}
