// Shared helpers for mulin's browser tests: a demo server of our own on a free port, Debian's
// Chromium driven by playwright-core, sign-in through the form, axe-core and tap-target checks.
// Each test file starts its own server on a fresh database, so files do not depend on each other.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SCREENSHOTS = join(REPO, 'docs', 'screenshots');
export const PASSWORD = 'mulin-demo';

export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1366, height: 768 };
export const VIEWPORTS = { phone: PHONE, desktop: DESKTOP };

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// The binary: MULIN_BIN (relative to the current directory), else ./mulin there, else the
// repository's own.
function mulinBin() {
  const env = process.env.MULIN_BIN;
  if (env) return isAbsolute(env) ? env : resolve(process.cwd(), env);
  const here = resolve(process.cwd(), 'mulin');
  return existsSync(here) ? here : join(REPO, 'mulin');
}

// Starts `mulin serve` on a fresh demo database, on a port the system picks (":0"), and waits
// for its "serving on http://..." line. Returns { url, stop, log }.
export async function startServer() {
  const bin = mulinBin();
  assert.ok(existsSync(bin), `mulin binary not found at ${bin} (run make mulin, or set MULIN_BIN)`);
  const dir = mkdtempSync(join(tmpdir(), 'mulin-e2e-'));
  const db = join(dir, 't.db');
  const init = spawnSync(bin, ['init', '--demo', '--db', db], { encoding: 'utf8' });
  assert.equal(init.status, 0, `mulin init failed: ${init.stderr}${init.stdout}`);

  const child = spawn(bin, ['serve', '--db', db, '--listen', '127.0.0.1:0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`mulin did not start in 10 s:\n${log}`)), 10000);
    const onData = (chunk) => {
      log += chunk;
      const m = /serving on (http:\/\/[0-9.]+:[0-9]+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`mulin exited (${code}) before serving:\n${log}`));
    });
  });
  const exited = new Promise((ok) => child.on('exit', ok));
  return {
    url,
    db,
    log: () => log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Debian's Chromium; the networking flags keep it from calling home on a closed network.
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

// A fresh browser context as a resident of Shanghai would have it: Chinese browser, phone or
// desktop viewport. Extra options (javaScriptEnabled: false, locale) override the defaults.
export async function newPage(browser, baseURL, viewport = PHONE, options = {}) {
  const context = await browser.newContext({
    baseURL,
    viewport,
    locale: 'zh-CN',
    isMobile: viewport.width < 768,
    hasTouch: viewport.width < 768,
    ...options,
  });
  context.setDefaultTimeout(10000);
  return context.newPage();
}

// Signs in through the login form, as a person would, and waits for the page that follows.
export async function login(page, username, password = PASSWORD) {
  await page.goto('/login');
  await page.locator('#login').fill(username);
  await page.locator('#password').fill(password);
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith('/login')),
    page.locator('main form button[type=submit]').click(),
  ]);
}

// The page's main heading as a person reads it.
export async function heading(page) {
  return (await page.locator('main h1').innerText()).trim();
}

// Follows links by their visible names, one after another (e.g. ['浦东新区', '上钢新村街道']),
// starting from the territory page of the tab bar.
export async function walk(page, names) {
  await page.goto('/nodes');
  for (const name of names) {
    await Promise.all([
      page.waitForLoadState('load'),
      page.locator('main').getByRole('link', { name, exact: true }).first().click(),
    ]);
    assert.equal(await heading(page), name, `after following "${name}"`);
  }
  return new URL(page.url()).pathname;
}

// Runs axe-core at WCAG 2.1 A and AA on the current page; returns readable violations.
// Legacy mode runs axe in the page itself instead of finishing in a new blank page: 2-3 times
// faster, and the one thing it gives up (cross-origin iframes) is not used by mulin.
export async function axeViolations(page) {
  const result = await new AxeBuilder({ page }).withTags(WCAG_TAGS).setLegacyMode(true).analyze();
  return result.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help}\n` +
      v.nodes.map((n) => `    ${n.target.join(' ')} — ${n.failureSummary.replace(/\n/g, ' ')}`).join('\n'),
  );
}

// The visible tap targets of the top bar, tab bar, action buttons, cell lists and forms, with
// their sizes. (Links inside tables, breadcrumbs and running text are not measured.)
// A checkbox is tapped through its label, so the label is measured instead.
export async function tapTargets(page) {
  return page.evaluate(() => {
    const sel = [
      '.topbar a',
      '.topbar button',
      '.tabbar a',
      '.actions a',
      '.cell > a',
      'main form button',
      'main form a',
      'main form input:not([type=hidden]):not([type=checkbox]):not([type=radio])',
      'main form select',
      'main form textarea',
      'main form label:has(input[type=checkbox])',
      'main form label:has(input[type=radio])',
      'main a.button',
    ].join(',');
    const out = [];
    for (const el of document.querySelectorAll(sel)) {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (r.width === 0 || r.height === 0 || style.visibility === 'hidden') continue;
      const text = (el.innerText || el.value || el.getAttribute('aria-label') || el.id || '').trim();
      out.push({
        what: `${el.tagName.toLowerCase()}${el.className ? '.' + el.className.split(' ').join('.') : ''} "${text.slice(0, 30)}"`,
        width: Math.round(r.width * 10) / 10,
        height: Math.round(r.height * 10) / 10,
      });
    }
    return out;
  });
}

export function screenshotPath(name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return join(SCREENSHOTS, name);
}

// True when the page is wider than the viewport (a phone reader would have to scroll sideways).
export async function overflowsX(page) {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}

// The addresses of the territory pages from the district down to 德州五村's first household,
// found by following links as the signed-in person on page would.
export async function territoryPaths(page) {
  const names = ['浦东新区', '上钢新村街道', '德州五村', '东区', '1号楼组', '1号楼', '101室'];
  const paths = {};
  await page.goto('/nodes');
  for (const name of names) {
    await Promise.all([
      page.waitForLoadState('load'),
      page.locator('main').getByRole('link', { name, exact: true }).first().click(),
    ]);
    assert.equal(await heading(page), name);
    paths[name] = new URL(page.url()).pathname;
  }
  return paths;
}

// A roster CSV with one bad row (line 3), written to a fresh temporary file.
export function badRosterFile() {
  const dir = mkdtempSync(join(tmpdir(), 'mulin-e2e-csv-'));
  const file = join(dir, 'roster.csv');
  writeFileSync(
    file,
    '姓名,手机,楼号,室号,楼组,区块\n测试新人,13912345678,9号楼,101室,5号楼组,北区\n号码不对,12345,9号楼,102室,5号楼组,北区\n',
  );
  return { file, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
