# SPDX-License-Identifier: Apache-2.0
# One profile per credential source, the seed the emulator needs to answer them, and the processes their helpers leave: shared by the credential tests.
"""Imported by tests/cli/test-cli-creds-*.t and tests/tui/test-creds-hang.t."""

import hashlib
import json
import os

from clitest import emutest, shtui_env

ROLE = 'arn:aws:iam::444444444444:role/EmuDemoMember'
WEB_ROLE = 'arn:aws:iam::444444444444:role/EmuWebIdentity'
WEB_PROVIDER = 'oidc.eks.us-east-1.amazonaws.com/id/EMUCREDS'
WEB_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.emu-creds.sig'
AGENT = 'emu-creds-agent-token'
SSO_TOKEN = 'emu-creds-sso'
REFRESH = 'emu-creds-refresh'
START_URL = 'https://emu.awsapps.com/start'


def seed():
    """The demo seed with a web identity role and token, the container's
    token, and an SSO portal with a client and a refresh token."""
    with open(emutest.DEMO) as f:
        s = json.load(f)
    s['roles'].append({'arn': WEB_ROLE, 'web_identity_providers': [WEB_PROVIDER]})
    s['web_identity'] = {'tokens': [{'token': WEB_TOKEN, 'provider': WEB_PROVIDER, 'subject': 'x'}]}
    s['container']['authorization_token'] = AGENT
    s['sso'] = {'tokens': [{'access_token': SSO_TOKEN}],
                'roles': [{'account_id': '444444444444', 'role_name': 'EmuSSO'}],
                'clients': [{'client_id': 'emu-client', 'client_secret': 'emu-client-secret'}],
                'refresh_tokens': [{'refresh_token': REFRESH, 'client_id': 'emu-client'}]}
    return s


def write(path, text, mode=0o600):
    with open(path, 'w') as f:
        f.write(text)
    os.chmod(path, mode)
    return path


def sleeper(d, name, seconds, shell=False):
    """A credential_process that writes D/NAME-started, then sleeps
    (itself, or with shell a child of its shell)."""
    return write(os.path.join(d, name + '.sh'), '#!/bin/sh\necho started > %s/%s-started\n%s %s\n%s'
                 % (d, name, 'sleep' if shell else 'exec sleep', seconds,
                    'echo done\n' if shell else ''), 0o700)


def started(d, name):
    return lambda: os.path.exists(os.path.join(d, name + '-started'))


def files(d, extra=''):
    """Config and credentials in d: base (keys), role, web, sso, refresh
    (an expired token to refresh), then extra. (config, credentials)."""
    token_file = write(os.path.join(d, 'web-token'), WEB_TOKEN)
    config = write(os.path.join(d, 'config'), (
        '[profile base]\nregion = us-east-1\n'
        '[profile role]\nrole_arn = %s\nsource_profile = base\nregion = us-east-1\n'
        '[profile web]\nweb_identity_token_file = %s\nrole_arn = %s\nregion = us-east-1\n'
        '[profile sso]\nsso_session = corp\nsso_account_id = 444444444444\nsso_role_name = EmuSSO\n'
        'region = us-east-1\n'
        '[profile refresh]\nsso_session = refresh\nsso_account_id = 444444444444\n'
        'sso_role_name = EmuSSO\nregion = us-east-1\n'
        '[sso-session corp]\nsso_start_url = %s\nsso_region = eu-west-1\n'
        '[sso-session refresh]\nsso_start_url = %s\nsso_region = eu-west-1\n'
        % (ROLE, token_file, WEB_ROLE, START_URL, START_URL)) + extra)
    creds = write(os.path.join(d, 'credentials'), '[base]\naws_access_key_id = %s\n'
                  'aws_secret_access_key = %s\n' % (emutest.AKID, emutest.SECRET))
    return config, creds


def sso_cache(home, key, **doc):
    """Writes the token "aws sso login" caches for session key."""
    cache = os.path.join(home, '.aws', 'sso', 'cache')
    os.makedirs(cache, exist_ok=True)
    body = {'startUrl': START_URL, 'region': 'eu-west-1'}
    body.update(doc)
    return write(os.path.join(cache, hashlib.sha1(key.encode()).hexdigest() + '.json'),
                 json.dumps(body))


def home(path):
    """A HOME with the tokens of the sso and refresh profiles."""
    sso_cache(path, 'corp', accessToken=SSO_TOKEN, expiresAt='2099-01-01T00:00:00Z')
    sso_cache(path, 'refresh', accessToken='emu-creds-expired', expiresAt='2020-01-01T00:00:00Z',
              refreshToken=REFRESH, clientId='emu-client', clientSecret='emu-client-secret',
              registrationExpiresAt='2099-01-01T00:00:00Z')
    return path


def env(emu, home_dir, config, creds, **extra):
    """No keys in the environment; the SSO portal and OIDC at the emulator.
    AWS_EC2_METADATA_DISABLED='' lets instance metadata be used."""
    v = shtui_env(emu, HOME=home_dir, AWS_CONFIG_FILE=config, AWS_SHARED_CREDENTIALS_FILE=creds,
                  AWS_ENDPOINT_URL_SSO=emu.url, AWS_ENDPOINT_URL_SSO_OIDC=emu.url)
    del v['AWS_ACCESS_KEY_ID'], v['AWS_SECRET_ACCESS_KEY']
    v.update(extra)
    if v.get('AWS_EC2_METADATA_DISABLED') == '':
        del v['AWS_EC2_METADATA_DISABLED']
    return v


def held(emu, service, op):
    """True while the emulator holds a call of this operation, unanswered."""
    return lambda: any(c['service'] == service and c['operation'] == op and c['status'] is None and
                       not c.get('transport') for c in emu.calls())


def alive(pid):
    """Running: not gone, not a zombie."""
    try:
        with open('/proc/%d/stat' % pid) as f:
            return f.read().rsplit(')', 1)[1].split()[0] != 'Z'
    except OSError:
        return False


def sleepers(seconds):
    """Processes still running `sleep SECONDS`."""
    out = []
    for p in os.listdir('/proc'):
        if p.isdigit():
            try:
                with open('/proc/%s/cmdline' % p, 'rb') as f:
                    argv = f.read().split(b'\0')
            except OSError:
                continue
            if argv[:2] == [b'sleep', str(seconds).encode()] and alive(int(p)):
                out.append(int(p))
    return out
