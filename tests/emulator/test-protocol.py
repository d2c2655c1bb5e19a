#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# Self-test of the emulator's wire behaviour: SigV4 checks, request validation, member-account semantics, STS, control API, process life.
"""Run: /usr/bin/python3 tests/emulator/test-protocol.py (exit 0 when every check passes)."""

import datetime
import email.utils
import json
import os
import re
import signal
import subprocess
import sys
from urllib.parse import quote

sys.dont_write_bytecode = True     # nothing written beside the sources
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import emutest  # noqa: E402
from emutest import (AKID, SECRET, SESSION_AKID, SESSION_SECRET, SESSION_TOKEN,  # noqa: E402
                     EXPIRED_AKID, EXPIRED_SECRET, EXPIRED_TOKEN, Emulator, wait_for)

UTC = datetime.timezone.utc
check = emutest.Checks('test-protocol')


def xml_value(body, tag):
    m = re.search(r'<%s>([^<]*)</%s>' % (tag, tag), body.decode())
    return m.group(1) if m else None


def test_auth(emu):
    ok = emu.request('GET', '/invitations')
    check(ok.status == 200 and len(ok.json()['Invitations']) == 2, 'signed ListInvitations works', ok)
    check(re.match(r'^[0-9a-f-]{36}$', ok.headers.get('x-amzn-requestid', '')),
          'x-amzn-RequestId on a reply', ok.headers)
    check(ok.headers.get('content-length') == str(len(ok.body)), 'Content-Length on a reply')
    date = email.utils.parsedate_to_datetime(ok.headers.get('date', ''))
    check(abs((date - datetime.datetime.now(UTC)).total_seconds()) < 5, 'Date header is now', date)

    r = emu.request('GET', '/invitations', secret='not-the-secret')
    check.error(r, 403, 'InvalidSignatureException', 'wrong secret -> InvalidSignatureException',
                'The request signature we calculated does not match')
    msg = (r.json() or {}).get('message', '')
    check("The Canonical String for this request should have been\n'GET\n/invitations\n" in msg
          and 'The String-to-Sign should have been' in msg and '20' in msg,
          'signature error carries the canonical request and string to sign', msg)
    r = emu.request('GET', '/invitations', akid='AKIAUNKNOWNKEY000000')
    check.error(r, 403, 'UnrecognizedClientException', 'unknown key -> UnrecognizedClientException',
                'The security token included in the request is invalid.')
    r = emu.request('GET', '/invitations', sign=False)
    check.error(r, 403, 'MissingAuthenticationTokenException', 'no Authorization -> Missing...')
    r = emu.request('GET', '/invitations', tamper=lambda h: h.update(
        Authorization='AWS4-HMAC-SHA256 Credential=%s/20260101/us-east-1/securityhub/aws4_request'
        % AKID))
    check.error(r, 403, 'IncompleteSignatureException', 'broken Authorization -> Incomplete...',
                'Signature')

    now = datetime.datetime.now(UTC)
    r = emu.request('GET', '/invitations', when=now - datetime.timedelta(minutes=20))
    check.error(r, 403, 'InvalidSignatureException', 'signed 20 min ago -> Signature expired',
                'Signature expired: ')
    check(re.search(r'Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z '
                    r'\(\d{8}T\d{6}Z - 15 min\.\)', r.body.decode()), 'expired wording', r.body)
    r = emu.request('GET', '/invitations', when=now + datetime.timedelta(minutes=20))
    check.error(r, 403, 'InvalidSignatureException', 'signed 20 min ahead -> not yet current',
                'Signature not yet current: ')
    check(re.search(r'is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 15 min\.\)',
                    r.body.decode()), 'not-yet-current wording', r.body)
    r = emu.request('GET', '/invitations', when=now - datetime.timedelta(minutes=14))
    check(r.status == 200, '14 min of skew is accepted', r)

    r = emu.request('GET', '/invitations', service='iam')
    check.error(r, 403, 'InvalidSignatureException', 'scope service other than securityhub',
                "Credential should be scoped to correct service: 'securityhub'")
    r = emu.request('GET', '/invitations', region='eu-west-1')
    check(r.status == 200 and r.json()['Invitations'][0]['MemberStatus'] == 'INVITED',
          'the scope region is the region of the call', r)
    r = emu.request('GET', '/invitations', tamper=lambda h: h.update({'X-Amz-Date': '20200101T000000Z'}))
    check.error(r, 403, 'InvalidSignatureException', 'scope date != X-Amz-Date',
                'Date in Credential scope does not match')

    r = emu.request('GET', '/invitations', akid=SESSION_AKID, secret=SESSION_SECRET,
                    token=SESSION_TOKEN)
    check(r.status == 200, 'session credentials with their token work', r)
    r = emu.request('GET', '/invitations', akid=SESSION_AKID, secret=SESSION_SECRET)
    check.error(r, 403, 'UnrecognizedClientException', 'session key without its token')
    r = emu.request('GET', '/invitations', akid=SESSION_AKID, secret=SESSION_SECRET,
                    token=SESSION_TOKEN + 'x')
    check.error(r, 403, 'UnrecognizedClientException', 'session key with a wrong token')

    def unsign_token(h):
        h['Authorization'] = h['Authorization'].replace(';x-amz-security-token', '')
    r = emu.request('GET', '/invitations', akid=SESSION_AKID, secret=SESSION_SECRET,
                    token=SESSION_TOKEN, tamper=unsign_token)
    check.error(r, 403, 'InvalidSignatureException', 'an unsigned session token is refused',
                'X-Amz-Security-Token')
    r = emu.request('GET', '/invitations', akid=EXPIRED_AKID, secret=EXPIRED_SECRET,
                    token=EXPIRED_TOKEN)
    check.error(r, 403, 'ExpiredTokenException', 'expired token -> ExpiredTokenException',
                'The security token included in the request is expired')
    r = emu.request('POST', '/invitations/decline', body={'AccountIds': ['999999999999']},
                    tamper=lambda h: h.update({'Content-Type': 'text/plain'}))
    check.error(r, 403, 'InvalidSignatureException', 'a signed header changed after signing')
    r = emu.request('GET', '/invitations', region='ap-east-1')
    check.error(r, 403, 'UnrecognizedClientException', 'seed opted-out region answers like AWS',
                'The security token included in the request is invalid')
    r = emu.request('GET', '/invitations', headers={'Accept': '*/*', 'Expect': '100-continue'})
    check(r.status == 200, 'unsigned extra headers are fine', r)

    # the log
    lines = [json.loads(x) for x in open(emu.log)]
    text = open(emu.log).read()
    check(SECRET not in text and SESSION_SECRET not in text and SESSION_TOKEN not in text
          and EXPIRED_TOKEN not in text, 'no secret or token in the log file')
    tok = [x for x in lines if x['access_key_id'] == SESSION_AKID]
    check(tok and tok[0]['session_token'] == '<redacted %d chars>' % len(SESSION_TOKEN),
          'tokens are logged redacted', tok[:1])
    want = {'time', 'service', 'operation', 'region', 'access_key_id', 'account', 'status',
            'error_code', 'signature_ok', 'params'}
    check(all(want <= set(x) for x in lines), 'every log line has the documented keys', lines[:1])
    check([x['signature_ok'] for x in lines[:2]] == [True, False], 'signature_ok is logged',
          lines[:2])


def test_validation(emu):
    for mr, label in (('0', 'MaxResults=0'), ('51', 'MaxResults=51'), ('abc', 'MaxResults=abc')):
        r = emu.request('GET', '/invitations', query=[('MaxResults', mr)])
        check.error(r, 400, 'InvalidInputException', '%s is refused' % label, 'MaxResults')
    r = emu.request('GET', '/invitations', query=[('Foo', '1')])
    check.error(r, 400, 'InvalidInputException', 'unknown query parameter', 'Foo')
    r = emu.request('POST', '/administrator', body={'AdministratorId': '222222222222'})
    check.error(r, 400, 'InvalidInputException', 'missing InvitationId is named', 'InvitationId')
    r = emu.request('POST', '/invitations/decline', body={'AccountIds': '222222222222'})
    check.error(r, 400, 'InvalidInputException', 'AccountIds of the wrong type', 'AccountIds')
    r = emu.request('POST', '/invitations/decline', body={'AccountIds': [], 'Bogus': 1})
    check.error(r, 400, 'InvalidInputException', 'unknown body member', 'Bogus')
    r = emu.request('POST', '/invitations/decline', body='{"AccountIds": [')
    check.error(r, 400, 'InvalidInputException', 'a body that is not JSON', 'not valid JSON')
    r = emu.request('POST', '/findings', body={})
    check.error(r, 400, 'InvalidInputException', 'a model operation not implemented',
                'GetFindings is not implemented')
    r = emu.request('GET', '/no/such/path')
    check(r.status == 404 and 'UnknownOperationException' in r.headers.get('x-amzn-errortype', ''),
          'an unknown path -> 404', r)
    r = emu.request('DELETE', '/invitations')
    check(r.status == 404, 'a known path with the wrong method -> 404', r)


