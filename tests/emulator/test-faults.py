#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# Self-test of the emulator's fault injection: each fault kind seen from a client, and the call log counting the calls.
"""Run: /usr/bin/python3 tests/emulator/test-faults.py (exit 0 when every check passes).

Transport faults are observed with http.client, service faults with Debian's
/usr/bin/aws (several aws processes at once, each on its own region or
operation, so the run stays short)."""

import datetime
import http.client
import json
import os
import socket
import sys
import threading
import time

sys.dont_write_bytecode = True     # nothing written beside the sources
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import emutest  # noqa: E402
from emutest import Emulator, finish, wait_for  # noqa: E402

check = emutest.Checks('test-faults')
UTC = datetime.timezone.utc


def test_transport(emu):
    emu.faults([{'kind': 'latency', 'op': 'GetInvitationsCount', 'ms': 400, 'count': 1}])
    t0 = time.monotonic()
    r = emu.request('GET', '/invitations/count')
    slow = time.monotonic() - t0
    t0 = time.monotonic()
    r2 = emu.request('GET', '/invitations/count')
    fast = time.monotonic() - t0
    check(r.status == 200 and slow >= 0.4 and r2.status == 200 and fast < 0.3,
          'latency 400 ms, once', (slow, fast))

    emu.faults([{'kind': 'latency', 'op': 'DescribeHub', 'ms': 3600000}])
    before = emu.last_seq()
    try:
        emu.request('GET', '/accounts', timeout=0.3)
        check(False, 'a hung call times out on the client')
    except (socket.timeout, TimeoutError):
        check(True, 'a hung call times out on the client')
    hung = emu.calls(before)
    check(len(hung) == 1 and hung[0]['operation'] == 'DescribeHub' and hung[0]['status'] is None
          and 'duration_ms' not in hung[0], 'the hung call is logged as in flight', hung)

    # A held call goes on when the test releases it.
    emu.faults([{'kind': 'latency', 'op': 'GetInvitationsCount', 'ms': 3600000, 'count': 1}])
    before = emu.last_seq()
    got = []
    held = threading.Thread(target=lambda: got.append(emu.request('GET', '/invitations/count',
                                                                  timeout=60)))
    held.start()
    try:
        wait_for(lambda: [c for c in emu.calls(before) if c['operation'] == 'GetInvitationsCount'],
                 30, 'the held call')
        in_flight = emu.calls(before)[0]['status'] is None
        emu.ctl('POST', 'faults/release')
    finally:
        held.join(60)
    check(in_flight and got and got[0].status == 200 and emu.calls(before)[0]['status'] == 200,
          'faults/release: a call held by latency is answered', (got, emu.calls(before)))

    emu.faults([{'kind': 'reset', 'op': 'ListInvitations', 'count': 1}])
    try:
        r = emu.request('GET', '/invitations')
        check(False, 'reset: connection reset by peer', r)
    except ConnectionResetError:
        check(True, 'reset')
    r = emu.request('GET', '/invitations')
    check(r.status == 200, 'after the one reset the call works again', r)

    emu.faults([{'kind': 'truncate', 'op': 'ListInvitations', 'count': 1}])
    try:
        r = emu.request('GET', '/invitations')
        check(False, 'truncate: short body', r)
    except http.client.IncompleteRead as e:
        check(len(e.partial) > 0, 'truncate: Content-Length larger than the body sent', e)

    emu.faults([{'kind': 'garbage', 'op': 'ListInvitations', 'count': 1}])
    r = emu.request('GET', '/invitations')
    try:
        json.loads(r.body)
        check(False, 'garbage: 200 with a body that is not JSON', r)
    except ValueError:
        check(r.status == 200 and r.headers.get('x-amzn-requestid'), 'garbage', r)

    emu.faults([{'kind': 'garbage', 'op': 'ListInvitations', 'count': 1,
                 'content_type': 'text/html'}])
    r = emu.request('GET', '/invitations')
    check(r.status == 200 and r.headers.get('content-type') == 'text/html',
          'garbage with a content type', r.headers)

    emu.faults([{'kind': 'big', 'op': 'ListInvitations', 'count': 1}])
    r = emu.request('GET', '/invitations')
    check(r.status == 200 and len(r.body) == 10 * 1024 * 1024 and
          r.headers.get('content-length') == str(10 * 1024 * 1024) and
          json.loads(r.body)['Invitations'] == [], 'big: 10 MiB of JSON by default',
          (r.status, len(r.body), r.headers))
    emu.faults([{'kind': 'big', 'op': 'ListInvitations', 'count': 1, 'size': 200000,
                 'chunked': True}])
    r = emu.request('GET', '/invitations')
    check(r.status == 200 and len(r.body) == 200000 and 'content-length' not in r.headers and
          r.headers.get('transfer-encoding') == 'chunked', 'big, chunked: no length announced',
          (r.status, len(r.body), r.headers))

    emu.faults([{'kind': 'drip', 'op': 'GetInvitationsCount', 'ms': 20, 'count': 1}])
    t0 = time.monotonic()
    r = emu.request('GET', '/invitations/count')
    took = time.monotonic() - t0
    check(r.status == 200 and r.json().get('InvitationsCount') == 2 and
          took >= len(r.body) * 0.02 * 0.9, 'drip: the whole reply, a byte per 20 ms',
          (r, took))

    emu.faults([{'kind': 'http10', 'op': 'ListInvitations', 'count': 1}])
    conn = emu.connect()
    r = emu.request('GET', '/invitations', conn=conn)
    check(r.status == 200 and 'content-length' not in r.headers and
          r.headers.get('connection') == 'close' and r.json()['Invitations'] and
          conn.sock is None, 'http10: the body ends when the connection closes', r.headers)
    conn.close()

    # after=true: the operation is done, then the reply is lost
    emu.faults([{'kind': 'reset', 'op': 'AcceptAdministratorInvitation', 'after': True}])
    try:
        emu.request('POST', '/administrator', body={'AdministratorId': '222222222222',
                                                    'InvitationId': '5c837dea8968bab936d13f41f198a99c'})
        check(False, 'reset after the operation')
    except ConnectionResetError:
        pass
    r = emu.request('GET', '/administrator')
    check(r.json().get('Administrator', {}).get('MemberStatus') == 'Enabled',
          'reset after=true: the accept happened although the reply was lost', r)

    # a reset on a kept-alive connection
    conn = emu.connect()
    emu.faults([{'kind': 'reset', 'op': 'GetInvitationsCount', 'skip': 1, 'count': 1}])
    ok = emu.request('GET', '/invitations/count', conn=conn)
    try:
        emu.request('GET', '/invitations/count', conn=conn)
        check(False, 'reset on the second call of a kept-alive connection')
    except (ConnectionResetError, http.client.RemoteDisconnected, BrokenPipeError):
        check(ok.status == 200, 'skip=1: the first call passes, the second is reset', ok)
    conn.close()
    emu.faults([])


