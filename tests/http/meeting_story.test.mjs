// One meeting of 德州五村's hall driven end to end the way a hall would (issue 5): no raw setup,
// no rows written by SQL, nobody acting for anyone but as the rules allow. A worker schedules it
// through the schedule form of the API with two accepted topics on the agenda; the feed and the
// .ics announce it; members check in with the door's token on their phones, the recorder checks in
// the guest and a member without a phone from the roster page; the chair works the console's
// forms; a resident moves and another member seconds from their phones; the server keeps the
// clock; a roll call (the observer's CAST refused); the adopted main motion becomes topic 1's
// resolution; a show of hands entered as counts by the recorder rejects topic 2's motion; quorum
// is lost and restored; the meeting adjourns; the minutes (JSON, page, PDF) say all of it by name;
// the feed has the resolution and the adjournment; `mulin meeting verify` finds the chain whole;
// the resolution's notice is posted through the hall's normal flow. A second, short meeting proves
// that a member's own command which makes a show of hands final records the resolution with the
// chair role's authority (src/meeting/after.c). Runs on SQLite and, with MULIN_PG_BASE, on
// PostgreSQL.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, Client, DEMO, csrfFrom, demoNodes, logProblems, loggedIn, peopleUnder, sql as sqlRows, useServer } from './lib.mjs';

const server = useServer();
const c = {}; // API clients (bearer)
const ph = {}; // page clients (cookie + csrf): the phones and the console
const id = {};
let n;
let mid; // the meeting
let topic1;
let topic2;
const sql = (q) => sqlRows(server, q).map((row) => row.join('|')).join('\n');
const p = (who) => `p${id[who]}`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => Math.floor(Date.now() / 1000);
const PLAIN = {}; // residents of 德州五村 without an account: name and id

async function pageClient(who) {
  const cl = new Client(server);
  const res = await cl.loginForm(who);
  assert.equal(res.status, 303, res.text);
  return cl;
}

/* The phone's forms that show only when in order (room_phone.c: data-when). */
const WHEN = { CAST: 'vote', SECOND: 'second', REQUEST_FLOOR: 'debate', START_SPEECH: 'floor', END_SPEECH: 'floor' };

/**
 * A form of the live room posted as WHO from VIEW (room = the phone, chair = the console), the
 * way a tap would: when the post is meant to go through (303), the page must offer that command
 * (a form with its cmd, shown; on the console a button, not a disabled <details>).
 */
async function act(who, fields, view = 'room', want = 303) {
  const page = await ph[who].get(`/meetings/${mid}/${view}`);
  assert.equal(page.status, 200, `${who} ${view}: ${page.status}`);
  if (want === 303) {
    assert.ok(page.text.includes(`name="cmd" value="${fields.cmd}"`), `${who}'s ${view} offers no ${fields.cmd}`);
    if (view === 'room' && WHEN[fields.cmd]) {
      assert.ok(page.text.includes(`<div data-when="${WHEN[fields.cmd]}">`), `${who}'s phone hides ${fields.cmd}`);
    }
  }
  const res = await ph[who].postForm(`/meetings/${mid}/do`, { csrf: csrfFrom(page.text), view, ...fields });
  assert.equal(res.status, want, `${who} ${JSON.stringify(fields)}: ${res.text.slice(0, 2000)}`);
  return res;
}

const state = async () => (await c.chair.api('GET', `/api/v1/meetings/${mid}`)).json;
const lastCmd = () => JSON.parse(sql(`SELECT command FROM meeting_log WHERE meeting_id = ${mid} ORDER BY seq DESC LIMIT 1`));

/* The server restarted in the middle of the meeting (same database, same port), and its end. */
let second = null;

/** Stops the server (SIGTERM, exit 0) and starts it again on the same database and port. */
async function restart() {
  const { code, signal } = await server.stop();
  assert.deepEqual([code, signal], [0, null]);
  const child = spawn(BIN, ['serve', ...server.dbArgs, '--listen', `127.0.0.1:${server.port}`],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env } });
  second = { child, log: '', exited: new Promise((ok) => child.on('exit', (c2, s2) => ok({ code: c2, signal: s2 }))) };
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => { second.log += d; });
  for (let i = 0; i < 400; i++) {
    try {
      if ((await fetch(`${server.base}/login`)).status === 200) return;
    } catch { /* not yet */ }
    await sleep(50);
  }
  assert.fail(`the server did not come back:\n${second.log}`);
}

after(async () => {
  if (!second) return;
  second.child.kill('SIGTERM');
  const { code, signal } = await second.exited;
  await new Promise((r) => (second.child.stderr.readableEnded ? r() : second.child.stderr.on('close', r)));
  assert.deepEqual(logProblems(second.log), [], second.log.slice(-8000));
  assert.deepEqual([code, signal], [0, null], second.log.slice(-4000));
});

