/* SPDX-License-Identifier: Apache-2.0 */
/* job.c: a unit of network work: making, describing and freeing jobs and their errors. */
#include "config.h"

#include "job.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

const char *job_error_kind_str(enum job_error_kind kind)
{
	static const char *const text[] = {
#define JOB_ERR_TEXT(name, text) [name] = text,
		JOB_ERROR_KINDS(JOB_ERR_TEXT)
#undef JOB_ERR_TEXT
	};
	return (unsigned)kind < sizeof text / sizeof text[0] ? text[kind] : "unknown error";
}

bool job_changes_state(const struct job *j)
{
	if (!j->req.method || strcmp(j->req.method, "GET") == 0 ||
	    strcmp(j->req.method, "HEAD") == 0)
		return false;
	if (j->fetch_for)
		return false;
	return !(j->service && strcmp(j->service, "sts") == 0);
}

void job_error_clear(struct job_error *e)
{
	free(e->code);
	free(e->message);
	free(e->request_id);
	memset(e, 0, sizeof *e);
}

void job_error_set(struct job_error *e, enum job_error_kind kind,
		   const char *fmt, ...)
{
	struct buf b;
	va_list ap;
	job_error_clear(e);
	buf_init(&b);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	e->kind = kind;
	e->message = buf_steal(&b);
}

struct job *job_new(const struct job_ops *ops, void *data,
		    struct aws_creds_source *source, const char *region,
		    const char *service)
{
	struct job *j = calloc(1, sizeof *j);
	if (!j)
		return NULL;
	j->ops = ops;
	j->data = data;
	j->source = aws_creds_source_ref(source);
	j->region = dup_or_null(region);
	j->service = service;
	aws_creds_init(&j->creds);
	aws_creds_init(&j->got);
	buf_init(&j->child.out);
	buf_init(&j->child.err);
	j->child.out_fd = j->child.err_fd = -1;
	http_request_init(&j->req);
	http_reply_init(&j->xfer.reply);
	if (region && !j->region) {
		j->data = NULL;
		job_free(j);
		return NULL;
	}
	return j;
}

void job_free(struct job *j)
{
	if (!j)
		return;
	if (j->ops && j->ops->free_data && j->data)
		j->ops->free_data(j->data);
	aws_creds_source_unref(j->source);
	aws_creds_source_unref(j->fetch_for);
	aws_creds_done(&j->creds);
	aws_creds_done(&j->got);
	free(j->ca_bundle);
	aws_config_argv_free(j->child_argv);
	if (j->child.out_fd >= 0)
		close(j->child.out_fd);
	if (j->child.err_fd >= 0)
		close(j->child.err_fd);
	buf_done(&j->child.out);
	buf_done(&j->child.err);
	free(j->region);
	http_request_done(&j->req);
	http_xfer_done(&j->xfer);
	cJSON_Delete(j->result);
	job_error_clear(&j->err);
	free(j->note);
	free(j);
}

static enum shtui_status probe_start(struct job *job)
{
	(void)job;   /* no request: the worker sees to the keys */
	return SHTUI_OK;
}

static enum job_next probe_reply(struct job *job, const struct http_reply *reply)
{
	(void)job;
	(void)reply;
	return JOB_DONE;
}

static const struct job_ops probe_ops = {
	.name = "credentials",
	.start = probe_start,
	.reply = probe_reply,
};

struct job *job_new_probe(struct aws_creds_source *source)
{
	return job_new(&probe_ops, NULL, source, NULL, NULL);
}
