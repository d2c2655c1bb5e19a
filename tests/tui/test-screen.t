#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# The Settings -> Accounts screen driven by key scripts (fed only when no call is in flight), its screens read back from curses.
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tuitest import (Emulator, Script, Tap, box_faults, calls, emutest, member, seed_with,  # noqa: E402
                     shtui_env, too_wide)
import journaltest  # noqa: E402

t = Tap()
EXPECTED = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'expected')
UPDATE = os.environ.get('UPDATE_EXPECTED') == '1'


def golden(name, screen):
    """Compares a whole screen with tests/tui/expected/NAME.txt."""
    path = os.path.join(EXPECTED, name + '.txt')
    if UPDATE and screen is not None:
        os.makedirs(EXPECTED, exist_ok=True)
        open(path, 'w').write(screen)
    want = open(path).read() if os.path.exists(path) else None
    diff = ''
    if screen is not None and want is not None:
        for i, (a, b) in enumerate(zip(want.splitlines(), screen.splitlines())):
            if a != b:
                diff = 'first difference, row %d:\nExpected: %r\nActual:   %r' % (i, a, b)
                break
    t.ok(screen == want, 'screen %s as expected' % name, diff or screen)


def has(screen, text, label):
    return t.ok(screen is not None and text in screen, label, screen)


def hasnt(screen, text, label):
    return t.ok(screen is not None and text not in screen, label, screen)


A1, A1_INV = '222222222222', '5c837dea8968bab936d13f41f198a99c'
A2, A2_INV = '333333333333', 'e808ecb6adb8d27d8e63fd59f939861c'

# --- the page, the keys that move, the toggle, the dialogs
e = Emulator()
try:
    s = Script(e, ['dump page', 'key a', 'dump refused', 'key j', 'dump second',
                   'key k', 'key Space', 'dump toggled', 'key a', 'dump dialog',
                   'key n', 'dump cancelled', 'key ?', 'dump help', 'key Esc',
                   'key Tab', 'dump focus1', 'key Tab', 'dump focus2', 'key BTab', 'key BTab',
                   'key q'])
    page = s.screen('page')
    golden('page', page)
    has(page, 'AWS Security Hub  │  111111111111  ·  profile default  ·  us-east-1',
        'header: acting account from STS, profile, region')
    has(page, 'Pending invitations (2)', 'two pending invitations listed')
    has(page, 'Invited at      2026-11-20 09:15:00 UTC', 'invited at, local time (UTC here)')
    has(s.screen('refused'), 'Accept invitation is disabled until Accept is on',
        'a with the toggle off explains and sends nothing')
    has(s.screen('second'), 'Account ID      ' + A2, 'j selects the second invitation; the panel follows')
    has(s.screen('toggled'), 'Accept [● On ]', 'Space turns Accept on')
    golden('dialog', s.screen('dialog'))
    d = s.screen('dialog')
    for text in ('Accept invitation?', 'Member account  111111111111 (profile default)',
                 'Administrator   ' + A1, 'Region          us-east-1', 'Invitation      ' + A1_INV):
        has(d, text, 'the accept dialog names: ' + text.split('  ')[0])
    hasnt(s.screen('cancelled'), 'Accept invitation?', 'n closes the dialog')
    golden('help', s.screen('help'))
    has(s.screen('focus1'), 'Accept [', 'Tab moves the focus')
    t.eq(calls(e, 'AcceptAdministratorInvitation'), [], 'nothing was accepted without y')
    t.eq(s.rc, 0, 'q exits 0')
    s.cleanup()
finally:
    e.stop()

