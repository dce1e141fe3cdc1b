// Permissions of every demo role, table-driven from src/auth/perm.c:
//   resident      VIEW_PEOPLE                                   (on their household)
//   group_leader  VIEW_PEOPLE VIEW_PHONE INVITE                 (on their building group)
//   director, chair, recorder: nothing of their own (they act in halls and meetings), but
//                 each lives in the demo household, so VIEW_PEOPLE there as a resident
//   worker        VIEW_PEOPLE VIEW_PHONE IMPORT GRANT INVITE    (on 德州五村)
//   admin         the same                                      (on the whole subdistrict)
// Any signed-in person may browse the tree; an anonymous visitor is sent to /login (pages) or
// gets 401 (API). In demo.c every account but admin lives in 德州五村 东区 1号楼组 1号楼 101室.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, DEMO, demoNodes, loggedIn, useServer } from './lib.mjs';

const server = useServer();
const ROLES = ['admin', 'worker', 'leader', 'director', 'chair', 'recorder', 'resident', 'anonymous'];

// Where each action is allowed, per role: the set of demo nodes ('area' = 德州五村,
// 'group' = its 1号楼组, 'household' = 101室 of 1号楼, 'other' = 上钢二村).
const ALL = ['area', 'group', 'household', 'other'];
const IN_AREA = ['area', 'group', 'household'];
const ALLOWED = {
  view_tree: { admin: ALL, worker: ALL, leader: ALL, director: ALL, chair: ALL, recorder: ALL, resident: ALL, anonymous: [] },
  view_people: {
    admin: ALL, worker: IN_AREA, leader: ['group', 'household'], director: ['household'],
    chair: ['household'], recorder: ['household'], resident: ['household'], anonymous: [],
  },
  import: { admin: ALL, worker: IN_AREA, leader: [], director: [], chair: [], recorder: [], resident: [], anonymous: [] },
  grant: { admin: ALL, worker: IN_AREA, leader: [], director: [], chair: [], recorder: [], resident: [], anonymous: [] },
  invite: {
    admin: ALL, worker: IN_AREA, leader: ['group', 'household'], director: [], chair: [], recorder: [],
    resident: [], anonymous: [],
  },
};

// What is checked: an HTTP call and the action it needs. Import works on residential areas
// only, so it is checked on 德州五村 and 上钢二村 (elsewhere a permitted import answers 400).
const CHECKS = [
  { name: 'node page', action: 'view_tree', kind: 'page', url: (id) => `/nodes/${id}` },
  { name: 'roster page', action: 'view_people', kind: 'page', url: (id) => `/nodes/${id}/people` },
  { name: 'API people', action: 'view_people', kind: 'api', url: (id) => `/api/v1/nodes/${id}/people` },
  { name: 'API node', action: 'view_tree', kind: 'api', url: (id) => `/api/v1/nodes/${id}` },
  { name: 'import page', action: 'import', kind: 'page', url: (id) => `/nodes/${id}/import`, on: ['area', 'other'] },
  { name: 'roles page', action: 'grant', kind: 'page', url: (id) => `/nodes/${id}/roles` },
  { name: 'API roles', action: 'grant', kind: 'api', url: (id) => `/api/v1/nodes/${id}/roles` },
  { name: 'invitations page', action: 'invite', kind: 'page', url: (id) => `/nodes/${id}/invitations` },
  { name: 'grant via API', action: 'grant', kind: 'grant', url: (id) => `/api/v1/nodes/${id}/roles` },
];

let ids; // node ids by table name
let residentId;
const clients = {};

before(async () => {
  await server.ready;
  for (const role of ROLES) clients[role] = role === 'anonymous' ? new Client(server) : await loggedIn(server, role);
  const n = await demoNodes(clients.admin);
  ids = { area: n.dezhou5, group: n.group1, household: n.household, other: n.shanggang2 };
  const people = (await clients.admin.api('GET', `/api/v1/nodes/${n.household}/people`)).json.people;
  residentId = people.find((p) => p.name === DEMO.resident.name).id;
});

async function call(role, check, id) {
  const c = clients[role];
  const url = check.url(id);
  if (check.kind === 'page') return c.get(url);
  if (check.kind === 'api') return role === 'anonymous' ? c.get(url) : c.api('GET', url);
  const body = { person_id: residentId, role: 'recorder' };
  return role === 'anonymous' ? c.sendJson('POST', url, body) : c.api('POST', url, body);
}

function expectedStatus(role, check, where) {
  const allowed = ALLOWED[check.action][role].includes(where);
  if (allowed) return 200;
  if (role !== 'anonymous') return 403;
  return check.kind === 'page' ? 303 : 401;
}