def test_service_raw(emu):
    emu.faults([{'kind': 'throttle', 'op': 'GetInvitationsCount', 'count': 1},
                {'kind': 'error500', 'op': 'GetInvitationsCount', 'count': 1},
                {'kind': 'error503', 'op': 'GetInvitationsCount', 'count': 1},
                {'kind': 'error', 'op': 'GetInvitationsCount', 'count': 1, 'status': 400,
                 'code': 'ThrottlingException', 'message': 'Slow down'}])
    r = emu.request('GET', '/invitations/count')
    check.error(r, 429, 'LimitExceededException', 'throttle -> 429 LimitExceededException',
                'Rate exceeded')
    r = emu.request('GET', '/invitations/count')
    check.error(r, 500, 'InternalException', 'error500 -> 500 InternalException')
    r = emu.request('GET', '/invitations/count')
    check.error(r, 503, 'ServiceUnavailableException', 'error503 -> 503')
    r = emu.request('GET', '/invitations/count')
    check.error(r, 400, 'ThrottlingException', 'error with a given status/code/message', 'Slow down')
    r = emu.request('GET', '/invitations/count')
    check(r.status == 200, 'counts used up: the call works', r)

    # faults come after the signature check
    emu.faults([{'kind': 'throttle', 'op': 'GetInvitationsCount', 'count': 1}])
    r = emu.request('GET', '/invitations/count', secret='bad')
    check.error(r, 403, 'InvalidSignatureException', 'a bad signature wins over a service fault')
    r = emu.request('GET', '/invitations/count')
    check(r.status == 429, 'the fault was not used up by the rejected call', r)

    # matching by account and region
    emu.faults([{'kind': 'error500', 'account': '444444444444'},
                {'kind': 'error500', 'region': ['eu-west-1', 'ap-southeast-2']}])
    r = emu.request('GET', '/invitations/count')
    check(r.status == 200, 'a rule for another account does not fire', r)
    r = emu.request('GET', '/invitations/count', akid='AKIAEMUDEMO444444444',
                    secret='emuDemoSecretKey/444444444444/EXAMPLEKEY')
    check(r.status == 500, 'a rule for this account fires', r)
    r = emu.request('GET', '/invitations/count', region='ap-southeast-2')
    check(r.status == 500, 'a rule with a list of regions fires', r)

    # matching by the key a call is signed with
    emu.faults([{'kind': 'iam_deny', 'access_key_id': 'AKIAEMUDEMO444444444'}])
    r = emu.request('GET', '/invitations/count')
    check(r.status == 200, 'a rule for another key does not fire', r)
    r = emu.request('GET', '/invitations/count', akid='AKIAEMUDEMO444444444',
                    secret='emuDemoSecretKey/444444444444/EXAMPLEKEY')
    check.error(r, 403, 'AccessDeniedException', 'a rule for this key fires')

    # STS faults answer in STS's XML shape
    emu.faults([{'kind': 'throttle', 'service': 'sts', 'count': 1}])
    r = emu.sts('GetCallerIdentity')
    check(r.status == 400 and b'<Code>Throttling</Code>' in r.body, 'STS throttle', r)

    # error styles
    shapes = {}
    for style in ('aws', 'coral', 'header', 'body', 'type', 'none'):
        emu.faults([{'kind': 'error_style', 'style': style, 'count': 1}])
        r = emu.request('GET', '/accounts', region='us-west-2')
        shapes[style] = (r.status, r.headers.get('x-amzn-errortype'), r.body)
    want_hdr = 'InvalidAccessException:http://internal.amazon.com/coral/com.amazonaws.securityhub/'
    msg = 'Account 111111111111 is not subscribed to AWS Security Hub'
    check(shapes['aws'][1] == want_hdr and json.loads(shapes['aws'][2]) ==
          {'Code': 'InvalidAccessException', 'Message': msg}, 'error style aws', shapes['aws'])
    check(shapes['coral'] == shapes['aws'], 'error style coral', shapes['coral'])
    check(shapes['header'][1] == want_hdr and json.loads(shapes['header'][2]) == {'message': msg},
          'error style header', shapes['header'])
    check(shapes['body'][1] is None and json.loads(shapes['body'][2]) ==
          {'Code': 'InvalidAccessException', 'Message': msg}, 'error style body', shapes['body'])
    check(shapes['type'][1] is None and json.loads(shapes['type'][2]) ==
          {'__type': 'com.amazonaws.securityhub#InvalidAccessException', 'message': msg},
          'error style type', shapes['type'])
    check(shapes['none'] == (401, None, b''), 'error style none', shapes['none'])
    check(all(s[0] == 401 for s in shapes.values()), 'every style keeps the status')
    emu.faults([])


