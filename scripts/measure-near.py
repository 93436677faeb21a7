#!/usr/bin/env python3
"""measure-near.py - measure ndcluster's near-duplicate mode over a grid of
options on the sets of make-neardup.py, and the analyses behind the
defaults.  Normally run through scripts/measure-near.sh.

usage: measure-near.py [--sets DIR] [--bin PATH] [--data DIR] [--quick]

Sections of the output:
  A  the grid: one line per set and options (shingle, t, perm, bands)
  B  best options per set by ARI, and the best single setting overall
     (mean ARI over articles, headlines, short; seeds property kept)
  C  hash-seed robustness of the leading settings (--seed 1..10)
  D  exact Jaccard of the seeds pairs, shingle sizes 1..5
  E  exact Jaccard of the near-duplicate pairs (copy vs source) per set
     and shingle size, and pairs whose lengths straddle the adaptive cuts
  F  adaptive shingle cut points, by ndcluster runs with a fixed
     --shingle per length bucket (groups bucketed by their source length)
  G  adaptive shingle cut points, by an exact-Jaccard simulation of the
     streaming clusterer with a per-record rule (an adaptive rule, which ndcluster no longer uses)
  H  log grouping accuracy at the default and the chosen settings
"""
import argparse
import glob
import json
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from score import score, label_key  # noqa: E402

WORD_RE = re.compile(r'[^\W_]+')
SETS = ('articles', 'headlines', 'short')
SHINGLES = (0, 1, 2, 3, 4, 5)
THRESHOLDS = (0.2, 0.3, 0.38, 0.4, 0.5, 0.6, 0.7, 0.8)
PERM_BANDS = ((64, 32), (64, 21), (64, 16), (128, 64), (128, 42), (128, 32))
DEFAULT = (0, 0.38, 128, 42)


def norm_words(text):
    return WORD_RE.findall(text.lower())


def shingles(words, k):
    if not words:
        return frozenset()
    span = min(k, len(words))
    return frozenset(tuple(words[i:i + span])
                     for i in range(len(words) - span + 1))


def jac(a, b):
    if not a and not b:
        return 1.0
    i = len(a & b)
    return i / (len(a) + len(b) - i)


def read_ndjson(path):
    with open(path, encoding='utf-8') as f:
        return [json.loads(x) for x in f if x.strip()]


def out(*a):
    print(*a, flush=True)


class Runner:
    def __init__(self, binary, tmp):
        self.bin = binary
        self.tmp = tmp

    def run(self, path, shingle, t, perm, bands, seed=0, field='text'):
        """Runs ndcluster; returns (cluster ids, records/s)."""
        dst = os.path.join(self.tmp, 'out.ndjson')
        cmd = [self.bin, '--stats', '-f', field, '--shingle', str(shingle),
               '-t', f'{t:g}', '--perm', str(perm), '--bands', str(bands),
               '--seed', str(seed), path]
        with open(dst, 'w') as fo:
            p = subprocess.run(cmd, stdout=fo, stderr=subprocess.PIPE,
                               text=True)
        if p.returncode != 0:
            sys.exit(f'{" ".join(cmd)}: exit {p.returncode}: {p.stderr}')
        stats = json.loads(p.stderr.strip().splitlines()[-1])
        with open(dst, encoding='utf-8') as f:
            clusters = [json.loads(x).get('cluster') for x in f]
        return clusters, stats['records_per_s']


def score_labels(gold, pred):
    return score((label_key(g), None if p is None else label_key(p))
                 for g, p in zip(gold, pred))


def fmt_opts(o):
    sh, t, perm, bands = o
    return f'sh={sh} t={t:g} perm={perm} bands={bands} (rows {perm // bands})'


# ---- A, B: the grid ------------------------------------------------------