async function acceptedTopic(title, cost) {
  const res = await c.resident.api('POST', '/api/v1/topics', {
    title, description: '居民提出的事项。', suggestion: '请议事会讨论。', category: 'facilities',
    node_id: n.dezhou5, cost_fen: cost, channel: 'online',
  });
  assert.equal(res.status, 201, res.text);
  for (const [who, to] of [['resident', 'pending_review'], ['worker', 'accepted']]) {
    const r = await c[who].api('POST', `/api/v1/topics/${res.json.id}/transitions`, { to });
    assert.equal(r.status, 200, r.text);
  }
  return res.json.id;
}

before(async () => {
  await server.ready;
  for (const who of Object.keys(DEMO)) {
    c[who] = await loggedIn(server, who);
    id[who] = (await c[who].api('GET', '/api/v1/me')).json.id;
  }
  for (const who of ['chair', 'recorder', 'director', 'leader', 'resident', 'worker']) ph[who] = await pageClient(who);
  n = await demoNodes(c.admin);
  // Three residents of 德州五村 who have no account (no phone to sign in with).
  const plain = (await peopleUnder(c.worker, n.dezhou5)).filter((x) => !x.has_account).slice(0, 3);
  assert.equal(plain.length, 3);
  [PLAIN.a, PLAIN.b, PLAIN.c] = plain;
  topic1 = await acceptedTopic('小区充电桩建设（议事）', 5000000);
  topic2 = await acceptedTopic('中心绿地改停车位（议事）', 0);
});

test('a worker schedules the meeting with the schedule form; the feed and the calendars announce it', async () => {
  const starts = now() + 600;
  const r = await c.worker.api('POST', `/api/v1/halls/${n.dezhou5}/meetings`, {
    title: '德州五村第四季度居民议事会', kind: 'council', starts_at: starts, ends_at: starts + 7200,
    place: '居委会二楼会议室', mode: 'in_person',
    items: [{ topic_id: topic1 }, { topic_id: topic2 }],
    members: [id.director, id.leader, id.resident, PLAIN.a.id, PLAIN.b.id, PLAIN.c.id],
    observers: [id.worker],
    guests: [{ org: 'property', name: '物业王经理' }],
    chair: id.chair, recorder: id.recorder,
  });
  assert.equal(r.status, 201, r.text);
  mid = r.json.id;
  const m = r.json;
  assert.deepEqual(m.agenda.map((i) => [i.key, i.topic_id, i.topic_title]),
    [['I1', topic1, '小区充电桩建设（议事）'], ['I2', topic2, '中心绿地改停车位（议事）']]);
  assert.deepEqual(m.roster.members.map((x) => x.person_id),
    [id.director, id.leader, id.resident, PLAIN.a.id, PLAIN.b.id, PLAIN.c.id]);
  assert.deepEqual(m.roster.observers.map((x) => x.person_id), [id.worker, id.recorder]); // the recorder watches
  assert.equal(m.roster.chair.eid, p('chair'));
  assert.equal(m.roster.recorder.person_id, id.recorder);
  assert.equal(m.setup.chair, p('chair'));
  assert.equal(m.setup.level, 'ESTATE');
  assert.ok(m.setup.observers.includes(p('worker')));
  assert.ok(m.setup.observers.includes(p('recorder')));
  assert.ok(m.setup.observers.includes(m.roster.guests[0].eid));
  assert.deepEqual(m.presence, { present: 0, quorum: 4 }); // six members: floor(6/2)+1
  assert.equal(m.log_length, 0);
  // The feed of a member (a resident of the hall): the meeting and each topic on its agenda.
  const f = await c.resident.api('GET', '/api/v1/feed?limit=50');
  assert.deepEqual(f.json.items.filter((i) => i.kind === 'meeting' && i.ref_id === mid).map((i) => i.topic_id)
    .sort(), [null, topic1, topic2].sort());
  // Each topic's page lists the meeting whose agenda holds it.
  for (const t of [topic1, topic2]) {
    assert.ok((await c.resident.get(`/topics/${t}`)).text.includes(`href="/meetings/${mid}"`), `topic ${t}`);
  }
  // The calendars, without signing in.
  const anon = new Client(server);
  for (const url of [`/halls/${n.dezhou5}/meetings.ics`, `/meetings/${mid}.ics`]) {
    const ics = await anon.get(url);
    assert.equal(ics.status, 200, url);
    const text = ics.text.replace(/\r\n[ \t]/g, '');
    assert.match(text, new RegExp(`UID:meeting-${mid}-[0-9a-f]+@mulin`), url);
    assert.ok(text.includes('SUMMARY:议事会：德州五村第四季度居民议事会') || text.includes('德州五村第四季度居民议事会'), url);
    assert.ok(text.includes('LOCATION:居委会二楼会议室'), url);
    assert.ok(text.includes('小区充电桩建设（议事）'), url);
    assert.ok(text.includes('STATUS:CONFIRMED'), url);
  }
});

