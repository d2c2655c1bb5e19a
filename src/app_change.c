/* SPDX-License-Identifier: Apache-2.0 */
/* app_change.c: the one state-changing call a context may have in flight: whether it may be sent, its intent in the journal, and sending it after the screen confirmed it. */
#include "config.h"

#include "app.h"

#include <stdlib.h>
#include <string.h>

#include "journal.h"

/* Checks that `act` may be sent in `c` now and builds its job; NULL
 * with `why` set when it may not. */
struct job *app_change_job(struct app *a, struct context *c, enum app_action act,
			      const struct invitation *inv, struct buf *why)
{
	if (a->opts.read_only) {
		buf_puts(why, "shtui runs with --read-only: nothing that changes the service is sent.");
		return NULL;
	}
	if (c->change_in_flight >= 0) {
		buf_printf(why, "%s is still in flight in %s; wait for its answer.",
			   shub_op_name((enum shub_op)c->change_in_flight), c->region);
		return NULL;
	}
	if ((act == APP_ACCEPT || act == APP_DECLINE || act == APP_DELETE) &&
	    (!inv || !inv->account_id || !inv->invitation_id)) {
		buf_puts(why, "No invitation is selected.");
		return NULL;
	}
	if (act == APP_ACCEPT && c->admin.account_id && shub_status_enabled(c->admin.member_status)) {
		buf_printf(why, "Only one invitation can be accepted: %s is already the administrator "
			   "account in %s. Disassociate from it first (turn Accept off, then Update).",
			   c->admin.account_id, c->region);
		return NULL;
	}
	if (act == APP_DISASSOCIATE && !c->admin.account_id) {
		buf_printf(why, "There is no administrator account in %s to disassociate from.", c->region);
		return NULL;
	}
	enum shub_op op;
	struct shub_params p = { .enable_default_standards = -1 };
	const char *ids[1] = { inv ? inv->account_id : NULL };
	switch (act) {
	case APP_ACCEPT:
		op = SHUB_ACCEPT_ADMINISTRATOR_INVITATION;
		p.administrator_id = inv->account_id;
		p.invitation_id = inv->invitation_id;
		break;
	case APP_DECLINE:
		op = SHUB_DECLINE_INVITATIONS;
		p.account_ids = ids;
		p.n_account_ids = 1;
		break;
	case APP_DELETE:
		op = SHUB_DELETE_INVITATIONS;
		p.account_ids = ids;
		p.n_account_ids = 1;
		break;
	case APP_DISASSOCIATE:
		op = SHUB_DISASSOCIATE_FROM_ADMINISTRATOR_ACCOUNT;
		break;
	default:
		op = SHUB_ENABLE_SECURITY_HUB;
		break;
	}
	struct job *j = shub_job_new(op, &p, c->shub_url, c->shub_region, c->profile->source);
	if (!j) {
		a->out_of_memory = true;
		buf_puts(why, "out of memory");
	}
	return j;
}

/* Writes a change's intent (not yet synced) and marks the context busy
 * with it, so nothing else is sent there meanwhile. */
bool app_change_ahead(struct app *a, struct context *c, enum app_action act,
			 const struct invitation *inv, const struct job *j, struct buf *why)
{
	const char *target = act == APP_DISASSOCIATE ? c->admin.account_id
			     : inv ? inv->account_id : NULL;
	char *id = app_group_intent(a, c, j, target, why);
	if (!id)
		return false;
	free(c->change_id);
	c->change_id = id;
	free(c->change_target);
	c->change_target = target ? strdup(target) : NULL;
	c->change_act = act;
	c->change_in_flight = shub_job_op(j);
	return true;
}

/* A change whose intent was written is not sent after all. */
void app_change_drop(struct app *a, struct context *c, const char *why)
{
	app_group_not_sent(a, c->change_id, why);
	free(c->change_id);
	c->change_id = NULL;
	c->change_in_flight = -1;
	free(c->last_result);
	c->last_result = why ? strdup(why) : NULL;
	c->last_ok = false;
}

bool app_act(struct app *a, struct context *c, enum app_action act,
	     const struct invitation *inv, struct buf *why)
{
	struct job *j = app_change_job(a, c, act, inv, why);
	if (!j)
		return false;
	if (!app_group_journal(a, why)) {
		job_free(j);
		return false;
	}
	journal_batch(a->journal);
	if (!app_change_ahead(a, c, act, inv, j, why)) {
		job_free(j);
		return false;
	}
	if (!app_group_commit(a, why)) {
		app_change_drop(a, c, buf_str(why));
		job_free(j);
		return false;
	}
	app_change_send(a, c, j);
	return true;
}
