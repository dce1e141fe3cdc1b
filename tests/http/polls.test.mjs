// Polls on topics (表决 and 评议): who may start, vote, enter paper ballots and close; the rules
// (closing before opening, voting after close, one vote per person or household, hidden results,
// duplicate ballot numbers), the clock that closes polls on time, the pages, and one vote per
// voter under 200 concurrent attempts by 100 voters.
// Demo: every account but admin and resident2 lives in 德州五村 东区 1号楼组 1号楼 101室 (so
// resident and leader share a household); resident2 lives in 上钢二村; director, worker and chair
// hold their roles on 德州五村, leader (楼组长) on 1号楼组.
import http from 'node:http';
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, Client, advanceTopic, csrfFrom, demoNodes, importRoster, loggedIn, peopleUnder, sql as sqlRows, useServer } from './lib.mjs';

process.env.MULIN_CLOCK_S = '1'; // the server started below closes due polls every second
const server = useServer();
const c = {};
let n; // demo node ids
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => Math.floor(Date.now() / 1000);

const sql = (query) => sqlRows(server, query);

before(async () => {
  await server.ready;
  for (const who of ['admin', 'worker', 'leader', 'director', 'chair', 'resident', 'resident2', 'worker2']) {
    c[who] = await loggedIn(server, who);
  }
  n = await demoNodes(c.admin);
});

/* A topic raised by resident and moved to status; hall 'group' (1号楼组) or 'estate' (德州五村). */
async function topicIn(status, hall = 'group') {
  const body = {
    title: `表决测试 ${Math.random().toString(36).slice(2, 8)}`,
    description: '楼道照明不足。',
    suggestion: '加装声控灯。',
    category: 'facilities',
    node_id: hall === 'group' ? n.household : n.dezhou5,
    cost_fen: hall === 'group' ? 100000 : null,
    channel: 'online',
  };
  const t = await c.resident.api('POST', '/api/v1/topics', body);
  assert.equal(t.status, 201, t.text);
  await advanceTopic(server, c, t.json.id, status);
  return t.json.id;
}

const pollBody = (over = {}) => ({
  question: '是否同意在楼道加装声控灯？',
  kind: 'yes_no',
  eligibility: 'household',
  closes_at: now() + 7 * 86400,
  quorum_num: 1,
  quorum_den: 2,
  threshold: 'majority',
  ...over,
});

async function newPoll(topicId, over, who = 'worker') {
  const res = await c[who].api('POST', `/api/v1/topics/${topicId}/polls`, pollBody(over));
  assert.equal(res.status, 201, res.text);
  return res.json;
}

const pollCount = () => Number(sql('SELECT count(*) FROM poll')[0][0]);
const voteCount = (id) => Number(sql(`SELECT count(*) FROM poll_vote WHERE poll_id = ${Number(id)}`)[0][0]);

test('who may start a poll: hall staff yes, residents and group leaders no', async () => {
  const t = await topicIn('deliberating');
  const before = pollCount();
  for (const who of ['resident', 'leader', 'resident2', 'worker2']) {
    const res = await c[who].api('POST', `/api/v1/topics/${t}/polls`, pollBody());
    assert.equal(res.status, 403, `${who}: ${res.text}`);
    assert.equal(res.json.error.code, 'forbidden');
  }
  assert.equal(pollCount(), before, 'nothing stored');
  for (const who of ['worker', 'director', 'chair', 'admin']) {
    const p = await newPoll(t, {}, who);
    assert.equal(p.phase, 'open');
    assert.equal(p.topic_id, t);
    assert.equal(p.hall_node_id, n.group1);
    assert.equal(p.eligibility, 'household');
    assert.ok(p.eligible >= 1);
    assert.equal(p.turnout, 0);
    assert.deepEqual(p.options.map((o) => o.label), ['yes', 'no', 'abstain']);
    assert.deepEqual(p.options.map((o) => o.name), ['赞成', '反对', '弃权']);
    assert.equal(p.quorum.needed, Math.ceil(p.eligible / 2));
    assert.match(p.rule, /过半数/);
    assert.match(p.rule, new RegExp(`至少 ${p.quorum.needed} 户参加`));
  }
  assert.equal(pollCount(), before + 4);
  const feed = sql(`SELECT count(*) FROM feed_item WHERE kind = 'poll_open' AND topic_id = ${t}`);
  assert.equal(Number(feed[0][0]), 4, 'every poll opened is in the hall feed');
});

