// Shared helpers for the cluster suite (node --test tests/cluster/, run by tools/run-cluster.sh).
//
// Several mulin nodes run against one PostgreSQL database, as in a scaled-out deployment. The
// cluster comes from tools/pg.sh; its base conninfo ("host=... port=... user=...") arrives in
// MULIN_PG_BASE. Each test file makes databases of its own (createDatabase), so files can run
// side by side. Everything here uses Node's built-ins only.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import assert from 'node:assert/strict';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const BIN = path.resolve(ROOT, process.env.MULIN_BIN || './mulin');
export const DEMO_PASSWORD = 'mulin-demo';
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/* Children still running when this test process ends (a crash, a failed hook) are killed, so no
 * node or nginx outlives the run. */
const children = new Set();
process.on('exit', () => { for (const c of children) try { c.kill('SIGKILL'); } catch { /* gone */ } });
function track(child) {
  children.add(child);
  child.on('exit', () => children.delete(child));
  // A child never keeps this process alive on its own: if a hook fails before stopping it, the
  // run still ends (and the handler above kills it).
  child.unref();
  child.stderr?.unref();
  return child;
}

/** The cluster's base conninfo; a missing cluster is a failure, never a skip. */
export function pgBase() {
  const base = process.env.MULIN_PG_BASE;
  assert.ok(base, 'MULIN_PG_BASE is not set: run the suite with tools/run-cluster.sh');
  return base;
}

let dbCounter = 0;
/** Creates an empty database in the cluster; returns { name, conninfo }. */
export function createDatabase(prefix = 'cl') {
  const name = `mulin_${prefix}_${process.pid}_${++dbCounter}`.toLowerCase();
  psql('postgres', `CREATE DATABASE ${name}`);
  return { name, conninfo: `${pgBase()} dbname=${name}` };
}

/** Runs SQL with psql against database `db`; returns its unaligned, tuples-only output. */
export function psql(db, sql) {
  return execFileSync('psql', [`${pgBase()} dbname=${db}`, '-X', '-qAt', '-v', 'ON_ERROR_STOP=1', '-c', sql],
    { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' }).trim();
}

/** A fresh database with the demo data (`mulin init --demo --pg ...`). */
export function demoDatabase(prefix) {
  const db = createDatabase(prefix);
  execFileSync(BIN, ['init', '--demo', '--pg', db.conninfo], { stdio: 'pipe' });
  return db;
}

/** A free TCP port on 127.0.0.1 (the kernel picks it; released just before use). */
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

/** One GET with a short timeout; the status, or null when nothing answers. */
function probe(port, pathname = '/login') {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: pathname, agent: false, timeout: 1000 },
      (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); });
    req.on('error', () => resolve(null));
    req.on('timeout', () => { req.destroy(); resolve(null); });
  });
}

/** Sessions listening for live events on database `db` (one per running node). */
export function listeners(db) {
  return Number(psql('postgres', `SELECT count(*) FROM pg_stat_activity WHERE datname = '${db.name}'`
    + ` AND query = 'LISTEN mulin'`));
}

/** Waits until `n` nodes listen for live events on `db` (a node's listener connects on its own
 * thread shortly after the node starts answering). */
export async function waitListeners(db, n, ms = 10000) {
  const deadline = Date.now() + ms;
  let seen = 0;
  while (Date.now() < deadline) {
    seen = listeners(db);
    if (seen >= n) return;
    await sleep(50);
  }
  assert.fail(`only ${seen} of ${n} nodes listen for live events on ${db.name}`);
}

/**
 * Starts `mulin serve --pg CONNINFO` on a free loopback port. Returns
 * { name, base, port, child, log(), requests(), exited, stop(sig) }; stop resolves to
 * { code, signal, log } once the node has exited.
 */
export async function startNode(db, name = 'node', extraArgs = []) {
  let lastErr;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const child = track(spawn(BIN, ['serve', '--pg', db.conninfo, '--listen', `127.0.0.1:${port}`, ...extraArgs], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env },
    }));
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => { stderr += d; });
    let exitInfo = null;
    const exited = new Promise((resolve) => child.on('exit', (code, signal) => {
      exitInfo = { code, signal };
      resolve(exitInfo);
    }));
    const deadline = Date.now() + 20000;
    while (Date.now() < deadline && !exitInfo) {
      if ((await probe(port)) !== null) break;
      await sleep(50);
    }
    if (exitInfo) { // most likely the port was taken in between: try another
      lastErr = new Error(`${name} exited at start (${JSON.stringify(exitInfo)}):\n${stderr}`);
      continue;
    }
    if ((await probe(port)) === null) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not answer within 20 s:\n${stderr}`);
    }
    return {
      name,
      port,
      base: `http://127.0.0.1:${port}`,
      child,
      exited,
      log: () => stderr,
      /** The request lines of the node's stderr log: { method, path, status }. */
      requests: () => stderr.split('\n').map((l) => /^\S+ \S+ ([A-Z]+) (\S+) (\d{3}) [\d.]+ms$/.exec(l))
        .filter(Boolean).map((m) => ({ method: m[1], path: m[2], status: Number(m[3]) })),
      async stop(sig = 'SIGTERM', ms = 20000) {
        child.stderr.ref(); // keep this process up until the log is complete
        if (!exitInfo) child.kill(sig);
        const timer = setTimeout(() => child.kill('SIGKILL'), ms);
        const e = await exited;
        clearTimeout(timer);
        await new Promise((r) => (child.stderr.readableEnded ? r() : child.stderr.on('close', r)));
        return { ...e, log: stderr };
      },
    };
  }
  throw lastErr;
}