# --- help scrolls, says where it is, and closes only on ?, q or Esc
e = Emulator()
try:
    s = Script(e, ['key ?', 'dump h1', 'key j', 'dump h2', 'key PgDn', 'dump hpg', 'key End', 'dump hend',
                   'key Home', 'dump hhome', 'key x', 'key a', 'dump hx', 'key ?', 'dump closed',
                   'key ?', 'key Esc', 'dump esc', 'key q'], cols=80, rows=24)
    import re

    def where(name):
        m = re.search(r'(\d+)-(\d+) of (\d+)', s.screen(name) or '')
        return tuple(int(x) for x in m.groups()) if m else None
    first, second, paged, end = where('h1'), where('h2'), where('hpg'), where('hend')
    t.ok(first and first[0] == 1 and first[1] < first[2], 'at 80x24 help says which lines it shows', s.screen('h1'))
    t.ok(second and second[0] == 2, 'j scrolls one line', s.screen('h2'))
    t.ok(paged and paged[0] > 2, 'PgDn scrolls a page', s.screen('hpg'))
    t.ok(end and end[1] == end[2], 'End shows the last lines', s.screen('hend'))
    has(s.screen('hend'), 'Mouse:', 'the last line is reached')
    t.eq(where('hhome')[0] if where('hhome') else None, 1, 'Home goes back to the top')
    has(s.screen('hx'), 'Keys', 'other keys leave help open (x and a do nothing)')
    hasnt(s.screen('closed'), '┌ Keys', '? closes help')
    hasnt(s.screen('esc'), '┌ Keys', 'Esc closes help')
    t.eq([c['operation'] for c in calls(e) if c['operation'] in ('DeleteInvitations', 'AcceptAdministratorInvitation')],
         [], 'keys typed into help sent nothing')
    s.cleanup()
finally:
    e.stop()

# --- accept end to end, then the service's state
e = Emulator()
try:
    s = Script(e, ['key Space', 'key a', 'key y', 'dump accepted', 'key q'])
    acc = s.screen('accepted')
    has(acc, 'Accepted the invitation from %s in us-east-1.' % A1, 'the result is reported')
    has(acc, 'Status          Enabled', 'after accept the page shows what the service says: Enabled')
    has(acc, 'Pending invitations (1)', 'the accepted invitation left the pending list')
    has(acc, 'Accept [● On ]', 'the toggle follows the administrator')
    has(acc, '[ Update ]', 'after the acceptance the panel offers Update for the administrator it shows')
    hasnt(acc, 'Decline invitation ]', 'and no Decline button, which would act on another invitation')
    st = e.ctl('GET', 'state')
    admin = st['accounts']['111111111111']['regions']['us-east-1']['administrator']
    t.ok(admin and admin['AccountId'] == A1, 'the service has the new administrator', admin)
    t.eq(len(calls(e, 'AcceptAdministratorInvitation')), 1, 'exactly one accept reached the service')
    recs = s.journal()
    its = journaltest.intents(recs)
    outs = journaltest.outcomes(recs)
    t.ok(len(its) == 1 and its[0]['operation'] == 'AcceptAdministratorInvitation' and
         its[0]['account'] == '111111111111' and its[0]['region'] == 'us-east-1' and
         its[0]['frontend'] == 'page' and
         its[0]['parameters'] == {'AdministratorId': A1, 'InvitationId': A1_INV},
         'one intent with account, region, front end and parameters', recs)
    t.ok(its and outs.get(its[0]['id'], {}).get('outcome') == 'done', 'and its outcome: done', recs)
    t.eq(journaltest.compare(recs, e.calls()), [], 'the journal and the emulator agree, record by record')
    mode = os.stat(os.path.join(s.state, 'shtui', 'journal.jsonl')).st_mode & 0o777
    t.eq(oct(mode), '0o600', 'the journal is private')
    s.cleanup()
finally:
    e.stop()

# --- a journal that cannot be written: the accept is refused, nothing is sent
e = Emulator()
try:
    blocker = os.path.join(e.dir, 'not-a-folder')
    open(blocker, 'w').close()
    s = Script(e, ['key Space', 'key a', 'key y', 'dump refused', 'key q'], state=os.path.join(blocker, 'state'))
    has(s.screen('refused'), 'Nothing was sent: the journal could not be written',
        'the screen says the journal could not be written')
    t.eq(calls(e, 'AcceptAdministratorInvitation'), [], 'and no accept reached the service')
    s.cleanup()
finally:
    e.stop()

