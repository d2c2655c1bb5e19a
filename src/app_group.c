/* SPDX-License-Identifier: Apache-2.0 */
/* app_group.c: group commit of the app's changes: each intent journaled, one sync for the group, then the calls; refused, with nothing sent, when the journal cannot be written. */
#include "config.h"

#include "app.h"

#include <stdlib.h>
#include <string.h>

#include "journal.h"

struct app_pending {
	struct context *c;
	struct job *job;
};

static void refused(struct buf *why, const char *reason)
{
	buf_printf(why, "Nothing was sent: the journal could not be written (%s). Every change "
		   "is written there before it is sent; make room, or set XDG_STATE_HOME to a "
		   "folder that can be written.", reason);
}

/* The journal, opened at the first change. */
struct journal *app_group_journal(struct app *a, struct buf *why)
{
	if (!a->journal) {
		struct buf err;
		buf_init(&err);
		a->journal = journal_open(NULL, 0, &err);
		if (!a->journal)
			refused(why, buf_str(&err));
		buf_done(&err);
	}
	return a->journal;
}

/* Writes the intent of job `j` in `c` (not yet synced): its ID (heap),
 * or NULL with `why` set. */
char *app_group_intent(struct app *a, struct context *c, const struct job *j, const char *target,
		       struct buf *why)
{
	if (!app_group_journal(a, why))
		return NULL;
	char *params = shub_job_body(j);
	struct journal_intent in = {
		.frontend = a->frontend ? a->frontend : a->bulk ? "fleet" : "page",
		.profile = c->profile->name,
		.account = c->profile->account,
		.region = c->region,
		.endpoint = c->shub_url,
		.operation = shub_op_name(shub_job_op(j)),
		.parameters = params,
		.target = target,
	};
	struct buf err;
	buf_init(&err);
	char *id = params ? journal_intent(a->journal, &in, &err) : NULL;
	if (!id)
		refused(why, params ? buf_str(&err) : "out of memory");
	buf_done(&err);
	free(params);
	return id;
}

/* One sync makes every intent written so far durable. */
bool app_group_commit(struct app *a, struct buf *why)
{
	if (!app_group_journal(a, why))
		return false;
	struct buf err;
	buf_init(&err);
	bool ok = journal_sync(a->journal, &err);
	if (!ok)
		refused(why, buf_str(&err));
	buf_done(&err);
	return ok;
}

/* An intent whose call is not sent after all: its outcome says so. */
void app_group_not_sent(struct app *a, const char *id, const char *why)
{
	struct buf err;
	buf_init(&err);
	if (a->journal && id)
		journal_outcome(a->journal, id, "not sent", NULL, NULL, why, &err);
	buf_done(&err);
}

/* A call that is not sent: its context says why. */
static void call_refused(struct context *c, const char *why)
{
	c->call_done = true;
	job_error_clear(&c->call_err);
	job_error_set(&c->call_err, JOB_ERR_CANCELLED, "%s", why);
}

bool app_group_add(struct app *a, struct context *c, struct job *j, const char *target)
{
	bool alone = a->group_depth == 0;
	if (alone)
		app_group_begin(a);
	struct buf why;
	buf_init(&why);
	char *id = app_group_intent(a, c, j, target, &why);
	struct app_pending *g = id ? realloc(a->group, (a->n_group + 1) * sizeof *g) : NULL;
	bool ok = g != NULL;
	if (g) {
		a->group = g;
		a->group[a->n_group++] = (struct app_pending){ c, j };
		free(c->call_id);
		c->call_id = id;
	} else {
		if (id)
			buf_puts(&why, "out of memory");
		app_group_not_sent(a, id, buf_str(&why));
		call_refused(c, buf_str(&why));
		free(id);
		job_free(j);
	}
	buf_done(&why);
	if (alone)
		ok = app_group_end(a) && ok;
	return ok;
}

void app_group_begin(struct app *a)
{
	struct buf why;
	buf_init(&why);
	/* A journal that cannot be opened refuses each call of the group. */
	if (a->group_depth++ == 0 && app_group_journal(a, &why))
		journal_batch(a->journal);
	buf_done(&why);
}

bool app_group_end(struct app *a)
{
	if (--a->group_depth > 0)
		return true;
	struct buf why;
	buf_init(&why);
	bool ok = a->n_group == 0 || app_group_commit(a, &why);
	for (size_t i = 0; i < a->n_group; i++) {
		struct context *c = a->group[i].c;
		if (ok) {
			app_send_call(a, c, a->group[i].job);
			continue;
		}
		app_group_not_sent(a, c->call_id, buf_str(&why));
		free(c->call_id);
		c->call_id = NULL;
		call_refused(c, buf_str(&why));
		job_free(a->group[i].job);
	}
	free(a->group);
	a->group = NULL;
	a->n_group = 0;
	buf_done(&why);
	return ok;
}

