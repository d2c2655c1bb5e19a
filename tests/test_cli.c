/* SPDX-License-Identifier: Apache-2.0 */
/* test_cli.c: the one-shot commands' printing of the app's replies, one context and many, when things go wrong. */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "app.h"
#include "cli.h"
#include "fake_app.h"
#include "output.h"
#include "tap.h"

/* What a printing call wrote on stdout and stderr, and its exit status. */
struct printed {
	int rc;
	char *out, *err;
};

static void printed_done(struct printed *p)
{
	free(p->out);
	free(p->err);
}

/* Points fd 1 or 2 at a new file; returns the old fd. */
static int capture(int fd, const char *path)
{
	int saved = dup(fd);
	int f = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (saved < 0 || f < 0 || dup2(f, fd) < 0)
		abort();
	close(f);
	return saved;
}

static void restore(int fd, int saved)
{
	if (dup2(saved, fd) < 0)
		abort();
	close(saved);
}

static const char *tmp_path(const char *name)
{
	static char path[2][256];
	static int next;
	char *p = path[next++ % 2];
	snprintf(p, sizeof path[0], "%s/%s", getenv("HOME"), name);
	return p;
}

/* Runs cli_print_one (a == NULL) or cli_fleet_print with its output caught. */
static struct printed print_caught(const struct app *a, const struct context *c,
				   const struct cli_command *cmd)
{
	struct printed p;
	const char *out = tmp_path("stdout"), *err = tmp_path("stderr");
	fflush(stdout);
	fflush(stderr);
	int so = capture(1, out), se = capture(2, err);
	p.rc = a ? cli_fleet_print(a, cmd) : cli_print_one(c, cmd);
	fflush(stdout);
	fflush(stderr);
	restore(1, so);
	restore(2, se);
	p.out = tap_slurp(out, NULL);
	p.err = tap_slurp(err, NULL);
	return p;
}

/* cJSON's allocator, failing the next allocation when told. */
static bool fail_next;

static void *cjson_malloc(size_t n)
{
	if (fail_next) {
		fail_next = false;
		return NULL;
	}
	return malloc(n);
}

static const struct cli_command list_cmd = {
	.op = SHUB_LIST_INVITATIONS,
	.op_name = "ListInvitations",
	.params = { .enable_default_standards = -1 },
	.fmt = OUTPUT_JSON,
};

static struct app *fleet_of_two(void)
{
	struct app *a = fake_fleet_new("us-east-1,us-west-2");
	for (size_t i = 0; i < a->n_contexts; i++)
		app_call(a, a->contexts[i], SHUB_LIST_INVITATIONS, &list_cmd.params);
	return a;
}

static void test_fleet_array_unallocated(void)
{
	struct app *a = fleet_of_two();
	while (fake_answer(a, NULL, SHUB_LIST_INVITATIONS, "{\"Invitations\":[]}"))
		;
	struct printed p = print_caught(a, NULL, &list_cmd);
	tap_is_int(p.rc, 0, "two contexts answered: exit 0");
	cJSON *arr = cJSON_Parse(p.out ? p.out : "");
	tap_is_int(cJSON_GetArraySize(arr), 2, "one array of two objects");
	cJSON_Delete(arr);
	printed_done(&p);

	cJSON_Hooks hooks = { .malloc_fn = cjson_malloc, .free_fn = free };
	cJSON_InitHooks(&hooks);
	fail_next = true;
	p = print_caught(a, NULL, &list_cmd);
	cJSON_InitHooks(NULL);
	tap_is_int(p.rc, CLI_EXIT_OTHER, "no memory for the array: exit 255");
	tap_is_str(p.out, "", "and nothing half-made on stdout");
	tap_ok(p.err && strstr(p.err, "out of memory"), "stderr says out of memory");
	printed_done(&p);
	fake_app_free(a);
}

static void test_out_of_memory(void)
{
	/* One context: the AWS CLI's exit status for "anything else". */
	struct app *a = fake_app_new(NULL);
	struct context *c = fake_context(a, NULL, NULL);
	app_call(a, c, SHUB_LIST_INVITATIONS, &list_cmd.params);
	fake_fail(a, c, SHUB_LIST_INVITATIONS, JOB_ERR_CONFIG, NULL, "out of memory");
	struct printed p = print_caught(NULL, c, &list_cmd);
	tap_is_int(p.rc, CLI_EXIT_OTHER, "a call out of memory: exit 255, not 253");
	tap_ok(p.err && strstr(p.err, "out of memory"), "it says so");
	printed_done(&p);
	fake_app_free(a);

	/* Several: the context's error says so, not "no credentials". */
	a = fleet_of_two();
	fake_answer(a, NULL, SHUB_LIST_INVITATIONS, "{\"Invitations\":[]}");
	fake_fail(a, NULL, SHUB_LIST_INVITATIONS, JOB_ERR_CONFIG, NULL, "out of memory");
	p = print_caught(a, NULL, &list_cmd);
	tap_is_int(p.rc, CLI_EXIT_OTHER, "a fleet with a context out of memory: exit 255");
	cJSON *arr = cJSON_Parse(p.out ? p.out : "");
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(arr, 1), "Error");
	const cJSON *code = cJSON_GetObjectItemCaseSensitive(e, "Code");
	const cJSON *hint = cJSON_GetObjectItemCaseSensitive(e, "Hint");
	tap_is_str(cJSON_GetStringValue(code), "OutOfMemory", "its Error.Code is OutOfMemory");
	tap_ok(cJSON_IsNull(hint), "with no hint about credentials");
	cJSON_Delete(arr);
	printed_done(&p);
	fake_app_free(a);
}

int main(void)
{
	fake_setup();
	test_fleet_array_unallocated();
	test_out_of_memory();
	fake_teardown();
	return tap_done();
}
