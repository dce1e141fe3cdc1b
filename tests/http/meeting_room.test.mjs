// The live meeting room (issue 5): the command policy (everyone acts as themselves; the
// recorder and staff record attendance and hands counts; nobody off the roster acts), the
// engine's refusals as 409 with the E_* code and the Chinese message, the server's clock for
// scheduled meetings (a TICK of the elapsed seconds before a command ends an expired speech),
// the three pages and their form path, and the live event carrying the public snapshot.
// Runs on SQLite and, with MULIN_PG_BASE, on PostgreSQL.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, csrfFrom, demoNodes, loggedIn, openEvents, sql, useServer } from './lib.mjs';

const server = useServer();
const c = {};
const id = {};
let meeting;
let hall;

const cmd = (who, body) => c[who].api('POST', `/api/v1/meetings/${meeting}/commands`, body);
const p = (who) => `p${id[who]}`;

/** A logged-in client with the session's csrf, for the HTML forms. */
async function pageClient(who) {
  const cl = new Client(server);
  const res = await cl.loginForm(who);
  assert.equal(res.status, 303, res.text);
  return cl;
}

async function doForm(cl, fields, view = 'room') {
  const page = await cl.get(`/meetings/${meeting}/${view}`);
  const csrf = csrfFrom(page.text);
  return cl.postForm(`/meetings/${meeting}/do`, { csrf, view, ...fields });
}

/** WHO moves (FIELDS: type, text), SECONDER seconds, the chair states it and puts it by METHOD. */
async function toVote(who, seconder, fields, method) {
  const steps = [
    [who, { cmd: 'MOVE', actor: p(who), ...fields }],
    [seconder, { cmd: 'SECOND', actor: p(seconder) }],
    ['chair', { cmd: 'STATE_QUESTION', actor: p('chair') }],
    ['chair', { cmd: 'PUT_QUESTION', actor: p('chair'), method }],
  ];
  for (const [sender, body] of steps) {
    const r = await cmd(sender, body);
    assert.equal(r.status, 200, `${JSON.stringify(body)}: ${r.text}`);
  }
}

/** The meeting's event stream as CLIENT (lib.mjs openEvents). */
const subscribe = (client) => openEvents(server, client, `/api/v1/meetings/${meeting}/events`);

before(async () => {
  await server.ready;
  for (const who of ['chair', 'recorder', 'director', 'resident', 'admin', 'worker', 'leader', 'resident2']) {
    c[who] = await loggedIn(server, who);
    id[who] = (await c[who].api('GET', '/api/v1/me')).json.id;
  }
  hall = (await demoNodes(c.chair)).dezhou5;
  const setup = {
    level: 'BUILDING_GROUP',
    members: [p('director'), p('resident'), p('admin')],
    observers: [p('worker'), 'g1'],
    chair: p('chair'),
  };
  const res = await c.chair.api('POST', `/api/v1/halls/${hall}/meetings`, { title: '楼组议事会', setup });
  assert.equal(res.status, 201, res.text);
  meeting = res.json.id;
  // What the schedule part will set: a start time (the server keeps the clock), the recorder,
  // an invited guest.
  const now = Math.floor(Date.now() / 1000);
  sql(server, `UPDATE meeting SET starts_at = ${now}, recorder_id = ${id.recorder} WHERE id = ${meeting}`);
  sql(server, `INSERT INTO meeting_guest(id, meeting_id, org, name) VALUES (1, ${meeting}, 'police', '王警官')`);
});

test('attendance: the recorder records anyone on the roster; others only themselves', async () => {
  for (const who of ['director', 'resident', 'admin']) {
    const r = await cmd('recorder', { cmd: 'ATTEND', actor: p(who) });
    assert.equal(r.status, 200, r.text);
  }
  let r = await cmd('recorder', { cmd: 'ATTEND', actor: 'g1' });
  assert.equal(r.status, 200, r.text);
  // nobody records someone off the roster
  r = await cmd('recorder', { cmd: 'ATTEND', actor: p('leader') });
  assert.equal(r.status, 403, r.text);
  // a member acting as another member
  r = await cmd('resident', { cmd: 'LEAVE', actor: p('director') });
  assert.equal(r.status, 403, r.text);
  assert.equal(r.json.error.code, 'forbidden');
  // the recorder may not give the chair's commands
  r = await cmd('recorder', { cmd: 'CALL_TO_ORDER', actor: p('chair') });
  assert.equal(r.status, 403, r.text);
  // an observer attends as themselves
  r = await cmd('worker', { cmd: 'ATTEND', actor: p('worker') });
  assert.equal(r.status, 200, r.text);
});

