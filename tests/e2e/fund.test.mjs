// The fund's story in the browser, each person on their own phone: from a resolved topic the
// hall drafts the proposal (amounts typed as people type them), passes and submits it; the
// subdistrict approves it; the leader starts it and records an expense with its voucher; the
// worker approves the expense; the leader finishes; the standing director scores; a resident
// answers the survey; the hall publishes the grade; the disclosure page shows it. axe-core
// (WCAG 2.1 AA) on the proposal form, the project page and the disclosure page.
// Set-up (the pool and the resolved topic) goes through the API, as the other parts' own
// tests cover those steps in the browser.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, axeViolations, launchBrowser, login, newPage, startServer } from './helpers.mjs';
import { Client, advanceTopic, demoNodes, png, sql } from '../http/lib.mjs';

let server;
let browser;
before(async () => {
  server = await startServer();
  server.base = server.url;
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function client(who) {
  const c = new Client(server);
  const res = await c.loginApi(who);
  assert.equal(res.status, 201, res.text);
  return c;
}

/** Fills the form whose action ends with `action` (and that holds `has`, a CSS selector),
 * submits it and fails on a refusal shown on the page. */
async function submit(page, action, fields = {}, has = '') {
  const form = page.locator(`form[action$="${action}"]${has ? `:has(${has})` : ''}`).first();
  await form.waitFor();
  for (const [name, value] of Object.entries(fields)) {
    const input = form.locator(`[name="${name}"]`).first();
    const type = await input.evaluate((el) => (el.tagName === 'SELECT' ? 'select' : el.type));
    if (type === 'select') await input.selectOption(String(value));
    else if (type === 'file') await input.setInputFiles(value);
    else if (type === 'radio') await form.locator(`[name="${name}"][value="${value}"]`).check();
    else await input.fill(String(value));
  }
  await Promise.all([page.waitForLoadState('load'), page.waitForURL(/./), form.locator('button').last().click()]);
  const alert = page.locator('main [role=alert]');
  if (await alert.count()) assert.fail(`${action}: ${await alert.first().innerText()}`);
}

async function axe(page, name) {
  await page.waitForLoadState('load');
  const v = await axeViolations(page);
  assert.equal(v.length, 0, `${name} (${page.url()}):\n${v.join('\n')}`);
}

test('from a resolved topic to a published grade on the disclosure page', async () => {
  const c = {};
  for (const who of ['admin', 'worker', 'resident']) c[who] = await client(who);
  const n = await demoNodes(c.admin);
  const year = new Date().getFullYear();
  const pool = await c.admin.api('POST', `/api/v1/nodes/${n.dezhou5}/fund-pools`,
    { year, working: '50,000', service: '20,000', project: '30,000' });
  assert.equal(pool.status, 201, pool.text);
  const t = await c.resident.api('POST', '/api/v1/topics',
    { title: '楼道扶手', description: '老人上下楼不方便。', category: 'facilities', node_id: n.dezhou5 });
  assert.equal(t.status, 201, t.text);
  await advanceTopic(server, c, t.json.id, 'deliberating');
  const res = await c.worker.api('POST', `/api/v1/topics/${t.json.id}/resolutions`, {
    text: '同意由自治金出资实施。', responsible: '自治团队', deadline: '2099-12-31', funding: 'self_gov_fund',
  });
  assert.equal(res.status, 201, res.text);
  const leaderPhone = '13800000003';

  const pages = {};
  for (const who of ['director', 'admin', 'leader', 'worker', 'resident']) {
    pages[who] = await newPage(browser, server.url, PHONE);
    await login(pages[who], who);
  }
  const { director, admin, leader, worker, resident } = pages;

  // The project's life in pages exists twice until the lead keeps one set: this branch's
  // (/topics/{id}/fund-project, …/step, …/expense, /fund-entries/{id}/approve) and the branch
  // fundpages' (/topics/{id}/fund-apply, …/steps, …/spend with a voucher file, …/ok). The story
  // takes whichever the server has.
  const fp = (await director.goto(`/topics/${t.json.id}/fund-apply`)).status() === 200;
  const P = fp
    ? { apply: 'fund-apply', leader: 'leader', own: 'own', step: '/steps', spend: '/spend', ok: '/ok' }
    : { apply: 'fund-project', leader: 'leader_phone', own: 'own_contribution', step: '/step', spend: '/expense', ok: '/approve' };
  const step = (page, to) => submit(page, P.step, {}, `input[name=to][value="${to}"]`);

  // The hall drafts the proposal; a mistyped amount is explained, then corrected.
  await director.goto(`/topics/${t.json.id}/${P.apply}`);
  await axe(director, 'proposal form');
  const fields = {
    name: '楼道扶手安装', background: '老人上下楼不方便。', goals: '6 个楼道装扶手。',
    beneficiaries: '3 号楼 48 户', plan: '两个月内完成。', line_name_1: '材料费', line_amount_1: '¥1,234.5',
    line_name_2: '人工费', line_amount_2: '12.345', [P.leader]: leaderPhone, targets: '满意率 ≥ 90%', [P.own]: '¥200',
  };
  const form = director.locator(`form[action$="/${P.apply}"]`);
  for (const [k, v] of Object.entries(fields)) await form.locator(`[name="${k}"]`).fill(v);
  await Promise.all([director.waitForLoadState('load'), form.locator('button').last().click()]);
  await director.locator('main [role=alert]').waitFor();
  assert.match(await director.locator('main [role=alert]').innerText(), /最多精确到分/);
  await axe(director, 'proposal form with an error');
  await submit(director, `/${P.apply}`, { line_amount_2: '800' });
  const url = new URL(director.url()).pathname;
  assert.match(url, /^\/fund-projects\/\d+$/);
  await step(director, 'hall_approved');
  await step(director, 'submitted');
  await axe(director, 'project page (submitted)');

  await admin.goto(url);
  await step(admin, 'approved');
  await leader.goto(url);
  await step(leader, 'in_progress');
  const note = '扶手材料 联系人 13912345678';
  if (fp) {
    await submit(leader, P.spend, { amount: '1,000.00', note,
      file: { name: 'receipt.png', mimeType: 'image/png', buffer: png(8, 8) } });
  } else {
    await submit(leader, P.spend, { amount: '1,000.00', voucher: `发票 2026-001 ${note}`, note });
  }
  assert.match(await leader.locator('main').innerText(), /¥1,000\.00/);
  await axe(leader, 'project page (in progress, leader)');

  await worker.goto(url);
  // This branch's page masks the voucher for everyone; fundpages' shows officers the original.
  if (!fp) assert.doesNotMatch(await worker.locator('main').innerText(), /13912345678/);
  await submit(worker, P.ok);
  assert.equal(sql(server, 'SELECT count(*) FROM fund_expense_approval')[0][0], '1');
  await leader.goto(url);
  await step(leader, 'finished');

  await director.goto(`${url}/evaluation`);
  await submit(director, '/scores', { s_1: '14', s_2: '14', s_3: '9', s_5: '18', s_6: '9', s_8: '9.5' });
  await resident.goto(`${url}/evaluation`);
  await axe(resident, 'evaluation page (survey)');
  await submit(resident, '/survey', { answer: 'satisfied' });
  await director.goto(`${url}/evaluation`);
  await submit(director, '/publish', { decision: 'continue' });
  const result = await director.locator('#evaluation').innerText();
  assert.match(result, /93\.50/); // 73.5 from the director + 20 from the survey
  assert.match(result, /优/);
  await axe(director, 'evaluation page (evaluated)');

  await resident.goto(`/areas/${n.dezhou5}/fund`);
  const report = await resident.locator('main').innerText();
  assert.match(report, /楼道扶手安装/);
  assert.match(report, /¥1,000\.00/);
  assert.match(report, /优/);
  assert.doesNotMatch(report, /13912345678/);
  assert.match(report, /139\*\*\*\*5678/);
  await axe(resident, 'disclosure page');
  for (const p of Object.values(pages)) await p.context().close();
});
