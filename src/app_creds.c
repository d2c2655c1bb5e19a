/* SPDX-License-Identifier: Apache-2.0 */
/* app_creds.c: what the app asks on behalf of credentials: the MFA code a role needs, and the instance's region when nothing names one. */
#include "config.h"

#include "app.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "creds/metadata.h"
#include "creds/role.h"
#include "log.h"

/* The region of the EC2 instance shtui runs on, as the AWS CLI takes it
 * when nothing else names one: asked of instance metadata through the
 * worker, waited for (a second at most by default). Heap string or NULL. */
char *app_instance_region(struct app *a, const struct aws_config *cfg)
{
	if (cfg->ec2_metadata_disabled || !a->worker || a->submit != app_submit_to_worker)
		return NULL;
	/* One instance, one region: asked once for every profile. */
	if (a->instance_asked)
		return a->instance_region ? strdup(a->instance_region) : NULL;
	a->instance_asked = true;
	struct job *mine = creds_metadata_region_new(cfg);
	app_run_jobs(a, &mine, 1);
	char *region = NULL;
	const char *r = mine ? cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(mine->result,
										      "Region")) : NULL;
	if (r && endpoint_region_valid(r)) {
		region = strdup(r);
		a->instance_region = strdup(r);
	}
	log_debug("region: %s", region ? region :
		  mine && mine->err.message ? mine->err.message : "none");
	job_free(mine);
	return region;
}

bool app_mfa_question(const struct app *a, const char **profile, const char **serial)
{
	return a->n_asks && creds_role_mfa_question(a->asks[0], profile, serial);
}

void app_mfa_answer(struct app *a, const char *code)
{
	if (!a->n_asks)
		return;
	struct job *j = a->asks[0];
	memmove(a->asks, a->asks + 1, (a->n_asks - 1) * sizeof *a->asks);
	a->n_asks--;
	creds_role_mfa_answer(j, code, NULL);
	worker_submit(a->worker, j);
	a->dirty = true;
}

void app_apply_ask(struct app *a, struct job *j)
{
	const char *profile, *serial;
	if (!creds_role_mfa_question(j, &profile, &serial)) {
		job_free(j);
		return;
	}
	if (a->mfa_prompt) {
		struct buf code, err;
		buf_init(&code);
		buf_init(&err);
		if (a->mfa_prompt(profile, serial, &code, &err) == SHTUI_OK)
			creds_role_mfa_answer(j, buf_str(&code), NULL);
		else
			creds_role_mfa_answer(j, NULL, buf_str(&err));
		buf_done(&code);
		buf_done(&err);
		worker_submit(a->worker, j);
		return;
	}
	struct job **asks = realloc(a->asks, (a->n_asks + 1) * sizeof *asks);
	if (!asks) {
		creds_role_mfa_answer(j, NULL, "out of memory");
		worker_submit(a->worker, j);
		return;
	}
	a->asks = asks;
	a->asks[a->n_asks++] = j;
}