def test_semantics(emu):
    r = emu.request('GET', '/accounts', region='us-west-2')
    check.error(r, 401, 'InvalidAccessException', 'hub not enabled -> 401',
                'Account 111111111111 is not subscribed to AWS Security Hub')
    for method, path in (('GET', '/invitations'), ('GET', '/administrator'), ('GET', '/master'),
                         ('GET', '/invitations/count'), ('POST', '/administrator/disassociate')):
        r = emu.request(method, path, region='us-west-2')
        check(r.status == 401, 'not enabled: %s %s -> 401' % (method, path), r)
    r = emu.request('POST', '/accounts', region='us-west-2', body={'EnableDefaultStandards': False})
    check(r.status == 200 and r.json() == {}, 'EnableSecurityHub', r)
    r = emu.request('GET', '/accounts', region='us-west-2')
    check(r.status == 200 and r.json()['HubArn'] ==
          'arn:aws:securityhub:us-west-2:111111111111:hub/default'
          and r.json()['SubscribedAt'].endswith('Z'), 'DescribeHub after enable', r)
    r = emu.request('POST', '/accounts', region='us-west-2', body={})
    check.error(r, 409, 'ResourceConflictException', 'EnableSecurityHub twice -> 409')
    r = emu.request('GET', '/accounts', query=[('HubArn', 'arn:aws:securityhub:us-east-1:'
                                                            '111111111111:hub/default')])
    check(r.status == 200 and r.json()['AutoEnableControls'] is True
          and r.json()['SubscribedAt'] == '2026-03-02T10:00:00.000Z', 'DescribeHub with HubArn', r)

    r = emu.request('GET', '/administrator')
    check(r.status == 200 and r.json() == {}, 'no administrator -> {}', r)
    r = emu.request('POST', '/administrator/disassociate')
    check(r.status in (400, 404), 'disassociate without administrator fails', r)
    r = emu.request('GET', '/invitations/count')
    check(r.json() == {'InvitationsCount': 2}, 'GetInvitationsCount', r)
    r = emu.request('POST', '/administrator', body={'AdministratorId': '222222222222',
                                                    'InvitationId': 'nope'})
    check.error(r, 404, 'ResourceNotFoundException', 'accept an unknown invitation -> 404')
    r = emu.request('POST', '/administrator', body={'AdministratorId': '333333333333',
                                                    'InvitationId': '5c837dea8968bab936d13f41f198a99c'})
    check.error(r, 400, 'InvalidInputException', 'accept with the wrong administrator -> 400',
                '222222222222')
    r = emu.request('POST', '/administrator', body={'AdministratorId': '222222222222',
                                                    'InvitationId': '5c837dea8968bab936d13f41f198a99c'})
    check(r.status == 200 and r.json() == {}, 'AcceptAdministratorInvitation', r)
    r = emu.request('GET', '/administrator')
    adm = (r.json() or {}).get('Administrator', {})
    check(adm.get('AccountId') == '222222222222' and adm.get('MemberStatus') == 'Enabled'
          and adm.get('InvitedAt') == '2026-11-20T09:15:00.000Z', 'administrator is Enabled', r)
    r = emu.request('GET', '/master')
    check(r.json() == {'Master': adm}, 'GetMasterAccount gives the same under Master', r)
    r = emu.request('GET', '/invitations')
    check([i['AccountId'] for i in r.json()['Invitations']] == ['333333333333'],
          'the accepted invitation left the pending list', r)
    r = emu.request('POST', '/master', body={'MasterId': '333333333333',
                                             'InvitationId': 'e808ecb6adb8d27d8e63fd59f939861c'})
    check.error(r, 400, 'InvalidInputException', 'a second accept is refused',
                'already has an administrator account')
    r = emu.request('POST', '/master/disassociate')
    check(r.status == 200, 'DisassociateFromMasterAccount', r)
    r = emu.request('GET', '/master')
    check(r.json() == {}, 'no administrator after disassociate', r)
    r = emu.request('POST', '/master', body={'MasterId': '333333333333',
                                             'InvitationId': 'e808ecb6adb8d27d8e63fd59f939861c'})
    check(r.status == 200, 'AcceptInvitation (legacy) after disassociate', r)

    r = emu.request('POST', '/invitations/decline', region='eu-west-1',
                    body={'AccountIds': ['222222222222', '999999999999', 'x']})
    un = (r.json() or {}).get('UnprocessedAccounts', [])
    check(r.status == 200 and [u['AccountId'] for u in un] == ['999999999999', 'x']
          and all(u.get('ProcessingResult') for u in un), 'DeclineInvitations + Unprocessed', r)
    r = emu.request('POST', '/invitations/delete', region='eu-west-1',
                    body={'AccountIds': ['333333333333']})
    check(r.status == 200 and r.json() == {'UnprocessedAccounts': []}, 'DeleteInvitations', r)
    r = emu.request('GET', '/invitations', region='eu-west-1')
    check(r.json() == {'Invitations': []}, 'no invitation left after decline and delete', r)


def test_pagination(emu):
    emu.ctl('POST', 'state', json.load(open(emutest.MANY)))
    seen, token, pages, plus_slash = [], None, 0, False
    while True:
        q = [('MaxResults', '50')] + ([('NextToken', token)] if token else [])
        r = emu.request('GET', '/invitations', query=q)
        if not check(r.status == 200, 'ListInvitations page %d' % pages, r):
            return
        seen += r.json()['Invitations']
        pages += 1
        token = r.json().get('NextToken')
        plus_slash = plus_slash or bool(token and re.search(r'[+/=]', token))
        if not token:
            break
    check(pages == 3 and len(seen) == 120 and len({i['InvitationId'] for i in seen}) == 120,
          '120 invitations in pages of 50', (pages, len(seen)))
    check(plus_slash, 'NextToken needs encoding (has + / or =)')
    statuses = {i['MemberStatus'] for i in seen}
    check({'Invited', 'INVITED', 'invited', 'Pending'} <= statuses, 'mixed-case statuses', statuses)
    r = emu.request('GET', '/invitations')
    check(len(r.json()['Invitations']) == 25 and r.json().get('NextToken'),
          'default page size from the seed', r)
    r = emu.request('GET', '/invitations', query=[('NextToken', 'garbage')])
    check.error(r, 400, 'InvalidInputException', 'a bad NextToken -> 400', 'NextToken')
    r = emu.request('GET', '/invitations/count')
    check(r.json() == {'InvitationsCount': 120}, 'count of 120', r)


