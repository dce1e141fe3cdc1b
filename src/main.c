/* mulin: the command line. Each command is one function; serve runs the web server. */
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/password.h"
#include "auth/session.h"
#include "auth/perm.h"
#include "db/db.h"
#include "hall/hall_demo.h"
#include "hall/search.h"
#include "http/dispatch.h"
#include "http/server.h"
#include "meeting/cli.h"
#include "meeting/log.h"
#include "org/csv.h"
#include "org/demo.h"
#include "org/import.h"
#include "org/node.h"
#include "org/person.h"
#include "org/phone.h"
#include "org/roster.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

#define MULIN_VERSION "0.1.0"

static const char usage[] =
    "usage: mulin COMMAND [OPTIONS]\n"
    "\n"
    "  serve [--db FILE | --pg CONNINFO] [--listen ADDR:PORT] [--demo]\n"
    "        [--trusted-proxy ADDR]\n"
    "                          serve the web pages and the API (default 127.0.0.1:8080);\n"
    "                          behind nginx at ADDR, clients are read from X-Forwarded-For\n"
    "  init [--demo [--large]] create the database (with the demo data; --large fills all 23\n"
    "                          areas: 30,360 households, about 91,000 people, and their halls:\n"
    "                          10,000 topics, 100,000 opinions, 523 polls, for benchmarks)\n"
    "  user add --name NAME [--username U] [--phone P] [--household ID]\n"
    "                          add a person; the password is read from standard input\n"
    "  user passwd LOGIN       set a password (read from standard input)\n"
    "  user role LOGIN ROLE NODE_ID [--revoke]\n"
    "                          give (or take) a role: group_leader director chair recorder\n"
    "                          worker admin\n"
    "  import roster FILE.csv --area NAME [--good-rows]\n"
    "                          import a residents' roster into a residential area\n"
    "  session issue NODE_ID COUNT\n"
    "                          sign in up to COUNT (1..100000) people living under the node and\n"
    "                          print \"person_id token\" lines: API sessions for load tests and\n"
    "                          kiosks (recorded in the audit log; tokens are shown only here)\n"
    "  backup FILE             write a consistent copy of the database to FILE\n"
    "  routes                  list every route\n"
    "  procedure run [FILE]    run a meeting-procedure script (JSON Lines, standard input\n"
    "                          when no FILE): one JSON answer line per line\n"
    "  procedure bench [N]     the procedure engine's throughput over N commands\n"
    "  meeting verify ID       check meeting ID's log chain: exit 0 when whole, 1 (with the\n"
    "                          first bad entry's seq) when an entry was edited, inserted or\n"
    "                          deleted\n"
    "  --help, --version\n"
    "\n"
    "Every command takes --db FILE (default: $MULIN_DB, else mulin.db) or --pg CONNINFO\n"
    "(e.g. 'host=/run/postgresql dbname=mulin').\n"
    "Environment: MULIN_DB, MULIN_PG, MULIN_LISTEN, MULIN_TRUSTED_PROXY mirror the flags.\n";

struct options {
    const char *db;       /* --db */
    const char *pg;       /* --pg */
    const char *listen;   /* --listen */
    const char *proxy;    /* --trusted-proxy */
    int demo;             /* --demo */
    int large;            /* --large: the benchmark's data set */
    const char *name;     /* --name */
    const char *username; /* --username */
    const char *phone;    /* --phone */
    long long household;  /* --household */
    const char *area;     /* --area */
    int revoke;           /* --revoke */
    int good_rows;        /* --good-rows */
};

static int parse_options(int argc, char **argv, struct options *o)
{
    static const struct option longopts[] = {
        {"db", required_argument, 0, 'd'},     {"pg", required_argument, 0, 'p'},
        {"listen", required_argument, 0, 'l'}, {"demo", no_argument, 0, 'D'},
        {"name", required_argument, 0, 'n'},   {"username", required_argument, 0, 'u'},
        {"phone", required_argument, 0, 'P'},  {"household", required_argument, 0, 'H'},
        {"area", required_argument, 0, 'a'},   {"revoke", no_argument, 0, 'r'},
        {"good-rows", no_argument, 0, 'g'},    {"trusted-proxy", required_argument, 0, 't'},
        {"large", no_argument, 0, 'L'},        {0, 0, 0, 0},
    };
    int c;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            o->db = optarg;
            break;
        case 'p':
            o->pg = optarg;
            break;
        case 'l':
            o->listen = optarg;
            break;
        case 'D':
            o->demo = 1;
            break;
        case 'n':
            o->name = optarg;
            break;
        case 'u':
            o->username = optarg;
            break;
        case 'P':
            o->phone = optarg;
            break;
        case 'H':
            o->household = atoll(optarg);
            break;
        case 'a':
            o->area = optarg;
            break;
        case 'r':
            o->revoke = 1;
            break;
        case 't':
            o->proxy = optarg;
            break;
        case 'L':
            o->large = 1;
            o->demo = 1;
            break;
        case 'g':
            o->good_rows = 1;
            break;
        default:
            return -1;
        }
    }
    return 0;
}

