// Online deliberation on a topic (issue 4): opinions with a stance first, the per-person limit
// (also under ten parallel posts), free answers to questions, the length limit, who may post,
// flags, hiding by a moderator (audited; the words gone from public HTML and JSON), support
// (+1), the hall's settings (others_may_read), and the anonymous proposer never named.
// Demo: every account but admin, resident2 and worker2 lives in 德州五村 东区 1号楼组 1号楼
// 101室; resident2 and worker2 belong to 上钢二村; director and worker hold their roles on
// 德州五村, admin on the subdistrict.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { DEMO, csrfFrom, demoNodes, loggedIn, peopleUnder, useServer } from './lib.mjs';

const server = useServer();
const c = {};
let n; // demo node ids
const ids = {}; // person ids of the demo accounts

before(async () => {
  await server.ready;
  for (const who of ['admin', 'worker', 'leader', 'director', 'resident', 'resident2', 'worker2']) {
    c[who] = await loggedIn(server, who);
    await c[who].csrfOf('/profile'); // the session's token, for the form posts
    ids[who] = (await c[who].api('GET', '/api/v1/me')).json.id;
  }
  c.residentEn = await loggedIn(server, 'resident', { lang: 'en' });
  n = await demoNodes(c.admin);
});

/** Rows of a query on the server's database (SQLite file or PostgreSQL), as arrays of strings. */
function sql(query) {
  const out = process.env.MULIN_PG_BASE
    ? execFileSync('psql', [server.db, '-AtF', '|', '-c', query], { encoding: 'utf8' })
    : execFileSync('sqlite3', ['-separator', '|', server.db, query], { encoding: 'utf8' });
  return out.trim() === '' ? [] : out.trim().split('\n').map((l) => l.split('|'));
}

/** A new topic raised by `who`; cost 1000 yuan puts it in the 1号楼组 hall, 3000 in 东区's. */
async function newTopic(over = {}, who = 'resident') {
  const res = await c[who].api('POST', '/api/v1/topics', {
    title: '楼道加装声控照明',
    description: '晚上楼道太暗，老人上下楼不安全。',
    category: 'facilities',
    node_id: n.household,
    cost_fen: 100000,
    proposer_public: true,
    ...over,
  });
  assert.equal(res.status, 201, res.text);
  return res.json.id;
}

const post = (who, topic, body) => c[who].api('POST', `/api/v1/topics/${topic}/opinions`, body);
const list = async (who, topic) => (await c[who].api('GET', `/api/v1/topics/${topic}/opinions`)).json;
const form = (who, path, fields) => c[who].postForm(path, { csrf: c[who].csrf, ...fields });

test('a stance is required first, then reasons; nothing is stored on refusal', async () => {
  const t = await newTopic();
  const bad = [
    [{ body: '我同意' }, 400, 'stance_required'],
    [{ stance: 'maybe', body: '我同意' }, 400, 'stance_required'],
    [{ stance: 'for' }, 400, 'missing_field'],
    [{ stance: 'for', body: '　 ' }, 400, 'missing_field'],
    [{ stance: 'for', body: 42 }, 400, 'bad_json'],
  ];
  for (const [body, status, code] of bad) {
    const res = await post('resident', t, body);
    assert.equal(res.status, status, `${JSON.stringify(body)}: ${res.text}`);
    assert.equal(res.json.error.code, code);
    assert.ok(res.json.error.message.length > 0);
  }
  assert.match((await post('resident', t, { body: 'x' })).json.error.message, /请先选择立场/);
  assert.match((await c.residentEn.api('POST', `/api/v1/topics/${t}/opinions`, { body: 'x' })).json.error.message, /choose your stance/);
  // The page: the form again with the message and what was written, status 400.
  const page = await form('resident', `/topics/${t}/opinions`, { body: '先写了理由' });
  assert.equal(page.status, 400);
  assert.match(page.text, /请先选择立场/);
  assert.match(page.text, /先写了理由<\/textarea>/);
  const l = await list('resident', t);
  assert.equal(l.total, 0);
  assert.deepEqual(l.stance_counts, { for: 0, against: 0, question: 0, suggestion: 0 });
  // Posted through the form it is there, with its stance badge.
  const ok = await form('resident', `/topics/${t}/opinions`, { stance: 'against', body: '费用太高' });
  assert.equal(ok.status, 303);
  assert.match(ok.headers.get('location'), new RegExp(`^/topics/${t}#op-\\d+$`));
  const html = (await c.leader.get(`/topics/${t}`)).text;
  assert.match(html, /\[反对\]<\/strong> 张浩然/);
  assert.match(html, /费用太高/);
  assert.match(html, /赞成 0 · 反对 1 · 提问 0 · 建议 0/);
});