def test_sts(emu):
    r = emu.sts('GetCallerIdentity')
    check(r.status == 200 and xml_value(r.body, 'Account') == '111111111111'
          and xml_value(r.body, 'Arn') == 'arn:aws:iam::111111111111:user/emu-demo'
          and b'<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">'
          in r.body and xml_value(r.body, 'RequestId'), 'STS GetCallerIdentity', r)
    r = emu.sts('GetCallerIdentity', secret='bad')
    check(r.status == 403 and xml_value(r.body, 'Code') == 'SignatureDoesNotMatch'
          and xml_value(r.body, 'Type') == 'Sender' and b'<ErrorResponse' in r.body,
          'STS bad signature -> XML SignatureDoesNotMatch', r)
    r = emu.sts('GetCallerIdentity', akid='AKIAUNKNOWNKEY000000')
    check(r.status == 403 and xml_value(r.body, 'Code') == 'InvalidClientTokenId',
          'STS unknown key -> InvalidClientTokenId', r)
    r = emu.sts('Frobnicate')
    check(r.status == 400 and xml_value(r.body, 'Code') == 'InvalidAction', 'STS unknown action', r)

    role = 'arn:aws:iam::444444444444:role/EmuDemoMember'
    r = emu.sts('AssumeRole', [('RoleArn', role), ('RoleSessionName', 'test'),
                               ('DurationSeconds', '900')])
    if not check(r.status == 200 and b'<AssumeRoleResponse' in r.body, 'STS AssumeRole', r):
        return
    akid, secret, token = (xml_value(r.body, t) for t in
                           ('AccessKeyId', 'SecretAccessKey', 'SessionToken'))
    exp = datetime.datetime.fromisoformat(xml_value(r.body, 'Expiration').replace('Z', '+00:00'))
    check(akid.startswith('ASIA') and 800 < (exp - datetime.datetime.now(UTC)).total_seconds() < 1000,
          'AssumeRole credentials and expiration', r)
    r = emu.sts('GetCallerIdentity', akid=akid, secret=secret, token=token)
    check(xml_value(r.body, 'Account') == '444444444444' and xml_value(r.body, 'Arn') ==
          'arn:aws:sts::444444444444:assumed-role/EmuDemoMember/test', 'caller is the role', r)
    r = emu.request('GET', '/invitations', akid=akid, secret=secret, token=token)
    check(r.status == 200 and r.json()['Invitations'][0]['InvitationId'] ==
          '97859809fd94e63c01e93a27d497a5c0', "role keys see the role account's state", r)
    r = emu.request('GET', '/invitations', akid=akid, secret=secret)
    check.error(r, 403, 'UnrecognizedClientException', 'role keys need their token')

    r = emu.sts('AssumeRole', [('RoleArn', role), ('RoleSessionName', 'xx')], akid='AKIAEMUDEMO444444444',
                secret='emuDemoSecretKey/444444444444/EXAMPLEKEY')
    check(r.status == 403 and xml_value(r.body, 'Code') == 'AccessDenied', 'untrusted caller', r)
    ext = 'arn:aws:iam::444444444444:role/EmuDemoExternal'
    r = emu.sts('AssumeRole', [('RoleArn', ext), ('RoleSessionName', 'xx'), ('ExternalId', 'wrong')])
    check(r.status == 403 and xml_value(r.body, 'Code') == 'AccessDenied', 'wrong ExternalId', r)
    r = emu.sts('AssumeRole', [('RoleArn', ext), ('RoleSessionName', 'xx'),
                               ('ExternalId', 'emu-demo-external-id')])
    check(r.status == 200, 'right ExternalId', r)
    r = emu.sts('AssumeRole', [('RoleArn', role), ('RoleSessionName', 'xx'),
                               ('DurationSeconds', '100')])
    check(r.status == 400 and xml_value(r.body, 'Code') == 'ValidationError', 'DurationSeconds 100', r)
    r = emu.sts('AssumeRole', [('RoleArn', role)])
    check(r.status == 400 and 'RoleSessionName' in r.body.decode(), 'RoleSessionName required', r)

    # the issued key expires on the server's clock
    emu.ctl('POST', 'clock', {'offset': 1000})
    r = emu.sts('GetCallerIdentity', akid=akid, secret=secret, token=token,
                when=datetime.datetime.now(UTC) + datetime.timedelta(seconds=1000))
    check(r.status == 403 and xml_value(r.body, 'Code') == 'ExpiredToken', 'issued key expires', r)
    date = email.utils.parsedate_to_datetime(r.headers['date'])
    check(abs((date - datetime.datetime.now(UTC)).total_seconds() - 1000) < 5,
          'Date header follows the clock offset', r.headers['date'])
    emu.ctl('POST', 'clock', {'offset': 0})


def test_control(emu):
    state = emu.ctl('GET', 'state')
    check(set(state) >= {'accounts', 'roles', 'faults', 'page_size'}, 'GET /_emu/state', state.keys())
    state['accounts']['111111111111']['regions']['us-east-1']['invitations'] = []
    check(emu.ctl('POST', 'state', state) == {'ok': True}, 'POST /_emu/state')
    r = emu.request('GET', '/invitations/count')
    check(r.json() == {'InvitationsCount': 0}, 'the new state is served', r)
    conn = emu.connect()
    conn.request('POST', '/_emu/state', body='{"accounts": {"12": {}}}')
    r = conn.getresponse()
    check(r.status == 400 and b'12 digits' in r.read(), 'a bad seed is refused with a reason')
    conn.request('POST', '/_emu/faults', body='[{"kind": "nope"}]')
    r = conn.getresponse()
    check(r.status == 400 and b'kind must be one of' in r.read(), 'a bad fault rule is refused')
    conn.request('GET', '/_emu/nothing')
    r = conn.getresponse()
    check(r.status == 404, 'unknown control endpoint -> 404', r.read())
    n = len(emu.calls())
    emu.ctl('POST', 'calls/clear')
    check(emu.calls() == [] and n > 0, 'POST /_emu/calls/clear')
    emu.request('GET', '/invitations/count')
    calls = emu.calls()
    check(len(calls) == 1 and calls[0]['operation'] == 'GetInvitationsCount'
          and calls[0]['status'] == 200, 'control calls are not logged, service calls are', calls)
    emu.ctl('POST', 'stats/clear')
    seq = emu.last_seq()
    emu.request('GET', '/invitations/count')
    emu.request('GET', '/invitations/count', secret='bad')
    emu.sts('GetCallerIdentity')
    got = emu.ctl('GET', 'calls?since=%d&operation=GetInvitationsCount' % seq)
    check([c['status'] for c in got] == [200, 403], 'GET /_emu/calls?operation=', got)
    got = emu.ctl('GET', 'calls?since=%d&service=sts' % seq)
    check([c['operation'] for c in got] == ['GetCallerIdentity'], 'GET /_emu/calls?service=', got)
    st = emu.ctl('GET', 'stats')
    check(st['counts'] == {'securityhub GetInvitationsCount': {'200': 1, '403': 1},
                           'sts GetCallerIdentity': {'200': 1}} and st['calls'] == 3
          and st['in_flight'] == 0 and st['max_in_flight'] == 1, 'GET /_emu/stats', st)


def test_keepalive(emu):
    conn = emu.connect()
    before = emu.last_seq()
    for i in range(5):
        r = emu.request('GET', '/invitations/count', conn=conn)
        check(r.status == 200, 'keep-alive request %d' % i, r)
    r = emu.request('GET', '/invitations', secret='bad', conn=conn)
    r = emu.request('GET', '/invitations/count', conn=conn)
    check(r.status == 200, 'the connection survives an error reply', r)
    sock = conn.sock
    check(sock is not None, 'one connection for all of them')
    check(len(emu.calls(before)) == 7, 'seven calls logged', len(emu.calls(before)))
    conn.close()


def test_credential_endpoints(emu):
    from botocore.utils import ContainerMetadataFetcher, InstanceMetadataFetcher
    fetcher = InstanceMetadataFetcher(timeout=2, num_attempts=1,
                                      config={'ec2_metadata_service_endpoint': emu.url + '/'})
    creds = fetcher.retrieve_iam_role_credentials()
    check(creds.get('role_name') == 'EmuDemoInstance' and creds.get('access_key', '').startswith('ASIA'),
          "botocore's IMDSv2 fetcher gets the instance role's keys", creds.keys())
    if creds:
        r = emu.sts('GetCallerIdentity', akid=creds['access_key'], secret=creds['secret_key'],
                    token=creds['token'])
        check(xml_value(r.body, 'Arn') == 'arn:aws:sts::111111111111:assumed-role/EmuDemoInstance/'
              'i-0e0e0e0e0e0e0e0e0', 'IMDS keys sign calls as the instance role', r)
        again = fetcher.retrieve_iam_role_credentials()
        check(again.get('access_key') == creds['access_key'], 'IMDS keys are cached until near expiry')
    conn = emu.connect()
    conn.request('GET', '/latest/meta-data/iam/security-credentials/')
    r = conn.getresponse()
    check(r.status == 401, 'IMDSv1 (no token) is refused', (r.status, r.read()))
    conn.request('PUT', '/latest/api/token', headers={'X-aws-ec2-metadata-token-ttl-seconds': '0'})
    r = conn.getresponse()
    check(r.status == 400, 'IMDS token TTL 0 is refused', (r.status, r.read()))
    conn.request('GET', '/latest/meta-data/placement/region',
                 headers={'X-aws-ec2-metadata-token': 'bogus'})
    r = conn.getresponse()
    check(r.status == 401, 'a bogus IMDS token is refused', (r.status, r.read()))
    conn.close()

    url = emu.url + '/_emu/container-credentials'
    c = ContainerMetadataFetcher().retrieve_full_uri(
        url, headers={'Authorization': 'emu-demo-container-token'})
    check(c.get('AccessKeyId', '').startswith('ASIA') and c.get('RoleArn') ==
          'arn:aws:iam::444444444444:role/EmuDemoTask', "botocore's container fetcher", c)
    if c:
        r = emu.request('GET', '/administrator', region='eu-west-1', akid=c['AccessKeyId'],
                        secret=c['SecretAccessKey'], token=c['Token'])
        check(r.status == 200 and r.json()['Administrator']['AccountId'] == '222222222222',
              'container keys act in 444444444444', r)
    conn = emu.connect()
    conn.request('GET', '/_emu/container-credentials', headers={'Authorization': 'wrong'})
    r = conn.getresponse()
    check(r.status == 401, 'container credentials need the token', (r.status, r.read()))
    conn.close()
    test_imds_region(emu)
    calls = [c for c in emu.calls() if c['service'] in ('imds', 'container')]
    check({c['operation'] for c in calls} == {'GetToken', 'ListRoles', 'GetCredentials',
                                              'GetRegion', 'GetIdentityDocument', 'GetMetadata'},
          'IMDS and container calls are logged',
          calls)


