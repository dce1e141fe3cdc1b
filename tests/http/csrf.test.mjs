// CSRF: every state change made with a cookie session needs the session's token (form field
// "csrf" or header X-CSRF-Token); without it the answer is 403 and nothing changes. A bearer
// token needs none (a browser never sends one on its own).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, DEMO, DEMO_PASSWORD, demoNodes, importForm, loggedIn, useServer } from './lib.mjs';

const server = useServer();
let admin; // bearer client used to look things up
let nodes;
let residentId;

before(async () => {
  await server.ready;
  admin = await loggedIn(server, 'admin');
  nodes = await demoNodes(admin);
  const people = (await admin.api('GET', `/api/v1/nodes/${nodes.household}/people`)).json.people;
  residentId = people.find((p) => p.name === DEMO.resident.name).id;
});

async function rolesOn(nodeId) {
  const res = await admin.api('GET', `/api/v1/nodes/${nodeId}/roles`);
  assert.equal(res.status, 200);
  return res.json.roles;
}

async function holds(nodeId, personId, role) {
  return (await rolesOn(nodeId)).some((r) => r.person_id === personId && r.role === role);
}

function assertCsrfPage(res) {
  assert.equal(res.status, 403);
  assert.match(res.headers.get('content-type'), /^text\/html/);
  assert.match(res.text, /role="alert"/);
}

function assertCsrfJson(res) {
  assert.equal(res.status, 403);
  assert.deepEqual(Object.keys(res.json), ['error']);
  assert.equal(res.json.error.code, 'csrf');
}

test('role grant form without a token: 403 and the role is not given', async () => {
  const w = new Client(server);
  assert.equal((await w.loginForm('worker')).status, 303);
  const url = `/nodes/${nodes.dezhou5}/roles`;
  assertCsrfPage(await w.postForm(url, { person: String(residentId), role: 'recorder' }));
  assert.equal(await holds(nodes.dezhou5, residentId, 'recorder'), false);

  assertCsrfPage(await w.postForm(url, { csrf: 'forged-token-value', person: String(residentId), role: 'recorder' }));
  assertCsrfPage(await w.postForm(url, { csrf: '', person: String(residentId), role: 'recorder' }));
  assert.equal(await holds(nodes.dezhou5, residentId, 'recorder'), false);

  // A token from someone else's session does not fit this one.
  const other = new Client(server);
  await other.loginForm('worker');
  assertCsrfPage(await w.postForm(url, { csrf: other.csrf, person: String(residentId), role: 'recorder' }));
  assert.equal(await holds(nodes.dezhou5, residentId, 'recorder'), false);

  // The anonymous token from before signing in is no longer valid either.
  const anon = new Client(server);
  const anonToken = await anon.csrfOf('/login');
  await anon.postForm('/login', { csrf: anonToken, login: 'worker', password: DEMO_PASSWORD });
  assertCsrfPage(await anon.postForm(url, { csrf: anonToken, person: String(residentId), role: 'recorder' }));
  assert.equal(await holds(nodes.dezhou5, residentId, 'recorder'), false);

  // With the page's token it works, and the revoke needs the token as well.
  const csrf = await w.csrfOf(url);
  const ok = await w.postForm(url, { csrf, person: String(residentId), role: 'recorder' });
  assert.equal(ok.status, 200);
  assert.equal(await holds(nodes.dezhou5, residentId, 'recorder'), true);
  assertCsrfPage(await w.postForm(`${url}/revoke`, { person: String(residentId), role: 'recorder' }));
  assert.equal(await holds(nodes.dezhou5, residentId, 'recorder'), true);
  assert.equal((await w.postForm(`${url}/revoke`, { csrf, person: String(residentId), role: 'recorder' })).status, 200);
  assert.equal(await holds(nodes.dezhou5, residentId, 'recorder'), false);
});

test('API with a cookie session: no X-CSRF-Token → 403 and nothing changes', async () => {
  const w = new Client(server);
  await w.loginApi('worker'); // sets the cookie too
  const url = `/api/v1/nodes/${nodes.dezhou5}/roles`;
  const body = { person_id: residentId, role: 'chair' };
  assertCsrfJson(await w.sendJson('POST', url, body));
  assertCsrfJson(await w.sendJson('POST', url, body, { headers: { 'X-CSRF-Token': 'nope' } }));
  assert.equal(await holds(nodes.dezhou5, residentId, 'chair'), false);

  const ok = await w.sendJson('POST', url, body, { headers: { 'X-CSRF-Token': w.csrf } });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.held, true);
  assert.equal(await holds(nodes.dezhou5, residentId, 'chair'), true);

  assertCsrfJson(await w.sendJson('POST', `${url}/revoke`, body));
  assert.equal(await holds(nodes.dezhou5, residentId, 'chair'), true);

  // A bearer token needs no CSRF token.
  const bearer = await w.api('POST', `${url}/revoke`, body);
  assert.equal(bearer.status, 200);
  assert.equal(bearer.json.held, false);
  assert.equal(await holds(nodes.dezhou5, residentId, 'chair'), false);
});

