#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# shtui's commands when the transport fails: size cap, broken and odd replies, timeouts, DNS, refused connections, TLS, and calls whose outcome is unknown.
import os
import socket
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clitest import Emulator, Tap, emutest, parse, self_signed_cert, shtui, shtui_env  # noqa: E402

t = Tap()
ACCEPT = ('accept-administrator-invitation', '--administrator-id', '222222222222',
          '--invitation-id', '5c837dea8968bab936d13f41f198a99c')
# Everything any test here prints goes through this check at the end.
SEEN = []
SECRETS = (emutest.SESSION_SECRET, emutest.SESSION_TOKEN)


def run(emu, *args, **kw):
    """shtui with the session key (so there is a token to leak), output kept."""
    kw.setdefault('env', shtui_env(emu, akid=emutest.SESSION_AKID, secret=emutest.SESSION_SECRET,
                                   token=emutest.SESSION_TOKEN))
    rc, out, err = shtui(emu, *args, **kw)
    SEEN.append(out + err)
    return rc, out, err


def calls(emu, op):
    return [c for c in emu.calls() if c.get('operation') == op]


def administrator(emu):
    rc, out, err = shtui(emu, 'get-administrator-account')
    return ((parse(out) or {}).get('Administrator') or {}).get('MemberStatus') if rc == 0 else err


def free_port():
    """A port where nothing listens (bound, then closed)."""
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


# Replies of 10 MiB and more: refused, said so, not retried.
for rule, label in (({'kind': 'big'}, 'a 10 MiB reply'),
                    ({'kind': 'big', 'chunked': True}, 'a 10 MiB chunked reply (no length)'),
                    ({'kind': 'big', 'size': 64 * 1024 * 1024}, 'a 64 MiB reply')):
    e = Emulator()
    try:
        e.faults([dict(rule, op='ListInvitations')])
        t0 = time.monotonic()
        rc, out, err = run(e, '--debug', 'list-invitations')
        t.eq(rc, 255, '%s: exit 255' % label)
        t.ok('The ListInvitations call failed' in err and
             'the reply is larger than 10 MiB' in err and out == '',
             '%s: refused with a clear message' % label, err)
        t.eq(len(calls(e, 'ListInvitations')), 1, '%s: not retried' % label)
        t.ok(time.monotonic() - t0 < 20, '%s: promptly' % label)
    finally:
        e.stop()

# Odd but whole replies are read; broken ones are named.
e = Emulator()
try:
    rc, plain, err = run(e, 'list-invitations')
    e.faults([{'kind': 'http10', 'op': 'ListInvitations'}])
    rc, out, err = run(e, 'list-invitations')
    t.ok(rc == 0 and len((parse(out) or {}).get('Invitations', [])) == 2 and out == plain,
         'an HTTP/1.0 reply ended by closing the connection is read whole', err + out)

    e.faults([{'kind': 'garbage', 'op': 'GetInvitationsCount', 'content_type': 'text/html'}])
    rc, out, err = run(e, 'get-invitations-count')
    t.ok(rc == 255 and 'not a JSON object' in err and 'Content-Type text/html' in err and out == '',
         'an HTML page for a reply: exit 255, named with its content type', err)

    e.faults([{'kind': 'garbage', 'op': 'GetInvitationsCount', 'content_type': 'text/plain',
               'body': '{"InvitationsCount": 7}'}])
    rc, out, err = run(e, 'get-invitations-count')
    t.ok(rc == 0 and (parse(out) or {}).get('InvitationsCount') == 7,
         'a JSON reply labelled text/plain is read, as the AWS CLI reads it', err)

    e.faults([{'kind': 'garbage', 'op': 'GetInvitationsCount', 'status': 502,
               'content_type': 'text/html'}])
    before = e.last_seq()
    rc, out, err = run(e, 'get-invitations-count', env=shtui_env(e, AWS_MAX_ATTEMPTS='2'))
    t.ok(rc == 254 and 'An error occurred (502) when calling the GetInvitationsCount operation'
         in err, 'a 502 page from a proxy: the status is the error code, exit 254', err)
    t.eq(len(e.calls(before)), 2, 'the 502 was retried (2 attempts)')

    e.faults([{'kind': 'truncate', 'op': 'GetInvitationsCount'}])
    rc, out, err = run(e, 'get-invitations-count', env=shtui_env(e, AWS_MAX_ATTEMPTS='1'))
    t.ok(rc == 255 and 'the reply was cut short' in err and out == '',
         'a truncated reply: exit 255, "cut short"', err)
