/*
 * example.c - a program built against an installed libndcluster with
 * `pkg-config --cflags --libs ndcluster` (scripts/install-test.sh): it
 * clusters four texts, two of them copies of the first, and checks the
 * ids, through both the one-call API and prepare then commit.
 */
#include <stdio.h>
#include <string.h>

#include <ndcluster.h>

static const char *const texts[] = {
    "the senate passed the budget bill late on friday night",
    "storm warnings issued for the northern coast this weekend",
    "The Senate passed the budget bill late on Friday night!",
    "the senate passed the budget bill late on friday night",
};
static const unsigned long long want[] = {1, 2, 1, 1};

int
main(void)
{
    ndc_opts o;
    ndc_ctx *c = NULL;
    ndc_prep *p = NULL;
    ndc_result r;
    size_t i;
    int bad = 0;

    ndc_opts_init(&o);
    o.window = 16;
    if (ndc_ctx_create(&c, &o) != NDC_OK || ndc_prep_create(&p, c) != NDC_OK)
        return 1;
    for (i = 0; i < 4; i++) {
        ndc_field f = {texts[i], strlen(texts[i]), 1.0};
        ndc_status st = i % 2 == 0 ?
            ndc_ctx_assign(c, texts[i], strlen(texts[i]), &r) :
            ndc_prep_fields(p, &f, 1, NDC_NO_TIME);

        if (st == NDC_OK && i % 2 == 1)
            st = ndc_ctx_commit(c, p, &r);
        if (st != NDC_OK || r.cluster != want[i]) {
            fprintf(stderr, "text %zu: %s, cluster %llu\n", i + 1,
                ndc_strerror(st), (unsigned long long)r.cluster);
            bad = 1;
        }
    }
    printf("ndcluster %s: %s\n", ndc_version(), bad ? "FAILED" : "ok");
    ndc_prep_free(p);
    ndc_ctx_free(c);
    return bad;
}
