#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# The fleet over the accounts of an SSO session (--sso-accounts) in a real terminal: the screen opens while the portal is still listing them and says so, keys are answered meanwhile, rows come as the accounts do, a page that fails is said (i: details) and r goes on from it, a profile reaching one of the accounts makes no second row, q exits at once with the terminal restored.
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tuitest import SHTUI, Emulator, Tap, Tmux, emutest, wait_until  # noqa: E402
import credsfiles  # noqa: E402

# q must exit at once; the check allows 5 s so that a loaded machine does
# not fail it, and the measured figure is printed.
BOUND = 5.0
IDS = ['5000000000%02d' % i for i in range(25)]   # two pages: 20, then 5
ROLE, ADMIN, TOKEN = 'Member', '999999999999', 'emu-sso-access-token-for-alice'

t = Tap()
d = tempfile.mkdtemp(prefix='shtui-sso.')
seed = json.load(open(emutest.DEMO))
seed['sso'] = {'tokens': [{'access_token': TOKEN, 'user': 'alice'}]}
seed['role_fanout'] = {'base': '111111111111', 'accounts': IDS, 'role_name': ROLE,
                       'regions': ['us-east-1'], 'administrator': ADMIN,
                       'name_prefix': 'org-', 'sso_user': 'alice'}
# A profile of its own reaches the first account too.
OWN = ('AKIAOWNKEY0000000005', 'ownSecret/0005/EXAMPLEKEYEXAMPLEKEY')
seed['accounts'][IDS[0]] = {'keys': [{'access_key_id': OWN[0], 'secret_access_key': OWN[1],
                                      'arn': 'arn:aws:iam::%s:user/own' % IDS[0]}]}
with open(os.path.join(d, 'seed.json'), 'w') as f:
    json.dump(seed, f)
home = os.path.join(d, 'home')
credsfiles.sso_cache(home, 'corp', accessToken=TOKEN, expiresAt='2099-01-01T00:00:00Z')
cfg = credsfiles.write(os.path.join(d, 'config'),
                       '[profile org]\nsso_session = corp\nregion = us-east-1\n[sso-session corp]\n'
                       'sso_start_url = %s\nsso_region = eu-west-1\n[profile own]\nregion = us-east-1\n'
                       % credsfiles.START_URL)
creds = credsfiles.write(os.path.join(d, 'credentials'), '[own]\naws_access_key_id = %s\n'
                         'aws_secret_access_key = %s\n' % OWN)
e = Emulator(os.path.join(d, 'seed.json'))
env = credsfiles.env(e, home, cfg, creds, TERM='tmux-256color', LANG='C.UTF-8',
                     TZ='UTC', PATH='/usr/bin:/bin', XDG_STATE_HOME=os.path.join(d, 'state'))
CMD = "'%s' --endpoint-url %s --profile org --sso-accounts --role-name %s --region us-east-1" % (
    SHTUI, e.url, ROLE)
LISTING = 'Listing the accounts of SSO session corp'


def portal(op):
    return [c for c in e.calls() if c.get('service') == 'sso' and c.get('operation') == op]


held_pages = credsfiles.held(e, 'sso', 'ListAccounts')


def contexts(screen):
    m = re.search(r'(\d+) contexts?', screen or '')
    return int(m.group(1)) if m else None


def shtui_pid(tm):
    out = subprocess.run(['pgrep', '-P', str(tm.pid()), 'shtui'], stdout=subprocess.PIPE,
                         text=True).stdout.split()
    return int(out[0]) if out else None


def stty_ok(screen):
    words = screen.split() if screen else []
    return 'icanon' in words and 'echo' in words and '-icanon' not in words and '-echo' not in words


