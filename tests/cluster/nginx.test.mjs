// nginx in front of two nodes, with deploy/nginx.conf itself (only ports, certificate and node
// addresses swapped): TLS ends at nginx, requests are spread over both nodes, a login through
// nginx holds whichever node answers, and Server-Sent Events pass through unbuffered.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { Client, demoDatabase, demoNodes, loggedIn, request, sse, startNginx, startNode, stopNode, waitListeners } from './lib.mjs';

let db;
let a;
let b;
let nginx;
let browser; // a form login through nginx (cookies)
let worker; // an API login through nginx (bearer)
let nodes;

before(async () => {
  db = demoDatabase('nginx');
  [a, b] = await Promise.all([startNode(db, 'node A'), startNode(db, 'node B')]);
  await waitListeners(db, 2);
  nginx = await startNginx([a, b]);
});

after(async () => {
  // Everything is stopped before anything is judged.
  const log = nginx ? await nginx.stop() : '';
  const stops = await Promise.allSettled([stopNode(a), stopNode(b)]);
  // Only the refused upload (the last test) may show up as an error.
  const bad = log.split('\n').filter((l) => /\[(emerg|alert|crit|error)\]/.test(l) && !/too large body/.test(l));
  assert.deepEqual(bad, [], `nginx's error log:\n${log}`);
  for (const s of stops) if (s.status === 'rejected') throw s.reason;
});

test('plain HTTP is sent to HTTPS', async () => {
  const res = await request(`${nginx.http}/nodes?x=1`);
  assert.equal(res.status, 301);
  assert.equal(res.headers.location, 'https://127.0.0.1/nodes?x=1');
});

test('a login through nginx, then pages through nginx answered by both nodes', async (t) => {
  browser = new Client(nginx.https, { ca: nginx.ca });
  const login = await browser.loginForm('worker');
  assert.equal(login.status, 303, login.text);
  // nginx passed X-Forwarded-Proto: https, so mulin marked its cookies Secure.
  const session = login.cookies.find((c) => c.startsWith('mulin_session='));
  assert.ok(session, `a session cookie: ${login.cookies}`);
  assert.match(session, /; Secure/);
  assert.match(login.headers['strict-transport-security'] || '', /max-age=/);

  worker = await loggedIn(nginx.https, 'worker', { ca: nginx.ca });
  nodes = await demoNodes(worker);

  const before = { a: a.requests().length, b: b.requests().length };
  const pages = ['/', '/nodes', `/nodes/${nodes.dezhou5}`, `/nodes/${nodes.dezhou5}/people`, '/profile',
    `/nodes/${nodes.shanggang2}`, '/api/v1/me', `/nodes/${nodes.sub}`, '/nodes', '/'];
  for (const p of pages) {
    const res = await browser.get(p);
    assert.equal(res.status, 200, `${p} through nginx: ${res.status} ${res.text.slice(0, 300)}`);
    assert.doesNotMatch(res.text, /<form method="post" action="\/login"/, `${p} is not the login form`);
  }
  await new Promise((r) => setTimeout(r, 100)); // the request lines are written as requests end
  const served = { a: a.requests().slice(before.a), b: b.requests().slice(before.b) };
  const ok = (list) => list.filter((r) => r.method === 'GET' && r.status === 200 && pages.includes(r.path));
  assert.ok(ok(served.a).length >= 1, `node A served none of the pages:\n${a.log().slice(-2000)}`);
  assert.ok(ok(served.b).length >= 1, `node B served none of the pages:\n${b.log().slice(-2000)}`);
  assert.equal(ok(served.a).length + ok(served.b).length, pages.length);
  t.diagnostic(`pages through nginx: ${ok(served.a).length} on node A, ${ok(served.b).length} on node B`);
});

test('event streams through nginx (one on each node) get an event published through nginx within 1 s', async (t) => {
  assert.ok(worker, 'logged in by the test before');
  const headers = { Authorization: `Bearer ${worker.token}` };
  const url = `${nginx.https}/api/v1/nodes/${nodes.dezhou5}/events`;
  // nginx takes the nodes in turn, so two streams opened one after the other land on both.
  const streams = [await sse(url, { headers, ca: nginx.ca }), await sse(url, { headers, ca: nginx.ca })];
  try {
    for (const s of streams) {
      assert.equal(s.status, 200);
      assert.match(s.headers['content-type'], /^text\/event-stream/);
      assert.equal((await s.next(3000))?.retry, 3000, 'the opening hint passes through nginx at once');
    }
    const resident = await loggedIn(nginx.https, 'resident', { ca: nginx.ca });
    const residentId = (await resident.api('GET', '/api/v1/me')).json.id;
    const t0 = performance.now();
    const res = await worker.api('POST', `/api/v1/nodes/${nodes.dezhou5}/roles`, { person_id: residentId, role: 'chair' });
    assert.equal(res.status, 200, res.text);
    for (const [i, s] of streams.entries()) {
      const ev = await s.nextEvent(2000);
      assert.ok(ev, `stream ${i + 1} got the event`);
      assert.equal(ev.event, 'roles');
      assert.deepEqual(JSON.parse(ev.data), { node_id: nodes.dezhou5, person_id: residentId, role: 'chair', held: true });
      const ms = ev.at - t0;
      t.diagnostic(`through nginx: stream ${i + 1} got the event ${ms.toFixed(1)} ms after the POST was sent`);
      assert.ok(ms < 1000, `latency ${ms.toFixed(1)} ms`);
    }
  } finally {
    for (const s of streams) s.close();
  }
  // nginx logs a stream when it ends: the two went to different nodes.
  const deadline = Date.now() + 5000;
  let ups = [];
  while (Date.now() < deadline) {
    ups = nginx.accessLog().split('\n').filter((l) => l.startsWith('GET /api/v1/nodes/') && l.includes('/events '))
      .map((l) => /upstream=(\S+)/.exec(l)?.[1]);
    if (ups.length >= 2) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(ups.length, 2, `two streams in nginx's log:\n${nginx.accessLog()}`);
  assert.deepEqual(new Set(ups), new Set([`127.0.0.1:${a.port}`, `127.0.0.1:${b.port}`]));
});

test('bodies over client_max_body_size 8m are refused by nginx with 413', async () => {
  const big = Buffer.alloc(9 << 20, 'a');
  const res = await request(`${nginx.https}/nodes/${nodes.dezhou5}/import`, {
    method: 'POST', body: big, ca: nginx.ca,
    headers: { 'Content-Type': 'text/csv', Cookie: browser.cookieHeader() },
  }).catch((e) => ({ status: `error ${e.code || e.message}` }));
  assert.equal(res.status, 413);
  assert.match(res.text, /nginx/, 'nginx itself refused it, before any node read the body');
  const refused = /^POST \/nodes\/\d+\/import 413 upstream=-$/m; // no node was asked
  for (let i = 0; i < 100 && !refused.test(nginx.accessLog()); i++) await new Promise((r) => setTimeout(r, 50));
  assert.match(nginx.accessLog(), refused);
});
