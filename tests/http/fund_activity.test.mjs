// The fund's application window and a project's activities (issue 6, fundact) over HTTP: a pool
// without a window takes submissions at any time; once the subdistrict sets one, submission
// (已申报) is refused outside it with 409 window_closed while drafting and the hall's approval
// go on; activities are recorded by the leader or the area's workers while the project is
// 实施中, with photos, corrected only by new entries; residents of the area read them on the
// API and the project page; every bad input is refused with nothing stored.
// Demo: admin is the subdistrict's; worker and director hold roles on 德州五村, where leader and
// resident live; resident2 and worker2 belong to 上钢二村.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { advanceTopic, csrfFrom, demoNodes, loggedIn, png, sql as sqlRows, useServer } from './lib.mjs';

const server = useServer();
const c = {};
let n;
let pool;
const id = {};

const sql = (q) => sqlRows(server, q).map((row) => row.join('|')).join('\n');
const num = (q) => Number(sql(q) || 0);
/** A date in Asia/Shanghai, `days` from today, as YYYY-MM-DD. */
const day = (days = 0) => new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);

before(async () => {
  await server.ready;
  for (const who of ['admin', 'worker', 'worker2', 'leader', 'director', 'resident', 'resident2']) {
    c[who] = await loggedIn(server, who);
    id[who] = num(`SELECT id FROM person WHERE username = '${who}'`);
  }
  n = await demoNodes(c.admin);
  const res = await c.admin.api('POST', `/api/v1/nodes/${n.dezhou5}/fund-pools`, {
    year: 2026, working: '50,000', service: '20,000', project: '30,000', share_percent: 30,
  });
  assert.equal(res.status, 201, res.text);
  pool = res.json.id;
});

async function resolvedTopic(title) {
  const res = await c.resident.api('POST', '/api/v1/topics', {
    title, description: '需要自治金支持的项目。', category: 'facilities', node_id: n.dezhou5,
  });
  assert.equal(res.status, 201, res.text);
  await advanceTopic(server, c, res.json.id, 'deliberating');
  const r = await c.worker.api('POST', `/api/v1/topics/${res.json.id}/resolutions`, {
    text: '同意由自治金出资实施。', responsible: '自治团队', deadline: '2099-12-31', funding: 'self_gov_fund',
  });
  assert.equal(r.status, 201, r.text);
  return res.json.id;
}

/** A drafted project moved by the right people up to `status` (stopping at the first refusal). */
async function project(title, status = 'in_progress') {
  const topic = await resolvedTopic(title);
  const res = await c.director.api('POST', `/api/v1/topics/${topic}/fund-projects`, {
    pool_id: pool, name: title, leader_id: id.leader, lines: [{ name: '材料', amount: '500' }],
  });
  assert.equal(res.status, 201, res.text);
  const steps = [['director', 'hall_approved'], ['director', 'submitted'], ['admin', 'approved'],
    ['leader', 'in_progress']];
  let last;
  if (status === 'draft') return { id: res.json.id };
  for (const [who, to] of steps) {
    last = await c[who].api('POST', `/api/v1/fund-projects/${res.json.id}/transitions`, { to });
    if (last.status !== 200 || to === status) break;
  }
  return { id: res.json.id, last };
}

const window = (who, body) => c[who].api('POST', `/api/v1/fund-pools/${pool}/window`, body);

