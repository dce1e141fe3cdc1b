// Shared helpers for the black-box HTTP suite (node --test tests/http/).
//
// Each test file calls useServer() once at top level: before its tests a fresh database is made
// with `MULIN_BIN init --demo` and `MULIN_BIN serve` is started on a free loopback port; after
// them the server gets SIGTERM and must exit 0 (under ASan this also catches leaks reported at
// exit). Clients keep their own cookie jar and can log in through the HTML form or the API.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import zlib from 'node:zlib';
import path from 'node:path';
import { after, before } from 'node:test';
import assert from 'node:assert/strict';

export const BIN = path.resolve(process.env.MULIN_BIN || './mulin');
export const DEMO_PASSWORD = 'mulin-demo';

/* The demo accounts (src/org/demo.c): phone 1380000XXXX is the account's 1-based position. */
export const DEMO = {
  admin: { phone: '13800000001', name: '沈建华' },
  worker: { phone: '13800000002', name: '汪丽娟' },
  leader: { phone: '13800000003', name: '王秀英' },
  director: { phone: '13800000004', name: '李国庆' },
  chair: { phone: '13800000005', name: '赵德明' },
  recorder: { phone: '13800000006', name: '钱佳怡' },
  resident: { phone: '13800000007', name: '张浩然' },
  resident2: { phone: '13800000008', name: '孙桂兰' },
  worker2: { phone: '13800000009', name: '邵海燕' },
};

/** A free TCP port on 127.0.0.1 (the kernel picks it; we release it just before use). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** One GET with a short timeout; resolves to the status or null when nothing answers. */
function probe(port) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/login', agent: false, timeout: 1000 },
      (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); });
    req.on('error', () => resolve(null));
    req.on('timeout', () => { req.destroy(); resolve(null); });
  });
}

/**
 * Starts a server on a fresh demo database. Returns
 * { base, port, dir, db, child, log(), stop() }; stop(sig = 'SIGTERM') sends the signal and
 * resolves to { code, signal, log } once the server has exited.
 */
export async function startServer({ demo = true } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mulin-http-'));
  // MULIN_PG_BASE (e.g. "host=127.0.0.1 port=5433 user=postgres") runs the suite on
  // PostgreSQL: each server gets a database of its own in that cluster.
  let db = path.join(dir, 't.db');
  let dbArgs = ['--db', db];
  if (process.env.MULIN_PG_BASE) {
    const name = `mulin_${path.basename(dir).replace(/[^a-zA-Z0-9]/g, '_').toLowerCase()}`;
    execFileSync('psql', [`${process.env.MULIN_PG_BASE} dbname=postgres`, '-qc', `CREATE DATABASE ${name}`],
      { stdio: 'pipe' });
    db = `${process.env.MULIN_PG_BASE} dbname=${name}`;
    dbArgs = ['--pg', db];
  }
  execFileSync(BIN, ['init', ...(demo ? ['--demo'] : []), ...dbArgs], { stdio: 'pipe' });
  let lastErr;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const child = spawn(BIN, ['serve', ...dbArgs, '--listen', `127.0.0.1:${port}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env },
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => { stderr += d; });
    const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    let exitInfo = null;
    exited.then((e) => { exitInfo = e; });
    const deadline = Date.now() + 20000;
    while (Date.now() < deadline && !exitInfo) {
      if ((await probe(port)) !== null) break;
      await sleep(50);
    }
    if (exitInfo) { // most likely the port was taken in between: try another
      lastErr = new Error(`server exited at start (${JSON.stringify(exitInfo)}):\n${stderr}`);
      continue;
    }
    if ((await probe(port)) === null) {
      child.kill('SIGKILL');
      throw new Error(`server did not answer within 20 s:\n${stderr}`);
    }
    const server = {
      base: `http://127.0.0.1:${port}`,
      port,
      dir,
      db,
      dbArgs,
      child,
      log: () => stderr,
      async stop(sig = 'SIGTERM') {
        if (!exitInfo) child.kill(sig);
        const timer = setTimeout(() => child.kill('SIGKILL'), 30000);
        const e = await exited;
        clearTimeout(timer);
        // Let the stderr pipe drain so sanitizer reports are complete.
        await new Promise((r) => (child.stderr.readableEnded ? r() : child.stderr.on('close', r)));
        return { ...e, log: stderr };
      },
    };
    return server;
  }
  throw lastErr;
}

