/* SPDX-License-Identifier: Apache-2.0 */
/* app_reach.c: accounts reached without a profile of their own (a role assumed in each), and one context per account and region however many ways reach it. */
#include "config.h"

#include "app_reach.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <poll.h>

#include "app.h"
#include "endpoint.h"

void app_reach_accounts_free(struct app_reach_account *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(list[i].id);
		free(list[i].name);
	}
	free(list);
}

static bool is_account_id(const char *s, size_t n)
{
	if (n != 12)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* One CSV field, blanks and double quotes around it dropped. */
static char *field(const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
		s++;
		n -= 2;
	}
	return strndup(s, n);
}

/* Adds `id` (and `name`) unless the list has it; false when out of memory. */
static bool add(struct app_reach_account **list, size_t *n, char *id, char *name)
{
	for (size_t i = 0; i < *n; i++) {
		if (strcmp((*list)[i].id, id) == 0) {
			if (!(*list)[i].name && name) {
				(*list)[i].name = name;
				name = NULL;
			}
			free(id);
			free(name);
			return true;
		}
	}
	struct app_reach_account *l = realloc(*list, (*n + 1) * sizeof *l);
	if (!l) {
		free(id);
		free(name);
		return false;
	}
	*list = l;
	l[(*n)++] = (struct app_reach_account){ id, name };
	return true;
}

/* One line of an accounts file; `first` is true for the first line with
 * data, which may be a header. */
static enum shtui_status read_line(const char *line, const char *file, size_t lineno,
				   bool first, struct app_reach_account **list, size_t *n,
				   struct buf *err)
{
	size_t len = strcspn(line, ",");
	char *id = field(line, len);
	char *name = line[len] ? field(line + len + 1, strcspn(line + len + 1, ",")) : NULL;
	if (!id || (line[len] && !name)) {
		free(id);
		free(name);
		return SHTUI_ENOMEM;
	}
	if (!is_account_id(id, strlen(id))) {
		bool header = first && !strpbrk(id, "0123456789");
		if (!header) {
			buf_printf(err, "%s:%zu: '%s' is not an account ID (12 digits)", file, lineno, id);
		}
		free(id);
		free(name);
		return header ? SHTUI_OK : SHTUI_EINVAL;
	}
	if (name && !*name) {
		free(name);
		name = NULL;
	}
	return add(list, n, id, name) ? SHTUI_OK : SHTUI_ENOMEM;
}

static enum shtui_status read_file(const char *file, struct app_reach_account **list, size_t *n,
				   struct buf *err)
{
	FILE *f = fopen(file, "r");
	if (!f) {
		buf_printf(err, "cannot read the accounts file %s: %s", file, strerror(errno));
		return SHTUI_EIO;
	}
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	bool first = true;
	enum shtui_status st = SHTUI_OK;
	while (st == SHTUI_OK && getline(&line, &cap, f) >= 0) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		const char *p = line;
		if (lineno == 1 && strncmp(p, "\xef\xbb\xbf", 3) == 0)
			p += 3;   /* a spreadsheet's byte order mark */
		while (isspace((unsigned char)*p))
			p++;
		if (!*p || *p == '#')
			continue;
		st = read_line(p, file, lineno, first, list, n, err);
		first = false;
	}
	if (st == SHTUI_OK && ferror(f)) {
		buf_printf(err, "cannot read the accounts file %s: %s", file, strerror(errno));
		st = SHTUI_EIO;
	}
	free(line);
	fclose(f);
	if (st == SHTUI_OK && *n == 0) {
		buf_printf(err, "the accounts file %s lists no account", file);
		st = SHTUI_EINVAL;
	}
	return st;
}

