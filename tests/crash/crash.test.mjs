// Crash safety (node --test tests/crash/; tools/run-crash.sh runs it with a PostgreSQL cluster).
//
// For each engine (SQLite, and PostgreSQL in the cluster named by MULIN_PG_BASE):
//  - role grants are sent through the API, CONCURRENCY at a time, and every grant answered 2xx
//    is recorded; 50–400 ms into the burst the server gets SIGKILL and is started again on the
//    same database, ROUNDS times, each round with grants never sent before. After every restart
//    and at the end: the server starts cleanly (schema_version unchanged), every acknowledged
//    grant is there, no role row lacks its audit row or the other way round (read directly
//    with the sqlite3 CLI or psql), and SQLite's integrity_check says ok.
//  - `init --demo` on a fresh database gets SIGKILL at a random moment: what it leaves is
//    either nothing, the whole schema, or the whole schema and the whole demo; `serve` starts on
//    it and a second `init --demo` completes it.
// Environment: MULIN_BIN (default ./mulin), MULIN_PG_BASE ("host=… port=… user=…"; the
// PostgreSQL tests fail without it), CRASH_ROUNDS (20), CRASH_CONCURRENCY (8), CRASH_SEED.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { test } from 'node:test';
import assert from 'node:assert/strict';

const execFileP = promisify(execFile);
const BIN = path.resolve(process.env.MULIN_BIN || './mulin');
const ROUNDS = Number(process.env.CRASH_ROUNDS || 20);
const CONCURRENCY = Number(process.env.CRASH_CONCURRENCY || 8);
const SEED = Number(process.env.CRASH_SEED || Math.floor(Math.random() * 2 ** 31));
const INIT_KILLS = 8;
const ROLES = ['group_leader', 'director', 'chair', 'recorder'];
const TABLES = ['node', 'person', 'role', 'session', 'login_throttle', 'invitation', 'audit',
  'schema_version'];
const PASSWORD = 'mulin-demo';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A small seeded PRNG (mulberry32): the same CRASH_SEED gives the same kill times and the
 * same order of triples (how many a round sends still depends on speed). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** One GET /login on a connection of its own: the status, or null when nothing answers. */
function probe(port) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/login', agent: false, timeout: 1000 },
      (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); });
    req.on('error', () => resolve(null));
    req.on('timeout', () => { req.destroy(); resolve(null); });
  });
}

/* ---- the two engines: how mulin is pointed at a database, and direct SQL on it ---- */

function rowsOf(stdout) {
  return stdout.split('\n').filter((l) => l !== '').map((l) => l.split('|'));
}