def grid(runner, sets, quick):
    shs = (0, 1, 3) if quick else SHINGLES
    ths = (0.3, 0.5) if quick else THRESHOLDS
    pbs = ((64, 16), (128, 42)) if quick else PERM_BANDS
    res = {}
    out('== A. grid: pairwise P/R/F1, B-cubed F1, ARI, clusters pred/gold, '
        'records/s (ndcluster --stats) ==')
    out(f'{"set":<10} {"sh":>2} {"t":>4} {"perm":>4} {"bands":>5} {"rows":>4}'
        f' {"P":>6} {"R":>6} {"F1":>6} {"B3F1":>6} {"ARI":>6} '
        f'{"pred/gold":>10} {"rec/s":>8}')
    for name in sets:
        path, gold = sets[name]
        for sh in shs:
            for perm, bands in pbs:
                for t in ths:
                    pred, rps = runner.run(path, sh, t, perm, bands)
                    s = score_labels(gold, pred)
                    res[(name, (sh, t, perm, bands))] = s
                    out(f'{name:<10} {sh:>2} {t:>4g} {perm:>4} {bands:>5} '
                        f'{perm // bands:>4} {s["pair_p"]:6.3f} '
                        f'{s["pair_r"]:6.3f} {s["pair_f1"]:6.3f} '
                        f'{s["bcubed_f1"]:6.3f} {s["ari"]:6.3f} '
                        f'{s["pred_clusters"]:>5}/{s["gold_clusters"]:<4} '
                        f'{rps:>8.0f}')
    return res, [(sh, t, p, b) for sh in shs for p, b in pbs for t in ths]


def summarise(res, opts):
    out('\n== B. best options ==')
    for name in SETS + ('seeds',):
        best = max(opts, key=lambda o: (res[(name, o)]['ari'],
                                        res[(name, o)]['pair_f1']))
        s = res[(name, best)]
        n_best = sum(1 for o in opts if res[(name, o)]['ari'] == s['ari'])
        out(f'{name:<10} best ARI {s["ari"]:.4f} (F1 {s["pair_f1"]:.4f}) at '
            f'{fmt_opts(best)}' + (f'; {n_best} settings tie'
                                   if n_best > 1 else ''))
    d = DEFAULT
    out(f'current default {fmt_opts(d)}: ' + ', '.join(
        f'{n} ARI {res[(n, d)]["ari"]:.3f}' for n in SETS + ('seeds',)
        if (n, d) in res))
    rows = []
    for o in opts:
        aris = [res[(n, o)]['ari'] for n in SETS]
        rows.append((statistics.mean(aris), min(aris), o,
                     res[('seeds', o)]['ari'] == 1.0))
    rows.sort(key=lambda r: (-r[0], -r[1]))
    n_ok = sum(1 for r in rows if r[3])
    out(f'settings keeping the seeds property (000+001 together, 002, 003, '
        f'004 alone): {n_ok} of {len(rows)}')
    by_sh = {}
    for r in rows:
        if r[3]:
            by_sh.setdefault(r[2][0], r)
    out('best seeds-keeping setting per shingle: ' + '; '.join(
        f'sh={k}: {v[0]:.3f} at t={v[2][1]:g} {v[2][2]}/{v[2][3]}'
        for k, v in sorted(by_sh.items())))
    out('top 15 by mean ARI over ' + ', '.join(SETS) +
        ' (seeds: ok = property kept):')
    for m, lo, o, ok in rows[:15]:
        out(f'  mean {m:.4f} min {lo:.4f}  {fmt_opts(o)}  seeds '
            f'{"ok" if ok else "BROKEN"}  ' + '  '.join(
                f'{n} {res[(n, o)]["ari"]:.3f}' for n in SETS))
    keep = [r for r in rows if r[3]]
    return rows, keep


# ---- C: seed robustness -------------------------------------------------

