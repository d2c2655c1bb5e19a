/* SPDX-License-Identifier: Apache-2.0 */
/* status.h: the status codes functions that can fail return, with their messages. */
#ifndef SHTUI_STATUS_H
#define SHTUI_STATUS_H

/* X(name, message) */
#define SHTUI_STATUS_TABLE(X)                                   \
	X(SHTUI_OK, "success")                                  \
	X(SHTUI_ENOMEM, "out of memory")                        \
	X(SHTUI_EINVAL, "invalid argument")                     \
	X(SHTUI_ECRYPTO, "cryptographic library failure")       \
	X(SHTUI_EIO, "input/output error")                      \
	X(SHTUI_EPARSE, "malformed input")                      \
	X(SHTUI_ENOENT, "not found")                            \
	X(SHTUI_ECONFIG, "bad configuration")                   \
	X(SHTUI_ENOCREDS, "no credentials")                     \
	X(SHTUI_ENOTSUP, "not supported")

enum shtui_status {
#define SHTUI_STATUS_ENUM(name, msg) name,
	SHTUI_STATUS_TABLE(SHTUI_STATUS_ENUM)
#undef SHTUI_STATUS_ENUM
};

/* The message for a status. Any thread. Never NULL. */
const char *shtui_status_str(enum shtui_status st);

#endif
