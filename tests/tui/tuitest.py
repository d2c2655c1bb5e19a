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
        # What shtui writes to the terminal, kept to look for sequences.
        self.out_path = os.path.join(self.dir, 'terminal.out')
        if background:
            # Left running (self.proc), to be killed; its stderr goes to a file.
            with open(self.out_path, 'wb') as out, open(os.path.join(self.dir, 'stderr'), 'w') as err:
                self.proc = subprocess.Popen(cmd, env=e, stdin=subprocess.DEVNULL, stdout=out,
                                             stderr=err)
            return
        with open(self.out_path, 'wb') as out:
            p = subprocess.run(cmd, env=e, stdin=subprocess.DEVNULL, stdout=out,
                               stderr=subprocess.PIPE, text=True, timeout=timeout)
        self.rc, self.stderr = p.returncode, p.stderr

    def screen(self, name):
        path = os.path.join(self.dir, name + '.txt')
        return open(path, encoding='utf-8', errors='replace').read() if os.path.exists(path) else None

    def terminal_output(self):
        """Every byte shtui wrote to the terminal."""
        return open(self.out_path, 'rb').read()

    def journal(self):
        """The journal's records (intents, outcomes, settlements)."""
        return journaltest.read(self.state)

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def wait_until(cond, timeout):
    """Polls cond() until it holds (True) or the deadline passes (False)."""
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.002)
    return True


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

    def screen_sgr(self):
        """The screen with its attributes as SGR escape sequences."""
        return self.tmux('capture-pane', '-e', '-p', '-t', 't')

    def attrs_before(self, text):
        """The SGR parameters in force where text starts (since the last
        reset), as a set of numbers; None when text is not on screen."""
        import re
        s = self.screen_sgr()
        i = s.find(text)
        if i < 0:
            return None
        head = s[:i]
        reset = max(head.rfind('\x1b[0m'), head.rfind('\x1b[m'), head.rfind('\n'))
        return {int(n) for seq in re.findall(r'\x1b\[([\d;]*)m', head[reset + 1:])
                for n in seq.split(';') if n}

    def wait_until(self, pred, timeout=10):
        """Waits until pred(screen) holds; the screen, or None."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            s = self.screen()
            if pred(s):
                return s
            time.sleep(0.02)
        return None

    def resize(self, cols, rows):
        self.tmux('resize-window', '-t', 't', '-x', str(cols), '-y', str(rows))

    def pid(self):
        out = self.tmux('list-panes', '-t', 't', '-F', '#{pane_pid}').strip()
        return int(out) if out else None

    def kill(self):
        self.tmux('kill-server')
        shutil.rmtree(os.path.dirname(self.sock), ignore_errors=True)


def box_faults(screen):
    """What is wrong with the boxes on a screen (Unicode frames): every
    top-left corner needs its top-right corner on the same row, side
    borders on every row below it, and both bottom corners; where a whole
    box (a dialog) lies over another, what it covers is not asked for.
    [] when every box is whole."""
    rows = screen.split('\n')
    width = max(len(r) for r in rows) + 1
    rows = [r.ljust(width) for r in rows]

    def walk(y, x, covered):
        """The box from the corner at (y, x): (fault or None, rectangle)."""
        row, depth, x2 = rows[y], 0, None
        for k in range(x, len(row)):
            if row[k] == '┌':
                depth += 1
            elif row[k] == '┐':
                depth -= 1
                if depth == 0:
                    x2 = k
                    break
        if x2 is None:
            return 'row %d: the box at column %d has no right corner' % (y, x), None
        for yy in range(y + 1, len(rows)):
            r = rows[yy]
            if (r[x] == '└' or covered(yy, x)) and (r[x2] == '┘' or covered(yy, x2)) and \
                    (r[x] == '└' or r[x2] == '┘'):
                return None, (y, x, yy, x2)
            left = r[x] in '│├' or covered(yy, x)
            right = r[x2] in '│┤' or covered(yy, x2)
            if not (left and right):
                return 'row %d: the box from (%d,%d) lacks a side border' % (yy, x, y), None
        return 'the box from (%d,%d) has no bottom' % (x, y), None

    corners = [(y, x) for y, r in enumerate(rows) for x, ch in enumerate(r) if ch == '┌']
    whole = []
    for y, x in corners:
        fault, rect = walk(y, x, lambda yy, xx: False)
        if rect:
            whole.append(rect)

    def covered(yy, xx):
        return any(a <= yy <= c and b <= xx <= d for a, b, c, d in whole)
    return [f for f in (walk(y, x, covered)[0] for y, x in corners) if f]


def too_wide(screen, cols):
    """Rows wider than the terminal."""
    return [r for r in screen.split('\n') if len(r) > cols]