def robustness(runner, sets, cands, n_seeds=10):
    out(f'\n== C. hash-seed robustness: --seed 1..{n_seeds}, mean (min) ARI '
        'per set, seeds property kept in how many runs ==')
    rob = []
    for o in cands:
        per = {n: [] for n in SETS}
        seeds_ok = 0
        for seed in range(1, n_seeds + 1):
            for n in SETS:
                path, gold = sets[n]
                pred, _ = runner.run(path, *o, seed=seed)
                per[n].append(score_labels(gold, pred)['ari'])
            path, gold = sets['seeds']
            pred, _ = runner.run(path, *o, seed=seed)
            seeds_ok += score_labels(gold, pred)['ari'] == 1.0
        mean_all = statistics.mean(statistics.mean(v) for v in per.values())
        rob.append((mean_all, seeds_ok, o, per))
        out(f'  {fmt_opts(o):<40} mean {mean_all:.4f}  seeds ok '
            f'{seeds_ok}/{n_seeds}  ' + '  '.join(
                f'{n} {statistics.mean(v):.3f} ({min(v):.3f})'
                for n, v in per.items()))
    return rob


# ---- D, E: exact Jaccard --------------------------------------------------

def seeds_jaccard(data):
    out('\n== D. exact Jaccard of the seeds pairs (lower case, split on '
        'non-alphanumerics; k-word shingles) ==')
    seeds = {r['id']: norm_words(r['text'])
             for r in read_ndjson(os.path.join(data, 'seeds.ndjson'))}
    out('words: ' + ', '.join(f'{k} {len(v)}' for k, v in seeds.items()))
    pairs = [('000', '001'), ('000', '002'), ('000', '003'), ('000', '004'),
             ('001', '002'), ('001', '003'), ('001', '004')]
    rest = [('002', '003'), ('002', '004'), ('003', '004')]
    out(f'{"k":>2} ' + ' '.join(f'{a}-{b}' for a, b in pairs) +
        '  max(other pairs)')
    for k in range(1, 6):
        sh = {i: shingles(w, k) for i, w in seeds.items()}
        vals = [jac(sh[a], sh[b]) for a, b in pairs]
        other = max([jac(sh[a], sh[b]) for a, b in rest] + vals[1:])
        out(f'{k:>2} ' + ' '.join(f'{v:7.3f}' for v in vals) +
            f'  {other:7.3f}   margin 000-001 minus max other: '
            f'{vals[0] - other:+.3f}')


def pair_jaccard(recs_by_set):
    out('\n== E. exact Jaccard of near-duplicate pairs (each copy vs its '
        'source): quantiles 10/50/90 % ==')
    out('   and the share of copies whose word count is on the other side of '
        'an adaptive cut (16 or 64 words) from its source')
    for name, recs in recs_by_set.items():
        src = {}
        for r in recs:
            if r['orig']:
                src[r['dup']] = norm_words(r['text'])
        pairs = [(src[r['dup']], norm_words(r['text']))
                 for r in recs if not r['orig']]
        line = []
        for k in range(1, 6):
            js = sorted(jac(shingles(a, k), shingles(b, k)) for a, b in pairs)
            q = [js[int(p * (len(js) - 1))] for p in (0.1, 0.5, 0.9)]
            line.append(f'k={k} {q[0]:.2f}/{q[1]:.2f}/{q[2]:.2f}')
        cut = lambda n: 0 if n < 16 else 1 if n < 64 else 2   # noqa: E731
        strad = sum(1 for a, b in pairs if cut(len(a)) != cut(len(b)))
        out(f'  {name:<10} ' + '  '.join(line) +
            f'  straddling {strad}/{len(pairs)} ({100 * strad / len(pairs):.1f}%)')


# ---- F: cut points by per-bucket ndcluster runs ---------------------------

BUCKETS = (0, 8, 12, 16, 20, 24, 32, 48, 64, 96, 128, 192, 256, math.inf)


def bucket_of(n):
    for i in range(len(BUCKETS) - 1):
        if BUCKETS[i] <= n < BUCKETS[i + 1]:
            return i
    return len(BUCKETS) - 2


def rule_k(n, cuts):
    """cuts (c1, c2, c3): k = 1 below c1, 2 below c2, 3 below c3, else 4."""
    for k, c in enumerate(cuts, 1):
        if n < c:
            return k
    return len(cuts) + 1


