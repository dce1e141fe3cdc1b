// JSON errors: every API failure is {"error":{"code","message"}} with the right status and a
// JSON content type; HTML pages fail with an HTML page.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, demoNodes, loggedIn, useServer } from './lib.mjs';

const server = useServer();
let resident;
let worker;
let nodes;

before(async () => {
  await server.ready;
  resident = await loggedIn(server, 'resident');
  worker = await loggedIn(server, 'worker');
  nodes = await demoNodes(worker);
});

function assertEnvelope(res, status, code) {
  assert.equal(res.status, status, res.text);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  assert.deepEqual(Object.keys(res.json), ['error']);
  assert.deepEqual(Object.keys(res.json.error).sort(), ['code', 'message']);
  assert.equal(typeof res.json.error.message, 'string');
  assert.ok(res.json.error.message.length > 0);
  if (code) assert.equal(res.json.error.code, code);
}

test('401 without login, for every signed-in API route', async () => {
  const anon = new Client(server);
  for (const [m, p] of [['GET', '/api/v1/me'], ['GET', '/api/v1/nodes'], ['GET', `/api/v1/nodes/${nodes.dezhou5}`],
    ['GET', `/api/v1/nodes/${nodes.dezhou5}/children`], ['GET', `/api/v1/nodes/${nodes.dezhou5}/people`],
    ['GET', `/api/v1/nodes/${nodes.dezhou5}/roles`], ['DELETE', '/api/v1/session']]) {
    assertEnvelope(await anon.request(m, p), 401, 'login_required');
  }
  assertEnvelope(await anon.sendJson('POST', `/api/v1/nodes/${nodes.dezhou5}/roles`, { person_id: 1, role: 'chair' }), 401, 'login_required');
  const expired = new Client(server);
  expired.token = 'not-a-real-token';
  assertEnvelope(await expired.api('GET', '/api/v1/me'), 401, 'login_required');
});

test('403 for what the role may not see or do', async () => {
  assertEnvelope(await resident.api('GET', `/api/v1/nodes/${nodes.dezhou5}/people`), 403, 'forbidden');
  assertEnvelope(await resident.api('GET', `/api/v1/nodes/${nodes.dezhou5}/roles`), 403, 'forbidden');
  assertEnvelope(await resident.api('POST', `/api/v1/nodes/${nodes.dezhou5}/roles`, { person_id: 1, role: 'chair' }), 403, 'forbidden');
  assertEnvelope(await worker.api('POST', `/api/v1/nodes/${nodes.dezhou5}/roles`, { person_id: 1, role: 'admin' }), 403, 'forbidden');
  const cookie = new Client(server);
  await cookie.loginApi('worker');
  assertEnvelope(await cookie.sendJson('POST', `/api/v1/nodes/${nodes.dezhou5}/roles`, { person_id: 1, role: 'chair' }), 403, 'csrf');
});

test('404 for unknown nodes and unknown API paths', async () => {
  assertEnvelope(await worker.api('GET', '/api/v1/nodes/999999'), 404, 'not_found');
  assertEnvelope(await worker.api('GET', '/api/v1/nodes/999999/children'), 404, 'not_found');
  assertEnvelope(await worker.api('GET', '/api/v1/nodes/999999/people'), 404, 'not_found');
  assertEnvelope(await worker.api('GET', '/api/v1/nothing'), 404, 'not_found');
  assertEnvelope(await worker.api('GET', '/api/v1/nodes/0'), 404, 'not_found');
  assertEnvelope(await worker.api('GET', '/api/v1/nodes/abc'), 404, 'not_found');
  assertEnvelope(await worker.api('GET', '/api/v1/nodes/99999999999999999999'), 404, 'not_found');
  assertEnvelope(await new Client(server).get('/api/'), 404, 'not_found');
  assertEnvelope(await worker.api('POST', `/api/v1/nodes/${nodes.dezhou5}/roles`, { person_id: 99999999, role: 'chair' }), 404, 'not_found');
});

test('405 for a known path with the wrong method', async () => {
  assertEnvelope(await worker.api('PUT', '/api/v1/me'), 405, 'method_not_allowed');
  assertEnvelope(await new Client(server).request('GET', '/api/v1/session'), 405, 'method_not_allowed');
  assertEnvelope(await worker.api('DELETE', `/api/v1/nodes/${nodes.dezhou5}`), 405, 'method_not_allowed');
});

test('400 for bad JSON and missing fields', async () => {
  const anon = new Client(server);
  for (const body of ['{', '[]', '"x"', '42', 'null', '', '{"login":"a","login":"b","password":"x"}', '{"login":"a\\u0000b","password":"x"}']) {
    const res = await anon.sendJson('POST', '/api/v1/session', body);
    assertEnvelope(res, 400);
    assert.ok(['bad_json', 'missing_field'].includes(res.json.error.code), `${body} → ${res.json.error.code}`);
  }
  assertEnvelope(await anon.sendJson('POST', '/api/v1/session', '{"login":'), 400, 'bad_json');
  assertEnvelope(await anon.sendJson('POST', '/api/v1/session', { login: 'worker' }), 400, 'missing_field');
  assertEnvelope(await anon.sendJson('POST', '/api/v1/session', { login: 'worker', password: 5 }), 400, 'missing_field');
  assertEnvelope(await anon.sendJson('POST', '/api/v1/session', { login: 'x'.repeat(65), password: 'y' }), 400, 'too_long');
  const deep = '{"a":'.repeat(100) + '1' + '}'.repeat(100);
  assertEnvelope(await anon.sendJson('POST', '/api/v1/session', deep), 400, 'bad_json');
  const url = `/api/v1/nodes/${nodes.dezhou5}/roles`;
  assertEnvelope(await worker.api('POST', url, '{"person_id":'), 400, 'bad_json');
  assertEnvelope(await worker.api('POST', url, { role: 'chair' }), 400, 'missing_field');
  assertEnvelope(await worker.api('POST', url, { person_id: '5', role: 'chair' }), 400, 'missing_field');
  assertEnvelope(await worker.api('POST', url, { person_id: 5, role: 'mayor' }), 400, 'missing_field');
  assertEnvelope(await worker.api('POST', url, { person_id: -5, role: 'chair' }), 400, 'missing_field');
});

test('HTML routes fail with HTML pages, not JSON', async () => {
  const res = await new Client(server).get('/nodes/999999');
  assert.equal(res.status, 303, 'anonymous: to the login page first');
  const page = await worker.get('/nodes/999999');
  assert.equal(page.status, 404);
  assert.match(page.headers.get('content-type'), /^text\/html/);
  assert.match(page.text, /<h1>出错了<\/h1>/);
  const forbidden = await resident.get(`/nodes/${nodes.dezhou5}/people`);
  assert.equal(forbidden.status, 403);
  assert.match(forbidden.headers.get('content-type'), /^text\/html/);
  // Signed in already: the page offers the way home, not a log-in link.
  assert.doesNotMatch(forbidden.text, /<p class="next">[^\n]*href="\/login"/);
  assert.match(forbidden.text, /<p class="next">[^\n]*href="\/">返回首页<\/a>/);
  const anonymous = await new Client(server).get('/api/v1/me');
  assert.equal(anonymous.status, 401);
});
