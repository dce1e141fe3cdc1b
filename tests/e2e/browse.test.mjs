// A residents' committee worker signs in through the form and walks the territory tree from the
// district down to one household and its members, on a phone and on a desktop.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DESKTOP,
  PHONE,
  heading,
  launchBrowser,
  login,
  newPage,
  overflowsX,
  screenshotPath,
  startServer,
} from './helpers.mjs';

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

// Clicks a link inside main by its exact visible name and waits for the next page.
async function follow(page, name) {
  await Promise.all([
    page.waitForLoadState('load'),
    page.locator('main').getByRole('link', { name, exact: true }).first().click(),
  ]);
  assert.equal(await heading(page), name);
}

for (const [label, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
  describe(`worker browses the territory (${label} ${viewport.width}×${viewport.height})`, () => {
    test('signs in, walks 区域 → … → a household and its members', async () => {
      const page = await newPage(browser, server.url, viewport);
      // A phone's screenshot is its screen (a full-page one would paint the fixed tab bar
      // half-way down); a desktop's is the whole page.
      const fullPage = viewport !== PHONE;

      // The anonymous home page offers the way in.
      await page.goto('/');
      await page.locator('main').getByRole('link', { name: '登录' }).click();
      await page.waitForURL('**/login');
      assert.equal(await heading(page), '登录');

      await page.getByLabel('手机号或用户名').fill('worker');
      await page.getByLabel('密码').fill('mulin-demo');
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/'),
        page.locator('main').getByRole('button', { name: '登录' }).click(),
      ]);
      const lead = page.locator('main .lead');
      await assert.doesNotReject(lead.waitFor());
      assert.match(await lead.innerText(), /^您好，汪丽娟/);
      // Signed in: the tab bar offers 我的 instead of 登录, and the top bar a way out.
      await page.locator('.tabbar').getByRole('link', { name: '我的' }).waitFor();
      await page.locator('.topbar').getByRole('button', { name: '退出' }).waitFor();
      // Their hall and their role are listed.
      const mainText = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
      assert.match(mainText, /德州五村 睦邻议事厅/);
      assert.match(mainText, /居委工作人员 · 德州五村/);
      await page.locator('main').getByRole('link', { name: '居委工作人员 · 德州五村' }).waitFor();
      assert.equal(await overflowsX(page), false, 'home page scrolls sideways');
      await page.screenshot({ path: screenshotPath(`home-signed-in-${label}.png`), fullPage });

      // 区域 in the tab bar → the district.
      await Promise.all([
        page.waitForURL('**/nodes'),
        page.locator('.tabbar').getByRole('link', { name: '区域' }).click(),
      ]);
      assert.equal(await heading(page), '区域');
      await follow(page, '浦东新区');
      assert.match(await page.locator('main .kind').innerText(), /^区 · /);
      await follow(page, '上钢新村街道');

      // The subdistrict lists its 23 residential areas, each with counts.
      const rows = page.locator('main table.grid tbody tr');
      assert.equal(await rows.count(), 23);
      const areaKinds = await page.locator('main table.grid tbody tr td:first-child .muted').allInnerTexts();
      assert.deepEqual(new Set(areaKinds), new Set(['居民区']));
      const dezhou5 = rows.filter({ has: page.getByRole('link', { name: '德州五村', exact: true }) });
      assert.deepEqual(await dezhou5.locator('td.num').allInnerTexts(), ['96', await dezhou5.locator('td.num').nth(1).innerText()]);
      assert.ok(Number(await dezhou5.locator('td.num').nth(1).innerText()) >= 96);

      await follow(page, '德州五村');
      const crumbs = await page.locator('nav.crumbs li').allInnerTexts();
      assert.deepEqual(crumbs, ['浦东新区', '上钢新村街道', '德州五村']);
      assert.match(await page.locator('main .kind').innerText(), /^居民区 · 户数 96 · 人数 \d+$/);
      // A worker may see the roster and import one here.
      await page.locator('.actions').getByRole('link', { name: '查看居民名册' }).waitFor();
      await page.locator('.actions').getByRole('link', { name: '导入居民名册' }).waitFor();
      assert.deepEqual(
        await page.locator('main table.grid tbody tr td:first-child a').allInnerTexts(),
        ['东区', '西区'],
      );
      assert.equal(await overflowsX(page), false, '德州五村 scrolls sideways');
      await page.screenshot({ path: screenshotPath(`node-dezhou5-${label}.png`), fullPage });

      await follow(page, '东区');
      await follow(page, '1号楼组');
      await follow(page, '1号楼');
      assert.equal(await page.locator('main table.grid tbody tr').count(), 12, '6 floors × 2 rooms');
      await follow(page, '101室');
      assert.match(await page.locator('main .kind').innerText(), /^户 · 户数 1 · 人数 \d+$/);
      assert.deepEqual(await page.locator('nav.crumbs li').allInnerTexts(), [
        '浦东新区', '上钢新村街道', '德州五村', '东区', '1号楼组', '1号楼', '101室',
      ]);

      // The members: the generated residents plus the demo accounts who live here.
      const members = page.locator('main section', { has: page.getByRole('heading', { name: '家庭成员' }) });
      const names = await members.locator('li a').allInnerTexts();
      assert.ok(names.includes('汪丽娟'), `members: ${names}`);
      assert.ok(names.includes('张浩然'), `members: ${names}`);
      assert.ok(names.length >= 8, `members: ${names}`);

      // And one member's page, with the address spelt out.
      await Promise.all([page.waitForLoadState('load'), members.getByRole('link', { name: '张浩然' }).click()]);
      assert.equal(await heading(page), '居民：张浩然');
      assert.match(await page.locator('dl.facts').innerText(), /东区 1号楼组 1号楼 101室/);
      await page.context().close();
    });
  });
}
