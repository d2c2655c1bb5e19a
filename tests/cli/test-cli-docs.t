#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# The built man page and --help agree: the same options, each accepted by the parser; the real version; every environment variable the program reads.
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clitest import BUILD, HERE, SHTUI, Tap  # noqa: E402

SRC = os.path.join(HERE, '..', '..', 'src')
MAN = os.path.join(BUILD, 'doc', 'shtui.1')
# A value each option's parser takes, by the name --help gives it.
SAMPLE = {'NAME': 'member', 'REGION': 'us-east-1', 'GLOB[,GLOB]': 'member-*',
          'R1,R2|all': 'us-east-1,eu-west-1', 'URL': 'http://127.0.0.1:9', 'FILE': '/dev/null',
          'FORMAT': 'table', 'S': '5', 'N': '4', 'SECS': '3600'}

t = Tap()


def run(*args):
    env = {'PATH': '/usr/bin:/bin', 'HOME': '/nonexistent', 'LANG': 'C.UTF-8'}
    p = subprocess.run([SHTUI] + list(args), env=env, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=30)
    return p.returncode, p.stdout, p.stderr


def section(troff, name):
    """The troff text of one .SH section."""
    m = re.search(r'^\.SH "?%s"?\n(.*?)(?=^\.SH |\Z)' % re.escape(name), troff, re.S | re.M)
    return m.group(1) if m else ''


def plain(troff):
    return re.sub(r'\\f[BIRP]', '', troff).replace('\\-', '-').replace('\\e', '\\')


rc, help_text, _ = run('--help')
t.ok(rc == 0, '--help exits 0')
t.eq([l for l in help_text.splitlines() if len(l) > 79 or l.endswith(' ')], [],
     '--help fits 80 columns, no line ends in a space')
opts_block = help_text.split('Options (before or after the command):\n', 1)[-1].split('\n\n', 1)[0]
help_opts = {}
for line in opts_block.splitlines():
    m = re.match(r'^  (?:(-\w), )?(--[\w-]+)(?: (\S+))?', line)
    if m:
        help_opts[m.group(2)] = (m.group(1), m.group(3))

with open(MAN) as f:
    man = f.read()
lines = section(man, 'OPTIONS').splitlines()
man_opts = {}
for i, line in enumerate(lines[:-1]):
    if line == '.TP':
        tag = plain(lines[i + 1])
        m = re.match(r'^(?:(-\w), )?(--[\w-]+)(?: (\S+))?$', tag)
        t.ok(m is not None, 'the man page option %r reads as -x, --name VALUE' % tag)
        if m:
            man_opts[m.group(2)] = (m.group(1), m.group(3))
t.ok(len(help_opts) >= 10, '--help lists the options (%d)' % len(help_opts), opts_block)
t.eq(sorted(man_opts), sorted(help_opts), 'the man page and --help list the same options')
t.eq(man_opts, help_opts, '... with the same short names and values')

# Every listed option is one the parser takes (with --version after it,
# nothing runs).
for name, (short, arg) in sorted(help_opts.items()):
    if name in ('--help', '--version'):
        continue
    args = [name] + ([SAMPLE.get(arg, 'x')] if arg else [])
    rc, out, err = run(*(args + ['--version']))
    t.ok(rc == 0 and out.startswith('shtui '), 'the parser takes %s' % ' '.join(args), err)
for short, name in (('-h', '--help'), ('-V', '--version')):
    a, b = run(short), run(name)
    t.ok(a[0] == 0 and a[1] == b[1] and a[1], '%s is %s' % (short, name))

# Every command --help lists is in the man page's COMMANDS.
help_cmds = re.findall(r'^  ([a-z][a-z-]+)', help_text.split('Options (before', 1)[0], re.M)
commands = plain(section(man, 'COMMANDS'))
t.ok(len(help_cmds) >= 10, '--help lists the commands (%d)' % len(help_cmds))
t.eq([c for c in help_cmds if not re.search(r'(?<![\w-])%s(?![\w-])' % re.escape(c), commands)], [],
     'the man page names every command --help lists')

# The version: the man page's footer says the one --version says.
rc, version, _ = run('--version')
m = re.search(r'^\.TH SHTUI 1 "[^"]*" "([^"]*)"', man, re.M)
t.eq(m and m.group(1), version.strip(), 'the man page footer has the real version')
t.ok(not re.search(r'@[A-Za-z_]+@', man), 'no @PLACEHOLDER@ is left in the man page',
     [l for l in man.splitlines() if re.search(r'@[A-Za-z_]+@', l)])

# Every environment variable the program reads is in ENVIRONMENT.
env_doc = plain(section(man, 'ENVIRONMENT'))
read = set()
for fn in os.listdir(SRC):
    if fn.endswith('.c'):
        with open(os.path.join(SRC, fn)) as f:
            code = f.read()
        read |= set(re.findall(r'getenv\("(\w+)"\)', code))
        read |= set(re.findall(r'"(AWS_[A-Z0-9_]+)"', code))
t.ok(len(read) >= 20, 'the sources read %d environment variables' % len(read))
missing = sorted(v for v in read if not re.search(r'\b%s\b' % v, env_doc))
t.eq(missing, [], 'the man page names every environment variable the program reads')

# The other sections a man page owes.
files = plain(section(man, 'FILES'))
for what in ('~/.aws/config', '~/.aws/credentials', '~/.aws/sso/cache', '~/.aws/cli/cache',
             'audit.log', 'SHTUI_LOG'):
    t.ok(what in files, 'FILES names %s' % what)
status = plain(section(man, 'EXIT STATUS'))
t.ok(all(c in status for c in ('0', '252', '253', '254', '255')), 'EXIT STATUS gives 0 and 252 to 255')
examples = plain(section(man, 'EXAMPLES'))
t.ok('--profiles' in examples and 'list-invitations' in examples and '--region ' in examples,
     'EXAMPLES show the page, the fleet and a script')

# man renders it without a warning.
p = subprocess.run(['man', '--warnings', '-l', MAN], env={'PATH': '/usr/bin:/bin', 'MANWIDTH': '80',
                                                        'LANG': 'C.UTF-8', 'MANPAGER': 'cat',
                                                        'PAGER': 'cat'},
                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=60)
t.ok(p.returncode == 0 and p.stderr == '' and 'EXIT STATUS' in p.stdout,
     'man -l renders the page without warnings', p.stderr)
sys.exit(t.done())
