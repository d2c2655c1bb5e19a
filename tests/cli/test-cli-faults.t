#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# shtui's commands under faults: throttling, 5xx, resets, broken bodies, a skewed clock, denials, and secrets kept out of every output.
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clitest import Emulator, Tap, emutest, parse, shtui, shtui_env  # noqa: E402

t = Tap()


def calls(emu, op=None):
    return [c for c in emu.calls() if op is None or c.get('operation') == op]


# 30 % throttling and 10 % 500s: every invitation still arrives.
e = Emulator(emutest.MANY, '--random-seed', '7')
try:
    want = len(json.loads(open(emutest.MANY).read())['accounts']['111111111111']['regions']
               ['us-east-1']['invitations'])
    e.faults([{'kind': 'throttle', 'op': 'ListInvitations', 'rate': 0.3},
              {'kind': 'error500', 'op': 'ListInvitations', 'rate': 0.1}])
    rc, out, err = shtui(e, 'list-invitations', env=shtui_env(e, AWS_MAX_ATTEMPTS='10'))
    got = (parse(out) or {}).get('Invitations', []) if rc == 0 else []
    t.ok(rc == 0 and len(got) == want,
         'throttling 30%% + 500s 10%%: all %d invitations, exit 0' % want,
         'rc=%d got=%d stderr=%s' % (rc, len(got), err))
    n_faulted = sum(1 for c in calls(e, 'ListInvitations') if c.get('status', 200) != 200)
    t.ok(n_faulted > 0, 'faults were really injected (%d failed calls retried)' % n_faulted)
    t.ok(len({i['InvitationId'] for i in got}) == want, 'no invitation twice')
finally:
    e.stop()

# Permanent throttling: exactly AWS_MAX_ATTEMPTS requests, exit 254.
for attempts in ('3', '5'):
    e = Emulator()
    try:
        e.faults([{'kind': 'throttle', 'op': 'ListInvitations'}])
        rc, out, err = shtui(e, 'list-invitations', env=shtui_env(e, AWS_MAX_ATTEMPTS=attempts))
        n = len(calls(e, 'ListInvitations'))
        t.eq(n, int(attempts), 'permanent throttling, AWS_MAX_ATTEMPTS=%s: %s requests' % (attempts, attempts))
        t.eq(rc, 254, 'permanent throttling: exit 254')
        t.ok('An error occurred (LimitExceededException) when calling the ListInvitations operation'
             in err, 'permanent throttling: the AWS CLI error line', err)
    finally:
        e.stop()

# Clock 20 minutes off: one correction, then success, and the user is told.
for offset, label in (('1200', 'server 20 min ahead'), ('-1200', 'server 20 min behind')):
    e = Emulator(emutest.DEMO, '--clock-offset', offset)
    try:
        rc, out, err = shtui(e, 'list-invitations')
        lst = calls(e, 'ListInvitations')
        t.ok(rc == 0 and (parse(out) or {}).get('Invitations'), '%s: succeeds' % label, err)
        t.eq(len(lst), 2, '%s: one rejected request, one corrected' % label)
        t.ok('clock' in err and '1200' in err, '%s: the skew is reported' % label, err)
    finally:
        e.stop()

# The client's own clock off, by faketime.
e = Emulator()
try:
    rc, out, err = shtui(e, 'get-invitations-count', prefix=['faketime', '-f', '-20m'])
    t.ok(rc == 0 and 'InvitationsCount' in out, 'faketime -20m: succeeds after one correction', err)
    t.ok('clock' in err, 'faketime -20m: the skew is reported', err)
finally:
    e.stop()

# Broken replies and resets: exit 255 with a clear message.
for kind, needle in (('garbage', 'not a JSON object'), ('truncate', 'ListInvitations'),
                     ('reset', 'ListInvitations')):
    e = Emulator()
    try:
        e.faults([{'kind': kind, 'op': 'ListInvitations'}])
        rc, out, err = shtui(e, 'list-invitations')
        t.eq(rc, 255, '%s: exit 255' % kind)
        t.ok(needle in err and out == '', '%s: a clear message, nothing on stdout' % kind, err)
    finally:
        e.stop()

