// The fund's pages over HTTP, forms only (no JavaScript): the hall's proposal from a resolved
// topic with amounts typed as people type them, the status steps, the leader's expense, the
// worker's approval, the directors' scores, the survey and the published grade, each refusal
// shown on the page with a resident's message and nothing stored.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { advanceTopic, csrfFrom, demoNodes, loggedIn, sql as sqlRows, useServer } from './lib.mjs';

const server = useServer();
const c = {};
let n;
const id = {};
const year = new Date().getFullYear();
const sql = (q) => sqlRows(server, q).map((row) => row.join('|')).join('\n');
const num = (q) => Number(sql(q) || 0);

before(async () => {
  await server.ready;
  for (const who of ['admin', 'worker', 'leader', 'director', 'resident', 'resident2']) {
    c[who] = await loggedIn(server, who);
    id[who] = num(`SELECT id FROM person WHERE username = '${who}'`);
  }
  n = await demoNodes(c.admin);
  const res = await c.admin.api('POST', `/api/v1/nodes/${n.dezhou5}/fund-pools`, {
    year, working: '50,000', service: '20,000', project: '30,000', share_percent: 30,
  });
  assert.equal(res.status, 201, res.text);
});

/** A topic of 德州五村 resolved with the fund paying (funding self_gov_fund). */
async function fundResolution(id) {
  await advanceTopic(server, c, id, 'deliberating');
  const r = await c.worker.api('POST', `/api/v1/topics/${id}/resolutions`, {
    text: '同意由自治金出资实施。', responsible: '自治团队', deadline: '2099-12-31', funding: 'self_gov_fund',
  });
  assert.equal(r.status, 201, r.text);
}

/** GETs a page, checks it, and POSTs a form of it with its csrf token. */
async function post(who, page, action, fields) {
  const got = await c[who].get(page);
  assert.equal(got.status, 200, `${who} ${page}: ${got.status}`);
  return c[who].postForm(action, { csrf: csrfFrom(got.text), ...fields });
}