/** Problems a sanitizer or the server printed to its log. */
export function logProblems(log) {
  return log.split('\n').filter((l) =>
    /ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|SUMMARY: (Address|Leak|Undefined)/.test(l));
}

/**
 * Registers before/after hooks for the calling test file: a server for all of its tests,
 * stopped afterwards with SIGTERM and required to exit 0. Returns an object whose fields
 * (base, port, db, ...) are filled in before the first test runs; `ready` resolves then.
 */
export function useServer(opts) {
  const s = {};
  // Node 20 runs a file's root-level before() hooks concurrently, so a file's own set-up must
  // `await server.ready` rather than rely on hook order.
  let resolveReady;
  let rejectReady;
  s.ready = new Promise((res, rej) => { resolveReady = res; rejectReady = rej; });
  s.ready.catch(() => {});
  before(async () => {
    try {
      Object.assign(s, await startServer(opts));
      resolveReady(s);
    } catch (e) {
      rejectReady(e);
      throw e;
    }
  });
  after(async () => {
    if (!s.stop) return;
    const { code, signal, log } = await s.stop();
    fs.rmSync(s.dir, { recursive: true, force: true });
    const problems = logProblems(log);
    assert.deepEqual(problems, [], `sanitizer reports in the server log:\n${log.slice(-8000)}`);
    assert.equal(signal, null, `server died of ${signal}:\n${log.slice(-4000)}`);
    assert.equal(code, 0, `server exit status ${code} after SIGTERM:\n${log.slice(-8000)}`);
  });
  return s;
}

/**
 * Opens the Server-Sent Events stream at `path` as `client` (its bearer token). Returns
 * { res, frame(ms), next(ms), close() }: frame() gives the next frame of any kind ({ event,
 * data, retry, comment }), next() the next frame with an event name; both give null after `ms`
 * milliseconds without one, or once the stream has ended.
 */
export async function openEvents(server, client, path) {
  const ac = new AbortController();
  const res = await fetch(`${server.base}${path}`, {
    headers: { Authorization: `Bearer ${client.token}` }, signal: ac.signal,
  });
  const reader = res.body ? res.body.getReader() : null;
  const dec = new TextDecoder();
  let buf = '';
  let pending = null;
  const frames = [];
  function take() {
    let i;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const ev = {};
      for (const line of buf.slice(0, i).split('\n')) {
        if (line.startsWith('event: ')) ev.event = line.slice(7);
        else if (line.startsWith('data: ')) ev.data = line.slice(6);
        else if (line.startsWith('retry: ')) ev.retry = Number(line.slice(7));
        else if (line.startsWith(':')) ev.comment = line.slice(1).trim();
      }
      buf = buf.slice(i + 2);
      frames.push(ev);
    }
  }
  async function frame(ms = 3000) {
    const deadline = Date.now() + ms;
    while (!frames.length) {
      const left = deadline - Date.now();
      if (left <= 0 || !reader) return null;
      pending = pending || reader.read();
      let timer;
      const r = await Promise.race([pending, new Promise((ok) => { timer = setTimeout(() => ok('timeout'), left); })]);
      clearTimeout(timer);
      if (r === 'timeout') return null;
      pending = null;
      if (r.done) return frames.shift() || null;
      buf += dec.decode(r.value, { stream: true });
      take();
    }
    return frames.shift();
  }
  async function next(ms = 3000) {
    const deadline = Date.now() + ms;
    for (;;) {
      const f = await frame(Math.max(0, deadline - Date.now()));
      if (!f || f.event) return f;
    }
  }
  return { res, frame, next, close: () => ac.abort() };
}

/** The value of the hidden csrf input of an HTML page (the first one), or null. */
export function csrfFrom(html) {
  const m = /<input type="hidden" name="csrf" value="([^"]*)">/.exec(html);
  return m ? m[1] : null;
}

/** Set-Cookie headers of a fetch Response as an array. */
export function setCookies(res) {
  if (typeof res.headers.getSetCookie === 'function') return res.headers.getSetCookie();
  const v = res.headers.get('set-cookie');
  return v ? v.split(/,(?=\s*[A-Za-z0-9_]+=)/) : [];
}

