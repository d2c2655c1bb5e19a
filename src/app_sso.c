/* SPDX-License-Identifier: Apache-2.0 */
/* app_sso.c: the accounts of an IAM Identity Center (SSO) session (--sso-accounts), listed a page at a time while the screen runs, each a way to reach its account as soon as its roles are known. */
#include "config.h"

#include "app.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>


#include <cjson/cJSON.h>

#include "app_reach.h"
#include "aws_config.h"
#include "creds/sso.h"

/* One account of the listing. */
struct sso_account {
	struct job *roles;         /* its ListAccountRoles, kept until its way is made */
	bool back;                 /* answered, or never asked (then roles is NULL) */
	bool added;                /* its way is made (or it was skipped) */
	bool failed;               /* its roles could not be listed: r asks again */
	struct profile *way;       /* its way, once made */
};

struct app_sso {
	struct aws_config cfg;     /* the base profile's: the session, its portal */
	struct profile *base;
	char *session;             /* the session's name (or start URL), for the user */
	cJSON *items;              /* the accountList items so far, in the portal's order */
	struct sso_account *acct;
	size_t n, cap;
	size_t n_back;             /* accounts whose roles are back */
	char *next_token;          /* the next page's, kept when a page fails */
	bool page_out;             /* a page is in flight */
	bool pages_done;
	int out;                   /* its calls in flight */
	struct buf *err;           /* the caller's error lines while it waits, else NULL */
	char *error;               /* why the listing stopped, NULL while it has not */
	struct failure failure;    /* the whole of that, for the details */
};

/* Marks the listing's jobs: job->user is the listing, user_kind this for
 * a page of accounts, else the account's place. */
#define PAGE_KIND (-1)

static const char *item_str(const cJSON *o, const char *key)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
}

/* The role of an account of the SSO session: --role-name, or its only
 * one; NULL with the reason in `why` when there is none to take. */
static const char *pick_role(const struct app *a, const char *account, const struct job *j,
			     struct buf *why)
{
	if (!j || j->err.kind != JOB_ERR_NONE) {
		buf_printf(why, "The roles of account %s could not be listed: %s", account,
			   j && j->err.message ? j->err.message : "no reply");
		return NULL;
	}
	const char *only = NULL;
	int n = 0;
	struct buf names;
	buf_init(&names);
	const cJSON *it;
	cJSON_ArrayForEach(it, j->result) {
		const char *name = item_str(it, "roleName");
		if (!name)
			continue;
		if (a->opts.role_name && strcmp(name, a->opts.role_name) == 0) {
			buf_done(&names);
			return name;
		}
		buf_printf(&names, "%s%s", n++ ? ", " : "", name);
		only = name;
	}
	if (a->opts.role_name)
		buf_printf(why, "The SSO session has no role %s in account %s (its roles: %s).",
			   a->opts.role_name, account, n ? buf_str(&names) : "none");
	else if (n > 1)
		buf_printf(why, "Account %s has several roles in the SSO session (%s): name the one "
			   "to use with --role-name.", account, buf_str(&names));
	else if (n == 0)
		buf_printf(why, "The SSO session has no role in account %s.", account);
	buf_done(&names);
	return n == 1 && !a->opts.role_name ? only : NULL;
}

/* What went wrong, for the user: a line of the waiting caller's errors,
 * or the status line of the screen. */
static void say(struct app *a, const char *text)
{
	struct app_sso *s = a->sso;
	if (s->err)
		buf_printf(s->err, "%s\n", text);
	else
		app_status(a, true, "%s", text);
}

static void submit(struct app *a, struct job *j, int kind)
{
	j->user = a->sso;
	j->user_kind = kind;
	a->sso->out++;
	a->submit(a, j);
	a->changes++;
	a->dirty = true;
}

/* The listing stops at a page that failed (`text` says why, whole):
 * said, kept for the details, and taken up again from that page by
 * app_sso_relist(). */
static void stop(struct app *a, const struct job *j, const char *text)
{
	struct app_sso *s = a->sso;
	free(s->error);
	s->error = strdup(text);
	if (j) {
		failure_note(&s->failure, j);
		free(s->failure.operation);
		s->failure.operation = strdup("ListAccounts (IAM Identity Center)");
	} else {
		failure_done(&s->failure);
		s->failure.operation = strdup("ListAccounts (IAM Identity Center)");
		s->failure.message = strdup(text);
		s->failure.when = time(NULL);
	}
	free(s->failure.hint);
	s->failure.hint = strdup("r lists them again from the page that failed; the accounts "
				 "listed so far stay.");
	if (s->err)
		buf_printf(s->err, "%s\n", text);
	else
		app_status(a, true, "%s (i: details, r: list again)", text);
}

