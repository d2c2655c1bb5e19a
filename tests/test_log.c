/* SPDX-License-Identifier: Apache-2.0 */
/* test_log.c: the debug log keeps secrets out (registered values, credential fields), is private, and the process can be kept from dumping core. */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "log.h"
#include "tap.h"

#define SECRET "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
#define TOKEN "IQoJb3JpZ2luX2VjEMU/token+with+slashes=="

/* In a child, so the test process itself stays debuggable: exit status 0
 * when protected, else which check failed. */
static int protected_child(void)
{
	if (!log_protect_process())
		return 1;
	struct rlimit rl;
	if (getrlimit(RLIMIT_CORE, &rl) != 0 || rl.rlim_cur != 0 || rl.rlim_max != 0)
		return 2;
#ifdef __linux__
	if (prctl(PR_GET_DUMPABLE, 0L, 0L, 0L, 0L) != 0)
		return 3;
#endif
	/* Raising the limit again is refused: a library cannot undo it. */
	struct rlimit more = { 1024, 1024 };
	if (setrlimit(RLIMIT_CORE, &more) == 0 && getuid() != 0)
		return 4;
	return 0;
}

static void protection(void)
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(protected_child());
	int status = -1;
	while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	tap_ok(pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "log_protect_process: no core size, not dumpable (child status %d)",
	       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
#ifdef __linux__
	tap_ok(prctl(PR_GET_DUMPABLE, 0L, 0L, 0L, 0L) == 1,
	       "and only in the process that asked for it");
#endif
}

static void bodies(void)
{
	static const char json[] = "{\"Credentials\":{\"AccessKeyId\":\"ASIAX\",\"SecretAccessKey\": \""
				   SECRET "\",\"SessionToken\":\"" TOKEN "\"},\"accessToken\":\"sso\"}";
	char *b = log_body(json, sizeof json - 1);
	tap_ok(b && !strstr(b, SECRET) && !strstr(b, TOKEN) && !strstr(b, "\"sso\"") &&
	       strstr(b, "ASIAX"), "JSON credential fields are masked, the key ID kept: %s",
	       b ? b : "(null)");
	free(b);
	static const char xml[] = "<Credentials><AccessKeyId>ASIAX</AccessKeyId><SecretAccessKey>"
				  SECRET "</SecretAccessKey><SessionToken>" TOKEN
				  "</SessionToken></Credentials>";
	b = log_body(xml, sizeof xml - 1);
	tap_ok(b && !strstr(b, SECRET) && !strstr(b, TOKEN) && strstr(b, "ASIAX"),
	       "XML credential fields are masked: %s", b ? b : "(null)");
	free(b);
	static const char esc[] = "{\"Message\":\"\x1b]0;title\x07\"}";
	b = log_body(esc, sizeof esc - 1);
	tap_ok(b && !strchr(b, '\x1b') && !strchr(b, '\x07'), "control characters made visible");
	free(b);
}

/* SHTUI_LOG names `path` in a new temporary directory (removed at exit). */
static bool log_to_temp_dir(char *path, size_t size)
{
	const char *dir = tap_tmpdir("shtui-test-log");
	if (!tap_ok(dir != NULL, "a temporary directory"))
		return false;
	snprintf(path, size, "%s/debug.log", dir);
	setenv("SHTUI_LOG", path, 1);
	return true;
}

static void log_temp_dir_done(const char *path)
{
	unlink(path);
	unsetenv("SHTUI_LOG");
}

static void file_log(void)
{
	char path[4096];
	if (!log_to_temp_dir(path, sizeof path))
		return;
	mode_t old = umask(0);
	bool opened = log_open(true);
	umask(old);
	struct stat st;
	tap_ok(opened && stat(path, &st) == 0 && (st.st_mode & 0777) == 0600,
	       "the debug log is created 0600 whatever the umask");
	log_add_secret(SECRET);
	log_add_secret(TOKEN);
	log_debug("signing with %s and %s; again %s", SECRET, TOKEN, SECRET);
	char *r = log_redact("x" SECRET "y");
	tap_is_str(r, "x<redacted>y", "log_redact replaces a registered secret");
	free(r);
	log_close();
	char *text = tap_slurp(path, NULL);
	tap_ok(text && strstr(text, "signing with <redacted> and <redacted>; again <redacted>") &&
	       !strstr(text, SECRET) && !strstr(text, TOKEN),
	       "registered secrets never reach the file: %s", text ? text : "(null)");
	free(text);
	log_temp_dir_done(path);
}

static atomic_bool stop_reading;

/* What the network thread does with the log while the main thread opens
 * and closes it. */
static void *log_reader(void *arg)
{
	long *lines = arg;
	while (!atomic_load(&stop_reading)) {
		if (log_enabled()) {
			log_add_secret(SECRET);
			log_debug("a line with %s", SECRET);
			++*lines;
		}
	}
	return NULL;
}

/* ThreadSanitizer's build (make hardening-tsan) fails on any unguarded
 * access to the log's state. */
static void threads(void)
{
	char path[4096];
	if (!log_to_temp_dir(path, sizeof path))
		return;
	long lines = 0;
	pthread_t t;
	atomic_store(&stop_reading, false);
	bool started = pthread_create(&t, NULL, log_reader, &lines) == 0;
	bool opened = true;
	for (int i = 0; started && i < 200; i++) {
		opened &= log_open(true);
		log_debug("opened %d", i);
		log_close();
	}
	atomic_store(&stop_reading, true);
	if (started)
		pthread_join(t, NULL);
	tap_ok(started && opened, "the log opens and closes while another thread writes");
	char *text = tap_slurp(path, NULL);
	tap_ok(text && strstr(text, "opened 0") && strstr(text, "opened 199"),
	       "every line arrives (and %ld from the other thread)", lines);
	free(text);
	log_temp_dir_done(path);
}

int main(void)
{
	protection();
	bodies();
	file_log();
	threads();
	return tap_done();
}
