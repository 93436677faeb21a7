/*
 * main.c - the ndcluster command: the steps of a run, in order.  Each
 * step lives in the file of its job (cmd.h lists them).  The fuzz
 * targets run the same steps without main() (tests/fuzz/fuzz_cmd.h):
 * keep the two in step.
 */
#include <unistd.h>

#include "cmd.h"

int
main(int argc, char **argv)
{
    cmd_cli cli;
    cmd_run run;

    cmd_opts_parse(&cli, argc, argv);       /* options; -h, -V */
    cmd_run_init(&run, &cli);
    if (cmd_read_stopwords(&run) &&         /* --stopwords */
        cmd_run_start(&run) &&              /* the library's context */
        cmd_state_load(&run) &&             /* --state */
        cmd_rejects_open(&run)) {           /* --rejects */
        cmd_signals_catch();                /* SIGHUP, SIGINT, SIGTERM */
        cmd_read_files(&run, argc - optind, argv + optind);
        cmd_run_finish(&run);               /* output, state, --stats */
    }
    return cmd_run_close(&run);             /* the exit status */
}