test('sign-in: members with the door\'s token on their phones, the recorder from the roster', async () => {
  const door = await ph.recorder.get(`/meetings/${mid}/door`);
  assert.equal(door.status, 200);
  const m = /\/meetings\/\d+\/checkin\?t=([A-Za-z0-9_-]+)/.exec(door.text);
  assert.ok(m, 'the door shows the check-in link');
  const token = m[1];
  // Checking oneself in through the API, without the door's token, does not count.
  const sneak = await c.resident.api('POST', `/api/v1/meetings/${mid}/commands`,
    { cmd: 'ATTEND', actor: p('resident') });
  assert.equal(sneak.status, 403, sneak.text);
  assert.equal(sneak.json.error.code, 'forbidden');
  assert.equal(sneak.json.error.message, '您只能以自己的名义操作，到会签到请在会场门口扫码；记录员和工作人员可代为登记到会、离会和举手票数。');
  for (const who of ['director', 'leader', 'resident']) {
    const page = await ph[who].get(`/meetings/${mid}/checkin?t=${token}`);
    assert.equal(page.status, 200, `${who}: ${page.text.slice(0, 500)}`);
    const done = await ph[who].postForm(`/meetings/${mid}/checkin`, { csrf: csrfFrom(page.text), t: token });
    assert.equal(done.status, 200, done.text.slice(0, 1000));
    assert.ok(done.text.includes('签到成功'));
  }
  // The observer checks in as well; resident2 (another estate) is not on the roster.
  const w = await ph.worker.get(`/meetings/${mid}/checkin?t=${token}`);
  assert.equal((await ph.worker.postForm(`/meetings/${mid}/checkin`, { csrf: csrfFrom(w.text), t: token })).status, 200);
  const roster = await ph.recorder.get(`/meetings/${mid}/roster`);
  assert.equal(roster.status, 200);
  assert.ok(roster.text.includes('已到 3 人，法定人数 4 人'), 'roster counts the phones');
  const st0 = await state();
  const guest = st0.roster.guests[0];
  for (const eid of [`p${PLAIN.a.id}`, guest.eid]) {
    const r = await ph.recorder.postForm(`/meetings/${mid}/roster`, { csrf: csrfFrom(roster.text), actor: eid, action: 'attend' });
    assert.equal(r.status, 303, r.text);
  }
  const st = await state();
  assert.deepEqual(st.presence, { present: 4, quorum: 4 });
  assert.deepEqual(st.roster.members.map((x) => x.present), [true, true, true, true, false, false]);
  assert.equal(st.roster.guests[0].present, true);
  // Who entered what: each phone its own ATTEND, the recorder the other two.
  assert.deepEqual(sqlRows(server, `SELECT actor_id, command FROM meeting_log WHERE meeting_id = ${mid} AND command LIKE '%ATTEND%' ORDER BY seq`), [
    [String(id.director), `{"cmd":"ATTEND","actor":"${p('director')}"}`],
    [String(id.leader), `{"cmd":"ATTEND","actor":"${p('leader')}"}`],
    [String(id.resident), `{"cmd":"ATTEND","actor":"${p('resident')}"}`],
    [String(id.worker), `{"cmd":"ATTEND","actor":"${p('worker')}"}`],
    [String(id.recorder), `{"cmd":"ATTEND","actor":"p${PLAIN.a.id}"}`],
    [String(id.recorder), `{"cmd":"ATTEND","actor":"${guest.eid}"}`],
  ]);
});

