#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# Accounts reached without a profile each: a role assumed in each (--accounts, from a list and an accounts.csv) and the accounts of an SSO session (--sso-accounts, every page); one AssumeRole or GetRoleCredentials per account, each account's own diagnosis, ways to the same account merged into one context.
import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clitest import Emulator, Tap, parse, shtui, shtui_env  # noqa: E402
from emutest import DEMO  # noqa: E402

ROLE = 'SecurityHubMember'
ADMIN = '999999999999'
REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2']
IDS = ['3000000000%02d' % i for i in range(8)]
DENY, MISSING = IDS[5], IDS[6]
SHARED = IDS[1]   # also reached by two profiles


def arn(acct, path='/'):
    return 'arn:aws:iam::%s:role%s%s' % (acct, path, ROLE)


t = Tap()
d = tempfile.mkdtemp()
seed = json.load(open(DEMO))
seed['role_fanout'] = {'base': '111111111111', 'accounts': IDS, 'role_name': ROLE,
                       'regions': REGIONS, 'administrator': ADMIN, 'deny': [DENY],
                       'missing': [MISSING], 'name_prefix': 'fleet-'}
seed['accounts'][SHARED] = {'keys': [{'access_key_id': 'AKIASHARED0000000001',
                                      'secret_access_key': 'sharedSecret/0001/EXAMPLEKEYEXAMPLE',
                                      'arn': 'arn:aws:iam::%s:user/own' % SHARED,
                                      'user_id': 'AIDASHARED0000000001'}],
                            'opted_out_regions': ['af-south-1']}
with open(os.path.join(d, 'seed.json'), 'w') as f:
    json.dump(seed, f)
e = Emulator(os.path.join(d, 'seed.json'))
initial = e.ctl('GET', 'state')


def calls(op):
    return [c for c in e.calls() if c['operation'] == op]


def clear():
    e.ctl('POST', 'calls/clear', {})


