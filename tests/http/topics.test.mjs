// The deliberation hall's first slice: raising topics (routing to the building-group, block or
// estate hall), who may raise them, validation, anonymous proposers, screening and the pages.
// Demo: every account but admin and resident2 lives in 德州五村 东区 1号楼组 1号楼 101室; resident2
// lives in 上钢二村; director, worker and chair hold their roles on 德州五村.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, csrfFrom, demoNodes, loggedIn, useServer } from './lib.mjs';

const server = useServer();
const c = {};
let n; // demo node ids
let residentId;

before(async () => {
  await server.ready;
  for (const who of ['admin', 'worker', 'leader', 'director', 'resident', 'resident2']) {
    c[who] = await loggedIn(server, who);
  }
  c.residentEn = await loggedIn(server, 'resident', { lang: 'en' });
  n = await demoNodes(c.admin);
  residentId = (await c.resident.api('GET', '/api/v1/me')).json.id;
});

const topic = (over = {}) => ({
  title: '楼道加装声控照明',
  description: '晚上楼道太暗，老人上下楼不安全。',
  suggestion: '每层安装一盏声控灯。',
  category: 'facilities',
  node_id: n.household,
  cost_fen: 150000,
  channel: 'online',
  ...over,
});

async function hallCounts() {
  const out = {};
  for (const id of [n.group1, n.east, n.dezhou5]) {
    out[id] = (await c.admin.api('GET', `/api/v1/halls/${id}/topics`)).json.topics.length;
  }
  return out;
}

test('a resident raises topics and each goes to the hall the rules give', async () => {
  const cases = [
    [{ node_id: n.household, cost_fen: 200000 }, 'BUILDING_GROUP', n.group1],
    [{ node_id: n.household, cost_fen: 200100 }, 'BLOCK', n.east],
    [{ node_id: n.dezhou5, cost_fen: null }, 'ESTATE', n.dezhou5],
    [{ node_id: n.household, cost_fen: 100, category: 'maintenance_fund' }, 'ESTATE', n.dezhou5],
    [{ node_id: n.east, cost_fen: 100 }, 'BLOCK', n.east], // 东区 has two building groups
  ];
  for (const [over, tier, hall] of cases) {
    const res = await c.resident.api('POST', '/api/v1/topics', topic(over));
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.tier, tier, JSON.stringify(over));
    assert.equal(res.json.hall_node_id, hall);
    assert.equal(res.json.status, 'collecting');
    assert.equal(res.json.status_name, '征集中');
    assert.ok(typeof res.json.id === 'number' && res.json.id > 0);
    assert.ok(res.json.explanation.length > 10, res.json.explanation);
  }
  const small = await c.resident.api('POST', '/api/v1/topics', topic({ cost_fen: 200000 }));
  assert.match(small.json.explanation, /¥2,000/);
  assert.match(small.json.explanation, /楼组议/);
  const en = await c.residentEn.api('POST', '/api/v1/topics', topic({ cost_fen: 200100 }));
  assert.match(en.json.explanation, /block hall/);
  // 60 characters of Chinese are 180 bytes: limits count characters.
  const sixty = await c.resident.api('POST', '/api/v1/topics', topic({ title: '灯'.repeat(60) }));
  assert.equal(sixty.status, 201, sixty.text);
});

test('a resident of another area may not raise a topic here', async () => {
  const res = await c.resident2.api('POST', '/api/v1/topics', topic({ node_id: n.dezhou5 }));
  assert.equal(res.status, 403);
  assert.equal(res.json.error.code, 'forbidden');
  // Nor in a building group of 德州五村 that is not theirs... but the resident of 1号楼组 may
  // raise a block-level topic in 东区 (they live under it), and not in 西区's hall.
  const west = (await c.admin.api('GET', `/api/v1/nodes/${n.dezhou5}/children`)).json.nodes.find((x) => x.name === '西区').id;
  const other = await c.resident.api('POST', '/api/v1/topics', topic({ node_id: west, cost_fen: 100 }));
  assert.equal(other.status, 403);
});

