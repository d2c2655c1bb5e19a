/* SPDX-License-Identifier: Apache-2.0 */
/* aws_creds.c: credential sources: which way each resolves, single-flight state, the keys they keep and when those are stale. */
#include "config.h"

#include "aws_creds.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "creds/creds.h"

void aws_creds_init(struct aws_creds *c)
{
	memset(c, 0, sizeof *c);
}

void aws_creds_done(struct aws_creds *c)
{
	buf_free_secret(c->access_key_id);
	buf_free_secret(c->secret_access_key);
	buf_free_secret(c->session_token);
	aws_creds_init(c);
}

enum shtui_status aws_creds_copy(const struct aws_creds *from, struct aws_creds *to)
{
	struct buf err;
	buf_init(&err);
	aws_creds_init(to);
	enum shtui_status st = creds_fill(to, from->access_key_id, from->secret_access_key,
					  from->session_token, &err);
	buf_done(&err);
	to->expiration = from->expiration;
	to->source = from->source;
	return st;
}

/* A profile's settings, shared by a source and the sources made from it;
 * the files they read are shared further, by every profile of the run
 * (cfg.files). */
struct shared_config {
	pthread_mutex_t lock;
	int refs;
	struct aws_config cfg;
};

/* How a source resolves. */
enum source_kind {
	SOURCE_CHAIN,        /* the whole chain for its profile */
	SOURCE_PROFILE,      /* a source_profile: its own links or its role */
	SOURCE_ENV,          /* credential_source = Environment */
	SOURCE_CONTAINER,    /* credential_source = EcsContainer */
	SOURCE_IMDS,         /* credential_source = Ec2InstanceMetadata */
	SOURCE_STATIC,       /* keys given when it was made */
	SOURCE_ROLE,         /* a role assumed with another source's keys */
	SOURCE_SSO_ROLE,     /* a role of an account through the SSO session's portal */
};

struct aws_creds_source {
	pthread_mutex_t lock;       /* guards refs, creds, have */
	int refs;
	enum source_kind kind;
	struct shared_config *shared;
	struct aws_config cfg;      /* shared->cfg, or a view of it through `profile` */
	char *profile;              /* a view's profile name */
	char **visited;             /* profiles seen before this one (source_profile chains) */
	size_t n_visited;
	struct aws_creds creds;
	bool have;
	char *failure;              /* why the last resolution failed, until a retry */

	/* Worker thread only. */
	bool busy;
	struct aws_creds_source *child;  /* where a role's source keys come from */
	char *role_arn;                  /* SOURCE_ROLE */
	char *role_session_name;
	char *external_id;
	int duration_seconds;
	char *account;                   /* SOURCE_SSO_ROLE, whose role is role_arn's name */
};

static void shared_unref(struct shared_config *sh)
{
	if (!sh)
		return;
	pthread_mutex_lock(&sh->lock);
	bool last = --sh->refs == 0;
	pthread_mutex_unlock(&sh->lock);
	if (!last)
		return;
	aws_config_done(&sh->cfg);
	pthread_mutex_destroy(&sh->lock);
	free(sh);
}

static struct aws_creds_source *source_alloc(enum source_kind kind)
{
	struct aws_creds_source *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	pthread_mutex_init(&s->lock, NULL);
	s->refs = 1;
	s->kind = kind;
	aws_config_init(&s->cfg);
	aws_creds_init(&s->creds);
	return s;
}

struct aws_creds_source *aws_creds_source_new(struct aws_config *cfg)
{
	struct shared_config *sh = calloc(1, sizeof *sh);
	struct aws_creds_source *s = sh ? source_alloc(SOURCE_CHAIN) : NULL;
	if (!s) {
		free(sh);
		return NULL;
	}
	pthread_mutex_init(&sh->lock, NULL);
	sh->refs = 1;
	sh->cfg = *cfg;
	aws_config_init(cfg);
	s->shared = sh;
	s->cfg = sh->cfg;   /* borrowed: shared_unref frees it */
	return s;
}

struct aws_creds_source *aws_creds_source_new_static(const char *access_key_id,
						     const char *secret_access_key,
						     const char *session_token)
{
	struct aws_creds_source *s = source_alloc(SOURCE_STATIC);
	if (!s)
		return NULL;
	struct buf err;
	buf_init(&err);
	enum shtui_status st = creds_fill(&s->creds, access_key_id, secret_access_key,
					  session_token, &err);
	buf_done(&err);
	if (st != SHTUI_OK) {
		aws_creds_source_unref(s);
		return NULL;
	}
	s->creds.source = "static";
	s->have = true;
	return s;
}

/* `s` sees the files, region and endpoints of `base`. */
static void share_config(struct aws_creds_source *s, struct aws_creds_source *base)
{
	if (base->shared) {
		pthread_mutex_lock(&base->shared->lock);
		base->shared->refs++;
		pthread_mutex_unlock(&base->shared->lock);
		s->shared = base->shared;
		s->cfg = base->cfg;
	}
}

