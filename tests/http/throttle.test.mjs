// Login throttling (src/auth/throttle.h): after THROTTLE_FREE_ACCOUNT (5) wrong passwords for
// one account every further try waits, even with the right password; after
// THROTTLE_FREE_ADDRESS (30) wrong passwords from one address every account waits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, DEMO, DEMO_PASSWORD, useServer } from './lib.mjs';

const server = useServer();
const FREE_ACCOUNT = 5;
const FREE_ADDRESS = 30;
let addressFailures = 0; // wrong passwords sent from 127.0.0.1 so far in this file

function assertRetryAfter(res) {
  const ra = res.headers.get('retry-after');
  assert.ok(ra, 'a 429 carries Retry-After');
  assert.match(ra, /^\d+$/);
  assert.ok(Number(ra) > 0 && Number(ra) <= 900, `Retry-After ${ra} within (0, 900]`);
  return Number(ra);
}

test('ten wrong passwords in a row: the first five are 401, then 429 with Retry-After', async () => {
  const c = new Client(server);
  const statuses = [];
  for (let i = 0; i < 10; i++) {
    const res = await c.sendJson('POST', '/api/v1/session', { login: 'resident', password: `wrong-${i}` });
    statuses.push(res.status);
    if (res.status === 401) addressFailures++;
    if (res.status === 429) {
      assertRetryAfter(res);
      assert.equal(res.json.error.code, 'throttled');
      assert.equal(typeof res.json.error.message, 'string');
    }
  }
  assert.deepEqual(statuses, [...Array(FREE_ACCOUNT).fill(401), ...Array(10 - FREE_ACCOUNT).fill(429)]);
});

test('the throttled account is refused even with the right password (API and form)', async () => {
  const api = await new Client(server).sendJson('POST', '/api/v1/session', { login: 'resident', password: DEMO_PASSWORD });
  assert.equal(api.status, 429);
  assertRetryAfter(api);
  assert.equal(api.json.token, undefined);

  const c = new Client(server);
  const form = await c.loginForm('resident', DEMO_PASSWORD);
  assert.equal(form.status, 429);
  const wait = assertRetryAfter(form);
  assert.ok(form.text.includes(String(wait)), 'the page says how long to wait');
  assert.equal(c.jar.get('mulin_session'), undefined);
  assert.equal((await c.get('/api/v1/me')).status, 401);
});

test('the throttle holds for the account whichever way it is named (user name or phone)', async () => {
  // resident's phone is 13800000007: the same account as the user name "resident".
  for (const login of [DEMO.resident.phone, '+86 138 0000 0007']) {
    const res = await new Client(server).sendJson('POST', '/api/v1/session', { login, password: DEMO_PASSWORD });
    assert.equal(res.status, 429, `login as ${login} must be throttled too (got ${res.status})`);
  }
});

test('a throttled account does not lock out other accounts', async () => {
  const res = await new Client(server).sendJson('POST', '/api/v1/session', { login: 'leader', password: DEMO_PASSWORD });
  assert.equal(res.status, 201);
  const form = await new Client(server).loginForm('worker');
  assert.equal(form.status, 303);
});

test('a successful login clears the account\'s earlier failures', async () => {
  const c = new Client(server);
  for (let i = 0; i < FREE_ACCOUNT - 1; i++) {
    assert.equal((await c.sendJson('POST', '/api/v1/session', { login: 'chair', password: 'nope-nope' })).status, 401);
    addressFailures++;
  }
  assert.equal((await c.loginApi('chair')).status, 201);
  for (let i = 0; i < FREE_ACCOUNT - 1; i++) {
    assert.equal((await c.sendJson('POST', '/api/v1/session', { login: 'chair', password: 'nope-nope' })).status, 401,
      'the count started again after the good login');
    addressFailures++;
  }
  assert.equal((await c.loginApi('chair')).status, 201);
});

test('too many wrong passwords from one address throttle every account from it', async () => {
  const c = new Client(server);
  // Unknown logins, so no single account reaches its own limit first.
  let n = 0;
  while (addressFailures < FREE_ADDRESS) {
    const res = await c.sendJson('POST', '/api/v1/session', { login: `ghost${n++}`, password: 'whatever-1' });
    assert.equal(res.status, 401);
    addressFailures++;
  }
  const res = await c.sendJson('POST', '/api/v1/session', { login: 'recorder', password: DEMO_PASSWORD });
  assert.equal(res.status, 429);
  assertRetryAfter(res);
});
