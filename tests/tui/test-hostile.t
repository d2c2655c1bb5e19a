#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# Hostile text from the service (escape sequences, a title change, C1 controls, invalid UTF-8, a very long string) is shown made visible, never passed to the terminal.
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tuitest import SHTUI, Emulator, Script, Tap, Tmux, member, seed_with, shtui_env  # noqa: E402

t = Tap()
EVIL_STATUS = '\x1b]0;pwned\x07Invited\x1b[2J\r\x08\u009b31m'
EVIL_ID = '\x1b[31m' + 'A' * 300


def evil(doc):
    member(doc)['regions']['us-east-1']['invitations'][0]['MemberStatus'] = EVIL_STATUS
    member(doc)['regions']['us-east-1']['invitations'][1]['InvitationId'] = EVIL_ID


e = Emulator(seed_with(evil))
try:
    s = Script(e, ['dump evil', 'key j', 'dump evil2', 'key q'])
    ev = s.screen('evil') or ''
    t.ok('\\x1B]0;pwned\\x07Invited' in ev, 'the title change is shown as text', ev)
    t.ok('\x1b' not in ev and '\x07' not in ev and '\x9b' not in ev, 'no raw control character reaches the screen')
    t.ok('\\u009B31m' in ev or '\\u009B' in ev, 'a C1 control is shown as \\u009B', ev)
    ev2 = s.screen('evil2') or ''
    t.ok('\\x1B[31mAAAA' in ev2 and max(len(l) for l in ev2.splitlines()) <= 100,
         'a 300-character ID is made visible and clipped to the screen', ev2)
    s.cleanup()

    env = shtui_env(e, TERM='tmux-256color', LANG='C.UTF-8', TZ='UTC', XDG_STATE_HOME=tempfile.mkdtemp(),
                    PATH='/usr/bin:/bin')
    tm = Tmux("'%s' --endpoint-url %s --region us-east-1" % (SHTUI, e.url), env, 100, 30)
    tm.tmux('set-option', '-t', 't', 'allow-rename', 'on')
    before = tm.tmux('display-message', '-p', '-t', 't', '#{pane_title}').strip()
    scr = tm.wait_for('Pending invitations (2)')
    t.ok(scr is not None and '\\x1B]0;pwned' in scr, 'in a real terminal the sequence shows as text', scr)
    after = tm.tmux('display-message', '-p', '-t', 't', '#{pane_title}').strip()
    t.ok(after == before and 'pwned' not in after, 'the terminal title did not change (%r)' % after)
    tm.keys('q')
    tm.kill()

    # One-shot output: text made visible, JSON escaped.
    import subprocess
    out = subprocess.run([SHTUI, '--endpoint-url', e.url, '--region', 'us-east-1', '--output', 'text',
                          'list-invitations'], env=shtui_env(e), capture_output=True, text=True).stdout
    t.ok('\x1b' not in out and '\\x1B]0;pwned' in out, 'text output shows it made visible', out[:300])
    out = subprocess.run([SHTUI, '--endpoint-url', e.url, '--region', 'us-east-1', 'list-invitations'],
                         env=shtui_env(e), capture_output=True, text=True).stdout
    t.ok('\x1b' not in out and '\\u001b]0;pwned\\u0007' in out, 'JSON output escapes it', out[:300])
finally:
    e.stop()
sys.exit(t.done())
