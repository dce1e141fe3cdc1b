// Review of the fund (fundfix): cases the fund's own tests did not reach.
// Demo: admin is the subdistrict's; worker, director and chair hold their roles on 德州五村,
// where leader and resident live.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { advanceTopic, demoNodes, loggedIn, png, sql as sqlRows, useServer } from './lib.mjs';

const server = useServer();
const c = {};
let n;
const id = {};
const year = new Date().getFullYear();

const sql = (q) => sqlRows(server, q).map((row) => row.join('|')).join('\n');
const num = (q) => Number(sql(q) || 0);

before(async () => {
  await server.ready;
  for (const who of ['admin', 'worker', 'leader', 'director', 'chair', 'resident']) {
    c[who] = await loggedIn(server, who);
    id[who] = num(`SELECT id FROM person WHERE username = '${who}'`);
  }
  n = await demoNodes(c.admin);
});

/** Attaches a photo of the receipt to expense entry, as the leader. */
async function receipt(entry) {
  const fd = new FormData();
  fd.append('file', new Blob([png(8, 8)], { type: 'image/png' }), 'receipt.png');
  const res = await c.leader.request('POST', `/api/v1/fund-entries/${entry}/vouchers`, { body: fd, bearer: true, cookies: false });
  assert.equal(res.status, 201, res.text);
}

/** A project of pool from a new resolved topic of 德州五村, approved and in progress. */
async function project(pool, title, lines, leader = 'leader') {
  const t = await c.resident.api('POST', '/api/v1/topics', {
    title, description: '需要自治金支持的项目。', category: 'facilities', node_id: n.dezhou5,
  });
  assert.equal(t.status, 201, t.text);
  await advanceTopic(server, c, t.json.id, 'deliberating');
  const r = await c.worker.api('POST', `/api/v1/topics/${t.json.id}/resolutions`, {
    text: '同意由自治金出资实施。', responsible: '自治团队', deadline: '2099-12-31', funding: 'self_gov_fund',
  });
  assert.equal(r.status, 201, r.text);
  const res = await c.director.api('POST', `/api/v1/topics/${t.json.id}/fund-projects`, {
    pool_id: pool, name: title, leader_id: id[leader], lines,
  });
  assert.equal(res.status, 201, res.text);
  for (const [who, to] of [['director', 'hall_approved'], ['director', 'submitted'],
    ['admin', 'approved'], [leader, 'in_progress']]) {
    const s = await c[who].api('POST', `/api/v1/fund-projects/${res.json.id}/transitions`, { to });
    assert.equal(s.status, 200, `${to}: ${s.text}`);
  }
  return res.json;
}

test('the fourth quarter\'s report holds the year\'s closing: a lapse (and late receipts) recorded in January', async () => {
  // Last year's pool, closed now: the lapse is always written after its year has ended.
  const last = year - 1;
  const res = await c.admin.api('POST', `/api/v1/nodes/${n.dezhou5}/fund-pools`, {
    year: last, working: '50,000', service: '20,000', project: '¥30,000.00', share_percent: 30,
  });
  assert.equal(res.status, 201, res.text);
  const pool = res.json.id;
  const p = await project(pool, '楼道照明改造', [{ name: '灯具', amount: '1,000' }]);
  const e = await c.leader.api('POST', `/api/v1/fund-projects/${p.id}/expenses`,
    { line_id: p.lines[0].id, amount: '400', voucher: '发票 No.7', note: '灯具' });
  assert.equal(e.status, 201, e.text);
  const lapse = await c.admin.api('POST', `/api/v1/fund-pools/${pool}/lapse`, {});
  assert.equal(lapse.status, 200, lapse.text);
  const lapsed = num(`SELECT sum(amount_fen) FROM fund_entry WHERE pool_id = ${pool} AND kind = 'lapse' AND fund_type = 'project'`);
  assert.equal(lapsed, 3000000 - 40000);

  const rep = await c.resident.api('GET', `/api/v1/areas/${n.dezhou5}/fund/report?year=${last}&quarter=4`);
  assert.equal(rep.status, 200, rep.text);
  assert.equal(rep.json.projects, 1, 'the project of the year is in its closing report');
  assert.equal(rep.json.spent.fen, 40000);
  assert.equal(rep.json.lapsed.fen, lapsed, 'what lapsed at the close is disclosed');
  // The earlier quarters stay as they stood at their end.
  const q3 = await c.resident.api('GET', `/api/v1/areas/${n.dezhou5}/fund/report?year=${last}&quarter=3`);
  assert.equal(q3.status, 200, q3.text);
  assert.equal(q3.json.projects, 0);
  assert.equal(q3.json.lapsed.fen, 0);
});