/** HTML-escapes s the way src/web/html.c does. */
export function htmlEscape(s) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * A client with its own cookie jar. Requests never follow redirects, so tests see the 303s.
 * Every call returns { status, headers, text, json, cookies, res }.
 */
export class Client {
  constructor(server, { lang, headers } = {}) {
    this.server = server;
    this.jar = new Map();
    this.headers = { ...(headers || {}) };
    if (lang) this.headers['Accept-Language'] = lang;
    this.token = null; // bearer token after loginApi()
    this.csrf = null; // the session's CSRF token when known
  }

  get base() { return this.server.base; }

  cookieHeader() {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  storeCookies(list) {
    for (const c of list) {
      const [pair, ...attrs] = c.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const maxAge = attrs.map((a) => a.trim()).find((a) => /^max-age=/i.test(a));
      if (value === '' || (maxAge && Number(maxAge.split('=')[1]) <= 0)) this.jar.delete(name);
      else this.jar.set(name, value);
    }
  }

  async request(method, pathname, { body, headers = {}, bearer = false, cookies: sendCookies = true } = {}) {
    const h = { ...this.headers, ...headers };
    const cookie = this.cookieHeader();
    if (sendCookies && cookie && !('Cookie' in h)) h.Cookie = cookie;
    if (bearer) h.Authorization = `Bearer ${this.token}`;
    const res = await fetch(this.base + pathname, { method, headers: h, body, redirect: 'manual' });
    const buf = Buffer.from(await res.arrayBuffer());
    const cookies = setCookies(res);
    this.storeCookies(cookies);
    const text = buf.toString('utf8');
    let json;
    try { json = JSON.parse(text); } catch { json = undefined; }
    return { status: res.status, headers: res.headers, text, json, cookies, res, body: buf };
  }

  get(pathname, opts) { return this.request('GET', pathname, opts); }

  /** POSTs an urlencoded form (an object or URLSearchParams). */
  postForm(pathname, fields, opts = {}) {
    return this.request('POST', pathname, {
      ...opts,
      body: new URLSearchParams(fields).toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(opts.headers || {}) },
    });
  }

  /** Sends a JSON body (an object, or a string/Buffer sent as is). */
  sendJson(method, pathname, obj, opts = {}) {
    return this.request(method, pathname, {
      ...opts,
      body: typeof obj === 'string' || Buffer.isBuffer(obj) ? obj : JSON.stringify(obj),
      headers: { 'Content-Type': 'application/json', ...(opts.headers || {}) },
    });
  }

  /** GETs a page and returns its csrf token (also remembered in this.csrf). */
  async csrfOf(pathname = '/login') {
    const page = await this.get(pathname);
    const tok = csrfFrom(page.text);
    assert.ok(tok, `no csrf input on ${pathname} (status ${page.status})`);
    this.csrf = tok;
    return tok;
  }

  /** Logs in through the HTML form: GET /login, read the csrf input, POST /login. */
  async loginForm(login, password = DEMO_PASSWORD) {
    const csrf = await this.csrfOf('/login');
    const res = await this.postForm('/login', { csrf, login, password, next: '/' });
    if (res.status === 303) await this.csrfOf('/profile'); // the session's token
    return res;
  }

  /** Logs in through the API; keeps the bearer token, the session cookie and the csrf. */
  async loginApi(login, password = DEMO_PASSWORD) {
    const res = await this.sendJson('POST', '/api/v1/session', { login, password });
    if (res.status === 201) {
      this.token = res.json.token;
      this.csrf = res.json.csrf;
    }
    return res;
  }

  /** Like the other calls but always JSON with the bearer token. */
  api(method, pathname, obj) {
    if (obj === undefined) return this.request(method, pathname, { bearer: true, cookies: false });
    return this.sendJson(method, pathname, obj, { bearer: true, cookies: false });
  }
}

/** A client logged in (API and cookie) as a demo account; fails the test otherwise. */
export async function loggedIn(server, user, opts) {
  const c = new Client(server, opts);
  const res = await c.loginApi(user);
  assert.equal(res.status, 201, `login as ${user}: ${res.text}`);
  return c;
}

