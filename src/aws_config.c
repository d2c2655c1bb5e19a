/* SPDX-License-Identifier: Apache-2.0 */
/* aws_config.c: profiles, region, endpoint overrides, retry settings and CA bundle, resolved as the AWS CLI v2 does. */
#include "config.h"

#include "aws_config.h"

#include <limits.h>
#include <pwd.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

enum aws_config_kind {
	AWS_CONFIG_OTHER,
	AWS_CONFIG_PROFILE,
	AWS_CONFIG_SSO_SESSION,
	AWS_CONFIG_SERVICES,
};

#define AWS_CONFIG_FROM_CREDENTIALS "credentials file"
#define AWS_CONFIG_FROM_CONFIG "config file"

void aws_config_init(struct aws_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->max_attempts = 3;
	cfg->retry_mode = "standard";
	cfg->metadata_timeout = 1;
	cfg->metadata_attempts = 1;
}

void aws_config_done(struct aws_config *cfg)
{
	free(cfg->profile);
	aws_config_files_unref(cfg->files);
	free(cfg->region);
	free(cfg->endpoint_url_securityhub);
	free(cfg->endpoint_url_sts);
	free(cfg->endpoint_url_sso);
	free(cfg->ca_bundle);
	free(cfg->ec2_metadata_endpoint);
	free(cfg->warnings);
	aws_config_init(cfg);
}

/* An environment variable that is set, even to "". */
static const char *aws_config_env(const char *name)
{
	return getenv(name);
}

static bool aws_config_true(const char *v)
{
	return v && strcasecmp(v, "true") == 0;
}

/*
 * Python's shlex.split() in POSIX mode, as botocore applies it to section
 * names and to credential_process: words split on " \t\r\n", quotes and
 * backslashes as a POSIX shell has them. Calls `word` for each word with
 * its text (NUL-terminated, wiped afterwards) until it returns false.
 * Returns the number of words seen, or -1 when a quote or an escape is
 * left open ("No closing quotation", "No escaped character"), -2 when out
 * of memory.
 */
static int aws_config_shlex(const char *p, bool (*word)(void *arg, const char *w),
			    void *arg)
{
	static const char space[] = " \t\r\n";
	int n = 0;
	for (;;) {
		while (*p && strchr(space, *p))
			p++;
		if (!*p)
			return n;
		struct buf t;
		buf_init(&t);
		buf_puts(&t, "");       /* an empty word ('') is still a word */
		int st = 0;
		while (*p && !strchr(space, *p) && st == 0) {
			if (*p == '\\') {
				if (!p[1]) {
					st = -1;
					break;
				}
				buf_putc(&t, p[1]);
				p += 2;
			} else if (*p == '\'') {
				const char *q = strchr(p + 1, '\'');
				if (!q) {
					st = -1;
				} else {
					buf_append(&t, p + 1, (size_t)(q - p - 1));
					p = q + 1;
				}
			} else if (*p == '"') {
				p++;
				while (*p && *p != '"') {
					if (*p == '\\') {
						if (!p[1])
							break;
						/* Inside double quotes only \" and \\ escape. */
						if (p[1] != '"' && p[1] != '\\')
							buf_putc(&t, '\\');
						buf_putc(&t, p[1]);
						p += 2;
					} else {
						buf_putc(&t, *p++);
					}
				}
				if (*p != '"')
					st = -1;
				else
					p++;
			} else {
				buf_putc(&t, *p++);
			}
		}
		if (st == 0 && buf_failed(&t))
			st = -2;
		bool more = st == 0 && word(arg, buf_str(&t));
		buf_done(&t);
		if (st < 0)
			return st;
		n++;
		if (!more)
			return n;
	}
}

/* Section names: the first two words, and whether there are more. */
struct aws_config_words {
	char *w[2];
	int n;
};

static bool aws_config_two_words(void *arg, const char *w)
{
	struct aws_config_words *ws = arg;
	if (ws->n < 2)
		ws->w[ws->n] = strdup(w);
	return ++ws->n < 3;
}

struct aws_config_argv {
	char **v;
	size_t n, cap;
	bool failed;
};

