#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# kill -9 in the middle of a 2,000-accept bulk run, from the command line and from the fleet screen: the journal and the emulator agree, the next start settles what was left, and running again finishes with every invitation accepted once.
import collections
import os
import shutil
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'cli'))
import fleet  # noqa: E402
import journaltest  # noqa: E402
from tuitest import SHTUI, Emulator, Script, Tap, shtui_env  # noqa: E402
from clitest import check_sanitizers, parse, shtui  # noqa: E402
import emutest  # noqa: E402

t = Tap()
d = tempfile.mkdtemp(prefix='shtui-kill.')
N_PROFILES = 125                      # x 16 regions: 2,000 contexts, one invitation each
seed, cfg, creds, contexts = fleet.make_many(d, N_PROFILES)
ARGS = ['--profiles', 'bulk-*', '--regions', ','.join(fleet.REGIONS), '--max-concurrency', '16']
ACCEPT = 'AcceptAdministratorInvitation'
account_of = {'bulk-%03d' % i: str(200000000000 + i) for i in range(N_PROFILES)}
# Generous: this runs under the sanitizers on a loaded machine.
DEADLINE = 900


def env_for(e, state):
    env = shtui_env(e, AWS_CONFIG_FILE=cfg, AWS_SHARED_CREDENTIALS_FILE=creds, XDG_STATE_HOME=state)
    del env['AWS_ACCESS_KEY_ID'], env['AWS_SECRET_ACCESS_KEY']
    return env


def kill_midway(e, proc, label):
    """SIGKILL once a fifth of the accepts reached the service (the log file
    grows as replies go out); then wait for the calls in flight to end."""
    emutest.wait_for(lambda: journaltest.count_in_log(e.log, ACCEPT) >= 400 or proc.poll() is not None,
                     DEADLINE, '400 accepts (%s)' % label)
    proc.send_signal(signal.SIGKILL)
    proc.wait(60)
    t.eq(proc.returncode, -signal.SIGKILL, '%s: killed with -9 in the middle' % label)
    journaltest.quiet(e)


def after_kill(e, state, label):
    """The journal against the emulator after the kill; returns how many
    intents were left open."""
    recs = journaltest.read(state)
    calls = e.calls()
    sent = [c for c in calls if c.get('operation') == ACCEPT]
    t.ok(0 < len(sent) < len(contexts), '%s: the run was cut short (%d of %d accepts reached the service)'
         % (label, len(sent), len(contexts)))
    t.eq(journaltest.compare(recs, calls, account_of, open_ok=True), [],
         '%s: every call the emulator received has an intent before it; every "done" was answered' % label)
    st = e.ctl('GET', 'state')['accounts']
    outs = journaltest.outcomes(recs)
    wrong = [(i['account'] or account_of[i['profile']], i['region']) for i in journaltest.intents(recs)
             if outs.get(i['id'], {}).get('outcome') == 'done' and
             (st[i['account'] or account_of[i['profile']]]['regions'][i['region']].get('administrator') or {})
             .get('AccountId') != fleet.ADMIN_A]
    t.eq(wrong, [], '%s: every outcome "done" is what the service shows' % label)
    return sum(1 for i in journaltest.intents(recs) if i['id'] not in outs)


def finished(e, state, label):
    st = e.ctl('GET', 'state')['accounts']
    missing = [(p, r) for p, r in contexts
               if (st[account_of[p]]['regions'][r].get('administrator') or {}).get('AccountId') != fleet.ADMIN_A]
    t.eq(missing, [], '%s: every invitation the plan covered is accepted in the end' % label)
    ok = collections.Counter((c['account'], c['region']) for c in e.calls()
                             if c.get('operation') == ACCEPT and c.get('status') == 200)
    t.eq([k for k, v in ok.items() if v > 1], [], '%s: none accepted twice' % label)
    t.eq(len(ok), len(contexts), '%s: one accept per context' % label)
    t.eq(journaltest.compare(journaltest.read(state), e.calls(), account_of), [],
         '%s: the journal and the emulator agree, record by record, every intent settled' % label)
    rc, out, err = shtui(e, 'journal', '--unsettled', env=env_for(e, state), endpoint=False, region=None)
    t.eq(parse(out), {'Records': []}, '%s: shtui journal --unsettled: nothing left' % label)


# --- the command line
e = Emulator(seed)
try:
    e.faults([{'kind': 'latency', 'op': ACCEPT, 'ms': 40}])
    state = os.path.join(d, 'cli-state')
    cmd = [SHTUI, '--endpoint-url', e.url] + ARGS + ['--yes', 'accept-administrator-invitation',
                                                     '--administrator-id', fleet.ADMIN_A]
    with open(os.path.join(d, 'cli.err'), 'w') as err:
        proc = subprocess.Popen(cmd, env=env_for(e, state), stdin=subprocess.DEVNULL,
                                              stdout=subprocess.DEVNULL, stderr=err)
    kill_midway(e, proc, 'command line')
    left = after_kill(e, state, 'command line')
    e.faults([])
    rc, out, err = shtui(e, *ARGS, '--yes', 'accept-administrator-invitation', '--administrator-id',
                         fleet.ADMIN_A, env=env_for(e, state), region=None, timeout=DEADLINE)
    t.ok(rc == 0 and '%d changes from an earlier run have an unknown outcome' % left in err,
         'command line: the next start reports the %d unsettled changes' % left, err[-2000:])
    t.ok('Nothing was sent again.' in err and 'still unknown' not in err.split('\n')[-2],
         'command line: and settles each by reading', err[-600:])
    finished(e, state, 'command line')
finally:
    e.stop()

# --- the fleet screen
e = Emulator(seed)
try:
    e.faults([{'kind': 'latency', 'op': ACCEPT, 'ms': 40}])
    state = os.path.join(d, 'screen-state')
    s = Script(e, ['key A', 'key y', 'dump never', 'key q'], args=ARGS, region=None,
               env=env_for(e, state), cols=120, rows=36, state=state, background=True)
    kill_midway(e, s.proc, 'screen')
    with open(os.path.join(s.dir, 'stderr')) as f:
        check_sanitizers(f.read(), ['shtui', 'screen'])
    s.cleanup()
    left = after_kill(e, state, 'screen')
    e.faults([])
    s = Script(e, ['until earlier run', 'dump recovered', 'key A', 'key y', 'dump done', 'key q'], args=ARGS,
               region=None, env=env_for(e, state), cols=120, rows=36, state=state, timeout=DEADLINE)
    rec = s.screen('recovered') or ''
    t.ok('%d changes from an earlier run had an unknown outcome' % left in rec.replace('\n', ' '),
         'screen: the next start reports the %d unsettled changes' % left, rec)
    t.ok(s.rc == 0 and 'still unknown' not in rec, 'screen: and settles each by reading', rec)
    done = s.screen('done') or ''
    t.ok('0 failed' in done, 'screen: the second run finishes the rest', done)
    s.cleanup()
    finished(e, state, 'screen')
finally:
    e.stop()
    shutil.rmtree(d, ignore_errors=True)
sys.exit(t.done())
