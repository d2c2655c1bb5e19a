#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# Every credential source under valgrind memcheck: one-shot commands (roles, their cache and 20 at once, credential_process, SSO and its refresh, web identity, container, IMDS, failures), and q on the screen while a fetch hangs: no leak, no memory error.
import hashlib
import json
import os
import shutil
import signal
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tui'))
from clitest import SHTUI, Emulator, Tap, emutest, shtui, shtui_env, wait_for  # noqa: E402
from tuitest import Tmux  # noqa: E402

t = Tap()
if os.environ.get('SHTUI_SANITIZED', '').strip():
    print('1..0 # SKIP valgrind cannot run a sanitizer build')
    sys.exit(0)
VALGRIND = shutil.which('valgrind')
if not VALGRIND:
    print('1..0 # SKIP valgrind is not installed (apt-get install valgrind)')
    sys.exit(0)

ERROR_EXIT = 99
PREFIX = [VALGRIND, '-q', '--error-exitcode=%d' % ERROR_EXIT, '--leak-check=full',
          '--show-leak-kinds=definite,indirect,possible',
          '--errors-for-leak-kinds=definite,indirect,possible', '--track-origins=yes',
          '--child-silent-after-fork=yes']
ROLE = 'arn:aws:iam::444444444444:role/EmuDemoMember'
WEB_ROLE = 'arn:aws:iam::444444444444:role/EmuWebIdentity'
WEB_PROVIDER = 'oidc.eks.us-east-1.amazonaws.com/id/EMUVG'
WEB_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.emu-valgrind.sig'
AGENT = 'emu-valgrind-agent-token'
FANOUT = 20
SLEEP = '86398'

d = tempfile.mkdtemp(prefix='shtui-creds-vg.')
with open(emutest.DEMO) as f:
    seed = json.load(f)
seed['roles'].append({'arn': WEB_ROLE, 'web_identity_providers': [WEB_PROVIDER]})
seed['web_identity'] = {'tokens': [{'token': WEB_TOKEN, 'provider': WEB_PROVIDER, 'subject': 'x'}]}
seed['container']['authorization_token'] = AGENT
seed['sso'] = {'tokens': [{'access_token': 'emu-vg-sso'}],
               'roles': [{'account_id': '444444444444', 'role_name': 'EmuSSO'}],
               'clients': [{'client_id': 'emu-client', 'client_secret': 'emu-client-secret'}],
               'refresh_tokens': [{'refresh_token': 'emu-vg-refresh', 'client_id': 'emu-client'}]}
seed['role_fanout'] = {'base': '111111111111', 'accounts': FANOUT, 'role_name': 'Member',
                       'regions': ['us-east-1']}
seed['faults'] = [{'kind': 'throttle', 'op': 'AssumeRole', 'target_account': '300000000003',
                   'count': 1}]
seed_path = os.path.join(d, 'seed.json')
with open(seed_path, 'w') as f:
    json.dump(seed, f)
e = Emulator(seed_path)


def write(path, text, mode=0o600):
    with open(path, 'w') as f:
        f.write(text)
    os.chmod(path, mode)
    return path


token_file = write(os.path.join(d, 'web-token'), WEB_TOKEN)
agent_file = write(os.path.join(d, 'agent-token'), AGENT)
helper = write(os.path.join(d, 'helper.sh'), '#!/bin/sh\nprintf \'{"Version": 1, "AccessKeyId": "%s", '
               '"SecretAccessKey": "%s", "SessionToken": "%s", "Expiration": "2099-01-01T00:00:00Z"}\'\n'
               % (emutest.SESSION_AKID, emutest.SESSION_SECRET, emutest.SESSION_TOKEN), 0o700)
failing = write(os.path.join(d, 'failing.sh'), '#!/bin/sh\necho "no keys today" >&2\nexit 3\n', 0o700)
sleeper = write(os.path.join(d, 'sleeper.sh'), '#!/bin/sh\necho started > %s/started\nexec sleep %s\n'
                % (d, SLEEP), 0o700)
