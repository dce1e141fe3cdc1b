// Photos of topics: proposing with photos (the stored picture carries no EXIF, GPS or phone
// model and is turned upright), refusals (not a picture, too large, too many) that store
// nothing, who may add photos through the API, and how photos are served (ETag, 304).
// The pictures are made here: a PNG is built byte by byte, the server's own clean JPEG of it
// gets an EXIF segment put in, as a phone would write it.
// Demo: every account but admin and resident2 lives in 德州五村 东区 1号楼组 1号楼 101室; resident2
// lives in 上钢二村; director and worker hold their roles on 德州五村.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { csrfFrom, demoNodes, loggedIn, png, rawRequest, useServer } from './lib.mjs';

const server = useServer();
const c = {};
let n;
let cleanJpeg; // a 64 × 32 JPEG as the server makes it (no metadata)
let phoneJpeg; // the same with EXIF: orientation 6, GPS, camera model

/** "Exif\0\0" + a little-endian TIFF: Model "SpyPhone", Orientation, a GPS IFD at 31.2°N. */
function exif(orientation) {
  const t = Buffer.alloc(120);
  t.write('II*\0', 0, 'latin1');
  t.writeUInt32LE(8, 4);
  t.writeUInt16LE(3, 8); // IFD0: 3 entries
  const entry = (at, tag, type, count, value) => {
    t.writeUInt16LE(tag, at);
    t.writeUInt16LE(type, at + 2);
    t.writeUInt32LE(count, at + 4);
    t.writeUInt32LE(value, at + 8);
  };
  entry(10, 0x0110, 2, 9, 104); // Model → "SpyPhone" at 104
  entry(22, 0x0112, 3, 1, orientation);
  entry(34, 0x8825, 4, 1, 50); // GPS IFD at 50
  t.writeUInt32LE(0, 46);
  t.writeUInt16LE(2, 50); // GPS IFD: 2 entries
  entry(52, 0x0001, 2, 2, 0x4e); // GPSLatitudeRef "N"
  entry(64, 0x0002, 5, 3, 80); // GPSLatitude: 3 rationals at 80: 31/1, 12/1, 3456/100
  t.writeUInt32LE(0, 76);
  t.write('SpyPhone\0', 104, 'latin1');
  [31, 1, 12, 1, 3456, 100].forEach((v, i) => t.writeUInt32LE(v, 80 + i * 4));
  return Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), t]);
}

/** jpeg with an APP1 segment holding payload right after SOI. */
function withApp1(jpeg, payload) {
  const head = Buffer.from([0xff, 0xe1, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), head, payload, jpeg.subarray(2)]);
}

/** Width and height from a JPEG's SOF segment, and the markers before the scan. */
function jpegInfo(buf) {
  assert.equal(buf[0], 0xff);
  assert.equal(buf[1], 0xd8);
  const markers = [];
  let i = 2;
  while (i + 4 <= buf.length && buf[i] === 0xff && buf[i + 1] !== 0xda) {
    const m = buf[i + 1];
    markers.push(m);
    if (m >= 0xc0 && m <= 0xc2) return { markers, height: buf.readUInt16BE(i + 5), width: buf.readUInt16BE(i + 7) };
    i += 2 + buf.readUInt16BE(i + 2);
  }
  return { markers };
}

function form(fields, files = []) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const f of files) fd.append('photo', new Blob([f.bytes], { type: f.type || 'image/jpeg' }), f.name || 'photo.jpg');
  return fd;
}

const topicFields = (over = {}) => ({
  title: '楼下花坛被踩坏了',
  description: '东区 1 号楼下的花坛被车压坏，请看照片。',
  category: 'greenery',
  node_id: String(n.household),
  ...over,
});

async function propose(client, fields, files) {
  const csrf = csrfFrom((await client.get(`/halls/${n.group1}/propose`)).text);
  assert.ok(csrf);
  return client.request('POST', `/halls/${n.group1}/propose`, { body: form({ csrf, ...fields }, files) });
}

async function topicCount() {
  return (await c.admin.api('GET', `/api/v1/halls/${n.group1}/topics`)).json.topics.length;
}

async function photoCount() {
  // Every photo so far belongs to a topic of this hall; the API lists each topic's.
  let total = 0;
  for (const t of (await c.admin.api('GET', `/api/v1/halls/${n.group1}/topics`)).json.topics) {
    total += (await c.admin.api('GET', `/api/v1/topics/${t.id}/photos`)).json.photos.length;
  }
  return total;
}

function addPhotos(client, topicId, files) {
  return client.request('POST', `/api/v1/topics/${topicId}/photos`, {
    body: form({}, files), bearer: true, cookies: false,
  });
}

