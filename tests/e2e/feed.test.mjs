// The hall feed in a browser: a resident has their hall open on a phone; when a topic is raised
// elsewhere, the new item appears on top of the feed without a reload (feed.js over the
// hall's event stream) and the aria-live notice says so. The feed, search and statistics
// pages pass axe-core (WCAG 2.1 AA) and do not scroll sideways; without JavaScript the feed
// is an ordinary list.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PHONE,
  axeViolations,
  launchBrowser,
  login,
  newPage,
  overflowsX,
  startServer,
  tapTargets,
  walk,
} from './helpers.mjs';

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** An API client: logs in with the API and returns { call(method, path, body) }. */
async function apiAs(user) {
  const res = await fetch(`${server.url}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login: user, password: 'mulin-demo' }),
  });
  assert.equal(res.status, 201);
  const { token } = await res.json();
  return async (method, path, body) => {
    const r = await fetch(server.url + path, {
      method, body: body && JSON.stringify(body),
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    });
    return { status: r.status, json: await r.json() };
  };
}

test('a new topic appears on top of the open hall feed, announced', async () => {
  const page = await newPage(browser, server.url, PHONE);
  await login(page, 'resident');
  const groupPath = await walk(page, ['浦东新区', '上钢新村街道', '德州五村', '东区', '1号楼组']);
  const household = (await walk(page, ['浦东新区', '上钢新村街道', '德州五村', '东区', '1号楼组', '1号楼', '101室']))
    .split('/').pop();
  const group = groupPath.split('/').pop();
  const area = (await walk(page, ['浦东新区', '上钢新村街道', '德州五村'])).split('/').pop();
  const api = await apiAs('leader');
  const raise = (title) => api('POST', '/api/v1/topics', {
    title, description: '说明', suggestion: '', category: 'facilities',
    node_id: Number(household), cost_fen: 100, channel: 'online', proposer_public: true,
  });
  assert.equal((await raise('第一条议题')).status, 201);
  await page.goto(`/halls/${group}`);
  const list = page.locator('[data-feed-list]');
  await list.getByText('第一条议题').waitFor();
  const live = page.locator('[data-feed-live]');
  assert.equal(await live.isVisible(), false);
  // Give the event stream a moment to connect, then raise a topic from elsewhere.
  await page.waitForTimeout(500);
  assert.equal((await raise('实时出现的议题')).status, 201);
  await list.locator('li').first().getByText('实时出现的议题').waitFor({ timeout: 8000 });
  assert.equal(await list.locator('li').count(), 2);
  await live.waitFor({ state: 'visible' });
  assert.equal(await live.getAttribute('aria-live'), 'polite');
  assert.equal(await overflowsX(page), false, 'the hall page scrolls sideways');
  const violations = await axeViolations(page);
  assert.deepEqual(violations, []);

  // The person's own feed listens to all their halls: a topic of the whole area arrives too.
  await page.goto('/feed');
  const mine = page.locator('[data-feed-list]');
  await mine.getByText('实时出现的议题').waitFor();
  await page.waitForTimeout(500);
  const estate = await api('POST', '/api/v1/topics', {
    title: '全小区的议题', description: '说明', suggestion: '', category: 'facilities',
    node_id: Number(area), cost_fen: null, channel: 'online', proposer_public: true,
  });
  assert.equal(estate.status, 201);
  assert.equal(estate.json.hall_node_id, Number(area)); // another hall than the group's
  await mine.locator('li').first().getByText('全小区的议题').waitFor({ timeout: 8000 });
  await page.context().close();
});

test('feed, search and statistics pages pass axe and do not scroll sideways', async () => {
  const page = await newPage(browser, server.url, PHONE);
  await login(page, 'resident');
  const area = (await walk(page, ['浦东新区', '上钢新村街道', '德州五村'])).split('/').pop();
  for (const path of ['/feed', `/halls/${area}`, '/search', `/search?q=${encodeURIComponent('议题')}`,
    `/search?q=${encodeURIComponent('，')}`, `/halls/${area}/stats`]) {
    await page.goto(path);
    assert.equal(await overflowsX(page), false, `${path} scrolls sideways`);
    assert.deepEqual(await axeViolations(page), [], path);
    // Tap targets: at least 48 px in both directions (STYLE.md, UI.md).
    const small = (await tapTargets(page)).filter((x) => x.width < 48 || x.height < 48);
    assert.deepEqual(small.map((x) => `${x.what} ${x.width}×${x.height}`), [], path);
  }
  await page.context().close();
});

test('without JavaScript the feed is an ordinary page', async () => {
  const page = await newPage(browser, server.url, PHONE, { javaScriptEnabled: false });
  await login(page, 'resident');
  await page.goto('/feed');
  await page.locator('.tabbar').getByRole('link', { name: '动态' }).waitFor();
  assert.match(await page.locator('main').innerText(), /实时出现的议题/);
  await page.context().close();
});
