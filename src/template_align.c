/*
 * template_align.c - a line against a template: the alignment with the
 * most matched tokens, its similarity, and the template it merges into.
 *
 * Positions alone (as Drain compares them) miss a value of several
 * tokens: "474 bytes sent" and "14267 bytes (13.9 KB) sent" are one
 * statement.  An alignment lets a template's <*> take a run of tokens,
 * so the two meet at "<*> bytes <*> sent".  It is a longest common
 * subsequence over constant tokens with one more move: a <*> of the
 * template takes the line's next token, and the first constant it takes
 * counts as matched (the template already knows the place varies).  A
 * <*> of the line takes nothing of the template: a line that brings a
 * value where the template has a word is a weaker match (measured: it
 * merged statements of HDFS and HPC when it counted).
 */
#include <stdlib.h>

#include "template.h"

#define NEG (-30000)

bool
ndci_tpl_aligner_init(tpl_aligner *a)
{
    a->d = ndci_calloc((size_t)(TPL_MAX + 1) * (TPL_LINE + 1) * 2,
        sizeof(int16_t));
    return a->d != NULL;
}

void
ndci_tpl_aligner_free(tpl_aligner *a)
{
    free(a->d);
    a->d = NULL;
}

/* The moves from (i, j, f), in the order ties are broken. */
enum { MV_EQ, MV_TAKE, MV_DROP_T, MV_DROP_L, N_MV };

typedef struct cell {
    uint32_t i, j, f;
} cell;

/* Whether move mv applies at c, and where it leads with what gain. */
static bool
move(tpl_toks t, const tpl_line *l, cell c, int mv, cell *to, int *gain)
{
    bool ti = c.i < t.n, lj = c.j < l->n;

    *to = c;
    *gain = 0;
    switch (mv) {
    case MV_EQ:
        if (!ti || !lj || t.h[c.i] == TPL_ANY || t.h[c.i] != l->h[c.j])
            return false;
        to->i++, to->j++, to->f = 0;
        *gain = 2;
        return true;
    case MV_TAKE:
        if (!ti || !lj || t.h[c.i] != TPL_ANY)
            return false;
        to->j++;
        if (l->h[c.j] != TPL_ANY) {
            *gain = c.f == 0;
            to->f = 1;
        }
        return true;
    case MV_DROP_T:
        if (!ti)
            return false;
        to->i++, to->f = 0;
        return true;
    default:
        if (!lj)
            return false;
        to->j++, to->f = 0;
        return true;
    }
}

static size_t
at(const tpl_line *l, cell c)
{
    return ((size_t)c.i * (l->n + 1) + c.j) * 2 + c.f;
}

static void
fill(tpl_aligner *a, tpl_toks t, const tpl_line *l)
{
    cell c;

    for (c.i = t.n + 1; c.i-- > 0;)
        for (c.j = l->n + 1; c.j-- > 0;)
            for (c.f = 0; c.f < 2; c.f++) {
                int best = NEG, mv;

                if (c.i == t.n && c.j == l->n)
                    best = 0;
                for (mv = 0; mv < N_MV; mv++) {
                    cell to;
                    int g;

                    if (move(t, l, c, mv, &to, &g) &&
                        a->d[at(l, to)] + g > best)
                        best = a->d[at(l, to)] + g;
                }
                a->d[at(l, c)] = (int16_t)best;
            }
}

bool
ndci_tpl_align(tpl_aligner *a, tpl_toks t, const tpl_line *l, tpl_fit *fit)
{
    cell c = {0, 0, 0};
    uint32_t eq = 0, took = 0;
    bool gap = false;

    fill(a, t, l);
    fit->n = 0;
    while (c.i < t.n || c.j < l->n) {
        int v = a->d[at(l, c)], mv, g = 0;
        cell to = c;

        for (mv = 0; mv < N_MV; mv++)
            if (move(t, l, c, mv, &to, &g) && a->d[at(l, to)] + g == v)
                break;
        if (mv == MV_EQ) {
            if (fit->n + 1 + gap > TPL_MAX)
                return false;
            if (gap)
                fit->from[fit->n++] = -1;
            fit->from[fit->n++] = (int16_t)c.i;
            gap = false;
            eq++;
        } else {
            gap = true;
            took += (uint32_t)g;
        }
        c = to;
    }
    if (gap) {
        if (fit->n + 1 > TPL_MAX)
            return false;
        fit->from[fit->n++] = -1;
    }
    fit->score = t.n_const > 0 ? (double)eq / t.n_const : 1.0;
    if (l->n_const > 0 && (double)(eq + took) / l->n_const < fit->score)
        fit->score = (double)(eq + took) / l->n_const;
    return true;
}