enum shtui_status app_reach_accounts_read(const char *spec, struct app_reach_account **out,
					  size_t *n, struct buf *err)
{
	struct app_reach_account *list = NULL;
	size_t count = 0;
	enum shtui_status st = SHTUI_OK;
	if (spec[0] == '@') {
		st = read_file(spec + 1, &list, &count, err);
	} else {
		for (const char *p = spec; st == SHTUI_OK;) {
			size_t len = strcspn(p, ",");
			if (!is_account_id(p, len)) {
				buf_printf(err, "--accounts takes account IDs (12 digits) separated by "
					   "commas, or @FILE, not '%s'", spec);
				st = SHTUI_EINVAL;
				break;
			}
			char *id = strndup(p, len);
			if (!id || !add(&list, &count, id, NULL))
				st = SHTUI_ENOMEM;
			if (!p[len])
				break;
			p += len + 1;
		}
	}
	if (st == SHTUI_ENOMEM)
		buf_puts(err, shtui_status_str(st));
	if (st != SHTUI_OK) {
		app_reach_accounts_free(list, count);
		list = NULL;
		count = 0;
	}
	*out = list;
	*n = count;
	return st;
}

char *app_reach_role_arn(const char *account, const char *region, const char *path,
			 const char *name)
{
	const struct endpoint_partition *part = endpoint_partition_of(region);
	const char *pid = part ? part->id : "aws";
	/* IAM paths begin and end with "/"; "/" alone is none. */
	if (!path)
		path = "/";
	size_t plen = strlen(path);
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "arn:%s:iam::%s:role%s%s%s", pid, account, path[0] == '/' ? "" : "/", path,
		   plen && path[plen - 1] == '/' ? "" : "/");
	buf_puts(&b, name);
	if (buf_failed(&b)) {
		buf_done(&b);
		return NULL;
	}
	return buf_steal(&b);
}

/* The region the role ARNs' partition comes from: --region, the first of
 * --regions, the base profile's, else us-east-1. */
static const char *home_region(const struct app *a, const struct profile *base, char *tmp,
			       size_t size)
{
	if (a->opts.region)
		return a->opts.region;
	if (a->opts.regions && strcmp(a->opts.regions, "all") != 0) {
		snprintf(tmp, size, "%.*s", (int)strcspn(a->opts.regions, ","), a->opts.regions);
		return tmp;
	}
	return base->region ? base->region : "us-east-1";
}

static char *dup0(const char *s)
{
	return s ? strdup(s) : NULL;
}

struct profile *app_reach_way_new(const struct profile *base, const struct app_reach_account *acct,
				  char *name)
{
	struct profile *p = calloc(1, sizeof *p);
	if (!p) {
		free(name);
		return NULL;
	}
	p->name = name;
	p->account = strdup(acct->id);
	p->account_name = dup0(acct->name);
	p->region = dup0(base->region);
	p->endpoint_securityhub = dup0(base->endpoint_securityhub);
	p->endpoint_sts = dup0(base->endpoint_sts);
	p->ca_bundle = dup0(base->ca_bundle);
	p->use_fips = base->use_fips;
	p->use_dualstack = base->use_dualstack;
	p->max_attempts = base->max_attempts;
	/* The account is the one named; STS need not be asked which. */
	p->id_state = ID_KNOWN;
	p->declared = true;
	if (!p->name || !p->account || (acct->name && !p->account_name) ||
	    (base->region && !p->region) || (base->endpoint_securityhub && !p->endpoint_securityhub) ||
	    (base->endpoint_sts && !p->endpoint_sts) || (base->ca_bundle && !p->ca_bundle)) {
		app_profile_free(p);
		return NULL;
	}
	return p;
}

/* The way to reach `acct` by the role, over the base profile. */
static struct profile *role_way(struct app *a, struct profile *base,
				const struct app_reach_account *acct, const char *region)
{
	char *arn = app_reach_role_arn(acct->id, region, a->opts.role_path, a->opts.role_name);
	struct profile *p = arn ? app_reach_way_new(base, acct, strdup(arn)) : NULL;
	if (p) {
		p->role_arn = arn;
		arn = NULL;
		struct aws_creds_role role = {
			.role_arn = p->role_arn,
			.role_session_name = a->opts.role_session_name,
			.external_id = a->opts.external_id,
			.duration_seconds = a->opts.duration_seconds,
		};
		if (!(p->source = aws_creds_source_new_role(base->source, &role))) {
			app_profile_free(p);
			p = NULL;
		}
	}
	free(arn);
	return p;
}