/**
 * Sends a raw request on a new connection and collects the response. With an
 * "Expect: 100-continue" header the body goes out only after the server's 100 Continue, which
 * is how a client learns of a refusal (413) before sending a large body; otherwise everything
 * is written at once. Resolves to { status, head, headers, body, raw } when one full final
 * response is in, the server closes, or `idleMs` pass without data.
 */
export function rawRequest(port, bytes, { idleMs = 3000 } = {}) {
  return new Promise((resolve) => {
    const sep = bytes.indexOf('\r\n\r\n');
    const reqHead = bytes.subarray(0, sep + 4);
    const reqBody = bytes.subarray(sep + 4);
    const expect = /\r\nExpect: *100-continue\r\n/i.test(reqHead.toString('latin1'));
    let chunks = [];
    const sock = net.connect(port, '127.0.0.1');
    let done = false;
    let bodySent = !expect;
    const parse = () => {
      const raw = Buffer.concat(chunks);
      const text = raw.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      const head = end >= 0 ? text.slice(0, end) : text;
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(head);
      const headers = {};
      for (const line of head.split('\r\n').slice(1)) {
        const i = line.indexOf(':');
        if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
      }
      const body = end >= 0 ? raw.subarray(end + 4) : Buffer.alloc(0);
      const status = m ? Number(m[1]) : null;
      const complete = end >= 0 && status !== null && status !== 100 && 'content-length' in headers
        && body.length >= Number(headers['content-length']);
      return { status, head, headers, body, raw, complete, headDone: end >= 0 };
    };
    let timer;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      const r = parse();
      delete r.complete;
      delete r.headDone;
      resolve(r);
    };
    timer = setTimeout(finish, idleMs);
    sock.on('data', (d) => {
      chunks.push(d);
      let r = parse();
      if (r.headDone && r.status === 100) {
        chunks = [r.body]; // drop the interim response
        if (!bodySent) {
          bodySent = true;
          sock.write(reqBody, () => {});
        }
        r = parse();
      }
      if (r.complete) return finish();
      clearTimeout(timer);
      timer = setTimeout(finish, idleMs);
    });
    sock.on('error', () => { /* EPIPE/ECONNRESET after an early answer */ });
    sock.on('close', finish);
    sock.on('connect', () => {
      sock.write(bodySent ? bytes : reqHead, () => {});
    });
  });
}

/** A request through node:http with a raw (unnormalised) path; resolves to status/headers/text. */
export function httpGet(port, rawPath, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: rawPath, method: 'GET', headers, agent: false },
      (res) => {
        const chunks = [];
        res.on('data', (d) => chunks.push(d));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      });
    req.on('error', reject);
    req.end();
  });
}

/* ---- finding nodes and people through the API (ids are not hard-coded) ---- */

/** The id of the child named `name` of node `parentId` (or of the roots when parentId is null). */
export async function childId(client, parentId, name) {
  const res = parentId == null
    ? await client.api('GET', '/api/v1/nodes')
    : await client.api('GET', `/api/v1/nodes/${parentId}/children`);
  assert.equal(res.status, 200, res.text);
  const n = res.json.nodes.find((x) => x.name === name);
  assert.ok(n, `no node ${name} under ${parentId}`);
  return n.id;
}

/** Ids of the demo tree's well-known nodes, looked up as `client` (any signed-in person). */
export async function demoNodes(client) {
  const district = await childId(client, null, '浦东新区');
  const sub = await childId(client, district, '上钢新村街道');
  const dezhou5 = await childId(client, sub, '德州五村');
  const shanggang2 = await childId(client, sub, '上钢二村');
  const east = await childId(client, dezhou5, '东区');
  const group1 = await childId(client, east, '1号楼组');
  const building1 = await childId(client, group1, '1号楼');
  const room101 = await childId(client, building1, '101室');
  return { district, sub, dezhou5, shanggang2, east, group1, building1, household: room101 };
}

/** All people under a node (every page), through the API as `client`. */
export async function peopleUnder(client, nodeId) {
  const out = [];
  for (let page = 1; page < 1000; page++) {
    const res = await client.api('GET', `/api/v1/nodes/${nodeId}/people?page=${page}`);
    assert.equal(res.status, 200, res.text);
    out.push(...res.json.people);
    if (!res.json.more) break;
  }
  return out;
}

