/* SPDX-License-Identifier: Apache-2.0 */
/* creds/metadata.c: the "container-role" and "iam-role" links: the container agent and EC2 instance metadata (IMDSv2 first), as fetch jobs. */
#include "config.h"

#include "creds/metadata.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <arpa/inet.h>
#include <cjson/cJSON.h>

#include "aws_creds.h"
#include "creds/creds.h"
#include "creds/parse.h"
#include "job.h"
#include "log.h"
#include "sigv4.h"
#include "text.h"

/* The host of an http(s) URL, brackets kept off, into `host`. */
static bool url_host(const char *url, char *host, size_t size, bool *https)
{
	const char *p;
	if (strncasecmp(url, "https://", 8) == 0) {
		*https = true;
		p = url + 8;
	} else if (strncasecmp(url, "http://", 7) == 0) {
		*https = false;
		p = url + 7;
	} else {
		return false;
	}
	const char *at = NULL;
	for (const char *q = p; *q && !strchr("/?#", *q); q++)
		if (*q == '@')
			at = q;
	if (at)
		p = at + 1;
	size_t n;
	if (*p == '[') {
		const char *close = strchr(p, ']');
		if (!close)
			return false;
		p++;
		n = (size_t)(close - p);
	} else {
		n = strcspn(p, ":/?#");
	}
	if (n == 0 || n >= size)
		return false;
	memcpy(host, p, n);
	host[n] = '\0';
	return true;
}

bool creds_metadata_container_url_allowed(const char *url)
{
	char host[256];
	bool https;
	if (!url_host(url, host, sizeof host, &https))
		return false;
	if (https)
		return true;
	static const char *const agents[] = {
		"169.254.170.2", "169.254.170.23", "fd00:ec2::23", "localhost",
	};
	for (size_t i = 0; i < sizeof agents / sizeof agents[0]; i++)
		if (strcasecmp(host, agents[i]) == 0)
			return true;
	unsigned char a[16];
	if (inet_pton(AF_INET, host, a) == 1)
		return a[0] == 127;
	if (inet_pton(AF_INET6, host, a) == 1) {
		static const unsigned char loop6[16] = { [15] = 1 };
		static const unsigned char mapped[12] = { [10] = 0xff, [11] = 0xff };
		return memcmp(a, loop6, 16) == 0 ||
		       (memcmp(a, mapped, 12) == 0 && a[12] == 127);
	}
	return false;
}

/* A non-2xx answer of an agent: its status, its body kept for the message. */
static void agent_parse_error(const struct http_reply *r, struct job_error *err)
{
	job_error_clear(err);
	err->kind = JOB_ERR_SERVICE;
	err->status = r->status;
	char num[24];
	snprintf(num, sizeof num, "%ld", r->status);
	err->code = strdup(num);
	struct buf body;
	buf_init(&body);
	text_visible(&body, buf_str(&r->body), r->body.len > 200 ? 200 : r->body.len, 0);
	err->message = buf_steal(&body);
}

/* ---- container-role ---- */

struct container_job {
	char *url;
	char *ca_bundle;
};

static void container_job_free(void *data)
{
	struct container_job *c = data;
	if (!c)
		return;
	free(c->url);
	free(c->ca_bundle);
	free(c);
}

#define CONTAINER_ERR "Error when retrieving credentials from container-role: "

/* The Authorization header for the agent: the token file (read at every
 * fetch, as the agent rotates it: EKS Pod Identity) before the token
 * variable. */