# --- decline and delete
e = Emulator()
try:
    s = Script(e, ['key d', 'dump decline', 'key y', 'dump declined', 'key x', 'dump delete',
                   'key y', 'dump deleted', 'key q'])
    has(s.screen('decline'), 'Decline invitation?', 'd asks "Decline invitation?"')
    has(s.screen('declined'), 'Declined the invitation from %s' % A1, 'decline reported')
    has(s.screen('declined'), 'Pending invitations (1)', 'the declined invitation is gone')
    has(s.screen('delete'), 'Delete invitation?', 'x asks "Delete invitation?"')
    has(s.screen('deleted'), 'No pending invitations.', 'after delete the list is empty')
    t.eq([c['operation'] for c in calls(e) if c['operation'] in
          ('DeclineInvitations', 'DeleteInvitations')], ['DeclineInvitations', 'DeleteInvitations'],
         'one decline and one delete were sent')
    s.cleanup()
finally:
    e.stop()

# --- an administrator in place: refusal, then Update disassociates
e = Emulator(seed_with(lambda d: member(d)['regions']['eu-central-1'].__setitem__(
    'invitations', [{'AccountId': A1, 'InvitationId': 'f' * 32,
                     'InvitedAt': '2026-11-24T08:00:00Z', 'MemberStatus': 'Invited'}])))
try:
    s = Script(e, ['dump admin', 'key a', 'dump only-one', 'key u', 'dump nothing', 'key Space',
                   'key u', 'dump disassociate', 'key y', 'dump after', 'key q'],
               region='eu-central-1')
    golden('administrator', s.screen('admin'))
    has(s.screen('admin'), 'Account ID      333333333333', 'the panel shows the administrator')
    has(s.screen('admin'), 'Accept [● On ]', 'with an administrator the toggle is on')
    has(s.screen('only-one'), 'Only one invitation can be accepted', 'a second accept is refused with the reason')
    has(s.screen('nothing'), 'Nothing to update', 'Update with Accept on does nothing')
    has(s.screen('disassociate'), 'Disassociate from administrator?', 'Update after Accept off asks first')
    has(s.screen('after'), 'Disassociated from administrator 333333333333', 'disassociated')
    t.eq(len(calls(e, 'AcceptAdministratorInvitation')), 0, 'the refused accept was never sent')
    t.eq(len(calls(e, 'DisassociateFromAdministratorAccount')), 1, 'one disassociate sent')
    s.cleanup()
finally:
    e.stop()

# --- with an administrator the panel's buttons act on it; other invitations are declined from the list
e = Emulator(seed_with(lambda d: member(d)['regions']['eu-central-1'].__setitem__(
    'invitations', [{'AccountId': A1, 'InvitationId': 'f' * 32,
                     'InvitedAt': '2026-11-24T08:00:00Z', 'MemberStatus': 'Invited'}])))
try:
    s = Script(e, ['dump admin', 'key Tab', 'dump f1', 'key Tab', 'dump f2', 'key Tab', 'dump f3',
                   'key d', 'dump decline', 'key y', 'dump declined', 'key q'], region='eu-central-1')
    a = s.screen('admin')
    has(a, '[ Update ]', 'with an administrator the panel offers Update')
    hasnt(a, 'Decline invitation ]', 'and no Decline button that would act on another invitation')
    hasnt(a, 'Accept invitation ]', 'nor Accept invitation')
    d = s.screen('decline')
    has(d, 'Decline invitation?', 'd on the list asks to decline the selected invitation')
    has(d, 'Administrator   ' + A1, 'naming the inviting account, not the panel\'s administrator')
    dec = calls(e, 'DeclineInvitations')
    t.ok(len(dec) == 1 and dec[0]['params'].get('AccountIds') == [A1], 'the decline names ' + A1, dec)
    admin = e.ctl('GET', 'state')['accounts']['111111111111']['regions']['eu-central-1']['administrator']
    t.ok(admin and admin['AccountId'] == '333333333333', 'the administrator is untouched', admin)
    s.cleanup()
finally:
    e.stop()

