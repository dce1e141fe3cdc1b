// Sessions and login throttles live in the database, so two nodes behind a load balancer act as
// one: a login on node A is good on node B, and wrong passwords spread over both nodes add up.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, demoDatabase, loggedIn, psql, startNode, stopNode } from './lib.mjs';

let db;
let a;
let b;

before(async () => {
  db = demoDatabase('session');
  [a, b] = await Promise.all([startNode(db, 'node A'), startNode(db, 'node B')]);
});

after(async () => {
  const stops = await Promise.allSettled([stopNode(a), stopNode(b)]);
  for (const s of stops) if (s.status === 'rejected') throw s.reason;
});

test('an API login on node A gives a bearer token that node B accepts', async () => {
  const c = await loggedIn(a.base, 'worker');
  const onA = await c.api('GET', '/api/v1/me');
  assert.equal(onA.status, 200, onA.text);
  const onB = await c.api('GET', '/api/v1/me', undefined, { base: b.base });
  assert.equal(onB.status, 200, onB.text);
  assert.deepEqual(onB.json, onA.json);
  assert.equal(onB.json.roles.some((r) => r.role === 'worker'), true);
  // Without the token node B refuses, so it really was the token that counted.
  const anon = await new Client(b.base).get('/api/v1/me');
  assert.equal(anon.status, 401);
});

test('the HTML form login (GET /login on B, POST /login on A) gives a cookie node B accepts', async () => {
  const c = new Client(a.base);
  // The form comes from one node and is posted to the other, as a load balancer may do.
  const res = await c.loginForm('leader', undefined, { formBase: b.base, postBase: a.base });
  assert.equal(res.status, 303, res.text);
  assert.ok(c.jar.size >= 1, 'a session cookie was set');
  const me = await c.get('/api/v1/me', { base: b.base });
  assert.equal(me.status, 200, me.text);
  assert.equal(me.json.roles.some((r) => r.role === 'group_leader'), true);
  const profile = await c.get('/profile', { base: b.base });
  assert.equal(profile.status, 200);
  // Logging out on node B ends the session on node A too.
  const csrf = /<input type="hidden" name="csrf" value="([^"]*)">/.exec(profile.text)?.[1];
  assert.ok(csrf, 'the profile page has a csrf token');
  const oldCookies = new Map(c.jar);
  assert.ok(oldCookies.get('mulin_session'), 'the session cookie is mulin_session');
  const out = await c.postForm('/logout', { csrf }, { base: b.base });
  assert.equal(out.status, 303, out.text);
  // The old cookie, replayed on node A, names no session any more.
  const replay = new Client(a.base);
  for (const [k, v] of oldCookies) replay.jar.set(k, v);
  assert.equal((await replay.get('/api/v1/me')).status, 401);
});

test('a token revoked on node B (DELETE /api/v1/session) is refused on node A', async () => {
  const c = await loggedIn(a.base, 'director');
  assert.equal((await c.api('DELETE', '/api/v1/session', undefined, { base: b.base })).status, 200);
  assert.equal((await c.api('GET', '/api/v1/me')).status, 401);
  assert.equal((await c.api('GET', '/api/v1/me', undefined, { base: b.base })).status, 401);
});

test('login throttling holds across nodes: 5 wrong passwords over A and B, then 429 on both', async () => {
  const who = 'recorder';
  const bases = [a.base, b.base, a.base, b.base, a.base];
  for (const [i, base] of bases.entries()) {
    const res = await new Client(base).loginApi(who, `wrong-password-${i}`);
    assert.equal(res.status, 401, `wrong try ${i + 1} on ${base}: ${res.status} ${res.text}`);
  }
  for (const base of [b.base, a.base]) {
    // Even the right password is refused while the account waits.
    const api = await new Client(base).loginApi(who);
    assert.equal(api.status, 429, `API try on ${base}: ${api.text}`);
    assert.ok(Number(api.headers['retry-after']) > 0, 'Retry-After is set');
    const form = await new Client(base).loginForm(who, 'wrong-password-x');
    assert.equal(form.status, 429, `form try on ${base}`);
  }
  // The count is one row in the shared database, whichever node took the tries.
  const failures = Number(psql(db.name, "SELECT failures FROM login_throttle WHERE key LIKE 'person:%'"));
  assert.equal(failures, 5);
  // Another account is not affected.
  assert.equal((await new Client(b.base).loginApi('chair')).status, 201);
});
