/* SPDX-License-Identifier: Apache-2.0 */
/* fake_app.c: an app whose jobs wait in a queue until a test answers them, over config files of its own. */
#include "config.h"

#include "fake_app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "tap.h"

static struct job *queue[512];
size_t fake_n_queue;
static uint64_t last_seq;

static uint64_t fake_submit(struct app *a, struct job *j)
{
	(void)a;
	if (fake_n_queue < sizeof queue / sizeof queue[0])
		queue[fake_n_queue++] = j;
	j->seq = ++last_seq;
	return j->seq;
}

static bool is_sts(const struct job *j)
{
	return j->service && strcmp(j->service, "sts") == 0;
}

/* Whether `j` calls `op` (-1: STS, whoever asks) for `c` (NULL: any). */
static bool job_is(const struct job *j, const struct context *c, int op)
{
	if (op < 0)
		return is_sts(j);
	return !is_sts(j) && (int)shub_job_op(j) == op && (!c || j->user == c);
}

int fake_waiting(const struct context *c, int op)
{
	int n = 0;
	for (size_t i = 0; i < fake_n_queue; i++)
		n += job_is(queue[i], c, op);
	return n;
}

struct job *fake_take(const struct context *c, int op)
{
	for (size_t i = 0; i < fake_n_queue; i++) {
		struct job *j = queue[i];
		if (job_is(j, c, op)) {
			memmove(&queue[i], &queue[i + 1], (fake_n_queue - i - 1) * sizeof *queue);
			fake_n_queue--;
			return j;
		}
	}
	return NULL;
}

bool fake_answer(struct app *a, const struct context *c, int op, const char *json)
{
	struct job *j = fake_take(c, op);
	if (!j)
		return false;
	j->result = cJSON_Parse(json);
	app_apply(a, j);
	return true;
}

bool fake_fail(struct app *a, const struct context *c, int op, enum job_error_kind kind,
		 const char *code, const char *message)
{
	struct job *j = fake_take(c, op);
	if (!j)
		return false;
	j->err.kind = kind;
	j->err.code = code ? strdup(code) : NULL;
	j->err.message = message ? strdup(message) : NULL;
	app_apply(a, j);
	return true;
}

void fake_drop_all(void)
{
	for (size_t i = 0; i < fake_n_queue; i++)
		job_free(queue[i]);
	fake_n_queue = 0;
}

/* ---- set-up: config files of our own, nothing from the environment ---- */

static char home[] = "/tmp/shtui-fake-app.XXXXXX";

static void write_file(const char *name, const char *text)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", home, name);
	FILE *f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	chmod(path, 0600);
}

void fake_setup(void)
{
	if (!mkdtemp(home))
		abort();
	const char *const unset[] = {
		"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION",
		"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
		"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_SECURITYHUB", "AWS_ENDPOINT_URL_STS",
		"AWS_CA_BUNDLE", "AWS_MAX_ATTEMPTS", "AWS_USE_FIPS_ENDPOINT",
		"AWS_USE_DUALSTACK_ENDPOINT", "AWS_EC2_METADATA_DISABLED",
	};
	for (size_t i = 0; i < sizeof unset / sizeof unset[0]; i++)
		unsetenv(unset[i]);
	setenv("HOME", home, 1);
	char path[256];
	snprintf(path, sizeof path, "%s/state", home);
	setenv("XDG_STATE_HOME", path, 1);
	snprintf(path, sizeof path, "%s/config", home);
	setenv("AWS_CONFIG_FILE", path, 1);
	snprintf(path, sizeof path, "%s/credentials", home);
	setenv("AWS_SHARED_CREDENTIALS_FILE", path, 1);
	write_file("config",
		   "[default]\nregion = us-east-1\n"
		   "[profile dev]\nregion = eu-west-1\n");
	write_file("credentials",
		   "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = s1\n"
		   "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = s2\n");
}

void fake_teardown(void)
{
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", home);
	if (system(cmd) != 0)
		tap_diag("could not remove %s", home);
}

struct app *fake_app_new(const struct cli_options *extra)
{
	struct cli_options o = { .endpoint_url = "http://127.0.0.1:9" };
	if (extra)
		o = *extra;
	if (!o.endpoint_url)
		o.endpoint_url = "http://127.0.0.1:9";
	struct buf err;
	buf_init(&err);
	struct app *a = app_new(&o, &err);
	if (!a) {
		tap_diag("app_new: %s", buf_str(&err));
		abort();
	}
	buf_done(&err);
	a->submit = fake_submit;
	return a;
}

void fake_app_free(struct app *a)
{
	fake_drop_all();
	app_free(a);
}

struct app *fake_fleet_new(const char *regions)
{
	struct cli_options o = { .regions = regions };
	return fake_fleet_new_with(&o);
}

struct app *fake_fleet_new_with(const struct cli_options *opts)
{
	struct app *a = fake_app_new(opts);
	struct buf err;
	buf_init(&err);
	app_expand(a, &err);
	if (err.len)
		tap_diag("app_expand: %s", buf_str(&err));
	buf_done(&err);
	return a;
}

struct context *fake_context(struct app *a, const char *profile, const char *region)
{
	struct buf err;
	buf_init(&err);
	struct context *c = app_context(a, profile, region, &err);
	if (!c)
		tap_diag("app_context: %s", buf_str(&err));
	buf_done(&err);
	return c;
}
