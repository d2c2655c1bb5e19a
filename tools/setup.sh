# SPDX-License-Identifier: Apache-2.0
# tools/setup.sh: what tools/demo and tools/test share: Debian packages and the build.
# Sourced, not run. Expects to be in the top of the source tree.

# Packages shtui builds and tests with, all from Debian.
SHTUI_PACKAGES="build-essential autoconf automake pkg-config ca-certificates
libncurses-dev libcurl4-openssl-dev libssl-dev libcjson-dev
python3 python3-botocore awscli tmux faketime procps time
openssl valgrind clang libclang-rt-14-dev"

shtui_say() { printf '%s\n' "$*" >&2; }

# Installs the packages that are missing (apt-get update first), or, when
# not root, prints the one line to run and fails.
shtui_need_packages() {
	missing=
	for p in $SHTUI_PACKAGES "$@"; do
		s=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
		[ "$s" = installed ] || missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		shtui_say "shtui needs packages that are not installed. Run:"
		shtui_say "  sudo apt-get update && sudo apt-get install -y$missing"
		return 1
	fi
	shtui_say "Installing:$missing"
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
