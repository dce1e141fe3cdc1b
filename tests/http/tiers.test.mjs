// Which hall hears a topic after it is routed: standing directors override with a reason, a
// resident appeals to a wider hall and the directors of that hall grant or refuse, and those who
// screen topics merge duplicates. Demo: resident, leader, director, worker live in 德州五村 东区
// 1号楼组 1号楼 101室; director and worker hold their roles on 德州五村; resident2 lives in 上钢二村.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { csrfFrom, demoNodes, loggedIn, useServer } from './lib.mjs';

const server = useServer();
const c = {};
let n;

before(async () => {
  await server.ready;
  for (const who of ['admin', 'worker', 'leader', 'director', 'resident', 'resident2']) {
    c[who] = await loggedIn(server, who);
  }
  n = await demoNodes(c.admin);
});

async function raise(who, over = {}) {
  const res = await c[who].api('POST', '/api/v1/topics', {
    title: '楼道堆物清理',
    description: '楼道里堆了很多旧家具，影响消防通道。',
    suggestion: '组织一次集中清理。',
    category: 'environment',
    node_id: n.household,
    cost_fen: 50000,
    channel: 'online',
    ...over,
  });
  assert.equal(res.status, 201, res.text);
  return res.json;
}

test('a standing director moves a topic to another hall, with a reason', async () => {
  const t = await raise('resident');
  assert.equal(t.tier, 'BUILDING_GROUP');
  const noReason = await c.director.api('POST', `/api/v1/topics/${t.id}/tier`, { tier: 'BLOCK' });
  assert.equal(noReason.status, 422);
  assert.equal(noReason.json.error.code, 'E_REASON_REQUIRED');
  const resident = await c.resident.api('POST', `/api/v1/topics/${t.id}/tier`, { tier: 'BLOCK', reason: '想换' });
  assert.equal(resident.status, 403);
  // A worker screens topics but is not a standing director: the hall decides its own tiers.
  const worker = await c.worker.api('POST', `/api/v1/topics/${t.id}/tier`, { tier: 'BLOCK', reason: '影响整个东区' });
  assert.equal(worker.status, 403);
  const same = await c.director.api('POST', `/api/v1/topics/${t.id}/tier`, { tier: 'BUILDING_GROUP', reason: '不变' });
  assert.equal(same.status, 409);
  assert.equal(same.json.error.code, 'E_SAME_TIER');
  const bad = await c.director.api('POST', `/api/v1/topics/${t.id}/tier`, { tier: 'CITY', reason: '更大' });
  assert.equal(bad.status, 422);
  const moved = await c.director.api('POST', `/api/v1/topics/${t.id}/tier`, { tier: 'BLOCK', reason: '堆物涉及整个东区的消防通道' });
  assert.equal(moved.status, 200, moved.text);
  assert.equal(moved.json.tier, 'BLOCK');
  assert.equal(moved.json.routed_tier, 'BUILDING_GROUP');
  assert.equal(moved.json.tier_change, 'overridden');
  assert.equal(moved.json.hall_node_id, n.east);
  assert.match(moved.json.explanation, /常任理事改由区块议/);
  const got = (await c.resident2.api('GET', `/api/v1/topics/${t.id}`)).json;
  assert.equal(got.tier, 'BLOCK');
  assert.equal(got.tier_change, 'overridden');
  const override = got.history.find((e) => e.kind === 'override');
  assert.equal(override.reason, '堆物涉及整个东区的消防通道');
  assert.equal(override.actor.name.length > 0, true);
  // The block hall lists it now, the group hall no longer.
  const block = (await c.admin.api('GET', `/api/v1/halls/${n.east}/topics`)).json.topics.map((x) => x.id);
  const group = (await c.admin.api('GET', `/api/v1/halls/${n.group1}/topics`)).json.topics.map((x) => x.id);
  assert.ok(block.includes(t.id));
  assert.ok(!group.includes(t.id));
});

test('an always-major topic stays with the estate hall and a hall narrower than the scope is refused', async () => {
  const fund = await raise('resident', { category: 'maintenance_fund' });
  assert.equal(fund.tier, 'ESTATE');
  const down = await c.director.api('POST', `/api/v1/topics/${fund.id}/tier`, { tier: 'BLOCK', reason: '小事' });
  assert.equal(down.status, 409);
  assert.equal(down.json.error.code, 'E_ALWAYS_MAJOR');
  const area = await raise('resident', { node_id: n.dezhou5 });
  const narrow = await c.director.api('POST', `/api/v1/topics/${area.id}/tier`, { tier: 'BUILDING_GROUP', reason: '一个楼组就行' });
  assert.equal(narrow.status, 409);
  assert.equal(narrow.json.error.code, 'E_SCOPE_TOO_WIDE');
});

