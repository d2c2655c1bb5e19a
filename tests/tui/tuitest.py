# SPDX-License-Identifier: Apache-2.0
# Helpers for the screen tests: run shtui on a key script and read its screen dumps, or drive it in tmux.
"""Imported by tests/tui/*.t; run those with /usr/bin/python3."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'cli'))

from clitest import SHTUI, Emulator, Tap, emutest, shtui_env  # noqa: E402,F401
import journaltest  # noqa: E402


def seed_with(change):
    """A seed file: the demo seed changed by change(doc). Returns its path."""
    doc = json.load(open(emutest.DEMO))
    change(doc)
    fd, path = tempfile.mkstemp(suffix='.json')
    with os.fdopen(fd, 'w') as f:
        json.dump(doc, f)
    return path


def member(doc):
    return doc['accounts']['111111111111']


class Script:
    """One run of shtui on a key script. Lines as in SHTUI_SCRIPT; `dump
    NAME` lines are given a file in a temporary folder, read back after."""

    def __init__(self, emu, lines, args=(), cols=100, rows=30, region='us-east-1', env=None,
                 timeout=60, ascii=False, state=None, background=False):
        self.dir = tempfile.mkdtemp(prefix='shtui-screen.')
        self.state = state or os.path.join(self.dir, 'state')
        out = []
        for line in lines:
            words = line.split(' ')
            if words[-2:-1] == ['dump'] or words[0] == 'dump':
                words[-1] = os.path.join(self.dir, words[-1] + '.txt')
            out.append(' '.join(words))
        path = os.path.join(self.dir, 'script')
        with open(path, 'w') as f:
            f.write('\n'.join(out) + '\n')
        e = env or shtui_env(emu)
        locale = 'C' if ascii else 'C.UTF-8'
        e.update(SHTUI_SCRIPT=path, LINES=str(rows), COLUMNS=str(cols), TERM='xterm-256color',
                 LANG=locale, LC_ALL=locale, TZ='UTC', XDG_STATE_HOME=self.state)
        e.pop('NO_COLOR', None)
        cmd = [SHTUI, '--endpoint-url', emu.url]
        if region:
            cmd += ['--region', region]
        cmd += list(args)
        if background:
            # Left running (self.proc), to be killed; its stderr goes to a file.
            with open(os.devnull, 'w') as devnull, open(os.path.join(self.dir, 'stderr'), 'w') as err:
                self.proc = subprocess.Popen(cmd, env=e, stdin=subprocess.DEVNULL, stdout=devnull,
                                             stderr=err)
            return
        with open(os.devnull, 'w') as devnull:
            p = subprocess.run(cmd, env=e, stdin=subprocess.DEVNULL, stdout=devnull,
                               stderr=subprocess.PIPE, text=True, timeout=timeout)
        self.rc, self.stderr = p.returncode, p.stderr

    def screen(self, name):
        path = os.path.join(self.dir, name + '.txt')
        return open(path, encoding='utf-8', errors='replace').read() if os.path.exists(path) else None

    def journal(self):
        """The journal's records (intents, outcomes, settlements)."""
        return journaltest.read(self.state)

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def calls(emu, op=None):
    return [c for c in emu.calls() if op is None or c.get('operation') == op]


class Tmux:
    """shtui in a real terminal: a tmux session of its own, with a deadline
    on every wait and no fixed sleeps."""

    def __init__(self, cmd, env, cols=100, rows=30):
        self.sock = os.path.join(tempfile.mkdtemp(prefix='shtui-tmux.'), 'sock')
        self.env = env
        envs = ' '.join("%s='%s'" % (k, v.replace("'", "'\\''")) for k, v in env.items())
        self.tmux('new-session', '-d', '-x', str(cols), '-y', str(rows), '-s', 't',
                  'env -i %s %s; echo "[exit $?]"; stty -a; sleep 600' % (envs, cmd))

    def tmux(self, *args):
        return subprocess.run(['tmux', '-S', self.sock] + list(args), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, timeout=20).stdout

    def keys(self, *keys):
        self.tmux('send-keys', '-t', 't', *keys)

    def screen(self):
        return self.tmux('capture-pane', '-p', '-t', 't')

    def wait_for(self, text, timeout=10, gone=False):
        """Waits until text is (or, with gone, is no longer) on screen."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            s = self.screen()
            if (text in s) != gone:
                return s
            time.sleep(0.02)
        return None

    def pid(self):
        out = self.tmux('list-panes', '-t', 't', '-F', '#{pane_pid}').strip()
        return int(out) if out else None

    def kill(self):
        self.tmux('kill-server')
        shutil.rmtree(os.path.dirname(self.sock), ignore_errors=True)