def cut_candidates():
    """(c1, c2, c3) with c1 <= c2 <= c3 on bucket edges; includes the
    fixed sizes 1 to 4."""
    edges = (0,) + tuple(BUCKETS[1:])
    cands = []
    for c1 in edges:
        for c2 in edges:
            if c2 < c1:
                continue
            for c3 in (0, 64, 128, 256, math.inf):
                if c3 < c2:
                    continue
                cands.append((c1, c2, c3))
    return cands


def fmt_cuts(c):
    return '(' + ', '.join('inf' if x == math.inf else str(x) for x in c) + ')'


def bucket_analysis(runner, recs_by_set, opts, tmp):
    _, t, perm, bands = opts
    out(f'\n== F. cut points by ndcluster runs with a fixed --shingle per '
        f'length bucket (t={t:g} perm={perm} bands={bands}) ==')
    out('   groups are bucketed by the word count of their source, so a '
        'copy is never split from its source here (see G for that)')
    preds = {}      # (set, bucket, k) -> {record index: label}
    golds = {}
    for name, recs in recs_by_set.items():
        srclen = {r['dup']: len(norm_words(r['text']))
                  for r in recs if r['orig']}
        golds[name] = [r['dup'] for r in recs]
        byb = {}
        for i, r in enumerate(recs):
            byb.setdefault(bucket_of(srclen[r['dup']]), []).append(i)
        out(f'  {name}: records per bucket ' + ', '.join(
            f'[{BUCKETS[b]},{BUCKETS[b + 1]}) {len(ix)}'
            for b, ix in sorted(byb.items())))
        for b, ix in sorted(byb.items()):
            path = os.path.join(tmp, f'{name}-b{b}.ndjson')
            with open(path, 'w', encoding='utf-8') as f:
                for i in ix:
                    f.write(json.dumps({'text': recs[i]['text']}) + '\n')
            aris = []
            for k in range(1, 6):
                pred, _ = runner.run(path, k, t, perm, bands)
                preds[(name, b, k)] = {i: (b, p) for i, p in zip(ix, pred)}
                g = [golds[name][i] for i in ix]
                aris.append(score_labels(g, pred)['ari'])
            out(f'    [{BUCKETS[b]:>3},{BUCKETS[b + 1]:>4}) n={len(ix):>4} '
                'ARI by k=1..5: ' + ' '.join(f'{a:.3f}' for a in aris))

    def rule_score(cuts):
        aris = {}
        for name, recs in recs_by_set.items():
            buckets = {b for (n, b, k) in preds if n == name}
            lab = [None] * len(recs)
            for b in buckets:
                k = rule_k(BUCKETS[b], cuts)
                for i, p in preds[(name, b, k)].items():
                    lab[i] = p
            aris[name] = score_labels(golds[name],
                                      [json.dumps(x) for x in lab])['ari']
        return statistics.mean(aris.values()), aris

    cands = cut_candidates()
    scored = sorted(((rule_score(c), c) for c in cands),
                    key=lambda x: -x[0][0])
    cur = rule_score((16, 64, math.inf))
    out(f'  old adaptive rule {fmt_cuts((16, 64, math.inf))}: mean ARI '
        f'{cur[0]:.4f} ' + ' '.join(f'{n} {a:.3f}' for n, a in cur[1].items()))
    for k in range(1, 5):
        cuts = (math.inf,) * (4 - k) if k == 1 else \
            (0,) * (k - 1) + (math.inf,) * (3 - (k - 1))
        r = rule_score(cuts)
        out(f'  fixed k={k}: mean ARI {r[0]:.4f} ' +
            ' '.join(f'{n} {a:.3f}' for n, a in r[1].items()))
    out('  best rules (c1, c2, c3: k=1 below c1, 2 below c2, 3 below c3, '
        'else 4):')
    for (m, aris), c in scored[:10]:
        out(f'    {fmt_cuts(c):<18} mean ARI {m:.4f} ' +
            ' '.join(f'{n} {a:.3f}' for n, a in aris.items()))
    return scored


