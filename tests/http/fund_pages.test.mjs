// The fund's pages over HTTP (SQLite, and PostgreSQL with MULIN_PG_BASE): a pool set on the
// pool page, a project from a fund-resolved topic through the proposal form, its review, start,
// an expense with its voucher and a worker's approval, a reversal, a reallocation and the
// confirmed year-end lapse — through the HTML forms only (the topic and its resolution are
// set up through the API). Bad amounts re-show the form with the message and store nothing;
// each role is allowed or refused as the API allows or refuses it.
// Demo: admin is the subdistrict's; worker, director and chair hold their roles on 德州五村,
// where leader and resident live; resident2 and worker2 belong to 上钢二村.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, advanceTopic, csrfFrom, demoNodes, loggedIn, png, sql as sqlRows, useServer } from './lib.mjs';

const server = useServer();
const c = {};
let n;
const sql = (q) => sqlRows(server, q).map((row) => row.join('|')).join('\n');
const num = (q) => Number(sql(q) || 0);

before(async () => {
  await server.ready;
  for (const who of ['admin', 'worker', 'worker2', 'leader', 'director', 'resident', 'resident2']) {
    c[who] = await loggedIn(server, who);
  }
  n = await demoNodes(c.admin);
});

/** POSTs a form as `who` with the csrf of the page `from`. */
async function post(who, from, action, fields) {
  const page = await c[who].get(from);
  const csrf = csrfFrom(page.text);
  assert.ok(csrf, `no form on ${from} for ${who} (${page.status})`);
  return c[who].postForm(action, { csrf, ...fields });
}

/** A multipart POST as `who` with the csrf of `from`; file is [bytes, name, type] or null. */
async function upload(who, from, action, fields, file) {
  const page = await c[who].get(from);
  const fd = new FormData();
  fd.append('csrf', csrfFrom(page.text));
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  if (file) fd.append('file', new Blob([file[0]], { type: file[2] }), file[1]);
  else fd.append('file', new Blob([]), '');
  return c[who].request('POST', action, { body: fd });
}

let pool;
let topic;
let project;

test('the pool page: read by the area, set by the subdistrict; bad amounts re-show the form', async () => {
  const url = `/nodes/${n.dezhou5}/fund`;
  const admin = await c.admin.get(url);
  assert.equal(admin.status, 200);
  assert.match(admin.text, /设立年度资金池/);
  const resident = await c.resident.get(url);
  assert.equal(resident.status, 200);
  assert.doesNotMatch(resident.text, /name="working"/, 'a resident has no pool form');
  assert.equal((await c.resident2.get(url)).status, 403);

  const good = { year: '2026', working: '50,000', service: '２０，０００元', project: '¥30,000.00', share_percent: '30' };
  const before = num('SELECT count(*) FROM fund_pool');
  const bad = await post('admin', url, url, { ...good, working: '12.345' });
  assert.equal(bad.status, 422, bad.text);
  assert.match(bad.text, /金额最多精确到分/);
  assert.match(bad.text, /value="12\.345"/, 'what was typed is kept');
  const share = await post('admin', url, url, { ...good, project: '29,999.99' });
  assert.equal(share.status, 422);
  assert.match(share.text, /自治项目经费低于规定的比例/);
  const forged = await c.admin.postForm(url, { ...good, csrf: 'x'.repeat(43) });
  assert.equal(forged.status, 403, 'no CSRF token, no pool');
  assert.match(forged.text, /页面已过期或来源不明/);
  const worker = await post('worker', url, url, good);
  assert.equal(worker.status, 403, worker.text);
  assert.equal(num('SELECT count(*) FROM fund_pool'), before, 'nothing stored');

  const ok = await post('admin', url, url, good);
  assert.equal(ok.status, 303, ok.text);
  pool = num(`SELECT id FROM fund_pool WHERE area_node_id = ${n.dezhou5} AND year = 2026`);
  assert.equal(num(`SELECT working_fen FROM fund_pool WHERE id = ${pool}`), 5000000);
  assert.equal(num(`SELECT service_fen FROM fund_pool WHERE id = ${pool}`), 2000000);
  const shown = await c.resident.get(url);
  assert.match(shown.text, /¥30,000\.00/);
  const again = await post('admin', url, url, good);
  assert.equal(again.status, 409);
  assert.match(again.text, /已经设立/);
});

