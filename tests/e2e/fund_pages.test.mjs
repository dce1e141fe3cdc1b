// A 自治金 project on phones, through the pages only (the topic and its fund resolution are set
// up through the API): the subdistrict (admin) sets 德州五村's pool; the standing director opens
// the resolved topic, follows its link to the proposal form, fills it (a bad amount first, which
// comes back with the message), passes and submits it; the subdistrict approves it; the leader
// starts it and records an expense with a photo of the receipt; the 居委 worker approves the
// expense; at year end the subdistrict confirms the lapse. Every page on the way passes axe-core
// (WCAG 2.1 AA), has tap targets of 48 px and is no wider than the phone.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { PHONE, axeViolations, launchBrowser, login, newPage, overflowsX, startServer, tapTargets } from './helpers.mjs';
import { advanceTopic, demoNodes, loggedIn, png } from '../http/lib.mjs';

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

/** Fills the fields of the form whose action ends with `action` and sends it. */
async function submit(page, action, fields = {}, { expectError = false, scope } = {}) {
  const form = (scope ? page.locator(scope) : page).locator(`form[action$="${action}"]`).first();
  await form.waitFor();
  for (const [name, value] of Object.entries(fields)) {
    const input = form.locator(`[name="${name}"]`).first();
    const type = await input.evaluate((el) => (el.tagName === 'SELECT' ? 'select' : el.type));
    if (type === 'select') await input.selectOption(String(value));
    else if (type === 'checkbox') await input.setChecked(Boolean(value));
    else if (type === 'file') await input.setInputFiles(value);
    else await input.fill(String(value));
  }
  await Promise.all([page.waitForLoadState('load'), page.waitForURL(/./), form.locator('button').first().click()]);
  const alert = page.locator('[role=alert]');
  if (expectError) return (await alert.first().innerText()).trim();
  if (await alert.count()) assert.fail(`${action}: ${await alert.first().innerText()}`);
  return '';
}

/** axe-core and the tap targets of the page as it is now. */
async function check(page, what) {
  const v = await axeViolations(page);
  assert.deepEqual(v, [], `${what}: ${v.join('\n')}`);
  const small = (await tapTargets(page)).filter((t) => t.height < 48 || t.width < 48);
  assert.deepEqual(small, [], `${what}: tap targets under 48 px`);
  assert.equal(await overflowsX(page), false, `${what}: wider than the phone`);
}

const status = async (page) => (await page.locator('#status').innerText()).trim();

