/* SPDX-License-Identifier: Apache-2.0 */
/* app_pace.c: the fleet's reads (and a one-shot command's read calls) paced under the concurrency bound: contexts wait in the app, in order, and their calls are made only when there is room, so thousands of contexts cost no job, request or worker pass before their turn. */
#include "config.h"

#include "app.h"

#include <stdlib.h>

/* Read calls outstanding before the next context waits: twice the
 * bound's contexts (two calls each), so the worker never runs dry. */
static int room(const struct app *a)
{
	return 4 * (a->opts.max_concurrency > 0 ? a->opts.max_concurrency : 16);
}

bool app_pace_wait(struct app *a, struct context *c)
{
	if (c->read_waiting)
		return true;
	if (a->pace_next == a->n_pace && a->reads_out + 2 <= room(a))
		return false;
	if (a->n_pace == a->pace_cap) {
		/* The queue's front is spent: compact before it grows. */
		size_t live = a->n_pace - a->pace_next;
		if (a->pace_next > 0 && live < a->pace_cap / 2) {
			for (size_t i = 0; i < live; i++)
				a->pace[i] = a->pace[a->pace_next + i];
		} else {
			size_t cap = a->pace_cap ? a->pace_cap * 2 : 64;
			struct context **more = realloc(a->pace, cap * sizeof *more);
			if (!more)
				return false;      /* read now rather than never */
			a->pace = more;
			a->pace_cap = cap;
			live = a->n_pace - a->pace_next;
			for (size_t i = 0; a->pace_next && i < live; i++)
				a->pace[i] = a->pace[a->pace_next + i];
		}
		a->n_pace = live;
		a->pace_next = 0;
	}
	a->pace[a->n_pace++] = c;
	c->read_waiting = true;
	if (!c->call_waiting)
		c->admin_state = c->invs_state = LOAD_LOADING;
	return true;
}

struct context *app_pace_next(struct app *a)
{
	if (a->pace_next == a->n_pace || a->reads_out + 2 > room(a))
		return NULL;
	struct context *c = a->pace[a->pace_next++];
	if (a->pace_next == a->n_pace)
		a->pace_next = a->n_pace = 0;
	c->read_waiting = false;
	return c;
}

size_t app_pace_waiting(const struct app *a)
{
	return a->n_pace - a->pace_next;
}
