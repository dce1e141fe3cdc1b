// Where the hall's parts meet: a resolution rests on a passed poll and takes its counts; the
// clock ends a public notice whose days are over; progress reports carry before/after photos.
// Demo: resident, leader, worker, director live in 德州五村 东区 1号楼组 1号楼 101室; worker and
// director hold their roles on 德州五村.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { advanceTopic, csrfFrom, demoNodes, loggedIn, png, sql, useServer } from './lib.mjs';

process.env.MULIN_CLOCK_S = '1'; // the server below runs its clock every second
const server = useServer();
const c = {};
let n;
const now = () => Math.floor(Date.now() / 1000);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  await server.ready;
  for (const who of ['worker', 'resident', 'leader', 'director', 'chair']) c[who] = await loggedIn(server, who);
  n = await demoNodes(c.worker);
});

async function topicIn(status) {
  const t = await c.resident.api('POST', '/api/v1/topics', {
    title: `楼道照明 ${Math.random().toString(36).slice(2, 7)}`,
    description: '楼道太暗。',
    category: 'facilities',
    node_id: n.household,
    cost_fen: 100000,
    channel: 'online',
  });
  assert.equal(t.status, 201, t.text);
  await advanceTopic(server, c, t.json.id, status);
  return t.json.id;
}

/** A yes/no poll on topic id with no quorum, closed at once after the given votes. */
async function decidedPoll(id, votes) {
  const p = await c.worker.api('POST', `/api/v1/topics/${id}/polls`, {
    question: '是否同意加装声控灯？', kind: 'yes_no', eligibility: 'person',
    closes_at: now() + 3600, quorum_num: 0, quorum_den: 1, threshold: 'majority',
  });
  assert.equal(p.status, 201, p.text);
  for (const [who, choice] of votes) {
    const v = await c[who].api('POST', `/api/v1/polls/${p.json.id}/votes`, { choice });
    assert.equal(v.status, 201, v.text);
  }
  assert.equal((await c.worker.api('POST', `/api/v1/polls/${p.json.id}/close`)).status, 200);
  return p.json.id;
}

const resolution = (over = {}) => ({
  text: '每层加装一盏声控灯。', responsible: '物业', deadline: '2099-06-30', funding: 'self_gov_fund', ...over,
});

test('a resolution rests on a passed poll and takes its counts; a failed or foreign poll is refused', async () => {
  const id = await topicIn('deliberating');
  const failed = await decidedPoll(id, [['resident', 'no'], ['leader', 'no'], ['director', 'yes']]);
  const refused = await c.worker.api('POST', `/api/v1/topics/${id}/resolutions`, resolution({ poll_id: failed }));
  assert.equal(refused.status, 409, refused.text);
  assert.equal(refused.json.error.code, 'E_POLL_NOT_PASSED');
  const other = await topicIn('deliberating');
  const foreign = await decidedPoll(other, [['resident', 'yes']]);
  const wrong = await c.worker.api('POST', `/api/v1/topics/${id}/resolutions`, resolution({ poll_id: foreign }));
  assert.equal(wrong.status, 422, wrong.text);
  assert.equal(sql(server, `SELECT count(*) FROM resolution WHERE topic_id = ${id}`)[0][0], '0');

  // The page offers the passed poll, not the failed one.
  let page = await c.worker.get(`/topics/${id}`);
  assert.doesNotMatch(page.text, /name="poll_id"/);
  const passed = await decidedPoll(id, [['resident', 'yes'], ['leader', 'yes'], ['director', 'abstain']]);
  page = await c.worker.get(`/topics/${id}`);
  assert.match(page.text, new RegExp(`name="poll_id" value="${passed}"`));
  assert.match(page.text, /已通过：赞成 2，反对 0，弃权 1/);

  // Counts typed beside a poll are not the record: the poll's are.
  const rec = await c.worker.api('POST', `/api/v1/topics/${id}/resolutions`,
    resolution({ poll_id: passed, votes_for: 99, votes_against: 0, votes_abstain: 0 }));
  assert.equal(rec.status, 201, rec.text);
  const row = sql(server, `SELECT source, poll_id, votes_for, votes_against, votes_abstain FROM resolution WHERE topic_id = ${id}`);
  assert.deepEqual(row, [['poll', String(passed), '2', '0', '1']]);
  assert.equal((await c.resident.api('GET', `/api/v1/topics/${id}`)).json.status, 'resolved');
});

test('the page form records a resolution from the passed poll', async () => {
  const id = await topicIn('deliberating');
  const passed = await decidedPoll(id, [['resident', 'yes']]);
  const page = await c.worker.get(`/topics/${id}`);
  const res = await c.worker.postForm(`/topics/${id}/resolutions`, {
    csrf: csrfFrom(page.text), poll_id: String(passed), ...resolution(),
  });
  assert.equal(res.status, 303, res.text.slice(0, 400));
  assert.deepEqual(sql(server, `SELECT source, votes_for FROM resolution WHERE topic_id = ${id}`), [['poll', '1']]);
});

