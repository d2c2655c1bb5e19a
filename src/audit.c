/* SPDX-License-Identifier: Apache-2.0 */
/* audit.c: the audit log: one line for every state-changing call, kept in $XDG_STATE_HOME/shtui/audit.log. */
#include "config.h"

#include "audit.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

char *audit_path(void)
{
	struct buf b;
	buf_init(&b);
	const char *state = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	if (state && *state == '/')
		buf_printf(&b, "%s/shtui/audit.log", state);
	else if (home && *home)
		buf_printf(&b, "%s/.local/state/shtui/audit.log", home);
	else
		return NULL;
	return buf_steal(&b);
}

/* mkdir -p for the folders above `path`, new ones 0700. */
static bool make_parents(char *path)
{
	for (char *p = strchr(path + 1, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		bool ok = mkdir(path, 0700) == 0 || errno == EEXIST;
		*p = '/';
		if (!ok)
			return false;
	}
	return true;
}

static void add(cJSON *o, const char *k, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, k, v);
	else
		cJSON_AddNullToObject(o, k);
}

bool audit_append(const struct audit_entry *e, struct buf *err)
{
	char *path = audit_path();
	if (!path) {
		buf_puts(err, "no place for the audit log: set HOME or XDG_STATE_HOME");
		return false;
	}
	char stamp[32];
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);

	cJSON *o = cJSON_CreateObject();
	char *line = NULL;
	if (o) {
		add(o, "time", stamp);
		add(o, "profile", e->profile);
		add(o, "account", e->account);
		add(o, "region", e->region);
		add(o, "operation", e->operation);
		cJSON *params = e->parameters ? cJSON_Parse(e->parameters) : NULL;
		if (params)
			cJSON_AddItemToObject(o, "parameters", params);
		else
			add(o, "parameters", e->parameters);
		add(o, "outcome", e->outcome);
		add(o, "detail", e->detail);
		line = cJSON_PrintUnformatted(o);
		cJSON_Delete(o);
	}
	bool ok = false;
	if (!line) {
		buf_puts(err, "out of memory");
	} else if (!make_parents(path)) {
		buf_printf(err, "cannot create the folder of %s: %s", path, strerror(errno));
	} else {
		int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (fd < 0) {
			buf_printf(err, "cannot open %s: %s", path, strerror(errno));
		} else {
			size_t n = strlen(line);
			line[n] = '\n';
			ssize_t w = write(fd, line, n + 1);
			line[n] = '\0';
			ok = w == (ssize_t)(n + 1);
			if (!ok)
				buf_printf(err, "cannot write %s: %s", path,
					   w < 0 ? strerror(errno) : "short write");
			if (close(fd) != 0 && ok) {
				buf_printf(err, "cannot write %s: %s", path, strerror(errno));
				ok = false;
			}
		}
	}
	free(line);
	free(path);
	return ok;
}
