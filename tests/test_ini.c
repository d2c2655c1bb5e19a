/* SPDX-License-Identifier: Apache-2.0 */
/* test_ini.c: the shared config file syntax, case by case as botocore's configparser reads it. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "ini.h"
#include "tap.h"

static struct ini *parse(const char *text, unsigned flags)
{
	struct ini *ini = NULL;
	struct buf err;
	buf_init(&err);
	enum shtui_status st = ini_parse_buffer(text, strlen(text), flags, &ini, &err);
	if (st != SHTUI_OK)
		tap_diag("unexpected parse error: %s", buf_str(&err));
	buf_done(&err);
	return ini;
}

/* Expects a parse error whose message contains `want`. */
static void parse_fails(const char *text, size_t len, unsigned flags, const char *want,
			const char *name)
{
	struct ini *ini = (struct ini *)1;
	struct buf err;
	buf_init(&err);
	enum shtui_status st = ini_parse_buffer(text, len, flags, &ini, &err);
	bool ok = st == SHTUI_EPARSE && ini == NULL && strstr(buf_str(&err), want) != NULL;
	tap_ok(ok, "%s: rejected with \"%s\"", name, want);
	if (!ok)
		tap_diag("status %d, message \"%s\"", (int)st, buf_str(&err));
	if (st == SHTUI_OK)
		ini_free(ini);
	buf_done(&err);
}

/* For string literals, which may hold a NUL. */
#define FAILS(lit, flags, want, name) parse_fails(lit, sizeof(lit) - 1, flags, want, name)

static void test_basic(void)
{
	struct ini *ini = parse("[default]\n"
				"region = us-east-1\n"
				"output=json\n"
				"  # an indented comment\n"
				"; a comment\n"
				"url: http://127.0.0.1:4566\n"
				"pair:a=b\n"
				"eq = a = b\n"
				"inline1 = v ; c\n"
				"inline2 = v # c\n"
				"inline3=v;c\n"
				"empty =\n"
				"\n"
				"[profile dev]\n"
				"Region = eu-west-1\n", 0);
	tap_ok(ini != NULL, "basic file parses");
	if (!ini)
		return;
	tap_is_int((long long)ini->n_sections, 2, "two sections");
	tap_is_str(ini->sections[0].name, "default", "first section in file order");
	tap_is_str(ini->sections[1].name, "profile dev", "second section name kept whole");
	tap_is_str(ini_get(ini, "default", "region"), "us-east-1", "key = value");
	tap_is_str(ini_get(ini, "default", "output"), "json", "key=value");
	tap_is_str(ini_get(ini, "default", "url"), "http://127.0.0.1:4566",
		   "':' separates; later ':' belong to the value");
	tap_is_str(ini_get(ini, "default", "pair"), "a=b", "the first of '=' and ':' separates");
	tap_is_str(ini_get(ini, "default", "eq"), "a = b", "a second '=' is value");
	tap_is_str(ini_get(ini, "default", "inline1"), "v ; c", "' ;' comment stays in the value");
	tap_is_str(ini_get(ini, "default", "inline2"), "v # c", "' #' comment stays in the value");
	tap_is_str(ini_get(ini, "default", "inline3"), "v;c", "';' stays in the value");
	tap_is_str(ini_get(ini, "default", "empty"), "", "empty value");
	tap_ok(ini_get(ini, "default", "# an indented comment") == NULL &&
	       ini->sections[0].n_entries == 9, "comment lines are no keys");
	tap_is_str(ini_get(ini, "profile dev", "region"), "eu-west-1", "keys are lowercased");
	tap_ok(ini_get(ini, "profile dev", "Region") == NULL, "look-ups are case-sensitive");
	tap_ok(ini_get(ini, "Default", "region") == NULL, "section names keep their case");
	tap_ok(ini_get(ini, "nosuch", "region") == NULL, "missing section gives NULL");
	tap_is_int(ini_section_entry(ini_section(ini, "profile dev"), "region")->line, 15,
		   "an entry knows its line");
	ini_free(ini);
}

static void test_headers(void)
{
	struct ini *ini = parse("  [ a ] trailing\n[b]]\n[]]\n[c]\n k = 1\n", 0);
	tap_ok(ini != NULL, "odd headers parse");
	if (!ini)
		return;
	tap_is_int((long long)ini->n_sections, 4, "four sections");
	tap_is_str(ini->sections[0].name, " a ", "spaces inside brackets kept, text after ']' dropped");
	tap_is_str(ini->sections[1].name, "b]", "the last ']' closes");
	tap_is_str(ini->sections[2].name, "]", "\"[]]\" names \"]\"");
	tap_is_str(ini_get(ini, "c", "k"), "1", "an indented key after a header is a key");
	ini_free(ini);
	FAILS("[]\n", 0, "line 1: no [section] header", "\"[]\" is no header");
}