/** Problems a sanitizer printed to a node's log (when MULIN_BIN is an ASan build). */
export function sanitizerReports(log) {
  return log.split('\n').filter((l) =>
    /ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|SUMMARY: (Address|Leak|Undefined)/.test(l));
}

/** Stops a node with SIGTERM and requires exit status 0 (and no sanitizer reports). */
export async function stopNode(node) {
  if (!node) return;
  const { code, signal, log } = await node.stop();
  assert.deepEqual(sanitizerReports(log), [], `sanitizer reports in ${node.name}'s log:\n${log.slice(-8000)}`);
  assert.equal(signal, null, `${node.name} died of ${signal}:\n${log.slice(-4000)}`);
  assert.equal(code, 0, `${node.name} exit status ${code} after SIGTERM:\n${log.slice(-4000)}`);
}

/**
 * One HTTP(S) request on a new connection. opts: method, headers, body (string/Buffer), ca (for
 * https with a private certificate). Resolves to { status, headers, text, json, cookies }.
 */
export function request(url, { method = 'GET', headers = {}, body, ca, timeout = 10000 } = {}) {
  const u = new URL(url);
  const mod = u.protocol === 'https:' ? https : http;
  const h = { ...headers };
  if (body !== undefined) h['Content-Length'] = Buffer.byteLength(body);
  return new Promise((resolve, reject) => {
    const req = mod.request(u, { method, headers: h, agent: false, ca, timeout }, (res) => {
      const chunks = [];
      res.on('data', (d) => chunks.push(d));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try { json = JSON.parse(text); } catch { json = undefined; }
        const sc = res.headers['set-cookie'];
        resolve({ status: res.statusCode, headers: res.headers, text, json, cookies: sc ? [].concat(sc) : [] });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`${method} ${url}: no answer in ${timeout} ms`)));
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** The value of the first hidden csrf input of an HTML page, or null. */
export function csrfFrom(html) {
  const m = /<input type="hidden" name="csrf" value="([^"]*)">/.exec(html);
  return m ? m[1] : null;
}

/**
 * A client with a cookie jar and (after loginApi) a bearer token. `base` may be changed to talk
 * to another node with the same credentials. Redirects are never followed.
 */
