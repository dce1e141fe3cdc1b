// The minutes of a meeting (issue 5, deliverable 7): a meeting of 德州五村's hall is driven
// through the API with members "p<id>" of demo persons and an invited guest "g<id>"; two agenda
// items are linked to topics (meeting_item rows written directly until the schedule part adds
// its API). The adopted main motion becomes its topic's resolution (source meeting, the vote's
// counts) once the show of hands can no longer be divided, the rejected one does not; the
// minutes JSON, page and PDF (pdftotext) say who came, who spoke, how each vote went; who may
// read them. Runs on SQLite and, with MULIN_PG_BASE, on PostgreSQL.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO, demoNodes, loggedIn, sql as sqlRows, useServer } from './lib.mjs';

const server = useServer();
const c = {};
let n;
const sql = (q) => sqlRows(server, q).map((row) => row.join('|')).join('\n');
const pid = {};

before(async () => {
  await server.ready;
  for (const who of ['admin', 'worker', 'worker2', 'leader', 'director', 'chair', 'recorder', 'resident', 'resident2']) {
    c[who] = await loggedIn(server, who);
  }
  n = await demoNodes(c.admin);
  for (const who of Object.keys(DEMO)) {
    pid[who] = Number(sql(`SELECT id FROM person WHERE phone = '${DEMO[who].phone}'`));
    assert.ok(pid[who] > 0, who);
  }
});

/** A new topic of 德州五村's hall moved to `to` (accepted or deliberating). */
async function topic(title, to) {
  const res = await c.resident.api('POST', '/api/v1/topics', {
    title, description: '居民提出的事项。', category: 'facilities', node_id: n.dezhou5,
  });
  assert.equal(res.status, 201, res.text);
  const steps = [['resident', 'pending_review'], ['director', 'accepted']];
  if (to === 'deliberating') steps.push(['director', 'deliberating']);
  for (const [who, s] of steps) {
    const t = await c[who].api('POST', `/api/v1/topics/${res.json.id}/transitions`, { to: s });
    assert.equal(t.status, 200, `${s}: ${t.text}`);
  }
  return res.json.id;
}

const GUEST = 9001;