test('item I1: the chair opens it, a resident moves from the phone, speeches, a roll call; topic 1 resolved', async () => {
  // The scheduled meeting's page links to the chair's console.
  const mp = await ph.chair.get(`/meetings/${mid}`);
  assert.ok(mp.text.includes(`href="/meetings/${mid}/chair"`));
  let console = await ph.chair.get(`/meetings/${mid}/chair`);
  assert.equal(console.status, 200);
  await act('chair', { cmd: 'CALL_TO_ORDER' }, 'chair');
  await act('chair', { cmd: 'OPEN_ITEM', item: 'I1' }, 'chair');
  // The room says what is being discussed: the item's key and its title.
  for (const [who, view] of [['resident', 'room'], ['chair', 'chair'], ['worker', 'screen']]) {
    const v = await ph[who].get(`/meetings/${mid}/${view}`);
    assert.ok(v.text.includes('议程项 I1 小区充电桩建设（议事）'), `${view} names the item`);
  }
  // A member may not open an item: only the chair.
  await act('leader', { cmd: 'OPEN_ITEM', item: 'I2' }, 'room', 409);
  await act('resident', { cmd: 'MOVE', type: 'MAIN', text: '在中心绿地北侧建设十个充电桩，费用由自治金承担' });
  await act('leader', { cmd: 'SECOND' });
  await act('chair', { cmd: 'STATE_QUESTION' }, 'chair');
  await act('resident', { cmd: 'REQUEST_FLOOR', stance: 'PRO' });
  await act('director', { cmd: 'REQUEST_FLOOR', stance: 'CON' });
  console = await ph.chair.get(`/meetings/${mid}/chair`);
  assert.match(console.text, new RegExp(`下一位：<strong>${DEMO.resident.name}</strong>`));
  await act('chair', { cmd: 'RECOGNIZE', member: p('resident') }, 'chair');
  await act('resident', { cmd: 'START_SPEECH' });
  await sleep(2200); // the server's clock: the next command is preceded by a TICK of the time passed
  await act('resident', { cmd: 'END_SPEECH' });
  const ticks = sqlRows(server, `SELECT actor_id, command FROM meeting_log WHERE meeting_id = ${mid} AND command LIKE '%"TICK"%' ORDER BY seq`);
  assert.ok(ticks.length >= 1, 'a TICK was logged');
  const last = ticks[ticks.length - 1];
  assert.equal(last[0], String(id.resident));
  assert.ok(JSON.parse(last[1]).seconds >= 2);
  await act('chair', { cmd: 'RECOGNIZE', member: p('director') }, 'chair');
  await act('director', { cmd: 'START_SPEECH' });
  // The server restarts while the director speaks: the meeting resumes exactly.
  const was = await state();
  await restart();
  const now2 = await state();
  for (const k of ['state', 'log_length', 'head_hash', 'presence', 'roster']) assert.deepEqual(now2[k], was[k], k);
  assert.equal(now2.state.floor, p('director'));
  await act('director', { cmd: 'END_SPEECH' });
  // A roll call: members vote from their phones; the observer's vote is refused.
  await act('chair', { cmd: 'PUT_QUESTION', method: 'ROLL_CALL' }, 'chair');
  await act('resident', { cmd: 'CAST', choice: 'YES' });
  await act('leader', { cmd: 'CAST', choice: 'YES' });
  await act('director', { cmd: 'CAST', choice: 'NO' });
  const obs = await c.worker.api('POST', `/api/v1/meetings/${mid}/commands`, { cmd: 'CAST', actor: p('worker'), choice: 'YES' });
  assert.equal(obs.status, 409, obs.text);
  assert.equal(obs.json.error.code, 'E_NOT_ELIGIBLE');
  assert.equal(obs.json.error.message, '非本议事范围成员或无表决权');
  const obsPage = await act('worker', { cmd: 'CAST', choice: 'YES' }, 'room', 409);
  assert.match(obsPage.text, /E_NOT_ELIGIBLE/);
  // The member without a phone answers aloud; the recorder writes it down from the console,
  // which lists the present members who have not voted. Not for an observer; not twice.
  const rc = await ph.recorder.get(`/meetings/${mid}/chair`);
  assert.ok(rc.text.includes('记名表决：代为登记口头表态'));
  assert.ok(rc.text.includes(`name="actor" value="p${PLAIN.a.id}"><button type="submit" name="choice" value="YES">`));
  assert.ok(!rc.text.includes(`name="cmd" value="CAST"><input type="hidden" name="actor" value="${p('resident')}">`));
  let proxy = await c.recorder.api('POST', `/api/v1/meetings/${mid}/commands`, { cmd: 'CAST', actor: p('worker'), choice: 'YES' });
  assert.equal(proxy.status, 403, proxy.text);
  proxy = await c.recorder.api('POST', `/api/v1/meetings/${mid}/commands`, { cmd: 'CAST', actor: p('resident'), choice: 'NO' });
  assert.equal(proxy.status, 409, proxy.text);
  assert.equal(proxy.json.error.code, 'E_ALREADY_VOTED');
  await act('recorder', { cmd: 'CAST', actor: `p${PLAIN.a.id}`, choice: 'YES' }, 'chair');
  const cast = sqlRows(server, `SELECT actor_id, command FROM meeting_log WHERE meeting_id = ${mid} ORDER BY seq DESC LIMIT 1`)[0];
  assert.deepEqual([cast[0], JSON.parse(cast[1])], [String(id.recorder), { cmd: 'CAST', actor: `p${PLAIN.a.id}`, choice: 'YES' }]);
  assert.equal(sql(`SELECT count(*) FROM resolution WHERE topic_id = ${topic1}`), '0');
  await act('chair', { cmd: 'CLOSE_VOTE' }, 'chair');
  // The projector shows the result.
  const screen = await ph.worker.get(`/meetings/${mid}/screen`);
  assert.match(screen.text, /赞成 3 · 反对 1 · 弃权 0/);
  assert.match(screen.text, /通过/);
  assert.deepEqual(sqlRows(server, `SELECT source, text, votes_for, votes_against, votes_abstain, responsible, funding, created_by FROM resolution WHERE topic_id = ${topic1}`),
    [['meeting', '在中心绿地北侧建设十个充电桩，费用由自治金承担', '3', '1', '0', '议事厅（待指定）', 'self_gov_fund', String(id.chair)]]);
  assert.equal(sql(`SELECT status FROM topic WHERE id = ${topic1}`), 'resolved');
  assert.equal(sql(`SELECT count(*) FROM feed_item WHERE kind = 'meeting_resolved' AND topic_id = ${topic1} AND ref_id = ${mid}`), '1');
  const t = await c.resident.api('GET', `/api/v1/topics/${topic1}`);
  assert.equal(t.json.status, 'resolved');
});

