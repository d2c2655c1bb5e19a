/* SPDX-License-Identifier: Apache-2.0 */
/* term.c: the terminal: curses start and end, colors by role, signals, and stderr parked while curses owns the screen. */
#include "config.h"

#include "term.h"

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <curses.h>
#include <openssl/evp.h>

static struct term_caps caps;
static int role_attrs[TERM_N_ROLES];
static bool started;
static int parked_fd = -1;       /* the real stderr while parked */
static FILE *parked_file;        /* where stderr goes meanwhile */
static struct termios saved_tio;
static bool have_tio;
static int signal_wake_fd = -1;
static volatile sig_atomic_t quit_signal;
static volatile sig_atomic_t resumed;
static volatile sig_atomic_t resized;
static SCREEN *screen;

static void wake(void)
{
	if (signal_wake_fd >= 0) {
		int e = errno;
		ssize_t r = write(signal_wake_fd, "s", 1);
		(void)r;
		errno = e;
	}
}

static void on_quit(int sig)
{
	quit_signal = sig;
	wake();
}

static void on_cont(int sig)
{
	(void)sig;
	resumed = 1;
	wake();
}

/* The terminal changed size. curses' own handler only sets a flag that
 * getch() reads, which would wait for the next key while the loop sleeps
 * in poll(): this one wakes the loop. */
static void on_winch(int sig)
{
	(void)sig;
	resized = 1;
	wake();
}

/* A crash: put the terminal back as it was (only async-signal-safe
 * calls), then die of the same signal. */
static void on_crash(int sig)
{
	static const char reset[] = "\033[0m\033[?1000l\033[?1006l\033[?25h\033[?1049l\r\n";
	if (have_tio)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tio);
	if (parked_fd >= 0)
		dup2(parked_fd, STDERR_FILENO);
	ssize_t r = write(STDOUT_FILENO, reset, sizeof reset - 1);
	(void)r;
	signal(sig, SIG_DFL);
	raise(sig);
}

static void install(int sig, void (*fn)(int))
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

static bool park_stderr(void)
{
	parked_file = tmpfile();
	if (!parked_file)
		return false;
	fflush(stderr);
	parked_fd = dup(STDERR_FILENO);
	if (parked_fd < 0 || dup2(fileno(parked_file), STDERR_FILENO) < 0) {
		if (parked_fd >= 0)
			close(parked_fd);
		parked_fd = -1;
		fclose(parked_file);
		parked_file = NULL;
		return false;
	}
	fcntl(parked_fd, F_SETFD, FD_CLOEXEC);
	return true;
}

static void unpark_stderr(void)
{
	if (parked_fd < 0)
		return;
	fflush(stderr);
	dup2(parked_fd, STDERR_FILENO);
	close(parked_fd);
	parked_fd = -1;
	/* What libraries said meanwhile, now that the screen is back. */
	rewind(parked_file);
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, parked_file)) > 0)
		fwrite(buf, 1, n, stderr);
	fclose(parked_file);
	parked_file = NULL;
}

