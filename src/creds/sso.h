/* SPDX-License-Identifier: Apache-2.0 */
/* creds/sso.h: where "aws sso login" keeps its tokens. */
#ifndef SHTUI_CREDS_SSO_H
#define SHTUI_CREDS_SSO_H

/* The SSO cache file for a session name or legacy start URL:
 * ~/.aws/sso/cache/HEX.json, HEX the SHA-1 of `key`. Heap string; NULL
 * when out of memory. Any thread. */
char *creds_sso_cache_path(const char *key);

#endif