static enum shtui_status container_token(struct job *job, struct buf *token)
{
	const char *file = getenv("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
	if (file) {
		enum shtui_status st = creds_read_file(file, token);
		if (st != SHTUI_OK) {
			job_error_set(&job->err, JOB_ERR_CONFIG, CONTAINER_ERR
				      "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: %s: %s", file,
				      st == SHTUI_ENOMEM ? "out of memory" :
				      st == SHTUI_ENOENT ? "No such file or directory" : strerror(errno));
			return SHTUI_ECONFIG;
		}
	} else if (getenv("AWS_CONTAINER_AUTHORIZATION_TOKEN")) {
		buf_puts(token, getenv("AWS_CONTAINER_AUTHORIZATION_TOKEN"));
	}
	if (memchr(token->data ? token->data : "", '\r', token->len) ||
	    memchr(token->data ? token->data : "", '\n', token->len)) {
		job_error_set(&job->err, JOB_ERR_CONFIG, CONTAINER_ERR "the authorization token from "
			      "%s holds a line break, which cannot go in a header",
			      file ? "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"
				   : "AWS_CONTAINER_AUTHORIZATION_TOKEN");
		return SHTUI_ECONFIG;
	}
	log_add_secret(buf_str(token));
	return SHTUI_OK;
}

static enum shtui_status container_start(struct job *job)
{
	struct container_job *c = job->data;
	struct buf token;
	buf_init(&token);
	enum shtui_status st = container_token(job, &token);
	if (st == SHTUI_OK)
		st = creds_request(job, "GET", c->url, "container credentials");
	if (st == SHTUI_OK)
		st = http_request_add_header(&job->req, "Accept", "application/json");
	if (st == SHTUI_OK && token.len)
		st = http_request_add_header(&job->req, "Authorization", buf_str(&token));
	if (st == SHTUI_OK && c->ca_bundle && !(job->req.ca_bundle = strdup(c->ca_bundle)))
		st = SHTUI_ENOMEM;
	buf_done(&token);
	job->req.timeout_ms = 2000;
	job->req.direct = true;
	return st;
}

static enum job_next container_reply(struct job *job, const struct http_reply *reply)
{
	struct container_job *c = job->data;
	struct buf msg;
	buf_init(&msg);
	if (job->err.kind == JOB_ERR_SERVICE) {
		buf_printf(&msg, CONTAINER_ERR "Received non 200 response (%ld) from %s: %s",
			   job->err.status, c->url, job->err.message ? job->err.message : "");
	} else if (job->err.kind != JOB_ERR_NONE) {
		buf_puts(&msg, CONTAINER_ERR);
		creds_transport_error(&msg, c->url, job->err.message ? job->err.message : "");
	} else {
		struct buf why;
		buf_init(&why);
		if (creds_parse_metadata(buf_str(&reply->body), reply->body.len, &job->got, &why) ==
		    SHTUI_OK)
			job->got.source = "container-role";
		else
			buf_printf(&msg, CONTAINER_ERR "the reply from %s is not usable: %s", c->url,
				   buf_str(&why));
		buf_done(&why);
	}
	creds_job_settle(job, &msg);
	return JOB_DONE;
}

static const struct job_ops container_ops = {
	.name = "container credentials",
	.start = container_start,
	.parse_error = agent_parse_error,
	.reply = container_reply,
	.free_data = container_job_free,
};

enum shtui_status creds_metadata_container(struct creds_chain *ch, const struct aws_config *cfg,
					   struct aws_creds *out, struct job **fetch,
					   struct buf *err)
{
	(void)out;
	const char *rel = getenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
	const char *full = getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI");
	if (!rel && !full) {
		creds_chain_note(ch, "container credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI "
				 "and _FULL_URI are not set)");
		return SHTUI_ENOCREDS;
	}
	struct buf url;
	buf_init(&url);
	if (rel) {
		buf_printf(&url, "http://169.254.170.2%s", rel);
	} else if (!creds_metadata_container_url_allowed(full)) {
		buf_printf(err, CONTAINER_ERR "AWS_CONTAINER_CREDENTIALS_FULL_URI \"%s\" is refused: "
			   "it must be https, or http to a loopback address, 169.254.170.2, "
			   "169.254.170.23 or [fd00:ec2::23]", full);
		return SHTUI_ECONFIG;
	} else {
		buf_puts(&url, full);
	}
	struct container_job *c = calloc(1, sizeof *c);
	struct job *j = NULL;
	if (c && !buf_failed(&url) && (!cfg->ca_bundle || (c->ca_bundle = strdup(cfg->ca_bundle)))) {
		c->url = buf_steal(&url);
		j = job_new(&container_ops, c, NULL, NULL, "container");
	}
	buf_done(&url);
	if (!j) {
		container_job_free(c);
		buf_puts(err, shtui_status_str(SHTUI_ENOMEM));
		return SHTUI_ENOMEM;
	}
	/* botocore's container fetcher: three tries. */
	j->max_attempts = 3;
	*fetch = j;
	return SHTUI_OK;
}

/* ---- iam-role: EC2 instance metadata ---- */

enum imds_stage { IMDS_TOKEN, IMDS_ROLE, IMDS_CREDS, IMDS_REGION };

struct imds_job {
	char *base;          /* ends in '/' */
	enum imds_stage stage;
	char *token;         /* NULL: IMDSv1 */
	char *role;
	char *looked;        /* where the chain looked before (top level), else NULL */
	char *profile;       /* a role's profile, for its credential_source */
	long timeout_ms;
	bool want_region;    /* asks for the instance's region, not keys */
};

static void imds_job_free(void *data)
{
	struct imds_job *m = data;
	if (!m)
		return;
	free(m->base);
	buf_free_secret(m->token);
	free(m->role);
	free(m->looked);
	free(m->profile);
	free(m);
}

static enum shtui_status imds_request(struct job *job)
{
	struct imds_job *m = job->data;
	struct buf url;
	buf_init(&url);
	buf_puts(&url, m->base);
	if (m->stage == IMDS_TOKEN)
		buf_puts(&url, "latest/api/token");
	else if (m->stage == IMDS_REGION)
		buf_puts(&url, "latest/meta-data/placement/region");
	else
		buf_puts(&url, "latest/meta-data/iam/security-credentials/");
	if (m->stage == IMDS_CREDS)
		sigv4_uri_encode(&url, m->role, strlen(m->role), false);
	enum shtui_status st = buf_failed(&url) ? SHTUI_ENOMEM :
			       creds_request(job, m->stage == IMDS_TOKEN ? "PUT" : "GET",
					     buf_str(&url), "instance metadata");
	buf_done(&url);
	if (st == SHTUI_OK && m->stage == IMDS_TOKEN)
		st = http_request_add_header(&job->req, "x-aws-ec2-metadata-token-ttl-seconds",
					     "21600");
	else if (st == SHTUI_OK && m->token)
		st = http_request_add_header(&job->req, "x-aws-ec2-metadata-token", m->token);
	job->req.timeout_ms = m->timeout_ms;
	job->req.direct = true;
	return st;
}

static enum shtui_status imds_start(struct job *job)
{
	struct imds_job *m = job->data;
	m->stage = IMDS_TOKEN;
	return imds_request(job);
}

/* Nothing here (not on EC2, no role): the chain's "nothing found". */
static enum job_next imds_none(struct job *job, const char *why)
{
	struct imds_job *m = job->data;
	log_debug("credentials: instance metadata at %s: %s", m->base, why);
	if (m->want_region) {
		job_error_set(&job->err, JOB_ERR_CONFIG, "no region from instance metadata at %s (%s)",
			      m->base, why);
		return JOB_DONE;
	}
	char within[64];
	if (strcmp(why, "no answer") == 0) {
		snprintf(within, sizeof within, "no answer within %ld s", m->timeout_ms / 1000);
		why = within;
	}
	if (m->profile)
		job_error_set(&job->err, JOB_ERR_CONFIG, "Error when retrieving credentials from "
			      "Ec2InstanceMetadata: No credentials found in credential_source "
			      "referenced in profile %s (instance metadata at %s: %s)", m->profile,
			      m->base, why);
	else
		job_error_set(&job->err, JOB_ERR_CONFIG, CREDS_NONE_MSG " shtui looked in: %s%sEC2 "
			      "instance metadata at %s (%s).", m->looked ? m->looked : "",
			      m->looked && *m->looked ? "; " : "", m->base, why);
	return JOB_DONE;
}

static enum job_next imds_reply(struct job *job, const struct http_reply *reply)
{
	struct imds_job *m = job->data;
	bool ok = job->err.kind == JOB_ERR_NONE && reply->status == 200 && reply->body.len;
	switch (m->stage) {
	case IMDS_TOKEN:
		if (ok) {
			m->token = strndup(buf_str(&reply->body), reply->body.len);
			if (!m->token)
				break;
			log_add_secret(m->token);
		} else if (job->err.kind != JOB_ERR_SERVICE && !reply->request_sent) {
			/* Nothing to connect to: not on EC2. botocore would try
			 * IMDSv1 and wait as long again. */
			return imds_none(job, "no answer");
		} else if (reply->status == 400) {
			return imds_none(job, "the token request was refused as bad");
		}
		/* Any other failure of the token (refused, or connected but
		 * unanswered, as behind a hop limit of 1): IMDSv1, as botocore
		 * falls back. */
		job_error_clear(&job->err);
		m->stage = m->want_region ? IMDS_REGION : IMDS_ROLE;
		return imds_request(job) == SHTUI_OK ? JOB_NEXT : JOB_DONE;
	case IMDS_REGION: {
		if (!ok)
			return imds_none(job, reply->status ? "the region was refused" : "no answer");
		char *region = strndup(buf_str(&reply->body),
				       strcspn(buf_str(&reply->body), "\r\n \t"));
		job->result = region ? cJSON_CreateObject() : NULL;
		if (!job->result || !cJSON_AddStringToObject(job->result, "Region", region))
			job_error_set(&job->err, JOB_ERR_CONFIG, "out of memory");
		free(region);
		return JOB_DONE;
	}
	case IMDS_ROLE:
		if (!ok)
			return imds_none(job, reply->status == 404 ? "no IAM role is attached" :
					 reply->status ? "the role name was refused" : "no answer");
		m->role = strndup(buf_str(&reply->body), strcspn(buf_str(&reply->body), "\r\n"));
		if (!m->role)
			break;
		m->stage = IMDS_CREDS;
		return imds_request(job) == SHTUI_OK ? JOB_NEXT : JOB_DONE;
	case IMDS_CREDS: {
		if (!ok)
			return imds_none(job, "the role's credentials were refused");
		struct buf why;
		buf_init(&why);
		/* botocore passes over a reply without the four keys (an error
		 * such as "role not trusted by EC2"). */
		enum shtui_status st = creds_parse_metadata(buf_str(&reply->body), reply->body.len,
							    &job->got, &why);
		buf_done(&why);
		if (st != SHTUI_OK)
			return imds_none(job, "the role's credentials were not usable");
		job->got.source = "iam-role";
		return JOB_DONE;
	}
	}
	job_error_set(&job->err, JOB_ERR_CONFIG, "out of memory");
	return JOB_DONE;
}

static const struct job_ops imds_ops = {
	.name = "instance metadata",
	.start = imds_start,
	.parse_error = agent_parse_error,
	.reply = imds_reply,
	.free_data = imds_job_free,
};

/* An instance metadata job for `cfg` (its endpoint, timeout and attempts)
 * with its data in `m` (freed here when the job cannot be made). */
static struct job *imds_job_new(const struct aws_config *cfg, struct imds_job *m)
{
	const char *base = cfg->ec2_metadata_endpoint;
	if (!base)
		base = cfg->ec2_metadata_ipv6 ? "http://[fd00:ec2::254]/" : "http://169.254.169.254/";
	struct buf b;
	buf_init(&b);
	buf_puts(&b, base);
	if (b.len && b.data[b.len - 1] != '/')
		buf_putc(&b, '/');
	struct job *j = NULL;
	if (m && !buf_failed(&b)) {
		m->base = buf_steal(&b);
		m->timeout_ms = (long)cfg->metadata_timeout * 1000;
		j = job_new(&imds_ops, m, NULL, NULL, "imds");
	}
	buf_done(&b);
	if (!j) {
		imds_job_free(m);
		return NULL;
	}
	j->max_attempts = cfg->metadata_attempts;
	return j;
}

struct job *creds_metadata_region_new(const struct aws_config *cfg)
{
	struct imds_job *m = calloc(1, sizeof *m);
	if (m)
		m->want_region = true;
	return imds_job_new(cfg, m);
}

enum shtui_status creds_metadata_imds(struct creds_chain *ch, const struct aws_config *cfg,
				      struct aws_creds *out, struct job **fetch, struct buf *err)
{
	(void)out;
	if (cfg->ec2_metadata_disabled) {
		creds_chain_note(ch, "EC2 instance metadata (disabled by AWS_EC2_METADATA_DISABLED)");
		return SHTUI_ENOCREDS;
	}
	const char *base = cfg->ec2_metadata_endpoint;
	if (!base)
		base = cfg->ec2_metadata_ipv6 ? "http://[fd00:ec2::254]/" : "http://169.254.169.254/";
	bool https;
	char host[256];
	if (!url_host(base, host, sizeof host, &https)) {
		buf_printf(err, "Invalid endpoint EC2 Instance Metadata endpoint: %s", base);
		return SHTUI_ECONFIG;
	}
	struct imds_job *m = calloc(1, sizeof *m);
	if (m && !(ch->nested ? (m->profile = strdup(cfg->profile ? cfg->profile : "default"))
			      : (m->looked = strdup(buf_str(&ch->looked))))) {
		imds_job_free(m);
		m = NULL;
	}
	struct job *j = imds_job_new(cfg, m);
	if (!j) {
		buf_puts(err, shtui_status_str(SHTUI_ENOMEM));
		return SHTUI_ENOMEM;
	}
	*fetch = j;
	return SHTUI_OK;
}
