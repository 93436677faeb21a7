#!/usr/bin/env python3
"""score.py - score a clustering of NDJSON records against gold labels.

usage: score.py --gold FIELD [--pred FIELD] [--json] FILE [PREDFILE]

With one FILE, every record carries both the gold field and the predicted
field (e.g. ndcluster output of a labelled file).  With two files, the
gold labels come from FILE and the predictions from PREDFILE, matched by
line (both must hold the same number of records).

Fields are dotted paths (a.b.c).  A missing or null predicted label makes
the record a singleton; so does a missing or null gold label (counted and
reported as gold_missing).

Prints pairwise precision / recall / F1, B-cubed precision / recall / F1,
ARI (adjusted Rand index), grouping accuracy (a record counts when its
predicted cluster holds exactly the records of its gold group) and the
numbers of predicted and gold clusters.

Memory is O(distinct labels + non-empty contingency cells), at most O(n);
nothing loops over pairs of records.

Conventions for empty denominators: pairwise precision is 1 when no pair
is predicted, pairwise recall is 1 when the gold has no pair; ARI is 1
when both partitions are identical (including all-singletons) and 0 when
its denominator is 0 otherwise.
"""
import argparse
import json
import sys
from collections import Counter


def get_path(obj, path):
    cur = obj
    for part in path.split('.'):
        if isinstance(cur, dict) and part in cur:
            cur = cur[part]
        else:
            return None
    return cur


def label_key(v):
    # Labels of any JSON type; 1 and "1" stay distinct.
    if isinstance(v, (dict, list)):
        return ('j', json.dumps(v, sort_keys=True))
    return (type(v).__name__, v)


def records(path):
    f = sys.stdin if path == '-' else open(path, encoding='utf-8')
    try:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                yield json.loads(line)
            except ValueError as e:
                sys.exit(f'score.py: {path}:{lineno}: bad JSON: {e}')
    finally:
        if f is not sys.stdin:
            f.close()


def c2(x):
    return x * (x - 1) // 2


def score(pairs):
    """pairs: iterable of (gold_key_or_None, pred_key_or_None)."""
    cells = Counter()
    gsz = Counter()
    psz = Counter()
    n = 0
    gold_missing = pred_null = 0
    for g, p in pairs:
        n += 1
        if g is None:
            gold_missing += 1
            g = ('__singleton__', n)
        if p is None:
            pred_null += 1
            p = ('__singleton__', n)
        cells[(g, p)] += 1
        gsz[g] += 1
        psz[p] += 1

    tp = sum(c2(v) for v in cells.values())
    gold_pairs = sum(c2(v) for v in gsz.values())
    pred_pairs = sum(c2(v) for v in psz.values())
    total_pairs = c2(n)

    pp = tp / pred_pairs if pred_pairs else 1.0
    pr = tp / gold_pairs if gold_pairs else 1.0
    pf = 2 * pp * pr / (pp + pr) if pp + pr else 0.0

    # B-cubed: per record, precision = |C∩G|/|C|, recall = |C∩G|/|G|.
    if n:
        bp = sum(v * v / psz[p] for (g, p), v in cells.items()) / n
        br = sum(v * v / gsz[g] for (g, p), v in cells.items()) / n
    else:
        bp = br = 1.0
    bf = 2 * bp * br / (bp + br) if bp + br else 0.0

    # ARI (Hubert and Arabie 1985) from the contingency table.
    if total_pairs:
        expected = gold_pairs * pred_pairs / total_pairs
        max_index = (gold_pairs + pred_pairs) / 2
        if max_index - expected != 0:
            ari = (tp - expected) / (max_index - expected)
        else:
            ari = 1.0 if tp == gold_pairs == pred_pairs else 0.0
    else:
        ari = 1.0

    # Grouping accuracy: records whose predicted cluster is exactly their
    # gold group, i.e. the cell fills both its row and its column.
    exact = sum(v for (g, p), v in cells.items() if v == gsz[g] == psz[p])
    ga = exact / n if n else 1.0

    return {
        'records': n,
        'pred_clusters': len(psz),
        'gold_clusters': len(gsz),
        'pred_singletons': sum(1 for v in psz.values() if v == 1),
        'gold_singletons': sum(1 for v in gsz.values() if v == 1),
        'pair_tp': tp,
        'pred_pairs': pred_pairs,
        'gold_pairs': gold_pairs,
        'pair_p': pp, 'pair_r': pr, 'pair_f1': pf,
        'bcubed_p': bp, 'bcubed_r': br, 'bcubed_f1': bf,
        'ari': ari,
        'grouping_acc': ga,
        'gold_missing': gold_missing,
        'pred_null': pred_null,
    }


def main(argv=None):
    ap = argparse.ArgumentParser(
        description='Score predicted clusters against gold labels.')
    ap.add_argument('--gold', required=True, help='gold label field (dotted)')
    ap.add_argument('--pred', default='cluster',
                    help='predicted cluster field (dotted, default cluster)')
    ap.add_argument('--json', action='store_true',
                    help='print one JSON object')
    ap.add_argument('file', help='NDJSON file with gold (and pred) labels')
    ap.add_argument('predfile', nargs='?',
                    help='NDJSON file with the predictions, line-aligned')
    a = ap.parse_args(argv)

    def kv(v):
        return None if v is None else label_key(v)

    if a.predfile is None:
        pairs = ((kv(get_path(r, a.gold)), kv(get_path(r, a.pred)))
                 for r in records(a.file))
    else:
        def zipped():
            gi = records(a.file)
            pi = records(a.predfile)
            sentinel = object()
            while True:
                g = next(gi, sentinel)
                p = next(pi, sentinel)
                if g is sentinel and p is sentinel:
                    return
                if g is sentinel or p is sentinel:
                    sys.exit('score.py: the two files hold different '
                             'numbers of records')
                yield kv(get_path(g, a.gold)), kv(get_path(p, a.pred))
        pairs = zipped()

    s = score(pairs)
    if a.json:
        print(json.dumps(s, sort_keys=False))
        return
    print(f"records         {s['records']}")
    print(f"clusters        pred {s['pred_clusters']}  gold {s['gold_clusters']}"
          f"  (singletons pred {s['pred_singletons']}  gold {s['gold_singletons']})")
    print(f"pairwise        P {s['pair_p']:.4f}  R {s['pair_r']:.4f}  F1 {s['pair_f1']:.4f}"
          f"  (tp {s['pair_tp']}, pred pairs {s['pred_pairs']}, gold pairs {s['gold_pairs']})")
    print(f"b-cubed         P {s['bcubed_p']:.4f}  R {s['bcubed_r']:.4f}  F1 {s['bcubed_f1']:.4f}")
    print(f"ARI             {s['ari']:.4f}")
    print(f"grouping acc    {s['grouping_acc']:.4f}")
    if s['gold_missing'] or s['pred_null']:
        print(f"null labels     gold {s['gold_missing']}  pred {s['pred_null']}"
              " (each a singleton)")


if __name__ == '__main__':
    main()
