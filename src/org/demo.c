#include "org/demo.h"

#include <stdint.h>
#include <string.h>
#include <time.h>

#include "auth/password.h"
#include "db/db.h"
#include "org/node.h"
#include "org/person.h"

/* The four named in the newspaper first, then plausible neighbours. */
static const char *const areas[23] = {
    "德州一村", "德州五村", "济阳三村", "上钢二村", "上钢一村", "上钢三村", "上钢四村", "上钢五村",
    "上钢六村", "上钢七村", "上钢八村", "上钢九村", "上钢十村", "德州二村", "德州三村", "德州四村",
    "德州六村", "德州七村", "济阳一村", "济阳二村", "耀华",     "长青",     "云莲",
};

static const char *const surnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
                                       "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高"};
static const char *const given[] = {"建国", "秀英", "桂兰", "志强", "丽华", "伟",   "敏",
                                    "静",   "国庆", "凤英", "海燕", "德明", "玉珍", "晓东",
                                    "佳怡", "浩然", "子涵", "美玲", "春生", "金妹"};

struct demo_account {
    const char *username; /* log in with this */
    const char *name;     /* the person's name */
    const char *role;     /* role name, or NULL for a plain resident */
    const char *where;    /* "area", "group", "subdistrict" */
    int area;             /* index into the filled areas (0: 德州五村, 1: 上钢二村) */
    const char *what;     /* printed at start: the role and where */
};

static const struct demo_account accounts[] = {
    {"admin", "沈建华", "admin", "subdistrict", 0, "街道管理员 · 上钢新村街道"},
    {"worker", "汪丽娟", "worker", "area", 0, "居委工作人员 · 德州五村"},
    {"leader", "王秀英", "group_leader", "group", 0, "楼组长 · 德州五村 东区 1号楼组"},
    {"director", "李国庆", "director", "area", 0, "常任理事 · 德州五村"},
    {"chair", "赵德明", "chair", "area", 0, "主持人 · 德州五村"},
    {"recorder", "钱佳怡", "recorder", "area", 0, "记录员 · 德州五村"},
    {"resident", "张浩然", NULL, "group", 0, "居民 · 德州五村"},
    {"resident2", "孙桂兰", NULL, "group", 1, "居民 · 上钢二村"},
    {"worker2", "邵海燕", "worker", "area", 1, "居委工作人员 · 上钢二村"},
};

void demo_print_accounts(FILE *out)
{
    fprintf(out, "demo accounts (password '%s' for all):\n", DEMO_PASSWORD);
    for (size_t i = 0; i < sizeof accounts / sizeof accounts[0]; i++)
        fprintf(out, "  %-10s %s（%s）\n", accounts[i].username, accounts[i].name,
                accounts[i].what);
}

/* How an area is filled: blocks × groups per block × buildings per group × floors × rooms per
 * floor households, with min_people + (0..spread-1) people each. */
struct demo_shape {
    int blocks, groups, buildings, floors, rooms;
    int min_people, spread;
};

/* The small demo: 96 households an area, one to three people each. */
static const struct demo_shape small_shape = {2, 2, 2, 6, 2, 1, 3};
/* The large data set for benchmarks: 1,320 households an area, two to four people each, so
 * 23 areas hold 30,360 households and about 91,000 people. */
static const struct demo_shape large_shape = {4, 3, 5, 11, 2, 2, 3};

static unsigned next_rand(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return *seed >> 8;
}

/* Fills one area. People are inserted directly, without count upkeep: demo_create recounts the
 * whole tree once at the end (much faster for the large set). Returns the first group's id and
 * its first household's id. */
