#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# Every shtui command against the emulator, compared with what Debian's `aws securityhub` prints and does.
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clitest import (Emulator, Tap, aws, emutest, error_of, parse, shtui,  # noqa: E402
                     shtui_env, state)

t = Tap()


def without_times(doc):
    """The state with the times the service stamps itself (when a hub was
    enabled) left out: two emulators never enable at the same instant."""
    if isinstance(doc, dict):
        return {k: without_times(v) for k, v in doc.items() if k != 'subscribed_at'}
    if isinstance(doc, list):
        return [without_times(v) for v in doc]
    return doc


def same(args, label, seed=emutest.DEMO, region='us-east-1', check_state=True,
         env_kw=None):
    """Runs one command with shtui and with aws on twin emulators started
    from the same seed; compares stdout (byte for byte), exit code, error
    code, and the service's state afterwards."""
    a, b = Emulator(seed), Emulator(seed)
    try:
        env_a = shtui_env(a, **(env_kw or {}))
        env_b = b.aws_env(**(env_kw or {}))
        rc1, out1, err1 = shtui(a, *args, region=region, env=env_a)
        rc2, out2, err2 = aws(b, 'securityhub' if args[0] != 'get-caller-identity' else 'sts',
                              *args, region=region, env=env_b)
        ok = t.eq(rc1, rc2, '%s: exit code %d as aws' % (label, rc2))
        if out2.strip():
            t.ok(parse(out1) == parse(out2), '%s: same JSON as aws' % label,
                 'shtui:\n%s\naws:\n%s\nshtui stderr: %s' % (out1, out2, err1))
            t.eq(out1, out2, '%s: same bytes as aws' % label)
        else:
            t.eq(out1, out2, '%s: prints nothing, as aws' % label)
        if rc2 != 0:
            t.eq(error_of(err1), error_of(err2), '%s: same error line as aws' % label)
        if check_state:
            sa, sb = state(a), state(b)
            t.ok(without_times(sa) == without_times(sb), '%s: same service state afterwards' % label,
                 '%s\n%s' % (sa, sb))
    finally:
        a.stop()
        b.stop()
    # The same call with --output table, on twins of its own: the same
    # bytes as aws draws them (stdout is not a terminal: 80 columns).
    a, b = Emulator(seed), Emulator(seed)
    try:
        env_a = shtui_env(a, **(env_kw or {}))
        env_b = b.aws_env(**(env_kw or {}))
        trc1, tout1, terr1 = shtui(a, '--output', 'table', *args, region=region, env=env_a)
        trc2, tout2, _ = aws(b, 'securityhub' if args[0] != 'get-caller-identity' else 'sts',
                             '--output', 'table', *args, region=region, env=env_b)
        t.ok(trc1 == trc2 and tout1 == tout2, '%s: --output table as aws draws it' % label,
             'shtui (exit %d):\n%s\naws (exit %d):\n%s\nshtui stderr: %s'
             % (trc1, tout1, trc2, tout2, terr1))
    finally:
        a.stop()
        b.stop()
    return ok, (rc1, out1, err1)


# Reads.
same(['list-invitations'], 'list-invitations (demo)')
same(['list-invitations'], 'list-invitations (120, mixed-case, pages)', seed=emutest.MANY)
same(['get-invitations-count'], 'get-invitations-count', seed=emutest.MANY)
same(['get-administrator-account'], 'get-administrator-account, none')
same(['get-administrator-account'], 'get-administrator-account, enabled', region='eu-central-1')
same(['get-master-account'], 'get-master-account, enabled', region='eu-central-1')
same(['describe-hub'], 'describe-hub')
same(['describe-hub'], 'describe-hub, not enabled', region='us-west-2')
same(['list-invitations'], 'list-invitations, not enabled', region='us-west-2')
same(['get-caller-identity'], 'get-caller-identity')

# Changes.
same(['accept-administrator-invitation', '--administrator-id', '222222222222',
      '--invitation-id', '5c837dea8968bab936d13f41f198a99c'], 'accept-administrator-invitation')
same(['accept-invitation', '--master-id', '333333333333',
      '--invitation-id', 'e808ecb6adb8d27d8e63fd59f939861c'], 'accept-invitation (legacy)')
same(['accept-administrator-invitation', '--administrator-id', '222222222222',
      '--invitation-id', 'ffffffffffffffffffffffffffffffff'], 'accept, unknown invitation')
same(['decline-invitations', '--account-ids', '222222222222', '999999999999'],
     'decline-invitations with an unprocessed account')
same(['delete-invitations', '--account-ids', '333333333333'], 'delete-invitations')
same(['disassociate-from-administrator-account'], 'disassociate-from-administrator-account',
     region='eu-central-1')
same(['disassociate-from-master-account'], 'disassociate-from-master-account',
     region='eu-central-1')
same(['enable-security-hub'], 'enable-security-hub', region='us-west-2')
same(['enable-security-hub', '--no-enable-default-standards'],
     'enable-security-hub --no-enable-default-standards', region='us-west-2')
same(['enable-security-hub'], 'enable-security-hub, already enabled')

# Wrong secret.
same(['list-invitations'], 'wrong secret', env_kw={'secret': 'not-the-secret-key-at-all/XXXXXXXXXXXX'})


# Administrator before and after accept, on one emulator, with both clients.
e = Emulator()
try:
    rc, out, _ = shtui(e, 'get-administrator-account')
    t.ok(rc == 0 and out == '', 'before accept: no administrator, nothing printed')
    rc, out, err = shtui(e, 'accept-administrator-invitation', '--administrator-id',
                         '222222222222', '--invitation-id', '5c837dea8968bab936d13f41f198a99c')
    t.eq(rc, 0, 'accept succeeds')
    rc, out, _ = shtui(e, 'get-administrator-account')
    admin = (parse(out) or {}).get('Administrator', {})
    t.ok(rc == 0 and admin.get('AccountId') == '222222222222' and
         admin.get('MemberStatus') == 'Enabled', 'after accept: administrator 222222222222 Enabled', out)
    rc2, out2, _ = aws(e, 'securityhub', 'get-administrator-account')
    t.eq(out, out2, 'after accept: aws prints the same administrator')
    rc, out, _ = shtui(e, 'list-invitations')
    ids = [i['AccountId'] for i in (parse(out) or {}).get('Invitations', [])]
    t.ok('222222222222' not in ids, 'after accept: the accepted invitation is no longer pending', out)
finally:
    e.stop()

sys.exit(t.done())