static void test_continuation(void)
{
	struct ini *ini = parse("[a]\n"
				"x = y\n"
				"   cont\n"
				"k = a\n"
				"\n"
				"  b\n"
				"\n"
				"  k2 = c\n"
				"[b]\n"
				"  k2 = c\n"
				"  k3 = d\n"
				"    more\n"
				"  ; not a line of k3\n"
				"    last\n"
				"\n", 0);
	tap_ok(ini != NULL, "continuations parse");
	if (!ini)
		return;
	tap_is_str(ini_get(ini, "a", "x"), "y\ncont", "a deeper line continues the value");
	tap_is_str(ini_get(ini, "a", "k"), "a\n\nb\n\nk2 = c",
		   "blank lines inside a value are kept; deeper than the key is value");
	tap_ok(ini_get(ini, "a", "k2") == NULL, "so that k2 is no key");
	tap_is_str(ini_get(ini, "b", "k2"), "c", "same indent as the previous key: a new key");
	tap_is_str(ini_get(ini, "b", "k3"), "d\nmore\nlast",
		   "comment lines inside a value are dropped, trailing blank lines too");
	ini_free(ini);
}

static void test_nested(void)
{
	struct ini *ini = parse("[services local]\n"
				"securityhub =\n"
				"  endpoint_url = http://localhost:4566\n"
				"sts =\n"
				"\n"
				"  Endpoint_URL = http://x\n"
				"\n"
				"  # comment\n"
				"  bar=2=3\n"
				"  Endpoint_URL= http://y\n"
				"plain = p\n"
				"blank =\n"
				"  \n"
				"vt =\n"
				"  a = 1\vb = 2\x1c" "c=3\n", 0);
	tap_ok(ini != NULL, "nested blocks parse");
	if (!ini)
		return;
	const struct ini_section *s = ini_section(ini, "services local");
	tap_is_str(ini_section_get_sub(s, "securityhub", "endpoint_url"), "http://localhost:4566",
		   "section -> key -> subkey");
	tap_is_str(ini_get_sub(ini, "services local", "sts", "Endpoint_URL"), "http://y",
		   "subkeys keep their case; the later one wins");
	tap_ok(ini_get_sub(ini, "services local", "sts", "endpoint_url") == NULL,
	       "subkeys are not lowercased");
	tap_is_str(ini_get_sub(ini, "services local", "sts", "bar"), "2=3",
		   "the first '=' of a nested line separates");
	const struct ini_entry *e = ini_section_entry(s, "sts");
	tap_is_int(e ? (long long)e->n_sub : -1, 2, "two distinct subkeys");
	tap_ok(ini_section_get(s, "securityhub") == NULL, "a nested block is not a string value");
	tap_ok(e && e->value[0] == '\n', "the raw value of a block starts with a newline");
	tap_is_int(e && e->n_sub == 2 ? e->sub[0].line : 0, 10, "a subkey knows its line");
	tap_is_str(ini_section_get(s, "plain"), "p", "plain keys around blocks");
	tap_is_str(ini_section_get(s, "blank"), "", "an empty value with blank lines is empty, not a block");
	tap_is_str(ini_section_get_sub(s, "vt", "b"), "2", "\\v breaks nested lines, as splitlines()");
	tap_is_str(ini_section_get_sub(s, "vt", "c"), "3", "\\x1c breaks nested lines, as splitlines()");
	tap_ok(ini_section_get_sub(s, "plain", "p") == NULL, "no subkeys in a plain value");
	ini_free(ini);

	FAILS("[a]\ns3 =\n  foo = 1\n  bar\n", 0,
		    "line 4: expected \"name = value\" in the block under \"s3\", got \"bar\"",
		    "a nested line without '='");
	FAILS("[a]\ns3 =\n  baz : 4\n", 0, "line 3:", "':' does not separate nested lines");
	FAILS("[a]\ns3 =\n  a = 1\vb\n", 0, "line 3:", "a piece after \\v without '='");
}

static void test_defaults(void)
{
	struct ini *ini = parse("[DEFAULT]\nx=1\ns3 =\n  a = b\n[a]\nk=v\n[b]\nx=2\n[DEFAULT]\ny=3\n", 0);
	tap_ok(ini != NULL, "[DEFAULT] parses");
	if (!ini)
		return;
	tap_is_int((long long)ini->n_sections, 2, "[DEFAULT] is not a section");
	tap_is_str(ini_get(ini, "a", "x"), "1", "[DEFAULT] keys fill sections");
	tap_is_str(ini_get(ini, "b", "x"), "2", "a section's own key wins over [DEFAULT]");
	tap_is_str(ini_get(ini, "a", "y"), "3", "a repeated [DEFAULT] merges");
	tap_is_str(ini_get_sub(ini, "b", "s3", "a"), "b", "[DEFAULT] nested blocks are copied");
	ini_free(ini);
	FAILS("[DEFAULT]\nx=1\n[DEFAULT]\nX=2\n", 0, "line 4: key \"x\" in section [DEFAULT] already exists",
		    "a [DEFAULT] key given twice");
}