test('a meeting: minutes, resolutions from its votes, the page and the PDF, who may read', async () => {
  const topicA = await topic('一号楼加装电梯', 'accepted');
  const topicB = await topic('拆除东门花坛', 'deliberating');
  const p = (who) => `p${pid[who]}`;
  const [A, B, C, D, E] = [p('leader'), p('director'), p('resident'), p('worker'), p('resident2')];
  const X = p('chair');
  const setup = {
    level: 'ESTATE', members: [A, B, C, D, E], chair: X, observers: [`g${GUEST}`],
  };
  let r = await c.chair.api('POST', `/api/v1/halls/${n.dezhou5}/meetings`, { title: '德州五村居民议事会', setup });
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  sql(`INSERT INTO meeting_guest(id, meeting_id, org, name) VALUES (${GUEST}, ${id}, 'property', '物业王经理')`);
  sql(`INSERT INTO meeting_item(meeting_id, item_key, pos, topic_id, title) VALUES (${id}, 'I1', 1, ${topicA}, '加装电梯')`);
  sql(`INSERT INTO meeting_item(meeting_id, item_key, pos, topic_id, title) VALUES (${id}, 'I2', 2, ${topicB}, '花坛')`);
  sql(`UPDATE meeting SET recorder_id = ${pid.recorder}, place = '居委会议室', kind = 'council' WHERE id = ${id}`);

  const cmd = async (o) => {
    const res = await c.chair.api('POST', `/api/v1/meetings/${id}/commands`, o);
    assert.equal(res.status, 200, `${JSON.stringify(o)}: ${res.text}`);
    return res.json;
  };
  const resolutions = (t) => sqlRows(server, `SELECT source, text, votes_for, votes_against, votes_abstain FROM resolution WHERE topic_id = ${t}`);
  for (const who of [A, B, C, D, `g${GUEST}`]) await cmd({ cmd: 'ATTEND', actor: who });
  await cmd({ cmd: 'CALL_TO_ORDER', actor: X });
  await cmd({ cmd: 'OPEN_ITEM', actor: X, item: 'I1' });
  await cmd({ cmd: 'MOVE', actor: A, type: 'MAIN', text: '一号楼加装电梯，费用按楼层分摊' });
  await cmd({ cmd: 'SECOND', actor: B });
  await cmd({ cmd: 'STATE_QUESTION', actor: X });
  await cmd({ cmd: 'REQUEST_FLOOR', actor: A, stance: 'PRO' });
  await cmd({ cmd: 'REQUEST_FLOOR', actor: C, stance: 'CON' });
  await cmd({ cmd: 'RECOGNIZE', actor: X, member: A });
  await cmd({ cmd: 'START_SPEECH', actor: A });
  await cmd({ cmd: 'TICK', seconds: 75 });
  await cmd({ cmd: 'END_SPEECH', actor: A });
  await cmd({ cmd: 'RECOGNIZE', actor: X, member: C });
  await cmd({ cmd: 'START_SPEECH', actor: C });
  await cmd({ cmd: 'POINT_OF_ORDER', actor: B });
  await cmd({ cmd: 'RULE', actor: X, sustained: false });
  assert.deepEqual((await cmd({ cmd: 'TICK', seconds: 200 })).events, ['SPEECH_EXPIRED']);
  await cmd({ cmd: 'WARN', actor: X, member: D });
  await cmd({ cmd: 'PUT_QUESTION', actor: X });
  await cmd({ cmd: 'CAST', actor: A, choice: 'YES' });
  await cmd({ cmd: 'CAST', actor: B, choice: 'YES' });
  await cmd({ cmd: 'CAST', actor: C, choice: 'NO' });
  assert.deepEqual((await cmd({ cmd: 'CLOSE_VOTE', actor: X })).events, ['VOTE_RESULT']);
  // A show of hands may still be divided: no resolution yet.
  assert.deepEqual(resolutions(topicA), []);
  assert.equal(sql(`SELECT status FROM topic WHERE id = ${topicA}`), 'accepted');
  await cmd({ cmd: 'LEAVE', actor: D });
  // Now it stands: the topic went 已立项 → 议事中 → 已决议 with the meeting's counts.
  assert.deepEqual(resolutions(topicA), [['meeting', '一号楼加装电梯，费用按楼层分摊', '2', '1', '0']]);
  assert.equal(sql(`SELECT status FROM topic WHERE id = ${topicA}`), 'resolved');
  assert.equal(sql(`SELECT to_status FROM topic_event WHERE topic_id = ${topicA} ORDER BY id DESC LIMIT 2`),
    'resolved\ndeliberating');
  assert.equal(sql(`SELECT count(*) FROM feed_item WHERE kind = 'meeting_resolved' AND topic_id = ${topicA} AND ref_id = ${id}`), '1');

  await cmd({ cmd: 'OPEN_ITEM', actor: X, item: 'I2' });
  await cmd({ cmd: 'MOVE', actor: B, type: 'MAIN', text: '拆除东门花坛改作停车位' });
  await cmd({ cmd: 'SECOND', actor: C });
  await cmd({ cmd: 'STATE_QUESTION', actor: X });
  await cmd({ cmd: 'PUT_QUESTION', actor: X, method: 'ROLL_CALL' });
  await cmd({ cmd: 'CAST', actor: B, choice: 'YES' });
  await cmd({ cmd: 'CAST', actor: C, choice: 'NO' });
  await cmd({ cmd: 'CAST', actor: A, choice: 'ABSTAIN' });
  await cmd({ cmd: 'CLOSE_VOTE', actor: X });
  await cmd({ cmd: 'MOVE', actor: C, type: 'ADJOURN' });
  await cmd({ cmd: 'SECOND', actor: B });
  await cmd({ cmd: 'STATE_QUESTION', actor: X });
  await cmd({ cmd: 'PUT_QUESTION', actor: X });
  await cmd({ cmd: 'CAST', actor: B, choice: 'YES' });
  await cmd({ cmd: 'CAST', actor: C, choice: 'YES' });
  assert.deepEqual((await cmd({ cmd: 'CLOSE_VOTE', actor: X })).events, ['VOTE_RESULT', 'ADJOURNED']);
  // The rejected motion left its topic alone; the adjournment is in the feed.
  assert.deepEqual(resolutions(topicB), []);
  assert.equal(sql(`SELECT status FROM topic WHERE id = ${topicB}`), 'deliberating');
  assert.equal(sql(`SELECT count(*) FROM feed_item WHERE kind = 'meeting_adjourned' AND ref_id = ${id} AND hall_node_id = ${n.dezhou5}`), '1');
  const hallFeed = await c.resident.get(`/halls/${n.dezhou5}`);
  assert.match(hallFeed.text, new RegExp(`href="/meetings/${id}/minutes"`));

  // The minutes JSON.
  r = await c.resident.api('GET', `/api/v1/meetings/${id}/minutes`);
  assert.equal(r.status, 200, r.text);
  const m = r.json;
  const state = (await c.chair.api('GET', `/api/v1/meetings/${id}`)).json;
  assert.equal(m.head_hash, state.head_hash);
  assert.equal(m.entries, state.log_length);
  assert.equal(m.meeting, 'ADJOURNED');
  assert.equal(m.info.title, '德州五村居民议事会');
  assert.equal(m.info.place, '居委会议室');
  assert.equal(m.info.kind, 'council');
  assert.deepEqual(m.recorder, { id: pid.recorder, name: DEMO.recorder.name });
  assert.equal(m.chair, X);
  assert.equal(m.names[X], DEMO.chair.name);
  assert.equal(m.names[C], DEMO.resident.name);
  assert.equal(m.names[`g${GUEST}`], '物业王经理（物业）');
  assert.deepEqual(m.absent, [E]);
  const attD = m.attendance.find((a) => a.id === D);
  assert.equal(attD.intervals.length, 1);
  assert.equal(typeof attD.intervals[0].out, 'number');
  assert.equal(m.attendance.find((a) => a.id === `g${GUEST}`).role, 'observer');
  assert.deepEqual(m.items.map((i) => [i.id, i.state, i.topic_id, i.title]),
    [['I1', 'DECIDED', topicA, '加装电梯'], ['I2', 'DECIDED', topicB, '花坛']]);
  assert.deepEqual(m.motions.map((x) => [x.id, x.type, x.mover, x.seconders, x.state, x.item]), [
    ['m1', 'MAIN', A, [B], 'ADOPTED', 'I1'],
    ['m2', 'MAIN', B, [C], 'REJECTED', 'I2'],
    ['m3', 'ADJOURN', C, [B], 'ADOPTED', 'I2'],
  ]);
  assert.deepEqual(m.speeches.map((s) => [s.person, s.stance, s.motion, s.seconds, s.end]),
    [[A, 'PRO', 'm1', 75, 'ended'], [C, 'CON', 'm1', 180, 'expired']]);
  assert.equal(m.points_of_order.length, 1);
  assert.equal(m.points_of_order[0].by, B);
  assert.equal(m.points_of_order[0].ruling.sustained, false);
  assert.deepEqual(m.warnings.map((w) => [w.member, w.count]), [[D, 1]]);
  assert.deepEqual(m.votes.map((v) => [v.motion, v.method, v.yes, v.no, v.abstain, v.present, v.threshold, v.adopted]), [
    ['m1', 'HANDS', 2, 1, 0, 4, 'MAJORITY', true],
    ['m2', 'ROLL_CALL', 1, 1, 1, 3, 'MAJORITY', false],
    ['m3', 'HANDS', 2, 0, 0, 3, 'MAJORITY', true],
  ]);
  assert.equal(m.resolutions.length, 1);
  assert.equal(m.resolutions[0].topic_id, topicA);
  assert.equal(Number(m.resolutions[0].resolution_id),
    Number(sql(`SELECT id FROM resolution WHERE topic_id = ${topicA}`)));

  // The page.
  r = await c.resident.get(`/meetings/${id}/minutes`);
  assert.equal(r.status, 200);
  for (const s of ['会议纪要', '德州五村居民议事会', DEMO.chair.name, DEMO.recorder.name, DEMO.resident.name,
    '物业王经理', '赞成 2，反对 1，弃权 0', '缺席成员（1 人）', DEMO.resident2.name, state.head_hash,
    `href="/topics/${topicA}"`, `/meetings/${id}/minutes.pdf`, '已记为关联议题的决议', `href="/halls/${n.dezhou5}"`]) {
    assert.ok(r.text.includes(s), `page lacks ${s}`);
  }
  // Printed from the browser: the back link and the PDF button stay off the paper.
  assert.match(r.text, new RegExp(`<p class="noprint"><a href="/halls/${n.dezhou5}">`));
  assert.match(r.text, new RegExp(`<p class="noprint"><a class="button" href="/meetings/${id}/minutes.pdf">`));
  const css = await (await fetch(`${server.base}/static/app.css`)).text();
  assert.match(css, /@media print \{[^}]*\.noprint \{ display: none; \}/);
  assert.match(css, /@media print \{[^]*\.minutes \.cell \{ break-inside: avoid/);
  const en = await loggedIn(server, 'resident', { lang: 'en' });
  r = await en.get(`/meetings/${id}/minutes`);
  assert.match(r.text, /2 for, 1 against, 0 abstaining/);
  assert.match(r.text, /m1 main: “一号楼加装电梯/);
  assert.match(r.text, /Members absent \(1\)/);

  // The PDF: pdftotext finds the Chinese title, a speaker, a vote's counts and the head hash.
  r = await c.resident.get(`/meetings/${id}/minutes.pdf`);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/pdf');
  assert.equal(r.body.subarray(0, 5).toString(), '%PDF-');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minutes-'));
  fs.writeFileSync(path.join(dir, 'm.pdf'), r.body);
  if (process.env.MINUTES_KEEP) { // to look at them: MINUTES_KEEP=/tmp/x node --test …
    fs.writeFileSync(`${process.env.MINUTES_KEEP}.pdf`, r.body);
    fs.writeFileSync(`${process.env.MINUTES_KEEP}.html`, (await c.resident.get(`/meetings/${id}/minutes`)).text);
  }
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path.join(dir, 'm.pdf'), '-'], { encoding: 'utf8' })
    .replace(/[ \t]+/g, ' ');
  fs.rmSync(dir, { recursive: true, force: true });
  const flat = text.replace(/\s+/g, '');
  for (const s of ['会议纪要', DEMO.resident.name, '赞成2，反对1，弃权0', '主持人签字', '记录人签字', '第1页']) {
    assert.ok(flat.includes(s), `PDF lacks ${s}:\n${text}`);
  }
  assert.ok(flat.includes(state.head_hash.slice(0, 16)), 'PDF lacks the head hash');
  // Every page is numbered "第 k 页 共 n 页", up to the last.
  const pages = Number(flat.match(/第1页共(\d+)页/)[1]);
  assert.ok(pages >= 1);
  assert.ok(flat.includes(`第${pages}页共${pages}页`));

  // The hall's flow goes on: the resolution can be posted for notice.
  const post = await c.worker.api('POST', `/api/v1/topics/${topicA}/notice`, {});
  assert.equal(post.status, 201, post.text);

  // Who may read: staff and residents of the hall; not someone of another area.
  for (const who of ['chair', 'director', 'worker', 'admin', 'recorder', 'leader']) {
    assert.equal((await c[who].api('GET', `/api/v1/meetings/${id}/minutes`)).status, 200, who);
  }
  // resident2 lives elsewhere but is on this meeting's roster (member E): the minutes are theirs too.
  assert.equal((await c.resident2.api('GET', `/api/v1/meetings/${id}/minutes`)).status, 200);
  for (const who of ['worker2']) {
    const res = await c[who].api('GET', `/api/v1/meetings/${id}/minutes`);
    assert.equal(res.status, 403, who);
    assert.equal(res.json.error.code, 'forbidden');
    assert.equal((await c[who].get(`/meetings/${id}/minutes`)).status, 403);
    assert.equal((await c[who].get(`/meetings/${id}/minutes.pdf`)).status, 403);
  }
  // The meeting's recorder reads them wherever they live.
  sql(`UPDATE meeting SET recorder_id = ${pid.worker2} WHERE id = ${id}`);
  assert.equal((await c.worker2.api('GET', `/api/v1/meetings/${id}/minutes`)).status, 200);
  assert.equal((await c.worker2.get(`/meetings/${id}/minutes`)).status, 200);
  sql(`UPDATE meeting SET recorder_id = ${pid.recorder} WHERE id = ${id}`);
  assert.equal((await c.worker2.api('GET', `/api/v1/meetings/${id}/minutes`)).status, 403);
  assert.equal((await c.chair.api('GET', '/api/v1/meetings/999999/minutes')).status, 404);
  const anon = await fetch(`${server.base}/api/v1/meetings/${id}/minutes`);
  assert.equal(anon.status, 401);
});

