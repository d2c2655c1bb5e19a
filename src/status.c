/* SPDX-License-Identifier: Apache-2.0 */
/* status.c: messages for enum shtui_status. */
#include "config.h"

#include "status.h"

const char *shtui_status_str(enum shtui_status st)
{
	static const char *const msgs[] = {
#define SHTUI_STATUS_MSG(name, msg) [name] = msg,
		SHTUI_STATUS_TABLE(SHTUI_STATUS_MSG)
#undef SHTUI_STATUS_MSG
	};
	if ((unsigned)st >= sizeof msgs / sizeof msgs[0])
		return "unknown status";
	return msgs[st];
}
