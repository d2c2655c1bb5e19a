/* SPDX-License-Identifier: Apache-2.0 */
/* journal.c: the write-ahead journal of state-changing calls (intent before, outcome after), the audit log; finding what an earlier run left unsettled. */
#include "config.h"

#include "journal.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "worker.h"

#define JOURNAL_NAME "journal.jsonl"
#define JOURNAL_OLD "journal.1.jsonl"
#define JOURNAL_AUDIT "audit.log"
#define JOURNAL_DEFAULT_MAX (4u << 20)

struct journal {
	char *dir;
	char *path;
	int fd;
	size_t max_bytes;
	bool no_sync;              /* test-only: SHTUI_JOURNAL_NOSYNC=1 */
	bool dirty;                /* written since the last sync */
	unsigned long syncs;
	long pid;
	char start[32];            /* this process's start time (/proc), "" when unknown */
	char proc_tag[48];         /* makes IDs unique across runs */
	unsigned long next_id;
	unsigned long next_batch;
	char batch[64];
};

char *journal_dir(void)
{
	struct buf b;
	buf_init(&b);
	const char *state = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	if (state && *state == '/')
		buf_printf(&b, "%s/shtui", state);
	else if (home && *home)
		buf_printf(&b, "%s/.local/state/shtui", home);
	else
		return NULL;
	return buf_steal(&b);
}

void journal_now(char out[32])
{
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	size_t n = strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + n, 32 - n, ".%03ldZ", ts.tv_nsec / 1000000);
}

/* The start time of process `pid` in clock ticks since boot (field 22 of
 * /proc/PID/stat), so a reused PID is not taken for the writer. */
static bool proc_start(long pid, char *out, size_t n)
{
	char path[64], line[1024];
	snprintf(path, sizeof path, "/proc/%ld/stat", pid);
	FILE *f = fopen(path, "re");
	if (!f)
		return false;
	bool ok = fgets(line, sizeof line, f) != NULL;
	fclose(f);
	char *p = ok ? strrchr(line, ')') : NULL;
	/* After the command's ")": state is field 3; the start time is 22. */
	for (int field = 2; p && field < 22; field++)
		p = strchr(p + 1, ' ');
	if (!p)
		return false;
	size_t len = strcspn(p + 1, " ");
	if (len == 0 || len >= n)
		return false;
	memcpy(out, p + 1, len);
	out[len] = '\0';
	return true;
}

bool journal_writer_alive(const cJSON *record)
{
	const cJSON *pid = cJSON_GetObjectItemCaseSensitive(record, "pid");
	const cJSON *start = cJSON_GetObjectItemCaseSensitive(record, "start");
	if (!cJSON_IsNumber(pid) || pid->valuedouble < 1)
		return false;
	long p = (long)pid->valuedouble;
	char now[32];
	if (cJSON_IsString(start) && *start->valuestring && proc_start(p, now, sizeof now))
		return strcmp(now, start->valuestring) == 0;
	return kill((pid_t)p, 0) == 0 || errno == EPERM;
}

/* mkdir -p for `dir`, new folders 0700. */
static bool make_dirs(const char *dir)
{
	char *path = strdup(dir);
	bool ok = path != NULL;
	for (char *p = path ? strchr(path + 1, '/') : NULL; ok; p = strchr(p + 1, '/')) {
		if (p)
			*p = '\0';
		ok = mkdir(path, 0700) == 0 || errno == EEXIST;
		if (!p)
			break;
		*p = '/';
	}
	free(path);
	return ok;
}

static void sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

static int open_file(const char *path)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	struct stat st;
	/* A file someone made readable to others is made private again. */
	if (fd >= 0 && fstat(fd, &st) == 0 && (st.st_mode & 077))
		fchmod(fd, 0600);
	return fd;
}

