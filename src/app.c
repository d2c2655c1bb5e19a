/* SPDX-License-Identifier: Apache-2.0 */
/* app.c: what the screens show and do: profiles, contexts, invitations, actions, and applying the worker's results. No curses here. */
#include "config.h"

#include "app.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "aws_config.h"
#include "journal.h"
#include "log.h"
#include "sts.h"

/* What a job was for (job->user_kind); job->user is the context. */
enum {
	KIND_HUB,
	KIND_ADMIN,
	KIND_INVITATIONS,
	KIND_IDENTITY,        /* job->user is the profile */
	KIND_CHANGE,
	KIND_CALL,            /* a one-shot command's call */
	KIND_READ_CALL,       /* ... that reads: paced as the fleet's reads are */
};

static const char *const action_names[] = {
	[APP_ACCEPT] = "Accept invitation",
	[APP_DECLINE] = "Decline invitation",
	[APP_DELETE] = "Delete invitation",
	[APP_DISASSOCIATE] = "Disassociate from administrator",
	[APP_ENABLE] = "Enable Security Hub",
};

const char *app_action_name(enum app_action act)
{
	return action_names[act];
}

const char *hub_state_text(enum hub_state s)
{
	static const char *const t[] = {
#define HUB_STATE_TEXT(id, text) [id] = text,
		HUB_STATES(HUB_STATE_TEXT)
#undef HUB_STATE_TEXT
	};
	return t[s];
}

static char *dup0(const char *s)
{
	return s ? strdup(s) : NULL;
}

static void set_str(char **slot, const char *v)
{
	free(*slot);
	*slot = dup0(v);
}

void invitation_done(struct invitation *inv)
{
	free(inv->account_id);
	free(inv->invitation_id);
	free(inv->invited_at);
	free(inv->member_status);
	memset(inv, 0, sizeof *inv);
}

static const char *jstr(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void invitation_from_json(struct invitation *inv, const cJSON *o)
{
	invitation_done(inv);
	inv->account_id = dup0(jstr(o, "AccountId"));
	inv->invitation_id = dup0(jstr(o, "InvitationId"));
	inv->invited_at = dup0(jstr(o, "InvitedAt"));
	inv->member_status = dup0(jstr(o, "MemberStatus"));
}

void app_status(struct app *a, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	app_vstatus(a, error, fmt, ap);
	va_end(ap);
}

void app_vstatus(struct app *a, bool error, const char *fmt, va_list ap)
{
	struct buf b;
	buf_init(&b);
	buf_vprintf(&b, fmt, ap);
	free(a->status);
	a->status = buf_steal(&b);
	a->status_error = error;
	a->dirty = true;
}

/* Says why something failed when memory ran out, and remembers it. */
static void out_of_memory(struct app *a, struct buf *err)
{
	a->out_of_memory = true;
	buf_puts(err, shtui_status_str(SHTUI_ENOMEM));
}

/* Keeps the config files' warnings (lines) for the front end to show. */
static void add_warnings(struct app *a, const char *lines)
{
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "%s%s", a->warnings ? a->warnings : "", lines);
	if (b.len && buf_str(&b)[b.len - 1] != '\n')
		buf_putc(&b, '\n');
	if (buf_failed(&b)) {
		a->out_of_memory = true;
		buf_done(&b);
		return;
	}
	free(a->warnings);
	a->warnings = buf_steal(&b);
}

char *app_take_warnings(struct app *a)
{
	char *w = a->warnings;
	a->warnings = NULL;
	return w;
}

bool app_error_is_oom(const struct job_error *e)
{
	return e->kind == JOB_ERR_CONFIG && e->message &&
	       strcmp(e->message, shtui_status_str(SHTUI_ENOMEM)) == 0;
}

/* What a failed job says about the credentials, or about memory. */
static void note_failure(struct app *a, const struct job *j)
{
	if (app_error_is_oom(&j->err))
		a->out_of_memory = true;
	else if (j->err.kind == JOB_ERR_CONFIG)
		a->no_credentials = true;
}

void app_profile_free(struct profile *p)
{
	if (!p)
		return;
	free(p->name);
	aws_creds_source_unref(p->source);
	free(p->region);
	free(p->endpoint_securityhub);
	free(p->endpoint_sts);
	free(p->ca_bundle);
	free(p->account);
	free(p->arn);
	free(p->id_error);
	failure_done(&p->id_failure);
	free(p->role_arn);
	free(p->account_name);
	free(p->sso_role);
	free(p->via);
	free(p->unusable);
	free(p);
}

