#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# With --profiles, each profile's own transport settings (its max_attempts and its ca_bundle, not the default profile's), a glob that matches none, and files that do not parse.
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fleet  # noqa: E402
from clitest import Emulator, Tap, emutest, parse, self_signed_cert, shtui, shtui_env  # noqa: E402

t = Tap()

d = tempfile.mkdtemp(prefix='shtui-profiles.')
seed, cfg, creds, expect = fleet.make(d)
with open(cfg) as f:
    text = f.read()
with open(cfg, 'w') as f:
    f.write(text.replace('[profile member-00]\n', '[profile member-00]\nmax_attempts = 1\n'))
e = Emulator(seed)
try:
    env = shtui_env(e, AWS_CONFIG_FILE=cfg, AWS_SHARED_CREDENTIALS_FILE=creds)
    del env['AWS_ACCESS_KEY_ID'], env['AWS_SECRET_ACCESS_KEY']
    rc, out, err = shtui(e, '--profiles', 'nobody-*', 'list-invitations', env=env, region=None)
    t.ok(rc == 252 and out == '' and
         err.startswith("No profile in the AWS config files matches 'nobody-*'") and
         err.count('\n') == 1 and err.endswith('\n'),
         'a glob that matches no profile: exit 252 and one line that says so', err)
    bad = os.path.join(d, 'bad-config')
    with open(bad, 'w') as f:
        f.write('[profile member-00]\nregion = us-east-1\n[profile member-00]\nregion = us-east-2\n')
    rc, out, err = shtui(e, '--profiles', 'member-*', 'list-invitations', region=None,
                         env=dict(env, AWS_CONFIG_FILE=bad))
    t.ok(rc == 253 and out == '' and 'Unable to parse config file' in err and 'already exists' in err,
         'a config file that does not parse: its error, not "no profile matches"', err)
    e.faults(e.ctl('GET', 'faults') +
             [{'kind': 'error500', 'op': 'ListInvitations', 'account': fleet.account(i)}
              for i in (0, 1)])
    since = e.last_seq()
    rc, out, err = shtui(e, '--profiles', 'member-0[01]', 'list-invitations', env=env, region=None)
    doc = parse(out) or []
    t.ok(rc == 254 and len(doc) == 2 and all('Error' in c for c in doc),
         'both profiles fail with the service error', out + err)
    tries = {}
    for c in e.calls(since):
        if c.get('operation') == 'ListInvitations':
            tries[c.get('account')] = tries.get(c.get('account'), 0) + 1
    t.eq(tries.get(fleet.account(1)), 3, 'a profile without max_attempts: the default 3 attempts')
    t.ok(tries.get(fleet.account(0)) == 1, 'a profile with max_attempts = 1: one attempt',
            'attempts per account: %r' % tries)
finally:
    e.stop()

# TLS with a self-signed certificate that one profile trusts (ca_bundle)
# and the other does not.
tls = tempfile.mkdtemp(prefix='shtui-tls.')
cert, key, gen = self_signed_cert(tls)
t.ok(gen.returncode == 0, 'openssl makes a self-signed certificate', gen.stderr)
with open(os.path.join(tls, 'config'), 'w') as f:
    f.write('[profile tls-trusting]\nregion = us-east-1\nca_bundle = %s\n\n'
            '[profile tls-plain]\nregion = us-east-1\n' % cert)
with open(os.path.join(tls, 'credentials'), 'w') as f:
    for p in ('tls-trusting', 'tls-plain'):
        f.write('[%s]\naws_access_key_id = %s\naws_secret_access_key = %s\n\n'
                % (p, emutest.AKID, emutest.SECRET))
os.chmod(os.path.join(tls, 'credentials'), 0o600)
e = Emulator(emutest.DEMO, '--tls-cert', cert, '--tls-key', key)
try:
    env = shtui_env(e, AWS_CONFIG_FILE=os.path.join(tls, 'config'),
                    AWS_SHARED_CREDENTIALS_FILE=os.path.join(tls, 'credentials'))
    del env['AWS_ACCESS_KEY_ID'], env['AWS_SECRET_ACCESS_KEY']
    rc, out, err = shtui(e, '--profiles', 'tls-*', 'list-invitations', env=env, region=None)
    by = {c.get('Profile'): c for c in (parse(out) or [])}
    t.ok('Error' in by.get('tls-plain', {}),
         'the profile without ca_bundle does not trust the certificate', out + err)
    t.ok('Invitations' in by.get('tls-trusting', {}),
            'the profile whose ca_bundle names the certificate: the call works', out + err)
finally:
    e.stop()
    shutil.rmtree(tls, ignore_errors=True)
    shutil.rmtree(d, ignore_errors=True)
sys.exit(t.done())
