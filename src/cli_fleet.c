/* SPDX-License-Identifier: Apache-2.0 */
/* cli_fleet.c: one command's replies in many contexts (--profiles x --regions), printed as one array. */
#include "config.h"

#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "app.h"
#include "app_reach.h"
#include "log.h"
#include "output.h"
#include "retry.h"
#include "text.h"

static const char *error_code(const struct job_error *e)
{
	if (e->kind == JOB_ERR_SERVICE && e->code)
		return e->code;
	if (app_error_is_oom(e))
		return "OutOfMemory";
	switch (e->kind) {
	case JOB_ERR_NETWORK:
		return "NetworkError";
	case JOB_ERR_REPLY:
		return "InvalidReply";
	case JOB_ERR_CONFIG:
		return "CredentialsError";
	case JOB_ERR_UNKNOWN_OUTCOME:
		return "UnknownOutcome";
	case JOB_ERR_CANCELLED:
		return "NotSent";
	default:
		return "Error";
	}
}

/* Did this profile's call work in another region? Then a token the
 * service does not recognise here means the region is not opted in. */
static bool works_elsewhere(const struct app *a, const struct context *c)
{
	for (size_t i = 0; i < a->n_contexts; i++) {
		const struct context *o = a->contexts[i];
		if (o != c && o->profile == c->profile && o->call_done &&
		    (o->call_err.kind == JOB_ERR_NONE ||
		     (o->call_err.code && strcmp(o->call_err.code, "InvalidAccessException") == 0)))
			return true;
	}
	return false;
}

/* Our diagnosis of one context's failure. Heap string or NULL. */
static char *hint_for(const struct app *a, const struct context *c)
{
	const struct job_error *e = &c->call_err;
	struct buf h;
	buf_init(&h);
	bool unrecognised = e->code && (strcmp(e->code, "UnrecognizedClientException") == 0 ||
					strcmp(e->code, "InvalidClientTokenId") == 0);
	if (unrecognised && works_elsewhere(a, c))
		buf_printf(&h, "Region %s is not opted in for this account (the same credentials "
			   "work in other regions).", c->region);
	else if (e->kind == JOB_ERR_SERVICE)
		shub_error_hint(e, c->region, &h);
	else if (e->kind == JOB_ERR_NETWORK)
		buf_puts(&h, "The service could not be reached after retries.");
	else if (app_reach_hint(c->profile, e, &h))
		;   /* the role could not be assumed */
	else if (e->kind == JOB_ERR_CONFIG && !app_error_is_oom(e))
		buf_printf(&h, "Profile %s has no usable credentials.", c->profile->name);
	else if (e->kind == JOB_ERR_UNKNOWN_OUTCOME)
		buf_printf(&h, "The call may have reached the service in %s; read the state "
			   "again (get-administrator-account, list-invitations) before retrying.",
			   c->region);
	if (e->kind == JOB_ERR_SERVICE && e->code && retry_is_throttle_code(e->code))
		buf_puts(&h, h.len ? " Still throttled after retries." : "Still throttled after retries.");
	if (!h.len) {
		buf_done(&h);
		return NULL;
	}
	return buf_steal(&h);
}

/* One context's object: Profile (or Role) of the way that acts, Region,
 * Account, AccountName where known, the other ways that reach it
 * (AlsoReachedBy) and those refused there (SetAside: Way and Reason)
 * where there are any, then the reply's keys or an Error. */
cJSON *cli_fleet_context_json(const struct app *a, const struct context *c, bool reply)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	const struct profile *p = c->profile;
	if (p->role_arn)
		cJSON_AddStringToObject(o, "Role", p->role_arn);
	else
		cJSON_AddStringToObject(o, "Profile", p->via ? p->via : p->name);
	cJSON_AddStringToObject(o, "Region", c->region);
	if (p->account)
		cJSON_AddStringToObject(o, "Account", p->account);
	else
		cJSON_AddNullToObject(o, "Account");
	if (p->account_name)
		cJSON_AddStringToObject(o, "AccountName", p->account_name);
	if (p->via && p->sso_role)   /* through the SSO session: which of its roles */
		cJSON_AddStringToObject(o, "Role", p->sso_role);
	else if (p->via)
		cJSON_AddNullToObject(o, "Role");
	if (c->also)
		cJSON_AddStringToObject(o, "AlsoReachedBy", c->also);
	/* The ways refused here, and why: the one above acts instead. */
	cJSON *aside = NULL;
	for (size_t i = 0; i < c->n_ways; i++) {
		const struct context *w = c->ways[i];
		cJSON *one = w->set_aside ? cJSON_CreateObject() : NULL;
		if (!one)
			continue;
		cJSON_AddStringToObject(one, "Way", w->profile->name);
		cJSON_AddStringToObject(one, "Reason", w->set_aside);
		if (!aside)
			aside = cJSON_AddArrayToObject(o, "SetAside");
		if (!aside || !cJSON_AddItemToArray(aside, one))
			cJSON_Delete(one);
	}
	if (!reply)
		return o;
	if (c->call_err.kind == JOB_ERR_NONE && c->call_result) {
		for (const cJSON *m = c->call_result->child; m; m = m->next)
			cJSON_AddItemToObject(o, m->string, cJSON_Duplicate(m, true));
	} else {
		cJSON *e = cJSON_AddObjectToObject(o, "Error");
		char *hint = hint_for(a, c);
		if (e) {
			cJSON_AddStringToObject(e, "Code", error_code(&c->call_err));
			cJSON_AddStringToObject(e, "Message", c->call_err.message ? c->call_err.message
						: c->call_done ? "" : "no reply");
			if (hint)
				cJSON_AddStringToObject(e, "Hint", hint);
			else
				cJSON_AddNullToObject(e, "Hint");
		}
		free(hint);
	}
	return o;
}

