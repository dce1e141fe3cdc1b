// The whole life of a topic in the browser, as the people of 德州五村 live it, each in their own
// browser on a phone: 张浩然 (resident) proposes; the standing director screens it; residents
// deliberate; the worker puts it to a vote; the vote passes and becomes the resolution; it is
// posted for public notice; a resident objects and the hall rules on it; the notice ends; the
// work is done and reported with a before/after photo; residents evaluate it; it is closed.
// Meanwhile a neighbour's open hall page shows each step arrive without a reload.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { PHONE, axeViolations, launchBrowser, login, newPage, screenshotPath, startServer, walk } from './helpers.mjs';
import { png } from '../http/lib.mjs';

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

/** Submits the form of the page whose action ends with `action`, filling fields by name. */
async function submit(page, action, fields = {}, button) {
  const form = page.locator(`form[action$="${action}"]`).first();
  await form.waitFor();
  for (const [name, value] of Object.entries(fields)) {
    const input = form.locator(`[name="${name}"]`).first();
    const type = await input.evaluate((el) => (el.tagName === 'SELECT' ? 'select' : el.type));
    if (type === 'select') await input.selectOption(value);
    else if (type === 'radio') await form.locator(`[name="${name}"][value="${value}"]`).check();
    else if (type === 'checkbox') await input.setChecked(Boolean(value));
    else if (type === 'file') await input.setInputFiles(value);
    else await input.fill(String(value));
  }
  const target = button ? form.getByRole('button', { name: button, exact: true }) : form.locator('button[type=submit]').first();
  await Promise.all([page.waitForLoadState('load'), page.waitForURL(/./), target.click()]);
  const alert = page.locator('[role=alert]');
  if (await alert.count()) assert.fail(`${action}: ${await alert.first().innerText()}`);
}

/** Takes the step to `to` with the plain transition form (a reason when it asks for one). */
async function step(page, id, to, reason) {
  const form = page.locator(`form[action="/topics/${id}/transitions"]:has(input[name=to][value="${to}"])`);
  if (reason) await form.locator('textarea[name=reason]').fill(reason);
  await Promise.all([page.waitForLoadState('load'), form.locator('button').click()]);
}

const status = async (page) => (await page.locator('main .kind strong').first().innerText()).trim();

