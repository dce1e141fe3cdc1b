// The meeting's clock without a console (issue 5): the hall clock thread ticks a scheduled
// meeting whose speech has run out (a real 30 s speech, the engine's minimum, with
// MULIN_CLOCK_S=1) and whose recess has ended, through meeting_command's path: one TICK in the
// log with "by":"clock" in the chair's name, the live event to the watchers, the minutes' speech
// "expired". And the limit on a member's own ATTEND/LEAVE (429; the recorder is not limited).
// Runs on SQLite and, with MULIN_PG_BASE, on PostgreSQL.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, csrfFrom, demoNodes, loggedIn, openEvents, sql, useServer } from './lib.mjs';

process.env.MULIN_CLOCK_S = '1'; // read by the server that useServer starts (before the tests)
const server = useServer();
const c = {};
const id = {};
let meeting;

const cmd = (who, body) => c[who].api('POST', `/api/v1/meetings/${meeting}/commands`, body);
const p = (who) => `p${id[who]}`;
const ok = async (who, body) => {
  const r = await cmd(who, body);
  assert.equal(r.status, 200, `${JSON.stringify(body)}: ${r.text}`);
  return r;
};
const lastEntry = () => sql(server, `SELECT seq, actor_id, command, at FROM meeting_log WHERE meeting_id = ${meeting} ORDER BY seq DESC LIMIT 1`)[0];
const due = () => sql(server, `SELECT tick_due_at FROM meeting WHERE id = ${meeting}`)[0]?.[0] ?? '';

/** The next live event of SUB whose snapshot says cmd CMD, within MS; null when none came. */
async function eventOf(sub, name, ms) {
  const deadline = Date.now() + ms;
  for (;;) {
    const ev = await sub.next(Math.max(0, deadline - Date.now()));
    if (!ev) return null;
    const data = JSON.parse(ev.data);
    if (ev.event === 'command' && data.cmd === name) return data;
  }
}

before(async () => {
  await server.ready;
  for (const who of ['chair', 'recorder', 'director', 'resident', 'admin']) {
    c[who] = await loggedIn(server, who);
    id[who] = (await c[who].api('GET', '/api/v1/me')).json.id;
  }
  const hall = (await demoNodes(c.chair)).dezhou5;
  const setup = {
    level: 'BUILDING_GROUP',
    members: [p('director'), p('resident'), p('admin')],
    chair: p('chair'),
    params: { speech_time_s: 30 },
  };
  const res = await c.chair.api('POST', `/api/v1/halls/${hall}/meetings`, { title: '计时测试', setup });
  assert.equal(res.status, 201, res.text);
  meeting = res.json.id;
  // scheduled (the server keeps its clock), with a recorder
  const now = Math.floor(Date.now() / 1000);
  sql(server, `UPDATE meeting SET starts_at = ${now}, ends_at = ${now + 3600}, checkin_token = 'clock-test-door', recorder_id = ${id.recorder} WHERE id = ${meeting}`);
  for (const who of ['director', 'resident', 'admin']) await ok('recorder', { cmd: 'ATTEND', actor: p(who) });
  await ok('chair', { cmd: 'CALL_TO_ORDER', actor: p('chair') });
  await ok('chair', { cmd: 'OPEN_ITEM', actor: p('chair'), item: 'i1' });
});

test('a speech ends on time with no console open: the clock logs the TICK and the watchers hear it', async () => {
  await ok('resident', { cmd: 'MOVE', actor: p('resident'), type: 'MAIN', text: '楼道加装扶手' });
  await ok('director', { cmd: 'SECOND', actor: p('director') });
  await ok('chair', { cmd: 'STATE_QUESTION', actor: p('chair') });
  assert.equal(due(), '', 'nothing is due while nobody speaks');
  await ok('resident', { cmd: 'REQUEST_FLOOR', actor: p('resident'), stance: 'PRO' });
  await ok('chair', { cmd: 'RECOGNIZE', actor: p('chair'), member: p('resident') });
  const sub = await openEvents(server, c.director, `/api/v1/meetings/${meeting}/events`);
  try {
    assert.equal(sub.res.status, 200);
    const started = Math.floor(Date.now() / 1000);
    await ok('resident', { cmd: 'START_SPEECH', actor: p('resident') });
    const startedAt = Number(lastEntry()[3]);
    assert.equal(Number(due()), startedAt + 30, 'the clock is due when the 30 s are up');
    // nobody sends anything now; the clock (1 s period) must end the speech by itself
    const snap = await eventOf(sub, 'TICK', 40000);
    const ended = Date.now() / 1000;
    assert.ok(snap, 'the watcher got the clock\'s TICK');
    assert.ok(ended - started >= 29 && ended - started <= 35, `ended after ${ended - started} s`);
    assert.equal(snap.floor, null);
    assert.equal(snap.spoke[p('resident')], 1);
  } finally {
    sub.close();
  }
  const [, actor, command] = lastEntry();
  const tick = JSON.parse(command);
  assert.equal(tick.cmd, 'TICK');
  assert.equal(tick.by, 'clock');
  assert.ok(tick.seconds >= 30 && tick.seconds <= 33, `ticked ${tick.seconds} s`);
  assert.equal(Number(actor), id.chair, 'the log names the chair for the clock');
  assert.equal(due(), '', 'nothing due after the speech');
  // exactly one clock TICK: the clock does not tick a meeting with nothing due
  await new Promise((r) => setTimeout(r, 2500));
  assert.equal(sql(server, `SELECT COUNT(*) FROM meeting_log WHERE meeting_id = ${meeting} AND command LIKE '%clock%'`)[0][0], '1');
  const r = await cmd('resident', { cmd: 'END_SPEECH', actor: p('resident') });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.json.error.code, 'E_TIME_EXPIRED');
  // the minutes read the speech as expired after its 30 s, and no actor of the TICK
  const min = await c.chair.api('GET', `/api/v1/meetings/${meeting}/minutes`);
  assert.equal(min.status, 200, min.text);
  const speech = min.json.speeches.find((s) => s.person === p('resident'));
  assert.equal(speech.end, 'expired');
  assert.equal(speech.seconds, 30);
});