/* Opens the database and brings its schema up to date. */
static struct db *open_db(const struct options *o)
{
    const char *pg = o->pg ? o->pg : o->db ? NULL : getenv("MULIN_PG");
    if (pg)
        db_configure(DB_POSTGRESQL, pg);
    else
        db_configure(DB_SQLITE, o->db                ? o->db
                                : getenv("MULIN_DB") ? getenv("MULIN_DB")
                                                     : "mulin.db");
    struct db *db = db_open();
    if (!db)
        return NULL;
    /* Topics raised before the search index existed are indexed once, here. */
    if (db_migrate(db) < 0 || search_backfill(db) < 0) {
        fprintf(stderr, "mulin: cannot bring database '%s' up to date\n", db_path());
        db_close(db);
        return NULL;
    }
    return db;
}

/* Reads one line (the password) from standard input, without its newline. */
static int read_password(char *out, size_t n)
{
    if (!fgets(out, (int)n, stdin))
        return -1;
    out[strcspn(out, "\r\n")] = '\0';
    if (utf8_chars(out) < PASSWORD_MIN_CHARS) {
        fprintf(stderr, "mulin: a password needs at least %d characters\n", PASSWORD_MIN_CHARS);
        return -1;
    }
    return 0;
}

static int cmd_serve(struct options *o)
{
    struct db *db = open_db(o);
    if (!db)
        return 1;
    if (o->demo) {
        int made = demo_create(db, NULL, o->large);
        /* A new demo gets the hall's stories too, so the first look shows a hall at work. */
        if (made < 0 || (made == 0 && !o->large && hall_demo_stories(db) != 0)) {
            fprintf(stderr, "mulin: cannot create the demo data\n");
            db_close(db);
            return 1;
        }
        demo_print_accounts(stderr);
    }
    db_close(db);
    const char *listen = o->listen ? o->listen : getenv("MULIN_LISTEN");
    const char *proxy = o->proxy ? o->proxy : getenv("MULIN_TRUSTED_PROXY");
    int rc = server_run(listen ? listen : "127.0.0.1:8080", proxy);
    db_thread_close();
    return rc;
}

static int cmd_init(struct options *o)
{
    struct db *db = open_db(o);
    if (!db)
        return 1;
    int rc = 0;
    int made = o->demo ? demo_create(db, stdout, o->large) : 1;
    if (made < 0 || (made == 0 && o->large && hall_demo_bench(db) != 0)) {
        fprintf(stderr, "mulin: cannot create the demo data\n");
        rc = 1;
    }
    db_close(db);
    if (!rc) /* a conninfo may hold a password: name it only for a file */
        printf("database '%s' is ready\n", db_engine() == DB_POSTGRESQL ? "postgresql" : db_path());
    return rc;
}

static int64_t find_login(struct db *db, const char *login)
{
    char phone[12];
    return db_int(db, 0, "SELECT id FROM person WHERE username = ? OR phone = ? ORDER BY id", "ss",
                  login, phone_normalize(login, phone) ? phone : login);
}