static void context_free(struct context *c)
{
	if (!c)
		return;
	free(c->hub_error);
	invitation_done(&c->admin);
	free(c->admin_error);
	for (size_t i = 0; i < c->n_invs; i++)
		invitation_done(&c->invs[i]);
	free(c->invs);
	free(c->invs_error);
	free(c->last_result);
	failure_done(&c->failure);
	free(c->change_id);
	free(c->change_target);
	job_free(c->bulk_job);
	free(c->call_id);
	cJSON_Delete(c->call_result);
	job_error_clear(&c->call_err);
	free(c->call_note);
	free(c->also);
	free(c->ways);   /* each is in a->merged */
	free(c->way_error);
	free(c->set_aside);
	free(c);
}

uint64_t app_submit_to_worker(struct app *a, struct job *j)
{
	return worker_submit(a->worker, j);
}

struct app *app_new(const struct cli_options *opts, struct buf *err)
{
	struct app *a = calloc(1, sizeof *a);
	if (!a) {
		buf_puts(err, "out of memory");
		return NULL;
	}
	a->opts = *opts;
	a->submit = app_submit_to_worker;
	/* Retry and TLS settings are the default profile's. */
	struct aws_config cfg;
	struct aws_config_overrides ov = { .profile = opts->profile, .ca_bundle = opts->ca_bundle };
	aws_config_init(&cfg);
	app_config_load(a, &cfg, &ov, err);
	buf_reset(err);
	a->ca_bundle = dup0(cfg.ca_bundle);
	struct worker_opts wo = {
		.max_concurrency = opts->max_concurrency,
		.max_attempts = cfg.max_attempts,
		.http = {
			.connect_timeout_ms = opts->connect_timeout_ms,
			.timeout_ms = opts->timeout_ms,
			.ca_bundle = a->ca_bundle,
		},
	};
	bool copied = !cfg.ca_bundle || a->ca_bundle;
	aws_config_done(&cfg);
	if (!copied) {
		buf_puts(err, shtui_status_str(SHTUI_ENOMEM));
		aws_config_files_unref(a->files);
		free(a);
		return NULL;
	}
	a->worker = worker_new(&wo, err);
	if (!a->worker) {
		aws_config_files_unref(a->files);
		free(a->ca_bundle);
		free(a);
		return NULL;
	}
	return a;
}

void app_free(struct app *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->n_asks; i++)
		job_free(a->asks[i]);
	free(a->asks);
	/* Calls whose answer will never be read: the journal says so. */
	for (size_t i = 0; a->journal && i < a->n_contexts; i++) {
		struct context *c = a->contexts[i];
		struct buf err;
		buf_init(&err);
		if (c->bulk_job)
			journal_outcome(a->journal, c->change_id, "not sent", NULL, NULL,
					"shtui quit before it was sent", &err);
		else if (c->change_in_flight >= 0 && c->change_id)
			journal_outcome(a->journal, c->change_id, "unknown", NULL, NULL,
					"shtui quit before the reply came", &err);
		if (c->call_id && !c->call_done)
			journal_outcome(a->journal, c->call_id, "unknown", NULL, NULL,
					"shtui quit before the reply came", &err);
		buf_done(&err);
	}
	worker_free(a->worker);
	app_sso_free(a);
	free(a->ca_bundle);
	for (size_t i = 0; i < a->n_contexts; i++)
		context_free(a->contexts[i]);
	free(a->contexts);
	for (size_t i = 0; i < a->n_merged; i++)
		context_free(a->merged[i]);
	free(a->merged);
	for (size_t i = 0; i < a->n_strings; i++)
		free(a->strings[i]);
	free(a->strings);
	for (size_t i = 0; i < a->n_profiles; i++)
		app_profile_free(a->profiles[i]);
	free(a->profiles);
	free(a->status);
	free(a->bulk);
	free(a->bulk_admin);
	free(a->warnings);
	free(a->instance_region);
	free(a->bulk_why);
	free(a->group);
	free(a->pace);
	aws_config_files_unref(a->files);
	journal_close(a->journal);
	free(a);
}

