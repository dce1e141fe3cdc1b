// The self-governance fund over HTTP: a pool set by the subdistrict, a project from a resolved
// topic taken through its statuses, expenses against budget lines with a 居委 worker's approval,
// reversals, reallocations and the year-end lapse; who may do each step; every bad amount
// refused with its code and nothing stored; and 20 concurrent expenses that together exceed a
// line, of which the stored sum never exceeds it. After each test the ledger is checked in SQL
// against the line totals (the same invariants as src/fund/ledger_rules.h).
// Demo: admin is the subdistrict's; worker, director and chair hold their roles on 德州五村,
// where leader and resident live; resident2 and worker2 belong to 上钢二村.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { advanceTopic, demoNodes, loggedIn, png, sql as sqlRows, useServer } from './lib.mjs';

const server = useServer();
const c = {};
let n;
let pool;
const id = {};

const sql = (q) => sqlRows(server, q).map((row) => row.join('|')).join('\n');
const num = (q) => Number(sql(q) || 0);

before(async () => {
  await server.ready;
  for (const who of ['admin', 'worker', 'worker2', 'leader', 'director', 'resident', 'resident2']) {
    c[who] = await loggedIn(server, who);
    id[who] = num(`SELECT id FROM person WHERE username = '${who}'`);
  }
  n = await demoNodes(c.admin);
});

/** Every invariant of the ledger, recomputed in SQL from the entries. */
function checkLedger() {
  const bad = sql(`SELECT l.id FROM fund_budget_line l WHERE
      l.spent_fen <> (SELECT coalesce(sum(e.amount_fen), 0) FROM fund_entry e WHERE e.line_id = l.id
        AND (e.kind = 'expense' OR (e.kind = 'reverse' AND e.line_to_id IS NULL)))
      OR l.approved_fen <> (SELECT coalesce(sum(amount_fen), 0) FROM fund_entry e WHERE e.line_id = l.id AND e.kind = 'approve')
      OR l.lapsed_fen <> (SELECT coalesce(sum(amount_fen), 0) FROM fund_entry e WHERE e.line_id = l.id AND e.kind = 'lapse')
      OR l.moved_out_fen <> (SELECT coalesce(sum(amount_fen), 0) FROM fund_entry e WHERE e.line_id = l.id
        AND (e.kind = 'reallocate' OR (e.kind = 'reverse' AND e.line_to_id IS NOT NULL)))
      OR l.moved_in_fen <> (SELECT coalesce(sum(amount_fen), 0) FROM fund_entry e WHERE e.line_to_id = l.id
        AND (e.kind = 'reallocate' OR e.kind = 'reverse'))
      OR l.spent_fen > l.approved_fen + l.moved_in_fen - l.moved_out_fen`);
  assert.equal(bad, '', `lines whose totals break the ledger: ${bad}`);
  const projects = sql(`SELECT f.id FROM fund_project f WHERE
      f.total_fen <> (SELECT sum(asked_fen) FROM fund_budget_line WHERE project_id = f.id)
      OR f.approved_fen <> (SELECT sum(approved_fen) FROM fund_budget_line WHERE project_id = f.id)
      OR f.approved_fen < (SELECT sum(spent_fen) FROM fund_budget_line WHERE project_id = f.id)`);
  assert.equal(projects, '', `projects whose totals break the ledger: ${projects}`);
  const pools = sql(`SELECT p.id FROM fund_pool p WHERE p.committed_fen > p.project_fen
      OR p.committed_fen <> (SELECT coalesce(sum(approved_fen), 0) FROM fund_project f WHERE f.pool_id = p.id
        AND f.status IN ('approved','in_progress','finished','evaluated'))`);
  assert.equal(pools, '', `pools committed beyond their project part: ${pools}`);
}

const entries = () => num('SELECT count(*) FROM fund_entry');