config = ['[profile base]\nregion = us-east-1\n',
          '[profile role]\nrole_arn = %s\nsource_profile = base\nregion = us-east-1\n' % ROLE,
          '[profile web]\nweb_identity_token_file = %s\nrole_arn = %s\nregion = us-east-1\n'
          % (token_file, WEB_ROLE),
          '[profile process]\ncredential_process = %s\nregion = us-east-1\n' % helper,
          '[profile failing]\ncredential_process = %s\nregion = us-east-1\n' % failing,
          '[profile sleeper]\ncredential_process = %s\nregion = us-east-1\n' % sleeper,
          '[profile sso]\nsso_session = corp\nsso_account_id = 444444444444\nsso_role_name = EmuSSO\n'
          'region = us-east-1\n',
          '[profile refresh]\nsso_session = refresh\nsso_account_id = 444444444444\n'
          'sso_role_name = EmuSSO\nregion = us-east-1\n',
          '[profile oops]\nsso_session = oops\nsso_account_id = 444444444444\nsso_role_name = EmuSSO\n',
          '[sso-session corp]\nsso_start_url = https://emu.awsapps.com/start\nsso_region = eu-west-1\n',
          '[sso-session refresh]\nsso_start_url = https://emu.awsapps.com/start\nsso_region = eu-west-1\n']
config += ['[profile f%02d]\nrole_arn = arn:aws:iam::%d:role/Member\nsource_profile = base\n'
           'region = us-east-1\n' % (i, 300000000000 + i) for i in range(FANOUT)]
CONFIG = write(os.path.join(d, 'config'), ''.join(config))
CREDS = write(os.path.join(d, 'credentials'), '[base]\naws_access_key_id = %s\naws_secret_access_key = %s\n'
              % (emutest.AKID, emutest.SECRET))


def home(name):
    """A HOME of its own (role keys are cached there), with the SSO tokens."""
    h = os.path.join(d, name)
    cache = os.path.join(h, '.aws', 'sso', 'cache')
    os.makedirs(cache, exist_ok=True)
    for key, doc in (('corp', {'accessToken': 'emu-vg-sso', 'expiresAt': '2099-01-01T00:00:00Z'}),
                     ('refresh', {'accessToken': 'emu-vg-expired', 'expiresAt': '2020-01-01T00:00:00Z',
                                  'refreshToken': 'emu-vg-refresh', 'clientId': 'emu-client',
                                  'clientSecret': 'emu-client-secret',
                                  'registrationExpiresAt': '2099-01-01T00:00:00Z'})):
        doc.update(startUrl='https://emu.awsapps.com/start', region='eu-west-1')
        write(os.path.join(cache, hashlib.sha1(key.encode()).hexdigest() + '.json'), json.dumps(doc))
    return h


def env(name, **extra):
    v = shtui_env(e, HOME=home(name), AWS_CONFIG_FILE=CONFIG, AWS_SHARED_CREDENTIALS_FILE=CREDS,
                  AWS_ENDPOINT_URL_SSO=e.url, AWS_ENDPOINT_URL_SSO_OIDC=e.url)
    del v['AWS_ACCESS_KEY_ID'], v['AWS_SECRET_ACCESS_KEY']
    v.update(extra)
    if v.get('AWS_EC2_METADATA_DISABLED') == 'false':
        del v['AWS_EC2_METADATA_DISABLED']
    return v


GCI = ['get-caller-identity']
# (label, args, environment, the exit code wanted); a chain runs in order.
CHAINS = [
    [('a role profile', ['--profile', 'role'] + GCI, env('role'), 0),
     ('the same role from the AWS CLI\'s cache', ['--profile', 'role'] + GCI, env('role'), 0),
     ('%d role profiles at once, one AssumeRole throttled' % FANOUT,
      ['--profiles', 'f[0-9]*', 'get-invitations-count'], env('fanout'), 0)],
    [('credential_process', ['--profile', 'process'] + GCI, env('process'), 0),
     ('a failing credential_process', ['--profile', 'failing'] + GCI, env('failing'), 253),
     ('web identity', ['--profile', 'web'] + GCI, env('web'), 0)],
    [('SSO', ['--profile', 'sso'] + GCI, env('sso'), 0),
     ('SSO with its token refreshed', ['--profile', 'refresh'] + GCI, env('refresh'), 0),
     ('a used refresh token', ['--profile', 'refresh'] + GCI, env('refresh-again'), 253),
     ('sso_session naming nothing', ['--profile', 'oops', '--region', 'us-east-1'] + GCI,
      env('oops'), 253)],
    [('container (EKS Pod Identity)', ['--region', 'us-east-1'] + GCI,
      env('container', AWS_CONTAINER_CREDENTIALS_FULL_URI=e.url + '/_emu/container-credentials',
          AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE=agent_file), 0),
     ('IMDSv2', ['--region', 'us-east-1'] + GCI, env('imds', AWS_EC2_METADATA_SERVICE_ENDPOINT=e.url + '/',
                         AWS_EC2_METADATA_DISABLED='false'), 0)],
]
results = {}


