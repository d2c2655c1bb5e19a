/* SPDX-License-Identifier: Apache-2.0 */
/* loop.h: the interactive program's main loop: poll the keyboard, the worker and signals; apply, then draw once. */
#ifndef SHTUI_LOOP_H
#define SHTUI_LOOP_H

#include "options.h"

/*
 * Runs the Settings -> Accounts screen until the user quits; returns the
 * exit status. With SHTUI_SCRIPT set to a file, keys come from that file,
 * each line fed only when no call is in flight, and "dump FILE" writes the
 * screen as text (for tests). Main thread only.
 */
int loop_run(const struct cli_options *opts);

#endif