# --- messages that live as long as their cause
e = Emulator()
try:
    s = Script(e, ['key a', 'dump refused', 'key Space', 'dump on', 'key A', 'dump page-key', 'key F',
                   'dump fleet', 'key a', 'dump fleet-key', 'key F', 'dump page', 'key q'])
    has(s.screen('refused'), 'Accept invitation is disabled until Accept is on', 'a with Accept off says why')
    hasnt(s.screen('on'), 'disabled until Accept is on', 'the message goes once Accept is on')
    has(s.screen('page-key'), 'A and D work on the fleet screen', 'A on the page says where it works')
    hasnt(s.screen('fleet'), 'A and D work on the fleet screen', 'and the message goes on the fleet')
    has(s.screen('fleet-key'), 'That key works on the Settings -> Accounts page', 'a on the fleet says where it works')
    hasnt(s.screen('page'), 'That key works', 'and the message goes on the page')
    s.cleanup()
finally:
    e.stop()

# --- Security Hub not enabled, then enabled from the page
e = Emulator()
try:
    s = Script(e, ['dump off', 'key e', 'dump enable', 'key y', 'dump on', 'key q'], region='us-west-2')
    golden('not-enabled', s.screen('off'))
    has(s.screen('off'), 'Security Hub is not enabled in us-west-2', 'the not-enabled page says so')
    has(s.screen('off'), '[ Enable Security Hub ]', 'and offers Enable Security Hub')
    has(s.screen('enable'), 'Enable Security Hub?', 'e asks first')
    has(s.screen('on'), 'Enabled Security Hub in us-west-2.', 'enabled')
    hasnt(s.screen('on'), 'is not enabled', 'the page re-read the service')
    s.cleanup()
finally:
    e.stop()

# --- errors: SCP deny and a region not opted in
e = Emulator()
try:
    e.faults([{'kind': 'scp_deny', 'region': 'eu-west-1'}])
    s = Script(e, ['dump denied', 'key q'], region='eu-west-1')
    has(s.screen('denied'), 'access denied', 'an SCP denial is shown as such')
    has(s.screen('denied'), 'service control policy', 'with the service message and our hint')
    s.cleanup()
    s = Script(e, ['dump optin', 'key q'], region='af-south-1')
    has(s.screen('optin'), 'region not opted in', 'a region not opted in is shown as such')
    s.cleanup()
finally:
    e.stop()

# --- loading, seen while the calls are slow
e = Emulator()
try:
    e.faults([{'kind': 'latency', 'ms': 1500}])
    s = Script(e, ['now dump loading', 'dump loaded', 'key q'])
    has(s.screen('loading'), 'Loading…', 'the first frame shows loading before any answer')
    has(s.screen('loading'), 'call', 'and what is in flight')
    has(s.screen('loaded'), A1_INV, 'then the data')
    s.cleanup()
finally:
    e.stop()

# --- a second accept while one is in flight is never sent
e = Emulator()
try:
    e.faults([{'kind': 'latency', 'ms': 1500, 'op': 'AcceptAdministratorInvitation'}])
    s = Script(e, ['key Space', 'key a', 'key y', 'now key a', 'now key y', 'now dump busy', 'key q'])
    has(s.screen('busy'), 'still in flight', 'the second accept is refused while the first is in flight')
    t.eq(len(calls(e, 'AcceptAdministratorInvitation')), 1, 'one accept reached the service')
    s.cleanup()
finally:
    e.stop()

# --- many invitations, the filter, scrolling
e = Emulator(emutest.MANY)
try:
    s = Script(e, ['dump many', 'key /', 'type INVITED', 'dump typing', 'key Enter', 'dump filtered',
                   'key Esc', 'dump cleared', 'key PgDn', 'key q'])
    has(s.screen('many'), 'Pending invitations (120)', '120 invitations, every page read')
    has(s.screen('many'), 'of 120', 'the list scrolls')
    has(s.screen('typing'), 'Filter: INVITED_', 'typing into the filter')
    f = s.screen('filtered')
    t.ok(f is not None and 'of 120, filter "INVITED"' in f, 'the filter narrows the list', f)
    has(s.screen('cleared'), 'Pending invitations (120)', 'Esc clears the filter')
    s.cleanup()
finally:
    e.stop()

