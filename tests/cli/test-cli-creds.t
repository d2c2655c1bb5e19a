#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# Where credentials, regions and endpoints come from, each source against the emulator: the account shtui acts as, what it sent, and where aws v2 answers otherwise.
import json
import os
import shutil
import pty
import select
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clitest import SHTUI, Emulator, Tap, aws, emutest, parse, shtui, shtui_env  # noqa: E402

ROLE = 'arn:aws:iam::444444444444:role/EmuDemoMember'
EXTERNAL = 'arn:aws:iam::444444444444:role/EmuDemoExternal'
HOP2 = 'arn:aws:iam::555555555555:role/EmuSecondHop'
MFA_ROLE = 'arn:aws:iam::444444444444:role/EmuDemoMFA'
MFA_SERIAL = 'arn:aws:iam::111111111111:mfa/emu-user'
SSO_TOKEN = 'emu-sso-access-token-fresh'
CONTAINER_TOKEN = 'emu-demo-container-token'

t = Tap()
e = Emulator()
d = tempfile.mkdtemp(prefix='shtui-creds.')


def seed(**changes):
    """The demo seed with a second hop, an MFA role and the SSO portal."""
    with open(emutest.DEMO) as f:
        s = json.load(f)
    s['roles'] += [
        {'arn': HOP2, 'trusted_accounts': ['444444444444']},
        {'arn': MFA_ROLE, 'trusted_accounts': ['111111111111'],
         'mfa': {'serial': MFA_SERIAL, 'code': '123456'}},
    ]
    s['sso'] = {'tokens': [{'access_token': SSO_TOKEN}],
                'roles': [{'account_id': '444444444444', 'role_name': 'EmuSSO'}]}
    s.update(changes)
    e.ctl('POST', 'state', s)
    return s


def write(name, text, mode=0o600):
    path = os.path.join(d, name)
    with open(path, 'w') as f:
        f.write(text)
    os.chmod(path, mode)
    return path


def files(config='', credentials='', mode=0o600):
    """Fresh shared files; the environment variables that name them."""
    return {'AWS_CONFIG_FILE': write('config', config, mode),
            'AWS_SHARED_CREDENTIALS_FILE': write('credentials', credentials, mode)}


def env_without_keys(**extra):
    env = shtui_env(e, **extra)
    del env['AWS_ACCESS_KEY_ID'], env['AWS_SECRET_ACCESS_KEY']
    return env


def clear_role_cache(env):
    """Forget the AWS CLI's cache of assumed roles, which shtui shares."""
    shutil.rmtree(os.path.join(env.get('HOME', ''), '.aws', 'cli', 'cache'), ignore_errors=True)


def whoami(env, *args, endpoint=True, region='us-east-1', keep_cache=False):
    """shtui get-caller-identity: (exit code, the reply or None, stderr).
    Each call assumes its roles afresh unless keep_cache."""
    if not keep_cache:
        clear_role_cache(env)
    rc, out, err = shtui(e, 'get-caller-identity', *args, env=env, endpoint=endpoint, region=region)
    try:
        doc = parse(out)
    except ValueError:
        doc = None
    return rc, doc, err


def aws_whoami(env, *args):
    rc, out, err = aws(e, 'sts', 'get-caller-identity', *args, env=env)
    try:
        doc = parse(out)
    except ValueError:
        doc = None
    return rc, doc, err


def account(doc):
    return (doc or {}).get('Account')


def calls_since(seq, **match):
    return [c for c in e.calls(seq) if all(c.get(k) == v for k, v in match.items())]


def same_as_aws(label, env, want_account, *args):
    """shtui and aws v2, same environment and files: same account."""
    rc, doc, err = whoami(env, *args)
    t.ok(rc == 0 and account(doc) == want_account, '%s: shtui acts as %s' % (label, want_account), err)
    arc, adoc, aerr = aws_whoami(env, *args)
    t.ok(arc == 0 and adoc == doc, '%s: aws v2 gives the same identity' % label,
         'aws: %s %s %s\nshtui: %s' % (arc, adoc, aerr, doc))
    return doc


