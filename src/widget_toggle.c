/* SPDX-License-Identifier: Apache-2.0 */
/* widget_toggle.c: the console's on/off toggle, with its label. */
#include "config.h"

#include "widget.h"

#include <curses.h>

int widget_toggle_draw(struct ui *ui, int y, int x, const char *label, bool on,
		       bool focused, int control)
{
	int lw = ui_puts(y, x, 40, label, term_attr(ROLE_TITLE));
	const char *state = on ? "● On " : "○ Off";
	int attr = focused ? term_attr(ROLE_FOCUS) : term_attr(on ? ROLE_ON : ROLE_OFF);
	int sx = x + lw + 1;
	ui_puts(y, sx, 1, "[", attr);
	int sw = ui_puts(y, sx + 1, 10, state, attr);
	ui_puts(y, sx + 1 + sw, 1, "]", attr);
	int w = lw + 1 + sw + 2;
	ui_hit_add(ui, y, x, 1, w, control, -1, ACT_TOGGLE);
	return w;
}
