// What comes of a topic: resolution, public notice, objections (one upheld: back to
// deliberation; one dismissed), the end of the notice, execution tasks and progress, evaluation
// and closing; who may do each step, and bad input refused with nothing stored.
// Demo: every account but admin and resident2 lives in 德州五村 东区 1号楼组 1号楼 101室 (one
// household); resident2 lives in 上钢二村; director, worker and chair hold their roles on 德州五村.
//
// The notice runs in whole days (1..30) for people. Tests do not wait for days: they move a
// notice's ends_at into the past by writing the database directly (sqlite3 or psql), the way
// time passing would, and then ask the server to end it. No test-only route is needed.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { csrfFrom, demoNodes, htmlEscape, loggedIn, sql as sqlRows, useServer } from './lib.mjs';

const server = useServer();
const c = {};
let n;

/** One SQL statement on the server's database → its output as text, rows on lines. */
const sql = (q) => sqlRows(server, q).map((row) => row.join('|')).join('\n');

/** Moves the latest notice of topic id into the past, as if its days had gone by. */
function noticeOver(id) {
  const now = Math.floor(Date.now() / 1000);
  sql(`UPDATE notice SET starts_at = ${now - 8 * 86400}, ends_at = ${now - 1}
       WHERE id = (SELECT max(id) FROM notice WHERE topic_id = ${id})`);
}

before(async () => {
  await server.ready;
  for (const who of ['admin', 'worker', 'leader', 'director', 'chair', 'resident', 'resident2']) {
    c[who] = await loggedIn(server, who);
  }
  c.residentEn = await loggedIn(server, 'resident', { lang: 'en' });
  n = await demoNodes(c.admin);
});

/** A new estate-hall topic of 德州五村, brought to 议事中 with the transitions API. */
async function deliberating(title = '小区西门加装充电桩') {
  const res = await c.resident.api('POST', '/api/v1/topics', {
    title, description: '电动车在楼道充电不安全。', category: 'facilities', node_id: n.dezhou5,
  });
  assert.equal(res.status, 201, res.text);
  const id = res.json.id;
  assert.equal(res.json.hall_node_id, n.dezhou5);
  for (const [who, to] of [['resident', 'pending_review'], ['director', 'accepted'], ['director', 'deliberating']]) {
    const t = await c[who].api('POST', `/api/v1/topics/${id}/transitions`, { to });
    assert.equal(t.status, 200, `${to}: ${t.text}`);
  }
  return id;
}

const resolution = (over = {}) => ({
  text: '在西门停车场安装 10 个充电桩，由自治金出资。',
  responsible: '物业公司',
  deadline: '2099-12-31',
  funding: 'self_gov_fund',
  votes_for: 31,
  votes_against: 4,
  votes_abstain: 2,
  ...over,
});

const outcome = async (id) => {
  const res = await c.admin.api('GET', `/api/v1/topics/${id}/outcome`);
  assert.equal(res.status, 200, res.text);
  return res.json;
};

const feedKinds = (id) => sql(`SELECT kind FROM feed_item WHERE topic_id = ${id} ORDER BY id`).split('\n');

