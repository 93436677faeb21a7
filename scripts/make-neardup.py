#!/usr/bin/env python3
"""make-neardup.py - build labelled near-duplicate test sets, deterministically.

usage: make-neardup.py [--data DIR] [--out DIR] [--seed N]
                       [--articles N] [--headlines N] [--short N]

Reads the labelled data in DIR (default ../shared/data) and writes to
OUT (default /tmp/ndc-neardup):

  articles.ndjson   article texts, each followed (within a local range, as
                    in a stream) by 1-4 edited copies
  headlines.ndjson  headline titles, each with 1-4 edited copies
  short.ndjson      citation-like strings: one made-up paper written 2-5
                    ways (author formats and order, "et al.", abbreviated
                    or dropped venue, punctuation, case)
  seeds.ndjson      the 5 seed articles; gold: 000 and 001 together,
                    002, 003, 004 each alone

Every output record has "text" (the input for ndcluster), gold "dup" (the
id of its source), "orig" (true for the source itself) and "edit" (the
fraction of words edited, 0 for sources).

Edits of a copy: a rate r uniform in [0.05, 0.30], round(r * words) edits
(at least one), each one of: deletion, insertion of a word from another
record, substitution by a word from another record, swap with the next
word, case change, punctuation change.

The headlines file as it is is NOT near-duplicate data (one story is
told by different headlines), so only synthetic copies of single titles
are used, and titles too similar to an already chosen source title (word
Jaccard >= 0.5) are skipped so that distinct sources are distinct texts.
Articles likewise skip sources whose word 3-shingle Jaccard with a
chosen one is >= 0.3.

The same seed gives byte-identical output.
"""
import argparse
import json
import os
import random
import re

WORD_RE = re.compile(r'[^\W_]+')


def norm_words(text):
    """The words ndcluster sees: lower case, split on non-alphanumerics."""
    return WORD_RE.findall(text.lower())


def shingle_set(words, k):
    if not words:
        return set()
    if len(words) < k:
        return {tuple(words)}
    return {tuple(words[i:i + k]) for i in range(len(words) - k + 1)}


def jaccard(a, b):
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def read_ndjson(path):
    with open(path, encoding='utf-8') as f:
        return [json.loads(line) for line in f if line.strip()]


# ---- word edits -------------------------------------------------------

PUNCT_END = [',', '.', ';', ':', '!', '?', '"', "'", ')']


def is_word(tok):
    return any(ch.isalnum() for ch in tok)


def change_case(tok, rng):
    choices = [tok.upper(), tok.lower(), tok.capitalize(), tok.swapcase()]
    choices = [c for c in choices if c != tok] or [tok.upper()]
    return rng.choice(choices)


def change_punct(toks, i, rng):
    """A punctuation change at word token i; some are invisible to the
    normaliser (trailing marks, hyphen joins), some change the words
    (U.S. -> US, don't -> dont, well-known -> wellknown)."""
    tok = toks[i]
    inner = re.search(r"[^\w\s]", tok.strip(''.join(PUNCT_END)))
    kind = rng.randrange(4)
    if kind == 0 and inner:                 # drop inner marks: U.S. -> US
        core = tok.rstrip(''.join(PUNCT_END))
        tail = tok[len(core):]
        toks[i] = re.sub(r"[^\w]", '', core) + tail
    elif kind == 1 and tok and not tok[-1].isalnum():   # replace end mark
        toks[i] = tok[:-1] + rng.choice(PUNCT_END)
    elif kind == 2 and i + 1 < len(toks) and is_word(toks[i + 1]):
        # join with the next word by a hyphen or a slash (same words)
        toks[i] = tok + rng.choice(['-', '/']) + toks[i + 1]
        del toks[i + 1]
    else:                                   # add an end mark
        toks[i] = tok + rng.choice(PUNCT_END)


def edit_tokens(toks, n_edits, pool, rng):
    toks = list(toks)
    ops = ('delete', 'insert', 'substitute', 'swap', 'case', 'punct')
    for _ in range(n_edits):
        widx = [i for i, t in enumerate(toks) if is_word(t)]
        op = rng.choice(ops)
        if op == 'insert' or not widx:
            toks.insert(rng.randrange(len(toks) + 1), rng.choice(pool))
            continue
        i = rng.choice(widx)
        if op == 'delete':
            if len(widx) > 1:
                del toks[i]
            else:
                toks.insert(i, rng.choice(pool))
        elif op == 'substitute':
            toks[i] = rng.choice(pool)
        elif op == 'swap':
            later = [j for j in widx if j > i]
            if later:
                j = later[0]
                toks[i], toks[j] = toks[j], toks[i]
            else:
                toks[i] = change_case(toks[i], rng)
        elif op == 'case':
            toks[i] = change_case(toks[i], rng)
        else:
            change_punct(toks, i, rng)
    return toks


