#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# The AWS CLI's cache of assumed roles, shared both ways: keys aws v2 cached serve shtui with no STS call, keys shtui cached serve aws v2 the same, by the call log.
import datetime
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clitest import Emulator, Tap, aws, emutest, parse, shtui, shtui_env  # noqa: E402

ROLE = 'arn:aws:iam::444444444444:role/EmuDemoMember'
EXTERNAL = 'arn:aws:iam::444444444444:role/EmuDemoExternal'
MFA_ROLE = 'arn:aws:iam::444444444444:role/EmuDemoMFA'
MFA_SERIAL = 'arn:aws:iam::111111111111:mfa/emu-user'

t = Tap()
e = Emulator(proxy=True)
d = tempfile.mkdtemp(prefix='shtui-rolecache.')

with open(emutest.DEMO) as f:
    s = json.load(f)
s['roles'].append({'arn': MFA_ROLE, 'trusted_accounts': ['111111111111'],
                   'mfa': {'serial': MFA_SERIAL, 'code': '123456'}})
e.ctl('POST', 'state', s)

CONFIG = ('[profile base]\nregion = us-east-1\n'
          '[profile role]\nrole_arn = %s\nsource_profile = base\nrole_session_name = shared\n'
          '[profile ext]\nrole_arn = %s\nsource_profile = base\nexternal_id = emu-demo-external-id\n'
          'duration_seconds = 1800\n'
          '[profile mfa]\nrole_arn = %s\nsource_profile = base\nmfa_serial = %s\n'
          % (ROLE, EXTERNAL, MFA_ROLE, MFA_SERIAL))
CREDS = '[base]\naws_access_key_id = %s\naws_secret_access_key = %s\n' % (emutest.AKID, emutest.SECRET)

# The AWS CLI's key: the AssumeRole arguments as JSON, the session name only
# when the profile names one.
KEYS = {'role': {'RoleArn': ROLE, 'RoleSessionName': 'shared'},
        'ext': {'RoleArn': EXTERNAL, 'ExternalId': 'emu-demo-external-id', 'DurationSeconds': 1800},
        'mfa': {'RoleArn': MFA_ROLE, 'SerialNumber': MFA_SERIAL}}


def cache_file(env, profile):
    key = hashlib.sha1(json.dumps(KEYS[profile], sort_keys=True).encode()).hexdigest()
    return os.path.join(env['HOME'], '.aws', 'cli', 'cache', key + '.json')


def home(name):
    """A HOME of its own, the profiles above; AWS's own hosts reach the
    emulator through its proxy (aws v2 sends AssumeRole there)."""
    h = os.path.join(d, name)
    os.makedirs(h)
    cfg, creds = os.path.join(h, 'config'), os.path.join(h, 'credentials')
    with open(cfg, 'w') as f:
        f.write(CONFIG)
    with open(creds, 'w') as f:
        f.write(CREDS)
    os.chmod(creds, 0o600)
    env = shtui_env(e, HOME=h, AWS_CONFIG_FILE=cfg, AWS_SHARED_CREDENTIALS_FILE=creds,
                    **e.proxy_env())
    del env['AWS_ACCESS_KEY_ID'], env['AWS_SECRET_ACCESS_KEY']
    return env


def run(tool, env, profile):
    """(exit code, identity, stderr, the calls it made)."""
    seq = e.last_seq()
    if tool == 'shtui':
        rc, out, err = shtui(e, 'get-caller-identity', '--profile', profile, env=env)
    else:
        rc, out, err = aws(e, 'sts', 'get-caller-identity', '--profile', profile, env=env)
    try:
        doc = parse(out)
    except ValueError:
        doc = None
    return rc, doc, err, e.calls(seq)


def ops(calls):
    return [c['operation'] for c in calls]