test('no window: always open; the subdistrict sets one; closed refuses submission only', async () => {
  const none = await c.resident.api('GET', `/api/v1/fund-pools/${pool}/window`);
  assert.equal(none.status, 200, none.text);
  assert.equal(none.json.state, 'none');
  assert.equal(none.json.submissions_allowed, true);
  assert.equal(none.json.opens_at, null);
  assert.equal((await c.resident2.api('GET', `/api/v1/fund-pools/${pool}/window`)).status, 403);
  const free = await project('没有窗口时申报', 'submitted');
  assert.equal(free.last.status, 200, `a pool without a window takes submissions: ${free.last.text}`);

  // Only the subdistrict sets it; bad windows refused with nothing stored.
  const past = { opens_on: '2020-01-01', closes_on: '2020-01-31' };
  for (const who of ['worker', 'director', 'leader', 'resident']) {
    assert.equal((await window(who, past)).status, 403, who);
  }
  for (const bad of [{ opens_on: '2026-03-01', closes_on: '2026-02-01' }, { opens_on: '2026-02-30', closes_on: '2026-03-01' },
    { opens_on: '2026-01-01', closes_on: '2027-06-01' }, { opens_on: '2026/01/01', closes_on: '2026-02-01' }, {},
    { opens_at: 'soon', closes_at: 5 }]) {
    const res = await window('admin', bad);
    assert.equal(res.status, 422, JSON.stringify(bad));
    assert.equal(res.json.error.code, 'window_invalid');
  }
  assert.equal(num(`SELECT count(*) FROM fund_pool WHERE opens_at IS NOT NULL`), 0, 'nothing stored');

  const closed = await window('admin', past);
  assert.equal(closed.status, 200, closed.text);
  assert.equal(closed.json.state, 'closed');
  assert.equal(closed.json.closes_on, '2020-01-31');
  assert.equal(closed.json.closes_at - closed.json.opens_at, 31 * 86400, 'the last day is included');
  // Drafting and the hall's approval go on; submission is refused with a Chinese message.
  const p = await project('窗口关闭时申报', 'submitted');
  assert.equal(p.last.status, 409, p.last.text);
  assert.equal(p.last.json.error.code, 'window_closed');
  assert.match(p.last.json.error.message, /申报窗口未开放/);
  assert.equal(sql(`SELECT status FROM fund_project WHERE id = ${p.id}`), 'hall_approved');
  assert.equal(num(`SELECT count(*) FROM fund_event WHERE project_id = ${p.id} AND to_status = 'submitted'`), 0);
  const en = await loggedIn(server, 'director', { lang: 'en' });
  const enRes = await en.api('POST', `/api/v1/fund-projects/${p.id}/transitions`, { to: 'submitted' });
  assert.equal(enRes.status, 409);
  assert.match(enRes.json.error.message, /application window is not open/);

  // The project page's step form runs the same check and shows the message again.
  const pageBefore = await c.director.get(`/fund-projects/${p.id}`);
  assert.match(pageBefore.text, /name="to" value="submitted"/);
  const viaPage = await c.director.postForm(`/fund-projects/${p.id}/steps`, { csrf: csrfFrom(pageBefore.text), to: 'submitted', reason: '' });
  assert.equal(viaPage.status, 409, viaPage.text.slice(0, 200));
  assert.match(viaPage.text, /申报窗口未开放/);
  assert.equal(sql(`SELECT status FROM fund_project WHERE id = ${p.id}`), 'hall_approved');

  // Not yet open: refused too.
  assert.equal((await window('admin', { opens_on: day(2), closes_on: day(30) })).json.state, 'not_yet');
  const early = await c.director.api('POST', `/api/v1/fund-projects/${p.id}/transitions`, { to: 'submitted' });
  assert.equal(early.json.error.code, 'window_closed');

  // Open: the same project is submitted.
  const open = await window('admin', { opens_on: day(-1), closes_on: day(30) });
  assert.equal(open.json.state, 'open');
  const ok = await c.director.api('POST', `/api/v1/fund-projects/${p.id}/transitions`, { to: 'submitted' });
  assert.equal(ok.status, 200, ok.text);
  assert.equal((await c.admin.api('GET', `/api/v1/fund-pools/${pool}`)).status, 200);
});

