#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# The command line as scripts meet it: usage errors, configuration and credentials from profiles and the environment, endpoints, exit codes.
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clitest import Emulator, Tap, emutest, parse, shtui, shtui_env  # noqa: E402

t = Tap()
e = Emulator()
try:
    # Usage errors: 252, a message, nothing sent.
    for args, needle in ((['frobnicate'], 'unknown command'),
                         (['list-invitations', '--bogus'], 'unknown option'),
                         (['accept-administrator-invitation', '--invitation-id', 'x'],
                          'required: --administrator-id'),
                         (['decline-invitations'], 'required: --account-ids'),
                         (['--output', 'yaml', 'list-invitations'], 'json, text or table'),
                         (['list-invitations', '--region'], 'expected one argument'),
                         (['--max-concurrency', '0', 'list-invitations'], '--max-concurrency'),
                         (['describe-hub', '--account-ids', '1'], 'unknown option for this command')):
        before = len(e.calls())
        rc, out, err = shtui(e, *args)
        t.ok(rc == 252 and needle in err and out == '', 'usage: %s -> 252' % ' '.join(args), err)
        t.eq(len(e.calls()), before, 'usage: %s sends nothing' % ' '.join(args))

    # Empty and odd --regions / --profiles: one line that says what is
    # wrong and what would be right, 252, nothing sent, no escaped control
    # characters in our own words.
    cfg = os.path.join(tempfile.mkdtemp(), 'config')
    with open(cfg, 'w') as f:
        f.write('[profile member-a]\nregion = us-east-1\n[profile member-b]\n')
    env = shtui_env(e, AWS_CONFIG_FILE=cfg)
    for args, needle in ((('--regions', ''), "--regions takes region names separated by commas (us-east-1,eu-west-1) or all, not ''"),
                         (('--regions', ','), "or all, not ','"),
                         (('--regions', 'us-east-1,,eu-west-1'), "not 'us-east-1,,eu-west-1'"),
                         (('--regions', 'us east 1'), "not 'us east 1'"),
                         (('--profiles', ''), "--profiles takes profile names or patterns separated by commas"),
                         (('--profiles', 'member-a,'), "not 'member-a,'"),
                         (('--profiles', 'zzz-*'), "No profile in the AWS config files matches 'zzz-*'; "
                                                   "they name member-a, member-b.")):
        for cmd in (('list-invitations',), ()):
            before = len(e.calls())
            rc, out, err = shtui(e, *(args + cmd), env=env)
            what = '%s %r%s' % (args[0], args[1], ' ' + cmd[0] if cmd else ' (the screen)')
            first = [l for l in err.splitlines() if l.strip()][:1]
            t.ok(rc == 252 and out == '' and first and needle in first[0] and '\\x' not in err,
                 'usage: %s -> 252 and one clear line' % what, 'rc %d\n%s' % (rc, err))
            t.eq(len(e.calls()), before, 'usage: %s sends nothing' % what)

    rc, out, err = shtui(e, '--help', endpoint=False, region=None)
    t.ok(rc == 0 and 'list-invitations' in out and 'accept-administrator-invitation' in out,
         '--help lists the commands')
    rc, out, err = shtui(e, '--version', endpoint=False, region=None)
    t.ok(rc == 0 and out.startswith('shtui '), '--version')

    # Global options after the command, as the AWS CLI allows.
    rc, out, err = shtui(e, 'get-invitations-count', '--endpoint-url', e.url, '--region', 'us-east-1',
                         endpoint=False, region=None)
    t.ok(rc == 0 and parse(out) == {'InvitationsCount': 2}, 'global options after the command', err)

    # Configuration: 253.
    rc, out, err = shtui(e, 'list-invitations', region=None)
    t.ok(rc == 253 and 'You must specify a region' in err, 'no region: 253', err)
    env = shtui_env(e)
    del env['AWS_ACCESS_KEY_ID'], env['AWS_SECRET_ACCESS_KEY']
    rc, out, err = shtui(e, 'list-invitations', env=env)
    t.ok(rc == 253 and 'Unable to locate credentials' in err, 'no credentials: 253', err)
    rc, out, err = shtui(e, '--profile', 'nosuch', 'list-invitations', env=env)
    t.ok(rc == 253 and 'The config profile (nosuch) could not be found' in err, 'unknown profile: 253', err)

    # A profile with static keys, region and endpoint in the shared files.
    d = tempfile.mkdtemp()
    cfg, creds = os.path.join(d, 'config'), os.path.join(d, 'credentials')
    with open(cfg, 'w') as f:
        f.write('[profile member]\nregion = eu-west-1\nservices = emu\n\n'
                '[services emu]\nsecurityhub =\n  endpoint_url = %s\nsts =\n  endpoint_url = %s\n'
                % (e.url, e.url))
    with open(creds, 'w') as f:
        f.write('[member]\naws_access_key_id = %s\naws_secret_access_key = %s\n'
                % (emutest.AKID, emutest.SECRET))
    env = shtui_env(e, AWS_CONFIG_FILE=cfg, AWS_SHARED_CREDENTIALS_FILE=creds)
    del env['AWS_ACCESS_KEY_ID'], env['AWS_SECRET_ACCESS_KEY']
    rc, out, err = shtui(e, '--profile', 'member', 'list-invitations', env=env, endpoint=False,
                         region=None)
    inv = (parse(out) or {}).get('Invitations', [])
    t.ok(rc == 0 and len(inv) == 2 and e.calls()[-1]['region'] == 'eu-west-1',
         'a profile gives keys, region and a services endpoint', err)
    env['AWS_PROFILE'] = 'member'
    rc, out, err = shtui(e, 'whoami', env=env, endpoint=False, region=None)
    t.ok(rc == 0 and parse(out)['Account'] == '111111111111', 'AWS_PROFILE, STS through the services block', err)

    # Per-service endpoint variables.
    env = shtui_env(e, AWS_ENDPOINT_URL_SECURITYHUB=e.url, AWS_ENDPOINT_URL_STS='http://127.0.0.1:1')
    rc, out, err = shtui(e, 'get-invitations-count', env=env, endpoint=False)
    t.ok(rc == 0, 'AWS_ENDPOINT_URL_SECURITYHUB reaches the emulator', err)
    rc, out, err = shtui(e, 'whoami', env=env, endpoint=False)
    t.ok(rc == 255 and '127.0.0.1:1' in err, 'AWS_ENDPOINT_URL_STS is used for STS only: 255 on a dead port', err)

    # Session credentials from the environment are signed and accepted.
    env = shtui_env(e, akid=emutest.SESSION_AKID, secret=emutest.SESSION_SECRET, token=emutest.SESSION_TOKEN)
    rc, out, err = shtui(e, 'whoami', env=env)
    t.ok(rc == 0 and 'assumed-role/EmuDemoSession' in out, 'a session token is sent and signed', err)

    # Every call of the test was signed correctly.
    bad = [c for c in e.calls() if c.get('signature_ok') is False]
    t.eq(bad, [], 'the emulator verified every signature with botocore')
finally:
    e.stop()
sys.exit(t.done())
