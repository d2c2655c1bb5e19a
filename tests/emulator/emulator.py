#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# A local AWS Security Hub + STS service for tests: SigV4 checked with botocore, per account/region state, faults on request.
"""Local Security Hub (rest-json) and STS (query) service on one port, with an
instance metadata service (IMDSv2), a container credentials endpoint and the
IAM Identity Center (SSO) portal's GetRoleCredentials.

Run with Debian's interpreter, which has python3-botocore:

    /usr/bin/python3 tests/emulator/emulator.py --seed tests/emulator/seeds/demo.json \
        --port-file /tmp/emu.port [--port 0] [--log calls.jsonl] [--clock-offset S] \
        [--parent-pid PID] [--random-seed N] [--verbose]

    /usr/bin/python3 tests/emulator/emulator.py --generate 120 > many.json

See README.md beside this file for the seed format, the control API under
/_emu/ and the fault kinds.
"""

import argparse
import base64
import bisect
import copy
import datetime
import email.utils
import hashlib
import hmac
import json
import os
import random
import re
import select
import signal
import socket
import socketserver
import ssl
import string
import struct
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, unquote, urlsplit
from xml.sax.saxutils import escape as xml_escape

import botocore
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.compat import HTTPHeaders
from botocore.credentials import Credentials
from botocore.loaders import Loader
from botocore.model import ServiceModel
from botocore.validate import ParamValidator

UTC = datetime.timezone.utc
MAX_SKEW = datetime.timedelta(minutes=15)
STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/'
SH_NS = 'com.amazonaws.securityhub'
FRONT_NS = 'com.amazon.coral.service'
ACCOUNT_RE = re.compile(r'^\d{12}$')
ROLE_ARN_RE = r'^arn:([\w-]+):iam::(\d{12}):role/(?:.*/)?([\w+=,.@-]+)$'
CONTAINER_PATH = '/_emu/container-credentials'
# The SSO portal's and SSO OIDC's paths: (method, operation).
SSO_PATHS = {'/federation/credentials': ('GET', 'GetRoleCredentials'),
             '/assignment/accounts': ('GET', 'ListAccounts'),
             '/assignment/roles': ('GET', 'ListAccountRoles'),
             '/logout': ('POST', 'Logout')}
OIDC_PATHS = {'/token': ('POST', 'CreateToken'),
              '/client/register': ('POST', 'RegisterClient'),
              '/device_authorization': ('POST', 'StartDeviceAuthorization')}
# The portal's default page size for ListAccounts and ListAccountRoles.
SSO_PAGE_SIZE = 20
# OAuth error names of SSO OIDC's errors, sent in the body as the service does.
OIDC_ERRORS = {'InvalidGrantException': 'invalid_grant',
               'InvalidClientException': 'invalid_client',
               'InvalidRequestException': 'invalid_request',
               'UnsupportedGrantTypeException': 'unsupported_grant_type',
               'InternalServerException': 'server_error'}

# Security Hub operations this emulator answers; every other operation of
# the model is routed (so it gets a clear error) but not implemented.
SH_OPERATIONS = (
    'AcceptAdministratorInvitation', 'AcceptInvitation', 'DeclineInvitations',
    'DeleteInvitations', 'DescribeHub', 'DisassociateFromAdministratorAccount',
    'DisassociateFromMasterAccount', 'EnableSecurityHub',
    'GetAdministratorAccount', 'GetInvitationsCount', 'GetMasterAccount',
    'ListInvitations',
)
STS_OPERATIONS = ('AssumeRole', 'AssumeRoleWithWebIdentity', 'GetCallerIdentity')
# STS operations a client sends unsigned (the token in the body proves who it is).
STS_UNSIGNED = ('AssumeRoleWithWebIdentity',)
# Request members that are secrets: logged redacted.
SECRET_PARAMS = ('WebIdentityToken', 'clientSecret', 'refreshToken', 'code', 'deviceCode')

ERROR_STYLES = ('aws', 'coral', 'header', 'body', 'type', 'none')
TRANSPORT_KINDS = ('latency', 'hang', 'reset', 'truncate', 'garbage', 'big', 'drip', 'http10')
# Transport kinds that change how the reply goes out, not what it says.
DELIVERY_KINDS = ('drip', 'http10')
SERVICE_KINDS = ('throttle', 'error500', 'error503', 'error', 'not_opted_in',
                 'scp_deny', 'iam_deny', 'error_style')
FAULT_KINDS = TRANSPORT_KINDS + SERVICE_KINDS
FAULT_KEYS = {'kind', 'op', 'region', 'account', 'target_account', 'access_key_id', 'service',
              'rate', 'count', 'skip', 'ms', 'after', 'style', 'status', 'code', 'message',
              'body', 'content_type', 'size', 'chunked', 'fired'}
BIG_DEFAULT = 10 * 1024 * 1024

TOKEN_INVALID = 'The security token included in the request is invalid.'
TOKEN_EXPIRED = 'The security token included in the request is expired'
SIG_MISMATCH = ('The request signature we calculated does not match the '
                'signature you provided. Check your AWS Secret Access Key and '
                'signing method. Consult the service documentation for details.')

# Authentication failures by kind: (status, rest-json code, STS code).
AUTH_ERRORS = {
    'missing': (403, 'MissingAuthenticationTokenException', 'MissingAuthenticationToken'),
    'incomplete': (403, 'IncompleteSignatureException', 'IncompleteSignature'),
    'unknown_key': (403, 'UnrecognizedClientException', 'InvalidClientTokenId'),
    'signature': (403, 'InvalidSignatureException', 'SignatureDoesNotMatch'),
    'expired': (403, 'ExpiredTokenException', 'ExpiredToken'),
}

AUTHZ_RE = re.compile(
    r'^AWS4-HMAC-SHA256\s+'
    r'Credential=(?P<akid>[^/\s,]+)/(?P<date>[^/\s,]*)/(?P<region>[^/\s,]*)/'
    r'(?P<service>[^/\s,]*)/(?P<term>[^/\s,]*),\s*'
    r'SignedHeaders=(?P<signed>[^,\s]*),\s*'
    r'Signature=(?P<sig>[^,\s]*)\s*$')


def _load_models():
    data = os.path.join(os.path.dirname(botocore.__file__), 'data')
    loader = Loader(extra_search_paths=[data], include_default_search_paths=False)
    sh = ServiceModel(loader.load_service_model('securityhub', 'service-2', '2018-10-26'),
                      'securityhub')
    sts = ServiceModel(loader.load_service_model('sts', 'service-2', '2011-06-15'), 'sts')
    oidc = ServiceModel(loader.load_service_model('sso-oidc', 'service-2'), 'sso-oidc')
    return sh, sts, oidc


SH_MODEL, STS_MODEL, OIDC_MODEL = _load_models()


def _build_routes(model):
    routes = []
    for name in model.operation_names:
        http = model.operation_model(name).http
        path = http['requestUri'].partition('?')[0]
        rx, labels = '', 0
        for part in re.split(r'(\{[^}]+\})', path):
            if part.startswith('{'):
                label = part[1:-1]
                greedy = label.endswith('+')
                label = label.rstrip('+')
                rx += '(?P<%s>%s)' % (label, '.+' if greedy else '[^/]+')
                labels += 1
            else:
                rx += re.escape(part)
        routes.append((labels, http['method'], re.compile('^' + rx + '$'), name))
    routes.sort(key=lambda r: r[0])      # literal paths win over labels
    return [r[1:] for r in routes]


SH_ROUTES = _build_routes(SH_MODEL)


# ---------------------------------------------------------------------------
# small helpers

def utcnow():
    return datetime.datetime.now(UTC)