/** A multipart body with the roster file and the other fields, for /nodes/{id}/import. */
export function importForm(csrf, fileBytes, { goodOnly = false, filename = 'roster.csv' } = {}) {
  const fd = new FormData();
  if (csrf != null) fd.append('csrf', csrf);
  if (goodOnly) fd.append('good_only', '1');
  fd.append('file', new Blob([fileBytes], { type: 'text/csv' }), filename);
  return fd;
}

/** Uploads a roster file as `client` (cookie session) to node `nodeId`. */
export async function importRoster(client, nodeId, fileBytes, opts = {}) {
  const csrf = opts.csrf === undefined ? await client.csrfOf(`/nodes/${nodeId}/import`) : opts.csrf;
  return client.request('POST', `/nodes/${nodeId}/import`, { body: importForm(csrf, fileBytes, opts) });
}

// ---- images and SQL for the hall's tests ----

export function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

export function pngChunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A w × h RGBA PNG: red on the left half, blue on the right; `idat: false` leaves the pixels out. */
export function png(w, h, { idat = true } = {}) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const parts = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr)];
  if (idat) {
    const row = Buffer.alloc(1 + w * 4);
    for (let x = 0; x < w; x++) row.set(x < w / 2 ? [255, 0, 0, 255] : [0, 0, 255, 255], 1 + x * 4);
    parts.push(pngChunk('IDAT', zlib.deflateSync(Buffer.concat(Array(h).fill(row)))));
    parts.push(pngChunk('IEND', Buffer.alloc(0)));
  } else {
    parts.push(pngChunk('IDAT', zlib.deflateSync(Buffer.alloc(64))));
  }
  return Buffer.concat(parts);
}

/** One SQL query on the server's own database (the SQLite file, or its PostgreSQL database),
 * for what a test must arrange or check below the API (moving a notice's end into the past);
 * rows as arrays of strings. */
export function sql(server, query) {
  const out = process.env.MULIN_PG_BASE
    ? execFileSync('psql', [server.db, '-qAt', '-F', '\t', '-c', query], { encoding: 'utf8' })
    : execFileSync('sqlite3', ['-cmd', '.timeout 10000', '-separator', '\t', server.db, query], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}

const TOPIC_ORDER = ['collecting', 'pending_review', 'accepted', 'deliberating', 'resolved',
  'in_notice', 'in_execution', 'awaiting_evaluation'];

/**
 * Moves topic id on to status the way the hall does: the plain transitions up to deliberation
 * (the proposer `c.resident` sends it for review, `c.worker` screens it), then the outcome API:
 * a resolution, a public notice whose days are then moved into the past, its end, and the report
 * that the work is done. c holds logged-in clients by demo name.
 */
export async function advanceTopic(server, c, id, status) {
  const api = (who, p, body) => c[who].api('POST', `/api/v1/topics/${id}${p}`, body);
  const steps = {
    pending_review: () => api('resident', '/transitions', { to: 'pending_review' }),
    accepted: () => api('worker', '/transitions', { to: 'accepted' }),
    deliberating: () => api('worker', '/transitions', { to: 'deliberating' }),
    resolved: () => api('worker', '/resolutions', {
      text: '同意实施。', responsible: '物业', deadline: '2099-12-31', funding: 'none',
    }),
    in_notice: () => api('worker', '/notice', { days: 7 }),
    in_execution: () => {
      const now = Math.floor(Date.now() / 1000);
      sql(server, `UPDATE notice SET starts_at = ${now - 8 * 86400}, ends_at = ${now - 1} WHERE topic_id = ${Number(id)}`);
      return api('worker', '/notice/end');
    },
    awaiting_evaluation: () => api('worker', '/evaluation'),
  };
  const current = (await c.worker.api('GET', `/api/v1/topics/${id}`)).json.status;
  for (let i = TOPIC_ORDER.indexOf(current) + 1; i <= TOPIC_ORDER.indexOf(status); i++) {
    const res = await steps[TOPIC_ORDER[i]]();
    assert.ok(res.status === 200 || res.status === 201, `${TOPIC_ORDER[i]}: ${res.status} ${res.text}`);
  }
}