# ---- G: exact-Jaccard streaming simulation ---------------------------------

def sim_prepare(recs, top=40, floor=0.05):
    """For each record and k = 1..5, the earlier records with exact Jaccard
    >= floor, best first (ties: newest first), at most top."""
    words = [norm_words(r['text']) for r in recs]
    lens = [len(w) for w in words]
    cand = {}
    for k in range(1, 6):
        sets = [shingles(w, k) for w in words]
        index = {}
        lists = []
        for i, s in enumerate(sets):
            seen = {}
            for x in s:
                for j in index.get(x, ()):
                    seen[j] = seen.get(j, 0) + 1
            lst = []
            for j, inter in seen.items():
                jj = inter / (len(s) + len(sets[j]) - inter)
                if jj >= floor:
                    lst.append((jj, j))
            lst.sort(key=lambda x: (-x[0], -x[1]))
            lists.append(lst[:top])
            for x in s:
                index.setdefault(x, []).append(i)
        cand[k] = lists
    return lens, cand


def sim_run(lens, cand, t, kfun):
    ks = [kfun(n) for n in lens]
    lab = []
    for i, k in enumerate(ks):
        c = i
        for jj, j in cand[min(k, 5)][i]:
            if ks[j] == k:
                if jj >= t:
                    c = lab[j]
                break
        lab.append(c)
    return lab


def sim_analysis(recs_by_set, seeds_recs, t):
    out(f'\n== G. exact-Jaccard simulation of the streaming clusterer '
        f'(best match >= t={t:g} joins; shingle size per record by its own '
        f'word count, the adaptive rule ndcluster tried first) ==')
    t0 = time.time()
    prep = {n: sim_prepare(r) for n, r in recs_by_set.items()}
    sprep = sim_prepare(seeds_recs)
    golds = {n: [x['dup'] for x in r] for n, r in recs_by_set.items()}
    sgold = [x['dup'] for x in seeds_recs]
    out(f'  (candidate lists built in {time.time() - t0:.0f} s)')

    def evaluate(kfun, tt=t):
        aris = {n: score_labels(golds[n], sim_run(*prep[n], tt, kfun))['ari']
                for n in prep}
        sok = score_labels(sgold, sim_run(*sprep, tt, kfun))['ari'] == 1.0
        return statistics.mean(aris.values()), aris, sok

    out('  fixed k (compare with the grid at the same t):')
    for k in range(1, 6):
        m, aris, sok = evaluate(lambda n, k=k: k)
        out(f'    k={k}: mean ARI {m:.4f} ' + ' '.join(
            f'{n} {a:.3f}' for n, a in aris.items()) +
            f'  seeds {"ok" if sok else "BROKEN"}')
    rows = []
    for c in cut_candidates():
        m, aris, sok = evaluate(lambda n, c=c: rule_k(n, c))
        rows.append((m, c, aris, sok))
    rows.sort(key=lambda r: -r[0])
    cur = [r for r in rows if r[1] == (16, 64, math.inf)][0]
    out(f'  old adaptive rule {fmt_cuts(cur[1])}: mean ARI {cur[0]:.4f} ' +
        ' '.join(f'{n} {a:.3f}' for n, a in cur[2].items()) +
        f'  seeds {"ok" if cur[3] else "BROKEN"}')
    out('  best rules:')
    for m, c, aris, sok in rows[:10]:
        out(f'    {fmt_cuts(c):<18} mean ARI {m:.4f} ' +
            ' '.join(f'{n} {a:.3f}' for n, a in aris.items()) +
            f'  seeds {"ok" if sok else "BROKEN"}')
    out('  best rule per threshold (exact Jaccard):')
    for tt in THRESHOLDS:
        best = max(((evaluate(lambda n, c=c: rule_k(n, c), tt), c)
                    for c in cut_candidates()), key=lambda x: x[0][0])
        fixed = max(((evaluate(lambda n, k=k: k, tt), k)
                     for k in range(1, 6)), key=lambda x: x[0][0])
        curr = evaluate(lambda n: rule_k(n, (16, 64, math.inf)), tt)
        out(f'    t={tt:g}: best rule {fmt_cuts(best[1]):<18} '
            f'{best[0][0]:.4f} (seeds {"ok" if best[0][2] else "BROKEN"}); '
            f'old rule {curr[0]:.4f} (seeds {"ok" if curr[2] else "BROKEN"});'
            f' best fixed k={fixed[1]} {fixed[0][0]:.4f}')

    out('  shingle size AND threshold by word count (one cut c: k=1 with '
        't1 below c, k=k2 with t2 from c on; t applies to the querying '
        'record):')
    trows = []
    for c in BUCKETS[1:-1]:
        for k2 in (2, 3):
            for t1 in THRESHOLDS:
                for t2 in THRESHOLDS:
                    def kt(n, c=c, k2=k2, t1=t1, t2=t2):
                        return (1, t1) if n < c else (k2, t2)
                    aris = {n: score_labels(golds[n],
                                            sim_run_kt(*prep[n], kt))['ari']
                            for n in prep}
                    sok = score_labels(sgold, sim_run_kt(*sprep, kt))[
                        'ari'] == 1.0
                    trows.append((statistics.mean(aris.values()), c, k2, t1,
                                  t2, aris, sok))
    trows.sort(key=lambda r: -r[0])
    for m, c, k2, t1, t2, aris, sok in [r for r in trows if r[6]][:8]:
        out(f'    c={c:<4} k=1,t={t1:g} | k={k2},t={t2:g}: mean ARI '
            f'{m:.4f} ' + ' '.join(f'{n} {a:.3f}' for n, a in aris.items()) +
            '  seeds ok')
    return rows


