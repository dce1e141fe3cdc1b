// Household and people counts on node pages come from counts kept on the tree (migration 2).
// Regression: the children table once read the wrong columns and showed 0 for every area, which
// no HTTP test noticed; here the HTML, the API and an import must agree.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { demoNodes, importRoster, loggedIn, useServer } from './lib.mjs';

const server = useServer();
let admin;
let worker;
let nodes;

before(async () => {
  await server.ready;
  admin = await loggedIn(server, 'admin');
  worker = await loggedIn(server, 'worker');
  nodes = await demoNodes(admin);
});

/** The [households, people] cells of the child row named `name` on the node page `id`. */
async function rowCounts(id, name) {
  const page = await admin.get(`/nodes/${id}`);
  assert.equal(page.status, 200);
  const row = new RegExp(`>${name}</a>.*?<td class="num">(\\d+)</td><td class="num">(\\d+)</td>`);
  const m = row.exec(page.text);
  assert.ok(m, `no row for ${name}`);
  return [Number(m[1]), Number(m[2])];
}

test('the subdistrict page shows each area with the counts the API reports', async () => {
  const children = (await admin.api('GET', `/api/v1/nodes/${nodes.sub}/children`)).json.nodes;
  const dezhou5 = children.find((c) => c.name === '德州五村');
  assert.equal(dezhou5.households, 96);
  assert.ok(dezhou5.people >= 96);
  assert.deepEqual(await rowCounts(nodes.sub, '德州五村'), [dezhou5.households, dezhou5.people]);
  assert.deepEqual(await rowCounts(nodes.sub, '德州一村'), [0, 0]);
  // The subdistrict's own total is the sum of its areas.
  const sub = (await admin.api('GET', `/api/v1/nodes/${nodes.sub}`)).json;
  assert.equal(sub.households, children.reduce((n, c) => n + c.households, 0));
  assert.equal(sub.people, children.reduce((n, c) => n + c.people, 0));
});

test('an import moves the counts of the area and every node above it', async () => {
  const before = await rowCounts(nodes.sub, '德州五村');
  const csv = '姓名,手机,楼号,室号,楼组,区块\r\n计一,,91号楼,101室,计数楼组,计数区\r\n'
    + '计二,,91号楼,101室,计数楼组,计数区\r\n计三,,91号楼,102室,计数楼组,计数区\r\n';
  const res = await importRoster(worker, nodes.dezhou5, Buffer.from(csv));
  assert.equal(res.status, 200, res.text.slice(0, 2000));
  assert.deepEqual(await rowCounts(nodes.sub, '德州五村'), [before[0] + 2, before[1] + 3]);
  const district = (await admin.api('GET', `/api/v1/nodes/${nodes.district}`)).json;
  const sub = (await admin.api('GET', `/api/v1/nodes/${nodes.sub}`)).json;
  assert.equal(district.households, sub.households);
  assert.equal(district.people, sub.people);
});
