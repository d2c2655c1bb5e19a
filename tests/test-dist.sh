#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# The scripts a release tarball ships (tools/test, tools/demo, tools/package) find every file they use: run by make distcheck on the tarball itself.
set -u
top=${srcdir:-$(dirname "$0")/..}
failed=0
fail() { echo "FAIL: $*"; failed=1; }

for s in tools/test tools/demo tools/package tools/setup.sh; do
	[ -f "$top/$s" ] || { fail "$s is missing"; continue; }
	bash -n "$top/$s" || fail "$s does not parse"
	case $s in *.sh) ;; *) [ -x "$top/$s" ] || fail "$s is not executable" ;; esac
	# The paths in the source tree it names: sourced, run or read.
	for f in $(grep -v '^[[:space:]]*#' "$top/$s" |
		grep -oE '(^|[^A-Za-z0-9_./$-])(tools|tests|doc|src|bench|completion)/[A-Za-z0-9_./-]*[A-Za-z0-9_]' |
		sed -E 's,^[^A-Za-z],,' | sort -u); do
		[ -e "$top/$f" ] || fail "$s uses $f, which is not in the tree (EXTRA_DIST?)"
	done
done
# What the two commands of the README need besides: the build itself.
for f in configure Makefile.in README.md COPYING; do
	[ -e "$top/$f" ] || fail "$f is missing"
done
[ "$failed" -eq 0 ] && echo "PASS: the scripts find every file they use"
exit "$failed"
