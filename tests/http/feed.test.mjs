// The hall feed: items for raised topics and status changes land in the right hall's feed,
// newest first; a person's feed (GET /feed, GET /api/v1/feed) merges their group's, block's and
// area's halls; pages by ?before=; an anonymous proposer is never named in feed HTML or JSON;
// the hall's event stream delivers a "feed" event when a topic is raised, and the items
// fragment gives what is new.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, demoNodes, loggedIn, openEvents, useServer } from './lib.mjs';

const server = useServer();
const c = {};
let n;

before(async () => {
  await server.ready;
  for (const who of ['admin', 'worker', 'leader', 'resident', 'resident2', 'worker2']) {
    c[who] = await loggedIn(server, who);
  }
  c.residentEn = await loggedIn(server, 'resident', { lang: 'en' });
  n = await demoNodes(c.admin);
});

const topic = (over = {}) => ({
  title: '楼道加装声控照明', description: '晚上楼道太暗。', suggestion: '每层装灯。',
  category: 'facilities', node_id: n.household, cost_fen: 100, channel: 'online', ...over,
});

async function raise(who, over) {
  const res = await c[who].api('POST', '/api/v1/topics', topic(over));
  assert.equal(res.status, 201, res.text);
  return res.json;
}

async function move(who, id, to, reason) {
  const res = await c[who].api('POST', `/api/v1/topics/${id}/transitions`, { to, reason });
  assert.equal(res.status, 200, res.text);
}

const hallFeed = async (id, q = '') => {
  const res = await c.resident2.api('GET', `/api/v1/halls/${id}/feed${q}`);
  assert.equal(res.status, 200, res.text);
  return res.json;
};

/** A hall's event stream as CLIENT (lib.mjs openEvents); next() gives the next named event. */
async function subscribe(client, nodeId) {
  const sub = await openEvents(server, client, `/api/v1/nodes/${nodeId}/events`);
  assert.equal(sub.res.status, 200);
  return sub;
}