try:
    env = shtui_env(e)
    regions = ','.join(REGIONS)

    # --accounts from a list: every account in every region, one AssumeRole per account.
    clear()
    rc, out, err = shtui(e, '--accounts', ','.join(IDS), '--role-name', ROLE, '--regions', regions,
                         'list-invitations', env=env, region=None)
    doc = parse(out) or []
    t.eq(rc, 254, 'two accounts cannot be reached: exit 254')
    t.eq(len(doc), len(IDS) * len(REGIONS), 'one object per account and region')
    t.eq(sorted({c.get('Role') for c in doc}), sorted(arn(a) for a in IDS),
         'each object names the role it was reached by')
    wrong = [c for c in doc if c['Account'] not in (DENY, MISSING) and
             ([i['AccountId'] for i in c.get('Invitations', [])] != [ADMIN] or c.get('Account') != c['Role'].split(':')[4])]
    t.eq(wrong, [], 'each reachable account lists its own pending invitation')
    t.ok(all('Profile' not in c and 'AccountName' not in c for c in doc),
         'no Profile key and no AccountName when none is known')
    assume = calls('AssumeRole')
    t.eq(sorted(c.get('target_account') for c in assume), sorted(IDS),
         'exactly one AssumeRole per account, however many regions (%d)' % len(assume))
    t.eq(len(calls('ListInvitations')), (len(IDS) - 2) * len(REGIONS),
         'ListInvitations only where the role could be assumed')
    for bad in (DENY, MISSING):
        errs = [c.get('Error') or {} for c in doc if c['Account'] == bad]
        hint = errs[0].get('Hint') or '' if errs else ''
        t.ok(len(errs) == len(REGIONS) and all('AccessDenied' in (x.get('Message') or '') for x in errs)
             and arn(bad) in hint and 'does not trust' in hint and 'does not exist' in hint,
             '%s: its own diagnosis names the role ARN and both causes' % bad, errs[:1])
    t.ok(all(l.startswith(arn(DENY)) or l.startswith(arn(MISSING)) for l in err.strip().splitlines()),
         'stderr names only the two failing accounts', err)

    # An accounts.csv as the AWS multi-account scripts write it, with a header, comments and names.
    csv = os.path.join(d, 'accounts.csv')
    with open(csv, 'w') as f:
        f.write('AccountId,Name\n# the members\n%s,fleet-0001\n\n%s, "Payments"\n%s\n'
                % (IDS[0], IDS[2], IDS[3]))
    clear()
    rc, out, err = shtui(e, '--accounts', '@' + csv, '--role-name', ROLE, '--regions', 'us-east-1,eu-west-1',
                         '--role-session-name', 'audit', '--duration-seconds', '1800',
                         'get-invitations-count', env=env, region=None)
    doc = parse(out) or []
    t.eq(rc, 0, 'accounts.csv: every account answers, exit 0', )
    t.eq([(c['Account'], c.get('AccountName'), c['Region'], c.get('InvitationsCount')) for c in doc],
         [(IDS[0], 'fleet-0001', 'us-east-1', 1), (IDS[0], 'fleet-0001', 'eu-west-1', 1),
          (IDS[2], 'Payments', 'us-east-1', 1), (IDS[2], 'Payments', 'eu-west-1', 1),
          (IDS[3], None, 'us-east-1', 1), (IDS[3], None, 'eu-west-1', 1)],
         'accounts.csv: its accounts in order, with their names where the file gives them')
    t.ok(list(doc[0].keys())[:4] == ['Role', 'Region', 'Account', 'AccountName'] if doc else False,
         'the object begins Role, Region, Account, AccountName', doc[:1])
    params = [c.get('params') or {} for c in calls('AssumeRole')]
    t.eq(sorted((p.get('RoleArn'), p.get('RoleSessionName'), str(p.get('DurationSeconds'))) for p in params),
         [(arn(a), 'audit', '1800') for a in (IDS[0], IDS[2], IDS[3])],
         'one AssumeRole per account of the file, with the session name and duration given')

    # A session longer than the role allows: said per account, with the way out.
    rc, out, err = shtui(e, '--accounts', IDS[0], '--role-name', ROLE, '--duration-seconds', '7200',
                         'get-invitations-count', env=env)
    doc = parse(out) or []
    hint = ((doc[0].get('Error') or {}).get('Hint') or '') if doc else ''
    t.ok(rc == 254 and 'shorter sessions' in hint and arn(IDS[0]) in hint,
         'a role whose sessions are shorter than --duration-seconds is diagnosed', out + err)

    # Bad input: a usage error that names the file and line, nothing sent.
    with open(csv, 'w') as f:
        f.write('%s,a\n12345,b\n' % IDS[0])
    clear()
    rc, out, err = shtui(e, '--accounts', '@' + csv, '--role-name', ROLE, 'list-invitations', env=env)
    t.ok(rc == 252 and ('%s:2:' % csv) in err and '12345' in err and not calls('AssumeRole'),
         'a bad line is a usage error naming file and line', err)
    rc, out, err = shtui(e, '--accounts', IDS[0] + ',x', '--role-name', ROLE, 'list-invitations', env=env)
    t.ok(rc == 252 and '12 digits' in err, 'a bad list item is a usage error', err)
    rc, out, err = shtui(e, '--accounts', IDS[0], 'list-invitations', env=env)
    t.ok(rc == 252 and '--role-name' in err, '--accounts without --role-name is a usage error', err)
    rc, out, err = shtui(e, '--accounts', ','.join(IDS), '--role-name', ROLE, 'list-invitations',
                         env=env, region=None)
    t.ok(rc == 253 and err.count('You must specify a region') == 1 and not calls('AssumeRole'),
         'no region anywhere: said once, not once per account, exit 253', err)
    rc, out, err = shtui(e, '--role-name', ROLE, 'list-invitations', env=env)
    t.ok(rc == 252 and '--accounts' in err, '--role-name without --accounts is a usage error', err)
    rc, out, err = shtui(e, '--accounts', '@' + os.path.join(d, 'none.csv'), '--role-name', ROLE,
                         'list-invitations', env=env)
    t.ok(rc == 252 and 'none.csv' in err, 'a missing file is a usage error naming it', err)

    # Two profiles (own keys; a role over the base) and --accounts reaching the same account.
    cfg, creds = os.path.join(d, 'config'), os.path.join(d, 'credentials')
    with open(cfg, 'w') as f:
        f.write('[default]\nregion = us-east-1\n\n[profile shared-keys]\nregion = us-east-1\n\n'
                '[profile shared-role]\nregion = us-east-1\nrole_arn = %s\nsource_profile = default\n'
                % arn(SHARED))
    with open(creds, 'w') as f:
        f.write('[default]\naws_access_key_id = AKIAEMUDEMO111111111\naws_secret_access_key = '
                'emuDemoSecretKey/111111111111/EXAMPLEKEY\n\n[shared-keys]\naws_access_key_id = '
                'AKIASHARED0000000001\naws_secret_access_key = sharedSecret/0001/EXAMPLEKEYEXAMPLE\n')
    penv = shtui_env(e, AWS_CONFIG_FILE=cfg, AWS_SHARED_CREDENTIALS_FILE=creds,
                     HOME=d)
    del penv['AWS_ACCESS_KEY_ID'], penv['AWS_SECRET_ACCESS_KEY']
    two = os.path.join(d, 'two.csv')
    with open(two, 'w') as f:
        f.write('%s,Shared\n%s\n' % (SHARED, IDS[2]))
    rc, out, err = shtui(e, '--profiles', 'shared-*', '--accounts', '@' + two,
                         '--role-name', ROLE, '--regions', 'us-east-1,eu-west-1', 'list-invitations',
                         env=penv, region=None)
    doc = parse(out) or []
    t.eq(rc, 0, 'merged: exit 0')
    t.eq(sorted((c['Account'], c['Region']) for c in doc),
         sorted((a, r) for a in (SHARED, IDS[2]) for r in ('us-east-1', 'eu-west-1')),
         'one object per account and region, however many ways reach it')
    sh = [c for c in doc if c['Account'] == SHARED]
    ways = {'shared-keys', 'shared-role', arn(SHARED)}
    t.ok(len(sh) == 2 and all(c.get('Profile') in ways and c.get('AccountName') == 'Shared' and
                              'Invitations' in c and
                              set([c['Profile']] + (c.get('AlsoReachedBy') or '').split(', ')) == ways
                              for c in sh),
         'a profile that answered acts, the other ways are named, the name is kept', sh)

    # One accept per invitation across the merged ways.
    clear()
    rc, out, err = shtui(e, '--profiles', 'shared-*', '--accounts', '%s,%s' % (SHARED, IDS[2]),
                         '--role-name', ROLE, '--regions', 'us-east-1,eu-west-1',
                         'accept-administrator-invitation', '--administrator-id', ADMIN, '--yes',
                         env=penv, region=None)
    accepts = calls('AcceptAdministratorInvitation')
    t.eq(rc, 0, 'bulk accept over merged ways: exit 0')
    t.eq(sorted((c.get('account'), c.get('region'), c.get('status')) for c in accepts),
         sorted((a, r, 200) for a in (SHARED, IDS[2]) for r in ('us-east-1', 'eu-west-1')),
         'one accept per invitation, each answered 200')

    # The way that acts is refused: the next way to the same account takes over.
    OWN_KEY = 'AKIASHARED0000000001'
    both = ['--profiles', 'shared-keys', '--accounts', SHARED, '--role-name', ROLE]

    def role_keys():
        # The keys the emulator issued for the role (the run may take them from its cache).
        keys = e.ctl('GET', 'state')['accounts'][SHARED]['keys']
        return {k['access_key_id'] for k in keys if ':assumed-role/%s/' % ROLE in k.get('arn', '')}

    def reset():
        # The invitations as the seed had them; keys issued since (and cached) are kept.
        now = e.ctl('GET', 'state')
        now['accounts'][SHARED]['regions'] = initial['accounts'][SHARED]['regions']
        now['faults'] = []
        e.ctl('POST', 'state', now)

    def aside(c):
        return [(x.get('Way'), x.get('Reason') or '') for x in c.get('SetAside') or []]

    # (1) Security Hub refuses the profile's own keys (its identity still answers).
    reset()
    e.faults([{'kind': 'iam_deny', 'service': 'securityhub', 'access_key_id': OWN_KEY}])
    clear()
    rc, out, err = shtui(e, *both, '--regions', 'us-east-1,eu-west-1', 'list-invitations',
                         env=penv, region=None)
    doc = parse(out) or []
    t.ok(rc == 0 and sorted(c['Region'] for c in doc) == ['eu-west-1', 'us-east-1'] and
         all(c.get('Role') == arn(SHARED) and 'Profile' not in c and
             c.get('AlsoReachedBy') == 'shared-keys' and
             [i['AccountId'] for i in c.get('Invitations', [])] == [ADMIN] and
             [w for w, _ in aside(c)] == ['shared-keys'] and
             all('AccessDeniedException' in r and 'securityhub:ListInvitations' in r for _, r in aside(c))
             for c in doc),
         'profile refused: one object per region, read through the role, the profile set aside '
         'with why', out + err)
    lists = calls('ListInvitations')
    own = [c for c in lists if c['access_key_id'] == OWN_KEY]
    role = [c for c in lists if c['access_key_id'] in role_keys()]
    t.ok(own and all(c['status'] == 403 for c in own) and len(own) + len(role) == len(lists) and
         sorted({c['region'] for c in role if c['status'] == 200}) == ['eu-west-1', 'us-east-1'],
         'the emulator refused the profile and answered the role in each region', lists)
    clear()
    rc, out, err = shtui(e, *both, '--regions', 'us-east-1,eu-west-1', 'accept-administrator-invitation',
                         '--administrator-id', ADMIN, '--yes', env=penv, region=None)
    doc = parse(out) or []
    accepts = calls('AcceptAdministratorInvitation')
    t.eq(rc, 0, 'accept with the profile refused: exit 0')
    t.eq(sorted((c['account'], c['region'], c['status']) for c in accepts),
         [(SHARED, 'eu-west-1', 200), (SHARED, 'us-east-1', 200)], 'one accept per invitation')
    t.ok(accepts and all(c['access_key_id'] in role_keys() for c in accepts),
         'each accept was sent by the role\'s principal', accepts)
    t.ok(len(doc) == 2 and all(c.get('Role') == arn(SHARED) and c.get('Operation') ==
                               'AcceptAdministratorInvitation' for c in doc),
         'the JSON names the role as the way that acted', doc)

    # The profile's keys are not recognised by Security Hub: the same.
    reset()
    unrecognised = {'kind': 'error', 'service': 'securityhub', 'access_key_id': OWN_KEY, 'status': 403,
                    'code': 'UnrecognizedClientException',
                    'message': 'The security token included in the request is invalid.'}
    e.faults([unrecognised])
    rc, out, err = shtui(e, *both, '--regions', 'us-east-1,eu-west-1', 'get-invitations-count',
                         env=penv, region=None)
    doc = parse(out) or []
    t.ok(rc == 0 and len(doc) == 2 and
         all(c.get('Role') == arn(SHARED) and c.get('InvitationsCount') == 1 and
             [w for w, _ in aside(c)] == ['shared-keys'] and 'UnrecognizedClientException' in aside(c)[0][1]
             for c in doc),
         'keys not recognised: read through the role, the profile set aside', out + err)
    # In an opt-in region the same answer could mean the region is not opted in; once the key is
    # known bad elsewhere, that region's row gives way too (ap-east-1: opted in, hub not enabled).
    # The profile's answer in us-east-1 is held back so that ap-east-1's usually comes first.
    e.faults([{'kind': 'latency', 'ms': 1500, 'service': 'securityhub', 'region': 'us-east-1',
               'access_key_id': OWN_KEY}, unrecognised])
    rc, out, err = shtui(e, *both, '--regions', 'us-east-1,ap-east-1', 'get-invitations-count', env=penv,
                         region=None)
    doc = {c['Region']: c for c in parse(out) or []}
    east = doc.get('ap-east-1', {})
    t.ok(doc.get('us-east-1', {}).get('InvitationsCount') == 1 and east.get('Role') == arn(SHARED) and
         [w for w, _ in aside(east)] == ['shared-keys'] and
         (east.get('Error') or {}).get('Code') == 'InvalidAccessException',
         'keys not recognised: the opt-in region is read through the role too', out + err)

    # A change the profile is refused is not sent again through the role.
    reset()
    accept_ops = ['AcceptAdministratorInvitation', 'AcceptInvitation']   # and its fallback
    e.faults([{'kind': 'iam_deny', 'op': accept_ops, 'access_key_id': OWN_KEY}])
    clear()
    rc, out, err = shtui(e, *both, '--regions', 'us-east-1,eu-west-1', 'accept-administrator-invitation',
                         '--administrator-id', ADMIN, '--yes', env=penv, region=None)
    doc = parse(out) or []
    accepts = [c for c in e.calls() if c['operation'] in accept_ops]
    t.ok(rc == 254 and sorted((c['access_key_id'], c['region'], c['status']) for c in accepts) ==
         [(OWN_KEY, 'eu-west-1', 403), (OWN_KEY, 'eu-west-1', 403), (OWN_KEY, 'us-east-1', 403),
          (OWN_KEY, 'us-east-1', 403)] and
         all(c.get('Profile') == 'shared-keys' and (c.get('Error') or {}).get('Code') ==
             'AccessDeniedException' for c in doc),
         'an accept refused to the profile fails as it is (the call and its fallback), none through the role',
         (rc, accepts, doc))

    # (2) The role is denied, the profile works: one object per region, the profile acts.
    reset()
    shutil.rmtree(os.path.join(d, '.aws', 'cli', 'cache'), ignore_errors=True)   # asked again
    e.faults([{'kind': 'iam_deny', 'op': 'AssumeRole', 'target_account': SHARED}])
    clear()
    rc, out, err = shtui(e, *both, '--regions', 'us-east-1,eu-west-1', 'accept-administrator-invitation',
                         '--administrator-id', ADMIN, '--yes', env=penv, region=None)
    doc = parse(out) or []
    accepts = calls('AcceptAdministratorInvitation')
    t.ok(rc == 0 and sorted(c['Region'] for c in doc) == ['eu-west-1', 'us-east-1'] and
         all(c.get('Profile') == 'shared-keys' and c.get('AlsoReachedBy') == arn(SHARED) and
             [w for w, _ in aside(c)] == [arn(SHARED)] and 'AssumeRole' in aside(c)[0][1]
             for c in doc),
         'role denied: one object per region, the profile acts, the role set aside with why', out + err)
    t.eq(sorted((c['access_key_id'], c['region'], c['status']) for c in accepts),
         [(OWN_KEY, 'eu-west-1', 200), (OWN_KEY, 'us-east-1', 200)],
         'one accept per invitation, sent with the profile\'s keys')

    # (3) A region not opted in, and an SCP, are the account's: no way is set aside there.
    reset()
    e.faults([{'kind': 'iam_deny', 'service': 'securityhub', 'access_key_id': OWN_KEY,
               'region': 'us-east-1'},
              {'kind': 'scp_deny', 'service': 'securityhub', 'account': SHARED, 'region': 'eu-west-1'}])
    clear()
    rc, out, err = shtui(e, *both, '--regions', 'us-east-1,eu-west-1,af-south-1', 'list-invitations',
                         env=penv, region=None)
    doc = {c['Region']: c for c in parse(out) or []}
    t.ok(doc.get('us-east-1', {}).get('Role') == arn(SHARED) and
         'Invitations' in doc.get('us-east-1', {}),
         'the region where the profile is refused is read through the role', doc.get('us-east-1'))
    for region, code in (('af-south-1', 'UnrecognizedClientException'),
                         ('eu-west-1', 'AccessDeniedException')):
        c = doc.get(region, {})
        t.ok(c.get('Profile') == 'shared-keys' and (c.get('Error') or {}).get('Code') == code and
             'SetAside' not in c and c.get('AlsoReachedBy') == arn(SHARED),
             '%s (%s): the profile still acts, no way set aside' % (region, code), c)
        sent = [x for x in calls('ListInvitations') if x['region'] == region]
        t.ok(len([x for x in sent if x['access_key_id'] == OWN_KEY]) == 1 and
             len([x for x in sent if x['access_key_id'] in role_keys()]) <= 1,
             '%s: asked once per way, nothing asked again through the role' % region, sent)
    e.faults([])