def make_copy(text, pool, rng):
    toks = text.split()
    n_words = sum(1 for t in toks if is_word(t))
    rate = rng.uniform(0.05, 0.30)
    n_edits = max(1, round(rate * n_words))
    return ' '.join(edit_tokens(toks, n_edits, pool, rng)), rate


def word_pool(texts, rng, limit=200000):
    pool = []
    for t in texts:
        pool.extend(tok for tok in t.split() if is_word(tok))
    rng.shuffle(pool)
    return pool[:limit]


# ---- streams -----------------------------------------------------------

def interleave(groups, rng, spread=8.0):
    """groups: list of (dup_id, [source_text, copy1, ...], [rates]).
    The source of group i sits at position i; each copy at i + U(0,
    spread], so copies follow their source but interleave with other
    groups, as in a stream."""
    items = []
    for gi, (dup, texts, rates) in enumerate(groups):
        items.append((float(gi), 0, dup, texts[0], True, 0.0))
        for ci, (t, r) in enumerate(zip(texts[1:], rates), 1):
            items.append((gi + rng.uniform(1e-6, spread), ci, dup, t, False,
                          r))
    items.sort(key=lambda x: (x[0], x[1]))
    out = []
    for k, (_, _, dup, t, orig, r) in enumerate(items, 1):
        out.append({'id': k, 'text': t, 'dup': dup, 'orig': orig,
                    'edit': round(r, 4)})
    return out


def pick_distinct(cands, key_words, limit, max_j):
    """Greedy: keep candidates whose set is below max_j Jaccard with every
    kept one (an inverted index keeps it near-linear)."""
    kept, sets = [], []
    index = {}
    for c in cands:
        s = key_words(c)
        if not s:
            continue
        seen = {}
        for x in s:
            for k in index.get(x, ()):
                seen[k] = seen.get(k, 0) + 1
        ok = True
        for k, inter in seen.items():
            if inter / (len(s) + len(sets[k]) - inter) >= max_j:
                ok = False
                break
        if not ok:
            continue
        for x in s:
            index.setdefault(x, []).append(len(sets))
        sets.append(s)
        kept.append(c)
        if len(kept) >= limit:
            break
    return kept


def build_copies(sources, pool, rng):
    groups = []
    for dup, text in sources:
        n = rng.randint(1, 4)
        copies, rates = [], []
        for _ in range(n):
            c, r = make_copy(text, pool, rng)
            copies.append(c)
            rates.append(r)
        groups.append((dup, [text] + copies, rates))
    return groups


# ---- citations ---------------------------------------------------------

STOP = set('the a an of and or in on at to for from with by as is are was '
           'were be has have had it its this that after before over into '
           'new says said us u s'.split())


def name_pool(articles, rng):
    """Capitalised, non-sentence-initial alphabetic words of the articles:
    mostly proper names, good enough for made-up author names."""
    names = {}
    for a in articles:
        toks = a['text'].split()
        for i in range(1, len(toks)):
            t = toks[i]
            if (re.fullmatch(r'[A-Z][a-z]{2,11}', t) and
                    toks[i - 1] not in ('.', '!', '?') and
                    t.lower() not in STOP):
                names[t] = names.get(t, 0) + 1
    out = sorted(names)
    rng.shuffle(out)
    return out


def topic_words(titles):
    words = {}
    for t in titles:
        for w in re.findall(r'[A-Za-z]{4,}', t):
            if w.lower() not in STOP:
                words[w.capitalize()] = 1
    return sorted(words)


def abbr(word):
    w = word.strip()
    if len(w) <= 4:
        return w
    cut = 4 if w[3].lower() not in 'aeiou' else 3
    return w[:cut] + '.'


def make_venues(words, rng, n=30):
    venues = []
    for i in range(n):
        w1, w2 = rng.sample(words, 2)
        ordinal = rng.choice(['International', 'European', 'Annual',
                              'National', 'Joint', 'Asian'])
        if i % 2 == 0:
            full = f'Proceedings of the {ordinal} Conference on {w1} and {w2}'
            short = f'Proc. {abbr(ordinal)} Conf. {abbr(w1)} {abbr(w2)}'
            acro = ordinal[0] + 'C' + w1[0] + w2[0]
            kind = 'conf'
        else:
            full = f'Journal of {w1} {w2}'
            short = f'J. {abbr(w1)} {abbr(w2)}'
            acro = 'J' + w1[0] + w2[0]
            kind = 'journal'
        venues.append({'full': full, 'short': short, 'acro': acro.upper(),
                       'kind': kind})
    return venues


