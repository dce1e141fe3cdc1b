// On a phone, every visible button and link of the top bar, the tab bar, the action row and the
// forms is big enough for a finger: at least 44×44 CSS px (UI.md asks 48; borders may take a
// pixel or two). Anything under 48 is reported as a diagnostic line in the test output.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PHONE,
  badRosterFile,
  launchBrowser,
  login,
  newPage,
  startServer,
  tapTargets,
  territoryPaths,
} from './helpers.mjs';

const MIN = 44;
const ASKED = 48;

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

async function measure(t, page, name, visit) {
  await t.test(name, async (st) => {
    await visit();
    await page.waitForLoadState('load');
    const targets = await tapTargets(page);
    assert.ok(targets.length > 0, 'no tap targets found');
    for (const x of targets)
      if (x.width < ASKED || x.height < ASKED)
        st.diagnostic(`under ${ASKED}: ${x.what} ${x.width}×${x.height}`);
    const small = targets.filter((x) => x.width < MIN || x.height < MIN);
    assert.deepEqual(
      small.map((x) => `${x.what} ${x.width}×${x.height}`),
      [],
      `${name}: tap targets under ${MIN}×${MIN} px`,
    );
  });
}

test(`tap targets on a phone (${PHONE.width}×${PHONE.height})`, async (t) => {
  const anon = await newPage(browser, server.url, PHONE);
  await measure(t, anon, 'home (anonymous)', () => anon.goto('/'));
  await measure(t, anon, 'login', () => anon.goto('/login'));
  await measure(t, anon, 'claim an account', () => anon.goto('/claim'));
  await anon.context().close();

  const page = await newPage(browser, server.url, PHONE);
  await login(page, 'worker');
  await measure(t, page, 'home (signed in)', () => page.goto('/'));
  const paths = await territoryPaths(page);
  const area = paths['德州五村'];
  await measure(t, page, 'node 德州五村', () => page.goto(area));
  await measure(t, page, 'node 101室', () => page.goto(paths['101室']));
  await measure(t, page, 'roster', () => page.goto(`${area}/people`));
  await measure(t, page, 'import', () => page.goto(`${area}/import`));
  await measure(t, page, 'import with errors', async () => {
    await page.locator('#file').setInputFiles(csv.file);
    await page.locator('main form button[type=submit]').click();
    await page.locator('table.problems').waitFor();
  });
  await measure(t, page, 'profile', () => page.goto('/profile'));
  await measure(t, page, 'roles', () => page.goto(`${area}/roles`));
  await measure(t, page, 'invitations', () => page.goto(`${paths['1号楼']}/invitations`));
  await measure(t, page, 'node in English', async () => {
    await page.goto(area);
    await page.locator('.topbar').getByRole('button', { name: 'English' }).click();
    await page.locator('html[lang=en]').waitFor();
  });
  await page.context().close();
});