test('the window on the pool page: shown to residents, set by the subdistrict by form', async () => {
  const url = `/nodes/${n.dezhou5}/fund`;
  const res = await c.resident.get(url);
  assert.equal(res.status, 200);
  assert.match(res.text, /申报窗口/);
  assert.match(res.text, new RegExp(`${day(-1)} – ${day(30)} · <strong>申报中`));
  assert.doesNotMatch(res.text, /name="opens_on"/, 'a resident has no window form');
  const page = await c.admin.get(url);
  assert.match(page.text, /name="opens_on"/);
  const csrf = csrfFrom(page.text);
  const bad = await c.admin.postForm(`/fund-pools/${pool}/window`, { csrf, opens_on: day(5), closes_on: day(1) });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /申报窗口无效/);
  assert.match(bad.text, /role="alert"/);
  const good = await c.admin.postForm(`/fund-pools/${pool}/window`, { csrf, opens_on: day(-3), closes_on: day(60) });
  assert.equal(good.status, 303, good.text);
  assert.equal((await c.resident.api('GET', `/api/v1/fund-pools/${pool}/window`)).json.opens_on, day(-3));
  const refused = await c.worker.postForm(`/fund-pools/${pool}/window`, { csrf: csrfFrom((await c.worker.get(url)).text), opens_on: day(0), closes_on: day(1) });
  assert.equal(refused.status, 403);
});

const activities = () => num('SELECT count(*) FROM fund_activity');
const add = (who, projectId, body) => c[who].api('POST', `/api/v1/fund-projects/${projectId}/activities`, body);
function addForm(who, projectId, fields, photos = []) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, String(v));
  for (const p of photos) fd.append('photo', new Blob([p.bytes], { type: p.type || 'image/png' }), p.name || 'p.png');
  return c[who].request('POST', `/api/v1/fund-projects/${projectId}/activities`, { body: fd, bearer: true, cookies: false });
}

