#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# Every one-shot command, its error paths included, under valgrind memcheck against the emulator: no leak, no memory error.
import os
import shutil
import sys
import tempfile
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clitest import Emulator, Tap, emutest, shtui, shtui_env, valgrind  # noqa: E402

t = Tap()
PREFIX, ERROR_EXIT = valgrind()
ACCEPT = ('--administrator-id', '222222222222', '--invitation-id')

e = Emulator()
many = Emulator(emutest.MANY)
tls_dir = tempfile.mkdtemp(prefix='shtui-vg.')
log = os.path.join(tls_dir, 'debug.log')


def env(**extra):
    return shtui_env(e, akid=emutest.SESSION_AKID, secret=emutest.SESSION_SECRET,
                     token=emutest.SESSION_TOKEN, **extra)


# (label, emulator, args, shtui() keywords, the exit code the command should give)
# Each chain runs in order; the chains run side by side (each in its own region).
CHAINS = [
    [('list-invitations', e, ['list-invitations'], {}, 0),
     ('get-invitations-count --output table', e, ['--output', 'table', 'get-invitations-count'], {}, 0),
     ('accept-administrator-invitation', e,
      ['accept-administrator-invitation'] + list(ACCEPT) + ['5c837dea8968bab936d13f41f198a99c'], {}, 0),
     ('get-administrator-account --output text', e,
      ['--output', 'text', 'get-administrator-account'], {}, 0),
     ('disassociate-from-administrator-account', e, ['disassociate-from-administrator-account'], {}, 0),
     ('disassociate again: a service error', e, ['disassociate-from-administrator-account'], {}, 254)],
    [('accept-invitation (legacy)', e,
      ['accept-invitation', '--master-id', '222222222222', '--invitation-id',
       '87dff18facf7d3cc8210d7d5d0fc15e6'], {'region': 'eu-west-1'}, 0),
     ('get-master-account', e, ['get-master-account'], {'region': 'eu-west-1'}, 0),
     ('disassociate-from-master-account', e, ['disassociate-from-master-account'],
      {'region': 'eu-west-1'}, 0),
     ('decline-invitations', e, ['decline-invitations', '--account-ids', '333333333333',
                                 '999999999999'], {'region': 'eu-west-1'}, 0),
     ('delete-invitations', e, ['delete-invitations', '--account-ids', '333333333333'],
      {'region': 'ap-southeast-2'}, 0)],
    [('describe-hub', e, ['describe-hub'], {}, 0),
     ('describe-hub, hub not enabled', e, ['describe-hub'], {'region': 'us-west-2'}, 254),
     ('enable-security-hub', e, ['enable-security-hub', '--no-enable-default-standards'],
      {'region': 'us-west-2'}, 0),
     ('get-caller-identity --debug to a log file', e, ['--debug', 'get-caller-identity'],
      {'env': env(SHTUI_LOG=log)}, 0),
     ('whoami --debug to stderr', e, ['--debug', 'whoami'], {'env': env()}, 0),
     ('list-invitations, 120 in 5 pages', many, ['list-invitations'], {}, 0)],
    [('no region: a configuration error', e, ['list-invitations'], {'region': None}, 253),
     ('a usage error', e, ['list-invitations', '--bogus'], {}, 252),
     ('--help', e, ['--help'], {}, 0),
     ('connection refused', e, ['--endpoint-url', 'http://127.0.0.1:1', 'describe-hub'],
      {'endpoint': False, 'env': shtui_env(e, AWS_MAX_ATTEMPTS='1')}, 255),
     ('a reply over 10 MiB', e, ['get-invitations-count'], {'region': 'eu-central-1'}, 255),
     ('a broken reply', e, ['list-invitations'], {'region': 'eu-central-1'}, 255),
     ('a reply lost after the accept', e,
      ['accept-administrator-invitation'] + list(ACCEPT) + ['d0edfdef7020ec32ccbbf80e0973cf60'],
      {'region': 'ap-southeast-2'}, 255)],
    [('a plan across regions (--dry-run)', many, ['--regions', 'us-east-1,us-east-2', '--dry-run',
                                                  'decline-invitations', '--account-ids', '123456789012'],
      {'region': None}, 0),
     ('journal --output table', e, ['journal', '--output', 'table'], {}, 0),
     ('journal --unsettled --since 1d', e, ['journal', '--unsettled', '--since', '1d'], {}, 0)],
]
e.faults([{'kind': 'big', 'op': 'GetInvitationsCount', 'region': 'eu-central-1'},
          {'kind': 'garbage', 'op': 'ListInvitations', 'region': 'eu-central-1'},
          {'kind': 'reset', 'after': True, 'op': 'AcceptAdministratorInvitation',
           'region': 'ap-southeast-2'}])

results = {}


def run_chain(chain):
    for label, emu, args, kw, want in chain:
        try:
            results[label] = (want,) + shtui(emu, *args, prefix=PREFIX, timeout=300, **kw)
        except Exception as ex:  # noqa: BLE001 - reported as a failed check below
            results[label] = (want, None, '', repr(ex))


threads = [threading.Thread(target=run_chain, args=(c,)) for c in CHAINS]
for th in threads:
    th.start()
for th in threads:
    th.join(600)

for chain in CHAINS:
    for label, _, _, _, want in chain:
        w, rc, out, err = results.get(label, (want, None, '', 'did not run'))
        t.ok(rc == want, '%s: exit %d under valgrind, no leak, no error' % (label, want),
             'exit %r (valgrind reports with %d)\n%s' % (rc, ERROR_EXIT, err[-4000:]))
seen = ''.join(r[2] + r[3] for r in results.values())
seen += open(log).read() if os.path.exists(log) else ''
t.ok('GetCallerIdentity' in seen and emutest.SESSION_SECRET not in seen and
     emutest.SESSION_TOKEN not in seen, 'no secret in any output or the debug log')
e.stop()
many.stop()
shutil.rmtree(tls_dir, ignore_errors=True)
sys.exit(t.done())