static bool aws_config_argv_add(void *arg, const char *w)
{
	struct aws_config_argv *a = arg;
	if (a->n + 2 > a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 8;
		char **v = realloc(a->v, cap * sizeof *v);
		if (!v) {
			a->failed = true;
			return false;
		}
		a->v = v;
		a->cap = cap;
	}
	if (!(a->v[a->n] = strdup(w))) {
		a->failed = true;
		return false;
	}
	a->v[++a->n] = NULL;
	return true;
}

void aws_config_argv_free(char **argv)
{
	for (size_t i = 0; argv && argv[i]; i++)
		buf_free_secret(argv[i]);
	free(argv);
}

enum shtui_status aws_config_split_command(const char *command, char ***argv,
					   struct buf *err)
{
	struct aws_config_argv a = { NULL, 0, 0, false };
	*argv = NULL;
	int n = aws_config_shlex(command, aws_config_argv_add, &a);
	if (n == -2 || a.failed) {
		aws_config_argv_free(a.v);
		buf_puts(err, shtui_status_str(SHTUI_ENOMEM));
		return SHTUI_ENOMEM;
	}
	if (n < 0) {
		aws_config_argv_free(a.v);
		buf_puts(err, "No closing quotation or escaped character");
		return SHTUI_EPARSE;
	}
	if (n == 0) {
		buf_puts(err, "the command is empty");
		return SHTUI_EPARSE;
	}
	*argv = a.v;
	return SHTUI_OK;
}

/* What botocore's build_profile_map() makes of a config file section, and
 * the name it files it under (heap, in *name). */
static enum aws_config_kind aws_config_kind(const char *section, char **name)
{
	static const struct {
		const char *prefix;
		enum aws_config_kind kind;
	} kinds[] = {
		{ "profile", AWS_CONFIG_PROFILE },
		{ "sso-session", AWS_CONFIG_SSO_SESSION },
		{ "services", AWS_CONFIG_SERVICES },
	};
	*name = NULL;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		if (strncmp(section, kinds[i].prefix, strlen(kinds[i].prefix)) != 0)
			continue;
		struct aws_config_words ws = { { NULL, NULL }, 0 };
		int n = aws_config_shlex(section, aws_config_two_words, &ws);
		free(ws.w[0]);
		if (n != 2 || !ws.w[1]) {
			free(ws.w[1]);
			return AWS_CONFIG_OTHER;
		}
		*name = ws.w[1];
		return kinds[i].kind;
	}
	if (strcmp(section, "default") == 0) {
		*name = strdup("default");
		return *name ? AWS_CONFIG_PROFILE : AWS_CONFIG_OTHER;
	}
	return AWS_CONFIG_OTHER;
}

/* The last config file section of `kind` named `name`: later sections of
 * one name replace earlier ones in botocore's profile map. */
static const struct ini_section *aws_config_find(const struct aws_config *cfg,
						 enum aws_config_kind kind,
						 const char *name)
{
	const struct ini_section *found = NULL;
	if (!cfg->config || !name)
		return NULL;
	for (size_t i = 0; i < cfg->config->n_sections; i++) {
		char *n = NULL;
		if (aws_config_kind(cfg->config->sections[i].name, &n) == kind &&
		    strcmp(n, name) == 0)
			found = &cfg->config->sections[i];
		free(n);
	}
	return found;
}

const struct ini_section *aws_config_profile_section(const struct aws_config *cfg,
						     const char *name)
{
	return aws_config_find(cfg, AWS_CONFIG_PROFILE, name);
}

const struct ini_section *aws_config_sso_session(const struct aws_config *cfg,
						 const char *name)
{
	return aws_config_find(cfg, AWS_CONFIG_SSO_SESSION, name);
}

const struct ini_section *aws_config_services(const struct aws_config *cfg,
					      const char *name)
{
	return aws_config_find(cfg, AWS_CONFIG_SERVICES, name);
}

const struct ini_section *aws_config_credentials_section(const struct aws_config *cfg,
							 const char *name)
{
	return name ? ini_section(cfg->credentials, name) : NULL;
}

bool aws_config_profile_exists(const struct aws_config *cfg, const char *profile)
{
	return aws_config_credentials_section(cfg, profile) ||
	       aws_config_profile_section(cfg, profile);
}