test('item I2: a show of hands entered as counts by the recorder rejects the motion; topic 2 untouched', async () => {
  await act('chair', { cmd: 'OPEN_ITEM', item: 'I2' }, 'chair');
  await act('leader', { cmd: 'MOVE', type: 'MAIN', text: '中心绿地南侧改为二十个停车位' });
  await act('resident', { cmd: 'SECOND' });
  await act('chair', { cmd: 'STATE_QUESTION' }, 'chair');
  await act('chair', { cmd: 'PUT_QUESTION', method: 'HANDS' }, 'chair');
  // Counts: only the recorder or staff, in the chair's name; a member may not.
  const own = await act('resident', { cmd: 'CLOSE_VOTE', yes: '1', no: '3', abstain: '0' }, 'room', 409);
  assert.match(own.text, /E_NOT_ELIGIBLE/);
  const forChair = await c.resident.api('POST', `/api/v1/meetings/${mid}/commands`,
    { cmd: 'CLOSE_VOTE', actor: p('chair'), counts: { yes: 1, no: 3, abstain: 0 } });
  assert.equal(forChair.status, 403, forChair.text);
  // The recorder's console has the counts form in the chair's name.
  const rc = await ph.recorder.get(`/meetings/${mid}/chair`);
  assert.match(rc.text, new RegExp(`room-counts[^]*?name="actor" value="${p('chair')}"`));
  await act('recorder', { cmd: 'CLOSE_VOTE', actor: p('chair'), yes: '1', no: '3', abstain: '0' }, 'chair');
  const last = sqlRows(server, `SELECT actor_id, command FROM meeting_log WHERE meeting_id = ${mid} ORDER BY seq DESC LIMIT 1`)[0];
  assert.equal(last[0], String(id.recorder));
  assert.deepEqual(JSON.parse(last[1]), { cmd: 'CLOSE_VOTE', actor: p('chair'), counts: { yes: 1, no: 3, abstain: 0 } });
  const st = await state();
  assert.equal(st.state.motions.m2.state, 'REJECTED');
});

test('a member leaves: quorum lost; the member without a phone comes back: restored', async () => {
  // The leader leaves, signed out at the recorder's roster: the first command after the show of
  // hands (which is final now).
  const out = await ph.recorder.get(`/meetings/${mid}/roster`);
  assert.equal((await ph.recorder.postForm(`/meetings/${mid}/roster`, { csrf: csrfFrom(out.text), actor: p('leader'), action: 'leave' })).status, 303);
  let st = await state();
  assert.equal(st.state.meeting, 'NO_QUORUM');
  assert.deepEqual(st.presence, { present: 3, quorum: 4 });
  assert.equal(sql(`SELECT count(*) FROM resolution WHERE topic_id = ${topic2}`), '0');
  assert.equal(sql(`SELECT status FROM topic WHERE id = ${topic2}`), 'accepted');
  // Business that needs quorum is refused with the rule's code.
  const refused = await c.director.api('POST', `/api/v1/meetings/${mid}/commands`, { cmd: 'MOVE', actor: p('director'), type: 'MAIN', text: '再议一件事' });
  assert.equal(refused.status, 409);
  assert.equal(refused.json.error.code, 'E_NO_QUORUM');
  // Another member arrives and is checked in by the recorder.
  const roster = await ph.recorder.get(`/meetings/${mid}/roster`);
  assert.ok(roster.text.includes('已到 3 人，法定人数 4 人'));
  const r = await ph.recorder.postForm(`/meetings/${mid}/roster`, { csrf: csrfFrom(roster.text), actor: `p${PLAIN.b.id}`, action: 'attend' });
  assert.equal(r.status, 303);
  st = await state();
  assert.equal(st.state.meeting, 'IN_SESSION');
  assert.deepEqual(st.presence, { present: 4, quorum: 4 });
});