/** A new estate-hall topic of 德州五村 with a resolution paid by `funding`. */
async function resolvedTopic(title, funding = 'self_gov_fund') {
  const res = await c.resident.api('POST', '/api/v1/topics', {
    title, description: '需要自治金支持的项目。', category: 'facilities', node_id: n.dezhou5,
  });
  assert.equal(res.status, 201, res.text);
  await advanceTopic(server, c, res.json.id, 'deliberating');
  const r = await c.worker.api('POST', `/api/v1/topics/${res.json.id}/resolutions`, {
    text: '同意由自治金出资实施。', responsible: '自治团队', deadline: '2099-12-31', funding,
  });
  assert.equal(r.status, 201, r.text);
  return res.json.id;
}

/** A project of the pool from a new resolved topic, moved to `status` by the right people. */
async function project(title, lines, { leader = 'leader', status = 'in_progress', approve } = {}) {
  const topic = await resolvedTopic(title);
  const res = await c.director.api('POST', `/api/v1/topics/${topic}/fund-projects`, {
    pool_id: pool, name: title, leader_id: id[leader], lines,
    background: '楼里老人多。', goals: '一年内完成。', beneficiaries: '全楼 48 户',
  });
  assert.equal(res.status, 201, res.text);
  const p = res.json;
  const steps = [['director', 'hall_approved'], ['director', 'submitted'], ['admin', 'approved'],
    [leader, 'in_progress']];
  for (const [who, to] of steps) {
    const body = to === 'approved' && approve ? { to, lines: approve(p.lines) } : { to };
    const t = await c[who].api('POST', `/api/v1/fund-projects/${p.id}/transitions`, body);
    assert.equal(t.status, 200, `${to}: ${t.text}`);
    if (to === status) break;
  }
  return (await c.admin.api('GET', `/api/v1/fund-projects/${p.id}`)).json;
}

test('the subdistrict sets a pool; others may not; bad amounts and the share rule are refused', async () => {
  const url = `/api/v1/nodes/${n.dezhou5}/fund-pools`;
  const good = { year: 2026, working: '50,000', service: '２０，０００元', project: '¥30,000.00', share_percent: 30 };
  for (const who of ['resident', 'leader', 'director', 'worker']) {
    const res = await c[who].api('POST', url, good);
    assert.equal(res.status, 403, `${who}: ${res.text}`);
  }
  const before = num('SELECT count(*) FROM fund_pool');
  for (const [amount, code] of [['12.345', 'amount_decimals'], ['-5', 'amount_negative'],
    ['1,23', 'amount_separator'], ['abc', 'amount_invalid'], ['', 'amount_empty'],
    ['100000001', 'amount_too_large']]) {
    const res = await c.admin.api('POST', url, { ...good, working: amount });
    assert.equal(res.status, 422, `${amount}: ${res.text}`);
    assert.equal(res.json.error.code, code, amount);
    assert.ok(res.json.error.message.length > 0);
  }
  const number = await c.admin.api('POST', url, { ...good, working: 50000 });
  assert.equal(number.json.error.code, 'amount_invalid', 'a bare JSON number is ambiguous');
  const share = await c.admin.api('POST', url, { ...good, project: '29,999.99' });
  assert.equal(share.status, 422, share.text);
  assert.equal(share.json.error.code, 'share_rule');
  const onBlock = await c.admin.api('POST', `/api/v1/nodes/${n.east}/fund-pools`, good);
  assert.equal(onBlock.status, 422);
  assert.equal(num('SELECT count(*) FROM fund_pool'), before, 'nothing stored');

  const res = await c.admin.api('POST', url, good);
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json.working.fen, 5000000);
  assert.equal(res.json.service.fen, 2000000);
  assert.equal(res.json.project.fen, 3000000);
  assert.equal(res.json.project.text, '¥30,000.00');
  pool = res.json.id;
  const again = await c.admin.api('POST', url, good);
  assert.equal(again.status, 409);
  assert.equal(again.json.error.code, 'pool_exists');

  // Residents of the area read it; a resident of another area does not.
  assert.equal((await c.resident.api('GET', `/api/v1/fund-pools/${pool}`)).status, 200);
  assert.equal((await c.resident.api('GET', url)).json.items.length, 1);
  assert.equal((await c.resident2.api('GET', `/api/v1/fund-pools/${pool}`)).status, 403);
  assert.equal((await c.worker2.api('GET', `/api/v1/fund-pools/${pool}/ledger`)).status, 403);
});