finally:
    e.stop()

# A reply that drips in: the total timeout ends it, whatever keeps arriving.
e = Emulator()
try:
    e.faults([{'kind': 'drip', 'op': 'GetInvitationsCount', 'ms': 400}])
    t0 = time.monotonic()
    rc, out, err = run(e, '--cli-read-timeout', '1', 'get-invitations-count',
                       env=shtui_env(e, AWS_MAX_ATTEMPTS='1'))
    took = time.monotonic() - t0
    t.ok(rc == 255 and 'timed out' in err and '--cli-read-timeout' in err and out == '',
         'slow drip: the read timeout fires, exit 255', err)
    t.ok(took < 8, 'slow drip: over in about a second (%.1f s)' % took)
    e.faults([{'kind': 'latency', 'op': 'DescribeHub', 'ms': 3600000}])
    t0 = time.monotonic()
    rc, out, err = run(e, '--cli-read-timeout', '1', 'describe-hub',
                       env=shtui_env(e, AWS_MAX_ATTEMPTS='2'))
    t.ok(rc == 255 and 'timed out' in err and time.monotonic() - t0 < 15,
         'a hung read: timed out twice, exit 255', err)
finally:
    e.stop()

# No such host, nobody listening.
e = Emulator()
try:
    rc, out, err = run(e, '--endpoint-url', 'http://shtui-test.invalid', '--cli-connect-timeout',
                       '5', 'list-invitations', endpoint=False,
                       env=shtui_env(e, AWS_MAX_ATTEMPTS='1'))
    t.ok(rc == 255 and 'shtui-test.invalid' in err and
         ('the host name does not resolve' in err or 'timed out' in err),
         'a name under .invalid: exit 255, the name and why', err)
    port = free_port()
    t0 = time.monotonic()
    rc, out, err = run(e, '--endpoint-url', 'http://127.0.0.1:%d' % port, 'list-invitations',
                       endpoint=False)
    t.ok(rc == 255 and 'cannot connect' in err and '127.0.0.1:%d' % port in err and out == '',
         'connection refused: exit 255, "cannot connect" and where', err)
    t.ok(time.monotonic() - t0 < 15, 'connection refused: retried, but not for long')
    rc, out, err = run(e, '--endpoint-url', 'http://127.0.0.1:%d' % port, *ACCEPT,
                       endpoint=False)
    t.ok(rc == 255 and 'Could not complete the AcceptAdministratorInvitation call' in err and
         'unknown' not in err, 'an accept that never connected failed for sure, and says so', err)
finally:
    e.stop()

