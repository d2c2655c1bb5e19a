/* SPDX-License-Identifier: Apache-2.0 */
/* child.h: a helper process (credential_process) run without a shell, its output read through non-blocking pipes, for the worker to poll. */
#ifndef SHTUI_CHILD_H
#define SHTUI_CHILD_H

#include "job.h"

/*
 * Starts argv[0] (searched in PATH) with stdin from /dev/null, stdout and
 * stderr to pipes whose read ends are left non-blocking in c->out_fd and
 * c->err_fd, every signal open and no other descriptor of ours. Returns 0,
 * or the errno that stopped it (nothing is left open then). Worker thread.
 */
int child_spawn(struct job_child *c, char *const argv[]);
/* Reads what is waiting on *fd into `into`, keeping at most `cap` bytes
 * (the rest is read and dropped); closes it and sets -1 at its end. */
void child_read(int *fd, struct buf *into, size_t cap);
/* Closes the pipes that are still open. */
void child_close(struct job_child *c);
/* Whether the child has ended (reaped, status in c->status). */
bool child_reaped(struct job_child *c);
/* Ends the child at once (SIGKILL), with what it started that is still
 * its own, and reaps it; closes its pipes. */
void child_kill(struct job_child *c);
/* For a program without a screen: SIGINT, SIGTERM and SIGHUP (unless
 * ignored) end the helpers running before they end the program, as they
 * would have. Main thread, once. */
void child_end_with_signals(void);

#endif