def test_imds_region(emu):
    """The region from instance metadata, by botocore's fetcher and by hand, with
    the IMDSv2 token rules of the other IMDS paths."""
    from botocore.utils import InstanceMetadataRegionFetcher
    since = emu.last_seq()
    emu.faults([{'kind': 'throttle', 'service': 'imds', 'op': 'GetRegion', 'count': 1}])
    fetcher = InstanceMetadataRegionFetcher(
        timeout=5, num_attempts=2, config={'ec2_metadata_service_endpoint': emu.url + '/'})
    region = fetcher.retrieve_region()
    ops = [(c['operation'], c['status']) for c in emu.calls(since)]
    check(region == 'eu-west-1' and ('GetRegion', 429) in ops and ops[-1] == ('GetRegion', 200),
          "botocore's IMDS region fetcher, retrying a throttled call", (region, ops))
    emu.faults([])
    conn = emu.connect()
    conn.request('PUT', '/latest/api/token', headers={'X-aws-ec2-metadata-token-ttl-seconds': '60'})
    r = conn.getresponse()
    token = r.read().decode()
    got = {}
    for path in ('/latest/meta-data/placement/region', '/latest/dynamic/instance-identity/document',
                 '/latest/meta-data/instance-id'):
        for tok in (token, None, 'bogus'):
            conn.request('GET', path, headers={'X-aws-ec2-metadata-token': tok} if tok else {})
            r = conn.getresponse()
            got[path, tok] = (r.status, r.read().decode())
    conn.close()
    doc = got['/latest/dynamic/instance-identity/document', token]
    check(got['/latest/meta-data/placement/region', token] == (200, 'eu-west-1'),
          'placement/region with a token', got)
    check(doc[0] == 200 and json.loads(doc[1])['region'] == 'eu-west-1' and
          json.loads(doc[1])['accountId'] == '111111111111', 'the instance identity document', doc)
    check(all(got[p, t][0] == 401 for p, _ in got for t in (None, 'bogus')),
          'no token or a bogus one: 401 (the seed has no imdsv1)', got)
    emu.ctl('POST', 'state', demo_with(instance=dict(demo_with()['instance'], imdsv1=True)))
    conn = emu.connect()
    conn.request('GET', '/latest/dynamic/instance-identity/document')
    r = conn.getresponse()
    check(r.status == 200 and json.loads(r.read())['region'] == 'eu-west-1',
          'with imdsv1, the document needs no token', r.status)
    conn.close()
    emu.ctl('POST', 'state', demo_with())


def test_sso_and_mfa(emu):
    """The SSO portal through botocore's own sso client, and MFA on AssumeRole.
    Replaces the state, so it runs last."""
    import botocore.session
    from botocore import UNSIGNED
    from botocore.config import Config
    with open(emutest.DEMO) as f:
        seed = json.load(f)
    seed['sso'] = {'tokens': [{'access_token': 'emu-sso-token'},
                              {'access_token': 'emu-sso-old', 'expiration': '2020-01-01T00:00:00Z'}],
                   'roles': [{'account_id': '444444444444', 'role_name': 'EmuSSO', 'duration': 900}]}
    mfa_role = 'arn:aws:iam::444444444444:role/EmuDemoMFA'
    seed['roles'].append({'arn': mfa_role, 'trusted_accounts': ['111111111111'],
                          'mfa': {'serial': 'arn:aws:iam::111111111111:mfa/emu', 'code': '123456'}})
    emu.ctl('POST', 'state', seed)
    sso = botocore.session.get_session().create_client(
        'sso', region_name='eu-west-1', endpoint_url=emu.url,
        config=Config(signature_version=UNSIGNED, retries={'max_attempts': 0}))
    r = sso.get_role_credentials(roleName='EmuSSO', accountId='444444444444',
                                 accessToken='emu-sso-token')['roleCredentials']
    left = r['expiration'] / 1000 - datetime.datetime.now(UTC).timestamp()
    check(r['accessKeyId'].startswith('ASIA') and 899 < left < 902 and r['expiration'] % 1000 == 0,
          "botocore's sso client gets role credentials with a whole-second expiration in ms", r)
    g = emu.sts('GetCallerIdentity', akid=r['accessKeyId'], secret=r['secretAccessKey'],
                token=r['sessionToken'])
    check(xml_value(g.body, 'Account') == '444444444444' and
          '/AWSReservedSSO_EmuSSO_' in xml_value(g.body, 'Arn'), 'SSO keys act as the SSO role', g)
    for token, code, label in (('emu-sso-old', 'UnauthorizedException', 'an expired SSO token'),
                               ('nope', 'UnauthorizedException', 'an unknown SSO token'),
                               ('emu-sso-token', 'ForbiddenException', 'a role not granted')):
        try:
            sso.get_role_credentials(roleName='EmuSSO' if code != 'ForbiddenException' else 'Other',
                                     accountId='444444444444', accessToken=token)
            check(False, '%s is refused' % label)
        except sso.exceptions.ClientError as e:
            check(e.response['Error']['Code'] == code, '%s: %s, as botocore reads it' % (label, code),
                  e.response)
    calls = [c for c in emu.calls() if c['service'] == 'sso']
    check(calls and all(c['operation'] == 'GetRoleCredentials' and
                        c['session_token'].startswith('<redacted') for c in calls),
          'SSO calls are logged without their token', calls)

    r = emu.sts('AssumeRole', [('RoleArn', mfa_role), ('RoleSessionName', 'mfa')])
    check(r.status == 403 and 'MultiFactorAuthentication' in r.body.decode(), 'MFA role without a code', r)
    r = emu.sts('AssumeRole', [('RoleArn', mfa_role), ('RoleSessionName', 'mfa'),
                               ('SerialNumber', 'arn:aws:iam::111111111111:mfa/emu'),
                               ('TokenCode', '654321')])
    check(r.status == 403, 'MFA role with a wrong code', r)
    r = emu.sts('AssumeRole', [('RoleArn', mfa_role), ('RoleSessionName', 'mfa'),
                               ('SerialNumber', 'arn:aws:iam::111111111111:mfa/emu'),
                               ('TokenCode', '123456')])
    check(r.status == 200 and xml_value(r.body, 'AccessKeyId').startswith('ASIA'),
          'MFA role with the right code', r)


REGIONS17 = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ap-south-1', 'ap-northeast-1',
             'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2', 'ca-central-1',
             'eu-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-north-1', 'sa-east-1']


def demo_with(**extra):
    with open(emutest.DEMO) as f:
        seed = json.load(f)
    seed.update(extra)
    return seed


