// Hall statistics (GET /halls/{id}/stats, GET /api/v1/halls/{id}/stats): exact counts after a
// known set of topics and transitions — by channel (online vs offline), tier and status,
// distinct participants and households, the implementation rate closed ÷ resolved — with the
// halls beneath included; who may read them; no names on the page.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { advanceTopic, DEMO, demoNodes, loggedIn, useServer } from './lib.mjs';

const server = useServer();
const c = {};
let n;
let residentId;
let resident2Id;
const t = {};

const topic = (over = {}) => ({
  title: '统计用议题', description: '说明。', suggestion: '建议。', category: 'facilities',
  node_id: n.household, cost_fen: 100, channel: 'online', ...over,
});

async function raise(who, over) {
  const res = await c[who].api('POST', '/api/v1/topics', topic(over));
  assert.equal(res.status, 201, res.text);
  return res.json.id;
}

async function move(who, id, ...steps) {
  for (const to of steps) {
    const res = await c[who].api('POST', `/api/v1/topics/${id}/transitions`, { to, reason: '按程序办理' });
    assert.equal(res.status, 200, `${to}: ${res.text}`);
  }
}

before(async () => {
  await server.ready;
  for (const who of ['admin', 'worker', 'leader', 'resident', 'resident2', 'worker2', 'recorder']) {
    c[who] = await loggedIn(server, who);
  }
  n = await demoNodes(c.admin);
  residentId = (await c.resident.api('GET', '/api/v1/me')).json.id;
  resident2Id = (await c.resident2.api('GET', '/api/v1/me')).json.id;
  // 德州五村: five topics in three halls (group 1号楼组, block 东区, the area itself).
  t.t1 = await raise('resident'); // group, online
  t.t2 = await raise('leader', { channel: 'visit', proposer_id: residentId }); // group, offline
  t.t3 = await raise('resident', { cost_fen: 200100 }); // block, online
  t.t4 = await raise('leader', { node_id: n.dezhou5, cost_fen: null }); // estate, online
  t.t5 = await raise('worker', { node_id: n.dezhou5, cost_fen: null, channel: 'phone', proposer_id: residentId });
  await move('resident', t.t1, 'pending_review');
  await advanceTopic(server, c, t.t1, 'awaiting_evaluation');
  const closed = await c.worker.api('POST', `/api/v1/topics/${t.t1}/close`, { outcome: 'solved', note: '已解决' });
  assert.equal(closed.status, 200, closed.text);
  await move('leader', t.t4, 'pending_review');
  await advanceTopic(server, c, t.t4, 'resolved');
  await move('resident', t.t3, 'pending_review');
  await move('worker', t.t3, 'rejected');
  // 上钢二村: one topic, which no hall of 德州五村 counts.
  const sg = await c.resident2.api('POST', '/api/v1/topics', topic({ node_id: n.shanggang2, cost_fen: null }));
  assert.equal(sg.status, 201, sg.text);
  assert.ok(resident2Id > 0);
});

const stats = async (who, id) => {
  const res = await c[who].api('GET', `/api/v1/halls/${id}/stats`);
  assert.equal(res.status, 200, res.text);
  return res.json;
};

test('the area\'s statistics count its own and its blocks\' and groups\' topics exactly', async () => {
  const s = await stats('resident', n.dezhou5);
  assert.equal(s.hall_node_id, n.dezhou5);
  assert.equal(s.topics, 5);
  assert.deepEqual(s.online_offline, { online: 3, offline: 2 });
  assert.deepEqual(s.by_channel, { online: 3, visit: 1, session: 0, box: 0, phone: 1, wechat: 0, other: 0 });
  assert.deepEqual(s.by_tier, { BUILDING_GROUP: 2, BLOCK: 1, ESTATE: 2 });
  assert.equal(s.by_status.collecting, 2);
  assert.equal(s.by_status.closed, 1);
  assert.equal(s.by_status.resolved, 1);
  assert.equal(s.by_status.rejected, 1);
  assert.equal(Object.values(s.by_status).reduce((a, b) => a + b, 0), 5);
  // resident (proposer), leader (proposer and enterer), worker (enterer and every officer's
  // step): three people, all of household 101室.
  assert.equal(s.participants, 3);
  assert.equal(s.households, 1);
  // Resolved: t1 and t4 reached 已决议; t1 is closed. 1 ÷ 2.
  assert.deepEqual(s.implementation, { closed: 1, resolved: 2, rate: '50.0%' });
});

