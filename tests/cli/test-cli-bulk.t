#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# Bulk changes for scripts: one administrator's invitations accepted across 12 profiles x 16 regions, the plan (--dry-run) and the run agreeing, --yes on pipes, the question on a terminal, and running again doing only what is left.
import json
import os
import pty
import select
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fleet  # noqa: E402
import journaltest  # noqa: E402
from clitest import SHTUI, Emulator, Tap, check_sanitizers, emutest, parse, shtui, shtui_env  # noqa: E402

t = Tap()
d = tempfile.mkdtemp(prefix='shtui-bulk.')
seed, cfg, creds, expect = fleet.make(d)
ALL = ['--profiles', 'member-*', '--regions', ','.join(fleet.REGIONS)]


def changes(e, since=0):
    return [c for c in e.calls(since) if c.get('operation') in journaltest.CHANGES]


def plan_of(doc):
    return sorted((c['Profile'], c['Region'], c['Operation'], json.dumps(c['Parameters'], sort_keys=True))
                  for c in doc if 'Operation' in c)


e = Emulator(seed)
try:
    state = os.path.join(d, 'state')
    env = shtui_env(e, AWS_CONFIG_FILE=cfg, AWS_SHARED_CREDENTIALS_FILE=creds, XDG_STATE_HOME=state)
    del env['AWS_ACCESS_KEY_ID'], env['AWS_SECRET_ACCESS_KEY']
    # member-03 already has the second administrator in us-east-1.
    rc, out, err = shtui(e, '--profile', 'member-03', 'accept-administrator-invitation', '--administrator-id',
                         fleet.ADMIN_B, env=env)
    t.eq(rc, 0, 'one context: --administrator-id alone finds the invitation and accepts it')
    acc = [c for c in changes(e) if c['operation'] == 'AcceptAdministratorInvitation']
    t.ok(len(acc) == 1 and acc[0]['params'] == {'AdministratorId': fleet.ADMIN_B,
                                                 'InvitationId': fleet.invitation_id(fleet.ADMIN_B, 3, 'us-east-1')},
         'with that administrator\'s invitation ID there', acc)
    want = {k for k, v in expect.items() if isinstance(v, list) and fleet.ADMIN_A in v} - {('member-03', 'us-east-1')}

    # The plan: read everything, send nothing.
    before = e.last_seq()
    rc, out, err = shtui(e, *ALL, '--dry-run', 'accept-administrator-invitation', '--administrator-id',
                         fleet.ADMIN_A, env=env, region=None, timeout=120)
    plan = parse(out) or []
    t.eq(rc, 0, '--dry-run: exit 0')
    t.eq(len(plan), 192, 'one object per context')
    t.eq({(c['Profile'], c['Region']) for c in plan if 'Operation' in c}, want,
         'an accept planned exactly where the invitation is pending and no other administrator is')
    t.eq(changes(e, before), [], '--dry-run sent nothing that changes state')
    by = {(c['Profile'], c['Region']): c for c in plan}
    t.ok('Another administrator account (%s) is enabled' % fleet.ADMIN_B in
         by[('member-03', 'us-east-1')].get('Skipped', ''), 'where another administrator is enabled: skipped, said why',
         by[('member-03', 'us-east-1')])
    t.ok('not enabled' in by[('member-01', 'ca-central-1')].get('Skipped', ''),
         'where the hub is off: skipped, said why', by[('member-01', 'ca-central-1')])
    t.eq(by[('member-00', 'eu-west-1')].get('Parameters'),
         {'AdministratorId': fleet.ADMIN_A, 'InvitationId': fleet.invitation_id(fleet.ADMIN_A, 0, 'eu-west-1')},
         'each context\'s own invitation ID')

    # Without a terminal, more than one context needs --yes.
    rc, out, err = shtui(e, *ALL, 'accept-administrator-invitation', '--administrator-id', fleet.ADMIN_A,
                         env=env, region=None, timeout=120)
    t.ok(rc == 252 and 'Accept %d invitations from %s in %d places?' % (len(want), fleet.ADMIN_A, len(want)) in err
         and '--yes' in err, 'no terminal, no --yes: exit 252 with the hint', err)
    t.eq(changes(e, before), [], 'and nothing was sent')

    rc, out, err = shtui(e, *ALL, '--yes', 'accept-administrator-invitation', '--administrator-id', fleet.ADMIN_A,
                         env=env, region=None, timeout=120)
    done = parse(out) or []
    t.eq(rc, 0, '--yes: exit 0')
    t.eq(plan_of(done), plan_of(plan), 'the run carried out the plan --dry-run printed')
    t.ok(all('Error' not in c for c in done), 'with no failure', [c for c in done if 'Error' in c][:3])
    acc = [c for c in changes(e, before)]
    t.eq(sorted((c['account'], c['region']) for c in acc),
         sorted((fleet.account(int(p[-2:])), r) for p, r in want), 'exactly one accept per planned context')
    st = e.ctl('GET', 'state')['accounts']
    t.ok(all((st[fleet.account(int(p[-2:]))]['regions'][r].get('administrator') or {}).get('AccountId') == fleet.ADMIN_A
             for p, r in want), 'the service shows the administrator everywhere it was planned')
    account_of = {fleet.profile(i): fleet.account(i) for i in range(fleet.N)}
    recs = journaltest.read(state)
    t.eq(journaltest.compare(recs, e.calls(), account_of), [], 'the journal and the emulator agree, record by record')
    its = [i for i in journaltest.intents(recs) if i['parameters'].get('AdministratorId') == fleet.ADMIN_A]
    t.ok(len(its) == len(want) and len({i['batch'] for i in its}) == 1 and
         all(i['frontend'] == 'multi-context' for i in its), 'one batch of intents from the multi-context front end')

    # Running it again does only what is left: nothing.
    before = e.last_seq()
    rc, out, err = shtui(e, *ALL, 'accept-administrator-invitation', '--administrator-id', fleet.ADMIN_A,
                         env=env, region=None, timeout=120)
    again = parse(out) or []
    t.ok(rc == 0 and not plan_of(again) and
         'is already the administrator' in {(c['Profile'], c['Region']): c for c in again}[('member-00', 'eu-west-1')]['Skipped'],
         'run again: nothing left to do, each context says why', err)
    t.eq(changes(e, before), [], 'and nothing was sent twice')

    # Decline and delete, per context.
    before = e.last_seq()
    rc, out, err = shtui(e, '--profiles', 'member-03', '--regions', 'us-east-1,eu-west-1,ap-south-1', '--yes',
                         'decline-invitations', '--account-ids', fleet.ADMIN_B, env=env, region=None)
    doc = parse(out) or []
    t.eq(plan_of(doc), sorted(('member-03', r, 'DeclineInvitations', json.dumps({'AccountIds': [fleet.ADMIN_B]}))
                              for r in ('eu-west-1', 'ap-south-1')),
         'decline: sent where the invitation is pending (not where it was accepted)')
    t.eq(sorted(c['region'] for c in changes(e, before)), ['ap-south-1', 'eu-west-1'], 'two declines reached the service')
    rc, out, err = shtui(e, '--profiles', 'member-03', '--regions', 'us-east-1,eu-west-1', '--yes', '--dry-run',
                         'delete-invitations', '--account-ids', fleet.ADMIN_B, env=env, region=None)
    t.ok(rc == 0 and all('No invitation from %s is pending' % fleet.ADMIN_B in c.get('Skipped', '')
                         for c in parse(out) or [None]), 'delete: nothing left to delete, said per context', out)
