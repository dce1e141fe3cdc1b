// `mulin session issue NODE COUNT`: API sessions for the people living under a node, printed
// once as "person_id token" lines (load tests, kiosks), recorded in the audit log. Runs against
// the same database the server uses, on either engine.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { BIN, Client, demoNodes, loggedIn, useServer } from './lib.mjs';

const server = useServer();
let n;

before(async () => {
  await server.ready;
  n = await demoNodes(await loggedIn(server, 'worker'));
});

const issue = (...args) => spawnSync(BIN, ['session', 'issue', ...args.map(String), ...server.dbArgs],
  { encoding: 'utf8' });

test('sessions are issued for people under the node, and each token signs its person in', async () => {
  const out = issue(n.group1, 3);
  assert.equal(out.status, 0, out.stderr);
  const lines = out.stdout.trim().split('\n').map((l) => l.split(' '));
  assert.equal(lines.length, 3);
  assert.match(out.stderr, /3 sessions issued/);
  const people = (await (await loggedIn(server, 'worker')).api('GET', `/api/v1/nodes/${n.group1}/people`)).json;
  const under = new Set(JSON.stringify(people).match(/"id":\d+/g).map((s) => Number(s.slice(5))));
  for (const [id, token] of lines) {
    assert.ok(under.has(Number(id)), `person ${id} lives under the group`);
    const c = new Client(server);
    c.token = token;
    const me = await c.api('GET', '/api/v1/me');
    assert.equal(me.status, 200);
    assert.equal(me.json.id, Number(id));
  }
  assert.equal(new Set(lines.map((l) => l[1])).size, 3, 'tokens differ');
});

test('bad arguments are refused and issue nothing', () => {
  for (const args of [[n.group1, 0], [n.group1, 100001], [0, 3], ['x', 3], [n.group1]]) {
    const out = issue(...args);
    assert.equal(out.status, 2, `${args}: ${out.stderr}`);
    assert.equal(out.stdout, '');
  }
  const missing = issue(99999999, 3);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /no node/);
});