def test_skew(emu):
    emu.ctl('POST', 'clock', {'offset': 1200})
    r = emu.request('GET', '/invitations/count')
    check.error(r, 403, 'InvalidSignatureException', 'server clock +20 min: Signature expired',
                'Signature expired')
    emu.ctl('POST', 'clock', {'offset': -1200})
    r = emu.request('GET', '/invitations/count')
    check.error(r, 403, 'InvalidSignatureException', 'server clock -20 min: not yet current',
                'Signature not yet current')
    emu.ctl('POST', 'clock', {'offset': 0})


def rate_pattern(emu, n=40):
    emu.faults([{'kind': 'throttle', 'op': 'GetInvitationsCount', 'rate': 0.5}])
    conn = emu.connect()
    pattern = ''.join('T' if emu.request('GET', '/invitations/count', conn=conn).status == 429
                      else '.' for _ in range(n))
    conn.close()
    fired = emu.ctl('GET', 'faults')[0]['fired']
    emu.faults([])
    return pattern, fired


def test_rate(emu):
    p1, fired = rate_pattern(emu)
    check(5 < p1.count('T') < 35 and fired == p1.count('T'), 'rate 0.5 fires about half', p1)
    other = Emulator(emutest.DEMO, '--random-seed', '7')
    p2, _ = rate_pattern(other)
    other.stop()
    check(p1 == p2, 'the same --random-seed repeats the same faults', (p1, p2))