bool app_reach_add_way(struct app *a, struct profile *p, struct buf *err)
{
	struct profile **l = p ? realloc(a->profiles, (a->n_profiles + 1) * sizeof *l) : NULL;
	if (!l) {
		app_profile_free(p);
		a->out_of_memory = true;
		buf_puts(err, "out of memory\n");
		return false;
	}
	a->profiles = l;
	a->profiles[a->n_profiles++] = p;
	app_expand_regions(a, p, err);
	return true;
}

/* Marks the jobs app_run_jobs waits for itself. */
static char own_tag;

void app_run_jobs(struct app *a, struct job **jobs, size_t n)
{
	size_t left = 0;
	for (size_t i = 0; i < n; i++) {
		struct job *j = jobs[i];
		if (!j)
			continue;
		jobs[i] = NULL;
		j->user = &own_tag;
		j->user_kind = (int)i;
		a->submit(a, j);
		left++;
	}
	struct pollfd pfd = { .fd = worker_wake_fd(a->worker), .events = POLLIN };
	while (left) {
		struct job *j = worker_take(a->worker);
		if (!j) {
			if (poll(&pfd, 1, -1) < 0 && errno != EINTR)
				return;
			continue;
		}
		if (j->user == &own_tag) {
			jobs[j->user_kind] = j;
			left--;
		} else {
			app_apply(a, j);
		}
	}
}

void app_reach_expand(struct app *a, struct buf *err)
{
	struct buf e;
	buf_init(&e);
	struct app_reach_account *list = NULL;
	size_t n = 0;
	struct profile *base = app_profile_get(a, NULL, &e);
	if (base && !a->opts.region && !a->opts.regions && !base->region) {
		/* The AWS CLI's words, once rather than once per account. */
		buf_printf(err, "You must specify a region. You can also configure your region by "
			   "running \"aws configure\". (profile %s)\n", base->name);
	} else if (base && a->opts.sso_accounts) {
		app_sso_start(a, base, err);
	} else if (!base) {
		buf_printf(err, "%s\n", buf_str(&e));
	} else if (app_reach_accounts_read(a->opts.accounts, &list, &n, &e) != SHTUI_OK) {
		a->out_of_memory |= buf_failed(&e);
		buf_printf(err, "%s\n", buf_str(&e));
	}
	char tmp[64];
	const char *region = base ? home_region(a, base, tmp, sizeof tmp) : NULL;
	for (size_t i = 0; i < n && app_reach_add_way(a, role_way(a, base, &list[i], region), err); i++)
		;
	app_reach_accounts_free(list, n);
	buf_done(&e);
}

/* Names the other ways in c->also, ", " between; false when out of memory. */
static bool name_ways(struct context *c)
{
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < c->n_ways; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", c->ways[i]->profile->name);
	if (buf_failed(&b)) {
		buf_done(&b);
		return false;
	}
	free(c->also);
	c->also = NULL;
	if (c->n_ways)
		c->also = buf_steal(&b);
	buf_done(&b);
	return true;
}

/* Moves `gone` out of the contexts into keep's ways (with the ways folded
 * into it), set aside when its own way was refused. */