test('a reallocation is the workers\' to make and to undo: the leader may reverse an expense, not a reallocation', async () => {
  const res = await c.admin.api('POST', `/api/v1/nodes/${n.dezhou5}/fund-pools`, {
    year, working: '50,000', service: '20,000', project: '¥30,000.00', share_percent: 30,
  });
  assert.equal(res.status, 201, res.text);
  const p = await project(res.json.id, '睦邻花园', [{ name: '花苗', amount: '600' }, { name: '工具', amount: '400' }]);
  const moved = await c.worker.api('POST', `/api/v1/fund-projects/${p.id}/reallocations`,
    { from_line_id: p.lines[0].id, to_line_id: p.lines[1].id, amount: '100', reason: '工具不够' });
  assert.equal(moved.status, 201, moved.text);
  const count = () => num(`SELECT count(*) FROM fund_entry WHERE project_id = ${p.id}`);
  const before = count();
  const undo = await c.leader.api('POST', `/api/v1/fund-entries/${moved.json.id}/reversal`, { reason: '不同意' });
  assert.equal(undo.status, 403, undo.text);
  assert.equal(count(), before, 'nothing stored');
  assert.equal(num(`SELECT moved_in_fen FROM fund_budget_line WHERE id = ${p.lines[1].id}`), 10000);
  const undoForm = `action="/fund-entries/${moved.json.id}/undo"`;
  const leaderPage = await c.leader.get(`/fund-projects/${p.id}`);
  assert.equal(leaderPage.status, 200);
  assert.ok(!leaderPage.text.includes(undoForm), 'no reversal form for the leader on a reallocation');
  assert.ok((await c.worker.get(`/fund-projects/${p.id}`)).text.includes(undoForm), 'the worker has it');
  // The leader's own expense: the leader may reverse it.
  const e = await c.leader.api('POST', `/api/v1/fund-projects/${p.id}/expenses`,
    { line_id: p.lines[1].id, amount: '50', voucher: '收据', note: '铲子' });
  assert.equal(e.status, 201, e.text);
  const back = await c.leader.api('POST', `/api/v1/fund-entries/${e.json.id}/reversal`, { reason: '记错了' });
  assert.equal(back.status, 201, back.text);
  // A worker undoes the reallocation.
  const wundo = await c.worker.api('POST', `/api/v1/fund-entries/${moved.json.id}/reversal`, { reason: '撤回' });
  assert.equal(wundo.status, 201, wundo.text);
  assert.equal(num(`SELECT moved_in_fen FROM fund_budget_line WHERE id = ${p.lines[1].id}`), 0);
});

test('after the year-end lapse an expense is no longer approved (409 closed, as the OpenAPI document says)', async () => {
  const res = await c.admin.api('POST', `/api/v1/nodes/${n.dezhou5}/fund-pools`, {
    year: year - 2, working: '50,000', service: '20,000', project: '¥30,000.00', share_percent: 30,
  });
  assert.equal(res.status, 201, res.text);
  const pool = res.json.id;
  const p = await project(pool, '垃圾分类宣传', [{ name: '印刷', amount: '300' }]);
  const e = await c.leader.api('POST', `/api/v1/fund-projects/${p.id}/expenses`,
    { line_id: p.lines[0].id, amount: '120', voucher: '发票', note: '海报' });
  assert.equal(e.status, 201, e.text);
  await receipt(e.json.id);
  assert.equal((await c.admin.api('POST', `/api/v1/fund-pools/${pool}/lapse`, {})).status, 200);
  const a = await c.worker.api('POST', `/api/v1/fund-entries/${e.json.id}/approval`, {});
  assert.equal(a.status, 409, a.text);
  assert.equal(a.json.error.code, 'closed');
  assert.equal(num(`SELECT count(*) FROM fund_expense_approval WHERE entry_id = ${e.json.id}`), 0);
  const page = await c.worker.get(`/fund-projects/${p.id}`);
  assert.ok(!page.text.includes(`action="/fund-entries/${e.json.id}/ok"`), 'no approve button after the close');
});

