/* SPDX-License-Identifier: Apache-2.0 */
/* widget_list.c: scrolling for the lists on the screens. */
#include "config.h"

#include "widget.h"

void widget_list_scroll(size_t *top, size_t selected, size_t n, int rows)
{
	if (rows <= 0)
		return;
	if (selected < *top)
		*top = selected;
	if (selected >= *top + (size_t)rows)
		*top = selected - (size_t)rows + 1;
	if (n <= (size_t)rows)
		*top = 0;
	else if (*top > n - (size_t)rows)
		*top = n - (size_t)rows;
}