test('the whole path: resolution, notice, objection upheld, second round dismissed, execution, closing', async () => {
  const id = await deliberating();

  // The bare status change is refused: it would leave a resolved topic with no resolution.
  const bare = await c.worker.api('POST', `/api/v1/topics/${id}/transitions`, { to: 'resolved' });
  assert.equal(bare.status, 409, bare.text);
  assert.equal(bare.json.error.code, 'E_OWN_FORM');
  const view = await c.worker.api('GET', `/api/v1/topics/${id}`);
  assert.equal(view.json.status, 'deliberating');
  assert.ok(!view.json.next.some((s) => s.to === 'resolved'), JSON.stringify(view.json.next));
  const barePage = await c.worker.get(`/topics/${id}`);
  assert.doesNotMatch(barePage.text, /name="to" value="resolved"/);
  const barePost = await c.worker.postForm(`/topics/${id}/transitions`, { csrf: csrfFrom(barePage.text), to: 'resolved' });
  assert.equal(barePost.status, 409);

  // Resolution: not for residents, not for a director alone (the chair or committee declares).
  assert.equal((await c.resident.api('POST', `/api/v1/topics/${id}/resolutions`, resolution())).status, 403);
  const dir = await c.director.api('POST', `/api/v1/topics/${id}/resolutions`, resolution());
  assert.equal(dir.status, 403, dir.text);
  assert.equal(dir.json.error.code, 'E_ROLE');
  const rec = await c.worker.api('POST', `/api/v1/topics/${id}/resolutions`, resolution());
  assert.equal(rec.status, 201, rec.text);
  assert.equal(rec.json.status, 'resolved');
  assert.equal(rec.json.resolutions.length, 1);
  const r1 = rec.json.resolutions[0];
  assert.equal(r1.id, rec.json.id);
  assert.equal(r1.funding, 'self_gov_fund');
  assert.equal(r1.funding_name, '自治金');
  assert.equal(r1.source, 'hall');
  assert.deepEqual([r1.votes_for, r1.votes_against, r1.votes_abstain], [31, 4, 2]);
  assert.equal(r1.superseded_at, null);
  // Once resolved, a second resolution is a step that does not exist.
  const again = await c.worker.api('POST', `/api/v1/topics/${id}/resolutions`, resolution());
  assert.equal(again.status, 409);

  // Notice: committee only, 1..30 days.
  assert.equal((await c.resident.api('POST', `/api/v1/topics/${id}/notice`, { days: 7 })).status, 403);
  assert.equal((await c.director.api('POST', `/api/v1/topics/${id}/notice`, { days: 7 })).status, 403);
  for (const days of [0, 31, -3]) {
    const bad = await c.worker.api('POST', `/api/v1/topics/${id}/notice`, { days });
    assert.equal(bad.status, 422, `${days}: ${bad.text}`);
    assert.equal(bad.json.error.code, 'bad_days');
  }
  assert.equal((await c.worker.api('POST', `/api/v1/topics/${id}/notice`, { days: '7' })).status, 400);
  const post = await c.worker.api('POST', `/api/v1/topics/${id}/notice`, {});
  assert.equal(post.status, 201, post.text);
  assert.equal(post.json.status, 'in_notice');
  assert.equal(post.json.notice.days_left, 7); // the default
  assert.equal(post.json.notice.ends_at - post.json.notice.starts_at, 7 * 86400);
  assert.equal(post.json.notice.open, true);
  const early = await c.worker.api('POST', `/api/v1/topics/${id}/notice/end`);
  assert.equal(early.status, 409);
  assert.equal(early.json.error.code, 'notice_running');

  // Objections: residents in scope, once per household.
  const far = await c.resident2.api('POST', `/api/v1/topics/${id}/objections`, { body: '我也反对' });
  assert.equal(far.status, 403);
  assert.equal(far.json.error.code, 'forbidden');
  assert.equal((await c.admin.api('POST', `/api/v1/topics/${id}/objections`, { body: '反对' })).status, 403);
  const empty = await c.resident.api('POST', `/api/v1/topics/${id}/objections`, { body: '　' });
  assert.equal(empty.status, 400);
  assert.equal(empty.json.error.field, 'body');
  const long = await c.resident.api('POST', `/api/v1/topics/${id}/objections`, { body: '异'.repeat(501) });
  assert.equal(long.status, 422);
  assert.equal((await c.resident.api('GET', `/api/v1/topics/${id}/outcome`)).json.may_object, true);
  const obj = await c.resident.api('POST', `/api/v1/topics/${id}/objections`, { body: '充电桩离住宅太近，有消防隐患。' });
  assert.equal(obj.status, 201, obj.text);
  assert.equal(obj.json.objections[0].status, 'open');
  assert.equal(obj.json.objections[0].person.name, '张浩然');
  assert.equal(obj.json.may_object, false);
  assert.equal(obj.json.objections[0].moot, false);
  const twice = await c.leader.api('POST', `/api/v1/topics/${id}/objections`, { body: '同一户再提一次' });
  assert.equal(twice.status, 409, twice.text);
  assert.equal(twice.json.error.code, 'already_objected');
  assert.equal((await outcome(id)).objections.length, 1);

  // A second household's objection (written straight into the database: every demo account
  // of this area shares one household) becomes moot when the first is upheld.
  sql(`INSERT INTO objection(notice_id, topic_id, person_id, household_id, body, created_at)
       SELECT n.id, n.topic_id, p.id, p.household_id, '另一户的异议', 0
       FROM notice n, person p WHERE n.topic_id = ${id} AND p.name = '孙桂兰'`);

  // Ruling: staff only, with a reason; upheld sends the topic back to deliberation.
  const objId = obj.json.id;
  assert.equal((await c.resident.api('POST', `/api/v1/objections/${objId}/ruling`, { uphold: true, reason: '我说了算' })).status, 403);
  assert.equal((await c.resident2.api('POST', `/api/v1/objections/${objId}/ruling`, { uphold: false, reason: 'x' })).status, 403);
  const noReason = await c.worker.api('POST', `/api/v1/objections/${objId}/ruling`, { uphold: true, reason: ' ' });
  assert.equal(noReason.status, 400);
  assert.equal(noReason.json.error.field, 'reason');
  assert.equal((await c.worker.api('POST', `/api/v1/objections/${objId}/ruling`, { reason: '理由' })).status, 400);
  assert.equal((await c.worker.api('POST', '/api/v1/objections/99999999/ruling', { uphold: true, reason: '理由' })).status, 404);
  const upheld = await c.director.api('POST', `/api/v1/objections/${objId}/ruling`, { uphold: true, reason: '消防距离确实不够，重新选址。' });
  assert.equal(upheld.status, 200, upheld.text);
  assert.equal(upheld.json.status, 'deliberating');
  const mine = upheld.json.objections.find((o) => o.id === objId);
  assert.equal(mine.status, 'upheld');
  assert.equal(mine.moot, false);
  const other = upheld.json.objections.find((o) => o.id !== objId);
  assert.equal(other.status, 'open');
  assert.equal(other.moot, true);
  assert.ok((await c.worker.get(`/topics/${id}`)).text.includes('无需裁定'));
  assert.equal((await c.worker.api('POST', `/api/v1/objections/${other.id}/ruling`, { uphold: false, reason: '迟了' })).status, 409);
  assert.equal(mine.ruled_by.name, '李国庆');
  assert.ok(upheld.json.resolutions[0].superseded_at > 0);
  assert.ok(upheld.json.notice.ended_at > 0);
  assert.equal((await c.worker.api('POST', `/api/v1/objections/${objId}/ruling`, { uphold: false, reason: '再裁' })).status, 409);

  // Second round: a new resolution and a one-day notice; the household may object again.
  const rec2 = await c.chair.api('POST', `/api/v1/topics/${id}/resolutions`,
    resolution({ text: '在东门空地安装 10 个充电桩。', funding: 'maintenance_fund', votes_for: null, votes_against: null, votes_abstain: null, source: 'meeting' }));
  assert.equal(rec2.status, 201, rec2.text);
  assert.equal(rec2.json.resolutions.length, 2);
  assert.equal(rec2.json.resolutions[0].source, 'meeting');
  assert.equal(rec2.json.resolutions[0].votes_for, null);
  assert.equal((await c.worker.api('POST', `/api/v1/topics/${id}/notice`, { days: 1 })).status, 201);
  const obj2 = await c.leader.api('POST', `/api/v1/topics/${id}/objections`, { body: '东门晚上太黑。' });
  assert.equal(obj2.status, 201, obj2.text);
  noticeOver(id);
  const late = await c.resident.api('POST', `/api/v1/topics/${id}/objections`, { body: '公示期过了再提' });
  assert.equal(late.status, 409, late.text);
  assert.equal(late.json.error.code, 'notice_closed');
  const blocked = await c.worker.api('POST', `/api/v1/topics/${id}/notice/end`);
  assert.equal(blocked.status, 409);
  assert.equal(blocked.json.error.code, 'objection_open');
  const dismissed = await c.worker.api('POST', `/api/v1/objections/${obj2.json.id}/ruling`, { uphold: false, reason: '东门会加装路灯。' });
  assert.equal(dismissed.status, 200, dismissed.text);
  assert.equal(dismissed.json.status, 'in_notice');
  assert.equal(dismissed.json.objections[0].status, 'dismissed');
  assert.equal(dismissed.json.resolutions[0].superseded_at, null);
  assert.equal((await c.resident.api('POST', `/api/v1/topics/${id}/notice/end`)).status, 403);
  assert.equal((await c.director.api('POST', `/api/v1/topics/${id}/notice/end`)).status, 403);
  const ended = await c.worker.api('POST', `/api/v1/topics/${id}/notice/end`);
  assert.equal(ended.status, 200, ended.text);
  assert.equal(ended.json.status, 'in_execution');
  assert.equal((await c.worker.api('POST', `/api/v1/topics/${id}/notice/end`)).status, 409); // no such step now
});

