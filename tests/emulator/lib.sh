# SPDX-License-Identifier: Apache-2.0
# Shell helpers for tests against the emulator: start it on a random port, run /usr/bin/aws at it, check results, stop it at exit.
#
# Source from bash after setting EMU_HERE to this directory:
#   EMU_HERE=$(cd "$(dirname "$0")" && pwd); . "$EMU_HERE/lib.sh"
# Needs only bash, coreutils, Debian's /usr/bin/python3 (with python3-botocore)
# and /usr/bin/aws.

EMU_PYTHON=/usr/bin/python3
EMU_AWS=/usr/bin/aws
EMU_FAILED=0
EMU_PASSED=0
EMU_PID=
EMU_DIR=

# The demo seed's static key for account 111111111111.
EMU_AWS_KEY=AKIAEMUDEMO111111111
EMU_AWS_SECRET=emuDemoSecretKey/111111111111/EXAMPLEKEY
EMU_AWS_TOKEN=

# emu_start SEED [emulator options...]
# Starts the emulator on 127.0.0.1 with a random port and waits (10 s at most)
# for its port file. Sets EMU_DIR (a temporary directory, removed at exit),
# EMU_PORT, EMU_URL and EMU_PID. Installs an EXIT trap that stops it.
emu_start() {
	local seed=$1 deadline
	shift
	EMU_DIR=$(mktemp -d "${TMPDIR:-/tmp}/shtui-emu.XXXXXX") || exit 99
	: >"$EMU_DIR/empty"
	mkdir "$EMU_DIR/home"
	trap emu_stop EXIT
	trap 'exit 130' INT TERM HUP
	"$EMU_PYTHON" "$EMU_HERE/emulator.py" --seed "$seed" --port-file "$EMU_DIR/port" \
		--log "$EMU_DIR/calls.jsonl" --parent-pid $$ "$@" \
		</dev/null 2>"$EMU_DIR/emulator.err" &
	EMU_PID=$!
	deadline=$((SECONDS + 10))
	until [ -s "$EMU_DIR/port" ]; do
		if ! kill -0 "$EMU_PID" 2>/dev/null; then
			echo "emulator did not start:" >&2
			cat "$EMU_DIR/emulator.err" >&2
			exit 99
		fi
		if [ "$SECONDS" -ge "$deadline" ]; then
			echo "emulator did not write its port file in 10 s" >&2
			exit 99
		fi
		sleep 0.02
	done
	EMU_PORT=$(cat "$EMU_DIR/port")
	EMU_URL=http://127.0.0.1:$EMU_PORT
}

# emu_stop: stops the emulator and removes EMU_DIR (kept when checks failed
# and EMU_KEEP is set).
emu_stop() {
	if [ -n "$EMU_PID" ]; then
		kill "$EMU_PID" 2>/dev/null
		wait "$EMU_PID" 2>/dev/null
		EMU_PID=
	fi
	if [ -n "$EMU_DIR" ]; then
		if [ "$EMU_FAILED" -ne 0 ] && [ -n "${EMU_KEEP:-}" ]; then
			echo "kept $EMU_DIR" >&2
		else
			rm -rf "$EMU_DIR"
		fi
	fi
}

# emu_aws NAME [aws arguments...]
# Runs /usr/bin/aws against the emulator with the credentials in
# EMU_AWS_KEY/EMU_AWS_SECRET/EMU_AWS_TOKEN (none when EMU_AWS_KEY is empty)
# and nothing from the user's environment or files. Output goes to
# $EMU_DIR/NAME.out and NAME.err, the exit status to NAME.rc.
# EMU_AWS_ENV holds extra VAR=value words for the environment (it replaces
# AWS_EC2_METADATA_DISABLED=true); EMU_AWS_PREFIX (e.g. "faketime -f -20m")
# is put before the command.
emu_aws() {
	local name=$1 env
	shift
	env=(PATH=/usr/bin:/bin HOME="$EMU_DIR/home" LANG=C.UTF-8
		AWS_CONFIG_FILE="$EMU_DIR/empty" AWS_SHARED_CREDENTIALS_FILE="$EMU_DIR/empty"
		AWS_PAGER= AWS_CLI_AUTO_PROMPT=off AWS_DEFAULT_OUTPUT=json)
	if [ -n "$EMU_AWS_KEY" ]; then
		env+=(AWS_ACCESS_KEY_ID="$EMU_AWS_KEY" AWS_SECRET_ACCESS_KEY="$EMU_AWS_SECRET")
	fi
	[ -n "$EMU_AWS_TOKEN" ] && env+=(AWS_SESSION_TOKEN="$EMU_AWS_TOKEN")
	# shellcheck disable=SC2206
	env+=(${EMU_AWS_ENV:-AWS_EC2_METADATA_DISABLED=true})
	# shellcheck disable=SC2086
	env -i "${env[@]}" ${EMU_AWS_PREFIX:-} "$EMU_AWS" --endpoint-url "$EMU_URL" "$@" \
		>"$EMU_DIR/$name.out" 2>"$EMU_DIR/$name.err" </dev/null
	echo $? >"$EMU_DIR/$name.rc"
}

