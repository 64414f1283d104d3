#!/usr/bin/env python3
"""Run `ossdiag diagnose --format json` over fixture cases and measure it.

    python3 tools/eval.py fixtures --bin target/release/ossdiag
    python3 tools/eval.py /tmp/heldout-v1 --bin target/release/ossdiag --json /tmp/eval.json

A case is a directory holding `expected.json` (fixtures/README.md).  Each DIR argument is
either a case or a directory whose sub-directories (at any depth) are cases.  Every case
is run the way the README's harness runs it, from inside the case directory:

    BIN diagnose --format json input.txt [input2.txt ... every input*.txt, by name]
        [--client-string client-string.txt] [--secret-env OSSDIAG_TEST_SECRET] [args.txt lines...]

with the content of secret.txt (one final newline dropped) in env OSSDIAG_TEST_SECRET and
NO_COLOR unset, as tests/common.rs does; expected.json keys starting with '_' are notes.

Prints verdict accuracy, first-culprit accuracy, verdict+first-culprit, exit-code accuracy,
full expected.json (subset) match, crashes (exit 2, other codes, signals, timeouts,
non-JSON stdout), median/max wall time per case, a breakdown by expected first culprit,
and every failing case with expected vs got.  Exit status: 0 when every case fully
matches, 1 otherwise, 2 on bad usage.  Python 3.8+, standard library only.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

SECRET_ENV = 'OSSDIAG_TEST_SECRET'


# ---------------------------------------------------------------------------------------
# finding and running cases


def find_cases(roots):
    cases = []
    for root in roots:
        if not os.path.isdir(root):
            raise SystemExit('eval.py: not a directory: %s' % root)
        if os.path.isfile(os.path.join(root, 'expected.json')):
            cases.append(os.path.abspath(root))
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            if 'expected.json' in filenames and dirpath != root:
                cases.append(os.path.abspath(dirpath))
                dirnames[:] = []  # a case does not contain cases
    return cases


def build_command(case_dir, binary):
    # same selection and order as tests/common.rs: every input*.txt, input.txt first, then by name
    names = [n for n in os.listdir(case_dir) if n.startswith('input') and n.endswith('.txt')
             and os.path.isfile(os.path.join(case_dir, n))]
    names.sort(key=lambda n: (n != 'input.txt', n))
    cmd = [binary, 'diagnose', '--format', 'json'] + names
    env = dict(os.environ)
    env.pop(SECRET_ENV, None)
    env.pop('NO_COLOR', None)
    if os.path.isfile(os.path.join(case_dir, 'client-string.txt')):
        cmd += ['--client-string', 'client-string.txt']
    secret_path = os.path.join(case_dir, 'secret.txt')
    if os.path.isfile(secret_path):
        with open(secret_path, 'rb') as f:
            secret = f.read().decode('utf-8')
        if secret.endswith('\n'):
            secret = secret[:-1]
        env[SECRET_ENV] = secret
        cmd += ['--secret-env', SECRET_ENV]
    args_path = os.path.join(case_dir, 'args.txt')
    if os.path.isfile(args_path):
        with open(args_path, encoding='utf-8') as f:
            cmd += [line.rstrip('\r\n') for line in f if line.strip()]
    return cmd, env


def run_case(case_dir, binary, timeout):
    cmd, env = build_command(case_dir, binary)
    with open(os.path.join(case_dir, 'expected.json'), encoding='utf-8') as f:
        expected = json.load(f)
    res = {'case': case_dir, 'name': os.path.basename(case_dir), 'expected': expected,
           'command': cmd, 'exit_code': None, 'report': None, 'problem': None, 'stderr': ''}
    t0 = time.perf_counter()
    try:
        p = subprocess.run(cmd, cwd=case_dir, env=env, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        res['seconds'] = time.perf_counter() - t0
        res['problem'] = 'timeout after %gs' % timeout
        return res
    except OSError as e:
        res['seconds'] = time.perf_counter() - t0
        res['problem'] = 'cannot run: %s' % e
        return res
    res['seconds'] = time.perf_counter() - t0
    res['exit_code'] = p.returncode
    res['stderr'] = p.stderr.decode('utf-8', 'replace')
    if p.returncode < 0:
        res['problem'] = 'killed by signal %d' % -p.returncode
    elif p.returncode not in (0, 1) and p.returncode != expected.get('exit_code'):
        res['problem'] = 'exit %d' % p.returncode
    if p.returncode not in (0, 1) and res['problem'] is None and not p.stdout.strip():
        return res  # an expected exit 2 with nothing on stdout
    try:
        report = json.loads(p.stdout.decode('utf-8'))
        if isinstance(report, dict):
            res['report'] = report
        elif res['problem'] is None:
            res['problem'] = 'stdout is JSON but not an object'
    except (ValueError, UnicodeDecodeError):
        if res['problem'] is None:
            res['problem'] = 'stdout is not JSON'
    return res


# ---------------------------------------------------------------------------------------
# matching (fixtures/README.md rules)


def subset_match(exp, got, path='$'):
    """Return a list of mismatch descriptions (empty when `exp` subset-matches `got`)."""
    if isinstance(exp, dict):
        if not isinstance(got, dict):
            return ['%s: expected an object, got %s' % (path, _short(got))]
        out = []
        for k, v in exp.items():
            if k.startswith('_') or (path == '$' and k == 'exit_code'):
                continue  # underscore keys are notes for people; exit_code is graded apart
            if k not in got:
                out.append('%s.%s: missing (expected %s)' % (path, k, _short(v)))
            else:
                out += subset_match(v, got[k], '%s.%s' % (path, k))
        return out
    if isinstance(exp, list):
        if not isinstance(got, list):
            return ['%s: expected an array, got %s' % (path, _short(got))]
        if all(not isinstance(e, (dict, list)) for e in exp):
            return [] if exp == got else ['%s: expected %s, got %s' % (path, _short(exp), _short(got))]
        out = []
        for i, e in enumerate(exp):
            if not any(not subset_match(e, g) for g in got):
                out.append('%s[%d]: no element matches %s (got %s)' % (path, i, _short(e), _short(got)))
        return out
    # scalars; in Python True == 1, in JSON they differ
    if exp != got or isinstance(exp, bool) != isinstance(got, bool):
        return ['%s: expected %s, got %s' % (path, _short(exp), _short(got))]
    return []


def _short(v, limit=160):
    s = json.dumps(v, ensure_ascii=False)
    return s if len(s) <= limit else s[:limit - 3] + '...'


def grade(res):
    exp = res['expected']
    rep = res['report'] or {}
    g = {}
    if 'verdict' in exp:
        g['verdict'] = rep.get('verdict') == exp['verdict']
    if 'culprits' in exp:
        ec, gc = exp['culprits'], rep.get('culprits')
        gc = gc if isinstance(gc, list) else None
        if ec:
            g['first_culprit'] = bool(gc) and gc[0] == ec[0]
        else:
            g['first_culprit'] = gc == []
    if 'verdict' in g or 'first_culprit' in g:
        g['both'] = g.get('verdict', True) and g.get('first_culprit', True)
    if 'exit_code' in exp:
        g['exit_code'] = res['exit_code'] == exp['exit_code']
    body = {k: v for k, v in exp.items() if k != 'exit_code'}
    problems = []
    if res['report'] is not None:
        problems += subset_match(body, rep)
    elif body:
        problems.append('no JSON report')
    if 'exit_code' in exp and res['exit_code'] != exp['exit_code']:
        problems.append('exit code: expected %s, got %s' % (exp['exit_code'], res['exit_code']))
    g['full'] = not problems and res['problem'] is None
    res['grades'] = g
    res['mismatches'] = problems
    return res


# ---------------------------------------------------------------------------------------
# report


def pct(n, d):
    return '%d/%d (%.1f%%)' % (n, d, 100.0 * n / d) if d else 'n/a (0 cases)'


def summarize(results, out):
    n = len(results)
    w = out.write

    def count(key):
        have = [r for r in results if key in r['grades']]
        return sum(1 for r in have if r['grades'][key]), len(have)

    w('cases:                     %d\n' % n)
    for label, key in [('verdict accuracy:', 'verdict'), ('first-culprit accuracy:', 'first_culprit'),
                       ('verdict + first culprit:', 'both'), ('exit-code accuracy:', 'exit_code'),
                       ('full expected.json match:', 'full')]:
        w('%-26s %s\n' % (label, pct(*count(key))))
    exit2 = sum(1 for r in results if r['exit_code'] == 2 and r['problem'])
    other = sum(1 for r in results if r['problem'] and r['exit_code'] not in (2, None)
                and not r['problem'].startswith('stdout'))
    timeouts = sum(1 for r in results if r['problem'] and r['problem'].startswith('timeout'))
    norun = sum(1 for r in results if r['problem'] and r['problem'].startswith('cannot run'))
    badjson = sum(1 for r in results if r['exit_code'] in (0, 1) and r['report'] is None)
    crashes = sum(1 for r in results if r['problem'])
    w('%-26s %d  (exit 2: %d, other exit/signal: %d, timeout: %d, not run: %d, no JSON on exit 0/1: %d)\n' % (
        'crashes / exit 2:', crashes, exit2, other, timeouts, norun, badjson))
    times = [r['seconds'] for r in results if 'seconds' in r]
    if times:
        slowest = max(results, key=lambda r: r.get('seconds', 0))
        w('%-26s median %.1f ms, max %.1f ms (%s)\n' % (
            'wall time per case:', 1000 * statistics.median(times), 1000 * max(times), slowest['name']))

    # by expected first culprit (or verdict when there is none)
    groups = {}
    for r in results:
        exp = r['expected']
        key = (exp.get('culprits') or [None])[0] or 'verdict=%s' % exp.get('verdict')
        groups.setdefault(key, []).append(r)
    if len(groups) > 1:
        w('\nby expected first culprit        cases  verdict  culprit  full\n')
        for key in sorted(groups):
            rs = groups[key]
            def ok(k):
                return sum(1 for r in rs if r['grades'].get(k))
            w('  %-30s %5d  %7d  %7d  %4d\n' % (key[:30], len(rs), ok('verdict'), ok('first_culprit'), ok('full')))

    failing = [r for r in results if not r['grades']['full']]
    if failing:
        w('\nfailing cases (%d):\n' % len(failing))
        for r in failing:
            exp, rep = r['expected'], r['report'] or {}
            w('  %s\n' % r['name'])
            w('    expected: verdict=%s culprits=%s exit=%s\n' % (
                exp.get('verdict'), _short(exp.get('culprits')), exp.get('exit_code')))
            w('    got:      verdict=%s culprits=%s exit=%s\n' % (
                rep.get('verdict'), _short(rep.get('culprits')), r['exit_code']))
            if r['problem']:
                w('    problem:  %s\n' % r['problem'])
                first = r['stderr'].strip().splitlines()[:1]
                if first:
                    w('    stderr:   %s\n' % first[0][:200])
            for m in r['mismatches'][:6]:
                w('    - %s\n' % m)
            if len(r['mismatches']) > 6:
                w('    - ... %d more\n' % (len(r['mismatches']) - 6))


def main(argv=None):
    ap = argparse.ArgumentParser(description='Evaluate ossdiag on fixture cases.')
    ap.add_argument('dirs', nargs='+', metavar='DIR', help='a case directory or a directory of cases')
    ap.add_argument('--bin', required=True, help='path to the ossdiag binary')
    ap.add_argument('--timeout', type=float, default=30.0, help='seconds per case (default 30)')
    ap.add_argument('-j', '--jobs', type=int, default=1,
                    help='cases run in parallel (default 1, so that wall times are not inflated)')
    ap.add_argument('--filter', default='', help='only cases whose directory name contains this')
    ap.add_argument('--json', metavar='FILE', help='also write per-case results as JSON')
    args = ap.parse_args(argv)

    binary = os.path.abspath(args.bin) if os.sep in args.bin else args.bin
    if os.sep in args.bin and not os.access(binary, os.X_OK):
        print('eval.py: not an executable: %s' % args.bin, file=sys.stderr)
        return 2
    cases = [c for c in find_cases(args.dirs) if args.filter in os.path.basename(c)]
    if not cases:
        print('eval.py: no cases (directories with expected.json) under %s' % ' '.join(args.dirs),
              file=sys.stderr)
        return 2
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(pool.map(lambda c: grade(run_case(c, binary, args.timeout)), cases))
    summarize(results, sys.stdout)
    if args.json:
        with open(args.json, 'w', encoding='utf-8') as f:
            json.dump([{k: v for k, v in r.items() if k != 'case'} for r in results], f, indent=1,
                      ensure_ascii=False)
    return 0 if all(r['grades']['full'] for r in results) else 1


if __name__ == '__main__':
    try:
        sys.exit(main())
    except BrokenPipeError:  # e.g. piped into head
        sys.stderr.close()
        sys.exit(1)
