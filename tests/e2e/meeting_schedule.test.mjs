// The meeting pages of issue 5 (schedule, meeting, door, roster, check-in) in a real browser on
// a phone: a worker schedules a meeting with the form (no JavaScript needed), axe-core finds no
// WCAG 2.1 AA violation on any of the pages, tap targets are at least 48 px, nothing scrolls
// sideways, and the door's QR code is drawn large.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, axeViolations, launchBrowser, login, newPage, startServer, tapTargets, overflowsX } from './helpers.mjs';

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function checkPage(page, name) {
  await page.waitForLoadState('load');
  const violations = await axeViolations(page);
  assert.equal(violations.length, 0, `${name} (${page.url()}):\n${violations.join('\n')}`);
  assert.equal(await overflowsX(page), false, `${name} scrolls sideways`);
  const small = (await tapTargets(page)).filter((t) => t.height < 48 || t.width < 48);
  assert.deepEqual(small, [], `${name}: tap targets under 48 px`);
}

test('a worker schedules a meeting on a phone; its pages are accessible', async () => {
  const page = await newPage(browser, server.url, PHONE);
  await login(page, 'worker');
  await page.goto('/nodes');
  for (const name of ['浦东新区', '上钢新村街道', '德州五村']) {
    await Promise.all([page.waitForLoadState('load'),
      page.locator('main').getByRole('link', { name, exact: true }).first().click()]);
  }
  const area = new URL(page.url()).pathname.split('/').pop();
  await page.goto(`/halls/${area}`);
  await Promise.all([page.waitForLoadState('load'),
    page.locator('main nav.actions').getByRole('link', { name: '会议' }).click()]);
  await checkPage(page, 'hall meetings with the schedule form');
  // A refusal shows the form again with the message.
  const d = new Date(Date.now() + 3 * 86400 * 1000);
  const day = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  await page.locator('#title').fill('楼道照明议事会');
  await page.locator('#starts').fill(`${day}T19:00`);
  await page.locator('#ends').fill(`${day}T18:00`);
  await page.locator('#place').fill('居委会会议室');
  await page.locator('#guest_name_1').fill('物业王经理');
  await page.locator('#schedule form[method=post] button[type=submit]').click();
  await page.getByRole('alert').waitFor();
  await checkPage(page, 'schedule form with an error');
  if (process.env.MULIN_SHOTS) await page.screenshot({ path: `${process.env.MULIN_SHOTS}/form.png`, fullPage: true });
  await page.locator('#ends').fill(`${day}T21:00`);
  await Promise.all([page.waitForURL(/\/meetings\/\d+$/),
    page.locator('#schedule form[method=post] button[type=submit]').click()]);
  const id = new URL(page.url()).pathname.split('/').pop();
  assert.equal((await page.locator('main h1').innerText()).trim(), '议事会 · 楼道照明议事会');
  await checkPage(page, 'meeting');
  if (process.env.MULIN_SHOTS) await page.screenshot({ path: `${process.env.MULIN_SHOTS}/meeting.png`, fullPage: true });
  // Printed, the meeting page is the notice for the board: the agenda stays, no forms or links.
  await page.emulateMedia({ media: 'print' });
  assert.ok(await page.locator('main h2', { hasText: '议程' }).isVisible());
  assert.equal(await page.locator('main form:visible').count(), 0, 'no forms on paper');
  assert.equal(await page.locator('main nav.actions:visible').count(), 0, 'no room links on paper');
  await page.emulateMedia({ media: 'screen' });
  await page.goto(`/meetings/${id}/door`);
  const svg = page.locator('main svg');
  const box = await svg.boundingBox();
  assert.ok(box && box.width >= 300, `the QR code is large (${box?.width} px)`);
  await checkPage(page, 'door');
  await page.goto(`/meetings/${id}/roster`);
  await checkPage(page, 'roster');
  await page.locator('main li', { hasText: '物业王经理' }).getByRole('button', { name: '签到' }).click();
  await page.waitForLoadState('load');
  assert.ok(await page.locator('main li', { hasText: '物业王经理' }).getByRole('button', { name: '离场' }).isVisible());
  await page.goto(`/meetings/${id}/door`);
  const url = await page.locator('main a[href*="/checkin?t="]').getAttribute('href');
  assert.match(url, new RegExp(`^http://127\\.0\\.0\\.1:\\d+/meetings/${id}/checkin\\?t=[A-Za-z0-9_-]+$`));
  if (process.env.MULIN_SHOTS) await page.screenshot({ path: `${process.env.MULIN_SHOTS}/door.png`, fullPage: true });
  await page.goto(new URL(url).pathname + new URL(url).search);
  await checkPage(page, 'check-in (not on the roster)');
  await page.context().close();
});
