// Live events (GET /api/v1/nodes/{id}/events, Server-Sent Events): a role change on a node
// reaches the node's subscribers once its transaction commits, and only then.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, DEMO, demoNodes, loggedIn, openEvents, useServer } from './lib.mjs';

const server = useServer();
let worker;
let nodes;
let residentId;

before(async () => {
  await server.ready;
  worker = await loggedIn(server, 'worker');
  nodes = await demoNodes(worker);
  residentId = (await worker.api('GET', `/api/v1/nodes/${nodes.household}/people`)).json.people
    .find((p) => p.name === DEMO.resident.name).id;
});

/** A node's event stream as CLIENT (lib.mjs openEvents); frame() gives any frame, next() the
 * next named event. */
const subscribe = (client, nodeId) => openEvents(server, client, `/api/v1/nodes/${nodeId}/events`);

test('the stream opens with a retry hint, as text/event-stream', async () => {
  const r = await loggedIn(server, 'resident');
  const sub = await subscribe(r, nodes.dezhou5);
  try {
    assert.equal(sub.res.status, 200);
    assert.match(sub.res.headers.get('content-type'), /^text\/event-stream/);
    assert.equal(sub.res.headers.get('cache-control'), 'no-cache');
    const first = await sub.frame();
    assert.equal(first.retry, 3000);
  } finally {
    sub.close();
  }
});

test('a role given on the node reaches a subscriber; a refused one does not', async () => {
  const r = await loggedIn(server, 'resident2'); // any signed-in person may watch the tree
  const sub = await subscribe(r, nodes.dezhou5);
  const other = await subscribe(r, nodes.shanggang2);
  try {
    await sub.frame();
    await other.frame();
    // Refused (no CSRF token with a cookie session): rolled back, so nothing is sent.
    const cookie = new Client(server);
    await cookie.loginApi('worker');
    const refused = await cookie.sendJson('POST', `/api/v1/nodes/${nodes.dezhou5}/roles`, { person_id: residentId, role: 'chair' });
    assert.equal(refused.status, 403);
    // Not allowed (a worker cannot appoint workers): nothing either.
    assert.equal((await worker.api('POST', `/api/v1/nodes/${nodes.dezhou5}/roles`, { person_id: residentId, role: 'worker' })).status, 403);
    assert.equal(await sub.next(500), null);

    const ok = await worker.api('POST', `/api/v1/nodes/${nodes.dezhou5}/roles`, { person_id: residentId, role: 'chair' });
    assert.equal(ok.status, 200);
    const ev = await sub.next(5000);
    assert.ok(ev, 'an event arrived');
    assert.equal(ev.event, 'roles');
    assert.deepEqual(JSON.parse(ev.data), { node_id: nodes.dezhou5, person_id: residentId, role: 'chair', held: true });

    const off = await worker.api('POST', `/api/v1/nodes/${nodes.dezhou5}/roles/revoke`, { person_id: residentId, role: 'chair' });
    assert.equal(off.status, 200);
    const ev2 = await sub.next(5000);
    assert.deepEqual(JSON.parse(ev2.data), { node_id: nodes.dezhou5, person_id: residentId, role: 'chair', held: false });
    // Another node's stream heard nothing.
    assert.equal(await other.next(300), null);
  } finally {
    sub.close();
    other.close();
  }
});

test('events need a login and a real node', async () => {
  const anon = await fetch(`${server.base}/api/v1/nodes/${nodes.dezhou5}/events`);
  assert.equal(anon.status, 401);
  assert.equal((await anon.json()).error.code, 'login_required');
  const missing = await fetch(`${server.base}/api/v1/nodes/999999/events`, { headers: { Authorization: `Bearer ${worker.token}` } });
  assert.equal(missing.status, 404);
  assert.equal((await missing.json()).error.code, 'not_found');
});

test('many streams open and closed leave the server working', async () => {
  const subs = [];
  for (let i = 0; i < 20; i++) subs.push(await subscribe(worker, nodes.dezhou5));
  for (const s of subs) assert.equal(s.res.status, 200);
  for (const s of subs.slice(0, 10)) s.close();
  const ok = await worker.api('POST', `/api/v1/nodes/${nodes.dezhou5}/roles`, { person_id: residentId, role: 'recorder' });
  assert.equal(ok.status, 200);
  for (const s of subs.slice(10)) {
    const ev = await s.next(5000);
    assert.equal(ev?.event, 'roles');
  }
  for (const s of subs.slice(10)) s.close();
  assert.equal((await worker.api('GET', '/api/v1/me')).status, 200);
});

test('the server stops on SIGTERM even with a stream open (checked after this file)', async () => {
  // Left open on purpose: the after hook sends SIGTERM and requires exit 0.
  const sub = await subscribe(worker, nodes.household);
  assert.equal(sub.res.status, 200);
  await sub.frame();
  server.openStream = sub;
});
