/* SPDX-License-Identifier: Apache-2.0 */
/* widget.h: the controls the screens are made of: toggle, button, dialog, list, status bar. UI thread only. */
#ifndef SHTUI_WIDGET_H
#define SHTUI_WIDGET_H

#include <stdbool.h>

#include "ui.h"

/* "[ Label ]" at (y, x); a disabled button is dim and does nothing when
 * clicked. Registers its click target. Returns its width. */
int widget_button_draw(struct ui *ui, int y, int x, const char *label, bool enabled,
		       bool focused, bool primary, int control);

/* "Label [● On ]" / "Label [○ Off]". Returns its width. */
int widget_toggle_draw(struct ui *ui, int y, int x, const char *label, bool on,
		       bool focused, int control);

/* Opens a confirmation dialog titled by its question. `lines` are
 * "Label\tValue" or plain text; copied. UI thread. */
void widget_dialog_open(struct ui *ui, const char *title, const char *const *lines,
			size_t n, const char *confirm, enum app_action act,
			struct context *ctx, const struct invitation *inv);
void widget_dialog_close(struct ui *ui);
void widget_dialog_draw(struct ui *ui, int rows, int cols);
/* y/Enter on confirm: true when the dialog asks to go ahead. Esc/n close.
 * Returns UI_NEXT_REDRAW when the key was used. */
enum ui_next widget_dialog_key(struct ui *ui, int key, bool *confirmed);

/* A list's visible window: adjusts *top so `selected` shows in `rows`. */
void widget_list_scroll(size_t *top, size_t selected, size_t n, int rows);

/* A row of a pager: a label (may be "") and its text, word-wrapped. */
struct widget_pager_row {
	const char *label;
	const char *text;     /* untrusted text is made visible */
	int role;             /* enum term_role of the text */
};
/* A box titled `title` over the screen, as tall as its text or the
 * screen; the labels take `label_w` columns (0: no labels). It scrolls
 * from ui->pager_top and says which lines it shows. */
void widget_pager_draw(struct ui *ui, int rows, int cols, const char *title,
		       const struct widget_pager_row *r, size_t n, int label_w);
/* j/k, arrows, PgUp/PgDn, Space, Home/End (g/G) scroll; ?, q, Esc and F1
 * set *close. UI_NEXT_NONE for other keys. */
enum ui_next widget_pager_key(struct ui *ui, int key, bool *close);

/* The status bar's height on a screen of `rows`: 4, or 3 on short screens. */
int widget_status_height(int rows);
/* The status bar in the bottom `h` rows: what is in flight, the last
 * result (wrapped), the main keys or the filter being typed. */
void widget_status_draw(struct ui *ui, int y, int h, int cols);

#endif
