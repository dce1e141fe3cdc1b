// A resident may browse names and counts, but not the roster of another residential area:
// they get a 403 page that says in plain words what happened and what to do.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, heading, launchBrowser, login, newPage, startServer, walk } from './helpers.mjs';

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

async function expectForbidden(page, path, { message, next, title }) {
  const res = await page.goto(path);
  assert.equal(res.status(), 403, `${path} answered ${res.status()}`);
  assert.equal(await heading(page), title);
  const alert = page.getByRole('alert');
  assert.equal(await alert.innerText(), message);
  assert.ok(await alert.isVisible());
  assert.match(await page.locator('main p.next').innerText(), next);
  // Nobody's name or phone leaks onto the page.
  assert.equal(await page.locator('main table').count(), 0);
  assert.doesNotMatch(await page.locator('main').innerText(), /139\d{8}/);
}

test('a resident of 德州五村 cannot open 上钢二村\'s roster', async () => {
  const page = await newPage(browser, server.url, PHONE);
  await login(page, 'resident');
  assert.match(await page.locator('main .lead').innerText(), /^您好，张浩然/);

  // Browsing the other area is allowed, but it offers no roster button: only its hall, which
  // anyone signed in may read.
  const other = await walk(page, ['浦东新区', '上钢新村街道', '上钢二村']);
  assert.match(await page.locator('main .kind').innerText(), /^居民区 · 户数 96 · 人数 \d+$/);
  assert.deepEqual(await page.locator('.actions a').allInnerTexts(), ['睦邻议事厅']);

  // Typing the roster's address anyway gives a readable refusal.
  await expectForbidden(page, `${other}/people`, {
    title: '出错了',
    message: '您没有权限查看或操作这里的内容。',
    // Signed in already: no log-in link, just the way home.
    next: /^如需权限，请联系居委会。 ?返回首页$/,
  });
  // The way on is offered: back to the home page works.
  await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.locator('main p.next').getByRole('link', { name: '返回首页' }).click()]);
  assert.equal(await heading(page), '首页');

  // Nor can they import into it, or open their own area's whole roster.
  await expectForbidden(page, `${other}/import`, {
    title: '出错了',
    message: '您没有权限查看或操作这里的内容。',
    next: /如需权限，请联系居委会。/,
  });
  const own = await walk(page, ['浦东新区', '上钢新村街道', '德州五村']);
  await expectForbidden(page, `${own}/people`, {
    title: '出错了',
    message: '您没有权限查看或操作这里的内容。',
    next: /如需权限，请联系居委会。/,
  });
  await page.context().close();
});

test('the refusal reads in English too', async () => {
  const page = await newPage(browser, server.url, PHONE, { locale: 'en-GB' });
  await login(page, 'resident2');
  const other = await walk(page, ['浦东新区', '上钢新村街道', '德州五村']);
  await expectForbidden(page, `${other}/people`, {
    title: 'Something went wrong',
    message: 'You are not allowed to see or change this.',
    next: /^If you need access, ask your residents' committee\. ?Back to the home page$/,
  });
  await page.context().close();
});