static void test_duplicates(void)
{
	FAILS("[a]\nk=v\n[b]\n[a]\nj=w\n", 0, "line 4: section [a] already exists (line 1)",
		    "strict: a repeated section");
	FAILS("[a]\nk=v\nK = w\n", 0, "line 3: key \"k\" in section [a] already exists (line 2)",
		    "strict: a repeated key, case folded");

	struct ini *ini = parse("[a]\nk=v\nx=1\n[b]\nq=1\n[a]\nj=w\nK = w2\n", INI_MERGE_DUPLICATES);
	tap_ok(ini != NULL, "merge mode accepts duplicates");
	if (!ini)
		return;
	tap_is_int((long long)ini->n_sections, 2, "merge: a repeated section is one section");
	tap_is_str(ini_get(ini, "a", "j"), "w", "merge: the later section's keys join");
	tap_is_str(ini_get(ini, "a", "k"), "w2", "merge: the later value wins");
	tap_is_str(ini_get(ini, "a", "x"), "1", "merge: other keys stay");
	tap_is_int(ini_section_entry(ini_section(ini, "a"), "k")->line, 8, "merge: the winner's line");
	ini_free(ini);
}

static void test_line_ends(void)
{
	struct ini *ini = parse("\xef\xbb\xbf[a]\r\nk = v\r\n  w\r\nj=x\ri=y", 0);
	tap_ok(ini != NULL, "BOM, CRLF, CR and no final newline parse");
	if (!ini)
		return;
	tap_is_str(ini->sections[0].name, "a", "the BOM is skipped");
	tap_is_str(ini_get(ini, "a", "k"), "v\nw", "CRLF ends lines, continuation joined with \\n");
	tap_is_str(ini_get(ini, "a", "j"), "x", "a lone CR ends a line");
	tap_is_str(ini_get(ini, "a", "i"), "y", "the last line needs no line end");
	tap_is_int(ini_section_entry(ini_section(ini, "a"), "i")->line, 5, "line numbers count CR too");
	ini_free(ini);

	ini = parse("", 0);
	tap_ok(ini && ini->n_sections == 0, "an empty file has no sections");
	ini_free(ini);
	ini = parse("\n# only a comment\n\n", 0);
	tap_ok(ini && ini->n_sections == 0, "comments alone are fine");
	ini_free(ini);
}

static void test_unicode(void)
{
	/* U+00A0 and U+3000 are whitespace to Python: stripped, and they
	 * indent a line into a continuation. */
	struct ini *ini = parse("[a]\nk = \xc2\xa0v\xe3\x80\x80\n\xe3\x80\x80j = 2\nname = caf\xc3\xa9 \xe2\x80\x83\n", 0);
	tap_ok(ini != NULL, "Unicode text parses");
	if (!ini)
		return;
	tap_is_str(ini_get(ini, "a", "k"), "v\nj = 2", "Unicode spaces strip and indent");
	tap_is_str(ini_get(ini, "a", "name"), "caf\xc3\xa9", "non-ASCII kept, U+2003 stripped");
	ini_free(ini);
}

static void test_errors(void)
{
	FAILS("k=v\n", 0, "line 1: no [section] header", "a key before any section");
	FAILS("# c\n\n[a]\nk=v\nfoo\n", 0,
		    "line 5: expected \"key = value\" or a [section] header, got \"foo\"", "a line that is neither");
	FAILS("[a]\n= v\n", 0, "line 2: a key is missing before '='", "an empty key");
	FAILS("[a]\n : v\n", 0, "line 2: a key is missing before ':'", "an empty key before ':'");
	FAILS("[a]\nk = \xff\n", 0, "line 2: not valid UTF-8", "invalid UTF-8");
	FAILS("[a]\nk = \xed\xa0\x80\n", 0, "line 2: not valid UTF-8", "an encoded surrogate");
	FAILS("[a]\nk = \xc0\xaf\n", 0, "line 2: not valid UTF-8", "an overlong form");
	FAILS("[a]\nk = a\0b\n", 0, "line 2: NUL byte", "a NUL byte");
	FAILS("[a]\nk\x01\x1b[2J\n", 0, "got \"k\\x01\\x1b[2J\"", "control bytes are shown escaped");
}