test('execution: tasks, progress, done, evaluation and closing with an outcome', async () => {
  const id = await deliberating('楼道堆物清理');
  assert.equal((await c.worker.api('POST', `/api/v1/topics/${id}/resolutions`, resolution({ funding: 'none' }))).status, 201);
  // Tasks wait for execution.
  assert.equal((await c.worker.api('POST', `/api/v1/topics/${id}/tasks`, { title: '清理', owner: '物业', deadline: '2099-01-01' })).status, 409);
  assert.equal((await c.worker.api('POST', `/api/v1/topics/${id}/notice`, { days: 1 })).status, 201);
  noticeOver(id);
  assert.equal((await c.worker.api('POST', `/api/v1/topics/${id}/notice/end`)).status, 200);

  const task = { title: '清理 1 号楼楼道堆物', owner: '物业 王经理', deadline: '2099-01-15' };
  assert.equal((await c.resident.api('POST', `/api/v1/topics/${id}/tasks`, task)).status, 403);
  for (const [over, status, code] of [
    [{ title: '' }, 400, 'missing_field'],
    [{ owner: undefined }, 400, 'missing_field'],
    [{ deadline: '2099-02-29' }, 422, 'bad_date'],
    [{ deadline: '2000-01-01' }, 422, 'past_date'],
    [{ title: '清'.repeat(101) }, 422, 'too_long'],
  ]) {
    const bad = await c.worker.api('POST', `/api/v1/topics/${id}/tasks`, { ...task, ...over });
    assert.equal(bad.status, status, `${JSON.stringify(over)}: ${bad.text}`);
    assert.equal(bad.json.error.code, code);
  }
  assert.equal((await outcome(id)).tasks.length, 0);
  const t1 = await c.director.api('POST', `/api/v1/topics/${id}/tasks`, task);
  assert.equal(t1.status, 201, t1.text);
  const taskId = t1.json.id;
  const t2 = await c.worker.api('POST', `/api/v1/topics/${id}/tasks`, { ...task, title: '张贴告示' });
  assert.equal(t2.status, 201);

  assert.equal((await c.resident.api('POST', `/api/v1/tasks/${taskId}/progress`, { body: '我清了' })).status, 403);
  assert.equal((await c.worker.api('POST', `/api/v1/tasks/${taskId}/progress`, { body: '' })).status, 400);
  assert.equal((await c.worker.api('POST', '/api/v1/tasks/99999999/progress', { body: 'x' })).status, 404);
  const p1 = await c.worker.api('POST', `/api/v1/tasks/${taskId}/progress`, { body: '已通知各户三天内搬走。' });
  assert.equal(p1.status, 201, p1.text);
  // The page's form is multipart (photos); without photos it stores the text alone.
  const page = await c.worker.get(`/topics/${id}`);
  assert.match(page.text, /enctype="multipart\/form-data"/);
  const fd = new FormData();
  fd.append('csrf', csrfFrom(page.text));
  fd.append('body', '堆物已清走一半。');
  const mp = await c.worker.request('POST', `/tasks/${taskId}/progress`, { body: fd });
  assert.equal(mp.status, 303, mp.text);
  const bodies = (await outcome(id)).tasks.find((k) => k.id === taskId).progress.map((g) => g.body);
  assert.deepEqual(bodies, ['已通知各户三天内搬走。', '堆物已清走一半。']);

  assert.equal((await c.resident.api('POST', `/api/v1/tasks/${taskId}/done`)).status, 403);
  const done = await c.worker.api('POST', `/api/v1/tasks/${taskId}/done`);
  assert.equal(done.status, 200, done.text);
  assert.equal(done.json.tasks.find((k) => k.id === taskId).status, 'done');
  assert.equal((await c.worker.api('POST', `/api/v1/tasks/${taskId}/done`)).status, 409);

  // Evaluation and closing: the second task is still open, which does not stop either.
  assert.equal((await c.resident.api('POST', `/api/v1/topics/${id}/evaluation`)).status, 403);
  assert.equal((await c.worker.api('POST', `/api/v1/topics/${id}/close`, { outcome: 'solved', note: '好了' })).status, 409);
  const ev = await c.director.api('POST', `/api/v1/topics/${id}/evaluation`);
  assert.equal(ev.status, 200, ev.text);
  assert.equal(ev.json.status, 'awaiting_evaluation');
  assert.equal((await c.worker.api('POST', `/api/v1/tasks/${taskId}/progress`, { body: '晚了' })).status, 409);
  assert.equal((await c.resident.api('POST', `/api/v1/topics/${id}/close`, { outcome: 'solved', note: '好了' })).status, 403);
  for (const [body, status, code, field] of [
    [{ note: '没有结果' }, 400, 'missing_field', 'outcome'],
    [{ outcome: 'done', note: '未知结果' }, 422, 'bad_outcome', 'outcome'],
    [{ outcome: 'partly' }, 400, 'missing_field', 'note'],
    [{ outcome: 'partly', note: '注'.repeat(1001) }, 422, 'too_long', 'note'],
  ]) {
    const bad = await c.director.api('POST', `/api/v1/topics/${id}/close`, body);
    assert.equal(bad.status, status, `${JSON.stringify(body).slice(0, 50)}: ${bad.text}`);
    assert.equal(bad.json.error.code, code);
    assert.equal(bad.json.error.field, field);
  }
  assert.equal((await outcome(id)).outcome, null);
  const closed = await c.director.api('POST', `/api/v1/topics/${id}/close`, { outcome: 'partly', note: '1 号楼已清理，2 号楼下月再办。' });
  assert.equal(closed.status, 200, closed.text);
  assert.equal(closed.json.status, 'closed');
  assert.equal(closed.json.outcome.key, 'partly');
  assert.equal(closed.json.outcome.name, '部分解决');
  assert.equal(closed.json.outcome.closed_by.name, '李国庆');
  const en = await c.residentEn.api('GET', `/api/v1/topics/${id}/outcome`);
  assert.equal(en.json.outcome.name, 'Partly solved');

  // Everything that happened is in the hall's feed.
  const kinds = feedKinds(id);
  for (const k of ['resolution', 'notice', 'progress', 'evaluation']) assert.ok(kinds.includes(k), `${k} in ${kinds}`);
  const topicPage = await c.resident.get(`/topics/${id}`);
  assert.equal(topicPage.status, 200);
  for (const s of ['部分解决', '1 号楼已清理，2 号楼下月再办。', '清理 1 号楼楼道堆物', '堆物已清走一半。', '物业公司', '无需资金', '表决：同意 31，反对 4，弃权 2']) {
    assert.ok(topicPage.text.includes(htmlEscape(s)), s);
  }
});

