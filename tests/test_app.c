/* SPDX-License-Identifier: Apache-2.0 */
/* test_app.c: the app's state machine driven through a stand-in for the worker: results applied, bulk rules, refusals. */
#include "config.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "journal.h"
#include "fake_app.h"
#include "shub.h"
#include "tap.h"

#define ADMIN "444455556666"
#define OTHER "777788889999"
#define INVITED(acct, id) \
	"{\"AccountId\":\"" acct "\",\"InvitationId\":\"" id "\"," \
	"\"InvitedAt\":\"2026-01-02T03:04:05Z\",\"MemberStatus\":\"Invited\"}"
#define ENABLED(acct, id) \
	"{\"AccountId\":\"" acct "\",\"InvitationId\":\"" id "\"," \
	"\"InvitedAt\":\"2026-01-02T03:04:05Z\",\"MemberStatus\":\"Enabled\"}"

/* Answers the page's reads of `c`: hub on, no administrator, the given
 * invitations (a JSON array's members). */
static void answer_page(struct app *a, struct context *c, const char *invitations)
{
	char list[1024];
	snprintf(list, sizeof list, "{\"Invitations\":[%s]}", invitations);
	fake_answer(a, c, SHUB_DESCRIBE_HUB, "{\"HubArn\":\"arn:aws:securityhub:us-east-1:1:hub/default\"}");
	fake_answer(a, c, SHUB_GET_ADMINISTRATOR_ACCOUNT, "{}");
	fake_answer(a, c, SHUB_LIST_INVITATIONS, list);
}

/* ---- the tests ---- */

static void test_identity_and_reads(void)
{
	struct app *a = fake_app_new(NULL);
	struct context *c = fake_context(a, NULL, NULL);
	tap_ok(c != NULL, "the default profile's context opens");
	if (!c) {
		fake_app_free(a);
		return;
	}
	tap_is_str(c->region, "us-east-1", "its region is the profile's");
	app_refresh(a, c);
	tap_is_int(fake_waiting(NULL, -1), 1, "the page asks STS who the profile is");
	tap_is_int(fake_waiting(c, SHUB_DESCRIBE_HUB) + fake_waiting(c, SHUB_GET_ADMINISTRATOR_ACCOUNT) +
		   fake_waiting(c, SHUB_LIST_INVITATIONS), 3, "and reads the hub, the administrator, the invitations");
	tap_is_int(c->reads_in_flight, 3, "three reads in flight");
	tap_ok(c->profile->id_state == ID_LOADING, "the identity is loading");

	fake_answer(a, c, -1, "{\"Account\":\"111122223333\",\"Arn\":\"arn:aws:iam::111122223333:user/me\"}");
	tap_ok(c->profile->id_state == ID_KNOWN, "the identity is known");
	tap_is_str(c->profile->account, "111122223333", "the account is STS's");

	fake_answer(a, c, SHUB_DESCRIBE_HUB, "{\"HubArn\":\"arn:aws:securityhub:us-east-1:1:hub/default\"}");
	tap_ok(c->hub == HUB_ENABLED, "DescribeHub's answer: enabled");
	fake_answer(a, c, SHUB_GET_ADMINISTRATOR_ACCOUNT, "{\"Administrator\":" ENABLED(ADMIN, "inv-a") "}");
	tap_is_str(c->admin.account_id, ADMIN, "the administrator is read");
	tap_ok(c->admin_state == LOAD_DONE, "the administrator is loaded");
	fake_answer(a, c, SHUB_LIST_INVITATIONS,
	       "{\"Invitations\":[" INVITED(OTHER, "inv-o") "," ENABLED(ADMIN, "inv-a") "]}");
	tap_is_int((long long)c->n_invs, 2, "both invitations are kept");
	tap_is_str(c->n_invs ? c->invs[0].invitation_id : NULL, "inv-o", "in the service's order");
	tap_is_int(c->reads_in_flight, 0, "nothing left in flight");

	app_refresh(a, c);
	tap_is_int(fake_waiting(NULL, -1), 0, "a second reading does not ask STS again");
	fake_fail(a, c, SHUB_DESCRIBE_HUB, JOB_ERR_SERVICE, "InvalidAccessException",
	     "Account 111122223333 is not subscribed to AWS Security Hub");
	tap_ok(c->hub == HUB_NOT_ENABLED, "a hub not subscribed reads as not enabled");
	fake_fail(a, c, SHUB_LIST_INVITATIONS, JOB_ERR_SERVICE, "AccessDeniedException", "no");
	tap_ok(c->invs_state == LOAD_FAILED, "a failed list is marked failed");
	tap_ok(c->invs_error && strstr(c->invs_error, "AccessDeniedException"),
	       "and says why: %s", c->invs_error ? c->invs_error : "(none)");
	fake_app_free(a);
}