finally:
    e.stop()

# A terminal: the question, answered no, then yes.
e = Emulator()
try:
    state = os.path.join(d, 'state2')
    env = shtui_env(e, XDG_STATE_HOME=state)
    regions = 'us-east-1,eu-west-1,ap-southeast-2'

    def on_terminal(answer):
        master, slave = pty.openpty()
        cmd = [SHTUI, '--endpoint-url', e.url, '--regions', regions, 'accept-administrator-invitation',
               '--administrator-id', '222222222222']
        p = subprocess.Popen(cmd, env=env, stdin=slave, stdout=subprocess.PIPE, stderr=slave, text=True)
        os.close(slave)
        seen, deadline = b'', time.monotonic() + 60
        while b'[y/N]' not in seen and time.monotonic() < deadline:
            r, _, _ = select.select([master], [], [], 1)
            if r:
                try:
                    seen += os.read(master, 4096)
                except OSError:
                    break
        os.write(master, answer.encode() + b'\n')
        out = p.communicate(timeout=60)[0]
        os.close(master)
        check_sanitizers(seen.decode(errors='replace'), cmd)
        return p.returncode, out, seen.decode(errors='replace')

    rc, out, seen = on_terminal('n')
    t.ok('Accept 3 invitations from 222222222222 in 3 places? [y/N]' in seen, 'a terminal is asked', seen)
    t.ok(rc == 0 and out == '' and changes(e) == [], 'no: nothing sent', (rc, out))
    rc, out, seen = on_terminal('y')
    t.ok(rc == 0 and len(plan_of(parse(out) or [])) == 3 and len(changes(e)) == 3, 'yes: the three accepts', out)

    # --dry-run on one context, and on a command that changes nothing.
    before = e.last_seq()
    rc, out, err = shtui(e, '--dry-run', 'decline-invitations', '--account-ids', '333333333333', env=env)
    doc = parse(out) or []
    t.ok(rc == 0 and len(doc) == 1 and doc[0].get('Operation') == 'DeclineInvitations' and
         doc[0].get('Parameters') == {'AccountIds': ['333333333333']}, 'one context: the plan of one call', out)
    rc, out, err = shtui(e, '--dry-run', 'disassociate-from-administrator-account', region='eu-central-1', env=env)
    doc = parse(out) or []
    t.ok(rc == 0 and doc and doc[0].get('Operation') == 'DisassociateFromAdministratorAccount',
         'disassociate: planned where there is an administrator', out)
    rc, out, err = shtui(e, '--dry-run', 'enable-security-hub', region='us-west-2', env=env)
    doc = parse(out) or []
    t.ok(rc == 0 and doc and doc[0].get('Operation') == 'EnableSecurityHub', 'enable: planned where it is off', out)
    rc, out, err = shtui(e, '--dry-run', 'enable-security-hub', region='us-east-1', env=env)
    doc = parse(out) or []
    t.ok(rc == 0 and doc and 'already enabled' in doc[0].get('Skipped', ''), 'and skipped where it is on', out)
    t.eq(changes(e, before), [], '--dry-run sent nothing that changes state')
    rc, out, err = shtui(e, '--dry-run', 'list-invitations', env=env)
    t.ok(rc == 252 and 'change state' in err, '--dry-run on a read: usage error', err)
finally:
    e.stop()
    import shutil
    shutil.rmtree(d, ignore_errors=True)
sys.exit(t.done())
