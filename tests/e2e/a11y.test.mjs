// axe-core on every page a person reaches, at WCAG 2.1 A and AA, on a phone and on a desktop:
// zero violations. Each page is its own subtest, so a report names the page.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  VIEWPORTS,
  axeViolations,
  badRosterFile,
  launchBrowser,
  login,
  newPage,
  startServer,
  territoryPaths,
} from './helpers.mjs';

let server;
let browser;
let csv;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  csv = badRosterFile();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  csv?.cleanup();
});

// Runs visit (which leaves page on the page to check), then axe.
async function check(t, page, name, visit) {
  await t.test(name, async () => {
    await visit();
    await page.waitForLoadState('load');
    const violations = await axeViolations(page);
    assert.equal(violations.length, 0, `${name} (${page.url()}):\n${violations.join('\n')}`);
  });
}

for (const [label, viewport] of Object.entries(VIEWPORTS)) {
  describe(`axe-core, WCAG 2.1 AA, ${label} ${viewport.width}×${viewport.height}`, () => {
    test('anonymous pages', async (t) => {
      const page = await newPage(browser, server.url, viewport);
      await check(t, page, 'home (anonymous)', () => page.goto('/'));
      await check(t, page, 'login', () => page.goto('/login'));
      await check(t, page, 'login with an error', async () => {
        await page.locator('#login').fill('worker');
        await page.locator('#password').fill('wrong password');
        await page.locator('main form button[type=submit]').click();
        await page.getByRole('alert').waitFor();
      });
      await check(t, page, 'claim an account', () => page.goto('/claim'));
      await check(t, page, 'page not found', () => page.goto('/no/such/page'));
      await page.context().close();
    });

    test('a worker\'s pages', async (t) => {
      const page = await newPage(browser, server.url, viewport);
      await login(page, 'worker');
      await check(t, page, 'home (signed in)', () => page.goto('/'));
      await check(t, page, 'territory', () => page.goto('/nodes'));
      const paths = await territoryPaths(page);
      for (const [name, path] of Object.entries(paths))
        await check(t, page, `node ${name}`, () => page.goto(path));
      await check(t, page, 'person', async () => {
        await page.goto(paths['101室']);
        await page.locator('main section li a').first().click();
        await page.waitForURL('**/people/*');
      });
      const area = paths['德州五村'];
      await check(t, page, 'roster', () => page.goto(`${area}/people`));
      await check(t, page, 'import', () => page.goto(`${area}/import`));
      await check(t, page, 'import with errors', async () => {
        await page.locator('#file').setInputFiles(csv.file);
        await page.locator('main form button[type=submit]').click();
        await page.locator('table.problems').waitFor();
      });
      await check(t, page, 'profile', () => page.goto('/profile'));
      await check(t, page, 'profile with an error', async () => {
        await page.locator('#old').fill('not my password');
        await page.locator('#new').fill('a new password');
        await page.locator('main form button[type=submit]').click();
        await page.getByRole('alert').waitFor();
      });
      await check(t, page, 'roles', () => page.goto(`${area}/roles`));
      await check(t, page, 'invitations', () => page.goto(`${paths['1号楼']}/invitations`));
      await check(t, page, 'invitation slips', async () => {
        await page.locator('main form button[type=submit]').click();
        await page.locator('.slip').first().waitFor();
      });
      await check(t, page, 'node in English', async () => {
        await page.goto(area);
        await page.locator('.topbar').getByRole('button', { name: 'English' }).click();
        await page.locator('html[lang=en]').waitFor();
      });
      await check(t, page, 'home in English', () => page.goto('/'));
      // The choice is kept on the person: put it back for the other viewport's run.
      await page.locator('.topbar').getByRole('button', { name: '中文' }).click();
      await page.locator('html[lang=zh-CN]').waitFor();
      await page.context().close();
    });

    test('a resident refused', async (t) => {
      const page = await newPage(browser, server.url, viewport);
      await login(page, 'resident');
      const paths = await territoryPaths(page);
      await check(t, page, 'home (resident)', () => page.goto('/'));
      await check(t, page, 'own household', () => page.goto(paths['101室']));
      await check(t, page, 'roster refused (403)', () => page.goto(`${paths['德州五村']}/people`));
      await page.context().close();
    });
  });
}