/* Random and mutated inputs: every call must either succeed or explain. */
static void test_garbage(void)
{
	static const char seed[] = "[default]\nregion = us-east-1\ns3 =\n  a = b\n[DEFAULT]\nx: y\n\r\n  ; c\n";
	unsigned long state = 12345;
	int bad = 0, parsed = 0;
	for (int round = 0; round < 20000; round++) {
		char data[96];
		size_t len = sizeof seed - 1;
		memcpy(data, seed, len);
		int edits = 1 + round % 6;
		for (int i = 0; i < edits; i++) {
			state = state * 6364136223846793005UL + 1442695040888963407UL;
			size_t at = (size_t)(state >> 33) % len;
			unsigned char c = (unsigned char)(state >> 20);
			if (round % 3 == 0)
				c = (unsigned char)"[]=:\n\r \t#;\xe3\x80\xc2\xa0"[c % 15];
			data[at] = (char)c;
		}
		if (round % 5 == 0)
			len = (size_t)(state >> 40) % len;
		struct ini *ini = NULL;
		struct buf err;
		buf_init(&err);
		enum shtui_status st = ini_parse_buffer(data, len, round & 1 ? INI_MERGE_DUPLICATES : 0,
							&ini, &err);
		if (st == SHTUI_OK) {
			parsed++;
			if (!ini || err.len != 0)
				bad++;
		} else if (ini != NULL || err.len == 0 || st != SHTUI_EPARSE) {
			bad++;
		}
		ini_free(ini);
		buf_done(&err);
	}
	tap_ok(bad == 0, "20000 mutated inputs: each parses or explains (%d parsed)", parsed);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void test_load(void)
{
	const char *dir = tap_tmpdir("test_ini");
	if (!dir) {
		tap_ok(false, "mkdtemp");
		return;
	}
	char path[256], bad[256], loop[256], denied[256];
	snprintf(path, sizeof path, "%s/config", dir);
	snprintf(bad, sizeof bad, "%s/bad", dir);
	snprintf(loop, sizeof loop, "%s/loop", dir);
	snprintf(denied, sizeof denied, "%s/denied", dir);
	write_file(path, "[default]\nregion = us-west-2\n");
	write_file(bad, "[default]\nregion\n");
	write_file(denied, "[default]\n");
	chmod(denied, 0);
	if (symlink(loop, loop) != 0)
		tap_diag("symlink failed");

	struct ini *ini = NULL;
	struct buf err;
	buf_init(&err);
	enum shtui_status st = ini_load(path, 0, &ini, &err);
	tap_ok(st == SHTUI_OK && ini && strcmp(ini_get(ini, "default", "region"), "us-west-2") == 0,
	       "a file loads");
	ini_free(ini);

	char missing[300];
	snprintf(missing, sizeof missing, "%s/nope", dir);
	st = ini_load(missing, 0, &ini, &err);
	tap_ok(st == SHTUI_ENOENT && !ini && err.len == 0, "a missing file is ENOENT, silently");
	snprintf(missing, sizeof missing, "%s/config/below", dir);
	st = ini_load(missing, 0, &ini, &err);
	tap_ok(st == SHTUI_ENOENT && err.len == 0, "a path through a file is ENOENT");
	st = ini_load(dir, 0, &ini, &err);
	tap_ok(st == SHTUI_ENOENT && err.len == 0, "a directory counts as missing, as os.path.isfile");

	st = ini_load(bad, 0, &ini, &err);
	char want[512];
	snprintf(want, sizeof want, "%s: line 2: expected", bad);
	tap_ok(st == SHTUI_EPARSE && !ini && strncmp(buf_str(&err), want, strlen(want)) == 0,
	       "a bad file names its path and line");
	tap_diag("%s", buf_str(&err));
	buf_reset(&err);

	st = ini_load(loop, 0, &ini, &err);
	tap_ok(st == SHTUI_EIO && strstr(buf_str(&err), loop) != NULL,
	       "an unreadable path is an error naming it");
	tap_diag("%s", buf_str(&err));
	buf_reset(&err);

	if (geteuid() != 0) {
		st = ini_load(denied, 0, &ini, &err);
		tap_ok(st == SHTUI_EIO && strstr(buf_str(&err), "Permission denied") != NULL,
		       "a file without read permission is an error");
	} else {
		tap_ok(true, "a file without read permission is an error # SKIP root reads anything");
	}
	buf_done(&err);

	unlink(path);
	unlink(bad);
	unlink(loop);
	unlink(denied);
}

int main(void)
{
	test_basic();
	test_headers();
	test_continuation();
	test_nested();
	test_defaults();
	test_duplicates();
	test_line_ends();
	test_unicode();
	test_errors();
	test_garbage();
	test_load();
	return tap_done();
}
