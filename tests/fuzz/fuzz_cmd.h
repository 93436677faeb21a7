/*
 * fuzz_cmd.h - runs the ndcluster command in-process for a fuzz target:
 * the steps of main() in src/main.c, which the targets link without (so
 * keep the two in step), with the signal handling the command installs
 * undone afterwards.
 */
#ifndef NDC_FUZZ_CMD_H
#define NDC_FUZZ_CMD_H

#include <getopt.h>
#include <signal.h>

#include "cmd.h"

/* Runs ndcluster with argv (argv[argc] NULL); returns its exit status.
   An exit() inside the command ends the process, as libFuzzer reports. */
static int __attribute__((unused))
fuzz_run_command(int argc, char **argv)
{
    struct sigaction old_hup, old_int, old_term;
    sigset_t old_mask;
    cmd_cli cli;
    cmd_run run;
    int rc;

    sigaction(SIGHUP, NULL, &old_hup);
    sigaction(SIGINT, NULL, &old_int);
    sigaction(SIGTERM, NULL, &old_term);
    sigprocmask(SIG_SETMASK, NULL, &old_mask);
    optind = 0;     /* glibc: start getopt afresh */
    cmd_opts_parse(&cli, argc, argv);
    cmd_run_init(&run, &cli);
    if (cmd_read_stopwords(&run) && cmd_run_start(&run) &&
        cmd_state_load(&run) && cmd_rejects_open(&run)) {
        cmd_signals_catch();
        cmd_read_files(&run, argc - optind, argv + optind);
        cmd_run_finish(&run);
    }
    rc = cmd_run_close(&run);
    sigaction(SIGHUP, &old_hup, NULL);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    sigprocmask(SIG_SETMASK, &old_mask, NULL);
    return rc;
}

#endif /* NDC_FUZZ_CMD_H */
