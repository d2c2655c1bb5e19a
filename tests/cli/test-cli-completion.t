#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# Shell completion as a person meets it: bash's function asked directly, zsh typed at in tmux; profiles from the config files, regions of the partition, commands and options from --help.
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, '..', 'tui'))
from clitest import SHTUI, Tap  # noqa: E402
from tuitest import Tmux  # noqa: E402

t = Tap()
d = tempfile.mkdtemp()
cfg, creds = os.path.join(d, 'config'), os.path.join(d, 'credentials')
with open(cfg, 'w') as f:
    f.write('[default]\nregion = us-east-1\n[profile member-a]\nregion = eu-west-1\n'
            '[profile member-b]\n[sso-session corp]\nsso_region = us-east-1\n')
with open(creds, 'w') as f:
    f.write('[member-a]\naws_access_key_id = AKIAEXAMPLE\n[creds-only]\n')
ENV = {'PATH': '/usr/bin:/bin', 'HOME': d, 'LANG': 'C.UTF-8', 'TERM': 'xterm',
       'AWS_CONFIG_FILE': cfg, 'AWS_SHARED_CREDENTIALS_FILE': creds}


def run(*args):
    p = subprocess.run([SHTUI] + list(args), env=ENV, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=30)
    return p.returncode, p.stdout, p.stderr


for shell in ('bash', 'zsh'):
    rc, script, err = run('completion', shell)
    path = os.path.join(d, 'shtui.' + shell)
    with open(path, 'w') as f:
        f.write(script)
    syn = subprocess.run([shell, '-n', path], stderr=subprocess.PIPE, text=True)
    t.ok(rc == 0 and 'shtui' in script and syn.returncode == 0,
         'shtui completion %s prints a script %s parses' % (shell, shell), err + syn.stderr)
rc, out, err = run('completion', 'fish')
t.ok(rc == 252 and out == '' and err.startswith("shtui: error: completion takes bash or zsh, not 'fish'"),
     'completion fish: 252 and one line', err)

rc, out, _ = run('--help')
help_cmds = re.findall(r'^  ([a-z][a-z-]+)\s', out, re.M)
help_opts = re.findall(r'^  (?:-\w, )?(--[\w-]+)', out, re.M)


def bash(*words):
    """The words bash's _shtui offers for the command line `words` (the
    last one being completed)."""
    prog = ('source %s\nCOMP_WORDS=(%s)\nCOMP_CWORD=%d\n_shtui\nprintf "%%s\\n" "${COMPREPLY[@]}"\n'
            % (os.path.join(d, 'shtui.bash'), ' '.join("'%s'" % w for w in (SHTUI,) + words),
               len(words)))
    p = subprocess.run(['bash', '--norc', '-c', prog], env=ENV, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True, timeout=30)
    return [w for w in p.stdout.split('\n') if w]


t.eq(sorted(bash('--profile', '')), ['creds-only', 'default', 'member-a', 'member-b'],
     'bash: --profile offers the profiles of both files, once each')
t.eq(sorted(bash('--profile', 'member-')), ['member-a', 'member-b'], 'bash: --profile member-')
t.eq(sorted(bash('--profiles', 'member-a,m')), ['member-a,member-a', 'member-a,member-b'],
     'bash: --profiles completes after the comma')
regions = bash('--region', '')
t.ok('us-east-1' in regions and 'eu-central-2' in regions and 'cn-north-1' not in regions
     and len(regions) > 20, 'bash: --region offers the aws partition\'s Security Hub regions', regions)
t.eq(sorted(bash('--region', 'cn-north-1', '--regions', '')), ['all', 'cn-north-1', 'cn-northwest-1'],
     'bash: --regions offers all and the regions of the partition --region names')
t.eq(sorted(bash('--regions', 'us-east-1,eu-west-')),
     ['us-east-1,eu-west-1', 'us-east-1,eu-west-2', 'us-east-1,eu-west-3'],
     'bash: --regions completes after the comma')