test('a project from a resolved topic through review, expenses, approval, reversal, reallocation and finish', async () => {
  // Only a topic with a resolution, only the hall's staff.
  const bare = await c.resident.api('POST', '/api/v1/topics', {
    title: '还没有决议的议题', description: '还在征集中。', category: 'facilities', node_id: n.dezhou5,
  });
  const noRes = await c.director.api('POST', `/api/v1/topics/${bare.json.id}/fund-projects`, {
    pool_id: pool, name: 'x', leader_id: id.leader, lines: [{ name: 'a', amount: '1' }],
  });
  assert.equal(noRes.status, 409, noRes.text);
  assert.equal(noRes.json.error.code, 'no_resolution');
  const byDept = await resolvedTopic('路灯维修', 'department');
  const notFund = await c.director.api('POST', `/api/v1/topics/${byDept}/fund-projects`, {
    pool_id: pool, name: '路灯维修', leader_id: id.leader, lines: [{ name: 'a', amount: '1' }],
  });
  assert.equal(notFund.status, 409, notFund.text);
  assert.equal(notFund.json.error.code, 'not_fund_resolution');
  const topic = await resolvedTopic('楼道照明改造');
  const body = {
    pool_id: pool, name: '楼道照明改造', leader_id: id.leader,
    lines: [{ name: '灯具材料', amount: '1,234.50' }, { name: '安装人工', amount: '¥500' }],
  };
  assert.equal((await c.resident.api('POST', `/api/v1/topics/${topic}/fund-projects`, body)).status, 403);
  assert.equal((await c.worker2.api('POST', `/api/v1/topics/${topic}/fund-projects`, body)).status, 403);
  // The subdistrict reviews; it does not write the hall's application for it.
  assert.equal((await c.admin.api('POST', `/api/v1/topics/${topic}/fund-projects`, body)).status, 403);
  const badLine = await c.director.api('POST', `/api/v1/topics/${topic}/fund-projects`,
    { ...body, lines: [{ name: '灯具', amount: '12.345' }] });
  assert.equal(badLine.status, 422);
  assert.equal(badLine.json.error.code, 'amount_decimals');
  const noLines = await c.director.api('POST', `/api/v1/topics/${topic}/fund-projects`, { ...body, lines: [] });
  assert.equal(noLines.json.error.code, 'lines_invalid');
  const created = await c.director.api('POST', `/api/v1/topics/${topic}/fund-projects`, body);
  assert.equal(created.status, 201, created.text);
  const p = created.json;
  assert.equal(p.status, 'draft');
  assert.equal(p.total.fen, 173450);
  assert.equal(p.lines[0].asked.fen, 123450);
  assert.equal(p.resolution_id > 0, true);
  const [l1, l2] = p.lines.map((l) => l.id);
  const move = (who, to, extra = {}) => c[who].api('POST', `/api/v1/fund-projects/${p.id}/transitions`, { to, ...extra });

  assert.equal((await move('resident', 'hall_approved')).status, 403);
  assert.equal((await move('admin', 'hall_approved')).status, 403);
  assert.equal((await move('director', 'submitted')).status, 409, 'no skipping');
  assert.equal((await move('director', 'hall_approved')).status, 200);
  assert.equal((await move('director', 'submitted')).status, 200);
  // The hall cannot approve its own application; a resident cannot; returning needs a reason.
  assert.equal((await move('director', 'approved')).status, 403);
  assert.equal((await move('resident', 'approved')).status, 403);
  assert.equal((await move('worker', 'approved')).status, 403);
  const noReason = await move('admin', 'returned');
  assert.equal(noReason.status, 422);
  assert.equal(noReason.json.error.code, 'reason_required');
  assert.equal((await move('admin', 'returned', { reason: '预算需要细化。' })).status, 200);
  assert.equal((await move('director', 'draft')).status, 200);
  assert.equal((await move('director', 'hall_approved')).status, 200);
  assert.equal((await move('director', 'submitted')).status, 200);
  const overAsked = await move('admin', 'approved', { lines: [{ id: l1, amount: '1,234.51' }] });
  assert.equal(overAsked.status, 422);
  assert.equal(overAsked.json.error.code, 'over_asked');
  const approved = await move('admin', 'approved', { lines: [{ id: l1, amount: '1,000' }] });
  assert.equal(approved.status, 200, approved.text);
  assert.equal(approved.json.approved.fen, 150000);
  assert.deepEqual(approved.json.events.map((e) => e.to),
    ['draft', 'hall_approved', 'submitted', 'returned', 'draft', 'hall_approved', 'submitted', 'approved']);
  assert.equal(approved.json.events[3].reason, '预算需要细化。');
  // Each step is in the hall's feed, on the project's topic.
  assert.equal(num(`SELECT count(*) FROM feed_item WHERE topic_id = ${topic} AND kind = 'progress'`), 8);

  // No spending before the work starts.
  const expense = (who, body2) => c[who].api('POST', `/api/v1/fund-projects/${p.id}/expenses`, body2);
  const early = await expense('leader', { line_id: l1, amount: '1' });
  assert.equal(early.status, 409);
  assert.equal(early.json.error.code, 'closed');
  assert.equal((await move('worker', 'in_progress')).status, 403);
  assert.equal((await move('leader', 'in_progress')).status, 200);

  const e1 = await expense('leader', { line_id: l1, amount: '600.50', voucher: '发票 No.001' });
  assert.equal(e1.status, 201, e1.text);
  assert.equal(e1.json.amount.fen, 60050);
  // Its receipt: a worker approves an expense only against its voucher file.
  assert.equal((await upload('leader', e1.json.id, [{ bytes: png(8, 8), type: 'image/png' }])).status, 201);
  for (const who of ['resident', 'worker', 'director']) {
    assert.equal((await expense(who, { line_id: l1, amount: '1' })).status, 403, who);
  }
  const count = entries();
  for (const [amount, status, code] of [['400', 409, 'over_line'], ['12.345', 422, 'amount_decimals'],
    ['-1', 422, 'amount_negative'], ['0', 422, 'amount_zero'], ['1,2', 422, 'amount_separator'],
    ['十元', 422, 'amount_invalid']]) {
    const res = await expense('leader', { line_id: l1, amount });
    assert.equal(res.status, status, `${amount}: ${res.text}`);
    assert.equal(res.json.error.code, code, amount);
  }
  assert.equal(entries(), count, 'no refused expense stored anything');
  const exact = await expense('leader', { line_id: l1, amount: '399.50' }); // to the fen
  assert.equal(exact.status, 201, exact.text);

  // Approval by a 居委 worker of the area; not the leader, not another area's worker, once.
  const approve = (who, e) => c[who].api('POST', `/api/v1/fund-entries/${e}/approval`, {});
  assert.equal((await approve('leader', e1.json.id)).status, 403);
  assert.equal((await approve('resident', e1.json.id)).status, 403);
  assert.equal((await approve('worker2', e1.json.id)).status, 403);
  assert.equal((await approve('worker', e1.json.id)).status, 201);
  const twice = await approve('worker', e1.json.id);
  assert.equal(twice.status, 409);
  assert.equal(twice.json.error.code, 'already_approved');

  // A mistake is reversed by a new entry, once; the money can be spent again.
  const reverse = (who, e, reason = '发票金额录错。') => c[who].api('POST', `/api/v1/fund-entries/${e}/reversal`, { reason });
  assert.equal((await reverse('resident', exact.json.id)).status, 403);
  assert.equal((await reverse('leader', exact.json.id, ' ')).status, 422);
  const rev = await reverse('leader', exact.json.id);
  assert.equal(rev.status, 201, rev.text);
  assert.equal(rev.json.amount.fen, -39950);
  assert.equal(rev.json.reversal_of, exact.json.id);
  const again = await reverse('worker', exact.json.id);
  assert.equal(again.status, 409);
  assert.equal(again.json.error.code, 'already_reversed');
  assert.equal((await reverse('worker', rev.json.id)).json.error.code, 'not_reversible');
  const approveReversed = await approve('worker', exact.json.id);
  assert.equal(approveReversed.status, 409);
  assert.equal(approveReversed.json.error.code, 'already_reversed');

  // A worker moves ¥100 from labour to materials; the leader may not; the same line is refused.
  const realloc = (who, b) => c[who].api('POST', `/api/v1/fund-projects/${p.id}/reallocations`, b);
  const rb = { from_line_id: l2, to_line_id: l1, amount: '100', reason: '灯具涨价。' };
  assert.equal((await realloc('leader', rb)).status, 403);
  assert.equal((await realloc('worker', { ...rb, to_line_id: l2 })).json.error.code, 'same_line');
  assert.equal((await realloc('worker', { ...rb, amount: '500.01' })).json.error.code, 'over_line');
  assert.equal((await realloc('worker', rb)).status, 201);
  const spendMore = await expense('leader', { line_id: l1, amount: '499.50' }); // 399.50 + 100
  assert.equal(spendMore.status, 201, spendMore.text);
  assert.equal((await expense('leader', { line_id: l1, amount: '0.01' })).json.error.code, 'over_line');

  // The ledger: residents see the entries without vouchers; the leader sees them.
  const pub = await c.resident.api('GET', `/api/v1/fund-projects/${p.id}/ledger`);
  assert.equal(pub.status, 200);
  assert.ok(pub.json.items.every((e) => e.voucher === null));
  const own = await c.leader.api('GET', `/api/v1/fund-projects/${p.id}/ledger`);
  assert.equal(own.json.items.find((e) => e.id === e1.json.id).voucher, '发票 No.001');
  assert.equal(own.json.items.find((e) => e.id === e1.json.id).approved_by, id.worker);
  assert.equal(own.json.items.find((e) => e.id === exact.json.id).reversed_by, rev.json.id);
  const view = await c.resident.api('GET', `/api/v1/fund-projects/${p.id}`);
  assert.equal(view.json.spent.fen, 60050 + 49950);
  assert.equal(view.json.lines[0].rate, '100.0%');
  assert.equal(view.json.rate, '73.3%'); // 110,000 / 150,000 half-up

  // Finished: no more expenses.
  assert.equal((await move('leader', 'finished')).status, 200);
  const late = await expense('leader', { line_id: l2, amount: '1' });
  assert.equal(late.status, 409);
  assert.equal(late.json.error.code, 'closed');
  checkLedger();
});

