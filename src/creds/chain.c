/* SPDX-License-Identifier: Apache-2.0 */
/* creds/chain.c: the provider chain in botocore's order, and what every link uses. */
#include "config.h"

#include "creds/creds.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "aws_creds.h"
#include "endpoint.h"
#include "job.h"

static const struct {
	const char *name;       /* botocore's METHOD name, used as the source */
	creds_link_fn link;
} links[] = {
	{ "env", creds_files_env },
	{ "assume-role", creds_role },
	{ "assume-role-with-web-identity", creds_web_identity },
	{ "sso", creds_sso },
	{ "shared-credentials-file", creds_files_credentials },
	{ "custom-process", creds_process },
	{ "config-file", creds_files_config },
	/* botocore's legacy "ec2-credentials-file" (AWS_CREDENTIAL_FILE) and
	 * "boto-config" (BOTO_CONFIG, ~/.boto) would come here; not planned. */
	{ "container-role", creds_metadata_container },
	{ "iam-role", creds_metadata_imds },
};

enum shtui_status creds_chain_walk(struct creds_chain *ch, const struct aws_config *cfg,
				   struct aws_creds *out, struct job **fetch, struct buf *err)
{
	enum shtui_status st = SHTUI_ENOCREDS;
	size_t i;
	for (i = 0; i < sizeof links / sizeof links[0]; i++) {
		st = links[i].link(ch, cfg, out, fetch, err);
		if (st != SHTUI_ENOCREDS)
			break;
	}
	if (st == SHTUI_OK && !*fetch)
		out->source = links[i].name;
	else if (st == SHTUI_ENOCREDS)
		buf_printf(err, CREDS_NONE_MSG " shtui looked in: %s.", buf_str(&ch->looked));
	if (st != SHTUI_OK)
		aws_creds_done(out);
	return st;
}

static bool has_static(const struct aws_config *cfg)
{
	return aws_config_get(cfg, "aws_access_key_id") ||
	       aws_config_get(cfg, "aws_secret_access_key");
}

enum shtui_status creds_chain_source_profile(struct creds_chain *ch, const struct aws_config *cfg,
					     struct aws_creds *out, struct job **fetch,
					     struct buf *err)
{
	if (!has_static(cfg) && aws_config_get(cfg, "role_arn") &&
	    !aws_config_get(cfg, "web_identity_token_file"))
		return creds_role(ch, cfg, out, fetch, err);
	static const creds_link_fn own[] = {
		creds_web_identity, creds_sso, creds_files_credentials, creds_process,
		creds_files_config,
	};
	for (size_t i = 0; i < sizeof own / sizeof own[0]; i++) {
		enum shtui_status st = own[i](ch, cfg, out, fetch, err);
		if (st != SHTUI_ENOCREDS)
			return st;
	}
	buf_printf(err, "The source profile \"%s\" must have credentials.", cfg->profile);
	return SHTUI_ECONFIG;
}

void creds_chain_note(struct creds_chain *ch, const char *fmt, ...)
{
	if (ch->nested)
		return;
	if (ch->looked.len)
		buf_puts(&ch->looked, "; ");
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&ch->looked, fmt, ap);
	va_end(ap);
}

enum shtui_status creds_fill(struct aws_creds *out, const char *akid, const char *secret,
			     const char *token, struct buf *err)
{
	struct aws_creds c;
	aws_creds_init(&c);
	c.access_key_id = strdup(akid);
	c.secret_access_key = strdup(secret);
	if (token && *token)
		c.session_token = strdup(token);
	if (!c.access_key_id || !c.secret_access_key || (token && *token && !c.session_token)) {
		aws_creds_done(&c);
		buf_puts(err, shtui_status_str(SHTUI_ENOMEM));
		return SHTUI_ENOMEM;
	}
	aws_creds_done(out);
	*out = c;
	return SHTUI_OK;
}

enum shtui_status creds_partial(struct buf *err, const char *provider, const char *missing)
{
	buf_printf(err, "Partial credentials found in %s, missing: %s", provider, missing);
	return SHTUI_ECONFIG;
}

