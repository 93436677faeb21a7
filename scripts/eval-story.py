#!/usr/bin/env python3
"""eval-story.py - story mode's pair F1 on the news sets, as means over orders.

usage: eval-story.py [--data DIR] [--bin PATH] [--orders N] [--json]
                     [-- NDCLUSTER-OPTIONS ...]

A streaming clusterer's score moves with the order of its input (about
0.02 F1 on these sets), so one run says little about a change.  This
script runs story mode over each set in N orders (default 5) and prints
the mean pair F1, its spread, and mean precision, recall and B-cubed F1.

Orders: order 0 is the file's own; order k > 0 is a shuffle seeded by k.
A set read with its time (--time-field) is a feed in time order, so its
shuffles keep the time order and shuffle only records of equal time.

The sets (gold: story):

  articles         news-articles-dev.ndjson, -f text
  articles+seeds   the same with the five seeds spread among them; the
                   row also says in how many orders the seeds were one
                   cluster holding nothing else ("seeds alone k/N")
  headlines        news-headlines-dev.ndjson, -f title --time-field time
  headlines-notime the same without time
  basil-notime     news-basil-dev.ndjson, -f title -f text
  basil-time       the same with --time-field time

Every option after "--" goes to each run (e.g. -- -t 0.3).  The data
directory (default ../shared/data) is not part of the repository; without
it this script says so and exits 1.
"""
import argparse
import json
import os
import random
import sys
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import eval as evalpy  # noqa: E402

SETS = (
    ('articles', 'news-articles-dev.ndjson', ['-f', 'text'], False),
    ('articles+seeds', None, ['-f', 'text'], False),
    ('headlines', 'news-headlines-dev.ndjson',
     ['-f', 'title', '--time-field', 'time'], True),
    ('headlines-notime', 'news-headlines-dev.ndjson', ['-f', 'title'], False),
    ('basil-notime', 'news-basil-dev.ndjson',
     ['-f', 'title', '-f', 'text'], False),
    ('basil-time', 'news-basil-dev.ndjson',
     ['-f', 'title', '-f', 'text', '--time-field', 'time'], True),
)
SEED_LABEL = [None]  # the seeds' story label, read from seeds.ndjson


def read_lines(path):
    with open(path, 'rb') as f:
        return [l for l in f.read().splitlines() if l.strip()]


def order(lines, k, timed):
    if k == 0:
        return list(lines)
    rng = random.Random(k)
    idx = list(range(len(lines)))
    rng.shuffle(idx)
    if timed:
        times = [json.loads(l).get('time') or '' for l in lines]
        idx.sort(key=lambda i: times[i])  # stable: ties keep the shuffle
    return [lines[i] for i in idx]


def run_one(binary, args, lines):
    """Scores one run over lines, and notes whether the five seeds came
    out as one cluster holding nothing else (None: no seeds in lines)."""
    m, pred = evalpy.run_data(binary, ['-m', 'story'] + args,
                              b'\n'.join(lines) + b'\n', 'story')
    gold = [json.loads(l).get('story') for l in lines]
    seeds = [q.get('cluster') for g, q in zip(gold, pred)
             if g == SEED_LABEL[0]]
    m['seeds_alone'] = None
    if len(seeds) == 5:
        m['seeds_alone'] = len(set(seeds)) == 1 and sum(
            1 for q in pred if q.get('cluster') == seeds[0]) == 5
    return m


def main():
    argv, extra = evalpy.split_extra(sys.argv[1:])
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--data', default=os.path.join(root, '..', 'shared',
                                                   'data'))
    ap.add_argument('--bin', default=os.path.join(root, 'ndcluster'))
    ap.add_argument('--orders', type=int, default=5)
    ap.add_argument('--sets', default='',
                    help='comma-separated prefixes of set names to run')
    ap.add_argument('--json', action='store_true')
    a = ap.parse_args(argv)
    if not os.path.isfile(os.path.join(a.data, 'seeds.ndjson')):
        sys.exit('eval-story.py: no labelled data in %s (it is not part of '
                 'the repository); give --data DIR' % os.path.abspath(a.data))
    seeds = read_lines(os.path.join(a.data, 'seeds.ndjson'))
    SEED_LABEL[0] = json.loads(seeds[0]).get('story')
    wanted = [s for s in a.sets.split(',') if s]
    jobs = []
    for name, fname, args, timed in SETS:
        if wanted and not any(name.startswith(w) for w in wanted):
            continue
        lines = evalpy.articles_with_seeds(a.data) if fname is None else \
            read_lines(os.path.join(a.data, fname))
        for k in range(a.orders):
            jobs.append((name, k, args + extra, order(lines, k, timed)))
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as ex:
        res = list(ex.map(lambda j: run_one(a.bin, j[2], j[3]), jobs))
    rows = {}
    for (name, k, _, _), m in zip(jobs, res):
        rows.setdefault(name, []).append(m)
    if a.json:
        for name, ms in rows.items():
            print(json.dumps({'set': name, 'f1': [m['pair_f1'] for m in ms],
                              'mean_f1': mean(ms, 'pair_f1')}))
        return
    print('story mode, %d orders, options: %s' % (
        a.orders, ' '.join(extra) if extra else '(defaults)'))
    hdr = '%-17s %6s %6s %6s %6s %6s %6s  %s' % (
        'set', 'F1', 'min', 'max', 'P', 'R', 'B3-F1', 'clusters')
    print(hdr)
    print('-' * len(hdr))
    for name, ms in rows.items():
        f1 = [m['pair_f1'] for m in ms]
        line = '%-17s %6.3f %6.3f %6.3f %6.3f %6.3f %6.3f  %5.0f/%d' % (
            name, mean(ms, 'pair_f1'), min(f1), max(f1), mean(ms, 'pair_p'),
            mean(ms, 'pair_r'), mean(ms, 'bcubed_f1'),
            mean(ms, 'pred_clusters'), ms[0]['gold_clusters'])
        if name == 'articles+seeds':
            line += '  seeds alone %d/%d' % (
                sum(1 for m in ms if m['seeds_alone']), len(ms))
        print(line)


def mean(ms, key):
    return sum(m[key] for m in ms) / len(ms)


if __name__ == '__main__':
    main()