static bool fold(struct app *a, struct context *keep, struct context *gone)
{
	struct context **m = realloc(a->merged, (a->n_merged + 1) * sizeof *m);
	if (!m)
		return false;
	a->merged = m;
	struct context **w = realloc(keep->ways, (keep->n_ways + 1 + gone->n_ways) * sizeof *w);
	if (!w)
		return false;
	keep->ways = w;
	if (gone->way_error && !gone->set_aside) {
		gone->set_aside = gone->way_error;
		gone->way_error = NULL;
	}
	keep->ways[keep->n_ways++] = gone;
	for (size_t i = 0; i < gone->n_ways; i++)
		keep->ways[keep->n_ways++] = gone->ways[i];
	free(gone->ways);
	gone->ways = NULL;
	gone->n_ways = 0;
	free(gone->also);
	gone->also = NULL;
	bool named = name_ways(keep);
	size_t k = 0;
	for (size_t i = 0; i < a->n_contexts; i++)
		if (a->contexts[i] != gone) {
			a->contexts[k] = a->contexts[i];
			a->contexts[k]->index = k;   /* its place, for finding it in O(1) */
			k++;
		}
	a->n_contexts = k;
	gone->index = a->n_merged;           /* its place among the folded */
	a->merged[a->n_merged++] = gone;
	a->dirty = true;
	return named;
}

/* A change is under way or queued for it: it stays as it is. */
static bool busy(const struct app *a, const struct context *c)
{
	for (size_t i = a->bulk_next; i < a->n_bulk; i++)
		if (a->bulk[i] == c)
			return true;
	return c->change_in_flight >= 0 || c->bulk_job || c->in_bulk ||
	       (c->call_id && !c->call_done);
}

#define SWAP(type, x, y) do { type t_ = (x); (x) = (y); (y) = t_; } while (0)

bool app_reach_failover(struct app *a, struct context *c)
{
	size_t at = 0;
	while (at < c->n_ways && c->ways[at]->set_aside)
		at++;
	if (!c->way_error || at == c->n_ways || busy(a, c))
		return false;
	struct context *next = c->ways[at];
	/* The ways trade places; the row (what the screens point at) stays. */
	SWAP(struct profile *, c->profile, next->profile);
	SWAP(const char *, c->shub_url, next->shub_url);
	SWAP(const char *, c->shub_region, next->shub_region);
	SWAP(const char *, c->sts_url, next->sts_url);
	SWAP(const char *, c->sts_region, next->sts_region);
	SWAP(struct failure, c->failure, next->failure);
	free(next->way_error);
	next->way_error = NULL;
	next->set_aside = c->way_error;
	c->way_error = NULL;
	/* Those standing by first: the one set aside goes last. */
	memmove(c->ways + at, c->ways + at + 1, (c->n_ways - at - 1) * sizeof *c->ways);
	c->ways[c->n_ways - 1] = next;
	if (!name_ways(c))
		a->out_of_memory = true;
	/* What the way set aside was told says nothing of this one. */
	c->hub = HUB_UNKNOWN;
	free(c->hub_error);
	c->hub_error = NULL;
	app_status(a, false, "%s in %s: %s acts now, %s was refused.",
		   c->profile->account ? c->profile->account : "", c->region, c->profile->name,
		   next->profile->name);
	if (c->call_params)
		app_call(a, c, (enum shub_op)c->call_again_op, c->call_params);
	else if (c->fleet_read)
		app_refresh_fleet(a, c);
	else
		app_refresh(a, c);
	return true;
}

bool app_reach_folded(const struct app *a, const struct context *c)
{
	return c && c->index < a->n_merged && a->merged[c->index] == c;
}

static bool unrecognised(const char *code)
{
	return code && (strcmp(code, "UnrecognizedClientException") == 0 ||
			strcmp(code, "InvalidClientTokenId") == 0);
}

/* `p`'s key is known bad: its contexts that took the same answer in an
 * opt-in region (where the region could have been why) give way too. */
static void refused_everywhere(struct app *a, const struct profile *p)
{
	for (size_t i = 0; i < a->n_contexts; i++) {
		struct context *c = a->contexts[i];
		const char *why = c->hub == HUB_NOT_OPTED_IN ? c->hub_error :
				  c->call_done && c->call_params && unrecognised(c->call_err.code) ?
				  c->call_err.message : NULL;
		if (c->profile != p || !why || c->way_error || !c->n_ways)
			continue;
		if (!(c->way_error = strdup(why)))
			a->out_of_memory = true;
		else
			app_reach_failover(a, c);
	}
}

