# SPDX-License-Identifier: Apache-2.0
# A fleet for the tests and the benchmark: 12 member accounts with a profile each, in 16 regions, invited by one administrator (and one account by a second).
"""make(dir) writes the emulator seed and the AWS config and credentials
files into dir and returns (seed, config, credentials, facts)."""

import json
import os

ADMIN_A = '999999999999'
ADMIN_B = '888888888888'
REGIONS = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'sa-east-1',
           'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1', 'ap-east-1',
           'ap-south-1', 'ap-northeast-1', 'ap-southeast-1', 'ap-southeast-2']
N = 12


def account(i):
    return str(100000000000 + i)


def profile(i):
    return 'member-%02d' % i


def invitation_id(admin, i, region):
    return ('%s%02d%s' % (admin[:4], i, region.replace('-', '')) + '0' * 32)[:32]


def make(d):
    not_enabled = {(1, 'ca-central-1'), (2, 'sa-east-1')}
    opted_out = {(4, 'ap-east-1')}
    scp = (5, 'eu-north-1')
    second = (3, ['us-east-1', 'eu-west-1', 'ap-south-1'])
    accounts = {}
    expect = {}
    for i in range(N):
        regions = {}
        for r in REGIONS:
            enabled = (i, r) not in not_enabled
            invs = []
            if enabled and (i, r) not in opted_out:
                invs.append({'AccountId': ADMIN_A, 'InvitationId': invitation_id(ADMIN_A, i, r),
                             'InvitedAt': '2026-11-20T09:%02d:00.000Z' % i,
                             'MemberStatus': 'Invited' if i % 2 else 'INVITED'})
                if i == second[0] and r in second[1]:
                    invs.append({'AccountId': ADMIN_B, 'InvitationId': invitation_id(ADMIN_B, i, r),
                                 'InvitedAt': '2026-11-21T10:00:00.000Z', 'MemberStatus': 'Invited'})
            regions[r] = {'hub': {'enabled': enabled, 'subscribed_at': '2026-01-01T00:00:00.000Z',
                                  'auto_enable_controls': True},
                          'administrator': None, 'invitations': invs}
            expect[(profile(i), r)] = (
                'InvalidAccessException' if not enabled else
                'UnrecognizedClientException' if (i, r) in opted_out else
                'AccessDeniedException' if (i, r) == scp else
                [x['AccountId'] for x in invs])
        accounts[account(i)] = {
            'keys': [{'access_key_id': 'AKIAFLEET%011d' % i,
                      'secret_access_key': 'fleetSecret/%02d/EXAMPLEKEYEXAMPLEKEY' % i,
                      'arn': 'arn:aws:iam::%s:user/fleet' % account(i),
                      'user_id': 'AIDAFLEET%011d' % i}],
            'opted_out_regions': [r for (k, r) in opted_out if k == i],
            'regions': regions}
    seed = {'_spdx': 'SPDX-License-Identifier: Apache-2.0', 'page_size': 50,
            'accounts': accounts,
            'faults': [{'kind': 'scp_deny', 'account': account(scp[0]), 'region': scp[1]}]}
    paths = [os.path.join(d, n) for n in ('fleet.json', 'config', 'credentials')]
    with open(paths[0], 'w') as f:
        json.dump(seed, f)
    with open(paths[1], 'w') as f:
        for i in range(N):
            f.write('[profile %s]\nregion = us-east-1\n\n' % profile(i))
        f.write('[profile other]\nregion = us-east-1\n')
    with open(paths[2], 'w') as f:
        for i in range(N):
            f.write('[%s]\naws_access_key_id = AKIAFLEET%011d\naws_secret_access_key = '
                    'fleetSecret/%02d/EXAMPLEKEYEXAMPLEKEY\n\n' % (profile(i), i, i))
    return paths[0], paths[1], paths[2], expect


def make_many(d, n_profiles, regions=REGIONS, admin=ADMIN_A):
    """n_profiles member accounts (profiles bulk-NNN) in each of regions, each
    invited once by admin in every region. Writes the seed, config and
    credentials into d; returns their paths and the contexts."""
    accounts, contexts = {}, []
    for i in range(n_profiles):
        acct = str(200000000000 + i)
        accounts[acct] = {
            'keys': [{'access_key_id': 'AKIABULK%012d' % i,
                      'secret_access_key': 'bulkSecret/%04d/EXAMPLEKEYEXAMPLEKEY' % i,
                      'arn': 'arn:aws:iam::%s:user/bulk' % acct}],
            'regions': {r: {'hub': {'enabled': True}, 'administrator': None,
                            'invitations': [{'AccountId': admin, 'InvitationId': '%032x' % (i * 100 + regions.index(r)),
                                             'InvitedAt': '2026-11-20T09:00:00.000Z', 'MemberStatus': 'Invited'}]}
                        for r in regions}}
        contexts += [('bulk-%03d' % i, r) for r in regions]
    seed = {'page_size': 50, 'accounts': accounts, 'faults': []}
    paths = [os.path.join(d, n) for n in ('bulk.json', 'bulk-config', 'bulk-credentials')]
    with open(paths[0], 'w') as f:
        json.dump(seed, f)
    with open(paths[1], 'w') as f:
        for i in range(n_profiles):
            f.write('[profile bulk-%03d]\nregion = us-east-1\n\n' % i)
    with open(paths[2], 'w') as f:
        for i in range(n_profiles):
            f.write('[bulk-%03d]\naws_access_key_id = AKIABULK%012d\naws_secret_access_key = '
                    'bulkSecret/%04d/EXAMPLEKEYEXAMPLEKEY\n\n' % (i, i, i))
    return paths[0], paths[1], paths[2], contexts