test('bad resolutions are refused with a clear error and nothing is stored', async () => {
  const id = await deliberating('垃圾房除臭');
  const cases = [
    [{ text: '' }, 400, 'missing_field', 'text'],
    [{ text: undefined }, 400, 'missing_field', 'text'],
    [{ text: '决'.repeat(1001) }, 422, 'too_long', 'text'],
    [{ responsible: '' }, 400, 'missing_field', 'responsible'],
    [{ responsible: '责'.repeat(61) }, 422, 'too_long', 'responsible'],
    [{ deadline: '2027-02-30' }, 422, 'bad_date', 'deadline'],
    [{ deadline: '下个月' }, 422, 'bad_date', 'deadline'],
    [{ deadline: '2001-01-01' }, 422, 'past_date', 'deadline'],
    [{ funding: 'bank_loan' }, 422, 'bad_funding', 'funding'],
    [{ funding: undefined }, 400, 'missing_field', 'funding'],
    [{ votes_for: -1 }, 422, 'bad_votes', 'votes_for'],
    [{ source: 'rumour' }, 422, 'bad_source', 'source'],
  ];
  for (const [over, status, code, field] of cases) {
    const res = await c.worker.api('POST', `/api/v1/topics/${id}/resolutions`, resolution(over));
    assert.equal(res.status, status, `${JSON.stringify(over).slice(0, 60)}: ${res.text}`);
    assert.equal(res.json.error.code, code);
    assert.equal(res.json.error.field, field);
    assert.ok(res.json.error.message.length > 3);
  }
  assert.equal((await c.worker.api('POST', `/api/v1/topics/${id}/resolutions`, resolution({ votes_for: '3' }))).status, 400);
  assert.equal((await c.worker.api('POST', `/api/v1/topics/${id}/resolutions`, '{"text":')).status, 400);
  const en = await c.residentEn.api('GET', `/api/v1/topics/${id}/outcome`);
  assert.equal(en.json.status, 'deliberating');
  const enBad = await loggedIn(server, 'worker', { lang: 'en' });
  const msg = await enBad.api('POST', `/api/v1/topics/${id}/resolutions`, resolution({ deadline: '2027-02-30' }));
  assert.match(msg.json.error.message, /real date/);
  const o = await outcome(id);
  assert.equal(o.resolutions.length, 0);
  assert.equal(o.status, 'deliberating');
  assert.equal(sql(`SELECT count(*) FROM resolution WHERE topic_id = ${id}`), '0');
  assert.equal(sql(`SELECT count(*) FROM feed_item WHERE topic_id = ${id} AND kind = 'resolution'`), '0');
  assert.equal((await c.admin.api('GET', '/api/v1/topics/99999999/outcome')).status, 404);
});

