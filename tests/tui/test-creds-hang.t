#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# A credential call that hangs (STS, web identity, IMDS, SSO portal and OIDC, container agent, credential_process): q exits at once, leaves no process behind, restores the terminal; a one-shot command stopped by SIGINT/SIGTERM the same.
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tuitest import SHTUI, Emulator, Tap, Tmux, wait_until  # noqa: E402
from credsfiles import alive, held, sleeper, started  # noqa: E402
import credsfiles  # noqa: E402

# The key the shtui-started processes are found by; "forever" is a day.
SLEEP = '86399'
# q must exit within 0.5 s; the check allows 5 s so that a loaded machine
# does not fail it, and the measured figure is printed.
BOUND = 5.0

t = Tap()
d = tempfile.mkdtemp(prefix='shtui-hang.')
e = Emulator()
e.ctl('POST', 'state', credsfiles.seed())
home = credsfiles.home(os.path.join(d, 'home'))
agent_file = credsfiles.write(os.path.join(d, 'agent-token'), credsfiles.AGENT)
CONFIG, CREDS = credsfiles.files(d, '[profile exec-sleeper]\ncredential_process = %s\nregion = us-east-1\n'
                                 '[profile sh-sleeper]\ncredential_process = %s\nregion = us-east-1\n'
                                 % (sleeper(d, 'exec', SLEEP), sleeper(d, 'sh', SLEEP, shell=True)))


def base_env(**extra):
    return credsfiles.env(e, home, CONFIG, CREDS, **extra)


def hung(service, op):
    return held(e, service, op)


# (label, profile or None, extra environment, fault rules, what shows the fetch is hung)
CASES = [
    ('STS AssumeRole', 'role', {}, [{'kind': 'hang', 'op': 'AssumeRole'}], hung('sts', 'AssumeRole')),
    ('STS AssumeRoleWithWebIdentity', 'web', {}, [{'kind': 'hang', 'op': 'AssumeRoleWithWebIdentity'}],
     hung('sts', 'AssumeRoleWithWebIdentity')),
    ('IMDS', None, {'AWS_EC2_METADATA_SERVICE_ENDPOINT': e.url + '/', 'AWS_METADATA_SERVICE_TIMEOUT': '60',
                    'AWS_EC2_METADATA_DISABLED': ''},
     [{'kind': 'hang', 'service': 'imds', 'op': 'GetCredentials'}], hung('imds', 'GetCredentials')),
    ('the SSO portal', 'sso', {}, [{'kind': 'hang', 'service': 'sso', 'op': 'GetRoleCredentials'}],
     hung('sso', 'GetRoleCredentials')),
    ('SSO OIDC (the token refresh)', 'refresh', {},
     [{'kind': 'hang', 'service': 'sso-oidc', 'op': 'CreateToken'}], hung('sso-oidc', 'CreateToken')),
    ('the container agent', None, {'AWS_CONTAINER_CREDENTIALS_FULL_URI': e.url + '/_emu/container-credentials',
                                   'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE': agent_file},
     [{'kind': 'hang', 'service': 'container'}], hung('container', 'GetCredentials')),
    ('credential_process (exec sleep)', 'exec-sleeper', {}, [], started(d, 'exec')),
    ('credential_process (a shell running sleep)', 'sh-sleeper', {}, [], started(d, 'sh')),
]


