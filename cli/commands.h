/*
 * commands.h: the subcommands numaprobe dispatches to, one entry point
 * each. argv[0] is the subcommand's name; the return value is the exit
 * status (see enum np_exit in cli.h).
 */
#ifndef NUMAPROBE_COMMANDS_H
#define NUMAPROBE_COMMANDS_H

int np_cmd_topo(int argc, char **argv);
int np_cmd_bench(int argc, char **argv);
int np_cmd_stats(int argc, char **argv);
int np_cmd_report(int argc, char **argv);

#endif