test('the pages: forms for staff and residents in scope, errors shown again with what was typed', async () => {
  const id = await deliberating('健身器材维修');
  const url = `/topics/${id}`;
  // Residents see no staff forms; the worker sees the resolution form.
  assert.doesNotMatch((await c.resident.get(url)).text, /action="\/topics\/\d+\/resolutions"/);
  const page = await c.worker.get(url);
  assert.match(page.text, new RegExp(`action="/topics/${id}/resolutions"`));
  const csrf = csrfFrom(page.text);
  const form = { csrf, text: '更换 3 台损坏的健身器材。', responsible: '居委会', deadline: '2099-06-30', funding: 'department', votes_for: '', votes_against: '', votes_abstain: '' };
  // A resident posting the form is refused with the page again.
  const rcsrf = csrfFrom((await c.resident.get(url)).text);
  const resBad = await c.resident.postForm(`${url}/resolutions`, { ...form, csrf: rcsrf });
  assert.equal(resBad.status, 403);
  const bad = await c.worker.postForm(`${url}/resolutions`, { ...form, deadline: '2099-13-01' });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /role="alert"/);
  assert.ok(bad.text.includes(htmlEscape('“完成期限”请写成 年-月-日 的真实日期')), bad.text.slice(0, 200));
  assert.ok(bad.text.includes(htmlEscape(form.text)), 'typed text kept');
  const noCsrf = await c.worker.postForm(`${url}/resolutions`, { ...form, csrf: '' });
  assert.equal(noCsrf.status, 403);
  assert.equal((await outcome(id)).resolutions.length, 0);
  const ok = await c.worker.postForm(`${url}/resolutions`, form);
  assert.equal(ok.status, 303, ok.text);
  assert.match(ok.headers.get('location'), new RegExp(`/topics/${id}#outcome`));
  // Post for notice through the form.
  const p2 = await c.worker.get(url);
  assert.ok(p2.text.includes(htmlEscape('部门出资')));
  assert.equal((await c.worker.postForm(`${url}/notice`, { csrf, days: '40' })).status, 422);
  assert.equal((await c.worker.postForm(`${url}/notice`, { csrf, days: '5' })).status, 303);
  // The objection form: for residents in scope during the notice, not for others.
  const mine = await c.resident.get(url);
  assert.match(mine.text, new RegExp(`action="/topics/${id}/objections"`));
  assert.match(mine.text, /还剩 5 天/);
  const theirs = await c.resident2.get(url);
  assert.equal(theirs.status, 200);
  assert.doesNotMatch(theirs.text, /\/objections"/);
  const r2csrf = csrfFrom(theirs.text);
  assert.equal((await c.resident2.postForm(`${url}/objections`, { csrf: r2csrf, body: '反对' })).status, 403);
  const objEmpty = await c.resident.postForm(`${url}/objections`, { csrf: csrfFrom(mine.text), body: '' });
  assert.equal(objEmpty.status, 400);
  const objOk = await c.resident.postForm(`${url}/objections`, { csrf: csrfFrom(mine.text), body: '器材型号要先问老人。' });
  assert.equal(objOk.status, 303);
  const after = await c.resident.get(url);
  assert.doesNotMatch(after.text, new RegExp(`action="/topics/${id}/objections"`)); // once per household
  assert.ok(after.text.includes(htmlEscape('器材型号要先问老人。')));
  // The worker rules through the form's buttons.
  const staff = await c.worker.get(url);
  const objId = (await outcome(id)).objections[0].id;
  assert.match(staff.text, new RegExp(`action="/objections/${objId}/ruling"`));
  const noDecision = await c.worker.postForm(`/objections/${objId}/ruling`, { csrf, reason: '理由' });
  assert.equal(noDecision.status, 400);
  const ruled = await c.worker.postForm(`/objections/${objId}/ruling`, { csrf, reason: '型号已征求意见。', decision: 'dismiss' });
  assert.equal(ruled.status, 303);
  assert.equal((await outcome(id)).objections[0].status, 'dismissed');
  const endEarly = await c.worker.postForm(`${url}/notice/end`, { csrf });
  assert.equal(endEarly.status, 409);
  assert.ok(endEarly.text.includes(htmlEscape('公示期还没有满')));
  assert.ok(feedKinds(id).includes('objection'));
});