for (const role of ROLES) {
  test(`permissions of ${role}`, async () => {
    const wrong = [];
    for (const check of CHECKS) {
      for (const where of check.on || ALL) {
        const res = await call(role, check, ids[where]);
        const want = expectedStatus(role, check, where);
        if (res.status !== want) wrong.push(`${check.name} on ${where}: got ${res.status}, want ${want}`);
        if (want === 303 && res.status === 303) {
          const loc = res.headers.get('location');
          if (!loc.startsWith('/login?next=')) wrong.push(`${check.name} on ${where}: redirect to ${loc}`);
        }
        if (check.kind !== 'page' && want !== 200 && res.json?.error?.code === undefined) {
          wrong.push(`${check.name} on ${where}: no JSON error envelope`);
        }
      }
    }
    assert.deepEqual(wrong, [], `${role}:\n${wrong.join('\n')}`);
  });
}

test('the node page offers exactly the actions the role may take', async () => {
  const links = { view_people: 'people', import: 'import', grant: 'roles', invite: 'invitations' };
  const wrong = [];
  for (const role of ROLES.filter((r) => r !== 'anonymous')) {
    for (const where of ['area', 'group']) {
      const page = await clients[role].get(`/nodes/${ids[where]}`);
      for (const [action, suffix] of Object.entries(links)) {
        // The import button is shown on residential areas only.
        const want = ALLOWED[action][role].includes(where) && (action !== 'import' || where === 'area');
        const has = page.text.includes(`href="/nodes/${ids[where]}/${suffix}"`);
        if (has !== want) wrong.push(`${role} on ${where}: ${suffix} link ${has ? 'shown' : 'missing'}`);
      }
    }
  }
  assert.deepEqual(wrong, []);
});

test('which roles may be given: worker the residents\' roles in the area, admin also worker and admin', async () => {
  const g = (who, where, role) => clients[who].api('POST', `/api/v1/nodes/${ids[where]}/roles`, { person_id: residentId, role });
  for (const role of ['group_leader', 'director', 'chair', 'recorder']) {
    assert.equal((await g('worker', 'area', role)).status, 200, `worker gives ${role}`);
  }
  assert.equal((await g('worker', 'area', 'worker')).status, 403);
  assert.equal((await g('worker', 'area', 'admin')).status, 403);
  assert.equal((await g('worker', 'other', 'group_leader')).status, 403, 'not in another area');
  assert.equal((await g('admin', 'area', 'worker')).status, 200);
  assert.equal((await g('admin', 'other', 'admin')).status, 200);
  for (const who of ['admin', 'worker']) {
    const res = await g(who, 'area', 'resident');
    assert.equal(res.status, 403, 'residence comes from the roster, never from a grant');
    assert.equal(res.json.error.code, 'forbidden');
  }
  const unknown = await clients.admin.api('POST', `/api/v1/nodes/${ids.area}/roles`, { person_id: 99999999, role: 'chair' });
  assert.equal(unknown.status, 404);

  // The grants took effect: the resident now holds them (and loses them on revoke).
  const roles = (await clients.admin.api('GET', `/api/v1/nodes/${ids.area}/roles`)).json.roles
    .filter((r) => r.person_id === residentId).map((r) => r.role).sort();
  assert.deepEqual(roles, ['chair', 'director', 'group_leader', 'recorder', 'worker']);
  for (const role of roles) {
    const res = await clients.admin.api('POST', `/api/v1/nodes/${ids.area}/roles/revoke`, { person_id: residentId, role });
    assert.equal(res.status, 200);
  }
  assert.equal((await clients.admin.api('POST', `/api/v1/nodes/${ids.other}/roles/revoke`, { person_id: residentId, role: 'admin' })).status, 200);
  const left = (await clients.admin.api('GET', `/api/v1/nodes/${ids.area}/roles`)).json.roles.filter((r) => r.person_id === residentId);
  assert.deepEqual(left, []);
});

test('a role given takes effect on the next request of that person', async () => {
  const res = await loggedIn(server, 'resident');
  assert.equal((await res.api('GET', `/api/v1/nodes/${ids.area}/people`)).status, 403);
  assert.equal((await clients.worker.api('POST', `/api/v1/nodes/${ids.group}/roles`, { person_id: residentId, role: 'group_leader' })).status, 200);
  assert.equal((await res.api('GET', `/api/v1/nodes/${ids.group}/people`)).status, 200);
  assert.equal((await res.api('GET', `/api/v1/nodes/${ids.area}/people`)).status, 403, 'only below the group');
  assert.equal((await clients.worker.api('POST', `/api/v1/nodes/${ids.group}/roles/revoke`, { person_id: residentId, role: 'group_leader' })).status, 200);
  assert.equal((await res.api('GET', `/api/v1/nodes/${ids.group}/people`)).status, 403);
});