/* Resolves a profile's files (no network) into a shared profile. */
struct profile *app_profile_get(struct app *a, const char *name, struct buf *err)
{
	for (size_t i = 0; i < a->n_profiles; i++)
		if (name && strcmp(a->profiles[i]->name, name) == 0)
			return a->profiles[i];
	struct aws_config cfg;
	struct aws_config_overrides ov = {
		.profile = name ? name : a->opts.profile,
		.region = a->opts.region,
		.endpoint_url = a->opts.endpoint_url,
		.ca_bundle = a->opts.ca_bundle,
	};
	aws_config_init(&cfg);
	enum shtui_status st = app_config_load(a, &cfg, &ov, err);
	if (st != SHTUI_OK) {
		a->out_of_memory |= st == SHTUI_ENOMEM;
		aws_config_done(&cfg);
		return NULL;
	}
	for (size_t i = 0; i < a->n_profiles; i++) {
		if (strcmp(a->profiles[i]->name, cfg.profile) == 0) {
			aws_config_done(&cfg);
			return a->profiles[i];
		}
	}
	if (cfg.warnings && *cfg.warnings) {
		app_status(a, true, "Warning: %s", cfg.warnings);
		add_warnings(a, cfg.warnings);
	}
	struct profile *p = calloc(1, sizeof *p);
	struct profile **list = realloc(a->profiles, (a->n_profiles + 1) * sizeof *list);
	if (!p || !list) {
		free(p);
		if (list)
			a->profiles = list;
		aws_config_done(&cfg);
		out_of_memory(a, err);
		return NULL;
	}
	a->profiles = list;
	p->name = dup0(cfg.profile);
	p->region = cfg.region ? dup0(cfg.region) :
		    a->opts.region || a->opts.regions ? NULL : app_instance_region(a, &cfg);
	p->endpoint_securityhub = dup0(cfg.endpoint_url_securityhub);
	p->endpoint_sts = dup0(cfg.endpoint_url_sts);
	p->use_fips = cfg.use_fips;
	p->use_dualstack = cfg.use_dualstack;
	p->ca_bundle = dup0(cfg.ca_bundle);
	p->max_attempts = cfg.max_attempts;
	p->source = aws_creds_source_new(&cfg);
	aws_config_done(&cfg);
	if (!p->name || !p->source) {
		app_profile_free(p);
		out_of_memory(a, err);
		return NULL;
	}
	a->profiles[a->n_profiles++] = p;
	return p;
}

/* The app's one copy of `s` (see app->strings); NULL when out of memory. */
static const char *intern(struct app *a, const char *s)
{
	size_t lo = 0, hi = a->n_strings;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(a->strings[mid], s);
		if (cmp == 0)
			return a->strings[mid];
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (a->n_strings == a->strings_cap) {
		size_t cap = a->strings_cap ? 2 * a->strings_cap : 32;
		char **more = realloc(a->strings, cap * sizeof *more);
		if (!more)
			return NULL;
		a->strings = more;
		a->strings_cap = cap;
	}
	char *copy = strdup(s);
	if (!copy)
		return NULL;
	memmove(&a->strings[lo + 1], &a->strings[lo], (a->n_strings - lo) * sizeof *a->strings);
	a->strings[lo] = copy;
	a->n_strings++;
	return copy;
}

struct context *app_context(struct app *a, const char *profile, const char *region,
			    struct buf *err)
{
	struct profile *p = app_profile_get(a, profile, err);
	if (!p)
		return NULL;
	if (!region)
		region = a->opts.region ? a->opts.region : p->region;
	if (!region) {
		/* The AWS CLI's words; with several profiles, which one. */
		buf_puts(err, "You must specify a region. You can also configure your region "
			 "by running \"aws configure\".");
		if (a->opts.profiles)
			buf_printf(err, " (profile %s)", p->name);
		return NULL;
	}
	for (size_t i = 0; i < a->n_contexts; i++)
		if (a->contexts[i]->profile == p && strcmp(a->contexts[i]->region, region) == 0)
			return a->contexts[i];