test('off the roster: a resident of the hall may watch but not act; others may not even watch', async () => {
  let r = await cmd('leader', { cmd: 'ATTEND', actor: p('leader') });
  assert.equal(r.status, 403, r.text);
  r = await cmd('leader', { cmd: 'QUERY' });
  assert.equal(r.status, 403, r.text);
  r = await c.leader.api('GET', `/api/v1/meetings/${meeting}`);
  assert.equal(r.status, 200, r.text);
  r = await c.resident2.api('GET', `/api/v1/meetings/${meeting}`);
  assert.equal(r.status, 403, r.text);
  r = await cmd('resident2', { cmd: 'QUERY' });
  assert.equal(r.status, 403, r.text);
  r = await c.resident2.get(`/meetings/${meeting}/screen`);
  assert.equal(r.status, 403);
  const leaderPage = await pageClient('leader');
  r = await leaderPage.get(`/meetings/${meeting}/room`);
  assert.equal(r.status, 200);
  assert.match(r.text, /您不在本次会议的名单中/);
  assert.doesNotMatch(r.text, /name="cmd"/);
  r = await leaderPage.get(`/meetings/${meeting}/chair`);
  assert.equal(r.status, 403);
});

test('only the chair calls to order, states, recognizes and puts the question', async () => {
  let r = await cmd('resident', { cmd: 'CALL_TO_ORDER', actor: p('resident') });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.json.error.code, 'E_NOT_ELIGIBLE');
  assert.equal(r.json.error.message, '非本议事范围成员或无表决权');
  for (const body of [{ cmd: 'CALL_TO_ORDER' }, { cmd: 'OPEN_ITEM', item: 'i1' }]) {
    r = await cmd('chair', { ...body, actor: p('chair') });
    assert.equal(r.status, 200, r.text);
  }
  r = await cmd('resident', { cmd: 'MOVE', actor: p('resident'), type: 'MAIN', text: '楼道加装扶手' });
  assert.equal(r.status, 200, r.text);
  r = await cmd('resident', { cmd: 'SECOND', actor: p('resident') });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.json.error.code, 'E_SELF_SECOND');
  r = await cmd('director', { cmd: 'SECOND', actor: p('director') });
  assert.equal(r.status, 200, r.text);
  r = await cmd('director', { cmd: 'STATE_QUESTION', actor: p('director') });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.json.error.code, 'E_NOT_ELIGIBLE');
  r = await cmd('chair', { cmd: 'STATE_QUESTION', actor: p('chair') });
  assert.equal(r.status, 200, r.text);
  r = await cmd('resident', { cmd: 'PUT_QUESTION', actor: p('resident'), method: 'HANDS' });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.json.error.code, 'E_NOT_ELIGIBLE');
  // bad input
  r = await c.chair.api('POST', `/api/v1/meetings/${meeting}/commands`, '{"cmd": ');
  assert.equal(r.status, 400, r.text);
  r = await cmd('chair', { cmd: 'NO_SUCH', actor: p('chair') });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json.error.code, 'E_BAD_INPUT');
});