test('a topic goes from proposal to evaluation, and a neighbour watches it in the hall feed', async () => {
  const resident = await newPage(browser, server.url, PHONE);
  const director = await newPage(browser, server.url, PHONE);
  const worker = await newPage(browser, server.url, PHONE);
  const leader = await newPage(browser, server.url, PHONE);
  await login(resident, 'resident');
  await login(director, 'director');
  await login(worker, 'worker');
  await login(leader, 'leader');

  // The neighbour (the building-group leader) has the area's hall open.
  const area = (await walk(leader, ['浦东新区', '上钢新村街道', '德州五村'])).split('/').pop();
  await leader.goto(`/halls/${area}`);
  const feed = leader.locator('[data-feed-list]');
  await leader.evaluate(() => { window.stillHere = true; });
  await leader.waitForTimeout(800); // the event stream connects

  // 1. Propose, in the area's hall (a whole-area matter, so the estate hall hears it).
  await resident.goto(`/halls/${area}/propose`);
  await submit(resident, '/propose', {
    title: '小区主干道加装路灯',
    description: '主干道晚上很暗，老人散步容易摔倒。',
    suggestion: '每隔二十米装一盏太阳能路灯。',
    category: 'safety',
    node_id: area,
    proposer_public: true,
  });
  const id = /\/topics\/(\d+)/.exec(resident.url())[1];
  assert.equal(await status(resident), '征集中');
  await feed.getByText('小区主干道加装路灯').first().waitFor({ timeout: 8000 }).catch(async (e) => {
    console.log('LEADER URL', leader.url(), await leader.locator('main').innerText());
    console.log('RESIDENT', resident.url(), await resident.locator('main').innerText());
    throw e;
  });
  await step(resident, id, 'pending_review');

  // 2. Screening by the standing director.
  await director.goto(`/topics/${id}`);
  await step(director, id, 'accepted');
  await step(director, id, 'deliberating');
  assert.equal(await status(director), '议事中');

  // 3. Deliberation: stance first, then reasons.
  await resident.goto(`/topics/${id}`);
  await submit(resident, `/topics/${id}/opinions`, { stance: 'for', body: '赞成，晚上出门太危险了。' });
  await leader.locator('[data-feed-list]').getByText('赞成，晚上出门太危险了。').first().waitFor({ timeout: 8000 });

  // 4. The vote: opened by the worker, cast by residents, closed.
  await worker.goto(`/topics/${id}`);
  await worker.locator('details summary').filter({ hasText: /发起表决/ }).first().click();
  await submit(worker, `/topics/${id}/polls`, {
    question: '是否同意在主干道加装太阳能路灯？', kind: 'yes_no', eligibility: 'person',
  });
  const pollId = /action="\/polls\/(\d+)\/votes"/.exec(await (await resident.goto(`/topics/${id}`)).text())?.[1];
  assert.ok(pollId, 'the resident is offered the vote');
  await submit(resident, `/polls/${pollId}/votes`, {}, '赞成');
  await resident.getByText('您的票已计入', { exact: true }).waitFor();
  await director.goto(`/topics/${id}`);
  await submit(director, `/polls/${pollId}/votes`, {}, '赞成');
  await worker.goto(`/topics/${id}`);
  await submit(worker, `/polls/${pollId}/close`);

  // 5. The resolution rests on the passed poll.
  await worker.goto(`/topics/${id}`);
  await submit(worker, `/topics/${id}/resolutions`, {
    text: '在主干道加装 12 盏太阳能路灯。', responsible: '物业', deadline: '2099-06-30', funding: 'self_gov_fund',
  });
  assert.equal(await status(worker), '已决议');
  assert.match(await worker.locator('main').innerText(), /赞成 2/);

  // 6. Public notice, an objection, a ruling.
  await submit(worker, `/topics/${id}/notice`, { days: 7 });
  assert.equal(await status(worker), '公示中');
  await resident.goto(`/topics/${id}`);
  await submit(resident, `/topics/${id}/objections`, { body: '希望路灯不要正对住户窗户。' });
  await worker.goto(`/topics/${id}`);
  const ruling = worker.locator('form[action^="/objections/"]').first();
  await ruling.locator('[name=reason]').fill('安装时调整灯头朝向，不影响住户。');
  await Promise.all([worker.waitForLoadState('load'), ruling.getByRole('button', { name: '异议不成立' }).click()]);
  assert.equal(await status(worker), '公示中');

  // 7. The notice's days pass (moved into the past in the database), and it ends.
  const now = Math.floor(Date.now() / 1000);
  execFileSync('sqlite3', ['-cmd', '.timeout 5000', server.db,
    `UPDATE notice SET starts_at = ${now - 8 * 86400}, ends_at = ${now - 1} WHERE topic_id = ${id}`]);
  await worker.goto(`/topics/${id}`);
  // The hall clock ends a due notice by itself (notice_end_due) and may come first; otherwise
  // the worker ends it. Either way the topic moves on once.
  if ((await status(worker)) === '公示中') {
    await submit(worker, `/topics/${id}/notice/end`).catch(async (e) => {
      await worker.goto(`/topics/${id}`);
      if ((await status(worker)) !== '执行中') throw e;
    });
  }
  assert.equal(await status(worker), '执行中');

  // 8. Execution: a task, a progress report with a photo, done, to evaluation.
  await submit(worker, `/topics/${id}/tasks`, { title: '安装路灯', owner: '物业 工程部', deadline: '2099-05-01' });
  const photo = join(tmpdir(), `mulin-story-${process.pid}.png`);
  writeFileSync(photo, png(48, 32));
  await submit(worker, '/progress', { body: '12 盏路灯全部装好。', after: photo });
  assert.equal(await worker.locator('main img').count() > 0, true, 'the progress photo is shown');
  await submit(worker, '/done');
  await submit(worker, `/topics/${id}/evaluation`);
  assert.equal(await status(worker), '待评议');

  // 9. Evaluation: a satisfaction poll; residents answer; then the topic is closed.
  await worker.locator('details summary').filter({ hasText: /发起表决/ }).first().click();
  await submit(worker, `/topics/${id}/polls`, { question: '您对路灯安装满意吗？', eligibility: 'person' });
  const evalId = /action="\/polls\/(\d+)\/votes"/.exec(await (await resident.goto(`/topics/${id}`)).text())?.[1];
  assert.ok(evalId);
  await submit(resident, `/polls/${evalId}/votes`, {}, '满意');
  await worker.goto(`/topics/${id}`);
  await submit(worker, `/polls/${evalId}/close`);
  await submit(worker, `/topics/${id}/close`, { outcome: 'solved', note: '路灯已亮，居民满意。' });
  assert.equal(await status(worker), '已办结');
  assert.deepEqual(await axeViolations(worker), []);
  await resident.goto(`/topics/${id}`);
  await resident.screenshot({ path: screenshotPath('topic-closed-phone.png'), fullPage: true });

  // The neighbour's hall page followed it all without a reload.
  await feed.getByText('已办结').first().waitFor({ timeout: 8000 });
  assert.equal(await leader.evaluate(() => window.stillHere), true, 'the feed page was not reloaded');
  assert.ok(await feed.locator('li').count() >= 8, 'each step arrived in the feed');
  await leader.screenshot({ path: screenshotPath('hall-feed-phone.png') });
});