	struct endpoint shub, sts;
	endpoint_init(&shub);
	endpoint_init(&sts);
	struct endpoint_params ep = {
		.region = region,
		.use_fips = p->use_fips && !p->endpoint_securityhub,
		.use_dualstack = p->use_dualstack && !p->endpoint_securityhub,
		.endpoint = p->endpoint_securityhub,
	};
	enum shtui_status st = endpoint_resolve("securityhub", &ep, &shub, err);
	if (st == SHTUI_OK) {
		ep.endpoint = p->endpoint_sts;
		ep.use_fips = p->use_fips && !p->endpoint_sts;
		ep.use_dualstack = p->use_dualstack && !p->endpoint_sts;
		st = endpoint_resolve("sts", &ep, &sts, err);
	}
	if (st != SHTUI_OK) {
		a->out_of_memory |= st == SHTUI_ENOMEM;
		endpoint_done(&shub);
		endpoint_done(&sts);
		return NULL;
	}
	struct context *c = calloc(1, sizeof *c);
	struct context **list = a->contexts;
	if (a->n_contexts == a->contexts_cap) {
		size_t cap = a->contexts_cap ? 2 * a->contexts_cap : 16;
		if ((list = realloc(a->contexts, cap * sizeof *list)) != NULL) {
			a->contexts = list;
			a->contexts_cap = cap;
		}
	}
	if (c) {
		c->profile = p;
		c->region = intern(a, region);
		c->shub_url = shub.url ? intern(a, shub.url) : NULL;
		c->shub_region = intern(a, shub.signing_region ? shub.signing_region : region);
		c->sts_url = sts.url ? intern(a, sts.url) : NULL;
		c->sts_region = sts.signing_region ? intern(a, sts.signing_region) : NULL;
		c->change_in_flight = -1;
	}
	endpoint_done(&shub);
	endpoint_done(&sts);
	if (!c || !list || !c->region || !c->shub_url || !c->shub_region || !c->sts_url ||
	    !c->sts_region) {
		context_free(c);
		out_of_memory(a, err);
		return NULL;
	}
	c->index = a->n_contexts;
	a->contexts[a->n_contexts++] = c;
	return c;
}

static bool submit(struct app *a, struct context *c, struct job *j, int kind, void *user)
{
	if (!j) {
		a->out_of_memory = true;
		app_status(a, true, "out of memory");
		return false;
	}
	j->user = user ? user : c;
	j->user_kind = kind;
	/* Each profile's own retries and trust, as the AWS CLI gives them. */
	j->max_attempts = c->profile->max_attempts;
	if (c->profile->ca_bundle && !(j->ca_bundle = strdup(c->profile->ca_bundle))) {
		job_free(j);
		a->out_of_memory = true;
		app_status(a, true, "out of memory");
		return false;
	}
	uint64_t seq = a->submit(a, j);
	a->changes++;
	if (kind == KIND_CHANGE)
		c->change_seq = seq;
	else if (kind != KIND_IDENTITY)
		c->reads_in_flight++;
	a->reads_out += kind == KIND_HUB || kind == KIND_ADMIN || kind == KIND_INVITATIONS ||
			kind == KIND_READ_CALL;
	a->dirty = true;
	return true;
}

/* Asks STS, once per profile, which account it acts as. */
static void identify(struct app *a, struct context *c)
{
	struct profile *p = c->profile;
	if (p->id_state == ID_LOADING || p->id_state == ID_KNOWN)
		return;
	p->id_state = ID_LOADING;
	submit(a, c, sts_get_caller_identity_new(c->sts_url, c->sts_region, p->source),
	       KIND_IDENTITY, p);
}

/* The administrator and the pending invitations: what every screen shows. */
static void read_membership(struct app *a, struct context *c)
{
	struct shub_params none = { .enable_default_standards = -1 };
	struct aws_creds_source *src = c->profile->source;
	c->admin_state = LOAD_LOADING;
	submit(a, c, shub_job_new(SHUB_GET_ADMINISTRATOR_ACCOUNT, &none, c->shub_url, c->shub_region, src),
	       KIND_ADMIN, NULL);
	c->invs_state = LOAD_LOADING;
	submit(a, c, shub_job_new(SHUB_LIST_INVITATIONS, &none, c->shub_url, c->shub_region, src),
	       KIND_INVITATIONS, NULL);
}

/* A one-shot command's read call (c->call_op, c->call_params), sent. */
static bool make_read_call(struct app *a, struct context *c)
{
	struct aws_creds_source *src = c->profile->source;
	c->call_waiting = false;
	return submit(a, c, c->call_op < 0 ?
		      sts_get_caller_identity_new(c->sts_url, c->sts_region, src) :
		      shub_job_new((enum shub_op)c->call_op, c->call_params, c->shub_url,
				   c->shub_region, src),
		      KIND_READ_CALL, NULL);
}

