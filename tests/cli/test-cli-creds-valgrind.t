#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# Every credential source under valgrind memcheck: one-shot commands (roles, their cache and 20 at once, credential_process, SSO and its refresh, web identity, container, IMDS, failures), and q on the screen while a fetch hangs: no leak, no memory error.
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
from clitest import SHTUI, Emulator, Tap, emutest, shtui, valgrind, wait_for  # noqa: E402
from credsfiles import ROLE, held, sleeper, started, write  # noqa: E402
from tuitest import Tmux  # noqa: E402
import credsfiles  # noqa: E402

t = Tap()
PREFIX, ERROR_EXIT = valgrind()
FANOUT = 20
SLEEP = '86398'

d = tempfile.mkdtemp(prefix='shtui-creds-vg.')
seed = credsfiles.seed()
seed['role_fanout'] = {'base': '111111111111', 'accounts': FANOUT, 'role_name': 'Member',
                       'regions': ['us-east-1']}
seed['faults'] = [{'kind': 'throttle', 'op': 'AssumeRole', 'target_account': '300000000003',
                   'count': 1}]
seed_path = os.path.join(d, 'seed.json')
with open(seed_path, 'w') as f:
    json.dump(seed, f)
e = Emulator(seed_path)

agent_file = write(os.path.join(d, 'agent-token'), credsfiles.AGENT)
helper = write(os.path.join(d, 'helper.sh'), '#!/bin/sh\nprintf \'{"Version": 1, "AccessKeyId": "%s", '
               '"SecretAccessKey": "%s", "SessionToken": "%s", "Expiration": "2099-01-01T00:00:00Z"}\'\n'
               % (emutest.SESSION_AKID, emutest.SESSION_SECRET,
                  emutest.SESSION_TOKEN), 0o700)
failing = write(os.path.join(d, 'failing.sh'), '#!/bin/sh\necho "no keys today" >&2\nexit 3\n', 0o700)
extra = ['[profile process]\ncredential_process = %s\nregion = us-east-1\n' % helper,
         '[profile failing]\ncredential_process = %s\nregion = us-east-1\n' % failing,
         '[profile sleeper]\ncredential_process = %s\nregion = us-east-1\n' % sleeper(d, 'sleeper', SLEEP),
         '[profile oops]\nsso_session = oops\nsso_account_id = 444444444444\nsso_role_name = EmuSSO\n']
extra += ['[profile f%02d]\nrole_arn = arn:aws:iam::%d:role/Member\nsource_profile = base\n'
          'region = us-east-1\n' % (i, 300000000000 + i) for i in range(FANOUT)]
CONFIG, CREDS = credsfiles.files(d, ''.join(extra))


def env(name, **more):
    """A HOME of its own (role keys are cached there), with the SSO tokens."""
    return credsfiles.env(e, credsfiles.home(os.path.join(d, name)), CONFIG, CREDS, **more)


GCI = ['get-caller-identity']
# Eight contexts waiting on one source that fails at once: the jobs the
# worker hands back while its pass still walks them (run in each chain).
OOPS8 = ['--profiles', 'oops', '--regions', 'us-east-1,us-east-2,us-west-1,us-west-2,eu-west-1,'
         'eu-west-2,eu-central-1,ap-south-1', 'get-invitations-count']
# (label, args, environment, the exit code wanted); a chain runs in order.
CHAINS = [
    [('a role profile', ['--profile', 'role'] + GCI, env('role'), 0),
     ('the same role from the AWS CLI\'s cache', ['--profile', 'role'] + GCI, env('role'), 0),
     ('%d role profiles at once, one AssumeRole throttled' % FANOUT,
      ['--profiles', 'f[0-9]*', 'get-invitations-count'], env('fanout'), 0),
     ('8 contexts on a failing source (1)', OOPS8, env('oops8'), 254)],
    [('credential_process', ['--profile', 'process'] + GCI, env('process'), 0),
     ('a failing credential_process', ['--profile', 'failing'] + GCI, env('failing'), 253),
     ('web identity', ['--profile', 'web'] + GCI, env('web'), 0),
     ('8 contexts on a failing source (2)', OOPS8, env('oops8'), 254)],
    [('SSO', ['--profile', 'sso'] + GCI, env('sso'), 0),
     ('SSO with its token refreshed', ['--profile', 'refresh'] + GCI, env('refresh'), 0),
     ('a used refresh token', ['--profile', 'refresh'] + GCI, env('refresh-again'), 253),
     ('sso_session naming nothing', ['--profile', 'oops', '--region', 'us-east-1'] + GCI,
      env('oops'), 253)],
    [('container (EKS Pod Identity)', ['--region', 'us-east-1'] + GCI,
      env('container', AWS_CONTAINER_CREDENTIALS_FULL_URI=e.url + '/_emu/container-credentials',
          AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE=agent_file), 0),
     ('IMDSv2', ['--region', 'us-east-1'] + GCI, env('imds', AWS_EC2_METADATA_SERVICE_ENDPOINT=e.url + '/',
                         AWS_EC2_METADATA_DISABLED='',
                         AWS_METADATA_SERVICE_TIMEOUT='120'), 0),
     ('8 contexts on a failing source (3)', OOPS8, env('oops8'), 254)],
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
    return credsfiles.sleepers(SLEEP)


# q on the screen while a credential call hangs: valgrind's verdict is the
# exit status the terminal shows.
HANGS = [
    ('STS AssumeRole', 'role', {}, [{'kind': 'hang', 'op': 'AssumeRole'}], held(e, 'sts', 'AssumeRole')),
    ('the SSO portal', 'sso', {}, [{'kind': 'hang', 'service': 'sso'}], held(e, 'sso', 'GetRoleCredentials')),
    ('SSO OIDC', 'refresh', {}, [{'kind': 'hang', 'service': 'sso-oidc'}], held(e, 'sso-oidc', 'CreateToken')),
    ('IMDS', None, {'AWS_EC2_METADATA_SERVICE_ENDPOINT': e.url + '/', 'AWS_METADATA_SERVICE_TIMEOUT': '120',
                    'AWS_EC2_METADATA_DISABLED': ''},
     [{'kind': 'hang', 'service': 'imds', 'op': 'GetCredentials'}], held(e, 'imds', 'GetCredentials')),
    ('the container agent', None,
     {'AWS_CONTAINER_CREDENTIALS_FULL_URI': e.url + '/_emu/container-credentials',
      'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE': agent_file},
     [{'kind': 'hang', 'service': 'container'}], held(e, 'container', 'GetCredentials')),
    ('credential_process', 'sleeper', {}, [], started(d, 'sleeper')),
]
try:
    for label, profile, more_env, faults, is_held in HANGS:
        e.faults(faults)
        e.ctl('POST', 'calls/clear')
        environ = env('hang-' + (profile or label.split()[-1]), TERM='tmux-256color', LANG='C.UTF-8',
                      TZ='UTC', PATH='/usr/bin:/bin', XDG_STATE_HOME=os.path.join(d, 'state'), **more_env)
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
            if os.path.exists(os.path.join(d, 'sleeper-started')):
                os.unlink(os.path.join(d, 'sleeper-started'))
finally:
    e.stop()
    shutil.rmtree(d, ignore_errors=True)
sys.exit(t.done())
