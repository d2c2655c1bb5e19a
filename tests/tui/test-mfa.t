#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# A profile whose role needs an MFA code: the screen asks for it, sends it with AssumeRole, and acts as the role's account.
import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tuitest import Emulator, Script, Tap, box_faults, calls, emutest, shtui_env, too_wide  # noqa: E402

t = Tap()
MFA_ROLE = 'arn:aws:iam::444444444444:role/EmuDemoMFA'
MFA_SERIAL = 'arn:aws:iam::111111111111:mfa/emu-user'

with open(emutest.DEMO) as f:
    seed = json.load(f)
seed['roles'].append({'arn': MFA_ROLE, 'trusted_accounts': ['111111111111'],
                      'mfa': {'serial': MFA_SERIAL, 'code': '123456'}})
d = tempfile.mkdtemp()
path = os.path.join(d, 'seed.json')
json.dump(seed, open(path, 'w'))
cfg = os.path.join(d, 'config')
creds = os.path.join(d, 'credentials')
open(cfg, 'w').write('[profile base]\nregion = us-east-1\n[profile mfa]\nrole_arn = %s\n'
                     'source_profile = base\nmfa_serial = %s\nregion = us-east-1\n' % (MFA_ROLE, MFA_SERIAL))
open(creds, 'w').write('[base]\naws_access_key_id = %s\naws_secret_access_key = %s\n'
                       % (emutest.AKID, emutest.SECRET))

e = Emulator(path)
try:
    env = shtui_env(e, AWS_CONFIG_FILE=cfg, AWS_SHARED_CREDENTIALS_FILE=creds)
    del env['AWS_ACCESS_KEY_ID'], env['AWS_SECRET_ACCESS_KEY']
    s = Script(e, ['until MFA code needed', 'now dump asked', 'now type 123456', 'now key Enter',
                   'dump after', 'key q'], args=['--profile', 'mfa'], region=None, env=env)
    asked = s.screen('asked')
    t.ok(asked is not None and 'MFA code needed' in asked and MFA_SERIAL in asked,
         'the screen asks for the code, naming the device', asked)
    t.ok(asked is not None and 'Code: 123456' not in asked, 'before anything is typed the field is empty')
    after = s.screen('after')
    t.ok(after is not None and '444444444444' in after.splitlines()[0],
         'with the code the role is assumed: the header shows its account', after)
    ar = calls(e, 'AssumeRole')
    t.ok(len(ar) == 1 and ar[0].get('status') == 200, 'one AssumeRole, accepted', ar)
    s.cleanup()

    # The keys the code opened are in the AWS CLI's cache: the next start
    # (of shtui or of aws) asks nothing and calls no AssumeRole.
    cached = [f for f in os.listdir(os.path.join(e.dir, 'home', '.aws', 'cli', 'cache'))]
    t.ok(len(cached) == 1 and cached[0].endswith('.json'), 'the role\'s keys go to ~/.aws/cli/cache',
         cached)
    before = len(calls(e, 'AssumeRole'))
    s = Script(e, ['until 444444444444', 'dump again', 'key q'], args=['--profile', 'mfa'],
               region=None, env=env, timeout=90)
    again = s.screen('again')
    t.ok(again is not None and 'MFA code needed' not in again and
         '444444444444' in again.splitlines()[0] and len(calls(e, 'AssumeRole')) == before,
         'the next start takes them from the cache: no code asked, no AssumeRole', again)
    s.cleanup()
    shutil.rmtree(os.path.join(e.dir, 'home', '.aws', 'cli'))

    # Esc: no code, the reason is shown, nothing hangs.
    s = Script(e, ['until MFA code needed', 'now key Esc', 'dump cancelled', 'key q'],
               args=['--profile', 'mfa'], region=None, env=env, timeout=90)
    c = s.screen('cancelled')
    t.ok(c is not None and 'No MFA code was entered' in c, 'Esc cancels with the reason on screen', c)
    t.eq(s.rc, 0, 'and q still exits cleanly')
    s.cleanup()

    # The prompt lays out at every size, and after resizes.
    sizes = [(80, 24), (64, 20), (60, 18), (200, 60), (300, 100), (80, 24)]
    lines = ['until MFA code needed']
    for cols, rows in sizes:
        lines += ['now resize %d %d' % (cols, rows), 'now dump mfa-%dx%d' % (cols, rows)]
    s = Script(e, lines + ['now key Esc', 'key q'], args=['--profile', 'mfa'], region=None, env=env,
               timeout=30)
    for cols, rows in sizes:
        sc = s.screen('mfa-%dx%d' % (cols, rows)) or ''
        t.ok('MFA code needed' in sc and 'Esc cancel' in sc and not box_faults(sc) and not too_wide(sc, cols),
             'at %dx%d the MFA prompt is whole' % (cols, rows), '\n'.join(box_faults(sc)) + '\n' + sc)
    s.cleanup()
finally:
    e.stop()
sys.exit(t.done())
