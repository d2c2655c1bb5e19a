/* SPDX-License-Identifier: Apache-2.0 */
/* journal.h: the write-ahead journal of state-changing calls (intent before, outcome after), the audit log; finding what an earlier run left unsettled. */
#ifndef SHTUI_JOURNAL_H
#define SHTUI_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "buf.h"

struct job;

/*
 * The journal is JSON lines in $XDG_STATE_HOME/shtui/journal.jsonl (else
 * ~/.local/state/shtui/), mode 0600, folders 0700. Three kinds of record,
 * each with "time" (UTC, ms), "record", "id" (the intent's) and "pid":
 *
 *   intent      written and made durable before the request leaves:
 *               batch, frontend, profile, role, account, region,
 *               endpoint, operation, parameters (the request body), target
 *   outcome     after the reply: "done", "failed" (code, message),
 *               "unknown" (the reply was lost), or "not sent"
 *   settlement  by a later run that read the service: "done", "not done"
 *
 * An intent is unsettled while it has no outcome, or only "unknown", and
 * no settlement. Group commit: journal_intent() only writes; one
 * journal_sync() makes every intent written before it durable, so a bulk
 * action pays one sync per group of calls, not one per call.
 *
 * When the file passes its size limit it becomes journal.1.jsonl (the one
 * before is dropped) and the new file starts with the unsettled intents
 * carried over, so the last records and every open intent survive.
 * Several processes may append at once: each write holds flock().
 *
 * A struct journal is used by one thread (the UI or main thread).
 */
struct journal;

/* One state-changing call about to be sent. Strings borrowed; NULL ok. */
struct journal_intent {
	const char *frontend;      /* "page", "fleet", "command", "multi-context" */
	const char *profile;
	const char *role;          /* the role it was reached by, if any */
	const char *account;       /* the member account acting */
	const char *region;
	const char *endpoint;      /* the Security Hub URL it goes to */
	const char *operation;     /* "AcceptAdministratorInvitation" */
	const char *parameters;    /* the request body, a JSON object as text */
	const char *target;        /* the administrator account it concerns */
};

/* The journal's folder: $XDG_STATE_HOME/shtui or ~/.local/state/shtui.
 * Heap string; NULL without HOME or XDG_STATE_HOME. */
char *journal_dir(void);

/*
 * Opens (creating folders and file) the journal in `dir` (NULL: the
 * default folder). `max_bytes` 0 means the default limit (4 MiB). NULL
 * with `err` set when it cannot be opened for appending. The test-only
 * switch SHTUI_JOURNAL_NOSYNC=1 turns syncing off (for the benchmark).
 */
struct journal *journal_open(const char *dir, size_t max_bytes, struct buf *err);
/* Syncs what is not yet durable (outcomes) and closes. NULL is fine. */
void journal_close(struct journal *j);
/* The journal file's path (owned by `j`). */
const char *journal_path(const struct journal *j);

/* Starts a batch (one user action: a command, a confirmed dialog, a bulk
 * action); the intents written after it carry its ID. */
void journal_batch(struct journal *j);

/*
 * Appends an intent; it is NOT durable until journal_sync(). Returns its
 * ID (heap), or NULL with `err` set when it could not be written (nothing
 * of it is left in the file then).
 */
char *journal_intent(struct journal *j, const struct journal_intent *in, struct buf *err);

/* Makes every record written so far durable (one fdatasync). False with
 * `err` set when it fails: no intent since the last sync may be sent. */
bool journal_sync(struct journal *j, struct buf *err);

/*
 * Appends an outcome for intent `id`: `outcome` is "done", "failed",
 * "unknown" or "not sent"; `operation` the call that was made (it differs
 * from the intent's after a fallback), NULL to leave it out. Not synced:
 * an outcome lost in a crash is settled by reading. False with `err` set.
 */
bool journal_outcome(struct journal *j, const char *id, const char *outcome,
		     const char *operation, const char *code, const char *message,
		     struct buf *err);

/* The outcome of a finished job, as journal_outcome() writes it: done
 * (and no UnprocessedAccounts), failed with the code and message, or
 * unknown when the reply was lost. */
bool journal_outcome_job(struct journal *j, const char *id, const struct job *job,
			 struct buf *err);

/* Appends a settlement ("done" or "not done", with what the service showed). */
bool journal_settle(struct journal *j, const char *id, const char *outcome,
		    const char *evidence, struct buf *err);

/* Syncs done so far, for the benchmark's figures. */
unsigned long journal_syncs(const struct journal *j);

/*
 * Reads every record, oldest first: the old audit.log (its lines marked
 * "record": "audit"), journal.1.jsonl, journal.jsonl. Lines that do not
 * parse (a power cut mid-line) are skipped. Returns a JSON array (caller
 * frees), or NULL with `err` set when a file exists but cannot be read.
 * `dir` NULL: the default folder.
 */
cJSON *journal_load(const char *dir, struct buf *err);

/*
 * The unsettled intents among `records` (from journal_load), oldest
 * first: a new array of copies, each intent with "outcome" added when it
 * was "unknown" and "alive" (whether the process that wrote it still
 * runs). Caller frees.
 */
cJSON *journal_unsettled(const cJSON *records);

/* Whether the process that wrote `record` (its "pid" and "start") still runs. */
bool journal_writer_alive(const cJSON *record);

/* "2026-11-28T05:00:00.123Z" for now. `out` holds 32 bytes. */
void journal_now(char out[32]);

#endif