test('a progress report whose photo is not a picture is refused and nothing is kept', async () => {
  const id = await deliberating('车棚顶棚修补');
  assert.equal((await c.worker.api('POST', `/api/v1/topics/${id}/resolutions`, resolution())).status, 201);
  assert.equal((await c.worker.api('POST', `/api/v1/topics/${id}/notice`, { days: 1 })).status, 201);
  noticeOver(id);
  assert.equal((await c.worker.api('POST', `/api/v1/topics/${id}/notice/end`)).status, 200);
  const task = await c.worker.api('POST', `/api/v1/topics/${id}/tasks`, { title: '换顶棚', owner: '物业', deadline: '2099-03-01' });
  assert.equal(task.status, 201);
  const page = await c.worker.get(`/topics/${id}`);
  const fd = new FormData();
  fd.append('csrf', csrfFrom(page.text));
  fd.append('body', '旧顶棚已拆。');
  fd.append('before', new Blob(['this is not a picture']), 'before.jpg');
  const res = await c.worker.request('POST', `/tasks/${task.json.id}/progress`, { body: fd });
  assert.ok(res.status >= 400 && res.status < 500, `${res.status}`);
  assert.match(res.text, /role="alert"/);
  assert.ok(res.text.includes(htmlEscape('旧顶棚已拆。')), 'typed text kept');
  assert.equal((await outcome(id)).tasks[0].progress.length, 0);
  assert.equal(sql(`SELECT count(*) FROM progress WHERE topic_id = ${id}`), '0');
});

