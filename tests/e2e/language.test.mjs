// The language button in the top bar switches between Chinese and English, stays on the same
// page, and works with JavaScript turned off (it is a plain form post).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DESKTOP, PHONE, heading, launchBrowser, login, newPage, startServer, walk } from './helpers.mjs';

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

// Presses the top bar's language button and waits for the page to come back.
async function switchLanguage(page, buttonName) {
  const path = new URL(page.url()).pathname;
  const [landed] = await Promise.all([
    page.waitForResponse((r) => r.request().isNavigationRequest() && (r.status() < 300 || r.status() >= 400)),
    page.locator('.topbar').getByRole('button', { name: buttonName, exact: true }).click(),
  ]);
  await page.waitForLoadState('load');
  assert.equal(landed.status(), 200, `the switch answered ${landed.status()}: ${await page.locator('main').innerText()}`);
  assert.equal(new URL(page.url()).pathname, path, 'the switch stays on the same page');
}

async function htmlLang(page) {
  return page.locator('html').getAttribute('lang');
}

for (const [label, js] of [['JavaScript on', true], ['JavaScript off', false]]) {
  describe(`language switch (${label})`, () => {
    test('anonymous: login page in Chinese → English → Chinese', async () => {
      const page = await newPage(browser, server.url, PHONE, { javaScriptEnabled: js });
      await page.goto('/login');
      // Browsers fetch /favicon.ico after a page; its 404 page must not replace the form's
      // CSRF cookie (it once did, and the switch then failed with "页面已过期").
      assert.equal((await page.request.get('/favicon.ico')).status(), 404);
      assert.equal(await htmlLang(page), 'zh-CN');
      assert.equal(await heading(page), '登录');
      assert.equal(await page.locator('label[for=login]').innerText(), '手机号或用户名');

      await switchLanguage(page, 'English');
      assert.equal(await htmlLang(page), 'en');
      assert.equal(await heading(page), 'Log in');
      assert.equal(await page.locator('label[for=login]').innerText(), 'Mobile number or user name');
      assert.equal(await page.locator('label[for=password]').innerText(), 'Password');
      assert.deepEqual(await page.locator('.tabbar a').allInnerTexts(), ['Home', 'Areas', 'Log in']);
      assert.match(await page.title(), /^Log in · Mulin$/);
      // The way back is labelled in Chinese, in Chinese.
      const back = page.locator('.topbar').getByRole('button', { name: '中文' });
      assert.equal(await back.getAttribute('lang'), 'zh-CN');

      // The choice is remembered on the next page.
      await page.goto('/');
      assert.equal(await heading(page), 'Home');

      await switchLanguage(page, '中文');
      assert.equal(await htmlLang(page), 'zh-CN');
      assert.equal(await heading(page), '首页');
      assert.deepEqual(await page.locator('.tabbar a').allInnerTexts(), ['首页', '区域', '登录']);
      await page.context().close();
    });

    test('signed in: a node page in English shows "Households", and back', async () => {
      const page = await newPage(browser, server.url, DESKTOP, { javaScriptEnabled: js });
      await login(page, 'worker');
      const path = await walk(page, ['浦东新区', '上钢新村街道', '德州五村']);
      assert.match(await page.locator('main .kind').innerText(), /^居民区 · 户数 96 · 人数 \d+$/);

      await switchLanguage(page, 'English');
      assert.equal(new URL(page.url()).pathname, path);
      assert.match(await page.locator('main .kind').innerText(), /^Residential area · Households 96 · People \d+$/);
      assert.deepEqual(await page.locator('main table.grid thead th').allInnerTexts(), ['Name', 'Households', 'People']);
      await page.locator('.actions').getByRole('link', { name: "View the residents' roster" }).waitFor();
      await page.locator('.topbar').getByRole('button', { name: 'Log out' }).waitFor();
      // Place names stay as they are.
      assert.equal(await heading(page), '德州五村');

      // A signed-in person's choice follows them to the next page too.
      await page.goto('/');
      assert.match(await page.locator('main .lead').innerText(), /^Hello, 汪丽娟/);

      await switchLanguage(page, '中文');
      assert.match(await page.locator('main .lead').innerText(), /^您好，汪丽娟/);
      await page.goto(path);
      assert.match(await page.locator('main .kind').innerText(), /^居民区 · 户数 96/);
      await page.context().close();
    });
  });
}