test('language switch without a token: 403, no cookie, not remembered', async () => {
  const anon = new Client(server);
  await anon.get('/login');
  const res = await anon.postForm('/lang', { to: 'en', next: '/' });
  assertCsrfPage(res);
  assert.equal(res.cookies.find((c) => c.startsWith('lang=')), undefined);
  assert.match((await anon.get('/login')).text, /<html lang="zh-CN">/);

  const r = new Client(server);
  await r.loginForm('resident');
  assertCsrfPage(await r.postForm('/lang', { to: 'en', next: '/' }));
  assert.match((await r.get('/')).text, /<html lang="zh-CN">/);
  const again = await loggedIn(server, 'resident');
  assert.equal((await again.api('GET', '/api/v1/me')).json.lang, 'zh');
});

test('logout without a token: 403 and the session stays', async () => {
  const c = new Client(server);
  await c.loginForm('leader');
  assertCsrfPage(await c.postForm('/logout', {}));
  assert.equal((await c.get('/api/v1/me')).status, 200);

  const api = new Client(server);
  await api.loginApi('leader');
  assertCsrfJson(await api.request('DELETE', '/api/v1/session'));
  assert.equal((await api.get('/api/v1/me')).status, 200, 'the cookie session still works');
  assert.equal((await api.request('DELETE', '/api/v1/session', { headers: { 'X-CSRF-Token': api.csrf } })).status, 200);
  assert.equal((await api.get('/api/v1/me')).status, 401);
});

test('login form without the anonymous token: 403 and no session', async () => {
  const c = new Client(server);
  const res = await c.postForm('/login', { login: 'worker', password: DEMO_PASSWORD });
  assertCsrfPage(res);
  assert.equal(res.cookies.find((x) => x.startsWith('mulin_session=')), undefined);
  // A token in the form but no matching cookie is refused too.
  const d = new Client(server);
  const tok = await d.csrfOf('/login');
  const e = new Client(server);
  assertCsrfPage(await e.postForm('/login', { csrf: tok, login: 'worker', password: DEMO_PASSWORD }));
});

test('password change without a token: 403 and the password stays', async () => {
  const c = new Client(server);
  await c.loginForm('director');
  assertCsrfPage(await c.postForm('/profile/password', { old: DEMO_PASSWORD, new: 'changed-by-csrf' }));
  assert.equal((await new Client(server).loginApi('director', DEMO_PASSWORD)).status, 201);
});

test('invitation codes and roster upload without a token: 403 and nothing made', async () => {
  const w = new Client(server);
  await w.loginForm('worker');
  assertCsrfPage(await w.postForm(`/nodes/${nodes.household}/invitations`, {}));
  const page = await w.get(`/nodes/${nodes.household}/invitations`);
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.text, /class="code"/);

  const before = (await admin.api('GET', `/api/v1/nodes/${nodes.dezhou5}`)).json.people;
  const csv = '姓名,手机,楼号,室号,楼组,区块\r\n赵六,,1号楼,101室,1号楼组,东区\r\n';
  const res = await w.request('POST', `/nodes/${nodes.dezhou5}/import`, { body: importForm(null, Buffer.from(csv)) });
  assertCsrfPage(res);
  assert.equal((await admin.api('GET', `/api/v1/nodes/${nodes.dezhou5}`)).json.people, before);
});

test('login CSRF: the API login takes JSON only, not a text/plain form that looks like JSON', async () => {
  // <form enctype="text/plain"> with a field named {"login":"worker","password":"mulin-demo","x":"
  // and the value "} posts exactly this body, cross-site and without a CSRF token.
  const body = '{"login":"worker","password":"mulin-demo","x":"="}';
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', null]) {
    const c = new Client(server);
    const res = await c.request('POST', '/api/v1/session', { body, headers: type ? { 'Content-Type': type } : {} });
    assert.equal(res.status, 400, `${type}: ${res.status}`);
    assert.equal(res.cookies.find((x) => x.startsWith('mulin_session=')), undefined, `${type}: no session cookie`);
  }
  const ok = await new Client(server).request('POST', '/api/v1/session', { body, headers: { 'Content-Type': 'application/json; charset=utf-8' } });
  assert.equal(ok.status, 201);
});
