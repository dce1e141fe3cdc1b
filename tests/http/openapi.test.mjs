// The OpenAPI document lists every /api/ route of `mulin routes`, with its method, and nothing
// that is not a route.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { BIN, Client, useServer } from './lib.mjs';

const server = useServer();
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

function apiRoutes() {
  const out = execFileSync(BIN, ['routes'], { encoding: 'utf8' });
  const routes = out.trim().split('\n').map((l) => {
    const [method, path] = l.trim().split(/\s+/);
    return { method, path };
  });
  assert.ok(routes.length > 10, 'mulin routes prints the table');
  return routes.filter((r) => r.path.startsWith('/api/'));
}

let doc;

test('GET /api/v1/openapi.json is JSON with an OpenAPI 3 header', async () => {
  const res = await new Client(server).get('/api/v1/openapi.json');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  doc = JSON.parse(res.text);
  assert.match(String(doc.openapi), /^3\./);
  assert.equal(typeof doc.info?.title, 'string');
  assert.equal(typeof doc.info?.version, 'string');
  assert.equal(typeof doc.paths, 'object');
  // No sign-in needed to read it.
  const same = await new Client(server).get('/static/openapi.json');
  assert.equal(same.text, res.text);
});

test('every /api/ route of `mulin routes` is in paths with its method', () => {
  const missing = [];
  for (const r of apiRoutes()) {
    const item = doc.paths[r.path];
    if (!item) missing.push(`${r.method} ${r.path}: path missing`);
    else if (!item[r.method.toLowerCase()]) missing.push(`${r.method} ${r.path}: method missing`);
  }
  assert.deepEqual(missing, []);
});

test('every operation in the document is a route', () => {
  const routes = new Set(apiRoutes().map((r) => `${r.method} ${r.path}`));
  const extra = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const m of Object.keys(item).filter((k) => METHODS.includes(k))) {
      if (!routes.has(`${m.toUpperCase()} ${path}`)) extra.push(`${m.toUpperCase()} ${path}`);
    }
  }
  assert.deepEqual(extra, []);
});

test('path parameters {id} are declared as integers', () => {
  const wrong = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!path.includes('{id}')) continue;
    for (const m of Object.keys(item).filter((k) => METHODS.includes(k))) {
      const params = [...(item.parameters || []), ...(item[m].parameters || [])]
        .map((p) => (p.$ref ? resolveRef(p.$ref) : p));
      const id = params.find((p) => p && p.name === 'id' && p.in === 'path');
      if (!id) wrong.push(`${m} ${path}: no id parameter`);
      else if (id.required !== true) wrong.push(`${m} ${path}: id not required`);
      else if (id.schema?.type !== 'integer') wrong.push(`${m} ${path}: id is ${id.schema?.type}`);
    }
  }
  assert.deepEqual(wrong, []);
});

function resolveRef(ref) {
  return ref.replace(/^#\//, '').split('/').reduce((o, k) => o?.[k], doc);
}