def test_awscli(emu):
    """Service faults through the real AWS CLI, several at once."""
    emu.faults([
        {'kind': 'throttle', 'op': 'ListInvitations', 'region': 'us-east-1', 'count': 2},
        {'kind': 'iam_deny', 'op': 'AcceptAdministratorInvitation', 'region': 'eu-west-1'},
        {'kind': 'scp_deny', 'op': 'DescribeHub', 'region': 'ap-southeast-2'},
        {'kind': 'not_opted_in', 'region': 'eu-central-1'},
        {'kind': 'error_style', 'style': 'type', 'region': 'us-west-2'},
        {'kind': 'latency', 'op': 'GetInvitationsCount', 'region': 'ap-southeast-2', 'ms': 2500},
        {'kind': 'throttle', 'service': 'sts', 'count': 1},
    ])
    before = emu.last_seq()
    retry = emu.aws_env(AWS_RETRY_MODE='standard', AWS_MAX_ATTEMPTS='3')
    once = emu.aws_env(AWS_RETRY_MODE='standard', AWS_MAX_ATTEMPTS='1')
    results = {}

    def chain(name, steps):
        out = []
        for args, region, env in steps:
            out.append(finish(emu.aws(*args, region=region, env=env)))
        results[name] = out

    chains = {
        'throttle': [(['securityhub', 'list-invitations'], 'us-east-1', retry)],
        'iam': [(['securityhub', 'accept-administrator-invitation', '--administrator-id',
                  '222222222222', '--invitation-id', '87dff18facf7d3cc8210d7d5d0fc15e6'],
                 'eu-west-1', retry),
                (['securityhub', 'accept-invitation', '--master-id', '222222222222',
                  '--invitation-id', '87dff18facf7d3cc8210d7d5d0fc15e6'], 'eu-west-1', retry),
                (['securityhub', 'get-master-account'], 'eu-west-1', retry)],
        'scp': [(['securityhub', 'describe-hub'], 'ap-southeast-2', retry)],
        'optin': [(['securityhub', 'get-administrator-account'], 'eu-central-1', retry)],
        'style': [(['securityhub', 'describe-hub'], 'us-west-2', retry)],
        'hang': [(['securityhub', 'get-invitations-count', '--cli-read-timeout', '1'],
                  'ap-southeast-2', once)],
        'sts': [(['sts', 'get-caller-identity'], 'us-east-1', retry)],
    }
    threads = [threading.Thread(target=chain, args=(n, s)) for n, s in chains.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)

    rc, out, err = results['throttle'][0]
    check(rc == 0 and json.loads(out)['Invitations'][0]['AccountId'] == '333333333333',
          'aws retries through 2 throttles', (rc, out, err))
    (rc1, _, err1), (rc2, out2, err2), (rc3, out3, _) = results['iam']
    check(rc1 == 254 and 'AccessDeniedException' in err1 and 'because no identity-based policy '
          'allows the securityhub:AcceptAdministratorInvitation action' in err1,
          'iam_deny on AcceptAdministratorInvitation', err1)
    check(rc2 == 0 and rc3 == 0 and json.loads(out3)['Master']['MemberStatus'] == 'Enabled',
          'the legacy AcceptInvitation still works', (err2, out3))
    rc, _, err = results['scp'][0]
    check(rc == 254 and 'AccessDeniedException' in err and 'with an explicit deny in a service '
          'control policy' in err and 'securityhub:DescribeHub' in err, 'scp_deny', err)
    rc, _, err = results['optin'][0]
    check(rc == 254 and '(UnrecognizedClientException)' in err and
          'The security token included in the request is invalid' in err, 'not_opted_in', err)
    rc, _, err = results['style'][0]
    check(rc == 254 and '(InvalidAccessException) when calling the DescribeHub operation: Account '
          '111111111111 is not subscribed to AWS Security Hub' in err,
          'aws reads a __type error with a lowercase message', err)
    rc, _, err = results['hang'][0]
    check(rc != 0 and 'Read timeout' in err, 'latency longer than the read timeout', err)
    rc, out, err = results['sts'][0]
    check(rc == 0 and json.loads(out)['Account'] == '111111111111', 'aws sts retries a throttle',
          (out, err))

    calls = emu.calls(before)

    def statuses(op, region=None):
        return [c['status'] for c in calls
                if c['operation'] == op and (region is None or c['region'] == region)]
    check(statuses('ListInvitations', 'us-east-1') == [429, 429, 200],
          'the log counts 3 ListInvitations calls: 429, 429, 200', calls)
    check(statuses('GetCallerIdentity') == [400, 200], 'the log counts 2 STS calls', calls)
    check(statuses('AcceptAdministratorInvitation') == [403] and
          statuses('AcceptInvitation') == [200], 'a 403 is not retried', calls)
    check(len(statuses('GetInvitationsCount', 'ap-southeast-2')) == 1,
          'one hung call logged (standard mode, 1 attempt)', calls)
    check(all(c['signature_ok'] for c in calls if 'duration_ms' in c),
          'aws signed every call right', calls)
    emu.faults([])


def test_log(emu):
    wait_for(lambda: all('duration_ms' in c or c['operation'] == 'DescribeHub'
                         for c in emu.calls()), 10, 'calls in flight to finish')
    calls = emu.calls()
    done = [c for c in calls if 'duration_ms' in c]
    lines = [json.loads(x) for x in open(emu.log)]
    check(sorted(x['seq'] for x in lines) == [x['seq'] for x in done],
          'the log file has one line per finished call',
          (len(lines), len(done)))
    check([c['seq'] for c in calls] == list(range(1, len(calls) + 1)),
          'every call to the service is logged, numbered', [c['seq'] for c in calls][:50])
    resets = [c for c in calls if c.get('transport') == 'reset']
    check(len(resets) == 3 and all(c['status'] is None for c in resets),
          'resets are logged without a status', resets)


def main():
    emu = Emulator(emutest.DEMO, '--random-seed', '7')
    for t in (test_transport, test_service_raw, test_skew, test_rate, test_awscli, test_log):
        try:
            t(emu)
        except Exception as e:
            import traceback
            check(False, '%s raised %r' % (t.__name__, e), traceback.format_exc())
    emu.stop()
    return check.done()


if __name__ == '__main__':
    sys.exit(main())
