// The fund's evaluation and disclosure over HTTP: the hall sets the indicator sheet, each
// standing director scores (only their own; the subdistrict and residents cannot: 403),
// residents answer the survey once per household, the hall publishes the grade and decision
// and the project moves 结项 → 已评价 with an event and a feed entry. Then the quarterly
// disclosure (JSON, page, XLSX) whose numbers equal the ledger's.
// Demo: admin is the subdistrict's; worker, director and chair hold their roles on 德州五村,
// where leader and resident live; resident2 and worker2 belong to 上钢二村.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { advanceTopic, demoNodes, loggedIn, png, sql as sqlRows, useServer } from './lib.mjs';

const server = useServer();
const c = {};
let n;
let pool;
const id = {};
const year = new Date().getFullYear();

const sql = (q) => sqlRows(server, q).map((row) => row.join('|')).join('\n');
const num = (q) => Number(sql(q) || 0);

before(async () => {
  await server.ready;
  for (const who of ['admin', 'worker', 'worker2', 'leader', 'director', 'chair', 'resident', 'resident2']) {
    c[who] = await loggedIn(server, who);
    id[who] = num(`SELECT id FROM person WHERE username = '${who}'`);
  }
  n = await demoNodes(c.admin);
  const res = await c.admin.api('POST', `/api/v1/nodes/${n.dezhou5}/fund-pools`, {
    year, working: '50,000', service: '20,000', project: '¥30,000.00', share_percent: 30,
  });
  assert.equal(res.status, 201, res.text);
  pool = res.json.id;
});

/** A topic of 德州五村 resolved with the fund paying (funding self_gov_fund). */
async function fundResolution(id) {
  await advanceTopic(server, c, id, 'deliberating');
  const r = await c.worker.api('POST', `/api/v1/topics/${id}/resolutions`, {
    text: '同意由自治金出资实施。', responsible: '自治团队', deadline: '2099-12-31', funding: 'self_gov_fund',
  });
  assert.equal(r.status, 201, r.text);
}

/** A project from a new resolved topic, moved to `status` by the right people. */
async function project(title, lines, status = 'finished', spend = []) {
  const t = await c.resident.api('POST', '/api/v1/topics', {
    title, description: '需要自治金支持的项目。', category: 'facilities', node_id: n.dezhou5,
  });
  assert.equal(t.status, 201, t.text);
  await fundResolution(t.json.id);
  const res = await c.director.api('POST', `/api/v1/topics/${t.json.id}/fund-projects`, {
    pool_id: pool, name: title, leader_id: id.leader, lines,
  });
  assert.equal(res.status, 201, res.text);
  const p = res.json;
  for (const [who, to] of [['director', 'hall_approved'], ['director', 'submitted'],
    ['admin', 'approved'], ['leader', 'in_progress'], ['leader', 'finished']]) {
    if (to === 'finished') {
      for (const [line, amount, voucher] of spend) {
        const e = await c.leader.api('POST', `/api/v1/fund-projects/${p.id}/expenses`,
          { line_id: p.lines[line].id, amount, voucher, note: voucher });
        assert.equal(e.status, 201, e.text);
        const fd = new FormData(); // the receipt the worker approves it against
        fd.append('file', new Blob([png(8, 8)], { type: 'image/png' }), 'receipt.png');
        const v = await c.leader.request('POST', `/api/v1/fund-entries/${e.json.id}/vouchers`, { body: fd, bearer: true, cookies: false });
        assert.equal(v.status, 201, v.text);
        const a = await c.worker.api('POST', `/api/v1/fund-entries/${e.json.id}/approval`, {});
        assert.equal(a.status, 201, a.text);
      }
    }
    const s = await c[who].api('POST', `/api/v1/fund-projects/${p.id}/transitions`, { to });
    assert.equal(s.status, 200, `${to}: ${s.text}`);
    if (to === status) break;
  }
  return p;
}

/** Scores for every indicator the directors score on the default sheet, as tenths. */
const fullScores = (tenths) => [1, 2, 3, 5, 6, 8].map((i) => ({ indicator: i, tenths: tenths[i] }));

