/* SPDX-License-Identifier: Apache-2.0 */
/* log.c: the --debug log, with every registered secret redacted before it is written. */
#include "config.h"

#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <openssl/crypto.h>

#include "buf.h"
#include "text.h"

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static FILE *log_file;         /* under log_lock */
static atomic_bool log_on;      /* read unlocked on every call: atomic */
static char **secrets;          /* every secret seen; grows with refreshes */
static size_t n_secrets, cap_secrets;

bool log_open(bool enabled)
{
	if (!enabled) {
		atomic_store(&log_on, false);
		return true;
	}
	FILE *f = stderr;
	const char *path = getenv("SHTUI_LOG");
	if (path && *path) {
		int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
		if (fd < 0)
			return false;
		f = fdopen(fd, "a");
		if (!f) {
			int e = errno;
			close(fd);
			errno = e;
			return false;
		}
	}
	pthread_mutex_lock(&log_lock);
	log_file = f;
	atomic_store(&log_on, true);
	pthread_mutex_unlock(&log_lock);
	return true;
}

void log_close(void)
{
	pthread_mutex_lock(&log_lock);
	if (log_file && log_file != stderr)
		fclose(log_file);
	log_file = NULL;
	atomic_store(&log_on, false);
	for (size_t i = 0; i < n_secrets; i++) {
		OPENSSL_cleanse(secrets[i], strlen(secrets[i]));
		free(secrets[i]);
	}
	free(secrets);
	secrets = NULL;
	n_secrets = cap_secrets = 0;
	pthread_mutex_unlock(&log_lock);
}

bool log_enabled(void)
{
	return atomic_load(&log_on);
}

void log_add_secret(const char *secret)
{
	if (!atomic_load(&log_on) || !secret || strlen(secret) < 4)
		return;
	pthread_mutex_lock(&log_lock);
	bool known = false;
	for (size_t i = 0; i < n_secrets && !known; i++)
		known = strcmp(secrets[i], secret) == 0;
	if (!known && n_secrets == cap_secrets) {
		size_t cap = cap_secrets ? cap_secrets * 2 : 16;
		char **more = realloc(secrets, cap * sizeof *more);
		if (more) {
			secrets = more;
			cap_secrets = cap;
		}
	}
	if (!known && n_secrets < cap_secrets) {
		char *copy = strdup(secret);
		if (copy)
			secrets[n_secrets++] = copy;
	}
	pthread_mutex_unlock(&log_lock);
}

/* Caller holds log_lock. */
static char *redact_locked(const char *s)
{
	struct buf b;
	buf_init(&b);
	while (*s) {
		size_t best = 0;
		for (size_t i = 0; i < n_secrets; i++) {
			size_t n = strlen(secrets[i]);
			if (n > best && strncmp(s, secrets[i], n) == 0)
				best = n;
		}
		if (best) {
			buf_puts(&b, "<redacted>");
			s += best;
		} else {
			buf_putc(&b, *s++);
		}
	}
	return buf_steal(&b);
}

char *log_redact(const char *s)
{
	pthread_mutex_lock(&log_lock);
	char *r = redact_locked(s);
	pthread_mutex_unlock(&log_lock);
	return r;
}

void log_debug(const char *fmt, ...)
{
	if (!atomic_load(&log_on))
		return;
	struct buf b;
	buf_init(&b);
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);

	struct timespec ts;
	struct tm tm;
	char stamp[32];
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);

	pthread_mutex_lock(&log_lock);
	if (log_file) {
		char *clean = redact_locked(buf_str(&b));
		fprintf(log_file, "%s.%03ldZ shtui: %s\n", stamp,
			ts.tv_nsec / 1000000, clean ? clean : "(out of memory)");
		fflush(log_file);
		free(clean);
	}
	pthread_mutex_unlock(&log_lock);
	buf_done(&b);
}

/* Field names whose values are credentials, wherever they appear. */
static const char *const secret_fields[] = {
	"SecretAccessKey", "secretAccessKey", "SessionToken", "sessionToken",
	"Token", "AccessToken", "accessToken",
};

/* Masks the value after `"Name":` (JSON) or `<Name>` (XML), in place. */
static void mask_fields(char *s)
{
	for (size_t f = 0; f < sizeof secret_fields / sizeof secret_fields[0]; f++) {
		size_t n = strlen(secret_fields[f]);
		for (char *p = s; (p = strstr(p, secret_fields[f])) != NULL; p += n) {
			char *v = NULL;
			if (p > s && p[-1] == '"' && p[n] == '"') {
				v = p + n + 1;
				while (*v == ' ' || *v == ':')
					v++;
				if (*v != '"')
					continue;
				v++;
				for (; *v && *v != '"'; v++)
					*v = '*';
			} else if (p > s && p[-1] == '<' && p[n] == '>') {
				for (v = p + n + 1; *v && *v != '<'; v++)
					*v = '*';
			}
		}
	}
}

char *log_body(const char *body, size_t len)
{
	struct buf b;
	buf_init(&b);
	if (!body)
		return buf_steal(&b);
	size_t n = len > 4096 ? 4096 : len;
	text_visible(&b, body, n, 0);
	if (n < len)
		buf_printf(&b, "... (%zu more bytes)", len - n);
	char *s = buf_steal(&b);
	if (s)
		mask_fields(s);
	return s;
}

bool log_protect_process(void)
{
	bool ok = true;
	int e = 0;
	struct rlimit none = { 0, 0 };
	if (setrlimit(RLIMIT_CORE, &none) != 0) {
		e = errno;
		ok = false;
	}
#ifdef __linux__
	if (prctl(PR_SET_DUMPABLE, 0L, 0L, 0L, 0L) != 0) {
		e = errno;
		ok = false;
	}
#endif
	if (!ok)
		errno = e;
	return ok;
}
