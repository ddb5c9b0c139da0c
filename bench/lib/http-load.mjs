import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';

/**
 * A closed loop of `concurrency` workers over keep-alive connections: each sends the
 * next prepared body as soon as its previous request was answered, until the bodies
 * run out or the deadline passes. A 429/503 (queue full) is retried after Retry-After,
 * as the Langfuse SDKs and OTLP exporters do; it is counted, not acknowledged.
 *
 * @param {object} options
 * @param {string} options.origin `http://127.0.0.1:port`
 * @param {string} options.path
 * @param {Record<string,string>} options.headers
 * @param {Buffer[]} options.bodies
 * @param {number} options.concurrency
 * @param {number} options.durationMs stop sending new requests after this long
 * @param {(status: number, text: string) => boolean} options.accept whether an answer acknowledges the body
 */
export async function runClosedLoop({ origin, path, headers, bodies, concurrency, durationMs, accept }) {
  const pool = new Pool(origin, { connections: concurrency, pipelining: 1, keepAliveTimeout: 60_000 });
  const latencies = [];
  const acked = [];
  const failures = [];
  let retries = 0;
  let next = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  let lastAck = started;

  const worker = async () => {
    while (next < bodies.length && performance.now() < deadline) {
      const index = next++;
      for (;;) {
        const sent = performance.now();
        const response = await pool.request({ path, method: 'POST', headers, body: bodies[index] });
        const text = await response.body.text();
        if (response.statusCode === 429 || response.statusCode === 503) {
          retries++;
          await sleep(1000 * Number(response.headers['retry-after'] ?? 1));
          continue;
        }
        const answered = performance.now();
        if (accept(response.statusCode, text)) {
          latencies.push(answered - sent);
          acked.push(index);
          lastAck = answered;
        } else {
          failures.push({ index, status: response.statusCode, text: text.slice(0, 300) });
        }
        break;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  await pool.close();
  return { latencies, acked, failures, retries, elapsedMs: lastAck - started, lastAck };
}

/**
 * Sends bodies at a fixed rate (open loop) with at most `maxInFlight` outstanding, until
 * `stop()` is called; for ingest running in the background of a query measurement.
 */
export function startPacedLoad({ origin, path, headers, bodies, ratePerSecond, maxInFlight, accept }) {
  const pool = new Pool(origin, { connections: maxInFlight, pipelining: 1, keepAliveTimeout: 60_000 });
  const intervalMs = 1000 / ratePerSecond;
  const acked = [];
  const latencies = [];
  const failures = [];
  let skipped = 0;
  let inFlight = 0;
  let next = 0;
  let stopped = false;
  const started = performance.now();

  const send = async (index) => {
    inFlight++;
    const sent = performance.now();
    try {
      const response = await pool.request({ path, method: 'POST', headers, body: bodies[index] });
      const text = await response.body.text();
      if (accept(response.statusCode, text)) {
        acked.push(index);
        latencies.push(performance.now() - sent);
      } else failures.push({ index, status: response.statusCode, text: text.slice(0, 300) });
    } finally {
      inFlight--;
    }
  };
  const pending = new Set();
  const loop = (async () => {
    for (let tick = 0; !stopped && next < bodies.length; tick++) {
      const due = started + tick * intervalMs;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      if (stopped) break;
      if (inFlight >= maxInFlight) {
        skipped++; // the server is behind: the open loop does not queue up without bound
        continue;
      }
      const promise = send(next++).finally(() => pending.delete(promise));
      pending.add(promise);
    }
  })();

  return {
    async stop() {
      stopped = true;
      await loop;
      await Promise.allSettled([...pending]);
      await pool.close();
      return { acked, latencies, failures, skipped, elapsedMs: performance.now() - started };
    },
  };
}
