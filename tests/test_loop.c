/* SPDX-License-Identifier: Apache-2.0 */
/* test_loop.c: the screen's loop when it cannot start: each early way out says why and leaves no file open. */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loop.h"
#include "tap.h"

static char home[] = "/tmp/test_loop.XXXXXX";

static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;
	if (!d)
		return -1;
	for (struct dirent *e; (e = readdir(d)) != NULL;)
		n += e->d_name[0] != '.';
	closedir(d);
	return n - 1;   /* the directory's own */
}

static char *path_of(const char *name)
{
	static char path[4][256];
	static int next;
	char *p = path[next++ % 4];
	snprintf(p, sizeof path[0], "%s/%s", home, name);
	return p;
}

static void write_file(const char *name, const char *text)
{
	FILE *f = fopen(path_of(name), "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	chmod(path_of(name), 0600);
}

/* Runs the loop as `case_name`, which must end with `want`, and checks
 * that it left as many files open as it found. */
static void check(const char *case_name, const struct cli_options *o, int want)
{
	int before = open_fds();
	int rc = loop_run(o);
	int after = open_fds();
	tap_is_int(rc, want, "%s: exit status", case_name);
	tap_is_int(after, before, "%s: no file left open", case_name);
}

int main(void)
{
	if (!mkdtemp(home))
		return 99;
	static const char *const unset[] = {
		"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION",
		"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "SHTUI_LOG",
	};
	for (size_t i = 0; i < sizeof unset / sizeof unset[0]; i++)
		unsetenv(unset[i]);
	setenv("HOME", home, 1);
	setenv("AWS_CONFIG_FILE", path_of("config"), 1);
	setenv("AWS_SHARED_CREDENTIALS_FILE", path_of("credentials"), 1);
	write_file("config", "[default]\nregion = us-east-1\n[profile noregion]\n");
	write_file("credentials", "[default]\naws_access_key_id = AKIDEXAMPLE\n"
		   "aws_secret_access_key = s\n");
	write_file("script", "key q\n");
	struct cli_options o = { .endpoint_url = "http://127.0.0.1:9" };

	setenv("SHTUI_SCRIPT", path_of("no-such-script"), 1);
	check("an unreadable script", &o, 252);

	setenv("SHTUI_SCRIPT", path_of("script"), 1);
	setenv("SHTUI_LOG", path_of("no-such-dir/log"), 1);
	o.debug = true;
	check("a debug log that cannot be opened", &o, 253);

	setenv("SHTUI_LOG", path_of("log"), 1);
	o.profile = "noregion";
	check("a profile without a region", &o, 253);
	/* A terminal that cannot start ends the same way; ncurses keeps
	 * memory of its own after a failed newterm(), which LeakSanitizer
	 * would report, so it is not run here. */

	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", home);
	if (system(cmd) != 0)
		tap_diag("could not remove %s", home);
	return tap_done();
}