struct journal *journal_open(const char *dir, size_t max_bytes, struct buf *err)
{
	struct journal *j = calloc(1, sizeof *j);
	if (!j) {
		buf_puts(err, "out of memory");
		return NULL;
	}
	j->fd = -1;
	j->dir = dir ? strdup(dir) : journal_dir();
	if (!j->dir) {
		buf_puts(err, "there is no place for the journal: set HOME or XDG_STATE_HOME");
		goto fail;
	}
	struct buf p;
	buf_init(&p);
	buf_printf(&p, "%s/" JOURNAL_NAME, j->dir);
	j->path = buf_steal(&p);
	if (!j->path) {
		buf_puts(err, "out of memory");
		goto fail;
	}
	if (!make_dirs(j->dir)) {
		buf_printf(err, "cannot create the folder %s: %s", j->dir, strerror(errno));
		goto fail;
	}
	bool existed = access(j->path, F_OK) == 0;
	j->fd = open_file(j->path);
	if (j->fd < 0) {
		buf_printf(err, "cannot open %s: %s", j->path, strerror(errno));
		goto fail;
	}
	if (!existed)
		sync_dir(j->dir);
	/* A write past RLIMIT_FSIZE must fail with EFBIG, not kill us. */
	signal(SIGXFSZ, SIG_IGN);
	const char *ns = getenv("SHTUI_JOURNAL_NOSYNC");
	j->no_sync = ns && strcmp(ns, "1") == 0;
	j->max_bytes = max_bytes ? max_bytes : JOURNAL_DEFAULT_MAX;
	j->pid = (long)getpid();
	if (!proc_start(j->pid, j->start, sizeof j->start))
		j->start[0] = '\0';
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	snprintf(j->proc_tag, sizeof j->proc_tag, "%lx%03lx-%ld", (unsigned long)ts.tv_sec,
		 (unsigned long)(ts.tv_nsec / 1000000), j->pid);
	journal_batch(j);
	return j;
fail:
	journal_close(j);
	return NULL;
}

const char *journal_path(const struct journal *j)
{
	return j->path;
}

unsigned long journal_syncs(const struct journal *j)
{
	return j->syncs;
}

void journal_close(struct journal *j)
{
	if (!j)
		return;
	if (j->fd >= 0) {
		struct buf err;
		buf_init(&err);
		journal_sync(j, &err);
		buf_done(&err);
		close(j->fd);
	}
	if (getenv("SHTUI_JOURNAL_STATS"))
		fprintf(stderr, "shtui: journal: %lu syncs\n", j->syncs);
	free(j->dir);
	free(j->path);
	free(j);
}

void journal_batch(struct journal *j)
{
	snprintf(j->batch, sizeof j->batch, "%s-b%lu", j->proc_tag, ++j->next_batch);
}

static bool write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;
			return false;
		}
		s += w;
		n -= (size_t)w;
	}
	return true;
}

/* Does a parsed record settle intent `id` for good? */
static bool settles(const cJSON *r)
{
	const char *kind = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r, "record"));
	const char *out = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r, "outcome"));
	if (!kind)
		return false;
	if (strcmp(kind, "settlement") == 0)
		return true;
	return strcmp(kind, "outcome") == 0 && out && strcmp(out, "unknown") != 0;
}

static const char *rec_id(const cJSON *r)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r, "id"));
}

/*
 * Rotation, with the lock held on the current file: the unsettled
 * intents (and their "unknown" outcomes) go first into a new file, which
 * is synced and then takes the journal's name; the full file becomes
 * journal.1.jsonl.
 */
struct kept {
	char *id;
	char *line;                /* with its newline */
};

static void kept_free(struct kept *k, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(k[i].id);
		free(k[i].line);
	}
	free(k);
}

/* The lines to carry into a new file: unsettled intents (marked
 * "carried", so a reader that has the original skips the copy) and their
 * "unknown" outcomes. NULL with `err` set when it fails. */
