// Hall search (GET /search, GET /api/v1/search): Chinese 2-character queries find their topics
// through the bigram index on either engine (MULIN_PG_BASE runs this file on PostgreSQL), and
// unrelated queries do not; ASCII is case-insensitive; excerpts mark what matched; bad queries
// get clear errors; the hall filter takes in the halls beneath.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { demoNodes, loggedIn, useServer } from './lib.mjs';

const server = useServer();
const c = {};
let n;
const ids = {};

const topic = (title, description, over = {}) => ({
  title, description, suggestion: '请居委会协调。', category: 'facilities',
  node_id: n.household, cost_fen: 100, channel: 'online', ...over,
});

before(async () => {
  await server.ready;
  for (const who of ['admin', 'resident', 'resident2']) c[who] = await loggedIn(server, who);
  n = await demoNodes(c.admin);
  const add = async (key, t) => {
    const res = await c.resident.api('POST', '/api/v1/topics', t);
    assert.equal(res.status, 201, res.text);
    ids[key] = res.json.id;
  };
  await add('parking', topic('小区停车位不够', '晚上车辆乱停，消防通道被占。'));
  await add('lift', topic('老楼加装电梯', '六层老楼没有电梯，老人上下楼困难。', { node_id: n.dezhou5, cost_fen: null }));
  await add('lights', topic('楼道照明', '声控灯坏了，晚上太暗。'));
  await add('wifi', topic('Free WiFi in the Garden', 'A public hotspot near the EV chargers.'));
});

async function search(q, extra = '') {
  return c.resident.api('GET', `/api/v1/search?q=${encodeURIComponent(q)}${extra}`);
}
const found = (res) => res.json.hits.map((h) => h.topic_id).sort((a, b) => a - b);

test('2-character Chinese queries find their topics and only those', async () => {
  for (const [q, want] of [['停车', ['parking']], ['电梯', ['lift']], ['加装', ['lift']],
    ['晚上', ['lights', 'parking']], ['楼道照明', ['lights']], ['老人上下楼', ['lift']]]) {
    const res = await search(q);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(found(res), want.map((k) => ids[k]).sort((a, b) => a - b), q);
  }
  for (const q of ['游泳', '停电', '车停']) { // words no topic holds (车停 is not 停车)
    const res = await search(q);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json.hits, [], q);
  }
  // Every query token must match: 停车 AND 电梯 are in no one topic.
  assert.deepEqual((await search('停车 电梯')).json.hits, []);
});

test('hits are newest first with the topic title and a marked excerpt', async () => {
  const res = await search('晚上');
  assert.deepEqual(res.json.hits.map((h) => h.topic_id), [ids.lights, ids.parking]);
  const hit = res.json.hits[1];
  assert.equal(hit.kind, 'topic');
  assert.equal(hit.topic_title, '小区停车位不够');
  assert.match(hit.excerpt_html, /<mark>晚上<\/mark>车辆乱停/);
  // The title is shown on its own; the excerpt comes from the text where the words are.
  assert.ok(!hit.excerpt_html.includes('停车位不够'), hit.excerpt_html);
  // A match only in the title: the excerpt starts with the title.
  assert.match((await search('不够')).json.hits[0].excerpt_html, /^小区停车位<mark>不够<\/mark>/);
  assert.equal(hit.hall_node_id, n.group1);
});

test('ASCII words are case-insensitive', async () => {
  for (const q of ['wifi', 'WIFI', 'WiFi', 'ev', 'Garden']) {
    assert.deepEqual(found(await search(q)), [ids.wifi], q);
  }
  assert.match((await search('wifi')).json.hits[0].excerpt_html, /<mark>WiFi<\/mark>/);
  assert.deepEqual((await search('wif')).json.hits, []); // whole words only
});

test('the hall filter keeps hits to that hall and the halls beneath it', async () => {
  assert.deepEqual(found(await search('晚上', `&hall_id=${n.group1}`)),
    [ids.parking, ids.lights].sort((a, b) => a - b));
  // The area's hall includes its group's topics; the group's does not include the area's.
  assert.deepEqual(found(await search('电梯', `&hall_id=${n.dezhou5}`)), [ids.lift]);
  assert.deepEqual(found(await search('停车', `&hall_id=${n.dezhou5}`)), [ids.parking]);
  assert.deepEqual((await search('电梯', `&hall_id=${n.group1}`)).json.hits, []);
  assert.equal((await search('电梯', `&hall_id=${n.household}`)).status, 404);
  assert.equal((await search('电梯', '&hall_id=abc')).status, 404);
});

