/* SPDX-License-Identifier: Apache-2.0 */
/* view_details.c: the whole text of the last failure: operation, the service's code and message, our hint, request ID, time, where, and the logs. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curses.h>

#include "journal.h"
#include "ui.h"
#include "widget.h"

void view_details_open(struct ui *ui, struct context *c)
{
	ui->details_ctx = c;
	ui->pager_top = 0;
	ui->overlay = OVERLAY_DETAILS;
}

/* The failure to show: the context's own, or its profile's identity ask
 * when that is the later one. */
static const struct failure *which(const struct context *c)
{
	const struct failure *f = &c->failure, *id = &c->profile->id_failure;
	if (failure_any(id) && (!failure_any(f) || id->when > f->when))
		return id;
	return failure_any(f) ? f : NULL;
}

/* "WAY: why it was set aside". Heap string, NULL when out of memory. */
static char *aside_line(const struct context *w)
{
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "%s: %s", w->profile->name, w->set_aside);
	if (buf_failed(&b)) {
		buf_done(&b);
		return NULL;
	}
	return buf_steal(&b);
}

#define MAX_ROWS 24
#define MAX_ASIDE 5   /* ways set aside shown one a row; the rest counted */

static void details_draw(struct ui *ui, int rows, int cols)
{
	struct app *a = ui->app;
	struct context *c = ui->details_ctx;
	struct widget_pager_row r[MAX_ROWS];
	char *kept[MAX_ASIDE] = { 0 };
	size_t n = 0;
	char what[160], code[160], when[128], where[256], attempts[32], debug[512], more[64];
	if (a->status && *a->status)
		r[n++] = (struct widget_pager_row){ "Status line", a->status,
						    a->status_error ? ROLE_ERROR : ROLE_OK };
	const struct failure *f = c ? which(c) : NULL;
	if (!f && app_sso_failure(a)) {
		/* The listing of the SSO session's accounts stopped: that is
		 * what there is to see. */
		f = app_sso_failure(a);
		c = NULL;
	}
	if (c) {
		snprintf(where, sizeof where, "profile %s, account %s, region %s", c->profile->name,
			 c->profile->account ? c->profile->account : "unknown",
			 f && f->region ? f->region : c->region);
		r[n++] = (struct widget_pager_row){ "Where", where, ROLE_DIALOG };
		if (c->also) {   /* the other ways to the same account and region */
			r[n++] = (struct widget_pager_row){ "Acts through", c->profile->name,
							    ROLE_DIALOG };
			r[n++] = (struct widget_pager_row){ "Also reached by", c->also, ROLE_DIALOG };
		}
		/* Each way refused here, and why it was set aside. */
		size_t shown = 0, aside = 0;
		for (size_t i = 0; i < c->n_ways; i++) {
			const struct context *w = c->ways[i];
			if (!w->set_aside)
				continue;
			aside++;
			if (shown == MAX_ASIDE)
				continue;
			char *line = aside_line(w);
			if (!line)
				continue;
			kept[shown++] = line;
			r[n++] = (struct widget_pager_row){ "Set aside", line, ROLE_WARN };
		}
		if (aside > shown) {
			snprintf(more, sizeof more, "and %zu more", aside - shown);
			r[n++] = (struct widget_pager_row){ "", more, ROLE_WARN };
		}
	}
	if (f) {
		snprintf(what, sizeof what, "%s failed", f->operation);
		r[n++] = (struct widget_pager_row){ "Operation", what, ROLE_DIALOG_TITLE };
		struct tm local, utc;
		char l[64] = "", u[32] = "";
		if (localtime_r(&f->when, &local) && gmtime_r(&f->when, &utc)) {
			strftime(l, sizeof l, "%Y-%m-%d %H:%M:%S %Z", &local);
			strftime(u, sizeof u, "%H:%M:%S UTC", &utc);
		}
		if (local.tm_gmtoff == 0)
			snprintf(when, sizeof when, "%s", l);
		else
			snprintf(when, sizeof when, "%s (%s)", l, u);
		r[n++] = (struct widget_pager_row){ "Time", when, ROLE_DIALOG };
		if (f->code || f->http_status) {
			if (f->http_status)
				snprintf(code, sizeof code, "%.100s (HTTP %ld)", f->code ? f->code : "-",
					 f->http_status);
			else
				snprintf(code, sizeof code, "%.100s", f->code);
			r[n++] = (struct widget_pager_row){ "Code", code, ROLE_ERROR };
		}
		r[n++] = (struct widget_pager_row){ "Message", f->message ? f->message : "(none)", ROLE_DIALOG };
		if (f->hint)
			r[n++] = (struct widget_pager_row){ "Hint", f->hint, ROLE_WARN };
		if (f->request_id)
			r[n++] = (struct widget_pager_row){ "Request ID", f->request_id, ROLE_DIALOG };
		snprintf(attempts, sizeof attempts, "%d", f->attempts);
		r[n++] = (struct widget_pager_row){ "Requests", attempts, ROLE_DIALOG };
	} else if (c) {
		r[n++] = (struct widget_pager_row){ "", "No call has failed here.", ROLE_LABEL };
	}
	char *jdir = journal_dir();
	char journal[4096];
	snprintf(journal, sizeof journal, "%s/journal.jsonl", jdir ? jdir : "");
	r[n++] = (struct widget_pager_row){ "Journal", jdir ? journal : "(no home folder)",
					     ROLE_DIALOG };
	const char *log = getenv("SHTUI_LOG");
	if (!a->opts.debug)
		snprintf(debug, sizeof debug, "off (--debug turns it on; SHTUI_LOG names the file)");
	else
		snprintf(debug, sizeof debug, "%s", log && *log ? log : "standard error, shown after exit");
	r[n++] = (struct widget_pager_row){ "Debug log", debug, ROLE_DIALOG };
	widget_pager_draw(ui, rows, cols, "Details", r, n, 15);
	free(jdir);
	for (size_t i = 0; i < MAX_ASIDE; i++)
		free(kept[i]);
}

static enum ui_next details_key(struct ui *ui, int key)
{
	bool close;
	enum ui_next next = widget_pager_key(ui, key, &close);
	if (close || key == 'i') {
		ui->overlay = OVERLAY_NONE;
		next = UI_NEXT_REDRAW;
	}
	return next;
}

static enum ui_next details_click(struct ui *ui, const struct ui_hit *hit)
{
	(void)ui;
	(void)hit;
	return UI_NEXT_NONE;
}

const struct view_ops view_details = {
	.name = "details",
	.draw = details_draw,
	.key = details_key,
	.click = details_click,
};
