#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# Every screen in a real terminal (tmux) at 80x24, 64x20, the smallest size, 100x30 and 200x60, and after resizing between them: boxes whole, nothing too wide, identities whole or cut with a mark, "? Help" and "q Quit" always there; ASCII only without UTF-8; terminals that cannot move the cursor refused.
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'cli'))
import fleet  # noqa: E402
from tuitest import (SHTUI, Emulator, Tap, Tmux, box_faults, emutest, shtui_env,  # noqa: E402
                     too_wide)

t = Tap()
SIZES = [(80, 24), (64, 20), (60, 18), (100, 30), (200, 60), (80, 24)]
LONG = 'security-hub-member-production-eu'
tmp = tempfile.mkdtemp(prefix='shtui-sizes.')


def files(names):
    cfg, creds = os.path.join(tmp, 'config'), os.path.join(tmp, 'credentials')
    with open(cfg, 'w') as f:
        for n in names:
            f.write('[profile %s]\nregion = us-east-1\n' % n)
    with open(creds, 'w') as f:
        for n in names:
            f.write('[%s]\naws_access_key_id = %s\naws_secret_access_key = %s\n'
                    % (n, emutest.AKID, emutest.SECRET))
    os.chmod(creds, 0o600)
    return cfg, creds


def start(emu, args, cols, rows, lang='C.UTF-8', env=None):
    env = dict(env or shtui_env(emu))
    env.update(TERM='tmux-256color', LANG=lang, LC_ALL=lang, TZ='UTC',
               XDG_STATE_HOME=os.path.join(tmp, 'state'), PATH='/usr/bin:/bin')
    cmd = "'%s' --endpoint-url %s %s" % (SHTUI, emu.url, ' '.join(args))
    return Tmux(cmd, env, cols, rows)


def whole_or_cut(screen, text):
    """text appears whole, or a prefix of it ends in the cut mark."""
    if text in screen:
        return True
    return any(text[:k] + '…' in screen for k in range(1, len(text)))


def laid_out(cols, rows, *musts, bar=True):
    """A predicate: the screen is cols x rows, boxes whole, nothing too
    wide, the keys bar with ? Help and q Quit, and every text in musts."""
    def pred(s):
        lines = s.split('\n')
        if len(lines) < rows or too_wide(s, cols) or box_faults(s):
            return False
        last = [x for x in lines if x.strip()][-1] if s.strip() else ''
        if bar and not ('? Help' in last and 'q Quit' in last):
            return False
        return all(m(s) if callable(m) else m in s for m in musts)
    return pred


def check(tm, label, pred):
    s = tm.wait_until(pred)
    shown = tm.screen()
    faults = box_faults(shown)
    t.ok(s is not None, label, '\n'.join(faults) + '\n' + shown)
    return s


# --- the page, with a long profile name, and every overlay on it
e = Emulator()
try:
    cfg, creds = files([LONG])
    env = shtui_env(e, AWS_CONFIG_FILE=cfg, AWS_SHARED_CREDENTIALS_FILE=creds)
    del env['AWS_ACCESS_KEY_ID'], env['AWS_SECRET_ACCESS_KEY']
    tm = start(e, ['--profile', LONG, '--region', 'us-east-1'], 80, 24, env=env)
    try:
        for cols, rows in SIZES:
            tm.resize(cols, rows)
            where = '%dx%d' % (cols, rows)
            check(tm, where + ': the page laid out, account and region whole, the profile whole or cut with …',
                  laid_out(cols, rows, '111111111111', 'us-east-1', 'Master account', 'Pending invitations',
                           lambda s: whole_or_cut(s.split('\n')[0], 'profile ' + LONG),
                           lambda s: 'Decline' in s))
            tm.keys('?')
            check(tm, where + ': help laid out, saying how to close it',
                  laid_out(cols, rows, 'Keys', 'Esc closes', bar=False))
            tm.keys('Escape')
            tm.keys('i')
            check(tm, where + ': the details view laid out, with the audit log\'s place',
                  laid_out(cols, rows, 'Details', 'Journal', bar=False))
            tm.keys('Escape')
            tm.keys('g')
            check(tm, where + ': the region picker laid out', laid_out(cols, rows, 'Region', 'Esc close', bar=False))
            tm.keys('Escape')
            tm.keys('Space', 'a')
            check(tm, where + ': the accept dialog laid out, naming the profile whole or cut with …',
                  laid_out(cols, rows, 'Accept invitation?', 'Member account',
                           lambda s: whole_or_cut(s, '111111111111 (profile %s)' % LONG), bar=False))
            tm.keys('n', 'Space')
            check(tm, where + ': back on the page', laid_out(cols, rows, 'Accept [○ Off]'))
        tm.resize(40, 10)
        check(tm, '40x10: too small, said so', lambda s: 'Terminal too small (need 60×18' in s)
        tm.resize(80, 24)
        check(tm, 'and back at 80x24: the page', laid_out(80, 24, 'Pending invitations'))
    finally:
        tm.kill()
finally:
    e.stop()

