/* `mulin procedure bench [COMMANDS]`: engine throughput, in process. */
#ifndef MEETING_BENCH_H
#define MEETING_BENCH_H

/* Applies about COMMANDS commands of a realistic meeting (repeated items: motions, seconds,
 * debate with the queue, amendments, votes, a point of order) and returns commands per
 * second, or -1 when a command the script expects to pass was refused. *applied receives the
 * number applied. */
double mt_bench(long commands, long *applied);

#endif