test('approvals racing the lapse: each is decided before or after it, none after the close', async () => {
  const res = await c.admin.api('POST', `/api/v1/nodes/${n.dezhou5}/fund-pools`, {
    year: year - 3, working: '50,000', service: '20,000', project: '¥30,000.00', share_percent: 30,
  });
  assert.equal(res.status, 201, res.text);
  const pool = res.json.id;
  const p = await project(pool, '健身角维护', [{ name: '维修', amount: '1,000' }]);
  const ids = [];
  for (let i = 0; i < 12; i++) {
    const e = await c.leader.api('POST', `/api/v1/fund-projects/${p.id}/expenses`,
      { line_id: p.lines[0].id, amount: '10', voucher: `收据 ${i}`, note: '' });
    assert.equal(e.status, 201, e.text);
    await receipt(e.json.id);
    ids.push(e.json.id);
  }
  const answers = await Promise.all([
    ...ids.slice(0, 6).map((e) => c.worker.api('POST', `/api/v1/fund-entries/${e}/approval`, {})),
    c.admin.api('POST', `/api/v1/fund-pools/${pool}/lapse`, {}),
    ...ids.slice(6).map((e) => c.worker.api('POST', `/api/v1/fund-entries/${e}/approval`, {})),
  ]);
  assert.equal(answers[6].status, 200, answers[6].text);
  const approvals = answers.filter((a, i) => i !== 6);
  for (const a of approvals) assert.ok(a.status === 201 || (a.status === 409 && a.json.error.code === 'closed'), a.text);
  assert.equal(num(`SELECT count(*) FROM fund_expense_approval a JOIN fund_pool p ON p.id = ${pool}
    JOIN fund_entry e ON e.id = a.entry_id WHERE e.pool_id = p.id AND a.approved_at > p.closed_at`), 0);
  assert.equal(num(`SELECT count(*) FROM fund_expense_approval a JOIN fund_entry e ON e.id = a.entry_id
    WHERE e.pool_id = ${pool}`), approvals.filter((a) => a.status === 201).length);
  // The lapse left the line at zero.
  assert.equal(num(`SELECT approved_fen + moved_in_fen - moved_out_fen - spent_fen - lapsed_fen
    FROM fund_budget_line WHERE id = ${p.lines[0].id}`), 0);
});

test('the disclosure masks the names of the area\'s residents written in a note, not only the leader\'s', async () => {
  const res = await c.admin.api('POST', `/api/v1/nodes/${n.dezhou5}/fund-pools`, {
    year: year - 4, working: '50,000', service: '20,000', project: '¥30,000.00', share_percent: 30,
  });
  assert.equal(res.status, 201, res.text);
  const p = await project(res.json.id, '独居老人探访', [{ name: '慰问品', amount: '500' }]);
  const name = sql(`SELECT name FROM person WHERE username = 'resident'`);
  assert.ok(name.length >= 2, name);
  const e = await c.leader.api('POST', `/api/v1/fund-projects/${p.id}/expenses`,
    { line_id: p.lines[0].id, amount: '88', voucher: `收款人${name}`, note: `慰问${name}家水果` });
  assert.equal(e.status, 201, e.text);
  const rep = await c.resident.api('GET', `/api/v1/areas/${n.dezhou5}/fund/report?year=${year - 4}&quarter=4`);
  assert.equal(rep.status, 200, rep.text);
  const x = rep.json.expenses.find((v) => v.id === e.json.id);
  assert.ok(x, 'the expense is listed');
  assert.ok(!x.note.includes(name) && !x.voucher.includes(name), `${name} masked: ${x.voucher} / ${x.note}`);
  assert.ok(x.note.startsWith('慰问') && x.note.includes('*'), x.note);
});

