# SPDX-License-Identifier: Apache-2.0
# Helpers for the emulator's Python self-tests: start it, send signed raw requests, use its control API, run the AWS CLI.
"""Imported by test-*.py beside it; run those with /usr/bin/python3."""

import atexit
import datetime
import http.client
import json
import os
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import time
from urllib.parse import quote, urlencode

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON = '/usr/bin/python3'
AWS = '/usr/bin/aws'
EMULATOR = os.path.join(HERE, 'emulator.py')
DEMO = os.path.join(HERE, 'seeds', 'demo.json')
MANY = os.path.join(HERE, 'seeds', 'many.json')

AKID = 'AKIAEMUDEMO111111111'
SECRET = 'emuDemoSecretKey/111111111111/EXAMPLEKEY'
SESSION_AKID = 'ASIAEMUDEMO111111112'
SESSION_SECRET = 'emuDemoSessionKey/11111111111+EXAMPLEKEY'
SESSION_TOKEN = 'IQoJb3JpZ2luX2VjEMU/emu+demo+session+token/111111111111=='
EXPIRED_AKID = 'ASIAEMUDEMOEXPIRED01'
EXPIRED_SECRET = 'emuDemoExpiredKey/111111111111/EXAMPLEKY'
EXPIRED_TOKEN = 'IQoJb3JpZ2luX2VjEMU/emu+demo+expired+token/111111111111=='


# Regions whose AWS host names the proxy certificate covers.
PROXY_REGIONS = ('us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ap-south-1',
                 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1',
                 'ap-southeast-2', 'ca-central-1', 'eu-central-1', 'eu-west-1', 'eu-west-2',
                 'eu-west-3', 'eu-north-1', 'sa-east-1')


def make_proxy_cert(directory):
    """A self-signed certificate (cert, key) for AWS's host names: global and
    regional endpoints, the SSO portal and OIDC, FIPS and dual-stack forms."""
    names = ['*.amazonaws.com', '*.api.aws']
    for r in PROXY_REGIONS:
        for form in ('*.%s.amazonaws.com', '*.sso.%s.amazonaws.com', '*.sso-fips.%s.amazonaws.com',
                     '*.%s.api.aws', '*.sso.%s.api.aws', '*.sso-fips.%s.api.aws'):
            names.append(form % r)
    cert, key = os.path.join(directory, 'proxy-cert.pem'), os.path.join(directory, 'proxy-key.pem')
    subprocess.run(['openssl', 'req', '-x509', '-newkey', 'ec', '-pkeyopt',
                    'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert,
                    '-days', '2', '-subj', '/CN=amazonaws.com', '-addext',
                    'subjectAltName=' + ','.join('DNS:' + n for n in names)],
                   stdin=subprocess.DEVNULL, capture_output=True, check=True)
    return cert, key
def _scratch():
    """One folder for everything this test process and its children make
    (tempfile's default and TMPDIR point into it), removed at exit, also
    after a failure or SIGTERM, SIGHUP or SIGINT: a test leaves $TMPDIR as
    it found it."""
    root = tempfile.mkdtemp(prefix='shtui-test.')
    pid = os.getpid()

    def remove():
        if os.getpid() == pid:
            shutil.rmtree(root, ignore_errors=True)

    def interrupted(signum, frame):
        sys.exit(128 + signum)
    atexit.register(remove)
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(sig, interrupted)
    tempfile.tempdir = root
    os.environ['TMPDIR'] = root
    # Nothing of the caller's AWS setup, state folders, locale overrides,
    # proxies or logs reaches botocore in this process or the programs it
    # starts: each test sets what it relies on.
    for k in list(os.environ):
        if (k.startswith(('AWS_', 'XDG_', 'LC_')) or k in ('NO_COLOR', 'SHTUI_LOG', 'SHTUI_SCRIPT')
                or k.lower() in ('http_proxy', 'https_proxy', 'all_proxy', 'no_proxy')):
            del os.environ[k]
    empty = os.path.join(root, 'empty')
    open(empty, 'w').close()
    os.environ.update(AWS_CONFIG_FILE=empty, AWS_SHARED_CREDENTIALS_FILE=empty,
                      HOME=os.path.join(root, 'home'))
    os.mkdir(os.environ['HOME'])
    return root


SCRATCH = _scratch()


def wait_for(cond, timeout, what):
    """Poll cond() until true or the deadline passes; raise with what on timeout."""
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise TimeoutError('timed out after %ss waiting for %s' % (timeout, what))
        time.sleep(0.02)


