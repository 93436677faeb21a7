/*
 * yajl-parse.c - the reference reader of make bench: reads NDJSON from
 * stdin with read(2) and parses every line with yajl's event parser (no
 * callbacks, nothing kept), as ndcluster must at least do.  Prints the
 * number of lines that parsed.
 *
 *   cc -O2 -o yajl-parse scripts/yajl-parse.c $(pkg-config --cflags --libs yajl)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <yajl/yajl_parse.h>

int
main(void)
{
    static yajl_callbacks none;
    size_t cap = 1 << 20, len = 0, start, i;
    char *buf = malloc(cap);
    unsigned long ok = 0;
    ssize_t n;

    if (buf == NULL)
        return 1;
    for (;;) {
        if (len == cap) {
            char *b = realloc(buf, cap * 2);

            if (b == NULL)
                return 1;
            buf = b;
            cap *= 2;
        }
        n = read(0, buf + len, cap - len);
        if (n <= 0)
            break;
        len += (size_t)n;
        start = 0;
        for (i = 0; i < len; i++) {
            if (buf[i] != '\n')
                continue;
            {
                yajl_handle h = yajl_alloc(&none, NULL, NULL);

                if (yajl_parse(h, (unsigned char *)buf + start, i - start) ==
                    yajl_status_ok && yajl_complete_parse(h) == yajl_status_ok)
                    ok++;
                yajl_free(h);
            }
            start = i + 1;
        }
        memmove(buf, buf + start, len - start);
        len -= start;
    }
    printf("%lu\n", ok);
    free(buf);
    return 0;
}
