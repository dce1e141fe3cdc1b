// Roster import: multipart upload of a CSV (UTF-8 with or without BOM, or GB18030) to
// /nodes/{id}/import. A file with a bad row imports nothing unless good_only=1; importing the
// same file again changes nothing.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, childId, demoNodes, importRoster, loggedIn, peopleUnder, useServer } from './lib.mjs';

const server = useServer();
let admin;
let worker; // cookie session, English pages for stable messages
let nodes;

const HEADER = '姓名,手机,楼号,室号,楼组,区块';
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

// Made once with: printf '姓名,手机,...\r\n...' | iconv -f UTF-8 -t GB18030 | xxd -p
// (the rows of GB_ROWS below, CRLF line ends, including U+20000 as a four-byte sequence).
const GB18030_HEX = 'd0d5c3fb2ccad6bbfa2cc2a5bac52ccad2bac52cc2a5d7e92cc7f8bfe90d0ac7aeb6e0b6e02c31333931323334303030312c3231bac5c2a52c313031cad22cb9fab1eac2a5d7e92cb9fab1eac7f80d0acbefd0a1c3c02c3133392d313233342d303030322c3231bac5c2a52c313031cad22cb9fab1eac2a5d7e92cb9fab1eac7f80d0ad9fe95328236ceb02c2c3231bac5c2a52c313032cad22cb9fab1eac2a5d7e92cb9fab1eac7f80d0a';
const GB_ROWS = [
  ['钱多多', '13912340001', '21号楼', '101室', '国标楼组', '国标区'],
  ['孙小美', '13912340002', '21号楼', '101室', '国标楼组', '国标区'],
  ['冼𠀀伟', '', '21号楼', '102室', '国标楼组', '国标区'],
];

function csv(rows, { bom = false, eol = '\r\n' } = {}) {
  const text = [HEADER, ...rows.map((r) => r.join(','))].join(eol) + eol;
  return Buffer.concat([bom ? BOM : Buffer.alloc(0), Buffer.from(text, 'utf8')]);
}

async function areaPeople() {
  return (await admin.api('GET', `/api/v1/nodes/${nodes.dezhou5}`)).json.people;
}

async function areaHouseholds() {
  return (await admin.api('GET', `/api/v1/nodes/${nodes.dezhou5}`)).json.households;
}

function doneMessage(text) {
  const m = /Import finished: (\d+) people and (\d+) households added, (\d+) people updated, (\d+) unchanged, (\d+) rows with errors skipped\./.exec(text);
  assert.ok(m, `no "Import finished" notice in:\n${text.slice(0, 3000)}`);
  const [added, households, updated, unchanged, skipped] = m.slice(1).map(Number);
  return { added, households, updated, unchanged, skipped };
}

function problemLines(text) {
  return [...text.matchAll(/<tr><td class="num">(\d+)<\/td><td>([^<]*)<\/td><\/tr>/g)].map((m) => [Number(m[1]), m[2]]);
}

before(async () => {
  await server.ready;
  admin = await loggedIn(server, 'admin');
  worker = new Client(server, { lang: 'en' });
  assert.equal((await worker.loginForm('worker')).status, 303);
  nodes = await demoNodes(admin);
});

const GOOD = [
  ['周一', '13911110001', '31号楼', '101室', '导入楼组', '导入区'],
  ['周二', '+86 139 1111 0002', '31号楼', '101室', '导入楼组', '导入区'],
  ['吴三', '', '31号楼', '102室', '导入楼组', '导入区'],
];

test('the import page carries the form (multipart, file, good_only, csrf)', async () => {
  const page = await worker.get(`/nodes/${nodes.dezhou5}/import`);
  assert.equal(page.status, 200);
  assert.match(page.text, /enctype="multipart\/form-data"/);
  assert.match(page.text, /name="file" type="file"/);
  assert.match(page.text, /name="good_only" value="1"/);
  assert.match(page.text, /name="csrf"/);
});

