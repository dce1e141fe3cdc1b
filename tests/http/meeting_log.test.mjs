// The meeting log (issue 5): a meeting's accepted commands are appended to a hash-chained log
// and its state is the replay of that log. A procedure script is sent through the API, the
// server is stopped (SIGTERM) half-way and a new one started on the same database; the
// answers and the final state equal what `mulin procedure run` gives for the same script.
// Refused commands are 409 and not logged; `mulin meeting verify` finds an edited or deleted
// entry by its seq. Runs on SQLite and, with MULIN_PG_BASE, on PostgreSQL.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BIN, demoNodes, freePort, loggedIn, logProblems, sql, startServer } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const SCRIPT = path.join(here, '..', 'procedure', 'r07_reconsider.jsonl');
const lines = fs.readFileSync(SCRIPT, 'utf8').split('\n').filter((l) => l.trim() !== '');
const expected = fs.readFileSync(SCRIPT.replace(/\.jsonl$/, '.out'), 'utf8').split('\n')
  .filter((l) => l !== '').map((l) => JSON.parse(l));
const setup = JSON.parse(lines[0]).setup;
const commands = lines.slice(1).map((l) => JSON.parse(l));

/** Starts `mulin serve` on an existing database (SQLite file or PostgreSQL conninfo). */
async function serveAgain(dbArgs) {
  const port = await freePort();
  const child = spawn(BIN, ['serve', ...dbArgs, '--listen', `127.0.0.1:${port}`],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  const exited = new Promise((r) => child.on('exit', (code, signal) => r({ code, signal })));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 400; i++) {
    try {
      if ((await fetch(`${base}/login`)).status === 200) break;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { base, async stop() { child.kill('SIGTERM'); return { ...(await exited), log }; } };
}

function verify(srv, id) {
  return spawnSync(BIN, ['meeting', 'verify', String(id), ...srv.dbArgs], { encoding: 'utf8' });
}

let first;
let second;
after(async () => {
  if (second) {
    const { code, log } = await second.stop();
    assert.deepEqual(logProblems(log), []);
    assert.equal(code, 0, log.slice(-4000));
  }
  if (first?.dir) fs.rmSync(first.dir, { recursive: true, force: true });
});

test('a meeting replays its log across a restart and its chain is verified', async () => {
  first = await startServer();
  // The clients read the base from this object, so they follow the server across the restart
  // with the sessions they have (sessions live in the database too).
  const srv = { base: first.base };
  const chair = await loggedIn(srv, 'chair');
  const recorder = await loggedIn(srv, 'recorder');
  const resident = await loggedIn(srv, 'resident');
  const resident2 = await loggedIn(srv, 'resident2');
  const { dezhou5 } = await demoNodes(chair);

  // Who may start one: the hall's staff (run polls), not the recorder nor residents.
  for (const who of [recorder, resident]) {
    const r = await who.api('POST', `/api/v1/halls/${dezhou5}/meetings`, { title: '业主议事会', setup });
    assert.equal(r.status, 403, r.text);
    assert.equal(r.json.error.code, 'forbidden');
  }
  // Bad input: malformed JSON, a title too long, a setup the engine refuses.
  let r = await chair.api('POST', `/api/v1/halls/${dezhou5}/meetings`, '{"title": ');
  assert.equal(r.status, 400, r.text);
  r = await chair.api('POST', `/api/v1/halls/${dezhou5}/meetings`, { title: '会'.repeat(101), setup });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json.error.code, 'bad_title');
  r = await chair.api('POST', `/api/v1/halls/${dezhou5}/meetings`,
    { title: '议事会', setup: { ...setup, members: ['A', 'A'] } });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json.error.code, 'bad_setup');
  assert.deepEqual(sql(first, 'SELECT count(*) FROM meeting'), [['0']]);

  r = await chair.api('POST', `/api/v1/halls/${dezhou5}/meetings`, { title: '德州五村业主议事会', setup });
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  assert.equal(r.json.log_length, 0);
  assert.equal(typeof r.json.state.meeting, 'string');
  assert.match(r.json.head_hash, /^[0-9a-f]{64}$/);

  // Commands: only staff; a resident of the hall may read, one of another hall may not.
  r = await recorder.api('POST', `/api/v1/meetings/${id}/commands`, commands[0]);
  assert.equal(r.status, 403, r.text);
  r = await resident.api('POST', `/api/v1/meetings/${id}/commands`, commands[0]);
  assert.equal(r.status, 403, r.text);
  assert.equal((await resident.api('GET', `/api/v1/meetings/${id}`)).status, 200);
  assert.equal((await resident2.api('GET', `/api/v1/meetings/${id}`)).status, 403);
  assert.equal((await chair.api('GET', '/api/v1/meetings/999999')).status, 404);
  r = await chair.api('POST', `/api/v1/meetings/${id}/commands`, '{"cmd": ');
  assert.equal(r.status, 400, r.text);
  r = await chair.api('POST', `/api/v1/meetings/${id}/commands`, { cmd: 'NO_SUCH' });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json.error.code, 'E_BAD_INPUT');
  r = await chair.api('POST', `/api/v1/meetings/${id}/commands`, { setup });
  assert.equal(r.status, 422, r.text);

  let logged = 0;
  let refused = 0;
  const half = Math.floor(commands.length / 2);
  for (let i = 0; i < commands.length; i++) {
    if (i === half) {
      // Stop the server in the middle of the meeting and start another on the same database.
      const { code, signal, log } = await first.stop();
      assert.deepEqual(logProblems(log), []);
      assert.equal(signal, null, log.slice(-4000));
      assert.equal(code, 0, log.slice(-4000));
      second = await serveAgain(first.dbArgs);
      srv.base = second.base;
    }
    const want = expected[i + 1];
    const res = await chair.api('POST', `/api/v1/meetings/${id}/commands`, commands[i]);
    if (want.ok) {
      assert.equal(res.status, 200, `line ${i + 2}: ${res.text}`);
      const { seq, ...answer } = res.json;
      assert.deepEqual(answer, want, `line ${i + 2}`);
      if (commands[i].cmd === 'QUERY') {
        assert.equal(seq, null);
      } else {
        logged++;
        assert.equal(seq, logged, `line ${i + 2}`);
      }
    } else {
      refused++;
      assert.equal(res.status, 409, `line ${i + 2}: ${res.text}`);
      assert.equal(res.json.error.code, want.error, `line ${i + 2}`);
      assert.equal(res.json.error.message, want.message);
      const m = await chair.api('GET', `/api/v1/meetings/${id}`);
      assert.equal(m.json.log_length, logged, 'a refused command is not logged');
    }
  }
  assert.ok(refused > 0 && logged > 20, `${logged} logged, ${refused} refused`);

  // The final state equals what `mulin procedure run` gives for the same script.
  const run = execFileSync(BIN, ['procedure', 'run'],
    { input: `${lines.join('\n')}\n{"cmd": "QUERY"}\n`, encoding: 'utf8' });
  const want = JSON.parse(run.trim().split('\n').pop()).state;
  const m = await chair.api('GET', `/api/v1/meetings/${id}`);
  assert.equal(m.status, 200, m.text);
  assert.deepEqual(m.json.state, want);
  assert.equal(m.json.log_length, logged);
  const rows = sql(first, `SELECT seq, hash, actor_id FROM meeting_log WHERE meeting_id = ${id} ORDER BY seq`);
  assert.equal(rows.length, logged);
  assert.equal(m.json.head_hash, rows[rows.length - 1][1]);

  // The chain is whole; editing, then deleting, an entry breaks it at that entry.
  let v = verify(first, id);
  assert.equal(v.status, 0, v.stdout + v.stderr);
  sql(first, `UPDATE meeting_log SET at = at + 1 WHERE meeting_id = ${id} AND seq = 7`);
  v = verify(first, id);
  assert.equal(v.status, 1, v.stdout + v.stderr);
  assert.match(v.stdout, /seq 7\b/);
  sql(first, `UPDATE meeting_log SET at = at - 1 WHERE meeting_id = ${id} AND seq = 7`);
  assert.equal(verify(first, id).status, 0);
  sql(first, `UPDATE meeting_log SET command = command || ' ' WHERE meeting_id = ${id} AND seq = 3`);
  v = verify(first, id);
  assert.equal(v.status, 1);
  assert.match(v.stdout, /seq 3\b/);
  sql(first, `DELETE FROM meeting_log WHERE meeting_id = ${id} AND seq >= 3 AND seq <= 4`);
  v = verify(first, id);
  assert.equal(v.status, 1);
  assert.match(v.stdout, /seq 3\b/);
  assert.equal(verify(first, 424242).status, 2);

  // Writers racing: commands sent at once are each either appended with a seq of their own or
  // refused as busy (409); the chain stays whole.
  r = await chair.api('POST', `/api/v1/halls/${dezhou5}/meetings`, { title: '同时提交', setup });
  assert.equal(r.status, 201, r.text);
  const id2 = r.json.id;
  const members = setup.members;
  const answers = await Promise.all(members.map((a) =>
    chair.api('POST', `/api/v1/meetings/${id2}/commands`, { cmd: 'ATTEND', actor: a })));
  const seqs = [];
  for (const a of answers) {
    if (a.status === 200) seqs.push(a.json.seq);
    else assert.equal(a.status, 409, a.text);
  }
  assert.ok(seqs.length >= 1);
  assert.deepEqual(seqs.sort((x, y) => x - y), seqs.map((_, i) => i + 1));
  const m2 = await chair.api('GET', `/api/v1/meetings/${id2}`);
  assert.equal(m2.json.log_length, seqs.length);
  assert.equal(m2.json.state.present, seqs.length);
  assert.equal(verify(first, id2).status, 0);
});
