/* SPDX-License-Identifier: Apache-2.0 */
/* recover.h: at start, the changes an earlier run left without an outcome are read again from the service and settled in the journal, never sent again. */
#ifndef SHTUI_RECOVER_H
#define SHTUI_RECOVER_H

#include <stddef.h>

#include "buf.h"
#include "options.h"

/*
 * Finds the intents in the journal that a process no longer running left
 * without an outcome, reads their contexts from the
 * service (with `opts`' endpoint and files; a context that was reached at
 * another endpoint is left for a run that reaches it), and journals a
 * settlement for each the reading decides: "done" when the service shows
 * the change, "not done" when it does not. Nothing is sent again. Appends
 * what it found, one line per change, to `report` and one sentence to
 * `summary`. Returns how many it found. Main or UI thread, before the
 * front end's own app starts.
 */
size_t recover_run(const struct cli_options *opts, struct buf *report, struct buf *summary);

/* recover_run() for the one-shot commands: the report goes to stderr. */
void recover_report(const struct cli_options *opts);

#endif