function sqliteEngine(dir) {
  const file = path.join(dir, 'crash.db');
  return {
    name: 'sqlite',
    args: ['--db', file],
    file,
    async sql(query) {
      const { stdout } = await execFileP('sqlite3',
        ['-init', '/dev/null', '-batch', '-noheader', '-separator', '|', '-cmd', '.timeout 5000',
          file, query]);
      return rowsOf(stdout);
    },
    async tables() {
      const list = TABLES.map((t) => `'${t}'`).join(',');
      const r = await this.sql(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN (${list})`);
      return Number(r[0][0]);
    },
  };
}

async function pgEngine(label) {
  const base = process.env.MULIN_PG_BASE;
  assert.ok(base, 'MULIN_PG_BASE is not set: run tools/run-crash.sh, which starts a PostgreSQL cluster');
  const name = `mulin_crash_${label}_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
  await execFileP('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', `CREATE DATABASE ${name}`,
    `${base} dbname=postgres`]);
  const conninfo = `${base} dbname=${name}`;
  return {
    name: 'postgresql',
    args: ['--pg', conninfo],
    async sql(query) {
      const { stdout } = await execFileP('psql',
        ['-X', '-A', '-t', '-q', '-F', '|', '-v', 'ON_ERROR_STOP=1', '-c', query, conninfo]);
      return rowsOf(stdout);
    },
    async tables() {
      const list = TABLES.map((t) => `'${t}'`).join(',');
      const r = await this.sql(`SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename IN (${list})`);
      return Number(r[0][0]);
    },
  };
}

async function makeEngine(kind, dir, label) {
  return kind === 'sqlite' ? sqliteEngine(dir) : pgEngine(label);
}

/* ---- the server ---- */

/** Lines of a server log that mean something went wrong at start or while serving. */
function logProblems(log) {
  return log.split('\n').filter((l) =>
    /migration|cannot|up to date|database (error|busy)|malformed|corrupt|disk image|abort|ERROR: |runtime error:/i.test(l));
}

/**
 * Starts `mulin serve` on the engine's database on a free loopback port. Resolves to
 * { base, port, child, exited, log(), startMs } once it answers; a server that exits at start
 * for any reason but a taken port is an error.
 */
async function startServer(engine) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const t0 = Date.now();
    const child = spawn(BIN, ['serve', ...engine.args, '--listen', `127.0.0.1:${port}`],
      { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => { log += d; });
    const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    let exitInfo = null;
    exited.then((e) => { exitInfo = e; });
    while (!exitInfo && Date.now() - t0 < 20000) {
      if ((await probe(port)) !== null) break;
      await sleep(10);
    }
    if (exitInfo) {
      await new Promise((r) => (child.stderr.readableEnded ? r() : child.stderr.on('close', r)));
      if (/cannot listen/.test(log)) continue; // the port was taken in between
      throw new Error(`server exited at start (${JSON.stringify(exitInfo)}):\n${log}`);
    }
    if ((await probe(port)) === null) {
      child.kill('SIGKILL');
      throw new Error(`server did not answer within 20 s:\n${log}`);
    }
    return { base: `http://127.0.0.1:${port}`, port, child, exited, log: () => log, startMs: Date.now() - t0 };
  }
  throw new Error('no free port for the server after 5 tries');
}

async function stopServer(server, sig) {
  server.child.kill(sig);
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 15000);
  const e = await server.exited;
  clearTimeout(timer);
  return e;
}

/* ---- the API ---- */

async function api(server, token, method, pathname, body) {
  const headers = { Authorization: `Bearer ${token}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(server.base + pathname,
    { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, text, json };
}

async function login(server) {
  const res = await fetch(`${server.base}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login: 'admin', password: PASSWORD }),
  });
  const text = await res.text();
  assert.equal(res.status, 201, `login as admin: ${text}`);
  const json = JSON.parse(text);
  return { token: json.token, personId: json.person.id };
}

async function getJson(server, token, pathname) {
  const r = await api(server, token, 'GET', pathname);
  assert.equal(r.status, 200, `GET ${pathname}: ${r.status} ${r.text}`);
  return r.json;
}

async function childByName(server, token, parent, name) {
  const list = parent == null
    ? await getJson(server, token, '/api/v1/nodes')
    : await getJson(server, token, `/api/v1/nodes/${parent}/children`);
  const n = list.nodes.find((x) => x.name === name);
  assert.ok(n, `no node ${name} under ${parent}`);
  return n.id;
}

/** 德州五村 and every node under it (ids), and every person under it. */
async function territory(server, token) {
  const district = await childByName(server, token, null, '浦东新区');
  const sub = await childByName(server, token, district, '上钢新村街道');
  const area = await childByName(server, token, sub, '德州五村');
  const nodes = [];
  const queue = [area];
  while (queue.length) {
    const id = queue.shift();
    nodes.push(id);
    const kids = await getJson(server, token, `/api/v1/nodes/${id}/children`);
    for (const k of kids.nodes) queue.push(k.id);
  }
  const people = [];
  for (let page = 1; page < 1000; page++) {
    const r = await getJson(server, token, `/api/v1/nodes/${area}/people?page=${page}`);
    people.push(...r.people.map((p) => p.id));
    if (!r.more) break;
  }
  return { area, nodes, people };
}

const tripleKey = (t) => `${t.node}/${t.person}/${t.role}`;

