/* SPDX-License-Identifier: Apache-2.0 */
/* fake_app.h: an app whose jobs wait in a queue until a test answers them, over config files of its own. */
#ifndef SHTUI_FAKE_APP_H
#define SHTUI_FAKE_APP_H

#include <stdbool.h>
#include <stddef.h>

#include "app.h"
#include "shub.h"

/* Jobs submitted and not yet answered. */
extern size_t fake_n_queue;

/* A temporary HOME with config files of its own ("default" in us-east-1,
 * "dev" in eu-west-1, both with keys) and nothing from the environment;
 * fake_teardown() removes it. */
void fake_setup(void);
void fake_teardown(void);

/* An app whose jobs wait for fake_answer() and fake_fail(); `opts` NULL
 * for none. Endpoints point at a port nothing listens on. */
struct app *fake_app_new(const struct cli_options *opts);
void fake_app_free(struct app *a);
/* A fake app with the default profile's contexts in `regions` (as
 * --regions), errors as TAP diagnostics. */
struct app *fake_fleet_new(const char *regions);
/* The same with options of its own (--regions among them). */
struct app *fake_fleet_new_with(const struct cli_options *opts);
/* app_context(), with the error as a TAP diagnostic. */
struct context *fake_context(struct app *a, const char *profile, const char *region);

/* Jobs waiting that call `op` (a shub_op, or -1 for STS, whoever asks it)
 * for `c` (NULL: any context). */
int fake_waiting(const struct context *c, int op);
/* Takes the first such job off the queue (NULL when none); the caller
 * answers or frees it. */
struct job *fake_take(const struct context *c, int op);
/* Answers the first such job with a reply (JSON text) or an error, and
 * hands it to app_apply(). False when none waits. */
bool fake_answer(struct app *a, const struct context *c, int op, const char *json);
bool fake_fail(struct app *a, const struct context *c, int op, enum job_error_kind kind,
	       const char *code, const char *message);
/* Frees every waiting job unanswered. */
void fake_drop_all(void);

#endif