test('adjourn: a member moves, another seconds, the hands counted by the recorder', async () => {
  await act('director', { cmd: 'MOVE', type: 'ADJOURN' });
  await act('resident', { cmd: 'SECOND' });
  await act('chair', { cmd: 'STATE_QUESTION' }, 'chair');
  await act('chair', { cmd: 'PUT_QUESTION', method: 'HANDS' }, 'chair');
  await act('recorder', { cmd: 'CLOSE_VOTE', actor: p('chair'), yes: '4', no: '0', abstain: '0' }, 'chair');
  const st = await state();
  assert.equal(st.state.meeting, 'ADJOURNED');
  assert.equal(sql(`SELECT count(*) FROM feed_item WHERE kind = 'meeting_adjourned' AND ref_id = ${mid} AND hall_node_id = ${n.dezhou5}`), '1');
  assert.deepEqual(lastCmd(), { cmd: 'CLOSE_VOTE', actor: p('chair'), counts: { yes: 4, no: 0, abstain: 0 } });
  // The meeting is over: the absent member cannot be signed in afterwards, nor anyone out, and
  // the clock stops; the log (and so the minutes) stays as it was at the adjournment.
  const length = st.log_length;
  const closed = await ph.recorder.get(`/meetings/${mid}/chair`);
  for (const cmd of ['ATTEND', 'LEAVE', 'TICK']) assert.ok(!closed.text.includes(`name="cmd" value="${cmd}"`), `the console offers ${cmd}`);
  await sleep(1100);
  const roster = await ph.recorder.get(`/meetings/${mid}/roster`);
  const late = await ph.recorder.postForm(`/meetings/${mid}/roster`, { csrf: csrfFrom(roster.text), actor: `p${PLAIN.c.id}`, action: 'attend' });
  assert.equal(late.status, 409, late.text.slice(0, 500));
  const gone = await ph.recorder.postForm(`/meetings/${mid}/roster`, { csrf: csrfFrom(roster.text), actor: p('director'), action: 'leave' });
  assert.equal(gone.status, 409);
  const tick = await c.chair.api('POST', `/api/v1/meetings/${mid}/commands`, { cmd: 'TICK', seconds: 1 });
  assert.equal(tick.status, 409, tick.text);
  assert.equal(tick.json.error.code, 'E_OUT_OF_ORDER');
  const token = sql(`SELECT checkin_token FROM meeting WHERE id = ${mid}`);
  const door = await ph.resident.get(`/meetings/${mid}/checkin?t=${token}`);
  assert.equal((await ph.resident.postForm(`/meetings/${mid}/checkin`, { csrf: csrfFrom(door.text), t: token })).status, 200); // already in: told so
  assert.equal((await state()).log_length, length);
});

test('the minutes: JSON, page and PDF say all of it by name', async () => {
  const r = await c.resident.api('GET', `/api/v1/meetings/${mid}/minutes`);
  assert.equal(r.status, 200, r.text);
  const m = r.json;
  const st = await state();
  const guest = st.roster.guests[0];
  assert.equal(m.head_hash, st.head_hash);
  assert.equal(m.entries, st.log_length);
  assert.equal(m.meeting, 'ADJOURNED');
  assert.equal(m.info.title, '德州五村第四季度居民议事会');
  assert.equal(m.info.place, '居委会二楼会议室');
  assert.equal(m.info.kind, 'council');
  assert.equal(m.chair, p('chair'));
  assert.deepEqual(m.recorder, { id: id.recorder, name: DEMO.recorder.name });
  for (const who of ['chair', 'director', 'leader', 'resident', 'worker']) assert.equal(m.names[p(who)], DEMO[who].name, who);
  assert.equal(m.names[`p${PLAIN.a.id}`], PLAIN.a.name);
  assert.equal(m.names[guest.eid], '物业王经理（物业）');
  assert.deepEqual(m.absent, [`p${PLAIN.c.id}`]);
  const att = (eid) => m.attendance.find((a) => a.id === eid);
  assert.equal(att(p('leader')).intervals.length, 1);
  assert.equal(typeof att(p('leader')).intervals[0].out, 'number');
  assert.equal(att(p('worker')).role, 'observer');
  assert.equal(att(guest.eid).role, 'observer');
  assert.equal(att(`p${PLAIN.b.id}`).intervals.length, 1);
  assert.deepEqual(m.items.map((i) => [i.id, i.state, i.topic_id]), [['I1', 'DECIDED', topic1], ['I2', 'DECIDED', topic2]]);
  assert.deepEqual(m.motions.map((x) => [x.id, x.type, x.mover, x.seconders, x.state, x.item]), [
    ['m1', 'MAIN', p('resident'), [p('leader')], 'ADOPTED', 'I1'],
    ['m2', 'MAIN', p('leader'), [p('resident')], 'REJECTED', 'I2'],
    ['m3', 'ADJOURN', p('director'), [p('resident')], 'ADOPTED', 'I2'],
  ]);
  assert.deepEqual(m.speeches.map((s) => [s.person, s.stance, s.motion, s.end]),
    [[p('resident'), 'PRO', 'm1', 'ended'], [p('director'), 'CON', 'm1', 'ended']]);
  assert.ok(m.speeches[0].seconds >= 2 && m.speeches[0].seconds <= 10, `speech ${m.speeches[0].seconds} s`);
  assert.deepEqual(m.votes.map((v) => [v.motion, v.method, v.yes, v.no, v.abstain, v.present, v.threshold, v.adopted]), [
    ['m1', 'ROLL_CALL', 3, 1, 0, 4, 'MAJORITY', true],
    ['m2', 'HANDS', 1, 3, 0, 4, 'MAJORITY', false],
    ['m3', 'HANDS', 4, 0, 0, 4, 'MAJORITY', true],
  ]);
  // The roll call by name, in the roster's order; a show of hands names no one.
  assert.deepEqual(m.votes[0].roll, [
    { id: p('director'), choice: 'NO' }, { id: p('leader'), choice: 'YES' },
    { id: p('resident'), choice: 'YES' }, { id: `p${PLAIN.a.id}`, choice: 'YES', entered_by: `p${id.recorder}` }]);
  assert.equal(m.votes[1].roll, undefined);
  // The hands the recorder counted say who entered them; the roll call's own answers do not.
  assert.deepEqual(m.votes.map((v) => v.entered_by), [undefined, `p${id.recorder}`, `p${id.recorder}`]);
  assert.equal(m.resolutions.length, 1);
  assert.equal(m.resolutions[0].topic_id, topic1);
  assert.equal(Number(m.resolutions[0].resolution_id), Number(sql(`SELECT id FROM resolution WHERE topic_id = ${topic1}`)));
  const names = [DEMO.chair.name, DEMO.recorder.name, DEMO.resident.name, DEMO.leader.name, DEMO.director.name,
    DEMO.worker.name, PLAIN.a.name, PLAIN.c.name, '物业王经理', '赞成 3，反对 1，弃权 0',
    `记名表决各成员表态：${DEMO.director.name} 反对、${DEMO.leader.name} 赞成、${DEMO.resident.name} 赞成、${PLAIN.a.name} 赞成（由${DEMO.recorder.name}代为登记）`, '赞成 1，反对 3，弃权 0'];
  const page = await c.resident.get(`/meetings/${mid}/minutes`);
  assert.equal(page.status, 200);
  for (const s of [...names, '德州五村第四季度居民议事会', st.head_hash, `href="/topics/${topic1}"`]) {
    assert.ok(page.text.includes(s), `page lacks ${s}`);
  }
  assert.doesNotMatch(page.text, />p\d+</, 'no engine ids on the page');
  const pdf = await c.resident.get(`/meetings/${mid}/minutes.pdf`);
  assert.equal(pdf.status, 200);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'story-'));
  fs.writeFileSync(path.join(dir, 'm.pdf'), pdf.body);
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path.join(dir, 'm.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  fs.rmSync(dir, { recursive: true, force: true });
  if (process.env.STORY_KEEP) { // to look at them: STORY_KEEP=/tmp/x node --test …
    fs.writeFileSync(`${process.env.STORY_KEEP}.html`, page.text);
    fs.writeFileSync(`${process.env.STORY_KEEP}.pdf`, pdf.body);
    fs.writeFileSync(`${process.env.STORY_KEEP}.json`, JSON.stringify(m, null, 1));
    fs.writeFileSync(`${process.env.STORY_KEEP}.ics`, (await c.resident.get(`/meetings/${mid}.ics`)).text);
    fs.writeFileSync(`${process.env.STORY_KEEP}.chair.html`, (await ph.chair.get(`/meetings/${mid}/chair`)).text);
    fs.writeFileSync(`${process.env.STORY_KEEP}.meeting.html`, (await ph.chair.get(`/meetings/${mid}`)).text);
  }
  for (const s of [...names, '会议纪要', st.head_hash]) assert.ok(text.includes(s.replace(/\s+/g, '')), `PDF lacks ${s}`);
  assert.doesNotMatch(text, /(^|[^0-9a-f])p\d+(?![0-9a-f])/, 'no engine ids in the PDF');
});