test('a resident appeals to a wider hall and its directors refuse, then grant', async () => {
  const t = await raise('resident');
  const down = await c.resident.api('POST', `/api/v1/topics/${t.id}/appeals`, { tier: 'BUILDING_GROUP', reason: '同一级' });
  assert.equal(down.status, 409);
  assert.equal(down.json.error.code, 'E_SAME_TIER');
  const noReason = await c.resident.api('POST', `/api/v1/topics/${t.id}/appeals`, { tier: 'ESTATE', reason: '　' });
  assert.equal(noReason.status, 422);
  const outsider = await c.resident2.api('POST', `/api/v1/topics/${t.id}/appeals`, { tier: 'ESTATE', reason: '我也关心' });
  assert.equal(outsider.status, 403);
  assert.equal(outsider.json.error.code, 'E_NOT_RESIDENT');
  const first = await c.resident.api('POST', `/api/v1/topics/${t.id}/appeals`, { tier: 'ESTATE', reason: '整个小区的楼道都有这个问题' });
  assert.equal(first.status, 201, first.text);
  assert.equal(first.json.status, 'open');
  const again = await c.resident.api('POST', `/api/v1/topics/${t.id}/appeals`, { tier: 'BLOCK', reason: '再申请一次' });
  assert.equal(again.status, 409);
  assert.equal(again.json.error.code, 'E_APPEAL_OPEN');
  // The appeal alone moves nothing.
  assert.equal((await c.resident.api('GET', `/api/v1/topics/${t.id}`)).json.tier, 'BUILDING_GROUP');
  const byResident = await c.resident.api('POST', `/api/v1/appeals/${first.json.id}/ruling`, { grant: true, reason: '同意' });
  assert.equal(byResident.status, 403);
  const byWorker = await c.worker.api('POST', `/api/v1/appeals/${first.json.id}/ruling`, { grant: true, reason: '同意' });
  assert.equal(byWorker.status, 403);
  const noRulingReason = await c.director.api('POST', `/api/v1/appeals/${first.json.id}/ruling`, { grant: false });
  assert.equal(noRulingReason.status, 422);
  const refused = await c.director.api('POST', `/api/v1/appeals/${first.json.id}/ruling`, { grant: false, reason: '先在楼组里商量' });
  assert.equal(refused.status, 200, refused.text);
  assert.equal(refused.json.tier, 'BUILDING_GROUP');
  const twice = await c.director.api('POST', `/api/v1/appeals/${first.json.id}/ruling`, { grant: true, reason: '改主意了' });
  assert.equal(twice.status, 409);
  assert.equal(twice.json.error.code, 'E_APPEAL_DONE');

  const second = await c.resident.api('POST', `/api/v1/topics/${t.id}/appeals`, { tier: 'ESTATE', reason: '楼组商量过了，确实是全小区的事' });
  assert.equal(second.status, 201);
  const granted = await c.director.api('POST', `/api/v1/appeals/${second.json.id}/ruling`, { grant: true, reason: '同意提交小区议' });
  assert.equal(granted.status, 200, granted.text);
  assert.equal(granted.json.tier, 'ESTATE');
  assert.equal(granted.json.tier_change, 'appealed');
  assert.equal(granted.json.hall_node_id, n.dezhou5);
  const list = (await c.resident2.api('GET', `/api/v1/topics/${t.id}/appeals`)).json;
  assert.deepEqual(list.appeals.map((a) => a.status), ['refused', 'granted']);
  assert.equal(list.appeals[0].ruling, '先在楼组里商量');
  const missing = await c.director.api('POST', '/api/v1/appeals/999999/ruling', { grant: true, reason: 'x' });
  assert.equal(missing.status, 404);
});

