# SPDX-License-Identifier: Apache-2.0
# Helpers for the journal tests: read shtui's journal and hold it against the emulator's own call log, record by record.
"""Imported by tests/cli/*.t and tests/tui/*.t; run those with /usr/bin/python3."""

import json
import os

# The calls that change state, and the fallback each may take.
CHANGES = {'AcceptAdministratorInvitation', 'AcceptInvitation', 'DeclineInvitations',
           'DeleteInvitations', 'DisassociateFromAdministratorAccount',
           'DisassociateFromMasterAccount', 'EnableSecurityHub'}
FALLBACK = {'AcceptInvitation': 'AcceptAdministratorInvitation',
            'DisassociateFromMasterAccount': 'DisassociateFromAdministratorAccount'}


def read(state_dir):
    """Every record of the journal in state_dir/shtui (the old generation first)."""
    out = []
    for name in ('journal.1.jsonl', 'journal.jsonl'):
        path = os.path.join(state_dir, 'shtui', name)
        if os.path.exists(path):
            with open(path) as f:
                out += [json.loads(line) for line in f if line.strip()]
    return out


def intents(records):
    seen, out = set(), []
    for r in records:
        if r.get('record') == 'intent' and r['id'] not in seen:
            seen.add(r['id'])
            out.append(r)
    return out


def outcomes(records):
    """id -> the last outcome or settlement record."""
    return {r['id']: r for r in records if r.get('record') in ('outcome', 'settlement')}


def _key(op, region, params):
    op = FALLBACK.get(op, op)
    params = dict(params or {})
    if 'MasterId' in params:
        params['AdministratorId'] = params.pop('MasterId')
    return op, region, json.dumps(params, sort_keys=True)


def compare(records, calls, account_of=None, open_ok=False):
    """Holds the journal against the emulator's call log. Returns a list of
    problems (empty when they agree):
    - every state-changing call the emulator received has an intent for the
      same operation, region, account and parameters, written before it;
    - every intent has an outcome unless `open_ok` lists it;
    - every outcome "done" is a call the emulator answered with success.
    account_of maps an intent's profile to its account when the intent has
    none (written before STS answered). With open_ok (a process killed
    mid-run), intents may lack an outcome."""
    problems = []
    its = intents(records)
    outs = outcomes(records)
    by_key = {}
    for i in its:
        by_key.setdefault(_key(i['operation'], i['region'], i.get('parameters')), []).append(i)
    changes = [c for c in calls if c.get('operation') in CHANGES]
    matched = {}
    for c in changes:
        cands = by_key.get(_key(c['operation'], c['region'], c.get('params')), [])
        acct = c.get('account')
        cands = [i for i in cands
                 if (i.get('account') or (account_of or {}).get(i.get('profile'))) in (acct, None)
                 and i['time'] <= c['time']]
        if not cands:
            problems.append('a call without an intent before it: %s %s %s %s' %
                            (c['time'], c['operation'], c['region'], c.get('params')))
            continue
        # The latest intent before the call is the one it carries out.
        i = max(cands, key=lambda x: x['time'])
        matched.setdefault(i['id'], []).append(c)
    for i in its:
        o = outs.get(i['id'])
        got = matched.get(i['id'], [])
        if o is None and open_ok:
            continue
        if o is None:
            problems.append('an intent without an outcome: %s %s %s' % (i['operation'], i['region'],
                                                                       i.get('parameters')))
            continue
        if o['time'] < i['time']:
            problems.append('an outcome before its intent: %s' % i['id'])
        if o.get('outcome') == 'done' and not any(c.get('status') == 200 for c in got):
            problems.append('"done" but the service never answered 200: %s %s' % (i['operation'], i['region']))
        if o.get('outcome') == 'not sent' and got:
            problems.append('"not sent" but the service got it: %s %s' % (i['operation'], i['region']))
    return problems


def quiet(emu, timeout=120):
    """Waits until the emulator has answered every call it received."""
    emu_wait = __import__('emutest').wait_for
    emu_wait(lambda: all('duration_ms' in c for c in emu.calls()), timeout, 'the calls in flight to end')


def count_in_log(path, op):
    """How many calls of op the emulator's log file has (it grows as replies go out)."""
    try:
        with open(path) as f:
            return sum(1 for line in f if '"%s"' % op in line)
    except OSError:
        return 0