test('a good UTF-8 file with BOM and CRLF imports', async () => {
  const before = await areaPeople();
  const hBefore = await areaHouseholds();
  const res = await importRoster(worker, nodes.dezhou5, csv(GOOD, { bom: true }));
  assert.equal(res.status, 200);
  assert.deepEqual(doneMessage(res.text), { added: 3, households: 2, updated: 0, unchanged: 0, skipped: 0 });
  assert.equal(await areaPeople(), before + 3);
  assert.equal(await areaHouseholds(), hBefore + 2);

  const block = await childId(admin, nodes.dezhou5, '导入区');
  const people = await peopleUnder(admin, block);
  assert.deepEqual(people.map((p) => [p.name, p.phone]).sort(),
    [['吴三', ''], ['周一', '13911110001'], ['周二', '13911110002']].sort());
  assert.ok(people.every((p) => p.address === '导入区 导入楼组 31号楼 ' + (p.name === '吴三' ? '102室' : '101室')));
  assert.ok(people.every((p) => p.has_account === false));
  // The BOM did not end up in the first header (or the first name).
  assert.ok(!people.some((p) => p.name.includes('\ufeff')));
});

test('re-importing the same file changes nothing', async () => {
  const before = await areaPeople();
  const hBefore = await areaHouseholds();
  const res = await importRoster(worker, nodes.dezhou5, csv(GOOD, { bom: true }));
  assert.equal(res.status, 200);
  assert.deepEqual(doneMessage(res.text), { added: 0, households: 0, updated: 0, unchanged: 3, skipped: 0 });
  assert.equal(await areaPeople(), before);
  assert.equal(await areaHouseholds(), hBefore);
  // Without the BOM and with LF line ends it is still the same roster.
  const again = await importRoster(worker, nodes.dezhou5, csv(GOOD, { eol: '\n' }));
  assert.deepEqual(doneMessage(again.text), { added: 0, households: 0, updated: 0, unchanged: 3, skipped: 0 });
  assert.equal(await areaPeople(), before);
});

test('a changed phone number updates the person instead of adding one', async () => {
  const before = await areaPeople();
  const rows = GOOD.map((r) => [...r]);
  rows[0][1] = '13911119999';
  const res = await importRoster(worker, nodes.dezhou5, csv(rows));
  assert.deepEqual(doneMessage(res.text), { added: 0, households: 0, updated: 1, unchanged: 2, skipped: 0 });
  assert.equal(await areaPeople(), before);
  const block = await childId(admin, nodes.dezhou5, '导入区');
  const p = (await peopleUnder(admin, block)).find((x) => x.name === '周一');
  assert.equal(p.phone, '13911119999');
});

test('a GB18030 file (as Excel saves it in China) imports', async () => {
  const before = await areaPeople();
  const bytes = Buffer.from(GB18030_HEX, 'hex');
  assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes), 'the file is not UTF-8');
  const res = await importRoster(worker, nodes.dezhou5, bytes);
  assert.equal(res.status, 200);
  assert.deepEqual(doneMessage(res.text), { added: 3, households: 2, updated: 0, unchanged: 0, skipped: 0 });
  assert.equal(await areaPeople(), before + 3);
  const block = await childId(admin, nodes.dezhou5, '国标区');
  const people = await peopleUnder(admin, block);
  assert.deepEqual(people.map((p) => [p.name, p.phone]).sort(), GB_ROWS.map((r) => [r[0], r[1]]).sort());
  // Imported again it is recognised as the same people.
  const again = await importRoster(worker, nodes.dezhou5, bytes);
  assert.deepEqual(doneMessage(again.text), { added: 0, households: 0, updated: 0, unchanged: 3, skipped: 0 });
});

const WITH_BAD = [
  ['郑一', '13922220001', '41号楼', '101室', '坏行楼组', '坏行区'],
  ['郑二', '12345', '41号楼', '101室', '坏行楼组', '坏行区'], // line 3: not 11 digits
  ['郑三', '', '41号楼', '102室', '坏行楼组', '坏行区'],
  ['郑四', '13922220004', '41号楼', '103室', '坏行楼组', '坏行区'],
];

test('a file with one bad row reports that row\'s line and imports nothing', async () => {
  const before = await areaPeople();
  const hBefore = await areaHouseholds();
  const res = await importRoster(worker, nodes.dezhou5, csv(WITH_BAD, { bom: true }));
  assert.equal(res.status, 422);
  assert.match(res.text, /1 rows have problems, so nothing was imported/);
  assert.deepEqual(problemLines(res.text), [[3, 'The mobile number is not 11 digits']]);
  assert.equal(await areaPeople(), before);
  assert.equal(await areaHouseholds(), hBefore, 'not even the households or blocks are made');
  const kids = (await admin.api('GET', `/api/v1/nodes/${nodes.dezhou5}/children`)).json.nodes.map((n) => n.name);
  assert.ok(!kids.includes('坏行区'));
});