test('two opinions per person, then a clear refusal; an answer to a question put to you is free', async () => {
  const t = await newTopic();
  assert.equal((await post('resident', t, { stance: 'for', body: '晚上太暗了' })).status, 201);
  assert.equal((await post('resident', t, { stance: 'suggestion', body: '装感应灯' })).status, 201);
  const third = await post('resident', t, { stance: 'for', body: '再说一句' });
  assert.equal(third.status, 409, third.text);
  assert.equal(third.json.error.code, 'limit_reached');
  assert.match(third.json.error.message, /最多发表 2 条/);
  // The page says so too, and offers no form.
  const page = (await c.resident.get(`/topics/${t}`)).text;
  assert.match(page, /您对这个议题的 2 条意见已经用完了/);
  assert.doesNotMatch(page, /action="\/topics\/\d+\/opinions"/);
  // The leader asks the resident (who spoke) a question; the resident answers it once for free.
  const q = await post('leader', t, { stance: 'question', body: '电费谁出？', addressed_to: ids.resident });
  assert.equal(q.status, 201, q.text);
  assert.equal(q.json.addressed_to.id, ids.resident);
  assert.equal(q.json.addressed_to.name, DEMO.resident.name);
  const mine = await list('resident', t);
  assert.equal(mine.opinions.find((o) => o.id === q.json.id).addressed_to_me, true);
  assert.match((await c.resident.get(`/topics/${t}`)).text, new RegExp(`href="/topics/${t}\\?reply_to=${q.json.id}#opinion-form"`));
  // The reply link opens the form set to answer it, even with the limit used up.
  const replyPage = (await c.resident.get(`/topics/${t}?reply_to=${q.json.id}`)).text;
  assert.match(replyPage, new RegExp(`<input type="hidden" name="reply_to" value="${q.json.id}">`));
  assert.match(replyPage, new RegExp(`您正在回复第 ${q.json.id} 条意见`));
  const answered = await form('resident', `/topics/${t}/opinions`, { stance: 'suggestion', body: '从维修基金出', reply_to: q.json.id });
  assert.equal(answered.status, 303, answered.text);
  const answer = { json: (await list('resident', t)).opinions.find((o) => o.reply_to === q.json.id) };
  assert.equal(answer.json.counted, false);
  assert.equal(answer.json.body, '从维修基金出');
  // A second answer to the same question counts, and the limit is used up.
  const again = await post('resident', t, { stance: 'suggestion', body: '补充一下', reply_to: q.json.id });
  assert.equal(again.status, 409);
  assert.equal(again.json.error.code, 'limit_reached');
  // Replying to a question put to someone else counts too.
  const notMine = await post('director', t, { stance: 'for', body: '同意', reply_to: q.json.id });
  assert.equal(notMine.status, 201);
  assert.equal(notMine.json.counted, true);
  const after = await list('resident', t);
  assert.equal(after.mine.used, 2);
  assert.equal(after.mine.left, 0);
  assert.equal(after.opinions.filter((o) => o.author.id === ids.resident).length, 3);
  // Questions may be put only to the proposer or someone who spoke; replies only within the topic.
  const nobody = await post('leader', t, { stance: 'question', body: '问一下', addressed_to: ids.worker });
  assert.equal(nobody.status, 422);
  assert.equal(nobody.json.error.code, 'bad_addressee');
  const other = await newTopic();
  const elsewhere = await post('leader', other, { stance: 'for', body: '同意', reply_to: q.json.id });
  assert.equal(elsewhere.status, 422);
  assert.equal(elsewhere.json.error.code, 'bad_reply');
});

