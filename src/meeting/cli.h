/* `mulin procedure run [FILE]` and `mulin procedure bench [COMMANDS]`. */
#ifndef MEETING_CLI_H
#define MEETING_CLI_H

/* ARGV[0] is "run" or "bench"; returns the process exit status. */
int procedure_main(int argc, char **argv);

#endif