# --- the fleet: 192 contexts, long profile names, every kind of error
d = tempfile.mkdtemp(prefix='shtui-fleet.', dir=tmp)
seed, cfg, creds, expect = fleet.make(d)
for p in (cfg, creds):
    text = open(p).read().replace('member-', LONG + '-')
    open(p, 'w').write(text)
os.chmod(creds, 0o600)
e = Emulator(seed)
try:
    env = shtui_env(e, AWS_CONFIG_FILE=cfg, AWS_SHARED_CREDENTIALS_FILE=creds)
    del env['AWS_ACCESS_KEY_ID'], env['AWS_SECRET_ACCESS_KEY']
    args = ['--profiles', "'%s-*'" % LONG, '--regions', ','.join(fleet.REGIONS)]
    tm = start(e, args, 80, 24, env=env)
    try:
        t.ok(tm.wait_for('192 contexts', timeout=30), 'the fleet opens with 192 contexts')
        tm.wait_for('Ready.', timeout=60)
        for cols, rows in SIZES:
            tm.resize(cols, rows)
            where = '%dx%d' % (cols, rows)

            def profiles_cut_or_whole(s):
                rows_ = [r for r in s.split('\n') if LONG[:6] in r]
                return rows_ and all(LONG + '-' in r or '…' in r for r in rows_)
            check(tm, where + ': the fleet laid out, every profile whole or cut with …',
                  laid_out(cols, rows, 'Administrators (', 'Contexts (192', profiles_cut_or_whole))
            if cols < 100:
                check(tm, where + ': the columns left out are named', laid_out(cols, rows, 'hidden: '))
            else:
                check(tm, where + ': every column shown', laid_out(
                    cols, rows, lambda s: 'hidden' not in s and 'Last action' in s and 'Administrator' in s))
            tm.keys('A')
            check(tm, where + ': the bulk dialog laid out', laid_out(cols, rows, 'invitations?', bar=False))
            tm.keys('n')
            tm.keys('?')
            check(tm, where + ': help laid out', laid_out(cols, rows, 'Keys', bar=False))
            tm.keys('Escape')
            tm.keys('i')
            check(tm, where + ': the details view laid out', laid_out(cols, rows, 'Details', bar=False))
            tm.keys('Escape')
    finally:
        tm.kill()
    tm = start(e, args, 80, 24, lang='C', env=env)
    try:
        s = tm.wait_until(lambda s: '192 contexts' in s and 'Ready.' in s and 'q Quit' in s, timeout=60)
        t.ok(s is not None and all(ord(c) < 128 for c in s) and '~' in s,
             '80x24, LANG=C: the fleet in ASCII only, cut names ending in ~', s or tm.screen())
    finally:
        tm.kill()
finally:
    e.stop()

# --- without UTF-8: the same screens in ASCII only
e = Emulator()
try:
    for cols, rows in ((80, 24), (60, 18)):
        tm = start(e, ['--region', 'us-east-1'], cols, rows, lang='C')
        try:
            for keys, text, what in (((), 'Pending invitations (2)', 'the page'), (('?',), 'Esc closes', 'help'),
                                     (('Escape', 'Space', 'a'), 'Accept invitation?', 'the dialog')):
                if keys:
                    tm.keys(*keys)
                s = tm.wait_until(lambda s: text in s and 'q Quit' in s)
                t.ok(s is not None and all(ord(c) < 128 for c in s), '%dx%d, LANG=C: %s in ASCII only'
                     % (cols, rows, what), s or tm.screen())
        finally:
            tm.kill()
finally:
    e.stop()

# --- terminals that cannot move the cursor, and those without an alternate screen
e = Emulator()
try:
    # A real terminal whose type is dumb: refused before anything is drawn.
    env = shtui_env(e, TERM='dumb')
    tm = Tmux("TERM=dumb '%s' --endpoint-url %s --region us-east-1" % (SHTUI, e.url), dict(env), 80, 24)
    try:
        s = tm.wait_for('[exit', timeout=20)
        t.ok(s is not None and '[exit 252]' in s and 'cannot move the cursor' in s and
             'list-invitations' in s, 'TERM=dumb: exit 252, naming the one-shot commands', s or tm.screen())
        t.eq(len(e.calls()), 0, 'TERM=dumb: nothing was sent')
    finally:
        tm.kill()
    env = shtui_env(e, TERM='vt100', LANG='C.UTF-8', XDG_STATE_HOME=os.path.join(tmp, 'state'))
    tm = Tmux("'%s' --endpoint-url %s --region us-east-1" % (SHTUI, e.url), env, 80, 24)
    try:
        t.ok(tm.wait_for('Pending invitations (2)', timeout=20), 'TERM=vt100: the page is drawn')
        tm.keys('q')
        s = tm.wait_for('[exit 0]', timeout=20)
        lines = (s or '').split('\n')
        i = next((k for k, x in enumerate(lines) if '[exit 0]' in x), None)
        t.ok(i is not None and lines[i] == '[exit 0]' and 'q Quit' in lines[i - 1],
             'TERM=vt100: after q the shell writes on a clean line below the screen', s)
    finally:
        tm.kill()
finally:
    e.stop()

subprocess.run(['rm', '-rf', tmp])
sys.exit(t.done())