test('empty, too long and unsearchable queries get clear errors', async () => {
  let res = await search('');
  assert.equal(res.status, 400);
  assert.equal(res.json.error.code, 'missing_query');
  res = await c.resident.api('GET', '/api/v1/search');
  assert.equal(res.status, 400);
  res = await search('停'.repeat(51));
  assert.equal(res.status, 422);
  assert.equal(res.json.error.code, 'too_long');
  assert.match(res.json.error.message, /50/);
  assert.equal((await search('停'.repeat(50))).status, 200); // 50 characters are allowed
  res = await search('，。！？');
  assert.equal(res.status, 422);
  assert.equal(res.json.error.code, 'no_search_terms');
  // The page shows the form again with the message.
  const page = await c.resident.get(`/search?q=${encodeURIComponent('，。')}`);
  assert.equal(page.status, 422);
  assert.match(page.text, /这些字符没法搜索/);
  assert.match(page.text, /aria-invalid="true" aria-describedby="q-error"/);
  assert.match(page.text, /<form method="get" action="\/search"/);
  const long = await c.resident.get(`/search?q=${encodeURIComponent('x'.repeat(51))}`);
  assert.equal(long.status, 422);
  assert.match(long.text, /最多 50 个字/);
});

test('the search page lists hits with marks, escaped', async () => {
  const res = await c.resident.get(`/search?q=${encodeURIComponent('停车')}`);
  assert.equal(res.status, 200);
  assert.match(res.text, /<mark>停车<\/mark>/);
  assert.match(res.text, new RegExp(`href="/topics/${ids.parking}"`));
  assert.doesNotMatch(res.text, /加装电梯/);
  const box = await c.resident.get('/search');
  assert.equal(box.status, 200);
  assert.match(box.text, /<label for="q">/);
  // The query is escaped where it is shown again.
  const xss = await c.resident.get(`/search?q=${encodeURIComponent('"><script>停车')}`);
  assert.equal(xss.status, 200);
  assert.doesNotMatch(xss.text, /"><script>停车/);
});

test('search needs a signed-in reader; a resident of another area may search too', async () => {
  const anon = await fetch(`${server.base}/api/v1/search?q=${encodeURIComponent('停车')}`);
  assert.equal(anon.status, 401);
  const other = await c.resident2.api('GET', `/api/v1/search?q=${encodeURIComponent('停车')}`);
  assert.equal(other.status, 200);
  assert.deepEqual(other.json.hits.map((h) => h.topic_id), [ids.parking]);
});

test('search pages: 20 hits a page, then more', async () => {
  for (let i = 0; i < 21; i++) {
    const res = await c.resident.api('POST', '/api/v1/topics', topic(`垃圾分类第${i}号`, '垃圾桶不够。'));
    assert.equal(res.status, 201, res.text);
  }
  const p1 = await search('垃圾');
  assert.equal(p1.json.hits.length, 20);
  assert.equal(p1.json.more, true);
  const p2 = await search('垃圾', '&page=2');
  assert.equal(p2.json.hits.length, 1);
  assert.equal(p2.json.more, false);
  assert.match(p2.json.hits[0].topic_title, /第0号/);
});

test('topics raised before the index existed are indexed at start-up', async () => {
  const { startServer } = await import('./lib.mjs');
  const { execFileSync, spawn } = await import('node:child_process');
  const fs = await import('node:fs');
  const s = await startServer();
  let second = null;
  try {
    const res0 = await loggedIn(s, 'resident');
    const nodes = await demoNodes(res0);
    const raised = await res0.api('POST', '/api/v1/topics', {
      title: '旧议题：增设快递柜', description: '快递没处放。', suggestion: '', category: 'facilities',
      node_id: nodes.household, cost_fen: 100, channel: 'online',
    });
    assert.equal(raised.status, 201, raised.text);
    const stopped = await s.stop();
    assert.equal(stopped.code, 0);
    // Forget the index, as on a database from before it.
    const wipe = 'DELETE FROM search_doc';
    if (process.env.MULIN_PG_BASE) execFileSync('psql', [s.db, '-qc', wipe], { stdio: 'pipe' });
    else execFileSync('sqlite3', [s.db, wipe], { stdio: 'pipe' });
    const port = await (await import('./lib.mjs')).freePort();
    second = spawn(s.child.spawnfile, ['serve', ...s.dbArgs, '--listen', `127.0.0.1:${port}`], { stdio: 'ignore' });
    const again = { base: `http://127.0.0.1:${port}` };
    let c2;
    for (let i = 0; i < 200 && !c2; i++) {
      try { c2 = await loggedIn(again, 'resident'); } catch { await new Promise((ok) => setTimeout(ok, 50)); }
    }
    assert.ok(c2, 'the restarted server answers');
    const hit = await c2.api('GET', `/api/v1/search?q=${encodeURIComponent('快递')}`);
    assert.equal(hit.status, 200, hit.text);
    assert.deepEqual(hit.json.hits.map((h) => h.topic_id), [raised.json.id]);
  } finally {
    if (second) {
      const exited = new Promise((ok) => second.on('exit', ok));
      second.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(s.dir, { recursive: true, force: true });
  }
});