/* The same, or, when too many read calls are out, queued until there is room. */
static bool send_read_call(struct app *a, struct context *c)
{
	c->call_waiting = true;
	return app_pace_wait(a, c) || make_read_call(a, c);
}

/* Makes the calls of the contexts waiting for room, as far as there is. */
static void pace_pump(struct app *a)
{
	struct context *next;
	while ((next = app_pace_next(a)) != NULL) {
		if (next->call_waiting) {
			make_read_call(a, next);
		} else {
			identify(a, next);
			read_membership(a, next);
		}
	}
}

void app_refresh(struct app *a, struct context *c)
{
	struct shub_params none = { .enable_default_standards = -1 };
	/* A context the fleet read is read the page's way from now on. */
	c->fleet_read = false;
	/* Reading again asks for credentials again, too. */
	aws_creds_source_retry(c->profile->source);
	/* All at once: the page fills as the answers come. */
	identify(a, c);
	c->hub = c->hub == HUB_ENABLED ? HUB_ENABLED : HUB_UNKNOWN;
	submit(a, c, shub_job_new(SHUB_DESCRIBE_HUB, &none, c->shub_url, c->shub_region, c->profile->source),
	       KIND_HUB, NULL);
	read_membership(a, c);
}

int app_in_flight(const struct app *a)
{
	return worker_pending(a->worker) + 2 * (int)app_pace_waiting(a);
}

void app_change_send(struct app *a, struct context *c, struct job *j)
{
	submit(a, c, j, KIND_CHANGE, NULL);
	app_status(a, false, "%s sent in %s.", app_action_name((enum app_action)c->change_act),
		   c->region);
}

/* "Code: Message" for the user, untrusted text left as is (views make it
 * visible), with our hint after it. Heap string. */
static char *describe(const struct job *j, const char *region, const struct profile *p)
{
	struct buf b, hint;
	buf_init(&b);
	buf_init(&hint);
	const struct job_error *e = &j->err;
	if (e->kind == JOB_ERR_SERVICE)
		buf_printf(&b, "%s: %s", e->code ? e->code : "error", e->message ? e->message : "");
	else
		buf_puts(&b, e->message ? e->message : "failed");
	if (shub_error_hint(e, region, &hint) || app_reach_hint(p, e, &hint))
		buf_printf(&b, " (%s)", buf_str(&hint));
	buf_done(&hint);
	return buf_steal(&b);
}

static bool code_is(const struct job *j, const char *code)
{
	return j->err.kind == JOB_ERR_SERVICE && j->err.code && strcmp(j->err.code, code) == 0;
}

/* What a failed read says about the hub in that region. */
static enum hub_state hub_from_error(const struct job *j)
{
	if (code_is(j, "InvalidAccessException") && j->err.message &&
	    strstr(j->err.message, "not subscribed"))
		return HUB_NOT_ENABLED;
	if ((code_is(j, "UnrecognizedClientException") || code_is(j, "InvalidClientTokenId")) &&
	    endpoint_region_opt_in(j->region))
		return HUB_NOT_OPTED_IN;
	if (code_is(j, "AccessDeniedException"))
		return HUB_DENIED;
	return HUB_ERROR;
}

bool app_has_context(const struct app *a, const struct context *c)
{
	return c && c->index < a->n_contexts && a->contexts[c->index] == c;
}

static void apply_identity(struct app *a, struct profile *p, struct job *j)
{
	if (j->err.kind == JOB_ERR_NONE) {
		set_str(&p->account, jstr(j->result, "Account"));
		set_str(&p->arn, jstr(j->result, "Arn"));
		p->id_state = ID_KNOWN;
		free(p->id_error);
		p->id_error = NULL;
		app_reach_merge(a, p);
	} else {
		p->id_state = ID_FAILED;
		free(p->id_error);
		p->id_error = describe(j, j->region ? j->region : "", p);
		note_failure(a, j);
		app_status(a, true, "Cannot tell which account profile %s acts as: %s", p->name,
			   p->id_error ? p->id_error : "");
	}
}

