#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# The fleet screen: 12 profiles x 16 regions, administrators grouped, bulk accept of one administrator's invitations, Esc stopping a batch.
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'cli'))
import fleet  # noqa: E402
from tuitest import Emulator, Script, Tap, box_faults, calls, shtui_env, too_wide  # noqa: E402
import journaltest  # noqa: E402

t = Tap()
d = tempfile.mkdtemp()
seed, cfg, creds, expect = fleet.make(d)
ARGS = ['--profiles', 'member-*', '--regions', ','.join(fleet.REGIONS)]


def env_for(e):
    env = shtui_env(e, AWS_CONFIG_FILE=cfg, AWS_SHARED_CREDENTIALS_FILE=creds)
    del env['AWS_ACCESS_KEY_ID'], env['AWS_SECRET_ACCESS_KEY']
    return env


def has(screen, text, label):
    return t.ok(screen is not None and text in screen, label, screen)


want_a = sum(1 for v in expect.values() if isinstance(v, list) and fleet.ADMIN_A in v)
want_b = sum(1 for v in expect.values() if isinstance(v, list) and fleet.ADMIN_B in v)

e = Emulator(seed)
try:
    s = Script(e, ['dump fleet', 'key j', 'key A', 'dump other', 'key n', 'key k', 'key A', 'dump confirm',
                   'key PgDn', 'dump scrolled', 'key y', 'dump done', 'dump after', 'key q'], args=ARGS, region=None,
               env=env_for(e), cols=120, rows=36)
    f = s.screen('fleet')
    has(f, 'Fleet  ·  12 profiles  ·  192 contexts', 'several contexts open the fleet screen')
    lines = (f or '').splitlines()
    ia = next((i for i, l in enumerate(lines) if fleet.ADMIN_A in l), -1)
    ib = next((i for i, l in enumerate(lines) if fleet.ADMIN_B in l), -1)
    t.ok(0 <= ia < ib, 'administrators grouped, most invitations first', f)
    has(f, '%s   %d invitations pending' % (fleet.ADMIN_A, want_a), 'the first administrator counted (%d)' % want_a)
    has(f, '%s   %d invitations pending' % (fleet.ADMIN_B, want_b), 'the second administrator counted (%d)' % want_b)
    has(f, 'not enabled', 'a context where the hub is off says so')
    has(s.screen('other'), 'Accept %d invitations?' % want_b, 'A on the second administrator counts its own')
    c = s.screen('confirm')
    has(c, 'Accept %d invitations?' % want_a, 'the confirmation gives the count')
    has(c, 'member-00 (account 100000000000)', 'and lists the places')
    has(s.screen('scrolled'), 'of %d lines' % (want_a + 3), 'the list of places scrolls')
    has(s.screen('done'), '%d done, 0 failed' % want_a, 'the batch reports its outcome')
    # ListInvitations still lists the accepted invitations (Enabled): they
    # are the administrator now, not pending ones.
    after = s.screen('after') or ''
    has(after, '%d pending, %d member' % (want_b, want_a), 'after the bulk accept the header counts only what is Invited')
    t.ok('%s   administrator in %d' % (fleet.ADMIN_A, want_a) in after and
         '%s   %d invitation' % (fleet.ADMIN_A, want_a) not in after,
         'the accepting administrator is counted as the administrator, no longer as pending', after)
    has(after, '%s   %d invitations pending' % (fleet.ADMIN_B, want_b), 'the other administrator still invites')
    rows = [l for l in after.splitlines() if 'member-0' in l and ' enabled ' in l and 'not enabled' not in l]
    t.ok(rows and all(fleet.ADMIN_A in l for l in rows) and
         all(l.split(fleet.ADMIN_A)[1].split()[0] == '0' for l in rows if 'member-03' not in l),
         'each row shows its administrator, and Pending 0', after)
    acc = calls(e, 'AcceptAdministratorInvitation')
    t.eq(len(acc), want_a, 'exactly one accept per context that had the invitation')
    t.eq(sorted({c['params'].get('AdministratorId') for c in acc}), [fleet.ADMIN_A],
         'none for the other administrator')
    t.eq(len({(c['account'], c['region']) for c in acc}), want_a, 'one per context, none twice')
    recs = s.journal()
    its = journaltest.intents(recs)
    outs = journaltest.outcomes(recs)
    t.eq(len(its), want_a, 'an intent for every call')
    t.ok(all(i['frontend'] == 'fleet' for i in its) and len({i['batch'] for i in its}) == 1,
         'from the fleet, in one batch')
    t.eq(sorted({outs.get(i['id'], {}).get('outcome') for i in its}), ['done'], 'each done')
    t.eq(journaltest.compare(recs, e.calls()), [], 'the journal and the emulator agree, record by record')
    s.cleanup()
finally:
    e.stop()

# The largest size: every column, boxes whole.
e = Emulator(seed)
try:
    s = Script(e, ['resize 300 100', 'dump big', 'key A', 'dump big-dialog', 'key n', 'key q'], args=ARGS,
               region=None, env=env_for(e), cols=120, rows=36)
    for name in ('big', 'big-dialog'):
        sc = s.screen(name) or ''
        t.ok(sc and not box_faults(sc) and not too_wide(sc, 300) and 'Last action' in sc and 'hidden' not in sc,
             'at 300x100 the fleet (%s) lays out whole, every column shown' % name,
             '\n'.join(box_faults(sc)) + '\n' + sc)
    s.cleanup()
finally:
    e.stop()