# emu_json FILE EXPR: prints the Python expression EXPR evaluated with d bound
# to the JSON in FILE (None when FILE is empty); JSON-encodes non-strings.
emu_json() {
	"$EMU_PYTHON" - "$1" "$2" <<'EOF'
import json, sys
text = open(sys.argv[1]).read()
d = json.loads(text) if text.strip() else None
try:
    v = eval(sys.argv[2], {'d': d})
except Exception as e:
    v = 'ERROR: %r' % e
print(v if isinstance(v, str) else json.dumps(v, sort_keys=True))
EOF
}

# emu_ctl METHOD PATH [JSON]: calls the control API (/_emu/PATH), prints the reply.
emu_ctl() {
	"$EMU_PYTHON" - "$EMU_PORT" "$1" "$2" "${3:-}" <<'EOF'
import http.client, sys
port, method, path, body = sys.argv[1:5]
c = http.client.HTTPConnection('127.0.0.1', int(port), timeout=10)
c.request(method, '/_emu/' + path, body=body or None)
r = c.getresponse()
sys.stdout.write(r.read().decode())
sys.exit(0 if r.status == 200 else 1)
EOF
}

emu_pass() { EMU_PASSED=$((EMU_PASSED + 1)); }

emu_fail() {
	EMU_FAILED=$((EMU_FAILED + 1))
	echo "FAIL: $1"
	shift
	[ $# -gt 0 ] && printf '      %s\n' "$@"
	return 0
}

# emu_show NAME: what aws printed, for failure messages.
emu_show() {
	echo "rc=$(cat "$EMU_DIR/$1.rc" 2>/dev/null) stdout=$(head -c 600 "$EMU_DIR/$1.out" 2>/dev/null) stderr=$(head -c 600 "$EMU_DIR/$1.err" 2>/dev/null)"
}

# expect_ok NAME LABEL: aws exited 0.
expect_ok() {
	if [ "$(cat "$EMU_DIR/$1.rc")" = 0 ]; then emu_pass; else emu_fail "$2" "$(emu_show "$1")"; fi
}

# expect_empty NAME LABEL: aws exited 0 and printed nothing (an empty reply).
expect_empty() {
	if [ "$(cat "$EMU_DIR/$1.rc")" = 0 ] && [ ! -s "$EMU_DIR/$1.out" ]; then
		emu_pass
	else
		emu_fail "$2" "$(emu_show "$1")"
	fi
}

# expect_json NAME EXPR WANT LABEL: aws exited 0 and EXPR over its JSON is WANT.
expect_json() {
	local got
	got=$(emu_json "$EMU_DIR/$1.out" "$2")
	if [ "$(cat "$EMU_DIR/$1.rc")" = 0 ] && [ "$got" = "$3" ]; then
		emu_pass
	else
		emu_fail "$4" "want $2 == $3, got $got" "$(emu_show "$1")"
	fi
}

# expect_error NAME TEXT LABEL: aws exited 254 and stderr contains TEXT.
expect_error() {
	if [ "$(cat "$EMU_DIR/$1.rc")" = 254 ] && grep -qF -- "$2" "$EMU_DIR/$1.err"; then
		emu_pass
	else
		emu_fail "$3" "want exit 254 and: $2" "$(emu_show "$1")"
	fi
}

# emu_finish NAME: prints the summary; returns the exit status for the harness.
emu_finish() {
	echo "$1: $EMU_PASSED passed, $EMU_FAILED failed (${SECONDS} s)"
	[ "$EMU_FAILED" -eq 0 ]
}
