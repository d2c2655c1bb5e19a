/* SPDX-License-Identifier: Apache-2.0 */
/* view_picker.c: the region and profile pickers: a list to choose the page's context from. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curses.h>

#include "ui.h"
#include "widget.h"

static void picker_close(struct ui *ui)
{
	ui_picker_clear(ui);
	ui->overlay = OVERLAY_NONE;
}

static void picker_draw(struct ui *ui, int rows, int cols)
{
	struct ui_picker *pk = &ui->picker;
	int w = 40 < cols - 4 ? 40 : cols - 4;
	int h = (int)pk->n_items + 4 < rows - 2 ? (int)pk->n_items + 4 : rows - 2;
	int y = (rows - h) / 2, x = (cols - w) / 2;
	int list_h = h - 3;
	ui_fill(y, x, h, w, term_attr(ROLE_DIALOG));
	ui_box(y, x, h, w, pk->title, term_attr(ROLE_BORDER));
	widget_list_scroll(&pk->top, pk->selected, pk->n_items, list_h);
	const char *current = pk->profiles ? ui->ctx->profile->name : ui->ctx->region;
	for (int r = 0; r < list_h && pk->top + (size_t)r < pk->n_items; r++) {
		size_t i = pk->top + (size_t)r;
		int attr = i == pk->selected ? term_attr(ROLE_FOCUS) : term_attr(ROLE_DIALOG);
		ui_fill(y + 1 + r, x + 1, 1, w - 2, attr);
		if (i == pk->selected)
			ui_puts(y + 1 + r, x + 1, 1, "▸", attr);
		ui_put(y + 1 + r, x + 3, w - 8, pk->items[i], attr);
		if (strcmp(pk->items[i], current) == 0)
			ui_puts(y + 1 + r, x + w - 4, 2, "●", attr);
		ui_hit_add(ui, y + 1 + r, x + 1, 1, w - 2, -1, (int)i, ACT_NONE);
	}
	char hint[128];
	if (pk->typed[0])
		snprintf(hint, sizeof hint, "Jump: %s_ · Enter · Esc clears", pk->typed);
	else
		snprintf(hint, sizeof hint, "Type to jump · Enter · Esc closes");
	ui_put(y + h - 2, x + 2, w - 4, hint, term_attr(ROLE_LABEL));
}

static enum ui_next choose(struct ui *ui)
{
	struct ui_picker *pk = &ui->picker;
	if (pk->selected >= pk->n_items) {
		picker_close(ui);
		return UI_NEXT_REDRAW;
	}
	struct buf err;
	buf_init(&err);
	const char *item = pk->items[pk->selected];
	struct context *c = pk->profiles
		? app_context(ui->app, item, NULL, &err)
		: app_context(ui->app, ui->ctx->profile->name, item, &err);
	if (!c && pk->profiles && strstr(buf_str(&err), "No region")) {
		/* A profile without a region keeps the page's region. */
		buf_reset(&err);
		c = app_context(ui->app, item, ui->ctx->region, &err);
	}
	if (c)
		ui_switch(ui, c);
	else
		app_status(ui->app, true, "%s", buf_str(&err));
	buf_done(&err);
	picker_close(ui);
	return UI_NEXT_REDRAW;
}

/* Selects the first item that starts with what was typed (case does not
 * matter), else the first that contains it. */
static void jump(struct ui_picker *pk)
{
	size_t n = strlen(pk->typed);
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < pk->n_items; i++)
			if (pass == 0 ? strncasecmp(pk->items[i], pk->typed, n) == 0
			    : strcasestr(pk->items[i], pk->typed) != NULL) {
				pk->selected = i;
				return;
			}
}

static enum ui_next picker_key(struct ui *ui, int key)
{
	struct ui_picker *pk = &ui->picker;
	size_t len = strlen(pk->typed);
	/* Once typing has begun every printable key is part of the name. */
	bool typing = len > 0 || (key > ' ' && key < 0x7f && key != 'j' && key != 'k' && key != 'q');
	if (typing && key > ' ' && key < 0x7f) {
		if (len + 1 < sizeof pk->typed) {
			pk->typed[len] = (char)key;
			pk->typed[len + 1] = '\0';
			jump(pk);
		}
		return UI_NEXT_REDRAW;
	}
	if ((key == KEY_BACKSPACE || key == 127 || key == 8) && len) {
		pk->typed[len - 1] = '\0';
		if (len > 1)
			jump(pk);
		return UI_NEXT_REDRAW;
	}
	if (key == UI_KEY_ESC && len) {
		pk->typed[0] = '\0';
		return UI_NEXT_REDRAW;
	}
	switch (key) {
	case KEY_HOME:
		pk->selected = 0;
		return UI_NEXT_REDRAW;
	case KEY_END:
		pk->selected = pk->n_items ? pk->n_items - 1 : 0;
		return UI_NEXT_REDRAW;
	case 'j':
	case KEY_DOWN:
		if (pk->selected + 1 < pk->n_items)
			pk->selected++;
		return UI_NEXT_REDRAW;
	case 'k':
	case KEY_UP:
		if (pk->selected > 0)
			pk->selected--;
		return UI_NEXT_REDRAW;
	case KEY_NPAGE:
		pk->selected = pk->selected + 10 < pk->n_items ? pk->selected + 10
			       : pk->n_items ? pk->n_items - 1 : 0;
		return UI_NEXT_REDRAW;
	case KEY_PPAGE:
		pk->selected = pk->selected > 10 ? pk->selected - 10 : 0;
		return UI_NEXT_REDRAW;
	case UI_KEY_ENTER:
	case KEY_ENTER:
	case '\n':
		return choose(ui);
	case UI_KEY_ESC:
	case 'q':
		picker_close(ui);
		return UI_NEXT_REDRAW;
	default:
		return UI_NEXT_NONE;
	}
}

static enum ui_next picker_click(struct ui *ui, const struct ui_hit *hit)
{
	if (hit->row < 0)
		return UI_NEXT_NONE;
	ui->picker.selected = (size_t)hit->row;
	return choose(ui);
}

const struct view_ops view_picker = {
	.name = "picker",
	.draw = picker_draw,
	.key = picker_key,
	.click = picker_click,
};