# Esc stops a batch: no new calls; those in flight finish.
e = Emulator(seed)
try:
    e.faults(e.ctl('GET', 'faults') + [{'kind': 'latency', 'ms': 400, 'op': 'AcceptAdministratorInvitation'}])
    s = Script(e, ['key A', 'key y', 'now key Esc', 'dump stopped', 'key q'],
               args=ARGS + ['--max-concurrency', '4'], region=None, env=env_for(e), cols=120, rows=36)
    n = len(calls(e, 'AcceptAdministratorInvitation'))
    t.ok(0 < n <= 4, 'Esc mid-batch: only the calls already in flight were sent (%d of %d)' % (n, want_a))
    has(s.screen('stopped'), '%d done, 0 failed, %d not sent' % (n, want_a - n), 'and the rest are reported not sent')
    s.cleanup()
finally:
    e.stop()

# Enter opens a context's page; sort and filter.
e = Emulator(seed)
try:
    s = Script(e, ['key /', 'type member-03', 'key Enter', 'dump filtered', 'key s', 'key s', 'dump sorted',
                   'key j', 'key j', 'key Enter', 'dump page', 'key F', 'dump back', 'key r', 'dump reread', 'key q'],
               args=ARGS, region=None, env=env_for(e), cols=120, rows=36)
    has(s.screen('filtered'), 'Contexts (16 matching "member-03"', 'the filter narrows the contexts')
    has(s.screen('sorted'), 'by Region', 's sorts by the next columns')
    p = s.screen('page')
    has(p, 'profile member-03', 'Enter opens that context\'s Settings page')
    has(p, 'Master account', 'the page itself')
    has(s.screen('back'), 'Fleet  ·  12 profiles', 'F goes back to the fleet')
    not_enabled = sum(1 for v in expect.values() if v == 'InvalidAccessException')
    failing = sum(1 for v in expect.values() if v in ('UnrecognizedClientException', 'AccessDeniedException'))
    has(s.screen('reread'), 'Read 192 contexts again: Security Hub is not enabled in %d, %d could not be read'
        % (not_enabled, failing), 'r on the fleet reads everything again and says what it found')
    s.cleanup()
finally:
    e.stop()

# The header counts by state; b groups by account and Enter opens its
# regions; the filter matches state words.
e = Emulator(seed)
try:
    s = Script(e, ['dump counts', 'key b', 'dump accounts', 'key Enter', 'dump opened', 'key Esc', 'key /',
                   'type failed', 'key Enter', 'dump failed', 'key Esc', 'key /', 'type not enabled', 'key Enter',
                   'dump off', 'key Esc', 'key /', 'type pending', 'key Enter', 'dump pending', 'key Esc', 'key b',
                   'dump admins', 'key ?', 'dump help', 'key q'],
               args=ARGS, region=None, env=env_for(e), cols=120, rows=36)
    pending = sum(1 for v in expect.values() if isinstance(v, list) and v)
    not_enabled = sum(1 for v in expect.values() if v == 'InvalidAccessException')
    failing = sum(1 for v in expect.values() if v in ('UnrecognizedClientException', 'AccessDeniedException'))
    counts = s.screen('counts') or ''
    has(counts, '%d pending, %d not enabled, %d failed' % (pending, not_enabled, failing),
        'the header counts contexts by state')
    t.ok('0 member' not in counts, '... naming only the states some context is in', counts)
    acc = s.screen('accounts') or ''
    has(acc, 'Accounts (12, b: by administrator)', 'b groups by account')
    has(acc, '%s   member-00' % fleet.account(0), 'an account group names its profile')
    has(s.screen('opened'), 'Contexts (%d matching "%s"' % (len(fleet.REGIONS), fleet.account(0)),
        'Enter on an account group opens its regions')
    has(s.screen('failed'), 'Contexts (%d matching "failed"' % failing, 'the filter matches "failed"')
    has(s.screen('off'), 'Contexts (%d matching "not enabled"' % not_enabled, 'and "not enabled"')
    has(s.screen('pending'), 'Contexts (%d matching "pending"' % pending, 'and "pending"')
    has(s.screen('admins'), 'Administrators (2, b: by account)', 'b again groups by administrator')
    has(s.screen('help'), 'group by administrator or by account', 'help shows the key')
    s.cleanup()
finally:
    e.stop()

# G on the fleet adds every Security Hub region of the row's profile.
e = Emulator(seed)
try:
    s = Script(e, ['dump before', 'key j', 'key c', 'dump copied', 'key G', 'dump after', 'key q'],
               args=['--profiles', 'member-01', '--regions', 'us-east-1,eu-west-1'], region=None,
               env=env_for(e), cols=120, rows=36)
    import re
    n = re.search(r'(\d+) contexts', s.screen('after') or '')
    has(s.screen('before'), '2 contexts', 'two regions named: two contexts')
    import base64
    has(s.screen('copied'), 'Copied account ID %s' % fleet.account(1), 'c on a row copies its account ID')
    t.ok(b'\x1b]52;c;' + base64.b64encode(fleet.account(1).encode()) + b'\x07' in s.terminal_output(),
         'as an OSC 52 sequence with its base64')
    t.ok(n and int(n.group(1)) >= len(fleet.REGIONS), 'G adds every Security Hub region of member-01', s.screen('after'))
    has(s.screen('after'), 'Added %d contexts' % (int(n.group(1)) - 2 if n else 0), 'and says how many it added')
    read = {c['region'] for c in calls(e, 'ListInvitations') if c['account'] == fleet.account(1)}
    t.ok(set(fleet.REGIONS) <= read, 'and reads every one of them', sorted(read))
    s.cleanup()
finally:
    e.stop()

sys.exit(t.done())