test('bad polls are refused with a clear error and nothing is stored', async () => {
  const t = await topicIn('deliberating');
  const before = pollCount();
  const cases = [
    [{ opens_at: now() + 3600, closes_at: now() + 60 }, 422, 'E_POLL_CLOSES_BEFORE_OPENS', /结束时间必须晚于开始时间/],
    [{ closes_at: now() - 10 }, 422, 'E_POLL_CLOSES_BEFORE_OPENS', /结束时间/],
    [{ closes_at: now() + 61 * 86400 }, 422, 'E_POLL_TOO_LONG', /60 天/],
    [{ opens_at: now() - 86400 }, 422, 'E_POLL_OPENS_IN_PAST', /早于现在/],
    [{ question: '   ' }, 422, 'E_POLL_QUESTION', /表决事项/],
    [{ question: '问'.repeat(201) }, 422, 'E_POLL_QUESTION_TOO_LONG', /200/],
    [{ kind: 'options', options: ['只有一个'] }, 422, 'E_POLL_OPTIONS', /2 至 10/],
    [{ kind: 'options', options: Array.from({ length: 11 }, (_, i) => `方案${i}`) }, 422, 'E_POLL_OPTIONS', /2 至 10/],
    [{ kind: 'options', options: ['甲', '字'.repeat(41)] }, 422, 'E_POLL_OPTION_TOO_LONG', /40/],
    [{ quorum_num: 3, quorum_den: 2 }, 422, 'E_POLL_QUORUM', /比例/],
    [{ threshold: 'unanimous' }, 422, 'E_POLL_THRESHOLD', /通过规则/],
    [{ kind: 'satisfaction' }, 422, 'E_POLL_KIND', /方式/],
    [{ purpose: 'evaluation', kind: 'satisfaction' }, 409, 'E_POLL_TOPIC_STATUS', /待评议/],
  ];
  for (const [over, status, code, message] of cases) {
    const res = await c.worker.api('POST', `/api/v1/topics/${t}/polls`, pollBody(over));
    assert.equal(res.status, status, `${JSON.stringify(over)}: ${res.text}`);
    assert.equal(res.json.error.code, code);
    assert.match(res.json.error.message, message);
  }
  const bad = await c.worker.api('POST', `/api/v1/topics/${t}/polls`, pollBody({ closes_at: 'tomorrow' }));
  assert.equal(bad.status, 400);
  const noClose = await c.worker.api('POST', `/api/v1/topics/${t}/polls`, { question: '没有结束时间' });
  assert.equal(noClose.status, 400);
  assert.equal(noClose.json.error.code, 'missing_field');
  const accepted = await topicIn('accepted');
  const early = await c.worker.api('POST', `/api/v1/topics/${accepted}/polls`, pollBody());
  assert.equal(early.status, 409, 'no decision poll before deliberation starts');
  assert.equal(early.json.error.code, 'E_POLL_TOPIC_STATUS');
  const en = await new Client(server, { lang: 'en' });
  await en.loginApi('worker');
  const enRes = await en.api('POST', `/api/v1/topics/${t}/polls`, pollBody({ closes_at: now() - 5 }));
  assert.match(enRes.json.error.message, /close after it opens/);
  assert.equal(pollCount(), before, 'nothing stored');
  assert.equal((await c.worker.api('POST', '/api/v1/topics/999999/polls', pollBody())).status, 404);
});

