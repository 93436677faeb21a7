/*
 * fuzz_state.c - libFuzzer target over loading a --state file.
 *
 * The first byte chooses one of six settings (near, story and template
 * mode, with and without --id-field and --time-field) and how the rest
 * is used.  Its bits 0-1 choose among the four near and story settings,
 * or, with bit 3 set, bit 0 between the two template settings (bit 3
 * came last, so that the inputs kept before it keep their meaning):
 *   - raw (bit 2 set): the rest is a whole state file.  It is read back
 *     through ndf_read() and given to the library's ndc_ctx_load(); if
 *     that takes it, the context must cluster records, save, and load
 *     its own save again.
 *   - framed (bit 2 clear): the rest is the body of a state file; the
 *     target puts the header (magic, version, length) before it and the
 *     checksum after it, so that the fuzzer reaches the parsing behind
 *     the checksum.  The file is then loaded by the ndcluster command
 *     itself (in-process, fuzz_cmd.h) with --state, which also
 *     reads the command's own part (settings and --id-field ids).  If
 *     the command takes it, what it saves must load again.
 * Seeds are real state files of these settings (scripts/fuzz.sh).
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <xxhash.h>

#include "ndcluster.h"
#include "statefile.h"
#include "fuzz_common.h"
#include "fuzz_cmd.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define N_SETS 6
#define HEAD_LEN 16     /* magic and version, as saved */
#define RAW 4
#define TEMPLATE 8

/* The settings, as ndcluster arguments (before --state FILE INPUT). */
static const char *const set_args[N_SETS][8] = {
    {"-w4", "--perm=16", "--bands=4", "--id-field=id", NULL},
    {"-w50", "--perm=8", "--bands=8", "--shingle=2", NULL},
    {"-mstory", "-w4", "--id-field=id", NULL},
    {"-mstory", "-w50", "--time-field=t", "--window-time=1h",
        "--decay=1h", "-ftitle:2", "-ftext", NULL},
    {"-mtemplate", "-w4", "--id-field=id", NULL},
    {"-mtemplate", "-w50", "--time-field=t", "--window-time=1h", NULL},
};

static const char records[] =
    "{\"id\":\"x1\",\"t\":\"2024-05-01T10:00:00Z\",\"title\":\"Storm\","
    "\"text\":\"storm hits the coast near the harbour\"}\n"
    "{\"id\":2,\"t\":1714557600,\"text\":\"storm hits the coast\"}\n"
    "{\"text\":\"\"}\n"
    "{\"id\":[3],\"t\":\"bad\",\"text\":\"markets fell sharply\"}\n";

static char dir[256], state_path[300], in_path[300], tmp_path[300];
/* NDC_FUZZ_LENIENT=1: do not require that what the command saves after
   loading a state loads again (known to fail: tests/fuzz/regress/open). */
static bool lenient;
static unsigned char head[HEAD_LEN];

static void
cleanup(void)
{
    unlink(state_path);
    unlink(in_path);
    unlink(tmp_path);
    rmdir(dir);
}

static void
opts_of(int set, ndc_opts *o)
{
    ndc_opts_init(o);
    switch (set) {
    case 0:
        o->window = 4;
        o->perm = 16;
        o->bands = 4;
        break;
    case 1:
        o->window = 50;
        o->perm = 8;
        o->bands = 8;
        o->shingle = 2;
        break;
    case 2:
        o->mode = NDC_MODE_STORY;
        o->window = 4;
        break;
    case 3:
        o->mode = NDC_MODE_STORY;
        o->window = 50;
        o->window_time = 3600;
        o->decay = 3600;
        break;
    case 4:
        o->mode = NDC_MODE_TEMPLATE;
        o->window = 4;
        break;
    default:
        o->mode = NDC_MODE_TEMPLATE;
        o->window = 50;
        o->window_time = 3600;
        break;
    }
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    ndc_ctx *c;
    ndc_opts o;
    membuf m = {NULL, 0, 0};

    (void)argc;
    (void)argv;
    fuzz_keep_stderr();
    lenient = getenv("NDC_FUZZ_LENIENT") != NULL &&
        strcmp(getenv("NDC_FUZZ_LENIENT"), "1") == 0;
    fuzz_tmpdir(dir, sizeof(dir), "ndc-fuzz-state");
    snprintf(state_path, sizeof(state_path), "%s/state", dir);
    snprintf(in_path, sizeof(in_path), "%s/in", dir);
    snprintf(tmp_path, sizeof(tmp_path), "%s/raw", dir);
    atexit(cleanup);
    fuzz_spill(in_path, records, sizeof(records) - 1);
    /* The header every state file of this build starts with. */
    opts_of(0, &o);
    if (ndc_ctx_create(&c, &o) != NDC_OK ||
        ndc_ctx_save(c, NULL, 0, mem_write, &m) != NDC_OK ||
        m.len < HEAD_LEN)
        fuzz_fail("cannot make a state to copy the header from");
    memcpy(head, m.data, HEAD_LEN);
    free(m.data);
    ndc_ctx_free(c);
    return 0;
}