static void test_changes(void)
{
	struct app *a = fake_app_new(NULL);
	struct context *c = fake_context(a, NULL, NULL);
	if (!c) {
		tap_ok(false, "context");
		fake_app_free(a);
		return;
	}
	app_refresh(a, c);
	fake_answer(a, c, -1, "{\"Account\":\"111122223333\",\"Arn\":\"arn:aws:iam::111122223333:user/me\"}");
	answer_page(a, c, INVITED(ADMIN, "inv-a") "," INVITED(OTHER, "inv-o"));
	tap_is_int((long long)fake_n_queue, 0, "the page is read");

	struct buf why;
	buf_init(&why);
	tap_ok(app_act(a, c, APP_ACCEPT, &c->invs[0], &why), "accept is sent");
	tap_is_int(fake_waiting(c, SHUB_ACCEPT_ADMINISTRATOR_INVITATION), 1, "one AcceptAdministratorInvitation");
	tap_ok(c->change_in_flight == SHUB_ACCEPT_ADMINISTRATOR_INVITATION, "the change is in flight");

	size_t before = fake_n_queue;
	buf_reset(&why);
	tap_ok(!app_act(a, c, APP_DECLINE, &c->invs[1], &why),
	       "a second change while one is in flight is refused");
	tap_ok(strstr(buf_str(&why), "in flight") != NULL, "saying why: %s", buf_str(&why));
	tap_is_int((long long)fake_n_queue, (long long)before, "and never sent");

	fake_answer(a, c, SHUB_ACCEPT_ADMINISTRATOR_INVITATION, "{}");
	tap_ok(c->change_in_flight < 0, "the change is over");
	tap_ok(c->last_ok, "and went well");
	tap_is_str(c->last_result, "Accepted the invitation from " ADMIN " in us-east-1.",
		   "the outcome in words");
	tap_is_int(fake_waiting(c, SHUB_DESCRIBE_HUB) + fake_waiting(c, SHUB_GET_ADMINISTRATOR_ACCOUNT) +
		   fake_waiting(c, SHUB_LIST_INVITATIONS), 3, "the page is read again after the change");
	answer_page(a, c, INVITED(OTHER, "inv-o"));

	/* A reply that never came: neither done nor failed. */
	buf_reset(&why);
	tap_ok(app_act(a, c, APP_DECLINE, &c->invs[0], &why), "decline is sent");
	fake_fail(a, c, SHUB_DECLINE_INVITATIONS, JOB_ERR_UNKNOWN_OUTCOME, NULL,
	     "the connection broke after the request was sent");
	tap_ok(c->change_in_flight < 0 && !c->last_ok, "an unknown outcome ends the change, not ok");
	tap_ok(c->last_result && strstr(c->last_result, "is unknown"),
	       "and says the outcome is unknown: %s", c->last_result ? c->last_result : "(none)");
	tap_ok(c->last_result && !strstr(c->last_result, "failed"), "without calling it failed");
	tap_is_int(fake_waiting(c, SHUB_LIST_INVITATIONS), 1, "the page is read again to see what happened");
	answer_page(a, c, "");

	char *dir = journal_dir();
	char path[4096];
	snprintf(path, sizeof path, "%s/journal.jsonl", dir ? dir : "");
	char *log = dir ? tap_slurp(path, NULL) : NULL;
	tap_ok(log && strstr(log, "AcceptAdministratorInvitation") && strstr(log, "\"unknown\""),
	       "the journal has the accept and the unknown outcome");
	free(log);
	free(dir);

	fake_app_free(a);

	struct cli_options ro = { .read_only = true };
	a = fake_app_new(&ro);
	c = fake_context(a, NULL, NULL);
	app_refresh(a, c);
	answer_page(a, c, INVITED(ADMIN, "inv-a"));
	fake_drop_all();
	buf_reset(&why);
	tap_ok(!app_act(a, c, APP_ACCEPT, &c->invs[0], &why), "--read-only refuses a change");
	tap_ok(strstr(buf_str(&why), "read-only") != NULL, "saying why: %s", buf_str(&why));
	tap_is_int((long long)fake_n_queue, 0, "and sends nothing");
	buf_done(&why);
	fake_app_free(a);
}

