// The hall's topic list as JSON (GET /api/v1/halls/{id}/topics), pinned before the list was
// made one query for the page's topics plus grouped counts (issue 5, Measure): every entry of
// every page must be byte for byte what the one-topic path gives (GET /api/v1/topics/{id}
// without its "next" and "history"), for readers who see different things: the anonymous
// proposer's name (proposer, staff, outsider), stance counts or null (a hall closed to
// outsiders), hidden opinions out of the counts, support counts, both languages.
//
// With MULIN_BIN_BEFORE (a mulin built before the change) a second server of that binary runs
// on the same database and every list page must come back byte-identical from both; on
// PostgreSQL as well with MULIN_PG_BASE.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { Client, demoNodes, freePort, loggedIn, useServer } from './lib.mjs';

const server = useServer();
const c = {};
let n;

/** The halls used, with how many topics each gets: 23 fill one page and start a second. */
const halls = {};

before(async () => {
  await server.ready;
  for (const who of ['admin', 'worker', 'leader', 'director', 'resident', 'resident2', 'worker2']) {
    c[who] = await loggedIn(server, who);
  }
  c.residentEn = await loggedIn(server, 'resident', { lang: 'en' });
  c.workerEn = await loggedIn(server, 'worker', { lang: 'en' });
  n = await demoNodes(c.admin);
  halls.group = n.group1;
  halls.east = n.east;
  halls.area = n.dezhou5;
  // 1号楼组's hall (cost 1000 yuan): 23 topics, every second one anonymous.
  const stances = ['for', 'against', 'question', 'suggestion'];
  const ids = [];
  for (let i = 0; i < 23; i++) {
    const res = await c.resident.api('POST', '/api/v1/topics', {
      title: `楼道照明第${i}号`,
      description: `晚上楼道太暗（${i}）。`,
      category: i % 3 ? 'facilities' : 'environment',
      node_id: n.household,
      cost_fen: i % 5 === 4 ? null : 100000 + i,
      proposer_public: i % 2 === 0,
    });
    assert.equal(res.status, 201, res.text);
    ids.push(res.json.id);
  }
  // Opinions of several stances and people, supports, a hidden opinion, status changes.
  for (let i = 0; i < ids.length; i += 2) {
    for (let k = 0; k < (i % 7) + 1; k++) {
      const who = ['resident', 'leader', 'director', 'worker'][k % 4];
      const r = await c[who].api('POST', `/api/v1/topics/${ids[i]}/opinions`,
        { stance: stances[(i + k) % 4], body: `意见${i}-${k}` });
      assert.ok(r.status === 201 || r.status === 403 || r.status === 409, r.text);
    }
  }
  for (let i = 0; i < ids.length; i += 3) {
    for (const who of ['leader', 'director', 'worker'].slice(0, (i % 3) + 1 + (i % 2))) {
      const r = await c[who].api('POST', `/api/v1/topics/${ids[i]}/support`);
      assert.ok(r.status === 200 || r.status === 201 || r.status === 403, r.text);
    }
  }
  const op = await c.leader.api('POST', `/api/v1/topics/${ids[0]}/opinions`, { stance: 'against', body: '要隐藏的' });
  assert.equal(op.status, 201, op.text);
  assert.equal((await c.director.api('POST', `/api/v1/opinions/${op.json.id}/hide`, { reason: '人身攻击' })).status, 200);
  assert.equal((await c.resident.api('POST', `/api/v1/topics/${ids[1]}/transitions`, { to: 'pending_review' })).status, 200);
  // 东区's hall (3000 yuan), closed to outsiders: resident2 (上钢二村) gets null counts.
  for (let i = 0; i < 3; i++) {
    const res = await c.resident.api('POST', '/api/v1/topics', {
      title: `东区议题${i}`, description: '东区的事。', category: 'facilities', node_id: n.household,
      cost_fen: 300000, proposer_public: i === 0,
    });
    assert.equal(res.status, 201, res.text);
    assert.equal((await c.leader.api('POST', `/api/v1/topics/${res.json.id}/opinions`, { stance: 'for', body: '东区' })).status, 201);
  }
  const closed = await c.director.api('POST', `/api/v1/halls/${n.east}/settings`, { others_may_read: false });
  assert.equal(closed.status, 200, closed.text);
});

const readers = () => ['admin', 'worker', 'leader', 'director', 'resident', 'resident2', 'worker2',
  'residentEn', 'workerEn'];

/** The raw list page of hall `hall` as `who` sees it. */
async function listPage(who, hall, page) {
  const q = page === undefined ? '' : `?page=${page}`;
  return c[who].api('GET', `/api/v1/halls/${hall}/topics${q}`);
}