/* Runs ndcluster with the settings of set over the records. */
static int
run_cli(int set)
{
    char *argv[16];
    int argc = 0, i, rc;

    argv[argc++] = (char *)"ndcluster";
    for (i = 0; set_args[set][i] != NULL; i++)
        argv[argc++] = (char *)set_args[set][i];
    argv[argc++] = (char *)"--state";
    argv[argc++] = state_path;
    argv[argc++] = in_path;
    argv[argc] = NULL;
    rc = fuzz_run_command(argc, argv);
    if (rc != 0 && rc != 1)
        fuzz_fail("exit status %d", rc);
    return rc;
}

/* The framed way: header and checksum around the fuzzer's body. */
static void
framed(int set, const uint8_t *body, size_t len)
{
    size_t total = HEAD_LEN + 8 + len + 8;
    unsigned char *f = malloc(total);
    uint64_t t = total, sum;

    if (f == NULL)
        abort();
    memcpy(f, head, HEAD_LEN);
    memcpy(f + HEAD_LEN, &t, 8);
    if (len > 0)
        memcpy(f + HEAD_LEN + 8, body, len);
    sum = XXH3_64bits(f, total - 8);     /* as ndc_ctx_save() sums */
    memcpy(f + total - 8, &sum, 8);
    fuzz_spill(state_path, f, total);
    free(f);
    if (run_cli(set) == 0 && run_cli(set) != 0 && !lenient)
        fuzz_fail("a state the command saved does not load again");
}

/* The raw way: the library's loader, then a round trip. */
static void
raw(int set, const uint8_t *data, size_t len)
{
    static const ndc_field texts[] = {
        {"storm hits the coast", 20, 1.0},
        {"markets fell", 12, 2.0},
    };
    ndc_ctx *c, *d;
    ndc_opts o;
    ndc_result res;
    cmd_buf file = {0};
    membuf m = {NULL, 0, 0};
    const void *user;
    size_t user_len, i;

    fuzz_spill(tmp_path, data, len);
    if (!ndf_read(tmp_path, &file) || file.len != len ||
        (len > 0 && memcmp(file.data, data, len) != 0))
        fuzz_fail("ndf_read does not give back the file");
    opts_of(set, &o);
    if (ndc_ctx_create(&c, &o) != NDC_OK)
        fuzz_fail("cannot create a context");
    if (ndc_ctx_load(c, file.data, file.len, &user, &user_len) != NDC_OK) {
        if (ndc_ctx_errmsg(c)[0] == '\0')
            fuzz_fail("a refused state without a reason");
        ndc_ctx_free(c);
        cmd_buf_free(&file);
        return;
    }
    if (user_len > len)
        fuzz_fail("the caller's part is longer than the file");
    for (i = 0; i < 6; i++) {
        if (ndc_ctx_assign_fields(c, texts, 1 + i % 2,
            1714557600.0 + 60.0 * (double)i, &res) != NDC_OK)
            fuzz_fail("assign after a load failed");
        if (res.cluster != 0 && (res.size == 0 || res.match >= res.record))
            fuzz_fail("a result that cannot be");
    }
    if (ndc_ctx_save(c, "u", 1, mem_write, &m) != NDC_OK)
        fuzz_fail("cannot save after a load");
    opts_of(set, &o);
    if (ndc_ctx_create(&d, &o) != NDC_OK ||
        ndc_ctx_load(d, m.data, m.len, &user, &user_len) != NDC_OK)
        fuzz_fail("a saved state does not load: %s", ndc_ctx_errmsg(d));
    ndc_ctx_free(d);
    ndc_ctx_free(c);
    free(m.data);
    cmd_buf_free(&file);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int set;

    if (size < 1)
        return 0;
    set = data[0] & TEMPLATE ? 4 + (data[0] & 1) : data[0] & 3;
    if (data[0] & RAW)
        raw(set, data + 1, size - 1);
    else
        framed(set, data + 1, size - 1);
    return 0;
}