export class Client {
  constructor(base, { ca } = {}) {
    this.base = base;
    this.ca = ca;
    this.jar = new Map();
    this.token = null;
    this.csrf = null;
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

  cookieHeader() { return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '); }

  /** opts: body, headers, bearer (send the token), cookies (send the jar, default true), base. */
  async request(method, pathname, { body, headers = {}, bearer = false, cookies = true, base } = {}) {
    const h = { ...headers };
    if (cookies && this.jar.size) h.Cookie = this.cookieHeader();
    if (bearer) h.Authorization = `Bearer ${this.token}`;
    const res = await request((base || this.base) + pathname, { method, headers: h, body, ca: this.ca });
    this.storeCookies(res.cookies);
    return res;
  }

  get(pathname, opts) { return this.request('GET', pathname, opts); }

  postForm(pathname, fields, opts = {}) {
    return this.request('POST', pathname, {
      ...opts,
      body: new URLSearchParams(fields).toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(opts.headers || {}) },
    });
  }

  sendJson(method, pathname, obj, opts = {}) {
    return this.request(method, pathname, {
      ...opts,
      body: JSON.stringify(obj),
      headers: { 'Content-Type': 'application/json', ...(opts.headers || {}) },
    });
  }

  /** Logs in through the API (JSON); keeps the bearer token and csrf. */
  async loginApi(login, password = DEMO_PASSWORD, opts = {}) {
    const res = await this.sendJson('POST', '/api/v1/session', { login, password }, opts);
    if (res.status === 201) {
      this.token = res.json.token;
      this.csrf = res.json.csrf;
    }
    return res;
  }

  /** Logs in through the HTML form: GET /login (csrf) on `formBase`, POST /login on `postBase`. */
  async loginForm(login, password = DEMO_PASSWORD, { formBase, postBase } = {}) {
    const page = await this.get('/login', { base: formBase });
    const csrf = csrfFrom(page.text);
    assert.ok(csrf, `no csrf input on /login (status ${page.status})`);
    return this.postForm('/login', { csrf, login, password, next: '/' }, { base: postBase });
  }

  /** A JSON API call with the bearer token and no cookies. */
  api(method, pathname, obj, opts = {}) {
    if (obj === undefined) return this.request(method, pathname, { ...opts, bearer: true, cookies: false });
    return this.sendJson(method, pathname, obj, { ...opts, bearer: true, cookies: false });
  }
}

/** A client logged in through the API as a demo account on `base`. */
export async function loggedIn(base, user, opts) {
  const c = new Client(base, opts);
  const res = await c.loginApi(user);
  assert.equal(res.status, 201, `login as ${user} on ${base}: ${res.text}`);
  return c;
}

/**
 * Opens a Server-Sent Events stream with node:http(s) and parses it as it arrives. Returns
 * { status, headers, next(ms), nextEvent(ms), ended, close() }: next() gives the next frame
 * ({ event, data, retry, comment, at }) or null after `ms`; `at` is performance.now() when the
 * bytes arrived; nextEvent() skips comments and hints; `ended` resolves when the server ends it.
 */
export function sse(url, { headers = {}, ca } = {}) {
  const u = new URL(url);
  const mod = u.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(u, { method: 'GET', headers: { Accept: 'text/event-stream', ...headers }, agent: false, ca },
      (res) => {
        res.setEncoding('utf8');
        let buf = '';
        const frames = [];
        let waiter = null;
        let done = false;
        const wake = () => { if (waiter) { const w = waiter; waiter = null; w(); } };
        res.on('data', (chunk) => {
          const at = performance.now();
          buf += chunk;
          let i;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const frame = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const ev = { at };
            for (const line of frame.split('\n')) {
              if (line.startsWith('event: ')) ev.event = line.slice(7);
              else if (line.startsWith('data: ')) ev.data = line.slice(6);
              else if (line.startsWith('retry: ')) ev.retry = Number(line.slice(7));
              else if (line.startsWith(':')) ev.comment = line.slice(1).trim();
            }
            frames.push(ev);
          }
          wake();
        });
        const ended = new Promise((ok) => {
          const finish = () => { done = true; wake(); ok(true); };
          res.on('end', finish);
          res.on('close', finish);
          res.on('error', finish);
        });
        async function next(ms = 3000) {
          const deadline = Date.now() + ms;
          while (!frames.length && !done) {
            const left = deadline - Date.now();
            if (left <= 0) return null;
            await new Promise((ok) => {
              const t = setTimeout(() => { waiter = null; ok(); }, left);
              waiter = () => { clearTimeout(t); ok(); };
            });
          }
          return frames.shift() || null;
        }
        async function nextEvent(ms = 3000) {
          const deadline = Date.now() + ms;
          for (;;) {
            const f = await next(Math.max(0, deadline - Date.now()));
            if (!f || f.event) return f;
          }
        }
        resolve({ status: res.statusCode, headers: res.headers, next, nextEvent, ended, close: () => req.destroy() });
      });
    req.on('error', reject);
    req.end();
  });
}

/** Ids of the demo tree's well-known nodes, looked up through the API as `client`. */
export async function demoNodes(client) {
  async function childId(parentId, name) {
    const res = parentId == null
      ? await client.api('GET', '/api/v1/nodes')
      : await client.api('GET', `/api/v1/nodes/${parentId}/children`);
    assert.equal(res.status, 200, res.text);
    const n = res.json.nodes.find((x) => x.name === name);
    assert.ok(n, `no node ${name} under ${parentId}`);
    return n.id;
  }
  const district = await childId(null, '浦东新区');
  const sub = await childId(district, '上钢新村街道');
  const dezhou5 = await childId(sub, '德州五村');
  const shanggang2 = await childId(sub, '上钢二村');
  return { district, sub, dezhou5, shanggang2 };
}

/** A temporary directory, removed by the returned function. */
export function tempDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A throw-away self-signed certificate for 127.0.0.1 and localhost: { cert, key, pem }. */
export function selfSignedCert(dir) {
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
    '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { stdio: 'pipe' });
  return { cert, key, pem: fs.readFileSync(cert) };
}

export const NGINX_TEMPLATE = path.join(ROOT, 'deploy/nginx.conf');