test('a fund project from the resolved topic to an approved expense, on phones', async () => {
  // Setup through the API: a topic of 德州五村 resolved to be paid by the fund.
  const srv = { base: server.url, db: server.db };
  const c = {};
  for (const who of ['resident', 'worker']) c[who] = await loggedIn(srv, who);
  const n = await demoNodes(c.worker);
  const t = await c.resident.api('POST', '/api/v1/topics', {
    title: '楼道扶手加装', description: '老人上下楼不便。', category: 'facilities', node_id: n.dezhou5,
  });
  assert.equal(t.status, 201, t.text);
  await advanceTopic(srv, c, t.json.id, 'deliberating');
  const res = await c.worker.api('POST', `/api/v1/topics/${t.json.id}/resolutions`, {
    text: '同意由自治金出资加装扶手。', responsible: '自治团队', deadline: '2099-12-31', funding: 'self_gov_fund',
  });
  assert.equal(res.status, 201, res.text);

  const admin = await newPage(browser, server.url, PHONE);
  const director = await newPage(browser, server.url, PHONE);
  const leader = await newPage(browser, server.url, PHONE);
  const worker = await newPage(browser, server.url, PHONE);
  await login(admin, 'admin');
  await login(director, 'director');
  await login(leader, 'leader');
  await login(worker, 'worker');

  // 1. The subdistrict sets the year's pool.
  await admin.goto(`/nodes/${n.dezhou5}/fund`);
  await check(admin, 'pool page (subdistrict)');
  await submit(admin, `/nodes/${n.dezhou5}/fund`, {
    year: 2026, working: '50,000', service: '20,000', project: '¥30,000.00', share_percent: 30,
  });
  assert.match(await admin.locator('main').innerText(), /¥30,000\.00/);
  await check(admin, 'pool page with a pool');

  // 2. The director follows the topic's link to the proposal form.
  await director.goto(`/topics/${t.json.id}`);
  await Promise.all([director.waitForLoadState('load'), director.getByRole('link', { name: '申报自治金项目' }).click()]);
  await check(director, 'proposal form');
  const fields = {
    name: '楼道扶手加装', background: '楼里老人多。', goals: '三个月内装好。', beneficiaries: '全楼 48 户',
    plan: '四月采购，五月安装。', team: '楼组长和三位志愿者', leader: '13800000003',
    targets: '装好 6 层扶手；满意率 ≥ 90%。', own: '¥500',
    line_name_1: '扶手材料', line_amount_1: '1,234.50', line_name_2: '安装人工', line_amount_2: '12.345',
  };
  const refused = await submit(director, '/fund-apply', fields, { expectError: true });
  assert.match(refused, /金额最多精确到分/);
  assert.equal(await director.locator('[name=line_amount_2]').inputValue(), '12.345', 'typed value kept');
  await check(director, 'proposal form refused');
  await submit(director, '/fund-apply', { line_amount_2: '¥1234.5' });
  assert.match(director.url(), /\/fund-projects\/\d+$/);
  const project = director.url().replace(/#.*/, '');
  assert.equal(await status(director), '草拟');
  assert.match(await director.locator('main').innerText(), /¥2,469\.00/);
  await check(director, 'project page (hall)');

  // 3. The hall passes and submits it.
  await submit(director, '/steps', {}, { scope: '#step-hall_approved' });
  assert.equal(await status(director), '议事厅通过');
  await submit(director, '/steps', {}, { scope: '#step-submitted' });
  assert.equal(await status(director), '已申报');

  // 4. The subdistrict approves, with ¥1,000 on the first line.
  await admin.goto(project);
  await check(admin, 'project page (subdistrict review)');
  const first = admin.locator('#step-approved input[inputmode=decimal]').first();
  await first.fill('¥1,000');
  await submit(admin, '/steps', {}, { scope: '#step-approved' });
  assert.equal(await status(admin), '已批准');

  // 5. The leader starts it and records an expense with a photo of the receipt.
  await leader.goto(project);
  await submit(leader, '/steps', {}, { scope: '#step-in_progress' });
  assert.equal(await status(leader), '实施中');
  await check(leader, 'project page (leader)');
  const photo = join(tmpdir(), `receipt-${process.pid}.png`);
  writeFileSync(photo, png(48, 32));
  await submit(leader, '/spend', { amount: '800.5', note: '扶手 6 根', file: photo });
  const ledger = await leader.locator('#ledger').innerText();
  assert.match(ledger, /支出 ¥800\.50/);
  assert.match(ledger, /待居委审批/);
  await check(leader, 'project page with an expense');

  // 6. The worker approves the expense.
  await worker.goto(project);
  await check(worker, 'project page (worker)');
  await submit(worker, '/ok');
  assert.match(await worker.locator('#ledger').innerText(), /居委审批：汪丽娟/);
  await check(worker, 'project page after the approval');

  // 7. At year end the subdistrict closes the pool, after ticking the confirmation.
  await admin.goto(`/nodes/${n.dezhou5}/fund`);
  await Promise.all([admin.waitForLoadState('load'), admin.getByRole('link', { name: '年终结转（结余失效）' }).click()]);
  await check(admin, 'lapse confirmation');
  await submit(admin, '/lapse', { confirm: true });
  assert.match(await admin.locator('main').innerText(), /已结转/);
  await leader.goto(project);
  assert.equal(await leader.locator('input[type=file]').count(), 0, 'no expenses after the lapse');
});