bool term_start(bool no_color, bool scripted, int wake_fd, char *err, size_t errlen)
{
	if (!scripted && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
		snprintf(err, errlen, "the interactive screen needs a terminal; "
			 "for scripts, run a command such as 'shtui list-invitations' "
			 "(see 'shtui --help')");
		return false;
	}
	const char *termname = getenv("TERM");
	if (!termname || !*termname)
		termname = "xterm";
	if (tcgetattr(STDIN_FILENO, &saved_tio) == 0)
		have_tio = true;
	signal_wake_fd = wake_fd;
	if (!park_stderr()) {
		snprintf(err, errlen, "cannot set stderr aside: %s", strerror(errno));
		return false;
	}
	screen = newterm(termname, stdout, stdin);
	if (!screen) {
		unpark_stderr();
		snprintf(err, errlen, "cannot use the terminal type '%s'; for scripts, run a command "
			 "such as 'shtui list-invitations' (see 'shtui --help')", termname);
		return false;
	}
	set_term(screen);
	/* A terminal that cannot move the cursor (dumb, or no cup) would get
	 * a blank screen that still acts on keys: refuse it as an unknown
	 * one, before anything is drawn. */
	const char *cup = tigetstr("cup");
	const char *smcup = tigetstr("smcup");
	caps.alt_screen = smcup && smcup != (char *)-1 && *smcup;
	if (!cup || cup == (char *)-1 || !*cup) {
		endwin();
		delscreen(screen);
		screen = NULL;
		if (have_tio)
			tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tio);
		unpark_stderr();
		snprintf(err, errlen, "the terminal type '%s' cannot move the cursor, which the "
			 "interactive screen needs; for scripts, run a command such as "
			 "'shtui list-invitations' (see 'shtui --help')", termname);
		return false;
	}
	started = true;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);

	const char *cs = nl_langinfo(CODESET);
	caps.utf8 = cs && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0);
	const char *nc = getenv("NO_COLOR");
	caps.color = !no_color && !(nc && *nc) && has_colors();
	if (caps.color) {
		start_color();
		use_default_colors();
	}
	static const struct {
		short fg, bg;
		int cattr, mattr;
	} roles[] = {
#define TERM_ROLE_ROW(role, fg, bg, cattr, mattr) [role] = { fg, bg, cattr, mattr },
		TERM_ROLES(TERM_ROLE_ROW)
#undef TERM_ROLE_ROW
	};
	for (int r = 0; r < TERM_N_ROLES; r++) {
		if (caps.color && r > 0 && init_pair((short)r, roles[r].fg, roles[r].bg) == OK)
			role_attrs[r] = (int)COLOR_PAIR(r) | roles[r].cattr;
		else
			role_attrs[r] = caps.color ? roles[r].cattr : roles[r].mattr;
	}
	caps.mouse = mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED, NULL) != 0;
	mouseinterval(0);

	install(SIGINT, on_quit);
	install(SIGTERM, on_quit);
	install(SIGHUP, on_quit);
	install(SIGCONT, on_cont);
	install(SIGWINCH, on_winch);
	signal(SIGPIPE, SIG_IGN);
	static const int crash[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	for (size_t i = 0; i < sizeof crash / sizeof crash[0]; i++)
		install(crash[i], on_crash);
	return true;
}

void term_stop(void)
{
	if (started) {
		/* Sizes no longer matter, and the wake pipe is about to go. */
		signal(SIGWINCH, SIG_DFL);
		signal_wake_fd = -1;
		mousemask(0, NULL);
		curs_set(1);
		endwin();
		delscreen(screen);
		screen = NULL;
		started = false;
		/* Without an alternate screen what was drawn stays: the shell's
		 * prompt goes on a clean line below it. */
		if (!caps.alt_screen) {
			fputs("\r\n", stdout);
			fflush(stdout);
		}
	}
	if (have_tio)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tio);
	unpark_stderr();
}

void term_copy(const char *text)
{
	size_t n = strlen(text);
	unsigned char *b64 = malloc(4 * ((n + 2) / 3) + 1);
	if (!b64)
		return;
	EVP_EncodeBlock(b64, (const unsigned char *)text, (int)n);
	fprintf(stdout, "\033]52;c;%s\a", (const char *)b64);
	fflush(stdout);
	free(b64);
}

const struct term_caps *term_caps(void)
{
	return &caps;
}

int term_attr(enum term_role role)
{
	return role_attrs[role];
}

int term_take_quit_signal(void)
{
	int s = quit_signal;
	quit_signal = 0;
	return s;
}

bool term_take_resized(int *rows, int *cols)
{
	if (!resized)
		return false;
	resized = 0;
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0 || ws.ws_col == 0)
		return false;
	*rows = ws.ws_row;
	*cols = ws.ws_col;
	return true;
}

bool term_take_resumed(void)
{
	bool r = resumed;
	resumed = 0;
	return r;
}