test('the member asks for the floor on the phone; the event carries the snapshot; the console shows it', async () => {
  const sub = await subscribe(c.worker);
  assert.equal(sub.res.status, 200);
  const phone = await pageClient('resident');
  let page = await phone.get(`/meetings/${meeting}/room`);
  assert.equal(page.status, 200);
  assert.match(page.text, /楼道加装扶手/);
  assert.match(page.text, /value="REQUEST_FLOOR"/);
  assert.doesNotMatch(page.text, /<div data-when="debate" hidden>/);
  const res = await doForm(phone, { cmd: 'REQUEST_FLOOR', stance: 'PRO' });
  assert.equal(res.status, 303, res.text);
  assert.equal(res.headers.get('location'), `/meetings/${meeting}/room`);
  // waiting already: no second request offered (it would only be refused)
  page = await phone.get(`/meetings/${meeting}/room`);
  assert.match(page.text, /<div data-when="debate" hidden>/);
  // the move form offers only kinds it can express: LIMIT_EXTEND needs limits it has no field for
  assert.match(page.text, /<option value="MAIN">/);
  assert.doesNotMatch(page.text, /<option value="LIMIT_EXTEND">/);
  const ev = await sub.next();
  assert.ok(ev, 'an event arrived');
  assert.equal(ev.event, 'command');
  const snap = JSON.parse(ev.data);
  assert.equal(snap.cmd, 'REQUEST_FLOOR');
  assert.equal(snap.meeting, 'IN_SESSION');
  assert.equal(snap.present, 3);
  assert.equal(snap.question.text, '楼道加装扶手');
  assert.equal(snap.question.state, 'STATED');
  assert.deepEqual(snap.queue.map((q) => [q.name, q.stance]), [['张浩然', 'PRO']]);
  assert.equal(snap.next.name, '张浩然');
  assert.ok(ev.data.length < 7000);
  sub.close();

  const chair = await pageClient('chair');
  page = await chair.get(`/meetings/${meeting}/chair`);
  assert.equal(page.status, 200);
  assert.match(page.text, /张浩然 · 赞成/);
  assert.match(page.text, /下一位：<strong>张浩然<\/strong> · 动议人先发言。/); // who is next, and why
  assert.match(page.text, /<ol class="cells room-stack">\n<li class="cell"><span class="kind">主动议 · m1 · 讨论中<\/span><br>楼道加装扶手/);
  assert.match(page.text, /name="member" value="p\d+"/); // RECOGNIZE is in order
  // a command not in order: disabled, the rule's message as its title
  assert.match(page.text, /<summary title="表决未开始或已结束">结束表决并宣布结果<\/summary>/);
  assert.match(page.text, /<summary title="[^"]+">宣布开会<\/summary>/);
  // the recorder's console: attendance, no chair's commands in order
  const rec = await pageClient('recorder');
  page = await rec.get(`/meetings/${meeting}/chair`);
  assert.equal(page.status, 200);
  assert.match(page.text, /登记离会/);
  assert.match(page.text, /王警官 · 列席/); // a guest "g1" by meeting_guest.name
  assert.doesNotMatch(page.text, /value="RECOGNIZE"/);
  // members may not open the console
  page = await phone.get(`/meetings/${meeting}/chair`);
  assert.equal(page.status, 403);
  // the projector: no forms at all
  page = await phone.get(`/meetings/${meeting}/screen`);
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.text, /<form/);
  assert.match(page.text, /张浩然/);
});

test('a refusal on a page shows the rule\'s message (409); forms need the csrf token', async () => {
  const phone = await pageClient('resident');
  let res = await doForm(phone, { cmd: 'CAST', choice: 'YES' });
  assert.equal(res.status, 409);
  assert.match(res.text, /未能执行：表决未开始或已结束（E_VOTING_CLOSED）/);
  res = await doForm(phone, { cmd: 'RECOGNIZE', member: p('resident') });
  assert.equal(res.status, 409);
  assert.match(res.text, /E_NOT_ELIGIBLE/);
  res = await doForm(phone, { cmd: 'ATTEND', actor: p('director') });
  assert.equal(res.status, 403);
  res = await phone.postForm(`/meetings/${meeting}/do`, { cmd: 'POINT_OF_ORDER' });
  assert.equal(res.status, 403);
  res = await doForm(phone, { cmd: 'CLOSE_VOTE', yes: 'x', no: '1', abstain: '0' });
  assert.equal(res.status, 422);
  // when the clock is behind, a refused command's page shows the log as it stays: the tick
  // that would have gone before the command is not there (nor its seq)
  sql(server, `UPDATE meeting_log SET at = at - 10 WHERE meeting_id = ${meeting}`);
  res = await doForm(phone, { cmd: 'SECOND' });
  assert.equal(res.status, 409);
  const entries = sql(server, `SELECT COUNT(*) FROM meeting_log WHERE meeting_id = ${meeting}`)[0][0];
  assert.match(res.text, new RegExp(`data-seq="${entries}"`));
  // a ruling's side is true or false; garbage is not a quiet "overruled"
  const chair = await pageClient('chair');
  res = await doForm(chair, { cmd: 'RULE', sustained: 'yes' }, 'chair');
  assert.equal(res.status, 422);
  assert.match(res.text, /role="alert"/);
});