static int cmd_user(struct options *o, int argc, char **argv)
{
    if (argc < 1) {
        fputs(usage, stderr);
        return 2;
    }
    struct db *db = open_db(o);
    if (!db)
        return 1;
    int rc = 1;
    char pw[PASSWORD_MAX_BYTES + 2], hash[128];
    if (strcmp(argv[0], "add") == 0) {
        char phone[12] = "";
        if (!o->name || (o->phone && !phone_normalize(o->phone, phone))) {
            fprintf(stderr, "mulin: user add needs --name, and --phone must be 11 digits\n");
        } else if (read_password(pw, sizeof pw) == 0 && password_hash(pw, hash) == 0) {
            int64_t id = -1;
            if (db_begin(db) == DB_DONE) {
                id = person_insert(db, o->household, o->name, phone, o->username, hash,
                                   (int64_t)time(NULL));
                struct arena a;
                arena_init(&a);
                struct node h;
                if (id > 0 && o->household &&
                    (node_get(db, &a, o->household, &h) != 0 || node_recount(db, &a, h.path) != 0))
                    id = -1;
                arena_free(&a);
                if (id <= 0 || db_commit(db) != DB_DONE) {
                    db_rollback(db);
                    id = -1;
                }
            }
            if (id > 0) {
                printf("person %lld added\n", (long long)id);
                rc = 0;
            } else {
                fprintf(stderr, "mulin: cannot add '%s' (user name taken or no such household)\n",
                        o->name);
            }
        }
    } else if (strcmp(argv[0], "passwd") == 0 && argc == 2) {
        int64_t id = find_login(db, argv[1]);
        if (!id)
            fprintf(stderr, "mulin: no person '%s'\n", argv[1]);
        else if (read_password(pw, sizeof pw) == 0 && password_hash(pw, hash) == 0 &&
                 db_exec(db, "UPDATE person SET password_hash = ? WHERE id = ?", "si", hash, id) ==
                     DB_DONE)
            rc = 0;
    } else if (strcmp(argv[0], "role") == 0 && argc == 4) {
        int64_t id = find_login(db, argv[1]);
        int role = role_parse(argv[2]);
        int64_t node = atoll(argv[3]);
        if (!id || role <= ROLE_RESIDENT ||
            !db_int(db, 0, "SELECT count(*) FROM node WHERE id = ?", "i", node)) {
            fprintf(stderr, "mulin: unknown person, role or node\n");
        } else if (o->revoke) {
            rc = db_exec(db, "DELETE FROM role WHERE person_id = ? AND node_id = ? AND role = ?",
                         "iis", id, node, argv[2]) == DB_DONE
                     ? 0
                     : 1;
        } else {
            rc =
                db_exec(db,
                        "INSERT INTO role(person_id, node_id, role, granted_at) VALUES (?, ?, ?, ?)"
                        " ON CONFLICT DO NOTHING",
                        "iisi", id, node, argv[2], (int64_t)time(NULL)) == DB_DONE
                    ? 0
                    : 1;
        }
    } else {
        fputs(usage, stderr);
        rc = 2;
    }
    sodium_memzero(pw, sizeof pw);
    db_close(db);
    return rc;
}

static int cmd_session(struct options *o, int argc, char **argv)
{
    long long node = argc == 3 ? atoll(argv[1]) : 0, count = argc == 3 ? atoll(argv[2]) : 0;
    if (argc != 3 || strcmp(argv[0], "issue") != 0 || node <= 0 || count < 1 || count > 100000) {
        fputs(usage, stderr);
        return 2;
    }
    struct db *db = open_db(o);
    if (!db)
        return 1;
    struct arena a;
    arena_init(&a);
    struct node n;
    int rc = 1;
    if (db_begin(db) != DB_DONE || node_get(db, &a, node, &n) != 0) {
        fprintf(stderr, "mulin: no node %lld\n", node);
        db_rollback(db);
    } else {
        /* Collected first: a statement stays open while others run only on some engines. */
        int64_t *people = xmalloc((size_t)count * sizeof *people);
        size_t k = 0;
        struct db_stmt *st =
            db_prepare(db, "SELECT p.id FROM person p JOIN node h ON h.id = p.household_id"
                           " WHERE h.path >= ? AND h.path < ? ORDER BY p.id LIMIT ?");
        db_bind(st, "ssi", n.path, node_path_end(&a, n.path), (int64_t)count);
        while (db_step(st) == DB_ROW)
            people[k++] = db_column_int(st, 0);
        db_done(st);
        rc = 0;
        for (size_t i = 0; i < k && rc == 0; i++) {
            const char *csrf = NULL;
            const char *token = session_issue(db, &a, people[i], &csrf);
            if (!token)
                rc = 1;
            else
                printf("%lld %s\n", (long long)people[i], token);
        }
        if (rc == 0 &&
            db_exec(db,
                    "INSERT INTO audit(at, actor_id, action, subject, detail)"
                    " VALUES (?, NULL, 'session.issue', ?, ?)",
                    "iss", (int64_t)time(NULL), n.path,
                    arena_printf(&a, "%zu sessions from the command line", k)) == DB_DONE &&
            db_commit(db) == DB_DONE) {
            fprintf(stderr, "mulin: %zu sessions issued\n", k);
        } else {
            rc = 1;
            db_rollback(db);
        }
        free(people);
    }
    arena_free(&a);
    db_close(db);
    return rc;
}