/* The entry `key` of a profile, credentials file first, and where it is. */
static const struct ini_entry *aws_config_entry(const struct ini_section *creds,
						const struct ini_section *conf,
						const char *key, const char **from)
{
	const struct ini_entry *e = ini_section_entry(creds, key);
	if (e) {
		if (from)
			*from = AWS_CONFIG_FROM_CREDENTIALS;
		return e;
	}
	e = ini_section_entry(conf, key);
	if (e && from)
		*from = AWS_CONFIG_FROM_CONFIG;
	return e;
}

const char *aws_config_profile_get(const struct aws_config *cfg, const char *profile,
				   const char *key)
{
	const struct ini_entry *e = aws_config_entry(aws_config_credentials_section(cfg, profile),
						     aws_config_profile_section(cfg, profile),
						     key, NULL);
	return e && !e->sub ? e->value : NULL;
}

const char *aws_config_profile_get_sub(const struct aws_config *cfg, const char *profile,
				       const char *key, const char *subkey)
{
	const struct ini_entry *e = aws_config_entry(aws_config_credentials_section(cfg, profile),
						     aws_config_profile_section(cfg, profile),
						     key, NULL);
	if (!e)
		return NULL;
	for (size_t i = 0; i < e->n_sub; i++)
		if (strcmp(e->sub[i].key, subkey) == 0)
			return e->sub[i].value;
	return NULL;
}

/* A value of the profile in use; NULL when absent or a nested block. */
static const char *aws_config_value(const struct aws_config *cfg, const char *key,
				    const char **from)
{
	const struct ini_entry *e = aws_config_entry(cfg->profile_credentials,
						     cfg->profile_config, key, from);
	return e && !e->sub ? e->value : NULL;
}

const char *aws_config_get(const struct aws_config *cfg, const char *key)
{
	return aws_config_value(cfg, key, NULL);
}

static int aws_config_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

enum shtui_status aws_config_list_profiles(const struct aws_config *cfg,
					   struct aws_config_profile_list *out)
{
	memset(out, 0, sizeof *out);
	size_t cap = (cfg->config ? cfg->config->n_sections : 0) +
		     (cfg->credentials ? cfg->credentials->n_sections : 0);
	if (cap == 0)
		return SHTUI_OK;
	out->names = calloc(cap, sizeof *out->names);
	if (!out->names)
		return SHTUI_ENOMEM;
	for (size_t i = 0; cfg->config && i < cfg->config->n_sections; i++) {
		char *name = NULL;
		if (aws_config_kind(cfg->config->sections[i].name, &name) == AWS_CONFIG_PROFILE)
			out->names[out->n++] = name;
		else
			free(name);
	}
	for (size_t i = 0; cfg->credentials && i < cfg->credentials->n_sections; i++) {
		char *name = strdup(cfg->credentials->sections[i].name);
		if (!name) {
			aws_config_profile_list_done(out);
			return SHTUI_ENOMEM;
		}
		out->names[out->n++] = name;
	}
	qsort(out->names, out->n, sizeof *out->names, aws_config_cmp);
	size_t w = 0;
	for (size_t r = 0; r < out->n; r++) {
		if (w > 0 && strcmp(out->names[w - 1], out->names[r]) == 0)
			free(out->names[r]);
		else
			out->names[w++] = out->names[r];
	}
	out->n = w;
	return SHTUI_OK;
}

void aws_config_profile_list_done(struct aws_config_profile_list *list)
{
	for (size_t i = 0; i < list->n; i++)
		free(list->names[i]);
	free(list->names);
	memset(list, 0, sizeof *list);
}

/* The home directory from the password database: `name`'s, or ours. */
static char *aws_config_pw_home(const char *name)
{
	long sz = sysconf(_SC_GETPW_R_SIZE_MAX);
	size_t len = sz > 0 ? (size_t)sz : 16384;
	char *mem = malloc(len);
	if (!mem)
		return NULL;
	struct passwd pw, *res = NULL;
	int rc = name ? getpwnam_r(name, &pw, mem, len, &res)
		      : getpwuid_r(getuid(), &pw, mem, len, &res);
	char *home = rc == 0 && res && res->pw_dir ? strdup(res->pw_dir) : NULL;
	free(mem);
	return home;
}