def test_fanout(emu):
    """role_fanout: 1,000 accounts x 17 regions from a few lines of seed; a role
    that does not trust the caller and one that does not exist."""
    seed = demo_with(role_fanout=[
        {'base': '111111111111', 'accounts': 1000, 'role_name': 'SecurityHubMember',
         'regions': REGIONS17, 'administrator': '999999999999', 'name_prefix': 'fleet-',
         'deny': ['300000000005'], 'missing': ['300000000006']},
        {'base': '111111111111', 'accounts': ['555555555555'], 'role_name': 'Auditor',
         'role_path': '/sec/', 'external_id': 'x-1', 'regions': ['eu-west-1']}])
    emu.ctl('POST', 'state', seed)
    state = emu.ctl('GET', 'state')
    fleet = [a for a in state['accounts'] if a.startswith('3')]
    check(len(fleet) == 1000 and sum(len(state['accounts'][a]['regions']) for a in fleet) == 17000
          and state['accounts']['300000000999']['name'] == 'fleet-1000',
          'role_fanout builds 1,000 accounts x 17 regions', len(fleet))
    check('role_fanout' not in state and len(state['roles']) == len(demo_with()['roles']) + 1000,
          'the state holds the fan-out written out (999 + 1 roles more)', len(state['roles']))

    env = emu.aws_env()
    role = 'arn:aws:iam::300000000999:role/SecurityHubMember'
    rc, out, err = emutest.finish(emu.aws('sts', 'assume-role', '--role-arn', role,
                                          '--role-session-name', 'fleet', env=env))
    creds = json.loads(out)['Credentials'] if rc == 0 else {}
    check(rc == 0 and json.loads(out)['AssumedRoleUser']['Arn'] ==
          'arn:aws:sts::300000000999:assumed-role/SecurityHubMember/fleet',
          'aws sts assume-role into a fan-out account', err)
    if creds:
        renv = emu.aws_env(creds['AccessKeyId'], creds['SecretAccessKey'], creds['SessionToken'])
        rc, out, err = emutest.finish(emu.aws('securityhub', 'list-invitations', env=renv,
                                              region='sa-east-1'))
        invs = json.loads(out)['Invitations'] if rc == 0 else []
        check(len(invs) == 1 and invs[0]['AccountId'] == '999999999999' and
              invs[0]['MemberStatus'] == 'Invited', 'the fan-out account has its invitation', err)
        rc, out, err = emutest.finish(emu.aws(
            'securityhub', 'accept-administrator-invitation', '--administrator-id',
            '999999999999', '--invitation-id', invs[0]['InvitationId'] if invs else 'x',
            env=renv, region='sa-east-1'))
        after = emu.ctl('GET', 'state')['accounts']['300000000999']['regions']
        check(rc == 0 and after['sa-east-1']['administrator']['MemberStatus'] == 'Enabled'
              and after['eu-west-1']['invitations'], 'accept acts in that account and region only',
              err)
    for acct, label in (('300000000005', 'a role that does not trust the caller'),
                        ('300000000006', 'a role that does not exist')):
        arn = 'arn:aws:iam::%s:role/SecurityHubMember' % acct
        rc, out, err = emutest.finish(emu.aws('sts', 'assume-role', '--role-arn', arn,
                                              '--role-session-name', 'fleet', env=env))
        want = ('An error occurred (AccessDenied) when calling the AssumeRole operation: User: '
                'arn:aws:iam::111111111111:user/emu-demo is not authorized to perform: '
                'sts:AssumeRole on resource: %s' % arn)
        check(rc != 0 and want in err, '%s: AccessDenied as STS words it' % label, err)
    emu.faults([{'kind': 'throttle', 'op': 'AssumeRole', 'target_account': '300000000007'}])
    codes = [xml_value(emu.sts('AssumeRole', [
        ('RoleArn', 'arn:aws:iam::%s:role/SecurityHubMember' % acct),
        ('RoleSessionName', 'fleet')]).body, 'Code') for acct in ('300000000007', '300000000008')]
    check(codes == ['Throttling', None], "a fault on one target account's AssumeRole", codes)
    emu.faults([])
    r = emu.sts('AssumeRole', [('RoleArn', 'arn:aws:iam::555555555555:role/sec/Auditor'),
                               ('RoleSessionName', 'ss'), ('ExternalId', 'x-1')])
    check(r.status == 200, 'a fan-out role with a path and an ExternalId', r)
    r = emu.sts('AssumeRole', [('RoleArn', 'arn:aws:iam::555555555555:role/Auditor'),
                               ('RoleSessionName', 'ss'), ('ExternalId', 'x-1')])
    check(r.status == 403, 'the ARN must carry the role path', r)
    conn = emu.connect()
    conn.request('POST', '/_emu/state', body=json.dumps(demo_with(role_fanout={'base': '1'})))
    r = conn.getresponse()
    check(r.status == 400 and b'role_fanout[0].base' in r.read(), 'a bad role_fanout is refused')
    conn.close()


def open_call(emu, method, path, headers=None, body=None):
    """Send one request on its own connection and leave it waiting: the connection."""
    conn = emu.connect(timeout=60)
    conn.request(method, path, body=body, headers=headers or {})
    return conn


def in_flight(emu, since, op):
    return [c for c in emu.calls(since) if c['operation'] == op and c['status'] is None
            and 'duration_ms' not in c]


def test_concurrency(emu):
    """Held calls do not hold each other up: 64 calls in a latency fault are all in
    flight at once, and a call outside the fault is answered meanwhile."""
    emu.ctl('POST', 'state', demo_with())
    emu.faults([{'kind': 'latency', 'op': 'GetInvitationsCount', 'ms': 600000}])
    since = emu.last_seq()
    conns = []
    try:
        for _ in range(64):
            conns.append(emu.request_conn('GET', '/invitations/count'))
        wait_for(lambda: len(in_flight(emu, since, 'GetInvitationsCount')) == 64, 60,
                 '64 calls in flight at once')
        st = emu.ctl('GET', 'stats')
        check(st['in_flight'] >= 64 and st['max_in_flight'] >= 64,
              '64 delayed calls are in flight at once (the log and the stats say so)', st)
        r = emu.request('GET', '/invitations')
        check(r.status == 200, 'another call is answered while 64 are delayed', r)
    except TimeoutError as e:
        check(False, 'latency does not serialize calls', e)
    finally:
        for c in conns:
            c.close()
        emu.faults([])


def test_hang(emu):
    """The hang fault holds a call of any service, replying nothing, until the
    client goes away; the call log shows it in flight, then its end."""
    seed = demo_with(sso={'tokens': [{'access_token': 'emu-sso-token'}],
                          'roles': [{'account_id': '444444444444', 'role_name': 'EmuSSO'}]})
    emu.ctl('POST', 'state', seed)
    sts_body = 'Action=GetCallerIdentity&Version=2011-06-15'
    cases = [
        ('sts', 'GetCallerIdentity', lambda: emu.request_conn(
            'POST', '/', body=sts_body, service='sts')),
        ('imds', 'GetToken', lambda: open_call(
            emu, 'PUT', '/latest/api/token', {'X-aws-ec2-metadata-token-ttl-seconds': '60'})),
        ('container', 'GetCredentials', lambda: open_call(
            emu, 'GET', '/_emu/container-credentials',
            {'Authorization': 'emu-demo-container-token'})),
        ('sso', 'GetRoleCredentials', lambda: open_call(
            emu, 'GET', '/federation/credentials?account_id=444444444444&role_name=EmuSSO',
            {'x-amz-sso_bearer_token': 'emu-sso-token'})),
        ('sso-oidc', 'CreateToken', lambda: open_call(
            emu, 'POST', '/token', {'Content-Type': 'application/json'},
            json.dumps({'clientId': 'c', 'clientSecret': 's', 'grantType': 'refresh_token',
                        'refreshToken': 'r'}))),
        ('securityhub', 'ListInvitations', lambda: emu.request_conn('GET', '/invitations')),
    ]
    for service, op, start in cases:
        emu.faults([{'kind': 'hang', 'service': service, 'count': 1}])
        since = emu.last_seq()
        conn = start()
        try:
            wait_for(lambda: in_flight(emu, since, op), 30, 'the %s call to hang' % service)
            conn.close()
            wait_for(lambda: [c for c in emu.calls(since) if c['operation'] == op and
                              'duration_ms' in c], 30, 'the emulator to see the client go')
            c = [c for c in emu.calls(since) if c['operation'] == op][0]
            check(c['status'] is None and c['transport'] == 'hang' and c['faults'] == ['hang'],
                  '%s: hang holds the call until the client goes away' % service, c)
        except TimeoutError as e:
            check(False, '%s: hang' % service, e)
        finally:
            conn.close()
        conn = start()
        try:
            r = conn.getresponse()
            # (the seed has no OIDC client: CreateToken is answered 401)
            check(r.status == (401 if service == 'sso-oidc' else 200),
                  '%s: after the one hang the next call is answered' % service,
                  (r.status, r.read()))
        finally:
            conn.close()
    # "after": the call is carried out, then its reply never comes
    emu.faults([{'kind': 'hang', 'op': 'AcceptAdministratorInvitation', 'after': True}])
    since = emu.last_seq()
    conn = emu.request_conn('POST', '/administrator', body={
        'AdministratorId': '222222222222', 'InvitationId': '5c837dea8968bab936d13f41f198a99c'})
    try:
        wait_for(lambda: in_flight(emu, since, 'AcceptAdministratorInvitation'), 30,
                 'the accept to hang')
        admin = emu.ctl('GET', 'state')['accounts']['111111111111']['regions']['us-east-1'][
            'administrator']
        check(admin and admin['AccountId'] == '222222222222',
              'hang after: the accept is carried out while its reply is held', admin)
    except TimeoutError as e:
        check(False, 'hang after', e)
    finally:
        conn.close()
    emu.faults([])


