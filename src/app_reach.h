/* SPDX-License-Identifier: Apache-2.0 */
/* app_reach.h: accounts reached without a profile of their own (a role assumed in each), and one context per account and region however many ways reach it. */
#ifndef SHTUI_APP_REACH_H
#define SHTUI_APP_REACH_H

#include <stddef.h>

#include "buf.h"
#include "job.h"
#include "status.h"

struct app;
struct profile;

/* One account of --accounts: its ID and, from a CSV file, its name. */
struct app_reach_account {
	char *id;
	char *name;                /* NULL when none */
};

/*
 * Reads --accounts: IDs separated by commas, or @FILE with one account a
 * line or CSV (ID, then an optional name; "#" comments, blank lines and a
 * header line allowed). Duplicates are kept once. SHTUI_EINVAL with the
 * reason (the file and line) in `err` for a bad item; SHTUI_EIO when the
 * file cannot be read. Any thread.
 */
enum shtui_status app_reach_accounts_read(const char *spec, struct app_reach_account **out,
					  size_t *n, struct buf *err);
void app_reach_accounts_free(struct app_reach_account *list, size_t n);

/* The role ARN --role-name and --role-path name in `account`, in the
 * partition of `region`. Heap string, NULL when out of memory. */
char *app_reach_role_arn(const char *account, const char *region, const char *path,
			 const char *name);


#endif
