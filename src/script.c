/* SPDX-License-Identifier: Apache-2.0 */
/* script.c: the key scripts the screen tests drive shtui with (SHTUI_SCRIPT), and the screen dumps they read back. UI thread only. */
#include "config.h"

#include "script.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <curses.h>

#include "ui.h"

struct script {
	FILE *f;
	char pending[1024];   /* the line read but not run yet */
};

struct script *script_open(const char *path, struct buf *err)
{
	struct script *s = calloc(1, sizeof *s);
	if (!s || !(s->f = fopen(path, "r"))) {
		buf_printf(err, "cannot read SHTUI_SCRIPT %s: %s", path, strerror(errno));
		free(s);
		return NULL;
	}
	return s;
}

void script_close(struct script *s)
{
	if (!s)
		return;
	fclose(s->f);
	free(s);
}

/* One row of the screen as UTF-8 (or the locale's), trailing blanks cut. */
static size_t screen_row(int y, int cols, wchar_t *w, char *mb, size_t mb_size)
{
	int n = mvinnwstr(y, 0, w, cols);
	w[n < 0 ? 0 : n] = L'\0';
	size_t len = wcstombs(mb, w, mb_size);
	if (len == (size_t)-1)
		len = 0;
	while (len > 0 && mb[len - 1] == ' ')
		len--;
	mb[len] = '\0';
	return len;
}

/* Calls fn on each row of the screen until it returns true. */
static bool each_row(bool (*fn)(const char *row, size_t len, void *arg), void *arg)
{
	int rows, cols;
	getmaxyx(stdscr, rows, cols);
	size_t mb_size = (size_t)cols * MB_CUR_MAX + 1;
	wchar_t *w = calloc((size_t)cols + 1, sizeof *w);
	char *mb = malloc(mb_size);
	bool stop = false;
	for (int y = 0; w && mb && y < rows && !stop; y++) {
		size_t len = screen_row(y, cols, w, mb, mb_size - 1);
		stop = fn(mb, len, arg);
	}
	free(w);
	free(mb);
	return stop;
}

static bool row_has(const char *row, size_t len, void *arg)
{
	(void)len;
	return strstr(row, arg) != NULL;
}

static bool row_write(const char *row, size_t len, void *arg)
{
	fwrite(row, 1, len, arg);
	fputc('\n', arg);
	return false;
}

bool script_dump(const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return false;
	each_row(row_write, f);
	return fclose(f) == 0;
}

static const struct {
	const char *name;
	int key;
} key_names[] = {
	{ "Up", KEY_UP }, { "Down", KEY_DOWN }, { "Left", KEY_LEFT }, { "Right", KEY_RIGHT },
	{ "Tab", UI_KEY_TAB }, { "BTab", KEY_BTAB }, { "Enter", UI_KEY_ENTER },
	{ "Esc", UI_KEY_ESC }, { "Space", ' ' }, { "Backspace", KEY_BACKSPACE },
	{ "F1", KEY_F(1) }, { "PgUp", KEY_PPAGE }, { "PgDn", KEY_NPAGE },
	{ "Home", KEY_HOME }, { "End", KEY_END },
};

/* The next line, comments and blank lines skipped; false at the end. */
static bool peek(struct script *s)
{
	if (s->pending[0])
		return true;
	while (fgets(s->pending, (int)sizeof s->pending, s->f)) {
		s->pending[strcspn(s->pending, "\r\n")] = '\0';
		if (s->pending[0] && s->pending[0] != '#')
			return true;
	}
	s->pending[0] = '\0';
	return false;
}

enum script_kind script_next(struct script *s, int in_flight, struct script_cmd *cmd)
{
	memset(cmd, 0, sizeof *cmd);
	if (!peek(s))
		return cmd->kind = SCRIPT_END;
	if (strncmp(s->pending, "until ", 6) == 0) {
		if (!each_row(row_has, s->pending + 6))
			return cmd->kind = SCRIPT_WAIT;
		s->pending[0] = '\0';
		return cmd->kind = SCRIPT_NOTHING;
	}
	bool now = strncmp(s->pending, "now ", 4) == 0;
	if (in_flight > 0 && !now)
		return cmd->kind = SCRIPT_WAIT;
	char line[1024];
	snprintf(line, sizeof line, "%s", now ? s->pending + 4 : s->pending);
	s->pending[0] = '\0';
	char *arg = strchr(line, ' ');
	if (arg)
		*arg++ = '\0';
	cmd->kind = SCRIPT_NOTHING;
	if (strcmp(line, "key") == 0 && arg) {
		cmd->kind = SCRIPT_KEY;
		cmd->key = (unsigned char)arg[0];
		for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
			if (strcmp(arg, key_names[i].name) == 0)
				cmd->key = key_names[i].key;
	} else if ((strcmp(line, "type") == 0 || strcmp(line, "dump") == 0) && arg) {
		cmd->kind = line[0] == 't' ? SCRIPT_TYPE : SCRIPT_DUMP;
		snprintf(cmd->text, sizeof cmd->text, "%s", arg);
	} else if (strcmp(line, "resize") == 0 && arg) {
		if (sscanf(arg, "%d %d", &cmd->x, &cmd->y) == 2 && cmd->x > 0 && cmd->y > 0)
			cmd->kind = SCRIPT_RESIZE;
	} else if (strcmp(line, "click") == 0 && arg) {
		if (sscanf(arg, "%d %d", &cmd->x, &cmd->y) == 2)
			cmd->kind = SCRIPT_CLICK;
	} else {
		fprintf(stderr, "shtui: script: unknown line '%s'\n", line);
	}
	return cmd->kind;
}
