/* The command-line face of the engine: a script runner and the throughput measurement. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "meeting/bench.h"
#include "meeting/cli.h"
#include "meeting/script.h"

int procedure_main(int argc, char **argv)
{
    if (argc >= 1 && strcmp(argv[0], "run") == 0 && argc <= 2) {
        FILE *in = stdin;
        if (argc == 2 && strcmp(argv[1], "-") != 0) {
            in = fopen(argv[1], "rb");
            if (!in) {
                fprintf(stderr, "mulin: cannot open '%s'\n", argv[1]);
                return 1;
            }
        }
        int rc = mt_script_run(in, stdout);
        if (in != stdin)
            fclose(in);
        if (rc < 0) {
            fprintf(stderr, "mulin: cannot read the script\n");
            return 1;
        }
        return 0;
    }
    if (argc >= 1 && strcmp(argv[0], "bench") == 0 && argc <= 2) {
        long want = argc == 2 ? atol(argv[1]) : 10000000L;
        if (want < 1000)
            want = 1000;
        long applied;
        double rate = mt_bench(want, &applied);
        if (rate < 0) {
            fprintf(stderr, "mulin: the benchmark's meeting went wrong\n");
            return 1;
        }
        printf("procedure engine: %ld commands, %.0f commands/s\n", applied, rate);
        return 0;
    }
    fprintf(stderr, "usage: mulin procedure run [FILE] | mulin procedure bench [COMMANDS]\n");
    return 2;
}