def sim_run_kt(lens, cand, ktfun):
    kts = [ktfun(n) for n in lens]
    lab = []
    for i, (k, t) in enumerate(kts):
        c = i
        for jj, j in cand[min(k, 5)][i]:
            if kts[j][0] == k:
                if jj >= t:
                    c = lab[j]
                break
        lab.append(c)
    return lab


# ---- H: logs ---------------------------------------------------------------

def logs(runner, data, settings):
    out('\n== H. logs (field message, gold template): grouping accuracy / '
        'ARI ==')
    files = sorted(glob.glob(os.path.join(data, 'logs', '*.ndjson')))
    for label, o in settings:
        gas, aris, parts = [], [], []
        for f in files:
            gold = [r['template'] for r in read_ndjson(f)]
            pred, _ = runner.run(f, *o, field='message')
            s = score_labels(gold, pred)
            gas.append(s['grouping_acc'])
            aris.append(s['ari'])
            parts.append(f'{os.path.basename(f)[:-7]} {s["grouping_acc"]:.2f}')
        out(f'  {label:<8} {fmt_opts(o):<40} mean GA '
            f'{statistics.mean(gas):.3f} mean ARI {statistics.mean(aris):.3f}'
            f'  ({", ".join(parts)})')


def throughput(runner, data, tmp, settings, reps=3):
    """A larger mixed stream: every text of the real data (articles,
    headlines, seeds, logs), about 19,600 records."""
    path = os.path.join(tmp, 'all.ndjson')
    n = 0
    with open(path, 'w', encoding='utf-8') as f:
        for name, field in (('news-articles-dev', 'text'),
                            ('news-headlines-dev', 'title'),
                            ('seeds', 'text')):
            for r in read_ndjson(os.path.join(data, name + '.ndjson')):
                f.write(json.dumps({'text': r[field]}) + '\n')
                n += 1
        for lf in sorted(glob.glob(os.path.join(data, 'logs', '*.ndjson'))):
            for r in read_ndjson(lf):
                f.write(json.dumps({'text': r['message']}) + '\n')
                n += 1
    out(f'\n== I. throughput on all real texts as one stream ({n} records; '
        f'median of {reps} runs, records/s from --stats) ==')
    for label, o in settings:
        rps = sorted(runner.run(path, *o)[1] for _ in range(reps))
        out(f'  {label:<10} {fmt_opts(o):<40} {rps[len(rps) // 2]:>9.0f}')


