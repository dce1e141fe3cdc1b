// Signing in and out: the HTML form and the API, cookie flags, password change, phone login.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, DEMO, DEMO_PASSWORD, csrfFrom, useServer } from './lib.mjs';

const server = useServer();

function cookieNamed(list, name) {
  return list.find((c) => c.startsWith(`${name}=`));
}

test('form login sets an HttpOnly SameSite=Lax session cookie and redirects', async () => {
  const c = new Client(server);
  const page = await c.get('/login');
  assert.equal(page.status, 200);
  assert.match(page.text, /<form method="post" action="\/login"/);
  const anonCsrf = cookieNamed(page.cookies, 'mulin_csrf');
  assert.ok(anonCsrf, 'the login page sets the anonymous csrf cookie');
  assert.match(anonCsrf, /; HttpOnly/);
  assert.match(anonCsrf, /; SameSite=Lax/);
  assert.match(anonCsrf, /; Path=\//);

  const res = await c.postForm('/login', { csrf: csrfFrom(page.text), login: 'worker', password: DEMO_PASSWORD, next: '/nodes' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/nodes');
  const session = cookieNamed(res.cookies, 'mulin_session');
  assert.ok(session, 'login sets mulin_session');
  assert.match(session, /^mulin_session=[A-Za-z0-9_-]{40,}; /);
  assert.match(session, /; HttpOnly/);
  assert.match(session, /; SameSite=Lax/);
  assert.match(session, /; Path=\//);
  assert.match(session, /; Max-Age=\d+/);
  assert.doesNotMatch(session, /Secure/, 'no Secure flag over plain http');

  const home = await c.get('/');
  assert.equal(home.status, 200);
  assert.ok(home.text.includes(DEMO.worker.name), 'home page greets the signed-in person');
  assert.match(home.text, /action="\/logout"/);
});

test('a login redirect only follows local paths', async () => {
  const c = new Client(server);
  const csrf = await c.csrfOf('/login');
  const res = await c.postForm('/login', { csrf, login: 'resident', password: DEMO_PASSWORD, next: '//evil.example/' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/');
  // Browsers drop tabs and line breaks inside a Location, so "/\t/evil.example" would become
  // "//evil.example"; backslashes count as slashes.
  for (const next of ['/\t/evil.example/', '/\n/evil.example/', '/\r\n/evil.example/', '/\\evil.example/',
    'https://evil.example/', 'javascript:alert(1)', '/\x7f/evil.example/']) {
    const d = new Client(server);
    const tok = await d.csrfOf('/login');
    const r = await d.postForm('/login', { csrf: tok, login: 'resident', password: DEMO_PASSWORD, next });
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), '/', JSON.stringify(next));
  }
  const d = new Client(server);
  const tok = await d.csrfOf('/login');
  const local = await d.postForm('/login', { csrf: tok, login: 'resident', password: DEMO_PASSWORD, next: '/nodes?page=2' });
  assert.equal(local.headers.get('location'), '/nodes?page=2', 'a local path with a query is kept');
});

test('Secure cookie flag behind an HTTPS proxy', async () => {
  const c = new Client(server, { headers: { 'X-Forwarded-Proto': 'https' } });
  const res = await c.loginForm('resident');
  assert.equal(res.status, 303);
  assert.match(cookieNamed(res.cookies, 'mulin_session'), /; Secure/);
});

test('wrong password: the form answers 401 and keeps the login name', async () => {
  const c = new Client(server);
  const res = await c.loginForm('director', 'not-the-password');
  assert.equal(res.status, 401);
  assert.equal(cookieNamed(res.cookies, 'mulin_session'), undefined);
  assert.match(res.text, /role="alert"/);
  assert.match(res.text, /value="director"/);
  const me = await c.get('/api/v1/me');
  assert.equal(me.status, 401);
});

test('unknown login: 401 like a wrong password', async () => {
  const c = new Client(server);
  const res = await c.loginForm('nobody-here', DEMO_PASSWORD);
  assert.equal(res.status, 401);
  const api = await c.sendJson('POST', '/api/v1/session', { login: 'nobody-here', password: DEMO_PASSWORD });
  assert.equal(api.status, 401);
  assert.equal(api.json.error.code, 'wrong_login');
});

test('missing fields: 400', async () => {
  const c = new Client(server);
  const csrf = await c.csrfOf('/login');
  const res = await c.postForm('/login', { csrf, login: 'worker' });
  assert.equal(res.status, 400);
  const api = await c.sendJson('POST', '/api/v1/session', { login: 'worker' });
  assert.equal(api.status, 400);
  assert.equal(api.json.error.code, 'missing_field');
});

test('API login returns a bearer token that works, and wrong password is 401', async () => {
  const c = new Client(server);
  const bad = await c.sendJson('POST', '/api/v1/session', { login: 'chair', password: 'wrong-password' });
  assert.equal(bad.status, 401);
  assert.deepEqual(Object.keys(bad.json.error).sort(), ['code', 'message']);

  const res = await c.loginApi('chair');
  assert.equal(res.status, 201);
  assert.equal(typeof res.json.token, 'string');
  assert.equal(typeof res.json.csrf, 'string');
  assert.equal(res.json.person.name, DEMO.chair.name);
  const me = await c.api('GET', '/api/v1/me');
  assert.equal(me.status, 200);
  assert.equal(me.json.name, DEMO.chair.name);
  assert.equal(me.json.id, res.json.person.id);
  assert.ok(me.json.roles.some((r) => r.role === 'chair'));
});

test('login by phone number, also written +86 138-0000-0007', async () => {
  const a = new Client(server);
  const r1 = await a.loginForm(DEMO.resident.phone);
  assert.equal(r1.status, 303);
  const me = await a.get('/api/v1/me');
  assert.equal(me.json.name, DEMO.resident.name);

  const b = new Client(server);
  const r2 = await b.loginApi('+86 138-0000-0007');
  assert.equal(r2.status, 201);
  assert.equal(r2.json.person.name, DEMO.resident.name);

  const c = new Client(server);
  const r3 = await c.loginApi(DEMO.worker2.phone);
  assert.equal(r3.status, 201);
  assert.equal(r3.json.person.name, DEMO.worker2.name);
});

test('form logout ends the session on the server, not only in the browser', async () => {
  const c = new Client(server);
  assert.equal((await c.loginForm('recorder')).status, 303);
  const oldSession = c.jar.get('mulin_session');
  assert.equal((await c.get('/profile')).status, 200);
  const csrf = await c.csrfOf('/profile');
  const out = await c.postForm('/logout', { csrf });
  assert.equal(out.status, 303);
  assert.equal(out.headers.get('location'), '/');
  const cleared = cookieNamed(out.cookies, 'mulin_session');
  assert.match(cleared, /^mulin_session=; .*Max-Age=0/);
  const after = await c.get('/profile');
  assert.equal(after.status, 303);
  assert.match(after.headers.get('location'), /^\/login\?next=%2Fprofile$/);

  // Replaying the old cookie must not work either.
  const replay = new Client(server);
  replay.jar.set('mulin_session', oldSession);
  assert.equal((await replay.get('/api/v1/me')).status, 401);
  assert.equal((await replay.get('/profile')).status, 303);
});

test('API logout (DELETE /api/v1/session) revokes the bearer token', async () => {
  const c = new Client(server);
  await c.loginApi('leader');
  assert.equal((await c.api('GET', '/api/v1/me')).status, 200);
  const del = await c.api('DELETE', '/api/v1/session');
  assert.equal(del.status, 200);
  assert.deepEqual(del.json, { ok: true });
  const me = await c.api('GET', '/api/v1/me');
  assert.equal(me.status, 401);
  assert.equal(me.json.error.code, 'login_required');
});

test('logging out one session leaves the others', async () => {
  const a = new Client(server);
  const b = new Client(server);
  await a.loginApi('director');
  await b.loginApi('director');
  assert.equal((await a.api('DELETE', '/api/v1/session')).status, 200);
  assert.equal((await a.api('GET', '/api/v1/me')).status, 401);
  assert.equal((await b.api('GET', '/api/v1/me')).status, 200);
});

test('password change: the old password stops working, the new one works', async () => {
  const c = new Client(server);
  assert.equal((await c.loginForm('resident2')).status, 303);

  let csrf = await c.csrfOf('/profile');
  const wrongOld = await c.postForm('/profile/password', { csrf, old: 'not-my-password', new: 'brand-new-pass' });
  assert.equal(wrongOld.status, 400);
  const tooShort = await c.postForm('/profile/password', { csrf, old: DEMO_PASSWORD, new: 'short' });
  assert.equal(tooShort.status, 400);
  assert.equal((await new Client(server).loginApi('resident2')).status, 201, 'unchanged so far');

  const ok = await c.postForm('/profile/password', { csrf, old: DEMO_PASSWORD, new: '新的密码-abc' });
  assert.equal(ok.status, 200);
  assert.match(ok.text, /notice-ok/);

  assert.equal((await new Client(server).loginApi('resident2', DEMO_PASSWORD)).status, 401);
  const fresh = new Client(server);
  assert.equal((await fresh.loginForm('resident2', '新的密码-abc')).status, 303);
  assert.equal((await fresh.get('/api/v1/me')).json.name, DEMO.resident2.name);

  // Put it back so the account is usable as before.
  csrf = await c.csrfOf('/profile');
  assert.equal((await c.postForm('/profile/password', { csrf, old: '新的密码-abc', new: DEMO_PASSWORD })).status, 200);
  assert.equal((await new Client(server).loginApi('resident2')).status, 201);
});

test('pages that need a session redirect to /login with next; the API answers 401', async () => {
  const c = new Client(server);
  const page = await c.get('/nodes');
  assert.equal(page.status, 303);
  assert.equal(page.headers.get('location'), '/login?next=%2Fnodes');
  const bogus = new Client(server);
  bogus.token = 'x'.repeat(43);
  assert.equal((await bogus.api('GET', '/api/v1/me')).status, 401);
  bogus.jar.set('mulin_session', 'y'.repeat(43));
  assert.equal((await bogus.get('/api/v1/me')).status, 401);
});
