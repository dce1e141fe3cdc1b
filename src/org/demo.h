/* The demo: 上钢新村街道 (浦东新区) with its 23 residential areas, two of them filled with
 * blocks, building groups, buildings and about 200 households, and one account per role. */
#ifndef MULIN_DEMO_H
#define MULIN_DEMO_H
#include <stdbool.h>
#include <stdio.h>

struct db;

#define DEMO_PASSWORD "mulin-demo"

/* Creates the demo data in an empty database (in one transaction) and prints the demo accounts
 * to out. large fills all 23 areas (30,360 households, about 91,000 people: the benchmark's
 * data set, deterministic). Returns 0, or -1 on failure; does nothing (returns 1) if the
 * database has nodes. */
int demo_create(struct db *db, FILE *out, bool large);
/* Prints the demo accounts table. */
void demo_print_accounts(FILE *out);

#endif