test('the evaluation: sheet, directors\' scores, survey, publish; who may do each', async () => {
  const p = await project('楼道扶手安装', [{ name: '材料费', amount: '1,200' }, { name: '人工费', amount: '¥800' }], 'in_progress');
  const url = `/api/v1/fund-projects/${p.id}/evaluation`;

  // The default sheet and its rule text, before anything is stored.
  const g = await c.resident.api('GET', url);
  assert.equal(g.status, 200, g.text);
  assert.equal(g.json.indicators.length, 11);
  assert.equal(g.json.sheet_stored, false);
  assert.match(g.json.rule, /总分/);
  assert.equal(g.json.result, null);
  assert.equal((await c.resident2.api('GET', url)).status, 403, 'another area\'s resident');

  // Nobody scores or answers before the project is finished.
  const early = await c.director.api('POST', `${url}/scores`, { scores: fullScores({ 1: 150 }) });
  assert.equal(early.status, 409, early.text);
  const earlyS = await c.resident.api('POST', `${url}/survey`, { answer: 'satisfied' });
  assert.equal(earlyS.status, 409, earlyS.text);

  // The sheet: the hall's staff only; a sheet whose weights do not add up is refused.
  const sheet = structuredClone(g.json);
  sheet.indicators[1].weight = 10;
  for (const who of ['resident', 'leader']) {
    const r = await c[who].api('POST', `${url}/sheet`, { sheet });
    assert.equal(r.status, 403, `${who}: ${r.text}`);
  }
  const badSheet = await c.director.api('POST', `${url}/sheet`, { sheet });
  assert.equal(badSheet.status, 422, badSheet.text);
  assert.equal(badSheet.json.error.code, 'child_weights_sum');
  const shape = await c.director.api('POST', `${url}/sheet`, { sheet: { indicators: 3 } });
  assert.equal(shape.status, 422);
  assert.equal(shape.json.error.code, 'sheet_invalid');
  assert.equal(num(`SELECT count(*) FROM fund_eval WHERE project_id = ${p.id}`), 0, 'nothing stored');
  const def = await c.director.api('POST', `${url}/sheet`, {});
  assert.equal(def.status, 200, def.text);
  assert.equal(def.json.sheet_stored, true);

  const fin = await c.leader.api('POST', `/api/v1/fund-projects/${p.id}/transitions`, { to: 'finished' });
  assert.equal(fin.status, 200, fin.text);

  // Scores: only standing directors of the hall, each their own; the subdistrict is refused.
  const scores = fullScores({ 1: 140, 2: 150, 3: 100, 5: 180, 6: 90, 8: 95 });
  for (const who of ['admin', 'worker', 'resident', 'leader', 'chair']) {
    const r = await c[who].api('POST', `${url}/scores`, { scores });
    assert.equal(r.status, 403, `${who}: ${r.text}`);
  }
  assert.equal(num(`SELECT count(*) FROM fund_eval_score WHERE project_id = ${p.id}`), 0);
  const over = await c.director.api('POST', `${url}/scores`, { scores: fullScores({ 1: 151 }) });
  assert.equal(over.status, 422, over.text);
  assert.equal(over.json.error.code, 'score_range');
  const beyond = await c.director.api('POST', `${url}/scores`, { scores: [{ indicator: 11, tenths: 10 }] });
  assert.equal(beyond.status, 422, 'the default sheet has 11 indicators');
  assert.equal(beyond.json.error.code, 'scores_invalid');
  const draft = await c.director.api('POST', `${url}/scores`, { scores: [{ indicator: 1, tenths: 100 }] });
  assert.equal(draft.status, 200, draft.text);
  assert.equal(draft.json.directors[0].complete, false);
  assert.equal(draft.json.may.set_sheet, false);
  const frozen = await c.director.api('POST', `${url}/sheet`, {});
  assert.equal(frozen.status, 409);
  assert.equal(frozen.json.error.code, 'sheet_frozen');
  const mine = await c.director.api('POST', `${url}/scores`, { scores });
  assert.equal(mine.status, 200, mine.text);
  assert.equal(mine.json.directors.length, 1);
  assert.equal(mine.json.directors[0].complete, true);
  assert.deepEqual(mine.json.directors[0].scores.slice(0, 4), [null, 140, 150, 100]);
  assert.equal(num(`SELECT count(*) FROM fund_eval_score WHERE project_id = ${p.id}`), 6, 'one row per indicator');
  // Others do not see a director's scores before publication.
  assert.equal((await c.resident.api('GET', url)).json.directors[0].scores, undefined);
  // Publishing without the survey is refused: the sheet takes satisfaction from it.
  const noSurvey = await c.director.api('POST', `${url}/publish`, { decision: 'continue' });
  assert.equal(noSurvey.status, 409, noSurvey.text);
  assert.equal(noSurvey.json.error.code, 'no_survey');

  // The survey: residents of the area, one per household.
  for (const who of ['resident2', 'worker2', 'admin']) {
    const r = await c[who].api('POST', `${url}/survey`, { answer: 'satisfied' });
    assert.equal(r.status, 403, `${who}: ${r.text}`);
  }
  const badAnswer = await c.resident.api('POST', `${url}/survey`, { answer: 'great' });
  assert.equal(badAnswer.status, 422);
  const ans = await c.resident.api('POST', `${url}/survey`, { answer: 'satisfied' });
  assert.equal(ans.status, 201, ans.text);
  assert.equal(ans.json.survey.answered, true);
  const again = await c.resident.api('POST', `${url}/survey`, { answer: 'dissatisfied' });
  assert.equal(again.status, 409, again.text);
  assert.equal(again.json.error.code, 'answered');
  const leaderAns = await c.leader.api('POST', `${url}/survey`, { answer: 'basic' });
  assert.ok([201, 409].includes(leaderAns.status), leaderAns.text); // 409 if the same household
  const households = num(`SELECT count(DISTINCT household_id) FROM fund_survey WHERE project_id = ${p.id}`);
  assert.equal(num(`SELECT count(*) FROM fund_survey WHERE project_id = ${p.id}`), households);

  // Publishing: the hall's staff only, with a decision.
  for (const who of ['resident', 'leader', 'worker2']) {
    const r = await c[who].api('POST', `${url}/publish`, { decision: 'continue' });
    assert.equal(r.status, 403, `${who}: ${r.text}`);
  }
  const noDecision = await c.director.api('POST', `${url}/publish`, { decision: 'maybe' });
  assert.equal(noDecision.status, 422);
  const feedBefore = num(`SELECT count(*) FROM feed_item WHERE topic_id = ${p.topic_id}`);
  const pub = await c.director.api('POST', `${url}/publish`, { decision: 'change', reason: '扩大到全小区' });
  assert.equal(pub.status, 200, pub.text);
  // 14+15+10+18+9+9.5 = 75.5 from the director, 20 from the survey (every answer satisfied).
  assert.equal(pub.json.result.total_text, '95.50');
  assert.equal(pub.json.result.grade, '优');
  assert.equal(pub.json.result.decision, 'change');
  assert.match(pub.json.result.formula, /95\.50/);
  assert.equal(pub.json.status, 'evaluated');
  assert.equal(sql(`SELECT status FROM fund_project WHERE id = ${p.id}`), 'evaluated');
  assert.equal(sql(`SELECT from_status || '>' || to_status || '>' || reason FROM fund_event WHERE project_id = ${p.id} ORDER BY id DESC LIMIT 1`),
    'finished>evaluated>扩大到全小区');
  assert.equal(num(`SELECT count(*) FROM feed_item WHERE topic_id = ${p.topic_id}`), feedBefore + 1);
  assert.match(sql(`SELECT summary FROM feed_item WHERE topic_id = ${p.topic_id} ORDER BY id DESC LIMIT 1`), /优/);
  // Public: the resident sees the grade, the decision and the scores now.
  const pubGet = await c.resident.api('GET', url);
  assert.equal(pubGet.json.result.grade, '优');
  assert.deepEqual(pubGet.json.directors[0].scores.slice(0, 2), [null, 140]);
  const en = await c.resident.request('GET', url, { bearer: true, cookies: false, headers: { 'Accept-Language': 'en' } });
  assert.equal(JSON.parse(en.text).result.grade, 'Excellent');
  // Once published, nothing changes any more.
  assert.equal((await c.director.api('POST', `${url}/publish`, { decision: 'stop' })).status, 409);
  assert.equal((await c.director.api('POST', `${url}/scores`, { scores })).status, 409);
  assert.equal((await c.resident2.api('POST', `${url}/survey`, { answer: 'satisfied' })).status, 403);
});