# --- Enter on the focused controls, and refresh
e = Emulator()
try:
    s = Script(e, ['key Tab', 'key Enter', 'dump enter-toggle', 'key Tab', 'key Enter', 'dump enter-accept',
                   'key Esc', 'key r', 'dump refreshed', 'key q'])
    has(s.screen('enter-toggle'), 'Accept [● On ]', 'Tab to the toggle, Enter turns it on')
    has(s.screen('enter-accept'), 'Accept invitation?', 'Tab to Accept invitation, Enter asks to confirm')
    has(s.screen('refreshed'), 'Read us-east-1 again: 2 pending invitations.',
        'r reads the page again, and "Reading us-east-1 again." becomes the result')
    hasnt(s.screen('refreshed'), 'Reading', 'no "Reading..." is left once the reads are over')
    t.eq(len(calls(e, 'ListInvitations')), 2, 'r sent ListInvitations again')
    t.eq(len(calls(e, 'GetCallerIdentity')), 1, 'the acting account is asked once')
    s.cleanup()
finally:
    e.stop()

# --- the region picker
e = Emulator()
try:
    s = Script(e, ['key g', 'dump picker', 'type jjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjj', 'key Enter', 'dump moved',
                   'key q'])
    has(s.screen('picker'), 'Region', 'g opens the region picker')
    has(s.screen('picker'), 'us-east-1', 'listing the Security Hub regions')
    t.ok(s.screen('moved') is not None and 'us-east-1' not in s.screen('moved').splitlines()[0],
         'choosing a region switches the page', s.screen('moved'))
    s.cleanup()
finally:
    e.stop()

# --- the region picker: type to jump, Home and End
e = Emulator()
try:
    s = Script(e, ['key g', 'type eu-w', 'dump jumped', 'key Enter', 'dump euw', 'key g', 'key End', 'dump end',
                   'key Home', 'dump home', 'key End', 'key Enter', 'dump last', 'key g', 'type zz', 'key Backspace',
                   'dump backspace', 'key Esc', 'dump cleared', 'key Esc', 'key q'])
    has(s.screen('jumped'), '▸ eu-west-1', 'typing eu-w selects the first match, eu-west-1')
    has(s.screen('jumped'), 'Jump: eu-w_', 'and shows what was typed')
    has(s.screen('euw'), '·  eu-west-1', 'Enter switches the page to eu-west-1')
    import re
    first = re.findall(r'│[▸ ] ([a-z]{2}(?:-[a-z]+)+-\d)', s.screen('home') or '')
    has(s.screen('home'), '│▸ ' + (first[0] if first else '?'), 'Home selects the first region')
    last = re.search(r'│▸ (\S+)', s.screen('end') or '')
    t.ok(last and first and last.group(1) != first[0], 'End selects another, the last', s.screen('end'))
    has(s.screen('last'), '·  ' + (last.group(1) if last else '?'), 'End then Enter switches to the last region')
    has(s.screen('backspace'), 'Jump: z_', 'Backspace takes back a typed character')
    has(s.screen('cleared'), 'Type to jump · Enter · Esc closes', 'Backspace and Esc clear what was typed; the picker stays')
    s.cleanup()
finally:
    e.stop()

# --- c copies the selected ID with OSC 52; --no-osc52 and SHTUI_NO_OSC52=1 turn it off
import base64
import re
e = Emulator()
try:
    seq = b'\x1b]52;c;' + base64.b64encode(A1_INV.encode()) + b'\x07'
    s = Script(e, ['key c', 'dump copied', 'key q'])
    has(s.screen('copied'), 'Copied invitation ID ' + A1_INV, 'c says what it copied')
    t.ok(seq in s.terminal_output(), 'the OSC 52 sequence with the base64 of the invitation ID is written')
    out = s.terminal_output()
    modes = re.findall(rb'\x1b\[\?([\d;]+)h', out)
    mouse = {m for seq in modes for m in seq.split(b';') if m in (b'1000', b'1002', b'1003')}
    t.ok(mouse == {b'1000'},
         'mouse reporting is for clicks only (1000), no motion tracking', out[:400])
    s.cleanup()
    s = Script(e, ['key j', 'key c', 'dump off', 'key q'], args=['--no-osc52'])
    has(s.screen('off'), 'copying through the terminal is off', '--no-osc52: c says copying is off')
    t.ok(b'\x1b]52;' not in s.terminal_output(), '--no-osc52: nothing is written')
    s.cleanup()
    env = shtui_env(e, SHTUI_NO_OSC52='1')
    s = Script(e, ['key c', 'key q'], env=env)
    t.ok(b'\x1b]52;' not in s.terminal_output(), 'SHTUI_NO_OSC52=1: nothing is written')
    s.cleanup()
