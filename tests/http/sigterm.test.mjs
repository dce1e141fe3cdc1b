// Stopping: SIGTERM makes the server finish what is in flight and exit 0, also with idle
// keep-alive connections open. (Every other file checks exit 0 after its tests as well.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { logProblems, startServer } from './lib.mjs';

function refused(port) {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.on('connect', () => { s.destroy(); resolve(false); });
    s.on('error', () => resolve(true));
  });
}

test('SIGTERM on an idle server: exit 0, the port is closed', async () => {
  const s = await startServer();
  try {
    const t0 = Date.now();
    const { code, signal, log } = await s.stop();
    assert.deepEqual(logProblems(log), []);
    assert.equal(signal, null);
    assert.equal(code, 0, log);
    assert.ok(Date.now() - t0 < 10000, 'stops promptly');
    assert.match(log, /stopping on signal 15/);
    assert.equal(await refused(s.port), true);
  } finally {
    fs.rmSync(s.dir, { recursive: true, force: true });
  }
});

test('SIGTERM with a keep-alive connection open and a login in flight: it completes, exit 0', async () => {
  const s = await startServer();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    // An idle keep-alive connection.
    await new Promise((resolve, reject) => {
      http.get({ host: '127.0.0.1', port: s.port, path: '/login', agent }, (res) => { res.resume(); res.on('end', resolve); }).on('error', reject);
    });
    // A login (slow: password hashing) and SIGTERM right behind it.
    const body = JSON.stringify({ login: 'worker', password: 'mulin-demo' });
    const inFlight = new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: s.port, path: '/api/v1/session', method: 'POST', agent: false,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
        const chunks = [];
        res.on('data', (d) => chunks.push(d));
        res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString() }));
      });
      req.on('error', reject);
      req.end(body);
    });
    await new Promise((r) => setTimeout(r, 20));
    const stopped = s.stop();
    const res = await inFlight;
    assert.equal(res.status, 201, res.text);
    const { code, signal, log } = await stopped;
    assert.deepEqual(logProblems(log), []);
    assert.equal(signal, null);
    assert.equal(code, 0, log);
  } finally {
    agent.destroy();
    fs.rmSync(s.dir, { recursive: true, force: true });
  }
});

test('SIGINT stops it the same way', async () => {
  const s = await startServer();
  try {
    const { code, signal, log } = await s.stop('SIGINT');
    assert.equal(signal, null);
    assert.equal(code, 0, log);
    assert.match(log, /stopping on signal 2/);
  } finally {
    fs.rmSync(s.dir, { recursive: true, force: true });
  }
});
