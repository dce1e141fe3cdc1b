// Invitation codes: a worker makes codes for the people under a node who have no account,
// prints them, and a resident opens their account at /claim with code, phone and password.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, DEMO, demoNodes, loggedIn, useServer } from './lib.mjs';

const server = useServer();
let nodes;
let worker;
let admin;

/** The slips on an invitations page: [{ name, code }]. */
function slips(html) {
  return [...html.matchAll(/<div class="slip"><p>(.*?)：.*?<\/p><p class="code">([^<]+)<\/p>/g)]
    .map((m) => ({ name: m[1], code: m[2] }));
}

before(async () => {
  await server.ready;
  admin = await loggedIn(server, 'admin');
  nodes = await demoNodes(admin);
  worker = new Client(server);
  assert.equal((await worker.loginForm('worker')).status, 303);
});

let slip; // the slip claimed below

test('a worker makes codes for everyone without an account', async () => {
  const url = `/nodes/${nodes.household}/invitations`;
  const empty = await worker.get(url);
  assert.equal(empty.status, 200);
  assert.deepEqual(slips(empty.text), []);

  const csrf = await worker.csrfOf(url);
  const made = await worker.postForm(url, { csrf });
  assert.equal(made.status, 303);
  assert.equal(made.headers.get('location'), url);

  const page = await worker.get(url);
  const list = slips(page.text);
  const people = (await admin.api('GET', `/api/v1/nodes/${nodes.household}/people`)).json.people;
  const without = people.filter((p) => !p.has_account).map((p) => p.name).sort();
  assert.ok(without.length >= 1, 'the demo household has residents without accounts');
  assert.deepEqual(list.map((s) => s.name).sort(), without);
  for (const s of list) assert.match(s.code, /^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
  assert.equal(new Set(list.map((s) => s.code)).size, list.length, 'codes are distinct');

  // Making codes again keeps the existing ones.
  await worker.postForm(url, { csrf });
  assert.deepEqual(slips((await worker.get(url)).text), list);
  slip = list[0];
});

test('an anonymous visitor claims the code with a phone and password, then logs in by phone', async () => {
  const anon = new Client(server);
  const csrf = await anon.csrfOf('/claim');
  const phone = '13955556666';
  // Lower case and without the dash is fine: the code is normalised.
  const code = slip.code.replace('-', '').toLowerCase();
  const res = await anon.postForm('/claim', { csrf, code, phone, password: 'my-own-password' });
  assert.equal(res.status, 303, res.text.slice(0, 2000));
  assert.equal(res.headers.get('location'), '/');
  assert.ok(anon.jar.get('mulin_session'), 'claiming signs the person in');
  const me = await anon.get('/api/v1/me');
  assert.equal(me.status, 200);
  assert.equal(me.json.name, slip.name);
  assert.equal(me.json.household_id, nodes.household);

  const later = new Client(server);
  const login = await later.loginForm(phone, 'my-own-password');
  assert.equal(login.status, 303);
  assert.equal((await later.get('/api/v1/me')).json.name, slip.name);
  assert.equal((await new Client(server).loginApi('139-5555-6666', 'my-own-password')).status, 201);

  // The roster now shows the account, the invitations page no longer lists the slip.
  const people = (await admin.api('GET', `/api/v1/nodes/${nodes.household}/people`)).json.people;
  const p = people.find((x) => x.name === slip.name);
  assert.equal(p.has_account, true);
  assert.equal(p.phone, phone);
  const left = slips((await worker.get(`/nodes/${nodes.household}/invitations`)).text);
  assert.ok(!left.some((s) => s.code === slip.code));
  // As a resident, the new account sees their own household.
  const r = await later.get(`/nodes/${nodes.household}/people`);
  assert.equal(r.status, 200);
});

test('a used code cannot be claimed again', async () => {
  const anon = new Client(server);
  const csrf = await anon.csrfOf('/claim');
  const res = await anon.postForm('/claim', { csrf, code: slip.code, phone: '13977778888', password: 'another-password' });
  assert.equal(res.status, 400);
  assert.match(res.text, /role="alert"/);
  assert.equal(anon.jar.get('mulin_session'), undefined);
  assert.equal((await new Client(server).loginApi('13977778888', 'another-password')).status, 401);
});

test('claims with a bad code, a bad phone, a short password or a taken phone are refused', async () => {
  const list = slips((await worker.get(`/nodes/${nodes.household}/invitations`)).text);
  assert.ok(list.length >= 1, 'another unclaimed slip');
  const code = list[0].code;
  const anon = new Client(server);
  const csrf = await anon.csrfOf('/claim');
  const tries = [
    { code: 'AAAA-AAAA', phone: '13900001111', password: 'long-enough-1' }, // no such code
    { code: 'IIII-0000', phone: '13900001111', password: 'long-enough-1' }, // not in the alphabet
    { code, phone: '12345', password: 'long-enough-1' },
    { code, phone: '13900001111', password: 'short' },
    { code, phone: DEMO.worker.phone, password: 'long-enough-1' }, // phone of an account
  ];
  for (const t of tries) {
    const res = await anon.postForm('/claim', { csrf, ...t });
    assert.equal(res.status, 400, JSON.stringify(t));
  }
  assert.equal(anon.jar.get('mulin_session'), undefined);
  // The code is still good after all that.
  assert.ok(slips((await worker.get(`/nodes/${nodes.household}/invitations`)).text).some((s) => s.code === code));
});

test('who may make codes: worker and leader in their part, not a resident', async () => {
  const r = new Client(server);
  await r.loginForm('resident');
  const csrf = await r.csrfOf('/profile');
  assert.equal((await r.postForm(`/nodes/${nodes.household}/invitations`, { csrf })).status, 403);
  const l = new Client(server);
  await l.loginForm('leader');
  const csrfL = await l.csrfOf('/profile');
  assert.equal((await l.postForm(`/nodes/${nodes.group1}/invitations`, { csrf: csrfL })).status, 303);
  assert.equal((await l.postForm(`/nodes/${nodes.dezhou5}/invitations`, { csrf: csrfL })).status, 403);
  assert.equal((await worker.postForm(`/nodes/${nodes.shanggang2}/invitations`, { csrf: worker.csrf })).status, 403);
});