test('the server keeps the clock: a speech past its time ends before the next command', async () => {
  let r = await cmd('chair', { cmd: 'RECOGNIZE', actor: p('chair'), member: p('resident') });
  assert.equal(r.status, 200, r.text);
  r = await cmd('resident', { cmd: 'START_SPEECH', actor: p('resident') });
  assert.equal(r.status, 200, r.text);
  r = await cmd('resident', { cmd: 'QUERY' });
  assert.equal(r.json.state.floor, p('resident'));
  // a member cannot move the clock: a TICK only brings it to the real time
  r = await cmd('resident', { cmd: 'TICK', seconds: 1 });
  assert.equal(r.status, 403, r.text); // the clock is the console's
  r = await cmd('chair', { cmd: 'TICK', seconds: 100000 });
  assert.equal(r.status, 200, r.text);
  r = await cmd('resident', { cmd: 'QUERY' });
  assert.equal(r.json.state.floor, p('resident'));
  // 400 seconds pass (the log's times move back): the default speech is 180 s
  sql(server, `UPDATE meeting_log SET at = at - 400 WHERE meeting_id = ${meeting}`);
  const sub = await subscribe(c.resident);
  r = await cmd('director', { cmd: 'REQUEST_FLOOR', actor: p('director'), stance: 'CON' });
  assert.equal(r.status, 200, r.text);
  const snap = JSON.parse((await sub.next()).data);
  sub.close();
  assert.equal(snap.floor, null);
  assert.equal(snap.spoke[p('resident')], 1);
  const ticks = sql(server, `SELECT command FROM meeting_log WHERE meeting_id = ${meeting} AND command LIKE '%TICK%' ORDER BY seq`);
  assert.ok(ticks.length >= 1, 'a TICK was logged');
  const secs = JSON.parse(ticks[ticks.length - 1][0]).seconds;
  assert.ok(secs >= 399 && secs <= 420, `ticked ${secs} s`);
  r = await cmd('resident', { cmd: 'END_SPEECH', actor: p('resident') });
  assert.equal(r.status, 409);
  assert.equal(r.json.error.code, 'E_TIME_EXPIRED');
});

test('a roll-call vote: members vote on their phones, observers never; the projector shows the result', async () => {
  let r = await cmd('chair', { cmd: 'RECOGNIZE', actor: p('chair'), member: p('director') });
  assert.equal(r.status, 200, r.text);
  for (const x of ['START_SPEECH', 'END_SPEECH']) {
    r = await cmd('director', { cmd: x, actor: p('director') });
    assert.equal(r.status, 200, r.text);
  }
  const phone = await pageClient('resident');
  let res = await doForm(phone, { cmd: 'PUT_QUESTION', method: 'ROLL_CALL' });
  assert.equal(res.status, 409);
  const chair = await pageClient('chair');
  res = await doForm(chair, { cmd: 'PUT_QUESTION', method: 'ROLL_CALL' }, 'chair');
  assert.equal(res.status, 303, res.text);
  let page = await phone.get(`/meetings/${meeting}/room`);
  assert.match(page.text, /<div data-when="vote">/);
  const sub = await subscribe(c.leader);
  res = await doForm(phone, { cmd: 'CAST', choice: 'YES' });
  assert.equal(res.status, 303, res.text);
  // the event says how many voted, never who voted how
  const ev = await sub.next();
  sub.close();
  const snap = JSON.parse(ev.data);
  assert.deepEqual(snap.vote, { method: 'ROLL_CALL', cast: 1 });
  assert.doesNotMatch(ev.data, /YES|"votes"/);
  r = await cmd('worker', { cmd: 'CAST', actor: p('worker'), choice: 'NO' });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.json.error.code, 'E_NOT_ELIGIBLE');
  const obs = await pageClient('worker');
  page = await obs.get(`/meetings/${meeting}/room`);
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.text, /value="CAST"/);
  assert.match(page.text, /您列席本次会议：可以旁听，不参加表决。/);
  r = await cmd('director', { cmd: 'CAST', actor: p('director'), choice: 'YES' });
  assert.equal(r.status, 200, r.text);
  r = await cmd('admin', { cmd: 'CAST', actor: p('admin'), choice: 'NO' });
  assert.equal(r.status, 200, r.text);
  r = await cmd('chair', { cmd: 'CLOSE_VOTE', actor: p('chair') });
  assert.equal(r.status, 200, r.text);
  page = await phone.get(`/meetings/${meeting}/screen`);
  assert.match(page.text, /<strong>通过<\/strong> 赞成 2 · 反对 1 · 弃权 0/);
});