test('a worker who leads a project cannot approve their own expense', async () => {
  const p = await project('楼组花园维护', [{ name: '花苗', amount: '200' }], { leader: 'worker' });
  const e = await c.worker.api('POST', `/api/v1/fund-projects/${p.id}/expenses`, { line_id: p.lines[0].id, amount: '50' });
  assert.equal(e.status, 201, e.text);
  assert.equal((await upload('worker', e.json.id, [{ bytes: png(8, 8), type: 'image/png' }])).status, 201);
  const own = await c.worker.api('POST', `/api/v1/fund-entries/${e.json.id}/approval`, {});
  assert.equal(own.status, 403);
  assert.equal(own.json.error.code, 'own_expense');
  assert.equal((await c.admin.api('POST', `/api/v1/fund-entries/${e.json.id}/approval`, {})).status, 201);
  checkLedger();
});

test('a rejected project takes no money and no further step; a finished one is evaluated by the hall', async () => {
  const r = await project('楼顶晾晒架', [{ name: '钢材', amount: '800' }], { status: 'submitted' });
  const move = (who, p, to, extra = {}) => c[who].api('POST', `/api/v1/fund-projects/${p}/transitions`, { to, ...extra });
  const committed = num(`SELECT committed_fen FROM fund_pool WHERE id = ${pool}`);
  assert.equal((await move('admin', r.id, 'rejected')).json.error.code, 'reason_required');
  assert.equal((await move('admin', r.id, 'rejected', { reason: '存在安全隐患。' })).status, 200);
  assert.equal(num(`SELECT committed_fen FROM fund_pool WHERE id = ${pool}`), committed);
  for (const [who, to] of [['director', 'draft'], ['admin', 'approved'], ['leader', 'in_progress']]) {
    assert.equal((await move(who, r.id, to)).status, 409, `${who} → ${to}`);
  }
  const spend = await c.leader.api('POST', `/api/v1/fund-projects/${r.id}/expenses`, { line_id: r.lines[0].id, amount: '1' });
  assert.equal(spend.json.error.code, 'closed');

  const f = await project('儿童读书角', [{ name: '图书', amount: '150' }]);
  const bought = await c.leader.api('POST', `/api/v1/fund-projects/${f.id}/expenses`, { line_id: f.lines[0].id, amount: '100' });
  assert.equal(bought.status, 201, bought.text);
  assert.match((await c.worker.get(`/fund-projects/${f.id}`)).text, new RegExp(`/fund-entries/${bought.json.id}/undo`));
  assert.equal((await move('leader', f.id, 'finished')).status, 200);
  // 结项 freezes the spending the hall grades: no reversal while the year is still open, the
  // undo form gone from the page, nothing stored.
  for (const who of ['worker', 'leader']) {
    const undo = await c[who].api('POST', `/api/v1/fund-entries/${bought.json.id}/reversal`, { reason: '录错了。' });
    assert.equal(undo.status, 409, `${who}: ${undo.text}`);
    assert.equal(undo.json.error.code, 'project_finished');
    assert.match(undo.json.error.message, /结项/);
  }
  assert.doesNotMatch((await c.worker.get(`/fund-projects/${f.id}`)).text, /\/undo"/);
  assert.equal(num(`SELECT count(*) FROM fund_entry WHERE reversal_of = ${bought.json.id}`), 0);
  assert.equal(num(`SELECT spent_fen FROM fund_budget_line WHERE id = ${f.lines[0].id}`), 10000);
  for (const who of ['resident', 'leader', 'admin']) {
    assert.equal((await move(who, f.id, 'evaluated')).status, 403, who);
  }
  // The hall takes 结项 → 已评价 by publishing the evaluation (fund_eval.test.mjs), never here.
  const done = await move('director', f.id, 'evaluated', { reason: '居民满意度 95%。' });
  assert.equal(done.status, 409, done.text);
  assert.equal(done.json.error.code, 'evaluation_required');
  assert.equal(sql(`SELECT status FROM fund_project WHERE id = ${f.id}`), 'finished');
  checkLedger();
});

/** Uploads files as multipart parts "file" to an entry's vouchers, as `who`. */
function upload(who, entry, files) {
  const fd = new FormData();
  for (const f of files) fd.append('file', new Blob([f.bytes], { type: f.type || 'application/octet-stream' }), f.name || 'v');
  return c[who].request('POST', `/api/v1/fund-entries/${entry}/vouchers`, { body: fd, bearer: true, cookies: false });
}

test('vouchers: a photo (cleaned) or a whole PDF, recognised by content; only officers see them', async () => {
  const p = await project('旧物交换日', [{ name: '场地布置', amount: '300' }]);
  const e = await c.leader.api('POST', `/api/v1/fund-projects/${p.id}/expenses`, { line_id: p.lines[0].id, amount: '120' });
  assert.equal(e.status, 201, e.text);
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
  const before = num('SELECT count(*) FROM fund_voucher');
  // Not an image or PDF — whatever name or type it claims — and a PDF cut short: refused, nothing kept.
  for (const bad of [{ bytes: Buffer.from('not a receipt'), type: 'application/pdf', name: 'r.pdf' },
    { bytes: pdf.subarray(0, 30), type: 'application/pdf', name: 'cut.pdf' },
    { bytes: Buffer.from('<html>%PDF-1.4 %%EOF'), type: 'image/png', name: 'x.png' }]) {
    const res = await upload('leader', e.json.id, [{ bytes: png(8, 8), type: 'image/png', name: 'ok.png' }, bad]);
    assert.equal(res.status, 422, res.text);
    assert.equal(res.json.error.code, 'voucher_invalid');
  }
  assert.equal(num('SELECT count(*) FROM fund_voucher'), before, 'a refused upload keeps none of its files');
  assert.equal((await upload('resident', e.json.id, [{ bytes: pdf }])).status, 403);
  assert.equal((await upload('worker2', e.json.id, [{ bytes: pdf }])).status, 403);
  assert.equal((await upload('leader', e.json.id, [])).json.error.code, 'voucher_missing');
  const approveEntry = num(`SELECT min(id) FROM fund_entry WHERE project_id = ${p.id} AND kind = 'approve'`);
  assert.equal((await upload('leader', approveEntry, [{ bytes: pdf }])).json.error.code, 'not_expense');

  const ok = await upload('leader', e.json.id, [{ bytes: pdf, name: 'receipt.pdf' }, { bytes: png(40, 20), type: 'image/png', name: 'r.png' }]);
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.items.length, 2);
  const [pdfUrl, imgUrl] = ok.json.items.map((v) => v.url);
  const gotPdf = await c.leader.api('GET', pdfUrl);
  assert.equal(gotPdf.status, 200);
  assert.equal(gotPdf.headers.get('content-type'), 'application/pdf');
  assert.deepEqual(gotPdf.body, pdf);
  const gotImg = await c.worker.api('GET', imgUrl);
  assert.equal(gotImg.headers.get('content-type'), 'image/jpeg');
  assert.equal(gotImg.body[0], 0xff, 'the PNG was re-encoded as JPEG');
  assert.equal((await c.admin.api('GET', imgUrl)).status, 200);
  assert.equal((await c.resident.api('GET', pdfUrl)).status, 403);
  assert.equal((await c.worker2.api('GET', pdfUrl)).status, 403);
  const many = await upload('worker', e.json.id, Array.from({ length: 5 }, () => ({ bytes: pdf })));
  assert.equal(many.status, 409);
  assert.equal(many.json.error.code, 'too_many');
});

