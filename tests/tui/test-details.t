#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# The details view (i): the whole text of a failure with its code, hint, request ID and logs, for an SCP denial, a region not opted in, bad keys in us-east-1, throttling after retries and a network failure; bad credentials are never called a region not opted in.
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'cli'))
import fleet  # noqa: E402
from tuitest import Emulator, Script, Tap, shtui_env  # noqa: E402

t = Tap()


def has(screen, text, label):
    return t.ok(screen is not None and text in screen, label, screen)


def hasnt(screen, text, label):
    return t.ok(screen is not None and text not in screen, label, screen)


def joined(screen):
    """The details box's text with its wrapping undone: "Label: text" per
    field, so a long message can be searched whole."""
    rows = (screen or '').split('\n')
    top = next((i for i, r in enumerate(rows) if '┌ Details' in r), None)
    if top is None:
        return ''
    x = rows[top].index('┌ Details')
    x2 = rows[top].index('┐', x)
    fields = []
    for r in rows[top + 1:]:
        r = r.ljust(x2 + 1)
        if r[x] == '└':
            break
        inner = r[x + 1:x2]
        label, text = inner[:14].strip(), inner[14:].strip()
        if label or not fields:
            fields.append('%s: %s' % (label, text))
        else:
            fields[-1] += ' ' + text
    return ' | '.join(fields)


CASES = [
    ('an SCP denial', [{'kind': 'scp_deny', 'region': 'eu-west-1'}], 'eu-west-1', None,
     ['AccessDeniedException (HTTP 403)', 'with an explicit deny in a service control policy',
      'A service control policy (SCP) of your organization denies this call in eu-west-1']),
    ('a region not opted in', [], 'af-south-1', None,
     ['UnrecognizedClientException', 'af-south-1 is an opt-in region']),
    ('bad keys in us-east-1', [], 'us-east-1', ('AKIAUNKNOWNKEY000000', 'x' * 40),
     ['UnrecognizedClientException (HTTP 403)', 'The access key was not recognised in us-east-1']),
    ('throttling after retries', [{'kind': 'throttle', 'service': 'securityhub'}], 'us-east-1', None,
     ['(HTTP 429)', 'Message: Rate exceeded', 'Requests: 3']),
    ('a network failure', [{'kind': 'reset'}], 'us-east-1', None,
     ['Requests: 3', 'Message: ']),
]

for label, faults, region, keys, wants in CASES:
    e = Emulator()
    try:
        e.faults(faults)
        env = shtui_env(e, akid=keys[0], secret=keys[1]) if keys else None
        s = Script(e, ['dump page', 'key i', 'dump details', 'key End', 'dump end', 'key i', 'dump closed',
                       'key q'], region=region, env=env, cols=80, rows=24)
        d, end = s.screen('details'), s.screen('end')
        both = joined(d) + ' ' + joined(end)
        has(d, '┌ Details', '%s: i opens the details' % label)
        has(both, 'Operation', '%s: the failed operation is named' % label)
        for w in wants:
            has(both, w, '%s: the details show %r' % (label, w))
        has(both, 'region %s' % region, '%s: with the region' % label)
        has(end, 'Journal', '%s: and where the journal is' % label)
        if label != 'a network failure':
            has(both, 'Request ID', '%s: and the request ID' % label)
        hasnt(s.screen('closed'), '┌ Details', '%s: i again closes them' % label)
        if keys:
            hasnt(s.screen('page'), 'opt', 'bad keys in us-east-1: the page never says opt-in')
            hasnt(both, 'opt-in', 'bad keys in us-east-1: nor do the details')
            hasnt(s.screen('page'), 'region not opted in', 'bad keys in us-east-1: the hub is not called not opted in')
            has(s.screen('page'), '… (i: details)', 'a cut status line ends in "… (i: details)"')
        s.cleanup()
    finally:
        e.stop()

# A click on the status line opens the details too.
e = Emulator()
try:
    env = shtui_env(e, akid='AKIAUNKNOWNKEY000000', secret='x' * 40)
    s = Script(e, ['dump page'], env=env, cols=80, rows=24)
    rows = s.screen('page').split('\n')
    s.cleanup()
    y = next(i for i, r in enumerate(rows) if '(i: details)' in r)
    s = Script(e, ['click 10 %d' % y, 'dump clicked', 'key q', 'key q'], env=env, cols=80, rows=24)
    has(s.screen('clicked'), '┌ Details', 'a click on the status line opens the details')
    s.cleanup()
finally:
    e.stop()

# The fleet: Enter on a failed row shows its failure; i on any row.
d = tempfile.mkdtemp(prefix='shtui-details.')
seed, cfg, creds, expect = fleet.make(d)
e = Emulator(seed)
try:
    env = shtui_env(e, AWS_CONFIG_FILE=cfg, AWS_SHARED_CREDENTIALS_FILE=creds)
    del env['AWS_ACCESS_KEY_ID'], env['AWS_SECRET_ACCESS_KEY']
    # One administrator group above the rows, sorted by profile then region.
    down = 1 + sorted(fleet.REGIONS).index('eu-north-1')
    s = Script(e, ['key /', 'type member-04', 'key Enter', 'key j', 'dump row', 'key Enter',
                   'dump details', 'key Esc', 'key Esc', 'key /', 'type member-05', 'key Enter'] + ['key j'] * down +
               ['dump scp-row', 'key i', 'dump scp', 'key q', 'key q'],
               args=['--profiles', 'member-0[45]', '--regions', ','.join(fleet.REGIONS)],
               region=None, env=env, cols=100, rows=30)
    has(s.screen('row'), '▸member-04 100000000004 ap-east-1', 'the cursor is on member-04 in ap-east-1')
    has(s.screen('scp-row'), '▸member-05 100000000005 eu-north-1', 'then on member-05 in eu-north-1')
    det = joined(s.screen('details'))
    has(det, 'ap-east-1 is an opt-in region', 'Enter on a row not opted in shows why, with the hint')
    has(det, 'region ap-east-1', 'naming the region')
    has(joined(s.screen('scp')), 'service control policy', 'i on the SCP-denied row shows the denial')
    s.cleanup()
finally:
    e.stop()
    import shutil
    shutil.rmtree(d, ignore_errors=True)

sys.exit(t.done())