test('one vote per household: the second member is refused, without naming who voted', async () => {
  const t = await topicIn('deliberating');
  const p = await newPoll(t, { eligibility: 'household' });
  const v = await c.resident.api('POST', `/api/v1/polls/${p.id}/votes`, { choice: 'yes' });
  assert.equal(v.status, 201, v.text);
  assert.match(v.json.receipt, /^#\d+-[0-9a-f]{8}$/);
  assert.equal(v.json.poll.turnout, 1);
  assert.equal(v.json.poll.my_vote.receipt, v.json.receipt);
  const again = await c.leader.api('POST', `/api/v1/polls/${p.id}/votes`, { choice: 'no' });
  assert.equal(again.status, 409, again.text);
  assert.equal(again.json.error.code, 'E_HOUSEHOLD_VOTED');
  assert.match(again.json.error.message, /您家已经投过票了/);
  assert.equal(again.json.error.by_you, false);
  assert.equal(again.json.error.receipt, undefined);
  assert.ok(!again.text.includes(DEMO.resident.name), 'the household member is not named');
  const mine = await c.resident.api('POST', `/api/v1/polls/${p.id}/votes`, { choice: 'no' });
  assert.equal(mine.status, 409);
  assert.equal(mine.json.error.by_you, true);
  assert.equal(mine.json.error.receipt, v.json.receipt);
  assert.equal(voteCount(p.id), 1);
  // The leader sees that the household voted, but not how or the receipt.
  const seen = (await c.leader.api('GET', `/api/v1/polls/${p.id}`)).json.my_vote;
  assert.equal(seen.counted, true);
  assert.equal(seen.mine, false);
  assert.equal(seen.receipt, null);
  assert.equal(seen.choice, null);
  const own = (await c.resident.api('GET', `/api/v1/polls/${p.id}`)).json.my_vote;
  assert.equal(own.receipt, v.json.receipt);
  assert.equal(own.choice, 1);
});

test('one vote per person: each member votes once; outsiders and bad choices are refused', async () => {
  const t = await topicIn('deliberating');
  const p = await newPoll(t, { eligibility: 'person', quorum_num: 0, quorum_den: 1 });
  assert.equal((await c.resident.api('POST', `/api/v1/polls/${p.id}/votes`, { choice: 'yes' })).status, 201);
  assert.equal((await c.leader.api('POST', `/api/v1/polls/${p.id}/votes`, { choice: 2 })).status, 201);
  const twice = await c.resident.api('POST', `/api/v1/polls/${p.id}/votes`, { choice: 'yes' });
  assert.equal(twice.status, 409);
  assert.equal(twice.json.error.code, 'E_ALREADY_VOTED');
  const outsider = await c.resident2.api('POST', `/api/v1/polls/${p.id}/votes`, { choice: 'yes' });
  assert.equal(outsider.status, 403, 'a resident of another area may not vote');
  assert.equal(outsider.json.error.code, 'E_NOT_ELIGIBLE');
  const admin = await c.admin.api('POST', `/api/v1/polls/${p.id}/votes`, { choice: 'yes' });
  assert.equal(admin.status, 403, 'the subdistrict admin lives nowhere here');
  for (const choice of ['maybe', 0, 4, null]) {
    const res = await c.worker.api('POST', `/api/v1/polls/${p.id}/votes`, { choice });
    assert.equal(res.status, 422, `${choice}: ${res.text}`);
    assert.equal(res.json.error.code, 'E_POLL_CHOICE');
  }
  assert.equal(voteCount(p.id), 2);
  const got = (await c.worker.api('GET', `/api/v1/polls/${p.id}`)).json;
  assert.deepEqual(got.options.map((o) => o.votes), [1, 1, 0]);
  assert.equal(got.results.yes, 1);
  assert.equal(got.outcome, null, 'no outcome while open');
  assert.equal((await c.resident.api('GET', '/api/v1/polls/999999')).status, 404);
  const list = await c.resident2.api('GET', `/api/v1/topics/${t}/polls`);
  assert.equal(list.status, 200);
  assert.deepEqual(list.json.polls.map((x) => x.id), [p.id]);
});

test('results hidden until close, then shown with the outcome; no vote after close', async () => {
  const t = await topicIn('deliberating');
  const p = await newPoll(t, { eligibility: 'person', hide_results: true, quorum_num: 0, quorum_den: 1 });
  await c.resident.api('POST', `/api/v1/polls/${p.id}/votes`, { choice: 'yes' });
  await c.leader.api('POST', `/api/v1/polls/${p.id}/votes`, { choice: 'yes' });
  await c.worker.api('POST', `/api/v1/polls/${p.id}/votes`, { choice: 'no' });
  for (const who of ['resident', 'worker', 'director']) {
    const got = (await c[who].api('GET', `/api/v1/polls/${p.id}`)).json;
    assert.equal(got.results, null, `${who} must not see the results yet`);
    assert.ok(got.options.every((o) => o.votes === null));
    assert.equal(got.turnout, 3, 'turnout is shown');
  }
  const page = await c.resident.get(`/topics/${t}`);
  assert.match(page.text, /结果将在投票结束后公布/);
  assert.ok(!page.text.includes('<meter'), 'no bars while hidden');

  for (const who of ['resident', 'leader', 'resident2']) {
    const res = await c[who].api('POST', `/api/v1/polls/${p.id}/close`);
    assert.equal(res.status, 403, `${who} may not close`);
  }
  const closed = await c.chair.api('POST', `/api/v1/polls/${p.id}/close`);
  assert.equal(closed.status, 200, closed.text);
  assert.equal(closed.json.phase, 'closed');
  assert.deepEqual(closed.json.options.map((o) => o.votes), [2, 1, 0]);
  assert.equal(closed.json.outcome.key, 'passed');
  assert.equal(closed.json.outcome.name, '通过');
  assert.equal(closed.json.outcome.recorded, true);
  assert.ok(closed.json.closed_at <= now());
  const again = await c.chair.api('POST', `/api/v1/polls/${p.id}/close`);
  assert.equal(again.status, 409);
  assert.equal(again.json.error.code, 'E_POLL_CLOSED');
  const late = await c.director.api('POST', `/api/v1/polls/${p.id}/votes`, { choice: 'no' });
  assert.equal(late.status, 409);
  assert.equal(late.json.error.code, 'E_POLL_CLOSED');
  assert.match(late.json.error.message, /投票已经结束/);
  assert.equal(voteCount(p.id), 3, 'nothing stored after close');
  const feed = sql(`SELECT count(*) FROM feed_item WHERE kind = 'poll_close' AND ref_id = ${p.id}`);
  assert.equal(Number(feed[0][0]), 1);
  const shown = await c.resident2.get(`/topics/${t}`);
  assert.match(shown.text, /<meter/);
  assert.match(shown.text, /表决结果：通过/);
});

test('the clock closes a poll on time and records its outcome in the feed', async () => {
  const t = await topicIn('deliberating');
  const p = await newPoll(t, { eligibility: 'person', closes_at: now() + 2, quorum_num: 1, quorum_den: 1 });
  assert.equal((await c.resident.api('POST', `/api/v1/polls/${p.id}/votes`, { choice: 'yes' })).status, 201);
  let got;
  for (let i = 0; i < 40; i++) {
    await sleep(250);
    got = (await c.resident.api('GET', `/api/v1/polls/${p.id}`)).json;
    if (got.outcome && got.outcome.recorded) break;
  }
  assert.equal(got.phase, 'closed');
  assert.equal(got.outcome.recorded, true, 'the clock recorded the outcome');
  assert.equal(got.outcome.key, 'no_quorum', 'everyone had to take part');
  assert.equal(got.closed_at, p.closes_at, 'closed at its time');
  const row = sql(`SELECT outcome, closed_at FROM poll WHERE id = ${p.id}`)[0];
  assert.deepEqual(row, ['no_quorum', String(p.closes_at)]);
  const feed = sql(`SELECT count(*) FROM feed_item WHERE kind = 'poll_close' AND ref_id = ${p.id} AND actor_id IS NULL`);
  assert.equal(Number(feed[0][0]), 1, 'one feed item, by nobody');
  const late = await c.leader.api('POST', `/api/v1/polls/${p.id}/votes`, { choice: 'yes' });
  assert.equal(late.status, 409);
  assert.equal(late.json.error.code, 'E_POLL_CLOSED');
  assert.equal(voteCount(p.id), 1);
});

test('a poll that has not opened yet takes no votes', async () => {
  const t = await topicIn('deliberating');
  const p = await newPoll(t, { opens_at: now() + 3600, closes_at: now() + 7200 });
  assert.equal(p.phase, 'scheduled');
  const res = await c.resident.api('POST', `/api/v1/polls/${p.id}/votes`, { choice: 'yes' });
  assert.equal(res.status, 409);
  assert.equal(res.json.error.code, 'E_POLL_NOT_OPEN');
  assert.equal(voteCount(p.id), 0);
});

test('paper ballots: a group leader enters them; numbers and households are unique', async () => {
  const t = await topicIn('deliberating');
  const p = await newPoll(t, { eligibility: 'household' });
  const people = await peopleUnder(c.worker, n.group1);
  const others = people.filter((x) => x.household_id !== n.household && x.household_id);
  assert.ok(others.length >= 2, 'the demo group has other households');
  const [a, b] = [others[0], others.find((x) => x.household_id !== others[0].household_id)];
  const me = (await c.resident.api('GET', '/api/v1/me')).json.id;

  for (const who of ['resident', 'resident2', 'director']) {
    const res = await c[who].api('POST', `/api/v1/polls/${p.id}/ballots`, { ballot_no: 'X1', person_id: a.id, choice: 'yes' });
    assert.equal(res.status, 403, `${who} may not enter ballots`);
  }
  const ok = await c.leader.api('POST', `/api/v1/polls/${p.id}/ballots`, { ballot_no: 'A001', person_id: a.id, choice: 'no' });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.poll.paper, 1);
  const dupNo = await c.leader.api('POST', `/api/v1/polls/${p.id}/ballots`, { ballot_no: 'A001', person_id: b.id, choice: 'yes' });
  assert.equal(dupNo.status, 409, dupNo.text);
  assert.equal(dupNo.json.error.code, 'E_BALLOT_USED');
  const sameHouse = await c.worker.api('POST', `/api/v1/polls/${p.id}/ballots`, { ballot_no: 'A002', person_id: a.id, choice: 'yes' });
  assert.equal(sameHouse.status, 409);
  assert.equal(sameHouse.json.error.code, 'E_HOUSEHOLD_VOTED');
  // A household that voted online cannot also vote on paper, nor the other way round.
  assert.equal((await c.resident.api('POST', `/api/v1/polls/${p.id}/votes`, { choice: 'yes' })).status, 201);
  const paperToo = await c.leader.api('POST', `/api/v1/polls/${p.id}/ballots`, { ballot_no: 'A003', person_id: me, choice: 'no' });
  assert.equal(paperToo.status, 409);
  assert.equal(paperToo.json.error.code, 'E_HOUSEHOLD_VOTED');
  const outsider = (await c.resident2.api('GET', '/api/v1/me')).json.id;
  const far = await c.worker.api('POST', `/api/v1/polls/${p.id}/ballots`, { ballot_no: 'A004', person_id: outsider, choice: 'no' });
  assert.equal(far.status, 422, 'the voter must live under the hall');
  assert.equal(far.json.error.code, 'E_NOT_ELIGIBLE');
  const noNumber = await c.worker.api('POST', `/api/v1/polls/${p.id}/ballots`, { ballot_no: ' ', person_id: b.id, choice: 'no' });
  assert.equal(noNumber.status, 422);
  assert.equal(noNumber.json.error.code, 'E_BALLOT_NO');
  const long = await c.worker.api('POST', `/api/v1/polls/${p.id}/ballots`, { ballot_no: '号'.repeat(21), person_id: b.id, choice: 'no' });
  assert.equal(long.status, 422);
  assert.equal(voteCount(p.id), 2);
  const staff = (await c.worker.api('GET', `/api/v1/polls/${p.id}`)).json;
  assert.equal(staff.paper_ballots.length, 1);
  assert.equal(staff.paper_ballots[0].ballot_no, 'A001');
  assert.equal(staff.paper_ballots[0].entered_by.name, DEMO.leader.name);
  assert.equal(staff.paper_ballots[0].person.id, a.id);
  assert.equal((await c.resident.api('GET', `/api/v1/polls/${p.id}`)).json.paper_ballots, undefined,
    'residents do not see who handed in ballots');
  const row = sql(`SELECT channel, ballot_no, entered_by, person_id FROM poll_vote WHERE poll_id = ${p.id} AND channel = 'paper'`);
  const leaderId = (await c.leader.api('GET', '/api/v1/me')).json.id;
  assert.deepEqual(row, [['paper', 'A001', String(leaderId), String(a.id)]]);
  const page = await c.worker.get(`/topics/${t}`);
  assert.match(page.text, new RegExp(`${DEMO.leader.name} 录入`));
});