def iso_ms(dt):
    """The timestamp form Security Hub sends: 2026-11-20T09:15:00.000Z."""
    dt = dt.astimezone(UTC)
    return dt.strftime('%Y-%m-%dT%H:%M:%S.') + '%03dZ' % (dt.microsecond // 1000)


def iso_s(dt):
    return dt.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')


def amz(dt):
    return dt.astimezone(UTC).strftime('%Y%m%dT%H%M%SZ')


def whole_second_after(now, seconds):
    """now + seconds, rounded up to a whole second: what is issued for that long
    lives at least that long, and clients read its end exactly as it is checked."""
    end = now + datetime.timedelta(seconds=seconds)
    if end.microsecond:
        end += datetime.timedelta(microseconds=1000000 - end.microsecond)
    return end


def parse_time(value):
    """A seed or wire timestamp (ISO-8601 or epoch seconds) -> aware datetime, or None."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.datetime.fromtimestamp(value, UTC)
    if not isinstance(value, str):
        return None
    try:
        dt = datetime.datetime.fromisoformat(value.strip().replace('Z', '+00:00'))
    except ValueError:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def norm_time(value):
    """Normalise a parseable timestamp to the service's form; keep others as written."""
    dt = parse_time(value)
    return iso_ms(dt) if dt else value


def redact(secret):
    return None if secret is None else '<redacted %d chars>' % len(secret)


def is_enabled_status(status):
    return isinstance(status, str) and status.lower() in ('enabled', 'associated')


def make_page_token(scope, offset):
    """An opaque page token for offset within scope (a JSON value)."""
    doc = json.dumps({'s': scope, 'o': offset}, separators=(',', ':')).encode()
    # The prefix makes the token carry '+' and '/', as real tokens do.
    return base64.b64encode(b'\xfb\xff\xbf' + doc).decode()


def read_page_token(token, scope):
    """The offset in a token from make_page_token for the same scope, else None."""
    try:
        raw = base64.b64decode(token.encode(), validate=True)
        doc = json.loads(raw[3:]) if raw[:3] == b'\xfb\xff\xbf' else None
    except (ValueError, TypeError):
        doc = None
    if not isinstance(doc, dict) or doc.get('s') != scope or not isinstance(doc.get('o'), int) \
            or doc['o'] < 0:
        return None
    return doc['o']


class SeedError(ValueError):
    pass


class ApiError(Exception):
    """An error reply. front=True marks errors from AWS's front door
    (authentication), which carry a different namespace and body."""

    def __init__(self, status, code, message, front=False, sts_type='Sender'):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.front, self.sts_type = front, sts_type


# ---------------------------------------------------------------------------
# seed loading

def _check(cond, where, what):
    if not cond:
        raise SeedError('%s: %s' % (where, what))


def _norm_entry(obj, where, required):
    """A seed object with the required non-empty strings and an optional
    ISO-8601 expiration, without its comment keys."""
    _check(isinstance(obj, dict), where, 'must be an object')
    for f in required:
        _check(isinstance(obj.get(f), str) and obj[f], where, '%s is required' % f)
    if obj.get('expiration') is not None:
        _check(parse_time(obj['expiration']) is not None, where,
               'expiration must be an ISO-8601 time')
    return {k: v for k, v in obj.items() if not k.startswith('_')}


def _norm_invitation(inv, where):
    _check(isinstance(inv, dict), where, 'must be an object')
    for k in ('AccountId', 'InvitationId'):
        _check(isinstance(inv.get(k), str) and inv[k], where, '%s must be a non-empty string' % k)
    out = {k: v for k, v in inv.items() if not k.startswith('_')}
    out.setdefault('MemberStatus', 'Invited')
    if 'InvitedAt' in out:
        out['InvitedAt'] = norm_time(out['InvitedAt'])
    return out


def _norm_fault(rule, where):
    _check(isinstance(rule, dict), where, 'must be an object')
    extra = [k for k in rule if k not in FAULT_KEYS and not k.startswith('_')]
    _check(not extra, where, 'unknown keys %s' % extra)
    _check(rule.get('kind') in FAULT_KINDS, where,
           'kind must be one of %s' % ', '.join(FAULT_KINDS))
    for k in ('op', 'region', 'account', 'target_account', 'access_key_id', 'service'):
        v = rule.get(k)
        _check(v is None or isinstance(v, str) or
               (isinstance(v, list) and all(isinstance(x, str) for x in v)),
               where, '%s must be a string or a list of strings' % k)
    if 'rate' in rule:
        _check(isinstance(rule['rate'], (int, float)) and 0 <= rule['rate'] <= 1,
               where, 'rate must be a number from 0 to 1')
    for k in ('count', 'skip', 'ms', 'status', 'size'):
        if rule.get(k) is not None:
            _check(isinstance(rule[k], int) and rule[k] >= 0, where,
                   '%s must be a non-negative integer' % k)
    if rule['kind'] == 'latency':
        _check('ms' in rule, where, 'latency needs ms')
    if 'content_type' in rule:
        _check(isinstance(rule['content_type'], str), where, 'content_type must be a string')
    if 'chunked' in rule:
        _check(isinstance(rule['chunked'], bool), where, 'chunked must be true or false')
    if rule['kind'] == 'error_style':
        _check(rule.get('style') in ERROR_STYLES, where,
               'style must be one of %s' % ', '.join(ERROR_STYLES))
    if rule['kind'] == 'error':
        _check(isinstance(rule.get('status'), int) and isinstance(rule.get('code'), str),
               where, 'error needs status and code')
    out = {k: v for k, v in rule.items() if not k.startswith('_')}
    out.setdefault('fired', 0)
    return out


def _norm_sso_identity(sso, tokens):
    """The seed's SSO users (account -> role assignments), OIDC clients and
    refresh tokens; tokens may name a user."""
    users, clients, refresh = sso.get('users', {}), sso.get('clients', []), \
        sso.get('refresh_tokens', [])
    _check(isinstance(users, dict), 'sso.users', 'must be an object keyed by user name')
    out_users = {}
    for name, u in users.items():
        uw = 'sso.users.%s' % name
        _check(isinstance(u, dict) and isinstance(u.get('assignments', {}), dict), uw,
               'must be {"assignments": {ACCOUNT: [ROLE, ...]}}')
        for acct, names in u.get('assignments', {}).items():
            _check(ACCOUNT_RE.match(acct) and isinstance(names, list) and
                   all(isinstance(n, str) and n for n in names), '%s.assignments.%s' % (uw, acct),
                   'must be a 12-digit account ID with a list of role names')
        out_users[name] = {'assignments': {a: list(n) for a, n in
                                           u.get('assignments', {}).items()}}
    for i, t in enumerate(tokens):
        _check(t.get('user') is None or t['user'] in out_users, 'sso.tokens[%d]' % i,
               'user must be one of sso.users')
    _check(isinstance(clients, list) and isinstance(refresh, list), 'sso',
           'clients and refresh_tokens must be lists')
    out_clients = [_norm_entry(c, 'sso.clients[%d]' % i, ('client_id', 'client_secret'))
                   for i, c in enumerate(clients)]
    out_refresh = [_norm_entry(r, 'sso.refresh_tokens[%d]' % i, ('refresh_token', 'client_id'))
                   for i, r in enumerate(refresh)]
    for i, r in enumerate(out_refresh):
        _check(r.get('user') is None or r['user'] in out_users, 'sso.refresh_tokens[%d]' % i,
               'user must be one of sso.users')
    duration = sso.get('access_token_duration', 3600)
    _check(isinstance(duration, int) and duration >= 1, 'sso.access_token_duration',
           'must be a positive number of seconds')
    return {'users': out_users, 'clients': out_clients, 'refresh_tokens': out_refresh,
            'access_token_duration': duration}


def normalise_faults(faults):
    if isinstance(faults, dict) and 'faults' in faults:
        faults = faults['faults']
    if not isinstance(faults, list):
        raise SeedError('faults must be a list of rules')
    return [_norm_fault(r, 'faults[%d]' % i) for i, r in enumerate(faults)]


def _default_user_id(akid):
    return 'AIDA' + hashlib.sha256(akid.encode()).hexdigest().upper()[:17]


FANOUT_KEYS = {'base', 'accounts', 'first_account', 'role_name', 'role_path', 'partition',
               'max_session_duration', 'external_id', 'regions', 'administrator', 'invited_at',
               'member_status', 'deny', 'missing', 'name_prefix', 'sso_user'}


def _fanout_accounts(f, where):
    accounts = f.get('accounts')
    if isinstance(accounts, int) and not isinstance(accounts, bool):
        first = f.get('first_account', '300000000000')
        _check(isinstance(first, str) and ACCOUNT_RE.match(first), where + '.first_account',
               'must be a 12-digit account ID')
        _check(0 <= accounts and int(first) + accounts <= 10 ** 12, where + '.accounts',
               'too many accounts after first_account')
        return ['%012d' % (int(first) + i) for i in range(accounts)]
    _check(isinstance(accounts, list) and all(isinstance(a, str) and ACCOUNT_RE.match(a)
                                              for a in accounts),
           where + '.accounts', 'must be a number or a list of 12-digit account IDs')
    return list(accounts)


def expand_role_fanout(seed):
    """The seed with its role_fanout shorthand written out: for each entry, N
    accounts, each with a role of one name that the base account may assume,
    Security Hub enabled in the given regions with a pending invitation from
    one administrator, and (optionally) an SSO user assigned that role."""
    fan = seed.get('role_fanout')
    if fan is None:
        return seed
    if isinstance(fan, dict):
        fan = [fan]
    _check(isinstance(fan, list), 'role_fanout', 'must be an object or a list of objects')
    seed = dict(seed)
    del seed['role_fanout']
    accounts = dict(seed.get('accounts') or {})
    roles = list(seed.get('roles') or [])
    _check(isinstance(accounts, dict) and isinstance(roles, list), 'seed',
           'accounts must be an object and roles a list')
    sso = None
    for i, f in enumerate(fan):
        where = 'role_fanout[%d]' % i
        _check(isinstance(f, dict), where, 'must be an object')
        extra = [k for k in f if k not in FANOUT_KEYS and not k.startswith('_')]
        _check(not extra, where, 'unknown keys %s' % extra)
        base = f.get('base')
        _check(isinstance(base, str) and ACCOUNT_RE.match(base), where + '.base',
               'must be a 12-digit account ID')
        name = f.get('role_name')
        _check(isinstance(name, str) and re.match(r'^[\w+=,.@-]{1,64}$', name),
               where + '.role_name', 'must be an IAM role name')
        path = f.get('role_path', '/')
        _check(isinstance(path, str) and path.startswith('/') and path.endswith('/'),
               where + '.role_path', 'must start and end with /')
        partition = f.get('partition', 'aws')
        admin = f.get('administrator', '999999999999')
        _check(isinstance(admin, str) and ACCOUNT_RE.match(admin), where + '.administrator',
               'must be a 12-digit account ID')
        regions = f.get('regions', [])
        _check(isinstance(regions, list) and all(isinstance(r, str) and r for r in regions),
               where + '.regions', 'must be a list of region names')
        for k in ('deny', 'missing'):
            _check(isinstance(f.get(k, []), list) and all(isinstance(x, str) for x in f.get(k, [])),
                   '%s.%s' % (where, k), 'must be a list of account IDs')
        deny, missing = set(f.get('deny', [])), set(f.get('missing', []))
        prefix = f.get('name_prefix')
        user = f.get('sso_user')
        ids = _fanout_accounts(f, where)
        for n, acct in enumerate(ids):
            a = accounts.get(acct)
            a = dict(a) if isinstance(a, dict) else {}
            regs = dict(a.get('regions') or {})
            for region in regions:
                if region in regs:
                    continue            # what the seed says of this region wins
                inv_id = hashlib.md5(('%s/%s/%s' % (admin, acct, region)).encode()).hexdigest()
                regs[region] = {
                    'hub': {'enabled': True},
                    'invitations': [{'AccountId': admin, 'InvitationId': inv_id,
                                     'InvitedAt': f.get('invited_at', '2026-11-20T09:15:00.000Z'),
                                     'MemberStatus': f.get('member_status', 'Invited')}]}
            a['regions'] = regs
            if prefix is not None:
                a.setdefault('name', '%s%04d' % (prefix, n + 1))
            accounts[acct] = a
            if acct in missing:
                continue
            role = {'arn': 'arn:%s:iam::%s:role%s%s' % (partition, acct, path, name),
                    'trusted_accounts': [] if acct in deny else [base],
                    'max_session_duration': f.get('max_session_duration', 3600)}
            if f.get('external_id') is not None:
                role['external_id'] = f['external_id']
            roles.append(role)
            if user is not None:
                if sso is None:
                    sso = copy.deepcopy(seed.get('sso') or {})
                    _check(isinstance(sso, dict), 'sso', 'must be an object')
                    sso.setdefault('users', {})
                u = sso['users'].setdefault(user, {})
                u.setdefault('assignments', {}).setdefault(acct, [])
                if name not in u['assignments'][acct]:
                    u['assignments'][acct].append(name)
    seed['accounts'], seed['roles'] = accounts, roles
    if sso is not None:
        seed['sso'] = sso
    return seed


def normalise_seed(seed):
    """Check a seed and return (state, keys, faults). state keeps the seed's form."""
    _check(isinstance(seed, dict), 'seed', 'must be a JSON object')
    seed = expand_role_fanout(seed)
    state = {
        'page_size': seed.get('page_size', 50),
        'error_style': seed.get('error_style', 'aws'),
        'accounts': {},
        'roles': [],
    }
    if 'clock_offset' in seed:
        state['clock_offset'] = seed['clock_offset']
        _check(isinstance(seed['clock_offset'], (int, float)), 'clock_offset', 'must be a number')
    _check(isinstance(state['page_size'], int) and 1 <= state['page_size'] <= 50,
           'page_size', 'must be an integer from 1 to 50')
    _check(state['error_style'] in ERROR_STYLES, 'error_style',
           'must be one of %s' % ', '.join(ERROR_STYLES))
    keys = {}
    accounts = seed.get('accounts', {})
    _check(isinstance(accounts, dict), 'accounts', 'must be an object keyed by account ID')
    for acct, a in accounts.items():
        where = 'accounts.%s' % acct
        _check(ACCOUNT_RE.match(acct), where, 'account IDs are 12 digits')
        _check(isinstance(a, dict), where, 'must be an object')
        out = {'keys': [], 'opted_out_regions': [], 'regions': {}}
        for meta in ('name', 'email'):
            if a.get(meta) is not None:
                _check(isinstance(a[meta], str), where + '.' + meta, 'must be a string')
                out[meta] = a[meta]
        for i, k in enumerate(a.get('keys', [])):
            kw = '%s.keys[%d]' % (where, i)
            _check(isinstance(k, dict), kw, 'must be an object')
            for f in ('access_key_id', 'secret_access_key'):
                _check(isinstance(k.get(f), str) and k[f], kw, '%s is required' % f)
            _check(k['access_key_id'] not in keys, kw, 'duplicate access key id')
            key = {kk: vv for kk, vv in k.items() if not kk.startswith('_')}
            key.setdefault('arn', 'arn:aws:iam::%s:user/emulator' % acct)
            key.setdefault('user_id', _default_user_id(k['access_key_id']))
            if key.get('expiration') is not None:
                _check(parse_time(key['expiration']) is not None, kw,
                       'expiration must be an ISO-8601 time')
            out['keys'].append(key)
            keys[key['access_key_id']] = dict(key, account=acct)
        opted = a.get('opted_out_regions', [])
        _check(isinstance(opted, list) and all(isinstance(r, str) for r in opted),
               where + '.opted_out_regions', 'must be a list of region names')
        out['opted_out_regions'] = list(opted)
        regions = a.get('regions', {})
        _check(isinstance(regions, dict), where + '.regions', 'must be an object keyed by region')
        for region, r in regions.items():
            rw = '%s.regions.%s' % (where, region)
            _check(isinstance(r, dict), rw, 'must be an object')
            hub = r.get('hub')
            if hub is not None:
                _check(isinstance(hub, dict), rw + '.hub', 'must be an object or null')
                hub = {kk: vv for kk, vv in hub.items() if not kk.startswith('_')}
                hub.setdefault('enabled', True)
                hub.setdefault('subscribed_at', '2026-01-01T00:00:00.000Z')
                hub['subscribed_at'] = norm_time(hub['subscribed_at'])
                hub.setdefault('auto_enable_controls', True)
                if not hub['enabled']:
                    hub = None
            admin = r.get('administrator')
            if admin is not None:
                admin = _norm_invitation(admin, rw + '.administrator')
            invs = r.get('invitations', [])
            _check(isinstance(invs, list), rw + '.invitations', 'must be a list')
            invs = [_norm_invitation(inv, '%s.invitations[%d]' % (rw, i))
                    for i, inv in enumerate(invs)]
            out['regions'][region] = {'hub': hub, 'administrator': admin, 'invitations': invs}
        state['accounts'][acct] = out
    roles = seed.get('roles', [])
    _check(isinstance(roles, list), 'roles', 'must be a list')
    for i, role in enumerate(roles):
        rw = 'roles[%d]' % i
        _check(isinstance(role, dict), rw, 'must be an object')
        _check(re.match(ROLE_ARN_RE, role.get('arn', '')), rw, 'arn must be an IAM role ARN')
        r = {kk: vv for kk, vv in role.items() if not kk.startswith('_')}
        r.setdefault('max_session_duration', 3600)
        wip = r.get('web_identity_providers')
        _check(wip is None or (isinstance(wip, list) and all(isinstance(x, str) for x in wip)),
               rw + '.web_identity_providers', 'must be a list of provider names')
        mfa = r.get('mfa')
        if mfa is not None:
            _check(isinstance(mfa, dict) and isinstance(mfa.get('serial'), str) and
                   isinstance(mfa.get('code'), str), rw + '.mfa',
                   'must be {"serial": ..., "code": ...}')
        state['roles'].append(r)
    wi = seed.get('web_identity')
    if wi is not None:
        _check(isinstance(wi, dict) and isinstance(wi.get('tokens', []), list), 'web_identity',
               'must be {"tokens": [...]}')
        out_tokens = [_norm_entry(t, 'web_identity.tokens[%d]' % i,
                                  ('token', 'provider', 'subject'))
                      for i, t in enumerate(wi.get('tokens', []))]
        for t in out_tokens:
            t.setdefault('audience', 'sts.amazonaws.com')
        state['web_identity'] = {'tokens': out_tokens}
    sso = seed.get('sso')
    if sso is not None:
        _check(isinstance(sso, dict), 'sso', 'must be an object')
        tokens, sso_roles = sso.get('tokens', []), sso.get('roles', [])
        _check(isinstance(tokens, list) and isinstance(sso_roles, list), 'sso',
               'tokens and roles must be lists')
        out_roles = []
        out_tokens = [_norm_entry(t, 'sso.tokens[%d]' % i, ('access_token',))
                      for i, t in enumerate(tokens)]
        for i, r in enumerate(sso_roles):
            rw = 'sso.roles[%d]' % i
            _check(isinstance(r, dict) and ACCOUNT_RE.match(str(r.get('account_id', ''))) and
                   isinstance(r.get('role_name'), str) and r['role_name'], rw,
                   'account_id (12 digits) and role_name are required')
            r = {kk: vv for kk, vv in r.items() if not kk.startswith('_')}
            r.setdefault('duration', 3600)
            _check(isinstance(r['duration'], int) and r['duration'] >= 1, rw,
                   'duration must be a positive number of seconds')
            out_roles.append(r)
        state['sso'] = {'tokens': out_tokens, 'roles': out_roles}
        state['sso'].update(_norm_sso_identity(sso, out_tokens))
    for section in ('instance', 'container'):
        sec = seed.get(section)
        if sec is None:
            continue
        _check(isinstance(sec, dict), section, 'must be an object')
        _check(re.match(ROLE_ARN_RE, sec.get('role_arn', '')), section,
               'role_arn must be an IAM role ARN')
        sec = {kk: vv for kk, vv in sec.items() if not kk.startswith('_')}
        sec.setdefault('duration', 21600)
        _check(isinstance(sec['duration'], int) and sec['duration'] >= 1, section,
               'duration must be a positive number of seconds')
        if section == 'instance':
            sec.setdefault('imdsv1', False)
            sec.setdefault('region', 'us-east-1')
        else:
            sec.setdefault('authorization_token', None)
        state[section] = sec
    faults = normalise_faults(seed.get('faults', []))
    return state, keys, faults


def generate_seed(n, page_size=25):
    """A seed whose member account has n pending invitations in us-east-1."""
    statuses = ['Invited', 'INVITED', 'invited', 'Pending', 'PENDING', 'Invited',
                'Created', 'INVITED']
    base = datetime.datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
    invs = []
    for i in range(n):
        admin = '5%011d' % (i + 1)
        invs.append({
            'AccountId': admin,
            'InvitationId': hashlib.md5(('%s/111111111111/us-east-1' % admin).encode()).hexdigest(),
            'InvitedAt': iso_ms(base + datetime.timedelta(hours=5 * i, minutes=7 * i)),
            'MemberStatus': statuses[i % len(statuses)],
        })
    return {
        '_spdx': 'SPDX-License-Identifier: Apache-2.0',
        '_comment': 'Member account 111111111111 with %d pending invitations in us-east-1 '
                    '(made by emulator.py --generate %d).' % (n, n),
        'page_size': page_size,
        'accounts': {
            '111111111111': {
                'keys': [{'access_key_id': 'AKIAEMUDEMO111111111',
                          'secret_access_key': 'emuDemoSecretKey/111111111111/EXAMPLEKEY',
                          'arn': 'arn:aws:iam::111111111111:user/emu-demo'}],
                'regions': {'us-east-1': {
                    'hub': {'enabled': True, 'subscribed_at': '2026-03-02T10:00:00.000Z'},
                    'administrator': None,
                    'invitations': invs}},
            },
        },
    }


# ---------------------------------------------------------------------------
# SigV4 verification with botocore's own signer

class _VerifierSigV4(SigV4Auth):
    """SigV4Auth that signs exactly the client's SignedHeaders."""

    def __init__(self, credentials, service, region, signed_names):
        super().__init__(credentials, service, region)
        self._signed_names = signed_names

    def headers_to_sign(self, request):
        header_map = HTTPHeaders()
        for name, value in request.headers.items():
            if name.lower() in self._signed_names:
                header_map[name.lower()] = value
        return header_map


def compute_signature(method, target, headers, body, akid, secret, service, region,
                      signed_names, amz_date):
    """Return (canonical request, string to sign, signature) for a request as received."""
    parts = urlsplit(target)
    host = next((v for n, v in headers if n.lower() == 'host'), '')
    req = AWSRequest(method=method.upper(), url='http://%s%s' % (host, parts.path or '/'),
                     data=body)
    for n, v in headers:
        if n.lower() in signed_names:
            req.headers[n] = v
    if parts.query:
        req.params = [(unquote(k), unquote(v)) for k, _, v in
                      (p.partition('=') for p in parts.query.split('&') if p)]
    req.context['timestamp'] = amz_date
    req.context['payload_signing_enabled'] = True
    auth = _VerifierSigV4(Credentials(akid, secret), service, region, set(signed_names))
    creq = auth.canonical_request(req)
    sts = auth.string_to_sign(req, creq)
    return creq, sts, auth.signature(sts, req)


# ---------------------------------------------------------------------------
# replies

class Reply:
    def __init__(self, status, body=b'', content_type='application/json', headers=None):
        self.status = status
        self.body = body
        self.headers = list(headers or [])
        if content_type:
            self.headers.insert(0, ('Content-Type', content_type))
        self.transport = None       # None | 'reset' | 'truncate' | 'chunked' | 'drip' | 'http10'
        self.drip_ms = 0


def json_reply(obj, status=200):
    return Reply(status, json.dumps(obj, separators=(',', ':')).encode())


def rest_error_reply(err, style):
    code, msg = err.code, err.message
    ns = FRONT_NS if err.front else SH_NS
    header = ('x-amzn-ErrorType', '%s:http://internal.amazon.com/coral/%s/' % (code, ns))
    if style == 'aws':
        body = {'message': msg} if err.front else {'Code': code, 'Message': msg}
        return Reply(err.status, json.dumps(body).encode(), headers=[header])
    if style == 'coral':
        return Reply(err.status, json.dumps({'Code': code, 'Message': msg}).encode(),
                     headers=[header])
    if style == 'header':
        return Reply(err.status, json.dumps({'message': msg}).encode(), headers=[header])
    if style == 'body':
        return Reply(err.status, json.dumps({'Code': code, 'Message': msg}).encode())
    if style == 'type':
        return Reply(err.status, json.dumps({'__type': '%s#%s' % (ns, code),
                                             'message': msg}).encode())
    return Reply(err.status, b'', content_type=None)       # 'none'


def sts_xml(tag, inner, request_id):
    return ('<%sResponse xmlns="%s">\n  <%sResult>\n%s  </%sResult>\n'
            '  <ResponseMetadata>\n    <RequestId>%s</RequestId>\n  </ResponseMetadata>\n'
            '</%sResponse>\n' % (tag, STS_NS, tag, inner, tag, request_id, tag)).encode()


def sts_error_reply(err, request_id):
    body = ('<ErrorResponse xmlns="%s">\n  <Error>\n    <Type>%s</Type>\n'
            '    <Code>%s</Code>\n    <Message>%s</Message>\n  </Error>\n'
            '  <RequestId>%s</RequestId>\n</ErrorResponse>\n'
            % (STS_NS, err.sts_type, xml_escape(err.code), xml_escape(err.message),
               request_id)).encode()
    return Reply(err.status, body, content_type='text/xml')


# ---------------------------------------------------------------------------
# the emulator: state, faults, call log

class Emulator:
    def __init__(self, seed, clock_offset=None, random_seed=0, log_path=None, verbose=False):
        self.lock = threading.RLock()
        self.stop = threading.Event()
        # Set (and replaced) by POST /_emu/faults/release: the latency
        # waits under way then end.
        self.release = threading.Event()
        self.rng = random.Random(random_seed)
        self.key_rng = random.Random('keys/%s' % random_seed)
        self.verbose = verbose
        self.calls = []
        self.seq = 0
        self.in_flight = 0          # calls begun and not yet answered
        self.max_in_flight = 0
        self.counts = {}            # 'service operation' -> {status: n}
        self.log_file = open(log_path, 'a', encoding='utf-8') if log_path else None
        self.clock_offset = 0.0
        self.load_seed(seed)
        if clock_offset is not None:
            self.clock_offset = float(clock_offset)

    # -- state
    def load_seed(self, seed):
        state, keys, faults = normalise_seed(seed)
        with self.lock:
            self.state, self.keys, self.faults = state, keys, faults
            self.role_cache = {}
            # AssumeRole looks roles up by ARN; the first of a duplicated ARN wins.
            self.roles_by_arn = {r['arn']: r for r in reversed(state['roles'])}
            self.imds_tokens = {}
            if 'clock_offset' in state:
                self.clock_offset = float(state.pop('clock_offset'))

    def export_state(self):
        with self.lock:
            out = copy.deepcopy(self.state)
            out['clock_offset'] = self.clock_offset
            out['faults'] = copy.deepcopy(self.faults)
            return out

    def set_faults(self, faults):
        faults = normalise_faults(faults)
        with self.lock:
            self.faults = faults

    def now(self):
        return utcnow() + datetime.timedelta(seconds=self.clock_offset)

    def account(self, acct):
        return self.state['accounts'].setdefault(
            acct, {'keys': [], 'opted_out_regions': [], 'regions': {}})

    def region(self, acct, region):
        return self.account(acct)['regions'].setdefault(
            region, {'hub': None, 'administrator': None, 'invitations': []})

    # -- faults
    def fire_faults(self, kinds, call):
        """Decide which rules of the given kinds fire for this call, in list order, up
        to the first one that decides the reply; counts are consumed here."""
        fired = []
        with self.lock:
            for rule in self.faults:
                if rule['kind'] not in kinds or not self._matches(rule, call):
                    continue
                if rule.get('count') is not None and rule['count'] <= 0:
                    continue
                if rule.get('skip'):
                    rule['skip'] -= 1
                    continue
                if 'rate' in rule and self.rng.random() >= rule['rate']:
                    continue
                if rule.get('count') is not None:
                    rule['count'] -= 1
                rule['fired'] += 1
                fired.append(dict(rule))
                if rule['kind'] not in ('latency', 'error_style'):
                    break
        return fired

    @staticmethod
    def _matches(rule, call):
        for key, have in (('op', call.op), ('region', call.region),
                          ('account', call.account), ('service', call.service),
                          ('target_account', call.target_account),
                          ('access_key_id', call.auth.get('akid') if isinstance(call.auth, dict) else None)):
            want = rule.get(key)
            if want is None:
                continue
            if isinstance(want, str):
                want = [want]
            if have not in want:
                return False
        return True

    # -- call log
    def log_begin(self, entry):
        with self.lock:
            self.seq += 1
            entry['seq'] = self.seq
            self.calls.append(entry)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def log_end(self, entry):
        line = json.dumps(entry, sort_keys=True)
        with self.lock:
            self.in_flight -= 1
            by_status = self.counts.setdefault('%s %s' % (entry['service'], entry['operation']), {})
            status = str(entry['status'] if entry['status'] is not None else entry.get('transport'))
            by_status[status] = by_status.get(status, 0) + 1
            if self.log_file:
                self.log_file.write(line + '\n')
                self.log_file.flush()
        if self.verbose:
            sys.stderr.write('emulator: %s %s %s %s -> %s %s\n' % (
                entry.get('service'), entry.get('operation'), entry.get('region'),
                entry.get('account'), entry.get('status'), entry.get('error_code') or ''))

    def calls_since(self, since=0, service=None, operation=None):
        with self.lock:
            # seq only grows along the list: start at the first entry after since.
            start = bisect.bisect_right(self.calls, since, key=lambda e: e['seq'])
            return json.loads(json.dumps([
                e for e in self.calls[start:]
                if (service is None or e['service'] == service) and
                (operation is None or e['operation'] == operation)]))

    def stats(self):
        with self.lock:
            return {'in_flight': self.in_flight, 'max_in_flight': self.max_in_flight,
                    'calls': sum(sum(c.values()) for c in self.counts.values()),
                    'counts': copy.deepcopy(self.counts)}

    def clear_stats(self):
        with self.lock:
            self.max_in_flight = self.in_flight
            self.counts = {}

    def clear_calls(self):
        with self.lock:
            self.calls = []

    # -- STS key issue
    def role_keys(self, section, session):
        """Credentials for the instance or container role of the seed, issued
        again when less than min(5 min, half their life) is left."""
        conf = self.state.get(section)
        if conf is None:
            return None, None
        with self.lock:
            cache = self.role_cache
            key = cache.get(section)
            left = (parse_time(key['expiration']) - self.now()).total_seconds() if key else 0
            if key is None or key['access_key_id'] not in self.keys or \
                    left < min(300, conf['duration'] / 2):
                partition, acct, name = re.match(ROLE_ARN_RE, conf['role_arn']).groups()
                role_id = 'AROA' + hashlib.sha256(conf['role_arn'].encode()).hexdigest().upper()[:17]
                key = self.issue_keys(acct, 'arn:%s:sts::%s:assumed-role/%s/%s'
                                      % (partition, acct, name, session),
                                      '%s:%s' % (role_id, session), conf['duration'],
                                      source=section)
                cache[section] = key
            return conf, key

    def issue_keys(self, role_acct, arn, user_id, duration, source='AssumeRole'):
        alnum = string.ascii_uppercase + '234567'
        b64 = string.ascii_letters + string.digits + '+/'
        with self.lock:
            akid = 'ASIA' + ''.join(self.key_rng.choice(alnum) for _ in range(16))
            secret = ''.join(self.key_rng.choice(b64) for _ in range(40))
            token = 'IQoJb3JpZ2luX2VjEMU' + ''.join(self.key_rng.choice(b64) for _ in range(300))
            expiration = iso_s(whole_second_after(self.now(), duration))
            key = {'access_key_id': akid, 'secret_access_key': secret, 'session_token': token,
                   'expiration': expiration, 'arn': arn, 'user_id': user_id,
                   'source': source}
            self.account(role_acct)['keys'].append(key)
            self.keys[akid] = dict(key, account=role_acct)
        return key


# ---------------------------------------------------------------------------
# one call to a service

class Call:
    def __init__(self, emu, method, target, headers, body):
        self.emu = emu
        self.method, self.target, self.headers, self.body = method, target, headers, body
        self.split = urlsplit(target)
        self.request_id = str(uuid.uuid4())
        self.hdr = {}
        for n, v in headers:
            self.hdr.setdefault(n.lower(), []).append(v)
        self.auth = None            # parsed Authorization, or a string saying why not
        self.service = 'securityhub'
        self.key = None
        self.account = None
        self.region = None
        self.op = None
        self.params = None
        self.parse_error = None
        self.style = emu.state['error_style']
        self.form = None
        self.entry = None
        self.conn = None            # the client's socket, for the hang fault
        self.target_account = None  # the account a role or SSO call reaches into

    def header(self, name):
        v = self.hdr.get(name)
        return v[0] if v else None

    # -- parsing, before any check
    def parse(self):
        authz = self.hdr.get('authorization')
        if authz:
            m = AUTHZ_RE.match(authz[0].strip()) if len(authz) == 1 else None
            self.auth = m.groupdict() if m else self._incomplete_reason(authz)
        if isinstance(self.auth, dict):
            self.region = self.auth['region']
            if self.auth['service'] == 'sts':
                self.service = 'sts'
            key = self.emu.keys.get(self.auth['akid'])
            if key:
                self.key, self.account = key, key['account']
        elif self.method == 'POST' and self.split.path == '/' and b'Action=' in self.body:
            self.service = 'sts'
        if self.service == 'sts':
            self._parse_sts()
        else:
            self._parse_rest()

    @staticmethod
    def _incomplete_reason(authz):
        if len(authz) != 1:
            return 'More than one Authorization header.'
        v = authz[0]
        if not v.startswith('AWS4-HMAC-SHA256'):
            return "Authorization header requires the 'AWS4-HMAC-SHA256' algorithm. Authorization=%s" % v.split(' ')[0]
        missing = ["Authorization header requires '%s' parameter." % p
                   for p in ('Credential', 'Signature', 'SignedHeaders') if p + '=' not in v]
        return ' '.join(missing) or ("Authorization header is malformed: %s" % v.split(',')[0])

    def _parse_rest(self):
        path = self.split.path
        op_name, labels = None, {}
        for method, rx, name in SH_ROUTES:
            m = rx.match(path)
            if m and method == self.method:
                op_name, labels = name, {k: unquote(v) for k, v in m.groupdict().items()}
                break
        if op_name is None:
            self.parse_error = ApiError(404, 'UnknownOperationException',
                                        'No Security Hub operation matches %s %s'
                                        % (self.method, path), front=True)
            return
        self.op = op_name
        try:
            self.params = self._rest_params(SH_MODEL.operation_model(op_name), labels)
        except ApiError as e:
            self.parse_error = e
            return
        if op_name not in SH_OPERATIONS:
            self.parse_error = ApiError(400, 'InvalidInputException',
                                        'Operation %s is not implemented by this emulator'
                                        % op_name)

    def _rest_params(self, op_model, labels):
        shape = op_model.input_shape
        params = {}
        if shape is None:
            return params
        query = parse_qsl(self.split.query, keep_blank_values=True)
        by_loc = {}
        body_members = []
        for name, member in shape.members.items():
            loc = member.serialization.get('location')
            if loc:
                by_loc[(loc, member.serialization.get('name', name))] = (name, member)
            else:
                body_members.append(name)
        for (loc, locname), (name, member) in by_loc.items():
            if loc == 'uri' and locname in labels:
                params[name] = labels[locname]
            elif loc == 'header' and self.header(locname.lower()) is not None:
                params[name] = self.header(locname.lower())
        seen = set()
        for k, v in query:
            hit = by_loc.get(('querystring', k))
            if hit is None:
                raise ApiError(400, 'InvalidInputException',
                               'Unknown query parameter "%s" for %s' % (k, op_model.name))
            name, member = hit
            if member.type_name == 'list':
                params.setdefault(name, []).append(v)
                continue
            if k in seen:
                raise ApiError(400, 'InvalidInputException',
                               'Query parameter "%s" is given more than once' % k)
            seen.add(k)
            params[name] = self._query_value(name, member, v)
        if body_members or self.body.strip():
            text = self.body.decode('utf-8', 'replace').strip()
            if text:
                try:
                    doc = json.loads(text)
                except ValueError as e:
                    raise ApiError(400, 'InvalidInputException',
                                   'The request body is not valid JSON: %s' % e)
                if not isinstance(doc, dict):
                    raise ApiError(400, 'InvalidInputException',
                                   'The request body must be a JSON object')
                for k, v in doc.items():
                    if k in params:
                        raise ApiError(400, 'InvalidInputException',
                                       'Parameter "%s" is given twice' % k)
                    params[k] = v
        problems = []
        report = ParamValidator().validate(params, shape)
        if report.has_errors():
            problems.extend(report.generate_report().split('\n'))
        problems.extend(_max_problems(params, shape))
        if problems:
            raise ApiError(400, 'InvalidInputException', '; '.join(problems))
        return params

    @staticmethod
    def _query_value(name, member, v):
        t = member.type_name
        if t in ('integer', 'long'):
            if not re.match(r'^-?\d+$', v):
                raise ApiError(400, 'InvalidInputException',
                               'Invalid value for parameter %s, value: %s, must be an integer'
                               % (name, v))
            return int(v)
        if t == 'boolean':
            if v not in ('true', 'false'):
                raise ApiError(400, 'InvalidInputException',
                               'Invalid value for parameter %s, value: %s, must be true or false'
                               % (name, v))
            return v == 'true'
        return v

    def _parse_sts(self):
        pairs = parse_qsl(self.split.query, keep_blank_values=True)
        ctype = (self.header('content-type') or '').lower()
        if self.body and (not ctype or 'x-www-form-urlencoded' in ctype):
            pairs += parse_qsl(self.body.decode('utf-8', 'replace'), keep_blank_values=True)
        self.form = form = dict(pairs)
        action = form.get('Action')
        if not action:
            self.parse_error = ApiError(400, 'MissingAction', 'Missing Action')
            return
        self.op = action
        if action not in STS_MODEL.operation_names:
            self.parse_error = ApiError(400, 'InvalidAction',
                                        'Could not find operation %s for version %s'
                                        % (action, form.get('Version')))
            return
        if form.get('Version') != '2011-06-15':
            self.parse_error = ApiError(400, 'InvalidAction',
                                        'Could not find operation %s for version %s'
                                        % (action, form.get('Version')))
            return
        shape = STS_MODEL.operation_model(action).input_shape
        params = {}
        problems = []
        for k, v in form.items():
            if k in ('Action', 'Version'):
                continue
            member = shape.members.get(k) if shape else None
            if member is None or member.type_name not in ('string', 'integer', 'boolean'):
                problems.append('Unsupported parameter in input: "%s"' % k)
                continue
            if member.type_name == 'integer':
                if not re.match(r'^-?\d+$', v):
                    problems.append('Invalid value for parameter %s, value: %s' % (k, v))
                    continue
                v = int(v)
            params[k] = v
        self.params = params
        if shape is not None:
            report = ParamValidator().validate(params, shape)
            if report.has_errors():
                problems.extend(report.generate_report().split('\n'))
            problems.extend(_max_problems(params, shape))
        m = re.match(ROLE_ARN_RE, form.get('RoleArn', ''))
        self.target_account = m.group(2) if m else None
        if action in STS_UNSIGNED and self.auth is None:
            self.account = self.target_account
        if problems:
            self.parse_error = ApiError(400, 'ValidationError', '; '.join(problems))
        elif action not in STS_OPERATIONS:
            self.parse_error = ApiError(400, 'InvalidAction',
                                        'Operation %s is not implemented by this emulator'
                                        % action)

    # -- checks
    def auth_error(self, kind, message):
        status, rest_code, sts_code = AUTH_ERRORS[kind]
        return ApiError(status, sts_code if self.service == 'sts' else rest_code, message,
                        front=True)

    def authenticate(self):
        if self.auth is None:
            raise self.auth_error('missing', 'Missing Authentication Token'
                                  if self.service != 'sts' else
                                  'Request is missing Authentication Token')
        if isinstance(self.auth, str):
            raise self.auth_error('incomplete', self.auth)
        a = self.auth
        if a['term'] != 'aws4_request':
            raise self.auth_error('signature', "Credential should be scoped with a valid terminator: "
                                  "'aws4_request', not '%s'." % a['term'])
        if self.service == 'securityhub' and a['service'] != 'securityhub':
            raise self.auth_error('signature', "Credential should be scoped to correct service: "
                                  "'securityhub'. ")
        if not a['region']:
            raise self.auth_error('signature', 'Credential should be scoped to a valid region. ')
        key = self.key
        if key is None:
            raise self.auth_error('unknown_key', TOKEN_INVALID)
        token = self.hdr.get('x-amz-security-token')
        if len(token or ()) > 1:
            raise self.auth_error('incomplete', 'More than one X-Amz-Security-Token header.')
        token = token[0] if token else None
        if token != key.get('session_token'):
            raise self.auth_error('unknown_key', TOKEN_INVALID)
        signed = a['signed'].split(';')
        if token is not None and 'x-amz-security-token' not in signed:
            raise self.auth_error('signature', "'X-Amz-Security-Token' must be a 'SignedHeader' "
                                  "in the AWS Authorization.")
        now = self.emu.now()
        exp = parse_time(key.get('expiration')) if key.get('expiration') else None
        if exp is not None and now >= exp:
            raise self.auth_error('expired', TOKEN_EXPIRED)
        amz_date = self.header('x-amz-date')
        if not amz_date:
            raise self.auth_error('incomplete', "Authorization header requires existence of "
                                  "either a 'X-Amz-Date' or a 'Date' header. Authorization=%s"
                                  % self._authz_shown())
        try:
            ts = datetime.datetime.strptime(amz_date, '%Y%m%dT%H%M%SZ').replace(tzinfo=UTC)
        except ValueError:
            raise self.auth_error('incomplete', "Date must be in ISO-8601 'basic format'. "
                                  "Got '%s'. See http://en.wikipedia.org/wiki/ISO_8601" % amz_date)
        if a['date'] != amz_date[:8]:
            raise self.auth_error('signature', "Date in Credential scope does not match YYYYMMDD "
                                  "from ISO-8601 version of date from HTTP: '%s' != '%s', from '%s'."
                                  % (a['date'], amz_date[:8], amz_date))
        if now - ts > MAX_SKEW:
            raise self.auth_error('signature', 'Signature expired: %s is now earlier than %s '
                                  '(%s - 15 min.)' % (amz_date, amz(now - MAX_SKEW), amz(now)))
        if ts - now > MAX_SKEW:
            raise self.auth_error('signature', 'Signature not yet current: %s is still later '
                                  'than %s (%s + 15 min.)' % (amz_date, amz(now + MAX_SKEW), amz(now)))
        if 'host' not in signed:
            raise self.auth_error('signature', "'Host' or ':authority' must be a 'SignedHeader' "
                                  "in the AWS Authorization.")
        if 'x-amz-date' not in signed:
            raise self.auth_error('signature', "'X-Amz-Date' must be a 'SignedHeader' "
                                  "in the AWS Authorization.")
        for n in signed:
            if n not in self.hdr:
                raise self.auth_error('signature', '%s The header %s is signed but was not sent.'
                                      % (SIG_MISMATCH, n))
        csha = self.header('x-amz-content-sha256')
        if csha and csha != 'UNSIGNED-PAYLOAD' and csha != hashlib.sha256(self.body).hexdigest():
            raise self.auth_error('signature', 'The provided x-amz-content-sha256 header does '
                                  'not match what was computed.')
        creq, sts, expected = compute_signature(
            self.method, self.target, self.headers, self.body, key['access_key_id'],
            key['secret_access_key'], a['service'], a['region'], signed, amz_date)
        if not hmac.compare_digest(expected, a['sig']):
            raise self.auth_error('signature', "%s\n\nThe Canonical String for this request "
                                  "should have been\n'%s'\n\nThe String-to-Sign should have "
                                  "been\n'%s'\n" % (SIG_MISMATCH, creq, sts))

    def _authz_shown(self):
        v = self.header('authorization') or ''
        return re.sub(r'Signature=\w+', 'Signature=...', v)

    def check_opted_in(self):
        if self.key is None:
            return
        acct = self.emu.state['accounts'].get(self.account) or {}
        if self.region in acct.get('opted_out_regions', ()):
            raise self.auth_error('unknown_key', TOKEN_INVALID)

    # -- the whole call
    def run(self):
        emu = self.emu
        t0 = time.monotonic()
        self.parse()
        self.entry = entry = {
            'time': iso_ms(utcnow()),
            'server_time': iso_ms(emu.now()),
            'request_id': self.request_id,
            'service': self.service,
            'operation': self.op,
            'region': self.region,
            'access_key_id': self.auth.get('akid') if isinstance(self.auth, dict) else None,
            'account': self.account,
            'target_account': self.target_account,
            'method': self.method,
            'host': self.header('host'),
            'path': self.split.path,
            'params': self._logged_params(),
            'session_token': redact(self.header('x-amz-security-token')),
            'signature_ok': None,
            'faults': [],
            'status': None,
            'error_code': None,
        }
        emu.log_begin(entry)
        transport = emu.fire_faults(TRANSPORT_KINDS, self)
        entry['faults'] += [f['kind'] for f in transport]
        delivery = [f for f in transport if f['kind'] in DELIVERY_KINDS]
        transport = [f for f in transport if f['kind'] not in DELIVERY_KINDS]
        before = [f for f in transport if not f.get('after')]
        after = [f for f in transport if f.get('after')]
        self._sleep(before)
        reply = self._transport_reply(before, None)
        if reply is None:
            try:
                reply = self._service_reply()
            except ApiError as e:
                reply = self._error(e)
            self._sleep(after)
            reply = self._transport_reply(after, reply) or reply
        for f in delivery[:1]:
            if reply.transport is None:
                reply.transport = f['kind']
                reply.drip_ms = f.get('ms', 100)
        if reply.transport:
            entry['transport'] = reply.transport
        if reply.transport not in ('reset', 'hang'):
            entry['status'] = reply.status
        entry['duration_ms'] = int((time.monotonic() - t0) * 1000)
        return reply

    def _logged_params(self):
        params = self.params if self.params is not None else self._raw_params()
        if any(k in params for k in SECRET_PARAMS):
            params = {k: redact(v) if k in SECRET_PARAMS and isinstance(v, str) else v
                      for k, v in params.items()}
        return params

    def _raw_params(self):
        if self.form is not None:
            return {k: v for k, v in self.form.items() if k not in ('Action', 'Version')}
        if self.body:
            return {'_raw_body': self.body[:200].decode('utf-8', 'replace')}
        return {}

    def _sleep(self, faults):
        ms = sum(f.get('ms', 0) for f in faults if f['kind'] == 'latency')
        if not ms:
            return
        with self.emu.lock:
            release = self.emu.release
        deadline = time.monotonic() + ms / 1000.0
        while not self.emu.stop.is_set() and not release.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                break
            release.wait(min(left, 0.1))

    def _hang(self):
        """Hold the call, replying nothing, until the client goes away (or the
        emulator stops)."""
        sock, stop = self.conn, self.emu.stop
        while not stop.is_set():
            if sock is None:
                stop.wait(0.5)
                continue
            try:
                ready, _, _ = select.select([sock], [], [], 0.5)
                # A peek at the raw socket, under TLS too: EOF means gone.
                data = socket.socket.recv(sock, 1, socket.MSG_PEEK) if ready else None
            except (OSError, ValueError):
                return
            if data == b'' or (data and isinstance(sock, ssl.SSLSocket)):
                return          # closed, or a TLS close_notify: the client left
            if data:
                stop.wait(0.5)  # a pipelined request: the client is still there

    def _transport_reply(self, faults, reply):
        for f in faults:
            if f['kind'] == 'hang':
                self._hang()
                r = Reply(0, b'', content_type=None)
                r.transport = 'hang'
                return r
            if f['kind'] == 'reset':
                r = Reply(0, b'', content_type=None)
                r.transport = 'reset'
                return r
            if f['kind'] == 'garbage':
                body = f.get('body', '<html><body><h1>502 Bad Gateway</h1></body></html>\n')
                return Reply(f.get('status', 200), body.encode('utf-8'),
                             content_type=f.get('content_type', 'application/json'))
            if f['kind'] == 'big':
                size = f.get('size', BIG_DEFAULT)
                head, tail = b'{"Invitations":[],"Padding":"', b'"}'
                pad = max(0, size - len(head) - len(tail))
                r = Reply(f.get('status', 200), head + b'x' * pad + tail,
                          content_type=f.get('content_type', 'application/json'))
                if f.get('chunked'):
                    r.transport = 'chunked'
                return r
            if f['kind'] == 'truncate':
                if reply is None or not reply.body:
                    reply = Reply(200, b'{"Invitations":[{"AccountId":"222222222222",'
                                       b'"InvitationId":"0123456789abcdef0123456789abcdef",'
                                       b'"InvitedAt":"2026-11-20T09:15:00.000Z","MemberStatus":"Inv'
                                       b'ited"}]}')
                reply.transport = 'truncate'
                return reply
        return None

    def _error(self, err):
        self.entry['error_code'] = err.code
        self.entry['error_message'] = err.message[:500]
        if self.service == 'sts':
            r = sts_error_reply(err, self.request_id)
        else:
            r = rest_error_reply(err, self.style)
        return r

    def _service_reply(self):
        emu = self.emu
        if self.service == 'sts' and self.op in STS_UNSIGNED and self.auth is None:
            pass                        # unsigned by design: signature_ok stays null
        else:
            try:
                self.check_opted_in()
                self.authenticate()
            except ApiError:
                self.entry['signature_ok'] = False
                raise
            self.entry['signature_ok'] = True
        for f in emu.fire_faults(SERVICE_KINDS, self):
            self.entry['faults'].append(f['kind'])
            if f['kind'] == 'error_style':
                self.style = f['style']
                continue
            raise self._fault_error(f)
        if self.parse_error:
            raise self.parse_error
        with emu.lock:
            if self.service == 'sts':
                return getattr(self, 'sts_' + self.op)(self.params)
            return json_reply(getattr(self, 'sh_' + self.op)(self.params))

    def _fault_error(self, f):
        kind, sts = f['kind'], self.service == 'sts'
        op = self.op or 'Unknown'
        prefix = 'sts' if sts else 'securityhub'
        arn = self.key['arn'] if self.key else 'arn:aws:iam::%s:user/unknown' % self.account
        resource = ('arn:aws:securityhub:%s:%s:hub/default' % (self.region, self.account)
                    if not sts else (self.params or {}).get('RoleArn', '*'))
        msg = f.get('message')
        if kind == 'throttle':
            return (ApiError(400, 'Throttling', msg or 'Rate exceeded') if sts else
                    ApiError(429, 'LimitExceededException', msg or 'Rate exceeded'))
        if kind == 'error500':
            return (ApiError(500, 'InternalFailure', msg or 'An internal error has occurred',
                             sts_type='Receiver') if sts else
                    ApiError(500, 'InternalException', msg or 'Internal service error'))
        if kind == 'error503':
            return (ApiError(503, 'ServiceUnavailable', msg or 'Service is unavailable',
                             sts_type='Receiver') if sts else
                    ApiError(503, 'ServiceUnavailableException', msg or 'Service Unavailable',
                             front=True))
        if kind == 'error':
            return ApiError(f['status'], f['code'], msg or f['code'])
        if kind == 'not_opted_in':
            return self.auth_error('unknown_key', msg or TOKEN_INVALID)
        if kind == 'scp_deny':
            return ApiError(403, 'AccessDenied' if sts else 'AccessDeniedException', msg or (
                'User: %s is not authorized to perform: %s:%s on resource: %s with an explicit '
                'deny in a service control policy' % (arn, prefix, op, resource)))
        if kind == 'iam_deny':
            return ApiError(403, 'AccessDenied' if sts else 'AccessDeniedException', msg or (
                'User: %s is not authorized to perform: %s:%s on resource: %s because no '
                'identity-based policy allows the %s:%s action'
                % (arn, prefix, op, resource, prefix, op)))
        raise AssertionError(kind)

    # -- Security Hub operations (called with emu.lock held)
    def _hub(self, require_enabled=True):
        r = self.emu.region(self.account, self.region)
        if require_enabled and not r['hub']:
            raise ApiError(401, 'InvalidAccessException',
                           'Account %s is not subscribed to AWS Security Hub' % self.account)
        return r

    def sh_DescribeHub(self, p):
        r = self._hub()
        arn = 'arn:aws:securityhub:%s:%s:hub/default' % (self.region, self.account)
        if p.get('HubArn') not in (None, arn):
            raise ApiError(404, 'ResourceNotFoundException', 'Hub not found: %s' % p['HubArn'])
        return {'HubArn': arn, 'SubscribedAt': r['hub']['subscribed_at'],
                'AutoEnableControls': bool(r['hub'].get('auto_enable_controls', True))}

    def sh_EnableSecurityHub(self, p):
        r = self._hub(require_enabled=False)
        if r['hub']:
            raise ApiError(409, 'ResourceConflictException',
                           'Account %s is already subscribed to Security Hub' % self.account)
        r['hub'] = {'enabled': True, 'subscribed_at': iso_ms(self.emu.now()),
                    'auto_enable_controls': True}
        if 'Tags' in p:
            r['hub']['tags'] = p['Tags']
        if 'EnableDefaultStandards' in p:
            r['hub']['enable_default_standards'] = p['EnableDefaultStandards']
        return {}

    def sh_GetAdministratorAccount(self, p):
        r = self._hub()
        return {'Administrator': dict(r['administrator'])} if r['administrator'] else {}

    def sh_GetMasterAccount(self, p):
        r = self._hub()
        return {'Master': dict(r['administrator'])} if r['administrator'] else {}

    def sh_ListInvitations(self, p):
        r = self._hub()
        size = p.get('MaxResults') or self.emu.state['page_size']
        start = 0
        if p.get('NextToken') is not None:
            start = self._read_token(p['NextToken'])
        invs = r['invitations']
        out = {'Invitations': [dict(i) for i in invs[start:start + size]]}
        if start + size < len(invs):
            out['NextToken'] = self._make_token(start + size)
        return out

    def _make_token(self, offset):
        return make_page_token([self.account, self.region], offset)

    def _read_token(self, token):
        offset = read_page_token(token, [self.account, self.region])
        if offset is None:
            raise ApiError(400, 'InvalidInputException', 'The NextToken value is invalid')
        return offset

    def sh_GetInvitationsCount(self, p):
        return {'InvitationsCount': len(self._hub()['invitations'])}

    def _accept(self, admin_id, invitation_id):
        r = self._hub()
        inv = next((i for i in r['invitations'] if i['InvitationId'] == invitation_id), None)
        if inv is None:
            raise ApiError(404, 'ResourceNotFoundException',
                           'Invitation %s was not found for account %s in %s'
                           % (invitation_id, self.account, self.region))
        if inv['AccountId'] != admin_id:
            raise ApiError(400, 'InvalidInputException',
                           'Invitation %s was sent by account %s, not by %s'
                           % (invitation_id, inv['AccountId'], admin_id))
        cur = r['administrator']
        if cur and is_enabled_status(cur.get('MemberStatus')):
            raise ApiError(400, 'InvalidInputException',
                           'Account %s already has an administrator account (%s) in %s; '
                           'disassociate from it before accepting another invitation'
                           % (self.account, cur['AccountId'], self.region))
        r['invitations'].remove(inv)
        r['administrator'] = dict(inv, MemberStatus='Enabled')
        return {}

    def sh_AcceptAdministratorInvitation(self, p):
        return self._accept(p['AdministratorId'], p['InvitationId'])

    def sh_AcceptInvitation(self, p):
        return self._accept(p['MasterId'], p['InvitationId'])

    def _remove_invitations(self, account_ids):
        r = self._hub()
        unprocessed = []
        for acct in account_ids:
            if not ACCOUNT_RE.match(acct):
                unprocessed.append({'AccountId': acct,
                                    'ProcessingResult': 'Invalid account ID: %s' % acct})
                continue
            inv = next((i for i in r['invitations'] if i['AccountId'] == acct), None)
            if inv is None:
                unprocessed.append({'AccountId': acct, 'ProcessingResult':
                                    'No pending invitation from account %s' % acct})
                continue
            r['invitations'].remove(inv)
        return {'UnprocessedAccounts': unprocessed}

    def sh_DeclineInvitations(self, p):
        return self._remove_invitations(p['AccountIds'])

    def sh_DeleteInvitations(self, p):
        return self._remove_invitations(p['AccountIds'])

    def _disassociate(self):
        r = self._hub()
        if not r['administrator']:
            raise ApiError(404, 'ResourceNotFoundException',
                           'Account %s is not associated with an administrator account in %s'
                           % (self.account, self.region))
        r['administrator'] = None
        return {}

    def sh_DisassociateFromAdministratorAccount(self, p):
        return self._disassociate()

    def sh_DisassociateFromMasterAccount(self, p):
        return self._disassociate()

    # -- STS operations (called with emu.lock held)
    def sts_GetCallerIdentity(self, p):
        k = self.key
        inner = ('    <Arn>%s</Arn>\n    <UserId>%s</UserId>\n    <Account>%s</Account>\n'
                 % (xml_escape(k['arn']), xml_escape(k['user_id']), self.account))
        return Reply(200, sts_xml('GetCallerIdentity', inner, self.request_id), 'text/xml')

    def sts_AssumeRole(self, p):
        arn = p['RoleArn']
        caller = self.key['arn']
        denied = ApiError(403, 'AccessDenied', 'User: %s is not authorized to perform: '
                          'sts:AssumeRole on resource: %s' % (caller, arn))
        role = self.emu.roles_by_arn.get(arn)
        if role is None:
            raise denied
        trusted = role.get('trusted_accounts')
        if trusted is not None and self.account not in trusted:
            raise denied
        if role.get('external_id') is not None and p.get('ExternalId') != role['external_id']:
            raise denied
        mfa = role.get('mfa')
        if mfa is not None and (p.get('SerialNumber') != mfa['serial'] or
                                p.get('TokenCode') != mfa['code']):
            raise ApiError(403, 'AccessDenied', 'MultiFactorAuthentication failed with invalid '
                           'MFA one time pass code.')
        inner = self._role_xml(*self._assume(role, p))
        return Reply(200, sts_xml('AssumeRole', inner, self.request_id), 'text/xml')

    def _assume(self, role, p):
        """Issue the keys of a role session: (key, AssumedRoleId, assumed-role ARN)."""
        duration = p.get('DurationSeconds', 3600)
        if duration > role['max_session_duration']:
            raise ApiError(400, 'ValidationError', 'The requested DurationSeconds exceeds the '
                           'MaxSessionDuration set for this role.')
        partition, role_acct, role_name = re.match(ROLE_ARN_RE, role['arn']).groups()
        session = p['RoleSessionName']
        role_id = 'AROA' + hashlib.sha256(role['arn'].encode()).hexdigest().upper()[:17]
        user_id = '%s:%s' % (role_id, session)
        assumed_arn = 'arn:%s:sts::%s:assumed-role/%s/%s' % (partition, role_acct, role_name,
                                                             session)
        key = self.emu.issue_keys(role_acct, assumed_arn, user_id, duration,
                                  source=self.op)
        self.entry['issued_access_key_id'] = key['access_key_id']
        return key, user_id, assumed_arn

    @staticmethod
    def _role_xml(key, user_id, assumed_arn):
        return ('    <AssumedRoleUser>\n      <AssumedRoleId>%s</AssumedRoleId>\n'
                '      <Arn>%s</Arn>\n    </AssumedRoleUser>\n    <Credentials>\n'
                '      <AccessKeyId>%s</AccessKeyId>\n'
                '      <SecretAccessKey>%s</SecretAccessKey>\n'
                '      <SessionToken>%s</SessionToken>\n'
                '      <Expiration>%s</Expiration>\n    </Credentials>\n'
                % (xml_escape(user_id), xml_escape(assumed_arn), key['access_key_id'],
                   xml_escape(key['secret_access_key']), xml_escape(key['session_token']),
                   key['expiration']))

    def sts_AssumeRoleWithWebIdentity(self, p):
        emu, arn = self.emu, p['RoleArn']
        known = next((t for t in emu.state.get('web_identity', {}).get('tokens', ())
                      if t['token'] == p['WebIdentityToken']), None)
        if known is None:
            raise ApiError(400, 'InvalidIdentityToken', 'The ID Token provided is not a valid '
                           'JWT. (You may see this error if you sent an Access Token)')
        exp = parse_time(known['expiration']) if known.get('expiration') else None
        now = emu.now()
        if exp is not None and now >= exp:
            raise ApiError(400, 'ExpiredTokenException', 'Token expired: current date/time %d '
                           'must be before the expiration date/time%d'
                           % (now.timestamp(), exp.timestamp()))
        role = emu.roles_by_arn.get(arn)
        if role is None or known['provider'] not in (role.get('web_identity_providers') or ()):
            raise ApiError(403, 'AccessDenied',
                           'Not authorized to perform sts:AssumeRoleWithWebIdentity')
        key, user_id, assumed_arn = self._assume(role, p)
        partition, role_acct = re.match(ROLE_ARN_RE, arn).groups()[:2]
        inner = ('    <Audience>%s</Audience>\n%s'
                 '    <Provider>arn:%s:iam::%s:oidc-provider/%s</Provider>\n'
                 '    <SubjectFromWebIdentityToken>%s</SubjectFromWebIdentityToken>\n'
                 % (xml_escape(known['audience']), self._role_xml(key, user_id, assumed_arn),
                    partition, role_acct, xml_escape(known['provider']),
                    xml_escape(known['subject'])))
        return Reply(200, sts_xml('AssumeRoleWithWebIdentity', inner, self.request_id),
                     'text/xml')


class CredentialCall(Call):
    """The instance metadata service (IMDSv2, /latest/...) and the container
    credentials endpoint (/_emu/container-credentials): no SigV4; they hand out
    temporary keys for the roles named in the seed's instance and container
    sections. Transport faults and throttle/error500/error503/error apply
    (match them with service "imds" or "container")."""

    IMDS_SESSION = 'i-0e0e0e0e0e0e0e0e0'
    CRED_PATH = '/latest/meta-data/iam/security-credentials/'
    REGION_PATH = '/latest/meta-data/placement/region'
    AZ_PATH = '/latest/meta-data/placement/availability-zone'
    DOCUMENT_PATH = '/latest/dynamic/instance-identity/document'

    def parse(self):
        path = self.split.path
        if path == CONTAINER_PATH:
            self.service, self.op = 'container', 'GetCredentials'
            conf = self.emu.state.get('container')
        else:
            self.service = 'imds'
            conf = self.emu.state.get('instance')
            if path == '/latest/api/token':
                self.op = 'GetToken'
            elif path.rstrip('/') == self.CRED_PATH.rstrip('/'):
                self.op = 'ListRoles'
            elif path.startswith(self.CRED_PATH):
                self.op = 'GetCredentials'
            elif path.rstrip('/') in (self.REGION_PATH, self.AZ_PATH):
                self.op = 'GetRegion'
            elif path.rstrip('/') == self.DOCUMENT_PATH:
                self.op = 'GetIdentityDocument'
            else:
                self.op = 'GetMetadata'
        if conf:
            self.account = re.match(ROLE_ARN_RE, conf['role_arn']).group(2)
        self.params = {}

    def _error(self, err):
        self.entry['error_code'] = err.code
        self.entry['error_message'] = err.message[:500]
        return Reply(err.status, (err.message + '\n').encode(), 'text/plain')

    def _service_reply(self):
        emu = self.emu
        for f in emu.fire_faults(('throttle', 'error500', 'error503', 'error'), self):
            self.entry['faults'].append(f['kind'])
            if f['kind'] == 'throttle':
                raise ApiError(429, 'TooManyRequests', 'Too Many Requests')
            raise ApiError(f.get('status') or (503 if f['kind'] == 'error503' else 500),
                           f.get('code') or 'InternalError', f.get('message') or 'Internal Error')
        with emu.lock:
            if self.service == 'container':
                return self._container()
            return self._imds()

    def _container(self):
        conf = self.emu.state.get('container')
        if conf is None:
            raise ApiError(404, 'NotFound', 'No container credentials in the seed')
        want = conf.get('authorization_token')
        if want is not None and self.header('authorization') != want:
            raise ApiError(401, 'Unauthorized', 'Missing or wrong Authorization token')
        if self.method != 'GET':
            raise ApiError(405, 'MethodNotAllowed', 'Method Not Allowed')
        conf, key = self.emu.role_keys('container', 'emu-task')
        self.entry['issued_access_key_id'] = key['access_key_id']
        return json_reply({'RoleArn': conf['role_arn'], 'AccessKeyId': key['access_key_id'],
                           'SecretAccessKey': key['secret_access_key'],
                           'Token': key['session_token'], 'Expiration': key['expiration']})

    def _imds(self):
        emu, conf = self.emu, self.emu.state.get('instance')
        if conf is None:
            raise ApiError(404, 'NotFound', 'Not Found')
        now = emu.now()
        if self.op == 'GetToken':
            if self.method != 'PUT':
                raise ApiError(405, 'MethodNotAllowed', 'Method Not Allowed')
            ttl = self.header('x-aws-ec2-metadata-token-ttl-seconds') or ''
            if not ttl.isdigit() or not 1 <= int(ttl) <= 21600:
                raise ApiError(400, 'BadRequest', 'Bad Request')
            if self.header('x-forwarded-for') is not None:
                raise ApiError(403, 'Forbidden', 'Forbidden')
            token = base64.b64encode(os.urandom(42)).decode()
            emu.imds_tokens[token] = now + datetime.timedelta(seconds=int(ttl))
            r = Reply(200, token.encode(), 'text/plain')
            r.headers.append(('X-aws-ec2-metadata-token-ttl-seconds', ttl))
            return r
        if self.method != 'GET':
            raise ApiError(405, 'MethodNotAllowed', 'Method Not Allowed')
        token = self.header('x-aws-ec2-metadata-token')
        if token is not None:
            exp = emu.imds_tokens.get(token)
            if exp is None or now >= exp:
                raise ApiError(401, 'Unauthorized', 'Unauthorized')
        elif not conf['imdsv1']:
            raise ApiError(401, 'Unauthorized', 'Unauthorized')
        name = re.match(ROLE_ARN_RE, conf['role_arn']).group(3)
        path = self.split.path
        if self.op == 'ListRoles':
            return Reply(200, name.encode(), 'text/plain')
        if self.op == 'GetCredentials':
            if path[len(self.CRED_PATH):] != name:
                raise ApiError(404, 'NotFound', 'Not Found')
            conf, key = emu.role_keys('instance', self.IMDS_SESSION)
            self.entry['issued_access_key_id'] = key['access_key_id']
            return Reply(200, json.dumps({
                'Code': 'Success', 'LastUpdated': iso_s(now), 'Type': 'AWS-HMAC',
                'AccessKeyId': key['access_key_id'], 'SecretAccessKey': key['secret_access_key'],
                'Token': key['session_token'], 'Expiration': key['expiration']},
                indent=2).encode(), 'text/plain')
        if path.rstrip('/') == self.DOCUMENT_PATH:
            return Reply(200, json.dumps(self._identity_document(conf), indent=2).encode(),
                         'text/plain')
        meta = {self.REGION_PATH: conf['region'], self.AZ_PATH: conf['region'] + 'a',
                '/latest/meta-data/instance-id': self.IMDS_SESSION}
        if path.rstrip('/') in meta:
            return Reply(200, meta[path.rstrip('/')].encode(), 'text/plain')
        raise ApiError(404, 'NotFound', 'Not Found')

    def _identity_document(self, conf):
        return {'accountId': self.account, 'architecture': 'x86_64',
                'availabilityZone': conf['region'] + 'a', 'billingProducts': None,
                'devpayProductCodes': None, 'marketplaceProductCodes': None,
                'imageId': 'ami-0e0e0e0e0e0e0e0e0', 'instanceId': self.IMDS_SESSION,
                'instanceType': 't3.micro', 'kernelId': None,
                'pendingTime': '2026-01-01T00:00:00Z', 'privateIp': '10.0.0.10',
                'ramdiskId': None, 'region': conf['region'], 'version': '2017-09-30'}


class SSOCall(CredentialCall):
    """The IAM Identity Center portal (unsigned; the access token in the
    x-amz-sso_bearer_token header): GetRoleCredentials (GET
    /federation/credentials?account_id=..&role_name=..), ListAccounts (GET
    /assignment/accounts), ListAccountRoles (GET /assignment/roles?account_id=..)
    and Logout (POST /logout), from the seed's "sso" section. Errors are
    rest-json, as the portal's."""

    SERVICE = 'sso'
    PATHS = SSO_PATHS

    def parse(self):
        self.service = self.SERVICE
        self.want_method, self.op = self.PATHS[self.split.path]
        q = parse_qsl(self.split.query, keep_blank_values=True)
        self.params = dict(q)
        self.account = self.target_account = self.params.get('account_id')

    def _error(self, err):
        self.entry['error_code'] = err.code
        self.entry['error_message'] = err.message[:500]
        r = json_reply(self._error_body(err), err.status)
        r.headers.append(('x-amzn-ErrorType', err.code))
        return r

    @staticmethod
    def _error_body(err):
        return {'message': err.message}

    def _service_reply(self):
        emu = self.emu
        for f in emu.fire_faults(('throttle', 'error500', 'error503', 'error'), self):
            self.entry['faults'].append(f['kind'])
            if f['kind'] == 'throttle':
                raise ApiError(429, 'TooManyRequestsException', f.get('message') or
                               'Rate exceeded')
            raise ApiError(f.get('status') or (503 if f['kind'] == 'error503' else 500),
                           f.get('code') or 'InternalServerException',
                           f.get('message') or 'Internal Error')
        if self.method != self.want_method:
            raise ApiError(405, 'MethodNotAllowed', 'Method Not Allowed')
        with emu.lock:
            if self.parse_error:
                raise self.parse_error
            return getattr(self, 'op_' + self.op)()

    def _conf(self):
        return self.emu.state.get('sso') or {'tokens': [], 'roles': [], 'users': {},
                                             'clients': [], 'refresh_tokens': []}

    def _session(self):
        """The seed token the request's access token is, checked."""
        token = self.header('x-amz-sso_bearer_token')
        self.entry['session_token'] = redact(token)
        known = next((t for t in self._conf()['tokens'] if t['access_token'] == token), None)
        if known is None or (known.get('expiration') is not None and
                             self.emu.now() >= parse_time(known['expiration'])):
            raise ApiError(401, 'UnauthorizedException', 'Session token not found or invalid')
        return known

    def _assignments(self, known):
        """{account: [role names]} the token's user may use; a token with no user
        may use every role of sso.roles."""
        conf = self._conf()
        if known.get('user') is not None:
            return conf['users'][known['user']]['assignments']
        out = {}
        for r in conf['roles']:
            out.setdefault(r['account_id'], []).append(r['role_name'])
        return out

    def _page(self, items, scope):
        """One page of items, as (page, nextToken or None)."""
        size = self.params.get('max_result')
        if size is None:
            size = SSO_PAGE_SIZE
        elif not re.match(r'^\d+$', size) or not 1 <= int(size) <= 100:
            raise ApiError(400, 'InvalidRequestException',
                           'ResultSize parameter must be within the valid limits of: 1-100')
        size = int(size)
        start = 0
        if self.params.get('next_token') is not None:
            start = read_page_token(self.params['next_token'], scope)
            if start is None:
                raise ApiError(400, 'InvalidRequestException', 'Invalid pagination token')
        more = start + size < len(items)
        return items[start:start + size], make_page_token(scope, start + size) if more else None

    def op_GetRoleCredentials(self):
        emu = self.emu
        if 'account_id' not in self.params or 'role_name' not in self.params:
            raise ApiError(400, 'InvalidRequestException',
                           'account_id and role_name are required')
        known = self._session()
        acct, name = self.params['account_id'], self.params['role_name']
        if name not in self._assignments(known).get(acct, ()):
            raise ApiError(403, 'ForbiddenException', 'No access')
        duration = next((r['duration'] for r in self._conf()['roles']
                         if r['account_id'] == acct and r['role_name'] == name), 3600)
        suffix = hashlib.sha256(name.encode()).hexdigest()[:16]
        role_id = 'AROA' + hashlib.sha256(('sso/%s/%s' % (acct, name)).encode()).hexdigest().upper()[:17]
        arn = 'arn:aws:sts::%s:assumed-role/AWSReservedSSO_%s_%s/emu-sso-user' % (acct, name, suffix)
        key = emu.issue_keys(acct, arn, role_id + ':emu-sso-user', duration, source='sso')
        self.entry['issued_access_key_id'] = key['access_key_id']
        expiration = int(parse_time(key['expiration']).timestamp() * 1000)
        return json_reply({'roleCredentials': {
            'accessKeyId': key['access_key_id'], 'secretAccessKey': key['secret_access_key'],
            'sessionToken': key['session_token'], 'expiration': expiration}})

    def op_ListAccounts(self):
        known = self._session()
        page, token = self._page(list(self._assignments(known)),
                                 ['accounts', known.get('user')])
        accounts = self.emu.state['accounts']
        out = {'accountList': [{
            'accountId': a,
            'accountName': accounts.get(a, {}).get('name') or 'account-%s' % a,
            'emailAddress': accounts.get(a, {}).get('email') or 'aws+%s@example.com' % a}
            for a in page]}
        if token:
            out['nextToken'] = token
        return json_reply(out)

    def op_ListAccountRoles(self):
        if 'account_id' not in self.params:
            raise ApiError(400, 'InvalidRequestException', 'account_id is required')
        known = self._session()
        acct = self.params['account_id']
        page, token = self._page(list(self._assignments(known).get(acct, ())),
                                 ['roles', known.get('user'), acct])
        out = {'roleList': [{'roleName': n, 'accountId': acct} for n in page]}
        if token:
            out['nextToken'] = token
        return json_reply(out)

    def op_Logout(self):
        known = self._session()
        self._conf()['tokens'].remove(known)
        return Reply(200, b'', content_type=None)


class OIDCCall(SSOCall):
    """SSO OIDC's CreateToken with grantType refresh_token (POST /token,
    rest-json, unsigned), for the clients and refresh tokens of the seed's
    "sso" section. A used refresh token is spent; the reply carries a new one."""

    SERVICE = 'sso-oidc'
    PATHS = OIDC_PATHS

    def parse(self):
        self.service = self.SERVICE
        self.want_method, self.op = self.PATHS[self.split.path]
        self.params = {}
        text = self.body.decode('utf-8', 'replace').strip()
        try:
            doc = json.loads(text) if text else {}
        except ValueError as e:
            self.parse_error = ApiError(400, 'InvalidRequestException',
                                        'The request body is not valid JSON: %s' % e)
            return
        if not isinstance(doc, dict):
            self.parse_error = ApiError(400, 'InvalidRequestException',
                                        'The request body must be a JSON object')
            return
        self.params = doc
        shape = OIDC_MODEL.operation_model(self.op).input_shape
        report = ParamValidator().validate(doc, shape)
        problems = report.generate_report().split('\n') if report.has_errors() else []
        problems += _max_problems(doc, shape)
        if problems:
            self.parse_error = ApiError(400, 'InvalidRequestException', '; '.join(problems))
        elif self.op != 'CreateToken':
            self.parse_error = ApiError(400, 'InvalidRequestException',
                                        'Operation %s is not implemented by this emulator'
                                        % self.op)

    @staticmethod
    def _error_body(err):
        if err.code in OIDC_ERRORS:
            return {'error': OIDC_ERRORS[err.code], 'error_description': err.message}
        return {'message': err.message}

    def op_CreateToken(self):
        emu, p, conf = self.emu, self.params, self._conf()
        client = next((c for c in conf['clients'] if c['client_id'] == p['clientId']), None)
        if client is None or not hmac.compare_digest(client['client_secret'],
                                                     p['clientSecret']):
            raise ApiError(401, 'InvalidClientException', 'Invalid client credentials')
        now = emu.now()
        if client.get('expiration') is not None and now >= parse_time(client['expiration']):
            raise ApiError(401, 'InvalidClientException', 'Client registration has expired')
        if p['grantType'] != 'refresh_token':
            raise ApiError(400, 'UnsupportedGrantTypeException',
                           'Grant type %s is not supported by this emulator' % p['grantType'])
        if not p.get('refreshToken'):
            raise ApiError(400, 'InvalidRequestException', 'refreshToken is required')
        old = next((r for r in conf['refresh_tokens'] if r['refresh_token'] == p['refreshToken']
                    and r['client_id'] == client['client_id']), None)
        if old is None:
            raise ApiError(400, 'InvalidGrantException', 'Invalid refresh token provided')
        conf['refresh_tokens'].remove(old)           # a refresh token is used once
        b64 = string.ascii_letters + string.digits + '+/'
        access = 'aoa' + ''.join(emu.key_rng.choice(b64) for _ in range(200))
        refresh = 'aor' + ''.join(emu.key_rng.choice(b64) for _ in range(200))
        duration = conf['access_token_duration']
        conf['tokens'].append({'access_token': access,
                               'expiration': iso_s(whole_second_after(now, duration)),
                               'user': old.get('user'), 'client_id': client['client_id']})
        conf['refresh_tokens'].append(dict(old, refresh_token=refresh))
        return json_reply({'accessToken': access, 'tokenType': 'Bearer',
                           'expiresIn': duration, 'refreshToken': refresh})


def _max_problems(params, shape, path=''):
    """The 'max' constraints of the model, which botocore's validator leaves out."""
    out = []
    if shape is None or not isinstance(params, dict):
        return out
    for name, value in params.items():
        member = shape.members.get(name)
        if member is None:
            continue
        mx = member.metadata.get('max')
        label = path + name
        if mx is None:
            pass
        elif member.type_name in ('integer', 'long') and isinstance(value, int) and value > mx:
            out.append('Invalid value for parameter %s, value: %s, valid max value: %s'
                       % (label, value, mx))
        elif member.type_name in ('string', 'list', 'map') and \
                isinstance(value, (str, list, dict)) and len(value) > mx:
            out.append('Invalid length for parameter %s, value: %s, valid max length: %s'
                       % (label, len(value), mx))
        if member.type_name == 'structure':
            out.extend(_max_problems(value, member, label + '.'))
    return out


# ---------------------------------------------------------------------------
# HTTP

class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    server_version = 'shtui-emulator'
    sys_version = ''
    timeout = 600               # idle keep-alive connections

    def setup(self):
        super().setup()
        self.tunnel = None
        try:
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass

    def do_CONNECT(self):
        """As an HTTPS proxy (--proxy-cert): the tunnel's TLS ends here, with the
        proxy certificate, and its requests are served as any other, so clients
        that call AWS's own endpoints reach the emulator."""
        tls = self.server.proxy_tls
        if tls is None or self.tunnel is not None:
            self.close_connection = True
            self.send_error(405, 'CONNECT needs --proxy-cert')
            return
        self.send_response(200, 'Connection established')
        self.end_headers()
        try:
            conn = tls.wrap_socket(self.connection, server_side=True)
        except (ssl.SSLError, OSError):
            self.close_connection = True        # the client refused our certificate
            return
        self.tunnel = self.path
        self.close_connection = False       # (CONNECT often comes as HTTP/1.0)
        self.connection = conn
        self.rfile = conn.makefile('rb', self.rbufsize)
        self.wfile = socketserver._SocketWriter(conn)

    def finish(self):
        super().finish()
        if self.tunnel is not None:
            try:
                self.connection.close()
            except OSError:
                pass

    @property
    def emu(self):
        return self.server.emu

    def version_string(self):
        return self.server_version

    def send_response(self, code, message=None):
        super().send_response(code, message)
        self.send_header('x-amzn-RequestId', getattr(self, 'request_id', None) or str(uuid.uuid4()))

    def date_time_string(self, timestamp=None):
        return email.utils.formatdate(self.emu.now().timestamp(), usegmt=True)

    def log_message(self, format, *args):
        if self.emu.verbose:
            sys.stderr.write('emulator: %s\n' % (format % args))

    def do_GET(self):
        self.dispatch()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_GET

    def read_body(self):
        if 'chunked' in (self.headers.get('Transfer-Encoding') or '').lower():
            chunks = []
            while True:
                line = self.rfile.readline(65537)
                size = int(line.split(b';')[0].strip() or b'0', 16)
                if size == 0:
                    while self.rfile.readline(65537) not in (b'\r\n', b'\n', b''):
                        pass
                    return b''.join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline(3)
        n = int(self.headers.get('Content-Length') or 0)
        if n < 0:
            raise ValueError('negative Content-Length')
        return self.rfile.read(n) if n else b''

    def dispatch(self):
        self.request_id = None
        try:
            body = self.read_body()
        except ValueError:
            self.close_connection = True
            self.send_error(400, 'Bad request body')
            return
        path = urlsplit(self.path).path
        cls = Call
        if path.startswith('/latest/') or path == CONTAINER_PATH:
            cls = CredentialCall
        elif path in SSO_PATHS:
            cls = SSOCall
        elif path in OIDC_PATHS:
            cls = OIDCCall
        elif path == '/_emu' or path.startswith('/_emu/'):
            self.control(body)
            return
        call = cls(self.emu, self.command, self.path, list(self.headers.items()), body)
        call.conn = self.connection
        self.request_id = call.request_id
        try:
            reply = call.run()
        except Exception as e:            # a bug here must not kill the connection silently
            import traceback
            traceback.print_exc()
            reply = rest_error_reply(ApiError(500, 'InternalException',
                                              'emulator error: %r' % e), 'aws')
            if call.entry is not None:
                call.entry.update(status=500, error_code='InternalException', duration_ms=0)
        finally:
            if call.entry is not None:
                self.emu.log_end(call.entry)
        self.send_reply(reply)

    def send_reply(self, reply):
        if reply.transport in ('chunked', 'drip', 'http10'):
            self.send_unusual(reply)
            return
        if reply.transport == 'hang':
            self.close_connection = True        # the client has gone
            return
        if reply.transport == 'reset':
            self.close_connection = True
            try:
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                           struct.pack('ii', 1, 0))
                self.rfile.close()
                self.connection.close()
            except OSError:
                pass
            return
        self.send_response(reply.status)
        for k, v in reply.headers:
            self.send_header(k, v)
        body = reply.body
        self.send_header('Content-Length', str(len(body)))
        if reply.transport == 'truncate':
            body = body[:len(body) // 2]
            self.send_header('Connection', 'close')
            self.close_connection = True
        # Head and body in one write: one packet for a small reply.
        self._headers_buffer.append(b'\r\n' + body)
        try:
            self.flush_headers()
        except OSError:
            self.close_connection = True

    def send_unusual(self, reply):
        """A reply in a shape clients meet less often: chunked without a length,
        dripped a byte at a time, or HTTP/1.0 ended by closing the connection."""
        http10 = reply.transport == 'http10'
        reason = self.responses.get(reply.status, ('',))[0]
        head = ['%s %d %s' % ('HTTP/1.0' if http10 else 'HTTP/1.1', reply.status, reason),
                'Server: %s' % self.version_string(), 'Date: %s' % self.date_time_string(),
                'x-amzn-RequestId: %s' % (self.request_id or uuid.uuid4())]
        head += ['%s: %s' % kv for kv in reply.headers]
        body = reply.body
        if reply.transport == 'chunked':
            head.append('Transfer-Encoding: chunked')
        elif reply.transport == 'drip':
            head.append('Content-Length: %d' % len(body))
        if http10:
            head.append('Connection: close')
            self.close_connection = True
        data = ('\r\n'.join(head) + '\r\n\r\n').encode('latin-1')
        try:
            self.wfile.write(data)
            self.wfile.flush()
            if reply.transport == 'chunked':
                step = 64 * 1024
                for i in range(0, len(body), step):
                    part = body[i:i + step]
                    self.wfile.write(b'%x\r\n%s\r\n' % (len(part), part))
                self.wfile.write(b'0\r\n\r\n')
            elif reply.transport == 'drip':
                for i in range(len(body)):
                    if self.emu.stop.wait(reply.drip_ms / 1000.0):
                        break
                    self.wfile.write(body[i:i + 1])
                    self.wfile.flush()
            else:
                self.wfile.write(body)
            self.wfile.flush()
        except OSError:
            self.close_connection = True

    # -- control API
    def control(self, body):
        split = urlsplit(self.path)
        path, m, emu = split.path.rstrip('/'), self.command, self.emu
        try:
            doc = json.loads(body) if body.strip() else None
            if path == '/_emu/health' and m == 'GET':
                out = {'ok': True}
            elif path == '/_emu/state' and m == 'GET':
                out = emu.export_state()
            elif path == '/_emu/state' and m == 'POST':
                emu.load_seed(doc)
                out = {'ok': True}
            elif path == '/_emu/calls' and m == 'GET':
                q = dict(parse_qsl(split.query))
                out = emu.calls_since(int(q.get('since', '0')), q.get('service'),
                                      q.get('operation'))
            elif path == '/_emu/stats' and m == 'GET':
                out = emu.stats()
            elif path == '/_emu/stats/clear' and m == 'POST':
                emu.clear_stats()
                out = {'ok': True}
            elif path == '/_emu/calls/clear' and m == 'POST':
                emu.clear_calls()
                out = {'ok': True}
            elif path == '/_emu/faults' and m == 'GET':
                with emu.lock:
                    out = copy.deepcopy(emu.faults)
            elif path == '/_emu/faults' and m == 'POST':
                emu.set_faults(doc if doc is not None else [])
                out = {'ok': True}
            elif path == '/_emu/faults/release' and m == 'POST':
                with emu.lock:
                    held, emu.release = emu.release, threading.Event()
                held.set()
                out = {'ok': True}
            elif path == '/_emu/clock' and m == 'GET':
                out = {'offset': emu.clock_offset, 'now': iso_ms(emu.now())}
            elif path == '/_emu/clock' and m == 'POST':
                if not isinstance(doc, dict) or not isinstance(doc.get('offset'), (int, float)):
                    raise ValueError('expected {"offset": SECONDS}')
                emu.clock_offset = float(doc['offset'])
                out = {'offset': emu.clock_offset, 'now': iso_ms(emu.now())}
            elif path == '/_emu/shutdown' and m == 'POST':
                emu.stop.set()
                out = {'ok': True}
            else:
                self._control_reply(404, {'error': 'no such control endpoint: %s %s'
                                          % (m, split.path)})
                return
        except (ValueError, SeedError) as e:
            self._control_reply(400, {'error': str(e)})
            return
        self._control_reply(200, out)

    def _control_reply(self, status, obj):
        body = (json.dumps(obj, indent=1, sort_keys=True) + '\n').encode()
        self.send_response(status)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 1024

    def __init__(self, addr, emu, tls=None, proxy_tls=None):
        self.emu = emu
        self.proxy_tls = proxy_tls
        super().__init__(addr, Handler)
        if tls:
            # The handshake runs on the connection's own thread, at its first
            # read, so a client that refuses the certificate holds up no one.
            self.socket = tls.wrap_socket(self.socket, server_side=True,
                                          do_handshake_on_connect=False)

    def handle_error(self, request, client_address):
        # A client that rejects our certificate or hangs up is its own business.
        if isinstance(sys.exc_info()[1], (ssl.SSLError, ConnectionError)):
            return
        super().handle_error(request, client_address)


# ---------------------------------------------------------------------------
# process life

def watch_parent(pid, stop):
    """Set stop when process pid is gone."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        stop.set()
        return
    except (AttributeError, OSError):
        fd = None
    if fd is not None:
        while not stop.is_set():
            r, _, _ = select.select([fd], [], [], 1.0)
            if r:
                stop.set()
        os.close(fd)
        return
    while not stop.wait(0.5):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            stop.set()
        except PermissionError:
            pass


def write_port_file(path, port):
    tmp = '%s.tmp.%d' % (path, os.getpid())
    with open(tmp, 'w') as f:
        f.write('%d\n' % port)
    os.replace(tmp, path)


def main(argv=None):
    ap = argparse.ArgumentParser(
        description='Local Security Hub + STS emulator for tests (see README.md).')
    ap.add_argument('--seed', help='JSON seed file (state, keys, roles, faults)')
    ap.add_argument('--port', type=int, default=0, help='TCP port on 127.0.0.1 (0: random)')
    ap.add_argument('--port-file', help='write the port here once listening')
    ap.add_argument('--log', help='append one JSON object per call to this file')
    ap.add_argument('--clock-offset', type=float, default=None,
                    help="server clock = now + SECONDS (signature time checks, Date header)")
    ap.add_argument('--parent-pid', type=int, help='exit when this process is gone')
    ap.add_argument('--random-seed', type=int, default=0, help='seed for fault rates')
    ap.add_argument('--generate', type=int, metavar='N',
                    help='print a seed with N pending invitations and exit')
    ap.add_argument('--verbose', action='store_true', help='one line per call on stderr')
    ap.add_argument('--tls-cert', help='serve HTTPS with this PEM certificate (and --tls-key)')
    ap.add_argument('--tls-key', help='the PEM private key of --tls-cert')
    ap.add_argument('--proxy-cert', help='act as an HTTPS proxy (CONNECT), ending TLS with this '
                    'PEM certificate for the AWS host names it names (and --proxy-key)')
    ap.add_argument('--proxy-key', help='the PEM private key of --proxy-cert')
    args = ap.parse_args(argv)

    if args.generate is not None:
        json.dump(generate_seed(args.generate), sys.stdout, indent=2)
        sys.stdout.write('\n')
        return 0

    seed = {}
    if args.seed:
        try:
            with open(args.seed, encoding='utf-8') as f:
                seed = json.load(f)
        except (OSError, ValueError) as e:
            sys.stderr.write('emulator: cannot read seed %s: %s\n' % (args.seed, e))
            return 2
    try:
        emu = Emulator(seed, clock_offset=args.clock_offset, random_seed=args.random_seed,
                       log_path=args.log, verbose=args.verbose)
    except SeedError as e:
        sys.stderr.write('emulator: bad seed %s: %s\n' % (args.seed, e))
        return 2

    contexts = []
    for cert, key, names in ((args.tls_cert, args.tls_key, '--tls-cert/--tls-key'),
                             (args.proxy_cert, args.proxy_key, '--proxy-cert/--proxy-key')):
        ctx = None
        if cert or key:
            try:
                ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
                ctx.load_cert_chain(cert, key)
            except (OSError, TypeError, ssl.SSLError) as e:
                sys.stderr.write('emulator: cannot use %s: %s\n' % (names, e))
                return 2
        contexts.append(ctx)
    tls, proxy_tls = contexts
    server = Server(('127.0.0.1', args.port), emu, tls, proxy_tls)
    port = server.server_address[1]

    def on_signal(signum, frame):
        emu.stop.set()
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    if args.parent_pid:
        threading.Thread(target=watch_parent, args=(args.parent_pid, emu.stop),
                         daemon=True).start()

    thread = threading.Thread(target=server.serve_forever, kwargs={'poll_interval': 0.2},
                              daemon=True)
    thread.start()
    if args.port_file:
        write_port_file(args.port_file, port)
    if args.verbose:
        sys.stderr.write('emulator: listening on %s://127.0.0.1:%d\n'
                         % ('https' if tls else 'http', port))
    while not emu.stop.wait(3600):
        pass
    server.shutdown()
    server.server_close()
    if args.port_file:
        try:
            os.unlink(args.port_file)
        except OSError:
            pass
    if emu.log_file:
        emu.log_file.close()
    return 0


if __name__ == '__main__':
    sys.exit(main())