test('a meeting without linked topics keeps its minutes only; an empty log has minutes too', async () => {
  const p = (who) => `p${pid[who]}`;
  const setup = { level: 'ESTATE', members: [p('leader'), p('director'), p('resident')], chair: p('chair') };
  const r = await c.chair.api('POST', `/api/v1/halls/${n.dezhou5}/meetings`, { title: '临时会议', setup });
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  let m = (await c.chair.api('GET', `/api/v1/meetings/${id}/minutes`)).json;
  assert.equal(m.entries, 0);
  assert.deepEqual(m.absent, [p('leader'), p('director'), p('resident')]);
  assert.equal(m.recorder, null);
  const before = sql('SELECT count(*) FROM resolution');
  const cmds = [
    { cmd: 'ATTEND', actor: p('leader') }, { cmd: 'ATTEND', actor: p('director') },
    { cmd: 'CALL_TO_ORDER', actor: p('chair') }, { cmd: 'OPEN_ITEM', actor: p('chair'), item: 'X1' },
    { cmd: 'MOVE', actor: p('leader'), type: 'MAIN', text: '周末组织大扫除' },
    { cmd: 'SECOND', actor: p('director') }, { cmd: 'STATE_QUESTION', actor: p('chair') },
    { cmd: 'PUT_QUESTION', actor: p('chair'), method: 'BALLOT' },
    { cmd: 'CAST', actor: p('leader'), choice: 'YES' }, { cmd: 'CAST', actor: p('director'), choice: 'YES' },
    { cmd: 'CLOSE_VOTE', actor: p('chair') },
  ];
  for (const o of cmds) {
    const res = await c.chair.api('POST', `/api/v1/meetings/${id}/commands`, o);
    assert.equal(res.status, 200, res.text);
  }
  assert.equal(sql('SELECT count(*) FROM resolution'), before);
  m = (await c.chair.api('GET', `/api/v1/meetings/${id}/minutes`)).json;
  assert.equal(m.resolutions.length, 1);
  assert.equal(m.resolutions[0].topic_id, null);
  assert.equal(m.resolutions[0].resolution_id, null);
  assert.equal(m.votes[0].method, 'BALLOT');
  assert.equal(m.votes[0].final_seq, m.votes[0].seq);
  assert.equal(m.items[0].topic_id, null);
});