test('ten parallel posts by one person store exactly the limit', async () => {
  // Several rounds, each on a fresh topic, give the posts more chances to overlap.
  for (let round = 0; round < 5; round++) {
    const t = await newTopic();
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) =>
      post('leader', t, { stance: 'for', body: `并发第 ${i} 条` })));
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual(statuses, [201, 201, 409, 409, 409, 409, 409, 409, 409, 409],
      results.map((r) => r.text).join('\n'));
    assert.ok(results.filter((r) => r.status === 409).every((r) => r.json.error.code === 'limit_reached'));
    assert.equal((await list('leader', t)).total, 2);
    assert.deepEqual(sql(`SELECT count(*) FROM opinion WHERE topic_id = ${t}`), [['2']]);
    assert.deepEqual(sql(`SELECT used FROM opinion_quota WHERE topic_id = ${t}`), [['2']]);
  }
});

test('opinions are limited in characters, and the hall may change the limit', async () => {
  const t = await newTopic();
  // 500 characters of Chinese are 1500 bytes: limits count characters.
  assert.equal((await post('resident', t, { stance: 'for', body: '灯'.repeat(500) })).status, 201);
  const long = await post('leader', t, { stance: 'for', body: '灯'.repeat(501) });
  assert.equal(long.status, 422);
  assert.equal(long.json.error.code, 'too_long');
  assert.match(long.json.error.message, /最多 500 个字/);
  const page = await form('leader', `/topics/${t}/opinions`, { stance: 'for', body: '灯'.repeat(501) });
  assert.equal(page.status, 422);
  assert.match(page.text, /最多 500 个字/);
  assert.equal((await list('leader', t)).total, 1);
});

test('only residents of the hall\'s scope give opinions', async () => {
  const t = await newTopic();
  const outsider = await post('resident2', t, { stance: 'for', body: '我也同意' });
  assert.equal(outsider.status, 403);
  assert.equal(outsider.json.error.code, 'forbidden');
  assert.match(outsider.json.error.message, /不住在这个议事厅的范围里/);
  // The subdistrict admin moderates but lives elsewhere: no opinion either.
  assert.equal((await post('admin', t, { stance: 'for', body: '同意' })).status, 403);
  const page = await form('resident2', `/topics/${t}/opinions`, { stance: 'for', body: '我也同意' });
  assert.equal(page.status, 403);
  // A topic of 西区 (another block of the same area): the 东区 resident may not speak there.
  const west = (await c.admin.api('GET', `/api/v1/nodes/${n.dezhou5}/children`)).json.nodes.find((x) => x.name === '西区').id;
  const westPerson = (await peopleUnder(c.worker, west))[0];
  const wt = await c.worker.api('POST', '/api/v1/topics', {
    title: '西区路灯', description: '路灯坏了', category: 'facilities', node_id: west, cost_fen: 100,
    channel: 'visit', proposer_id: westPerson.id,
  });
  assert.equal(wt.status, 201, wt.text);
  const res = await post('resident', wt.json.id, { stance: 'for', body: '同意' });
  assert.equal(res.status, 403);
  assert.equal((await list('admin', wt.json.id)).total, 0);
  // Nor on a topic that no longer takes opinions.
  const closed = await newTopic();
  assert.equal((await c.resident.api('POST', `/api/v1/topics/${closed}/transitions`, { to: 'pending_review' })).status, 200);
  assert.equal((await c.director.api('POST', `/api/v1/topics/${closed}/transitions`, { to: 'rejected', reason: '不属于自治范围' })).status, 200);
  const late = await post('resident', closed, { stance: 'for', body: '同意' });
  assert.equal(late.status, 409);
  assert.equal(late.json.error.code, 'closed');
  assert.equal((await c.resident.api('POST', `/api/v1/topics/${closed}/support`)).status, 409);
  assert.match((await c.resident.get(`/topics/${closed}`)).text, /这个议题现在不收集意见/);
});