test('bad input is refused with a clear code and nothing is stored', async () => {
  const before = await hallCounts();
  const bad = [
    [{ title: '' }, 400, 'missing_field', 'title'],
    [{ title: '　 ' }, 400, 'missing_field', 'title'],
    [{ description: undefined }, 400, 'missing_field', 'description'],
    [{ title: '灯'.repeat(61) }, 422, 'too_long', 'title'],
    [{ description: '暗'.repeat(2001) }, 422, 'too_long', 'description'],
    [{ category: 'gossip' }, 422, 'bad_category', 'category'],
    [{ category: undefined }, 400, 'missing_field', 'category'],
    [{ channel: 'pigeon' }, 422, 'bad_channel', 'channel'],
    [{ cost_fen: -1 }, 422, 'bad_cost', 'cost_fen'],
    [{ cost_fen: -500 }, 422, 'bad_cost', 'cost_fen'],
    [{ node_id: 99999999 }, 404, 'not_found', 'node_id'],
    [{ node_id: n.sub }, 422, 'not_in_area', 'node_id'],
  ];
  for (const [over, status, code, field] of bad) {
    const res = await c.resident.api('POST', '/api/v1/topics', topic(over));
    assert.equal(res.status, status, `${JSON.stringify(over).slice(0, 60)}: ${res.text}`);
    assert.equal(res.json.error.code, code);
    assert.equal(res.json.error.field, field);
    assert.ok(res.json.error.message.length > 0);
  }
  const wrongType = await c.resident.api('POST', '/api/v1/topics', topic({ cost_fen: '1500' }));
  assert.equal(wrongType.status, 400);
  const notJson = await c.resident.api('POST', '/api/v1/topics', '{"title":');
  assert.equal(notJson.status, 400);
  assert.deepEqual(await hallCounts(), before);
});

test('an anonymous proposer is named only to the proposer and the hall\'s officers', async () => {
  const res = await c.resident.api('POST', '/api/v1/topics', topic({ title: '匿名的议题', proposer_public: false }));
  assert.equal(res.status, 201);
  const id = res.json.id;
  // The proposer sends it for review: that history line must not give them away either.
  assert.equal((await c.resident.api('POST', `/api/v1/topics/${id}/transitions`, { to: 'pending_review' })).status, 200);
  for (const who of ['resident2', 'leader']) {
    const json = await c[who].api('GET', `/api/v1/topics/${id}`);
    assert.equal(json.status, 200);
    assert.equal(json.json.proposer, null);
    assert.ok(!json.text.includes(DEMO.resident.name), `${who} sees the name in JSON`);
    const page = await c[who].get(`/topics/${id}`);
    assert.equal(page.status, 200);
    assert.ok(!page.text.includes(DEMO.resident.name), `${who} sees the name in HTML`);
    assert.match(page.text, /匿名/);
    const hall = await c[who].get(`/halls/${n.group1}`);
    assert.ok(!hall.text.includes(DEMO.resident.name));
    const list = await c[who].api('GET', `/api/v1/halls/${n.group1}/topics`);
    assert.ok(!list.text.includes(DEMO.resident.name));
  }
  for (const who of ['worker', 'director', 'resident']) {
    const json = await c[who].api('GET', `/api/v1/topics/${id}`);
    assert.equal(json.json.proposer.name, DEMO.resident.name, who);
    const page = await c[who].get(`/topics/${id}`);
    assert.ok(page.text.includes(DEMO.resident.name), `${who} should see the name`);
  }
  const pub = await c.resident.api('POST', '/api/v1/topics', topic({ proposer_public: true }));
  assert.equal((await c.resident2.api('GET', `/api/v1/topics/${pub.json.id}`)).json.proposer.name, DEMO.resident.name);
});