/* Whether a failure is the way's own (app_reach_refused): then why, in
 * c->way_error, for the next way to take over. */
static bool refused(struct app *a, struct context *c, const struct job *j)
{
	if (!app_reach_refused(a, c->profile, j))
		return false;
	if (!c->way_error)
		c->way_error = describe(j, c->region, c->profile);
	return true;
}

static void apply_read(struct app *a, struct context *c, struct job *j)
{
	c->reads_in_flight--;
	a->reads_out--;
	bool ok = j->err.kind == JOB_ERR_NONE;
	switch (j->user_kind) {
	case KIND_HUB:
		free(c->hub_error);
		c->hub_error = ok ? NULL : describe(j, c->region, c->profile);
		c->hub = ok ? HUB_ENABLED : hub_from_error(j);
		break;
	case KIND_ADMIN: {
		free(c->admin_error);
		c->admin_error = ok ? NULL : describe(j, c->region, c->profile);
		c->admin_state = ok ? LOAD_DONE : LOAD_FAILED;
		invitation_done(&c->admin);
		const cJSON *adm = ok ? cJSON_GetObjectItemCaseSensitive(j->result, "Administrator") : NULL;
		if (cJSON_IsObject(adm))
			invitation_from_json(&c->admin, adm);
		break;
	}
	case KIND_INVITATIONS: {
		free(c->invs_error);
		c->invs_error = ok ? NULL : describe(j, c->region, c->profile);
		c->invs_state = ok ? LOAD_DONE : LOAD_FAILED;
		for (size_t i = 0; i < c->n_invs; i++)
			invitation_done(&c->invs[i]);
		free(c->invs);
		c->invs = NULL;
		c->n_invs = 0;
		const cJSON *list = ok ? cJSON_GetObjectItemCaseSensitive(j->result, "Invitations") : NULL;
		int n = cJSON_IsArray(list) ? cJSON_GetArraySize(list) : 0;
		if (n > 0 && (c->invs = calloc((size_t)n, sizeof *c->invs)) != NULL) {
			const cJSON *it;
			cJSON_ArrayForEach(it, list) {
				if (cJSON_IsObject(it))
					invitation_from_json(&c->invs[c->n_invs++], it);
			}
		}
		break;
	}
	}
	if (ok)
		set_str(&c->way_error, NULL);   /* its way works */
	/* A read that finds the hub off says so even before DescribeHub does;
	 * the fleet skips DescribeHub and reads the hub's state from the
	 * other answers. */
	if (!ok && j->user_kind != KIND_HUB && hub_from_error(j) == HUB_NOT_ENABLED)
		c->hub = HUB_NOT_ENABLED;
	if (c->fleet_read && j->user_kind == KIND_INVITATIONS) {
		c->hub = ok ? HUB_ENABLED : hub_from_error(j);
		free(c->hub_error);
		c->hub_error = ok ? NULL : describe(j, c->region, c->profile);
	}
	note_failure(a, j);
	if (!ok && refused(a, c, j))
		app_reach_failover(a, c);
}