before(async () => {
  await server.ready;
  for (const who of ['admin', 'worker', 'worker2', 'leader', 'director', 'resident', 'resident2', 'chair']) {
    c[who] = await loggedIn(server, who);
  }
  n = await demoNodes(c.admin);
  // The server's own JPEG of a PNG is the base for the "phone" picture.
  const t = await c.resident.api('POST', '/api/v1/topics', {
    title: '底图', description: '测试用', category: 'other', node_id: n.household,
  });
  assert.equal(t.status, 201, t.text);
  const add = await addPhotos(c.resident, t.json.id, [{ bytes: png(64, 32), type: 'image/png', name: 'a.png' }]);
  assert.equal(add.status, 201, add.text);
  const got = await c.resident.get(add.json.photos[0].url);
  assert.equal(got.status, 200);
  cleanJpeg = got.body;
  assert.deepEqual([jpegInfo(cleanJpeg).width, jpegInfo(cleanJpeg).height], [64, 32]);
  phoneJpeg = withApp1(cleanJpeg, exif(6));
});

test('a topic proposed with a phone photo keeps the picture, upright, without EXIF or GPS', async () => {
  assert.ok(phoneJpeg.includes('Exif') && phoneJpeg.includes('SpyPhone'), 'the upload does carry EXIF');
  const page = await c.resident.get(`/halls/${n.group1}/propose`);
  assert.match(page.text, /enctype="multipart\/form-data"/);
  assert.match(page.text, /<input id="photo" name="photo" type="file" accept="image\/jpeg,image\/png" multiple>/);
  assert.doesNotMatch(page.text, /capture/);

  const res = await propose(c.resident, topicFields(), [{ bytes: phoneJpeg }, { bytes: png(10, 10), type: 'image/png', name: 'b.png' }]);
  assert.equal(res.status, 303, res.text.slice(0, 800));
  const id = Number(/\/topics\/(\d+)/.exec(res.headers.get('location'))[1]);
  const list = await c.resident2.api('GET', `/api/v1/topics/${id}/photos`); // any signed-in reader
  assert.equal(list.status, 200, list.text);
  assert.equal(list.json.photos.length, 2);
  const [p] = list.json.photos;
  assert.equal(p.width, 32, 'orientation 6: a quarter turn, 64 × 32 becomes 32 × 64');
  assert.equal(p.height, 64);
  assert.equal(p.url, `/photos/${p.id}`);
  assert.equal(p.thumb_url, `/photos/${p.id}/thumb`);

  const full = await c.resident2.get(p.url);
  assert.equal(full.status, 200);
  assert.equal(full.headers.get('content-type'), 'image/jpeg');
  assert.equal(full.headers.get('x-content-type-options'), 'nosniff');
  const info = jpegInfo(full.body);
  assert.deepEqual([info.width, info.height], [32, 64]);
  assert.ok(!info.markers.some((m) => m >= 0xe1 && m <= 0xef), `no APP1..15 segment: ${info.markers}`);
  for (const s of ['Exif', 'SpyPhone', 'GPS']) assert.ok(!full.body.includes(s), `no ${s} in the stored picture`);
  assert.ok(!full.body.includes(Buffer.from([0x25, 0x88])), 'no GPS IFD tag');

  const thumb = await c.resident.get(p.thumb_url);
  assert.equal(thumb.status, 200);
  assert.ok(!thumb.body.includes('Exif'));
  assert.deepEqual([jpegInfo(thumb.body).width, jpegInfo(thumb.body).height], [32, 64]);

  const topicPage = await c.resident2.get(`/topics/${id}`);
  assert.ok(topicPage.text.includes(`<a href="/photos/${p.id}"><img src="/photos/${p.id}/thumb" width="32" height="64"`), topicPage.text);
  assert.match(topicPage.text, /alt="照片 1（共 2 张）/);
});

test('a text file named .jpg is refused with a plain message and nothing is stored', async () => {
  const topics = await topicCount();
  const photos = await photoCount();
  const res = await propose(c.resident, topicFields({ title: '假照片' }), [
    { bytes: Buffer.from('this is not a picture\n'), name: 'holiday.jpg', type: 'image/jpeg' },
  ]);
  assert.equal(res.status, 422);
  assert.match(res.text, /照片只能是 JPEG 或 PNG 图片/);
  assert.ok(res.text.includes('假照片'), 'what was typed is kept');
  // A real picture first and a bad one after: the good one is not kept either.
  const mixed = await propose(c.resident, topicFields({ title: '一真一假' }), [
    { bytes: cleanJpeg }, { bytes: Buffer.from('GIF89a....'), name: 'x.png', type: 'image/png' },
  ]);
  assert.equal(mixed.status, 422);
  assert.equal(await topicCount(), topics);
  assert.equal(await photoCount(), photos);

  const en = await loggedIn(server, 'resident', { lang: 'en' });
  const t = (await c.resident.api('GET', `/api/v1/halls/${n.group1}/topics`)).json.topics[0];
  const api = await addPhotos(en, t.id, [{ bytes: Buffer.from('%PDF-1.4'), name: 'scan.jpg' }]);
  assert.equal(api.status, 422);
  assert.equal(api.json.error.code, 'not_image');
  assert.match(api.json.error.message, /Photos must be JPEG or PNG/);
});

test('too large is refused: a decompression bomb by its header, a body over 8 MB at once', async () => {
  const topics = await topicCount();
  const bomb = png(100000, 100000, { idat: false });
  assert.ok(bomb.length < 200);
  const res = await propose(c.resident, topicFields({ title: '大图' }), [{ bytes: bomb, type: 'image/png', name: 'big.png' }]);
  assert.equal(res.status, 413);
  assert.match(res.text, /照片太大了/);
  assert.equal(await topicCount(), topics);

  // Over the upload limit: refused before the body is read (the client waits for 100 Continue).
  const t = (await c.resident.api('GET', `/api/v1/halls/${n.group1}/topics`)).json.topics[0];
  const req = new Request('http://x/', { method: 'POST', body: form({}, [{ bytes: Buffer.concat([cleanJpeg, Buffer.alloc(9 << 20)]) }]) });
  const body = Buffer.from(await req.arrayBuffer());
  const head = [`POST /api/v1/topics/${t.id}/photos HTTP/1.1`, 'Host: 127.0.0.1',
    `Authorization: Bearer ${c.resident.token}`, `Content-Type: ${req.headers.get('content-type')}`,
    `Content-Length: ${body.length}`, 'Expect: 100-continue'];
  const before = (await c.resident.api('GET', `/api/v1/topics/${t.id}/photos`)).json.photos.length;
  const huge = await rawRequest(server.port, Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`), body]));
  assert.equal(huge.status, 413, `got: ${huge.head}`);
  assert.equal(JSON.parse(huge.body.toString()).error.code, 'too_large');
  assert.equal((await c.resident.api('GET', `/api/v1/topics/${t.id}/photos`)).json.photos.length, before);
});

test('at most six photos on a topic', async () => {
  const topics = await topicCount();
  const seven = Array(7).fill({ bytes: cleanJpeg });
  const res = await propose(c.resident, topicFields({ title: '七张' }), seven);
  assert.equal(res.status, 409);
  assert.match(res.text, /照片太多了/);
  assert.equal(await topicCount(), topics);

  // A file input left empty sends an empty part with no name: that is no photo, not a bad one.
  const empty = await propose(c.resident, topicFields({ title: '没有照片' }), [{ bytes: Buffer.alloc(0), name: '', type: 'application/octet-stream' }]);
  assert.equal(empty.status, 303, empty.text.slice(0, 500));
  const emptyId = Number(/\/topics\/(\d+)/.exec(empty.headers.get('location'))[1]);
  assert.equal((await c.resident.api('GET', `/api/v1/topics/${emptyId}/photos`)).json.photos.length, 0);
  assert.doesNotMatch((await c.resident.get(`/topics/${emptyId}`)).text, /class="photos"/);

  const ok = await propose(c.resident, topicFields({ title: '五张' }), Array(5).fill({ bytes: cleanJpeg }));
  assert.equal(ok.status, 303);
  const id = Number(/\/topics\/(\d+)/.exec(ok.headers.get('location'))[1]);
  const two = await addPhotos(c.resident, id, [{ bytes: cleanJpeg }, { bytes: cleanJpeg }]);
  assert.equal(two.status, 409);
  assert.equal(two.json.error.code, 'too_many');
  const one = await addPhotos(c.resident, id, [{ bytes: cleanJpeg }]);
  assert.equal(one.status, 201, one.text);
  assert.equal(one.json.photos.length, 6);
  assert.equal((await addPhotos(c.resident, id, [{ bytes: cleanJpeg }])).status, 409);
});

test('who may add photos through the API, and not on a finished topic', async () => {
  const t = await c.resident.api('POST', '/api/v1/topics', {
    title: '路灯不亮', description: '3 号楼前的路灯坏了', category: 'facilities', node_id: n.household,
  });
  assert.equal(t.status, 201);
  const id = t.json.id;
  const photo = [{ bytes: cleanJpeg }];
  // resident2 lives in another area, worker2 works there; chair holds no screening role;
  // leader is not hall staff (and did not enter this topic).
  for (const who of ['resident2', 'worker2', 'chair', 'leader']) {
    const res = await addPhotos(c[who], id, photo);
    assert.equal(res.status, 403, `${who}: ${res.text}`);
    assert.equal(res.json.error.code, 'forbidden');
  }
  assert.equal((await addPhotos(c.resident, id, photo)).status, 201, 'the proposer');
  assert.equal((await addPhotos(c.worker, id, photo)).status, 201, 'a worker of the area');
  assert.equal((await addPhotos(c.director, id, photo)).status, 201, 'a standing director');
  assert.equal((await addPhotos(c.admin, id, photo)).status, 201, 'the subdistrict admin');
  assert.equal((await c.resident.api('GET', `/api/v1/topics/${id}/photos`)).json.photos.length, 4);
  const none = await addPhotos(c.resident, id, []);
  assert.equal(none.status, 400);
  assert.equal((await addPhotos(c.resident, 999999, photo)).status, 404);
  assert.equal((await c.resident.api('GET', '/api/v1/topics/999999/photos')).status, 404);

  // A cookie session needs the CSRF token, as every state change does.
  const noCsrf = await c.resident.request('POST', `/api/v1/topics/${id}/photos`, { body: form({}, photo) });
  assert.equal(noCsrf.status, 403);
  const withCsrf = await c.resident.request('POST', `/api/v1/topics/${id}/photos`, { body: form({ csrf: c.resident.csrf }, photo) });
  assert.equal(withCsrf.status, 201, withCsrf.text);

  // An entered topic: the leader who entered it may add photos, as may its proposer.
  const me = (await c.resident.api('GET', '/api/v1/me')).json.id;
  const entered = await c.leader.api('POST', '/api/v1/topics', {
    title: '走访收集', description: '楼组走访时居民提出', category: 'facilities', node_id: n.household,
    channel: 'visit', proposer_id: me,
  });
  assert.equal(entered.status, 201, entered.text);
  assert.equal((await addPhotos(c.leader, entered.json.id, photo)).status, 201, 'the person who entered it');

  // Finished: rejected by the hall.
  assert.equal((await c.resident.api('POST', `/api/v1/topics/${id}/transitions`, { to: 'pending_review' })).status, 200);
  assert.equal((await addPhotos(c.resident, id, photo)).status, 201, 'still open while under review');
  const rej = await c.worker.api('POST', `/api/v1/topics/${id}/transitions`, { to: 'rejected', reason: '不属于议事范围' });
  assert.equal(rej.status, 200, rej.text);
  const late = await addPhotos(c.resident, id, photo);
  assert.equal(late.status, 409);
  assert.equal(late.json.error.code, 'topic_final');
});

test('photos are for signed-in readers, immutable, with a strong ETag and 304', async () => {
  const t = (await c.resident.api('GET', `/api/v1/halls/${n.group1}/topics`)).json.topics;
  let p;
  for (const x of t) {
    const l = (await c.resident.api('GET', `/api/v1/topics/${x.id}/photos`)).json.photos;
    if (l.length) { p = l[0]; break; }
  }
  assert.ok(p);
  const first = await c.resident.get(p.url);
  assert.equal(first.status, 200);
  const etag = first.headers.get('etag');
  assert.match(etag, /^"[0-9a-f]{32}"$/);
  assert.match(first.headers.get('cache-control'), /max-age=31536000/);
  assert.match(first.headers.get('cache-control'), /private/);
  const again = await c.resident.get(p.url, { headers: { 'If-None-Match': etag } });
  assert.equal(again.status, 304);
  assert.equal(again.body.length, 0);
  const listed = await c.resident.get(p.url, { headers: { 'If-None-Match': `"nope", W/${etag}` } });
  assert.equal(listed.status, 304);
  const other = await c.resident.get(p.url, { headers: { 'If-None-Match': '"0000"' } });
  assert.equal(other.status, 200);
  assert.ok(other.body.equals(first.body));
  const thumb = await c.resident.get(p.thumb_url);
  assert.notEqual(thumb.headers.get('etag'), etag, 'the thumbnail has its own tag');
  assert.equal((await c.resident.get(p.thumb_url, { headers: { 'If-None-Match': thumb.headers.get('etag') } })).status, 304);

  const anon = await fetch(server.base + p.url, { redirect: 'manual' });
  assert.equal(anon.status, 303);
  assert.match(anon.headers.get('location'), /^\/login/);
  assert.equal((await c.resident.get('/photos/999999')).status, 404);
  assert.equal((await c.resident.get('/photos/999999/thumb')).status, 404);
});