/* Asks for the next page of accounts; false (said why) when it cannot. */
static bool ask_page(struct app *a)
{
	struct app_sso *s = a->sso;
	struct job *j = NULL;
	struct buf e;
	buf_init(&e);
	bool ok = creds_sso_accounts_page_job(&s->cfg, s->next_token, &j, &e) == SHTUI_OK;
	if (ok) {
		s->page_out = true;
		submit(a, j, PAGE_KIND);
	} else {
		a->out_of_memory |= buf_failed(&e);
		stop(a, NULL, buf_failed(&e) ? shtui_status_str(SHTUI_ENOMEM) : buf_str(&e));
	}
	buf_done(&e);
	return ok;
}

/* Whether a way other than `p` is known to reach p's account. */
static bool known_elsewhere(const struct app *a, const struct profile *p)
{
	for (size_t i = 0; i < a->n_profiles; i++) {
		const struct profile *o = a->profiles[i];
		if (o != p && o->id_state == ID_KNOWN && o->account && strcmp(o->account, p->account) == 0)
			return true;
	}
	return false;
}

/* The way to account `i` (or the error context that says why there is
 * none), and on the screen its contexts read as every other's. */
static void add_account(struct app *a, size_t i)
{
	struct app_sso *s = a->sso;
	struct sso_account *acc = &s->acct[i];
	acc->added = true;
	const cJSON *item = cJSON_GetArrayItem(s->items, (int)i);
	struct app_reach_account id = {
		.id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(item, "accountId")),
		.name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(item, "accountName")),
	};
	struct buf why, name, lines;
	buf_init(&why);
	buf_init(&name);
	buf_init(&lines);
	const char *role = pick_role(a, id.id, acc->roles, &why);
	buf_printf(&name, "sso:%s%s%s", id.id, role ? "/" : "", role ? role : "");
	struct profile *p = buf_failed(&name) ? NULL : app_reach_way_new(s->base, &id, buf_steal(&name));
	if (p && (!(p->via = strdup(s->base->name)) || (role && !(p->sso_role = strdup(role))) ||
		  (why.len && !(p->unusable = buf_steal(&why))) ||
		  !(p->source = aws_creds_source_new_sso_role(s->base->source, id.id, role)))) {
		app_profile_free(p);
		p = NULL;
	}
	size_t before = a->n_contexts, merged = a->n_merged;
	acc->failed = !acc->roles || acc->roles->err.kind != JOB_ERR_NONE;
	bool added = app_reach_add_way(a, p, &lines);
	job_free(acc->roles);
	acc->roles = NULL;
	acc->way = added ? p : NULL;
	if (added && a->sso_async) {
		/* Another way may have shown already that it reaches the
		 * account; merging looks at every context, so only then. */
		if (known_elsewhere(a, p))
			app_reach_merge(a, p);
		size_t gone = a->n_merged - merged;
		for (size_t k = before > gone ? before - gone : 0; k < a->n_contexts; k++)
			if (a->contexts[k]->profile == p)
				app_refresh_fleet(a, a->contexts[k]);
	}
	if (lines.len) {
		if (lines.data[lines.len - 1] == '\n')
			lines.data[--lines.len] = '\0';
		say(a, buf_str(&lines));
	}
	buf_done(&why);
	buf_done(&name);
	buf_done(&lines);
}

/* The roles of account `i` asked again (r) are back: its way takes the
 * role now found (or the new reason there is none), and its contexts
 * are read again. */