static void test_refuse_second_administrator(void)
{
	struct app *a = fake_app_new(NULL);
	struct context *c = fake_context(a, NULL, NULL);
	app_refresh(a, c);
	fake_answer(a, c, SHUB_GET_ADMINISTRATOR_ACCOUNT, "{\"Administrator\":" ENABLED(ADMIN, "inv-a") "}");
	fake_answer(a, c, SHUB_LIST_INVITATIONS, "{\"Invitations\":[" INVITED(OTHER, "inv-o") "]}");
	fake_drop_all();
	struct buf why;
	buf_init(&why);
	tap_ok(!app_act(a, c, APP_ACCEPT, &c->invs[0], &why),
	       "accepting while an administrator is enabled is refused");
	tap_ok(strstr(buf_str(&why), ADMIN) != NULL, "naming the administrator: %s", buf_str(&why));
	tap_is_int((long long)fake_n_queue, 0, "and sends nothing");
	buf_done(&why);
	fake_app_free(a);
}

static void test_bulk(void)
{
	struct app *a = fake_fleet_new("us-east-1,us-west-2,eu-west-1,ap-south-1");
	tap_is_int((long long)a->n_contexts, 4, "four regions, four contexts");
	if (a->n_contexts != 4) {
		fake_app_free(a);
		return;
	}
	struct context **cs = a->contexts;
	for (size_t i = 0; i < 4; i++)
		app_refresh_fleet(a, cs[i]);
	tap_is_int(fake_waiting(NULL, SHUB_DESCRIBE_HUB), 0, "the fleet does not ask DescribeHub");
	tap_is_int(fake_waiting(NULL, -1), 1, "and asks STS once for the profile");
	fake_answer(a, NULL, -1, "{\"Account\":\"111122223333\",\"Arn\":\"arn:aws:iam::111122223333:user/me\"}");
	/* 0: ADMIN's invitation pending. 1: only another administrator's.
	 * 2: ADMIN is already the administrator. 3: ADMIN's pending, but a
	 * change is in flight there. */
	const char *lists[4] = { INVITED(ADMIN, "i0"), INVITED(OTHER, "i1"), ENABLED(ADMIN, "i2"),
				 INVITED(ADMIN, "i3") };
	for (size_t i = 0; i < 4; i++) {
		char list[512];
		snprintf(list, sizeof list, "{\"Invitations\":[%s]}", lists[i]);
		fake_answer(a, cs[i], SHUB_GET_ADMINISTRATOR_ACCOUNT,
		       i == 2 ? "{\"Administrator\":" ENABLED(ADMIN, "i2") "}" : "{}");
		fake_answer(a, cs[i], SHUB_LIST_INVITATIONS, list);
	}
	tap_is_int((long long)fake_n_queue, 0, "the fleet is read");
	struct buf why;
	buf_init(&why);
	tap_ok(app_act(a, cs[3], APP_DECLINE, &cs[3]->invs[0], &why), "a decline in flight in one");
	buf_done(&why);

	tap_ok(app_bulk_applies(cs[0], APP_ACCEPT, ADMIN), "bulk accept applies where the invitation is pending");
	tap_ok(!app_bulk_applies(cs[1], APP_ACCEPT, ADMIN), "not where it is another administrator's");
	tap_ok(!app_bulk_applies(cs[2], APP_ACCEPT, ADMIN), "not where it is already accepted");
	tap_ok(!app_bulk_applies(cs[3], APP_ACCEPT, ADMIN), "not where a change is in flight");
	tap_ok(app_bulk_applies(cs[0], APP_DECLINE, ADMIN), "bulk decline applies where it is pending");
	tap_ok(!app_bulk_applies(cs[2], APP_DECLINE, ADMIN),
	       "not where the invitation was accepted (Enabled is not pending)");
	tap_ok(app_invitation_from(cs[2], ADMIN) == NULL, "an accepted invitation is not a pending one");

	app_bulk_start(a, APP_ACCEPT, ADMIN, cs, 4);
	tap_is_int(fake_waiting(NULL, SHUB_ACCEPT_ADMINISTRATOR_INVITATION), 1, "one accept is sent");
	tap_is_int(fake_waiting(cs[0], SHUB_ACCEPT_ADMINISTRATOR_INVITATION), 1, "in the context it applies to");
	tap_ok(app_bulk_running(a), "the bulk action runs");
	fake_answer(a, cs[0], SHUB_ACCEPT_ADMINISTRATOR_INVITATION, "{}");
	tap_ok(!app_bulk_running(a), "and ends with its last answer");
	tap_ok(a->status && strstr(a->status, "1 done"), "the status counts it: %s",
	       a->status ? a->status : "(none)");
	tap_is_int(fake_waiting(cs[0], SHUB_LIST_INVITATIONS), 1, "the context is read again");
	tap_is_int(fake_waiting(cs[0], SHUB_DESCRIBE_HUB), 0, "the fleet's way");
	fake_app_free(a);
}