WEB_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6ZGVmYXVsdDpzaHR1aSJ9.emu'
WEB_PROVIDER = 'oidc.eks.us-east-1.amazonaws.com/id/EMU0000000000000000000000000000'
WEB_ROLE = 'arn:aws:iam::444444444444:role/EmuWebIdentity'


def web_identity_seed():
    return demo_with(web_identity={'tokens': [
        {'token': WEB_TOKEN, 'provider': WEB_PROVIDER,
         'subject': 'system:serviceaccount:default:shtui'},
        {'token': 'eyJ.expired.emu', 'provider': WEB_PROVIDER, 'subject': 'old',
         'expiration': '2020-01-01T00:00:00Z'}]},
        roles=demo_with()['roles'] + [
            {'arn': WEB_ROLE, 'web_identity_providers': [WEB_PROVIDER]},
            {'arn': 'arn:aws:iam::444444444444:role/EmuNoWeb', 'trusted_accounts': ['111111111111']}])


def test_web_identity(emu):
    """AssumeRoleWithWebIdentity: unsigned, the token from the seed, the role's trust."""
    import botocore.session
    from botocore.credentials import (AssumeRoleWithWebIdentityCredentialFetcher,
                                      FileWebIdentityTokenLoader)
    emu.ctl('POST', 'state', web_identity_seed())
    since = emu.last_seq()
    rc, out, err = emutest.finish(emu.aws(
        'sts', 'assume-role-with-web-identity', '--role-arn', WEB_ROLE, '--role-session-name',
        'web', '--web-identity-token', WEB_TOKEN, '--duration-seconds', '900'))
    doc = json.loads(out) if rc == 0 else {}
    check(doc.get('SubjectFromWebIdentityToken') == 'system:serviceaccount:default:shtui'
          and doc.get('AssumedRoleUser', {}).get('Arn') ==
          'arn:aws:sts::444444444444:assumed-role/EmuWebIdentity/web'
          and doc['AssumedRoleUser']['AssumedRoleId'].endswith(':web')
          and doc.get('Provider') == 'arn:aws:iam::444444444444:oidc-provider/' + WEB_PROVIDER
          and doc.get('Audience') == 'sts.amazonaws.com'
          and doc['Credentials']['AccessKeyId'].startswith('ASIA'),
          'aws sts assume-role-with-web-identity', (rc, out, err))
    if doc:
        c = doc['Credentials']
        r = emu.sts('GetCallerIdentity', akid=c['AccessKeyId'], secret=c['SecretAccessKey'],
                    token=c['SessionToken'])
        check(xml_value(r.body, 'Arn') == doc['AssumedRoleUser']['Arn'],
              'web identity keys act as the role', r)
    calls = [c for c in emu.calls(since) if c['operation'] == 'AssumeRoleWithWebIdentity']
    check(len(calls) == 1 and calls[0]['signature_ok'] is None and calls[0]['status'] == 200
          and calls[0]['account'] == '444444444444' and calls[0]['params']['WebIdentityToken']
          == '<redacted %d chars>' % len(WEB_TOKEN) and WEB_TOKEN not in open(emu.log).read(),
          'the call is logged unsigned, for the role account, its token redacted', calls)
    runs = [(emu.aws('sts', 'assume-role-with-web-identity', '--role-arn', role,
                     '--role-session-name', 'web', '--web-identity-token', token), code, label)
            for token, role, code, label in (
                ('eyJ.unknown.emu', WEB_ROLE, 'InvalidIdentityToken',
                 'a token the seed does not know'),
                ('eyJ.expired.emu', WEB_ROLE, 'ExpiredTokenException', 'an expired token'),
                (WEB_TOKEN, 'arn:aws:iam::444444444444:role/EmuNoWeb', 'AccessDenied',
                 'a role that does not trust the provider'),
                (WEB_TOKEN, 'arn:aws:iam::444444444444:role/Nope', 'AccessDenied',
                 'a missing role'))]
    for popen, code, label in runs:
        rc, out, err = emutest.finish(popen)
        check(rc != 0 and '(%s) when calling the AssumeRoleWithWebIdentity' % code in err,
              '%s: %s' % (label, code), err)

    emu.faults([{'kind': 'throttle', 'op': 'AssumeRoleWithWebIdentity', 'count': 1},
                {'kind': 'error503', 'service': 'sts', 'account': '444444444444', 'count': 1}])
    form = [('RoleArn', WEB_ROLE), ('RoleSessionName', 'web'), ('WebIdentityToken', WEB_TOKEN)]
    codes = [xml_value(emu.sts('AssumeRoleWithWebIdentity', form, sign=False).body, 'Code')
             for _ in range(3)]
    check(codes == ['Throttling', 'ServiceUnavailable', None],
          'throttle and error503 on web identity (matched by the role account)', codes)
    emu.faults([])

    # botocore's own web identity provider, from AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN
    token_file = os.path.join(emu.dir, 'web-token')
    with open(token_file, 'w') as f:
        f.write(WEB_TOKEN)
    fetcher = AssumeRoleWithWebIdentityCredentialFetcher(
        lambda *a, **kw: botocore.session.get_session().create_client(
            *a, endpoint_url=emu.url, **kw),
        FileWebIdentityTokenLoader(token_file), WEB_ROLE)
    c = fetcher.fetch_credentials()
    check(c.get('access_key', '').startswith('ASIA'), "botocore's web identity fetcher", c)
    old = {k: os.environ.get(k) for k in ('AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN',
                                          'AWS_ROLE_SESSION_NAME', 'AWS_CONFIG_FILE',
                                          'AWS_SHARED_CREDENTIALS_FILE')}
    try:
        os.environ.update(AWS_WEB_IDENTITY_TOKEN_FILE=token_file, AWS_ROLE_ARN=WEB_ROLE,
                          AWS_ROLE_SESSION_NAME='from-env', AWS_CONFIG_FILE='/dev/null',
                          AWS_SHARED_CREDENTIALS_FILE='/dev/null')
        session = botocore.session.get_session()
        create = session.create_client
        session.create_client = lambda *a, **kw: create(*a, endpoint_url=emu.url, **kw)
        sts = session.create_client('sts', region_name='us-east-1')
        ident = sts.get_caller_identity()
        check(ident['Arn'] == 'arn:aws:sts::444444444444:assumed-role/EmuWebIdentity/from-env',
              'a botocore session with AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN', ident)
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def portal_seed():
    """alice is assigned SecurityHubMember in 250 fan-out accounts and 25 roles in
    444444444444; a token with no user has the sso.roles of the seed."""
    roles25 = ['Role%02d' % i for i in range(1, 26)]
    return demo_with(
        role_fanout={'base': '111111111111', 'accounts': 250, 'first_account': '600000000000',
                     'role_name': 'SecurityHubMember', 'name_prefix': 'org-',
                     'sso_user': 'alice'},
        sso={'tokens': [{'access_token': 'alice-token', 'user': 'alice'},
                        {'access_token': 'plain-token'}],
             'roles': [{'account_id': '444444444444', 'role_name': 'EmuSSO', 'duration': 900}],
             'users': {'alice': {'assignments': {'444444444444': roles25}}}})