def descendants(pid):
    """Every process under pid, from /proc."""
    kids = {}
    for p in os.listdir('/proc'):
        if not p.isdigit():
            continue
        try:
            with open('/proc/%s/stat' % p) as f:
                ppid = int(f.read().rsplit(')', 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        kids.setdefault(ppid, []).append(int(p))
    out, todo = [], [pid]
    while todo:
        for k in kids.get(todo.pop(), []):
            out.append(k)
            todo.append(k)
    return out


def sleepers():
    return credsfiles.sleepers(SLEEP)


def leftovers(under):
    """The processes of `under` still alive, and any sleeper, once given a
    moment to go: a killed process is not gone the instant its parent is."""
    def now():
        return sorted(set(q for q in under if alive(q)) | set(sleepers()))
    wait_until(lambda: not now(), 10)
    return now()


def default_signals():
    """As in a shell at a terminal: SIGINT not ignored (make may ignore it
    for what it starts)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def stty_ok(screen):
    words = screen.split() if screen else []
    return 'icanon' in words and 'echo' in words and '-icanon' not in words and '-echo' not in words


figures = []
try:
    for label, profile, extra, faults, fetch_hung in CASES:
        e.faults(faults)
        e.ctl('POST', 'calls/clear')
        env = base_env(TERM='tmux-256color', LANG='C.UTF-8', TZ='UTC', PATH='/usr/bin:/bin',
                       XDG_STATE_HOME=os.path.join(d, 'state'), **extra)
        cmd = "'%s' --endpoint-url %s --region us-east-1%s" % (
            SHTUI, e.url, " --profile '%s'" % profile if profile else '')
        tm = Tmux(cmd, env)
        try:
            is_held = wait_until(fetch_hung, 30)
            shell = tm.pid()
            pids = subprocess.run(['pgrep', '-P', str(shell), 'shtui'], stdout=subprocess.PIPE,
                                  text=True).stdout.split()
            pid = int(pids[0]) if pids else None
            under = descendants(pid) if pid else []
            frame = tm.wait_for('q Quit', timeout=20)
            t.ok(is_held and pid and frame is not None and fetch_hung(),
                 '%s: the screen is up while the fetch hangs' % label, (tm.screen(), e.calls()))
            t0 = time.monotonic()
            tm.keys('q')
            gone = wait_until(lambda: not alive(pid), 30) if pid else False
            took = time.monotonic() - t0
            figures.append((label, took))
            sys.stdout.write('# %s: q to exit %.3f s\n' % (label, took))
            t.ok(gone and took <= BOUND, '%s: q exits at once (%.3f s; the aim is 0.5 s)' % (label, took))
            s = tm.wait_for('icanon', timeout=20)
            t.ok(s is not None and '[exit 0]' in s and stty_ok(s),
                 '%s: exit 0 and the terminal restored' % label, s)
            left = leftovers(under)
            t.ok(not left, '%s: no process left behind' % label, left)
        finally:
            tm.kill()
            for p in sleepers():
                os.kill(p, signal.SIGKILL)
        for f in ('exec-started', 'sh-started'):
            if os.path.exists(os.path.join(d, f)):
                os.unlink(os.path.join(d, f))

    # SIGTERM to the screen while credential_process hangs.
    e.faults([])
    env = base_env(TERM='tmux-256color', LANG='C.UTF-8', TZ='UTC', PATH='/usr/bin:/bin',
                   XDG_STATE_HOME=os.path.join(d, 'state'))
    tm = Tmux("'%s' --endpoint-url %s --region us-east-1 --profile exec-sleeper" % (SHTUI, e.url), env)
    try:
        ok = wait_until(started(d, 'exec'), 30) and tm.wait_for('q Quit', timeout=20) is not None
        pids = subprocess.run(['pgrep', '-P', str(tm.pid()), 'shtui'], stdout=subprocess.PIPE,
                              text=True).stdout.split()
        pid = int(pids[0]) if pids else None
        under = descendants(pid) if pid else []
        t0 = time.monotonic()
        if pid:
            os.kill(pid, signal.SIGTERM)
        gone = wait_until(lambda: not alive(pid), 30) if pid else False
        took = time.monotonic() - t0
        sys.stdout.write('# screen, credential_process, SIGTERM: %.3f s to exit\n' % took)
        s = tm.wait_for('icanon', timeout=20)
        t.ok(ok and gone and took <= BOUND and s is not None and '[exit 143]' in s and stty_ok(s),
             'the screen with credential_process hung: SIGTERM exits 143 at once (%.3f s), '
             'terminal restored' % took, s)
        left = leftovers(under)
        t.ok(under and not left, '... no process left behind', (under, left))
    finally:
        tm.kill()
        for q in sleepers():
            os.kill(q, signal.SIGKILL)
        if os.path.exists(os.path.join(d, 'exec-started')):
            os.unlink(os.path.join(d, 'exec-started'))

    # One-shot commands: Ctrl-C (SIGINT to the process group, as a terminal
    # sends it) and SIGTERM (to shtui alone, as a supervisor sends it)
    # during a hung fetch. Ended by the signal or exiting 128 + it: both
    # are what a shell reports as 128 + the signal.
    for sig in (signal.SIGINT, signal.SIGTERM):
        for label, profile, faults, fetch_hung in (
                ('STS AssumeRole', 'role', [{'kind': 'hang', 'op': 'AssumeRole'}],
                 hung('sts', 'AssumeRole')),
                ('credential_process', 'exec-sleeper', [], started(d, 'exec'))):
            e.faults(faults)
            e.ctl('POST', 'calls/clear')
            p = subprocess.Popen([SHTUI, '--endpoint-url', e.url, '--profile', profile,
                                  'get-caller-identity'], env=base_env(), stdin=subprocess.DEVNULL,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 start_new_session=True, preexec_fn=default_signals)
            try:
                ok = wait_until(fetch_hung, 30)
                under = descendants(p.pid)
                t0 = time.monotonic()
                if sig == signal.SIGINT:
                    os.killpg(p.pid, sig)
                else:
                    p.send_signal(sig)
                try:
                    p.wait(30)
                except subprocess.TimeoutExpired:
                    pass
                took = time.monotonic() - t0
                sys.stdout.write('# one-shot, %s, %s: %.3f s to exit\n' % (label, sig.name, took))
                t.ok(ok and p.returncode in (-sig, 128 + sig) and took <= BOUND,
                     'one-shot with %s hung: %s ends it at once (%.3f s)' % (label, sig.name, took),
                     (p.returncode, p.stderr.read()))
                left = leftovers(under)
                t.ok(not left, '... no process left behind', left)
            finally:
                if p.poll() is None:
                    p.kill()
                    p.wait()
                p.stdout.close()
                p.stderr.close()
                for q in sleepers():
                    os.kill(q, signal.SIGKILL)
            if os.path.exists(os.path.join(d, 'exec-started')):
                os.unlink(os.path.join(d, 'exec-started'))
finally:
    for q in sleepers():
        os.kill(q, signal.SIGKILL)
    e.stop()
    shutil.rmtree(d, ignore_errors=True)
if figures:
    sys.stdout.write('# q to exit, slowest: %.3f s (%s)\n' % max((f, l) for l, f in figures))
sys.exit(t.done())
