#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# The fleet screen over accounts reached by a role (--accounts): one row per account and region, the account whose role cannot be assumed says why, bulk accept sends one accept per invitation.
import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tuitest import Emulator, Script, Tap, calls, emutest, shtui_env  # noqa: E402

t = Tap()
d = tempfile.mkdtemp()
IDS = ['3000000000%02d' % i for i in range(4)]
REGIONS = ['us-east-1', 'eu-west-1']
seed = json.load(open(emutest.DEMO))
seed['role_fanout'] = {'base': '111111111111', 'accounts': IDS, 'role_name': 'Member',
                       'regions': REGIONS, 'deny': [IDS[3]]}
seed['accounts'][IDS[0]] = {'keys': [{'access_key_id': 'AKIAOWNKEY0000000001',
                                      'secret_access_key': 'ownSecret/0001/EXAMPLEKEYEXAMPLEKEY',
                                      'arn': 'arn:aws:iam::%s:user/own' % IDS[0]}]}
with open(os.path.join(d, 'seed.json'), 'w') as f:
    json.dump(seed, f)
e = Emulator(os.path.join(d, 'seed.json'))
initial = e.ctl('GET', 'state')
s = None
try:
    s = Script(e, ['dump fleet', 'key A', 'dump confirm', 'key y', 'dump done', 'key q'],
               args=['--accounts', ','.join(IDS), '--role-name', 'Member', '--regions', ','.join(REGIONS)],
               region=None, env=shtui_env(e), cols=160, rows=30)
    f = s.screen('fleet') or ''
    t.ok('8 contexts' in f, '--accounts opens the fleet: 4 accounts x 2 regions', f)
    rows = [l.replace('\u25b8', ' ') for l in f.splitlines() if ':role/Member' in l]
    t.eq(sorted((l.split()[2], l.split()[3]) for l in rows),
         sorted((a, r) for a in IDS for r in REGIONS), 'one row per account and region')
    bad = [l for l in rows if IDS[3] in l]
    t.ok(len(bad) == 2 and all('AccessDenied' in l and 'AssumeRole' in l for l in bad),
         'the account whose role cannot be assumed says so in its rows', f)
    t.ok('999999999999   6 invitations pending' in f, 'the others count their invitations', f)
    head = [l for l in f.splitlines() if 'Account' in l and 'Region' in l]
    t.ok(head and ' Name ' not in head[0], 'no account has a name: no Name column', head)
    t.ok('Accept 6 invitations?' in (s.screen('confirm') or ''), 'the confirmation counts 6', s.screen('confirm'))
    t.ok('6 done, 0 failed' in (s.screen('done') or ''), 'the batch reports 6 done', s.screen('done'))
    acc = calls(e, 'AcceptAdministratorInvitation')
    t.eq(sorted((c['account'], c['region']) for c in acc), sorted((a, r) for a in IDS[:3] for r in REGIONS),
         'one accept per invitation, in each reachable account and region')
    t.eq(sorted(c.get('target_account') for c in calls(e, 'AssumeRole')), IDS,
         'one AssumeRole per account for reads and accepts alike')
    s.cleanup()

    # Accounts with names (an accounts.csv): the Name column shows them.
    csv = os.path.join(d, 'accounts.csv')
    with open(csv, 'w') as f:
        f.write('AccountId,Name\n%s,Payments\n%s,Logging\n' % (IDS[0], IDS[1]))
    s = Script(e, ['dump fleet', 'key q'],
               args=['--accounts', '@' + csv, '--role-name', 'Member', '--region', 'us-east-1'],
               region=None, env=shtui_env(e), cols=160, rows=30)
    f = s.screen('fleet') or ''
    head = [l for l in f.splitlines() if 'Account' in l and 'Region' in l]
    rows = {l.split()[2]: l for l in f.splitlines() if ':role/Member' in l}
    t.ok(head and ' Name ' in head[0] and 'Payments' in rows.get(IDS[0], '') and
         'Logging' in rows.get(IDS[1], ''), 'accounts with names: a Name column with them', f)
    s.cleanup()

    # A profile of its own and the role reach IDS[0]: one row per region, the other way named.
    cfg, creds = os.path.join(d, 'config'), os.path.join(d, 'credentials')
    with open(cfg, 'w') as f:
        f.write('[default]\nregion = us-east-1\n[profile own]\nregion = us-east-1\n')
    with open(creds, 'w') as f:
        f.write('[default]\naws_access_key_id = %s\naws_secret_access_key = %s\n'
                '[own]\naws_access_key_id = AKIAOWNKEY0000000001\n'
                'aws_secret_access_key = ownSecret/0001/EXAMPLEKEYEXAMPLEKEY\n' % (emutest.AKID, emutest.SECRET))
    env = shtui_env(e, AWS_CONFIG_FILE=cfg, AWS_SHARED_CREDENTIALS_FILE=creds)
    del env['AWS_ACCESS_KEY_ID'], env['AWS_SECRET_ACCESS_KEY']
    e.ctl('POST', 'calls/clear', {})
    s = Script(e, ['dump fleet', 'key q'],
               args=['--profiles', 'own', '--accounts', ','.join(IDS[:2]), '--role-name', 'Member',
                     '--regions', ','.join(REGIONS)], region=None, env=env, cols=160, rows=30)
    f = s.screen('fleet') or ''
    rows = [l.replace('\u25b8', ' ') for l in f.splitlines() if ' 3000000000' in l]
    t.eq(sorted((l.split()[1], l.split()[2], l.split()[3]) for l in rows),
         sorted([('own', IDS[0], r) for r in REGIONS] +
                [('arn:aws:iam::%s:role/Member' % IDS[1], IDS[1], r) for r in REGIONS]),
         'a profile and a role to the same account: one row per region, the profile acts')
    s.cleanup()

    # Security Hub no longer recognises the profile's keys: the role takes over its rows, the
    # details say which way acts and why the other was set aside, and the bulk accept goes
    # through the role.
    ROLE0 = 'arn:aws:iam::%s:role/Member' % IDS[0]
    now = e.ctl('GET', 'state')   # the invitations pending again; keys issued since kept
    for a in IDS[:2]:
        now['accounts'][a]['regions'] = initial['accounts'][a]['regions']
    e.ctl('POST', 'state', now)
    e.faults([{'kind': 'error', 'service': 'securityhub', 'access_key_id': 'AKIAOWNKEY0000000001',
               'status': 403, 'code': 'UnrecognizedClientException',
               'message': 'The security token included in the request is invalid.'}])
    e.ctl('POST', 'calls/clear', {})
    s = Script(e, ['dump fleet', 'key /', 'type %s' % IDS[0], 'key Enter', 'key j', 'key i',
                   'dump details', 'key Esc', 'key Esc', 'key A', 'dump confirm', 'key y', 'dump done',
                   'key q'],
               args=['--profiles', 'own', '--accounts', ','.join(IDS[:2]), '--role-name', 'Member',
                     '--regions', ','.join(REGIONS)], region=None, env=env, cols=160, rows=40)
    f = s.screen('fleet') or ''
    rows = [l.replace('\u25b8', ' ') for l in f.splitlines() if ' 3000000000' in l and
            l.lstrip().startswith('\u2502')]
    t.ok(sorted((l.split()[1], l.split()[2], l.split()[3]) for l in rows) ==
         sorted([(ROLE0, IDS[0], r) for r in REGIONS] +
                [('arn:aws:iam::%s:role/Member' % IDS[1], IDS[1], r) for r in REGIONS]),
         'the profile refused: one row per region, the role acts', f)
    t.ok('4 invitations pending' in f and 'error' not in ' '.join(rows).lower(),
         'every row is read, none failed', f)
    det = ' '.join((s.screen('details') or '').split())
    t.ok('Acts through %s' % ROLE0 in det and 'Also reached by own' in det and
         'Set aside own: UnrecognizedClientException' in det,
         'the details name the way that acts, the other way and why it was set aside', s.screen('details'))
    t.ok('Accept 4 invitations?' in (s.screen('confirm') or ''), 'the confirmation counts each region once',
         s.screen('confirm'))
    t.ok('4 done, 0 failed' in (s.screen('done') or ''), 'the batch reports 4 done', s.screen('done'))
    state = e.ctl('GET', 'state')['accounts'][IDS[0]]['keys']
    role_keys = {k['access_key_id'] for k in state if ':assumed-role/Member/' in k.get('arn', '')}
    acc = calls(e, 'AcceptAdministratorInvitation')
    t.ok(sorted((c['account'], c['region']) for c in acc) == sorted((a, r) for a in IDS[:2] for r in REGIONS)
         and all(c['access_key_id'] in role_keys for c in acc if c['account'] == IDS[0]),
         'one accept per invitation, those of the shared account sent by the role', acc)
    s.cleanup()

    # Only accepting is refused to the profile: the batch's accepts fail as they are, none is
    # sent again through the role; after it the role acts there, and accepting again works.
    now = e.ctl('GET', 'state')
    for a in IDS[:2]:
        now['accounts'][a]['regions'] = initial['accounts'][a]['regions']
    e.ctl('POST', 'state', now)
    accept_ops = ['AcceptAdministratorInvitation', 'AcceptInvitation']   # and its fallback
    e.faults([{'kind': 'iam_deny', 'op': accept_ops, 'access_key_id': 'AKIAOWNKEY0000000001'}])
    e.ctl('POST', 'calls/clear', {})
    s = Script(e, ['dump fleet', 'key A', 'key y', 'dump first', 'key /', 'type %s' % IDS[0], 'key Enter',
                   'key j', 'key i', 'dump details', 'key Esc', 'key Esc', 'key A', 'dump confirm', 'key y',
                   'dump second', 'key q'],
               args=['--profiles', 'own', '--accounts', ','.join(IDS[:2]), '--role-name', 'Member',
                     '--regions', ','.join(REGIONS)], region=None, env=env, cols=160, rows=40)
    f = s.screen('fleet') or ''
    t.ok('own ' in f and '4 invitations pending' in f, 'reading works for the profile: it acts', f)
    t.ok('2 done, 2 failed' in (s.screen('first') or ''), 'the accepts refused to the profile fail',
         s.screen('first'))
    det = ' '.join((s.screen('details') or '').split())
    t.ok('Acts through %s' % ROLE0 in det and 'Set aside own: AccessDeniedException' in det,
         'after the batch the role acts there, the profile set aside with why', s.screen('details'))
    t.ok('Accept 2 invitations?' in (s.screen('confirm') or '') and
         '2 done, 0 failed' in (s.screen('second') or ''), 'accepting again: 2 more, through the role',
         (s.screen('confirm'), s.screen('second')))
    acc = [c for c in e.calls() if c['operation'] in accept_ops and c['account'] == IDS[0]]
    role_keys = {k['access_key_id'] for k in e.ctl('GET', 'state')['accounts'][IDS[0]]['keys']
                 if ':assumed-role/Member/' in k.get('arn', '')}
    t.eq(sorted((c['access_key_id'] in role_keys, c['region'], c['status']) for c in acc),
         sorted([(False, r, 403) for r in REGIONS] * 2 + [(True, r, 200) for r in REGIONS]),
         'the shared account: the profile\'s refused accepts (each with its fallback), then one '
         'accept per region by the role')
    e.faults([])
finally:
    if s:
        s.cleanup()
    e.stop()
    shutil.rmtree(d, ignore_errors=True)
sys.exit(t.done())