test('an anonymous proposer who objects stays anonymous to others', async () => {
  const res = await c.resident.api('POST', '/api/v1/topics', {
    title: '匿名提的议题', description: '说明', category: 'other', node_id: n.dezhou5, proposer_public: false,
  });
  const id = res.json.id;
  for (const [who, to] of [['resident', 'pending_review'], ['director', 'accepted'], ['director', 'deliberating']]) {
    assert.equal((await c[who].api('POST', `/api/v1/topics/${id}/transitions`, { to })).status, 200);
  }
  assert.equal((await c.worker.api('POST', `/api/v1/topics/${id}/resolutions`, resolution())).status, 201);
  assert.equal((await c.worker.api('POST', `/api/v1/topics/${id}/notice`, { days: 3 })).status, 201);
  assert.equal((await c.resident.api('POST', `/api/v1/topics/${id}/objections`, { body: '我自己也有异议' })).status, 201);
  const other = await c.resident2.api('GET', `/api/v1/topics/${id}/outcome`);
  assert.equal(other.json.objections[0].person, null);
  assert.equal(other.json.may_object, false);
  const otherPage = await c.resident2.get(`/topics/${id}`);
  assert.ok(otherPage.text.includes(htmlEscape('我自己也有异议')));
  assert.ok(!otherPage.text.includes('张浩然'), 'proposer named on the page');
  const self = await c.resident.api('GET', `/api/v1/topics/${id}/outcome`);
  assert.equal(self.json.objections[0].person.name, '张浩然');
  assert.equal(sql(`SELECT actor_public FROM feed_item WHERE topic_id = ${id} AND kind = 'objection'`), '0');
});
