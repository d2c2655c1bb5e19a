/* SPDX-License-Identifier: Apache-2.0 */
/* test_journal.c: the journal's records, group commit, privacy, rotation that keeps open intents, refusal when a write fails, and finding unsettled intents of dead processes. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdbool.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "journal.h"
#include "tap.h"
#include "worker.h"

static char root[] = "/tmp/shtui-journal.XXXXXX";

static char *path_in(const char *dir, const char *name)
{
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "%s/%s", dir, name);
	return buf_steal(&b);
}

static const struct journal_intent an_accept = {
	.frontend = "command", .profile = "default", .account = "111111111111",
	.region = "us-east-1", .endpoint = "http://127.0.0.1:1",
	.operation = "AcceptAdministratorInvitation",
	.parameters = "{\"AdministratorId\":\"222222222222\",\"InvitationId\":\"inv-1\"}",
	.target = "222222222222",
};

static const char *str(const cJSON *o, const char *k)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, k));
}

static void records_and_privacy(void)
{
	char *dir = path_in(root, "a/b/shtui");
	struct buf err;
	buf_init(&err);
	struct journal *j = journal_open(dir, 0, &err);
	tap_ok(j != NULL, "opens, creating its folders (%s)", buf_str(&err));
	if (!j)
		return;
	struct stat st;
	tap_ok(stat(journal_path(j), &st) == 0 && (st.st_mode & 0777) == 0600, "the file is 0600");
	tap_ok(stat(dir, &st) == 0 && (st.st_mode & 0777) == 0700, "its folder is 0700");

	char *id = journal_intent(j, &an_accept, &err);
	tap_ok(id != NULL, "an intent is written");
	tap_is_int((long long)journal_syncs(j), 0, "not synced until asked");
	tap_ok(journal_sync(j, &err), "synced");
	tap_is_int((long long)journal_syncs(j), 1, "one sync");
	tap_ok(journal_sync(j, &err) && journal_syncs(j) == 1, "nothing new: no second sync");

	/* Group commit: many intents, one sync. */
	char *ids[10];
	journal_batch(j);
	for (int i = 0; i < 10; i++)
		ids[i] = journal_intent(j, &an_accept, &err);
	journal_sync(j, &err);
	tap_is_int((long long)journal_syncs(j), 2, "ten intents of a group: one sync");

	struct job jb;
	memset(&jb, 0, sizeof jb);
	jb.req.operation = strdup("AcceptAdministratorInvitation");
	journal_outcome_job(j, id, &jb, &err);
	jb.err.kind = JOB_ERR_SERVICE;
	jb.err.code = strdup("InvalidInputException");
	jb.err.message = strdup("already has an administrator");
	journal_outcome_job(j, ids[0], &jb, &err);
	jb.err.kind = JOB_ERR_UNKNOWN_OUTCOME;
	job_error_clear(&jb.err);
	jb.err.kind = JOB_ERR_UNKNOWN_OUTCOME;
	jb.err.message = strdup("the connection broke");
	journal_outcome_job(j, ids[1], &jb, &err);
	job_error_clear(&jb.err);
	jb.result = cJSON_Parse("{\"UnprocessedAccounts\":[{\"AccountId\":\"2\",\"ProcessingResult\":\"not pending\"}]}");
	journal_outcome_job(j, ids[2], &jb, &err);
	cJSON_Delete(jb.result);
	free(jb.req.operation);
	journal_settle(j, ids[3], "not done", "the invitation is still pending", &err);
	journal_close(j);

	cJSON *all = journal_load(dir, &err);
	tap_is_int(cJSON_GetArraySize(all), 16, "11 intents, 4 outcomes, 1 settlement read back");
	const cJSON *first = cJSON_GetArrayItem(all, 0);
	tap_is_str(str(first, "record"), "intent", "the first is the intent");
	tap_is_str(str(first, "frontend"), "command", "with its front end");
	tap_is_str(str(first, "account"), "111111111111", "account");
	tap_is_str(str(first, "region"), "us-east-1", "region");
	tap_is_str(str(cJSON_GetObjectItemCaseSensitive(first, "parameters"), "InvitationId"), "inv-1",
		   "and its parameters as JSON");
	tap_ok(cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(first, "pid")) && str(first, "batch") &&
	       str(first, "time") && strlen(str(first, "time")) == 24, "time, pid and batch");
	tap_ok(strcmp(str(first, "batch"), str(cJSON_GetArrayItem(all, 1), "batch")) != 0 &&
	       strcmp(str(cJSON_GetArrayItem(all, 1), "batch"), str(cJSON_GetArrayItem(all, 2), "batch")) == 0,
	       "a new batch gets a new ID, shared by its intents");
	const cJSON *o = cJSON_GetArrayItem(all, 11);
	tap_ok(strcmp(str(o, "record"), "outcome") == 0 && strcmp(str(o, "outcome"), "done") == 0 &&
	       strcmp(str(o, "id"), id) == 0, "outcome done for the first");
	o = cJSON_GetArrayItem(all, 12);
	tap_ok(strcmp(str(o, "outcome"), "failed") == 0 && strcmp(str(o, "code"), "InvalidInputException") == 0 &&
	       strcmp(str(o, "message"), "already has an administrator") == 0, "failed with code and message");
	o = cJSON_GetArrayItem(all, 14);
	tap_ok(strcmp(str(o, "outcome"), "failed") == 0 && strcmp(str(o, "message"), "not pending") == 0,
	       "an unprocessed account is a failure");

	/* Ours are alive: listed, but alive. */
	cJSON *open = journal_unsettled(all);
	tap_is_int(cJSON_GetArraySize(open), 7, "7 unsettled: 6 without outcome, 1 unknown");
	const cJSON *u = cJSON_GetArrayItem(open, 0);
	tap_ok(u && strcmp(str(u, "id"), ids[1]) == 0 && strcmp(str(u, "outcome"), "unknown") == 0,
	       "the unknown one says so");
	tap_ok(u && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(u, "alive")), "this process is alive");
	cJSON_Delete(open);
	cJSON_Delete(all);
	for (int i = 0; i < 10; i++)
		free(ids[i]);
	free(id);

	/* A file made readable to others is made private again. */
	char *p = path_in(dir, "journal.jsonl");
	chmod(p, 0644);
	j = journal_open(dir, 0, &err);
	tap_ok(j && stat(p, &st) == 0 && (st.st_mode & 0777) == 0600, "an existing 0644 file is made 0600");
	journal_close(j);
	free(p);
	free(dir);
	buf_done(&err);
}

