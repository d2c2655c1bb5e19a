#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# One command across 12 profiles x 16 regions: one array, the right invitations and the right error, with its diagnosis, per context.
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fleet  # noqa: E402
from clitest import Emulator, Tap, parse, shtui, shtui_env  # noqa: E402

t = Tap()
d = tempfile.mkdtemp()
seed, cfg, creds, expect = fleet.make(d)
e = Emulator(seed)
try:
    env = shtui_env(e, AWS_CONFIG_FILE=cfg, AWS_SHARED_CREDENTIALS_FILE=creds)
    del env['AWS_ACCESS_KEY_ID'], env['AWS_SECRET_ACCESS_KEY']
    regions = ','.join(fleet.REGIONS)
    rc, out, err = shtui(e, '--profiles', 'member-*', '--regions', regions, 'list-invitations',
                         env=env, region=None)
    doc = parse(out)
    t.eq(rc, 254, 'some contexts failed: exit 254')
    t.ok(isinstance(doc, list) and len(doc) == 192, '192 contexts in one array', out[:500])
    doc = doc or []
    t.eq([(c['Profile'], c['Region']) for c in doc][:3],
         [('member-00', 'us-east-1'), ('member-00', 'us-east-2'), ('member-00', 'us-west-1')],
         'contexts in profile then region order')
    wrong = []
    for c in doc:
        want = expect[(c['Profile'], c['Region'])]
        if isinstance(want, list):
            got = [i['AccountId'] for i in c.get('Invitations', [])]
            if got != want or 'Error' in c:
                wrong.append((c['Profile'], c['Region'], want, got))
        elif c.get('Error', {}).get('Code') != want:
            wrong.append((c['Profile'], c['Region'], want, c.get('Error')))
        if c.get('Account') != fleet.account(int(c['Profile'][-2:])):
            wrong.append((c['Profile'], 'Account', c.get('Account')))
    t.eq(wrong, [], 'every context has its own invitations or its own error code, and its account')
    by = {(c['Profile'], c['Region']): c for c in doc}
    hint = by.get(('member-04', 'ap-east-1'), {}).get('Error', {}).get('Hint') or ''
    t.ok('not opted in' in hint, 'the unrecognised token in one region is diagnosed as not opted in', hint)
    hint = by.get(('member-05', 'eu-north-1'), {}).get('Error', {})
    t.ok('service control policy' in (hint.get('Hint') or '') and 'explicit deny' in hint.get('Message', ''),
         'the SCP denial keeps the service message and says SCP', hint)
    hint = by.get(('member-01', 'ca-central-1'), {}).get('Error', {}).get('Hint') or ''
    t.ok('not enabled' in hint, 'Security Hub not enabled is said as such', hint)
    t.eq(sorted(l.split(':')[0] for l in err.strip().splitlines()),
         ['member-01 ca-central-1', 'member-02 sa-east-1', 'member-04 ap-east-1', 'member-05 eu-north-1'],
         'the failing contexts are listed on stderr')
    ids = [c for c in e.calls() if c['operation'] == 'GetCallerIdentity']
    t.eq(len(ids), 12, 'credentials and identity once per profile, shared by its regions')
    t.eq(len([c for c in e.calls() if c['operation'] == 'ListInvitations']), 192, 'one ListInvitations per context')

    # Every context fine: exit 0; text prints a block per context.
    rc, out, err = shtui(e, '--profiles', 'member-0[0-3]', '--regions', 'us-east-1,eu-west-1', '--output', 'text',
                         'get-invitations-count', env=env, region=None)
    t.eq(rc, 0, 'every context succeeded: exit 0')
    t.eq(out.count('CONTEXT\t'), 8, 'text: one block per context (4 profiles x 2 regions)')
    t.ok('CONTEXT\tmember-03\teu-west-1\t100000000003\n2\n' in out,
         'text: the second administrator counted in member-03 eu-west-1', out)

    # --regions all: the partition's Security Hub regions.
    rc, out, err = shtui(e, '--profiles', 'member-00', '--regions', 'all', 'get-invitations-count',
                         env=env, region=None)
    doc = parse(out) or []
    t.ok(len(doc) >= 30 and len({c['Region'] for c in doc}) == len(doc),
         '--regions all lists every Security Hub region of the partition (%d)' % len(doc))
    # An accept whose reply is lost in one context: UnknownOutcome there, with a hint.
    e.faults(e.ctl('GET', 'faults') + [{'kind': 'reset', 'op': 'AcceptAdministratorInvitation',
                                         'region': 'eu-west-1', 'after': True}])
    rc, out, err = shtui(e, '--profiles', 'member-00', '--regions', 'us-east-1,eu-west-1',
                         'accept-administrator-invitation', '--administrator-id', fleet.ADMIN_A,
                         '--invitation-id', fleet.invitation_id(fleet.ADMIN_A, 0, 'eu-west-1'),
                         env=env, region=None)
    by = {c['Region']: c for c in (parse(out) or [])}
    lost = by.get('eu-west-1', {}).get('Error', {})
    t.ok(rc == 254 and lost.get('Code') == 'UnknownOutcome' and 'read the state again' in (lost.get('Hint') or ''),
         'a lost reply is UnknownOutcome with a hint, in its own context', out)
    t.eq(len([c for c in e.calls() if c['operation'] == 'AcceptAdministratorInvitation'
              and c['region'] == 'eu-west-1']), 1, 'and was sent once')

    # A glob that matches nothing.
    rc, out, err = shtui(e, '--profiles', 'nobody-*', 'list-invitations', env=env, region=None)
    t.ok(rc == 252 and 'No profile' in err, 'a glob matching no profile: 252, a usage error', err)
finally:
    e.stop()
sys.exit(t.done())