def read(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


try:
    for profile, account in (('role', '444444444444'), ('ext', '444444444444')):
        # aws v2 assumes the role and caches it; shtui takes it from there.
        env = home('aws-first-' + profile)
        rc, doc, err, calls = run('aws', env, profile)
        cached = read(cache_file(env, profile))
        t.ok(rc == 0 and (doc or {}).get('Account') == account and
             ops(calls) == ['AssumeRole', 'GetCallerIdentity'] and cached is not None,
             '%s: aws v2 assumes the role and writes %s' % (profile, os.path.basename(
                 cache_file(env, profile))), (rc, err[-1500:], ops(calls),
                                              os.listdir(os.path.dirname(cache_file(env, profile)))
                                              if os.path.isdir(os.path.dirname(cache_file(env, profile)))
                                              else None))
        src, sdoc, serr, scalls = run('shtui', env, profile)
        akid = ((cached or {}).get('Credentials') or {}).get('AccessKeyId')
        t.ok(src == 0 and sdoc == doc and ops(scalls) == ['GetCallerIdentity'] and
             scalls[0]['access_key_id'] == akid,
             '%s: shtui acts as the same role with the keys aws cached: no STS call' % profile,
             (src, serr, [(c['operation'], c['access_key_id']) for c in scalls], akid))

        # The reverse: shtui assumes and caches; aws v2 takes it from there.
        env = home('shtui-first-' + profile)
        src, sdoc, serr, scalls = run('shtui', env, profile)
        cached = read(cache_file(env, profile))
        creds = (cached or {}).get('Credentials') or {}
        t.ok(src == 0 and ops(scalls) == ['AssumeRole', 'GetCallerIdentity'] and
             creds.get('AccessKeyId') == scalls[0].get('issued_access_key_id') and
             re.fullmatch(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dUTC', creds.get('Expiration', '')) and
             (cached or {}).get('AssumedRoleUser', {}).get('Arn') == (sdoc or {}).get('Arn'),
             '%s: shtui assumes the role and writes the same file, in the AWS CLI\'s form' % profile,
             (serr, ops(scalls), cached and {k: sorted(v) for k, v in cached.items()}))
        t.ok(oct(os.stat(cache_file(env, profile)).st_mode & 0o777) == '0o600'
             if cached else False, '... readable by its owner only')
        rc, doc, err, calls = run('aws', env, profile)
        t.ok(rc == 0 and doc == sdoc and ops(calls) == ['GetCallerIdentity'] and
             calls[0]['access_key_id'] == creds.get('AccessKeyId'),
             '%s: aws v2 acts as the same role with the keys shtui cached: no STS call' % profile,
             (rc, err[-1500:], ops(calls)))

    # Keys with less than 15 minutes left are not taken (both tools assume again).
    env = home('stale')
    run('shtui', env, 'role')
    path = cache_file(env, 'role')
    cached = read(path)
    soon = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=10)
    cached['Credentials']['Expiration'] = soon.strftime('%Y-%m-%dT%H:%M:%SUTC')
    with open(path, 'w') as f:
        json.dump(cached, f)
    src, _, serr, scalls = run('shtui', env, 'role')
    t.ok(src == 0 and ops(scalls) == ['AssumeRole', 'GetCallerIdentity'],
         'cached keys with 10 minutes left: shtui assumes the role again', (serr, ops(scalls)))
    with open(path, 'w') as f:
        json.dump(cached, f)
    rc, _, err, calls = run('aws', env, 'role')
    t.ok(rc == 0 and ops(calls) == ['AssumeRole', 'GetCallerIdentity'], '... as aws v2 does',
         (err[-800:], ops(calls)))

    # An MFA role cached under the key with SerialNumber: neither tool asks
    # for a code (stdin is not a terminal, so asking would fail).
    r = e.sts('AssumeRole', [('RoleArn', MFA_ROLE), ('RoleSessionName', 'typed-once'),
                             ('SerialNumber', MFA_SERIAL), ('TokenCode', '123456')])
    body = r.body.decode()

    def x(tag):
        m = re.search('<%s>([^<]*)</%s>' % (tag, tag), body)
        return m.group(1) if m else None
    exp = datetime.datetime.strptime(x('Expiration')[:19], '%Y-%m-%dT%H:%M:%S')
    doc = {'Credentials': {'AccessKeyId': x('AccessKeyId'), 'SecretAccessKey': x('SecretAccessKey'),
                           'SessionToken': x('SessionToken'),
                           'Expiration': exp.strftime('%Y-%m-%dT%H:%M:%SUTC')},
           'AssumedRoleUser': {'AssumedRoleId': x('AssumedRoleId'), 'Arn': x('Arn')}}
    env = home('mfa')
    os.makedirs(os.path.dirname(cache_file(env, 'mfa')))
    with open(cache_file(env, 'mfa'), 'w') as f:
        json.dump(doc, f)
    for tool in ('shtui', 'aws'):
        rc, got, err, calls = run(tool, env, 'mfa')
        t.ok(r.status == 200 and rc == 0 and (got or {}).get('Arn') == x('Arn') and
             ops(calls) == ['GetCallerIdentity'],
             'an MFA role\'s keys cached by the other tool: %s asks no code and calls no STS' % tool,
             (rc, err[-800:], ops(calls)))
finally:
    e.stop()
    shutil.rmtree(d, ignore_errors=True)
sys.exit(t.done())
