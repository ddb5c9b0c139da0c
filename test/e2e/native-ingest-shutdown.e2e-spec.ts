import type pg from 'pg';
import { rows, testPool } from '../factories/database.js';
import { postBatch, traceWithObservations } from '../factories/native-batch.js';
import { createTestApp, type TestApp } from '../setup/create-test-app.js';

interface Outcome {
  traceId: string;
  observationIds: string[];
  status: number | 'network-error';
}

describe('SIGTERM under native batch load', () => {
  let app: TestApp;
  let pool: pg.Pool;
  beforeAll(async () => {
    // a wide gathering window keeps requests queued in the writer when SIGTERM arrives
    app = await createTestApp({ XTRACE_INGEST_FLUSH_MS: '100' });
    pool = testPool(app.databaseUrl);
  });
  afterAll(async () => {
    await pool?.end();
    await app?.close();
  });

  it('answers every request it received (200 after COMMIT, or 503), exits 0, and keeps every acknowledged row', async () => {
    const outcomes: Outcome[] = [];
    let stopping = false;
    const client = async () => {
      // keep sending until the server has gone away
      for (let sent = 0; sent < 400; sent++) {
        const batch = traceWithObservations(5);
        const outcome: Outcome = {
          traceId: batch.trace.id,
          observationIds: batch.observations.map((observation) => observation.id),
          status: 'network-error',
        };
        outcomes.push(outcome);
        try {
          outcome.status = (await postBatch(app, batch)).status;
        } catch {
          // refused or reset before the server read the request
          if (stopping) return;
          throw new Error('network error before shutdown');
        }
      }
    };
    const clients = Array.from({ length: 8 }, client);
    await new Promise((done) => setTimeout(done, 700));
    stopping = true;
    const exitCode = await app.server.stop('SIGTERM');
    await Promise.all(clients);

    expect(exitCode).toBe(0);
    const statuses = new Set(outcomes.map((outcome) => outcome.status));
    for (const status of statuses) expect([200, 503, 'network-error']).toContain(status);
    const acknowledged = outcomes.filter((outcome) => outcome.status === 200);
    expect(acknowledged.length).toBeGreaterThan(10);

    const [{ traces, observations }] = await rows<{ traces: number; observations: number }>(
      pool,
      `SELECT (SELECT count(*)::int FROM traces WHERE project_id = $1 AND id = ANY($2)) AS traces,
              (SELECT count(*)::int FROM observations WHERE project_id = $1 AND id = ANY($3)) AS observations`,
      [app.projectId, acknowledged.map((outcome) => outcome.traceId), acknowledged.flatMap((outcome) => outcome.observationIds)],
    );
    expect({ traces, observations }).toEqual({ traces: acknowledged.length, observations: acknowledged.length * 5 });
    // a refused or unanswered request wrote nothing: no row was stored without its 200
    const unacknowledged = outcomes.filter((outcome) => outcome.status !== 200).map((outcome) => outcome.traceId);
    const strays = await rows(pool, `SELECT id FROM traces WHERE project_id = $1 AND id = ANY($2)`, [app.projectId, unacknowledged]);
    expect(strays).toEqual([]);
  });
});