test('a divided show of hands is no resolution; a ballot is one as soon as it closes', async () => {
  const t = await topic('东区增设快递柜', 'accepted');
  const p = (who) => `p${pid[who]}`;
  const [A, B, C] = [p('leader'), p('director'), p('resident')];
  const X = p('chair');
  const setup = { level: 'ESTATE', members: [A, B, C], chair: X };
  const r = await c.chair.api('POST', `/api/v1/halls/${n.dezhou5}/meetings`, { title: '快递柜议事会', setup });
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  sql(`INSERT INTO meeting_item(meeting_id, item_key, pos, topic_id, title) VALUES (${id}, 'K', 1, ${t}, '快递柜')`);
  const cmd = async (o) => {
    const res = await c.chair.api('POST', `/api/v1/meetings/${id}/commands`, o);
    assert.equal(res.status, 200, `${JSON.stringify(o)}: ${res.text}`);
    return res.json;
  };
  const resolutions = () => sqlRows(server, `SELECT source, text, votes_for, votes_against, votes_abstain FROM resolution WHERE topic_id = ${t}`);
  for (const who of [A, B, C]) await cmd({ cmd: 'ATTEND', actor: who });
  await cmd({ cmd: 'CALL_TO_ORDER', actor: X });
  await cmd({ cmd: 'OPEN_ITEM', actor: X, item: 'K' });
  await cmd({ cmd: 'MOVE', actor: A, type: 'MAIN', text: '在东区门口放两组快递柜' });
  await cmd({ cmd: 'SECOND', actor: B });
  await cmd({ cmd: 'STATE_QUESTION', actor: X });
  await cmd({ cmd: 'PUT_QUESTION', actor: X });
  await cmd({ cmd: 'CAST', actor: A, choice: 'YES' });
  await cmd({ cmd: 'CAST', actor: B, choice: 'YES' });
  await cmd({ cmd: 'CLOSE_VOTE', actor: X });
  // Until the next command the minutes say the show of hands may still be divided.
  assert.match((await c.chair.get(`/meetings/${id}/minutes`)).text, /尚可要求分组表决/);
  // C demands a division: the show of hands is undone and a roll call rejects the motion.
  await cmd({ cmd: 'DIVISION', actor: C });
  assert.deepEqual(resolutions(), []);
  await cmd({ cmd: 'CAST', actor: A, choice: 'YES' });
  await cmd({ cmd: 'CAST', actor: B, choice: 'NO' });
  await cmd({ cmd: 'CAST', actor: C, choice: 'NO' });
  await cmd({ cmd: 'CLOSE_VOTE', actor: X });
  await cmd({ cmd: 'TICK', seconds: 1 });
  assert.deepEqual(resolutions(), []);
  assert.equal(sql(`SELECT status FROM topic WHERE id = ${t}`), 'accepted');
  // A second motion by ballot: a resolution as soon as the ballot closes.
  await cmd({ cmd: 'MOVE', actor: B, type: 'MAIN', text: '在东区门口放一组快递柜' });
  await cmd({ cmd: 'SECOND', actor: C });
  await cmd({ cmd: 'STATE_QUESTION', actor: X });
  await cmd({ cmd: 'PUT_QUESTION', actor: X, method: 'BALLOT' });
  await cmd({ cmd: 'CAST', actor: A, choice: 'ABSTAIN' });
  await cmd({ cmd: 'CAST', actor: B, choice: 'YES' });
  await cmd({ cmd: 'CAST', actor: C, choice: 'YES' });
  await cmd({ cmd: 'CLOSE_VOTE', actor: X });
  assert.deepEqual(resolutions(), [['meeting', '在东区门口放一组快递柜', '2', '0', '1']]);
  assert.equal(sql(`SELECT status FROM topic WHERE id = ${t}`), 'resolved');
  const m = (await c.chair.api('GET', `/api/v1/meetings/${id}/minutes`)).json;
  assert.deepEqual(m.votes.map((v) => [v.method, v.yes, v.no, v.abstain, v.adopted, v.divided, v.final_seq === null]), [
    ['HANDS', 2, 0, 0, true, true, true],
    ['ROLL_CALL', 1, 2, 0, false, false, false],
    ['BALLOT', 2, 0, 1, true, false, false],
  ]);
  assert.deepEqual(m.resolutions.map((x) => [x.motion, x.topic_id]), [['m2', t]]);
  // The resolution's defaults (docs/meetings.md): responsible to be named, 90 days, no money.
  const [row] = sqlRows(server, `SELECT responsible, funding, deadline FROM resolution WHERE topic_id = ${t}`);
  assert.equal(row[0], '议事厅（待指定）');
  assert.equal(row[1], 'none');
  assert.match(row[2], /^\d{4}-\d{2}-\d{2}$/);
});

