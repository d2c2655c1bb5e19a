/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_shub.c: libFuzzer target for every Security Hub reply parser: a job's operation driven by hand through crafted replies, pages and errors. */
#include "config.h"

#include "fuzz.h"
#include "shub.h"

/*
 * Input: byte 0 picks the operation, byte 1 the first reply's HTTP status;
 * then an x-amzn-ErrorType header value up to the first '\n'; then the
 * bodies of successive replies, separated by "\n--\n" (a page, the next
 * page, a fallback's reply); the byte after each separator picks that
 * reply's status.
 */
static const long statuses[] = { 200, 200, 200, 400, 401, 403, 404, 409, 429, 500, 502, 503, 204, 301 };

static long status_of(uint8_t b)
{
	return statuses[b % (sizeof statuses / sizeof statuses[0])];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	enum shub_op op = (enum shub_op)(data[0] % SHUB_N_OPS);
	long status = status_of(data[1]);
	int standards = (data[0] / SHUB_N_OPS) % 3 - 1;
	data += 2;
	size -= 2;
	char *etype = fuzz_line(&data, &size);

	static const char *const ids[] = { "222222222222", "333333333333" };
	struct shub_params p = {
		.administrator_id = "222222222222",
		.invitation_id = "5c837dea8968bab936d13f41f198a99c",
		.account_ids = ids,
		.n_account_ids = 2,
		.enable_default_standards = standards,
		.hub_arn = "arn:aws:securityhub:us-east-1:111111111111:hub/default",
		.max_results = 0,
	};
	struct aws_creds_source *src = aws_creds_source_new_static("AKIDEXAMPLE", "SECRET", NULL);
	struct job *j = shub_job_new(op, &p, "https://securityhub.us-east-1.amazonaws.com/",
				     "us-east-1", src);
	aws_creds_source_unref(src);
	if (!j)
		abort();
	if (j->ops->start(j) != SHTUI_OK)
		abort();

	for (int round = 0; round < 64; round++) {
		const uint8_t *sep = NULL;
		for (size_t i = 0; i + 4 <= size; i++)
			if (memcmp(data + i, "\n--\n", 4) == 0) {
				sep = data + i;
				break;
			}
		size_t n = sep ? (size_t)(sep - data) : size;
		struct http_reply r;
		http_reply_init(&r);
		r.status = status;
		if (*etype)
			r.error_type = strdup(etype);
		r.request_id = strdup("req-fuzz");
		buf_append(&r.body, data, n);
		job_error_clear(&j->err);
		if (status < 200 || status >= 300) {
			j->ops->parse_error(&r, &j->err);
			if (!j->err.code || !j->err.message)
				abort();
		}
		enum job_next next = j->ops->reply(j, &r);
		http_reply_done(&r);
		if (next == JOB_DONE) {
			/* A final job has a result or an error (a result may stay
			 * beside an error: the pages read before a bad one). */
			if (j->result == NULL && j->err.kind == JOB_ERR_NONE)
				abort();
			if (j->err.kind != JOB_ERR_NONE && !j->err.message)
				abort();
			break;
		}
		if (!j->req.url || !j->req.method)
			abort();
		if (!sep)
			break;
		data = sep + 4;
		size -= n + 4;
		status = 200;
		if (size) {
			status = status_of(data[0]);
			data++;
			size--;
		}
	}
	(void)shub_job_op(j);
	job_free(j);
	free(etype);
	return 0;
}