int cli_fleet_print(const struct app *a, const struct cli_command *cmd)
{
	int fmt = cmd->fmt;
	const char *op_name = cmd->op_name;
	int rc = CLI_EXIT_OK;
	/* Out of memory, nothing is printed: half an array is worse. */
	bool oom = false;
	/* The array is formatted one context at a time, as output_json() lays
	 * out an array, so that no copy of every reply is held at once. */
	size_t n_json = 0;
	struct buf out;
	buf_init(&out);
	/* The clock is one machine's: said once, as for one context, whichever
	 * call it was learnt on (a profile's identity, its keys, a read). */
	cli_report_skew(a->clock_skew);
	for (size_t i = 0; i < a->n_contexts; i++) {
		struct context *c = a->contexts[i];
		cJSON *one = cli_fleet_context_json(a, c, true);
		oom |= !one;
		bool failed = c->call_err.kind != JOB_ERR_NONE || !c->call_result;
		if (failed) {
			if (app_error_is_oom(&c->call_err))
				rc = CLI_EXIT_OTHER;
			else if (rc == CLI_EXIT_OK)
				rc = CLI_EXIT_SERVICE;
			char *msg = text_visible_dup(c->call_err.message);
			fprintf(stderr, "%s %s: %s: %s\n", c->profile->name, c->region,
				error_code(&c->call_err), msg ? msg : "");
			free(msg);
		}
		if (c->call_note) {
			char *note = text_visible_dup(c->call_note);
			fprintf(stderr, "%s %s: %s\n", c->profile->name, c->region, note ? note : "");
			free(note);
		}
		if (!one || oom) {
			cJSON_Delete(one);
			continue;
		}
		if (fmt == OUTPUT_JSON) {
			buf_puts(&out, n_json++ ? ",\n    " : "[\n    ");
			output_json(&out, one, 1);
			cJSON_Delete(one);
			continue;
		}
		/* text and table: one block per context, named. */
		char title[256];
		snprintf(title, sizeof title, "%s %s %s %s", op_name, c->profile->name, c->region,
			 c->profile->account ? c->profile->account : "");
		if (fmt == OUTPUT_TEXT)
			buf_printf(&out, "CONTEXT\t%s\t%s\t%s\n", c->profile->name, c->region,
				   c->profile->account ? c->profile->account : "");
		/* The block holds the reply (or the error); the context is named above it. */
		cJSON_DeleteItemFromObjectCaseSensitive(one, "Profile");
		cJSON_DeleteItemFromObjectCaseSensitive(one, "Region");
		cJSON_DeleteItemFromObjectCaseSensitive(one, "Account");
		cJSON_DeleteItemFromObjectCaseSensitive(one, "Role");
		cJSON_DeleteItemFromObjectCaseSensitive(one, "AccountName");
		cJSON_DeleteItemFromObjectCaseSensitive(one, "AlsoReachedBy");
		cJSON_DeleteItemFromObjectCaseSensitive(one, "SetAside");
		output_format(&out, one, fmt, title);
		cJSON_Delete(one);
	}
	if (fmt == OUTPUT_JSON)
		buf_puts(&out, n_json ? "\n]\n" : "[]\n");
	if (oom || buf_failed(&out)) {
		fprintf(stderr, "\nout of memory\n");
		rc = CLI_EXIT_OTHER;
	} else if (fwrite(buf_str(&out), 1, out.len, stdout) != out.len || fflush(stdout) != 0) {
		rc = CLI_EXIT_OTHER;
	}
	buf_done(&out);
	return rc;
}
