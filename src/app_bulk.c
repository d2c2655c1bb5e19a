/* SPDX-License-Identifier: Apache-2.0 */
/* app_bulk.c: the fleet's bulk action: which places it applies to, intents journaled ahead in groups, calls sent under the concurrency bound, stopping. */
#include "config.h"

#include "app.h"

#include <stdlib.h>
#include <string.h>

#include "journal.h"

static void set_result(struct context *c, const char *text)
{
	free(c->last_result);
	c->last_result = text ? strdup(text) : NULL;
	c->last_ok = false;
}

bool app_invitation_pending(const struct invitation *inv)
{
	return inv->account_id && shub_status_is(inv->member_status, "Invited");
}

size_t app_pending_count(const struct context *c)
{
	size_t n = 0;
	for (size_t i = 0; i < c->n_invs; i++)
		n += app_invitation_pending(&c->invs[i]);
	return n;
}

const struct invitation *app_invitation_from(const struct context *c, const char *admin)
{
	for (size_t i = 0; admin && i < c->n_invs; i++)
		if (app_invitation_pending(&c->invs[i]) && strcmp(c->invs[i].account_id, admin) == 0)
			return &c->invs[i];
	return NULL;
}

bool app_bulk_applies_why(const struct context *c, enum app_action act, const char *admin,
			  struct buf *why)
{
	const char *cur = c->admin.account_id;
	if (act == APP_ACCEPT && cur && shub_status_enabled(c->admin.member_status)) {
		if (why && admin && strcmp(cur, admin) == 0)
			buf_printf(why, "%s is already the administrator account here.", cur);
		else if (why)
			buf_printf(why, "Another administrator account (%s) is enabled here; "
				   "disassociate from it first.", cur);
		return false;
	}
	if (!app_invitation_from(c, admin)) {
		if (why)
			buf_printf(why, "No invitation from %s is pending here.", admin ? admin : "");
		return false;
	}
	if (c->change_in_flight >= 0) {
		if (why)
			buf_printf(why, "%s is still in flight here.",
				   shub_op_name((enum shub_op)c->change_in_flight));
		return false;
	}
	return true;
}

bool app_bulk_applies(const struct context *c, enum app_action act, const char *admin)
{
	return app_bulk_applies_why(c, act, admin, NULL);
}

/* Intents written ahead of a bulk action's calls, per group: one sync
 * covers them all, then they go out as room allows. */
#define BULK_AHEAD 256

/* Journals the intents of the next bulk contexts, one sync for all. */
static void bulk_ahead(struct app *a)
{
	size_t from = a->bulk_journaled, to = from + BULK_AHEAD;
	if (to > a->n_bulk)
		to = a->n_bulk;
	enum app_action act = (enum app_action)a->bulk_act;
	struct buf why;
	buf_init(&why);
	for (size_t i = from; i < to; i++) {
		struct context *c = a->bulk[i];
		const struct invitation *inv = app_invitation_from(c, a->bulk_admin);
		struct job *j = NULL;
		buf_reset(&why);
		if (inv && app_bulk_applies(c, act, a->bulk_admin) &&
		    (j = app_change_job(a, c, act, inv, &why)) && app_change_ahead(a, c, act, inv, j, &why)) {
			c->bulk_job = j;
			continue;
		}
		job_free(j);
		set_result(c, why.len ? buf_str(&why) : "not sent: the invitation is no longer pending");
	}
	a->bulk_journaled = to;
	buf_reset(&why);
	if (!app_group_commit(a, &why)) {
		for (size_t i = from; i < to; i++) {
			struct context *c = a->bulk[i];
			if (!c->bulk_job)
				continue;
			app_change_drop(a, c, buf_str(&why));
			job_free(c->bulk_job);
			c->bulk_job = NULL;
		}
		a->bulk_stopped = true;
		free(a->bulk_why);
		a->bulk_why = strdup(buf_str(&why));
	}
	buf_done(&why);
}