def test_sso_portal(emu):
    """ListAccounts and ListAccountRoles page as the portal does (20 by default)."""
    emu.ctl('POST', 'state', portal_seed())
    since = emu.last_seq()
    runs = [emu.aws('sso', 'list-accounts', '--access-token', 'alice-token', region='eu-west-1'),
            emu.aws('sso', 'list-account-roles', '--access-token', 'alice-token',
                    '--account-id', '444444444444', region='eu-west-1'),
            emu.aws('sso', 'list-accounts', '--access-token', 'plain-token', region='eu-west-1'),
            emu.aws('sso', 'list-accounts', '--access-token', 'alice-token', '--page-size', '100',
                    region='eu-west-1')]
    (rc1, out1, err1), (rc2, out2, err2), (rc3, out3, err3), (rc4, out4, err4) = \
        [emutest.finish(p) for p in runs]
    accounts = json.loads(out1)['accountList'] if rc1 == 0 else []
    ids = [a['accountId'] for a in accounts]
    check(len(accounts) == 251 and len(set(ids)) == 251 and '444444444444' in ids and
          {'accountId': '600000000000', 'accountName': 'org-0001',
           'emailAddress': 'aws+600000000000@example.com'} in accounts,
          'aws sso list-accounts: every page, 251 accounts with names', err1)
    roles = json.loads(out2)['roleList'] if rc2 == 0 else []
    check([r['roleName'] for r in roles] == ['Role%02d' % i for i in range(1, 26)] and
          all(r['accountId'] == '444444444444' for r in roles),
          'aws sso list-account-roles: 25 roles over two pages', err2)
    check(rc3 == 0 and json.loads(out3)['accountList'] == [
        {'accountId': '444444444444', 'accountName': 'account-444444444444',
         'emailAddress': 'aws+444444444444@example.com'}], 'a token with no user: sso.roles', out3)
    check(rc4 == 0 and len(json.loads(out4)['accountList']) == 251, '--page-size 100', err4)
    calls = emu.calls(since)
    pages = {}
    for c in calls:
        pages.setdefault((c['operation'], c['params'].get('max_result')), []).append(c['status'])
    check(pages.get(('ListAccounts', None)) == [200] * (13 + 1) and
          pages.get(('ListAccountRoles', None)) == [200] * 2 and
          pages.get(('ListAccounts', '100')) == [200] * 3,
          'pages of 20 by default (13 for 251 accounts), of 100 when asked', pages)
    check(all(c['session_token'].startswith('<redacted') and 'alice-token' not in json.dumps(c)
              for c in calls), 'portal calls are logged with the token redacted', calls[:1])

    def portal(path, token='alice-token'):
        conn = emu.connect()
        conn.request('GET', path, headers={'x-amz-sso_bearer_token': token})
        r = conn.getresponse()
        res = emutest.Response(r.status, r.getheaders(), r.read())
        conn.close()
        return res
    r = portal('/assignment/accounts?max_result=0')
    check.error(r, 400, 'InvalidRequestException', 'max_result 0 is refused', '1-100')
    r = portal('/assignment/accounts?max_result=101')
    check.error(r, 400, 'InvalidRequestException', 'max_result 101 is refused', '1-100')
    r = portal('/assignment/accounts?next_token=garbage')
    check.error(r, 400, 'InvalidRequestException', 'a bad next_token is refused')
    first = portal('/assignment/accounts?max_result=5').json()
    r = portal('/assignment/accounts?next_token=%s' % quote(first['nextToken'], safe=''),
               token='plain-token')
    check.error(r, 400, 'InvalidRequestException', "another user's next_token is refused")
    r = portal('/assignment/accounts', token='nope')
    check.error(r, 401, 'UnauthorizedException', 'ListAccounts with an unknown token')
    r = portal('/assignment/roles?account_id=999999999999')
    check(r.status == 200 and r.json() == {'roleList': []},
          'ListAccountRoles for an account not assigned: no role', r)
    r = portal('/federation/credentials?account_id=600000000249&role_name=SecurityHubMember')
    check(r.status == 200 and r.json()['roleCredentials']['accessKeyId'].startswith('ASIA'),
          "GetRoleCredentials for one of alice's fan-out accounts", r)
    r = portal('/federation/credentials?account_id=600000000249&role_name=Role01')
    check.error(r, 403, 'ForbiddenException', 'a role alice is not assigned there', 'No access')
    emu.faults([{'kind': 'throttle', 'service': 'sso', 'op': 'ListAccounts', 'count': 1},
                {'kind': 'error503', 'service': 'sso', 'op': 'ListAccountRoles', 'count': 1}])
    r = portal('/assignment/accounts')
    check.error(r, 429, 'TooManyRequestsException', 'throttle on ListAccounts')
    r = portal('/assignment/roles?account_id=444444444444')
    check(r.status == 503, 'error503 on ListAccountRoles', r)
    emu.faults([])
    conn = emu.connect()
    conn.request('POST', '/logout', headers={'x-amz-sso_bearer_token': 'alice-token'})
    r = conn.getresponse()
    check(r.status == 200, 'Logout', (r.status, r.read()))
    conn.close()
    r = portal('/assignment/accounts')
    check.error(r, 401, 'UnauthorizedException', 'the token is gone after Logout')


# Run in a child with its own HOME: botocore's SSO credential chain, every client
# pointed at the emulator; prints the caller's ARN.
SSO_CHAIN = """
import sys, botocore.session
session = botocore.session.Session(profile='org')
create = session.create_client
session.create_client = lambda *a, **kw: create(*a, endpoint_url=sys.argv[1], **kw)
print(session.create_client('sts', region_name='us-east-1').get_caller_identity()['Arn'])
"""


def test_sso_oidc(emu):
    """CreateToken with a refresh token, through botocore's SSO token refresh:
    the expired cached token is refreshed, the cache written back, and the
    portal takes the new access token."""
    import botocore.session
    from botocore import UNSIGNED
    from botocore.config import Config
    emu.ctl('POST', 'state', sso_refresh_seed())
    home, config, cache = sso_refresh_home(emu, 'sso-home')
    env = {k: v for k, v in os.environ.items() if not k.startswith('AWS_')}
    env.update(HOME=home, AWS_CONFIG_FILE=config, AWS_SHARED_CREDENTIALS_FILE='/dev/null',
               AWS_EC2_METADATA_DISABLED='true')
    since = emu.last_seq()
    p = subprocess.run([emutest.PYTHON, '-c', SSO_CHAIN, emu.url], env=env, capture_output=True,
                       text=True, timeout=60)
    check(p.returncode == 0 and re.match(r'^arn:aws:sts::600000000007:assumed-role/'
                                         r'AWSReservedSSO_SecurityHubMember_\w+/', p.stdout),
          "botocore's SSO chain refreshes the expired token and gets role credentials",
          (p.returncode, p.stdout, p.stderr[-2000:]))
    with open(cache) as f:
        cached = json.load(f)
    ops = [(c['service'], c['operation'], c['status']) for c in emu.calls(since)]
    check(ops == [('sso-oidc', 'CreateToken', 200), ('sso', 'GetRoleCredentials', 200),
                  ('sts', 'GetCallerIdentity', 200)], 'refresh, then the portal, then STS', ops)
    check(cached['accessToken'].startswith('aoa') and cached['refreshToken'].startswith('aor')
          and cached['refreshToken'] != 'emu-refresh-1', 'the cache is written back', cached.keys())
    text = open(emu.log).read()
    check('emu-refresh-1' not in text and 'emu-client-secret' not in text and
          cached['accessToken'] not in text and cached['refreshToken'] not in text,
          'no token or client secret in the log')

    oidc = botocore.session.get_session().create_client(
        'sso-oidc', region_name='eu-west-1', endpoint_url=emu.url,
        config=Config(signature_version=UNSIGNED, retries={'max_attempts': 0}))

    def create(**kw):
        args = dict(clientId='emu-client', clientSecret='emu-client-secret',
                    grantType='refresh_token', refreshToken=cached['refreshToken'])
        args.update(kw)
        try:
            return oidc.create_token(**args)
        except oidc.exceptions.ClientError as e:
            return e.response
    for kw, code, status, label in (
            ({'refreshToken': 'emu-refresh-1'}, 'InvalidGrantException', 400,
             'a used refresh token'),
            ({'refreshToken': 'nope'}, 'InvalidGrantException', 400, 'an unknown refresh token'),
            ({'clientSecret': 'wrong'}, 'InvalidClientException', 401, 'a wrong client secret'),
            ({'clientId': 'other'}, 'InvalidClientException', 401, 'an unknown client'),
            ({'grantType': 'authorization_code'}, 'UnsupportedGrantTypeException', 400,
             'another grant type')):
        r = create(**kw)
        check(r.get('Error', {}).get('Code') == code and
              r['ResponseMetadata']['HTTPStatusCode'] == status, '%s: %s' % (label, code), r)
    emu.faults([{'kind': 'throttle', 'service': 'sso-oidc', 'count': 1},
                {'kind': 'error500', 'service': 'sso-oidc', 'count': 1}])
    r = create()
    check(r.get('Error', {}).get('Code') == 'TooManyRequestsException', 'throttle on CreateToken', r)
    r = create()
    check(r.get('Error', {}).get('Code') == 'InternalServerException', 'error500 on CreateToken', r)
    emu.faults([])
    r = create()
    check(r.get('tokenType') == 'Bearer' and r.get('expiresIn') == 28800
          and r.get('refreshToken') not in (None, cached['refreshToken']),
          'the cached refresh token works once more, and gives a new one', r)
    sso = botocore.session.get_session().create_client(
        'sso', region_name='eu-west-1', endpoint_url=emu.url,
        config=Config(signature_version=UNSIGNED, retries={'max_attempts': 0}))
    n = len(sso.list_accounts(accessToken=r.get('accessToken', 'x'), maxResults=100)['accountList'])
    check(n == 100, "the new access token lists alice's accounts", n)
    emu.ctl('POST', 'state', emu.ctl('GET', 'state'))
    n = len(sso.list_accounts(accessToken=r.get('accessToken', 'x'), maxResults=100)['accountList'])
    check(n == 100, 'the state with users, clients and new tokens posts back as it is', n)
    conn = emu.connect()
    conn.request('POST', '/token', body='{"clientId": "emu-client"}')
    res = emutest.Response(*(lambda x: (x.status, x.getheaders(), x.read()))(conn.getresponse()))
    conn.close()
    check.error(res, 400, 'InvalidRequestException', 'a CreateToken missing members',
                'clientSecret')
    check(res.json().get('error') == 'invalid_request', 'OIDC errors carry the OAuth error name',
          res.body)