test('the feed has the resolution and the adjournment; the chain is whole; the notice follows', async () => {
  const f = await c.resident.api('GET', '/api/v1/feed?limit=50');
  const kinds = f.json.items.filter((i) => i.ref_id === mid).map((i) => [i.kind, i.topic_id]);
  assert.ok(kinds.some(([k, t]) => k === 'meeting_resolved' && t === topic1), JSON.stringify(kinds));
  assert.ok(kinds.some(([k]) => k === 'meeting_adjourned'), JSON.stringify(kinds));
  assert.ok(!kinds.some(([k, t]) => k === 'meeting_resolved' && t === topic2));
  const v = spawnSync(BIN, ['meeting', 'verify', String(mid), ...server.dbArgs], { encoding: 'utf8' });
  assert.equal(v.status, 0, v.stdout + v.stderr);
  // The hall's normal flow: the resolution's public notice.
  const notice = await c.worker.api('POST', `/api/v1/topics/${topic1}/notice`, { days: 7 });
  assert.equal(notice.status, 201, notice.text);
  assert.equal((await c.resident.api('GET', `/api/v1/topics/${topic1}`)).json.status, 'in_notice');
});

test('a member\'s own command makes a show of hands final: the resolution is recorded with the chair role', async () => {
  const topic3 = await acceptedTopic('东门加装雨棚（议事）', 0);
  const starts = now() + 600;
  const r = await c.director.api('POST', `/api/v1/halls/${n.dezhou5}/meetings`, {
    title: '东门雨棚协调会', kind: 'coordination', starts_at: starts, ends_at: starts + 3600,
    place: '东门门卫室', items: [{ topic_id: topic3 }],
    members: [id.director, id.leader, id.resident], chair: id.chair, recorder: id.recorder,
  });
  assert.equal(r.status, 201, r.text);
  mid = r.json.id;
  const token = sql(`SELECT checkin_token FROM meeting WHERE id = ${mid}`);
  for (const who of ['leader', 'resident']) {
    const page = await ph[who].get(`/meetings/${mid}/checkin?t=${token}`);
    assert.equal((await ph[who].postForm(`/meetings/${mid}/checkin`, { csrf: csrfFrom(page.text), t: token })).status, 200);
  }
  await act('chair', { cmd: 'CALL_TO_ORDER' }, 'chair');
  await act('chair', { cmd: 'OPEN_ITEM', item: 'I1' }, 'chair');
  await act('resident', { cmd: 'MOVE', type: 'MAIN', text: '东门加装透明雨棚' });
  await act('leader', { cmd: 'SECOND' });
  await act('chair', { cmd: 'STATE_QUESTION' }, 'chair');
  await act('chair', { cmd: 'PUT_QUESTION', method: 'HANDS' }, 'chair');
  await act('recorder', { cmd: 'CLOSE_VOTE', actor: p('chair'), yes: '2', no: '0', abstain: '0' }, 'chair');
  // It may still be divided: nothing yet.
  assert.equal(sql(`SELECT count(*) FROM resolution WHERE topic_id = ${topic3}`), '0');
  await sleep(1200); // so the server logs a TICK before the member's next command
  await act('resident', { cmd: 'MOVE', type: 'ADJOURN' }); // the resident moves to adjourn
  const log = sqlRows(server, `SELECT actor_id, command FROM meeting_log WHERE meeting_id = ${mid} ORDER BY seq DESC LIMIT 3`).reverse();
  assert.equal(JSON.parse(log[0][1]).cmd, 'CLOSE_VOTE');
  assert.deepEqual([log[1][0], JSON.parse(log[1][1]).cmd], [String(id.resident), 'TICK']);
  assert.deepEqual([log[2][0], JSON.parse(log[2][1])], [String(id.resident), { cmd: 'MOVE', actor: p('resident'), type: 'ADJOURN' }]);
  // The resident holds no role on the hall; the resolution is the meeting's, in the resident's name.
  assert.deepEqual(sqlRows(server, `SELECT source, text, votes_for, votes_against, votes_abstain, created_by FROM resolution WHERE topic_id = ${topic3}`),
    [['meeting', '东门加装透明雨棚', '2', '0', '0', String(id.resident)]]);
  assert.equal(sql(`SELECT status FROM topic WHERE id = ${topic3}`), 'resolved');
  assert.equal(sql(`SELECT to_status FROM topic_event WHERE topic_id = ${topic3} ORDER BY id DESC LIMIT 2`), 'resolved\ndeliberating');
  assert.equal(sql(`SELECT count(*) FROM feed_item WHERE kind = 'meeting_resolved' AND topic_id = ${topic3} AND ref_id = ${mid}`), '1');
  const m = (await c.resident.api('GET', `/api/v1/meetings/${mid}/minutes`)).json;
  assert.equal(m.resolutions.length, 1);
  assert.equal(Number(m.resolutions[0].resolution_id), Number(sql(`SELECT id FROM resolution WHERE topic_id = ${topic3}`)));
  // A second tick and command records nothing more.
  await sleep(1100);
  await act('leader', { cmd: 'SECOND' });
  assert.equal(sql(`SELECT count(*) FROM resolution WHERE topic_id = ${topic3}`), '1');
});