test('from a resolved topic to a published grade, through the pages', async () => {
  const t = await c.resident.api('POST', '/api/v1/topics', {
    title: '车棚照明', description: '车棚晚上太暗。', category: 'facilities', node_id: n.dezhou5,
  });
  await fundResolution(t.json.id);
  const form = `/topics/${t.json.id}/fund-project`;
  assert.equal((await c.resident.get(form)).status, 403);
  const page = await c.director.get(form);
  assert.equal(page.status, 200);
  assert.match(page.text, /自治金项目申报书/);
  assert.match(page.text, /name="csrf"/);
  const phone = sql(`SELECT phone FROM person WHERE id = ${id.leader}`);
  const fields = {
    pool_id: String(num(`SELECT id FROM fund_pool WHERE area_node_id = ${n.dezhou5}`)),
    name: '车棚照明改造', background: '车棚晚上太暗。', goals: '装 6 盏灯。', beneficiaries: '3 号楼 40 户',
    plan: '一个月内完成。', team: '王秀英等 3 人', targets: '满意率 90%', leader_phone: phone,
    line_name_1: '灯具', line_amount_1: '1,234.50', line_name_2: '安装', line_amount_2: '¥1234.5',
    own_contribution: '200',
  };
  const projects = num('SELECT count(*) FROM fund_project');
  const bad = await c.director.postForm(form, { csrf: csrfFrom(page.text), ...fields, line_amount_2: '12.345' });
  assert.equal(bad.status, 422, bad.text.slice(0, 300));
  assert.match(bad.text, /金额最多精确到分/);
  assert.match(bad.text, /value="车棚照明改造"/, 'what was typed is kept');
  assert.equal(num('SELECT count(*) FROM fund_project'), projects, 'nothing stored');
  const good = await c.director.postForm(form, { csrf: csrfFrom(page.text), ...fields });
  assert.equal(good.status, 303, good.text.slice(0, 300));
  const pid = Number(good.res.headers.get('location').match(/fund-projects\/(\d+)/)[1]);
  assert.equal(sql(`SELECT asked_fen FROM fund_budget_line WHERE project_id = ${pid} ORDER BY pos`), '123450\n123450');
  assert.equal(num(`SELECT own_fen FROM fund_project WHERE id = ${pid}`), 20000);
  const url = `/fund-projects/${pid}`;

  // Each role sees its own next step; a resident sees none, another area's resident nothing.
  assert.doesNotMatch((await c.resident.get(url)).text, /\/step"/);
  assert.equal((await c.resident2.get(url)).status, 403);
  for (const [who, to] of [['director', 'hall_approved'], ['director', 'submitted']]) {
    const r = await post(who, url, `${url}/step`, { to });
    assert.equal(r.status, 303, `${to}: ${r.text.slice(0, 300)}`);
  }
  // The subdistrict: a return needs a reason; then approval with amounts as typed.
  const noReason = await post('admin', url, `${url}/step`, { to: 'returned', reason: '' });
  assert.equal(noReason.status, 422);
  assert.match(noReason.text, /理由/);
  const lines = sql(`SELECT id FROM fund_budget_line WHERE project_id = ${pid} ORDER BY pos`).split('\n');
  const approve = await post('admin', url, `${url}/step`, { to: 'approved', [`line_${lines[0]}`]: '¥1,000', [`line_${lines[1]}`]: '1234.50' });
  assert.equal(approve.status, 303, approve.text.slice(0, 400));
  assert.equal(num(`SELECT approved_fen FROM fund_project WHERE id = ${pid}`), 223450);
  assert.equal((await post('leader', url, `${url}/step`, { to: 'in_progress' })).status, 303);

  // The leader's expense: bad amounts refused in words, then one recorded; the worker approves.
  const lp = await c.leader.get(url);
  assert.match(lp.text, /记一笔支出/);
  for (const [amount, status, words] of [['12.345', 422, /最多精确到分/], ['2,000', 409, /超出这一预算科目/], ['-5', 422, /负数/]]) {
    const r = await c.leader.postForm(`${url}/expense`, { csrf: csrfFrom(lp.text), line_id: lines[0], amount, voucher: '发票 001' });
    assert.equal(r.status, status, `${amount}: ${r.status}`);
    assert.match(r.text, words);
  }
  assert.equal(num(`SELECT count(*) FROM fund_entry WHERE project_id = ${pid} AND kind = 'expense'`), 0);
  const ex = await c.leader.postForm(`${url}/expense`, { csrf: csrfFrom(lp.text), line_id: lines[0], amount: '¥980.5', voucher: '发票 001 电工 13900001111' });
  assert.equal(ex.status, 303, ex.text.slice(0, 300));
  const entry = num(`SELECT id FROM fund_entry WHERE project_id = ${pid} AND kind = 'expense'`);
  assert.equal(num(`SELECT amount_fen FROM fund_entry WHERE id = ${entry}`), 98050);
  assert.doesNotMatch((await c.leader.get(url)).text, /fund-entries\/\d+\/approve/, 'the leader cannot approve');
  const wp = await c.worker.get(url);
  assert.match(wp.text, new RegExp(`/fund-entries/${entry}/approve`));
  assert.match(wp.text, /139\*\*\*\*1111/);
  assert.doesNotMatch(wp.text, /13900001111/);
  const ap = await c.worker.postForm(`/fund-entries/${entry}/approve`, { csrf: csrfFrom(wp.text) });
  assert.equal(ap.status, 303);
  assert.equal(num(`SELECT count(*) FROM fund_expense_approval WHERE entry_id = ${entry}`), 1);
  assert.equal((await post('leader', url, `${url}/step`, { to: 'finished' })).status, 303);

  // The evaluation on the page: scores as points, the survey, the publication.
  assert.match((await c.resident.get(url)).text, new RegExp(`/fund-projects/${pid}/evaluation`));
  const ev = `${url}/evaluation`;
  const dp = await c.director.get(ev);
  assert.match(dp.text, /我的评分/);
  const badPts = await c.director.postForm(`${ev}/scores`, { csrf: csrfFrom(dp.text), s_1: '13.55' });
  assert.equal(badPts.status, 422);
  assert.match(badPts.text, /最多一位小数/);
  const sc = await c.director.postForm(`${ev}/scores`, { csrf: csrfFrom(dp.text),
    s_1: '15', s_2: '13.5', s_3: '10', s_5: '18', s_6: '8', s_8: '9' });
  assert.equal(sc.status, 303, sc.text.slice(0, 300));
  assert.equal(num(`SELECT score FROM fund_eval_score WHERE project_id = ${pid} AND indicator = 2`), 135);
  const adminScore = await c.admin.postForm(`${ev}/scores`, { csrf: csrfFrom((await c.admin.get(ev)).text), s_1: '1' });
  assert.equal(adminScore.status, 403, 'the subdistrict cannot touch the hall\'s scores');
  const rp = await c.resident.get(ev);
  assert.match(rp.text, /满意度调查/);
  assert.equal((await c.resident.postForm(`${ev}/survey`, { csrf: csrfFrom(rp.text), answer: 'basic' })).status, 303);
  assert.doesNotMatch((await c.resident.get(ev)).text, /name="answer"/, 'one answer per household');
  const pub = await post('director', ev, `${ev}/publish`, { decision: 'continue', reason: '' });
  assert.equal(pub.status, 303, pub.text.slice(0, 300));
  const done = await c.resident.get(ev);
  assert.match(done.text, /总分 93\.50 · 优/); // 15+13.5+10+18+8+9 = 73.5, + 20 from the survey
  assert.match(done.text, /继续实施/);
  assert.equal(sql(`SELECT status FROM fund_project WHERE id = ${pid}`), 'evaluated');

  // The disclosure page shows it.
  const q = Math.floor(new Date(Date.now() + 8 * 3600e3).getUTCMonth() / 3) + 1;
  const disc = await c.resident.get(`/areas/${n.dezhou5}/fund?year=${year}&quarter=${q}`);
  assert.equal(disc.status, 200);
  assert.match(disc.text, /车棚照明改造/);
  assert.match(disc.text, /¥980\.50/);
  assert.match(disc.text, /<td>优<\/td>/);
});
