import pg from 'pg';
import { loadFixture, replayHeaders } from '../../fixtures/fixtures.js';
import { createTestApp, type TestApp } from '../../setup/create-test-app.js';

const KEYS = { XTRACE_PUBLIC_KEY: 'pk-lf-test', XTRACE_SECRET_KEY: 'sk-lf-test' };
const V3_TRACE = 'd261a6a2-74cf-47da-999d-68e9771a5f83';
const V5_TRACE = '70de29183af35feeb5d675ffc9958a8d';
const SPAN = '4fd3829d-53d3-4090-8eab-8247a7615ca0';
const GENERATION = '1efb8159-b0e2-4066-baaa-c23a42559322';

/** Sends every captured write of the fixtures, as the clients sent them. */
async function ingestFixtures(app: TestApp): Promise<void> {
  for (const name of ['langfuse-v3', 'langfuse-tracing-otel-client'] as const) {
    for (const captured of loadFixture(name).filter((request) => request.method === 'POST')) {
      const response = await app.request(captured.path, { method: 'POST', body: captured.json, headers: replayHeaders(captured) });
      expect(response.status).toBeLessThan(300);
    }
  }
}

function query(pairs: [string, string][]): string {
  return pairs.length ? `?${new URLSearchParams(pairs).toString()}` : '';
}

