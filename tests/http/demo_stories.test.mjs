// `mulin serve --demo` on a new database (what `make run` does) shows the hall at work: four
// topics of 德州五村 at different stages, made through the same code as the pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, Client, demoNodes, freePort } from './lib.mjs';

test('a new demo has hall stories at every stage', { skip: process.env.MULIN_PG_BASE && 'SQLite file only' }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mulin-demo-'));
  const port = await freePort();
  const child = spawn(BIN, ['serve', '--demo', '--db', path.join(dir, 'demo.db'), '--listen', `127.0.0.1:${port}`],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  const exited = new Promise((r) => child.on('exit', (code) => r(code)));
  try {
    const server = { base: `http://127.0.0.1:${port}` };
    for (let i = 0; i < 200; i++) {
      try { if ((await fetch(`${server.base}/login`)).status === 200) break; } catch { /* not yet */ }
      await new Promise((r) => setTimeout(r, 50));
    }
    const c = new Client(server);
    assert.equal((await c.loginApi('resident')).status, 201, log);
    const n = await demoNodes(c);
    const topics = [];
    for (const hall of [n.group1, n.east, n.dezhou5]) {
      topics.push(...(await c.api('GET', `/api/v1/halls/${hall}/topics`)).json.topics);
    }
    const byTitle = Object.fromEntries(topics.map((t) => [t.title, t]));
    assert.equal(byTitle['东区晚上停车难，车位不够'].status, 'deliberating');
    assert.equal(byTitle['1号楼加装电梯'].status, 'in_notice');
    assert.equal(byTitle['楼道堆物清理'].status, 'collecting');
    const other = new Client(server);
    assert.equal((await other.loginApi('resident2')).status, 201);
    const anon = (await other.api('GET', `/api/v1/topics/${byTitle['楼道堆物清理'].id}`)).json;
    assert.equal(anon.proposer, null, 'entered for a resident who stays anonymous');
    assert.equal(anon.channel, 'visit');
    assert.equal(byTitle['中心绿地月季修剪'].status, 'closed');
    const lift = (await c.api('GET', `/api/v1/topics/${byTitle['1号楼加装电梯'].id}/outcome`)).json;
    assert.equal(lift.resolutions[0].source, 'poll');
    const page = await c.get(`/topics/${byTitle['东区晚上停车难，车位不够'].id}`);
    assert.match(page.text, /反对占绿化带/);
    assert.match(page.text, /夜间临时车位/);
  } finally {
    child.kill('SIGTERM');
    assert.equal(await exited, 0, log);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
