// Live events across nodes: a role granted through node A travels through PostgreSQL's NOTIFY
// to every node's listener and reaches Server-Sent Events clients on node B (and A) within a
// second; a client watching another node's channel hears nothing. Last, SIGTERM stops each node
// with exit status 0 while streams are open.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { demoDatabase, demoNodes, loggedIn, sanitizerReports, sse, startNode, stopNode, waitListeners } from './lib.mjs';

let db;
let a;
let b;
let worker; // logged in on node A
let watcher; // logged in on node B
let nodes;
let residentId;
let stopped = false;

before(async () => {
  db = demoDatabase('events');
  [a, b] = await Promise.all([startNode(db, 'node A'), startNode(db, 'node B')]);
  await waitListeners(db, 2);
  worker = await loggedIn(a.base, 'worker');
  watcher = await loggedIn(b.base, 'resident2');
  nodes = await demoNodes(worker);
  residentId = (await (await loggedIn(a.base, 'resident')).api('GET', '/api/v1/me')).json.id;
});

after(async () => {
  if (stopped) return;
  const stops = await Promise.allSettled([stopNode(a), stopNode(b)]);
  for (const s of stops) if (s.status === 'rejected') throw s.reason;
});

const auth = (c) => ({ headers: { Authorization: `Bearer ${c.token}` } });

/** Opens a stream and reads its opening hint, so it is registered before anything is sent. */
async function open(base, client, nodeId) {
  const s = await sse(`${base}/api/v1/nodes/${nodeId}/events`, auth(client));
  assert.equal(s.status, 200);
  assert.match(s.headers['content-type'], /^text\/event-stream/);
  const first = await s.next(3000);
  assert.equal(first?.retry, 3000, 'the stream opens with a retry hint');
  return s;
}

test('a role granted through node A reaches streams on B and A within 1 s, not another channel', async (t) => {
  const onB = await open(b.base, watcher, nodes.dezhou5);
  const onA = await open(a.base, worker, nodes.dezhou5);
  const elsewhere = await open(b.base, watcher, nodes.shanggang2);
  const latencies = [];
  try {
    const rounds = [['chair', true], ['chair', false], ['recorder', true], ['recorder', false], ['director', true]];
    for (const [role, held] of rounds) {
      const t0 = performance.now();
      const res = await worker.api('POST', `/api/v1/nodes/${nodes.dezhou5}/roles${held ? '' : '/revoke'}`,
        { person_id: residentId, role });
      const answered = performance.now() - t0;
      assert.equal(res.status, 200, res.text);
      const evB = await onB.nextEvent(2000);
      assert.ok(evB, `the ${role} event reached node B`);
      const ms = evB.at - t0;
      latencies.push(ms);
      t.diagnostic(`${held ? 'grant' : 'revoke'} ${role}: POST on A answered in ${answered.toFixed(1)} ms,`
        + ` event on B after ${ms.toFixed(1)} ms`);
      assert.equal(evB.event, 'roles');
      const want = { node_id: nodes.dezhou5, person_id: residentId, role, held };
      assert.deepEqual(JSON.parse(evB.data), want);
      assert.ok(ms < 1000, `cross-node latency ${ms.toFixed(1)} ms is under 1000 ms`);
      const evA = await onA.nextEvent(2000);
      assert.ok(evA, `the ${role} event reached node A`);
      assert.deepEqual(JSON.parse(evA.data), want);
      assert.ok(evA.at - t0 < 1000, `same-node latency ${(evA.at - t0).toFixed(1)} ms`);
    }
    const sorted = [...latencies].sort((x, y) => x - y);
    t.diagnostic(`cross-node SSE latency over ${sorted.length} events: min ${sorted[0].toFixed(1)} ms,`
      + ` median ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} ms, max ${sorted.at(-1).toFixed(1)} ms`);
    // Nothing for the other area's channel, and nothing more on the first streams.
    assert.equal(await elsewhere.nextEvent(300), null);
    assert.equal(await onB.nextEvent(100), null);
  } finally {
    onB.close();
    onA.close();
    elsewhere.close();
  }
});

test('a refused grant on node A sends nothing to node B', async () => {
  const onB = await open(b.base, watcher, nodes.dezhou5);
  try {
    // A worker may not appoint workers: 403, rolled back, no event.
    const res = await worker.api('POST', `/api/v1/nodes/${nodes.dezhou5}/roles`, { person_id: residentId, role: 'worker' });
    assert.equal(res.status, 403, res.text);
    assert.equal(await onB.nextEvent(500), null);
  } finally {
    onB.close();
  }
});

test('SIGTERM stops each node with exit status 0 while streams are open', async () => {
  const streams = [
    await open(a.base, worker, nodes.dezhou5),
    await open(b.base, watcher, nodes.dezhou5),
    await open(b.base, watcher, nodes.shanggang2),
  ];
  stopped = true;
  const t0 = Date.now();
  const [ea, eb] = await Promise.all([a.stop('SIGTERM'), b.stop('SIGTERM')]);
  for (const [n, e] of [[a, ea], [b, eb]]) {
    assert.equal(e.signal, null, `${n.name} died of ${e.signal}:\n${e.log.slice(-3000)}`);
    assert.equal(e.code, 0, `${n.name} exit status ${e.code}:\n${e.log.slice(-3000)}`);
    assert.match(e.log, /stopping on signal 15/);
    assert.deepEqual(sanitizerReports(e.log), [], `${n.name}:\n${e.log.slice(-8000)}`);
  }
  assert.ok(Date.now() - t0 < 10000, `the nodes stopped in ${Date.now() - t0} ms`);
  // Every stream was ended by its node.
  for (const s of streams) assert.equal(await Promise.race([s.ended, new Promise((r) => setTimeout(() => r(false), 2000))]), true);
});
