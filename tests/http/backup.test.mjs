// `mulin backup FILE` (SQLite's online backup API) while the server runs and writes: a second
// server started on the copy serves the same pages. On PostgreSQL the command refuses and points
// to pg_dump (tested with pg_dump/pg_restore in tests/cluster/restore.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { BIN, Client, demoNodes, freePort, loggedIn, useServer } from './lib.mjs';

const server = useServer();
const onPostgres = Boolean(process.env.MULIN_PG_BASE);

/** Starts `mulin serve` on an existing SQLite file; resolves to { base, stop() }. */
async function serveCopy(file) {
  const port = await freePort();
  const child = spawn(BIN, ['serve', '--db', file, '--listen', `127.0.0.1:${port}`],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  const exited = new Promise((r) => child.on('exit', (code) => r(code)));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${base}/login`)).status === 200) break;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { base, async stop() { child.kill('SIGTERM'); return { code: await exited, log }; } };
}

const stable = (html) => html.replace(/nonce(-|=")[A-Za-z0-9_-]+/g, 'nonce').replace(/value="[A-Za-z0-9_-]{20,}"/g, 'value=""');

test('a backup taken while the server runs serves the same pages', { skip: onPostgres && 'SQLite only' }, async () => {
  await server.ready;
  const worker = await loggedIn(server, 'worker');
  const nodes = await demoNodes(worker);
  // A change just before the backup must be in it.
  const grant = await worker.api('POST', `/api/v1/nodes/${nodes.dezhou5}/roles`, { person_id: 1, role: 'director' });
  assert.equal(grant.status, 200, grant.text);
  const copy = path.join(server.dir, 'copy.db');
  const out = execFileSync(BIN, ['backup', copy, '--db', server.db], { encoding: 'utf8' });
  assert.match(out, /backup written/);
  const second = await serveCopy(copy);
  try {
    // The worker's session is in the copy too, so the same client can read both.
    for (const p of [`/api/v1/nodes/${nodes.sub}/children`, `/api/v1/nodes/${nodes.dezhou5}/roles`,
      `/api/v1/nodes/${nodes.dezhou5}/people?page=2`]) {
      const a = await worker.api('GET', p);
      const b = await new Client({ base: second.base }).request('GET', p, { headers: { Authorization: `Bearer ${worker.token}` } });
      assert.equal(a.status, 200);
      assert.equal(b.status, 200, `${p} on the copy: ${b.text}`);
      assert.deepEqual(JSON.parse(b.text), a.json, p);
    }
    const roles = (await worker.api('GET', `/api/v1/nodes/${nodes.dezhou5}/roles`)).json.roles;
    assert.ok(roles.some((r) => r.person_id === 1 && r.role === 'director'), 'the last grant is in the copy');
    const pageA = await worker.get(`/nodes/${nodes.dezhou5}`);
    const pageB = await new Client({ base: second.base }).request('GET', `/nodes/${nodes.dezhou5}`,
      { headers: { Authorization: `Bearer ${worker.token}` } });
    assert.equal(stable(pageB.text), stable(pageA.text));
  } finally {
    const { code, log } = await second.stop();
    assert.equal(code, 0, log);
  }
});

test('on PostgreSQL, backup refuses and names pg_dump', { skip: !onPostgres && 'PostgreSQL only' }, async () => {
  await server.ready;
  const r = spawnSync(BIN, ['backup', '/tmp/never.db', '--pg', server.db], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /pg_dump/);
});
