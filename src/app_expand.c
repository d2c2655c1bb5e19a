/* SPDX-License-Identifier: Apache-2.0 */
/* app_expand.c: which profiles and contexts a run has: the config files read once for all its profiles, the profiles --profiles matches, and each profile's regions. */
#include "config.h"

#include "app.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

enum shtui_status app_config_load(struct app *a, struct aws_config *cfg,
				  const struct aws_config_overrides *ov, struct buf *err)
{
	if (a->files && !aws_config_files_fresh(a->files)) {
		aws_config_files_unref(a->files);
		a->files = NULL;
	}
	if (!a->files && !(a->files = aws_config_files_read())) {
		a->out_of_memory = true;
		buf_puts(err, shtui_status_str(SHTUI_ENOMEM));
		return SHTUI_ENOMEM;
	}
	return aws_config_load_files(cfg, ov, a->files, err);
}

enum shtui_status app_list_profiles(struct app *a, struct aws_config_profile_list *out,
				    struct buf *err)
{
	struct aws_config cfg;
	struct aws_config_overrides ov = { 0 };
	aws_config_init(&cfg);
	/* The files are read even when the profile AWS_PROFILE names does not
	 * exist; when nothing could be read, the reason is the answer. */
	enum shtui_status loaded = app_config_load(a, &cfg, &ov, err);
	enum shtui_status st = aws_config_list_profiles(&cfg, out);
	if (st == SHTUI_OK && loaded != SHTUI_OK && out->n == 0) {
		st = loaded;
	} else {
		buf_reset(err);
		if (st != SHTUI_OK)
			buf_puts(err, shtui_status_str(st));
	}
	a->out_of_memory |= st == SHTUI_ENOMEM;
	aws_config_done(&cfg);
	return st;
}

const char *const *app_regions(const struct context *c)
{
	const struct endpoint_partition *p = endpoint_partition_of(c->region);
	static const char *const none[] = { NULL };
	return p && p->securityhub_regions ? p->securityhub_regions : none;
}

bool app_is_fleet(const struct cli_options *o)
{
	return o->profiles || o->regions || o->accounts || o->sso_accounts;
}

/* Does `name` match one of the comma-separated globs? */
static bool matches(const char *globs, const char *name)
{
	char *copy = strdup(globs);
	bool hit = false;
	char *save = NULL;
	for (char *g = copy ? strtok_r(copy, ",", &save) : NULL; g && !hit; g = strtok_r(NULL, ",", &save))
		hit = fnmatch(g, name, 0) == 0;
	free(copy);
	return hit;
}

/* The contexts of one profile across the regions the options name. */
void app_expand_regions(struct app *a, struct profile *p, struct buf *err)
{
	struct buf e;
	buf_init(&e);
	if (a->opts.regions && strcmp(a->opts.regions, "all") == 0) {
		const char *home = a->opts.region ? a->opts.region : p->region ? p->region : "us-east-1";
		const struct endpoint_partition *part = endpoint_partition_of(home);
		for (const char *const *r = part ? part->securityhub_regions : NULL; r && *r; r++)
			if (!app_context(a, p->name, *r, &e))
				buf_printf(err, "%s\n", buf_str(&e));
	} else if (a->opts.regions) {
		char *copy = strdup(a->opts.regions);
		char *save = NULL;
		for (char *r = copy ? strtok_r(copy, ",", &save) : NULL; r; r = strtok_r(NULL, ",", &save)) {
			buf_reset(&e);
			if (*r && !app_context(a, p->name, r, &e))
				buf_printf(err, "%s\n", buf_str(&e));
		}
		free(copy);
	} else if (!app_context(a, p->name, NULL, &e)) {
		buf_printf(err, "%s\n", buf_str(&e));
	}
	buf_done(&e);
}

size_t app_expand(struct app *a, struct buf *err)
{
	struct buf e;
	buf_init(&e);
	if (a->opts.accounts || a->opts.sso_accounts) {
		/* Roles over the base profile; its own contexts only with --profiles. */
		app_reach_expand(a, err);
		if (!a->opts.profiles) {
			buf_done(&e);
			return a->n_contexts;
		}
	}
	if (!a->opts.profiles) {
		struct profile *p = app_profile_get(a, NULL, &e);
		if (p)
			app_expand_regions(a, p, err);
		else
			buf_printf(err, "%s\n", buf_str(&e));
		buf_done(&e);
		return a->n_contexts;
	}
	struct aws_config_profile_list list = { 0 };
	if (app_list_profiles(a, &list, &e) != SHTUI_OK) {
		buf_printf(err, "%s\n", buf_str(&e));
		buf_done(&e);
		return 0;
	}
	size_t matched = 0;
	for (size_t i = 0; i < list.n; i++) {
		if (!matches(a->opts.profiles, list.names[i]))
			continue;
		matched++;
		buf_reset(&e);
		struct profile *p = app_profile_get(a, list.names[i], &e);
		if (p)
			app_expand_regions(a, p, err);
		else
			buf_printf(err, "%s\n", buf_str(&e));
	}
	if (!matched) {
		a->no_profile_matched = true;
		buf_printf(err, "No profile in the AWS config files matches '%s'", a->opts.profiles);
		for (size_t i = 0; i < list.n && i < 8; i++)
			buf_printf(err, "%s%s", i ? ", " : "; they name ", list.names[i]);
		buf_puts(err, list.n > 8 ? ", ...\n" : list.n ? ".\n" : "; they name none.\n");
	}
	aws_config_profile_list_done(&list);
	buf_done(&e);
	return a->n_contexts;
}
