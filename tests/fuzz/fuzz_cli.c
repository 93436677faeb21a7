/*
 * fuzz_cli.c - libFuzzer target over the whole per-line path of the
 * ndcluster command: reading, UTF-8 and JSON checks, field extraction,
 * clustering, annotation, output, --rejects and --state.
 *
 * The command runs in-process through the steps of its main()
 * (fuzz_cmd.h), over the same objects as the ndcluster binary.  The
 * first two bytes of an input choose the options; the rest is the input
 * file.  Standard output and the --rejects file are caught in files and
 * checked afterwards:
 *   - every output line is one JSON object that holds the cluster key;
 *   - without -u or --strict, every input line is in exactly one place:
 *     the output, the rejects file, or skipped as blank;
 *   - the exit status is 0, or 1 when a line was refused;
 *   - with --state the run is made twice, the second one loading the
 *     state that the first one saved.
 * A check that fails aborts, which libFuzzer reports as a crash.  An
 * exit() inside ndcluster is reported by libFuzzer too.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "json.h"
#include "fuzz_common.h"
#include "fuzz_cmd.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ARGS 48

/* Option bits of the first byte. */
enum {
    B_STORY = 1, B_ANNOT = 2, B_UNIQUE = 4, B_ID = 8, B_TIME = 16,
    B_SMALL_MAX = 32, B_STATE = 64, B_FIELDS = 128
};
/* Option bits of the second byte; bits 0-1 choose the window. */
enum {
    C_KEY = 4, C_STRICT = 8, C_SHINGLE = 16, C_UNBUF = 32, C_EDGE_T = 64,
    C_STATS = 128
};

static char dir[256];
static char in_path[300], out_path[300], rej_path[300], state_path[300];
static ndj_parser *check;       /* parses the output lines */
static ndj_parser *check_key;   /* the same with -k */

static void
cleanup(void)
{
    unlink(in_path);
    unlink(out_path);
    unlink(rej_path);
    unlink(state_path);
    rmdir(dir);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static const char *const keys[] = {"cluster"};
    static const char *const fields[] = {"cluster"};
    static const char *const fields_k[] = {"k"};

    (void)argc;
    (void)argv;
    fuzz_keep_stderr();
    fuzz_tmpdir(dir, sizeof(dir), "ndc-fuzz-cli");
    snprintf(in_path, sizeof(in_path), "%s/in", dir);
    snprintf(out_path, sizeof(out_path), "%s/out", dir);
    snprintf(rej_path, sizeof(rej_path), "%s/rejects", dir);
    snprintf(state_path, sizeof(state_path), "%s/state", dir);
    atexit(cleanup);
    check = ndj_new(fields, 1, NULL, keys, 1);
    check_key = ndj_new(fields_k, 1, NULL, keys, 1);
    if (check == NULL || check_key == NULL)
        abort();
    return 0;
}

/* Counts the lines of b (a last one without a newline counts too). */
static size_t
count_lines(const char *b, size_t n)
{
    size_t i, lines = 0;

    for (i = 0; i < n; i++)
        lines += b[i] == '\n';
    return lines + (n > 0 && b[n - 1] != '\n');
}

/* Lines of the input that ndcluster skips as blank. */
static size_t
count_blank(const char *b, size_t n)
{
    size_t i = 0, blank = 0, line = 0;

    while (i < n) {
        size_t start = i, end;
        bool is_blank = true;

        while (i < n && b[i] != '\n')
            i++;
        end = i;
        if (i < n)
            i++;
        line++;
        if (line == 1 && end - start >= 3 &&
            memcmp(b + start, "\xEF\xBB\xBF", 3) == 0)
            start += 3;
        for (; start < end; start++)
            if (b[start] != ' ' && b[start] != '\t' && b[start] != '\r')
                is_blank = false;
        blank += is_blank;
    }
    return blank;
}

/* Runs ndcluster once with stdout caught in out_path. */
static int
run_cli(int argc, char **argv)
{
    int saved, fd, rc;

    fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        abort();
    fflush(stdout);
    saved = dup(STDOUT_FILENO);
    if (saved < 0 || dup2(fd, STDOUT_FILENO) < 0)
        abort();
    close(fd);
    rc = fuzz_run_command(argc, argv);
    if (dup2(saved, STDOUT_FILENO) < 0)
        abort();
    close(saved);
    return rc;
}

