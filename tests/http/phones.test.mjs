// Phone numbers: shown in full only with ACT_VIEW_PHONE (group leader, worker, admin); anyone
// else who may see people sees them masked as 138****0007.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, DEMO, demoNodes, loggedIn, useServer } from './lib.mjs';

const server = useServer();
let nodes;
const MASKED = /^1\d\d\*\*\*\*\d{4}$/;
const FULL = /^1\d{10}$/;

before(async () => {
  await server.ready;
  nodes = await demoNodes(await loggedIn(server, 'admin'));
});

function mask(phone) {
  return `${phone.slice(0, 3)}****${phone.slice(7)}`;
}

test('a resident sees the phones of their household masked (API)', async () => {
  const r = await loggedIn(server, 'resident');
  const res = await r.api('GET', `/api/v1/nodes/${nodes.household}/people`);
  assert.equal(res.status, 200);
  const people = res.json.people;
  assert.ok(people.length >= 7, 'the demo household holds the demo accounts and its residents');
  for (const p of people) {
    if (p.phone !== '') assert.match(p.phone, MASKED, `${p.name}: ${p.phone}`);
  }
  const byName = Object.fromEntries(people.map((p) => [p.name, p]));
  assert.equal(byName[DEMO.worker.name].phone, '138****0002');
  assert.equal(byName[DEMO.leader.name].phone, '138****0003');
  assert.equal(byName[DEMO.resident.name].phone, '138****0007');
  assert.ok(!JSON.stringify(res.json).includes(DEMO.worker.phone));
});

test('a resident sees them masked on the roster page and the person page too', async () => {
  const r = new Client(server);
  assert.equal((await r.loginForm('resident')).status, 303);
  const page = await r.get(`/nodes/${nodes.household}/people`);
  assert.equal(page.status, 200);
  assert.ok(page.text.includes('<td>138****0002</td>'));
  assert.ok(page.text.includes('<td>138****0006</td>'));
  assert.ok(!/1380000\d{4}/.test(page.text), 'no full demo phone on the page');
  assert.ok(!/<td>139\d{8}<\/td>/.test(page.text), 'no full generated phone on the page');

  const people = (await (await loggedIn(server, 'resident')).api('GET', `/api/v1/nodes/${nodes.household}/people`)).json.people;
  const worker = people.find((p) => p.name === DEMO.worker.name);
  const person = await r.get(`/people/${worker.id}`);
  assert.equal(person.status, 200);
  assert.ok(person.text.includes('<dd>138****0002</dd>'));
  assert.ok(!person.text.includes(DEMO.worker.phone));
});

test('a worker sees full numbers (API, roster page, person page)', async () => {
  const w = await loggedIn(server, 'worker');
  const res = await w.api('GET', `/api/v1/nodes/${nodes.household}/people`);
  assert.equal(res.status, 200);
  const byName = Object.fromEntries(res.json.people.map((p) => [p.name, p]));
  assert.equal(byName[DEMO.resident.name].phone, DEMO.resident.phone);
  assert.equal(byName[DEMO.chair.name].phone, DEMO.chair.phone);
  for (const p of res.json.people) if (p.phone !== '') assert.match(p.phone, FULL);

  const page = await w.get(`/nodes/${nodes.household}/people`);
  assert.ok(page.text.includes(`<td>${DEMO.resident.phone}</td>`));
  assert.ok(!page.text.includes('****'));
  const person = await w.get(`/people/${byName[DEMO.resident.name].id}`);
  assert.ok(person.text.includes(`<dd>${DEMO.resident.phone}</dd>`));

  // Across the whole area, every number is in full.
  const area = await w.api('GET', `/api/v1/nodes/${nodes.dezhou5}/people`);
  assert.ok(area.json.people.length > 50);
  for (const p of area.json.people) if (p.phone !== '') assert.match(p.phone, FULL);
});

test('a building-group leader sees full numbers in the group; a director only masked ones', async () => {
  const l = await loggedIn(server, 'leader');
  const group = await l.api('GET', `/api/v1/nodes/${nodes.group1}/people`);
  assert.equal(group.status, 200);
  for (const p of group.json.people) if (p.phone !== '') assert.match(p.phone, FULL);

  const d = await loggedIn(server, 'director');
  const hh = await d.api('GET', `/api/v1/nodes/${nodes.household}/people`);
  const byName = Object.fromEntries(hh.json.people.map((p) => [p.name, p]));
  assert.equal(byName[DEMO.admin?.name]?.phone, undefined, 'admin lives in no household');
  assert.equal(byName[DEMO.resident.name].phone, mask(DEMO.resident.phone));
});

test('the admin sees full numbers in 上钢二村 as well', async () => {
  const a = await loggedIn(server, 'admin');
  const res = await a.api('GET', `/api/v1/nodes/${nodes.shanggang2}/people`);
  const byName = Object.fromEntries(res.json.people.map((p) => [p.name, p]));
  assert.equal(byName[DEMO.resident2.name].phone, DEMO.resident2.phone);
  // resident2 sees the worker2 of their own household masked.
  const r2 = await loggedIn(server, 'resident2');
  const hh = (await r2.api('GET', '/api/v1/me')).json.household_id;
  const mine = (await r2.api('GET', `/api/v1/nodes/${hh}/people`)).json.people;
  assert.equal(mine.find((p) => p.name === DEMO.worker2.name).phone, mask(DEMO.worker2.phone));
});