/** deploy/nginx.conf with the test's ports, certificate and nodes. Every line the test swaps must
 * be in the template as documented, or this throws (the test then fails rather than testing
 * some other configuration). */
export function nginxSite({ httpPort, httpsPort, cert, key, nodes }) {
  let conf = fs.readFileSync(NGINX_TEMPLATE, 'utf8');
  const swap = (from, to) => {
    assert.ok(conf.includes(from), `deploy/nginx.conf has no '${from}'`);
    conf = conf.split(from).join(to);
  };
  swap('listen 80;', `listen 127.0.0.1:${httpPort};`);
  swap('listen 443 ssl http2;', `listen 127.0.0.1:${httpsPort} ssl http2;`);
  swap('/etc/letsencrypt/live/mulin.example.org/fullchain.pem', cert);
  swap('/etc/letsencrypt/live/mulin.example.org/privkey.pem', key);
  const lines = conf.match(/^ *server 127\.0\.0\.1:\d+ [^\n]*;$/mg) || [];
  assert.equal(lines.length, 2, 'deploy/nginx.conf names two example nodes');
  assert.equal(nodes.length, 2, 'the test runs two nodes');
  lines.forEach((line, i) => {
    conf = conf.replace(line, line.replace(/127\.0\.0\.1:\d+/, `127.0.0.1:${nodes[i].port}`));
  });
  return conf;
}

/**
 * Runs nginx (the system's binary, as a child in the foreground) with deploy/nginx.conf in front
 * of `nodes`, with its own prefix, pid, logs and temp paths in a temp directory: /etc/nginx is
 * never read or written. Returns { http, https, ca, accessLog(), errorLog(), stop() → the error log }.
 */
export async function startNginx(nodes) {
  const { dir, remove } = tempDir('mulin-nginx-');
  fs.chmodSync(dir, 0o755); // nginx workers run as an unprivileged user when we are root
  const { cert, key, pem } = selfSignedCert(dir);
  let lastErr;
  for (let attempt = 0; attempt < 5; attempt++) {
    const httpPort = await freePort();
    const httpsPort = await freePort();
    fs.writeFileSync(path.join(dir, 'mulin.conf'), nginxSite({ httpPort, httpsPort, cert, key, nodes }));
    fs.writeFileSync(path.join(dir, 'nginx.conf'), `# test wrapper: the main context deploy/nginx.conf lives in
pid ${dir}/nginx.pid;
error_log ${dir}/error.log info;
worker_processes 1;
events { worker_connections 512; }
http {
    log_format upstream '$request_method $uri $status upstream=$upstream_addr';
    access_log ${dir}/access.log upstream;
    client_body_temp_path ${dir}/tmp-body;
    proxy_temp_path ${dir}/tmp-proxy;
    fastcgi_temp_path ${dir}/tmp-fastcgi;
    uwsgi_temp_path ${dir}/tmp-uwsgi;
    scgi_temp_path ${dir}/tmp-scgi;
    include ${dir}/mulin.conf;
}
`);
    const child = track(spawn('nginx', ['-e', `${dir}/error.log`, '-p', dir, '-c', `${dir}/nginx.conf`, '-g', 'daemon off;'],
      { stdio: ['ignore', 'ignore', 'pipe'] }));
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => { stderr += d; });
    let exitInfo = null;
    const exited = new Promise((resolve) => {
      child.on('error', (e) => { exitInfo = { code: -1, error: e }; resolve(exitInfo); });
      child.on('exit', (code, signal) => { exitInfo = { code, signal }; resolve(exitInfo); });
    });
    const deadline = Date.now() + 10000;
    while (Date.now() < deadline && !exitInfo) {
      if ((await probe(httpPort)) !== null) break;
      await sleep(50);
    }
    const errorLog = () => { try { return fs.readFileSync(`${dir}/error.log`, 'utf8'); } catch { return ''; } };
    if (exitInfo) {
      lastErr = new Error(`nginx exited at start (${JSON.stringify(exitInfo)}):\n${stderr}\n${errorLog()}`);
      if (exitInfo.error || !/in use/.test(stderr + errorLog())) break; // only a port clash is retried
      continue;
    }
    return {
      dir,
      http: `http://127.0.0.1:${httpPort}`,
      https: `https://127.0.0.1:${httpsPort}`,
      ca: pem,
      accessLog: () => { try { return fs.readFileSync(`${dir}/access.log`, 'utf8'); } catch { return ''; } },
      errorLog,
      async stop() {
        if (!exitInfo) child.kill('SIGTERM'); // fast shutdown: open streams do not hold it up
        const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
        await exited;
        clearTimeout(timer);
        const log = errorLog();
        remove();
        return log;
      },
    };
  }
  remove();
  throw lastErr;
}