test('residents flag an opinion once, for a reason, never their own', async () => {
  const t = await newTopic();
  const op = (await post('resident', t, { stance: 'against', body: '某某人就是想占便宜' })).json;
  const flag = (who, body) => c[who].api('POST', `/api/v1/opinions/${op.id}/flags`, body);
  const first = await flag('leader', { reason: 'attack' });
  assert.equal(first.status, 201, first.text);
  const twice = await flag('leader', { reason: 'off_topic' });
  assert.equal(twice.status, 409);
  assert.equal(twice.json.error.code, 'already_flagged');
  assert.equal((await flag('director', { reason: 'gossip' })).status, 400);
  assert.equal((await flag('director', {})).json.error.code, 'bad_reason');
  assert.equal((await flag('resident', { reason: 'attack' })).json.error.code, 'own_opinion');
  assert.equal((await flag('resident2', { reason: 'attack' })).status, 403);
  assert.equal((await c.leader.api('POST', '/api/v1/opinions/99999999/flags', { reason: 'attack' })).status, 404);
  // The page's small flag form.
  const html = (await c.director.get(`/topics/${t}`)).text;
  assert.match(html, new RegExp(`action="/opinions/${op.id}/flags"`));
  const byForm = await form('director', `/opinions/${op.id}/flags`, { reason: 'off_topic' });
  assert.equal(byForm.status, 303);
  assert.deepEqual(sql(`SELECT count(*) FROM opinion_flag WHERE opinion_id = ${op.id}`), [['2']]);
  // Moderators see how often it was flagged; residents do not.
  assert.equal((await list('director', t)).opinions[0].flags, 2);
  assert.equal((await list('leader', t)).opinions[0].flags, undefined);
});

test('a director hides an opinion with a reason: audited, the words gone from public HTML and JSON', async () => {
  const t = await newTopic();
  const words = '楼上那家人素质太差了';
  const op = (await post('resident', t, { stance: 'against', body: words })).json;
  const hide = (who, body) => c[who].api('POST', `/api/v1/opinions/${op.id}/hide`, body);
  const byResident = await hide('leader', { reason: '人身攻击' });
  assert.equal(byResident.status, 403);
  assert.equal((await hide('worker2', { reason: '人身攻击' })).status, 403); // another area's worker
  const pageRefused = await form('resident', `/opinions/${op.id}/hide`, { reason: '人身攻击' });
  assert.equal(pageRefused.status, 403);
  const noReason = await hide('director', { reason: '  ' });
  assert.equal(noReason.status, 400);
  assert.equal(noReason.json.error.code, 'reason_required');
  assert.equal((await hide('director', { reason: '理'.repeat(201) })).status, 400);
  assert.equal(sql(`SELECT count(*) FROM opinion WHERE id = ${op.id} AND hidden_at IS NOT NULL`)[0][0], '0');
  const ok = await hide('director', { reason: '人身攻击' });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.hidden, true);
  assert.equal(ok.json.body, words); // the moderator still sees it
  assert.equal((await hide('worker', { reason: '再隐藏' })).status, 409);
  const audit = sql(`SELECT actor_id, action, detail FROM audit WHERE action = 'opinion.hide' AND detail LIKE 'opinion ${op.id} %'`);
  assert.equal(audit.length, 1);
  assert.equal(Number(audit[0][0]), ids.director);
  assert.match(audit[0][2], /人身攻击/);
  // The feed quoted the start of it; that is gone too.
  assert.deepEqual(sql(`SELECT length(summary) FROM feed_item WHERE kind = 'opinion' AND ref_id = ${op.id}`), [['0']]);
  for (const who of ['resident', 'leader', 'resident2']) {
    const html = (await c[who].get(`/topics/${t}`)).text;
    assert.ok(!html.includes(words), `${who} sees the hidden words`);
    assert.match(html, /已被议事厅隐藏：人身攻击/);
    const json = await c[who].api('GET', `/api/v1/topics/${t}/opinions`);
    assert.ok(!json.text.includes(words), `${who} gets the hidden words`);
    const o = json.json.opinions[0];
    assert.equal(o.body, null);
    assert.equal(o.hidden_reason, '人身攻击');
    assert.equal(o.hidden_label, '已被议事厅隐藏：人身攻击');
  }
  const en = await c.residentEn.api('GET', `/api/v1/topics/${t}/opinions`);
  assert.equal(en.json.opinions[0].hidden_label, 'Hidden by the hall: 人身攻击');
  assert.match((await c.director.get(`/topics/${t}`)).text, new RegExp(words));
  // Hidden opinions leave the counts; a worker may hide through the page's form too.
  assert.deepEqual((await c.resident.api('GET', `/api/v1/topics/${t}`)).json.stance_counts,
    { for: 0, against: 0, question: 0, suggestion: 0 });
  const second = (await post('leader', t, { stance: 'for', body: '跑题的话' })).json;
  const byForm = await form('worker', `/opinions/${second.id}/hide`, { reason: '跑题' });
  assert.equal(byForm.status, 303);
  assert.match((await c.resident.get(`/topics/${t}`)).text, /已被议事厅隐藏：跑题/);
});