tm = None
try:
    # The second page of accounts is held: the screen is up and says it is
    # listing, answers keys, and shows the first page's accounts meanwhile.
    e.faults([{'kind': 'latency', 'service': 'sso', 'op': 'ListAccounts', 'ms': 3600000,
               'skip': 1, 'count': 1}])
    tm = Tmux(CMD, env, cols=160, rows=30)
    first = tm.wait_for(LISTING, timeout=30)
    t.ok(first is not None and 'q Quit' in first, 'the screen opens while the accounts are being listed',
         (tm.screen(), portal('ListAccounts')))
    t.ok(wait_until(lambda: held_pages(), 30), 'the second page of ListAccounts is held', portal('ListAccounts'))
    s = tm.wait_for('20 so far', timeout=30)
    t.ok(s is not None and LISTING in s, 'the status line counts the accounts listed so far', tm.screen())
    tm.keys('?')
    s = tm.wait_for('Keys', timeout=30)
    t.ok(s is not None and held_pages(), '? is answered while the listing is held', tm.screen())
    tm.keys('?')
    t.ok(tm.wait_for('or Esc closes', timeout=30, gone=True) is not None, '... and ? closes it again',
         tm.screen())
    s = tm.wait_until(lambda x: contexts(x) == 20 and '20 pending' in x, timeout=60)
    t.ok(s is not None and held_pages() and LISTING in s,
         'the first page\'s accounts are rows, read, while the second page is held',
         (held_pages(), s and s.splitlines()[-4:], portal('ListAccounts')))
    e.ctl('POST', 'faults/release')
    s = tm.wait_until(lambda x: contexts(x) == 25 and '25 pending' in x and 'Listed 25 accounts' in x,
                      timeout=60)
    t.ok(s is not None and LISTING not in s,
         'once the listing ends: a row for every account, each read, and the listing said done', tm.screen())
    roles = sorted(c['params'].get('account_id') for c in portal('ListAccountRoles'))
    t.eq(roles, IDS, 'one ListAccountRoles per account')
    pid = shtui_pid(tm)
    tm.keys('q')
    t.ok(pid and wait_until(lambda: not credsfiles.alive(pid), 30), 'q exits')
    s = tm.wait_for('icanon', timeout=20)
    t.ok(s is not None and '[exit 0]' in s and stty_ok(s), 'exit 0 and the terminal restored', s)
    tm.kill()

    # The second page fails, and so do the roles of one account of the
    # first: said, with the page's details on i; r asks again for both.
    e.faults([{'kind': 'error', 'service': 'sso', 'op': 'ListAccounts', 'status': 400,
               'code': 'InvalidRequestException', 'message': 'The page token is not valid',
               'skip': 1, 'count': 1},
              {'kind': 'error', 'service': 'sso', 'op': 'ListAccountRoles', 'target_account': IDS[2],
               'status': 400, 'code': 'InvalidRequestException', 'message': 'No roles for now',
               'count': 1}])
    e.ctl('POST', 'calls/clear')
    tm = Tmux(CMD, env, cols=160, rows=30)
    s = tm.wait_until(lambda x: 'could not be listed' in x and contexts(x) == 20 and '19 pending' in x and
                      '1 failed' in x, timeout=60)
    t.ok(s is not None and 'InvalidRequestException' in s,
         'a page that fails is said on the screen; the accounts listed before it stay, the one '
         'whose roles failed as failed', tm.screen())
    row = [line for line in (s or '').splitlines() if IDS[2] in line]
    t.ok(row and ' error ' in row[0] and 'No role was chosen for account %s' % IDS[2] in row[0],
         'that account\'s row says no role could be chosen', row)
    tm.keys('i')
    s = tm.wait_for('ListAccounts (IAM Identity Center) failed', timeout=30)
    t.ok(s is not None and 'InvalidRequestException' in s and 'r lists them again' in s,
         'i shows the failed page: the operation, the service\'s error, what r does', tm.screen())
    tm.keys('i')
    tm.wait_for('ListAccounts (IAM Identity Center) failed', timeout=30, gone=True)
    tm.keys('r')
    s = tm.wait_until(lambda x: contexts(x) == 25 and '25 pending' in x and
                      'failed' not in x.splitlines()[0], timeout=60)
    t.ok(s is not None, 'r lists the rest and the roles it missed: a row for every account, each read',
         tm.screen())
    pages = [c.get('status') for c in portal('ListAccounts')]
    t.eq(pages, [200, 400, 200], 'r asked again for the page that failed, not from the start')
    t.eq(sorted(c['params'].get('account_id') for c in portal('ListAccountRoles')), sorted(IDS + [IDS[2]]),
         'r asked again for the roles that failed, and for no other account\'s')
    tm.kill()

    # A profile of its own reaches the first account: however the answers
    # come, one row per account, the profile's.
    e.faults([])
    tm = Tmux(CMD + ' --profiles own', env, cols=160, rows=30)
    s = tm.wait_until(lambda x: 'Listed 25 accounts' in x and '25 pending' in x, timeout=60)
    own = [line for line in (s or '').splitlines() if IDS[0] in line]
    t.ok(s is not None and contexts(s) == 25 and len(own) == 1 and ' own ' in own[0],
         '--profiles with --sso-accounts: one row per account, the profile acts where it reaches',
         (own, tm.screen()))
    tm.kill()

    # q while the first page is held: out at once, the terminal restored.
    e.faults([{'kind': 'latency', 'service': 'sso', 'op': 'ListAccounts', 'ms': 3600000}])
    e.ctl('POST', 'calls/clear')
    tm = Tmux(CMD, env, cols=100, rows=30)
    ok = wait_until(lambda: held_pages(), 30) and tm.wait_for(LISTING, timeout=30) is not None
    pid = shtui_pid(tm)
    t0 = time.monotonic()
    tm.keys('q')
    gone = wait_until(lambda: not credsfiles.alive(pid), 30) if pid else False
    took = time.monotonic() - t0
    sys.stdout.write('# q while ListAccounts is held: %.3f s to exit\n' % took)
    s = tm.wait_for('icanon', timeout=20)
    t.ok(ok and gone and took <= BOUND and s is not None and '[exit 0]' in s and stty_ok(s),
         'q while the listing is held exits at once (%.3f s), terminal restored' % took, s)
finally:
    if tm:
        tm.kill()
    e.faults([])
    e.ctl('POST', 'faults/release')
    e.stop()
    shutil.rmtree(d, ignore_errors=True)
sys.exit(t.done())