static void dead_writers(void)
{
	char *dir = path_in(root, "dead");
	struct buf err;
	buf_init(&err);
	pid_t pid = fork();
	if (pid == 0) {
		struct journal *j = journal_open(dir, 0, &err);
		char *id = j ? journal_intent(j, &an_accept, &err) : NULL;
		_exit(id && journal_sync(j, &err) ? 0 : 1);
	}
	int status;
	waitpid(pid, &status, 0);
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 0, "a child writes an intent and dies");
	cJSON *all = journal_load(dir, &err);
	cJSON *open = journal_unsettled(all);
	const cJSON *u = cJSON_GetArrayItem(open, 0);
	tap_ok(cJSON_GetArraySize(open) == 1 && cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(u, "alive")),
	       "its intent is unsettled, from a dead process");
	/* A live PID with another start time is another process. */
	cJSON *fake = cJSON_Duplicate(u, true);
	cJSON_ReplaceItemInObject(fake, "pid", cJSON_CreateNumber((double)getpid()));
	cJSON_ReplaceItemInObject(fake, "start", cJSON_CreateString("1"));
	tap_ok(!journal_writer_alive(fake), "a reused PID is not taken for the writer");
	cJSON_Delete(fake);

	struct journal *j = journal_open(dir, 0, &err);
	journal_settle(j, str(u, "id"), "done", "the administrator is 222222222222", &err);
	journal_close(j);
	cJSON_Delete(open);
	cJSON_Delete(all);
	all = journal_load(dir, &err);
	open = journal_unsettled(all);
	tap_is_int(cJSON_GetArraySize(open), 0, "settled: nothing left open");
	cJSON_Delete(open);
	cJSON_Delete(all);
	free(dir);
	buf_done(&err);
}

/* An intent and, but for every tenth, its outcome. */
static bool write_some(struct journal *j, int i, struct buf *err)
{
	char *id = journal_intent(j, &an_accept, err);
	bool ok = id && (i % 10 == 0 || journal_outcome(j, id, "done", NULL, NULL, NULL, err));
	free(id);
	return ok;
}