static struct kept *unsettled_lines(FILE *in, size_t *n_out, struct buf *err)
{
	struct kept *keep = NULL;
	size_t n = 0, cap = 0;
	char *line = NULL;
	size_t lcap = 0;
	ssize_t len;
	bool ok = true;
	while (ok && (len = getline(&line, &lcap, in)) > 0) {
		cJSON *r = cJSON_ParseWithLength(line, (size_t)len);
		const char *id = rec_id(r);
		const char *kind = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r, "record"));
		if (id && kind && settles(r)) {
			size_t w = 0;
			for (size_t i = 0; i < n; i++) {
				if (strcmp(keep[i].id, id) == 0) {
					free(keep[i].id);
					free(keep[i].line);
				} else {
					keep[w++] = keep[i];
				}
			}
			n = w;
		} else if (id && kind && (strcmp(kind, "intent") == 0 || strcmp(kind, "outcome") == 0)) {
			if (n == cap) {
				size_t nc = cap ? cap * 2 : 64;
				struct kept *k = realloc(keep, nc * sizeof *k);
				ok = k != NULL;
				if (k) {
					keep = k;
					cap = nc;
				}
			}
			if (ok && strcmp(kind, "intent") == 0 && !cJSON_GetObjectItemCaseSensitive(r, "carried"))
				cJSON_AddBoolToObject(r, "carried", true);
			char *text = ok ? cJSON_PrintUnformatted(r) : NULL;
			struct buf l;
			buf_init(&l);
			if (text)
				buf_printf(&l, "%s\n", text);
			free(text);
			if (ok) {
				keep[n].id = strdup(id);
				keep[n].line = buf_steal(&l);
				ok = keep[n].id && keep[n].line;
				n++;
			}
			buf_done(&l);
		}
		cJSON_Delete(r);
	}
	free(line);
	if (!ok) {
		buf_puts(err, "out of memory");
		kept_free(keep, n);
		return NULL;
	}
	*n_out = n;
	return keep ? keep : calloc(1, sizeof *keep);
}

/*
 * Rotation, with the lock held on the current file: the unsettled
 * intents (and their "unknown" outcomes) go first into a new file, which
 * is synced and then takes the journal's name; the full file becomes
 * journal.1.jsonl.
 */