finally:
    e.stop()

# --- the profile picker, from the config files
e = Emulator()
try:
    import tempfile
    d = tempfile.mkdtemp()
    cfg, creds = os.path.join(d, 'config'), os.path.join(d, 'credentials')
    open(cfg, 'w').write('[default]\nregion = us-east-1\n[profile second]\nregion = eu-west-1\n')
    open(creds, 'w').write('[default]\naws_access_key_id = %s\naws_secret_access_key = %s\n'
                           '[second]\naws_access_key_id = %s\naws_secret_access_key = %s\n'
                           % (emutest.AKID, emutest.SECRET, emutest.AKID, emutest.SECRET))
    env = shtui_env(e, AWS_CONFIG_FILE=cfg, AWS_SHARED_CREDENTIALS_FILE=creds)
    del env['AWS_ACCESS_KEY_ID'], env['AWS_SECRET_ACCESS_KEY']
    s = Script(e, ['key p', 'dump profiles', 'key j', 'key Enter', 'dump second', 'key q'],
               region=None, env=env)
    has(s.screen('profiles'), 'second', 'p lists the profiles')
    has(s.screen('second'), 'profile second  ·  eu-west-1', 'choosing a profile switches to it and its region')
    s.cleanup()
finally:
    e.stop()

# --- read-only: no control that changes anything, and its keys do nothing
e = Emulator()
try:
    s = Script(e, ['dump ro', 'key Space', 'key a', 'key d', 'key x', 'dump ro2', 'key ?', 'dump rohelp', 'key Esc', 'key q'],
               args=['--read-only'])
    golden('read-only', s.screen('ro'))
    for text in ('Accept [', 'Accept invitation', 'Decline invitation', 'a Accept'):
        hasnt(s.screen('ro'), text, '--read-only hides ' + text)
    hasnt(s.screen('ro2'), '?', 'no dialog opened') if False else None
    hasnt(s.screen('ro2'), 'invitation?', '--read-only: a, d, x open nothing')
    hasnt(s.screen('rohelp'), 'Decline invitation', 'help lists no changing key')
    t.eq([c['operation'] for c in calls(e) if c['operation'] not in
          ('DescribeHub', 'GetAdministratorAccount', 'ListInvitations', 'GetCallerIdentity')], [],
         '--read-only sent only reads')
    s.cleanup()
finally:
    e.stop()

# --- the largest size, every overlay over the page, and back to the smallest
e = Emulator()
try:
    steps = [('page', []), ('help', ['key ?']), ('details', ['key Esc', 'key i']),
             ('picker', ['key Esc', 'key g']), ('dialog', ['key Esc', 'key Space', 'key a'])]
    lines = []
    for cols, rows in ((300, 100), (60, 18)):
        lines.append('resize %d %d' % (cols, rows))
        for name, keys in steps:
            lines += keys + ['dump %s-%d' % (name, cols)]
        lines += ['key n', 'key Space']
    s = Script(e, lines + ['key q'])
    for cols in (300, 60):
        for name, _ in steps:
            sc = s.screen('%s-%d' % (name, cols)) or ''
            t.ok(sc and not box_faults(sc) and not too_wide(sc, cols) and '111111111111' in sc.split('\n')[0],
                 'at %d columns the %s lays out whole' % (cols, name), '\n'.join(box_faults(sc)) + '\n' + sc)
    s.cleanup()
finally:
    e.stop()

