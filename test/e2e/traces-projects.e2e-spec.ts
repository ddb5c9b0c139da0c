import { randomUUID } from 'node:crypto';
import { newId, postBatch } from '../factories/native-batch.js';
import { createTestApp, type TestApp } from '../setup/create-test-app.js';

describe('projects: every read and write is scoped by the caller project', () => {
  let first: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    // two deployments with different DEFAULT_PROJECT_ID on one database
    [first, second] = await Promise.all([
      createTestApp({ DEFAULT_PROJECT_ID: `first-${randomUUID()}` }),
      createTestApp({ DEFAULT_PROJECT_ID: `second-${randomUUID()}` }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
  });

  it('does not show a trace of another project, in detail or in lists', async () => {
    const traceId = newId();
    await postBatch(first, { trace: { id: traceId, name: 'mine', userId: 'shared-user' }, observations: [{ id: newId(), traceId }] });

    expect((await first.request(`/api/public/traces/${traceId}`)).status).toBe(200);
    const foreign = await second.request(`/api/public/traces/${traceId}`);
    expect([foreign.status, foreign.body.code]).toEqual([404, 'NOT_FOUND']);
    const list = await second.request('/api/public/traces?userId=shared-user');
    expect(list.body).toEqual({ data: [], meta: { page: 1, limit: 50, totalItems: 0, totalPages: 0 } });
  });

  it('keeps the same ids apart per project, whatever projectId the body names', async () => {
    const traceId = newId();
    const observationId = newId();
    await postBatch(first, { trace: { id: traceId, name: 'first' }, observations: [{ id: observationId, traceId, name: 'o-first' }] });
    await postBatch(second, {
      trace: { id: traceId, name: 'second', projectId: first.projectId },
      observations: [{ id: observationId, traceId, name: 'o-second', projectId: first.projectId }],
    });
    const [mine, theirs] = await Promise.all([first.request(`/api/public/traces/${traceId}`), second.request(`/api/public/traces/${traceId}`)]);
    expect(mine.body).toMatchObject({ name: 'first', projectId: first.projectId, observations: [{ name: 'o-first' }] });
    expect(theirs.body).toMatchObject({ name: 'second', projectId: second.projectId, observations: [{ name: 'o-second' }] });
  });

  it('GET /api/public/projects names the caller project', async () => {
    const response = await first.request('/api/public/projects');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      data: [{ id: first.projectId, name: first.projectId, createdAt: expect.any(String), updatedAt: expect.any(String), metadata: {} }],
    });
    expect(Date.parse(response.body.data[0].createdAt)).not.toBeNaN();
    expect((await first.request('/api/public/projects', { anonymous: true })).status).toBe(401);
  });
});

describe('GET /api/public/projects with the open-compat switch', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp({ XTRACE_ALLOW_UNAUTHENTICATED_COMPAT: 'true' });
  });
  afterAll(() => app?.close());

  it('answers without credentials, while trace reads still need them', async () => {
    const projects = await app.request('/api/public/projects', { anonymous: true });
    expect(projects.status).toBe(200);
    expect(projects.body.data[0].id).toBe(app.projectId);
    expect((await app.request('/api/public/traces', { anonymous: true })).status).toBe(401);
  });
});