test('screening: the director accepts, a resident may not, a rejection needs a reason', async () => {
  const id = (await c.resident.api('POST', '/api/v1/topics', topic({ title: '要审核的议题' }))).json.id;
  const move = (who, to, reason) => c[who].api('POST', `/api/v1/topics/${id}/transitions`, { to, reason });

  const early = await move('director', 'accepted');
  assert.equal(early.status, 409, 'not from 征集中');
  assert.equal(early.json.error.code, 'E_TRANSITION_NOT_ALLOWED');
  assert.equal((await move('resident', 'pending_review')).status, 200);

  const byResident = await move('resident', 'accepted');
  assert.equal(byResident.status, 403);
  assert.equal(byResident.json.error.code, 'E_ROLE');
  assert.match(byResident.json.error.message, /身份/);
  assert.equal((await move('resident2', 'accepted')).status, 403);

  const noReason = await move('director', 'rejected', '   ');
  assert.equal(noReason.status, 409);
  assert.equal(noReason.json.error.code, 'E_REASON_REQUIRED');
  assert.match(noReason.json.error.message, /理由/);
  const transfer = await move('director', 'transferred', '属于物业维修范围');
  assert.equal(transfer.status, 403, 'transfer is for the residents\' committee');

  const unknown = await move('director', 'flying');
  assert.equal(unknown.status, 422);

  const ok = await move('director', 'accepted');
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.status, 'accepted');
  assert.equal(ok.json.status_name, '已立项');
  const h = ok.json.history;
  assert.deepEqual(h.map((e) => e.kind), ['create', 'transition', 'transition']);
  assert.equal(h[2].to.key, 'accepted');
  assert.equal(h[2].from.key, 'pending_review');
  assert.equal(h[2].actor.name, DEMO.director.name);

  // Rejection with a reason, by the worker, on another topic; the reason is kept.
  const id2 = (await c.resident.api('POST', '/api/v1/topics', topic({ title: '不予立项的议题' }))).json.id;
  await c.resident.api('POST', `/api/v1/topics/${id2}/transitions`, { to: 'pending_review' });
  const rej = await c.worker.api('POST', `/api/v1/topics/${id2}/transitions`, { to: 'rejected', reason: '属于个人私事' });
  assert.equal(rej.status, 200);
  assert.equal(rej.json.history.at(-1).reason, '属于个人私事');
  const again = await c.worker.api('POST', `/api/v1/topics/${id2}/transitions`, { to: 'accepted' });
  assert.equal(again.status, 409, 'a rejected topic stays rejected');
});

test('the hall lists its topics, newest first, and the topic page shows the screening forms', async () => {
  const a = (await c.resident.api('POST', '/api/v1/topics', topic({ title: '第一个列表议题' }))).json.id;
  const b = (await c.resident.api('POST', '/api/v1/topics', topic({ title: '第二个列表议题' }))).json.id;
  const list = await c.resident2.api('GET', `/api/v1/halls/${n.group1}/topics`);
  assert.equal(list.status, 200);
  const ids = list.json.topics.map((t) => t.id);
  assert.ok(ids.indexOf(b) >= 0 && ids.indexOf(b) < ids.indexOf(a), 'newest first');
  assert.equal((await c.resident.api('GET', `/api/v1/halls/${n.building1}/topics`)).status, 404, 'a building has no hall');

  const page = await c.resident.get(`/halls/${n.group1}`);
  assert.equal(page.status, 200);
  assert.ok(page.text.includes('第二个列表议题'));
  assert.ok(page.text.includes(`href="/topics/${b}"`));
  assert.ok(page.text.includes(`href="/halls/${n.group1}/propose"`));
  assert.match(page.text, /我要提议题/);

  await c.resident.api('POST', `/api/v1/topics/${b}/transitions`, { to: 'pending_review' });
  const director = await c.director.get(`/topics/${b}`);
  for (const to of ['accepted', 'rejected']) assert.ok(director.text.includes(`name="to" value="${to}"`), to);
  assert.ok(director.text.includes('name="reason"'));
  const worker = await c.worker.get(`/topics/${b}`);
  assert.ok(worker.text.includes('name="to" value="transferred"'));
  const other = await c.resident2.get(`/topics/${b}`);
  assert.ok(!other.text.includes('/transitions'), 'no forms for a resident');

  // The director screens through the form (no JavaScript): 303 back to the topic.
  const csrf = csrfFrom(director.text);
  const noReason = await c.director.postForm(`/topics/${b}/transitions`, { csrf, to: 'rejected', reason: '' });
  assert.equal(noReason.status, 409);
  assert.match(noReason.text, /理由/);
  const done = await c.director.postForm(`/topics/${b}/transitions`, { csrf, to: 'accepted' });
  assert.equal(done.status, 303);
  assert.equal(done.headers.get('location'), `/topics/${b}`);
  assert.equal((await c.resident.api('GET', `/api/v1/topics/${b}`)).json.status, 'accepted');

  // Every hall is linked from its node page.
  for (const id of [n.dezhou5, n.east, n.group1]) {
    assert.ok((await c.resident.get(`/nodes/${id}`)).text.includes(`href="/halls/${id}"`));
  }
});