test('a cancelled meeting: its minutes say it was cancelled and not held, with the reason', async () => {
  const p = (who) => `p${pid[who]}`;
  const setup = { level: 'ESTATE', members: [p('leader'), p('director')], chair: p('chair') };
  const r = await c.chair.api('POST', `/api/v1/halls/${n.dezhou5}/meetings`, { title: '取消的会议', setup });
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  let m = (await c.chair.api('GET', `/api/v1/meetings/${id}/minutes`)).json;
  assert.equal(m.info.cancelled_at, null);
  assert.ok(!(await c.resident.get(`/meetings/${id}/minutes`)).text.includes('会议未举行'));
  // (the schedule's cancel route is tested in meeting_schedule; here the row as it leaves it)
  sql(`UPDATE meeting SET cancelled_at = 1767225600, cancel_reason = '台风预警' WHERE id = ${id}`);
  m = (await c.chair.api('GET', `/api/v1/meetings/${id}/minutes`)).json;
  assert.equal(m.info.cancelled_at, 1767225600);
  assert.equal(m.info.cancel_reason, '台风预警');
  const page = await c.resident.get(`/meetings/${id}/minutes`);
  assert.equal(page.status, 200);
  assert.ok(page.text.includes('会议未举行'), page.text);
  assert.ok(page.text.includes('台风预警'));
});