const char *creds_env(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

enum shtui_status creds_read_file(const char *path, struct buf *out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT || errno == ENOTDIR ? SHTUI_ENOENT : SHTUI_EIO;
	char chunk[4096];
	enum shtui_status st = SHTUI_OK;
	for (;;) {
		ssize_t r = read(fd, chunk, sizeof chunk);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			st = SHTUI_EIO;
			break;
		}
		if (r == 0)
			break;
		if (out->len + (size_t)r > CREDS_MAX_FILE) {
			errno = EFBIG;
			st = SHTUI_EIO;
			break;
		}
		buf_append(out, chunk, (size_t)r);
	}
	OPENSSL_cleanse(chunk, sizeof chunk);
	int e = errno;
	close(fd);
	errno = e;
	if (st == SHTUI_OK && buf_failed(out))
		st = SHTUI_ENOMEM;
	return st;
}

void creds_json_free(cJSON *j)
{
	for (cJSON *c = j; c; c = c->next) {
		if (c->valuestring)
			OPENSSL_cleanse(c->valuestring, strlen(c->valuestring));
		if (c->child) {
			cJSON *child = c->child;
			c->child = NULL;
			creds_json_free(child);
		}
	}
	cJSON_Delete(j);
}

const char *creds_json_str(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

void creds_transport_error(struct buf *err, const char *url, const char *why)
{
	buf_printf(err, "Could not connect to the endpoint URL: \"%s\" (%s)", url, why);
}

enum shtui_status creds_request(struct job *job, const char *method, const char *url,
				const char *operation)
{
	http_request_done(&job->req);
	job->req.method = strdup(method);
	job->req.url = strdup(url);
	job->req.operation = strdup(operation);
	if (!job->req.method || !job->req.url || !job->req.operation)
		return SHTUI_ENOMEM;
	return SHTUI_OK;
}

void creds_job_fail(struct job *job, const char *msg)
{
	job_error_set(&job->err, JOB_ERR_CONFIG, "%s", msg);
}


void creds_job_settle(struct job *job, struct buf *msg)
{
	if (msg->len) {
		aws_creds_done(&job->got);
		creds_job_fail(job, buf_str(msg));
	}
	buf_done(msg);
}

bool creds_write_private(const char *path, const char *text)
{
	char *dir = strdup(path);
	char *slash = dir ? strrchr(dir, '/') : NULL;
	if (!slash || slash == dir) {
		free(dir);
		return false;
	}
	*slash = '\0';
	for (char *p = strchr(dir + 1, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		mkdir(dir, 0700);
		*p = '/';
	}
	mkdir(dir, 0700);
	free(dir);
	struct buf tmp;
	buf_init(&tmp);
	buf_printf(&tmp, "%s.%ld.tmp", path, (long)getpid());
	int fd = buf_failed(&tmp) ? -1 :
		 open(buf_str(&tmp), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	bool whole = false;
	if (fd >= 0) {
		size_t n = strlen(text), off = 0;
		while (off < n) {
			ssize_t w = write(fd, text + off, n - off);
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				break;
			off += (size_t)w;
		}
		whole = off == n;
		if (close(fd) != 0)
			whole = false;
		if (!whole || rename(buf_str(&tmp), path) != 0) {
			unlink(buf_str(&tmp));
			whole = false;
		}
	}
	buf_done(&tmp);
	return whole;
}

enum shtui_status creds_sts_endpoint(const struct aws_config *cfg, char **url, char **region,
				     struct buf *err)
{
	const char *r = cfg->region ? cfg->region : "us-east-1";
	struct endpoint ep;
	endpoint_init(&ep);
	struct endpoint_params params = {
		.region = r,
		.use_fips = cfg->use_fips && !cfg->endpoint_url_sts,
		.use_dualstack = cfg->use_dualstack && !cfg->endpoint_url_sts,
		.endpoint = cfg->endpoint_url_sts,
	};
	enum shtui_status st = endpoint_resolve("sts", &params, &ep, err);
	if (st != SHTUI_OK)
		return st;
	struct buf b;
	buf_init(&b);
	buf_puts(&b, ep.url);
	while (b.len && b.data[b.len - 1] == '/')
		b.data[--b.len] = '\0';
	buf_putc(&b, '/');
	*region = strdup(ep.signing_region ? ep.signing_region : r);
	*url = buf_failed(&b) ? NULL : buf_steal(&b);
	buf_done(&b);
	endpoint_done(&ep);
	if (!*url || !*region) {
		free(*url);
		free(*region);
		*url = *region = NULL;
		buf_puts(err, shtui_status_str(SHTUI_ENOMEM));
		return SHTUI_ENOMEM;
	}
	return SHTUI_OK;
}
