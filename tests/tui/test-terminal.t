#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# The screen in a real terminal (tmux) against the emulator: accept, decline, enable, disassociate, resize, quit and signals.
import os
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tuitest import SHTUI, Emulator, Tap, Tmux, calls, emutest, shtui_env  # noqa: E402

t = Tap()
A1 = '222222222222'


def start(emu, region='us-east-1', args=(), cols=100, rows=30):
    env = shtui_env(emu, TERM='tmux-256color', LANG='C.UTF-8', TZ='UTC',
                    XDG_STATE_HOME=tempfile.mkdtemp(), PATH='/usr/bin:/bin')
    cmd = "'%s' --endpoint-url %s --region %s %s" % (SHTUI, emu.url, region, ' '.join(args))
    return Tmux(cmd, env, cols, rows)


def ready(tm, text):
    """Waits for text and for the acting account in the header: nothing is
    confirmed before STS has said which account the keys act as."""
    return tm.wait_for(text) is not None and tm.wait_for('111111111111  ·') is not None


def shtui_pid(tm):
    shell = tm.pid()
    out = subprocess.run(['pgrep', '-P', str(shell), 'shtui'], stdout=subprocess.PIPE,
                         text=True).stdout.split()
    return int(out[0]) if out else None


def stty_ok(screen):
    """The terminal after exit: canonical mode and echo back on."""
    words = screen.split() if screen else []
    return 'icanon' in words and 'echo' in words and '-icanon' not in words and '-echo' not in words


# Accept, end to end, with a double press: one call reaches the service.
e = Emulator()
try:
    tm = start(e)
    t.ok(ready(tm, 'Pending invitations (2)'), 'the page opens with the invitations')
    tm.keys('Space', 'a')
    t.ok(tm.wait_for('Accept invitation?'), 'Space then a asks "Accept invitation?"')
    tm.keys('y', 'a', 'y')
    t.ok(tm.wait_for('Accepted the invitation from %s' % A1), 'y accepts; the result shows')
    t.ok(tm.wait_for('Status          Enabled'), 'the page shows the administrator Enabled')
    t.eq(len(calls(e, 'AcceptAdministratorInvitation')), 1, 'a double-pressed accept reached the service once')
    admin = e.ctl('GET', 'state')['accounts']['111111111111']['regions']['us-east-1']['administrator']
    t.ok(admin and admin['AccountId'] == A1 and admin['MemberStatus'] == 'Enabled',
         'the service state has the administrator', admin)
    # Disassociate: Accept off, Update, confirm.
    tm.keys('Space', 'u')
    t.ok(tm.wait_for('Disassociate from administrator?'), 'Accept off then u asks to disassociate')
    tm.keys('y')
    t.ok(tm.wait_for('Disassociated from administrator %s' % A1), 'disassociated')
    admin = e.ctl('GET', 'state')['accounts']['111111111111']['regions']['us-east-1']['administrator']
    t.ok(not admin, 'the service has no administrator any more', admin)
    # Decline the other one.
    tm.keys('d')
    t.ok(tm.wait_for('Decline invitation?'), 'd asks "Decline invitation?"')
    tm.keys('y')
    t.ok(tm.wait_for('Declined the invitation'), 'declined')
    invs = e.ctl('GET', 'state')['accounts']['111111111111']['regions']['us-east-1']['invitations']
    t.eq(len(invs), 0, 'the service has no pending invitation left')
    # Resize to 40x10 and back.
    tm.tmux('resize-window', '-t', 't', '-x', '40', '-y', '10')
    t.ok(tm.wait_for('Terminal too small'), 'at 40x10: terminal too small')
    tm.tmux('resize-window', '-t', 't', '-x', '100', '-y', '30')
    t.ok(tm.wait_for('Pending invitations'), 'back at 100x30: the page again')
    tm.keys('q')
    s = tm.wait_for('icanon', timeout=20)
    t.ok(s is not None and '[exit 0]' in s, 'q exits 0', s)
    t.ok(stty_ok(s), 'the terminal is restored after q', s)
    tm.kill()
finally:
    e.stop()

# Enable Security Hub from the page.
e = Emulator()
try:
    tm = start(e, region='us-west-2')
    t.ok(ready(tm, 'Security Hub is not enabled in us-west-2'), 'not enabled: the page says so')
    tm.keys('e')
    t.ok(tm.wait_for('Enable Security Hub?'), 'e asks "Enable Security Hub?"')
    tm.keys('y')
    t.ok(tm.wait_for('Enabled Security Hub in us-west-2.'), 'enabled')
    hub = e.ctl('GET', 'state')['accounts']['111111111111']['regions']['us-west-2']['hub'] or {}
    t.ok(hub.get('enabled'), 'the service has the hub enabled', hub)
    tm.keys('q')
    t.ok(tm.wait_for('[exit 0]', timeout=20), 'q exits', tm.screen())
    tm.kill()
finally:
    e.stop()

