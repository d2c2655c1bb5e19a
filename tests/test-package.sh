#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# The Debian package: tools/package builds it from this build, lintian finds no error, and unpacked into a scratch root its program, man page and bash completion work.
set -u
top=$(cd "${srcdir:-$(dirname "$0")/..}" && pwd)
build=${top_builddir:-$PWD}
failed=0
ok() { echo "PASS: $1"; }
no() { echo "FAIL: $1"; [ -n "${2:-}" ] && sed 's/^/      /' <<<"$2"; failed=1; }
check() { if eval "$1"; then ok "$2"; else no "$2" "${3:-}"; fi; }

scratch=$(mktemp -d "${TMPDIR:-/tmp}/shtui-test-package.XXXXXX") || exit 99
trap 'rm -rf "$scratch"' EXIT
trap 'exit 130' INT TERM HUP

# A sanitizer build's program needs the sanitizer's runtime, which no
# release package would depend on: lintian judges release builds.
lint=
[ -n "${SHTUI_SANITIZED:-}" ] && lint=--no-lintian
if ! deb=$("$top/tools/package" $lint --builddir "$build" "$scratch" 2>"$scratch/package.err" | tail -1); then
	no "tools/package builds the package and lintian finds no error" "$(tail -40 "$scratch/package.err")"
	exit 1
fi
ok "tools/package builds $(basename "$deb")${lint:+ (not linted: a sanitizer build)}"
version=$(sed -n 's/^PACKAGE_VERSION = //p' "$build/Makefile")
check '[ "$(basename "$deb")" = "shtui_${version}_$(dpkg --print-architecture).deb" ]' \
	"the file is named shtui_VERSION_ARCH.deb"
depends=$(dpkg-deb -f "$deb" Depends)
check 'for l in libc6 libcurl4 libncursesw6 libssl3 libcjson1; do grep -q "\b$l\b" <<<"$depends" || exit 1; done' \
	"dpkg-shlibdeps computed the dependencies: $depends" "$depends"

root=$scratch/root
dpkg -x "$deb" "$root"
out=$("$root/usr/bin/shtui" --version 2>&1)
check '[ "$out" = "shtui $version" ]' "the installed shtui --version says shtui $version" "$out"
page=$root/usr/share/man/man1/shtui.1.gz
out=$(MANWIDTH=80 MANPAGER=cat PAGER=cat LANG=C.UTF-8 man --warnings -l "$page" 2>"$scratch/man.err")
check 'grep -q "^EXIT STATUS" <<<"$out" && grep -q "shtui $version" <<<"$out" && [ ! -s "$scratch/man.err" ]' \
	"man -l renders the installed page, with the version, without warnings" \
	"$(cat "$scratch/man.err"; tail -3 <<<"$out")"
check '[ -s "$root/usr/share/doc/shtui/copyright" ] && grep -q "License: Apache-2.0" "$root/usr/share/doc/shtui/copyright"' \
	"the license is in /usr/share/doc/shtui/copyright"

# The installed bash completion, asked for --profile with a config file.
printf '[default]\n[profile ops-eu]\nregion = eu-west-1\n[profile ops-us]\n' >"$scratch/config"
out=$(env -i PATH="$root/usr/bin:/usr/bin:/bin" HOME="$scratch" AWS_CONFIG_FILE="$scratch/config" \
	AWS_SHARED_CREDENTIALS_FILE=/dev/null bash --norc -c '
	source "$1/usr/share/bash-completion/completions/shtui"
	COMP_WORDS=(shtui --profile ops-); COMP_CWORD=2; _shtui; echo "${COMPREPLY[*]}"
	COMP_WORDS=(shtui --output ""); COMP_CWORD=2; _shtui; echo "${COMPREPLY[*]}"' _ "$root" 2>&1)
check '[ "$out" = "ops-eu ops-us
json text table" ]' "the installed bash completion offers the config file's profiles for --profile" "$out"
zsh_file=$root/usr/share/zsh/vendor-completions/_shtui
check '[ -s "$zsh_file" ] && head -1 "$zsh_file" | grep -q "^#compdef shtui" && { ! command -v zsh >/dev/null || zsh -n "$zsh_file"; }' \
	"the zsh completion is in zsh's vendor-completions"
exit "$failed"