static bool rotate(struct journal *j, struct buf *err)
{
	struct buf oldp, tmpp;
	buf_init(&oldp);
	buf_init(&tmpp);
	buf_printf(&oldp, "%s/" JOURNAL_OLD, j->dir);
	buf_printf(&tmpp, "%s/" JOURNAL_NAME ".new", j->dir);
	bool ok = false;
	int out = -1;
	struct kept *keep = NULL;
	size_t n_keep = 0;
	FILE *in = fopen(j->path, "re");
	if (!in) {
		buf_printf(err, "cannot read %s: %s", j->path, strerror(errno));
		goto out;
	}
	if (!(keep = unsettled_lines(in, &n_keep, err)))
		goto out;
	/* So many open intents that a new file would be half full at once:
	 * grow instead, rather than rotate at every record. */
	size_t kept_bytes = 0;
	for (size_t i = 0; i < n_keep; i++)
		kept_bytes += strlen(keep[i].line);
	if (kept_bytes > j->max_bytes / 2) {
		buf_puts(err, "too many open intents to rotate");
		goto out;
	}
	out = open(buf_str(&tmpp), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (out < 0) {
		buf_printf(err, "cannot create %s: %s", buf_str(&tmpp), strerror(errno));
		goto out;
	}
	for (size_t i = 0; i < n_keep; i++) {
		if (!write_all(out, keep[i].line, strlen(keep[i].line))) {
			buf_printf(err, "cannot write %s: %s", buf_str(&tmpp), strerror(errno));
			goto out;
		}
	}
	if (!j->no_sync && (fdatasync(out) != 0 || fdatasync(j->fd) != 0)) {
		buf_printf(err, "cannot sync %s: %s", buf_str(&tmpp), strerror(errno));
		goto out;
	}
	/* The journal's name never goes missing, or another process could
	 * create a file there and write into it just before it is replaced. */
	unlink(buf_str(&oldp));
	if (link(j->path, buf_str(&oldp)) != 0 || rename(buf_str(&tmpp), j->path) != 0) {
		buf_printf(err, "cannot rotate %s: %s", j->path, strerror(errno));
		goto out;
	}
	if (!j->no_sync)
		sync_dir(j->dir);
	ok = true;
out:
	if (!ok)
		unlink(buf_str(&tmpp));
	if (out >= 0)
		close(out);
	if (in)
		fclose(in);
	kept_free(keep, n_keep);
	buf_done(&oldp);
	buf_done(&tmpp);
	return ok;
}

/* Points j->fd at the file now at j->path, locked. */
static bool lock_current(struct journal *j, struct buf *err)
{
	for (int tries = 0; tries < 1000; tries++) {
		while (flock(j->fd, LOCK_EX) != 0) {
			if (errno != EINTR) {
				buf_printf(err, "cannot lock %s: %s", j->path, strerror(errno));
				return false;
			}
		}
		struct stat a, b;
		if (fstat(j->fd, &a) == 0 && stat(j->path, &b) == 0 && a.st_ino == b.st_ino &&
		    a.st_dev == b.st_dev)
			return true;
		/* Another process rotated the file: follow it. Ours is synced
		 * first, so nothing written to the old one waits on a sync. */
		if (j->dirty && !j->no_sync)
			fdatasync(j->fd);
		flock(j->fd, LOCK_UN);
		int fd = open_file(j->path);
		if (fd < 0) {
			buf_printf(err, "cannot open %s: %s", j->path, strerror(errno));
			return false;
		}
		close(j->fd);
		j->fd = fd;
	}
	buf_printf(err, "%s keeps changing under us", j->path);
	return false;
}

/* Appends one record (a JSON object) as one line; nothing of it is left
 * in the file when it fails. */
static bool append(struct journal *j, cJSON *rec, struct buf *err)
{
	char *line = rec ? cJSON_PrintUnformatted(rec) : NULL;
	if (!line) {
		buf_puts(err, "out of memory");
		return false;
	}
	size_t n = strlen(line);
	bool ok = lock_current(j, err);
	struct stat st;
	if (ok && fstat(j->fd, &st) != 0) {
		buf_printf(err, "cannot read the size of %s: %s", j->path, strerror(errno));
		ok = false;
	}
	if (ok && (size_t)st.st_size + n + 1 > j->max_bytes && st.st_size > 0) {
		if (rotate(j, err)) {
			flock(j->fd, LOCK_UN);
			int fd = open_file(j->path);
			if (fd >= 0) {
				close(j->fd);
				j->fd = fd;
			}
			ok = lock_current(j, err) && fstat(j->fd, &st) == 0;
		} else {
			/* Too big is better than lost: go on in the same file. */
			buf_reset(err);
		}
	}
	if (ok) {
		line[n] = '\n';
		if (!write_all(j->fd, line, n + 1)) {
			int e = errno;
			/* No half line stays behind (a full disk, a size limit). */
			if (ftruncate(j->fd, st.st_size) != 0)
				(void)0;
			buf_printf(err, "cannot write %s: %s", j->path, strerror(e));
			ok = false;
		} else {
			j->dirty = true;
		}
		line[n] = '\0';
	}
	if (j->fd >= 0)
		flock(j->fd, LOCK_UN);
	free(line);
	return ok;
}

static void add_str(cJSON *o, const char *k, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, k, v);
	else
		cJSON_AddNullToObject(o, k);
}