test('hands counts: the recorder enters them in the chair\'s name; members may not', async () => {
  await toVote('admin', 'director', { type: 'MAIN', text: '增设快递柜' }, 'HANDS');
  let r;
  const counts = { yes: 1, no: 2, abstain: 0 };
  r = await cmd('resident', { cmd: 'CLOSE_VOTE', actor: p('chair'), counts });
  assert.equal(r.status, 403, r.text);
  r = await cmd('recorder', { cmd: 'CLOSE_VOTE', actor: p('chair'), counts: { yes: 3, no: 2, abstain: 0 } });
  assert.equal(r.status, 422, r.text); // more hands than members present
  const rec = await pageClient('recorder');
  let page = await rec.get(`/meetings/${meeting}/chair`);
  assert.match(page.text, /name="yes"/);
  const res = await doForm(rec, { cmd: 'CLOSE_VOTE', actor: p('chair'), ...counts }, 'chair');
  assert.equal(res.status, 303, res.text);
  r = await cmd('chair', { cmd: 'QUERY' });
  const m2 = r.json.state.motions.m2;
  assert.deepEqual([m2.state, m2.yes, m2.no], ['REJECTED', 1, 2]);
  page = await rec.get(`/meetings/${meeting}/screen`);
  assert.match(page.text, /<strong>未通过<\/strong> 赞成 1 · 反对 2/);
  // the log verifies
  const log = sql(server, `SELECT COUNT(*) FROM meeting_log WHERE meeting_id = ${meeting}`);
  assert.ok(Number(log[0][0]) > 20);
});

test('the pages speak English to an English reader', async () => {
  const en = await loggedIn(server, 'resident', { lang: 'en' });
  const page = await en.get(`/meetings/${meeting}/room`, { headers: { Cookie: en.cookieHeader() } });
  assert.equal(page.status, 200);
  assert.match(page.text, /<html lang="en">/);
  assert.match(page.text, /Meeting room/);
  assert.match(page.text, /Raise a point of order/);
  assert.match(page.text, /The last vote/);
  // a refused command in English too (the code stays)
  const csrf = csrfFrom(page.text);
  const res = await en.postForm(`/meetings/${meeting}/do`, { csrf, view: 'room', cmd: 'SECOND' }, { headers: { Cookie: en.cookieHeader() } });
  assert.equal(res.status, 409, res.text);
  assert.match(res.text, /Not done: [A-Z][^<（]+（E_[A-Z_]+）/);
});

test('a hands vote is counted in the room: no member casts, so no phone decides it alone', async () => {
  await toVote('director', 'admin', { type: 'MAIN', text: '楼道装感应灯' }, 'HANDS');
  let r;
  r = await cmd('resident', { cmd: 'CAST', actor: p('resident'), choice: 'YES' });
  assert.equal(r.status, 403, r.text);
  const phone = await pageClient('resident');
  const room = await phone.get(`/meetings/${meeting}/room`);
  assert.match(room.text, /正在表决<\/strong>（举手）· 请在会场举手，由主持人清点/);
  assert.doesNotMatch(room.text, /已投票数 0/);
  let res = await doForm(phone, { cmd: 'CAST', choice: 'YES' });
  assert.equal(res.status, 403);
  // the console offers the counts, not a plain close that would count no hands
  const chair = await pageClient('chair');
  const page = await chair.get(`/meetings/${meeting}/chair`);
  assert.match(page.text, /name="abstain"/);
  assert.doesNotMatch(page.text, /<input type="hidden" name="cmd" value="CLOSE_VOTE"><button/);
  res = await doForm(chair, { cmd: 'CLOSE_VOTE', yes: '2', no: '1', abstain: '0' }, 'chair');
  assert.equal(res.status, 303, res.text);
  r = await cmd('chair', { cmd: 'QUERY' });
  const m3 = r.json.state.motions.m3;
  assert.deepEqual([m3.state, m3.yes, m3.no], ['ADOPTED', 2, 1]);
});

