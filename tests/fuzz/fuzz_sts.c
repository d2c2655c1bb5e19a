/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_sts.c: libFuzzer target for the STS XML readers: sts_xml_text, sts_parse_error and the GetCallerIdentity reply. */
#include "config.h"

#include "fuzz.h"
#include "sts.h"

/* Input: a tag name up to the first '\n', then an XML reply. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *tag = fuzz_line(&data, &size);
	const char *xml = (const char *)data;

	/* Any tag, found anywhere (the reply is not NUL-terminated here). */
	char *copy = malloc(size ? size : 1);
	if (!copy)
		abort();
	memcpy(copy, xml, size);
	char *text = sts_xml_text(copy, size, tag);
	free(text);
	free(copy);

	struct http_reply r;
	http_reply_init(&r);
	buf_append(&r.body, xml, size);
	r.status = 403;
	r.request_id = strdup("req-fuzz");
	struct job_error e;
	memset(&e, 0, sizeof e);
	sts_parse_error(&r, &e);
	if (!e.code || !e.message || e.kind != JOB_ERR_SERVICE)
		abort();
	job_error_clear(&e);

	struct aws_creds_source *src = aws_creds_source_new_static("AKIDEXAMPLE", "SECRET", NULL);
	struct job *j = sts_get_caller_identity_new("https://sts.us-east-1.amazonaws.com", "us-east-1",
						    src);
	aws_creds_source_unref(src);
	if (!j || j->ops->start(j) != SHTUI_OK)
		abort();
	r.status = 200;
	if (j->ops->reply(j, &r) != JOB_DONE)
		abort();
	if ((j->result == NULL) == (j->err.kind == JOB_ERR_NONE))
		abort();
	if (j->result) {
		/* What the command prints comes from these three strings. */
		static const char *const keys[] = { "UserId", "Account", "Arn" };
		for (size_t i = 0; i < 3; i++)
			if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(j->result, keys[i])))
				abort();
	}
	job_free(j);
	http_reply_done(&r);
	free(tag);
	return 0;
}
