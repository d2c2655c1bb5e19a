/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_ini.c: libFuzzer target for the shared config file parser (ini_parse_buffer) and its look-ups. */
#include "config.h"

#include <stdio.h>

#include "fuzz.h"
#include "ini.h"

/* Every look-up on what was parsed, so a broken structure is touched. */
static void walk(const struct ini *ini)
{
	for (size_t i = 0; i < ini->n_sections; i++) {
		const struct ini_section *sec = &ini->sections[i];
		if (ini_section(ini, sec->name) == NULL)
			abort();
		for (size_t k = 0; k < sec->n_entries; k++) {
			const struct ini_entry *e = &sec->entries[k];
			if (ini_section_entry(sec, e->key) == NULL)
				abort();
			(void)ini_get(ini, sec->name, e->key);
			for (size_t s = 0; s < e->n_sub; s++)
				(void)ini_get_sub(ini, sec->name, e->key, e->sub[s].key);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned flags[] = { 0, INI_MERGE_DUPLICATES };
	for (size_t f = 0; f < sizeof flags / sizeof flags[0]; f++) {
		struct ini *ini = NULL;
		struct buf err;
		buf_init(&err);
		enum shtui_status st = ini_parse_buffer((const char *)data, size, flags[f], &ini, &err);
		if (st == SHTUI_OK) {
			if (!ini)
				abort();
			walk(ini);
		} else if (ini != NULL || (st == SHTUI_EPARSE && err.len == 0)) {
			/* The contract: no tree on failure, and a reason for a parse error. */
			abort();
		}
		ini_free(ini);
		buf_done(&err);
	}
	return 0;
}