t.eq(sorted(bash('--output', '')), ['json', 'table', 'text'], 'bash: --output values')
t.eq(bash('--endpoint-url', ''), [], 'bash: nothing made up for a URL')
t.eq(sorted(bash('')), sorted(help_cmds), 'bash: the commands are the ones --help lists')
t.eq(bash('--profile', 'list-invitations', ''), sorted(help_cmds, key=help_cmds.index),
     'bash: an option\'s value is not taken for the command')
opts = bash('list-invitations', '--')
t.ok(set(help_opts) <= set(opts) and '--administrator-id' not in opts,
     'bash: after a command, every option --help lists', sorted(set(help_opts) - set(opts)))
t.ok({'--administrator-id', '--invitation-id'} <= set(bash('accept-administrator-invitation', '--')),
     'bash: and the command\'s own options')
t.eq(bash('completion', ''), ['bash', 'zsh'], 'bash: completion bash|zsh')
t.eq(sorted(bash('--profile', '=', '')), ['creds-only', 'default', 'member-a', 'member-b'],
     'bash: --profile=VALUE')

# zsh, typed at in a terminal, from the script installed in a folder of
# its fpath, as make install puts it.
fn = os.path.join(d, 'zfunc')
os.mkdir(fn)
os.rename(os.path.join(d, 'shtui.zsh'), os.path.join(fn, '_shtui'))
bindir = os.path.join(d, 'bin')
os.mkdir(bindir)
os.symlink(SHTUI, os.path.join(bindir, 'shtui'))
with open(os.path.join(d, '.zshrc'), 'w') as f:
    f.write("fpath=(%s $fpath)\nautoload -Uz compinit && compinit -u -D\nPS1='zsh> '\n" % fn)
zenv = dict(ENV, PATH=bindir + ':/usr/bin:/bin', ZDOTDIR=d)
tm = Tmux('zsh -i', zenv, cols=120, rows=30)


def fresh_line():
    """Ends the line typed so far with C-c and waits for the next prompt:
    zsh drops what is typed ahead of an interrupt."""
    before = (tm.screen() or '').count('zsh>')
    tm.keys('C-c')
    deadline = time.monotonic() + 10
    while (tm.screen() or '').count('zsh>') <= before and time.monotonic() < deadline:
        time.sleep(0.02)
    # A screen full of prompts scrolls: start again from a clear one.
    tm.keys('C-l')
    t.ok(tm.wait_for('zsh>') is not None, 'zsh: a fresh prompt', tm.screen())


try:
    t.ok(tm.wait_for('zsh>') is not None, 'zsh starts', tm.screen())
    tm.keys('shtui --profile mem', 'Tab')
    t.ok(tm.wait_for('--profile member-') is not None, 'zsh: --profile mem<Tab> completes member-',
         tm.screen())
    tm.keys('Tab')
    t.ok(tm.wait_for('member-b') is not None, 'zsh: <Tab> again lists member-a and member-b',
         tm.screen())
    fresh_line()
    tm.keys('shtui --output ta', 'Tab')
    t.ok(tm.wait_for('--output table') is not None, 'zsh: --output ta<Tab> is table', tm.screen())
    fresh_line()
    tm.keys('shtui --regions us-east-1,eu-central-', 'Tab', 'Tab')
    t.ok(tm.wait_for('eu-central-2') is not None, 'zsh: --regions completes after the comma',
         tm.screen())
    fresh_line()
    tm.keys('shtui disassociate-from-a', 'Tab')
    t.ok(tm.wait_for('disassociate-from-administrator-account') is not None,
         'zsh: commands', tm.screen())
    fresh_line()
    tm.keys('shtui describe-hub --hub', 'Tab')
    t.ok(tm.wait_for('describe-hub --hub-arn') is not None, 'zsh: the command\'s own options',
         tm.screen())
finally:
    tm.kill()
sys.exit(t.done())
