/* SPDX-License-Identifier: Apache-2.0 */
/* child.c: a helper process (credential_process) run without a shell, its output read through non-blocking pipes, for the worker to poll. */
#include "config.h"

#include "child.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/crypto.h>

extern char **environ;

/* The helpers running, for a signal that ends the program to end them
 * too: a slot holds a pid or 0. Lock-free, so a handler may read it. */
#define CHILD_SLOTS 1024   /* above any --max-concurrency in use */
static atomic_int running[CHILD_SLOTS];

static void remember(pid_t pid)
{
	for (int i = 0; i < CHILD_SLOTS; i++) {
		int none = 0;
		if (atomic_compare_exchange_strong(&running[i], &none, (int)pid))
			return;
	}
}

static void forget(pid_t pid)
{
	for (int i = 0; i < CHILD_SLOTS; i++) {
		int was = (int)pid;
		if (atomic_compare_exchange_strong(&running[i], &was, 0))
			return;
	}
}

static void on_ending_signal(int sig)
{
	int saved = errno;
	for (int i = 0; i < CHILD_SLOTS; i++) {
		int pid = atomic_load(&running[i]);
		if (pid > 0)
			kill(pid, SIGKILL);
	}
	/* Then as the signal would have: it is blocked until we return. */
	signal(sig, SIG_DFL);
	raise(sig);
	errno = saved;
}

void child_end_with_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		struct sigaction sa, old;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_ending_signal;
		sigemptyset(&sa.sa_mask);
		sa.sa_flags = SA_RESTART;
		/* A signal the caller ignores (nohup) stays ignored. */
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
			sigaction(sigs[i], &sa, NULL);
	}
}

int child_spawn(struct job_child *c, char *const argv[])
{
	int po[2] = { -1, -1 }, pe[2] = { -1, -1 };
	posix_spawn_file_actions_t fa;
	bool fa_ok = false;
	pid_t pid = -1;
	int rc = 0;
	if (pipe2(po, O_CLOEXEC) != 0 || pipe2(pe, O_CLOEXEC) != 0) {
		rc = errno;
	} else if ((rc = posix_spawn_file_actions_init(&fa)) == 0) {
		fa_ok = true;
		rc = posix_spawn_file_actions_adddup2(&fa, po[1], STDOUT_FILENO);
		if (rc == 0)
			rc = posix_spawn_file_actions_adddup2(&fa, pe[1], STDERR_FILENO);
		/* Not our stdin: the screen owns the keyboard, and a helper that
		 * must ask the user opens /dev/tty, as such helpers do. */
		if (rc == 0)
			rc = posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
		/* The helper gets nothing else of ours. */
		if (rc == 0)
			rc = posix_spawn_file_actions_addclosefrom_np(&fa, STDERR_FILENO + 1);
#endif
		if (rc == 0) {
			/* The child starts with every signal open, as programs expect;
			 * the worker's thread has them blocked. */
			posix_spawnattr_t attr;
			sigset_t none;
			sigemptyset(&none);
			rc = posix_spawnattr_init(&attr);
			if (rc == 0) {
				posix_spawnattr_setsigmask(&attr, &none);
				posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
				rc = posix_spawnp(&pid, argv[0], &fa, &attr, argv, environ);
				posix_spawnattr_destroy(&attr);
			}
		}
	}
	if (fa_ok)
		posix_spawn_file_actions_destroy(&fa);
	if (po[1] >= 0)
		close(po[1]);
	if (pe[1] >= 0)
		close(pe[1]);
	c->started = rc == 0;
	if (rc != 0) {
		if (po[0] >= 0)
			close(po[0]);
		if (pe[0] >= 0)
			close(pe[0]);
		c->status = rc;
		return rc;
	}
	fcntl(po[0], F_SETFL, O_NONBLOCK);
	fcntl(pe[0], F_SETFL, O_NONBLOCK);
	c->pid = pid;
	remember(pid);
	c->out_fd = po[0];
	c->err_fd = pe[0];
	return 0;
}

void child_read(int *fd, struct buf *into, size_t cap)
{
	char chunk[4096];
	for (;;) {
		ssize_t r = read(*fd, chunk, sizeof chunk);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (r <= 0) {
			close(*fd);
			*fd = -1;
			break;
		}
		if (into->len < cap) {
			size_t keep = (size_t)r;
			if (keep > cap - into->len)
				keep = cap - into->len;
			buf_append(into, chunk, keep);
		}
	}
	OPENSSL_cleanse(chunk, sizeof chunk);
}

void child_close(struct job_child *c)
{
	if (c->out_fd >= 0)
		close(c->out_fd);
	if (c->err_fd >= 0)
		close(c->err_fd);
	c->out_fd = c->err_fd = -1;
}

bool child_reaped(struct job_child *c)
{
	if (c->pid <= 0)
		return true;
	pid_t r = waitpid(c->pid, &c->status, WNOHANG);
	if (r == c->pid || (r < 0 && errno == ECHILD)) {
		forget(c->pid);
		c->pid = 0;
		return true;
	}
	return false;
}

/* Ends `pid` and the processes it started that are still its own (a
 * script's commands): each is stopped, so it starts no more, then its
 * children are found through /proc and ended, then it. */
static void kill_tree(pid_t pid, int depth)
{
	kill(pid, SIGSTOP);
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
	DIR *d = depth < 16 ? opendir(path) : NULL;
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char list[96];
		snprintf(list, sizeof list, "/proc/%d/task/%.16s/children", (int)pid, e->d_name);
		FILE *f = fopen(list, "re");
		long child;
		while (f && fscanf(f, "%ld", &child) == 1)
			if (child > 1)
				kill_tree((pid_t)child, depth + 1);
		if (f)
			fclose(f);
	}
	if (d)
		closedir(d);
	kill(pid, SIGKILL);
}

void child_kill(struct job_child *c)
{
	child_close(c);
	if (c->pid > 0) {
		kill_tree(c->pid, 0);
		while (waitpid(c->pid, &c->status, 0) < 0 && errno == EINTR)
			;
		forget(c->pid);
		c->pid = 0;
	}
}