test('support (+1) counts each resident once and can be withdrawn', async () => {
  const t = await newTopic();
  const sup = (who, method = 'POST') => c[who].api(method, `/api/v1/topics/${t}/support`);
  assert.equal((await sup('resident')).json.support_count, 1);
  const twice = await sup('resident');
  assert.equal(twice.status, 200);
  assert.equal(twice.json.support_count, 1);
  assert.equal((await sup('leader')).json.support_count, 2);
  const outsider = await sup('resident2');
  assert.equal(outsider.status, 403);
  assert.equal((await sup('admin')).status, 403);
  assert.equal((await sup('resident', 'DELETE')).json.support_count, 1);
  assert.equal((await c.admin.api('GET', `/api/v1/topics/${t}`)).json.support_count, 1);
  // The page: the +1 button and the count.
  assert.match((await c.resident.get(`/topics/${t}`)).text, /1 人附议/);
  assert.equal((await form('resident', `/topics/${t}/support`, {})).status, 303);
  assert.equal((await form('resident', `/topics/${t}/support`, {})).status, 303);
  const page = (await c.resident.get(`/topics/${t}`)).text;
  assert.match(page, /2 人附议/);
  assert.match(page, new RegExp(`action="/topics/${t}/unsupport"`));
  assert.equal((await form('resident', `/topics/${t}/unsupport`, {})).status, 303);
  assert.deepEqual(sql(`SELECT count(*) FROM topic_support WHERE topic_id = ${t}`), [['1']]);
  // No CSRF token, no change.
  assert.equal((await c.resident.postForm(`/topics/${t}/support`, {})).status, 403);
});

