#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# The journal of the one-shot commands: an intent before every change the emulator receives, an outcome after, and nothing sent when the journal cannot be written.
import json
import os
import resource
import shutil
import stat
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import journaltest  # noqa: E402
from clitest import Emulator, Tap, emutest, parse, shtui, shtui_env  # noqa: E402

t = Tap()
tmp = tempfile.mkdtemp(prefix='shtui-journal.')
A, B = '222222222222', '333333333333'


def changes(e, since=0):
    return [c for c in e.calls(since) if c.get('operation') in journaltest.CHANGES]


def can_mount():
    """Whether this machine lets us mount a tmpfs in a mount namespace of our own."""
    try:
        return subprocess.run(['unshare', '-m', 'sh', '-c', 'mount -t tmpfs -o size=4k tmpfs "$0"', tmp],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              timeout=20).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


e = Emulator()
try:
    state = os.path.join(tmp, 'state')
    env = shtui_env(e, XDG_STATE_HOME=state)
    inv = {(r, c['AccountId']): c['InvitationId']
           for r in ('us-east-1', 'eu-west-1')
           for c in parse(shtui(e, 'list-invitations', region=r, env=env)[1])['Invitations']}

    # Every state-changing command, one context each.
    runs = [('us-east-1', ['accept-administrator-invitation', '--administrator-id', A,
                           '--invitation-id', inv[('us-east-1', A)]], 0),
            ('eu-west-1', ['decline-invitations', '--account-ids', B], 0),
            ('ap-southeast-2', ['delete-invitations', '--account-ids', A], 0),
            ('us-west-2', ['enable-security-hub', '--no-enable-default-standards'], 0),
            ('eu-central-1', ['disassociate-from-administrator-account'], 0),
            ('eu-west-1', ['accept-administrator-invitation', '--administrator-id', A,
                           '--invitation-id', 'f' * 32], 254)]
    for region, args, want in runs:
        rc, out, err = shtui(e, *args, region=region, env=env)
        t.eq(rc, want, '%s in %s: exit %d' % (args[0], region, want))
    recs = journaltest.read(state)
    its = journaltest.intents(recs)
    outs = journaltest.outcomes(recs)
    t.eq([(i['operation'], i['region']) for i in its],
         [('AcceptAdministratorInvitation', 'us-east-1'), ('DeclineInvitations', 'eu-west-1'),
          ('DeleteInvitations', 'ap-southeast-2'), ('EnableSecurityHub', 'us-west-2'),
          ('DisassociateFromAdministratorAccount', 'eu-central-1'),
          ('AcceptAdministratorInvitation', 'eu-west-1')],
         'one intent per command, in order')
    t.eq(journaltest.compare(recs, e.calls()), [], 'the journal and the emulator agree, record by record')
    t.eq([outs[i['id']]['outcome'] for i in its], ['done'] * 5 + ['failed'],
         'an outcome after each: five done, one failed')
    t.eq(outs[its[-1]['id']].get('code'), 'ResourceNotFoundException', 'the failure keeps the service code')
    t.ok(all(i['frontend'] == 'command' and i['profile'] == 'default' and i['endpoint'] == e.url
             for i in its), 'each names the front end, profile and endpoint', its)
    t.eq(its[0]['parameters'], {'AdministratorId': A, 'InvitationId': inv[('us-east-1', A)]},
         'the parameters are the request\'s')
    t.eq(len({i['batch'] for i in its}), 6, 'each command is its own batch')
    path = os.path.join(state, 'shtui', 'journal.jsonl')
    t.eq(oct(os.stat(path).st_mode & 0o777), '0o600', 'the journal is private (0600)')
    t.eq(oct(os.stat(os.path.dirname(path)).st_mode & 0o777), '0o700', 'and its folder 0700')

    # Several contexts: every intent, one batch, before any call goes out.
    before = e.last_seq()
    n_before = len(journaltest.intents(journaltest.read(state)))
    rc, out, err = shtui(e, '--regions', 'us-east-1,ap-southeast-2', '--yes', 'decline-invitations',
                         '--account-ids', B, env=env, region=None)
    t.eq(rc, 0, 'multi-context decline: exit 0')
    recs = journaltest.read(state)
    new = journaltest.intents(recs)[n_before:]
    t.ok(len(new) == 2 and len({i['batch'] for i in new}) == 1 and
         all(i['frontend'] == 'multi-context' for i in new), 'two intents, one batch, multi-context', new)
    first_call = min(c['time'] for c in changes(e, before))
    t.ok(all(i['time'] <= first_call for i in new), 'both written before the first call went out')
    t.eq(journaltest.compare(recs, e.calls()), [], 'and the journal still agrees with the emulator')

    # An earlier run died with three changes in flight: the next start
    # reports them, reads those contexts, settles each, sends nothing.
    e.ctl('POST', 'state', json.load(open(emutest.DEMO)))
    gone = subprocess.Popen(['true'])
    gone.wait()
    rec_dir = os.path.join(tmp, 'recover')
    os.makedirs(os.path.join(rec_dir, 'shtui'), mode=0o700)
    done_id = inv[('eu-west-1', A)]
    rc, _, _ = shtui(e, 'accept-administrator-invitation', '--administrator-id', A, '--invitation-id',
                     done_id, region='eu-west-1', env=shtui_env(e, XDG_STATE_HOME=os.path.join(tmp, 'elsewhere')))
    dead = [('AcceptAdministratorInvitation', 'eu-west-1', {'AdministratorId': A, 'InvitationId': done_id}),
            ('DeclineInvitations', 'ap-southeast-2', {'AccountIds': [B]}),
            ('DeclineInvitations', 'us-east-1', {'AccountIds': [A]})]
    with open(os.path.join(rec_dir, 'shtui', 'journal.jsonl'), 'w') as f:
        for n, (op, region, params) in enumerate(dead):
            f.write(json.dumps({'time': '2026-11-28T01:00:00.000Z', 'record': 'intent', 'id': 'gone-%d' % n,
                                'pid': gone.pid, 'start': '1', 'batch': 'gone', 'frontend': 'command',
                                'profile': 'default', 'account': None, 'region': region, 'endpoint': e.url,
                                'operation': op, 'parameters': params, 'target': None}) + '\n')
    env3 = shtui_env(e, XDG_STATE_HOME=rec_dir)
    before = e.last_seq()
    rc, out, err = shtui(e, 'get-invitations-count', env=env3)
    t.ok(rc == 0 and '3 changes from an earlier run have an unknown outcome' in err,
         'the next start reports the unsettled changes', err)
    t.ok('1 done, 2 not done' in err, 'and settles them by reading: 1 done, 2 not done', err)
    t.eq(changes(e, before), [], 'nothing was sent again')
    sets = {r['id']: r for r in journaltest.read(rec_dir) if r['record'] == 'settlement'}
    t.eq([sets.get('gone-%d' % n, {}).get('outcome') for n in range(3)], ['done', 'not done', 'not done'],
         'each settlement is journaled')
    t.ok('still pending' in sets.get('gone-1', {}).get('evidence', ''), 'with what the service showed', sets)
    rc, out, err = shtui(e, 'get-invitations-count', env=env3)
    t.ok(rc == 0 and 'earlier run' not in err, 'settled once: the start after says nothing', err)
    rc, out, err = shtui(e, 'journal', '--unsettled', env=env3, endpoint=False, region=None)
    t.eq((rc, parse(out)), (0, {'Records': []}), 'shtui journal --unsettled: nothing left')
    rc, out, err = shtui(e, 'journal', '--since', '2026-11-28T01:00:00Z', '--output', 'text', env=env3,
                         endpoint=False, region=None)
    t.ok(rc == 0 and out.count('\tsettlement\t') == 3 and out.count('\tintent\t') == 3,
         'shtui journal --output text: the intents and their settlements', out)
    rc, out, err = shtui(e, 'journal', '--since', '2h', env=env3, endpoint=False, region=None)
    t.ok(rc == 0 and len(parse(out)['Records']) == 3, '--since 2h: only the settlements just written', out)
    rc, out, err = shtui(e, 'journal', '--since', 'yesterday', env=env3, endpoint=False, region=None)
    t.ok(rc == 252 and '--since takes' in err, 'a bad --since is a usage error', err)
    with open(os.path.join(rec_dir, 'shtui', 'audit.log'), 'w') as f:
        f.write(json.dumps({'time': '2026-10-01T00:00:00Z', 'operation': 'DeclineInvitations',
                            'outcome': 'ok'}) + '\n')
    rc, out, err = shtui(e, 'journal', env=env3, endpoint=False, region=None)
    t.ok(rc == 0 and parse(out)['Records'][0].get('record') == 'audit',
         'the old audit.log is still shown, first', out[:300])

    # The journal cannot be written: nothing is sent.
    def refused(label, prefix=(), state_dir=None, preexec=None, multi=False):
        before = e.last_seq()
        env2 = shtui_env(e, XDG_STATE_HOME=state_dir)
        args = (['--regions', 'us-east-1,ap-southeast-2', '--yes'] if multi else []) + \
            ['decline-invitations', '--account-ids', A]
        cmd = list(prefix) + [os.path.abspath(os.path.join(os.environ.get('top_builddir', '.'),
                                                           'src', 'shtui')),
                              '--endpoint-url', e.url] + ([] if multi else ['--region', 'eu-west-1']) + args
        p = subprocess.run(cmd, env=env2, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, timeout=60, preexec_fn=preexec)
        if multi:
            doc = parse(p.stdout) or []
            t.ok(p.returncode == 254 and len(doc) == 2 and
                 all(c.get('Error', {}).get('Code') == 'NotSent' and
                     'Nothing was sent' in c['Error']['Message'] for c in doc),
                 '%s, several contexts: NotSent in each, exit 254' % label, p.stdout + p.stderr)
        else:
            t.ok(p.returncode == 255 and 'Nothing was sent: the journal could not be written' in p.stderr,
                 '%s: refused with a clear message' % label, p.stderr)
        t.eq(changes(e, before), [], '%s: nothing that changes state reached the service' % label)
        return p

    # A file size limit (RLIMIT_FSIZE) the journal is already at.
    lim = os.path.join(tmp, 'limit')
    os.makedirs(os.path.join(lim, 'shtui'), mode=0o700)
    with open(os.path.join(lim, 'shtui', 'journal.jsonl'), 'w') as f:
        f.write('{"record":"note"}\n' * 200)
    size = os.path.getsize(os.path.join(lim, 'shtui', 'journal.jsonl'))

    def fsize():
        resource.setrlimit(resource.RLIMIT_FSIZE, (size + 50, size + 50))
    p = refused('a size limit', state_dir=lim, preexec=fsize)
    t.ok('File too large' in p.stderr, 'the message names the cause', p.stderr)
    t.eq(os.path.getsize(os.path.join(lim, 'shtui', 'journal.jsonl')), size, 'no half record is left')
    refused('a size limit', state_dir=lim, preexec=fsize, multi=True)

    if can_mount():
        # A read-only folder, and a full disk: a tmpfs of our own.
        ro = os.path.join(tmp, 'ro')
        os.makedirs(ro)
        p = refused('a read-only folder', state_dir=ro,
                    prefix=['unshare', '-m', 'sh', '-c', 'mount -t tmpfs -o ro,size=64k tmpfs "$0" && exec "$@"', ro])
        t.ok('Read-only file system' in p.stderr, 'the message names the cause', p.stderr)
        full = os.path.join(tmp, 'full')
        os.makedirs(full)
        fill = ('mount -t tmpfs -o size=64k tmpfs "$0" && mkdir -m 700 "$0/shtui" && '
                '{ head -c 1048576 /dev/zero >"$0/shtui/filler" 2>/dev/null; true; } && exec "$@"')
        p = refused('a full disk', state_dir=full, prefix=['unshare', '-m', 'sh', '-c', fill, full])
        t.ok('No space left on device' in p.stderr, 'the message names the cause', p.stderr)
        refused('a full disk', state_dir=full, prefix=['unshare', '-m', 'sh', '-c', fill, full], multi=True)
    else:
        sys.stdout.write('# no tmpfs of our own here: the read-only and full-disk cases are skipped\n')
finally:
    e.stop()
    shutil.rmtree(tmp, ignore_errors=True)
sys.exit(t.done())