test('the proposal form from a fund-resolved topic: linked for the hall, amounts as typed, 12.345 refused', async () => {
  const res = await c.resident.api('POST', '/api/v1/topics', {
    title: '楼道扶手加装', description: '老人上下楼不便。', category: 'facilities', node_id: n.dezhou5,
  });
  assert.equal(res.status, 201, res.text);
  topic = res.json.id;
  await advanceTopic(server, c, topic, 'deliberating');
  const r = await c.worker.api('POST', `/api/v1/topics/${topic}/resolutions`, {
    text: '同意由自治金出资加装扶手。', responsible: '自治团队', deadline: '2099-12-31', funding: 'self_gov_fund',
  });
  assert.equal(r.status, 201, r.text);

  const apply = `/topics/${topic}/fund-apply`;
  assert.match((await c.director.get(`/topics/${topic}`)).text, new RegExp(`href="${apply}"`));
  assert.doesNotMatch((await c.resident.get(`/topics/${topic}`)).text, /fund-apply/);
  assert.equal((await c.resident.get(apply)).status, 403);
  assert.equal((await c.admin.get(apply)).status, 403, 'the subdistrict does not draft');
  const form = await c.director.get(apply);
  assert.equal(form.status, 200);
  for (const f of ['name', 'background', 'goals', 'beneficiaries', 'plan', 'line_name_1', 'line_amount_1', 'own', 'team', 'leader', 'targets']) {
    assert.match(form.text, new RegExp(`name="${f}"`), f);
  }
  const fields = {
    pool_id: String(pool), name: '楼道扶手加装', background: '楼里老人多。', goals: '三个月内装好。',
    beneficiaries: '全楼 48 户', plan: '四月采购，五月安装。', team: '楼组长和三位志愿者',
    leader: DEMO.leader.phone, targets: '装好 6 层扶手；满意率 ≥ 90%。', own: '¥500',
    line_name_1: '扶手材料', line_amount_1: '1,234.50', line_name_2: '安装人工', line_amount_2: '¥1234.5',
  };
  const before = num('SELECT count(*) FROM fund_project');
  const linesBefore = num('SELECT count(*) FROM fund_budget_line');
  const bad = await post('director', apply, apply, { ...fields, line_amount_2: '12.345' });
  assert.equal(bad.status, 422, bad.text);
  assert.match(bad.text, /金额最多精确到分（小数点后两位）/);
  assert.match(bad.text, /value="12\.345"/);
  assert.match(bad.text, /楼道扶手加装/);
  const neg = await post('director', apply, apply, { ...fields, line_amount_1: '-5' });
  assert.equal(neg.status, 422);
  assert.match(neg.text, /金额不能是负数/);
  const noLeader = await post('director', apply, apply, { ...fields, leader: 'nobody' });
  assert.equal(noLeader.status, 422);
  assert.match(noLeader.text, /请指定一位项目负责人/);
  const resident = await c.resident.postForm(apply, { csrf: c.resident.csrf, ...fields });
  assert.equal(resident.status, 403);
  assert.equal(num('SELECT count(*) FROM fund_project'), before, 'nothing stored');
  assert.equal(num('SELECT count(*) FROM fund_budget_line'), linesBefore);

  const ok = await post('director', apply, apply, fields);
  assert.equal(ok.status, 303, ok.text);
  project = Number(/\/fund-projects\/(\d+)/.exec(ok.headers.get('location'))[1]);
  assert.equal(sql(`SELECT asked_fen FROM fund_budget_line WHERE project_id = ${project} ORDER BY pos`), '123450\n123450');
  assert.equal(num(`SELECT own_fen FROM fund_project WHERE id = ${project}`), 50000);
  assert.match(sql(`SELECT plan FROM fund_project WHERE id = ${project}`), /楼组长和三位志愿者/);
  const page = await c.resident.get(`/fund-projects/${project}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /草拟/);
  assert.match(page.text, /¥2,469\.00/);
  assert.match(page.text, new RegExp(`href="/nodes/${n.dezhou5}/fund#pool-${pool}"`), 'the way to the pool page');
  assert.equal((await c.resident2.get(`/fund-projects/${project}`)).status, 403);
  const en = await loggedIn(server, 'resident', { lang: 'en' });
  const english = await en.get(`/fund-projects/${project}`);
  assert.match(english.text, /Budget lines/);
  assert.match(english.text, /Status history/);
  const enBad = await en.get(`/fund-projects/${project + 1000}`);
  assert.equal(enBad.status, 404);
  assert.match(enBad.text, /There is no such pool, project, line or entry/);
  assert.match((await c.director.get(`/topics/${topic}`)).text, new RegExp(`/fund-projects/${project}`));
});

const steps = () => `/fund-projects/${project}/steps`;
const page = () => `/fund-projects/${project}`;

test('review through the project page: each role only its own steps, reasons required, amounts per line', async () => {
  const lines = sql(`SELECT id FROM fund_budget_line WHERE project_id = ${project} ORDER BY pos`).split('\n');
  // The resident reads the page but has no step form and is refused one sent by hand.
  const rp = await c.resident.get(page());
  assert.doesNotMatch(rp.text, /action="\/fund-projects\/\d+\/steps"/);
  const forged = await c.resident.postForm(steps(), { csrf: c.resident.csrf, to: 'hall_approved' });
  assert.equal(forged.status, 403, forged.text);
  assert.match(forged.text, /您没有权限/);
  const dp = await c.director.get(page());
  assert.match(dp.text, /name="to" value="hall_approved"/);
  assert.equal((await post('director', page(), steps(), { to: 'hall_approved' })).status, 303);
  assert.equal((await post('admin', page(), steps(), { to: 'submitted' })).status, 403, 'the subdistrict does not submit');
  assert.equal((await post('director', page(), steps(), { to: 'submitted' })).status, 303);
  assert.equal((await post('director', page(), steps(), { to: 'approved' })).status, 403, 'the hall does not approve');

  const ap = await c.admin.get(page());
  for (const to of ['approved', 'returned', 'rejected']) assert.match(ap.text, new RegExp(`name="to" value="${to}"`));
  assert.match(ap.text, new RegExp(`name="line_${lines[0]}" inputmode="decimal" maxlength="64" value="1234.50"`));
  const noReason = await post('admin', page(), steps(), { to: 'returned', reason: ' ' });
  assert.equal(noReason.status, 422);
  assert.match(noReason.text, /这一步需要写明理由/);
  const over = await post('admin', page(), steps(), { to: 'approved', [`line_${lines[0]}`]: '1,300', [`line_${lines[1]}`]: '1234.50' });
  assert.equal(over.status, 422, over.text);
  assert.match(over.text, /批准金额不能超过申报金额/);
  const frac = await post('admin', page(), steps(), { to: 'approved', [`line_${lines[0]}`]: '12.345', [`line_${lines[1]}`]: '1' });
  assert.equal(frac.status, 422);
  assert.match(frac.text, /value="12\.345"/);
  assert.equal(num(`SELECT count(*) FROM fund_entry WHERE project_id = ${project}`), 0, 'nothing stored');
  assert.equal(sql(`SELECT status FROM fund_project WHERE id = ${project}`), 'submitted');

  const ok = await post('admin', page(), steps(), { to: 'approved', [`line_${lines[0]}`]: '¥1,000', [`line_${lines[1]}`]: '1234.5' });
  assert.equal(ok.status, 303, ok.text);
  assert.equal(num(`SELECT approved_fen FROM fund_project WHERE id = ${project}`), 223450);
  assert.equal((await post('admin', page(), steps(), { to: 'in_progress' })).status, 403, 'only the leader starts');
  assert.equal((await post('leader', page(), steps(), { to: 'in_progress' })).status, 303);
  const history = (await c.resident.get(page())).text;
  for (const s of ['议事厅通过', '已申报', '已批准', '实施中', DEMO.director.name, DEMO.admin.name, DEMO.leader.name]) {
    assert.match(history, new RegExp(s));
  }
});

test('expenses through the page: voucher required, bad amounts and files refused, approved by a worker only', async () => {
  const lines = sql(`SELECT id FROM fund_budget_line WHERE project_id = ${project} ORDER BY pos`).split('\n');
  const spend = `/fund-projects/${project}/spend`;
  const lp = await c.leader.get(page());
  assert.match(lp.text, /enctype="multipart\/form-data"/);
  assert.doesNotMatch((await c.worker.get(page())).text, /name="file"/, 'only the leader records expenses');
  const photo = [png(8, 8), 'receipt.png', 'image/png'];
  const entries = () => num(`SELECT count(*) FROM fund_entry WHERE project_id = ${project}`);
  const before = entries();
  const cases = [
    [{ line_id: lines[0], amount: '12.345' }, photo, 422, /金额最多精确到分/],
    [{ line_id: lines[0], amount: '1,2' }, photo, 422, /千位分隔符位置不对/],
    [{ line_id: lines[0], amount: '1,000.01' }, photo, 409, /超出这一预算科目剩余的金额/],
    [{ line_id: lines[0], amount: '100' }, null, 422, /请上传凭证/],
    [{ line_id: lines[0], amount: '100' }, [Buffer.from('not an image'), 'x.txt', 'text/plain'], 422, /凭证须为 JPEG\/PNG 照片或完整的 PDF 文件/],
  ];
  for (const [fields, file, status, message] of cases) {
    const res = await upload('leader', page(), spend, { note: '五金店', ...fields }, file);
    assert.equal(res.status, status, `${fields.amount}: ${res.text.slice(0, 300)}`);
    assert.match(res.text, message);
    assert.equal(res.text.split('role="alert"').length, 2, 'one alert on the page');
    assert.match(res.text, new RegExp(`value="${fields.amount.replace('.', '\\.')}"`), 'typed amount kept');
  }
  assert.equal(entries(), before, 'nothing stored');
  assert.equal(num('SELECT count(*) FROM fund_voucher'), 0);
  const worker = await upload('worker', page(), spend, { line_id: lines[0], amount: '100' }, photo);
  assert.equal(worker.status, 403);

  const ok = await upload('leader', page(), spend, { line_id: lines[0], amount: '¥800.50', note: '扶手 6 根' }, photo);
  assert.equal(ok.status, 303, ok.text);
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  const ok2 = await upload('leader', page(), spend, { line_id: lines[1], amount: '200' }, [pdf, 'r.pdf', 'application/pdf']);
  assert.equal(ok2.status, 303, ok2.text);
  const [e1, e2] = sql(`SELECT id FROM fund_entry WHERE project_id = ${project} AND kind = 'expense' ORDER BY id`).split('\n');
  assert.equal(num(`SELECT amount_fen FROM fund_entry WHERE id = ${e1}`), 80050);
  assert.equal(num(`SELECT count(*) FROM fund_voucher WHERE entry_id = ${e1} AND mime = 'image/jpeg'`), 1);
  assert.equal(num(`SELECT count(*) FROM fund_voucher WHERE entry_id = ${e2} AND mime = 'application/pdf'`), 1);

  // Vouchers and notes: the officers see them, a resident does not.
  const voucher = num(`SELECT id FROM fund_voucher WHERE entry_id = ${e1}`);
  assert.match((await c.worker.get(page())).text, new RegExp(`/api/v1/fund-vouchers/${voucher}`));
  const rp = (await c.resident.get(page())).text;
  assert.doesNotMatch(rp, /fund-vouchers/);
  assert.doesNotMatch(rp, /扶手 6 根/);
  assert.match(rp, /¥800\.50/);
  const file = await c.worker.get(`/api/v1/fund-vouchers/${voucher}`);
  assert.equal(file.status, 200, 'the voucher link opens for a worker');
  assert.equal(file.headers.get('content-type'), 'image/jpeg');
  assert.equal((await c.resident.get(`/api/v1/fund-vouchers/${voucher}`)).status, 403);

  // Approval: the leader is refused (own expense), a worker of another area too, the worker passes.
  const okUrl = `/fund-entries/${e1}/ok`;
  assert.doesNotMatch(lp.text, /\/ok"/);
  const own = await c.leader.postForm(okUrl, { csrf: c.leader.csrf });
  assert.equal(own.status, 403);
  assert.match(own.text, /您没有权限/, 'the leader is no worker: refused before the own-expense rule');
  assert.equal((await c.worker2.postForm(okUrl, { csrf: c.worker2.csrf })).status, 403);
  assert.equal((await c.resident.postForm(okUrl, { csrf: c.resident.csrf })).status, 403);
  const wp = await c.worker.get(page());
  assert.match(wp.text, new RegExp(`action="${okUrl}"`));
  assert.equal((await post('worker', page(), okUrl, {})).status, 303);
  assert.equal(num(`SELECT count(*) FROM fund_expense_approval WHERE entry_id = ${e1}`), 1);
  assert.match((await c.resident.get(page())).text, new RegExp(`居委审批：${DEMO.worker.name}`));
  const twice = await post('worker', page(), okUrl, {});
  assert.equal(twice.status, 409);
  assert.match(twice.text, /已经审批过了/);

  // A reversal (reason required) and a reallocation, shown as such in the ledger.
  const undo = `/fund-entries/${e2}/undo`;
  const noWhy = await post('worker', page(), undo, { reason: '' });
  assert.equal(noWhy.status, 422);
  assert.equal((await c.resident.postForm(undo, { csrf: c.resident.csrf, reason: 'x' })).status, 403);
  assert.equal((await post('worker', page(), undo, { reason: '重复记账' })).status, 303);
  const rev = num(`SELECT id FROM fund_entry WHERE reversal_of = ${e2}`);
  assert.ok(rev > 0);
  const ledger = (await c.resident.get(page())).text;
  assert.match(ledger, new RegExp(`已被冲销：</strong> <a class="button" href="#entry-${rev}">`));
  assert.match(ledger, new RegExp(`冲销的是 <a class="button" href="#entry-${e2}">`));
  assert.match(ledger, /-¥200\.00/);

  const move = `/fund-projects/${project}/move`;
  assert.equal((await post('leader', page(), move, { from_line_id: lines[1], to_line_id: lines[0], amount: '100', reason: 'x' })).status, 403);
  const moveBad = await post('worker', page(), move, { from_line_id: lines[1], to_line_id: lines[0], amount: '¥1,300', reason: '材料涨价' });
  assert.equal(moveBad.status, 409);
  assert.match(moveBad.text, /超出这一预算科目剩余的金额/);
  assert.equal((await post('worker', page(), move, { from_line_id: lines[1], to_line_id: lines[0], amount: '¥100', reason: '材料涨价' })).status, 303);
  assert.equal(num(`SELECT moved_in_fen FROM fund_budget_line WHERE id = ${lines[0]}`), 10000);
  assert.match((await c.resident.get(page())).text, /调剂/);
  assert.equal(num(`SELECT spent_fen FROM fund_budget_line WHERE id = ${lines[0]}`), 80050);
  assert.equal(num(`SELECT spent_fen FROM fund_budget_line WHERE id = ${lines[1]}`), 0);
});

test('the year-end lapse: the subdistrict only, after an explicit confirmation', async () => {
  const url = `/fund-pools/${pool}/lapse`;
  assert.equal((await c.worker.get(url)).status, 403);
  assert.equal((await c.resident.get(url)).status, 403);
  const confirm = await c.admin.get(url);
  assert.equal(confirm.status, 200);
  // Left: line 1 ¥1,000 + ¥100 − ¥800.50 = ¥299.50; line 2 ¥1,234.50 − ¥100 = ¥1,134.50.
  assert.match(confirm.text, /¥1,434\.00/);
  assert.match(confirm.text, /¥27,765\.50/);
  assert.match(confirm.text, /工作经费年末失效/, 'the confirmation lists every fund type that lapses');
  assert.match(confirm.text, /服务经费年末失效/);
  const unconfirmed = await post('admin', url, url, {});
  assert.equal(unconfirmed.status, 422);
  assert.match(unconfirmed.text, /请勾选确认/);
  assert.equal(sql(`SELECT closed_at FROM fund_pool WHERE id = ${pool}`), '');
  assert.equal((await post('admin', `/nodes/${n.dezhou5}/fund`, url, { confirm: 'yes' })).status, 303);
  assert.notEqual(sql(`SELECT closed_at FROM fund_pool WHERE id = ${pool}`), '');
  assert.equal(num(`SELECT sum(amount_fen) FROM fund_entry WHERE pool_id = ${pool} AND kind = 'lapse' AND fund_type = 'project'`), 143400 + 2776550);
  const after = await c.admin.get(`/nodes/${n.dezhou5}/fund`);
  assert.match(after.text, /已结转/);
  // Every fund type's lapse is on the pool page, from its own entry.
  const working = num(`SELECT amount_fen FROM fund_entry WHERE pool_id = ${pool} AND kind = 'lapse' AND fund_type = 'working'`);
  assert.equal(working, num(`SELECT working_fen FROM fund_pool WHERE id = ${pool}`));
  assert.match(after.text, /工作经费年末失效/);
  assert.match(after.text, /服务经费年末失效/);
  const yuanText = (fen) => `¥${Math.floor(fen / 100).toLocaleString('en-US')}.${String(fen % 100).padStart(2, '0')}`;
  assert.ok(after.text.includes(`工作经费年末失效：<strong>${yuanText(working)}</strong>`), after.text);
  assert.doesNotMatch(after.text, new RegExp(`href="${url}"`));
  const spend = await c.leader.get(page());
  assert.doesNotMatch(spend.text, /name="file"/, 'no expense form after the lapse');
});
