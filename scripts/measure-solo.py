#!/usr/bin/env python3
"""measure-solo.py - how near mode should cut scripts written without
spaces, measured on proxies of Thai and Chinese text.

usage: measure-solo.py [--data DIR] [--bin NAME=COMMAND ...]

There is no labelled Thai or Chinese set, so the near-duplicate sets of
make-neardup.py (English articles and headlines with edited copies) are
turned into proxies: each English word becomes a fixed pseudo-word, of
one to three Thai syllables (a consonant with an optional leading vowel,
vowel sign, tone mark and final consonant, drawn by a hash of the word)
or of one to three Han characters (drawn from 3000 with a Zipf-like
skew); words are written without spaces and sentences end with a space.
The copies' edits, the sources' word frequencies and the groups carry
over.  Each --bin (a name and a command line, run with the set on its
standard input) is scored with score.py: pairwise P, R, F1 and ARI, and
clusters predicted / gold.  scripts/measure-solo.txt holds a run.
"""
import argparse
import hashlib
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import score as scorer  # noqa: E402

CONS = [chr(c) for c in range(0x0E01, 0x0E2F) if c not in (0x0E03, 0x0E05)]
FREQ_CONS = list('กนรมงดบยลทวสตคอหจปพช') * 3 + CONS
LEAD = ['', '', '', '', 'เ', 'แ', 'โ', 'ใ', 'ไ']
VOWEL = ['', '', 'า', 'ะ', 'ิ', 'ี', 'ึ', 'ื', 'ุ', 'ู', 'ั', 'ำ',
         'อ']
TONE = ['', '', '', '่', '้', '๊', '๋']
FINAL = ['', '', '', 'น', 'ง', 'ม', 'ก', 'ด', 'บ', 'ย',
         'ว']
HAN = [chr(0x4E00 + i * 7 % 0x5000) for i in range(3000)]


def h(word, i):
    d = hashlib.md5((word + '/' + str(i)).encode()).digest()
    return int.from_bytes(d[:8], 'little')


def thai_word(w):
    out = ''
    for i in range(1 if len(w) <= 3 else 2 if len(w) <= 7 else 3):
        x = h(w, i)
        for table, width in ((LEAD, 16), (FREQ_CONS, 128), (VOWEL, 16),
                             (TONE, 8), (FINAL, 1)):
            out += table[x % len(table)]
            x //= width
    return out


def han_word(w):
    out = ''
    for i in range(1 if len(w) <= 3 else 2 if len(w) <= 8 else 3):
        x = h(w, i) % 1000000
        out += HAN[int((x / 1000000.0) ** 2.5 * len(HAN))]
    return out


def proxy(src, dst, conv):
    with open(src) as f, open(dst, 'w') as g:
        for line in f:
            r = json.loads(line)
            sents = []
            for s in re.split(r'[.!?\n]+', r['text']):
                ws = re.findall(r"[A-Za-z0-9']+", s)
                if ws:
                    sents.append(''.join(conv(w.lower()) for w in ws))
            r['text'] = ' '.join(sents)
            g.write(json.dumps(r, ensure_ascii=False) + '\n')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', default=os.path.join(HERE, '..', '..',
                                                   'shared', 'data'))
    ap.add_argument('--bin', action='append', default=[],
                    help='NAME=COMMAND, e.g. pairs="./ndcluster"')
    a = ap.parse_args()
    bins = [b.split('=', 1) for b in a.bin] or [['ndcluster', './ndcluster']]
    tmp = tempfile.mkdtemp(prefix='ndc-solo-')
    subprocess.run([sys.executable, os.path.join(HERE, 'make-neardup.py'),
                    '--data', a.data, '--out', tmp], check=True,
                   stdout=subprocess.DEVNULL)
    print('%-5s %-9s %-12s %6s %6s %6s %6s %10s' %
          ('proxy', 'set', 'cut', 'P', 'R', 'F1', 'ARI', 'clusters'))
    for script, conv in (('thai', thai_word), ('han', han_word)):
        for name in ('articles', 'headlines'):
            path = os.path.join(tmp, '%s-%s.ndjson' % (script, name))
            proxy(os.path.join(tmp, name + '.ndjson'), path, conv)
            with open(path, 'rb') as f:
                data = f.read()
            gold = [json.loads(l) for l in data.splitlines()]
            for label, cmd in bins:
                p = subprocess.run(shlex.split(cmd), input=data,
                                   capture_output=True, check=True)
                pred = [json.loads(l) for l in p.stdout.splitlines()]
                m = scorer.score((g['dup'], q.get('cluster'))
                                 for g, q in zip(gold, pred))
                print('%-5s %-9s %-12s %6.3f %6.3f %6.3f %6.3f %5d/%d' % (
                    script, name, label, m['pair_p'], m['pair_r'],
                    m['pair_f1'], m['ari'], m['pred_clusters'],
                    m['gold_clusters']))
    for f in os.listdir(tmp):
        os.unlink(os.path.join(tmp, f))
    os.rmdir(tmp)


if __name__ == '__main__':
    main()