finally:
    e.stop()

# --sso-accounts: 25 accounts (two pages of ListAccounts), one with 26 roles (two pages of
# ListAccountRoles), one with two roles.
SSO_IDS = ['4000000000%02d' % i for i in range(25)]
BIG, TWO = SSO_IDS[3], SSO_IDS[7]
TOKEN = 'emu-sso-access-token-for-alice'
seed = json.load(open(DEMO))
seed['sso'] = {'tokens': [{'access_token': TOKEN, 'user': 'alice'}],
               'users': {'alice': {'assignments': {BIG: ['Extra%02d' % i for i in range(25)],
                                                   TWO: ['ReadOnly']}}}}
seed['role_fanout'] = {'base': '111111111111', 'accounts': SSO_IDS, 'role_name': ROLE,
                       'regions': ['us-east-1', 'eu-west-1'], 'administrator': ADMIN,
                       'name_prefix': 'org-', 'sso_user': 'alice'}
with open(os.path.join(d, 'sso-seed.json'), 'w') as f:
    json.dump(seed, f)
e = Emulator(os.path.join(d, 'sso-seed.json'))
try:
    import hashlib
    cache = os.path.join(d, 'home', '.aws', 'sso', 'cache')
    os.makedirs(cache)
    with open(os.path.join(cache, hashlib.sha1(b'corp').hexdigest() + '.json'), 'w') as f:
        json.dump({'startUrl': 'https://emu.awsapps.com/start', 'region': 'eu-west-1',
                   'accessToken': TOKEN, 'expiresAt': '2099-01-01T00:00:00Z'}, f)
    cfg = os.path.join(d, 'sso-config')
    with open(cfg, 'w') as f:
        f.write('[profile org]\nsso_session = corp\nregion = us-east-1\n'
                '[sso-session corp]\nsso_start_url = https://emu.awsapps.com/start\nsso_region = eu-west-1\n')
    senv = shtui_env(e, AWS_CONFIG_FILE=cfg, AWS_SHARED_CREDENTIALS_FILE=os.path.join(d, 'none'),
                     HOME=os.path.join(d, 'home'), AWS_ENDPOINT_URL_SSO=e.url)
    del senv['AWS_ACCESS_KEY_ID'], senv['AWS_SECRET_ACCESS_KEY']
    rc, out, err = shtui(e, '--profile', 'org', '--sso-accounts', '--regions', 'us-east-1,eu-west-1',
                         'list-invitations', env=senv, region=None)
    doc = parse(out) or []
    t.eq(rc, 254, '--sso-accounts without --role-name: two accounts need one, exit 254')
    t.eq(sorted({c['Account'] for c in doc}), SSO_IDS, 'every account of the session, over two pages')
    good = [c for c in doc if c['Account'] not in (BIG, TWO)]
    t.ok(len(good) == 46 and all(c.get('Profile') == 'org' and c.get('Role') == ROLE and
                                 c.get('AccountName') == 'org-%04d' % (SSO_IDS.index(c['Account']) + 1) and
                                 [i['AccountId'] for i in c.get('Invitations', [])] == [ADMIN] for c in good),
         'each account with one role: its name, its role, its invitation', good[:2])
    two = [c for c in doc if c['Account'] == TWO]
    hint = (two[0].get('Error') or {}).get('Hint') or '' if two else ''
    t.ok(len(two) == 2 and all(c.get('Role') is None and 'Error' in c for c in two) and
         'several roles' in hint and 'ReadOnly' in hint and ROLE in hint and '--role-name' in hint,
         'an account with several roles is listed as needing --role-name, not guessed', two[:1])
    sso = [c for c in e.calls() if c.get('service') == 'sso']
    ops = {}
    for c in sso:
        ops[c['operation']] = ops.get(c['operation'], 0) + 1
    t.eq(ops, {'ListAccounts': 2, 'ListAccountRoles': 26, 'GetRoleCredentials': 23},
         'two pages of accounts, every page of roles, one GetRoleCredentials per usable account')
    t.ok(all(c.get('status') == 200 for c in sso), 'every portal call answered 200')

    clear()
    rc, out, err = shtui(e, '--profile', 'org', '--sso-accounts', '--role-name', ROLE,
                         '--region', 'us-east-1', 'get-invitations-count', env=senv, region=None)
    doc = parse(out) or []
    t.ok(rc == 0 and len(doc) == 25 and all(c.get('InvitationsCount') == 1 and c.get('Role') == ROLE
                                            for c in doc),
         '--role-name: the named role in every account, found on the second page of 26 roles', err + out[:800])
    got = sorted(c['params'].get('account_id') for c in e.calls() if c['operation'] == 'GetRoleCredentials')
    t.eq(got, SSO_IDS, 'one GetRoleCredentials per account')
finally:
    e.stop()
    shutil.rmtree(d, ignore_errors=True)
sys.exit(t.done())