test('a recess ends on time: the clock ticks so the chair may RESUME, and the watchers hear it', async () => {
  await ok('director', { cmd: 'MOVE', actor: p('director'), type: 'RECESS', params: { minutes: 1 } });
  await ok('admin', { cmd: 'SECOND', actor: p('admin') });
  await ok('chair', { cmd: 'STATE_QUESTION', actor: p('chair') });
  await ok('chair', { cmd: 'PUT_QUESTION', actor: p('chair'), method: 'HANDS' });
  await ok('chair', { cmd: 'CLOSE_VOTE', actor: p('chair'), counts: { yes: 3, no: 0, abstain: 0 } });
  const state = (await cmd('chair', { cmd: 'QUERY' })).json.state;
  assert.equal(state.meeting, 'RECESSED');
  const until = Number(due());
  assert.ok(until > Date.now() / 1000 + 50, 'due at the recess\'s end, a minute on');
  let r = await cmd('chair', { cmd: 'RESUME', actor: p('chair') });
  assert.equal(r.status, 409, r.text);
  const sub = await openEvents(server, c.resident, `/api/v1/meetings/${meeting}/events`);
  try {
    // the minute passes (the log's times and the due time move back by 60 s)
    sql(server, `UPDATE meeting_log SET at = at - 60 WHERE meeting_id = ${meeting}`);
    sql(server, `UPDATE meeting SET tick_due_at = tick_due_at - 60 WHERE id = ${meeting}`);
    const snap = await eventOf(sub, 'TICK', 5000);
    assert.ok(snap, 'the watcher got the clock\'s TICK');
    assert.equal(snap.meeting, 'RECESSED', 'the engine does not resume by itself');
  } finally {
    sub.close();
  }
  assert.equal(JSON.parse(lastEntry()[2]).by, 'clock');
  assert.equal(due(), '');
  await ok('chair', { cmd: 'RESUME', actor: p('chair') });
});

test('a member changes their own presence at most 6 times a minute; the recorder is not limited', async () => {
  const count = () => sql(server, `SELECT COUNT(*) FROM meeting_log WHERE meeting_id = ${meeting}`)[0][0];
  // A member checks themselves in only at the door (the QR code's token), and leaves by the API.
  const door = new Client(server);
  assert.equal((await door.loginForm('resident')).status, 303);
  const atDoor = async () => {
    const page = await door.get(`/meetings/${meeting}/checkin?t=clock-test-door`);
    const res = await door.postForm(`/meetings/${meeting}/checkin`, { csrf: csrfFrom(page.text), t: 'clock-test-door' });
    assert.equal(res.status, 200, res.text.slice(0, 800));
  };
  for (let i = 0; i < 3; i++) {
    await ok('resident', { cmd: 'LEAVE', actor: p('resident') });
    await atDoor();
  }
  const before = count();
  let r = await cmd('resident', { cmd: 'LEAVE', actor: p('resident') });
  assert.equal(r.status, 429, r.text);
  assert.equal(r.json.error.code, 'too_fast');
  assert.match(r.json.error.message, /一分钟内最多到会、离会 6 次/);
  assert.equal(count(), before, 'nothing was logged');
  // the page path says the same, in the reader's language
  const phone = new Client(server);
  assert.equal((await phone.loginForm('resident')).status, 303);
  const page = await phone.get(`/meetings/${meeting}/room`);
  const res = await phone.postForm(`/meetings/${meeting}/do`, { csrf: csrfFrom(page.text), view: 'room', cmd: 'LEAVE' });
  assert.equal(res.status, 429, res.text);
  assert.match(res.text, /一分钟内最多到会、离会 6 次/);
  // other commands are not limited, nor is the recorder
  await ok('resident', { cmd: 'QUERY' });
  for (let i = 0; i < 4; i++) {
    await ok('recorder', { cmd: 'LEAVE', actor: p('resident') });
    await ok('recorder', { cmd: 'ATTEND', actor: p('resident') });
  }
  // a minute later the member may again
  sql(server, `UPDATE meeting_log SET at = at - 61 WHERE meeting_id = ${meeting}`);
  await ok('resident', { cmd: 'LEAVE', actor: p('resident') });
});