test('a sheet of the hall\'s own without the survey: the grade is the directors\' mean', async () => {
  const p = await project('垃圾分类宣传', [{ name: '宣传品', amount: '300' }], 'in_progress');
  const url = `/api/v1/fund-projects/${p.id}/evaluation`;
  const sheet = {
    indicators: [
      { parent: -1, weight: 100, name: '完成情况', name_en: 'Completion', target: '按计划完成' },
      { parent: 0, weight: 60, name: '活动场次', name_en: 'Sessions' },
      { parent: 0, weight: 40, name: '参与人数', name_en: 'Turnout' },
    ],
    bands: [{ min: 6000, name: '合格', name_en: 'Pass' }, { min: 0, name: '不合格', name_en: 'Fail' }],
    basic_pct: 100,
  };
  const set = await c.director.api('POST', `${url}/sheet`, { sheet });
  assert.equal(set.status, 200, set.text);
  assert.equal(set.json.indicators.length, 3);
  assert.equal((await c.leader.api('POST', `/api/v1/fund-projects/${p.id}/transitions`, { to: 'finished' })).status, 200);
  // Indicator 0 is first-level: its score is not the directors' to give, and is ignored.
  const s = await c.director.api('POST', `${url}/scores`, { scores: [{ indicator: 1, tenths: 455 }, { indicator: 2, tenths: 300 }] });
  assert.equal(s.status, 200, s.text);
  assert.equal(s.json.directors[0].complete, true);
  // Six answers from one household at the same moment: one is stored, the others are 409.
  const race = await Promise.all(['satisfied', 'basic', 'dissatisfied', 'satisfied', 'basic', 'satisfied']
    .map((answer) => c.resident.api('POST', `${url}/survey`, { answer })));
  assert.deepEqual(race.map((r) => r.status).sort(), [201, 409, 409, 409, 409, 409], race.map((r) => r.text).join('\n'));
  assert.equal(num(`SELECT count(*) FROM fund_survey WHERE project_id = ${p.id}`), 1);
  // Three publications at once: one moves the project, the others find it evaluated.
  const pubs = await Promise.all([0, 1, 2].map(() => c.director.api('POST', `${url}/publish`, { decision: 'stop' })));
  assert.deepEqual(pubs.map((r) => r.status).sort(), [200, 409, 409], pubs.map((r) => r.text).join('\n'));
  assert.equal(num(`SELECT count(*) FROM fund_event WHERE project_id = ${p.id} AND to_status = 'evaluated'`), 1);
  assert.equal(num(`SELECT count(*) FROM feed_item WHERE topic_id = ${p.topic_id} AND summary LIKE '%合格%'`), 1);
  const pub = pubs.find((r) => r.status === 200);
  assert.equal(pub.json.result.total_text, '75.50');
  assert.equal(pub.json.result.grade, '合格');
  assert.equal(pub.json.result.decision_name, '停止');
  assert.equal(sql(`SELECT total || '|' || grade || '|' || directors || '|' || answers FROM fund_eval WHERE project_id = ${p.id}`), '7550|合格|1|1');
});

