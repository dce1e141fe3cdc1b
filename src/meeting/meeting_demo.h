/* The meetings' demo content: one scheduled 议事会 in 德州五村's hall with two accepted topics
 * on its agenda, made through the same store functions as the pages. Called by
 * hall_demo_stories in its transaction (`mulin serve --demo`, `make run`). */
#ifndef MEETING_DEMO_H
#define MEETING_DEMO_H

struct db;

/* 0, or -1 (the caller rolls back). */
int meeting_demo_stories(struct db *db);

#endif