test('the propose form works without JavaScript and needs its CSRF token', async () => {
  const form = await c.resident.get(`/halls/${n.group1}/propose`);
  assert.equal(form.status, 200);
  const csrf = csrfFrom(form.text);
  assert.ok(csrf);
  const fields = { title: '表单提的议题', description: '单元门坏了', category: 'facilities', node_id: String(n.household), cost: '1,500.50' };

  const before = await hallCounts();
  const noToken = await c.resident.postForm(`/halls/${n.group1}/propose`, fields);
  assert.equal(noToken.status, 403);
  const badToken = await c.resident.postForm(`/halls/${n.group1}/propose`, { ...fields, csrf: 'x'.repeat(csrf.length) });
  assert.equal(badToken.status, 403);
  const empty = await c.resident.postForm(`/halls/${n.group1}/propose`, { ...fields, csrf, title: '' });
  assert.equal(empty.status, 400);
  assert.match(empty.text, /请填写/);
  assert.ok(empty.text.includes('单元门坏了'), 'what was typed is kept');
  const cost = await c.resident.postForm(`/halls/${n.group1}/propose`, { ...fields, csrf, cost: '-3' });
  assert.equal(cost.status, 422);
  assert.match(cost.text, /花费/);
  assert.deepEqual(await hallCounts(), before);

  const ok = await c.resident.postForm(`/halls/${n.group1}/propose`, { ...fields, csrf });
  assert.equal(ok.status, 303, ok.text.slice(0, 500));
  const id = Number(/\/topics\/(\d+)/.exec(ok.headers.get('location'))[1]);
  const t = (await c.resident.api('GET', `/api/v1/topics/${id}`)).json;
  assert.equal(t.cost_fen, 150050);
  assert.equal(t.tier, 'BUILDING_GROUP');
  assert.equal(t.proposer_public, false);
  const page = await c.resident.get(ok.headers.get('location'));
  assert.equal(page.status, 200);
  assert.ok(page.text.includes('表单提的议题'));
  assert.match(page.text, /琐事/);
});

test('a leader or worker enters an offline topic for a resident; others may not', async () => {
  const body = topic({ channel: 'box', proposer_id: residentId, title: '意见箱里的议题' });
  const byWorker = await c.worker.api('POST', '/api/v1/topics', body);
  assert.equal(byWorker.status, 201, byWorker.text);
  assert.equal(byWorker.json.channel, 'box');
  assert.equal(byWorker.json.proposer.name, DEMO.resident.name);
  const byLeader = await c.leader.api('POST', '/api/v1/topics', { ...body, channel: 'visit' });
  assert.equal(byLeader.status, 201, byLeader.text);
  // The leader entered it, but the resident is its proposer.
  const mine = await c.resident.api('GET', `/api/v1/topics/${byLeader.json.id}`);
  assert.equal(mine.json.proposer.id, residentId);

  assert.equal((await c.worker.api('POST', '/api/v1/topics', { ...body, channel: 'online' })).status, 403);
  assert.equal((await c.director.api('POST', '/api/v1/topics', body)).status, 403, 'a director does not enter for others');
  const resident2Id = (await c.resident2.api('GET', '/api/v1/me')).json.id;
  const outside = await c.worker.api('POST', '/api/v1/topics', { ...body, proposer_id: resident2Id });
  assert.equal(outside.status, 422);
  assert.equal(outside.json.error.code, 'bad_proposer');
});