test('line numbers count physical lines: a quoted name spanning two lines shifts them', async () => {
  const text = `${HEADER}\r\n"王\r\n五",,41号楼,101室,坏行楼组,坏行区\r\n郑六,,41号楼,,坏行楼组,坏行区\r\n`;
  const res = await importRoster(worker, nodes.dezhou5, Buffer.from(text));
  assert.equal(res.status, 422);
  // The line break inside the name is itself refused (it would break every list it shows in).
  assert.deepEqual(problemLines(res.text), [
    [2, '“Name” contains a line break or another invisible character'],
    [4, '“Room” is empty'],
  ]);
});

test('with good_only=1 the good rows import and the bad one is listed', async () => {
  const before = await areaPeople();
  const res = await importRoster(worker, nodes.dezhou5, csv(WITH_BAD, { bom: true }), { goodOnly: true });
  assert.equal(res.status, 200);
  assert.deepEqual(doneMessage(res.text), { added: 3, households: 3, updated: 0, unchanged: 0, skipped: 1 });
  assert.deepEqual(problemLines(res.text), [[3, 'The mobile number is not 11 digits']]);
  assert.equal(await areaPeople(), before + 3);
  const block = await childId(admin, nodes.dezhou5, '坏行区');
  assert.deepEqual((await peopleUnder(admin, block)).map((p) => p.name).sort(), ['郑一', '郑三', '郑四'].sort());
  // And once more: nothing new.
  const again = await importRoster(worker, nodes.dezhou5, csv(WITH_BAD, { bom: true }), { goodOnly: true });
  assert.deepEqual(doneMessage(again.text), { added: 0, households: 0, updated: 0, unchanged: 3, skipped: 1 });
  assert.equal(await areaPeople(), before + 3);
});

test('a broken header imports nothing, even with good_only', async () => {
  const before = await areaPeople();
  const text = '姓名,手机,楼号,楼组,区块\r\n甲,,1号楼,1号楼组,东区\r\n';
  const res = await importRoster(worker, nodes.dezhou5, Buffer.from(text), { goodOnly: true });
  assert.equal(res.status, 422);
  assert.deepEqual(problemLines(res.text), [[1, 'The header lacks this column: Room']]);
  assert.equal(await areaPeople(), before);
});

test('unreadable files: unknown encoding, unmatched quote, no file', async () => {
  const before = await areaPeople();
  // UTF-16LE as Excel's "Unicode text" writes it: NUL bytes everywhere.
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEADER}\r\n甲,,1号楼,101室,1号楼组,东区\r\n`, 'utf16le')]);
  let res = await importRoster(worker, nodes.dezhou5, utf16);
  assert.equal(res.status, 400);
  assert.match(res.text, /encoding was not recognised/);
  res = await importRoster(worker, nodes.dezhou5, Buffer.from(`${HEADER}\r\n甲,,1号楼,101室,1号楼组,东区\r\n"乙,,1号楼,102室\r\n`));
  assert.equal(res.status, 400);
  assert.match(res.text, /Line 3 has an unmatched quote/);
  res = await importRoster(worker, nodes.dezhou5, Buffer.alloc(0));
  assert.equal(res.status, 400);
  assert.match(res.text, /Please choose the roster file/);
  assert.equal(await areaPeople(), before);
});

test('import only into a residential area, and only with the right to', async () => {
  const csrf = await worker.csrfOf(`/nodes/${nodes.dezhou5}/import`);
  const group = await importRoster(worker, nodes.group1, csv(GOOD), { csrf });
  assert.equal(group.status, 400, 'a building group is not a residential area');
  const other = await importRoster(worker, nodes.shanggang2, csv(GOOD), { csrf });
  assert.equal(other.status, 403, 'another area');
  const r = new Client(server);
  await r.loginForm('resident');
  const csrfR = await r.csrfOf('/profile');
  const res = await importRoster(r, nodes.dezhou5, csv(GOOD), { csrf: csrfR });
  assert.equal(res.status, 403);
});