# q with a call hung for 20 s exits at once.
e = Emulator()
try:
    e.faults([{'kind': 'latency', 'ms': 20000, 'op': 'ListInvitations'}])
    tm = start(e)
    t.ok(tm.wait_for('Loading'), 'the first frame is up while ListInvitations hangs')
    t0 = time.monotonic()
    tm.keys('q')
    s = tm.wait_for('[exit 0]', timeout=5)
    took = time.monotonic() - t0
    t.ok(s is not None and took < 1.5, 'q exits at once with a hung call (%.2f s)' % took, s)
    tm.kill()
finally:
    e.stop()

# SIGTERM, SIGHUP and SIGINT restore the terminal.
for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT, signal.SIGSEGV):
    e = Emulator()
    try:
        tm = start(e)
        tm.wait_for('Pending invitations')
        pid = shtui_pid(tm)
        t.ok(pid is not None, '%s: shtui is running' % sig.name)
        if pid:
            os.kill(pid, sig)
        s = tm.wait_for('icanon', timeout=20)
        t.ok(s is not None and '[exit %d]' % (128 + sig) in s, '%s: exits as the signal says' % sig.name, s)
        t.ok(stty_ok(s), '%s: stty -a after shows icanon and echo' % sig.name, s)
        tm.kill()
    finally:
        e.stop()

# Ctrl-Z suspends with the terminal restored; fg redraws the page.
# ThreadSanitizer defers signals and so stops the job a second time after
# fg; the other builds test job control.
tsan = 'libtsan' in subprocess.run(['ldd', SHTUI], stdout=subprocess.PIPE, text=True).stdout
e = Emulator() if not tsan else None
try:
    if tsan:
        raise StopIteration
    # A shell with job control, as a person's.
    env = shtui_env(e, TERM='tmux-256color', LANG='C.UTF-8', TZ='UTC',
                    XDG_STATE_HOME=tempfile.mkdtemp(), PATH='/usr/bin:/bin', PS1='$ ')
    tm = Tmux('bash --norc --noprofile -i', env, 100, 30)
    tm.wait_for('$')
    tm.keys("'%s' --endpoint-url %s --region us-east-1; stty -a" % (SHTUI, e.url), 'Enter')
    tm.wait_for('Pending invitations (2)')
    tm.tmux('send-keys', '-t', 't', 'C-z')
    s = tm.wait_for('Pending invitations', gone=True, timeout=15)
    t.ok(s is not None, 'Ctrl-Z gives the terminal back', s)
    tm.keys('fg', 'Enter')
    s = tm.wait_for('Pending invitations (2)', timeout=15)
    t.ok(s is not None and 'Master account' in s, 'fg redraws the whole page', s)
    tm.keys('q')
    s = tm.wait_for('icanon', timeout=20)
    t.ok(s is not None and stty_ok(s), 'and q still restores the terminal', s or tm.screen())
    tm.kill()
except StopIteration:
    for label in ('Ctrl-Z gives the terminal back', 'fg redraws the whole page',
                  'and q still restores the terminal'):
        sys.stdout.write('ok %d - %s # SKIP ThreadSanitizer build\n' % (t.n + 1, label))
        t.n += 1
finally:
    if e:
        e.stop()

# The focus shows on every control, the disabled Accept invitation included,
# in color and in monochrome.
for mono in (False, True):
    e = Emulator()
    try:
        extra = {'NO_COLOR': '1'} if mono else {}
        env = shtui_env(e, TERM='tmux-256color', LANG='C.UTF-8', TZ='UTC',
                        XDG_STATE_HOME=tempfile.mkdtemp(), PATH='/usr/bin:/bin', **extra)
        tm = Tmux("'%s' --endpoint-url %s --region us-east-1" % (SHTUI, e.url), env, 80, 24)
        scheme = 'monochrome' if mono else 'color'
        button = '[ Accept invitation ]'
        t.ok(ready(tm, button), '%s: the page shows Accept invitation, disabled' % scheme)
        before = tm.attrs_before(button)
        tm.keys('Tab', 'Tab')
        deadline = time.monotonic() + 10
        after = tm.attrs_before(button)
        while time.monotonic() < deadline and after == before:
            time.sleep(0.02)
            after = tm.attrs_before(button)
        t.ok(before is not None and 7 not in before and after is not None and 7 in after,
             '%s: Tab to the disabled Accept invitation shows the focus (reverse video)' % scheme,
             (before, after))
        tm.keys('q')
        tm.wait_for('[exit 0]', timeout=20)
        tm.kill()
    finally:
        e.stop()

# Not a terminal: a clear error pointing at the commands.
e = Emulator()
try:
    p = subprocess.run([SHTUI, '--endpoint-url', e.url, '--region', 'us-east-1'], env=shtui_env(e),
                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, timeout=20)
    t.ok(p.returncode == 252 and 'needs a terminal' in p.stderr and 'list-invitations' in p.stderr,
         'without a terminal: exit 252, pointing at the one-shot commands', p.stderr)
finally:
    e.stop()

sys.exit(t.done())
