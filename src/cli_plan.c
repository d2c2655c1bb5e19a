/* SPDX-License-Identifier: Apache-2.0 */
/* cli_plan.c: a change across contexts as a plan: read each context, decide what to send where (or why not), print it with --dry-run, else ask or need --yes, journal it as one group and carry it out. */
#include "config.h"

#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "app.h"
#include "log.h"
#include "output.h"
#include "text.h"

/* What one context would be sent: the call's parameters, or why nothing. */
struct step {
	bool send;
	enum shub_op op;
	const char *ids[64];       /* decline/delete: the IDs pending here */
	struct shub_params p;
	char *why;                 /* skipped: the reason (heap) */
};

/* Decides one context's step from what was read there. */
static void plan_context(const struct context *c, enum shub_op op, const struct shub_params *want,
			 struct step *s)
{
	struct buf why;
	buf_init(&why);
	s->op = op;
	s->p = *want;
	const char *admin = c->admin.account_id;
	const char *read_err = c->invs_error ? c->invs_error : c->admin_error;
	if (op == SHUB_ENABLE_SECURITY_HUB) {
		if (c->hub == HUB_ENABLED)
			buf_printf(&why, "Security Hub is already enabled in %s.", c->region);
		else if (c->hub != HUB_NOT_ENABLED)
			buf_printf(&why, "The state in %s could not be read: %s", c->region,
				   read_err ? read_err : hub_state_text(c->hub));
		else
			s->send = true;
	} else if (read_err) {
		buf_printf(&why, "The state in %s could not be read: %s", c->region, read_err);
	} else if (op == SHUB_ACCEPT_ADMINISTRATOR_INVITATION || op == SHUB_ACCEPT_INVITATION) {
		/* The fleet screen's rule, then the invitation the command named. */
		const struct invitation *inv = app_invitation_from(c, want->administrator_id);
		if (!app_bulk_applies_why(c, APP_ACCEPT, want->administrator_id, &why))
			;
		else if (want->invitation_id && strcmp(want->invitation_id, inv->invitation_id) != 0)
			buf_printf(&why, "The pending invitation from %s here is %s, not %s.",
				   want->administrator_id, inv->invitation_id, want->invitation_id);
		else {
			s->p.invitation_id = inv->invitation_id;
			s->send = true;
		}
	} else if (op == SHUB_DECLINE_INVITATIONS || op == SHUB_DELETE_INVITATIONS) {
		size_t n = 0;
		for (size_t i = 0; i < want->n_account_ids && n < 64; i++)
			if (app_invitation_from(c, want->account_ids[i]))
				s->ids[n++] = want->account_ids[i];
		s->p.account_ids = s->ids;
		s->p.n_account_ids = n;
		if (n == 0)
			buf_printf(&why, "No invitation from %s is pending here.",
				   want->n_account_ids == 1 ? want->account_ids[0] : "those accounts");
		else
			s->send = true;
	} else {
		/* Disassociate. */
		if (!admin)
			buf_puts(&why, "There is no administrator account here.");
		else
			s->send = true;
	}
	s->why = s->send ? NULL : buf_steal(&why);
	buf_done(&why);
}

/* The parameters as the request carries them. */
static cJSON *params_json(const struct step *s)
{
	cJSON *o = cJSON_CreateObject();
	if (s->op == SHUB_ACCEPT_ADMINISTRATOR_INVITATION || s->op == SHUB_ACCEPT_INVITATION) {
		cJSON_AddStringToObject(o, s->op == SHUB_ACCEPT_INVITATION ? "MasterId" : "AdministratorId",
					s->p.administrator_id);
		cJSON_AddStringToObject(o, "InvitationId", s->p.invitation_id);
	} else if (s->op == SHUB_DECLINE_INVITATIONS || s->op == SHUB_DELETE_INVITATIONS) {
		cJSON_AddItemToObject(o, "AccountIds",
				      cJSON_CreateStringArray(s->p.account_ids, (int)s->p.n_account_ids));
	} else if (s->op == SHUB_ENABLE_SECURITY_HUB && s->p.enable_default_standards >= 0) {
		cJSON_AddBoolToObject(o, "EnableDefaultStandards", s->p.enable_default_standards);
	}
	return o;
}

/* One context's object: where, then what is (or was) sent or why not. */
static cJSON *step_json(const struct app *a, const struct context *c, const struct step *s,
			bool ran)
{
	cJSON *o = cli_fleet_context_json(a, c, ran && s->send);
	if (!o)
		return NULL;
	if (s->send) {
		cJSON_AddStringToObject(o, "Operation", shub_op_name(s->op));
		cJSON_AddItemToObject(o, "Parameters", params_json(s));
	} else {
		cJSON_AddStringToObject(o, "Skipped", s->why ? s->why : "");
	}
	return o;
}

