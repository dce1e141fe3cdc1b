// Backup and restore as docs/deploy.md tells it: pg_dump -Fc of the live database while a node
// serves it, pg_restore into a new database, a node on the copy, and the copy serves the same
// tree, roles, people, pages and even sessions; and it takes new writes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Client, createDatabase, demoDatabase, demoNodes, loggedIn, startNode, stopNode, tempDir } from './lib.mjs';

let db;
let copy;
let live;
let restored;
let tmp;

before(async () => {
  tmp = tempDir('mulin-restore-');
  db = demoDatabase('backup');
  live = await startNode(db, 'live node');
});

after(async () => {
  tmp?.remove();
  const stops = await Promise.allSettled([stopNode(live), stopNode(restored)]);
  for (const s of stops) if (s.status === 'rejected') throw s.reason;
});

test('a pg_dump restored with pg_restore serves the same pages', async (t) => {
  // Changes made through the running node, so the copy is more than the demo data.
  const worker = await loggedIn(live.base, 'worker');
  const nodes = await demoNodes(worker);
  const residentId = (await (await loggedIn(live.base, 'resident')).api('GET', '/api/v1/me')).json.id;
  for (const role of ['chair', 'recorder']) {
    const res = await worker.api('POST', `/api/v1/nodes/${nodes.dezhou5}/roles`, { person_id: residentId, role });
    assert.equal(res.status, 200, res.text);
  }
  const browser = new Client(live.base);
  assert.equal((await browser.loginForm('worker')).status, 303);

  // The backup, taken while the node runs (pg_dump reads one consistent snapshot).
  const file = path.join(tmp.dir, 'mulin.dump');
  execFileSync('pg_dump', ['--format=custom', '--file', file, '--dbname', db.conninfo], { stdio: 'pipe' });
  copy = createDatabase('restored');
  execFileSync('pg_restore', ['--no-owner', '--exit-on-error', '--dbname', copy.conninfo, file], { stdio: 'pipe' });
  restored = await startNode(copy, 'restored node');

  // Every node's children, walked from the roots, as JSON from both.
  let compared = 0;
  const queue = [];
  const roots = { live: await worker.api('GET', '/api/v1/nodes'), copy: await worker.api('GET', '/api/v1/nodes', undefined, { base: restored.base }) };
  assert.equal(roots.copy.status, 200, 'the session made on the live node is in the copy');
  assert.deepEqual(roots.copy.json, roots.live.json);
  queue.push(...roots.live.json.nodes.filter((n) => n.kind !== 'household'));
  while (queue.length) {
    const n = queue.shift();
    const p = `/api/v1/nodes/${n.id}/children`;
    const [x, y] = [await worker.api('GET', p), await worker.api('GET', p, undefined, { base: restored.base })];
    assert.equal(x.status, 200, x.text);
    assert.equal(y.status, 200, y.text);
    assert.deepEqual(y.json, x.json, `${p} differs`);
    compared++;
    queue.push(...x.json.nodes.filter((c) => c.kind !== 'household' && c.households > 0));
  }
  t.diagnostic(`children of ${compared} nodes compared`);
  assert.ok(compared > 20, `only ${compared} nodes walked`);

  // The roles given before the backup, the people list and an HTML page.
  for (const p of [`/api/v1/nodes/${nodes.dezhou5}/roles`, `/api/v1/nodes/${nodes.dezhou5}/people?page=2`, '/api/v1/me']) {
    const [x, y] = [await worker.api('GET', p), await worker.api('GET', p, undefined, { base: restored.base })];
    assert.equal(x.status, 200, `${p}: ${x.text}`);
    assert.deepEqual(y.json, x.json, `${p} differs`);
  }
  const page = `/nodes/${nodes.dezhou5}`;
  const strip = (html) => html.replace(/nonce(=|-)"?[A-Za-z0-9_-]+/g, 'nonce');
  const [hx, hy] = [await browser.get(page), await browser.get(page, { base: restored.base })];
  assert.equal(hx.status, 200);
  assert.equal(strip(hy.text), strip(hx.text), `${page} differs`);

  // The copy takes new writes (its id sequences came along): a login and a role.
  const fresh = await loggedIn(restored.base, 'worker');
  const res = await fresh.api('POST', `/api/v1/nodes/${nodes.dezhou5}/roles`, { person_id: residentId, role: 'director' });
  assert.equal(res.status, 200, res.text);
  // ...and stays apart from the original.
  const held = async (base) => (await worker.api('GET', `/api/v1/nodes/${nodes.dezhou5}/roles`, undefined, { base }))
    .json.roles.filter((r) => r.person_id === residentId).map((r) => r.role).sort();
  assert.deepEqual(await held(restored.base), ['chair', 'director', 'recorder']);
  assert.deepEqual(await held(live.base), ['chair', 'recorder']);
});