test('the clock ends a notice whose days are over, and not one with an objection open', async () => {
  const id = await topicIn('in_notice');
  const objected = await topicIn('in_notice');
  const o = await c.resident.api('POST', `/api/v1/topics/${objected}/objections`, { body: '灯装在哪里还没商量好。' });
  assert.equal(o.status, 201, o.text);
  sql(server, `UPDATE notice SET starts_at = ${now() - 8 * 86400}, ends_at = ${now() - 1} WHERE topic_id IN (${id}, ${objected})`);
  let status;
  for (let i = 0; i < 50; i++) {
    status = (await c.resident.api('GET', `/api/v1/topics/${id}`)).json.status;
    if (status === 'in_execution') break;
    await sleep(100);
  }
  assert.equal(status, 'in_execution');
  assert.deepEqual(sql(server, `SELECT ended_by IS NULL, ended_at IS NOT NULL FROM notice WHERE topic_id = ${id}`).map((r) => r.map(String)),
    [[process.env.MULIN_PG_BASE ? 't' : '1', process.env.MULIN_PG_BASE ? 't' : '1']]);
  const last = sql(server, `SELECT coalesce(actor_id, 0), to_status FROM topic_event WHERE topic_id = ${id} ORDER BY id DESC LIMIT 1`);
  assert.deepEqual(last, [['0', 'in_execution']], 'the clock acts as nobody');
  await sleep(1500);
  assert.equal((await c.resident.api('GET', `/api/v1/topics/${objected}`)).json.status, 'in_notice');
});

test('a progress report carries before and after photos, cleaned, shown on the topic page', async () => {
  const id = await topicIn('in_execution');
  const task = await c.worker.api('POST', `/api/v1/topics/${id}/tasks`, { title: '安装声控灯', owner: '物业', deadline: '2099-03-01' });
  assert.equal(task.status, 201, task.text);
  const taskId = task.json.id ?? task.json.tasks?.[0]?.id;
  const page = await c.worker.get(`/topics/${id}`);
  const form = new FormData();
  form.set('csrf', csrfFrom(page.text));
  form.set('body', '一楼到三楼已经装好。');
  form.append('before', new Blob([png(40, 20)], { type: 'image/png' }), 'before.png');
  form.append('after', new Blob([png(20, 40)], { type: 'image/png' }), 'after.png');
  const res = await c.worker.request('POST', `/tasks/${taskId}/progress`, { body: form });
  assert.equal(res.status, 303, res.text.slice(0, 400));
  const photos = sql(server, "SELECT owner_kind, width, height, mime FROM photo WHERE owner_kind LIKE 'progress_%' ORDER BY id");
  assert.deepEqual(photos, [['progress_before', '40', '20', 'image/jpeg'], ['progress_after', '20', '40', 'image/jpeg']]);
  const shown = await c.resident.get(`/topics/${id}`);
  const ids = [...shown.text.matchAll(/href="\/photos\/(\d+)"/g)].map((m) => m[1]);
  assert.equal(ids.length, 2);
  const img = await c.resident.get(`/photos/${ids[0]}`);
  assert.equal(img.status, 200);
  assert.equal(img.headers.get('content-type'), 'image/jpeg');

  // Not an image: refused, and neither the report nor any photo is kept.
  const bad = new FormData();
  bad.set('csrf', csrfFrom(page.text));
  bad.set('body', '第二次报告');
  bad.append('after', new Blob([Buffer.from('not a picture')], { type: 'image/jpeg' }), 'x.jpg');
  const refused = await c.worker.request('POST', `/tasks/${taskId}/progress`, { body: bad });
  assert.equal(refused.status, 422);
  assert.equal(sql(server, `SELECT count(*) FROM progress WHERE task_id = ${taskId}`)[0][0], '1');
  assert.equal(sql(server, "SELECT count(*) FROM photo WHERE owner_kind LIKE 'progress_%'")[0][0], '2');
});

test('voters count among the hall\'s participants, though votes are not in the feed', async () => {
  const id = await topicIn('deliberating');
  const hall = (await c.resident.api('GET', `/api/v1/topics/${id}`)).json.hall_node_id;
  const participants = async () => (await c.resident.api('GET', `/api/v1/halls/${hall}/stats`)).json.participants;
  const before = await participants();
  const p = await c.worker.api('POST', `/api/v1/topics/${id}/polls`, {
    question: '是否同意？', kind: 'yes_no', eligibility: 'person',
    closes_at: now() + 3600, quorum_num: 0, quorum_den: 1, threshold: 'majority',
  });
  assert.equal(p.status, 201, p.text);
  const withPoll = await participants(); // the worker who opened it acts in the feed
  assert.equal((await c.chair.api('POST', `/api/v1/polls/${p.json.id}/votes`, { choice: 'yes' })).status, 201);
  assert.equal(await participants(), withPoll + 1);
  assert.ok(withPoll >= before);
});