test('every entry of the list is byte for byte the one-topic JSON without next and history', async () => {
  let entries = 0;
  let anonymousSeen = 0;
  let nullCounts = 0;
  for (const who of readers()) {
    for (const hall of Object.values(halls)) {
      for (const page of [undefined, 1, 2, 3]) {
        const res = await listPage(who, hall, page);
        assert.equal(res.status, 200, `${who} ${hall} ${page}: ${res.text}`);
        const l = res.json;
        assert.deepEqual(Object.keys(l), ['hall_node_id', 'hall_name', 'page', 'more', 'topics']);
        assert.equal(l.hall_node_id, hall);
        assert.equal(l.page, page ?? 1);
        // The whole body is this object, compact as the server writes it.
        for (const t of l.topics) {
          const one = await c[who].api('GET', `/api/v1/topics/${t.id}`);
          assert.equal(one.status, 200);
          const want = one.json;
          assert.ok(Array.isArray(want.next) && Array.isArray(want.history));
          delete want.next;
          delete want.history;
          assert.equal(JSON.stringify(t), JSON.stringify(want), `${who} topic ${t.id}`);
          entries++;
          if (t.proposer === null) anonymousSeen++;
          if (t.stance_counts === null) nullCounts++;
        }
        const ids = l.topics.map((t) => t.id);
        assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');
      }
    }
  }
  // The fixture reaches the cases it is meant to: anonymous proposers hidden from some readers
  // and shown to others, counts closed to an outsider.
  assert.ok(entries > 300, `entries ${entries}`);
  assert.ok(anonymousSeen > 0);
  assert.ok(nullCounts > 0);
});

test('pages: 20 a page, more on the first of 23, the second holds the rest, the third is empty', async () => {
  const p1 = (await listPage('resident', halls.group, 1)).json;
  const p2 = (await listPage('resident', halls.group, 2)).json;
  const p3 = (await listPage('resident', halls.group, 3)).json;
  assert.equal(p1.topics.length, 20);
  assert.equal(p1.more, true);
  assert.equal(p2.topics.length, 3);
  assert.equal(p2.more, false);
  assert.deepEqual(p3.topics, []);
  assert.equal(p3.more, false);
  assert.ok(p1.topics.at(-1).id > p2.topics[0].id);
  // The counts are each topic's own: the hidden opinion is out of topic 0's counts.
  const first = p2.topics.at(-1);
  const counts = Object.values(first.stance_counts).reduce((a, b) => a + b, 0);
  assert.equal(counts, 1);
  // Resident2 lives elsewhere: 东区's counts are closed to them, open to its residents.
  const east2 = (await listPage('resident2', halls.east)).json.topics;
  assert.equal(east2.length, 3);
  assert.ok(east2.every((t) => t.stance_counts === null));
  const east1 = (await listPage('resident', halls.east)).json.topics;
  assert.ok(east1.every((t) => t.stance_counts.for === 1));
  // Not a hall: 404; not signed in: 401.
  assert.equal((await c.resident.api('GET', `/api/v1/halls/${n.household}/topics`)).status, 404);
  assert.equal((await new Client(server).get(`/api/v1/halls/${halls.group}/topics`)).status, 401);
});

// ---- the same database through the binary from before the change ----

let before2 = null;
after(async () => {
  if (before2) {
    before2.child.kill('SIGTERM');
    await before2.exited;
  }
});

test('the binary from before the change answers every list page with the same bytes',
  { skip: !process.env.MULIN_BIN_BEFORE && 'MULIN_BIN_BEFORE not set' }, async () => {
    const port = await freePort();
    const child = spawn(process.env.MULIN_BIN_BEFORE, ['serve', ...server.dbArgs, '--listen', `127.0.0.1:${port}`],
      { stdio: ['ignore', 'ignore', 'pipe'] });
    const exited = new Promise((r) => child.on('exit', r));
    before2 = { child, exited };
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 200; i++) {
      try { if ((await fetch(`${base}/login`)).status === 200) break; } catch { /* not yet */ }
      await new Promise((r) => setTimeout(r, 50));
    }
    let compared = 0;
    for (const who of readers()) {
      const old = new Client({ base }, { headers: c[who].headers });
      old.token = c[who].token; // sessions live in the database
      for (const hall of Object.values(halls)) {
        for (const page of [1, 2, 3]) {
          const now = await listPage(who, hall, page);
          const was = await old.api('GET', `/api/v1/halls/${hall}/topics?page=${page}`);
          assert.equal(was.status, now.status);
          assert.ok(was.body.equals(now.body), `${who} hall ${hall} page ${page} differs:\n${was.text}\n${now.text}`);
          compared++;
        }
      }
    }
    assert.equal(compared, readers().length * 9);
  });