def build_info(binary):
    import hashlib
    with open(binary, 'rb') as f:
        digest = hashlib.sha256(f.read()).hexdigest()[:16]
    try:
        head = subprocess.run(['git', 'rev-parse', '--short', 'HEAD'],
                              capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(['git', 'status', '--porcelain', '--',
                                'src', 'include', 'Makefile'],
                               capture_output=True, text=True).stdout.strip()
    except OSError:
        head, dirty = '?', ''
    ver = subprocess.run([binary, '--version'], capture_output=True,
                         text=True).stdout.strip()
    return (f'{ver}, sha256 {digest}, tree at run time: commit {head}'
            f'{" + uncommitted changes in src/include" if dirty else ""}')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--sets', default='/tmp/ndc-neardup')
    ap.add_argument('--bin', default='./ndcluster')
    ap.add_argument('--bin-name', help='name of the binary to report')
    ap.add_argument('--data', default='../shared/data')
    ap.add_argument('--quick', action='store_true',
                    help='a small grid, for checking the script')
    a = ap.parse_args()

    recs_by_set = {n: read_ndjson(os.path.join(a.sets, n + '.ndjson'))
                   for n in SETS}
    seeds_recs = read_ndjson(os.path.join(a.sets, 'seeds.ndjson'))
    sets = {n: (os.path.join(a.sets, n + '.ndjson'),
                [r['dup'] for r in recs_by_set[n]]) for n in SETS}
    sets['seeds'] = (os.path.join(a.sets, 'seeds.ndjson'),
                     [r['dup'] for r in seeds_recs])
    out(f'# ndcluster near-duplicate measurements; sets in {a.sets} from '
        'scripts/make-neardup.py')
    out(f'# binary {a.bin_name or a.bin}: {build_info(a.bin)}')
    out('# ' + '; '.join(f'{n}: {len(g)} records, {len(set(g))} groups'
                         for n, (p, g) in sets.items()))

    with tempfile.TemporaryDirectory(prefix='ndc-measure-') as tmp:
        runner = Runner(a.bin, tmp)
        res, opts = grid(runner, sets, a.quick)
        rows, keep = summarise(res, opts)
        cands = [r[2] for r in keep[:16]]
        per_sh = {}
        for r in keep:
            per_sh.setdefault(r[2][0], r[2])
        for o in list(per_sh.values()) + [DEFAULT]:
            if o not in cands and ('articles', o) in res:
                cands.append(o)
        n_seeds = 3 if a.quick else 10
        rob = robustness(runner, sets, cands, n_seeds)
        full = [r for r in rob if r[1] == n_seeds]
        pool = full or [r for r in rob if r[1] == max(x[1] for x in rob)]
        chosen = max(pool, key=lambda r: r[0])
        out(f'chosen: best mean ARI over hash seeds 1..{n_seeds} among the '
            f'settings that keep the seeds property under '
            f'{"every" if full else "the most"} hash seed: '
            f'{fmt_opts(chosen[2])} mean {chosen[0]:.4f}, seeds ok '
            f'{chosen[1]}/{n_seeds}')
        seeds_jaccard(a.data)
        pair_jaccard(recs_by_set)
        bucket_analysis(runner, recs_by_set, chosen[2], tmp)
        sim_analysis(recs_by_set, seeds_recs, chosen[2][1])
        logs(runner, a.data, [('default', DEFAULT), ('chosen', chosen[2])])
        tp = [('default', DEFAULT), ('chosen', chosen[2])]
        for sh in (0, 1, 2, 3):
            for perm, bands in PERM_BANDS:
                tp.append(('grid', (sh, chosen[2][1], perm, bands)))
        throughput(runner, a.data, tmp, tp)


if __name__ == '__main__':
    main()
