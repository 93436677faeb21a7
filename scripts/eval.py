#!/usr/bin/env python3
"""eval.py - run ndcluster over every labelled set and print one table.

usage: eval.py [--data DIR] [--bin PATH] [--modes near,story,template]
               [--sets LIST] [--no-neardup] [--json] [-- NDCLUSTER-OPTIONS ...]

Every option after "--" is passed to each ndcluster run, so a sweep is
one command per setting, e.g.

    scripts/eval.py -- -t 0.3
    make eval EVAL_ARGS='--modes story -- -t 0.25'

The sets, each with the fields and the gold label it is scored on:

  neardup-*       near-duplicate sets made by make-neardup.py from the
                  data (edited copies of articles, of headlines, and
                  citation-like strings of one paper written several
                  ways), -f text; gold: dup
  seeds           seeds.ndjson, the five articles on one story, -f text;
                  gold: story
  articles+seeds  the dev articles with the five seeds spread among them
                  (made here), -f text; gold: story
  articles        news-articles-dev.ndjson, -f text; gold: story
  headlines       news-headlines-dev.ndjson, -f title (and --time-field
                  time in story mode); gold: story
  logs-SYS        logs/SYS.ndjson, one per system, -f message; gold:
                  template
  logs-mixed      all the logs/SYS.ndjson interleaved in blocks of 100
                  lines (block 0 of each system in sorted order, then
                  block 1 of each, ...; made here), -f message; gold:
                  SYS:template, so that one id given to lines of two
                  systems counts as an error

Which mode runs which sets: near all of them; story all but logs-mixed;
template the log sets only (logs-SYS and logs-mixed), since grouping news
is not its job.  The generated sets go to a temporary directory, removed
at the end.

Columns: pairwise precision, recall and F1; B-cubed F1; ARI; grouping
accuracy (GA, the log-parsing score: a record counts when its predicted
cluster holds exactly the records of its gold group); predicted vs gold
clusters; records/s (wall clock of the ndcluster run alone, parse and
write included).

After the table, one summary line per mode that ran log sets: the mean GA
over the logs-SYS sets, the lowest and its system, and the GA of
logs-mixed, e.g.

    template logs: mean GA 0.986, min 0.955 (HPC), mixed 0.986

--json prints the rows alone, one JSON object each (the scores of
score.py and records_per_s, mode and set), and no summary.

The data directory (default ../shared/data) is not part of the
repository; without it this script says so and exits 1.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import score as scorer  # noqa: E402


def run_data(binary, args, data, gold, where='input'):
    """Runs binary with args over data (NDJSON bytes) and scores its
    "cluster" against the gold path; returns the scores (with
    records_per_s) and the records read back."""
    t0 = time.perf_counter()
    p = subprocess.run([binary] + args, input=data, capture_output=True)
    secs = time.perf_counter() - t0
    if p.returncode not in (0, 1):
        sys.exit('%s: %s %s on %s: exit %d\n%s' % (
            os.path.basename(sys.argv[0]), binary, ' '.join(args), where,
            p.returncode, p.stderr.decode(errors='replace')))
    gold_recs = [json.loads(l) for l in data.splitlines() if l.strip()]
    pred_recs = [json.loads(l) for l in p.stdout.splitlines()]
    if len(gold_recs) != len(pred_recs):
        sys.exit('%s: %s: %d records in, %d out' % (
            os.path.basename(sys.argv[0]), where, len(gold_recs),
            len(pred_recs)))
    key = scorer.label_key

    def kv(v):
        return None if v is None else key(v)
    pairs = ((kv(scorer.get_path(g, gold)), kv(p.get('cluster')))
             for g, p in zip(gold_recs, pred_recs))
    m = scorer.score(pairs)
    m['records_per_s'] = len(gold_recs) / secs if secs > 0 else 0.0
    return m, pred_recs


def run_set(binary, args, path, gold):
    with open(path, 'rb') as f:
        data = f.read()
    return run_data(binary, args, data, gold, path)[0]


def split_extra(argv):
    """argv cut at "--": this script's arguments, and those for
    every ndcluster run."""
    if '--' in argv:
        i = argv.index('--')
        return argv[:i], argv[i + 1:]
    return argv, []


def articles_with_seeds(data):
    """The lines of the dev articles with the five seed articles spread
    among them, one every ~90 records, so that story mode must find them
    and nothing else."""
    with open(os.path.join(data, 'news-articles-dev.ndjson'), 'rb') as f:
        arts = [l for l in f.read().splitlines() if l.strip()]
    with open(os.path.join(data, 'seeds.ndjson'), 'rb') as f:
        seeds = [l for l in f.read().splitlines() if l.strip()]
    step = max(1, len(arts) // len(seeds))
    lines = []
    for i, a in enumerate(arts):
        if i % step == step // 2 and i // step < len(seeds):
            lines.append(seeds[i // step])
        lines.append(a)
    return lines


def seeds_in_articles(data, out):
    with open(out, 'wb') as f:
        f.write(b'\n'.join(articles_with_seeds(data)) + b'\n')


def logs_mixed(data, out, block=100):
    """All the logs/SYS.ndjson in one feed, in blocks of `block` lines:
    block 0 of each system (sorted by name), then block 1 of each, and so
    on (a system that has run out is passed over).  Each line stays as it
    is but for two members added at its end: "system" and
    "system_template" (SYS:template), the gold label.  Returns False when
    there are no logs."""
    logs = os.path.join(data, 'logs')
    if not os.path.isdir(logs):
        return False
    systems = []
    for f in sorted(os.listdir(logs)):
        if f.endswith('.ndjson'):
            with open(os.path.join(logs, f), 'rb') as fh:
                lines = [l.rstrip() for l in fh.read().splitlines()
                         if l.strip()]
            systems.append((f[:-7], lines))
    if not systems:
        return False
    out_lines = []
    longest = max(len(lines) for _, lines in systems)
    for start in range(0, longest, block):
        for name, lines in systems:
            for l in lines[start:start + block]:
                tpl = json.loads(l).get('template')
                gold = None if tpl is None else '%s:%s' % (name, tpl)
                if not l.endswith(b'}'):
                    sys.exit('eval.py: logs/%s.ndjson: a line that is not '
                             'one JSON object' % name)
                extra = ', "system": %s, "system_template": %s}' % (
                    json.dumps(name), json.dumps(gold))
                out_lines.append(l[:-1] + extra.encode())
    with open(out, 'wb') as f:
        f.write(b'\n'.join(out_lines) + b'\n')
    return True


def log_sets(data):
    out = []
    logs = os.path.join(data, 'logs')
    if os.path.isdir(logs):
        for f in sorted(os.listdir(logs)):
            if f.endswith('.ndjson'):
                out.append(('logs-' + f[:-7], os.path.join(logs, f),
                            ['-f', 'message'], 'template'))
    return out


def sets_for(data, neardup, mode):
    mixed = os.path.join(neardup, 'logs-mixed.ndjson')
    mixed = [('logs-mixed', mixed, ['-f', 'message'], 'system_template')] \
        if os.path.exists(mixed) else []
    if mode == 'template':
        return log_sets(data) + mixed
    out = []
    if neardup:
        for name in ('articles', 'headlines', 'short'):
            p = os.path.join(neardup, name + '.ndjson')
            if os.path.exists(p) and name != 'seeds':
                out.append(('neardup-' + name, p, ['-f', 'text'], 'dup'))
    out.append(('seeds', os.path.join(data, 'seeds.ndjson'),
                ['-f', 'text'], 'story'))
    if neardup and os.path.exists(os.path.join(neardup, 'art-seeds.ndjson')):
        out.append(('articles+seeds',
                    os.path.join(neardup, 'art-seeds.ndjson'),
                    ['-f', 'text'], 'story'))
    out.append(('articles', os.path.join(data, 'news-articles-dev.ndjson'),
                ['-f', 'text'], 'story'))
    head = ['-f', 'title']
    if mode == 'story':
        head += ['--time-field', 'time']
    out.append(('headlines', os.path.join(data, 'news-headlines-dev.ndjson'),
                head, 'story'))
    out += log_sets(data)
    if mode == 'near':
        out += mixed
    return out


def summaries(rows, nsys):
    """One line per mode that ran log sets: mean and lowest GA over the
    logs-SYS sets (saying how many when not all nsys of them ran, as
    under --sets), and the GA of logs-mixed."""
    lines = []
    modes = []
    for m in rows:
        if m['mode'] not in modes:
            modes.append(m['mode'])
    for mode in modes:
        per = [(m['set'][5:], m['grouping_acc']) for m in rows
               if m['mode'] == mode and m['set'].startswith('logs-')
               and m['set'] != 'logs-mixed']
        mixed = [m['grouping_acc'] for m in rows
                 if m['mode'] == mode and m['set'] == 'logs-mixed']
        parts = []
        if per:
            low = min(per, key=lambda x: x[1])
            parts.append('mean GA %.3f, min %.3f (%s)' % (
                sum(g for _, g in per) / len(per), low[1], low[0]))
            if len(per) != nsys:
                parts[-1] += ' over %d system%s' % (
                    len(per), '' if len(per) == 1 else 's')
        if mixed:
            parts.append('mixed %.3f' % mixed[0])
        elif per:
            parts.append('mixed not run')
        if parts:
            lines.append('%s logs: %s' % (mode, ', '.join(parts)))
    return lines


def main():
    argv, extra = split_extra(sys.argv[1:])
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--data', default=os.path.join(root, '..', 'shared',
                                                   'data'))
    ap.add_argument('--bin', default=os.path.join(root, 'ndcluster'))
    ap.add_argument('--modes', default='near,story,template')
    ap.add_argument('--sets', default='',
                    help='comma-separated prefixes of set names to run')
    ap.add_argument('--no-neardup', action='store_true',
                    help='skip making and scoring the near-duplicate sets')
    ap.add_argument('--json', action='store_true')
    a = ap.parse_args(argv)

    if not os.path.isfile(os.path.join(a.data, 'seeds.ndjson')):
        sys.exit('eval.py: no labelled data in %s (it is not part of the '
                 'repository); give --data DIR' % os.path.abspath(a.data))
    modes = [m for m in a.modes.split(',') if m]
    neardup = tempfile.mkdtemp(prefix='ndc-eval-')
    try:
        run_all(a, here, extra, modes, neardup)
    finally:
        shutil.rmtree(neardup, ignore_errors=True)


def run_all(a, here, extra, modes, neardup):
    if not a.no_neardup:
        subprocess.run([sys.executable, os.path.join(here, 'make-neardup.py'),
                        '--data', a.data, '--out', neardup],
                       check=True, capture_output=True)
    seeds_in_articles(a.data, os.path.join(neardup, 'art-seeds.ndjson'))
    logs_mixed(a.data, os.path.join(neardup, 'logs-mixed.ndjson'))
    wanted = [s for s in a.sets.split(',') if s]
    rows = []
    for mode in modes:
        probe = subprocess.run([a.bin, '-m', mode], input=b'',
                               capture_output=True)
        if probe.returncode != 0:
            print('eval.py: this ndcluster has no mode %s; skipped' % mode,
                  file=sys.stderr)
            continue
        for name, path, fargs, gold in sets_for(a.data, neardup, mode):
            if wanted and not any(name.startswith(w) for w in wanted):
                continue
            m = run_set(a.bin, ['-m', mode] + fargs + extra, path, gold)
            m['mode'], m['set'] = mode, name
            rows.append(m)
    if a.json:
        for m in rows:
            print(json.dumps(m, sort_keys=True))
        return
    print('options: %s' % (' '.join(extra) if extra else '(defaults)'))
    hdr = '%-8s %-18s %6s %6s %6s %6s %6s %6s %11s %9s' % (
        'mode', 'set', 'P', 'R', 'F1', 'B3-F1', 'ARI', 'GA', 'clusters',
        'rec/s')
    print(hdr)
    print('-' * len(hdr))
    for m in rows:
        print('%-8s %-18s %6.3f %6.3f %6.3f %6.3f %6.3f %6.3f %5d/%-5d %9.0f'
              % (m['mode'], m['set'], m['pair_p'], m['pair_r'], m['pair_f1'],
                 m['bcubed_f1'], m['ari'], m['grouping_acc'],
                 m['pred_clusters'], m['gold_clusters'], m['records_per_s']))
    summary = summaries(rows, len(log_sets(a.data)))
    if summary:
        print()
        for line in summary:
            print(line)


if __name__ == '__main__':
    main()
