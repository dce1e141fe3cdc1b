// Security headers on every response, the CSP nonce, and caching of static assets.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, httpGet, loggedIn, rawRequest, useServer } from './lib.mjs';

const server = useServer();
let worker;

before(async () => {
  await server.ready;
  worker = await loggedIn(server, 'worker');
});

function cspNonce(csp) {
  const m = /script-src 'self' 'nonce-([A-Za-z0-9_-]+)'/.exec(csp);
  return m ? m[1] : null;
}

function assertSecurityHeaders(h, what) {
  const get = (k) => (typeof h.get === 'function' ? h.get(k) : h[k.toLowerCase()]);
  const csp = get('content-security-policy');
  assert.ok(csp, `${what}: CSP`);
  assert.match(csp, /default-src 'self'/, what);
  assert.match(csp, /frame-ancestors 'none'/, what);
  assert.match(csp, /object-src 'none'/, what);
  assert.match(csp, /base-uri 'none'/, what);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, what);
  assert.ok(cspNonce(csp), `${what}: script nonce`);
  assert.equal(get('x-content-type-options'), 'nosniff', what);
  assert.equal(get('referrer-policy'), 'same-origin', what);
  assert.equal(get('x-frame-options'), 'DENY', what);
}

test('every kind of response carries the security headers', async () => {
  const anon = new Client(server);
  const csrf = await anon.csrfOf('/login');
  const cases = [
    ['home', () => anon.get('/')],
    ['login page', () => anon.get('/login')],
    ['redirect to login', () => anon.get('/nodes')],
    ['404 page', () => anon.get('/no/such/page')],
    ['405', () => anon.get('/logout')],
    ['403 csrf', () => anon.postForm('/login', { login: 'x', password: 'y' })],
    ['401 login form', () => anon.postForm('/login', { csrf, login: 'x', password: 'wrong-password' })],
    ['400 bad utf-8', () => anon.get('/login?next=%FF')],
    ['static css', () => anon.get('/static/app.css')],
    ['static js', () => anon.get('/static/app.js')],
    ['static 404', () => anon.get('/static/none.js')],
    ['openapi', () => anon.get('/api/v1/openapi.json')],
    ['API 401', () => anon.get('/api/v1/me')],
    ['API 200', () => worker.api('GET', '/api/v1/me')],
    ['API 404', () => worker.api('GET', '/api/v1/nodes/999999')],
    ['API 400', () => worker.sendJson('POST', '/api/v1/session', '[1,2')],
    ['signed-in page', () => worker.get('/nodes')],
  ];
  for (const [what, fn] of cases) {
    const res = await fn();
    assertSecurityHeaders(res.headers, `${what} (${res.status})`);
  }
  // A 304 and a 413 too.
  const css = await anon.get('/static/app.css');
  const notModified = await anon.get('/static/app.css', { headers: { 'If-None-Match': css.headers.get('etag') } });
  assert.equal(notModified.status, 304);
  assertSecurityHeaders(notModified.headers, '304');
  const big = Buffer.alloc((1 << 20) + 1, 'x');
  const tooBig = await rawRequest(server.port, Buffer.concat([
    Buffer.from(`POST /login HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${big.length}\r\n\r\n`), big]));
  assert.equal(tooBig.status, 413);
  assertSecurityHeaders(tooBig.headers, '413');
});

test('the CSP nonce matches the script tag\'s nonce and changes on every response', async () => {
  const seen = new Set();
  for (const [c, path] of [[new Client(server), '/login'], [new Client(server), '/'], [worker, '/nodes'], [worker, '/profile'], [new Client(server), '/nope']]) {
    const res = await c.get(path);
    const nonce = cspNonce(res.headers.get('content-security-policy'));
    const tags = [...res.text.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    assert.ok(tags.length >= 1, `${path} has a script tag`);
    for (const tag of tags) {
      const m = /\bnonce="([^"]+)"/.exec(tag);
      assert.ok(m, `${path}: script without nonce: ${tag}`);
      assert.equal(m[1], nonce, `${path}: tag nonce = CSP nonce`);
    }
    assert.ok(nonce.length >= 16, 'at least 96 random bits');
    assert.ok(!seen.has(nonce), 'a fresh nonce per response');
    seen.add(nonce);
  }
});

test('static assets have an ETag; If-None-Match gives 304 with no body', async () => {
  const c = new Client(server);
  for (const [path, type] of [['/static/app.css', /^text\/css/], ['/static/app.js', /^text\/javascript/]]) {
    const res = await c.get(path);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), type);
    const etag = res.headers.get('etag');
    assert.match(etag, /^"[0-9a-f]{16}"$/);
    assert.match(res.headers.get('cache-control'), /max-age=\d+/);
    assert.ok(res.body.length > 0);
    const again = await c.get(path, { headers: { 'If-None-Match': etag } });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    assert.equal(again.headers.get('etag'), etag);
    const other = await c.get(path, { headers: { 'If-None-Match': '"0000000000000000"' } });
    assert.equal(other.status, 200);
    assert.ok(other.body.length > 0);
  }
  // The page links the assets with their hash as version, matching the ETag.
  const page = await c.get('/login');
  const css = await c.get('/static/app.css');
  const v = /href="\/static\/app\.css\?v=([0-9a-f]+)"/.exec(page.text);
  assert.ok(v);
  assert.equal(`"${v[1]}"`, css.headers.get('etag'));
  const versioned = await httpGet(server.port, `/static/app.css?v=${v[1]}`, { 'If-None-Match': `"${v[1]}"` });
  assert.equal(versioned.status, 304);
});

test('HEAD of a static asset answers like GET without the body', async () => {
  const res = await fetch(`${server.base}/static/app.css`, { method: 'HEAD' });
  assert.equal(res.status, 200);
  assert.ok(res.headers.get('etag'));
  assert.equal((await res.arrayBuffer()).byteLength, 0);
});

test('dynamic pages and API answers are not cached; versioned assets are', async () => {
  const c = new Client(server);
  for (const res of [await c.get('/login'), await c.get('/'), await worker.get('/nodes'), await worker.api('GET', '/api/v1/me'),
    await c.get('/api/v1/me'), await c.get('/nope')]) {
    assert.equal(res.headers.get('cache-control'), 'no-store', res.res.url);
  }
  const css = await c.get('/static/app.css');
  assert.match(css.headers.get('cache-control'), /public/);
});