static void redo_account(struct app *a, size_t i)
{
	struct app_sso *s = a->sso;
	struct sso_account *acc = &s->acct[i];
	struct profile *p = acc->way;
	struct buf why, name;
	buf_init(&why);
	buf_init(&name);
	const char *role = pick_role(a, p->account, acc->roles, &why);
	acc->failed = !acc->roles || acc->roles->err.kind != JOB_ERR_NONE;
	buf_printf(&name, "sso:%s%s%s", p->account, role ? "/" : "", role ? role : "");
	bool has_why = why.len > 0;
	char *sso_role = role ? strdup(role) : NULL;
	char *unusable = has_why ? buf_steal(&why) : NULL;
	struct aws_creds_source *src = aws_creds_source_new_sso_role(s->base->source, p->account, role);
	if (!src || buf_failed(&name) || (role && !sso_role) || (has_why && !unusable)) {
		a->out_of_memory = true;
		app_status(a, true, "out of memory");
		aws_creds_source_unref(src);
		free(sso_role);
		free(unusable);
	} else {
		free(p->name);
		p->name = buf_steal(&name);
		free(p->sso_role);
		p->sso_role = sso_role;
		free(p->unusable);
		p->unusable = unusable;
		aws_creds_source_unref(p->source);
		p->source = src;
	}
	job_free(acc->roles);
	acc->roles = NULL;
	for (size_t k = 0; k < a->n_contexts; k++)
		if (a->contexts[k]->profile == p && a->contexts[k]->change_in_flight < 0)
			app_refresh_fleet(a, a->contexts[k]);
	buf_done(&why);
	buf_done(&name);
}

/* Account `i` is back: on the screen its way is made now (or, asked
 * again, mended); the one-shot commands make them all when the listing
 * is over (wait_listing). */
static void land(struct app *a, size_t i)
{
	struct app_sso *s = a->sso;
	s->acct[i].back = true;
	s->n_back++;
	if (a->sso_async && !s->acct[i].added)
		add_account(a, i);
	else if (s->acct[i].way)
		redo_account(a, i);
}

/* The roles of account `i`, asked at once. */
static void ask_roles(struct app *a, size_t i)
{
	struct app_sso *s = a->sso;
	const char *id = item_str(cJSON_GetArrayItem(s->items, (int)i), "accountId");
	if (!id || !app_reach_is_account_id(id)) {
		/* Not an account shtui can reach: left out, as the portal
		 * should never send it. */
		s->acct[i].added = true;
		land(a, i);
		return;
	}
	struct job *j = NULL;
	struct buf e;
	buf_init(&e);
	if (creds_sso_roles_job(&s->cfg, id, &j, &e) == SHTUI_OK) {
		submit(a, j, (int)i);
	} else {
		a->out_of_memory |= buf_failed(&e);
		say(a, buf_str(&e));
		land(a, i);   /* its row says its roles could not be listed */
	}
	buf_done(&e);
}

/* A page of accounts: the next page asked for first (the roles of this
 * one queue behind it), then each account's roles. */
static void apply_page(struct app *a, struct job *j)
{
	struct app_sso *s = a->sso;
	s->page_out = false;
	if (j->err.kind != JOB_ERR_NONE) {
		struct buf b;
		buf_init(&b);
		buf_printf(&b, "The accounts of the SSO session of profile %s could not be listed: %s",
			   s->base->name, j->err.message ? j->err.message : "no reply");
		a->out_of_memory |= buf_failed(&b);
		stop(a, j, buf_failed(&b) ? shtui_status_str(SHTUI_ENOMEM) : buf_str(&b));
		buf_done(&b);
		return;
	}
	const char *next = item_str(j->result, "nextToken");
	char *token = next && *next ? strdup(next) : NULL;
	if (next && *next && !token) {
		a->out_of_memory = true;
		stop(a, NULL, shtui_status_str(SHTUI_ENOMEM));
		return;
	}
	cJSON *list = cJSON_GetObjectItemCaseSensitive(j->result, "accountList");
	size_t first = s->n, more = (size_t)cJSON_GetArraySize(list);
	if (s->n + more > s->cap) {
		size_t cap = s->cap ? s->cap : 64;
		while (cap < s->n + more)
			cap *= 2;
		struct sso_account *l = realloc(s->acct, cap * sizeof *l);
		if (!l) {
			/* The page is asked again when the listing is taken up. */
			free(token);
			a->out_of_memory = true;
			stop(a, NULL, shtui_status_str(SHTUI_ENOMEM));
			return;
		}
		s->acct = l;
		s->cap = cap;
	}
	free(s->next_token);
	s->next_token = token;
	cJSON *it;
	while (list && (it = cJSON_DetachItemFromArray(list, 0)) != NULL) {
		cJSON_AddItemToArray(s->items, it);
		s->acct[s->n++] = (struct sso_account){ 0 };
	}
	if (token)
		ask_page(a);
	else
		s->pages_done = true;
	for (size_t i = first; i < s->n; i++)
		ask_roles(a, i);
}