test('raising topics and moving them add items to the right hall, newest first', async () => {
  const small = await raise('resident', { title: '楼组小事', proposer_public: true });
  const estate = await raise('resident', { title: '小区大事', node_id: n.dezhou5, cost_fen: null, proposer_public: true });
  let group = await hallFeed(n.group1);
  assert.deepEqual(group.hall_ids, [n.group1]);
  assert.equal(group.items[0].kind, 'topic');
  assert.equal(group.items[0].topic_id, small.id);
  assert.equal(group.items[0].topic_title, '楼组小事');
  assert.equal(group.items[0].text, '提出了议题');
  assert.deepEqual(group.items[0].actor, { name: DEMO.resident.name });
  assert.ok(!group.items.some((i) => i.topic_id === estate.id), 'the estate topic is not in the group hall');
  const area = await hallFeed(n.dezhou5);
  assert.equal(area.items[0].topic_id, estate.id);
  assert.ok(!area.items.some((i) => i.topic_id === small.id));

  await move('resident', small.id, 'pending_review');
  await move('worker', small.id, 'rejected', '不属于议事范围');
  group = await hallFeed(n.group1);
  assert.deepEqual(group.items.slice(0, 3).map((i) => [i.kind, i.status, i.topic_id]),
    [['status', 'rejected', small.id], ['status', 'pending_review', small.id], ['topic', null, small.id]]);
  assert.equal(group.items[0].text, '议题状态改为“不予立项”');
  assert.equal(group.items[0].summary, '不属于议事范围');
  assert.deepEqual(group.items[0].actor, { name: DEMO.worker.name });
  assert.ok(group.items[0].id > group.items[1].id);
  const en = await c.residentEn.api('GET', `/api/v1/halls/${n.group1}/feed`);
  assert.equal(en.json.items[0].text, 'moved the topic to “Rejected”');

  // The hall page shows the feed above its topics.
  const page = await c.resident2.get(`/halls/${n.group1}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /<section id="feed">/);
  assert.match(page.text, /议题状态改为“不予立项”/);
  assert.ok(page.text.indexOf('id="feed"') < page.text.indexOf('id="topics"'));
  assert.match(page.text, /data-feed-live/);
  const src = /<script src="([^"]*\/static\/feed\.js[^"]*)" defer nonce="[^"]+">/.exec(page.text);
  assert.ok(src, 'the live feed script, with the CSP nonce');
  const js = await c.resident2.get(src[1].replace(/&amp;/g, '&'));
  assert.equal(js.status, 200);
  assert.match(js.headers.get('content-type'), /javascript/);
  assert.match(js.text, /addEventListener\('feed'/);
});

test('an anonymous proposer is never named in the feed, in HTML or JSON', async () => {
  // leader lives in the same household; their topics are anonymous, and their own moves too.
  const t = await raise('leader', { title: '匿名的议题' });
  await move('leader', t.id, 'pending_review');
  for (const id of [n.group1]) {
    for (const who of ['resident2', 'worker', 'admin']) {
      const json = await c[who].api('GET', `/api/v1/halls/${id}/feed?limit=50`);
      const mine = json.json.items.filter((i) => i.topic_id === t.id);
      assert.equal(mine.length, 2);
      for (const i of mine) {
        assert.equal(i.actor, null);
        assert.equal(i.anonymous, true);
      }
      assert.ok(!json.text.includes(DEMO.leader.name), `${who} sees the name in JSON`);
      const page = await c[who].get(`/halls/${id}`);
      assert.ok(!page.text.includes(DEMO.leader.name), `${who} sees the name on the page`);
      assert.match(page.text, /<strong>匿名<\/strong> 提出了议题：匿名的议题/);
    }
  }
  const mine = await c.leader.api('GET', '/api/v1/feed?limit=50');
  assert.ok(!mine.text.includes(DEMO.leader.name));
  const myPage = await c.leader.get('/feed');
  assert.ok(!myPage.text.includes(DEMO.leader.name));
});

test('a person\'s feed merges the halls of their group, block and area', async () => {
  const g = await raise('resident', { title: '合并-楼组', proposer_public: true });
  const b = await raise('resident', { title: '合并-区块', cost_fen: 200100, proposer_public: true });
  const a = await raise('resident', { title: '合并-小区', node_id: n.dezhou5, cost_fen: null, proposer_public: true });
  assert.equal(b.hall_node_id, n.east);
  const res = await c.resident.api('GET', '/api/v1/feed');
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.json.hall_ids, [n.group1, n.east, n.dezhou5]);
  assert.deepEqual(res.json.items.slice(0, 3).map((i) => [i.topic_id, i.hall_node_id]),
    [[a.id, n.dezhou5], [b.id, n.east], [g.id, n.group1]]);
  const page = await c.resident.get('/feed');
  assert.equal(page.status, 200);
  for (const title of ['合并-楼组', '合并-区块', '合并-小区']) assert.match(page.text, new RegExp(title));
  assert.match(page.text, /data-feed-halls="\d+ \d+ \d+"/);
  // The other area's resident sees none of it in their own feed.
  const other = await c.resident2.api('GET', '/api/v1/feed');
  assert.equal(other.status, 200);
  assert.ok(!other.json.items.some((i) => [g.id, b.id, a.id].includes(i.topic_id)));
  assert.ok(other.json.hall_ids.length >= 1);
  assert.ok(!other.json.hall_ids.includes(n.dezhou5));
  // admin lives nowhere and holds a role on the subdistrict, which has no hall: a clear message.
  const admin = await c.admin.get('/feed');
  assert.equal(admin.status, 200);
  assert.match(admin.text, /没有属于您的议事厅/);
  assert.deepEqual((await c.admin.api('GET', '/api/v1/feed')).json.items, []);
  // Given a role on the area (by the admin, who may appoint people without a household), admin
  // gets the area's hall.
  const adminId = (await c.admin.api('GET', '/api/v1/me')).json.id;
  const grant = await c.admin.api('POST', `/api/v1/nodes/${n.dezhou5}/roles`, { person_id: adminId, role: 'director' });
  assert.equal(grant.status, 200, grant.text);
  const staff = await c.admin.api('GET', '/api/v1/feed');
  assert.deepEqual(staff.json.hall_ids, [n.dezhou5]);
  assert.equal(staff.json.items[0].topic_id, a.id);
  assert.doesNotMatch((await c.admin.get('/feed')).text, /没有属于您的议事厅/);
  // The navigation links to the feed.
  assert.match(page.text, /<a href="\/feed">动态<\/a>/);
});

test('feeds page by ?before= with a checked limit', async () => {
  for (let i = 0; i < 25; i++) await raise('resident', { title: `分页${i}`, proposer_public: true });
  const p1 = await hallFeed(n.group1, '?limit=10');
  assert.equal(p1.items.length, 10);
  assert.equal(p1.more, true);
  assert.equal(p1.items[0].topic_title, '分页24');
  const p2 = await hallFeed(n.group1, `?limit=10&before=${p1.next_before}`);
  assert.equal(p2.items[0].topic_title, '分页14');
  assert.ok(p2.items.every((i) => i.id < p1.next_before));
  // 31 items so far in this hall: 3 + 2 + 1 from the tests above, and these 25.
  const all = await hallFeed(n.group1, '?limit=50');
  assert.equal(all.items.length, 31);
  assert.equal(all.more, false);
  assert.equal(all.next_before, null);
  for (const q of ['?limit=51', '?limit=0', '?limit=x', '?before=-3']) {
    const res = await c.resident.api('GET', `/api/v1/halls/${n.group1}/feed${q}`);
    assert.equal(res.status, 400, q);
    assert.equal(res.json.error.code, 'bad_request');
  }
  // The page: 20 items, an "older" link that leads to the next 20.
  const page = await c.resident.get(`/halls/${n.group1}`);
  const items = page.text.match(/data-feed-id="(\d+)"/g);
  assert.equal(items.length, 20);
  const older = /href="\/halls\/\d+\?before=(\d+)">更早的动态/.exec(page.text);
  assert.ok(older, 'an older-items link');
  const page2 = await c.resident.get(`/halls/${n.group1}?before=${older[1]}`);
  const ids2 = [...page2.text.matchAll(/data-feed-id="(\d+)"/g)].map((m) => Number(m[1]));
  assert.equal(ids2.length, 11);
  assert.ok(ids2.every((id) => id < Number(older[1])));
  assert.doesNotMatch(page2.text, /data-feed-live/); // older pages do not update live
  assert.equal((await c.resident.api('GET', `/api/v1/halls/${n.household}/feed`)).status, 404);
  assert.equal((await fetch(`${server.base}/api/v1/halls/${n.group1}/feed`)).status, 401);
});

test('the hall\'s event stream says "feed" when a topic is raised; the fragment has it', async () => {
  const newest = (await hallFeed(n.group1)).items[0].id;
  const sub = await subscribe(c.resident2, n.group1);
  try {
    const t = await raise('resident', { title: '实时推送', proposer_public: true });
    let ev;
    do ev = await sub.next(); while (ev && ev.event !== 'feed');
    assert.ok(ev, 'a feed event');
    const data = JSON.parse(ev.data);
    assert.equal(data.hall_node_id, n.group1);
    assert.equal(data.topic_id, t.id);
    assert.equal(data.kind, 'topic');
    const frag = await c.resident2.get(`/halls/${n.group1}/feed/items?after=${newest}`);
    assert.equal(frag.status, 200);
    const ids = [...frag.text.matchAll(/data-feed-id="(\d+)"/g)].map((m) => Number(m[1]));
    assert.deepEqual(ids, [data.id]);
    assert.match(frag.text, /实时推送/);
    assert.doesNotMatch(frag.text, /<html/);
    const mine = await c.resident.get(`/feed/items?after=${newest}`);
    assert.deepEqual([...mine.text.matchAll(/data-feed-id="(\d+)"/g)].map((m) => Number(m[1])), [data.id]);
    assert.equal((await c.resident.get(`/feed/items?after=x`)).status, 400);
  } finally {
    sub.close();
  }
});