static int fill_area(struct db *db, int64_t area, const struct demo_shape *shape, unsigned *seed,
                     int64_t *first_group, int64_t *first_household, int64_t now)
{
    static const char *const block_names[] = {"东区", "西区", "南区", "北区", "中区", "新区"};
    int building_no = 1;
    for (int b = 0; b < shape->blocks; b++) {
        int64_t block = node_ensure(db, area, KIND_BLOCK, block_names[b % 6]);
        for (int g = 0; g < shape->groups; g++) {
            char gname[32];
            snprintf(gname, sizeof gname, "%d号楼组", b * shape->groups + g + 1);
            int64_t group = node_ensure(db, block, KIND_GROUP, gname);
            if (!*first_group)
                *first_group = group;
            for (int k = 0; k < shape->buildings; k++, building_no++) {
                char bname[32];
                snprintf(bname, sizeof bname, "%d号楼", building_no);
                int64_t building = node_ensure(db, group, KIND_BUILDING, bname);
                for (int floor = 1; floor <= shape->floors; floor++) {
                    for (int room = 1; room <= shape->rooms; room++) {
                        char rname[32];
                        snprintf(rname, sizeof rname, "%d%02d室", floor, room);
                        int64_t h = node_ensure(db, building, KIND_HOUSEHOLD, rname);
                        if (h <= 0)
                            return -1;
                        if (!*first_household)
                            *first_household = h;
                        int people = shape->min_people + (int)(next_rand(seed) % shape->spread);
                        const char *surname = surnames[next_rand(seed) % 20];
                        for (int p = 0; p < people; p++) {
                            unsigned x = next_rand(seed);
                            char name[64], phone[16];
                            snprintf(name, sizeof name, "%s%s",
                                     p == 1 ? surnames[(x >> 4) % 20] : surname,
                                     given[(x >> 9) % 20]);
                            snprintf(phone, sizeof phone, "139%08u", next_rand(seed) % 100000000u);
                            if (db_exec(db,
                                        "INSERT INTO person(household_id, name, phone, created_at)"
                                        " VALUES (?, ?, ?, ?)",
                                        "issi", h, name, phone, now) != DB_DONE)
                                return -1;
                        }
                    }
                }
            }
        }
    }
    return 0;
}

int demo_create(struct db *db, FILE *out, bool large)
{
    if (db_int(db, 0, "SELECT count(*) FROM node", "") > 0)
        return 1;
    char hash[128];
    if (password_hash(DEMO_PASSWORD, hash) != 0)
        return -1;
    if (db_begin(db) != DB_DONE)
        return -1;
    int64_t now = (int64_t)time(NULL);
    int64_t district = node_ensure(db, 0, KIND_DISTRICT, "浦东新区");
    int64_t sub = node_ensure(db, district, KIND_SUBDISTRICT, "上钢新村街道");
    int64_t area_ids[23];
    for (int i = 0; i < 23; i++)
        area_ids[i] = node_ensure(db, sub, KIND_AREA, areas[i]);
    unsigned seed = 20261125u;
    int64_t groups[2] = {0, 0}, households[2] = {0, 0};
    /* The small demo fills 德州五村 and 上钢二村; the large one every area. */
    const struct demo_shape *shape = large ? &large_shape : &small_shape;
    if (fill_area(db, area_ids[1], shape, &seed, &groups[0], &households[0], now) != 0 ||
        fill_area(db, area_ids[3], shape, &seed, &groups[1], &households[1], now) != 0) {
        db_rollback(db);
        return -1;
    }
    for (int i = 0; large && i < 23; i++) {
        int64_t g = 0, h = 0;
        if (i != 1 && i != 3 && fill_area(db, area_ids[i], shape, &seed, &g, &h, now) != 0) {
            db_rollback(db);
            return -1;
        }
    }

    int64_t filled[2] = {area_ids[1], area_ids[3]};
    for (size_t i = 0; i < sizeof accounts / sizeof accounts[0]; i++) {
        const struct demo_account *a = &accounts[i];
        int64_t node = strcmp(a->where, "subdistrict") == 0 ? sub
                       : strcmp(a->where, "group") == 0     ? groups[a->area]
                                                            : filled[a->area];
        /* Everyone but the subdistrict admin lives in the first household of their area. */
        int64_t household = strcmp(a->where, "subdistrict") == 0 ? 0 : households[a->area];
        char phone[16];
        snprintf(phone, sizeof phone, "1380000%04zu", i + 1);
        int64_t person = person_insert(db, household, a->name, phone, a->username, hash, now);
        if (person <= 0) {
            db_rollback(db);
            return -1;
        }
        if (a->role && db_exec(db,
                               "INSERT INTO role(person_id, node_id, role, granted_at)"
                               " VALUES (?, ?, ?, ?)",
                               "iisi", person, node, a->role, now) != DB_DONE) {
            db_rollback(db);
            return -1;
        }
    }
    if (node_recount(db, NULL, NULL) != 0 || db_commit(db) != DB_DONE) {
        db_rollback(db);
        return -1;
    }
    if (out)
        demo_print_accounts(out);
    return 0;
}