/** The roles held on each of `nodes` through the API, as a Set of triple keys. */
async function rolesHeld(server, token, nodes) {
  const held = new Set();
  for (const node of nodes) {
    const r = await getJson(server, token, `/api/v1/nodes/${node}/roles`);
    for (const x of r.roles) held.add(tripleKey({ node, person: x.person_id, role: x.role }));
  }
  return held;
}

/**
 * One burst: CONCURRENCY writers send grants of fresh triples until, killAfterMs in, the server
 * gets SIGKILL. Every grant answered 2xx goes into `acked`; every one sent into `sent`. Answers
 * other than 2xx, and connection errors before the kill, are returned as problems.
 */
async function burst(server, token, nextTriple, killAfterMs, acked, sent) {
  let killed = false;
  const problems = [];
  let count = 0;
  const writer = async () => {
    while (!killed) {
      const t = nextTriple();
      sent.add(tripleKey(t));
      let res;
      try {
        res = await fetch(`${server.base}/api/v1/nodes/${t.node}/roles`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ person_id: t.person, role: t.role }),
        });
      } catch (e) {
        if (!killed) problems.push(`${tripleKey(t)}: ${e.cause?.code || e.cause?.message || e.message} before the kill`);
        return;
      }
      // The status line is sent only after the commit: a 2xx is an acknowledgement even when
      // the kill cuts the body short.
      const ok = res.status >= 200 && res.status < 300;
      if (ok) {
        acked.push(t);
        count++;
      }
      let text = '';
      try { text = await res.text(); } catch { /* cut by the kill */ }
      if (!ok) problems.push(`${tripleKey(t)}: status ${res.status} ${text.slice(0, 200)}`);
    }
  };
  const writers = Array.from({ length: CONCURRENCY }, writer);
  await sleep(killAfterMs);
  killed = true;
  server.child.kill('SIGKILL');
  const exit = await server.exited;
  await Promise.all(writers);
  return { problems, count, exit };
}

/**
 * Direct look at the database: the role rows granted by `actor` against its 'role.grant' audit
 * rows, compared as sets of (node path, "person P role R") both ways, and their counts.
 */
async function consistency(engine, actor) {
  const roleSide = `SELECT n.path, 'person ' || r.person_id || ' role ' || r.role FROM role r
    JOIN node n ON n.id = r.node_id WHERE r.granted_by = ${actor}`;
  const auditSide = `SELECT subject, detail FROM audit
    WHERE action = 'role.grant' AND actor_id = ${actor}`;
  const q = `SELECT
    (SELECT count(*) FROM role WHERE granted_by = ${actor}),
    (SELECT count(*) FROM audit WHERE action = 'role.grant' AND actor_id = ${actor}),
    (SELECT count(*) FROM (${roleSide} EXCEPT ${auditSide}) AS x),
    (SELECT count(*) FROM (${auditSide} EXCEPT ${roleSide}) AS y),
    (SELECT count(*) FROM audit WHERE action <> 'role.grant' OR actor_id IS NULL OR actor_id <> ${actor})`;
  const [[roles, audits, roleNoAudit, auditNoRole, otherAudits]] = await engine.sql(q);
  return {
    roles: Number(roles), audits: Number(audits), roleNoAudit: Number(roleNoAudit),
    auditNoRole: Number(auditNoRole), otherAudits: Number(otherAudits),
  };
}

async function versions(engine) {
  return (await engine.sql('SELECT version FROM schema_version ORDER BY version')).map((r) => Number(r[0]));
}

async function integrity(engine) {
  if (engine.name !== 'sqlite') return 'ok';
  return (await engine.sql('PRAGMA integrity_check')).map((r) => r.join('|')).join('\n');
}

/** Every check that must hold whenever the server has been (re)started. */
async function checkDatabase(engine, actor, expectVersions, where) {
  assert.deepEqual(await versions(engine), expectVersions, `${where}: schema_version changed`);
  assert.equal(await integrity(engine), 'ok', `${where}: PRAGMA integrity_check`);
  const c = await consistency(engine, actor);
  assert.equal(c.roleNoAudit, 0, `${where}: role rows without their audit row: ${JSON.stringify(c)}`);
  assert.equal(c.auditNoRole, 0, `${where}: 'role.grant' audit rows without their role row: ${JSON.stringify(c)}`);
  assert.equal(c.roles, c.audits, `${where}: role rows and 'role.grant' audit rows differ: ${JSON.stringify(c)}`);
  assert.equal(c.otherAudits, 0, `${where}: unexpected audit rows: ${JSON.stringify(c)}`);
  return c;
}