test('a cancelled meeting does not meet: no sign-in, no call to order, nothing logged', async () => {
  const starts = now() + 600;
  const r = await c.worker.api('POST', `/api/v1/halls/${n.dezhou5}/meetings`, {
    title: '取消的议事会', starts_at: starts, ends_at: starts + 3600, place: '居委会', items: [],
    members: [id.director, id.leader, id.resident], chair: id.chair, recorder: id.recorder,
  });
  assert.equal(r.status, 201, r.text);
  mid = r.json.id;
  const token = sql(`SELECT checkin_token FROM meeting WHERE id = ${mid}`);
  for (const who of ['leader', 'resident']) {
    const page = await ph[who].get(`/meetings/${mid}/checkin?t=${token}`);
    assert.equal((await ph[who].postForm(`/meetings/${mid}/checkin`, { csrf: csrfFrom(page.text), t: token })).status, 200);
  }
  const x = await c.worker.api('POST', `/api/v1/meetings/${mid}/cancel`, { reason: '台风预警，改期。' });
  assert.equal(x.status, 200, x.text);
  const page = await act('chair', { cmd: 'CALL_TO_ORDER' }, 'chair', 409);
  assert.ok(page.text.includes('这次会议已取消。'));
  for (const [who, body] of [['director', { cmd: 'ATTEND', actor: p('director') }],
    ['chair', { cmd: 'CALL_TO_ORDER', actor: p('chair') }], ['recorder', { cmd: 'LEAVE', actor: p('leader') }]]) {
    const res = await c[who].api('POST', `/api/v1/meetings/${mid}/commands`, body);
    assert.equal(res.status, 409, `${who}: ${res.text}`);
    assert.deepEqual(res.json.error, { code: 'meeting_cancelled', message: '这次会议已取消。' });
  }
  assert.equal((await c.resident.api('POST', `/api/v1/meetings/${mid}/commands`, { cmd: 'QUERY' })).status, 200);
  assert.equal((await state()).log_length, 2);
});
