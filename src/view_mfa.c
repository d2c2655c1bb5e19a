/* SPDX-License-Identifier: Apache-2.0 */
/* view_mfa.c: asking for an MFA code on the screen when a role needs one, for the thread that fetches credentials. */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curses.h>

#include "ui.h"
#include "widget.h"

/* The one question in flight, shared by the fetching thread (which
 * waits) and the UI thread (which answers). */
static pthread_mutex_t mfa_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t mfa_answered = PTHREAD_COND_INITIALIZER;
static int mfa_wake_fd = -1;
static bool mfa_asking, mfa_done, mfa_ok, mfa_gone;
static char mfa_profile[128], mfa_serial[256], mfa_code[16];
static char typed[16];

/* The hook aws_creds calls on the credentials thread: show the question,
 * wait for the answer. */
static enum shtui_status mfa_prompt(const char *profile, const char *serial,
				    struct buf *code, struct buf *err)
{
	pthread_mutex_lock(&mfa_lock);
	while (mfa_asking && !mfa_gone)
		pthread_cond_wait(&mfa_answered, &mfa_lock);
	if (mfa_gone) {
		pthread_mutex_unlock(&mfa_lock);
		buf_puts(err, "shtui is closing; no MFA code was entered.");
		return SHTUI_ECONFIG;
	}
	snprintf(mfa_profile, sizeof mfa_profile, "%s", profile);
	snprintf(mfa_serial, sizeof mfa_serial, "%s", serial);
	mfa_asking = true;
	mfa_done = false;
	if (mfa_wake_fd >= 0) {
		ssize_t r = write(mfa_wake_fd, "m", 1);
		(void)r;
	}
	while (!mfa_done && !mfa_gone)
		pthread_cond_wait(&mfa_answered, &mfa_lock);
	enum shtui_status st = SHTUI_ECONFIG;
	if (mfa_done && mfa_ok) {
		buf_puts(code, mfa_code);
		st = SHTUI_OK;
	} else {
		buf_printf(err, "No MFA code was entered for the device %s (profile \"%s\").",
			   mfa_serial, mfa_profile);
	}
	memset(mfa_code, 0, sizeof mfa_code);
	mfa_asking = false;
	pthread_cond_broadcast(&mfa_answered);
	pthread_mutex_unlock(&mfa_lock);
	return st;
}

void view_mfa_install(int wake_fd)
{
	pthread_mutex_lock(&mfa_lock);
	mfa_wake_fd = wake_fd;
	mfa_gone = false;
	pthread_mutex_unlock(&mfa_lock);
	aws_creds_set_mfa_prompt(mfa_prompt);
}

void view_mfa_uninstall(void)
{
	aws_creds_set_mfa_prompt(NULL);
	pthread_mutex_lock(&mfa_lock);
	mfa_gone = true;
	mfa_wake_fd = -1;
	pthread_cond_broadcast(&mfa_answered);
	pthread_mutex_unlock(&mfa_lock);
}

bool view_mfa_waiting(void)
{
	pthread_mutex_lock(&mfa_lock);
	bool waiting = mfa_asking && !mfa_done;
	pthread_mutex_unlock(&mfa_lock);
	return waiting;
}

static void answer(bool ok)
{
	pthread_mutex_lock(&mfa_lock);
	mfa_ok = ok;
	snprintf(mfa_code, sizeof mfa_code, "%s", ok ? typed : "");
	mfa_done = true;
	pthread_cond_broadcast(&mfa_answered);
	pthread_mutex_unlock(&mfa_lock);
	memset(typed, 0, sizeof typed);
}

static void mfa_draw(struct ui *ui, int rows, int cols)
{
	char profile[128], serial[256];
	pthread_mutex_lock(&mfa_lock);
	snprintf(profile, sizeof profile, "%s", mfa_profile);
	snprintf(serial, sizeof serial, "%s", mfa_serial);
	pthread_mutex_unlock(&mfa_lock);
	int w = cols - 8 < 72 ? cols - 8 : 72, h = 9;
	int y = (rows - h) / 2, x = (cols - w) / 2;
	ui_fill(y, x, h, w, term_attr(ROLE_DIALOG));
	ui_box(y, x, h, w, NULL, term_attr(ROLE_BORDER));
	ui_puts(y + 1, x + 2, w - 4, "MFA code needed", term_attr(ROLE_DIALOG_TITLE));
	char line[512];
	snprintf(line, sizeof line, "Profile %s assumes a role that needs a code from the MFA device %s.",
		 profile, serial);
	ui_wrap(y + 3, x + 2, w - 4, 2, line, term_attr(ROLE_DIALOG));
	int cx = x + 2 + ui_puts(y + 5, x + 2, 6, "Code: ", term_attr(ROLE_LABEL));
	cx += ui_puts(y + 5, cx, 10, typed, term_attr(ROLE_TITLE));
	ui_puts(y + 5, cx, 1, "_", term_attr(ROLE_FOCUS));
	ui_puts(y + 7, x + 2, w - 4, "Enter send · Esc cancel", term_attr(ROLE_LABEL));
	(void)ui;
}

static enum ui_next mfa_key(struct ui *ui, int key)
{
	size_t len = strlen(typed);
	if (key == UI_KEY_ESC) {
		answer(false);
		ui->overlay = OVERLAY_NONE;
	} else if ((key == UI_KEY_ENTER || key == KEY_ENTER || key == '\n') && len > 0) {
		answer(true);
		ui->overlay = OVERLAY_NONE;
	} else if (key == KEY_BACKSPACE || key == 127 || key == 8) {
		if (len)
			typed[len - 1] = '\0';
	} else if (key >= '0' && key <= '9' && len + 1 < 9) {
		typed[len] = (char)key;
		typed[len + 1] = '\0';
	} else {
		return UI_NEXT_NONE;
	}
	return UI_NEXT_REDRAW;
}

static enum ui_next mfa_click(struct ui *ui, const struct ui_hit *hit)
{
	(void)ui;
	(void)hit;
	return UI_NEXT_NONE;
}

const struct view_ops view_mfa = {
	.name = "mfa",
	.draw = mfa_draw,
	.key = mfa_key,
	.click = mfa_click,
};
