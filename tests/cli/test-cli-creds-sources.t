#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# Web identity, EKS Pod Identity, SSO (its refresh and FIPS portal), IMDS: the account shtui acts as, the hosts it called through the emulator's proxy, and aws v2 agreeing; a misconfigured source stops the chain.
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clitest import SHTUI, Emulator, Tap, aws, emutest, parse, shtui, shtui_env, wait_for  # noqa: E402

WEB_PROVIDER = 'oidc.eks.us-east-1.amazonaws.com/id/EMUCREDS'
WEB_ROLE = 'arn:aws:iam::444444444444:role/EmuWebIdentity'
WEB_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.emu-creds-sources.sig'
HOP2 = 'arn:aws:iam::555555555555:role/EmuSecondHop'
AGENT_A = 'emu-pod-identity-token-a'
AGENT_B = 'emu-pod-identity-token-b-after-rotation'
START_URL = 'https://emu.awsapps.com/start'

t = Tap()
e = Emulator(proxy=True)
d = tempfile.mkdtemp(prefix='shtui-sources.')


def seed(**changes):
    with open(emutest.DEMO) as f:
        s = json.load(f)
    s['roles'] += [{'arn': WEB_ROLE, 'web_identity_providers': [WEB_PROVIDER]},
                   {'arn': HOP2, 'trusted_accounts': ['444444444444']}]
    s['web_identity'] = {'tokens': [{'token': WEB_TOKEN, 'provider': WEB_PROVIDER,
                                     'subject': 'system:serviceaccount:sec:shtui'}]}
    s['container']['authorization_token'] = AGENT_A
    s['sso'] = {
        'tokens': [{'access_token': 'emu-sso-fresh', 'user': 'alice'},
                   {'access_token': 'emu-sso-expired', 'user': 'alice',
                    'expiration': '2020-01-01T00:00:00Z'}],
        'users': {'alice': {'assignments': {'444444444444': ['EmuSSO']}}},
        'clients': [{'client_id': 'emu-client', 'client_secret': 'emu-client-secret'}],
        'refresh_tokens': [{'refresh_token': 'emu-refresh-shtui', 'client_id': 'emu-client',
                            'user': 'alice'},
                           {'refresh_token': 'emu-refresh-aws', 'client_id': 'emu-client',
                            'user': 'alice'}]}
    s.update(changes)
    e.ctl('POST', 'state', s)
    return s


def write(path, text, mode=0o600):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        f.write(text)
    os.chmod(path, mode)
    return path


def home_env(name, config='', **extra):
    """A HOME of its own with this config, no keys, calls to AWS's hosts
    going to the emulator through its proxy."""
    home = os.path.join(d, name)
    os.makedirs(home, exist_ok=True)
    env = shtui_env(e, HOME=home, AWS_CONFIG_FILE=write(os.path.join(home, 'config'), config),
                    AWS_SHARED_CREDENTIALS_FILE=write(os.path.join(home, 'credentials'), ''),
                    **e.proxy_env())
    del env['AWS_ACCESS_KEY_ID'], env['AWS_SECRET_ACCESS_KEY']
    env.update(extra)
    return env


def identity(out):
    try:
        return parse(out)
    except ValueError:
        return None


def account(doc):
    return (doc or {}).get('Account')


def whoami(env, *args):
    """shtui get-caller-identity with no endpoint: every call to AWS's own
    host names, which the proxy answers."""
    rc, out, err = shtui(e, 'get-caller-identity', *args, env=env, endpoint=False)
    return rc, identity(out), err


def aws_whoami(env, *args):
    rc, out, err = aws(e, 'sts', 'get-caller-identity', *args, env=env)
    return rc, identity(out), err


def calls_since(seq, **match):
    return [c for c in e.calls(seq) if all(c.get(k) == v for k, v in match.items())]


def both(label, env, want_account, *args, arn=None):
    """shtui and aws v2 act as the same identity; the calls shtui made."""
    seq = e.last_seq()
    rc, doc, err = whoami(env, *args)
    mine = calls_since(seq)
    t.ok(rc == 0 and account(doc) == want_account and (arn is None or doc['Arn'] == arn),
         '%s: shtui acts as %s' % (label, arn or want_account), (rc, doc, err, mine))
    arc, adoc, aerr = aws_whoami(env, *args)
    t.ok(arc == 0 and adoc == doc, '%s: aws v2 gives the same identity' % label,
         'aws: %s %s %s\nshtui: %s' % (arc, adoc, aerr[-1500:], doc))
    return mine