/* The outcome of a change, in words, and in the journal. */
static void apply_change(struct app *a, struct context *c, struct job *j)
{
	const char *target = c->change_target ? c->change_target : "";
	struct buf msg;
	buf_init(&msg);
	bool ok = j->err.kind == JOB_ERR_NONE;
	if (ok) {
		const cJSON *un = cJSON_GetObjectItemCaseSensitive(j->result, "UnprocessedAccounts");
		const cJSON *first = cJSON_IsArray(un) ? cJSON_GetArrayItem(un, 0) : NULL;
		if (first) {
			ok = false;
			buf_printf(&msg, "%s in %s was not processed for %s: %s",
				   app_action_name((enum app_action)c->change_act), c->region, target,
				   jstr(first, "ProcessingResult") ? jstr(first, "ProcessingResult") : "");
		} else {
			switch ((enum app_action)c->change_act) {
			case APP_ACCEPT:
				buf_printf(&msg, "Accepted the invitation from %s in %s.", target, c->region);
				break;
			case APP_DECLINE:
				buf_printf(&msg, "Declined the invitation from %s in %s.", target, c->region);
				break;
			case APP_DELETE:
				buf_printf(&msg, "Deleted the invitation from %s in %s.", target, c->region);
				break;
			case APP_DISASSOCIATE:
				buf_printf(&msg, "Disassociated from administrator %s in %s.", target, c->region);
				break;
			case APP_ENABLE:
				buf_printf(&msg, "Enabled Security Hub in %s.", c->region);
				break;
			}
		}
	} else if (j->err.kind == JOB_ERR_UNKNOWN_OUTCOME) {
		/* The request may have reached the service: neither done nor
		 * failed. The page is read again below to show what it says. */
		buf_printf(&msg, "The outcome of %s in %s is unknown (%s); the page was read again "
			   "to show what the service says.",
			   app_action_name((enum app_action)c->change_act), c->region,
			   j->err.message ? j->err.message : "no reply");
	} else {
		char *d = describe(j, c->region, c->profile);
		buf_printf(&msg, "%s failed in %s: %s", app_action_name((enum app_action)c->change_act),
			   c->region, d ? d : "");
		free(d);
	}
	if (j->note)
		buf_printf(&msg, " (%s)", j->note);
	if (j->skew_seconds)
		buf_printf(&msg, " This machine's clock is %ld s off; set it right.",
			   j->skew_seconds < 0 ? -j->skew_seconds : j->skew_seconds);
	struct buf jerr;
	buf_init(&jerr);
	if (a->journal && c->change_id && !journal_outcome_job(a->journal, c->change_id, j, &jerr))
		buf_printf(&msg, " Its outcome could not be journaled: %s.", buf_str(&jerr));
	buf_done(&jerr);
	free(c->change_id);
	c->change_id = NULL;
	free(c->last_result);
	c->last_result = buf_steal(&msg);
	c->last_ok = ok;
	c->change_in_flight = -1;
	app_status(a, !ok, "%s", c->last_result ? c->last_result : "");
	/* The service is the source of truth: read it again; a bulk action
	 * reads its contexts again when the batch is over, so its own calls
	 * go first. A way refused gives way to the next for what comes after;
	 * the change itself is never sent again through another way. */
	bool next_way = !ok && j->err.kind != JOB_ERR_UNKNOWN_OUTCOME && refused(a, c, j);
	if (a->bulk && c->in_bulk)
		c->reread = true;
	else if (next_way && app_reach_failover(a, c))
		;   /* read again through the next way */
	else if (c->fleet_read)
		app_refresh_fleet(a, c);
	else
		app_refresh(a, c);
	if (a->bulk && c->in_bulk) {
		c->in_bulk = false;
		if (ok)
			a->bulk_ok++;
		else
			a->bulk_failed++;
		app_bulk_pump(a);
	}
}

/* A one-shot command's reply: kept whole for the output. */
static void apply_call(struct app *a, struct context *c, struct job *j)
{
	/* A read its way was refused for is asked again through the next. */
	bool next_way = j->err.kind != JOB_ERR_NONE && c->call_params && refused(a, c, j);
	c->call_done = true;
	if (c->call_id) {
		struct buf err;
		buf_init(&err);
		if (a->journal && !journal_outcome_job(a->journal, c->call_id, j, &err))
			app_status(a, true, "The outcome could not be journaled: %s", buf_str(&err));
		buf_done(&err);
		free(c->call_id);
		c->call_id = NULL;
	}
	cJSON_Delete(c->call_result);
	c->call_result = j->result;
	j->result = NULL;
	job_error_clear(&c->call_err);
	c->call_err = j->err;
	memset(&j->err, 0, sizeof j->err);
	if (app_error_is_oom(&c->call_err))
		a->out_of_memory = true;
	free(c->call_note);
	c->call_note = dup0(j->note);
	c->call_skew = j->skew_seconds;
	if (c->call_op >= 0)
		c->call_op = (int)shub_job_op(j);
	if (next_way && app_reach_failover(a, c))
		return;
	if (c->call_err.kind == JOB_ERR_NONE && c->call_result && cJSON_GetObjectItemCaseSensitive(c->call_result, "Arn") &&
	    cJSON_GetObjectItemCaseSensitive(c->call_result, "Account") && c->profile->id_state != ID_KNOWN) {
		set_str(&c->profile->account, jstr(c->call_result, "Account"));
		set_str(&c->profile->arn, jstr(c->call_result, "Arn"));
		c->profile->id_state = ID_KNOWN;
	}
}

/* An answer not shown: sent by a way set aside since, or by a way folded
 * into another context (which a refusal sets aside). A read is no longer
 * counted as out. */
