/* SPDX-License-Identifier: Apache-2.0 */
/* recover.c: at start, the changes an earlier run left without an outcome are read again from the service and settled in the journal, never sent again. */
#include "config.h"

#include "recover.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "app.h"
#include "journal.h"
#include "text.h"

static const char *get(const cJSON *o, const char *k)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, k));
}

/* Whether the pending list has an invitation from `admin`. */
static bool pending_from(const struct context *c, const char *admin)
{
	return app_invitation_from(c, admin) != NULL;
}

/*
 * What the service shows about the intent's change, read just now:
 * "done", "not done", or NULL when the reading cannot tell. `evidence`
 * says what was seen.
 */
static const char *decide(const cJSON *in, const struct context *c, struct buf *evidence)
{
	const char *op = get(in, "operation") ? get(in, "operation") : "";
	const cJSON *params = cJSON_GetObjectItemCaseSensitive(in, "parameters");
	const char *admin = c->admin.account_id;
	bool admin_read = c->admin_state == LOAD_DONE;
	if (strstr(op, "Accept")) {
		const char *want = get(params, "AdministratorId") ? get(params, "AdministratorId")
				   : get(params, "MasterId");
		if (!admin_read || !want)
			return NULL;
		bool done = admin && strcmp(admin, want) == 0 && shub_status_enabled(c->admin.member_status);
		if (admin)
			buf_printf(evidence, "the administrator is %s (%s)", admin,
				   c->admin.member_status ? c->admin.member_status : "");
		else
			buf_puts(evidence, "there is no administrator");
		if (!done && c->invs_state == LOAD_DONE && pending_from(c, want))
			buf_printf(evidence, "; the invitation from %s is still pending", want);
		return done ? "done" : "not done";
	}
	if (strcmp(op, "DeclineInvitations") == 0 || strcmp(op, "DeleteInvitations") == 0) {
		const cJSON *ids = cJSON_GetObjectItemCaseSensitive(params, "AccountIds");
		if (c->invs_state != LOAD_DONE || !cJSON_IsArray(ids))
			return NULL;
		const cJSON *id;
		cJSON_ArrayForEach(id, ids) {
			if (pending_from(c, cJSON_GetStringValue(id))) {
				buf_printf(evidence, "the invitation from %s is still pending",
					   cJSON_GetStringValue(id));
				return "not done";
			}
		}
		buf_puts(evidence, "no invitation from those accounts is pending");
		return "done";
	}
	if (strstr(op, "Disassociate")) {
		const char *from = get(in, "target");
		if (!admin_read)
			return NULL;
		if (!admin) {
			buf_puts(evidence, "there is no administrator");
			return "done";
		}
		buf_printf(evidence, "the administrator is %s", admin);
		return from && strcmp(admin, from) != 0 ? "done" : "not done";
	}
	if (strcmp(op, "EnableSecurityHub") == 0) {
		if (c->hub == HUB_ENABLED || c->hub == HUB_NOT_ENABLED)
			buf_printf(evidence, "Security Hub is %s", hub_state_text(c->hub));
		return c->hub == HUB_ENABLED ? "done" : c->hub == HUB_NOT_ENABLED ? "not done" : NULL;
	}
	return NULL;
}

/* Why a context could not be read, for the report. */
static const char *read_error(const struct context *c)
{
	return c->admin_error ? c->admin_error : c->invs_error ? c->invs_error
	       : c->hub_error ? c->hub_error : c->profile->id_error;
}