test('20 concurrent expenses that together exceed a line: the stored sum never exceeds it', async () => {
  // Six lines of ¥1,000, each raced by 20 expenses of ¥100 sent at once (more rounds make a
  // missing lock show: without it two requests read the same total and the second trips the
  // line's CHECK, a 500, instead of being refused with 409).
  const p = await project('睦邻点活动', [1, 2, 3, 4, 5, 6].map((i) => ({ name: `活动物料${i}`, amount: '1,000' })));
  for (const { id: line } of p.lines) {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      c.leader.api('POST', `/api/v1/fund-projects/${p.id}/expenses`, { line_id: line, amount: '100', voucher: `v${i}` })));
    const statuses = results.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 201).length, 10, JSON.stringify(statuses));
    assert.equal(statuses.filter((s) => s === 409).length, 10, JSON.stringify(statuses));
    assert.ok(results.filter((r) => r.status === 409).every((r) => r.json.error.code === 'over_line'));
    assert.equal(num(`SELECT spent_fen FROM fund_budget_line WHERE id = ${line}`), 100000);
    assert.equal(num(`SELECT sum(amount_fen) FROM fund_entry WHERE line_id = ${line} AND kind = 'expense'`), 100000);
  }
  // Two approvals at once of one more than the pool has left: only one commits.
  const left = num(`SELECT project_fen - committed_fen FROM fund_pool WHERE id = ${pool}`);
  const yuan = (fen) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
  const a = await project('竞争一', [{ name: 'x', amount: yuan(left) }], { status: 'submitted' });
  const b = await project('竞争二', [{ name: 'x', amount: yuan(left) }], { status: 'submitted' });
  const both = await Promise.all([a, b].map((x) =>
    c.admin.api('POST', `/api/v1/fund-projects/${x.id}/transitions`, { to: 'approved' })));
  assert.deepEqual(both.map((r) => r.status).sort(), [200, 409], both.map((r) => r.text).join('\n'));
  assert.equal(both.find((r) => r.status === 409).json.error.code, 'over_pool');
  assert.equal(num(`SELECT project_fen - committed_fen FROM fund_pool WHERE id = ${pool}`), 0);
  checkLedger();
});