# TLS to a server with a self-signed certificate: refused unless trusted.
tls = tempfile.mkdtemp(prefix='shtui-tls.')
cert, key, gen = self_signed_cert(tls)
t.ok(gen.returncode == 0, 'openssl makes a self-signed certificate', gen.stderr)
e = Emulator(emutest.DEMO, '--tls-cert', cert, '--tls-key', key)
try:
    rc, out, err = run(e, '--debug', 'list-invitations')
    t.ok(rc == 255 and e.url.startswith('https://') and
         "the server's TLS certificate is not trusted" in err and
         'self-signed certificate' in err and '--ca-bundle' in err and out == '',
         'self-signed certificate: refused, exit 255, the certificate problem named', err)
    t.eq(len(calls(e, 'ListInvitations')), 0, 'self-signed certificate: nothing was sent')
    rc, out, err = run(e, '--ca-bundle', cert, 'list-invitations')
    t.ok(rc == 0 and len((parse(out) or {}).get('Invitations', [])) == 2,
         '--ca-bundle naming the certificate: the call works', err)
    env = shtui_env(e, akid=emutest.SESSION_AKID, secret=emutest.SESSION_SECRET,
                    token=emutest.SESSION_TOKEN, AWS_CA_BUNDLE=cert)
    rc, out, err = run(e, 'get-invitations-count', env=env)
    t.ok(rc == 0 and (parse(out) or {}).get('InvitationsCount') == 2,
         'AWS_CA_BUNDLE naming the certificate: the call works', err)
    other = self_signed_cert(tls, 'other', san=False)[0]
    rc, out, err = run(e, '--ca-bundle', other, 'list-invitations')
    t.ok(rc == 255 and "the server's TLS certificate is not trusted" in err,
         '--ca-bundle naming another certificate: still refused', err)
    rc, out, err = run(e, '--ca-bundle', os.path.join(tls, 'missing.pem'), 'list-invitations')
    t.ok(rc in (253, 255) and 'missing.pem' in err and out == '',
         'a CA bundle that does not exist: an error that names it', err)
finally:
    e.stop()

# Nothing lost: the call was carried out, its reply never came.
for rule, label, why in (
        ({'kind': 'reset', 'after': True}, 'connection reset after the accept', 'connection broke'),
        ({'kind': 'truncate', 'after': True}, 'reply cut short after the accept', 'cut short'),
        ({'kind': 'latency', 'after': True, 'ms': 3600000}, 'accept hangs after acting',
         'timed out')):
    e = Emulator()
    try:
        e.faults([dict(rule, op='AcceptAdministratorInvitation')])
        rc, out, err = run(e, '--cli-read-timeout', '2', *ACCEPT)
        t.eq(rc, 255, '%s: exit 255' % label)
        t.ok('The outcome of the AcceptAdministratorInvitation call is unknown:' in err and
             why in err and 'Check with get-administrator-account / list-invitations.' in err and
             'failed' not in err and out == '',
             '%s: reported as an unknown outcome, never failed or done' % label, err)
        t.eq(len(calls(e, 'AcceptAdministratorInvitation')), 1,
             '%s: sent once, never again' % label)
        t.eq(administrator(e), 'Enabled', '%s: and the service did accept' % label)
    finally:
        e.stop()

e = Emulator()
try:
    e.faults([{'kind': 'reset', 'after': True, 'op': 'DeclineInvitations'}])
    rc, out, err = run(e, '--debug', 'decline-invitations', '--account-ids', '222222222222')
    t.ok(rc == 255 and 'The outcome of the DeclineInvitations call is unknown' in err and
         'Check with list-invitations.' in err, 'decline, reply lost: unknown outcome', err)
    e.faults([{'kind': 'reset', 'op': 'DeclineInvitations'}])
    rc, out, err = run(e, 'decline-invitations', '--account-ids', '333333333333')
    t.ok(rc == 255 and 'unknown' in err, 'decline reset before acting: still unknown to us', err)
    e.faults([{'kind': 'garbage', 'op': 'EnableSecurityHub', 'after': True}])
    rc, out, err = run(e, 'enable-security-hub', region='us-west-2')
    t.ok(rc == 255 and 'The outcome of the EnableSecurityHub call is unknown' in err and
         'not a JSON object' in err and 'Check with describe-hub.' in err,
         'enable answered 200 with garbage: unknown outcome', err)
    e.faults([{'kind': 'reset', 'op': 'ListInvitations'}])
    before = e.last_seq()
    rc, out, err = run(e, 'list-invitations', env=shtui_env(e, AWS_MAX_ATTEMPTS='2'))
    t.ok(rc == 255 and 'Could not complete the ListInvitations call' in err and
         'unknown' not in err, 'a read that is reset is a plain network error', err)
    t.eq(len(e.calls(before)), 2, 'and a read is retried')
finally:
    e.stop()

t.ok(SEEN and not any(s in out for s in SECRETS for out in SEEN),
     'no secret key or session token in any output of the %d runs above, '
     '--debug logs of failures included' % len(SEEN))
sys.exit(t.done())