/** Fails with the missing triples (a few of them) when any of `want` is not in `held`. */
function assertHeld(held, want, where) {
  const missing = want.filter((t) => !held.has(tripleKey(t)));
  assert.equal(missing.length, 0,
    `${where}: ${missing.length} acknowledged grants are missing, e.g. ${missing.slice(0, 5).map(tripleKey).join(', ')}`);
}

async function killDuringWrites(t, kind) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mulin-crash-'));
  const engine = await makeEngine(kind, dir, 'w');
  const random = rng(SEED);
  const t0 = Date.now();
  let server;
  const logs = [];
  try {
    await execFileP(BIN, ['init', '--demo', ...engine.args]);
    const expectVersions = await versions(engine);
    assert.ok(expectVersions.length > 0, 'init left no schema_version rows');
    server = await startServer(engine);
    const { token, personId: admin } = await login(server);
    const { nodes, people } = await territory(server, token);
    const baseline = await rolesHeld(server, token, nodes);
    t.diagnostic(`${kind}: seed ${SEED}, ${nodes.length} nodes, ${people.length} people, ` +
      `${baseline.size} roles held before`);

    const sent = new Set(baseline); // never send a triple twice, nor one held already
    const nextTriple = () => {
      for (;;) {
        const tr = {
          node: nodes[Math.floor(random() * nodes.length)],
          person: people[Math.floor(random() * people.length)],
          role: ROLES[Math.floor(random() * ROLES.length)],
        };
        if (!sent.has(tripleKey(tr))) return tr;
      }
    };
    const acked = [];
    const restartMs = [];
    let lastRound = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const killAfter = 50 + Math.floor(random() * 351);
      const before = acked.length;
      const b = await burst(server, token, nextTriple, killAfter, acked, sent);
      logs.push(server.log());
      assert.deepEqual(b.problems, [], `round ${round}: unexpected answers before the kill\n${server.log().slice(-3000)}`);
      assert.equal(b.exit.signal, 'SIGKILL', `round ${round}: the server was not killed but exited ${JSON.stringify(b.exit)}`);
      lastRound = acked.slice(before);

      server = await startServer(engine);
      restartMs.push(server.startMs);
      const where = `${kind} round ${round} (killed ${killAfter} ms in, ${b.count} acknowledged)`;
      assert.deepEqual(logProblems(server.log()), [], `${where}: restart log`);
      // The same session: the login was acknowledged before the first kill.
      const held = await rolesHeld(server, token, [...new Set(lastRound.map((x) => x.node))]);
      assertHeld(held, lastRound, where);
      await checkDatabase(engine, admin, expectVersions, where);
    }

    // The end: everything acknowledged in every round is there, and nothing that was not sent.
    const held = await rolesHeld(server, token, nodes);
    assertHeld(held, acked, `${kind} at the end`);
    const phantom = [...held].filter((k) => !sent.has(k));
    assert.deepEqual(phantom, [], `${kind}: roles held that were never granted`);
    const inDoubt = [...held].filter((k) => !baseline.has(k)).length - acked.length;
    const stopped = await stopServer(server, 'SIGTERM');
    logs.push(server.log());
    server = null;
    assert.deepEqual(stopped, { code: 0, signal: null }, `${kind}: exit after SIGTERM\n${logs.at(-1).slice(-3000)}`);
    const c = await checkDatabase(engine, admin, expectVersions, `${kind} after the last stop`);
    assert.equal(c.roles, acked.length + inDoubt, `${kind}: role rows by the test`);
    const problems = logs.flatMap(logProblems);
    assert.deepEqual(problems, [], `${kind}: problems in the server logs`);
    t.diagnostic(`${kind}: ${ROUNDS} kills, ${sent.size - baseline.size} grants sent, ${acked.length} acknowledged ` +
      `(all present), ${inDoubt} committed but unacknowledged, ${c.roles} role rows = ${c.audits} audit rows; ` +
      `restart ${Math.min(...restartMs)}–${Math.max(...restartMs)} ms; ${((Date.now() - t0) / 1000).toFixed(1)} s in all`);
  } finally {
    if (server) { server.child.kill('SIGKILL'); await server.exited; }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** What a database holds, coarsely: mulin tables, schema versions, demo rows. */
async function snapshot(engine) {
  const tables = await engine.tables();
  if (tables === 0) return { tables };
  const [[nodes, people, roles]] = await engine.sql(
    'SELECT (SELECT count(*) FROM node), (SELECT count(*) FROM person), (SELECT count(*) FROM role)');
  return { tables, versions: await versions(engine), nodes: Number(nodes), people: Number(people), roles: Number(roles) };
}

async function killDuringInit(t, kind) {
  const random = rng(SEED ^ 0x5eed);
  const t0 = Date.now();
  // A reference: what a complete `init --demo` leaves, and how long it takes.
  const refDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mulin-crash-'));
  let full;
  let initMs;
  try {
    const ref = await makeEngine(kind, refDir, 'ref');
    const s = Date.now();
    await execFileP(BIN, ['init', '--demo', ...ref.args]);
    initMs = Date.now() - s;
    full = await snapshot(ref);
    assert.equal(full.tables, TABLES.length);
    assert.ok(full.nodes > 0 && full.people > 0);
  } finally {
    fs.rmSync(refDir, { recursive: true, force: true });
  }
  const schemaOnly = { tables: TABLES.length, versions: full.versions, nodes: 0, people: 0, roles: 0 };
  const seen = { nothing: 0, schema: 0, demo: 0 };
  for (let i = 0; i < INIT_KILLS; i++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mulin-crash-'));
    let server;
    try {
      const engine = await makeEngine(kind, dir, `i${i}`);
      const delay = Math.floor(random() * initMs);
      const child = spawn(BIN, ['init', '--demo', ...engine.args], { stdio: 'ignore' });
      const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
      await sleep(delay);
      child.kill('SIGKILL');
      const e = await exited;
      const where = `${kind} init killed ${delay} ms in (${JSON.stringify(e)})`;
      const snap = await snapshot(engine);
      if (snap.tables === 0) seen.nothing++;
      else if (snap.nodes === 0) {
        assert.deepEqual(snap, schemaOnly, `${where}: half-applied schema`);
        seen.schema++;
      } else {
        assert.deepEqual(snap, full, `${where}: half-written demo`);
        seen.demo++;
      }
      // The server starts on whatever was left, and a second init completes it.
      server = await startServer(engine);
      assert.deepEqual(logProblems(server.log()), [], `${where}: server log`);
      const stopped = await stopServer(server, 'SIGTERM');
      server = null;
      assert.deepEqual(stopped, { code: 0, signal: null }, `${where}: exit after SIGTERM`);
      await execFileP(BIN, ['init', '--demo', ...engine.args]);
      assert.deepEqual(await snapshot(engine), full, `${where}: after a second init --demo`);
      assert.equal(await integrity(engine), 'ok', `${where}: PRAGMA integrity_check`);
    } finally {
      if (server) { server.child.kill('SIGKILL'); await server.exited; }
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  t.diagnostic(`${kind}: init --demo takes ${initMs} ms; ${INIT_KILLS} kills left nothing ${seen.nothing}, ` +
    `the schema ${seen.schema}, schema and demo ${seen.demo} times; ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

for (const kind of ['sqlite', 'postgresql']) {
  test(`${kind}: SIGKILL during ${ROUNDS} bursts of ${CONCURRENCY} concurrent role grants loses no acknowledged write`,
    { timeout: 90000 }, (t) => killDuringWrites(t, kind));
  test(`${kind}: SIGKILL during init --demo leaves all or nothing, and the server starts on it`,
    { timeout: 60000 }, (t) => killDuringInit(t, kind));
}