size_t recover_run(const struct cli_options *opts, struct buf *report, struct buf *summary)
{
	struct buf err;
	buf_init(&err);
	cJSON *all = journal_load(NULL, &err);
	cJSON *open = all ? journal_unsettled(all) : NULL;
	cJSON_Delete(all);
	/* Only the dead writers' intents without any outcome: a live process
	 * settles its own, and an "unknown" outcome was told to the user,
	 * with the command that reads the state (shtui journal --unsettled
	 * still lists it). */
	cJSON *next;
	for (cJSON *r = open ? open->child : NULL; r; r = next) {
		next = r->next;
		if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "alive")) ||
		    cJSON_GetObjectItemCaseSensitive(r, "outcome"))
			cJSON_Delete(cJSON_DetachItemViaPointer(open, r));
	}
	size_t n = open ? (size_t)cJSON_GetArraySize(open) : 0;
	if (n == 0) {
		cJSON_Delete(open);
		buf_done(&err);
		return 0;
	}
	buf_printf(report, "%zu change%s from an earlier run %s an unknown outcome; reading the "
		   "service again to settle %s.\n", n, n == 1 ? "" : "s", n == 1 ? "has" : "have",
		   n == 1 ? "it" : "them");
	struct app *a = app_new(opts, &err);
	struct journal *j = a ? journal_open(NULL, 0, &err) : NULL;
	if (!a || !j) {
		buf_printf(report, "They stay unsettled: %s\n", buf_str(&err));
		buf_printf(summary, "%zu changes from an earlier run have an unknown outcome "
			   "(shtui journal --unsettled).", n);
		journal_close(j);
		app_free(a);
		cJSON_Delete(open);
		buf_done(&err);
		return n;
	}
	/* One reading per context, all at once. */
	struct context **ctx = calloc(n, sizeof *ctx);
	char **why = calloc(n, sizeof *why);
	size_t i = 0;
	cJSON *r;
	cJSON_ArrayForEach(r, open) {
		buf_reset(&err);
		/* "default" without a file that names it is the implicit one
		 * (keys from the environment): the same here, unless this run
		 * names another profile. */
		const char *profile = get(r, "profile");
		if (profile && strcmp(profile, "default") == 0 && !opts->profile && !getenv("AWS_PROFILE"))
			profile = NULL;
		struct context *c = ctx && why ? app_context(a, profile, get(r, "region"), &err) : NULL;
		const char *ep = get(r, "endpoint");
		if (c && ep && strcmp(ep, c->shub_url) != 0) {
			buf_printf(&err, "it was sent to %s, which this run does not reach; run shtui "
				   "with --endpoint-url %s to settle it", ep, ep);
			c = NULL;
		}
		if (c && c->reads_in_flight == 0 && c->admin_state == LOAD_NONE)
			app_refresh_fleet(a, c);
		if (ctx && why) {
			ctx[i] = c;
			why[i] = c ? NULL : strdup(err.len ? buf_str(&err) : "out of memory");
		}
		i++;
	}
	app_wait_all(a);
	size_t done = 0, not_done = 0, unknown = 0;
	i = 0;
	cJSON_ArrayForEach(r, open) {
		struct context *c = ctx && why ? ctx[i] : NULL;
		const char *no_context = ctx && why ? why[i] : "out of memory";
		i++;
		struct buf ev;
		buf_init(&ev);
		const char *verdict = c ? decide(r, c, &ev) : NULL;
		if (!c)
			buf_puts(&ev, no_context ? no_context : "");
		else if (!verdict)
			buf_printf(&ev, "the service could not be read: %s",
				   read_error(c) ? read_error(c) : "no answer");
		char *safe = text_visible_dup(buf_str(&ev));
		buf_printf(report, "  %s in %s (profile %s): %s%s%s\n",
			   get(r, "operation") ? get(r, "operation") : "?",
			   get(r, "region") ? get(r, "region") : "?",
			   get(r, "profile") ? get(r, "profile") : "?",
			   verdict ? verdict : "still unknown", safe && *safe ? ", " : "", safe ? safe : "");
		free(safe);
		if (verdict) {
			buf_reset(&err);
			if (!journal_settle(j, get(r, "id"), verdict, buf_str(&ev), &err))
				buf_printf(report, "  (the settlement could not be journaled: %s)\n", buf_str(&err));
			*(strcmp(verdict, "done") == 0 ? &done : &not_done) += 1;
		} else {
			unknown++;
		}
		buf_done(&ev);
	}
	buf_printf(summary, "%zu change%s from an earlier run had an unknown outcome: %zu done, "
		   "%zu not done%s", n, n == 1 ? "" : "s", done, not_done, unknown ? ", " : "");
	if (unknown)
		buf_printf(summary, "%zu still unknown", unknown);
	buf_puts(summary, " (shtui journal). Nothing was sent again.");
	for (i = 0; why && i < n; i++)
		free(why[i]);
	free(why);
	free(ctx);
	journal_close(j);
	app_free(a);
	cJSON_Delete(open);
	buf_done(&err);
	return n;
}

void recover_report(const struct cli_options *opts)
{
	struct buf report, summary;
	buf_init(&report);
	buf_init(&summary);
	if (recover_run(opts, &report, &summary)) {
		fprintf(stderr, "shtui: %s", buf_str(&report));
		fprintf(stderr, "shtui: %s\n", buf_str(&summary));
	}
	buf_done(&report);
	buf_done(&summary);
}
