#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# 200 role profiles resolved at once under --max-concurrency 8: never more calls in flight, each role assumed once, a throttled AssumeRole retried, a skewed clock corrected on STS.
import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clitest import Emulator, Tap, emutest, parse, shtui, shtui_env  # noqa: E402

N = 200
FIRST = 300000000000
ROLE = 'SecurityHubMember'
THROTTLED = str(FIRST + 7)

t = Tap()
d = tempfile.mkdtemp(prefix='shtui-fanout.')
with open(emutest.DEMO) as f:
    seed = json.load(f)
seed['role_fanout'] = {'base': '111111111111', 'accounts': N, 'first_account': str(FIRST),
                       'role_name': ROLE, 'regions': ['us-east-1']}
seed_path = os.path.join(d, 'seed.json')
with open(seed_path, 'w') as f:
    json.dump(seed, f)

cfg = os.path.join(d, 'config')
with open(cfg, 'w') as f:
    f.write('[profile base]\nregion = us-east-1\n')
    for i in range(N):
        f.write('[profile r%03d]\nrole_arn = arn:aws:iam::%d:role/%s\nsource_profile = base\n'
                'region = us-east-1\n' % (i, FIRST + i, ROLE))
creds = os.path.join(d, 'credentials')
with open(creds, 'w') as f:
    f.write('[base]\naws_access_key_id = %s\naws_secret_access_key = %s\n'
            % (emutest.AKID, emutest.SECRET))
os.chmod(creds, 0o600)


def env_for(e, name):
    """No keys in the environment, a HOME of its own: no cached role keys."""
    env = shtui_env(e, AWS_CONFIG_FILE=cfg, AWS_SHARED_CREDENTIALS_FILE=creds,
                    HOME=os.path.join(d, name))
    del env['AWS_ACCESS_KEY_ID'], env['AWS_SECRET_ACCESS_KEY']
    return env


def by_account(e, op):
    """{target account: [status, ...]} of one operation, from the call log."""
    out = {}
    for c in e.calls():
        if c['operation'] == op:
            acct = c['params'].get('RoleArn', '').split(':')[4] if op == 'AssumeRole' else c['account']
            out.setdefault(acct, []).append(c['status'])
    return out


e = Emulator(seed_path)
try:
    # Every call held 60 ms, so that calls overlap; one AssumeRole throttled.
    e.faults([{'kind': 'throttle', 'op': 'AssumeRole', 'target_account': THROTTLED, 'count': 1},
              {'kind': 'latency', 'ms': 60}])
    e.ctl('POST', 'stats/clear')
    rc, out, err = shtui(e, '--profiles', 'r*', '--max-concurrency', '8', 'get-invitations-count',
                         env=env_for(e, 'home-1'), region=None, timeout=300)
    doc = parse(out) or []
    stats = e.ctl('GET', 'stats')
    t.ok(rc == 0 and isinstance(doc, list) and len(doc) == N, '200 role profiles: exit 0, 200 contexts',
         (rc, err[-2000:]))
    wrong = [(c.get('Profile'), c.get('Account'), c.get('InvitationsCount'), c.get('Error'))
             for c in doc if c.get('Account') != str(FIRST + int(c['Profile'][1:])) or
             c.get('InvitationsCount') != 1]
    t.eq(wrong, [], 'each context acts as its own role\'s account and counts its one invitation')
    t.ok(0 < stats['max_in_flight'] <= 8,
         '--max-concurrency 8: at most 8 calls in flight at the emulator (max_in_flight %d)'
         % stats['max_in_flight'], stats)
    sys.stdout.write('# max_in_flight with --max-concurrency 8: %d\n' % stats['max_in_flight'])
    ar = by_account(e, 'AssumeRole')
    once = [a for a, s in ar.items() if a != THROTTLED and s != [200]]
    t.ok(len(ar) == N and once == [], 'each of the 200 roles assumed exactly once',
         (len(ar), once[:10], stats['counts'].get('sts AssumeRole')))
    t.eq(ar.get(THROTTLED), [400, 200], 'the throttled AssumeRole is retried and succeeds')
    t.eq(stats['counts'].get('sts AssumeRole'), {'200': N, '400': 1},
         '... 201 AssumeRole calls in all (/_emu/stats)')
    t.ok('r007' not in err, '... and its context reports nothing', err[-2000:])

    # The same with 32: the bound follows the option.
    e.faults([{'kind': 'latency', 'ms': 60}])
    e.ctl('POST', 'calls/clear')
    e.ctl('POST', 'stats/clear')
    rc, out, err = shtui(e, '--profiles', 'r*', '--max-concurrency', '32', 'get-invitations-count',
                         env=env_for(e, 'home-2'), region=None, timeout=300)
    stats = e.ctl('GET', 'stats')
    t.ok(rc == 0 and 8 < stats['max_in_flight'] <= 32,
         '--max-concurrency 32: more than 8, at most 32 in flight (max_in_flight %d)'
         % stats['max_in_flight'], (rc, err[-1000:], stats['max_in_flight']))
    sys.stdout.write('# max_in_flight with --max-concurrency 32: %d\n' % stats['max_in_flight'])
    t.eq(stats['counts'].get('sts AssumeRole'), {'200': N}, '... each role assumed once again')
finally:
    e.stop()

# A clock 20 minutes off: STS refuses the first AssumeRole; shtui corrects
# its clock, as it does for Security Hub, says so, and the command succeeds.
for offset in ('1200', '-1200'):
    e = Emulator(seed_path, '--clock-offset', offset)
    try:
        rc, out, err = shtui(e, '--profile', 'r000', 'get-invitations-count',
                             env=env_for(e, 'home-skew-one' + offset), region=None)
        got = [(c['operation'], c['status'], c.get('error_code')) for c in e.calls()]
        t.ok(rc == 0 and (parse(out) or {}).get('InvitationsCount') == 1,
             'server clock %+d s, one role profile: succeeds' % int(offset), (rc, err))
        t.eq(got, [('AssumeRole', 403, 'SignatureDoesNotMatch'), ('AssumeRole', 200, None),
                   ('GetInvitationsCount', 200, None)],
             '... AssumeRole refused for the skew, signed again; Security Hub right the first time')
        t.ok("this machine's clock is 1200 s %s the service's" %
             ('behind' if offset == '1200' else 'ahead of') in err,
             '... and the correction is reported on stderr, as for Security Hub', err)
        e.ctl('POST', 'calls/clear')
        rc, out, err = shtui(e, '--profiles', 'r00[0-3]', 'get-invitations-count',
                             env=env_for(e, 'home-skew' + offset), region=None)
        doc = parse(out) or []
        ar = [(c['status'], c.get('error_code')) for c in e.calls() if c['operation'] == 'AssumeRole']
        t.ok(rc == 0 and len(doc) == 4 and all(c.get('InvitationsCount') == 1 for c in doc),
             'server clock %+d s, 4 role profiles (--profiles): all succeed' % int(offset), (rc, err))
        t.ok(ar.count((200, None)) == 4 and
             all(s == (403, 'SignatureDoesNotMatch') for s in ar if s != (200, None)),
             '... each AssumeRole refused for the skew at most once, then corrected', ar)
        t.ok(err.count("this machine's clock") == 1 and '1200' in err,
             '... and the skew is reported on stderr, once',
             err)
    finally:
        e.stop()

shutil.rmtree(d, ignore_errors=True)
sys.exit(t.done())
