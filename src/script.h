/* SPDX-License-Identifier: Apache-2.0 */
/* script.h: the key scripts the screen tests drive shtui with (SHTUI_SCRIPT), and the screen dumps they read back. UI thread only. */
#ifndef SHTUI_SCRIPT_H
#define SHTUI_SCRIPT_H

#include <stdbool.h>

#include "buf.h"

/*
 * A script is a file of lines, comments (#) and blank lines skipped:
 *   key NAME      one key: a character, or Up Down Left Right Tab BTab Enter
 *                 Esc Space Backspace F1 PgUp PgDn Home End
 *   type TEXT     each character of TEXT as a key
 *   dump FILE     the screen as text, one line per row, trailing blanks cut
 *   resize C R    the screen resized to C columns and R rows
 *   click X Y     a mouse click at column X, row Y
 *   until TEXT    waits until a row of the screen shows TEXT
 * Each line runs when no call is in flight, except lines that start with
 * "now ", which run at once (to see the screen while calls are under way).
 */
struct script;

enum script_kind {
	SCRIPT_END,      /* no line left */
	SCRIPT_WAIT,     /* the next line must wait: poll for events */
	SCRIPT_KEY,      /* key */
	SCRIPT_TYPE,     /* text: one key per character */
	SCRIPT_DUMP,     /* text: the file to write (after a fresh draw) */
	SCRIPT_RESIZE,   /* x columns, y rows */
	SCRIPT_CLICK,    /* x, y */
	SCRIPT_NOTHING,  /* the line was used up (an "until" that holds, a bad line) */
};

struct script_cmd {
	enum script_kind kind;
	int key, x, y;
	char text[1024];
};

/* Opens the script at `path`; NULL with the reason in `err`. */
struct script *script_open(const char *path, struct buf *err);
void script_close(struct script *s);

/* What the next line asks, given the calls in flight; the line is used up
 * unless the answer is SCRIPT_WAIT or SCRIPT_END. */
enum script_kind script_next(struct script *s, int in_flight, struct script_cmd *cmd);

/* Writes the screen (curses' stdscr) as text to `path`. */
bool script_dump(const char *path);

#endif
