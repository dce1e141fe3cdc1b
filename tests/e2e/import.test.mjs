// A worker imports a roster saved from Excel into 德州五村: a file with one bad row is refused
// whole, with the row's line and reason; ticking "only the good rows" imports the rest, and the
// new resident appears in the roster.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DESKTOP,
  heading,
  launchBrowser,
  login,
  newPage,
  screenshotPath,
  startServer,
  walk,
} from './helpers.mjs';

let server;
let browser;
let dir;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  dir = mkdtempSync(join(tmpdir(), 'mulin-e2e-csv-'));
});
after(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// Line 1 is the header; line 3 has a five-digit phone. Excel on Windows writes CRLF and a BOM.
const NEWCOMER = '测试新人';
const CSV =
  '\uFEFF姓名,手机,楼号,室号,楼组,区块\r\n' +
  `${NEWCOMER},13912345678,9号楼,101室,5号楼组,北区\r\n` +
  '号码不对,12345,9号楼,102室,5号楼组,北区\r\n';

// The households and people counts of the node page being shown ("居民区 · 户数 96 · 人数 199").
async function counts(page) {
  const m = /户数 (\d+) · 人数 (\d+)/.exec(await page.locator('main .kind').innerText());
  assert.ok(m, 'counts shown on the node page');
  return { households: Number(m[1]), people: Number(m[2]) };
}

async function upload(page, file, goodOnly) {
  await page.getByLabel('名册文件（CSV）').setInputFiles(file);
  const box = page.getByRole('checkbox', { name: '有错误的行先跳过，只导入正确的行' });
  await box.setChecked(goodOnly);
  await Promise.all([
    page.waitForResponse((r) => r.request().isNavigationRequest() && r.request().method() === 'POST'),
    page.getByRole('button', { name: '导入', exact: true }).click(),
  ]);
  await page.waitForLoadState('load');
}

test('roster import: a bad row stops everything, then only the good rows go in', async () => {
  const file = join(dir, '德州五村名册.csv');
  writeFileSync(file, CSV);

  const page = await newPage(browser, server.url, DESKTOP);
  await login(page, 'worker');
  const areaPath = await walk(page, ['浦东新区', '上钢新村街道', '德州五村']);
  const before = await counts(page);

  await Promise.all([
    page.waitForURL(`**${areaPath}/import`),
    page.locator('.actions').getByRole('link', { name: '导入居民名册' }).click(),
  ]);
  assert.equal(await heading(page), '导入居民名册：德州五村');
  assert.match(await page.locator('main').innerText(), /第一行是表头，需要这些列：姓名、手机、楼号、室号、楼组、区块/);

  // First try: nothing ticked. The whole file is refused and the bad line is named.
  await upload(page, file, false);
  const alert = page.getByRole('alert');
  assert.match(await alert.innerText(), /^有 1 行有问题，没有导入任何数据。/);
  const problems = page.locator('table.problems tbody tr');
  assert.equal(await problems.count(), 1);
  assert.deepEqual(await problems.first().locator('td').allInnerTexts(), ['3', '手机号不是 11 位数字']);
  assert.deepEqual(await page.locator('table.problems thead th').allInnerTexts(), ['行号', '问题']);
  // The form is there again for the corrected file.
  await page.getByLabel('名册文件（CSV）').waitFor();
  await page.screenshot({ path: screenshotPath('import-errors-desktop.png'), fullPage: true });

  // Nothing was imported.
  await page.goto(areaPath);
  assert.deepEqual(await counts(page), before);
  assert.deepEqual(
    await page.locator('main table.grid tbody tr td:first-child a').allInnerTexts(),
    ['东区', '西区'],
  );

  // Second try with "only the good rows" ticked.
  await page.goto(`${areaPath}/import`);
  await upload(page, file, true);
  const status = page.getByRole('status');
  assert.match(
    await status.innerText(),
    /^导入完成：新增 1 人，新增 1 户，更新 0 人，未变 0 人，跳过有错误的 1 行。$/,
  );
  assert.equal(await page.getByRole('alert').count(), 0);
  // The skipped row is still listed, so it can be fixed later.
  assert.deepEqual(await page.locator('table.problems tbody tr td').allInnerTexts(), ['3', '手机号不是 11 位数字']);

  await page.goto(areaPath);
  assert.deepEqual(await counts(page), { households: before.households + 1, people: before.people + 1 });
  assert.deepEqual(
    await page.locator('main table.grid tbody tr td:first-child a').allInnerTexts(),
    ['东区', '西区', '北区'],
  );

  // The newcomer is in the roster (100 to a page: follow 下一页 as a person would).
  await page.locator('.actions').getByRole('link', { name: '查看居民名册' }).click();
  await page.waitForURL(`**${areaPath}/people`);
  assert.equal(await heading(page), '居民名册：德州五村');
  let row = page.locator('table.grid tbody tr', { hasText: NEWCOMER });
  for (let i = 0; i < 5 && (await row.count()) === 0; i++) {
    const next = page.locator('nav.pager').getByRole('link', { name: '下一页' });
    assert.equal(await next.count(), 1, `${NEWCOMER} not found in the roster`);
    await Promise.all([page.waitForLoadState('load'), next.click()]);
    row = page.locator('table.grid tbody tr', { hasText: NEWCOMER });
  }
  assert.deepEqual(await row.locator('td').allInnerTexts(), [NEWCOMER, '北区 5号楼组 9号楼 101室', '13912345678', '未开通']);
  assert.equal(await page.locator('table.grid tbody tr', { hasText: '号码不对' }).count(), 0);
  await page.context().close();
});