test('the year-end lapse closes every open balance with an entry; nothing moves after it', async () => {
  const url = `/api/v1/fund-pools/${pool}/lapse`;
  assert.equal((await c.worker.api('POST', url, {})).status, 403);
  assert.equal((await c.director.api('POST', url, {})).status, 403);
  const open = num(`SELECT sum(l.approved_fen + l.moved_in_fen - l.moved_out_fen - l.spent_fen)
      FROM fund_budget_line l JOIN fund_project f ON f.id = l.project_id WHERE f.pool_id = ${pool}
      AND f.status IN ('approved','in_progress','finished','evaluated')`);
  const res = await c.admin.api('POST', url, {});
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.lapsed_lines.fen, open);
  assert.ok(open > 0);
  assert.equal(num(`SELECT count(*) FROM fund_budget_line l JOIN fund_project f ON f.id = l.project_id
      WHERE f.pool_id = ${pool} AND f.status IN ('approved','in_progress','finished','evaluated')
      AND l.approved_fen + l.moved_in_fen - l.moved_out_fen - l.spent_fen - l.lapsed_fen <> 0`), 0);
  assert.equal(num(`SELECT sum(amount_fen) FROM fund_entry WHERE pool_id = ${pool} AND kind = 'lapse' AND fund_type = 'project'`),
    num(`SELECT lapsed_fen FROM fund_pool WHERE id = ${pool}`));
  // Every fund type closes: the working (¥50,000) and service (¥20,000) parts lapse whole, each
  // by one entry of its type (this ledger records no spending of them).
  assert.equal(res.json.lapsed_working.fen, 5000000);
  assert.equal(res.json.lapsed_service.fen, 2000000);
  const closed = (await c.resident.api('GET', `/api/v1/fund-pools/${pool}`)).json;
  assert.deepEqual(Object.fromEntries(Object.entries(closed.lapsed_by_type).map(([k, v]) => [k, v.fen])),
    { working: 5000000, service: 2000000, project: closed.lapsed.fen });
  for (const [type, fen] of [['working', 5000000], ['service', 2000000]]) {
    assert.equal(num(`SELECT count(*) FROM fund_entry WHERE pool_id = ${pool} AND kind = 'lapse' AND fund_type = '${type}'`), 1, type);
    assert.equal(num(`SELECT sum(amount_fen) FROM fund_entry WHERE pool_id = ${pool} AND kind = 'lapse' AND fund_type = '${type}' AND project_id IS NULL`), fen, type);
  }
  const again = await c.admin.api('POST', url, {});
  assert.equal(again.status, 409);
  const p = num(`SELECT min(id) FROM fund_project WHERE pool_id = ${pool} AND status = 'in_progress'`);
  const line = num(`SELECT min(id) FROM fund_budget_line WHERE project_id = ${p}`);
  const lead = num(`SELECT leader_id FROM fund_project WHERE id = ${p}`) === id.worker ? 'worker' : 'leader';
  const late = await c[lead].api('POST', `/api/v1/fund-projects/${p}/expenses`, { line_id: line, amount: '1' });
  assert.equal(late.status, 409);
  assert.equal(late.json.error.code, 'closed');
  // The database itself refuses to change or remove a ledger row or a status change.
  for (const q of ['UPDATE fund_entry SET amount_fen = 1', 'DELETE FROM fund_entry',
    'UPDATE fund_event SET reason = \'x\'', 'DELETE FROM fund_event']) {
    assert.throws(() => sql(q), /immutable/, q);
  }
  const ledger = await c.resident.api('GET', `/api/v1/fund-pools/${pool}/ledger`);
  assert.equal(ledger.status, 200);
  assert.ok(ledger.json.items.some((e) => e.kind === 'lapse'));
  checkLedger();
});
