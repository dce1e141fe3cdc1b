// Review of the fund (fundfix): cases the fund's own tests did not reach.
// Demo: admin is the subdistrict's; worker, director and chair hold their roles on 德州五村,
// where leader and resident live.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { advanceTopic, demoNodes, loggedIn, sql as sqlRows, useServer } from './lib.mjs';

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

/** A project of pool from a new resolved topic of 德州五村, approved and in progress. */
async function project(pool, title, lines) {
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
    pool_id: pool, name: title, leader_id: id.leader, lines,
  });
  assert.equal(res.status, 201, res.text);
  for (const [who, to] of [['director', 'hall_approved'], ['director', 'submitted'],
    ['admin', 'approved'], ['leader', 'in_progress']]) {
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
  const lapsed = num(`SELECT sum(amount_fen) FROM fund_entry WHERE pool_id = ${pool} AND kind = 'lapse'`);
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