# --- a tiny terminal, and back
e = Emulator()
try:
    s = Script(e, ['resize 40 10', 'dump tiny', 'key a', 'resize 100 30', 'dump back', 'key q'])
    golden('too-small', s.screen('tiny'))
    has(s.screen('tiny'), 'Terminal too small (need 60×18', 'below the minimum: a clear message')
    has(s.screen('back'), 'Pending invitations (2)', 'resized back: the page again')
    hasnt(s.screen('back'), 'invitation?', 'keys did nothing while too small')
    s.cleanup()
finally:
    e.stop()

# --- the mouse: a row, the toggle, a button
e = Emulator()
try:
    s = Script(e, ['dump before'])
    rows = s.screen('before').splitlines()
    s.cleanup()
    ry = next(i for i, r in enumerate(rows) if A2_INV in r)
    ty = next(i for i, r in enumerate(rows) if 'Accept [' in r)
    tx = rows[ty].index('Accept [')
    bx = rows[ty].index('[ Accept invitation ]')
    s = Script(e, ['click 40 %d' % ry, 'dump row', 'click %d %d' % (tx + 9, ty), 'dump toggle',
                   'click %d %d' % (bx + 3, ty), 'dump button', 'key n', 'key q'])
    has(s.screen('row'), 'Account ID      ' + A2, 'a click selects a row')
    has(s.screen('toggle'), 'Accept [● On ]', 'a click on the toggle turns it on')
    has(s.screen('button'), 'Accept invitation?', 'a click on Accept invitation asks to confirm')
    s.cleanup()
finally:
    e.stop()

# --- an accept whose reply is lost: unknown outcome, the page read again, sent once
e = Emulator()
try:
    e.faults([{'kind': 'reset', 'op': 'AcceptAdministratorInvitation', 'after': True}])
    s = Script(e, ['key Space', 'key a', 'key y', 'dump lost', 'key q'])
    lost = s.screen('lost')
    has(lost, 'The outcome of Accept invitation in us-east-1 is unknown', 'a lost reply is an unknown outcome')
    has(lost, 'Status          Enabled', 'and the page, read again, shows what the service did')
    t.eq(len(calls(e, 'AcceptAdministratorInvitation')), 1, 'the accept was not sent twice')
    a = [r for r in s.journal() if r['record'] == 'outcome']
    t.ok(len(a) == 1 and a[0]['outcome'] == 'unknown', 'the journal records the unknown outcome', a)
    t.eq(journaltest.compare(s.journal(), e.calls()), [], 'and agrees with the emulator')
    s.cleanup()
finally:
    e.stop()

# --- no credentials anywhere: one message on the page, nothing sent
e = Emulator()
try:
    env = shtui_env(e, AWS_EC2_METADATA_DISABLED='true')
    del env['AWS_ACCESS_KEY_ID'], env['AWS_SECRET_ACCESS_KEY']
    s = Script(e, ['dump nocreds', 'key q'], env=env)
    nc = s.screen('nocreds')
    has(nc, 'No credentials', 'without credentials the page says so')
    has(nc, 'Unable to locate credentials', 'in the AWS CLI\'s words, with where it looked')
    t.eq(len(e.calls()), 0, 'and no call was sent')
    s.cleanup()
finally:
    e.stop()

# --- a locale without UTF-8: ASCII lines and glyphs
e = Emulator()
try:
    env = shtui_env(e)
    s = Script(e, ['dump ascii', 'key q'], env=env, ascii=True)
    a = s.screen('ascii') or ''
    t.ok('+ Master account ---' in a and '| Account ID' in a, 'without UTF-8 the frames are ASCII', a)
    t.ok(all(ord(ch) < 128 for ch in a), 'and nothing but ASCII is drawn', a)
    s.cleanup()
finally:
    e.stop()

# --- monochrome and ASCII still draw the page
e = Emulator()
try:
    env = shtui_env(e, NO_COLOR='1')
    s = Script(e, ['dump mono', 'key q'], env=env)
    has(s.screen('mono'), 'Pending invitations (2)', 'NO_COLOR draws the page')
    s.cleanup()
finally:
    e.stop()

sys.exit(t.done())