test('options polls and the satisfaction evaluation', async () => {
  const t = await topicIn('deliberating');
  const p = await newPoll(t, { kind: 'options', options: ['装在每层', '只装一楼', '不装'], eligibility: 'person', quorum_num: 0 });
  assert.deepEqual(p.options.map((o) => o.name), ['装在每层', '只装一楼', '不装']);
  assert.equal((await c.resident.api('POST', `/api/v1/polls/${p.id}/votes`, { choice: '只装一楼' })).status, 201);
  assert.equal((await c.leader.api('POST', `/api/v1/polls/${p.id}/votes`, { choice: 2 })).status, 201);
  assert.equal((await c.worker.api('POST', `/api/v1/polls/${p.id}/votes`, { choice: '不装' })).status, 201);
  const got = (await c.resident.api('GET', `/api/v1/polls/${p.id}`)).json;
  assert.deepEqual(got.options.map((o) => o.votes), [0, 2, 1]);
  assert.equal(got.results.lead, 2);

  const e = await topicIn('awaiting_evaluation');
  const wrong = await c.worker.api('POST', `/api/v1/topics/${e}/polls`, pollBody({ purpose: 'evaluation' }));
  assert.equal(wrong.status, 422, 'an evaluation is a satisfaction poll');
  assert.equal(wrong.json.error.code, 'E_POLL_KIND');
  assert.equal((await c.worker.api('POST', `/api/v1/topics/${e}/polls`, pollBody({ purpose: 'decision' }))).status, 409);
  const ev = await newPoll(e, { purpose: 'evaluation', kind: 'satisfaction', eligibility: 'person', quorum_num: 0 });
  assert.deepEqual(ev.options.map((o) => o.label), ['satisfied', 'fairly', 'dissatisfied']);
  assert.deepEqual(ev.options.map((o) => o.name), ['满意', '基本满意', '不满意']);
  await c.resident.api('POST', `/api/v1/polls/${ev.id}/votes`, { choice: 'satisfied' });
  await c.leader.api('POST', `/api/v1/polls/${ev.id}/votes`, { choice: 'fairly' });
  await c.worker.api('POST', `/api/v1/polls/${ev.id}/votes`, { choice: 'dissatisfied' });
  const r = (await c.resident.api('GET', `/api/v1/polls/${ev.id}`)).json;
  assert.equal(r.results.satisfaction_rate, '66.7%');
  const page = await c.resident.get(`/topics/${e}`);
  assert.match(page.text, /满意率（满意＋基本满意）：66.7%/);
  assert.match(page.text, /满意度评议/);
});