static void not_shown(struct app *a, struct context *c, const struct job *j)
{
	if (j->user_kind <= KIND_INVITATIONS) {   /* KIND_HUB, KIND_ADMIN too */
		c->reads_in_flight--;
		a->reads_out--;
	}
	if (app_reach_folded(a, c) && j->err.kind != JOB_ERR_NONE && !c->set_aside &&
	    j->source == c->profile->source && app_reach_refused(a, c->profile, j))
		c->set_aside = describe(j, c->region, c->profile);
}

void app_apply(struct app *a, struct job *j)
{
	a->dirty = true;
	a->changes++;
	if (j->skew_seconds)
		a->clock_skew = j->skew_seconds;
	if (j->ask != JOB_ASK_NONE) {
		app_apply_ask(a, j);
		return;
	}
	if (a->sso && j->user == a->sso) {
		app_sso_apply(a, j);
		j = NULL;
	} else if (j->user_kind == KIND_IDENTITY) {
		for (size_t i = 0; i < a->n_profiles; i++)
			if (a->profiles[i] == j->user) {
				if (j->err.kind != JOB_ERR_NONE)
					failure_note(&a->profiles[i]->id_failure, j);
				apply_identity(a, j->user, j);
			}
	} else if (!app_has_context(a, j->user) ? app_reach_folded(a, j->user) :
		   j->source != ((struct context *)j->user)->profile->source && j->user_kind != KIND_CHANGE) {
		not_shown(a, j->user, j);
	} else if (app_has_context(a, j->user)) {
		struct context *c = j->user;
		bool call = j->user_kind == KIND_CALL || j->user_kind == KIND_READ_CALL;
		if (j->err.kind != JOB_ERR_NONE && !call)
			failure_note(&c->failure, j);
		a->reads_out -= j->user_kind == KIND_READ_CALL;
		if (j->user_kind == KIND_CHANGE)
			apply_change(a, c, j);
		else if (call)
			apply_call(a, c, j);
		else
			apply_read(a, c, j);
	}
	job_free(j);
	pace_pump(a);
}

void app_identify(struct app *a, struct profile *p)
{
	for (size_t i = 0; i < a->n_contexts; i++) {
		if (a->contexts[i]->profile == p) {
			identify(a, a->contexts[i]);
			return;
		}
	}
}

bool app_call(struct app *a, struct context *c, enum shub_op op, const struct shub_params *p)
{
	c->call_done = false;
	c->call_op = (int)op;
	c->call_again_op = (int)op;
	c->call_params = shub_op_changes_state(op) ? NULL : p;
	if (!shub_op_changes_state(op))
		return send_read_call(a, c);
	struct job *j = shub_job_new(op, p, c->shub_url, c->shub_region, c->profile->source);
	if (!j)
		return submit(a, c, j, KIND_CALL, NULL);
	return app_group_add(a, c, j, p->administrator_id ? p->administrator_id
				    : p->n_account_ids ? p->account_ids[0] : NULL);
}

bool app_send_call(struct app *a, struct context *c, struct job *j)
{
	return submit(a, c, j, KIND_CALL, NULL);
}

bool app_call_identity(struct app *a, struct context *c)
{
	c->call_done = false;
	c->call_op = -1;
	c->call_params = NULL;
	return send_read_call(a, c);
}

void app_wait(struct app *a, bool (*done)(struct app *a))
{
	struct pollfd pfd = { .fd = worker_wake_fd(a->worker), .events = POLLIN };
	for (;;) {
		struct job *j;
		while ((j = worker_take(a->worker)) != NULL)
			app_apply(a, j);
		if (done(a))
			return;
		if (poll(&pfd, 1, -1) < 0 && errno != EINTR)
			return;
	}
}

/* Nothing in flight, and nothing left waiting for room. */
static bool all_answered(struct app *a)
{
	if (worker_pending(a->worker) == 0)
		pace_pump(a);
	return worker_pending(a->worker) == 0;
}

void app_wait_all(struct app *a)
{
	app_wait(a, all_answered);
}

void app_refresh_fleet(struct app *a, struct context *c)
{
	c->fleet_read = true;
	aws_creds_source_retry(c->profile->source);
	if (app_pace_wait(a, c))
		return;
	identify(a, c);
	read_membership(a, c);
}