/* A record's common head: time, record, id, pid, start. */
static cJSON *record_new(struct journal *j, const char *kind, const char *id)
{
	char now[32];
	journal_now(now);
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	add_str(o, "time", now);
	add_str(o, "record", kind);
	add_str(o, "id", id);
	cJSON_AddNumberToObject(o, "pid", (double)j->pid);
	add_str(o, "start", j->start);
	return o;
}

char *journal_intent(struct journal *j, const struct journal_intent *in, struct buf *err)
{
	struct buf id;
	buf_init(&id);
	buf_printf(&id, "%s-%lu", j->proc_tag, ++j->next_id);
	cJSON *o = record_new(j, "intent", buf_str(&id));
	if (o) {
		add_str(o, "batch", j->batch);
		add_str(o, "frontend", in->frontend);
		add_str(o, "profile", in->profile);
		add_str(o, "role", in->role);
		add_str(o, "account", in->account);
		add_str(o, "region", in->region);
		add_str(o, "endpoint", in->endpoint);
		add_str(o, "operation", in->operation);
		cJSON *params = in->parameters ? cJSON_Parse(in->parameters) : NULL;
		if (params)
			cJSON_AddItemToObject(o, "parameters", params);
		else
			cJSON_AddObjectToObject(o, "parameters");
		add_str(o, "target", in->target);
	}
	bool ok = append(j, o, err);
	cJSON_Delete(o);
	if (!ok) {
		buf_done(&id);
		return NULL;
	}
	return buf_steal(&id);
}

bool journal_sync(struct journal *j, struct buf *err)
{
	if (!j->dirty)
		return true;
	if (!j->no_sync) {
		int r;
		while ((r = fdatasync(j->fd)) != 0 && errno == EINTR)
			;
		if (r != 0) {
			buf_printf(err, "cannot sync %s: %s", j->path, strerror(errno));
			return false;
		}
		j->syncs++;
	}
	j->dirty = false;
	return true;
}

bool journal_outcome(struct journal *j, const char *id, const char *outcome,
		     const char *operation, const char *code, const char *message,
		     struct buf *err)
{
	cJSON *o = record_new(j, "outcome", id);
	if (o) {
		add_str(o, "outcome", outcome);
		if (operation)
			add_str(o, "operation", operation);
		if (code || message) {
			add_str(o, "code", code);
			add_str(o, "message", message);
		}
	}
	bool ok = append(j, o, err);
	cJSON_Delete(o);
	return ok;
}

bool journal_outcome_job(struct journal *j, const char *id, const struct job *job,
			 struct buf *err)
{
	const char *op = job->req.operation;
	const struct job_error *e = &job->err;
	if (e->kind == JOB_ERR_NONE) {
		const cJSON *un = cJSON_GetObjectItemCaseSensitive(job->result, "UnprocessedAccounts");
		const cJSON *first = cJSON_IsArray(un) ? cJSON_GetArrayItem(un, 0) : NULL;
		if (first)
			return journal_outcome(j, id, "failed", op, "UnprocessedAccounts",
					       cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(first, "ProcessingResult")),
					       err);
		return journal_outcome(j, id, "done", op, NULL, NULL, err);
	}
	if (e->kind == JOB_ERR_UNKNOWN_OUTCOME)
		return journal_outcome(j, id, "unknown", op, NULL, e->message, err);
	if (e->kind == JOB_ERR_CANCELLED && job->requests_sent == 0)
		return journal_outcome(j, id, "not sent", op, NULL, e->message, err);
	return journal_outcome(j, id, "failed", op,
			       e->code ? e->code : job_error_kind_str(e->kind), e->message, err);
}

bool journal_settle(struct journal *j, const char *id, const char *outcome,
		    const char *evidence, struct buf *err)
{
	cJSON *o = record_new(j, "settlement", id);
	if (o) {
		add_str(o, "outcome", outcome);
		add_str(o, "evidence", evidence);
	}
	bool ok = append(j, o, err);
	cJSON_Delete(o);
	return ok;
}