test('a group\'s and a block\'s statistics stop at their own scope', async () => {
  const g = await stats('resident', n.group1);
  assert.equal(g.topics, 2);
  assert.deepEqual(g.by_tier, { BUILDING_GROUP: 2, BLOCK: 0, ESTATE: 0 });
  assert.deepEqual(g.online_offline, { online: 1, offline: 1 });
  assert.deepEqual(g.implementation, { closed: 1, resolved: 1, rate: '100.0%' });
  // participants of the group: resident (proposer of both), leader (entered t2), worker (moves)
  assert.equal(g.participants, 3);
  const b = await stats('resident', n.east);
  assert.equal(b.topics, 3);
  assert.deepEqual(b.by_tier, { BUILDING_GROUP: 2, BLOCK: 1, ESTATE: 0 });
  assert.equal(b.by_status.rejected, 1);
  const other = await stats('resident2', n.shanggang2);
  assert.equal(other.topics, 1);
  assert.equal(other.participants, 1);
  assert.equal(other.households, 1);
  assert.deepEqual(other.implementation, { closed: 0, resolved: 0, rate: '—' });
});

test('residents in scope and hall staff may read; others are refused', async () => {
  for (const who of ['resident', 'recorder', 'worker', 'admin']) {
    assert.equal((await c[who].api('GET', `/api/v1/halls/${n.dezhou5}/stats`)).status, 200, who);
  }
  // resident2 lives in 上钢二村; worker holds their role on 德州五村 and lives there.
  for (const [who, id] of [['resident2', n.dezhou5], ['resident2', n.group1], ['worker', n.shanggang2]]) {
    const res = await c[who].api('GET', `/api/v1/halls/${id}/stats`);
    assert.equal(res.status, 403, `${who} on ${id}`);
    assert.equal(res.json.error.code, 'forbidden');
    const page = await c[who].get(`/halls/${id}/stats`);
    assert.equal(page.status, 403);
    assert.match(page.text, /只有住在这个议事厅范围内的居民和议事厅的工作人员可以查看统计/);
  }
  assert.equal((await c.worker2.api('GET', `/api/v1/halls/${n.shanggang2}/stats`)).status, 200);
  assert.equal((await fetch(`${server.base}/api/v1/halls/${n.dezhou5}/stats`)).status, 401);
  assert.equal((await c.admin.api('GET', `/api/v1/halls/${n.household}/stats`)).status, 404);
});

test('the statistics page shows the numbers and no one\'s name', async () => {
  const page = await c.resident.get(`/halls/${n.dezhou5}/stats`);
  assert.equal(page.status, 200);
  const count = (name) => {
    const m = new RegExp(`<li class="cell">${name} <strong data-count>(\\d+)</strong>`).exec(page.text);
    return m ? Number(m[1]) : null;
  };
  assert.equal(count('议题总数'), 5);
  assert.equal(count('参与人数'), 3);
  assert.equal(count('参与户数'), 1);
  assert.equal(count('网上提出'), 3);
  assert.equal(count('线下收集'), 2);
  assert.equal(count('· 楼组走访'), 1);
  assert.equal(count('· 电话'), 1);
  assert.equal(count('· 意见箱'), null); // channels that brought nothing are left out
  assert.equal(count('征集中'), 2);
  assert.match(page.text, /<strong data-rate>50\.0%<\/strong><br><span class="muted">已办结 1 件 ÷ 已决议 2 件/);
  for (const who of ['resident', 'leader', 'worker']) assert.ok(!page.text.includes(DEMO[who].name), who);
  const hall = await c.resident.get(`/halls/${n.dezhou5}`);
  assert.match(hall.text, new RegExp(`href="/halls/${n.dezhou5}/stats"`));
});
