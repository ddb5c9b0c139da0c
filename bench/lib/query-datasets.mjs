import { copyInto } from './copy-text.mjs';
import { forEachPoint, SERIES } from './metric-generator.mjs';
import { ensurePointPartitions } from './partitions.mjs';
import { createRandom } from './random.mjs';
import { ensureSeries, observationCopyLine, traceCopyLine } from './raw-ingest.mjs';
import { generateTrace } from './trace-generator.mjs';

/**
 * The data the queries run on, bulk-loaded with COPY (not through HTTP, to save time).
 * Traces spread over the last 30 days with 1–20 observations each; to keep 1M traces
 * within a laptop's disk, observations carry small input/output here (traces keep
 * 0.3–4 KB), except the one trace with 200 full-size observations used for the detail.
 */

const DAY_MS = 86_400_000;
const CHUNK_TRACES = 5_000;

/** Adds `count` traces (seed `segment`) over the 30 days before `endMs`. */
export async function loadTraces(client, { projectId, seed, segment, count, endMs, log }) {
  const random = createRandom(`${seed}-dataset-${segment}`);
  const spacing = (30 * DAY_MS) / count;
  for (let start = 0; start < count; start += CHUNK_TRACES) {
    const traces = [];
    for (let index = start; index < Math.min(count, start + CHUNK_TRACES); index++) {
      traces.push(
        generateTrace(random, {
          timestampMs: Math.floor(endMs - 30 * DAY_MS + (index + random.float()) * spacing),
          observationCount: random.int(1, 20),
          ioBytes: [40, 160],
        }),
      );
    }
    await writeTraces(client, projectId, traces);
    if (start % 100_000 === 0 && start > 0) log(`  ${start} traces loaded`);
  }
}

/** The trace the detail query reads: 200 observations of 0.3–4 KB input/output. */
export async function loadDetailTrace(client, { projectId, seed, endMs }) {
  const trace = generateTrace(createRandom(`${seed}-detail`), { timestampMs: endMs - 3_600_000, observationCount: 200 });
  await writeTraces(client, projectId, [trace]);
  return trace.id;
}

async function writeTraces(client, projectId, traces) {
  await client.query('BEGIN');
  await copyInto(client, 'traces (project_id, id, environment, timestamp, name, input, output, session_id, release, version, user_id, metadata, tags, latency, total_cost)',
    traces.map((trace) => traceCopyLine(projectId, trace)));
  await copyInto(
    client,
    'observations (project_id, id, trace_id, environment, type, name, start_time, end_time, completion_start_time, model, model_parameters, input, output, usage, usage_details, cost_details, level, status_message, parent_observation_id, prompt_tokens, completion_tokens, total_tokens, calculated_input_cost, calculated_output_cost, calculated_total_cost, latency, time_to_first_token, metadata)',
    (function* lines() {
      for (const trace of traces) for (const observation of trace.observations) yield observationCopyLine(projectId, trace.environment, observation);
    })(),
  );
  await client.query('COMMIT');
}

/**
 * `pointCount` points of the 1,000 series over the 7 days before `endMs`, scraped at an
 * even interval, then the 5-minute and 1-hour rollups the server keeps beside them.
 * Returns the points for VictoriaMetrics: shared timestamps and values by scrape × series.
 */
export async function loadPoints(client, { projectId, seed, pointCount, endMs }) {
  const scrapes = Math.ceil(pointCount / SERIES.length);
  const intervalMs = Math.floor((7 * DAY_MS) / scrapes);
  const startMs = endMs - scrapes * intervalMs;
  const seriesIds = await ensureSeries(client, projectId);
  await ensurePointPartitions(client, startMs, endMs);
  const timestamps = new Float64Array(scrapes);
  const values = new Float64Array(scrapes * SERIES.length);
  let position = 0;
  forEachPoint({ seed: `${seed}-dataset`, startMs, intervalMs, scrapes }, (index, timestampMs, value) => {
    timestamps[Math.floor(position / SERIES.length)] = timestampMs;
    values[position++] = value;
  });
  await client.query('BEGIN');
  await copyInto(client, 'metric_points (series_id, ts, value)', (function* lines() {
    for (let scrape = 0; scrape < scrapes; scrape++) {
      const ts = new Date(timestamps[scrape]).toISOString();
      for (let index = 0; index < SERIES.length; index++) yield `${seriesIds[index]}\t${ts}\t${values[scrape * SERIES.length + index]}\n`;
    }
  })());
  for (const [table, width] of [['metric_rollups_5m', '5 minutes'], ['metric_rollups_1h', '1 hour']]) {
    await client.query(`
      INSERT INTO ${table} (series_id, bucket, count, sum, min, max, last_value, last_ts)
      SELECT series_id, date_bin('${width}', ts, TIMESTAMPTZ '1970-01-01 00:00:00+00') AS bucket,
             count(*), sum(value), min(value), max(value),
             (array_agg(value ORDER BY ts DESC, value DESC))[1], max(ts)
      FROM metric_points GROUP BY 1, 2`);
  }
  await client.query('COMMIT');
  return { startMs, endMs, intervalMs, timestamps, values };
}

export async function vacuumAnalyze(client) {
  for (const table of ['traces', 'observations', 'metric_series', 'metric_points', 'metric_rollups_5m', 'metric_rollups_1h']) {
    await client.query(`VACUUM ANALYZE ${table}`);
  }
}