/* Asks on the terminal; true for y/yes. */
static bool ask(const char *question)
{
	fprintf(stderr, "%s [y/N] ", question);
	fflush(stderr);
	char line[64];
	if (!fgets(line, sizeof line, stdin))
		return false;
	return line[0] == 'y' || line[0] == 'Y';
}

static const char *verb(enum shub_op op)
{
	switch (op) {
	case SHUB_ACCEPT_ADMINISTRATOR_INVITATION:
	case SHUB_ACCEPT_INVITATION:
		return "Accept";
	case SHUB_DECLINE_INVITATIONS:
		return "Decline";
	case SHUB_DELETE_INVITATIONS:
		return "Delete";
	default:
		return NULL;
	}
}

int cli_plan_run(const struct cli_options *o, int op_, const struct shub_params *want, int fmt)
{
	enum shub_op op = (enum shub_op)op_;
	int rc = CLI_EXIT_OK;
	struct app *a = cli_open(o, &rc);
	if (!a)
		return rc;
	size_t n = a->n_contexts;
	/* Read first: the plan is what the service shows now, so running the
	 * command again does only what is still pending. */
	for (size_t i = 0; i < n; i++)
		app_refresh_fleet(a, a->contexts[i]);
	app_wait_all(a);
	/* Ways that reach the same account and region are one context now. */
	n = a->n_contexts;
	struct step *steps = calloc(n, sizeof *steps);
	if (!steps) {
		fprintf(stderr, "\nout of memory\n");
		app_free(a);
		return CLI_EXIT_OTHER;
	}
	size_t places = 0, calls = 0;
	for (size_t i = 0; i < n; i++) {
		plan_context(a->contexts[i], op, want, &steps[i]);
		if (steps[i].send) {
			places++;
			calls += steps[i].p.n_account_ids ? steps[i].p.n_account_ids : 1;
		}
	}
	bool run = !o->dry_run && places > 0, declined = false;
	if (run && places > 1 && !o->yes) {
		struct buf q;
		buf_init(&q);
		const char *who = want->administrator_id ? want->administrator_id
				  : want->n_account_ids == 1 ? want->account_ids[0] : "those accounts";
		if (verb(op))
			buf_printf(&q, "%s %zu invitation%s from %s in %zu places?", verb(op), calls,
				   calls == 1 ? "" : "s", who, places);
		else
			buf_printf(&q, "%s in %zu places?", op == SHUB_ENABLE_SECURITY_HUB ?
				   "Enable Security Hub" : "Disassociate from the administrator account", places);
		if (!isatty(STDIN_FILENO)) {
			fprintf(stderr, "shtui: error: %s Nothing was sent: there is no terminal to ask "
				"on.\nHint: add --yes to do it without asking, or --dry-run to see the plan.\n",
				buf_str(&q));
			rc = CLI_EXIT_USAGE;
			run = false;
		} else if (!ask(buf_str(&q))) {
			fprintf(stderr, "Nothing was sent.\n");
			run = false;
			declined = true;
		}
		buf_done(&q);
	}
	if (run) {
		/* Every intent, one sync, then every call. */
		a->frontend = n > 1 ? "multi-context" : "command";
		app_group_begin(a);
		for (size_t i = 0; i < n; i++)
			if (steps[i].send)
				app_call(a, a->contexts[i], op, &steps[i].p);
		app_group_end(a);
		app_wait_all(a);
	}
	if (rc == CLI_EXIT_OK && !declined) {
		cJSON *all = cJSON_CreateArray();
		for (size_t i = 0; i < n; i++) {
			struct context *c = a->contexts[i];
			cJSON_AddItemToArray(all, step_json(a, c, &steps[i], run));
			if (run && steps[i].send && (c->call_err.kind != JOB_ERR_NONE || !c->call_result)) {
				rc = CLI_EXIT_SERVICE;
				char *msg = text_visible_dup(c->call_err.message);
				fprintf(stderr, "%s %s: %s\n", c->profile->name, c->region, msg ? msg : "");
				free(msg);
			}
		}
		struct buf out;
		buf_init(&out);
		if (fmt == OUTPUT_JSON) {
			output_json(&out, all, 0);
			buf_putc(&out, '\n');
		} else {
			cJSON *doc = cJSON_CreateObject();
			cJSON_AddItemToObject(doc, "Contexts", all);
			all = NULL;
			output_format(&out, doc, (enum output_format)fmt, o->dry_run ? "Plan" : shub_op_name(op));
			cJSON_Delete(doc);
		}
		cJSON_Delete(all);
		if (fwrite(buf_str(&out), 1, out.len, stdout) != out.len || fflush(stdout) != 0) {
			fprintf(stderr, "\ncannot write the output: %s\n", strerror(errno));
			rc = CLI_EXIT_OTHER;
		}
		buf_done(&out);
	}
	for (size_t i = 0; i < n; i++)
		free(steps[i].why);
	free(steps);
	app_free(a);
	return rc;
}