test('结项 → 已评价 only by publishing the evaluation: the transitions API does not skip it', async () => {
  const res = await c.admin.api('POST', `/api/v1/nodes/${n.dezhou5}/fund-pools`, {
    year: year - 5, working: '50,000', service: '20,000', project: '¥30,000.00', share_percent: 30,
  });
  assert.equal(res.status, 201, res.text);
  const p = await project(res.json.id, '楼组议事会', [{ name: '茶歇', amount: '200' }]);
  const f = await c.leader.api('POST', `/api/v1/fund-projects/${p.id}/transitions`, { to: 'finished' });
  assert.equal(f.status, 200, f.text);
  const events = () => num(`SELECT count(*) FROM fund_event WHERE project_id = ${p.id}`);
  const before = events();
  const skip = await c.director.api('POST', `/api/v1/fund-projects/${p.id}/transitions`, { to: 'evaluated' });
  assert.equal(skip.status, 409, skip.text);
  assert.equal(skip.json.error.code, 'evaluation_required');
  assert.equal(sql(`SELECT status FROM fund_project WHERE id = ${p.id}`), 'finished');
  assert.equal(events(), before, 'nothing stored');
});

test('an expense is approved only with its receipt: no voucher file, no approval (409 voucher_missing)', async () => {
  const res = await c.admin.api('POST', `/api/v1/nodes/${n.dezhou5}/fund-pools`, {
    year: year - 6, working: '50,000', service: '20,000', project: '¥30,000.00', share_percent: 30,
  });
  assert.equal(res.status, 201, res.text);
  const p = await project(res.json.id, '小区议事角', [{ name: '桌椅', amount: '800' }]);
  const e = await c.leader.api('POST', `/api/v1/fund-projects/${p.id}/expenses`,
    { line_id: p.lines[0].id, amount: '300', voucher: '' });
  assert.equal(e.status, 201, e.text);
  const bare = await c.worker.api('POST', `/api/v1/fund-entries/${e.json.id}/approval`, {});
  assert.equal(bare.status, 409, bare.text);
  assert.equal(bare.json.error.code, 'voucher_missing');
  assert.equal(num(`SELECT count(*) FROM fund_expense_approval WHERE entry_id = ${e.json.id}`), 0);
  await receipt(e.json.id);
  const ok = await c.worker.api('POST', `/api/v1/fund-entries/${e.json.id}/approval`, {});
  assert.equal(ok.status, 201, ok.text);
});

test('an amount given twice, as typed and in fen, is refused rather than one of them taken silently', async () => {
  const res = await c.admin.api('POST', `/api/v1/nodes/${n.dezhou5}/fund-pools`, {
    year: year - 7, working: '50,000', service: '20,000', project: '¥30,000.00', share_percent: 30,
  });
  assert.equal(res.status, 201, res.text);
  const p = await project(res.json.id, '车棚整理', [{ name: '材料', amount: '800' }]);
  const count = () => num(`SELECT count(*) FROM fund_entry WHERE project_id = ${p.id}`);
  const before = count();
  const e = await c.leader.api('POST', `/api/v1/fund-projects/${p.id}/expenses`,
    { line_id: p.lines[0].id, amount: '1.00', amount_fen: 70000, voucher: '收据' });
  assert.equal(e.status, 422, e.text);
  assert.equal(e.json.error.code, 'amount_invalid');
  assert.equal(count(), before, 'nothing stored');
});

test('a standing director who leads the project does not score it (403 own_project), nothing stored', async () => {
  const res = await c.admin.api('POST', `/api/v1/nodes/${n.dezhou5}/fund-pools`, {
    year: year - 8, working: '50,000', service: '20,000', project: '¥30,000.00', share_percent: 30,
  });
  assert.equal(res.status, 201, res.text);
  const p = await project(res.json.id, '楼道微更新', [{ name: '油漆', amount: '600' }], 'director');
  const f = await c.director.api('POST', `/api/v1/fund-projects/${p.id}/transitions`, { to: 'finished' });
  assert.equal(f.status, 200, f.text);
  const own = await c.director.api('POST', `/api/v1/fund-projects/${p.id}/evaluation/scores`,
    { scores: [{ indicator: 1, tenths: 150 }] });
  assert.equal(own.status, 403, own.text);
  assert.equal(own.json.error.code, 'own_project');
  assert.equal(num(`SELECT count(*) FROM fund_eval_score WHERE project_id = ${p.id}`), 0);
  const ev = await c.director.api('GET', `/api/v1/fund-projects/${p.id}/evaluation`);
  assert.equal(ev.json.may.score, false);
  const page = await c.director.get(`/fund-projects/${p.id}/evaluation`);
  assert.ok(!page.text.includes('/evaluation/scores"'), 'no score sheet for the leader');
});