static int cmd_import(struct options *o, int argc, char **argv)
{
    if (argc != 2 || strcmp(argv[0], "roster") != 0 || !o->area) {
        fputs(usage, stderr);
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        fprintf(stderr, "mulin: cannot open '%s'\n", argv[1]);
        return 1;
    }
    struct buf raw, text;
    buf_init(&raw);
    buf_init(&text);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_add(&raw, chunk, n);
    fclose(f);
    struct arena a;
    arena_init(&a);
    struct csv csv;
    size_t bad_line = 0;
    int rc = 1;
    struct db *db = NULL;
    enum csv_status cs = csv_decode(raw.data, raw.len, &text);
    if (cs == CSV_OK)
        cs = csv_parse(&a, text.data, text.len, &csv, &bad_line);
    if (cs != CSV_OK) {
        fprintf(stderr, "mulin: cannot read '%s' (%s, line %zu)\n", argv[1],
                cs == CSV_BAD_ENCODING ? "unknown encoding"
                : cs == CSV_BAD_QUOTE  ? "unmatched quote"
                                       : "too big",
                bad_line);
        goto out;
    }
    struct roster roster;
    size_t problems = roster_check(&a, &csv, &roster);
    for (size_t i = 0; i < roster.nproblems; i++)
        fprintf(stderr, "%s:%zu: problem %d in column %d\n", argv[1], roster.problems[i].line,
                (int)roster.problems[i].err, (int)roster.problems[i].col);
    if (problems && !o->good_rows) {
        fprintf(stderr, "mulin: %zu bad rows, nothing imported (--good-rows imports the rest)\n",
                problems);
        goto out;
    }
    db = open_db(o);
    if (!db)
        goto out;
    int64_t area =
        db_int(db, 0, "SELECT id FROM node WHERE kind = 'area' AND name = ?", "s", o->area);
    if (!area) {
        fprintf(stderr, "mulin: no residential area '%s'\n", o->area);
        goto out;
    }
    struct import_counts c;
    if (db_begin(db) != DB_DONE || import_roster(db, area, &roster, 0, &c) != 0 ||
        db_commit(db) != DB_DONE) {
        db_rollback(db);
        fprintf(stderr, "mulin: import failed, nothing stored\n");
        goto out;
    }
    printf("added %lld people and %lld households, updated %lld, unchanged %lld\n",
           (long long)c.people_added, (long long)c.households_added, (long long)c.people_updated,
           (long long)c.people_unchanged);
    rc = 0;
out:
    db_close(db);
    arena_free(&a);
    buf_free(&raw);
    buf_free(&text);
    return rc;
}

static int cmd_backup(struct options *o, int argc, char **argv)
{
    if (argc != 1) {
        fputs(usage, stderr);
        return 2;
    }
    if (o->pg || (!o->db && getenv("MULIN_PG"))) {
        fprintf(stderr, "mulin: back up PostgreSQL with pg_dump (see docs/deploy.md)\n");
        return 2;
    }
    struct db *db = open_db(o);
    if (!db)
        return 1;
    int rc = db_backup(db, argv[0]) == 0 ? 0 : 1;
    db_close(db);
    if (!rc)
        printf("backup written to '%s'\n", argv[0]);
    return rc;
}

/* `mulin meeting verify ID`: walks the hash chain (src/meeting/chain.h). */
static int cmd_meeting(struct options *o, int argc, char **argv)
{
    if (argc != 2 || strcmp(argv[0], "verify") != 0 || atoll(argv[1]) <= 0) {
        fputs(usage, stderr);
        return 2;
    }
    struct db *db = open_db(o);
    if (!db)
        return 1;
    int64_t bad = meeting_verify(db, atoll(argv[1]));
    db_close(db);
    if (bad < 0) {
        fprintf(stderr, "mulin: there is no meeting %s\n", argv[1]);
        return 2;
    }
    if (bad > 0) {
        printf("meeting %s: the chain breaks at seq %lld\n", argv[1], (long long)bad);
        return 1;
    }
    printf("meeting %s: the chain is whole\n", argv[1]);
    return 0;
}

static int cmd_routes(void)
{
    for (const struct route *rt = routes; rt->pattern; rt++)
        printf("%s %s\n", rt->method, rt->pattern);
    return 0;
}

int main(int argc, char **argv)
{
    if (sodium_init() < 0) {
        fprintf(stderr, "mulin: cannot initialise libsodium\n");
        return 1;
    }
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("mulin %s\n", MULIN_VERSION);
        return 0;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "procedure") == 0) /* no database: a pure engine */
        return procedure_main(argc - 2, argv + 2);
    struct options o = {0};
    optind = 2;
    if (parse_options(argc, argv, &o) != 0) {
        fputs(usage, stderr);
        return 2;
    }
    int rest = argc - optind;
    char **args = argv + optind;
    if (strcmp(cmd, "serve") == 0)
        return cmd_serve(&o);
    if (strcmp(cmd, "init") == 0)
        return cmd_init(&o);
    if (strcmp(cmd, "user") == 0)
        return cmd_user(&o, rest, args);
    if (strcmp(cmd, "import") == 0)
        return cmd_import(&o, rest, args);
    if (strcmp(cmd, "backup") == 0)
        return cmd_backup(&o, rest, args);
    if (strcmp(cmd, "session") == 0)
        return cmd_session(&o, rest, args);
    if (strcmp(cmd, "routes") == 0)
        return cmd_routes();
    if (strcmp(cmd, "meeting") == 0)
        return cmd_meeting(&o, rest, args);
    fprintf(stderr, "mulin: unknown command '%s'\n\n%s", cmd, usage);
    return 2;
}