def make_papers(n, titles, names, venues, rng):
    n_auth = min(len(names) // 2, max(60, n // 2))
    people = []
    for i in range(n_auth):
        given = names[2 * i]
        sur = names[2 * i + 1]
        middle = rng.choice(names) if rng.random() < 0.3 else None
        people.append((given, middle, sur))
    # A few prolific authors and venues, as in real bibliographies.
    weights = [1.0 / (k + 1) ** 0.8 for k in range(len(people))]
    vweights = [1.0 / (k + 1) ** 0.7 for k in range(len(venues))]
    papers = []
    for pi in range(n):
        k = rng.choice([1, 1, 2, 2, 2, 3, 3, 3, 4, 5])
        auth = []
        while len(auth) < k:
            p = rng.choices(people, weights)[0]
            if p not in auth:
                auth.append(p)
        papers.append({
            'id': f'c:{pi}',
            'authors': auth,
            'title': titles[pi],
            'venue': rng.choices(venues, vweights)[0],
            'year': rng.randint(1985, 2023),
            'volume': rng.randint(1, 60),
            'issue': rng.randint(1, 12),
            'pages': (lambda a: (a, a + rng.randint(4, 30)))(
                rng.randint(1, 900)),
        })
    return papers


def fmt_author(p, style):
    given, middle, sur = p
    ini = given[0] + '.' + (' ' + middle[0] + '.' if middle else '')
    ini_tight = given[0] + '.' + (middle[0] + '.' if middle else '')
    ini_bare = given[0] + (middle[0] if middle else '')
    if style == 'sur_ini':
        return f'{sur}, {ini}'
    if style == 'ini_sur':
        return f'{ini} {sur}'
    if style == 'given_sur':
        return f'{given} {middle + " " if middle else ""}{sur}'
    if style == 'sur_given':
        return f'{sur}, {given}'
    if style == 'sur_bare':                  # Vancouver: Smith JK
        return f'{sur} {ini_bare}'
    return f'{ini_tight} {sur}'


def fmt_authors(auth, rng):
    style = rng.choice(['sur_ini', 'ini_sur', 'given_sur', 'sur_given',
                        'sur_bare', 'tight'])
    if len(auth) > 2 and rng.random() < 0.35:
        return fmt_author(auth[0], style) + rng.choice(
            [' et al.', ' et al', ', et al.', ' and others'])
    if len(auth) > 1 and rng.random() < 0.15:    # reordered authors
        auth = auth[1:] + auth[:1]
    names = [fmt_author(a, style) for a in auth]
    sep = '; ' if style in ('sur_ini', 'sur_given') and rng.random() < 0.5 \
        else ', '
    if len(names) == 1:
        return names[0]
    last = rng.choice([' and ', ', and ', ' & ', ', & ', sep])
    return sep.join(names[:-1]) + last + names[-1]


def fmt_title(t, rng):
    r = rng.random()
    if r < 0.3:
        return t
    if r < 0.55:
        return ' '.join(w[:1].upper() + w[1:] for w in t.split())
    if r < 0.8:
        return t[:1].upper() + t[1:].lower()
    if r < 0.9:
        return t.upper()
    return t.lower()


def render(p, rng):
    authors = fmt_authors(p['authors'], rng)
    title = fmt_title(p['title'], rng)
    v = p['venue']
    vchoice = rng.random()
    if vchoice < 0.4:
        venue = v['full']
    elif vchoice < 0.7:
        venue = v['short']
    elif vchoice < 0.85:
        venue = v['acro']
    else:
        venue = None                          # dropped
    if venue and v['kind'] == 'conf' and rng.random() < 0.5:
        venue = 'In ' + venue
    year = str(p['year'])
    if rng.random() < 0.3:
        year = "'" + year[2:] if rng.random() < 0.3 else year
    a, b = p['pages']
    pages = rng.choice([f'pp. {a}-{b}', f'{a}-{b}', f'pp. {a}--{b}',
                        f'{a}–{b}', None])
    vol = rng.choice([f'{p["volume"]}({p["issue"]})', f'vol. {p["volume"]}',
                      f'{p["volume"]}', None]) if v['kind'] == 'journal' \
        else None
    style = rng.randrange(5)
    parts = []
    if style == 0:      # APA-like
        parts = [f'{authors} ({year}).', f'{title}.']
        tail = ', '.join(x for x in (venue, vol, pages) if x)
        if tail:
            parts.append(tail + '.')
    elif style == 1:    # IEEE-like
        tail = ', '.join(x for x in (venue, vol, pages, year) if x)
        parts = [f'{authors}, "{title},"', tail + '.']
    elif style == 2:    # MLA-like
        tail = ', '.join(x for x in (venue, vol, year, pages) if x)
        parts = [f'{authors}.', f'“{title}.”', tail + '.']
    elif style == 3:    # plain: title first
        tail = ' '.join(x for x in (venue, year) if x)
        parts = [f'{title}.', f'{authors}.', tail]
    else:               # Vancouver / compact
        tail = '; '.join(x for x in (venue, year, pages) if x)
        parts = [f'{authors}.', f'{title}.', tail]
    s = ' '.join(x for x in parts if x)
    if rng.random() < 0.15:                   # a typo
        ws = s.split(' ')
        i = rng.randrange(len(ws))
        w = ws[i]
        if len(w) > 3:
            j = rng.randrange(1, len(w) - 1)
            ws[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
        s = ' '.join(ws)
    return s


def build_short(n, data, articles, headlines, rng):
    names = name_pool(articles, rng)
    titles = [h['title'] for h in headlines
              if 5 <= len(norm_words(h['title'])) <= 16]
    rng.shuffle(titles)
    titles = pick_distinct(titles, lambda t: set(norm_words(t)), n, 0.5)
    venues = make_venues(topic_words(titles), rng)
    papers = make_papers(len(titles), titles, names, venues, rng)
    groups = []
    for p in papers:
        k = rng.randint(2, 5)
        texts, seen = [], set()
        tries = 0
        while len(texts) < k and tries < 50:
            tries += 1
            s = render(p, rng)
            if s not in seen:
                seen.add(s)
                texts.append(s)
        groups.append((p['id'], texts, [0.0] * (len(texts) - 1)))
    return groups


# ---- main --------------------------------------------------------------

def write(path, recs):
    with open(path, 'w', encoding='utf-8') as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + '\n')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--data', default='../shared/data')
    ap.add_argument('--out', default='/tmp/ndc-neardup')
    ap.add_argument('--seed', type=int, default=20240611)
    ap.add_argument('--articles', type=int, default=462,
                    help='source articles (at most the distinct ones)')
    ap.add_argument('--headlines', type=int, default=800)
    ap.add_argument('--short', type=int, default=500,
                    help='made-up papers of the citation set')
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)

    articles = read_ndjson(os.path.join(a.data, 'news-articles-dev.ndjson'))
    headlines = read_ndjson(os.path.join(a.data,
                                         'news-headlines-dev.ndjson'))
    seeds = read_ndjson(os.path.join(a.data, 'seeds.ndjson'))

    # Articles.
    rng = random.Random(a.seed * 1000 + 1)
    arts = list(articles)
    rng.shuffle(arts)
    arts = pick_distinct(arts, lambda r: shingle_set(norm_words(r['text']), 3),
                         a.articles, 0.3)
    pool = word_pool([r['text'] for r in articles], rng)
    groups = build_copies([(f'a:{r["id"]}', r['text']) for r in arts],
                          pool, rng)
    write(os.path.join(a.out, 'articles.ndjson'), interleave(groups, rng))

    # Headlines: single titles and their synthetic copies only.
    rng = random.Random(a.seed * 1000 + 2)
    hs = [h for h in headlines if len(norm_words(h['title'])) >= 4]
    rng.shuffle(hs)
    hs = pick_distinct(hs, lambda h: set(norm_words(h['title'])),
                       a.headlines, 0.5)
    pool = word_pool([h['title'] for h in headlines], rng)
    groups = build_copies([(f'h:{h["id"]}', h['title']) for h in hs],
                          pool, rng)
    write(os.path.join(a.out, 'headlines.ndjson'), interleave(groups, rng))

    # Citations.
    rng = random.Random(a.seed * 1000 + 3)
    groups = build_short(a.short, a.data, articles, headlines, rng)
    write(os.path.join(a.out, 'short.ndjson'), interleave(groups, rng))

    # Seeds with the gold of the seeds property.
    out = []
    for k, s in enumerate(seeds, 1):
        dup = 's:000+001' if s['id'] in ('000', '001') else f's:{s["id"]}'
        out.append({'id': k, 'text': s['text'], 'dup': dup,
                    'orig': True, 'edit': 0.0, 'seed_id': s['id']})
    write(os.path.join(a.out, 'seeds.ndjson'), out)

    for name in ('articles', 'headlines', 'short', 'seeds'):
        p = os.path.join(a.out, name + '.ndjson')
        recs = read_ndjson(p)
        nw = sorted(len(norm_words(r['text'])) for r in recs)
        print(f'{p}: {len(recs)} records, {len({r["dup"] for r in recs})} '
              f'groups, words min/median/max {nw[0]}/{nw[len(nw) // 2]}/'
              f'{nw[-1]}')


if __name__ == '__main__':
    main()
