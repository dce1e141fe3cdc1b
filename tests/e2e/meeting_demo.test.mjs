// The demo's scheduled meeting (`mulin serve --demo`: 德州五村第四季度居民议事会) in a browser: the
// chair finds it in the hall's meeting list, follows the meeting page's link to the console, where
// calling to order is not yet in order (nobody has signed in: the rule's message on the disabled
// button); two members check in with the door's token on their phones, and the console offers
// 宣布开会 without a reload; the chair calls the meeting to order and opens the first agenda item.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DESKTOP, PHONE, axeViolations, launchBrowser, login, newPage, walk } from './helpers.mjs';
import { sql } from '../http/lib.mjs';

let server;
let browser;

/** `mulin serve --demo` on a fresh database (the demo's meeting is made by serve, not init). */
async function serveDemo() {
  const bin = resolve(process.cwd(), process.env.MULIN_BIN || './mulin');
  const dir = mkdtempSync(join(tmpdir(), 'mulin-e2e-demo-'));
  const db = join(dir, 't.db');
  const child = spawn(bin, ['serve', '--demo', '--db', db, '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`mulin did not start in 20 s:\n${log}`)), 20000);
    const onData = (chunk) => {
      log += chunk;
      const m = /serving on (http:\/\/[0-9.]+:[0-9]+)/.exec(log);
      if (m) { clearTimeout(timer); ok(m[1]); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => { clearTimeout(timer); fail(new Error(`mulin exited (${code}):\n${log}`)); });
  });
  const exited = new Promise((ok) => child.on('exit', ok));
  return {
    url, db,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

before(async () => {
  server = await serveDemo();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the demo meeting: from its page to the console; members check in on phones; called to order', async () => {
  const chair = await newPage(browser, server.url, DESKTOP);
  await login(chair, 'chair');
  const area = (await walk(chair, ['浦东新区', '上钢新村街道', '德州五村'])).split('/').pop();
  await chair.goto(`/halls/${area}/meetings`);
  await Promise.all([chair.waitForURL(/\/meetings\/\d+$/),
    chair.locator('main').getByRole('link', { name: /德州五村第四季度居民议事会/ }).first().click()]);
  const id = new URL(chair.url()).pathname.split('/').pop();
  await Promise.all([chair.waitForURL(`**/meetings/${id}/chair`),
    chair.locator('main').getByRole('link', { name: '主持台', exact: true }).click()]);
  assert.equal((await chair.locator('main h1').innerText()).trim(), '主持台 · 德州五村第四季度居民议事会');
  // Nobody is here yet: calling to order is not in order, and the console says why.
  assert.equal(await chair.locator('summary', { hasText: '宣布开会' }).getAttribute('title'), '未达法定人数');
  assert.deepEqual(await axeViolations(chair), []);
  await chair.evaluate(() => { window.__sameDocument = true; });
  await chair.waitForTimeout(300); // the event stream is open

  // The two default members (the hall's 常任理事 and 楼组长) check in with the door's token.
  const token = sql({ db: server.db }, `SELECT checkin_token FROM meeting WHERE id = ${id}`)[0][0];
  // The demo announces the meeting a week ahead; the door opens an hour before the start, so
  // the meeting is brought to now (as if the week had passed).
  const now = Math.floor(Date.now() / 1000);
  sql({ db: server.db }, `UPDATE meeting SET starts_at = ${now - 600}, ends_at = ${now + 3600} WHERE id = ${id}`);
  for (const who of ['director', 'leader']) {
    const phone = await newPage(browser, server.url, PHONE);
    await login(phone, who);
    await phone.goto(`/meetings/${id}/checkin?t=${token}`);
    await Promise.all([phone.waitForLoadState('load'), phone.locator('main').getByRole('button', { name: '签到' }).click()]);
    await phone.locator('main').getByText('签到成功').first().waitFor();
    await phone.context().close();
  }
  // The console re-reads itself on the event: 宣布开会 is a button now.
  const call = chair.getByRole('button', { name: '宣布开会' });
  await call.waitFor();
  await Promise.all([chair.waitForURL(`**/meetings/${id}/chair`), call.click()]);
  await chair.locator('[data-k="state"], main').getByText('会议进行中').first().waitFor();
  const open = chair.getByRole('button', { name: '开始议程项 I1' });
  await Promise.all([chair.waitForURL(`**/meetings/${id}/chair`), open.click()]);
  await chair.locator('[data-k="status"]').getByText('议程项 I1 小区充电桩建设').waitFor();
  assert.deepEqual(await axeViolations(chair), []);
  await chair.context().close();
});