/* A context read the fleet's way, then opened on its page, is read the
 * page's way from then on. */
static void test_fleet_then_page(void)
{
	struct app *a = fake_fleet_new("us-east-1,us-west-2");
	struct context *c = a->n_contexts ? a->contexts[0] : NULL;
	if (!c) {
		tap_ok(false, "contexts");
		fake_app_free(a);
		return;
	}
	app_refresh_fleet(a, c);
	fake_answer(a, NULL, -1, "{\"Account\":\"111122223333\",\"Arn\":\"arn:aws:iam::111122223333:user/me\"}");
	fake_answer(a, c, SHUB_GET_ADMINISTRATOR_ACCOUNT, "{}");
	fake_answer(a, c, SHUB_LIST_INVITATIONS, "{\"Invitations\":[" INVITED(ADMIN, "i0") "]}");
	app_refresh(a, c);
	tap_is_int(fake_waiting(c, SHUB_DESCRIBE_HUB), 1, "the page asks DescribeHub");
	fake_fail(a, c, SHUB_DESCRIBE_HUB, JOB_ERR_SERVICE, "AccessDeniedException", "denied by an SCP");
	fake_answer(a, c, SHUB_GET_ADMINISTRATOR_ACCOUNT, "{}");
	fake_answer(a, c, SHUB_LIST_INVITATIONS, "{\"Invitations\":[" INVITED(ADMIN, "i0") "]}");
	tap_ok(c->hub == HUB_DENIED, "the page keeps DescribeHub's answer (%s)", hub_state_text(c->hub));
	struct buf why;
	buf_init(&why);
	tap_ok(app_act(a, c, APP_ACCEPT, &c->invs[0], &why), "accept is sent");
	buf_done(&why);
	fake_answer(a, c, SHUB_ACCEPT_ADMINISTRATOR_INVITATION, "{}");
	tap_is_int(fake_waiting(c, SHUB_DESCRIBE_HUB), 1, "after the change the page is read its own way");
	fake_app_free(a);
}

/* Allocations from the program's own code (linked with --wrap) fail
 * while this is set; libraries' own allocations go on. */
static atomic_bool fail_allocs;

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);

void *__wrap_malloc(size_t n)
{
	return fail_allocs ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
	return fail_allocs ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
	return fail_allocs ? NULL : __real_realloc(p, n);
}

char *__wrap_strdup(const char *s)
{
	return fail_allocs ? NULL : __real_strdup(s);
}

char *__wrap_strndup(const char *s, size_t n)
{
	return fail_allocs ? NULL : __real_strndup(s, n);
}