struct aws_creds_source *aws_creds_source_new_role(struct aws_creds_source *base,
						   const struct aws_creds_role *role)
{
	struct aws_creds_source *s = source_alloc(SOURCE_ROLE);
	if (!s)
		return NULL;
	s->child = aws_creds_source_ref(base);
	s->role_arn = strdup(role->role_arn);
	s->role_session_name = role->role_session_name ? strdup(role->role_session_name) : NULL;
	s->external_id = role->external_id ? strdup(role->external_id) : NULL;
	s->duration_seconds = role->duration_seconds;
	/* Its STS endpoint, region and CA bundle are the base's. */
	share_config(s, base);
	if (!s->role_arn || (role->role_session_name && !s->role_session_name) ||
	    (role->external_id && !s->external_id)) {
		aws_creds_source_unref(s);
		return NULL;
	}
	return s;
}

struct aws_creds_source *aws_creds_source_new_sso_role(struct aws_creds_source *base,
						       const char *account, const char *role)
{
	struct aws_creds_source *s = source_alloc(SOURCE_SSO_ROLE);
	if (!s)
		return NULL;
	s->account = strdup(account);
	s->role_arn = role ? strdup(role) : NULL;
	share_config(s, base);
	if (!s->account || (role && !s->role_arn)) {
		aws_creds_source_unref(s);
		return NULL;
	}
	return s;
}

struct aws_creds_source *aws_creds_source_child(struct aws_creds_source *owner,
						const char *profile, const char *kind,
						const char *const *visited, size_t n_visited,
						struct buf *err)
{
	if (owner->child)
		return owner->child;
	enum source_kind k = SOURCE_PROFILE;
	if (!profile)
		k = strcmp(kind, "Environment") == 0 ? SOURCE_ENV :
		    strcmp(kind, "EcsContainer") == 0 ? SOURCE_CONTAINER : SOURCE_IMDS;
	struct aws_creds_source *c = source_alloc(k);
	bool ok = c != NULL;
	if (ok && owner->shared) {
		pthread_mutex_lock(&owner->shared->lock);
		owner->shared->refs++;
		pthread_mutex_unlock(&owner->shared->lock);
		c->shared = owner->shared;
		c->cfg = owner->cfg;
	}
	if (ok && profile) {
		ok = (c->profile = strdup(profile)) != NULL &&
		     (c->visited = calloc(n_visited + 1, sizeof *c->visited)) != NULL;
		for (size_t i = 0; ok && i < n_visited; i++)
			ok = (c->visited[c->n_visited++] = strdup(visited[i])) != NULL;
		if (ok) {
			/* The same files, region and endpoints, as botocore's session
			 * keeps them, seen through the source profile. */
			c->cfg.profile = c->profile;
			c->cfg.profile_explicit = true;  /* never the environment's keys */
			c->cfg.profile_config = aws_config_profile_section(&c->cfg, profile);
			c->cfg.profile_credentials = aws_config_credentials_section(&c->cfg, profile);
		}
	}
	if (!ok) {
		aws_creds_source_unref(c);
		buf_puts(err, shtui_status_str(SHTUI_ENOMEM));
		return NULL;
	}
	pthread_mutex_lock(&owner->lock);
	owner->child = c;
	pthread_mutex_unlock(&owner->lock);
	return c;
}

struct aws_creds_source *aws_creds_source_ref(struct aws_creds_source *s)
{
	if (!s)
		return NULL;
	pthread_mutex_lock(&s->lock);
	s->refs++;
	pthread_mutex_unlock(&s->lock);
	return s;
}