void app_sso_apply(struct app *a, struct job *j)
{
	struct app_sso *s = a->sso;
	s->out--;
	a->dirty = true;
	a->changes++;
	if (j->user_kind == PAGE_KIND) {
		apply_page(a, j);
		job_free(j);
	} else if (j->user_kind >= 0 && (size_t)j->user_kind < s->n) {
		s->acct[j->user_kind].roles = j;
		land(a, (size_t)j->user_kind);
	} else {
		job_free(j);
	}
	if (s->out == 0 && s->pages_done && !s->err && a->sso_async) {
		if (s->n)
			app_status(a, false, "Listed %zu account%s of SSO session %s.", s->n,
				   s->n == 1 ? "" : "s", s->session);
		else
			app_status(a, true, "SSO session %s (profile %s) lists no account.", s->session,
				   s->base->name);
	}
}

/* Applies results until the listing is over, then makes the ways in the
 * portal's order: the one-shot commands start when every account is
 * known, and a listing that failed adds none (the error says why). */
static bool listed(struct app *a)
{
	return a->sso->out == 0;
}

static void wait_listing(struct app *a)
{
	struct app_sso *s = a->sso;
	app_wait(a, listed);
	if (s->out > 0)
		return;
	for (size_t i = 0; !s->error && i < s->n; i++)
		if (!s->acct[i].added)
			add_account(a, i);
}

void app_sso_start(struct app *a, struct profile *base, struct buf *err)
{
	struct app_sso *s = calloc(1, sizeof *s);
	if (!s || !(s->items = cJSON_CreateArray())) {
		free(s);
		a->out_of_memory = true;
		buf_puts(err, "out of memory\n");
		return;
	}
	aws_config_init(&s->cfg);
	s->base = base;
	s->err = err;
	a->sso = s;
	struct aws_config_overrides ov = {
		.profile = a->opts.profile, .region = a->opts.region,
		.endpoint_url = a->opts.endpoint_url, .ca_bundle = a->opts.ca_bundle,
	};
	struct buf e;
	buf_init(&e);
	if (app_config_load(a, &s->cfg, &ov, &e) != SHTUI_OK) {
		buf_printf(err, "%s\n", buf_str(&e));
		buf_done(&e);
		return;
	}
	buf_done(&e);
	const char *name = aws_config_get(&s->cfg, "sso_session");
	if (!name)
		name = aws_config_get(&s->cfg, "sso_start_url");
	s->session = strdup(name ? name : base->name);
	if (!s->session) {
		a->out_of_memory = true;
		buf_puts(err, "out of memory\n");
		return;
	}
	if (ask_page(a) && !a->sso_async)
		wait_listing(a);
	/* From here what goes wrong is said on the screen. */
	s->err = NULL;
}

void app_sso_free(struct app *a)
{
	struct app_sso *s = a->sso;
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		job_free(s->acct[i].roles);
	free(s->acct);
	cJSON_Delete(s->items);
	aws_config_done(&s->cfg);
	free(s->session);
	free(s->next_token);
	free(s->error);
	failure_done(&s->failure);
	free(s);
	a->sso = NULL;
}

bool app_sso_listing(const struct app *a)
{
	return a->sso && a->sso->out > 0;
}

bool app_sso_progress(const struct app *a, struct buf *out)
{
	const struct app_sso *s = a->sso;
	if (!app_sso_listing(a))
		return false;
	if (!s->pages_done)
		buf_printf(out, "Listing the accounts of SSO session %s… %zu so far", s->session, s->n);
	else
		buf_printf(out, "Listing the roles in the %zu accounts of SSO session %s… %zu so far",
			   s->n, s->session, s->n_back);
	return true;
}

const struct failure *app_sso_failure(const struct app *a)
{
	return a->sso && a->sso->error && failure_any(&a->sso->failure) ? &a->sso->failure : NULL;
}

bool app_sso_relist(struct app *a)
{
	struct app_sso *s = a->sso;
	if (!s)
		return false;
	bool asked = false;
	if (s->error && !s->pages_done && !s->page_out) {
		free(s->error);
		s->error = NULL;
		failure_done(&s->failure);
		asked = ask_page(a);
	}
	for (size_t i = 0; i < s->n; i++) {
		struct sso_account *acc = &s->acct[i];
		if (!acc->failed || !acc->back || !acc->way)
			continue;
		acc->back = false;
		acc->failed = false;
		s->n_back--;
		ask_roles(a, i);
		asked = true;
	}
	return asked;
}