/* Memory that ran out is not a want of credentials. */
static void test_out_of_memory(void)
{
	struct app *a = fake_app_new(NULL);
	struct context *c = fake_context(a, NULL, NULL);
	app_refresh(a, c);
	fake_fail(a, c, -1, JOB_ERR_CONFIG, NULL, "out of memory");
	fake_fail(a, c, SHUB_LIST_INVITATIONS, JOB_ERR_CONFIG, NULL, "out of memory");
	tap_ok(!a->no_credentials, "calls out of memory do not say there are no credentials");
	tap_ok(a->out_of_memory, "they say memory ran out");
	fake_app_free(a);

	a = fake_app_new(NULL);
	c = fake_context(a, NULL, NULL);
	app_refresh(a, c);
	fake_fail(a, c, -1, JOB_ERR_CONFIG, NULL, "Unable to locate credentials.");
	tap_ok(a->no_credentials && !a->out_of_memory, "missing credentials are missing credentials");
	fake_app_free(a);

	a = fake_app_new(NULL);
	struct buf err;
	buf_init(&err);
	buf_printf(&err, "%256s", "");   /* room for the message, made now */
	buf_reset(&err);
	fail_allocs = true;
	c = app_context(a, "dev", NULL, &err);
	fail_allocs = false;
	tap_ok(!c && a->out_of_memory, "a profile that cannot be read for want of memory says so");
	tap_ok(strstr(buf_str(&err), "out of memory") != NULL, "in words: %s", buf_str(&err));
	buf_done(&err);
	fake_app_free(a);
}

/* The default profile in every region of its partition, one call at a
 * time (--max-concurrency 1). */
static struct app *paced_fleet(void)
{
	struct cli_options o = { .regions = "all", .max_concurrency = 1 };
	return fake_fleet_new_with(&o);
}

/* Thousands of contexts: their readings wait in the app for room under
 * the concurrency bound, in order, and every one is read in the end. */
static void test_fleet_paced(void)
{
	struct app *a = paced_fleet();
	size_t n = a->n_contexts;
	tap_ok(n > 4, "every region of the partition: %zu contexts", n);
	for (size_t i = 0; i < n; i++)
		app_refresh_fleet(a, a->contexts[i]);
	int reads = fake_waiting(NULL, SHUB_LIST_INVITATIONS) + fake_waiting(NULL, SHUB_GET_ADMINISTRATOR_ACCOUNT);
	tap_is_int(reads, 4, "with --max-concurrency 1, four read calls go out (two contexts)");
	tap_is_int((long long)app_pace_waiting(a), (long long)n - 2, "the others wait in the app");
	tap_ok(a->contexts[n - 1]->invs_state == LOAD_LOADING && a->contexts[n - 1]->read_waiting,
	       "a waiting context shows as loading");
	tap_ok(app_in_flight(a) >= 2 * (int)(n - 2), "and counts as in flight, two calls each");
	fake_answer(a, NULL, -1, "{\"Account\":\"111122223333\",\"Arn\":\"arn:aws:iam::111122223333:user/me\"}");
	int most = 0;
	size_t answered = 0;
	for (;;) {
		int w = fake_waiting(NULL, SHUB_LIST_INVITATIONS) + fake_waiting(NULL, SHUB_GET_ADMINISTRATOR_ACCOUNT);
		if (w > most)
			most = w;
		if (fake_answer(a, NULL, SHUB_GET_ADMINISTRATOR_ACCOUNT, "{}"))
			continue;
		if (!fake_answer(a, NULL, SHUB_LIST_INVITATIONS, "{\"Invitations\":[]}"))
			break;
		answered++;
	}
	tap_ok(most <= 4, "never more than four read calls out (%d)", most);
	tap_is_int((long long)answered, (long long)n, "every context was read, once");
	size_t done = 0;
	for (size_t i = 0; i < n; i++)
		done += a->contexts[i]->invs_state == LOAD_DONE && a->contexts[i]->admin_state == LOAD_DONE;
	tap_is_int((long long)done, (long long)n, "and shows what it read");
	tap_is_int((long long)app_pace_waiting(a), 0, "nothing waits any more");
	fake_app_free(a);
}

/* Replaces the contents of a file; false when it cannot. */
static bool rewrite(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return false;
	bool ok = fputs(text, f) >= 0;
	return fclose(f) == 0 && ok;
}

/* The contents of a small file, or "" (static). */
static const char *slurp(const char *path)
{
	static char text[4096];
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(text, 1, sizeof text - 1, f) : 0;
	if (f)
		fclose(f);
	text[n] = '\0';
	return text;
}

/* A fleet of profiles holds one parsed copy of the config and credentials
 * files, however many profiles it opens, and each profile's settings stay
 * its own. */