# Denials, with their hints.
e = Emulator()
try:
    e.faults([{'kind': 'scp_deny', 'region': 'eu-west-1'}])
    rc, out, err = shtui(e, 'list-invitations', region='eu-west-1')
    t.ok(rc == 254 and 'AccessDeniedException' in err and 'service control policy' in err.split('Hint:')[-1],
         'SCP deny: exit 254, error and hint', err)
    rc, out, err = shtui(e, 'list-invitations', region='af-south-1')
    t.ok(rc == 254 and 'UnrecognizedClientException' in err and 'opt-in region' in err,
         'region not opted in: exit 254 and the hint', err)
    rc, out, err = shtui(e, 'list-invitations', region='us-west-2')
    t.ok(rc == 254 and 'InvalidAccessException' in err and 'enable-security-hub' in err,
         'hub not enabled: exit 254 and the hint', err)
    rc, out, err = shtui(e, 'list-invitations', env=shtui_env(e, akid=emutest.EXPIRED_AKID,
                                                              secret=emutest.EXPIRED_SECRET,
                                                              token=emutest.EXPIRED_TOKEN))
    t.ok(rc == 254 and 'ExpiredTokenException' in err and 'expired' in err.split('Hint:')[-1],
         'expired token: exit 254 and the hint', err)
finally:
    e.stop()

# IAM denies the new accept API: the legacy call is used, once, and the user is told.
e = Emulator()
try:
    e.faults([{'kind': 'iam_deny', 'op': ['AcceptAdministratorInvitation',
                                          'DisassociateFromAdministratorAccount']}])
    rc, out, err = shtui(e, 'accept-administrator-invitation', '--administrator-id', '222222222222',
                         '--invitation-id', '5c837dea8968bab936d13f41f198a99c')
    ops = [c['operation'] for c in calls(e) if c.get('service') == 'securityhub']
    t.eq(ops, ['AcceptAdministratorInvitation', 'AcceptInvitation'],
         'accept denied by IAM: falls back to AcceptInvitation once')
    t.ok(rc == 0 and 'legacy AcceptInvitation' in err, 'the fallback is reported', err)
    rc, out, err = shtui(e, 'get-administrator-account')
    t.ok('"Enabled"' in out, 'the legacy accept took effect', out)
    rc, out, err = shtui(e, 'disassociate-from-administrator-account')
    t.ok(rc == 0 and 'legacy DisassociateFromMasterAccount' in err, 'disassociate falls back too', err)
finally:
    e.stop()

# No secret or token in any output, --debug included.
e = Emulator()
try:
    logdir = tempfile.mkdtemp()
    log = os.path.join(logdir, 'debug.log')
    env = shtui_env(e, akid=emutest.SESSION_AKID, secret=emutest.SESSION_SECRET,
                    token=emutest.SESSION_TOKEN, SHTUI_LOG=log)
    seen = ''
    for args in (['--debug', 'list-invitations'], ['--debug', 'get-caller-identity'],
                 ['--debug', '--output', 'text', 'describe-hub'], ['--debug', 'list-invitations']):
        rc, out, err = shtui(e, *args, env=env)
        seen += out + err
    rc, out, err = shtui(e, '--debug', 'list-invitations',
                         env=shtui_env(e, akid=emutest.SESSION_AKID, secret=emutest.SESSION_SECRET,
                                       token=emutest.SESSION_TOKEN))
    seen += out + err
    t.ok('canonical request' in err and 'x-amz-security-token' in err,
         '--debug logs the requests to stderr', err[:2000])
    filelog = open(log).read() if os.path.exists(log) else ''
    t.ok('ListInvitations' in filelog, 'SHTUI_LOG receives the debug log')
    t.eq(oct(os.stat(log).st_mode & 0o777) if filelog else None, '0o600', 'the debug log is private')
    seen += filelog
    t.ok(emutest.SESSION_SECRET not in seen, 'the secret key appears nowhere')
    t.ok(emutest.SESSION_TOKEN not in seen, 'the session token appears nowhere')
    e.faults([{'kind': 'throttle', 'op': 'ListInvitations'}])
    rc, out, err = shtui(e, '--debug', 'list-invitations', env=env)
    t.ok(emutest.SESSION_SECRET not in out + err and emutest.SESSION_TOKEN not in out + err,
         'nor in error paths')
finally:
    e.stop()

sys.exit(t.done())
