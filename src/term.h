/* SPDX-License-Identifier: Apache-2.0 */
/* term.h: the terminal: curses start and end, colors by role, signals, and stderr parked while curses owns the screen. */
#ifndef SHTUI_TERM_H
#define SHTUI_TERM_H

#include <signal.h>
#include <stdbool.h>

/* X(role, foreground, background, color attributes, monochrome attributes) */
#define TERM_ROLES(X)                                                          \
	X(ROLE_NORMAL, -1, -1, 0, 0)                                            \
	X(ROLE_HEADER, COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE)              \
	X(ROLE_HEADER_DIM, COLOR_WHITE, COLOR_BLUE, 0, A_REVERSE)               \
	X(ROLE_NAV, -1, -1, 0, 0)                                               \
	X(ROLE_NAV_SELECTED, COLOR_YELLOW, -1, A_BOLD, A_BOLD | A_UNDERLINE)    \
	X(ROLE_TITLE, -1, -1, A_BOLD, A_BOLD)                                   \
	X(ROLE_TAB, COLOR_YELLOW, -1, A_BOLD | A_UNDERLINE, A_BOLD | A_UNDERLINE) \
	X(ROLE_LABEL, COLOR_CYAN, -1, 0, A_DIM)                                 \
	X(ROLE_BORDER, COLOR_BLUE, -1, 0, 0)                                    \
	X(ROLE_BORDER_FOCUS, COLOR_YELLOW, -1, 0, A_BOLD)                       \
	X(ROLE_SELECTED, COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE)                 \
	X(ROLE_FOCUS, COLOR_BLACK, COLOR_YELLOW, A_BOLD, A_REVERSE | A_BOLD)    \
	X(ROLE_BUTTON, -1, -1, A_BOLD, A_BOLD)                                  \
	X(ROLE_BUTTON_PRIMARY, COLOR_YELLOW, -1, A_BOLD, A_BOLD)                \
	X(ROLE_DISABLED, COLOR_WHITE, -1, A_DIM, A_DIM)                         \
	X(ROLE_ON, COLOR_GREEN, -1, A_BOLD, A_BOLD)                             \
	X(ROLE_OFF, COLOR_WHITE, -1, A_DIM, A_DIM)                              \
	X(ROLE_OK, COLOR_GREEN, -1, 0, A_BOLD)                                  \
	X(ROLE_ERROR, COLOR_RED, -1, A_BOLD, A_BOLD | A_UNDERLINE)              \
	X(ROLE_WARN, COLOR_YELLOW, -1, 0, A_BOLD)                               \
	X(ROLE_STATUS, COLOR_WHITE, COLOR_BLUE, 0, A_REVERSE)                   \
	X(ROLE_KEY, COLOR_YELLOW, COLOR_BLUE, A_BOLD, A_REVERSE | A_BOLD)       \
	X(ROLE_DIALOG, -1, -1, 0, 0)                                            \
	X(ROLE_DIALOG_TITLE, COLOR_YELLOW, -1, A_BOLD, A_BOLD | A_UNDERLINE)

enum term_role {
#define TERM_ROLE_ENUM(role, fg, bg, cattr, mattr) role,
	TERM_ROLES(TERM_ROLE_ENUM)
#undef TERM_ROLE_ENUM
	TERM_N_ROLES
};

/* What the terminal can do, decided once at start. */
struct term_caps {
	bool color;      /* false under NO_COLOR, --no-color or a mono terminal */
	bool utf8;       /* the locale's codeset is UTF-8: Unicode glyphs */
	bool mouse;
	bool alt_screen; /* the terminal has an alternate screen (smcup) */
};

/*
 * Starts curses on the terminal (stdin/stdout must be ttys unless
 * `scripted`), parks stderr in a temporary file, installs the signal
 * handlers. `wake_fd` is written to (one byte) when a signal arrives.
 * Returns false with errno-style text in `err` (max `errlen`).
 * Main thread only.
 */
bool term_start(bool no_color, bool scripted, int wake_fd, char *err, size_t errlen);
/* Ends curses, restores the terminal, replays the parked stderr. Safe to
 * call twice. */
void term_stop(void);

const struct term_caps *term_caps(void);
/* The attributes that draw `role` in the current scheme. */
int term_attr(enum term_role role);

/* Asks the terminal to put `text` on the clipboard (OSC 52, base64),
 * which most terminals do, also through SSH and tmux. Main thread. */
void term_copy(const char *text);

/* The last of SIGINT, SIGTERM, SIGHUP received (0 when none); resets it. */
int term_take_quit_signal(void);
/* True once after SIGWINCH, with the terminal's new size. */
bool term_take_resized(int *rows, int *cols);
/* True once after SIGCONT (redraw everything). */
bool term_take_resumed(void);

#endif