test('hall settings: only moderators change them; others_may_read=0 closes the opinions to outsiders', async () => {
  // Topics costing 3000 yuan go to 东区's hall.
  const t = await newTopic({ cost_fen: 300000 });
  assert.equal((await post('resident', t, { stance: 'for', body: '东区的意见' })).status, 201);
  const url = `/api/v1/halls/${n.east}/settings`;
  const read = await c.resident2.api('GET', url);
  assert.equal(read.status, 200);
  assert.deepEqual(read.json, { hall_node_id: n.east, opinion_limit: 2, opinion_max_chars: 500, others_may_read: true });
  for (const who of ['resident', 'leader', 'worker2']) {
    assert.equal((await c[who].api('POST', url, { others_may_read: false })).status, 403, who);
    assert.equal((await c[who].get(`/halls/${n.east}/settings`)).status, 403, who);
  }
  const bad = await c.director.api('POST', url, { opinion_limit: 0 });
  assert.equal(bad.status, 422);
  assert.equal(bad.json.error.code, 'bad_settings');
  assert.equal((await c.director.api('POST', url, { opinion_max_chars: 'many' })).status, 400);
  const pageBad = await form('director', `/halls/${n.east}/settings`, { opinion_limit: '21', opinion_max_chars: '500' });
  assert.equal(pageBad.status, 422);
  assert.match(pageBad.text, /设置超出范围/);
  assert.equal((await c.resident2.api('GET', url)).json.opinion_limit, 2);
  const ok = await c.director.api('POST', url, { others_may_read: false, opinion_max_chars: 50 });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.others_may_read, false);
  assert.equal(sql(`SELECT count(*) FROM audit WHERE action = 'hall.settings'`)[0][0], '1');
  // The link to the settings is on the topic page for moderators only.
  assert.match((await c.director.get(`/topics/${t}`)).text, new RegExp(`href="/halls/${n.east}/settings"`));
  assert.doesNotMatch((await c.resident.get(`/topics/${t}`)).text, /\/settings"/);
  // The new length limit holds.
  assert.equal((await post('leader', t, { stance: 'for', body: '长'.repeat(51) })).json.error.code, 'too_long');
  // Outsiders no longer read the opinions: API 403, page without them, counts null.
  const outsider = await c.resident2.api('GET', `/api/v1/topics/${t}/opinions`);
  assert.equal(outsider.status, 403);
  assert.ok(!outsider.text.includes('东区的意见'));
  const html = (await c.resident2.get(`/topics/${t}`)).text;
  assert.ok(!html.includes('东区的意见'));
  assert.match(html, /只对本范围的居民开放/);
  assert.equal((await c.resident2.api('GET', `/api/v1/topics/${t}`)).json.stance_counts, null);
  const opId = (await list('resident', t)).opinions[0].id;
  assert.equal((await c.resident2.api('POST', `/api/v1/opinions/${opId}/flags`, { reason: 'attack' })).status, 403);
  // Nor through the hall's feed or search: the feed says someone spoke, not who or what.
  const outsiderFeed = (await c.resident2.api('GET', `/api/v1/halls/${n.east}/feed`)).json;
  const item = outsiderFeed.items.find((i) => i.kind === 'opinion' && i.topic_id === t);
  assert.ok(item, 'the opinion is in the feed');
  assert.equal(item.summary, '');
  assert.ok(!JSON.stringify(outsiderFeed).includes('东区的意见'));
  assert.ok(!(await c.resident2.get(`/halls/${n.east}`)).text.includes('东区的意见'));
  const insiderFeed = (await c.resident.api('GET', `/api/v1/halls/${n.east}/feed`)).json;
  assert.ok(JSON.stringify(insiderFeed).includes('东区的意见'));
  const hitsFor = async (who) => (await c[who].api('GET', `/api/v1/search?q=${encodeURIComponent('东区的意见')}`)).json.hits
    .filter((h) => h.kind === 'opinion' && h.topic_id === t).length;
  assert.equal(await hitsFor('resident2'), 0);
  assert.equal(await hitsFor('resident'), 1);
  // Residents of the hall and its staff still do.
  for (const who of ['resident', 'leader', 'admin', 'worker']) {
    const res = await c[who].api('GET', `/api/v1/topics/${t}/opinions`);
    assert.equal(res.status, 200, who);
    assert.equal(res.json.opinions[0].body, '东区的意见');
  }
  // The settings form: a worker saves it unticked → closed, ticked → open again.
  const formPage = await c.worker.get(`/halls/${n.east}/settings`);
  assert.equal(formPage.status, 200);
  assert.ok(csrfFrom(formPage.text));
  const saved = await form('worker', `/halls/${n.east}/settings`, { opinion_limit: '3', opinion_max_chars: '500', others_may_read: '1' });
  assert.equal(saved.status, 303);
  assert.deepEqual((await c.resident2.api('GET', url)).json,
    { hall_node_id: n.east, opinion_limit: 3, opinion_max_chars: 500, others_may_read: true });
  assert.equal((await c.resident2.api('GET', `/api/v1/topics/${t}/opinions`)).status, 200);
});