test('a duplicate is merged into another topic of the same area, and only with the merge form', async () => {
  const keep = await raise('resident', { title: '东区停车难' });
  const dup = await raise('leader', { title: '东区晚上停车位不够' });
  const generic = await c.worker.api('POST', `/api/v1/topics/${dup.id}/transitions`, { to: 'merged', reason: '重复' });
  assert.equal(generic.status, 409);
  assert.equal(generic.json.error.code, 'E_OWN_FORM');
  const byResident = await c.resident.api('POST', `/api/v1/topics/${dup.id}/merge`, { into: keep.id, reason: '重复' });
  assert.equal(byResident.status, 403);
  const self = await c.worker.api('POST', `/api/v1/topics/${dup.id}/merge`, { into: dup.id, reason: '重复' });
  assert.equal(self.status, 422);
  assert.equal(self.json.error.code, 'E_MERGE_TARGET');
  const elsewhere = await c.resident2.api('POST', '/api/v1/topics', {
    title: '上钢二村停车', description: '停车难', category: 'parking', node_id: n.shanggang2, channel: 'online',
  });
  assert.equal(elsewhere.status, 201, elsewhere.text);
  const far = await c.worker.api('POST', `/api/v1/topics/${dup.id}/merge`, { into: elsewhere.json.id, reason: '重复' });
  assert.equal(far.status, 422);
  const noReason = await c.worker.api('POST', `/api/v1/topics/${dup.id}/merge`, { into: keep.id });
  assert.equal(noReason.status, 422);
  const merged = await c.worker.api('POST', `/api/v1/topics/${dup.id}/merge`, { into: keep.id, reason: '和东区停车难是同一件事' });
  assert.equal(merged.status, 200, merged.text);
  assert.equal(merged.json.status, 'merged');
  const got = (await c.resident.api('GET', `/api/v1/topics/${dup.id}`)).json;
  assert.equal(got.status, 'merged');
  assert.equal(got.merged_into, keep.id);
  const again = await c.worker.api('POST', `/api/v1/topics/${dup.id}/merge`, { into: keep.id, reason: '再合并' });
  assert.equal(again.status, 409);
  const keepPage = await c.resident.get(`/topics/${keep.id}`);
  assert.match(keepPage.text, new RegExp(`href="/topics/${dup.id}"`));
  const dupPage = await c.resident.get(`/topics/${dup.id}`);
  assert.match(dupPage.text, new RegExp(`已合并到： ?<a href="/topics/${keep.id}"`));
  // A merged topic can no longer change hall.
  const late = await c.director.api('POST', `/api/v1/topics/${dup.id}/tier`, { tier: 'ESTATE', reason: '晚了' });
  assert.equal(late.status, 409);
  assert.equal(late.json.error.code, 'E_TOO_LATE');
});

test('the topic page offers each form only to those who may use it, and forms work without JavaScript', async () => {
  const t = await raise('resident');
  const asDirector = await c.director.get(`/topics/${t.id}`);
  assert.match(asDirector.text, /action="\/topics\/\d+\/tier"/);
  assert.match(asDirector.text, /action="\/topics\/\d+\/merge"/);
  const asResident = await c.resident.get(`/topics/${t.id}`);
  assert.doesNotMatch(asResident.text, /action="\/topics\/\d+\/tier"/);
  assert.doesNotMatch(asResident.text, /action="\/topics\/\d+\/merge"/);
  assert.match(asResident.text, /action="\/topics\/\d+\/appeals"/);
  const asOutsider = await c.resident2.get(`/topics/${t.id}`);
  assert.doesNotMatch(asOutsider.text, /action="\/topics\/\d+\/appeals"/);

  // A refusal shows the page again with the message; nothing changes.
  const csrf = csrfFrom(asDirector.text);
  const empty = await c.director.postForm(`/topics/${t.id}/tier`, { csrf, tier: 'block', reason: '' });
  assert.equal(empty.status, 422);
  assert.match(empty.text, /role="alert"/);
  const ok = await c.director.postForm(`/topics/${t.id}/tier`, { csrf, tier: 'block', reason: '东区共同的事' });
  assert.equal(ok.status, 303);
  assert.equal((await c.resident.api('GET', `/api/v1/topics/${t.id}`)).json.tier, 'BLOCK');

  const rcsrf = csrfFrom(asResident.text);
  const appeal = await c.resident.postForm(`/topics/${t.id}/appeals`, { csrf: rcsrf, tier: 'estate', reason: '全小区都有' });
  assert.equal(appeal.status, 303);
  const withAppeal = await c.director.get(`/topics/${t.id}`);
  assert.match(withAppeal.text, /action="\/appeals\/\d+\/ruling"/);
  const id = /action="\/appeals\/(\d+)\/ruling"/.exec(withAppeal.text)[1];
  const rule = await c.director.postForm(`/appeals/${id}/ruling`, { csrf, grant: '1', reason: '同意' });
  assert.equal(rule.status, 303);
  assert.equal((await c.resident.api('GET', `/api/v1/topics/${t.id}`)).json.tier, 'ESTATE');
  // Without a CSRF token nothing happens.
  const forged = await c.director.postForm(`/topics/${t.id}/tier`, { tier: 'block', reason: '伪造' });
  assert.equal(forged.status, 403);
  assert.equal((await c.resident.api('GET', `/api/v1/topics/${t.id}`)).json.tier, 'ESTATE');
});