class Response:
    def __init__(self, status, headers, body):
        self.status, self.body = status, body
        self.headers = {k.lower(): v for k, v in headers}

    def json(self):
        return json.loads(self.body) if self.body else None

    def __repr__(self):
        return '<%d %r>' % (self.status, self.body[:300])


class Emulator:
    """One emulator process on a random port, stopped at exit."""

    def __init__(self, seed=DEMO, *args, parent_pid=None, proxy=False):
        """proxy=True: the emulator is also an HTTPS proxy for AWS's own host
        names (see proxy_env)."""
        self.dir = tempfile.mkdtemp(prefix='shtui-emu.')
        self.proxy_cert = None
        if proxy:
            self.proxy_cert, key = make_proxy_cert(self.dir)
            args = tuple(args) + ('--proxy-cert', self.proxy_cert, '--proxy-key', key)
        self.port_file = os.path.join(self.dir, 'port')
        self.log = os.path.join(self.dir, 'calls.jsonl')
        self.err = os.path.join(self.dir, 'emulator.err')
        cmd = [PYTHON, EMULATOR, '--port-file', self.port_file, '--log', self.log,
               '--parent-pid', str(parent_pid or os.getpid())]
        if seed:
            cmd += ['--seed', seed]
        cmd += list(args)
        with open(self.err, 'w') as err:
            self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stderr=err)
        atexit.register(self.stop)

        def ready():
            if self.proc.poll() is not None:
                raise RuntimeError('emulator exited: ' + open(self.err).read())
            return os.path.exists(self.port_file) and os.path.getsize(self.port_file) > 0
        wait_for(ready, 15, 'the emulator port file')
        self.port = int(open(self.port_file).read())
        # With --tls-cert the emulator speaks HTTPS, and we trust that certificate.
        self.tls = None
        if '--tls-cert' in args:
            self.tls = ssl.create_default_context(cafile=args[args.index('--tls-cert') + 1])
        self.url = '%s://127.0.0.1:%d' % ('https' if self.tls else 'http', self.port)

    def proxy_env(self):
        """Environment that sends a client's HTTPS calls to AWS's endpoints
        through the emulator (which answers them), trusting its certificate;
        calls to 127.0.0.1 (--endpoint-url) stay direct."""
        proxy = 'http://127.0.0.1:%d' % self.port
        return {'HTTPS_PROXY': proxy, 'https_proxy': proxy, 'AWS_CA_BUNDLE': self.proxy_cert,
                'NO_PROXY': '127.0.0.1,localhost', 'no_proxy': '127.0.0.1,localhost'}

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)

    # -- control API
    def ctl(self, method, path, doc=None):
        conn = self.connect()
        body = None if doc is None else json.dumps(doc)
        conn.request(method, '/_emu/' + path, body=body,
                     headers={'Content-Type': 'application/json'} if body else {})
        r = conn.getresponse()
        data = r.read()
        conn.close()
        if r.status != 200:
            raise RuntimeError('control %s %s: %d %s' % (method, path, r.status, data))
        return json.loads(data)

    def calls(self, since=0):
        return self.ctl('GET', 'calls?since=%d' % since)

    def last_seq(self):
        calls = self.calls()
        return calls[-1]['seq'] if calls else 0

    def faults(self, rules):
        return self.ctl('POST', 'faults', rules)

    def connect(self, timeout=10):
        if self.tls:
            return http.client.HTTPSConnection('127.0.0.1', self.port, timeout=timeout,
                                               context=self.tls)
        return http.client.HTTPConnection('127.0.0.1', self.port, timeout=timeout)

    # -- signed requests
    def request(self, method, path, query=None, body=None, *, region='us-east-1',
                service='securityhub', akid=AKID, secret=SECRET, token=None, when=None,
                headers=None, conn=None, sign=True, timeout=10, tamper=None, keep=False):
        """Send one request, SigV4-signed with botocore unless sign=False.
        when: a datetime to sign at (default now). tamper(headers) may change the
        signed headers before sending. Returns a Response, or with keep=True the
        connection, its reply not yet read."""
        target = path
        if query:
            target += '?' + '&'.join('%s=%s' % (quote(k, safe='-_.~'), quote(str(v), safe='-_.~'))
                                     for k, v in query)
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
        elif isinstance(body, str):
            body = body.encode()
        body = body or b''
        hdrs = dict(headers or {})
        if body and 'Content-Type' not in hdrs:
            hdrs['Content-Type'] = ('application/x-www-form-urlencoded; charset=utf-8'
                                    if service == 'sts' else 'application/json')
        host = '127.0.0.1:%d' % self.port
        if sign:
            req = AWSRequest(method=method, url='http://%s%s' % (host, target), data=body,
                             headers=hdrs)
            req.headers['host'] = host
            auth = SigV4Auth(Credentials(akid, secret, token), service, region)
            ts = (when or datetime.datetime.now(datetime.timezone.utc)).strftime('%Y%m%dT%H%M%SZ')
            req.context['timestamp'] = ts
            auth._modify_request_before_signing(req)
            creq = auth.canonical_request(req)
            sts = auth.string_to_sign(req, creq)
            auth._inject_signature_to_request(req, auth.signature(sts, req))
            hdrs = dict(req.headers.items())
        else:
            hdrs['Host'] = host
        if tamper:
            tamper(hdrs)
        own = conn is None
        conn = conn or self.connect(timeout)
        try:
            conn.request(method, target, body=body or None, headers=hdrs)
            if keep:
                own = False
                return conn
            r = conn.getresponse()
            data = r.read()
        finally:
            if own:
                conn.close()
        return Response(r.status, r.getheaders(), data)

    def request_conn(self, method, path, **kw):
        """Send one signed request on a new connection and return the connection
        without reading the reply (for calls a fault holds)."""
        kw.setdefault('timeout', 60)
        return self.request(method, path, keep=True, **kw)

    def sts(self, action, params=(), **kw):
        body = urlencode([('Action', action), ('Version', '2011-06-15')] + list(params))
        kw.setdefault('service', 'sts')
        return self.request('POST', '/', body=body, **kw)

    # -- AWS CLI
    def aws_env(self, akid=AKID, secret=SECRET, token=None, **extra):
        home = os.path.join(self.dir, 'home')
        os.makedirs(home, exist_ok=True)
        empty = os.path.join(self.dir, 'empty')
        open(empty, 'a').close()
        env = {k: v for k, v in os.environ.items() if not k.startswith('AWS_')}
        env.update(HOME=home, AWS_CONFIG_FILE=empty, AWS_SHARED_CREDENTIALS_FILE=empty,
                   AWS_PAGER='', AWS_EC2_METADATA_DISABLED='true', AWS_CLI_AUTO_PROMPT='off',
                   AWS_ACCESS_KEY_ID=akid, AWS_SECRET_ACCESS_KEY=secret,
                   AWS_DEFAULT_OUTPUT='json')
        if token:
            env['AWS_SESSION_TOKEN'] = token
        env.update(extra)
        return env

    def aws(self, *args, region='us-east-1', env=None, prefix=()):
        """Start /usr/bin/aws against the emulator; returns a Popen (text mode, pipes)."""
        cmd = list(prefix) + [AWS, '--endpoint-url', self.url, '--region', region] + list(args)
        return subprocess.Popen(cmd, env=env or self.aws_env(), stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(popen, timeout=60):
    """Wait for an aws Popen: (exit code, stdout, stderr)."""
    out, err = popen.communicate(timeout=timeout)
    return popen.returncode, out, err


class Checks:
    """Collects named checks; prints failures; exit status for the harness."""

    def __init__(self, name):
        self.name, self.failed, self.passed = name, [], 0
        self.t0 = time.monotonic()

    def __call__(self, cond, label, detail=''):
        if cond:
            self.passed += 1
        else:
            self.failed.append(label)
            sys.stdout.write('FAIL: %s\n' % label)
            if detail:
                sys.stdout.write('      %s\n' % str(detail).replace('\n', '\n      ')[:3000])
            sys.stdout.flush()
        return cond

    def error(self, res, status, code, label, text=None):
        """res is a Response with a rest-json error: check status, x-amzn-ErrorType code and text."""
        got = (res.headers.get('x-amzn-errortype') or '').split(':')[0]
        body = res.body.decode('utf-8', 'replace')
        ok = res.status == status and got == code and (text is None or text in body)
        return self(ok, label, 'want %s %s %r, got %s %s %s' % (status, code, text, res.status,
                                                               got, body[:600]))

    def done(self):
        sys.stdout.write('%s: %d passed, %d failed (%.1f s)\n'
                         % (self.name, self.passed, len(self.failed), time.monotonic() - self.t0))
        return 1 if self.failed else 0