test('an anonymous proposer is never named in the opinions, to those who may not see them', async () => {
  const name = DEMO.resident.name;
  const t = await newTopic({ proposer_public: false, title: '匿名议题的讨论' });
  const own = await post('resident', t, { stance: 'for', body: '我提的，我先说' });
  assert.equal(own.status, 201);
  const q = await post('leader', t, { stance: 'question', body: '提议人，钱从哪来？' });
  assert.equal(q.status, 201);
  assert.equal(q.json.addressed_to.id, null); // the proposer, by default, unnamed
  assert.equal(q.json.addressed_to.name, '提议人');
  // Naming the proposer by id is refused like naming anyone who did not speak.
  const named = await post('leader', t, { stance: 'question', body: '问一下', addressed_to: ids.resident });
  assert.equal(named.status, 422);
  assert.equal(named.json.error.code, 'bad_addressee');
  // The proposer answers for free.
  const answer = await post('resident', t, { stance: 'suggestion', body: '用自治金', reply_to: q.json.id });
  assert.equal(answer.status, 201);
  assert.equal(answer.json.counted, false);
  for (const who of ['leader', 'resident2']) {
    const json = await c[who].api('GET', `/api/v1/topics/${t}/opinions`);
    assert.equal(json.status, 200);
    assert.ok(!json.text.includes(name), `${who}: the name is in the JSON`);
    assert.ok(!json.text.includes(`"id":${ids.resident}`), `${who}: the id is in the JSON`);
    const mine = json.json.opinions.filter((o) => o.author.proposer);
    assert.equal(mine.length, 2);
    for (const o of mine) assert.deepEqual(o.author, { name: '提议人', proposer: true, id: null });
    const html = (await c[who].get(`/topics/${t}`)).text;
    assert.ok(!html.includes(name), `${who}: the name is in the HTML`);
    assert.match(html, /\[赞成\]<\/strong> 提议人/);
    assert.match(html, /向提议人提问/);
  }
  // The feed keeps the proposer's opinions anonymous.
  const feed = sql(`SELECT actor_public, summary FROM feed_item WHERE kind = 'opinion' AND topic_id = ${t} ORDER BY id`);
  assert.deepEqual(feed, [['0', '我提的，我先说'], ['1', '提议人，钱从哪来？'], ['0', '用自治金']]);
  // The proposer and the hall's officers do see the name.
  assert.match((await c.director.get(`/topics/${t}`)).text, new RegExp(`\\[赞成\\]</strong> ${name}`));
  assert.equal((await list('resident', t)).opinions[0].author.id, ids.resident);
});

test('the feed gets the first 60 characters of each opinion; the topic JSON has the counts', async () => {
  const t = await newTopic();
  const body = '一'.repeat(59) + '二三四';
  assert.equal((await post('resident', t, { stance: 'question', body })).status, 201);
  const feed = sql(`SELECT summary FROM feed_item WHERE kind = 'opinion' AND topic_id = ${t}`);
  assert.deepEqual(feed, [['一'.repeat(59) + '二']]);
  const topic = (await c.resident2.api('GET', `/api/v1/topics/${t}`)).json;
  assert.deepEqual(topic.stance_counts, { for: 0, against: 0, question: 1, suggestion: 0 });
  assert.equal(topic.support_count, 0);
  const halls = (await c.resident.api('GET', `/api/v1/halls/${n.group1}/topics`)).json.topics;
  assert.ok(halls.every((x) => typeof x.support_count === 'number'));
});
