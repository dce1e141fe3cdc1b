// Hostile input: markup and SQL metacharacters in names, oversized bodies, invalid UTF-8,
// path traversal, and reading another residential area's roster.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Client, DEMO, DEMO_PASSWORD, childId, demoNodes, htmlEscape, httpGet, importRoster, loggedIn,
  peopleUnder, rawRequest, useServer,
} from './lib.mjs';

const server = useServer();

const XSS = '<script>alert(1)</script>';
const SQL1 = "'; DROP TABLE person; --";
const SQL2 = '" OR 1=1';
const ROOM_XSS = '<img src=x onerror=alert(2)>';

let admin;
let workerApi; // bearer
let worker; // cookie session from the form
let nodes;
let block; // the block the hostile roster creates
let hostile; // name → person row (API)

before(async () => {
  await server.ready;
  admin = await loggedIn(server, 'admin');
  workerApi = await loggedIn(server, 'worker');
  worker = new Client(server);
  assert.equal((await worker.loginForm('worker')).status, 303);
  nodes = await demoNodes(admin);
});

test('names with markup and SQL metacharacters import through the roster', async () => {
  const before = (await admin.api('GET', `/api/v1/nodes/${nodes.dezhou5}`)).json.people;
  const csv = [
    '姓名,手机,楼号,室号,楼组,区块',
    `${XSS},13911112222,9号楼,101室,测试楼组,测试区`,
    `${SQL1},,9号楼,102室,测试楼组,测试区`,
    `"${SQL2.replace(/"/g, '""')}",,9号楼,103室,测试楼组,测试区`,
    `普通人,,9号楼,"${ROOM_XSS}",测试楼组,测试区`,
    '',
  ].join('\r\n');
  const res = await importRoster(worker, nodes.dezhou5, Buffer.from(csv, 'utf8'));
  assert.equal(res.status, 200, res.text.slice(0, 2000));
  const after = (await admin.api('GET', `/api/v1/nodes/${nodes.dezhou5}`)).json.people;
  assert.equal(after, before + 4);

  block = await childId(admin, nodes.dezhou5, '测试区');
  const people = await peopleUnder(admin, block);
  hostile = Object.fromEntries(people.map((p) => [p.name, p]));
  // JSON carries the literal strings, unchanged.
  for (const name of [XSS, SQL1, SQL2, '普通人']) assert.ok(hostile[name], `${name} is in the JSON roster`);
  assert.equal(people.length, 4);
  assert.ok(people.some((p) => p.address.endsWith(ROOM_XSS)), 'room name kept literally in JSON');
});