seed()
base = ('[profile base]\nregion = us-east-1\n'
        '[profile role]\nrole_arn = %s\nsource_profile = base\nrole_session_name = creds-test\n'
        '[profile external]\nrole_arn = %s\nsource_profile = base\nexternal_id = emu-demo-external-id\n'
        'duration_seconds = 900\n'
        '[profile hop2]\nrole_arn = %s\nsource_profile = role\nrole_session_name = second-hop\n'
        '[profile fromenv]\nrole_arn = %s\ncredential_source = Environment\n'
        '[profile mfa]\nrole_arn = %s\nsource_profile = base\nmfa_serial = %s\n'
        % (ROLE, EXTERNAL, HOP2, ROLE, MFA_ROLE, MFA_SERIAL))
base_creds = '[base]\naws_access_key_id = %s\naws_secret_access_key = %s\n' % (emutest.AKID, emutest.SECRET)

try:
    # ---- environment and static keys: aws v2 reads the same files the same way
    env = shtui_env(e)
    same_as_aws('environment keys', env, '111111111111')
    env = shtui_env(e, akid=emutest.SESSION_AKID, secret=emutest.SESSION_SECRET,
                    token=emutest.SESSION_TOKEN)
    doc = same_as_aws('environment keys with AWS_SESSION_TOKEN', env, '111111111111')
    t.ok('assumed-role/EmuDemoSession/demo' in (doc or {}).get('Arn', ''),
         '... signed as the session, token and all')
    env = env_without_keys(**files('[profile base]\nregion = us-east-1\n', base_creds))
    same_as_aws('a static profile (--profile)', env, '111111111111', '--profile', 'base')
    env['AWS_PROFILE'] = 'base'
    same_as_aws('AWS_PROFILE', env, '111111111111')

    # ---- assume-role. aws v2.9.19 cannot be compared here: it has no
    # endpoint_url_sts, so its AssumeRole would go to the real STS; the
    # emulator's call log shows what shtui sent instead.
    env = env_without_keys(AWS_ENDPOINT_URL_STS=e.url, **files(base, base_creds))
    seq = e.last_seq()
    rc, doc, err = whoami(env, '--profile', 'role', endpoint=False)
    t.ok(rc == 0 and account(doc) == '444444444444' and
         doc['Arn'] == 'arn:aws:sts::444444444444:assumed-role/EmuDemoMember/creds-test',
         'assume-role from a source profile: the role, with role_session_name', err)
    ar = calls_since(seq, operation='AssumeRole')
    t.ok(len(ar) == 1 and ar[0]['access_key_id'] == emutest.AKID and ar[0]['signature_ok'] and
         ar[0]['params'].get('RoleArn') == ROLE and ar[0]['region'] == 'us-east-1',
         '... AssumeRole signed with the source profile\'s keys, for the region in use', ar)
    gci = calls_since(seq, operation='GetCallerIdentity')
    t.ok(len(gci) == 1 and gci[0]['access_key_id'] == ar[0].get('issued_access_key_id'),
         '... and the call signed with the keys AssumeRole issued', gci)

    seq = e.last_seq()
    rc, doc, err = whoami(env, '--profile', 'external', endpoint=False)
    ar = calls_since(seq, operation='AssumeRole')
    p = ar[0]['params'] if ar else {}
    t.ok(rc == 0 and account(doc) == '444444444444' and p.get('ExternalId') == 'emu-demo-external-id'
         and p.get('DurationSeconds') == 900 and p.get('RoleSessionName', '').startswith('shtui-session-'),
         'external_id and duration_seconds are sent; the session is named shtui-session-TIME', (err, ar))

    seq = e.last_seq()
    rc, doc, err = whoami(env, '--profile', 'hop2', endpoint=False)
    ar = calls_since(seq, operation='AssumeRole')
    t.ok(rc == 0 and account(doc) == '555555555555' and
         doc['Arn'] == 'arn:aws:sts::555555555555:assumed-role/EmuSecondHop/second-hop',
         'a two-hop chain: hop2 -> role -> base', err)
    t.ok([c['params']['RoleArn'] for c in ar] == [ROLE, HOP2] and
         ar[1]['access_key_id'] == ar[0]['issued_access_key_id'],
         '... the second AssumeRole is signed with the first one\'s keys', ar)

    rc, doc, err = whoami(dict(env, AWS_ACCESS_KEY_ID=emutest.AKID,
                               AWS_SECRET_ACCESS_KEY=emutest.SECRET),
                          '--profile', 'fromenv', endpoint=False)
    t.ok(rc == 0 and account(doc) == '444444444444',
         'credential_source = Environment: the environment\'s keys assume the role, even with --profile',
         err)
    rc, doc, err = whoami(env, '--profile', 'fromenv', endpoint=False)
    t.ok(rc == 253 and 'No credentials found in credential_source referenced in profile fromenv'
         in err, 'credential_source = Environment with an empty environment: 253, in botocore\'s words',
         err)

    # --endpoint-url reaches AssumeRole as well (DESIGN.md: it applies to every
    # service shtui calls; aws v2 would send AssumeRole to the real STS).
    env2 = env_without_keys(**files(base, base_creds))
    rc, doc, err = whoami(env2, '--profile', 'role')
    t.ok(rc == 0 and account(doc) == '444444444444', '--endpoint-url carries AssumeRole too', err)

    # ---- MFA: the code is asked on the terminal; without one, a clear 253.
    clear_role_cache(env)
    seq = e.last_seq()
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(SHTUI, [SHTUI, '--profile', 'mfa', '--region', 'us-east-1', 'get-caller-identity'],
                  env)
    out = b''
    deadline = time.monotonic() + 30
    answered = False
    while time.monotonic() < deadline:
        r, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        if not r:
            break
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
        if not answered and b'Enter MFA code for %s: ' % MFA_SERIAL.encode() in out:
            os.write(fd, b'123456\n')
            answered = True
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    text = out.decode('utf-8', 'replace')
    t.ok(answered, 'mfa_serial: the terminal is asked for the code, naming the device', text)
    t.ok(os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0 and
         '"Account": "444444444444"' in text, '... and the code opens the role', text)
    ar = calls_since(seq, operation='AssumeRole')
    t.ok(len(ar) == 1 and ar[0]['params'].get('SerialNumber') == MFA_SERIAL and
         ar[0]['params'].get('TokenCode') == '123456', '... sent as SerialNumber and TokenCode', ar)
    clear_role_cache(env)
    p = subprocess.run([SHTUI, '--profile', 'mfa', '--region', 'us-east-1', 'get-caller-identity'],
                       env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                       timeout=60, start_new_session=True)
    t.ok(p.returncode == 253 and 'needs a code from the MFA device %s' % MFA_SERIAL in p.stderr and
         'no terminal to ask for it on' in p.stderr, 'MFA without a terminal: 253 and why', p.stderr)

    # ---- credential_process: aws v2 runs the same helper.
    helper = write('helper.sh', '#!/bin/sh\nprintf \'{"Version": 1, "AccessKeyId": "%s", '
                   '"SecretAccessKey": "%s", "SessionToken": "%s", '
                   '"Expiration": "2099-01-01T00:00:00Z"}\' "$1" "$2" "$3"\n', 0o700)
    failing = write('failing.sh', '#!/bin/sh\necho "refresh token revoked; SessionToken=hush-123" >&2\n'
                    'exit 2\n', 0o700)
    cfg = ('[default]\ncredential_process = %s %s "%s" \'%s\'\n[profile failing]\ncredential_process = %s\n'
           % (helper, emutest.SESSION_AKID, emutest.SESSION_SECRET, emutest.SESSION_TOKEN, failing))
    env = env_without_keys(**files(cfg))
    same_as_aws('credential_process', env, '111111111111')
    rc, doc, err = whoami(env, '--profile', 'failing')
    t.ok(rc == 253 and 'Error when retrieving credentials from custom-process: refresh token '
         'revoked; SessionToken=******** (exit status 2)' in err and 'hush-123' not in err,
         'a failing helper: its stderr, the token-like value masked, exit 253', err)
    arc, _, aerr = aws_whoami(env, '--profile', 'failing')
    # aws v2 says the same words but exits 255 (CredentialRetrievalError falls
    # to its general handler) and prints the value. 253 is right: DESIGN.md
    # gives 253 to bad credentials, and the stderr of a helper is no place to
    # show a secret.
    t.ok(arc == 255 and 'refresh token revoked' in aerr and 'hush-123' in aerr,
         'aws v2 exits 255 and shows the token: shtui differs on purpose (253, masked)', aerr)

    # ---- SSO: the cached token, then the portal.
    cache = os.path.join(e.dir, 'home', '.aws', 'sso', 'cache')
    os.makedirs(cache, exist_ok=True)
    sso_cfg = ('[profile sso]\nsso_session = corp\nsso_account_id = 444444444444\nsso_role_name = EmuSSO\n'
               'region = us-east-1\n'
               '[sso-session corp]\nsso_start_url = https://emu.awsapps.com/start\nsso_region = eu-west-1\n'
               '[profile legacy]\nsso_start_url = https://emu.awsapps.com/start\nsso_region = eu-west-1\n'
               'sso_account_id = 444444444444\nsso_role_name = EmuSSO\n'
               '[profile rolesso]\nrole_arn = %s\nsource_profile = sso\n' % HOP2)
    env = env_without_keys(AWS_ENDPOINT_URL_SSO=e.url, **files(sso_cfg))

    def token_file(key, token, expires):
        import hashlib
        path = os.path.join(cache, hashlib.sha1(key.encode()).hexdigest() + '.json')
        with open(path, 'w') as f:
            json.dump({'startUrl': 'https://emu.awsapps.com/start', 'region': 'eu-west-1',
                       'accessToken': token, 'expiresAt': expires}, f)
        return path

    token_file('corp', SSO_TOKEN, '2099-01-01T00:00:00Z')
    seq = e.last_seq()
    rc, doc, err = whoami(env, '--profile', 'sso')
    sso_calls = calls_since(seq, service='sso')
    t.ok(rc == 0 and account(doc) == '444444444444' and '/AWSReservedSSO_EmuSSO_' in doc['Arn'],
         'SSO (sso_session): the cached token gets the role\'s keys from the portal', err)
    t.ok(len(sso_calls) == 1 and sso_calls[0]['params'] == {'account_id': '444444444444',
                                                            'role_name': 'EmuSSO'},
         '... one GetRoleCredentials for the profile\'s account and role', sso_calls)
    token_file('https://emu.awsapps.com/start', SSO_TOKEN, '2099-01-01T00:00:00Z')
    rc, doc, err = whoami(env, '--profile', 'legacy')
    t.ok(rc == 0 and account(doc) == '444444444444',
         'SSO (legacy sso_start_url): the token is named by the start URL', err)
    rc, doc, err = whoami(env, '--profile', 'rolesso')
    t.ok(rc == 0 and account(doc) == '555555555555', 'an SSO profile as a role\'s source_profile', err)

    token_file('corp', SSO_TOKEN, '2020-01-01T00:00:00Z')
    seq = e.last_seq()
    rc, doc, err = whoami(env, '--profile', 'sso')
    t.ok(rc == 253 and 'To refresh this SSO session run aws sso login --profile sso' in err,
         'an expired SSO token: 253, and the command to run', err)
    t.eq(calls_since(seq, service='sso'), [], '... and the expired token is not sent anywhere')
    # aws v2 (sso_session) would try to refresh the token with sso-oidc, fail
    # for want of a refresh token, and exit 255 "Token has expired and refresh
    # failed", which does not say what to do. shtui names the command.
    arc, _, aerr = aws_whoami(env, '--profile', 'sso')
    t.ok(arc == 255 and 'Token has expired and refresh failed' in aerr,
         'aws v2 exits 255 without saying what to run: shtui differs on purpose', aerr)
    token_file('corp', 'emu-sso-token-the-portal-forgot', '2099-01-01T00:00:00Z')
    rc, doc, err = whoami(env, '--profile', 'sso')
    t.ok(rc == 253 and 'To refresh this SSO session run aws sso login --profile sso' in err,
         'a token the portal refuses (401): the same advice', err)
    token_file('corp', SSO_TOKEN, '2099-01-01T00:00:00Z')

    # ---- container credentials: aws v2 fetches the same endpoint.
    env = env_without_keys(AWS_CONTAINER_CREDENTIALS_FULL_URI=e.url + '/_emu/container-credentials',
                           AWS_CONTAINER_AUTHORIZATION_TOKEN=CONTAINER_TOKEN)
    seq = e.last_seq()
    same_as_aws('container credentials (full URI, token)', env, '444444444444')
    got = calls_since(seq, service='container', operation='GetCredentials')
    t.ok(got and all(c['status'] == 200 for c in got), '... the agent saw the token', got)
    env = env_without_keys(AWS_CONTAINER_CREDENTIALS_FULL_URI=e.url + '/_emu/container-credentials',
                           AWS_CONTAINER_AUTHORIZATION_TOKEN='wrong',
                           AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE=write('agent-token', CONTAINER_TOKEN))
    rc, doc, err = whoami(env)
    t.ok(rc == 0 and account(doc) == '444444444444',
         'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE, before the variable (aws v2.9.19 lacks it)', err)
    env = env_without_keys(AWS_CONTAINER_CREDENTIALS_FULL_URI='http://169.254.169.254/x')
    rc, doc, err = whoami(env)
    t.ok(rc == 253 and 'is refused: it must be https' in err,
         'a plain-http agent that is neither local nor ECS/EKS is refused', err)

    # ---- EC2 instance metadata (IMDSv2); aws v2 reads the same service.
    env = env_without_keys(AWS_EC2_METADATA_SERVICE_ENDPOINT=e.url + '/')
    del env['AWS_EC2_METADATA_DISABLED']
    seq = e.last_seq()
    rc, doc, err = whoami(env)
    imds = [c['operation'] for c in calls_since(seq, service='imds')]
    t.ok(rc == 0 and account(doc) == '111111111111' and 'EmuDemoInstance' in doc['Arn'],
         'IMDSv2: the instance role', err)
    t.eq(imds, ['GetToken', 'ListRoles', 'GetCredentials'], '... a token first, then the role, then its keys')
    arc, adoc, aerr = aws_whoami(env)
    t.ok(arc == 0 and account(adoc) == '111111111111', 'aws v2 gets the same instance role', aerr)
    # A token request that is answered late (a hop limit of 1 drops it in
    # containers): both fall back to IMDSv1 after a second.
    seed(instance=dict(seed()['instance'], imdsv1=True),
         faults=[{'kind': 'latency', 'service': 'imds', 'op': 'GetToken', 'ms': 3000}])
    rc, doc, err = whoami(env)
    t.ok(rc == 0 and account(doc) == '111111111111',
         'a token request that times out: IMDSv1, as botocore falls back', err)
    seed()
    env['AWS_EC2_METADATA_SERVICE_ENDPOINT'] = 'http://127.0.0.1:1/'
    started = time.monotonic()
    rc, doc, err = whoami(env)
    t.ok(rc == 253 and 'EC2 instance metadata at http://127.0.0.1:1/ (no answer within 1 s)' in err
         and time.monotonic() - started < 5, 'no instance metadata service: 253 at once, saying so', err)

    # ---- no credentials at all: 253 as aws v2, and where shtui looked.
    env = env_without_keys()
    rc, doc, err = whoami(env)
    arc, _, aerr = aws_whoami(env)
    t.ok(rc == 253 and arc == 253, 'no credentials: 253, as aws v2', (err, aerr))
    t.ok('Unable to locate credentials. You can configure credentials by running "aws configure".'
         in err and 'Unable to locate credentials' in aerr, '... with the AWS CLI\'s words', err)
    t.ok('shtui looked in: the environment (AWS_ACCESS_KEY_ID is not set); profile "default" in '
         in err and 'container credentials' in err and
         'EC2 instance metadata (disabled by AWS_EC2_METADATA_DISABLED)' in err,
         '... and every place shtui looked (aws v2 says none)', err)

    # ---- regions: --region, AWS_REGION, AWS_DEFAULT_REGION, the profile, in
    # the scope of the signature the emulator checked.
    env = env_without_keys(**files('[profile base]\nregion = ap-southeast-2\n', base_creds))
    env['AWS_PROFILE'] = 'base'
    for label, extra, args, want in (
            ('--region', {'AWS_REGION': 'eu-west-1', 'AWS_DEFAULT_REGION': 'us-west-2'},
             ('--region', 'eu-central-1'), 'eu-central-1'),
            ('AWS_REGION', {'AWS_REGION': 'eu-west-1', 'AWS_DEFAULT_REGION': 'us-west-2'}, (), 'eu-west-1'),
            ('AWS_DEFAULT_REGION', {'AWS_DEFAULT_REGION': 'us-west-2'}, (), 'us-west-2'),
            ('the profile\'s region', {}, (), 'ap-southeast-2')):
        seq = e.last_seq()
        rc, doc, err = whoami(dict(env, **extra), *args, region=None)
        got = calls_since(seq, operation='GetCallerIdentity')
        t.ok(rc == 0 and len(got) == 1 and got[0]['region'] == want and got[0]['signature_ok'],
             'region from %s: signed for %s' % (label, want), (err, got))
    # Nothing names a region: instance metadata does, as the AWS CLI asks it.
    s = seed()
    want = (s.get('instance') or {}).get('region') or 'us-east-1'
    imds = dict(env, AWS_EC2_METADATA_DISABLED='false', AWS_EC2_METADATA_SERVICE_ENDPOINT=e.url + '/')
    del imds['AWS_PROFILE']
    imds.update(files('', base_creds.replace('[base]', '[default]')))
    seq = e.last_seq()
    rc, doc, err = whoami(imds, region=None)
    got = calls_since(seq, operation='GetCallerIdentity')
    t.ok(rc == 0 and len(got) == 1 and got[0]['region'] == want and
         len(calls_since(seq, operation='GetRegion')) == 1,
         'no region configured: the instance\'s, from instance metadata (%s)' % want, (err, got))
    rc, doc, err = whoami(dict(imds, AWS_EC2_METADATA_DISABLED='true'), region=None)
    t.ok(rc == 253 and 'You must specify a region' in err,
         '... and without instance metadata, the AWS CLI\'s words', err)
    env = env_without_keys(AWS_ENDPOINT_URL_STS=e.url, **files(base, base_creds))
    seq = e.last_seq()
    rc, doc, err = whoami(dict(env, AWS_REGION='eu-west-1'), '--profile', 'role', endpoint=False,
                          region=None)
    t.ok(rc == 0 and [c['region'] for c in calls_since(seq, service='sts')] == ['eu-west-1'] * 2,
         'AssumeRole is signed for the region in use too', err)

    # ---- endpoints: the service's own over the global one.
    dead = 'http://127.0.0.1:1'
    rc, doc, err = whoami(shtui_env(e, AWS_ENDPOINT_URL=dead, AWS_ENDPOINT_URL_STS=e.url), endpoint=False)
    t.ok(rc == 0 and account(doc) == '111111111111', 'AWS_ENDPOINT_URL_STS over AWS_ENDPOINT_URL', err)
    cfg = ('[default]\nendpoint_url = %s\nservices = emu\n[services emu]\nsts =\n  endpoint_url = %s\n'
           % (dead, e.url))
    rc, doc, err = whoami(shtui_env(e, **files(cfg)), endpoint=False)
    t.ok(rc == 0 and account(doc) == '111111111111',
         'the services block\'s sts over the profile\'s endpoint_url', err)
    cfg = ('[default]\nendpoint_url = %s\nservices = emu\n[services emu]\nsecurityhub =\n  endpoint_url = %s\n'
           % (e.url, dead))
    rc, doc, err = whoami(shtui_env(e, **files(cfg)), endpoint=False)
    t.ok(rc == 0, '... and the global one where the block names another service only', err)

    # ---- a credential that lives one second, over a series of calls that
    # lasts several (8 pages of 50, each answered 400 ms late): refreshed
    # before each call, never an error.
    s = seed(container=dict(role_arn='arn:aws:iam::444444444444:role/EmuDemoTask',
                            authorization_token=CONTAINER_TOKEN, duration=1),
             faults=[{'kind': 'latency', 'op': 'ListInvitations', 'ms': 400, 'after': True}])
    invs = [{'AccountId': '222222222222', 'InvitationId': '%032x' % (i + 1),
             'InvitedAt': '2026-11-20T09:15:00.000Z', 'MemberStatus': 'Invited'} for i in range(400)]
    s['accounts']['444444444444']['regions']['us-east-1']['invitations'] = invs
    e.ctl('POST', 'state', s)
    env = env_without_keys(AWS_CONTAINER_CREDENTIALS_FULL_URI=e.url + '/_emu/container-credentials',
                           AWS_CONTAINER_AUTHORIZATION_TOKEN=CONTAINER_TOKEN)
    seq = e.last_seq()
    started = time.monotonic()
    rc, out, err = shtui(e, 'list-invitations', env=env)
    took = time.monotonic() - started
    pages = calls_since(seq, operation='ListInvitations')
    keys = {c['access_key_id'] for c in pages}
    fetches = calls_since(seq, service='container')
    t.ok(rc == 0 and len((parse(out) or {}).get('Invitations', [])) == 400 and err == '',
         '1-second credentials over %.1f s of calls: all 8 pages, no error' % took, (rc, err))
    t.ok(len(pages) == 8 and all(c['status'] == 200 and c['signature_ok'] for c in pages),
         '... every page accepted', [(c['status'], c.get('error_code')) for c in pages])
    t.ok(took > 2 and len(keys) >= 2 and len(fetches) >= len(keys),
         '... signed with %d successive keys from %d fetches' % (len(keys), len(fetches)))
    seed()

    # ---- secrets stay out of --debug, and open files are pointed out.
    cfg = base + sso_cfg
    env = env_without_keys(AWS_ENDPOINT_URL_STS=e.url, AWS_ENDPOINT_URL_SSO=e.url,
                           **files(cfg, base_creds, mode=0o644))
    rc1, _, err1 = whoami(env, '--profile', 'hop2', '--debug', endpoint=False)
    rc2, _, err2 = whoami(env, '--profile', 'sso', '--debug', endpoint=False)
    env = env_without_keys(AWS_CONTAINER_CREDENTIALS_FULL_URI=e.url + '/_emu/container-credentials',
                           AWS_CONTAINER_AUTHORIZATION_TOKEN=CONTAINER_TOKEN)
    rc3, _, err3 = whoami(env, '--debug')
    state = e.ctl('GET', 'state')
    secrets = [emutest.SECRET, SSO_TOKEN, CONTAINER_TOKEN]
    for a in state['accounts'].values():
        for k in a['keys']:
            secrets += [k['secret_access_key']] + ([k['session_token']] if k.get('session_token') else [])
    logs = err1 + err2 + err3
    leaked = [s for s in secrets if s in logs]
    t.ok(rc1 == rc2 == rc3 == 0 and 'AssumeRole' in err1 and 'GetRoleCredentials' in err2 and
         'container' in err3, '--debug logs the credential calls (role chain, SSO, container)',
         (rc1, rc2, rc3, err1[-2000:]))
    t.eq(leaked, [], '... and no secret key, session token, SSO token or agent token')
    creds_file = os.path.join(d, 'credentials')
    t.ok('shtui: warning: %s holds secrets and can be read by every user (mode 0644); '
         'restrict it with: chmod 600 %s' % (creds_file, creds_file) in err1,
         'a credentials file every user can read gets a warning', err1[:600])

    bad = [c for c in e.calls() if c.get('signature_ok') is False]
    t.eq(bad, [], 'every signed call was verified by botocore\'s signer')
finally:
    e.stop()
    subprocess.run(['rm', '-rf', d])
sys.exit(t.done())