def sso_refresh_home(emu, name):
    """A HOME with an SSO profile "org" (account 600000000007) and an expired
    cached token that botocore and the AWS CLI refresh: (home, config, cache)."""
    import hashlib
    home = os.path.join(emu.dir, name)
    cache_dir = os.path.join(home, '.aws', 'sso', 'cache')
    os.makedirs(cache_dir, exist_ok=True)
    config = os.path.join(home, 'config')
    with open(config, 'w') as f:
        f.write('[profile org]\nsso_session = emu\nsso_account_id = 600000000007\n'
                'sso_role_name = SecurityHubMember\nregion = us-east-1\n\n'
                '[sso-session emu]\nsso_start_url = https://emu.awsapps.com/start\n'
                'sso_region = eu-west-1\n')
    cache = os.path.join(cache_dir, hashlib.sha1(b'emu').hexdigest() + '.json')
    with open(cache, 'w') as f:
        json.dump({'startUrl': 'https://emu.awsapps.com/start', 'region': 'eu-west-1',
                   'accessToken': 'alice-expired', 'expiresAt': '2020-01-01T00:00:00Z',
                   'clientId': 'emu-client', 'clientSecret': 'emu-client-secret',
                   'registrationExpiresAt': '2099-01-01T00:00:00Z',
                   'refreshToken': 'emu-refresh-1'}, f)
    return home, config, cache


def sso_refresh_seed():
    seed = portal_seed()
    seed['sso']['tokens'].append({'access_token': 'alice-expired', 'user': 'alice',
                                  'expiration': '2020-01-01T00:00:00Z'})
    seed['sso'].update(clients=[{'client_id': 'emu-client', 'client_secret': 'emu-client-secret',
                                 'expiration': '2099-01-01T00:00:00Z'}],
                       refresh_tokens=[{'refresh_token': 'emu-refresh-1',
                                        'client_id': 'emu-client', 'user': 'alice'}],
                       access_token_duration=28800)
    return seed


def test_awscli_proxy():
    """The AWS CLI's own credential chains against the emulator acting as the
    HTTPS proxy for AWS's host names: web identity from AWS_WEB_IDENTITY_TOKEN_FILE
    + AWS_ROLE_ARN, and an SSO profile whose expired token is refreshed."""
    emu = Emulator(emutest.DEMO, proxy=True)
    try:
        seed = sso_refresh_seed()
        seed.update({k: v for k, v in web_identity_seed().items()
                     if k in ('web_identity', 'roles')})
        emu.ctl('POST', 'state', seed)
        token_file = os.path.join(emu.dir, 'web-token')
        with open(token_file, 'w') as f:
            f.write(WEB_TOKEN)
        env = emu.aws_env(AWS_WEB_IDENTITY_TOKEN_FILE=token_file, AWS_ROLE_ARN=WEB_ROLE,
                          AWS_ROLE_SESSION_NAME='cli-env', **emu.proxy_env())
        del env['AWS_ACCESS_KEY_ID'], env['AWS_SECRET_ACCESS_KEY']
        web = emu.aws('sts', 'get-caller-identity', env=env)
        home, config, cache = sso_refresh_home(emu, 'cli-home')
        env = emu.aws_env(HOME=home, AWS_CONFIG_FILE=config, AWS_PROFILE='org',
                          **emu.proxy_env())
        del env['AWS_ACCESS_KEY_ID'], env['AWS_SECRET_ACCESS_KEY']
        rc, out, err = emutest.finish(web)
        check(rc == 0 and json.loads(out)['Arn'] ==
              'arn:aws:sts::444444444444:assumed-role/EmuWebIdentity/cli-env',
              'aws with AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN', (rc, out, err[-1500:]))
        since = emu.last_seq()
        rc, out, err = emutest.finish(emu.aws('sts', 'get-caller-identity', env=env))
        check(rc == 0 and json.loads(out)['Arn'].startswith(
            'arn:aws:sts::600000000007:assumed-role/AWSReservedSSO_SecurityHubMember_'),
            'aws with an SSO profile and an expired cached token', (rc, out, err[-1500:]))
        ops = [(c['operation'], c['host'], c['status']) for c in emu.calls(since)]
        check(ops[:2] == [('CreateToken', 'oidc.eu-west-1.amazonaws.com', 200),
                          ('GetRoleCredentials', 'portal.sso.eu-west-1.amazonaws.com', 200)],
              'the AWS CLI refreshed the token at OIDC, then called the portal', ops)
        with open(cache) as f:
            cached = json.load(f)
        check(cached['accessToken'].startswith('aoa') and cached['refreshToken'] != 'emu-refresh-1',
              'the AWS CLI wrote the refreshed token back to its cache', cached.keys())
        webcalls = [c for c in emu.calls() if c['operation'] == 'AssumeRoleWithWebIdentity']
        check(len(webcalls) == 1 and webcalls[0]['host'].startswith('sts.'),
              'the web identity call went to STS by its own host name', webcalls)
    finally:
        emu.stop()


def test_process():
    # SIGTERM: exits 0 and removes its port file
    emu = Emulator(emutest.DEMO)
    emu.proc.send_signal(signal.SIGTERM)
    try:
        rc = emu.proc.wait(10)
    except subprocess.TimeoutExpired:
        rc = None
    check(rc == 0 and not os.path.exists(emu.port_file), 'SIGTERM stops it cleanly', rc)
    # --parent-pid: gone with its parent
    parent = subprocess.Popen(['/bin/sleep', '60'])
    emu = Emulator(emutest.DEMO, parent_pid=parent.pid)
    parent.kill()
    parent.wait()
    try:
        wait_for(lambda: emu.proc.poll() is not None, 10, 'the emulator to follow its parent')
        check(True, '--parent-pid')
    except TimeoutError as e:
        check(False, '--parent-pid: exits when the parent is gone', e)
    emu.stop()
    # a bad seed is refused at start
    p = subprocess.run([emutest.PYTHON, emutest.EMULATOR, '--seed', '/dev/null'],
                       capture_output=True, text=True, timeout=30)
    check(p.returncode == 2 and 'seed' in p.stderr, 'an unreadable seed fails at start', p.stderr)


def main():
    emu = Emulator(emutest.DEMO)
    for t in (test_auth, test_validation, test_semantics, test_sts, test_credential_endpoints,
              test_keepalive, test_control, test_pagination, test_sso_and_mfa, test_fanout,
              test_concurrency, test_hang, test_web_identity, test_sso_portal, test_sso_oidc):
        try:
            t(emu)
        except Exception as e:          # report and go on with the next group
            import traceback
            check(False, '%s raised %r' % (t.__name__, e), traceback.format_exc())
    emu.stop()
    test_awscli_proxy()
    test_process()
    return check.done()


if __name__ == '__main__':
    sys.exit(main())
