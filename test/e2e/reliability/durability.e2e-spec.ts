import { randomBytes, randomUUID } from 'node:crypto';
import { createTestApp, type TestApp } from '../../setup/create-test-app.js';
import {
  ALL_DOORS,
  countAcknowledged,
  emptyAcknowledged,
  findMissing,
  mergeAcknowledged,
  startLoad,
} from '../../setup/ingest-load.js';
import { LONG_TESTS, sleep, waitFor } from '../../setup/reliability.js';

/** Rounds of kill-and-restart; CI runs the bounded number, XTRACE_LONG_TESTS=1 many more. */
const KILL_ROUNDS = LONG_TESTS ? 30 : 5;

describe('durability: acknowledged means stored', () => {
  it(`SIGKILL at a random moment under load on every door loses no acknowledged event (${KILL_ROUNDS} rounds)`, async () => {
    // One tenant across all rounds: every round's server is the same deployment, restarted.
    const env = { API_BEARER_TOKEN: `test_${randomBytes(16).toString('hex')}`, DEFAULT_PROJECT_ID: `kill-${randomUUID()}` };
    const acknowledged = emptyAcknowledged();
    const rounds: { acknowledged: number; cutOff: number }[] = [];
    const successesByDoor = new Map<string, number>();
    for (let round = 0; round < KILL_ROUNDS; round++) {
      const app = await createTestApp(env);
      const load = startLoad({ baseUrl: app.baseUrl, token: app.token, doors: ALL_DOORS, clientsPerDoor: 2 });
      // once the load is flowing, kill at a random moment
      await waitFor(() => load.outcomes.some((outcome) => outcome.status === 200 || outcome.status === 207), 15_000);
      await sleep(Math.random() * 1200);
      app.server.child.kill('SIGKILL');
      await app.server.exited;
      await load.stop();
      mergeAcknowledged(acknowledged, load.acknowledged);
      for (const outcome of load.outcomes) {
        if (outcome.status !== undefined && outcome.status < 300) successesByDoor.set(outcome.door, (successesByDoor.get(outcome.door) ?? 0) + 1);
      }
      rounds.push({
        acknowledged: countAcknowledged(load.acknowledged),
        cutOff: load.outcomes.filter((outcome) => outcome.networkError).length,
      });
      // answers that did arrive before the kill were successes: the load itself is valid
      const failures = load.outcomes.filter((outcome) => outcome.status !== undefined && (outcome.status < 200 || outcome.status > 299));
      expect(failures).toEqual([]);
    }
    // every round acknowledged something, and the kill interrupted requests in flight
    for (const round of rounds) expect(round.acknowledged).toBeGreaterThan(0);
    expect(rounds.some((round) => round.cutOff > 0)).toBe(true);
    // every door took part
    expect(Math.min(...ALL_DOORS.map((door) => successesByDoor.get(door) ?? 0))).toBeGreaterThan(0);

    const restarted = await createTestApp(env);
    try {
      expect((await restarted.request('/readyz')).status).toBe(200);
      const missing = await findMissing(restarted.databaseUrl, env.DEFAULT_PROJECT_ID, acknowledged);
      expect(missing).toEqual({ traces: [], observations: [], scores: [], metricBatches: [] });
      expect(acknowledged.traces.size).toBeGreaterThan(0);
      expect(acknowledged.scores.size).toBeGreaterThan(0);
      expect(acknowledged.metricBatches.size).toBeGreaterThan(0);
    } finally {
      await restarted.close();
    }
  }, 60_000 + KILL_ROUNDS * 15_000);

  describe('SIGTERM under load', () => {
    let app: TestApp;
    beforeAll(async () => {
      // A long flush wait keeps rows queued at the moment of SIGTERM, so draining is exercised.
      app = await createTestApp({ XTRACE_INGEST_FLUSH_MS: '200' });
    });
    afterAll(() => app.close());

    it('answers every received request (2xx after COMMIT or 503 with Retry-After), drains the queue, exits 0 within 20 s', async () => {
      const load = startLoad({ baseUrl: app.baseUrl, token: app.token, doors: ALL_DOORS, clientsPerDoor: 2 });
      await sleep(1000);
      const signalledAt = Date.now();
      const inFlightAtSignal = load.outcomes.length;
      app.server.child.kill('SIGTERM');
      const code = await app.server.exited;
      const exitMs = Date.now() - signalledAt;
      await load.stop();

      expect(code).toBe(0);
      expect(exitMs).toBeLessThan(20_000);
      const answered = load.outcomes.filter((outcome) => outcome.status !== undefined);
      const wrong = answered.filter(
        (outcome) => !((outcome.status! >= 200 && outcome.status! <= 299) || (outcome.status === 503 && outcome.retryAfter)),
      );
      expect(wrong).toEqual([]);
      // Requests that were waiting for the flush when the signal came were answered 2xx, not dropped.
      const afterSignal = load.outcomes.slice(inFlightAtSignal);
      expect(afterSignal.filter((outcome) => outcome.status !== undefined && outcome.status < 300).length).toBeGreaterThan(0);
      // A request can only go unanswered when the server never received it (connection refused).
      const lost = load.outcomes.filter((outcome) => outcome.networkError && outcome.networkError !== 'ECONNREFUSED');
      expect(lost).toEqual([]);

      const missing = await findMissing(app.databaseUrl, app.projectId, load.acknowledged);
      expect(missing).toEqual({ traces: [], observations: [], scores: [], metricBatches: [] });
      expect(countAcknowledged(load.acknowledged)).toBeGreaterThan(0);
      // and the other way round: a refused or unanswered request stored nothing
      const { unacknowledged } = load;
      const absent = await findMissing(app.databaseUrl, app.projectId, unacknowledged);
      expect(absent.traces.length).toBe(unacknowledged.traces.size);
      expect(absent.metricBatches.length).toBe(unacknowledged.metricBatches.size);
    }, 60_000);
  });
});