def sso_cache(home, key, **doc):
    path = os.path.join(home, '.aws', 'sso', 'cache', hashlib.sha1(key.encode()).hexdigest() + '.json')
    body = {'startUrl': START_URL, 'region': 'eu-west-1'}
    body.update(doc)
    write(path, json.dumps(body))
    return path


SSO_CFG = ('[profile sso]\nsso_session = corp\nsso_account_id = 444444444444\nsso_role_name = EmuSSO\n'
           'region = us-east-1\n'
           '[sso-session corp]\nsso_start_url = %s\nsso_region = eu-west-1\n' % START_URL)

seed()
try:
    # ---- web identity: the environment's pair.
    token_file = write(os.path.join(d, 'web-token'), WEB_TOKEN)
    env = home_env('web-env', AWS_WEB_IDENTITY_TOKEN_FILE=token_file, AWS_ROLE_ARN=WEB_ROLE,
                   AWS_ROLE_SESSION_NAME='ci-job')
    mine = both('web identity (AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN)', env, '444444444444',
                arn='arn:aws:sts::444444444444:assumed-role/EmuWebIdentity/ci-job')
    web = [c for c in mine if c['operation'] == 'AssumeRoleWithWebIdentity']
    t.ok(len(web) == 1 and web[0]['status'] == 200 and web[0]['signature_ok'] is None and
         web[0]['host'] == 'sts.us-east-1.amazonaws.com' and
         web[0]['params'].get('RoleSessionName') == 'ci-job',
         '... one unsigned AssumeRoleWithWebIdentity at the regional STS, with the session name', web)
    gci = [c for c in mine if c['operation'] == 'GetCallerIdentity']
    t.ok(len(gci) == 1 and gci[0]['access_key_id'] == web[0].get('issued_access_key_id'),
         '... and the call signed with the keys it issued', gci)

    # The token file is read at each fetch: a token the provider does not
    # know is refused with STS's words.
    write(token_file, 'eyJ.not-a-token-of-the-provider')
    rc, doc, err = whoami(env)
    t.ok(rc == 253 and 'An error occurred (InvalidIdentityToken) when calling the '
         'AssumeRoleWithWebIdentity operation' in err and 'eyJ.not-a-token' not in err,
         'an unknown web identity token: 253, in STS\'s words, the token not shown', err)
    write(token_file, WEB_TOKEN)

    # ---- web identity: the profile's keys, and that profile as a role's source.
    cfg = ('[profile web]\nweb_identity_token_file = %s\nrole_arn = %s\nrole_session_name = from-profile\n'
           '[profile chained]\nrole_arn = %s\nsource_profile = web\nrole_session_name = chained\n'
           % (token_file, WEB_ROLE, HOP2))
    env = home_env('web-profile', cfg)
    both('web identity (profile web_identity_token_file + role_arn)', env, '444444444444',
         '--profile', 'web', arn='arn:aws:sts::444444444444:assumed-role/EmuWebIdentity/from-profile')
    mine = both('a web-identity profile as source_profile', env, '555555555555', '--profile',
                'chained', arn='arn:aws:sts::555555555555:assumed-role/EmuSecondHop/chained')
    ops = [(c['operation'], c['status']) for c in mine]
    t.eq(ops, [('AssumeRoleWithWebIdentity', 200), ('AssumeRole', 200), ('GetCallerIdentity', 200)],
         '... web identity, then AssumeRole signed with its keys, then the call')
    ar = [c for c in mine if c['operation'] == 'AssumeRole']
    t.ok(ar and ar[0]['access_key_id'] == mine[0].get('issued_access_key_id'),
         '... the AssumeRole is signed with the web identity keys', mine)

    # ---- EKS Pod Identity: container URI + AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE.
    agent_file = write(os.path.join(d, 'eks-pod-identity-token'), AGENT_A)
    url = e.url + '/_emu/container-credentials'
    env = home_env('pod', AWS_CONTAINER_CREDENTIALS_FULL_URI=url,
                   AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE=agent_file)
    seq = e.last_seq()
    rc, doc, err = whoami(env)
    got = calls_since(seq, service='container')
    t.ok(rc == 0 and account(doc) == '444444444444' and 'EmuDemoTask' in doc['Arn'] and
         [c['status'] for c in got] == [200], 'EKS Pod Identity: the token file opens the agent', (err, got))
    # aws v2.9.19 has no AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: it is
    # given the file's contents in the older variable.
    aenv = dict(env, AWS_CONTAINER_AUTHORIZATION_TOKEN=AGENT_A)
    del aenv['AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE']
    arc, adoc, aerr = aws_whoami(aenv)
    t.ok(arc == 0 and account(adoc) == '444444444444' and adoc['Arn'] == doc['Arn'],
         '... aws v2 (the token in AWS_CONTAINER_AUTHORIZATION_TOKEN) gets the same role', aerr)

    # The agent rotates its token while shtui runs: keys that live one
    # second, a page held 5 s while the file and the agent change, so the
    # next fetch must read the file again to be let in.
    s = seed(container={'role_arn': 'arn:aws:iam::444444444444:role/EmuDemoTask',
                        'authorization_token': AGENT_A, 'duration': 1},
             faults=[{'kind': 'latency', 'op': 'ListInvitations', 'ms': 5000, 'skip': 1,
                      'count': 1}])
    s['accounts']['444444444444']['regions']['us-east-1']['invitations'] = [
        {'AccountId': '222222222222', 'InvitationId': '%032x' % (i + 1),
         'InvitedAt': '2026-11-20T09:15:00.000Z', 'MemberStatus': 'Invited'} for i in range(150)]
    e.ctl('POST', 'state', s)
    write(agent_file, AGENT_A)
    seq = e.last_seq()
    p = subprocess.Popen([SHTUI, '--endpoint-url', e.url, '--region', 'us-east-1',
                          'list-invitations'], env=env, stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    held = []

    def second_page_held():
        held[:] = [c for c in calls_since(seq, operation='ListInvitations') if c['status'] is None]
        return bool(held) or p.poll() is not None
    wait_for(second_page_held, 30, 'the second page held')
    rotated = e.last_seq()
    state = e.ctl('GET', 'state')
    state['container']['authorization_token'] = AGENT_B
    write(agent_file, AGENT_B)
    e.ctl('POST', 'state', state)
    out, err = p.communicate(timeout=60)
    before = [c['status'] for c in calls_since(seq, service='container') if c['seq'] <= rotated]
    after = [c['status'] for c in calls_since(rotated, service='container')]
    t.ok(p.returncode == 0 and len((identity(out) or {}).get('Invitations', [])) == 150,
         'the token file rotated during a run: every page read', (p.returncode, err))
    t.ok(before and after and set(before + after) == {200},
         '... the fetch after the change sent the new token (agent said %s then %s)' % (before, after),
         err)
    seed()

    # ---- SSO with sso_session: the portal by its own host name.
    env = home_env('sso', SSO_CFG)
    sso_cache(env['HOME'], 'corp', accessToken='emu-sso-fresh', expiresAt='2099-01-01T00:00:00Z')
    mine = both('SSO (sso_session)', env, '444444444444', '--profile', 'sso')
    portal = [(c['operation'], c['host'], c['status']) for c in mine if c['service'] == 'sso']
    t.eq(portal, [('GetRoleCredentials', 'portal.sso.eu-west-1.amazonaws.com', 200)],
         '... GetRoleCredentials at the portal of sso_region')

    # FIPS and dual-stack portals, as aws v2 chooses them.
    for n, (flags, host) in enumerate((('use_fips_endpoint = true\n', 'portal.sso-fips.eu-west-1.amazonaws.com'),
                        ('use_fips_endpoint = true\nuse_dualstack_endpoint = true\n',
                         'portal.sso-fips.eu-west-1.api.aws'),
                        ('use_dualstack_endpoint = true\n', 'portal.sso.eu-west-1.api.aws'))):
        # A HOME each: aws v2 keeps the role's keys in ~/.aws/cli/cache.
        cfg = SSO_CFG.replace('region = us-east-1\n', 'region = us-east-1\n' + flags)
        env = home_env('sso-%d' % n, cfg)
        sso_cache(env['HOME'], 'corp', accessToken='emu-sso-fresh',
                  expiresAt='2099-01-01T00:00:00Z')
        label = flags.strip().replace('\n', ', ')
        seq = e.last_seq()
        rc, doc, err = whoami(env, '--profile', 'sso')
        got = [(c['host'], c['status']) for c in calls_since(seq, service='sso')]
        t.ok(rc == 0 and got == [(host, 200)], 'SSO portal with %s: %s' % (label, host), (got, err))
        seq = e.last_seq()
        arc, _, aerr = aws_whoami(env, '--profile', 'sso')
        agot = [(c['host'], c['status']) for c in calls_since(seq, service='sso')]
        t.eq(agot, got, '... the host aws v2 calls with %s' % label)

    # ---- SSO refresh: an expired token and the cache's refresh token.
    env = home_env('sso-refresh', SSO_CFG)
    refresh = dict(accessToken='emu-sso-expired', expiresAt='2020-01-01T00:00:00Z',
                   clientId='emu-client', clientSecret='emu-client-secret',
                   registrationExpiresAt='2099-01-01T00:00:00Z')
    cache = sso_cache(env['HOME'], 'corp', refreshToken='emu-refresh-shtui', **refresh)
    seq = e.last_seq()
    rc, doc, err = whoami(env, '--profile', 'sso')
    ops = [(c['operation'], c['host'], c['status']) for c in calls_since(seq)]
    t.ok(rc == 0 and account(doc) == '444444444444',
         'SSO refresh: an expired token is refreshed and the call succeeds', (err, ops))
    t.eq(ops, [('CreateToken', 'oidc.eu-west-1.amazonaws.com', 200),
               ('GetRoleCredentials', 'portal.sso.eu-west-1.amazonaws.com', 200),
               ('GetCallerIdentity', 'sts.us-east-1.amazonaws.com', 200)],
         '... CreateToken at OIDC of sso_region, then the portal with the new token')
    with open(cache) as f:
        cached = json.load(f)
    issued = {t_['access_token'] for t_ in e.ctl('GET', 'state')['sso']['tokens']}
    refreshed = [r['refresh_token'] for r in e.ctl('GET', 'state')['sso']['refresh_tokens']]
    t.ok(cached.get('accessToken', '').startswith('aoa') and cached['accessToken'] in issued and
         cached.get('expiresAt', '') > '2026' and cached.get('refreshToken') in refreshed and
         cached.get('refreshToken') != 'emu-refresh-shtui' and
         cached.get('clientId') == 'emu-client' and cached.get('startUrl') == START_URL,
         '... the cache is written back: new accessToken, expiresAt, refreshToken, the rest kept',
         {k: (v if k in ('expiresAt', 'clientId', 'startUrl') else v[:3]) for k, v in cached.items()})
    t.ok(oct(os.stat(cache).st_mode & 0o777) == '0o600', '... and stays private (0600)',
         oct(os.stat(cache).st_mode))
    seq = e.last_seq()
    rc, doc, err = whoami(env, '--profile', 'sso')
    t.ok(rc == 0 and account(doc) == '444444444444' and
         not calls_since(seq, operation='CreateToken'), '... the next run uses it as is', err)
    # The same used refresh token again: it is refused, and the user is
    # told to log in.
    cache = sso_cache(env['HOME'], 'corp', refreshToken='emu-refresh-shtui', **refresh)
    seq = e.last_seq()
    rc, doc, err = whoami(env, '--profile', 'sso')
    t.ok(rc == 253 and 'To refresh this SSO session run aws sso login --profile sso' in err,
         'a refresh token used already: 253 and the login command', err)
    t.eq([(c['operation'], c['status']) for c in calls_since(seq)], [('CreateToken', 400)],
         '... after one refused CreateToken, nothing else is sent')
    # aws v2 refreshes its own copy the same way.
    aenv = home_env('sso-refresh-aws', SSO_CFG)
    acache = sso_cache(aenv['HOME'], 'corp', refreshToken='emu-refresh-aws', **refresh)
    seq = e.last_seq()
    arc, adoc, aerr = aws_whoami(aenv, '--profile', 'sso')
    aops = [(c['operation'], c['host'], c['status']) for c in calls_since(seq)][:2]
    t.ok(arc == 0 and account(adoc) == '444444444444' and
         aops == [('CreateToken', 'oidc.eu-west-1.amazonaws.com', 200),
                  ('GetRoleCredentials', 'portal.sso.eu-west-1.amazonaws.com', 200)],
         '... aws v2 refreshes the same way and acts as the same account', (aops, aerr[-1500:]))
    with open(acache) as f:
        acached = json.load(f)
    t.eq(sorted(acached), sorted(cached), '... and writes back the same members shtui writes')

    # ---- IMDSv2.
    env = home_env('imds', AWS_EC2_METADATA_SERVICE_ENDPOINT=e.url + '/')
    del env['AWS_EC2_METADATA_DISABLED']
    seq = e.last_seq()
    rc, doc, err = shtui(e, 'get-caller-identity', env=env, region='eu-west-1')
    t.ok(rc == 0 and account(identity(doc)) == '111111111111' and
         [c['operation'] for c in calls_since(seq, service='imds')] == ['GetToken', 'ListRoles',
                                                                         'GetCredentials'],
         'IMDSv2: the instance role, token first', err)
    arc, adoc, aerr = aws(e, 'sts', 'get-caller-identity', env=env, region='eu-west-1')
    t.ok(arc == 0 and identity(adoc) == identity(doc), '... aws v2 the same', aerr)

    # ---- a profile that names a source and gets it wrong stops the chain,
    # even with instance metadata at hand.
    bad = ('[profile oops]\nsso_session = oops\nsso_account_id = 444444444444\nsso_role_name = EmuSSO\n'
           '[profile noregion]\nsso_session = half\nsso_account_id = 444444444444\n'
           'sso_role_name = EmuSSO\n[sso-session half]\nsso_start_url = %s\n'
           '[profile nosource]\nrole_arn = %s\nsource_profile = nowhere\n' % (START_URL, HOP2))
    env = home_env('bad', bad, AWS_EC2_METADATA_SERVICE_ENDPOINT=e.url + '/')
    del env['AWS_EC2_METADATA_DISABLED']
    for profile, words in (
            ('oops', 'The specified sso-session does not exist: "oops"'),
            ('noregion', 'The profile "noregion" is configured to use SSO but is missing required '
                         'configuration: sso_region'),
            ('nosource', 'The source_profile "nowhere" referenced in the profile "nosource" does '
                         'not exist.')):
        seq = e.last_seq()
        rc, doc, err = shtui(e, 'get-caller-identity', '--profile', profile, env=env)
        reached = [(c['service'], c['operation']) for c in calls_since(seq)]
        t.ok(rc == 253 and words in err and doc == '',
             'profile %s: 253, "%s"' % (profile, words), (rc, err))
        t.eq(reached, [], '... and nothing is called: not the instance role, not STS')
        arc, adoc, aerr = aws_whoami(env, '--profile', profile)
        t.ok(arc in (253, 255) and adoc is None, '... aws v2 refuses too (exit %s)' % arc, aerr)

    # Many contexts on the failing source, beside a good one: each of its
    # contexts fails with its words, the good one is untouched.
    with open(env['AWS_CONFIG_FILE'], 'a') as f:
        f.write('[profile good]\nweb_identity_token_file = %s\nrole_arn = %s\n' % (token_file, WEB_ROLE))
    regions = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-west-2']
    seq = e.last_seq()
    rc, out, err = shtui(e, '--profiles', 'oops,good', '--regions', ','.join(regions),
                         'get-invitations-count', env=env, region=None)
    doc = identity(out) or []
    bad_ctx = [c for c in doc if c.get('Profile') == 'oops']
    good_ctx = [c for c in doc if c.get('Profile') == 'good']
    t.ok(rc == 254 and len(bad_ctx) == 6 and all(
        'The specified sso-session does not exist: "oops"' in c.get('Error', {}).get('Message', '')
        for c in bad_ctx), '--profiles: the 6 contexts of the broken profile fail with its words',
        (rc, out[:1500], err))
    t.ok(len(good_ctx) == 6 and all(c.get('Account') == '444444444444' and
                                    'sso-session' not in json.dumps(c) for c in good_ctx) and
         len(calls_since(seq, operation='AssumeRoleWithWebIdentity')) == 1,
         '... the good profile\'s 6 contexts act as its role, on one AssumeRoleWithWebIdentity',
         good_ctx)
    t.eq([c['service'] for c in calls_since(seq) if c['service'] == 'imds'], [],
         '... and no context fell through to instance metadata')
finally:
    e.stop()
    shutil.rmtree(d, ignore_errors=True)
sys.exit(t.done())