test('pages: vote with big buttons, see the receipt; staff forms; errors shown on the page', async () => {
  const t = await topicIn('deliberating');
  const p = await newPoll(t, { eligibility: 'person' });
  const view = await c.resident.get(`/topics/${t}`);
  assert.equal(view.status, 200);
  assert.match(view.text, /<section id="polls">/);
  assert.match(view.text, new RegExp(`action="/polls/${p.id}/votes"`));
  assert.match(view.text, /<button type="submit" class="primary" name="choice" value="1">赞成<\/button>/);
  assert.ok(!view.text.includes(`/polls/${p.id}/close`), 'no close button for a resident');
  assert.ok(!view.text.includes(`/polls/${p.id}/ballots`), 'no ballot form for a resident');
  assert.ok(!view.text.includes(`action="/topics/${t}/polls"`), 'no create form for a resident');
  const csrf = csrfFrom(view.text);
  const voted = await c.resident.postForm(`/polls/${p.id}/votes`, { csrf, choice: '1' });
  assert.equal(voted.status, 303, voted.text.slice(0, 500));
  const after = await c.resident.get(voted.headers.get('location'));
  assert.match(after.text, /您的票已计入/);
  assert.match(after.text, /凭证号：#\d+-[0-9a-f]{8}/);
  assert.match(after.text, /已投 1 \/ \d+ 人/);
  assert.ok(!after.text.includes(`action="/polls/${p.id}/votes"`), 'no second vote form');
  const again = await c.resident.postForm(`/polls/${p.id}/votes`, { csrf, choice: '2' });
  assert.equal(again.status, 409);
  assert.match(again.text, /您已经投过票了/);
  assert.match(again.text, /<section id="polls">/, 'the topic page is shown again');
  const outsider = await c.resident2.get(`/topics/${t}`);
  const far = await c.resident2.postForm(`/polls/${p.id}/votes`, { csrf: csrfFrom(outsider.text), choice: '1' });
  assert.equal(far.status, 403);
  assert.match(far.text, /只有住在本议事范围内的居民可以投票/);

  const leaderView = await c.leader.get(`/topics/${t}`);
  assert.match(leaderView.text, new RegExp(`action="/polls/${p.id}/ballots"`));
  assert.ok(!leaderView.text.includes(`/polls/${p.id}/close`), 'a group leader does not run polls');
  const workerView = await c.worker.get(`/topics/${t}`);
  assert.match(workerView.text, new RegExp(`action="/polls/${p.id}/close"`));
  assert.match(workerView.text, new RegExp(`action="/topics/${t}/polls"`));
  const wcsrf = csrfFrom(workerView.text);

  const before = pollCount();
  const bad = await c.worker.postForm(`/topics/${t}/polls`, {
    csrf: wcsrf, purpose: 'decision', kind: 'yes_no', question: '要不要换门禁？', eligibility: 'household',
    opens_at: '2030-01-02T10:00', closes_at: '2030-01-01T10:00', quorum: '1/2', threshold: 'majority',
  });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /结束时间必须晚于开始时间/);
  assert.match(bad.text, /要不要换门禁？<\/textarea>/, 'the form keeps what was typed');
  assert.equal(pollCount(), before);
  const res = await c.worker.postForm(`/topics/${t}/polls`, {
    csrf: wcsrf, purpose: 'decision', kind: 'options', question: '门禁选哪种？', options: '刷卡\r\n人脸识别\r\n\r\n',
    eligibility: 'person', opens_at: '', closes_at: '2099-01-01T10:00', quorum: '0/1', threshold: 'majority',
  });
  assert.equal(res.status, 422, 'closing more than 60 days later is refused');
  assert.match(res.text, /60 天/);
  const soon = new Date(Date.now() + 3 * 86400 * 1000);
  const local = `${soon.getFullYear()}-${String(soon.getMonth() + 1).padStart(2, '0')}-${String(soon.getDate()).padStart(2, '0')}T10:00`;
  const good = await c.worker.postForm(`/topics/${t}/polls`, {
    csrf: wcsrf, purpose: 'decision', kind: 'options', question: '门禁选哪种？', options: '刷卡\r\n人脸识别\r\n\r\n',
    eligibility: 'person', opens_at: '', closes_at: local, quorum: '0/1', threshold: 'majority',
  });
  assert.equal(good.status, 303, good.text.slice(0, 2000));
  assert.equal(pollCount(), before + 1);
  const listed = (await c.worker.api('GET', `/api/v1/topics/${t}/polls`)).json.polls;
  assert.deepEqual(listed.at(-1).options.map((o) => o.label), ['刷卡', '人脸识别']);

  const ballot = await c.leader.postForm(`/polls/${p.id}/ballots`, {
    csrf: csrfFrom(leaderView.text), ballot_no: 'P-7', person_id: '999999', choice: '1',
  });
  assert.equal(ballot.status, 422);
  assert.match(ballot.text, /只有住在本议事范围内的居民可以投票/);
  assert.match(ballot.text, /value="P-7"/, 'the ballot form keeps the number');
  const closeRes = await c.resident.postForm(`/polls/${p.id}/close`, { csrf });
  assert.equal(closeRes.status, 403);
  const closeOk = await c.worker.postForm(`/polls/${p.id}/close`, { csrf: wcsrf });
  assert.equal(closeOk.status, 303);
  const lateForm = await c.leader.postForm(`/polls/${p.id}/votes`, { csrf: csrfFrom(leaderView.text), choice: '1' });
  assert.equal(lateForm.status, 409);
  assert.match(lateForm.text, /投票已经结束/);
});