/* The old audit log's line as a record: its outcome in the journal's words. */
static void from_audit(cJSON *r)
{
	cJSON_AddStringToObject(r, "record", "audit");
	cJSON *out = cJSON_GetObjectItemCaseSensitive(r, "outcome");
	const char *o = cJSON_GetStringValue(out);
	if (o && (strcmp(o, "ok") == 0 || strcmp(o, "error") == 0))
		cJSON_SetValuestring(out, o[0] == 'o' ? "done" : "failed");
}

static bool load_file(cJSON *all, const char *dir, const char *name, struct buf *err)
{
	struct buf p;
	buf_init(&p);
	buf_printf(&p, "%s/%s", dir, name);
	FILE *f = fopen(buf_str(&p), "re");
	if (!f) {
		bool ok = errno == ENOENT;
		if (!ok)
			buf_printf(err, "cannot read %s: %s", buf_str(&p), strerror(errno));
		buf_done(&p);
		return ok;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	bool audit = strcmp(name, JOURNAL_AUDIT) == 0;
	while ((len = getline(&line, &cap, f)) > 0) {
		cJSON *r = cJSON_ParseWithLength(line, (size_t)len);
		if (!cJSON_IsObject(r)) {
			cJSON_Delete(r);
			continue;
		}
		if (audit)
			from_audit(r);
		cJSON_AddItemToArray(all, r);
	}
	free(line);
	fclose(f);
	buf_done(&p);
	return true;
}

cJSON *journal_load(const char *dir, struct buf *err)
{
	char *d = dir ? strdup(dir) : journal_dir();
	if (!d) {
		buf_puts(err, "there is no place for the journal: set HOME or XDG_STATE_HOME");
		return NULL;
	}
	cJSON *all = cJSON_CreateArray();
	bool ok = all && load_file(all, d, JOURNAL_AUDIT, err) && load_file(all, d, JOURNAL_OLD, err) &&
		  load_file(all, d, JOURNAL_NAME, err);
	free(d);
	if (!ok) {
		cJSON_Delete(all);
		if (!err->len)
			buf_puts(err, "out of memory");
		return NULL;
	}
	/* A rotation carries open intents over: keep the first copy only. */
	cJSON *next;
	for (cJSON *r = all->child; r; r = next) {
		next = r->next;
		if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "carried")))
			continue;
		for (const cJSON *o = all->child; o != r; o = o->next) {
			if (rec_id(o) && strcmp(rec_id(o), rec_id(r)) == 0) {
				cJSON_Delete(cJSON_DetachItemViaPointer(all, r));
				break;
			}
		}
	}
	return all;
}

cJSON *journal_unsettled(const cJSON *records)
{
	cJSON *open = cJSON_CreateArray();
	const cJSON *r;
	cJSON_ArrayForEach(r, records) {
		const char *kind = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r, "record"));
		const char *id = rec_id(r);
		if (!kind || !id || !open)
			continue;
		/* journal_load() keeps one copy of each intent: no search for
		 * those; the outcomes mostly answer the oldest open ones. */
		if (strcmp(kind, "intent") == 0) {
			cJSON_AddItemToArray(open, cJSON_Duplicate(r, true));
			continue;
		}
		cJSON *have = NULL;
		int at = 0;
		for (cJSON *o = open->child; o; o = o->next, at++) {
			if (strcmp(rec_id(o), id) == 0) {
				have = o;
				break;
			}
		}
		if (have && settles(r)) {
			cJSON_DeleteItemFromArray(open, at);
		} else if (have && strcmp(kind, "outcome") == 0) {
			cJSON_DeleteItemFromObjectCaseSensitive(have, "outcome");
			cJSON_AddStringToObject(have, "outcome", "unknown");
		}
	}
	for (cJSON *o = open ? open->child : NULL; o; o = o->next)
		cJSON_AddBoolToObject(o, "alive", journal_writer_alive(o));
	return open;
}