static void test_profiles_share_files(void)
{
	struct app *a = fake_app_new(NULL);
	struct context *c1 = fake_context(a, "default", NULL);
	struct context *c2 = fake_context(a, "dev", NULL);
	tap_ok(c1 && c2, "two profiles open");
	if (!c1 || !c2) {
		fake_app_free(a);
		return;
	}
	const struct aws_config *k1 = aws_creds_source_config(c1->profile->source);
	const struct aws_config *k2 = aws_creds_source_config(c2->profile->source);
	tap_ok(k1->config && k1->config == k2->config && k1->credentials &&
	       k1->credentials == k2->credentials,
	       "their credential sources share one parsed copy of both files");
	tap_ok(k1->files && k1->files == a->files && k2->files == a->files,
	       "... the run's, read once");
	tap_ok(strcmp(c1->region, "us-east-1") == 0 && strcmp(c2->region, "eu-west-1") == 0,
	       "each profile keeps its own region");
	tap_ok(strcmp(k1->profile, "default") == 0 && strcmp(k2->profile, "dev") == 0 &&
	       strcmp(aws_config_get(k2, "aws_access_key_id"), "AKIDDEV") == 0,
	       "... and resolves its own keys");

	/* A profile written into the files while the run goes on is found. */
	const char *cfg_path = getenv("AWS_CONFIG_FILE");
	char *before = strdup(slurp(cfg_path));
	struct buf more;
	buf_init(&more);
	buf_printf(&more, "%s[profile late]\nregion = ap-south-1\n", before ? before : "");
	struct context *c3 = NULL;
	if (before && !buf_failed(&more) && rewrite(cfg_path, buf_str(&more)))
		c3 = fake_context(a, "late", NULL);
	tap_ok(c3 && strcmp(c3->region, "ap-south-1") == 0,
	       "a profile added to the files after the run began opens");
	tap_ok(c3 && aws_creds_source_config(c3->profile->source)->config != k1->config &&
	       strcmp(aws_config_get(k1, "region"), "us-east-1") == 0,
	       "... from a new reading, while the others keep theirs");
	if (!before || !rewrite(cfg_path, before))
		tap_diag("could not put %s back", cfg_path);
	free(before);
	buf_done(&more);
	fake_app_free(a);
}

/* A one-shot command's read calls over thousands of contexts wait in the
 * app for room as the fleet's readings do: no job is made before its
 * turn, and every context gets its reply. */
static void test_calls_paced(void)
{
	struct app *a = paced_fleet();
	size_t n = a->n_contexts;
	struct shub_params none = { .enable_default_standards = -1 };
	bool sent = true;
	for (size_t i = 0; i < n; i++)
		sent &= app_call(a, a->contexts[i], SHUB_LIST_INVITATIONS, &none);
	tap_ok(sent && n > 4, "%zu contexts asked", n);
	int out = fake_waiting(NULL, SHUB_LIST_INVITATIONS);
	tap_ok(out > 0 && out <= 4, "with --max-concurrency 1, a few calls go out (%d)", out);
	tap_is_int((long long)app_pace_waiting(a), (long long)n - out, "the others wait in the app");
	int most = 0;
	size_t answered = 0;
	for (;;) {
		int w = fake_waiting(NULL, SHUB_LIST_INVITATIONS);
		most = w > most ? w : most;
		if (!fake_answer(a, NULL, SHUB_LIST_INVITATIONS, "{\"Invitations\":[]}"))
			break;
		answered++;
	}
	tap_ok(most <= 4, "never more than four out (%d)", most);
	size_t done = 0;
	for (size_t i = 0; i < n; i++)
		done += a->contexts[i]->call_done && a->contexts[i]->call_result &&
			a->contexts[i]->call_err.kind == JOB_ERR_NONE;
	tap_ok(answered == n && done == n, "every context was asked once and has its reply (%zu, %zu of %zu)",
	       answered, done, n);
	tap_is_int(a->reads_out, 0, "no read call is counted out any more");
	fake_app_free(a);
}

int main(void)
{
	fake_setup();
	test_identity_and_reads();
	test_changes();
	test_refuse_second_administrator();
	test_bulk();
	test_fleet_then_page();
	test_out_of_memory();
	test_fleet_paced();
	test_calls_paced();
	test_profiles_share_files();
	fake_teardown();
	return tap_done();
}