def run_chain(chain):
    for label, args, environ, want in chain:
        try:
            results[label] = shtui(e, *args, env=environ, prefix=PREFIX, timeout=300, region=None)
        except Exception as ex:  # noqa: BLE001 - reported as a failed check below
            results[label] = (None, '', repr(ex))


threads = [threading.Thread(target=run_chain, args=(c,)) for c in CHAINS]
for th in threads:
    th.start()
for th in threads:
    th.join(900)
for chain in CHAINS:
    for label, _, _, want in chain:
        rc, out, err = results.get(label, (None, '', 'did not run'))
        t.ok(rc == want, '%s: exit %d under valgrind, no leak, no error' % (label, want),
             'exit %r (valgrind reports with %d)\n%s' % (rc, ERROR_EXIT, err[-4000:]))
ar = [c for c in e.calls() if c['operation'] == 'AssumeRole']
t.ok(len([c for c in ar if c['params']['RoleArn'] == ROLE]) == 1 and
     len([c for c in ar if c['status'] == 400]) == 1,
     'the role was assumed once (the second run took the cache), the throttled call retried',
     [(c['params']['RoleArn'], c['status']) for c in ar])


def sleepers():
    out = []
    for p in os.listdir('/proc'):
        if p.isdigit():
            try:
                with open('/proc/%s/cmdline' % p, 'rb') as f:
                    if f.read().split(b'\0')[:2] == [b'sleep', SLEEP.encode()]:
                        out.append(int(p))
            except OSError:
                pass
    return out


def held(service, op):
    return lambda: any(c['service'] == service and c['operation'] == op and c['status'] is None and
                       not c.get('transport') for c in e.calls())


# q on the screen while a credential call hangs: valgrind's verdict is the
# exit status the terminal shows.
HANGS = [
    ('STS AssumeRole', 'role', {}, [{'kind': 'hang', 'op': 'AssumeRole'}], held('sts', 'AssumeRole')),
    ('the SSO portal', 'sso', {}, [{'kind': 'hang', 'service': 'sso'}], held('sso', 'GetRoleCredentials')),
    ('SSO OIDC', 'refresh', {}, [{'kind': 'hang', 'service': 'sso-oidc'}], held('sso-oidc', 'CreateToken')),
    ('IMDS', None, {'AWS_EC2_METADATA_SERVICE_ENDPOINT': e.url + '/', 'AWS_METADATA_SERVICE_TIMEOUT': '120',
                    'AWS_EC2_METADATA_DISABLED': 'false'},
     [{'kind': 'hang', 'service': 'imds', 'op': 'GetCredentials'}], held('imds', 'GetCredentials')),
    ('the container agent', None,
     {'AWS_CONTAINER_CREDENTIALS_FULL_URI': e.url + '/_emu/container-credentials',
      'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE': agent_file},
     [{'kind': 'hang', 'service': 'container'}], held('container', 'GetCredentials')),
    ('credential_process', 'sleeper', {}, [], lambda: os.path.exists(os.path.join(d, 'started'))),
]
try:
    for label, profile, extra, faults, is_held in HANGS:
        e.faults(faults)
        e.ctl('POST', 'calls/clear')
        environ = env('hang-' + (profile or label.split()[-1]), TERM='tmux-256color', LANG='C.UTF-8',
                      TZ='UTC', PATH='/usr/bin:/bin', XDG_STATE_HOME=os.path.join(d, 'state'), **extra)
        cmd = ' '.join("'%s'" % w for w in PREFIX + [SHTUI, '--endpoint-url', e.url, '--region',
                                                    'us-east-1'] + (['--profile', profile] if profile else []))
        tm = Tmux(cmd, environ)
        try:
            try:
                wait_for(is_held, 120, 'the hung fetch')
                up = tm.wait_for('q Quit', timeout=120) is not None
            except TimeoutError:
                up = False
            t0 = time.monotonic()
            tm.keys('q')
            s = tm.wait_for('[exit ', timeout=120)
            took = time.monotonic() - t0
            t.ok(up and s is not None and '[exit 0]' in s,
                 'q with %s hung, under valgrind: exit 0, no leak, no error (%.1f s)' % (label, took),
                 tm.screen())
            t.eq(sleepers(), [], '... and no process left behind')
        finally:
            tm.kill()
            for p in sleepers():
                os.kill(p, signal.SIGKILL)
            if os.path.exists(os.path.join(d, 'started')):
                os.unlink(os.path.join(d, 'started'))
finally:
    e.stop()
    shutil.rmtree(d, ignore_errors=True)
sys.exit(t.done())