static void rotation(void)
{
	char *dir = path_in(root, "rot");
	struct buf err;
	buf_init(&err);
	struct journal *j = journal_open(dir, 4096, &err);
	char *keep = journal_intent(j, &an_accept, &err);
	char *last = NULL;
	for (int i = 0; i < 60; i++) {
		free(last);
		last = journal_intent(j, &an_accept, &err);
		journal_outcome(j, last, "done", NULL, NULL, NULL, &err);
	}
	journal_sync(j, &err);
	char *cur = path_in(dir, "journal.jsonl"), *old = path_in(dir, "journal.1.jsonl");
	struct stat st;
	memset(&st, 0, sizeof st);
	bool have = stat(cur, &st) == 0;
	tap_ok(have && st.st_size > 0 && st.st_size <= 4096, "the file stays under its limit (%ld)",
	       (long)st.st_size);
	tap_ok(stat(old, &st) == 0 && (st.st_mode & 0777) == 0600, "the full one is journal.1.jsonl, 0600");
	char *tmp = path_in(dir, "journal.jsonl.new");
	tap_ok(access(tmp, F_OK) != 0, "no temporary file is left");
	free(tmp);
	cJSON *all = journal_load(dir, &err);
	cJSON *open = journal_unsettled(all);
	tap_ok(cJSON_GetArraySize(open) == 1 && strcmp(str(cJSON_GetArrayItem(open, 0), "id"), keep) == 0,
	       "the open intent is carried over, once, through every rotation");
	const cJSON *tail = cJSON_GetArrayItem(all, cJSON_GetArraySize(all) - 1);
	tap_ok(strcmp(str(tail, "id"), last) == 0 && strcmp(str(tail, "record"), "outcome") == 0,
	       "the last record is there");
	cJSON_Delete(open);
	cJSON_Delete(all);

	/* Two processes writing at once, through rotations: every record
	 * once, every line whole. */
	journal_close(j);
	j = journal_open(dir, 65536, &err);
	char *old_before = tap_slurp(old, NULL);
	pid_t pid = fork();
	if (pid == 0) {
		struct journal *c = journal_open(dir, 65536, &err);
		int failed = 0;
		for (int i = 0; c && i < 150; i++)
			failed += !write_some(c, i, &err);
		journal_close(c);
		_exit(failed);
	}
	bool all_written = true;
	for (int i = 0; i < 150; i++)
		all_written &= write_some(j, i, &err);
	int status = -1;
	waitpid(pid, &status, 0);
	tap_ok(all_written && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "two writers through rotations: every write worked (%s)", buf_str(&err));
	journal_close(j);
	char *old_after = tap_slurp(old, NULL);
	tap_ok(old_before && old_after && strcmp(old_before, old_after) != 0, "and they rotated it");
	free(old_before);
	free(old_after);
	all = journal_load(dir, &err);
	open = journal_unsettled(all);
	/* Those beyond one rotation back are dropped; what is open is kept. */
	tap_is_int(cJSON_GetArraySize(open), 31, "the 30 left open by two writers and the first, each once");
	cJSON_Delete(open);
	cJSON_Delete(all);
	free(keep);
	free(last);
	free(cur);
	free(old);
	free(dir);
	buf_done(&err);
}

static void refusal(void)
{
	char *dir = path_in(root, "full");
	struct buf err;
	buf_init(&err);
	struct journal *j = journal_open(dir, 0, &err);
	free(journal_intent(j, &an_accept, &err));
	journal_sync(j, &err);
	char *p = path_in(dir, "journal.jsonl");
	struct stat st;
	stat(p, &st);
	off_t before = st.st_size;
	int fds[2];
	if (pipe(fds) != 0)
		return;
	pid_t pid = fork();
	if (pid == 0) {
		/* A disk that fills up: room for half a record. */
		struct rlimit rl = { (rlim_t)before + 100, (rlim_t)before + 100 };
		setrlimit(RLIMIT_FSIZE, &rl);
		char *id = journal_intent(j, &an_accept, &err);
		if (write(fds[1], buf_str(&err), err.len) < 0)
			_exit(2);
		_exit(id ? 1 : 0);
	}
	close(fds[1]);
	char msg[512] = "";
	ssize_t n = read(fds[0], msg, sizeof msg - 1);
	msg[n > 0 ? n : 0] = '\0';
	close(fds[0]);
	int status;
	waitpid(pid, &status, 0);
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 0, "over the size limit the intent is refused");
	tap_ok(strstr(msg, "cannot write") && strstr(msg, "too large"), "and says why: %s", msg);
	stat(p, &st);
	tap_is_int((long long)st.st_size, (long long)before, "no half record is left in the file");
	journal_close(j);

	/* A folder that cannot be made. */
	char *blocker = path_in(root, "file");
	int fd = open(blocker, O_CREAT | O_WRONLY, 0600);
	close(fd);
	char *under = path_in(blocker, "shtui");
	buf_reset(&err);
	bool refused = journal_open(under, 0, &err) == NULL;
	tap_ok(refused && strstr(buf_str(&err), "cannot create the folder"),
	       "a folder that cannot be made: refused, %s", buf_str(&err));
	free(under);
	free(blocker);
	free(p);
	free(dir);
	buf_done(&err);
}

static void old_audit_log(void)
{
	char *dir = path_in(root, "audit");
	mkdir(dir, 0700);
	char *p = path_in(dir, "audit.log");
	FILE *f = fopen(p, "w");
	fputs("{\"time\":\"2026-11-01T00:00:00Z\",\"profile\":\"default\",\"operation\":\"DeclineInvitations\","
	      "\"outcome\":\"ok\"}\n", f);
	fclose(f);
	struct buf err;
	buf_init(&err);
	cJSON *all = journal_load(dir, &err);
	const cJSON *r = cJSON_GetArrayItem(all, 0);
	tap_ok(cJSON_GetArraySize(all) == 1 && strcmp(str(r, "record"), "audit") == 0 &&
	       strcmp(str(r, "outcome"), "done") == 0, "the old audit.log is read, its lines as audit records");
	cJSON_Delete(all);
	free(p);
	free(dir);
	buf_done(&err);
}

int main(void)
{
	if (!mkdtemp(root)) {
		perror("mkdtemp");
		return 99;
	}
	records_and_privacy();
	dead_writers();
	rotation();
	refusal();
	old_audit_log();
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	if (system(cmd) != 0)
		tap_diag("could not remove %s", root);
	return tap_done();
}
