// Behind a trusted proxy (nginx), mulin reads the client's address from X-Forwarded-For, so the
// per-address login throttle counts each visitor apart instead of everyone behind nginx as one.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, demoDatabase, startNode, stopNode } from './lib.mjs';

let db;
let trusting;
let plain;

before(async () => {
  db = demoDatabase('proxy');
  [trusting, plain] = await Promise.all([
    startNode(db, 'trusting node', ['--trusted-proxy', '127.0.0.1']),
    startNode(db, 'plain node'),
  ]);
});

after(async () => {
  const stops = await Promise.allSettled([stopNode(trusting), stopNode(plain)]);
  for (const s of stops) if (s.status === 'rejected') throw s.reason;
});

/* The log line is written when the response has gone out, just after the client has it. */
async function logMatches(node, re) {
  for (let i = 0; i < 40 && !re.test(node.log()); i++) await new Promise((r) => setTimeout(r, 50));
  return node.log();
}

const from = (ip) => ({ headers: { 'X-Forwarded-For': `198.51.100.7, ${ip}` } });

test('30 wrong passwords from one forwarded address throttle that address only', async () => {
  // 6 accounts × 5 tries: each account stays within its own 5 free tries.
  for (const who of ['admin', 'leader', 'director', 'chair', 'recorder', 'resident']) {
    for (let i = 0; i < 5; i++) {
      const res = await new Client(trusting.base).loginApi(who, `wrong-${i}`, from('203.0.113.5'));
      assert.equal(res.status, 401, `${who} try ${i + 1}: ${res.status} ${res.text}`);
    }
  }
  // The same address now waits, whoever logs in from it...
  const blocked = await new Client(trusting.base).loginApi('worker', undefined, from('203.0.113.5'));
  assert.equal(blocked.status, 429, blocked.text);
  // ...while another visitor behind the same proxy logs in at once.
  const other = await new Client(trusting.base).loginApi('worker', undefined, from('203.0.113.6'));
  assert.equal(other.status, 201, other.text);
  // The request log names the forwarded client, not the proxy.
  const re = /203\.0\.113\.6 POST \/api\/v1\/session 201/;
  assert.match(await logMatches(trusting, re), re);
});

test('a node that trusts no proxy ignores X-Forwarded-For', async () => {
  const res = await new Client(plain.base).loginApi('worker2', undefined, from('203.0.113.9'));
  assert.equal(res.status, 201, res.text);
  const re = /127\.0\.0\.1 POST \/api\/v1\/session 201/;
  assert.match(await logMatches(plain, re), re);
  assert.doesNotMatch(plain.log(), /203\.0\.113\.9/);
});