describe('Langfuse read API', () => {
  let app: TestApp;
  let other: TestApp;
  let db: pg.Client;
  beforeAll(async () => {
    [app, other] = await Promise.all([createTestApp(KEYS), createTestApp(KEYS)]);
    db = new pg.Client({ connectionString: app.databaseUrl });
    await db.connect();
    await ingestFixtures(app);
  });
  afterAll(async () => {
    await db.end();
    await Promise.all([app.close(), other.close()]);
  });

  it('answers every read the real clients made (replayed from the fixtures)', async () => {
    for (const name of ['langfuse-v3', 'langfuse-tracing-otel-client'] as const) {
      for (const captured of loadFixture(name).filter((request) => request.method === 'GET')) {
        const response = await app.request(`${captured.path}${query(captured.query)}`, { headers: replayHeaders(captured) });
        expect({ path: captured.path, status: response.status }).toEqual({ path: captured.path, status: 200 });
        expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      }
    }
  });

  describe('observations v1', () => {
    it('filters by trace, type and parent, newest first with page meta', async () => {
      const response = await app.request(`/api/public/observations?traceId=${V3_TRACE}&type=GENERATION&parentObservationId=${SPAN}`);
      expect(response.status).toBe(200);
      expect(response.body.data.map((o: any) => o.id)).toEqual([GENERATION]);
      expect(response.body.meta).toEqual({ page: 1, limit: 50, totalItems: 1, totalPages: 1 });
      expect(response.body.data[0]).toMatchObject({
        traceId: V3_TRACE,
        model: 'gpt-4o-mini',
        usage: { input: 11, output: 7, total: 18, unit: 'TOKENS' },
        usageDetails: { input: 11, output: 7, total: 18, cache_read_input_tokens: 2 },
      });
    });

    it('filters by level (unset reads as DEFAULT), user of the trace, environment and start time', async () => {
      const warnings = await app.request('/api/public/observations?level=WARNING');
      expect(warnings.body.data.map((o: any) => o.name).sort()).toEqual(['v3-event', 'v5-event']);
      const defaults = await app.request(`/api/public/observations?level=DEFAULT&traceId=${V3_TRACE}`);
      expect(defaults.body.data.map((o: any) => o.name).sort()).toEqual(['v3-gen', 'v3-gen-openai-usage', 'v3-span']);
      const ofUser = await app.request('/api/public/observations?userId=user-5&limit=2&page=2');
      expect(ofUser.body.meta).toEqual({ page: 2, limit: 2, totalItems: 5, totalPages: 3 });
      expect(ofUser.body.data).toHaveLength(2);
      const staging = await app.request('/api/public/observations?environment=staging&environment=prod');
      expect(staging.body.meta.totalItems).toBe(5);
      const window = await app.request('/api/public/observations?fromStartTime=2026-11-21T08:06:51.976Z&toStartTime=2026-11-21T08:06:51.977Z');
      expect(window.body.data.map((o: any) => o.name).sort()).toEqual(['v5-event', 'v5-tool']);
    });

    it('gets one observation by id, 404 envelope for an unknown one', async () => {
      const found = await app.request('/api/public/observations/178add49604db237');
      expect(found.status).toBe(200);
      expect(found.body).toMatchObject({ id: '178add49604db237', traceId: V5_TRACE, type: 'GENERATION', calculatedTotalCost: 0.0025 });
      const missing = await app.request('/api/public/observations/nope');
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({ code: 'NOT_FOUND' });
    });

    it('rejects bad filters with 400', async () => {
      expect((await app.request('/api/public/observations?level=LOUD')).status).toBe(400);
      expect((await app.request('/api/public/observations?fromStartTime=yesterday')).status).toBe(400);
    });
  });

  describe('observations v2', () => {
    it('returns core and basic fields by default and the requested groups', async () => {
      const basic = await app.request(`/api/public/v2/observations?traceId=${V5_TRACE}&type=GENERATION`);
      expect(basic.status).toBe(200);
      expect(basic.body.data).toEqual([
        {
          id: '178add49604db237',
          traceId: V5_TRACE,
          startTime: '2026-11-21T08:06:51.975Z',
          endTime: '2026-11-21T08:06:51.975Z',
          projectId: app.projectId,
          parentObservationId: 'df3ea9466c5f58f5',
          type: 'GENERATION',
          name: 'v5-gen',
          level: 'DEFAULT',
          statusMessage: null,
          version: '1.2.3',
          environment: 'staging',
          bookmarked: false,
          public: false,
          userId: 'user-5',
          sessionId: 'sess-5',
        },
      ]);
      expect(basic.body.meta).toEqual({});
      const groups = await app.request(
        `/api/public/v2/observations?traceId=${V5_TRACE}&type=GENERATION&fields=core,usage,model,io,trace_context,metrics,prompt`,
      );
      expect(groups.body.data[0]).toMatchObject({
        model: 'gpt-4o-mini',
        modelParameters: { temperature: 0.2 },
        usageDetails: { input: 11, output: 7, total: 18 },
        costDetails: { input: 0.0011, output: 0.0014, total: 0.0025 },
        totalCost: 0.0025,
        input: [{ role: 'user', content: 'hi' }],
        output: { role: 'assistant', content: 'hello' },
        tags: ['a', 'b'],
        release: 'rel-1',
        traceName: 'v5-trace',
        latency: expect.any(Number),
        promptName: null,
      });
      expect(groups.body.data[0]).not.toHaveProperty('name');
    });

    it('pages with a cursor through every observation exactly once', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const response = await app.request(`/api/public/v2/observations?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(response.status).toBe(200);
        seen.push(...response.body.data.map((o: any) => o.id));
        cursor = response.body.meta.cursor;
        pages++;
      } while (cursor && pages < 20);
      const all = await db.query('SELECT id FROM observations WHERE project_id = $1', [app.projectId]);
      expect(seen.sort()).toEqual(all.rows.map((row) => row.id).sort());
      expect(new Set(seen).size).toBe(seen.length);
    });

    it('filters roots and sessions, and answers 400 for a foreign cursor or parseIoAsJson', async () => {
      const roots = await app.request('/api/public/v2/observations?isRootObservation=true&sessionId=sess-5');
      expect(roots.body.data.map((o: any) => o.id)).toEqual(['41f97122bd14b413']);
      expect((await app.request('/api/public/v2/observations?cursor=garbage')).status).toBe(400);
      expect((await app.request('/api/public/v2/observations?parseIoAsJson=true')).status).toBe(400);
      expect((await app.request('/api/public/v2/observations?limit=5000')).status).toBe(400);
    });
  });

  describe('sessions', () => {
    it('lists sessions with their first trace time and environment', async () => {
      const response = await app.request('/api/public/sessions');
      expect(response.status).toBe(200);
      expect(response.body.data).toEqual([
        { id: 'sess-5', createdAt: '2026-11-21T08:06:51.966Z', projectId: app.projectId, environment: 'staging' },
        { id: 'sess-1', createdAt: '2026-11-21T08:06:42.145Z', projectId: app.projectId, environment: 'default' },
      ]);
      expect(response.body.meta).toEqual({ page: 1, limit: 50, totalItems: 2, totalPages: 1 });
      const staging = await app.request('/api/public/sessions?environment=staging');
      expect(staging.body.data.map((s: any) => s.id)).toEqual(['sess-5']);
      const before = await app.request('/api/public/sessions?toTimestamp=2026-11-21T08:06:50Z');
      expect(before.body.data.map((s: any) => s.id)).toEqual(['sess-1']);
    });

    it('gets a session with its traces, 404 for an unknown one', async () => {
      const response = await app.request('/api/public/sessions/sess-1');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: 'sess-1', projectId: app.projectId, environment: 'default' });
      expect(response.body.traces.map((t: any) => [t.id, t.name])).toEqual([[V3_TRACE, 'v3-trace']]);
      expect((await app.request('/api/public/sessions/none')).status).toBe(404);
    });
  });

  describe('scores', () => {
    it('lists scores with filters and the trace they belong to', async () => {
      const quality = await app.request('/api/public/v2/scores?name=quality');
      expect(quality.status).toBe(200);
      expect(quality.body.meta.totalItems).toBe(2);
      expect(quality.body.data.find((s: any) => s.traceId === V3_TRACE)).toMatchObject({
        value: 0.9,
        dataType: 'NUMERIC',
        comment: 'good',
        sessionId: null,
        datasetRunId: null,
        trace: { userId: 'user-1', tags: ['t1', 't2'], environment: 'default', sessionId: 'sess-1' },
      });
      const categorical = await app.request(`/api/public/v2/scores?dataType=CATEGORICAL&traceId=${V5_TRACE}`);
      expect(categorical.body.data).toEqual([expect.objectContaining({ name: 'label', stringValue: 'good', value: null })]);
      const ofObservation = await app.request('/api/public/v2/scores?observationId=178add49604db237&fields=score');
      expect(ofObservation.body.data.map((s: any) => s.name).sort()).toEqual(['correct', 'label']);
      expect(ofObservation.body.data[0]).not.toHaveProperty('trace');
      const high = await app.request('/api/public/v2/scores?operator=%3E%3D&value=1');
      expect(high.body.data.map((s: any) => s.name)).toEqual(['correct', 'correct']);
      const tagged = await app.request('/api/public/v2/scores?traceTags=a&traceTags=b&userId=user-5');
      expect(tagged.body.meta.totalItems).toBe(3);
      expect((await app.request('/api/public/v2/scores?operator=%3E')).status).toBe(400);
      expect((await app.request('/api/public/v2/scores?operator=LIKE&value=1')).status).toBe(400);
    });

    it('creates, reads and deletes a score', async () => {
      const created = await app.request('/api/public/scores', {
        method: 'POST',
        body: { traceId: V3_TRACE, observationId: GENERATION, name: 'helpful', value: true, comment: 'yes' },
      });
      expect(created.status).toBe(200);
      expect(created.body).toEqual({ id: expect.any(String) });
      const read = await app.request(`/api/public/v2/scores/${created.body.id}`);
      expect(read.body).toMatchObject({ name: 'helpful', dataType: 'BOOLEAN', value: 1, stringValue: 'True', source: 'API' });
      const trace = await app.request(`/api/public/traces/${V3_TRACE}`);
      expect(trace.body.scores.map((s: any) => s.id)).toContain(created.body.id);

      const deleted = await app.request(`/api/public/scores/${created.body.id}`, { method: 'DELETE' });
      expect(deleted.status).toBe(204);
      expect((await app.request(`/api/public/v2/scores/${created.body.id}`)).status).toBe(404);
      expect((await app.request(`/api/public/scores/${created.body.id}`, { method: 'DELETE' })).status).toBe(404);
    });

    it('answers 400 for an invalid score', async () => {
      const response = await app.request('/api/public/scores', {
        method: 'POST',
        body: { traceId: V3_TRACE, name: 'x', value: 'high', dataType: 'NUMERIC' },
      });
      expect(response.status).toBe(400);
      expect(response.body.message).toBe('invalid score: value of a NUMERIC score must be a number');
      const unknownField = await app.request('/api/public/scores', { method: 'POST', body: { traceId: V3_TRACE, name: 'x', value: 1, extra: 1 } });
      expect(unknownField.status).toBe(400);
    });
  });

  describe('project scoping', () => {
    it('shows nothing of another project and deletes nothing there', async () => {
      expect((await other.request(`/api/public/traces/${V3_TRACE}`)).status).toBe(404);
      expect((await other.request(`/api/public/observations/${GENERATION}`)).status).toBe(404);
      expect((await other.request('/api/public/observations')).body.data).toEqual([]);
      expect((await other.request('/api/public/v2/observations')).body.data).toEqual([]);
      expect((await other.request('/api/public/sessions')).body.data).toEqual([]);
      expect((await other.request('/api/public/v2/scores')).body.data).toEqual([]);
      expect((await other.request(`/api/public/traces/${V3_TRACE}`, { method: 'DELETE' })).status).toBe(404);
      expect((await app.request(`/api/public/traces/${V3_TRACE}`)).status).toBe(200);
    });
  });

  describe('deleting traces', () => {
    const count = async (table: string, traceId: string) =>
      (await db.query(`SELECT count(*)::int AS n FROM ${table} WHERE project_id = $1 AND trace_id = $2`, [app.projectId, traceId])).rows[0].n;

    it('deletes one trace with its observations and scores', async () => {
      expect(await count('observations', V3_TRACE)).toBe(4);
      expect(await count('scores', V3_TRACE)).toBe(3);
      const response = await app.request(`/api/public/traces/${V3_TRACE}`, { method: 'DELETE' });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ message: 'Trace deleted successfully' });
      expect(await count('observations', V3_TRACE)).toBe(0);
      expect(await count('scores', V3_TRACE)).toBe(0);
      expect((await app.request(`/api/public/traces/${V3_TRACE}`)).status).toBe(404);
      expect((await app.request(`/api/public/traces/${V3_TRACE}`, { method: 'DELETE' })).status).toBe(404);
    });

    it('deletes several traces by id, skipping unknown ones', async () => {
      const response = await app.request('/api/public/traces', { method: 'DELETE', body: { traceIds: [V5_TRACE, 'unknown'] } });
      expect(response.status).toBe(200);
      expect(await count('observations', V5_TRACE)).toBe(0);
      expect(await count('scores', V5_TRACE)).toBe(0);
      expect((await app.request('/api/public/sessions/sess-5')).status).toBe(404);
      expect((await app.request('/api/public/traces', { method: 'DELETE', body: { traceIds: [] } })).status).toBe(400);
      expect((await app.request('/api/public/traces', { method: 'DELETE', body: {} })).status).toBe(400);
    });
  });

  it('answers Langfuse routes xtrace does not serve with the 404 envelope', async () => {
    for (const [method, path] of [
      ['GET', '/api/public/prompts'],
      ['GET', '/api/public/v2/prompts/my-prompt'],
      ['POST', '/api/public/datasets'],
      ['GET', '/api/public/media/abc'],
      ['GET', '/api/public/comments'],
      ['GET', '/api/public/metrics/daily/unknown'],
    ]) {
      const response = await app.request(path, { method, body: method === 'POST' ? {} : undefined });
      expect({ path, status: response.status, code: response.body?.code }).toEqual({ path, status: 404, code: 'NOT_FOUND' });
    }
  });
});