/** The XLSX's part as text (unzip -p). */
function xlsxPart(buf, part) {
  const dir = fs.mkdtempSync(path.join(process.env.TMPDIR || '/tmp', 'fund-xlsx-'));
  const file = path.join(dir, 'r.xlsx');
  fs.writeFileSync(file, buf);
  try {
    return execFileSync('unzip', ['-p', file, part]).toString('utf8');
  } finally {
    fs.rmSync(dir, { recursive: true });
  }
}

test('the quarterly disclosure: JSON, page and XLSX equal the ledger; vouchers masked; who may read', async () => {
  const p = await project('儿童游乐区维护', [{ name: '材料费', amount: '3,000.50' }, { name: '宣传费', amount: '¥500' }],
    'finished', [[0, '1,234.50', '发票 No.88 王师傅 13812345678'], [0, '¥100.05', '收据'], [1, '99.99', '海报印刷']]);
  const quarter = Math.floor(new Date(Date.now() + 8 * 3600e3).getUTCMonth() / 3) + 1;
  const url = `/api/v1/areas/${n.dezhou5}/fund/report?year=${year}&quarter=${quarter}`;
  const res = await c.resident.api('GET', url);
  assert.equal(res.status, 200, res.text);
  const rep = res.json;

  // Every project's line figures equal the ledger's line totals.
  const ledger = sql(`SELECT f.id, l.name, l.approved_fen + l.moved_in_fen - l.moved_out_fen, l.spent_fen
      FROM fund_budget_line l JOIN fund_project f ON f.id = l.project_id WHERE f.pool_id = ${pool}
      AND f.status IN ('approved','in_progress','finished','evaluated') ORDER BY f.id, l.pos`);
  const lines = rep.rows.filter((r) => r.kind === 'line')
    .map((r) => [r.project_id, r.line, r.approved.fen, r.spent.fen].join('|')).join('\n');
  assert.equal(lines, ledger);
  assert.equal(rep.approved.fen, num(`SELECT sum(approved_fen) FROM fund_project WHERE pool_id = ${pool}`));
  assert.equal(rep.spent.fen, num(`SELECT sum(l.spent_fen) FROM fund_budget_line l JOIN fund_project f ON f.id = l.project_id WHERE f.pool_id = ${pool}`));
  const mine = rep.rows.find((r) => r.kind === 'project' && r.project_id === p.id);
  assert.equal(mine.approved.fen, 350050);
  assert.equal(mine.spent.fen, 143454);
  assert.equal(mine.rate, '41.0%'); // 1434.54 / 3500.50 = 40.98%
  assert.equal(mine.from_topic, true);
  assert.equal(rep.topic_share, '100.0%');
  const first = rep.rows.find((r) => r.kind === 'project' && r.project_id !== p.id);
  assert.equal(first.grade, '优', 'the evaluated project shows its grade');
  // Vouchers: the phone number and the leader's name never appear in full.
  const v = rep.expenses.find((e) => e.project_id === p.id && e.amount.fen === 123450);
  assert.match(v.voucher, /138\*\*\*\*5678/);
  assert.doesNotMatch(res.text, /13812345678/);

  // Who reads it, and bad periods.
  assert.equal((await c.resident2.api('GET', url)).status, 403);
  assert.equal((await c.admin.api('GET', url)).status, 200);
  assert.equal((await c.resident.api('GET', `/api/v1/areas/${n.dezhou5}/fund/report?year=${year}&quarter=5`)).status, 422);
  assert.equal((await c.resident.api('GET', `/api/v1/areas/${n.dezhou5}/fund/report?year=abc&quarter=1`)).status, 422);
  assert.equal((await c.resident.api('GET', `/api/v1/areas/${n.dezhou5}/fund/report?year=${year - 1}&quarter=1`)).status, 404);
  // A quarter before the money: nothing approved yet (unless this is the first quarter).
  if (quarter > 1) {
    const early = await c.resident.api('GET', `/api/v1/areas/${n.dezhou5}/fund/report?year=${year}&quarter=${quarter - 1}`);
    assert.equal(early.json.projects, 0);
    assert.equal(early.json.rate, '—');
  }

  // The page: the same figures, masked vouchers, the XLSX link, the print stylesheet.
  const page = await c.resident.get(`/areas/${n.dezhou5}/fund?year=${year}&quarter=${quarter}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /¥3,500.50/);
  assert.match(page.text, /¥1,434.54/);
  assert.match(page.text, /41\.0%/);
  assert.match(page.text, /138\*\*\*\*5678/);
  assert.doesNotMatch(page.text, /13812345678/);
  assert.match(page.text, /fund\.css/);
  assert.match(page.text, /fund\.xlsx\?year=/);
  assert.equal((await c.resident2.get(`/areas/${n.dezhou5}/fund`)).status, 403);

  // The XLSX: a Chinese filename done right, and the numbers inside.
  const x = await c.resident.request('GET', `/api/v1/areas/${n.dezhou5}/fund/report.xlsx?year=${year}&quarter=${quarter}`, { bearer: true, cookies: false });
  assert.equal(x.status, 200, x.text);
  assert.match(x.headers.get('content-type'), /spreadsheetml/);
  const cd = x.headers.get('content-disposition');
  assert.match(cd, /^attachment; filename="fund-\d+-\d{4}Q\d\.xlsx"; filename\*=UTF-8''[A-Za-z0-9%._~-]+$/);
  const star = decodeURIComponent(cd.split("filename*=UTF-8''")[1]);
  assert.equal(star, `德州五村自治金公开${year}年第${quarter}季度.xlsx`);
  const sheet1 = xlsxPart(x.body, 'xl/worksheets/sheet1.xml');
  const strings = xlsxPart(x.body, 'xl/sharedStrings.xml');
  assert.match(strings, /儿童游乐区维护/);
  assert.match(strings, /收支明细|预算科目/);
  for (const yuan of ['3000.5', '1334.55', '3500.5', '1434.54', String(rep.approved.fen / 100), String(rep.spent.fen / 100)])
    assert.ok(sheet1.includes(`<v>${yuan}</v>`), `sheet1 holds ${yuan}`);
  const pageX = await c.resident.get(`/areas/${n.dezhou5}/fund.xlsx?year=${year}&quarter=${quarter}`);
  assert.equal(pageX.status, 200);

  // The year-end lapse shows in the report as the ledger records it.
  const lapse = await c.admin.api('POST', `/api/v1/fund-pools/${pool}/lapse`, {});
  assert.equal(lapse.status, 200, lapse.text);
  const after = (await c.resident.api('GET', url)).json;
  assert.equal(after.lapsed.fen, num(`SELECT lapsed_fen FROM fund_pool WHERE id = ${pool}`));
  assert.equal(after.lapsed.fen, num(`SELECT sum(amount_fen) FROM fund_entry WHERE pool_id = ${pool} AND kind = 'lapse' AND fund_type = 'project'`));
  assert.equal(after.rows.find((r) => r.project_id === p.id && r.kind === 'project').lapsed.fen, 350050 - 143454);
  // Every fund type's lapse is disclosed: JSON, page and XLSX.
  const working = num(`SELECT working_fen FROM fund_pool WHERE id = ${pool}`);
  const service = num(`SELECT service_fen FROM fund_pool WHERE id = ${pool}`);
  assert.ok(working > 0 && service > 0);
  assert.equal(after.lapsed_by_type.working.fen, working);
  assert.equal(after.lapsed_by_type.service.fen, service);
  assert.equal(after.lapsed_by_type.project.fen, after.lapsed.fen);
  const closedPage = await c.resident.get(`/areas/${n.dezhou5}/fund?year=${year}&quarter=${quarter}`);
  assert.equal(closedPage.status, 200);
  assert.match(closedPage.text, /工作经费年末失效/);
  assert.match(closedPage.text, /服务经费年末失效/);
  const closedX = await c.resident.get(`/areas/${n.dezhou5}/fund.xlsx?year=${year}&quarter=${quarter}`);
  assert.equal(closedX.status, 200);
});