/* A POST on a fresh connection (no keep-alive pool): resolves to the status. */
function freshPost(path, token, body) {
  return new Promise((resolve, reject) => {
    const data = Buffer.from(JSON.stringify(body));
    const req = http.request({
      host: '127.0.0.1', port: server.port, path, method: 'POST', agent: false,
      headers: { 'Content-Type': 'application/json', 'Content-Length': data.length, Authorization: `Bearer ${token}` },
    }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); });
    req.on('error', reject);
    req.end(data);
  });
}

test('200 concurrent votes by 100 voters count exactly 100', { timeout: 300000 }, async (tc) => {
  // 100 new residents of 德州五村, each with an account (the demo password's hash).
  const rows = Array.from({ length: 100 }, (_, i) =>
    [`投票人${i}`, `1370009${String(i).padStart(4, '0')}`, '99号楼', `${100 + i}室`, '投票楼组', '投票区']);
  const csvText = ['姓名,手机,楼号,室号,楼组,区块', ...rows.map((r) => r.join(','))].join('\r\n') + '\r\n';
  const worker = new Client(server);
  assert.equal((await worker.loginForm('worker')).status, 303);
  const imp = await importRoster(worker, n.dezhou5, Buffer.from(csvText));
  assert.equal(imp.status, 200, imp.text.slice(0, 1000));
  sql(`UPDATE person SET password_hash = (SELECT password_hash FROM person WHERE phone = '${DEMO.resident.phone}') WHERE phone LIKE '1370009%'`);
  const tokens = [];
  for (let i = 0; i < 100; i += 4) {
    const batch = await Promise.all(rows.slice(i, i + 4).map(async (r) => {
      const v = new Client(server);
      const res = await v.loginApi(r[1]);
      assert.equal(res.status, 201, res.text);
      return v.token;
    }));
    tokens.push(...batch);
  }
  const t = await topicIn('deliberating', 'estate');
  const p = await newPoll(t, { eligibility: 'person', quorum_num: 0, quorum_den: 1 });
  assert.ok(p.eligible >= 100);
  const attempts = tokens.flatMap((tok, i) => [tok, tok].map((x, j) => [x, (i + j) % 2 ? 'yes' : 'no']));
  const statuses = await Promise.all(attempts.map(([tok, choice]) =>
    freshPost(`/api/v1/polls/${p.id}/votes`, tok, { choice })));
  const count = (s) => statuses.filter((x) => x === s).length;
  assert.equal(count(201), 100, `statuses: ${JSON.stringify(statuses)}`);
  assert.equal(count(409), 100);
  assert.equal(voteCount(p.id), 100);
  const got = (await c.worker.api('GET', `/api/v1/polls/${p.id}`)).json;
  assert.equal(got.turnout, 100);
  // They live in 德州五村 but not in 1号楼组: that building group's polls are not theirs.
  const group = await newPoll(await topicIn('deliberating'), { eligibility: 'person' });
  assert.equal(await freshPost(`/api/v1/polls/${group.id}/votes`, tokens[0], { choice: 'yes' }), 403);
  // Votes racing a close: each either counts or is refused as too late, never lost or let in.
  const race = await newPoll(await topicIn('deliberating', 'estate'), { eligibility: 'person', quorum_num: 0, quorum_den: 1 });
  const vote = (tok) => freshPost(`/api/v1/polls/${race.id}/votes`, tok, { choice: 'yes' });
  const racing = tokens.slice(0, 50).map(vote);
  await sleep(20);
  const closing = c.worker.api('POST', `/api/v1/polls/${race.id}/close`);
  racing.push(...tokens.slice(50).map(vote));
  const raced = await Promise.all(racing);
  assert.equal((await closing).status, 200);
  const counted = raced.filter((x) => x === 201).length;
  assert.equal(raced.filter((x) => x !== 201 && x !== 409).length, 0, JSON.stringify(raced));
  assert.equal(voteCount(race.id), counted, 'every 201 is a stored vote and nothing else is');
  tc.diagnostic(`${counted} of 100 racing votes came before the close`);
  const closedRace = (await c.worker.api('GET', `/api/v1/polls/${race.id}`)).json;
  assert.equal(closedRace.turnout, counted);
  assert.equal(closedRace.results.yes, counted);
  assert.equal(Number(sql(`SELECT count(*) FROM poll_vote WHERE poll_id = ${race.id} AND at > ${closedRace.closed_at}`)[0][0]), 0);
  const perVoter = sql(`SELECT count(*) FROM (SELECT person_id FROM poll_vote WHERE poll_id = ${p.id} GROUP BY person_id HAVING count(*) > 1) d`);
  assert.equal(Number(perVoter[0][0]), 0);
});
