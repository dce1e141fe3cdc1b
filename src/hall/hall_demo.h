/* The deliberation hall's demo content, made through the same store functions the pages use,
 * so it is what residents would have made:
 *  - hall_demo_stories: a few topics of 德州五村 at every stage (collecting, deliberating with
 *    opinions and an open poll, in public notice after a passed poll, closed and evaluated), for
 *    `mulin serve --demo` (`make run`); the test suites start from the bare demo instead;
 *  - hall_demo_bench: the benchmark's hall (10,000 topics, 100,000 opinions, 500 polls across
 *    the 23 areas, plus one open poll per area for the vote burst), for `init --demo --large`. */
#ifndef MULIN_HALL_DEMO_H
#define MULIN_HALL_DEMO_H

struct db;

/* Both return 0, or -1 with everything rolled back. */
int hall_demo_stories(struct db *db);
int hall_demo_bench(struct db *db);

/* The question of the vote-burst polls, by which the benchmark finds them. */
#define HALL_DEMO_BURST_QUESTION "基准测试：是否同意本小区的年度自治金计划？"

#endif
