/* SPDX-License-Identifier: Apache-2.0 */
/* cli_journal.c: `shtui journal`: the journal's records, or only the unsettled intents, since a time, as json, text or table. */
#include "config.h"

#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "isotime.h"
#include "journal.h"
#include "output.h"
#include "text.h"

static int journal_usage(const char *what, const char *arg)
{
	char *safe = arg ? text_visible_dup(arg) : NULL;
	fprintf(stderr, "shtui: error: %s%s%s\nUsage: shtui journal [--unsettled] [--since TIME] "
		"[--output json|text|table]\nTIME: 2026-11-28, 2026-11-28T05:00:00Z, or 30m, 12h, 7d ago.\n",
		what, safe ? " " : "", safe ? safe : "");
	free(safe);
	return CLI_EXIT_USAGE;
}

/* --since: an ISO 8601 date or time (UTC unless it says), or an age
 * ("30m", "12h", "7d"); the journal's own form in `out`. */
static bool parse_since(const char *s, char out[32])
{
	time_t t;
	char *end;
	errno = 0;
	long n = strtol(s, &end, 10);
	if (end != s && !errno && n >= 0 && end[0] && !end[1] && strchr("smhd", end[0])) {
		long unit = end[0] == 's' ? 1 : end[0] == 'm' ? 60 : end[0] == 'h' ? 3600 : 86400;
		t = time(NULL) - (time_t)(n * unit);
	} else {
		char full[64];
		size_t len = strlen(s);
		/* A date alone is its midnight (UTC); a time without a zone is UTC. */
		if (len == 10)
			snprintf(full, sizeof full, "%sT00:00:00Z", s);
		else if (len == 16)
			snprintf(full, sizeof full, "%s:00Z", s);
		else if (len == 19)
			snprintf(full, sizeof full, "%sZ", s);
		else
			snprintf(full, sizeof full, "%s", s);
		if (len >= sizeof full - 4 || isotime_parse(full, &t) != SHTUI_OK)
			return false;
	}
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
	return true;
}

static const char *get(const cJSON *o, const char *k)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, k));
}

/* The intent record `r` answers: looked for backwards from it, as an
 * outcome follows its intent closely. */
static const cJSON *intent_of(const cJSON *list, const cJSON *r)
{
	const char *id = get(r, "id");
	for (const cJSON *p = r; id && p; p = p == list->child ? NULL : p->prev) {
		const char *pid = get(p, "id"), *kind = get(p, "record");
		if (pid && kind && strcmp(pid, id) == 0 && strcmp(kind, "intent") == 0)
			return p;
	}
	return NULL;
}

/* One line of the text and table forms: what a person reads first. */
static cJSON *row(const cJSON *list, const cJSON *r)
{
	const char *kind = get(r, "record") ? get(r, "record") : "";
	const cJSON *in = strcmp(kind, "intent") == 0 || strcmp(kind, "audit") == 0 ? r
			  : intent_of(list, r);
	cJSON *o = cJSON_CreateObject();
	struct buf detail;
	buf_init(&detail);
	if (strcmp(kind, "intent") == 0 || strcmp(kind, "audit") == 0) {
		char *p = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(r, "parameters"));
		buf_puts(&detail, p ? p : "");
		free(p);
	}
	if (get(r, "code"))
		buf_printf(&detail, "%s%s", detail.len ? " " : "", get(r, "code"));
	const char *msg = get(r, "message") ? get(r, "message") : get(r, "evidence") ? get(r, "evidence")
			  : get(r, "detail");
	if (msg)
		buf_printf(&detail, "%s%s", detail.len ? ": " : "", msg);
	const char *keys[][2] = {
		{ "Time", get(r, "time") }, { "Record", kind },
		{ "Operation", get(r, "operation") ? get(r, "operation") : get(in, "operation") },
		{ "Profile", get(in, "profile") }, { "Account", get(in, "account") },
		{ "Region", get(in, "region") }, { "Outcome", get(r, "outcome") },
		{ "Detail", buf_str(&detail) },
	};
	for (size_t i = 0; o && i < sizeof keys / sizeof keys[0]; i++)
		cJSON_AddStringToObject(o, keys[i][0], keys[i][1] ? keys[i][1] : "");
	buf_done(&detail);
	return o;
}

int cli_journal_main(int argc, char **argv, const struct cli_options *o)
{
	bool unsettled = false;
	const char *output = o->output;
	char since[32] = "";
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--unsettled") == 0) {
			unsettled = true;
		} else if (strcmp(a, "--since") == 0 || strncmp(a, "--since=", 8) == 0) {
			const char *v = a[7] == '=' ? a + 8 : i + 1 < argc ? argv[++i] : NULL;
			if (!v)
				return journal_usage("expected one argument after", "--since");
			if (!parse_since(v, since))
				return journal_usage("--since takes a date, a time or an age, not", v);
		} else if (strcmp(a, "--output") == 0 || strncmp(a, "--output=", 9) == 0) {
			output = a[8] == '=' ? a + 9 : i + 1 < argc ? argv[++i] : NULL;
			if (!output)
				return journal_usage("expected one argument after", "--output");
		} else {
			return journal_usage("unknown option for journal:", a);
		}
	}
	int fmt = OUTPUT_JSON;
	if (output && (fmt = output_format_parse(output)) < 0)
		return journal_usage("--output takes json, text or table, not", output);

	struct buf err;
	buf_init(&err);
	cJSON *all = journal_load(NULL, &err);
	if (!all) {
		char *safe = text_visible_dup(buf_str(&err));
		fprintf(stderr, "\n%s\n", safe ? safe : "");
		free(safe);
		buf_done(&err);
		return CLI_EXIT_OTHER;
	}
	cJSON *shown = unsettled ? journal_unsettled(all) : cJSON_Duplicate(all, true);
	cJSON *list = cJSON_CreateArray();
	const cJSON *r;
	cJSON_ArrayForEach(r, shown) {
		const char *t = get(r, "time");
		if (since[0] && (!t || strcmp(t, since) < 0))
			continue;
		cJSON_AddItemToArray(list, fmt == OUTPUT_JSON ? cJSON_Duplicate(r, true) : row(shown, r));
	}
	cJSON *doc = cJSON_CreateObject();
	cJSON_AddItemToObject(doc, "Records", list);
	struct buf out;
	buf_init(&out);
	output_format(&out, doc, (enum output_format)fmt, "Journal");
	int rc = CLI_EXIT_OK;
	if (buf_failed(&out) || fwrite(buf_str(&out), 1, out.len, stdout) != out.len || fflush(stdout) != 0) {
		fprintf(stderr, "\ncannot write the output: %s\n", strerror(errno));
		rc = CLI_EXIT_OTHER;
	}
	buf_done(&out);
	cJSON_Delete(doc);
	cJSON_Delete(shown);
	cJSON_Delete(all);
	buf_done(&err);
	return rc;
}