test('a person invited onto the roster from elsewhere reads the minutes of that meeting only', async () => {
  const p = (who) => `p${pid[who]}`;
  // worker2 works in another area: invited as an observer (a department's contact, say).
  const setup = { level: 'ESTATE', members: [p('leader'), p('director')], chair: p('chair'), observers: [p('worker2')] };
  const r = await c.chair.api('POST', `/api/v1/halls/${n.dezhou5}/meetings`, { title: '邀请外来观察员的会议', setup });
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  assert.equal((await c.worker2.api('GET', `/api/v1/meetings/${id}`)).status, 200); // may see the meeting
  assert.equal((await c.worker2.api('GET', `/api/v1/meetings/${id}/minutes`)).status, 200);
  assert.equal((await c.worker2.get(`/meetings/${id}/minutes`)).status, 200);
  assert.equal((await c.worker2.get(`/meetings/${id}/minutes.pdf`)).status, 200);
  // not invited: still refused, on the API, the page and the PDF
  const res = await c.resident2.api('GET', `/api/v1/meetings/${id}/minutes`);
  assert.equal(res.status, 403);
  assert.equal((await c.resident2.get(`/meetings/${id}/minutes`)).status, 403);
  assert.equal((await c.resident2.get(`/meetings/${id}/minutes.pdf`)).status, 403);
  // without signing in: the API says 401, the pages send to the sign-in page
  assert.equal((await fetch(`${server.base}/api/v1/meetings/${id}/minutes`)).status, 401);
  for (const u of [`/meetings/${id}/minutes`, `/meetings/${id}/minutes.pdf`]) {
    const anon = await fetch(`${server.base}${u}`, { redirect: 'manual' });
    assert.ok([302, 303, 401].includes(anon.status), `${u}: ${anon.status}`);
    assert.notEqual(anon.headers.get('content-type'), 'application/pdf');
  }
});
