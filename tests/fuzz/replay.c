/*
 * replay.c - runs a fuzz target over files, without libFuzzer.
 *
 *   build/replay/fuzz_TARGET FILE ...
 *
 * Linked with a target's LLVMFuzzerTestOneInput (tests/fuzz/fuzz_*.c) and
 * built with the ordinary compiler, so that make check replays every input
 * in tests/fuzz/regress/TARGET, in the plain build and under the
 * sanitizers, without clang.  A target reports a failed check by
 * aborting; reading a file that cannot be read is exit status 2.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
main(int argc, char **argv)
{
    int i;

    LLVMFuzzerInitialize(&argc, &argv);
    for (i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        unsigned char *buf = NULL;
        size_t len = 0, cap = 0, n;

        if (f == NULL) {
            perror(argv[i]);
            return 2;
        }
        do {
            if (len == cap) {
                unsigned char *nb = realloc(buf, cap = cap * 2 + 4096);

                if (nb == NULL) {
                    fprintf(stderr, "%s: out of memory\n", argv[i]);
                    return 2;
                }
                buf = nb;
            }
            n = fread(buf + len, 1, cap - len, f);
            len += n;
        } while (n > 0);
        if (ferror(f)) {
            perror(argv[i]);
            return 2;
        }
        fclose(f);
        LLVMFuzzerTestOneInput(buf, len);
        free(buf);
    }
    printf("replay: %d input%s\n", argc - 1, argc == 2 ? "" : "s");
    return 0;
}