/* Sends the next bulk calls while there is room under the bound. */
void app_bulk_pump(struct app *a)
{
	int room = (a->opts.max_concurrency > 0 ? a->opts.max_concurrency : 16);
	/* Only the contexts sent since the oldest still in flight can be
	 * busy: count those, not the whole batch at every answer. */
	while (a->bulk_low < a->bulk_next && !a->bulk[a->bulk_low]->in_bulk)
		a->bulk_low++;
	int busy = 0;
	for (size_t i = a->bulk_low; i < a->bulk_next; i++)
		busy += a->bulk[i]->in_bulk;
	while (!a->bulk_stopped && a->bulk_next < a->n_bulk && busy < room) {
		if (a->bulk_next == a->bulk_journaled) {
			bulk_ahead(a);
			if (a->bulk_stopped)
				break;
		}
		struct context *c = a->bulk[a->bulk_next++];
		struct job *j = c->bulk_job;
		if (!j) {
			a->bulk_failed++;
			continue;
		}
		c->bulk_job = NULL;
		c->in_bulk = true;
		a->bulk_sent++;
		busy++;
		app_change_send(a, c, j);
	}
	if (busy == 0 && (a->bulk_stopped || a->bulk_next >= a->n_bulk)) {
		for (size_t i = 0; i < a->n_bulk; i++) {
			struct context *c = a->bulk[i];
			if (c->bulk_job) {
				app_change_drop(a, c, a->bulk_why ? a->bulk_why : "stopped before it was sent");
				job_free(c->bulk_job);
				c->bulk_job = NULL;
			}
			if (!c->reread)
				continue;
			c->reread = false;
			if (c->way_error && app_reach_failover(a, c))
				continue;   /* its way was refused: read through the next */
			if (c->fleet_read)
				app_refresh_fleet(a, c);
			else
				app_refresh(a, c);
		}
		app_status(a, a->bulk_failed > 0 || a->bulk_why, "%s from %s: %zu done, %zu failed, %zu not sent.%s%s",
			   app_action_name((enum app_action)a->bulk_act), a->bulk_admin, a->bulk_ok,
			   a->bulk_failed, a->n_bulk - a->bulk_next, a->bulk_why ? " " : "",
			   a->bulk_why ? a->bulk_why : "");
		free(a->bulk);
		a->bulk = NULL;
		a->n_bulk = a->bulk_next = a->bulk_journaled = a->bulk_low = 0;
		free(a->bulk_admin);
		a->bulk_admin = NULL;
		free(a->bulk_why);
		a->bulk_why = NULL;
	}
	a->dirty = true;
}

void app_bulk_start(struct app *a, enum app_action act, const char *admin,
		    struct context *const *ctxs, size_t n)
{
	if (a->bulk || n == 0)
		return;
	a->bulk = calloc(n, sizeof *a->bulk);
	a->bulk_admin = admin ? strdup(admin) : NULL;
	if (!a->bulk || !a->bulk_admin) {
		free(a->bulk);
		a->bulk = NULL;
		app_status(a, true, "out of memory");
		return;
	}
	memcpy(a->bulk, ctxs, n * sizeof *ctxs);
	a->n_bulk = n;
	a->bulk_next = a->bulk_journaled = a->bulk_low = a->bulk_sent = a->bulk_ok = a->bulk_failed = 0;
	struct buf why;
	buf_init(&why);
	if (app_group_journal(a, &why))
		journal_batch(a->journal);
	buf_done(&why);
	a->bulk_act = act;
	a->bulk_stopped = false;
	app_bulk_pump(a);
}

void app_bulk_stop(struct app *a)
{
	if (!a->bulk)
		return;
	a->bulk_stopped = true;
	app_status(a, false, "Stopped: no new calls are sent; %zu in flight will finish.",
		   a->bulk_sent - a->bulk_ok - a->bulk_failed);
	app_bulk_pump(a);
}

bool app_bulk_running(const struct app *a)
{
	return a->bulk != NULL;
}