char *aws_config_expand_path(const char *path)
{
	struct buf out;
	buf_init(&out);
	/* posixpath.expandvars(): \$(\w+|\{[^}]*\}), ASCII \w, no rescan. */
	for (const char *p = path; *p;) {
		const char *name = NULL, *after = NULL;
		size_t nlen = 0;
		if (*p == '$' && p[1] == '{') {
			const char *close = strchr(p + 2, '}');
			if (close) {
				name = p + 2;
				nlen = (size_t)(close - name);
				after = close + 1;
			}
		} else if (*p == '$') {
			nlen = strspn(p + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");
			if (nlen) {
				name = p + 1;
				after = name + nlen;
			}
		}
		if (!name) {
			buf_putc(&out, *p++);
			continue;
		}
		char *var = strndup(name, nlen);
		const char *value = var && !strchr(var, '=') ? getenv(var) : NULL;
		free(var);
		if (value)
			buf_puts(&out, value);
		else
			buf_append(&out, p, (size_t)(after - p));
		p = after;
	}
	char *s = buf_steal(&out);
	if (!s || s[0] != '~')
		return s;

	/* posixpath.expanduser(). */
	size_t i = strcspn(s + 1, "/") + 1;
	char *home;
	if (i == 1) {
		const char *h = getenv("HOME");
		home = h ? strdup(h) : aws_config_pw_home(NULL);
	} else {
		char *user = strndup(s + 1, i - 1);
		home = user ? aws_config_pw_home(user) : NULL;
		free(user);
	}
	if (!home)
		return s;       /* unknown user: left as written */
	size_t hl = strlen(home);
	while (hl > 0 && home[hl - 1] == '/')
		hl--;
	buf_append(&out, home, hl);
	buf_puts(&out, s + i);
	free(home);
	free(s);
	if (out.len == 0)
		buf_putc(&out, '/');
	return buf_steal(&out);
}

static enum shtui_status aws_config_oom(struct buf *err)
{
	buf_puts(err, shtui_status_str(SHTUI_ENOMEM));
	return SHTUI_ENOMEM;
}

/* What a file was on disk when it was read. */
struct aws_config_stamp {
	bool exists;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime, ctime;
};

struct aws_config_files {
	atomic_int refs;
	char *path[2];                /* config, credentials: expanded */
	struct ini *ini[2];           /* NULL when absent (or not read) */
	struct aws_config_stamp stamp[2];
	enum shtui_status st;         /* of the reading */
	char *why;                    /* its reason when not SHTUI_OK */
};

enum { AWS_CONFIG_FILE_CONFIG, AWS_CONFIG_FILE_CREDENTIALS };

static const struct {
	const char *env_name;
	const char *fallback;
} aws_config_paths[2] = {
	[AWS_CONFIG_FILE_CONFIG] = { "AWS_CONFIG_FILE", "~/.aws/config" },
	[AWS_CONFIG_FILE_CREDENTIALS] = { "AWS_SHARED_CREDENTIALS_FILE", "~/.aws/credentials" },
};

static char *aws_config_path(int which)
{
	const char *p = aws_config_env(aws_config_paths[which].env_name);
	return aws_config_expand_path(p ? p : aws_config_paths[which].fallback);
}

static void aws_config_stamp_take(struct aws_config_stamp *sp, const char *path)
{
	struct stat st;
	memset(sp, 0, sizeof *sp);
	if (stat(path, &st) != 0)
		return;
	sp->exists = true;
	sp->dev = st.st_dev;
	sp->ino = st.st_ino;
	sp->size = st.st_size;
	sp->mtime = st.st_mtim;
	sp->ctime = st.st_ctim;
}

static bool aws_config_stamp_same(const struct aws_config_stamp *a,
				  const struct aws_config_stamp *b)
{
	if (a->exists != b->exists)
		return false;
	return !a->exists ||
	       (a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
		a->mtime.tv_sec == b->mtime.tv_sec && a->mtime.tv_nsec == b->mtime.tv_nsec &&
		a->ctime.tv_sec == b->ctime.tv_sec && a->ctime.tv_nsec == b->ctime.tv_nsec);
}

/* Resolves a file's path and reads it; the stamp is taken first, so a
 * change while it is read shows as a change the next time. */
static enum shtui_status aws_config_file(int which, char **path, struct ini **ini,
					 struct aws_config_stamp *stamp, struct buf *err)
{
	*path = aws_config_path(which);
	if (!*path)
		return aws_config_oom(err);
	aws_config_stamp_take(stamp, *path);
	struct buf why;
	buf_init(&why);
	enum shtui_status st = ini_load(*path, 0, ini, &why);
	if (st == SHTUI_ENOENT) {
		st = SHTUI_OK;
	} else if (st == SHTUI_ENOMEM) {
		aws_config_oom(err);
	} else if (st != SHTUI_OK) {
		buf_printf(err, "Unable to %s config file: %s",
			   st == SHTUI_EPARSE ? "parse" : "read", buf_str(&why));
		st = SHTUI_ECONFIG;
	}
	buf_done(&why);
	return st;
}

/* Python's int() for the ASCII forms: blanks around, a sign, digits with
 * single underscores between them. */
static bool aws_config_int(const char *s, long long *out)
{
	static const char blank[] = " \t\n\v\f\r";
	while (*s && strchr(blank, *s))
		s++;
	bool neg = *s == '-';
	if (*s == '-' || *s == '+')
		s++;
	if (*s < '0' || *s > '9')
		return false;
	long long v = 0;
	for (; *s; s++) {
		if (*s == '_' && s[1] >= '0' && s[1] <= '9')
			continue;
		if (*s < '0' || *s > '9')
			break;
		if (v < LLONG_MAX / 10)
			v = v * 10 + (*s - '0');
	}
	while (*s && strchr(blank, *s))
		s++;
	if (*s)
		return false;
	*out = neg ? -v : v;
	return true;
}

static enum shtui_status aws_config_set(char **field, const char *value, struct buf *err)
{
	free(*field);
	*field = strdup(value);
	return *field ? SHTUI_OK : aws_config_oom(err);
}

static enum shtui_status aws_config_endpoint(struct aws_config *cfg,
					     const struct aws_config_overrides *ov,
					     const char *service, const char *env_name,
					     char **url, const char **from, struct buf *err)
{
	if (ov && ov->endpoint_url && *ov->endpoint_url) {
		*from = "--endpoint-url";
		return aws_config_set(url, ov->endpoint_url, err);
	}
	if (cfg->ignore_configured_endpoint_urls)
		return SHTUI_OK;
	const char *v = aws_config_env(env_name);
	if (v && *v) {
		*from = env_name;
		return aws_config_set(url, v, err);
	}
	v = aws_config_env("AWS_ENDPOINT_URL");
	if (v && *v) {
		*from = "AWS_ENDPOINT_URL";
		return aws_config_set(url, v, err);
	}
	const char *services = aws_config_value(cfg, "services", NULL);
	if (services) {
		const struct ini_section *sec = aws_config_services(cfg, services);
		if (!sec || sec->n_entries == 0) {
			buf_printf(err, "The profile is configured to use the services section but "
				   "the \"%s\" services configuration does not exist.", services);
			return SHTUI_ECONFIG;
		}
		v = ini_section_get_sub(sec, service, "endpoint_url");
		if (v && *v) {
			*from = "services section";
			return aws_config_set(url, v, err);
		}
	}
	v = aws_config_value(cfg, "endpoint_url", from);
	if (v && *v)
		return aws_config_set(url, v, err);
	*from = NULL;
	return SHTUI_OK;
}

/* A boolean: the environment variable if set at all, else the profile. */
static bool aws_config_flag(const struct aws_config *cfg, const char *env_name,
			    const char *key)
{
	const char *v = aws_config_env(env_name);
	return aws_config_true(v ? v : aws_config_value(cfg, key, NULL));
}

static enum shtui_status aws_config_retry(struct aws_config *cfg, struct buf *err)
{
	const char *from = "AWS_MAX_ATTEMPTS";
	const char *v = aws_config_env(from);
	if (!v)
		v = aws_config_value(cfg, "max_attempts", &from);
	if (v) {
		long long n;
		if (!aws_config_int(v, &n) || n < 1 || n > INT_MAX) {
			buf_printf(err, "Value provided to \"max_attempts\" (%s): \"%s\" must be an "
				   "integer greater than or equal to 1.", from, v);
			return SHTUI_ECONFIG;
		}
		cfg->max_attempts = (int)n;
	}

	static const char *const modes[] = { "standard", "legacy", "adaptive" };
	from = "AWS_RETRY_MODE";
	v = aws_config_env(from);
	if (!v)
		v = aws_config_value(cfg, "retry_mode", &from);
	if (v) {
		size_t i;
		for (i = 0; i < sizeof modes / sizeof modes[0]; i++)
			if (strcmp(v, modes[i]) == 0)
				break;
		if (i == sizeof modes / sizeof modes[0]) {
			buf_printf(err, "Invalid value provided to \"retry_mode\" (%s): \"%s\" must be "
				   "one of: standard, legacy, adaptive", from, v);
			return SHTUI_ECONFIG;
		}
		cfg->retry_mode = modes[i];
	}
	return SHTUI_OK;
}

/* A whole number >= 1 from the environment variable, else the profile. */
static enum shtui_status aws_config_count(const struct aws_config *cfg, const char *env_name,
					  const char *key, int *out, struct buf *err)
{
	const char *from = env_name;
	const char *v = aws_config_env(env_name);
	if (!v || !*v)
		v = aws_config_value(cfg, key, &from);
	if (!v || !*v)
		return SHTUI_OK;
	long long n;
	if (!aws_config_int(v, &n) || n < 1 || n > 3600) {
		buf_printf(err, "Value provided to \"%s\" (%s): \"%s\" must be a whole number "
			   "from 1 to 3600.", key, from, v);
		return SHTUI_ECONFIG;
	}
	*out = (int)n;
	return SHTUI_OK;
}

static enum shtui_status aws_config_imds(struct aws_config *cfg, struct buf *err)
{
	const char *v = aws_config_env("AWS_EC2_METADATA_DISABLED");
	cfg->ec2_metadata_disabled = aws_config_true(v);
	v = aws_config_env("AWS_EC2_METADATA_SERVICE_ENDPOINT");
	if (!v || !*v)
		v = aws_config_value(cfg, "ec2_metadata_service_endpoint", NULL);
	if (v && *v) {
		enum shtui_status st = aws_config_set(&cfg->ec2_metadata_endpoint, v, err);
		if (st != SHTUI_OK)
			return st;
	}
	const char *from = "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE";
	v = aws_config_env(from);
	if (!v || !*v)
		v = aws_config_value(cfg, "ec2_metadata_service_endpoint_mode", &from);
	if (v && *v) {
		if (strcasecmp(v, "ipv6") == 0) {
			cfg->ec2_metadata_ipv6 = true;
		} else if (strcasecmp(v, "ipv4") != 0) {
			buf_printf(err, "Invalid value provided to \"ec2_metadata_service_endpoint_mode\" "
				   "(%s): \"%s\" must be IPv4 or IPv6", from, v);
			return SHTUI_ECONFIG;
		}
	}
	enum shtui_status st = aws_config_count(cfg, "AWS_METADATA_SERVICE_TIMEOUT",
						"metadata_service_timeout",
						&cfg->metadata_timeout, err);
	if (st == SHTUI_OK)
		st = aws_config_count(cfg, "AWS_METADATA_SERVICE_NUM_ATTEMPTS",
				      "metadata_service_num_attempts", &cfg->metadata_attempts, err);
	return st;
}

/* Whether any section of `ini` holds a secret key or a session token. */
static bool aws_config_has_secret(const struct ini *ini)
{
	static const char *const keys[] = {
		"aws_secret_access_key", "aws_session_token", "aws_security_token",
	};
	for (size_t i = 0; ini && i < ini->n_sections; i++)
		for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
			if (ini_section_entry(&ini->sections[i], keys[k]))
				return true;
	return false;
}

/* Notes a file with secrets that others may read or write. */
static void aws_config_check_mode(struct buf *warn, const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return;
	mode_t open_bits = st.st_mode & (S_IRGRP | S_IWGRP | S_IROTH | S_IWOTH);
	if (!open_bits)
		return;
	buf_printf(warn, "%s holds secrets and can be %s by %s (mode %04o); "
		   "restrict it with: chmod 600 %s\n", path,
		   open_bits & (S_IRGRP | S_IROTH) ? "read" : "written",
		   open_bits & (S_IROTH | S_IWOTH) ? "every user" : "its group",
		   (unsigned)(st.st_mode & 07777), path);
}

struct aws_config_files *aws_config_files_read(void)
{
	struct aws_config_files *f = calloc(1, sizeof *f);
	if (!f)
		return NULL;
	atomic_init(&f->refs, 1);
	struct buf why;
	buf_init(&why);
	f->st = aws_config_file(AWS_CONFIG_FILE_CONFIG, &f->path[0], &f->ini[0], &f->stamp[0],
				&why);
	if (f->st == SHTUI_OK)
		f->st = aws_config_file(AWS_CONFIG_FILE_CREDENTIALS, &f->path[1], &f->ini[1],
					&f->stamp[1], &why);
	if (f->st != SHTUI_OK && !(f->why = buf_steal(&why))) {
		buf_done(&why);
		aws_config_files_unref(f);
		return NULL;
	}
	buf_done(&why);
	return f;
}

struct aws_config_files *aws_config_files_ref(struct aws_config_files *files)
{
	if (files)
		atomic_fetch_add(&files->refs, 1);
	return files;
}

void aws_config_files_unref(struct aws_config_files *files)
{
	if (!files || atomic_fetch_sub(&files->refs, 1) != 1)
		return;
	for (int i = 0; i < 2; i++) {
		free(files->path[i]);
		ini_free(files->ini[i]);
	}
	free(files->why);
	free(files);
}

bool aws_config_files_fresh(const struct aws_config_files *files)
{
	bool same = files->st != SHTUI_ENOMEM;
	for (int i = 0; same && i < 2; i++) {
		char *path = aws_config_path(i);
		struct aws_config_stamp now;
		same = path && files->path[i] && strcmp(path, files->path[i]) == 0;
		if (same) {
			aws_config_stamp_take(&now, path);
			same = aws_config_stamp_same(&now, &files->stamp[i]);
		}
		free(path);
	}
	return same;
}

enum shtui_status aws_config_load(struct aws_config *cfg,
				  const struct aws_config_overrides *ov,
				  struct buf *err)
{
	struct aws_config_files *files = aws_config_files_read();
	if (!files)
		return aws_config_oom(err);
	enum shtui_status st = aws_config_load_files(cfg, ov, files, err);
	aws_config_files_unref(files);
	return st;
}

enum shtui_status aws_config_load_files(struct aws_config *cfg,
					const struct aws_config_overrides *ov,
					struct aws_config_files *files, struct buf *err)
{
	/* Whatever was read stays, failed or not, so profiles can be listed. */
	aws_config_files_unref(cfg->files);
	cfg->files = aws_config_files_ref(files);
	cfg->config_file = files->path[AWS_CONFIG_FILE_CONFIG];
	cfg->credentials_file = files->path[AWS_CONFIG_FILE_CREDENTIALS];
	cfg->config = files->ini[AWS_CONFIG_FILE_CONFIG];
	cfg->credentials = files->ini[AWS_CONFIG_FILE_CREDENTIALS];
	if (files->st != SHTUI_OK) {
		buf_puts(err, files->why);
		return files->st;
	}
	enum shtui_status st;

	/* Profile. AWS CLI v2 reads AWS_PROFILE before AWS_DEFAULT_PROFILE
	 * (plain botocore has them the other way round). */
	const char *profile = NULL;
	if (ov && ov->profile && *ov->profile) {
		profile = ov->profile;
		cfg->profile_from = "--profile";
		cfg->profile_explicit = true;
	} else if ((profile = aws_config_env("AWS_PROFILE")) != NULL) {
		cfg->profile_from = "AWS_PROFILE";
	} else if ((profile = aws_config_env("AWS_DEFAULT_PROFILE")) != NULL) {
		cfg->profile_from = "AWS_DEFAULT_PROFILE";
	}
	if ((st = aws_config_set(&cfg->profile, profile ? profile : "default", err)) != SHTUI_OK)
		return st;
	cfg->profile_config = aws_config_profile_section(cfg, cfg->profile);
	cfg->profile_credentials = aws_config_credentials_section(cfg, cfg->profile);
	if (cfg->profile_from && !cfg->profile_config && !cfg->profile_credentials) {
		buf_printf(err, "The config profile (%s) could not be found", cfg->profile);
		return SHTUI_ECONFIG;
	}

	/* Region: an empty value anywhere is skipped. */
	static const char *const region_env[] = { "AWS_REGION", "AWS_DEFAULT_REGION" };
	const char *region = NULL;
	if (ov && ov->region && *ov->region) {
		region = ov->region;
		cfg->region_from = "--region";
	}
	for (size_t i = 0; !region && i < 2; i++) {
		const char *v = aws_config_env(region_env[i]);
		if (v && *v) {
			region = v;
			cfg->region_from = region_env[i];
		}
	}
	if (!region) {
		const char *v = aws_config_value(cfg, "region", &cfg->region_from);
		if (v && *v)
			region = v;
		else
			cfg->region_from = NULL;
	}
	if (region && (st = aws_config_set(&cfg->region, region, err)) != SHTUI_OK)
		return st;

	cfg->use_fips = aws_config_flag(cfg, "AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint");
	cfg->use_dualstack = aws_config_flag(cfg, "AWS_USE_DUALSTACK_ENDPOINT",
					     "use_dualstack_endpoint");
	cfg->ignore_configured_endpoint_urls =
		aws_config_flag(cfg, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
				"ignore_configured_endpoint_urls");
	st = aws_config_endpoint(cfg, ov, "securityhub", "AWS_ENDPOINT_URL_SECURITYHUB",
				 &cfg->endpoint_url_securityhub,
				 &cfg->endpoint_url_securityhub_from, err);
	if (st != SHTUI_OK)
		return st;
	st = aws_config_endpoint(cfg, ov, "sts", "AWS_ENDPOINT_URL_STS", &cfg->endpoint_url_sts,
				 &cfg->endpoint_url_sts_from, err);
	if (st != SHTUI_OK)
		return st;
	st = aws_config_endpoint(cfg, NULL, "sso", "AWS_ENDPOINT_URL_SSO", &cfg->endpoint_url_sso,
				 &cfg->endpoint_url_sso_from, err);
	if (st != SHTUI_OK)
		return st;

	if ((st = aws_config_retry(cfg, err)) != SHTUI_OK)
		return st;

	const char *ca = NULL;
	if (ov && ov->ca_bundle && *ov->ca_bundle) {
		ca = ov->ca_bundle;
		cfg->ca_bundle_from = "--ca-bundle";
	} else if ((ca = aws_config_env("AWS_CA_BUNDLE")) != NULL && *ca) {
		cfg->ca_bundle_from = "AWS_CA_BUNDLE";
	} else if ((ca = aws_config_value(cfg, "ca_bundle", &cfg->ca_bundle_from)) == NULL || !*ca) {
		ca = NULL;
		cfg->ca_bundle_from = NULL;
	}
	if (ca && (st = aws_config_set(&cfg->ca_bundle, ca, err)) != SHTUI_OK)
		return st;
	if ((st = aws_config_imds(cfg, err)) != SHTUI_OK)
		return st;

	struct buf warn;
	buf_init(&warn);
	if (cfg->credentials && aws_config_has_secret(cfg->credentials))
		aws_config_check_mode(&warn, cfg->credentials_file);
	if (cfg->config && aws_config_has_secret(cfg->config))
		aws_config_check_mode(&warn, cfg->config_file);
	if (warn.len) {
		cfg->warnings = buf_steal(&warn);
		if (!cfg->warnings)
			return aws_config_oom(err);
	}
	buf_done(&warn);
	return SHTUI_OK;
}
