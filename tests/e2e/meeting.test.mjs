// The live meeting room in browsers (issue 5): the chair's console and a member's phone in two
// browser contexts, the projector in a third. The member asks for the floor and the console
// shows it without a reload; the chair recognizes; the member speaks; a roll-call vote is taken
// (the member votes on the phone) and the projector shows the result without a reload. axe-core
// checks the three views. The meeting is made through the raw-setup API with demo persons'
// engine ids and given a start time by SQL (what the schedule part does).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DESKTOP, PHONE, axeViolations, launchBrowser, login, newPage, overflowsX, screenshotPath, startServer, tapTargets } from './helpers.mjs';
import { demoNodes, loggedIn, sql } from '../http/lib.mjs';

let server;
let browser;
let meeting;
const api = {};
const id = {};
const p = (who) => `p${id[who]}`;
const cmd = (who, body) => api[who].api('POST', `/api/v1/meetings/${meeting}/commands`, body);

before(async () => {
  server = await startServer();
  const srv = { base: server.url, db: server.db };
  for (const who of ['chair', 'recorder', 'director', 'resident', 'admin']) {
    api[who] = await loggedIn(srv, who);
    id[who] = (await api[who].api('GET', '/api/v1/me')).json.id;
  }
  const hall = (await demoNodes(api.chair)).dezhou5;
  const setup = { level: 'BUILDING_GROUP', members: [p('director'), p('resident'), p('admin')], chair: p('chair') };
  const res = await api.chair.api('POST', `/api/v1/halls/${hall}/meetings`, { title: '楼组议事会', setup });
  assert.equal(res.status, 201, res.text);
  meeting = res.json.id;
  sql(srv, `UPDATE meeting SET starts_at = ${Math.floor(Date.now() / 1000)}, recorder_id = ${id.recorder} WHERE id = ${meeting}`);
  const steps = [
    ['recorder', { cmd: 'ATTEND', actor: p('director') }],
    ['recorder', { cmd: 'ATTEND', actor: p('resident') }],
    ['recorder', { cmd: 'ATTEND', actor: p('admin') }],
    ['chair', { cmd: 'CALL_TO_ORDER', actor: p('chair') }],
    ['chair', { cmd: 'OPEN_ITEM', actor: p('chair'), item: 'i1' }],
    ['director', { cmd: 'MOVE', actor: p('director'), type: 'MAIN', text: '楼道加装扶手' }],
    ['admin', { cmd: 'SECOND', actor: p('admin') }],
    ['chair', { cmd: 'STATE_QUESTION', actor: p('chair') }],
  ];
  for (const [who, body] of steps) {
    const r = await cmd(who, body);
    assert.equal(r.status, 200, `${JSON.stringify(body)}: ${r.text}`);
  }
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Marks the page so that a reload would show: the mark lives only in this document. */
async function mark(page) {
  await page.evaluate(() => { window.__sameDocument = true; });
}
async function stillSameDocument(page) {
  return page.evaluate(() => window.__sameDocument === true);
}

test('member asks for the floor, chair recognizes, a vote is taken, the projector shows it', async () => {
  const chair = await newPage(browser, server.url, DESKTOP);
  const member = await newPage(browser, server.url, PHONE);
  const screen = await newPage(browser, server.url, DESKTOP);
  await login(chair, 'chair');
  await login(member, 'resident');
  await login(screen, 'director');
  await chair.goto(`/meetings/${meeting}/chair`);
  await member.goto(`/meetings/${meeting}/room`);
  await screen.goto(`/meetings/${meeting}/screen`);
  for (const page of [chair, member, screen]) assert.deepEqual(await axeViolations(page), []);
  // the phone: every tap target at least 44 px (48 asked), no sideways scrolling
  const small = (await tapTargets(member)).filter((x) => x.width < 44 || x.height < 44);
  assert.deepEqual(small, []);
  assert.equal(await overflowsX(member), false);
  await mark(chair);
  await mark(screen);
  // the event streams are open before anything happens
  await chair.waitForTimeout(300);

  // the member asks for the floor, for the motion
  await member.getByRole('button', { name: '申请发言 · 赞成' }).click();
  await member.waitForURL(`**/meetings/${meeting}/room`);
  // the console shows it without a reload
  await chair.locator('[data-k="queue"]').getByText('张浩然 · 赞成').waitFor();
  assert.ok(await stillSameDocument(chair), 'the console was not reloaded');
  await screen.locator('[data-k="queue"]').getByText('张浩然 · 赞成').waitFor();
  assert.ok(await stillSameDocument(screen));

  // the chair recognizes the next speaker (a form: the console's own page follows)
  await chair.getByRole('button', { name: /准予下一位发言：张浩然/ }).click();
  await chair.waitForURL(`**/meetings/${meeting}/chair`);
  await mark(chair);
  // the member's phone offers the floor without a reload; the projector shows the speaker
  await mark(member);
  const start = member.getByRole('button', { name: '开始发言' });
  await start.waitFor();
  assert.ok(await stillSameDocument(member));
  await start.click();
  await member.waitForURL(`**/meetings/${meeting}/room`);
  await screen.locator('[data-k="floor"]').getByText('张浩然').waitFor();
  await screen.locator('[data-k="floor"] .room-clock').waitFor();
  await member.getByRole('button', { name: '结束发言' }).click();
  await member.waitForURL(`**/meetings/${meeting}/room`);

  // a roll-call vote: the member votes on the phone, the others through the API
  await chair.locator('[data-k="floor"]').getByText('现在无人发言').waitFor();
  await chair.getByRole('button', { name: '付诸表决：记名' }).click();
  await chair.waitForURL(`**/meetings/${meeting}/chair`);
  await mark(member);
  const yes = member.locator('[data-when="vote"]').getByRole('button', { name: '赞成' });
  await yes.waitFor();
  assert.ok(await stillSameDocument(member));
  await yes.click();
  await member.waitForURL(`**/meetings/${meeting}/room`);
  for (const [who, choice] of [['director', 'YES'], ['admin', 'NO']]) {
    const r = await cmd(who, { cmd: 'CAST', actor: p(who), choice });
    assert.equal(r.status, 200, r.text);
  }
  await screen.locator('[data-k="vote"]').getByText(/已投票数 3/).waitFor();
  await chair.getByRole('button', { name: '结束表决并宣布结果' }).click();
  await chair.waitForURL(`**/meetings/${meeting}/chair`);
  // the projector shows the result, still without a reload
  const result = screen.locator('[data-k="result"]');
  await result.getByText('通过').waitFor();
  assert.match(await result.innerText(), /赞成 2 · 反对 1 · 弃权 0/);
  assert.ok(await stillSameDocument(screen), 'the projector was not reloaded');
  for (const page of [chair, member, screen]) assert.deepEqual(await axeViolations(page), []);
  await chair.screenshot({ path: screenshotPath('meeting-chair.png'), fullPage: true });
  await member.screenshot({ path: screenshotPath('meeting-room-phone.png'), fullPage: true });
  await screen.screenshot({ path: screenshotPath('meeting-screen.png') });
});

test('without JavaScript the pages are correct on reload and a refusal shows the rule', async () => {
  const member = await newPage(browser, server.url, PHONE, { javaScriptEnabled: false });
  await login(member, 'resident');
  await member.goto(`/meetings/${meeting}/room`);
  await member.locator('[data-k="result"]').getByText('通过').waitFor();
  // the motion is decided: a point of order is still possible, the vote is over
  assert.equal(await member.locator('[data-when="vote"]').isHidden(), true);
  await member.getByRole('button', { name: '提出程序问题' }).click();
  await member.waitForURL(`**/meetings/${meeting}/room`);
  const chair = await newPage(browser, server.url, DESKTOP, { javaScriptEnabled: false });
  await login(chair, 'chair');
  await chair.goto(`/meetings/${meeting}/chair`);
  await chair.getByText('有人提出程序问题，请主持人裁定。').waitFor();
  // a command not in order shows the rule's message on tap
  const off = chair.locator('details.room-off').filter({ hasText: '宣布开会' });
  await off.locator('summary').click();
  await off.getByText(/现在不可：/).waitFor();
  await chair.getByRole('button', { name: '裁定：程序问题不成立' }).click();
  await chair.waitForURL(`**/meetings/${meeting}/chair`);
  assert.equal(await chair.getByText('有人提出程序问题，请主持人裁定。').count(), 0);
});

test('the console ends a speech on time: at zero it asks the server for the real time', async () => {
  const steps = [
    ['admin', { cmd: 'MOVE', actor: p('admin'), type: 'MAIN', text: '增设快递柜' }],
    ['director', { cmd: 'SECOND', actor: p('director') }],
    ['chair', { cmd: 'STATE_QUESTION', actor: p('chair') }],
    ['admin', { cmd: 'REQUEST_FLOOR', actor: p('admin'), stance: 'PRO' }],
    ['chair', { cmd: 'RECOGNIZE', actor: p('chair'), member: p('admin') }],
    ['admin', { cmd: 'START_SPEECH', actor: p('admin') }],
  ];
  for (const [who, body] of steps) {
    const r = await cmd(who, body);
    assert.equal(r.status, 200, `${JSON.stringify(body)}: ${r.text}`);
  }
  // 175 of the speech's 180 seconds have passed (the log's times move back)
  sql({ db: server.db }, `UPDATE meeting_log SET at = at - 175 WHERE meeting_id = ${meeting}`);
  const chair = await newPage(browser, server.url, DESKTOP);
  await login(chair, 'chair');
  await chair.goto(`/meetings/${meeting}/chair`);
  const clock = chair.locator('[data-k="floor"] .room-clock');
  await clock.waitFor();
  assert.match(await clock.innerText(), /^0:0[0-6]$/); // drawn by the server's clock
  // nobody acts: the countdown reaches zero, the speech ends
  await chair.locator('[data-k="floor"]').getByText('现在无人发言').waitFor({ timeout: 15000 });
  const ticks = sql({ db: server.db }, `SELECT command FROM meeting_log WHERE meeting_id = ${meeting} AND command LIKE '%TICK%'`);
  assert.ok(ticks.length >= 1, 'the console sent a TICK');
  const r = await cmd('admin', { cmd: 'END_SPEECH', actor: p('admin') });
  assert.equal(r.status, 409);
  assert.equal(r.json.error.code, 'E_TIME_EXPIRED');
});

test('the projector is readable from the back of the room: no text under 28 px, the countdown larger', async () => {
  const steps = [
    ['director', { cmd: 'REQUEST_FLOOR', actor: p('director'), stance: 'CON' }],
    ['chair', { cmd: 'RECOGNIZE', actor: p('chair'), member: p('director') }],
    ['director', { cmd: 'START_SPEECH', actor: p('director') }],
  ];
  for (const [who, body] of steps) {
    const r = await cmd(who, body);
    assert.equal(r.status, 200, `${JSON.stringify(body)}: ${r.text}`);
  }
  const screen = await newPage(browser, server.url, DESKTOP);
  await login(screen, 'director');
  await screen.goto(`/meetings/${meeting}/screen`);
  const sizes = await screen.evaluate(() => {
    const out = [];
    for (const e of document.querySelectorAll('body *')) {
      const own = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      if (own && e.offsetParent !== null) out.push([e.tagName + '.' + e.className, parseFloat(getComputedStyle(e).fontSize), e.textContent.trim().slice(0, 20)]);
    }
    return out;
  });
  assert.ok(sizes.length > 5);
  assert.deepEqual(sizes.filter(([, px]) => px < 28), []);
  const clock = await screen.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.room-clock')).fontSize));
  assert.ok(clock >= 64, `the countdown is ${clock} px`);
});

/** Stops the test's server and serves the same database on the same address again (a restart:
 * every event stream drops). Returns a stop function for the new process. */
async function restartServer() {
  // stop() removes the database's directory: the new process serves a consistent copy
  const dir = mkdtempSync(join(tmpdir(), 'mulin-e2e-restart-'));
  const db = join(dir, 't.db');
  sql({ db: server.db }, `VACUUM INTO '${db}'`);
  await server.stop();
  const bin = resolve(process.cwd(), process.env.MULIN_BIN || 'mulin');
  const child = spawn(bin, ['serve', '--db', db, '--listen', new URL(server.url).host], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise((ok, fail) => {
    let log = '';
    const timer = setTimeout(() => fail(new Error(`mulin did not start again:\n${log}`)), 10000);
    const seen = (chunk) => {
      log += chunk;
      if (/serving on/.test(log)) { clearTimeout(timer); ok(); }
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', seen);
  });
  const exited = new Promise((ok) => child.on('exit', ok));
  return async () => {
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
}

test('a view whose event stream dropped catches up when it comes back (the events meanwhile are lost)', async () => {
  const screen = await newPage(browser, server.url, DESKTOP);
  await login(screen, 'director');
  await screen.goto(`/meetings/${meeting}/screen`);
  await screen.waitForTimeout(300);
  await mark(screen);
  // the server restarts; before the projector's stream comes back (it retries after 3 s) a
  // member asks for the floor
  const stop = await restartServer();
  try {
    const r = await cmd('resident', { cmd: 'REQUEST_FLOOR', actor: p('resident'), stance: 'CON' });
    assert.equal(r.status, 200, r.text);
    // the stream reconnects and the projector reads what it missed, without a reload
    await screen.locator('[data-k="queue"]').getByText('张浩然 · 反对').waitFor({ timeout: 10000 });
    assert.ok(await stillSameDocument(screen), 'the projector was not reloaded');
  } finally {
    await stop();
  }
});
