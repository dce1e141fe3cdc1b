// Keep-alive: consecutive requests reuse one connection (the server answers on a later call of
// its access handler, so MHD keeps the connection open).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { Client, useServer } from './lib.mjs';

const server = useServer();

function request(agent, { method = 'GET', path, headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, method, path, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (d) => chunks.push(d));
      res.on('end', () => resolve({
        status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString('utf8'),
        reused: req.reusedSocket, socket: req.socket, version: res.httpVersion,
      }));
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

test('two GETs over one connection: the second reuses the socket, no Connection: close', async () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const a = await request(agent, { path: '/login' });
    assert.equal(a.status, 200);
    assert.equal(a.version, '1.1');
    assert.notEqual(a.headers.connection?.toLowerCase(), 'close');
    const b = await request(agent, { path: '/static/app.css' });
    assert.equal(b.status, 200);
    assert.equal(b.reused, true, 'second request went over the same connection');
    assert.equal(b.socket, a.socket);
    assert.notEqual(b.headers.connection?.toLowerCase(), 'close');
    const c = await request(agent, { path: '/api/v1/nodes' });
    assert.equal(c.status, 401);
    assert.equal(c.reused, true, 'an error answer keeps the connection too');
    assert.notEqual(c.headers.connection?.toLowerCase(), 'close');
  } finally {
    agent.destroy();
  }
});

test('POSTs with bodies keep the connection as well', async () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const login = new Client(server);
    const csrf = await login.csrfOf('/login');
    const body = new URLSearchParams({ csrf, login: 'worker', password: 'mulin-demo' }).toString();
    const first = await request(agent, { path: '/login' });
    const res = await request(agent, {
      method: 'POST', path: '/login', body,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body), Cookie: login.cookieHeader() },
    });
    assert.equal(res.status, 303);
    assert.equal(res.reused, true);
    assert.equal(res.socket, first.socket);
    assert.notEqual(res.headers.connection?.toLowerCase(), 'close');
    const json = JSON.stringify({ login: 'leader', password: 'mulin-demo' });
    const api = await request(agent, {
      method: 'POST', path: '/api/v1/session', body: json,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(json) },
    });
    assert.equal(api.status, 201);
    assert.equal(api.reused, true);
    assert.notEqual(api.headers.connection?.toLowerCase(), 'close');
    const me = await request(agent, { path: '/api/v1/me', headers: { Authorization: `Bearer ${JSON.parse(api.text).token}` } });
    assert.equal(me.status, 200);
    assert.equal(me.reused, true);
  } finally {
    agent.destroy();
  }
});

test('many requests in a row on one connection', async () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const first = await request(agent, { path: '/' });
    for (let i = 0; i < 20; i++) {
      const r = await request(agent, { path: i % 2 ? '/login' : '/static/app.js' });
      assert.equal(r.status, 200);
      assert.equal(r.socket, first.socket);
    }
  } finally {
    agent.destroy();
  }
});