/* Checks the output and the rejects of one run against the input. */
static void
check_run(int rc, const uint8_t *in, size_t in_len, bool exact,
    ndj_parser *p)
{
    fuzz_bytes out = fuzz_slurp(out_path), rej = fuzz_slurp(rej_path);
    size_t i = 0, out_lines = 0, rej_lines;
    ndj_error err;

    if (rc != 0 && rc != 1)
        fuzz_fail("exit status %d", rc);
    while (i < out.len) {
        const char *line = out.data + i, *nl;
        size_t len;

        nl = memchr(line, '\n', out.len - i);
        if (nl == NULL)
            fuzz_fail("the output does not end in a newline");
        len = (size_t)(nl - line);
        if (!ndj_parse(p, line, len, &err))
            fuzz_fail("output line %zu is not one JSON object: %s: %.*s",
                out_lines + 1, err.msg, (int)(len > 200 ? 200 : len), line);
        {
            const char *v;
            size_t vlen;
            bool is_str;

            /* The key holds a number (null when there is no text). */
            if (ndj_value(p, 0, &v, &vlen, &is_str) && is_str)
                fuzz_fail("output line %zu: the key is a string",
                    out_lines + 1);
        }
        out_lines++;
        i += len + 1;
    }
    rej_lines = count_lines(rej.data, rej.len);
    if (rej.len > 0 && rej.data[rej.len - 1] != '\n')
        fuzz_fail("the rejects file does not end in a newline");
    if (rej_lines > 0 && rc != 1)
        fuzz_fail("%zu lines refused, exit status %d", rej_lines, rc);
    if (exact) {
        size_t lines = count_lines((const char *)in, in_len);
        size_t blank = count_blank((const char *)in, in_len);

        if (out_lines + rej_lines + blank != lines)
            fuzz_fail("%zu input lines, but %zu written, %zu refused and "
                "%zu blank", lines, out_lines, rej_lines, blank);
    }
    free(out.data);
    free(rej.data);
}

/* The command line that option bytes b and c choose; returns argc. */
static int
args_of(uint8_t b, uint8_t c, char **argv)
{
    int argc = 0;

#define ARG(s) (argv[argc++] = (char *)(s))
    ARG("ndcluster");
    if (b & B_STORY)
        ARG("-mstory");
    if (b & B_ANNOT)
        ARG((c & 1) ? "-asize,new,match,score" : "-ascore,match,new,size");
    if (b & B_UNIQUE)
        ARG("-u");
    if (b & B_ID)
        ARG("--id-field=id");
    if (b & B_TIME) {
        ARG("--time-field=t");
        ARG("--window-time=1h");
        if (b & B_STORY)
            ARG("--decay=30m");
    }
    if (b & B_SMALL_MAX)
        ARG("--max-bytes=64");
    if (b & B_FIELDS) {
        ARG("-ftext");
        ARG("-ftitle.main:2");
    }
    switch (c & 3) {
    case 0:
        ARG("-w1");
        break;
    case 1:
        ARG("-w2");
        break;
    case 2:
        ARG("-w5");
        break;
    default:
        ARG("-w50");
        break;
    }
    if (c & C_KEY)
        ARG("-kk");
    if (c & C_STRICT)
        ARG("--strict");
    if (!(b & B_STORY))     /* the default 128 is slow here */
        ARG((c & C_SHINGLE) ? "--perm=8" : "--perm=32");
    if ((c & C_SHINGLE) && !(b & B_STORY))
        ARG("--shingle=1");
    if (c & C_UNBUF)
        ARG("--unbuffered");
    if (c & C_EDGE_T)
        ARG((b & B_UNIQUE) ? "-t0" : "-t1");
    if (c & C_STATS)
        ARG("--stats");
    ARG("--rejects");
    ARG(rej_path);
    if (b & B_STATE) {
        ARG("--state");
        ARG(state_path);
    }
    ARG(in_path);
    argv[argc] = NULL;
#undef ARG
    return argc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *argv[MAX_ARGS + 1];
    int argc, rc, runs, k;
    uint8_t b, c;
    bool exact;

    if (size < 2)
        return 0;
    b = data[0];
    c = data[1];
    data += 2;
    size -= 2;
    fuzz_spill(in_path, data, size);
    unlink(state_path);
    argc = args_of(b, c, argv);
    exact = !(b & B_UNIQUE) && !(c & C_STRICT);
    runs = (b & B_STATE) ? 2 : 1;
    for (k = 0; k < runs; k++) {
        rc = run_cli(argc, argv);
        check_run(rc, data, size, exact, (c & C_KEY) ? check_key : check);
    }
    return 0;
}
