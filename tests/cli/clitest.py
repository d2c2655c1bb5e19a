# SPDX-License-Identifier: Apache-2.0
# Helpers for the command-line tests: run shtui and the AWS CLI against twin emulators, report in TAP.
"""Imported by tests/cli/*.t; run those with /usr/bin/python3."""

import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'emulator'))

import emutest  # noqa: E402
from emutest import Emulator, finish, wait_for  # noqa: E402,F401

BUILD = os.environ.get('top_builddir', os.path.join(HERE, '..', '..'))
SHTUI = os.path.abspath(os.path.join(BUILD, 'src', 'shtui'))


class Tap:
    """TAP output: one test point per check, diagnostics on failure."""

    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, label, detail=''):
        self.n += 1
        # A check marked '# TODO why' is a known bug: TAP reports it, the
        # script's status does not count it.
        if not cond and '# TODO' not in label:
            self.failed += 1
        sys.stdout.write('%sok %d - %s\n' % ('' if cond else 'not ', self.n, label))
        if not cond and detail:
            for line in str(detail)[:4000].splitlines():
                sys.stdout.write('#   %s\n' % line)
        sys.stdout.flush()
        return cond

    def eq(self, got, want, label):
        return self.ok(got == want, label, 'Expected: %r\nActual:   %r' % (want, got))

    def done(self):
        sys.stdout.write('1..%d\n' % self.n)
        return 1 if self.failed else 0


def shtui_env(emu, akid=emutest.AKID, secret=emutest.SECRET, token=None, **extra):
    """The same clean environment the AWS CLI runs in."""
    return emu.aws_env(akid=akid, secret=secret, token=token, **extra)


def shtui(emu, *args, region='us-east-1', env=None, prefix=(), timeout=60, endpoint=True):
    """Runs shtui against the emulator: (exit code, stdout, stderr)."""
    cmd = list(prefix) + [SHTUI]
    if endpoint:
        cmd += ['--endpoint-url', emu.url]
    if region:
        cmd += ['--region', region]
    cmd += list(args)
    p = subprocess.run(cmd, env=env or shtui_env(emu), stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                       errors='replace', timeout=timeout)
    check_sanitizers(p.stderr, cmd)
    return p.returncode, p.stdout, p.stderr


# What AddressSanitizer, UndefinedBehaviorSanitizer, LeakSanitizer and
# ThreadSanitizer print when they find something.
SANITIZER_REPORT = re.compile(r'==\d+==(ERROR|WARNING): \w*Sanitizer|: runtime error: |'
                              r'WARNING: ThreadSanitizer')


class SanitizerReport(AssertionError):
    pass


def check_sanitizers(stderr, cmd):
    """A sanitizer report ends the whole test script: no check may pass over it."""
    m = SANITIZER_REPORT.search(stderr or '')
    if m:
        raise SanitizerReport('%s\n%s' % (' '.join(cmd), stderr[max(0, m.start() - 200):][:6000]))


def self_signed_cert(d, name='cert', san=True):
    """Makes d/NAME.pem and d/NAME-key.pem with openssl, for 127.0.0.1:
    (certificate, key, openssl's result)."""
    cert, key = os.path.join(d, name + '.pem'), os.path.join(d, name + '-key.pem')
    args = ['openssl', 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
            '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1']
    if san:
        args += ['-addext', 'subjectAltName=IP:127.0.0.1']
    gen = subprocess.run(args, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    return cert, key, gen


def aws(emu, *args, region='us-east-1', env=None, timeout=60):
    return finish(emu.aws(*args, region=region, env=env), timeout)


def parse(out):
    """JSON from stdout; '' parses to None (an empty reply prints nothing)."""
    return json.loads(out) if out.strip() else None


def state(emu):
    return emu.ctl('GET', 'state')


ERROR_LINE = re.compile(r'An error occurred \(([^)]*)\) when calling the (\w+) operation')


def error_of(stderr):
    """(code, operation) from the AWS CLI's error line, or None."""
    m = ERROR_LINE.search(stderr)
    return (m.group(1), m.group(2)) if m else None


def valgrind():
    """The memcheck prefix for shtui and the exit status it reports with,
    or a TAP skip (and exit) when valgrind cannot run here."""
    import shutil
    if os.environ.get('SHTUI_SANITIZED', '').strip():
        # A sanitizer's runtime and valgrind cannot share a process.
        print('1..0 # SKIP valgrind cannot run a sanitizer build')
        sys.exit(0)
    path = shutil.which('valgrind')
    if not path:
        print('1..0 # SKIP valgrind is not installed (apt-get install valgrind)')
        sys.exit(0)
    error_exit = 99
    return [path, '-q', '--error-exitcode=%d' % error_exit, '--leak-check=full',
            '--show-leak-kinds=definite,indirect,possible',
            '--errors-for-leak-kinds=definite,indirect,possible', '--track-origins=yes',
            '--child-silent-after-fork=yes'], error_exit
