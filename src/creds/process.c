/* SPDX-License-Identifier: Apache-2.0 */
/* creds/process.c: the "custom-process" link: credential_process, run by the worker as a child without a shell. */
#include "config.h"

#include "creds/creds.h"

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "aws_creds.h"
#include "creds/parse.h"
#include "job.h"
#include "log.h"

/* How long a helper may take: long enough for one that asks the user
 * something on /dev/tty, short enough that a hung one is noticed. */
#define PROCESS_TIMEOUT_MS (5 * 60 * 1000L)

struct process_job {
	char *profile;
	char *program;    /* argv[0], for messages */
};

static void process_job_free(void *data)
{
	struct process_job *p = data;
	if (!p)
		return;
	free(p->profile);
	free(p->program);
	free(p);
}

/* A helper's stderr as it may be shown: lines joined with " | ", control
 * characters left for the printer to make visible, and the values of
 * credential fields masked (a helper may echo what it fetched). */
static void clean_stderr(const struct buf *raw, struct buf *out)
{
	static const char *const fields[] = {
		"SecretAccessKey", "secretAccessKey", "SessionToken", "sessionToken", "Token",
		"AccessToken", "accessToken", "aws_secret_access_key", "aws_session_token",
		"AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
	};
	struct buf joined;
	buf_init(&joined);
	const char *s = buf_str(raw);
	size_t n = raw->len;
	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
			continue;
		if (s[i] == '\n' || s[i] == '\r')
			buf_puts(&joined, " | ");
		else
			buf_putc(&joined, s[i]);
	}
	char *t = joined.data;
	for (size_t f = 0; t && f < sizeof fields / sizeof fields[0]; f++) {
		size_t fl = strlen(fields[f]);
		for (char *p = t; (p = strstr(p, fields[f])) != NULL; p += fl) {
			char *v = p + fl;
			if (*v == '"')
				v++;
			while (*v == ' ' || *v == '\t')
				v++;
			if (*v != ':' && *v != '=')
				continue;
			v++;
			while (*v == ' ' || *v == '\t' || *v == '"' || *v == '\'')
				v++;
			for (; *v && !strchr("\"', \t|", *v); v++)
				*v = '*';
		}
	}
	char *r = t ? log_redact(t) : NULL;
	buf_puts(out, r ? r : "");
	buf_free_secret(r);
	buf_done(&joined);
}

static enum shtui_status process_start(struct job *job)
{
	(void)job;   /* the argv was set when the job was made */
	return SHTUI_OK;
}

static enum job_next process_reply(struct job *job, const struct http_reply *reply)
{
	(void)reply;
	struct process_job *p = job->data;
	const struct job_child *c = &job->child;
	struct buf msg;
	buf_init(&msg);
	buf_puts(&msg, "Error when retrieving credentials from custom-process: ");
	size_t head = msg.len;
	if (!c->started) {
		buf_printf(&msg, "cannot run \"%s\" (credential_process of profile %s): %s",
			   p->program, p->profile, strerror(c->status));
	} else if (c->timed_out) {
		buf_printf(&msg, "\"%s\" (credential_process of profile %s) did not finish within "
			   "%ld s and was stopped", p->program, p->profile, PROCESS_TIMEOUT_MS / 1000);
	} else if (!WIFEXITED(c->status) || WEXITSTATUS(c->status) != 0) {
		struct buf clean;
		buf_init(&clean);
		clean_stderr(&c->err, &clean);
		if (clean.len)
			buf_printf(&msg, "%s (", buf_str(&clean));
		else
			buf_printf(&msg, "\"%s\" printed nothing on stderr (", p->program);
		if (WIFEXITED(c->status) && WEXITSTATUS(c->status) == 127 && !clean.len)
			buf_puts(&msg, "exit status 127: it could not be run)");
		else if (WIFEXITED(c->status))
			buf_printf(&msg, "exit status %d)", WEXITSTATUS(c->status));
		else
			buf_printf(&msg, "killed by signal %d)", WTERMSIG(c->status));
		buf_done(&clean);
	} else {
		struct buf why;
		buf_init(&why);
		if (creds_parse_process_output(buf_str(&c->out), c->out.len, &job->got, &why) ==
		    SHTUI_OK)
			job->got.source = "custom-process";
		else
			buf_puts(&msg, buf_str(&why));
		buf_done(&why);
	}
	if (msg.len == head)
		buf_reset(&msg);
	creds_job_settle(job, &msg);
	return JOB_DONE;
}

static const struct job_ops process_ops = {
	.name = "credential_process",
	.start = process_start,
	.reply = process_reply,
	.free_data = process_job_free,
};

enum shtui_status creds_process(struct creds_chain *ch, const struct aws_config *cfg,
				struct aws_creds *out, struct job **fetch, struct buf *err)
{
	(void)ch;
	(void)out;
	const char *command = aws_config_get(cfg, "credential_process");
	if (!command)
		return SHTUI_ENOCREDS;
	char **argv = NULL;
	struct buf why;
	buf_init(&why);
	enum shtui_status st = aws_config_split_command(command, &argv, &why);
	if (st != SHTUI_OK) {
		buf_printf(err, "Error when retrieving credentials from custom-process: "
			   "credential_process of profile %s: %s", cfg->profile, buf_str(&why));
		buf_done(&why);
		return st == SHTUI_ENOMEM ? st : SHTUI_ECONFIG;
	}
	buf_done(&why);
	struct process_job *p = calloc(1, sizeof *p);
	struct job *j = NULL;
	if (p && (p->profile = strdup(cfg->profile ? cfg->profile : "default")) &&
	    (p->program = strdup(argv[0])))
		j = job_new(&process_ops, p, NULL, NULL, "process");
	if (!j) {
		process_job_free(p);
		aws_config_argv_free(argv);
		buf_puts(err, shtui_status_str(SHTUI_ENOMEM));
		return SHTUI_ENOMEM;
	}
	log_debug("credentials: profile %s: running credential_process %s", p->profile, argv[0]);
	j->child_argv = argv;
	j->child_timeout_ms = PROCESS_TIMEOUT_MS;
	*fetch = j;
	return SHTUI_OK;
}