test('a secret ballot: nobody sees the running tally, which with one event per CAST tells who voted how', async () => {
  await toVote('admin', 'director', { type: 'MAIN', text: '绿化带改停车位' }, 'BALLOT');
  let r;
  r = await cmd('resident', { cmd: 'CAST', actor: p('resident'), choice: 'NO' });
  assert.equal(r.status, 200, r.text);
  for (const who of ['director', 'chair', 'leader']) {
    r = await c[who].api('GET', `/api/v1/meetings/${meeting}`);
    assert.equal(r.status, 200, r.text);
    const m4 = r.json.state.motions.m4;
    assert.deepEqual([m4.state, m4.yes, m4.no, m4.abstain], ['VOTING', null, null, null], who);
  }
  r = await cmd('director', { cmd: 'QUERY' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.state.motions.m4.no, null);
  assert.equal(r.json.state.motions.m1.yes, 2); // decided votes stay public
  r = await cmd('director', { cmd: 'CAST', actor: p('director'), choice: 'YES' });
  assert.equal(r.status, 200, r.text);
  r = await cmd('chair', { cmd: 'CLOSE_VOTE', actor: p('chair') });
  assert.equal(r.status, 200, r.text);
  r = await c.leader.api('GET', `/api/v1/meetings/${meeting}`);
  const m4 = r.json.state.motions.m4;
  assert.deepEqual([m4.state, m4.yes, m4.no], ['REJECTED', 1, 1]);
});

test('the phone: a member may demand a division of a hands count, and sees that their vote is in', async () => {
  await toVote('director', 'admin', { type: 'MAIN', text: '每月清洗水箱' }, 'HANDS');
  let r;
  const phone = await pageClient('resident');
  let page = await phone.get(`/meetings/${meeting}/room`);
  assert.match(page.text, /<div data-when="division" hidden>/);
  r = await cmd('recorder', { cmd: 'CLOSE_VOTE', actor: p('chair'), counts: { yes: 2, no: 1, abstain: 0 } });
  assert.equal(r.status, 200, r.text);
  page = await phone.get(`/meetings/${meeting}/room`);
  assert.match(page.text, /<div data-when="division">/);
  assert.match(page.text, /要求记名重新表决/);
  let res = await doForm(phone, { cmd: 'DIVISION' });
  assert.equal(res.status, 303, res.text);
  page = await phone.get(`/meetings/${meeting}/room`);
  assert.match(page.text, /<div data-when="vote">/); // retaken by roll call, on the phone
  assert.match(page.text, /<p class="notice" data-when="voted" hidden>/);
  res = await doForm(phone, { cmd: 'CAST', choice: 'NO' });
  assert.equal(res.status, 303, res.text);
  page = await phone.get(`/meetings/${meeting}/room`);
  assert.match(page.text, /<p class="notice" data-when="voted">您已投票/);
  assert.match(page.text, /<div data-when="vote" hidden>/);
  // another member who has not voted still has the buttons
  const other = await pageClient('director');
  page = await other.get(`/meetings/${meeting}/room`);
  assert.match(page.text, /<div data-when="vote">/);
  r = await cmd('chair', { cmd: 'CLOSE_VOTE', actor: p('chair') });
  assert.equal(r.status, 200, r.text);
  assert.equal((await cmd('chair', { cmd: 'QUERY' })).json.state.motions.m5.state, 'REJECTED');
});

test('the phone: right after the chair rules on a point of order, a member may appeal it', async () => {
  const phone = await pageClient('resident');
  let res = await doForm(phone, { cmd: 'POINT_OF_ORDER' });
  assert.equal(res.status, 303, res.text);
  let page = await phone.get(`/meetings/${meeting}/room`);
  assert.match(page.text, /<div data-when="appeal" hidden>/);
  let r = await cmd('chair', { cmd: 'RULE', actor: p('chair'), sustained: false });
  assert.equal(r.status, 200, r.text);
  page = await phone.get(`/meetings/${meeting}/room`);
  assert.match(page.text, /<div data-when="appeal">/);
  assert.match(page.text, /不服主持人的裁定/);
  res = await doForm(phone, { cmd: 'APPEAL' });
  assert.equal(res.status, 303, res.text);
  r = await cmd('director', { cmd: 'SECOND', actor: p('director') });
  assert.equal(r.status, 200, r.text);
  for (const body of [{ cmd: 'STATE_QUESTION' }, { cmd: 'PUT_QUESTION', method: 'HANDS' }]) {
    r = await cmd('chair', { ...body, actor: p('chair') });
    assert.equal(r.status, 200, r.text);
  }
  r = await cmd('recorder', { cmd: 'CLOSE_VOTE', actor: p('chair'), counts: { yes: 2, no: 1, abstain: 0 } });
  assert.equal(r.status, 200, r.text);
  const m6 = (await cmd('chair', { cmd: 'QUERY' })).json.state.motions.m6;
  assert.deepEqual([m6.type, m6.state], ['APPEAL', 'ADOPTED']);
});

test('an adjourned meeting\'s record is closed: no attendance or clock entries after it', async () => {
  await toVote('admin', 'director', { type: 'ADJOURN' }, 'HANDS');
  let r;
  r = await cmd('recorder', { cmd: 'CLOSE_VOTE', actor: p('chair'), counts: { yes: 3, no: 0, abstain: 0 } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.events, ['VOTE_RESULT', 'ADJOURNED']);
  const count = () => Number(sql(server, `SELECT COUNT(*) FROM meeting_log WHERE meeting_id = ${meeting}`)[0][0]);
  const before = count();
  sql(server, `UPDATE meeting_log SET at = at - 60 WHERE meeting_id = ${meeting}`);
  r = await cmd('recorder', { cmd: 'LEAVE', actor: 'g1' });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.json.error.code, 'E_OUT_OF_ORDER');
  r = await cmd('chair', { cmd: 'TICK', seconds: 1 });
  assert.equal(r.status, 409, r.text);
  r = await cmd('resident', { cmd: 'QUERY' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.state.meeting, 'ADJOURNED');
  assert.equal(count(), before);
});

test('a meeting from a raw setup (ids not p<id>): the pages work and staff drive the console as its chair', async () => {
  const setup = { level: 'BUILDING_GROUP', members: ['A', 'B', 'C'], observers: ['O'], chair: 'X' };
  let r = await c.chair.api('POST', `/api/v1/halls/${hall}/meetings`, { title: '脚本会议', setup });
  assert.equal(r.status, 201, r.text);
  const raw = r.json.id;
  for (const actor of ['A', 'B']) {
    r = await c.chair.api('POST', `/api/v1/meetings/${raw}/commands`, { cmd: 'ATTEND', actor });
    assert.equal(r.status, 200, r.text);
  }
  const staff = await pageClient('chair');
  for (const view of ['room', 'screen']) assert.equal((await staff.get(`/meetings/${raw}/${view}`)).status, 200);
  let page = await staff.get(`/meetings/${raw}/chair`);
  assert.equal(page.status, 200);
  assert.match(page.text, /<input type="hidden" name="cmd" value="CALL_TO_ORDER"><input type="hidden" name="actor" value="X">/);
  const csrf = csrfFrom(page.text);
  let res = await staff.postForm(`/meetings/${raw}/do`, { csrf, view: 'chair', cmd: 'CALL_TO_ORDER', actor: 'X' });
  assert.equal(res.status, 303, res.text);
  res = await staff.postForm(`/meetings/${raw}/do`, { csrf, view: 'chair', cmd: 'OPEN_ITEM', actor: 'X', item: 'i1' });
  assert.equal(res.status, 303, res.text);
  r = await c.chair.api('GET', `/api/v1/meetings/${raw}`);
  assert.equal(r.json.state.meeting, 'IN_SESSION');
  // a member of the hall who is not staff gets no such console
  page = await (await pageClient('resident')).get(`/meetings/${raw}/chair`);
  assert.equal(page.status, 403);
});