test('the roster page shows every hostile name escaped', async () => {
  const page = await worker.get(`/nodes/${block}/people`);
  assert.equal(page.status, 200);
  assert.ok(!page.text.includes(XSS), 'raw <script> must not appear');
  assert.ok(!page.text.includes(ROOM_XSS), 'raw <img> must not appear');
  for (const name of [XSS, SQL1, SQL2, ROOM_XSS]) assert.ok(page.text.includes(htmlEscape(name)), `escaped ${name}`);
  assert.ok(page.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.ok(page.text.includes('&#39;; DROP TABLE person; --'));
  assert.ok(page.text.includes('&quot; OR 1=1'));
  // Exactly one <script> element: the page's own.
  assert.equal(page.text.match(/<script/g).length, 1);
});

test('the person page shows the name escaped (title, heading) and JSON keeps it literal', async () => {
  for (const name of [XSS, SQL1, SQL2]) {
    const page = await worker.get(`/people/${hostile[name].id}`);
    assert.equal(page.status, 200);
    assert.ok(!page.text.includes(XSS));
    assert.ok(page.text.includes(`<h1>居民：${htmlEscape(name)}</h1>`), `heading for ${name}`);
    assert.ok(page.text.includes(`<title>居民：${htmlEscape(name)} · 睦邻</title>`));
    assert.equal(page.text.match(/<script/g).length, 1);
  }
  const hh = await worker.get(`/nodes/${hostile[XSS].household_id}`);
  assert.equal(hh.status, 200);
  assert.ok(!hh.text.includes(XSS));
  assert.ok(hh.text.includes(`>${htmlEscape(XSS)}</a>`), 'household members list');
  const room = (await peopleUnder(admin, block)).find((p) => p.name === '普通人');
  const roomPage = await worker.get(`/nodes/${room.household_id}`);
  assert.ok(!roomPage.text.includes(ROOM_XSS));
  assert.ok(roomPage.text.includes(htmlEscape(ROOM_XSS)));
});

test('the node page role list shows a hostile role holder escaped', async () => {
  for (const name of [XSS, SQL1, SQL2]) {
    const g = await workerApi.api('POST', `/api/v1/nodes/${block}/roles`, { person_id: hostile[name].id, role: 'group_leader' });
    assert.equal(g.status, 200, g.text);
  }
  const page = await worker.get(`/nodes/${block}`);
  assert.equal(page.status, 200);
  assert.ok(!page.text.includes(XSS));
  for (const name of [XSS, SQL1, SQL2]) assert.ok(page.text.includes(`楼组长 · ${htmlEscape(name)}</li>`), `role list: ${name}`);
  const roles = await workerApi.api('GET', `/api/v1/nodes/${block}/roles`);
  assert.deepEqual(roles.json.roles.map((r) => r.name).sort(), [XSS, SQL1, SQL2].sort());
  const rolesPage = await worker.get(`/nodes/${block}/roles`);
  assert.ok(!rolesPage.text.includes(XSS));
  assert.ok(rolesPage.text.includes(htmlEscape(XSS)));
});

test('SQL metacharacters did not touch the database: everything still works', async () => {
  const total = (await admin.api('GET', `/api/v1/nodes/${nodes.sub}`)).json.people;
  assert.ok(total > 190);
  assert.equal((await new Client(server).loginApi('resident')).status, 201);
  for (const login of ["' OR '1'='1", "admin' --", '" OR 1=1 --', SQL1]) {
    const res = await new Client(server).sendJson('POST', '/api/v1/session', { login, password: "' OR '1'='1" });
    assert.equal(res.status, 401, `login ${login}`);
  }
  const bad = await workerApi.api('POST', `/api/v1/nodes/${block}/roles`, { person_id: hostile[SQL1].id, role: "chair'; --" });
  assert.equal(bad.status, 400);
});

test('reflected input: a hostile next parameter is escaped in the login form', async () => {
  const page = await new Client(server).get(`/login?next=${encodeURIComponent('/"><script>alert(3)</script>')}`);
  assert.equal(page.status, 200);
  assert.ok(!page.text.includes('<script>alert(3)'));
  assert.ok(page.text.includes('value="/&quot;&gt;&lt;script&gt;alert(3)&lt;/script&gt;"'));
  const other = await new Client(server).get(`/login?next=${encodeURIComponent('javascript:alert(1)')}`);
  assert.ok(other.text.includes('name="next" value="/"'));

  // The path goes back out in the language switch of every page, the 404 page included.
  const path = await new Client(server).get(`/x${encodeURIComponent('"><script>alert(4)</script>')}`);
  assert.equal(path.status, 404);
  assert.ok(!path.text.includes('<script>alert(4)'));
  assert.ok(path.text.includes('value="/x&quot;&gt;&lt;script&gt;alert(4)&lt;/script&gt;"'));

  // A failed login shows the login name again, escaped.
  const c = new Client(server);
  const csrf = await c.csrfOf('/login');
  const login = '"><script>alert(5)</script>';
  const res = await c.postForm('/login', { csrf, login, password: 'wrong-password' });
  assert.equal(res.status, 401);
  assert.ok(!res.text.includes('<script>alert(5)'));
  assert.ok(res.text.includes(`value="${htmlEscape(login)}"`));
});

function postRaw(path, body, headers = {}) {
  const head = [`POST ${path} HTTP/1.1`, 'Host: 127.0.0.1', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  return Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`), body]);
}

test('a body over 1 MiB gets 413 (form and API)', async () => {
  const big = Buffer.alloc((1 << 20) + 1000, 'a');
  const form = await rawRequest(server.port, postRaw('/login', big, {
    'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': big.length, Expect: '100-continue',
  }));
  assert.equal(form.status, 413, `got: ${form.head}`);

  const json = Buffer.concat([Buffer.from('{"login":"'), big, Buffer.from('"}')]);
  const api = await rawRequest(server.port, postRaw('/api/v1/session', json, {
    'Content-Type': 'application/json', 'Content-Length': json.length, Expect: '100-continue',
  }));
  assert.equal(api.status, 413, `got: ${api.head}`);
  assert.deepEqual(Object.keys(JSON.parse(api.body.toString()).error).sort(), ['code', 'message']);
  assert.equal(JSON.parse(api.body.toString()).error.code, 'too_large');
});

test('a chunked body that grows over 1 MiB gets 413 too', async () => {
  const chunk = Buffer.alloc(256 * 1024, 'b');
  const parts = [];
  for (let i = 0; i < 5; i++) parts.push(Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n'));
  parts.push(Buffer.from('0\r\n\r\n'));
  const res = await rawRequest(server.port, postRaw('/login', Buffer.concat(parts), {
    'Content-Type': 'application/x-www-form-urlencoded', 'Transfer-Encoding': 'chunked',
  }));
  assert.equal(res.status, 413, `got: ${res.head}`);
});

test('the upload route takes more than 1 MiB but not more than 8 MiB', async () => {
  // A roster with a header and 2 MiB of blank lines imports nothing, but is accepted.
  const csv = Buffer.concat([Buffer.from('姓名,手机,楼号,室号,楼组,区块\r\n'), Buffer.alloc(2 << 20, '\n')]);
  const ok = await importRoster(worker, nodes.dezhou5, csv);
  assert.equal(ok.status, 200);
  const huge = Buffer.alloc((8 << 20) + 100, 'c');
  const res = await rawRequest(server.port, postRaw(`/nodes/${nodes.dezhou5}/import`, huge, {
    'Content-Type': 'multipart/form-data; boundary=xyz', 'Content-Length': huge.length,
    Cookie: worker.cookieHeader(), Expect: '100-continue',
  }));
  assert.equal(res.status, 413, `got: ${res.head}`);
});

test('invalid UTF-8 in a form field, a query string, a JSON body, a multipart field or the path: 400', async () => {
  const c = new Client(server);
  const csrf = await c.csrfOf('/login');
  // Percent-encoded and raw bytes in an urlencoded body.
  let res = await c.request('POST', '/login', {
    body: `csrf=${csrf}&login=%FF%FEroot&password=x`,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(res.status, 400);
  assert.match(res.text, /UTF-8/);
  res = await c.request('POST', '/login', {
    body: Buffer.concat([Buffer.from(`csrf=${csrf}&login=`), Buffer.from([0xc3, 0x28]), Buffer.from('&password=x')]),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(res.status, 400);

  assert.equal((await c.get('/login?next=%FF')).status, 400);
  assert.equal((await c.get('/login?%C3%28=1')).status, 400);
  const api = await c.get('/api/v1/nodes?x=%ED%A0%80'); // an encoded surrogate
  assert.equal(api.status, 400);
  assert.equal(api.json.error.code, 'bad_utf8');

  const json = Buffer.concat([Buffer.from('{"login":"'), Buffer.from([0xff, 0xfe]), Buffer.from('","password":"x"}')]);
  res = await c.sendJson('POST', '/api/v1/session', json);
  assert.equal(res.status, 400);
  assert.equal(res.json.error.code, 'bad_json');

  const w = new Client(server);
  await w.loginForm('worker');
  const boundary = 'BOUNDARYxyz';
  const mp = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${w.csrf}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="good_only"\r\n\r\n`),
    Buffer.from([0xff, 0x80]),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  res = await w.request('POST', `/nodes/${nodes.dezhou5}/import`, {
    body: mp, headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` },
  });
  assert.equal(res.status, 400);

  const p = await httpGet(server.port, '/nodes/%FF');
  assert.equal(p.status, 400);
});

test('/static/../ and /static/%2e%2e/ do not escape the assets: 404', async () => {
  for (const p of ['/static/../', '/static/../x', '/static/%2e%2e/x', '/static/%2E%2E/%2e%2e/etc/passwd',
    '/static/..', '/static/./app.css', '/static//app.css', '/static/../static/app.css', '/static/nope.css']) {
    const res = await httpGet(server.port, p);
    assert.equal(res.status, 404, `${p} → ${res.status}`);
  }
  assert.equal((await httpGet(server.port, '/static/app.css')).status, 200);
});

test('a resident of 上钢二村 cannot read 德州五村\'s roster (page and API): 403', async () => {
  const r2 = await loggedIn(server, 'resident2');
  assert.equal((await r2.get(`/nodes/${nodes.dezhou5}`)).status, 200, 'the tree itself is visible');
  for (const id of [nodes.dezhou5, nodes.east, nodes.group1, nodes.household, block]) {
    const page = await r2.get(`/nodes/${id}/people`);
    assert.equal(page.status, 403, `page /nodes/${id}/people`);
    assert.ok(!page.text.includes(DEMO.resident.name));
    const api = await r2.api('GET', `/api/v1/nodes/${id}/people`);
    assert.equal(api.status, 403);
    assert.equal(api.json.error.code, 'forbidden');
    assert.equal(api.json.people, undefined);
  }
  const residentRow = (await peopleUnder(admin, nodes.household)).find((p) => p.name === DEMO.resident.name);
  assert.equal((await r2.get(`/people/${residentRow.id}`)).status, 403);
  // The household node page lists members only for those who may see them.
  const hh = await r2.get(`/nodes/${nodes.household}`);
  assert.equal(hh.status, 200);
  assert.ok(!hh.text.includes(DEMO.resident.name));
  // Their own household is fine.
  const me = await r2.api('GET', '/api/v1/me');
  assert.equal((await r2.api('GET', `/api/v1/nodes/${me.json.household_id}/people`)).status, 200);
  // And the other area's worker is as much a stranger here.
  const w2 = await loggedIn(server, 'worker2');
  assert.equal((await w2.api('GET', `/api/v1/nodes/${nodes.dezhou5}/people`)).status, 403);
  assert.equal((await workerApi.api('GET', `/api/v1/nodes/${nodes.shanggang2}/people`)).status, 403);
});

test('a fresh login is still possible after all this (the server is healthy)', async () => {
  assert.equal((await new Client(server).loginForm('admin', DEMO_PASSWORD)).status, 303);
});
