/* SPDX-License-Identifier: Apache-2.0 */
/* ini.h: the AWS shared config and credentials file syntax, read as botocore reads it. */
#ifndef SHTUI_INI_H
#define SHTUI_INI_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "status.h"

/*
 * The syntax is that of Python's configparser.RawConfigParser with its
 * defaults, then botocore's raw_config_parse():
 *
 *  - "[name]" opens a section; the name is everything between the first
 *    '[' and the last ']' of the line, spaces kept ("[ a ]" is " a ").
 *  - "key = value" or "key: value": the first '=' or ':' separates. Keys
 *    are lowercased (ASCII); keys and values are trimmed of whitespace.
 *  - Lines whose first non-blank character is '#' or ';' are comments.
 *    Comments after a value are part of the value ("v ; c" stays so).
 *  - A line indented deeper than the key line continues its value, joined
 *    with "\n"; blank lines inside a value are kept, comment lines are not.
 *    A value that starts with "\n" (an empty first line) is a nested block
 *    of "subkey = value" lines: subkeys are trimmed but keep their case,
 *    only '=' separates, a line without '=' is an error.
 *  - "[DEFAULT]" is not a section: its keys appear in every section that
 *    lacks them.
 *  - A section or a key given twice is an error, as configparser's strict
 *    mode has it, unless INI_MERGE_DUPLICATES is passed: then a repeated
 *    section merges into the first and a repeated key's later value wins.
 *  - Lines end with "\n", "\r\n" or "\r"; the last may lack its end.
 *    "Whitespace" is Python's str.isspace() set, Unicode spaces included.
 *  - The text must be UTF-8. A leading byte order mark is skipped (botocore
 *    would reject it). A NUL byte is an error (configparser keeps it).
 *
 * Errors name the line: "line 7: section [default] already exists".
 */

/* One line of a nested block. */
struct ini_pair {
	char *key;
	char *value;
	unsigned line;
};

struct ini_entry {
	char *key;              /* lowercased */
	char *value;            /* continuation lines joined with "\n" */
	struct ini_pair *sub;   /* the nested block when `value` starts with "\n", else NULL */
	size_t n_sub;
	unsigned line;          /* of the key */
};

struct ini_section {
	char *name;
	struct ini_entry *entries;  /* in file order, [DEFAULT]'s appended */
	size_t n_entries;
	unsigned line;          /* of the first header */
};

/* A parsed file: iterate `sections` (in order of first appearance) directly. */
struct ini {
	struct ini_section *sections;
	size_t n_sections;
};

enum ini_flag {
	INI_MERGE_DUPLICATES = 1u << 0,
};

/*
 * Parses `len` bytes of `data` (no NUL needed) into a new heap structure
 * that the caller frees with ini_free(). `flags` is a set of enum ini_flag.
 * On failure returns SHTUI_EPARSE (or SHTUI_ENOMEM), sets *out to NULL and
 * appends "line N: why" to `err`. Never reads past `len`; meant to be fed
 * anything. Any thread.
 */
enum shtui_status ini_parse_buffer(const char *data, size_t len, unsigned flags,
				   struct ini **out, struct buf *err);

/*
 * Reads and parses the file at `path` (used as given: no "~" expansion).
 * A path that does not exist or is not a regular file gives SHTUI_ENOENT
 * and nothing in `err`, so callers can treat it as an empty file. A file
 * that cannot be read gives SHTUI_EIO, a bad one SHTUI_EPARSE; both append
 * "PATH: why" to `err`. The bytes read are wiped after parsing (credential
 * files hold secrets). Any thread.
 */
enum shtui_status ini_load(const char *path, unsigned flags, struct ini **out,
			   struct buf *err);

/* Frees `ini` and everything in it, wiping every value. NULL is fine. */
void ini_free(struct ini *ini);

/* Look-ups, all by exact (case-sensitive) name; keys are stored lowercased,
 * so ask for "region", not "Region". Returned pointers live as long as the
 * struct ini. Any thread. */

/* The section named `name`, or NULL. */
const struct ini_section *ini_section(const struct ini *ini, const char *name);
/* The entry `key` of `sec` (NULL allowed), or NULL. */
const struct ini_entry *ini_section_entry(const struct ini_section *sec, const char *key);
/* The value of `key` in `sec`, or NULL when absent or a nested block. */
const char *ini_section_get(const struct ini_section *sec, const char *key);
/* The value of `subkey` in the nested block `key` of `sec`, or NULL. */
const char *ini_section_get_sub(const struct ini_section *sec, const char *key,
				const char *subkey);
/* The same, starting from the file. */
const char *ini_get(const struct ini *ini, const char *section, const char *key);
const char *ini_get_sub(const struct ini *ini, const char *section, const char *key,
			const char *subkey);

#endif
