// Interface language: Chinese by default, English from Accept-Language, the lang cookie set by
// POST /lang, and for a signed-in person the choice stored with the account.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, useServer } from './lib.mjs';

const server = useServer();

function isEnglish(html) {
  return html.includes('<html lang="en">') && html.includes('Log in') && !html.includes('<html lang="zh-CN">');
}

function isChinese(html) {
  return html.includes('<html lang="zh-CN">') && html.includes('睦邻');
}

test('Chinese by default; Accept-Language: en gives English pages', async () => {
  const zh = await new Client(server).get('/login');
  assert.ok(isChinese(zh.text));
  assert.ok(zh.text.includes('<h1>登录</h1>'));
  const en = await new Client(server, { lang: 'en' }).get('/login');
  assert.ok(isEnglish(en.text));
  assert.ok(en.text.includes('<h1>Log in</h1>'));
  assert.ok(en.text.includes('Mobile number or user name'));
  // The switch offers the other language.
  assert.ok(en.text.includes('name="to" value="zh"'));
  assert.ok(zh.text.includes('name="to" value="en"'));
});

test('Accept-Language is read with q-values', async () => {
  const cases = [
    ['en-GB,en;q=0.9', 'en'],
    ['en-US', 'en'],
    ['fr-FR, en;q=0.5', 'en'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh'],
    ['en;q=0.5, zh;q=0.9', 'zh'],
    ['de, fr', 'zh'],
  ];
  for (const [header, want] of cases) {
    const page = await new Client(server, { lang: header }).get('/');
    assert.equal(isEnglish(page.text) ? 'en' : 'zh', want, header);
  }
});

test('error pages and JSON errors follow the language', async () => {
  const page = await new Client(server, { lang: 'en' }).get('/nope');
  assert.equal(page.status, 404);
  assert.ok(page.text.includes('This page does not exist.'));
  const api = await new Client(server, { lang: 'en' }).get('/api/v1/me');
  assert.equal(api.json.error.message, 'Please log in first.');
  const apiZh = await new Client(server).get('/api/v1/me');
  assert.equal(apiZh.json.error.message, '请先登录。');
});

test('POST /lang sets a lang cookie that outranks Accept-Language', async () => {
  const c = new Client(server);
  const csrf = await c.csrfOf('/login');
  const res = await c.postForm('/lang', { csrf, to: 'en', next: '/login' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/login');
  const cookie = res.cookies.find((x) => x.startsWith('lang='));
  assert.match(cookie, /^lang=en; Path=\/; HttpOnly; SameSite=Lax; Max-Age=31536000/);
  assert.ok(isEnglish((await c.get('/login')).text));
  // Cookie beats the header.
  const withHeader = await c.get('/login', { headers: { 'Accept-Language': 'zh-CN' } });
  assert.ok(isEnglish(withHeader.text));
  // Back to Chinese; anything but "en" means Chinese.
  await c.postForm('/lang', { csrf, to: 'zh', next: '/' });
  assert.ok(isChinese((await c.get('/login')).text));
  await c.postForm('/lang', { csrf, to: 'klingon', next: '/' });
  assert.ok(isChinese((await c.get('/login')).text));
  // next is kept local.
  const evil = await c.postForm('/lang', { csrf, to: 'en', next: 'https://evil.example/' });
  assert.equal(evil.headers.get('location'), '/');
});

test('a signed-in person\'s choice is remembered across sessions', async () => {
  const a = new Client(server);
  assert.equal((await a.loginForm('worker')).status, 303);
  assert.ok(isChinese((await a.get('/')).text));
  const res = await a.postForm('/lang', { csrf: a.csrf, to: 'en', next: '/' });
  assert.equal(res.status, 303);
  assert.ok((await a.get('/')).text.includes('<html lang="en">'));

  // A new session on a new device (no lang cookie, Chinese browser) gets English.
  const b = new Client(server, { lang: 'zh-CN' });
  assert.equal((await b.loginForm('worker')).status, 303);
  assert.equal(b.jar.get('lang'), undefined);
  const home = await b.get('/');
  assert.ok(home.text.includes('<html lang="en">'), 'English remembered');
  assert.ok(home.text.includes('Hello, '));
  const me = await b.loginApi('worker');
  assert.equal(me.status, 201);
  assert.equal((await b.api('GET', '/api/v1/me')).json.lang, 'en');

  // Switching back is remembered too.
  await b.postForm('/lang', { csrf: b.csrf, to: 'zh', next: '/' });
  const c = new Client(server, { lang: 'en' });
  await c.loginForm('worker');
  assert.ok((await c.get('/')).text.includes('<html lang="zh-CN">'), 'Chinese remembered over an English browser');
});

test('another person\'s choice does not leak: the resident still gets Chinese', async () => {
  const r = new Client(server);
  await r.loginForm('resident');
  assert.ok((await r.get('/')).text.includes('<html lang="zh-CN">'));
});