void aws_creds_source_unref(struct aws_creds_source *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	bool last = --s->refs == 0;
	pthread_mutex_unlock(&s->lock);
	if (!last)
		return;
	aws_creds_done(&s->creds);
	free(s->failure);
	aws_creds_source_unref(s->child);
	shared_unref(s->shared);
	for (size_t i = 0; i < s->n_visited; i++)
		free(s->visited[i]);
	free(s->visited);
	free(s->profile);
	free(s->role_arn);
	free(s->role_session_name);
	free(s->external_id);
	free(s->account);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

bool aws_creds_source_peek(struct aws_creds_source *s, time_t now, struct aws_creds *out)
{
	bool ok = false;
	pthread_mutex_lock(&s->lock);
	if (s->have && (s->creds.expiration == 0 ||
			s->creds.expiration - now > AWS_CREDS_REFRESH_MARGIN))
		ok = aws_creds_copy(&s->creds, out) == SHTUI_OK;
	pthread_mutex_unlock(&s->lock);
	return ok;
}

void aws_creds_source_invalidate(struct aws_creds_source *s)
{
	pthread_mutex_lock(&s->lock);
	if (s->kind != SOURCE_STATIC)
		s->have = false;
	free(s->failure);
	s->failure = NULL;
	pthread_mutex_unlock(&s->lock);
}

char *aws_creds_source_failure(struct aws_creds_source *s)
{
	pthread_mutex_lock(&s->lock);
	char *why = s->failure ? strdup(s->failure) : NULL;
	pthread_mutex_unlock(&s->lock);
	return why;
}

void aws_creds_source_retry(struct aws_creds_source *s)
{
	while (s) {
		pthread_mutex_lock(&s->lock);
		free(s->failure);
		s->failure = NULL;
		struct aws_creds_source *next = s->child;
		pthread_mutex_unlock(&s->lock);
		s = next;
	}
}

const char *aws_creds_source_profile(const struct aws_creds_source *s)
{
	if (s->kind == SOURCE_ROLE)
		return s->role_arn;
	if (s->kind == SOURCE_STATIC)
		return "static keys";
	return s->cfg.profile ? s->cfg.profile : "default";
}

const struct aws_config *aws_creds_source_config(const struct aws_creds_source *s)
{
	return &s->cfg;
}

bool aws_creds_source_busy(const struct aws_creds_source *s)
{
	return s->busy;
}

void aws_creds_source_set_busy(struct aws_creds_source *s, bool busy)
{
	s->busy = busy;
}

enum shtui_status aws_creds_source_begin(struct aws_creds_source *s, struct aws_creds *out,
					 struct job **fetch, struct buf *err)
{
	*fetch = NULL;
	aws_creds_done(out);
	if (s->kind == SOURCE_STATIC) {
		pthread_mutex_lock(&s->lock);
		enum shtui_status st = aws_creds_copy(&s->creds, out);
		pthread_mutex_unlock(&s->lock);
		if (st != SHTUI_OK)
			buf_puts(err, shtui_status_str(st));
		return st;
	}
	const char *top = s->cfg.profile ? s->cfg.profile : "default";
	const char *const *visited = (const char *const *)s->visited;
	size_t n_visited = s->n_visited;
	const char *self[1] = { top };
	if (s->kind == SOURCE_CHAIN) {
		visited = self;
		n_visited = 1;
	}
	struct creds_chain ch = {
		.owner = s,
		.visited = visited,
		.n_visited = n_visited,
		.nested = s->kind != SOURCE_CHAIN,
	};
	buf_init(&ch.looked);
	enum shtui_status st;
	switch (s->kind) {
	case SOURCE_CHAIN:
		st = creds_chain_walk(&ch, &s->cfg, out, fetch, err);
		break;
	case SOURCE_PROFILE:
		st = creds_chain_source_profile(&ch, &s->cfg, out, fetch, err);
		break;
	case SOURCE_ENV:
		st = creds_files_env_keys(out, err);
		break;
	case SOURCE_CONTAINER:
		st = creds_metadata_container(&ch, &s->cfg, out, fetch, err);
		break;
	case SOURCE_IMDS:
		st = creds_metadata_imds(&ch, &s->cfg, out, fetch, err);
		break;
	case SOURCE_ROLE:
		st = creds_role_assume(s->role_arn, s->role_session_name, s->external_id,
				       s->duration_seconds, &s->cfg, s->child, fetch, err);
		break;
	case SOURCE_SSO_ROLE:
		st = SHTUI_ECONFIG;
		if (s->role_arn)
			st = creds_sso_role_job(&s->cfg, s->account, s->role_arn, fetch, err);
		else
			buf_printf(err, "No role was chosen for account %s of the SSO session.",
				   s->account);
		break;
	default:
		st = SHTUI_EINVAL;
		break;
	}
	if (st == SHTUI_ENOCREDS && s->kind != SOURCE_CHAIN) {
		/* A credential_source that has nothing is the role's error. */
		static const char *const names[] = {
			[SOURCE_ENV] = "Environment", [SOURCE_CONTAINER] = "EcsContainer",
			[SOURCE_IMDS] = "Ec2InstanceMetadata",
		};
		const char *name = (size_t)s->kind < sizeof names / sizeof names[0] && names[s->kind]
					   ? names[s->kind] : top;
		buf_printf(err, "Error when retrieving credentials from %s: No credentials found in "
			   "credential_source referenced in profile %s", name, top);
		st = SHTUI_ECONFIG;
	}
	buf_done(&ch.looked);
	return st;
}

enum shtui_status aws_creds_source_end(struct aws_creds_source *s, const struct aws_creds *got,
				       const char *why, struct buf *err)
{
	time_t now = time(NULL);
	enum shtui_status st = SHTUI_OK;
	if (got && got->expiration != 0 && got->expiration <= now) {
		/* botocore's words; using them would only fail at the service,
		 * and refreshing again at once would loop. */
		if (err)
			buf_printf(err, "Credentials were refreshed, but the refreshed credentials are "
				   "still expired (the %s credentials expired %lld s ago).",
				   got->source ? got->source : "new", (long long)(now - got->expiration));
		got = NULL;
		st = SHTUI_ECONFIG;
	}
	pthread_mutex_lock(&s->lock);
	aws_creds_done(&s->creds);
	s->have = false;
	free(s->failure);
	s->failure = NULL;
	if (!got && (why || (err && err->len)))
		s->failure = strdup(why ? why : buf_str(err));
	if (got) {
		st = aws_creds_copy(got, &s->creds);
		s->have = st == SHTUI_OK;
		if (st != SHTUI_OK && err)
			buf_puts(err, shtui_status_str(st));
	}
	pthread_mutex_unlock(&s->lock);
	return st;
}