bool app_reach_refused(struct app *a, struct profile *p, const struct job *j)
{
	const struct job_error *e = &j->err;
	if (e->kind == JOB_ERR_CONFIG)   /* its credentials could not be had */
		return !app_error_is_oom(e);
	if (e->kind != JOB_ERR_SERVICE || !e->code)
		return false;
	const char *code = e->code, *msg = e->message ? e->message : "";
	if (unrecognised(code)) {
		/* In an opt-in region the region may be why, for every way;
		 * elsewhere it is the key. */
		if (j->region && endpoint_region_opt_in(j->region))
			return p->refused;
		if (!p->refused) {
			p->refused = true;
			refused_everywhere(a, p);
		}
		return true;
	}
	if (strcmp(code, "AccessDeniedException") == 0 || strcmp(code, "AccessDenied") == 0)
		return !strstr(msg, "service control policy");   /* an SCP is the account's */
	if (strcmp(code, "InvalidSignatureException") == 0 ||
	    strcmp(code, "SignatureDoesNotMatch") == 0)   /* a clock that is off is the machine's */
		return !strstr(msg, "Signature expired") && !strstr(msg, "not yet current");
	return strcmp(code, "ExpiredTokenException") == 0 || strcmp(code, "ExpiredToken") == 0 ||
	       strcmp(code, "MissingAuthenticationTokenException") == 0;
}

void app_reach_merge(struct app *a, struct profile *p)
{
	if (!p->account)
		return;
	for (size_t i = 0; i < a->n_contexts; i++) {
		struct context *c = a->contexts[i];
		if (c->profile != p)
			continue;
		for (size_t k = 0; k < a->n_contexts; k++) {
			struct context *o = a->contexts[k];
			if (o->profile == p || !o->profile->account || o->profile->id_state != ID_KNOWN ||
			    strcmp(o->profile->account, p->account) != 0 ||
			    strcmp(o->region, c->region) != 0 || busy(a, o) || busy(a, c))
				continue;
			/* A profile whose identity answered has shown it works; a
			 * role only names its account. A way already refused
			 * gives way below. */
			bool keep_o = !o->profile->declared;
			struct context *keep = keep_o ? o : c, *gone = keep_o ? c : o;
			if (!keep->profile->account_name && gone->profile->account_name)
				keep->profile->account_name = strdup(gone->profile->account_name);
			if (!fold(a, keep, gone)) {
				a->out_of_memory = true;
				return;
			}
			app_reach_failover(a, keep);
			/* The list shifted: look at this place again. */
			i = (size_t)-1;
			break;
		}
	}
}

bool app_reach_is_account_id(const char *s)
{
	return is_account_id(s, strlen(s));
}

bool app_reach_hint(const struct profile *p, const struct job_error *e, struct buf *hint)
{
	if (p->unusable && e->kind == JOB_ERR_CONFIG) {
		buf_puts(hint, p->unusable);
		return true;
	}
	if (!p->role_arn || e->kind != JOB_ERR_CONFIG || !e->message ||
	    !strstr(e->message, "AssumeRole operation"))
		return false;
	if (strstr(e->message, "DurationSeconds exceeds"))
		buf_printf(hint, "The role %s allows shorter sessions than --duration-seconds asks "
			   "for: ask for less, or raise the role's maximum session duration.",
			   p->role_arn);
	else if (strstr(e->message, "(AccessDenied)"))
		buf_printf(hint, "The role %s cannot be assumed: its trust policy does not trust "
			   "the base credentials, or the role does not exist in account %s.",
			   p->role_arn, p->account ? p->account : "");
	else
		buf_printf(hint, "The role %s could not be assumed with the base credentials.",
			   p->role_arn);
	return true;
}