test('activities: the leader and the area workers record them while in progress; residents read', async () => {
  const p = await project('楼道活动');
  assert.equal(p.last.status, 200, p.last.text);
  const good = { date: day(-2), what: '清理楼道杂物，张贴公约。', signins: 23 };
  const feedBefore = num('SELECT count(*) FROM feed_item');
  const a = await add('leader', p.id, good);
  assert.equal(a.status, 201, a.text);
  assert.equal(num('SELECT count(*) FROM feed_item'), feedBefore + 1, 'a feed entry for the hall');
  assert.match(sql(`SELECT summary FROM feed_item ORDER BY id DESC LIMIT 1`), /楼道活动.*签到 23 人/);
  // A worker enters a paper record with photos (multipart).
  const w = await addForm('worker', p.id, { date: day(-1), what: '纸质签到表补录。', signins: '7' },
    [{ bytes: png(30, 20) }, { bytes: png(10, 10) }]);
  assert.equal(w.status, 201, w.text);
  // Others may not record.
  for (const who of ['resident', 'director', 'admin', 'worker2', 'resident2']) {
    const res = await add(who, p.id, good);
    assert.equal(res.status, 403, `${who}: ${res.text}`);
  }
  // Readers: the area's residents, not another area's.
  const list = await c.resident.api('GET', `/api/v1/fund-projects/${p.id}/activities`);
  assert.equal(list.status, 200, list.text);
  assert.equal(list.json.count, 2);
  assert.equal(list.json.signins, 30);
  assert.deepEqual(list.json.activities.map((x) => x.id), [w.json.id, a.json.id], 'newest first');
  assert.equal(list.json.activities[0].photos.length, 2);
  assert.match(list.json.activities[0].photos[0].thumb, /^\/photos\/\d+\/thumb$/);
  assert.equal((await c.resident2.api('GET', `/api/v1/fund-projects/${p.id}/activities`)).status, 403);

  // A correction is a new entry naming the old one; the old is kept, once corrected only.
  const fix = await add('leader', p.id, { ...good, signins: 25, corrects: a.json.id });
  assert.equal(fix.status, 201, fix.text);
  const again = await add('leader', p.id, { ...good, corrects: a.json.id });
  assert.equal(again.status, 422);
  assert.equal(again.json.error.code, 'corrects_invalid');
  const after = (await c.resident.api('GET', `/api/v1/fund-projects/${p.id}/activities`)).json;
  assert.equal(after.activities.length, 3);
  assert.equal(after.count, 2, 'the corrected entry no longer counts');
  assert.equal(after.signins, 32);
  assert.equal(after.activities.find((x) => x.id === a.json.id).corrected_by, fix.json.id);
  assert.throws(() => sql(`UPDATE fund_activity SET signins = 1 WHERE id = ${a.json.id}`), /immutable/);
  assert.throws(() => sql(`DELETE FROM fund_activity WHERE id = ${a.json.id}`), /immutable/);

  // The project page: newest first, with thumbnails; the form only for who may record.
  const page = await c.resident.get(`/fund-projects/${p.id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /项目活动/);
  const i1 = page.text.indexOf(`id="activity-${fix.json.id}"`);
  const i2 = page.text.indexOf(`id="activity-${a.json.id}"`);
  assert.ok(i1 > 0 && i2 > i1, 'newest first on the page');
  assert.match(page.text, /<img src="\/photos\/\d+\/thumb"/);
  assert.match(page.text, new RegExp(`更正第 ${a.json.id} 条`));
  assert.doesNotMatch(page.text, /action="\/fund-projects\/\d+\/activities"/);
  const lp = await c.leader.get(`/fund-projects/${p.id}`);
  assert.match(lp.text, /action="\/fund-projects\/\d+\/activities"/);
  // The page's form: a bad count shows the form again with the message; a good one is stored.
  const fd = new FormData();
  fd.append('csrf', csrfFrom(lp.text));
  fd.append('date', day(0)); fd.append('what', '议事会走访。'); fd.append('signins', '十');
  const bad = await c.leader.request('POST', `/fund-projects/${p.id}/activities`, { body: fd });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /签到人数请写 0 到 100000/);
  assert.match(bad.text, /议事会走访/, 'what was typed is kept');
  fd.set('signins', '12');
  const okPage = await c.leader.request('POST', `/fund-projects/${p.id}/activities`, { body: fd });
  assert.equal(okPage.status, 303, okPage.text);
  assert.equal(num(`SELECT count(*) FROM fund_activity WHERE project_id = ${p.id}`), 4);

  // The quarterly disclosure's project row counts the quarter's activities (corrected ones
  // not), on the API and the page; an earlier quarter has none.
  const today = day(0);
  const year = Number(today.slice(0, 4));
  const quarter = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  assert.equal(day(-2).slice(0, 4), today.slice(0, 4), 'the test dates stay in one year');
  const rep = await c.resident.api('GET', `/api/v1/areas/${n.dezhou5}/fund/report?year=${year}&quarter=${quarter}`);
  assert.equal(rep.status, 200, rep.text);
  const row = rep.json.rows.find((x) => x.kind === 'project' && x.project_id === p.id);
  assert.ok(row, rep.text);
  const sameQuarter = Math.floor((Number(day(-2).slice(5, 7)) - 1) / 3) + 1 === quarter;
  if (sameQuarter) assert.deepEqual(row.activities, { count: 3, signins: 44 });
  assert.ok(rep.json.rows.filter((x) => x.kind !== 'project').every((x) => !('activities' in x)));
  const repPage = await c.resident.get(`/areas/${n.dezhou5}/fund?year=${year}&quarter=${quarter}`);
  assert.equal(repPage.status, 200);
  if (sameQuarter) assert.match(repPage.text, /本季度活动 3 次，签到 44 人/);
  if (quarter > 1) {
    const earlier = await c.resident.api('GET', `/api/v1/areas/${n.dezhou5}/fund/report?year=${year}&quarter=${quarter - 1}`);
    const r0 = (earlier.json.rows || []).find((x) => x.kind === 'project' && x.project_id === p.id);
    if (r0) assert.deepEqual(r0.activities, { count: 0, signins: 0 });
  }
});

test('activities: bad input refused with nothing stored; only while in progress', async () => {
  const p = await project('旧物交换');
  const good = { date: day(-1), what: '交换旧物。', signins: 5 };
  const before = activities();
  const photosBefore = num(`SELECT count(*) FROM photo WHERE owner_kind = 'fund_activity'`);
  const feedBefore = num('SELECT count(*) FROM feed_item');
  for (const [body, code] of [
    [{ ...good, date: '2026-13-01' }, 'date_invalid'], [{ ...good, date: day(3) }, 'date_invalid'],
    [{ ...good, date: '1999-12-31' }, 'date_invalid'], [{ ...good, date: undefined }, 'date_invalid'],
    [{ ...good, what: '' }, 'what_invalid'], [{ ...good, what: '   ' }, 'what_invalid'],
    [{ ...good, what: '字'.repeat(1001) }, 'what_invalid'],
    [{ ...good, signins: -1 }, 'signins_invalid'], [{ ...good, signins: 100001 }, 'signins_invalid'],
    [{ ...good, signins: '1.5' }, 'signins_invalid'], [{ ...good, signins: ' 3' }, 'signins_invalid'],
    [{ ...good, corrects: 999999 }, 'corrects_invalid'], [{ ...good, corrects: 'x' }, 'corrects_invalid']]) {
    const res = await add('leader', p.id, body);
    assert.equal(res.status, 422, `${JSON.stringify(body).slice(0, 80)}: ${res.text}`);
    assert.equal(res.json.error.code, code);
    assert.ok(res.json.error.message.length > 0);
  }
  const edge = await add('leader', p.id, { ...good, what: '字'.repeat(1000), signins: 100000 });
  assert.equal(edge.status, 201, 'the limits themselves are allowed');
  // Photos: seven are too many, a text file is not an image; nothing kept of either request.
  const seven = Array.from({ length: 7 }, () => ({ bytes: png(8, 8) }));
  const many = await addForm('leader', p.id, good, seven);
  assert.equal(many.status, 409, many.text);
  const notImage = await addForm('leader', p.id, good, [{ bytes: png(8, 8) }, { bytes: Buffer.from('hello'), type: 'image/png' }]);
  assert.equal(notImage.status, 422, notImage.text);
  assert.equal(activities(), before + 1);
  assert.equal(num(`SELECT count(*) FROM photo WHERE owner_kind = 'fund_activity'`), photosBefore);
  assert.equal(num('SELECT count(*) FROM feed_item'), feedBefore + 1);
  // A correction must name an activity of the same project.
  const other = await project('别的项目');
  const foreign = await add('leader', other.id, { ...good, corrects: edge.json.id });
  assert.equal(foreign.json.error.code, 'corrects_invalid');
  // Not in progress: a draft, and after the finish.
  const draft = await project('草稿项目', 'draft');
  assert.equal((await add('leader', draft.id, good)).json.error.code, 'not_in_progress');
  assert.equal((await c.leader.api('POST', `/api/v1/fund-projects/${p.id}/activities`, '{bad')).status, 400);
  assert.equal(activities(), before + 1);
  const fin = await c.leader.api('POST', `/api/v1/fund-projects/${p.id}/transitions`, { to: 'finished' });
  assert.equal(fin.status, 200, fin.text);
  const late = await add('worker', p.id, good);
  assert.equal(late.status, 409);
  assert.equal(late.json.error.code, 'not_in_progress');
  assert.doesNotMatch((await c.leader.get(`/fund-projects/${p.id}`)).text, /action="\/fund-projects\/\d+\/activities"/);
  assert.equal((await add('leader', 999999, good)).status, 404);
});
