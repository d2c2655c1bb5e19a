# SPDX-License-Identifier: Apache-2.0
# tools/setup.sh: what tools/demo and tools/test share: Debian packages and the build.
# Sourced, not run. Expects to be in the top of the source tree.

# The Debian packages, by what needs them, each with the reason it is
# there. "demo": what the build and the demo's emulator need; "test":
# what only the test suites need.
shtui_package_list() {
	cat <<'EOF'
demo build-essential      the C compiler and make
demo autoconf             makes ./configure in a checkout from git
demo automake             makes the Makefile in a checkout from git
demo pkg-config           finds the four libraries
demo libncurses-dev       the screen (ncursesw)
demo libcurl4-openssl-dev HTTPS calls (libcurl)
demo libssl-dev           SigV4 signing (OpenSSL's libcrypto)
demo libcjson-dev         the service's JSON (cJSON)
demo python3-botocore     the local Security Hub emulator, which checks signatures with botocore
test ca-certificates      TLS tests against the emulator's own certificate authority
test awscli               the reference the command-line tests compare with (aws)
test tmux                 the screen tests in a real terminal
test faketime             tests with a clock that is off
test procps               finding and signalling the program under test (pgrep)
test time                 peak memory in the benchmarks (/usr/bin/time)
test openssl              certificates for the TLS tests
test valgrind             make hardening: every command under memcheck
test clang                make hardening: the libFuzzer targets
test libclang-rt-14-dev   make hardening: clang's sanitizer and fuzzer runtimes
test dpkg-dev             tools/package: dpkg-shlibdeps for the .deb's dependencies
test lintian              tools/package: the .deb checked for errors
test man-db               the man page test (man -l)
test zsh                  the zsh completion test
EOF
}

shtui_say() { printf '%s\n' "$*" >&2; }

# shtui_need_packages GROUP...: installs the packages of those groups that
# are missing (apt-get update first), one line each saying why, or, when
# not root, prints the one line to run and fails.
shtui_need_packages() {
	missing=
	for group in "$@"; do
		for p in $(shtui_package_list | awk -v g="$group" '$1 == g { print $2 }'); do
			s=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
			[ "$s" = installed ] || missing="$missing $p"
		done
	done
	[ -z "$missing" ] && return 0
	shtui_say "shtui needs these Debian packages:"
	for p in $missing; do
		shtui_package_list | awk -v p="$p" '$2 == p {
			$1 = ""; $2 = ""; sub(/^ +/, ""); printf "  %-20s %s\n", p, $0 }' >&2
	done
	if [ "$(id -u)" -ne 0 ]; then
		shtui_say "Run:"
		shtui_say "  sudo apt-get update && sudo apt-get install -y --no-install-recommends$missing"
		return 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2 || return 1
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >&2 || return 1
}

# Configures (once) and builds in ./build; extra configure flags as args.
shtui_build() {
	if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt configure ]; then
		autoreconf -fi >&2 || return 1
	fi
	mkdir -p build || return 1
	if [ ! -f build/Makefile ] || [ configure -nt build/Makefile ]; then
		(cd build && ../configure --enable-werror "$@" >&2) || return 1
	fi
	make -C build -j"$(nproc 2>/dev/null || echo 2)" >&2
}
