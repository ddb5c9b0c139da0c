import { createRandom } from './random.mjs';

/**
 * 1,000 metric series, scraped in time order: every scrape yields one point per series
 * at the same timestamp, as a Prometheus-style agent pushes them.
 */

const NODES = Array.from({ length: 32 }, (_, i) => `node-${String(i + 1).padStart(2, '0')}`);
const GPUS = Array.from({ length: 8 }, (_, i) => String(i));
const SPAN_NAMES = ['retrieve', 'rerank', 'chat-completion', 'summarize', 'tool-call'];
const MODELS = ['gpt-4o', 'gpt-4o-mini', 'claude-sonnet-4', 'claude-haiku-4', 'gemini-2.5-pro', 'gemini-2.5-flash', 'llama-3.3-70b', 'mistral-large'];
const SERVICES = ['gateway', 'retriever', 'planner', 'worker', 'embedder'];
const ROUTES = ['/chat', '/complete', '/embed', '/search', '/feedback', '/health', '/admin', '/batch'];

/** The series: name and labels; `index` is the series' position in every scrape. */
export const SERIES = buildSeries();

function buildSeries() {
  const series = [];
  for (const node_id of NODES) for (const gpu_index of GPUS) series.push({ name: 'gpu_utilization', labels: { node_id, gpu_index } });
  for (const node_id of NODES) for (const gpu_index of GPUS) series.push({ name: 'gpu_memory_used_bytes', labels: { node_id, gpu_index } });
  for (const span_name of SPAN_NAMES) for (const model of MODELS) series.push({ name: 'span_duration', labels: { span_name, model } });
  for (const model of MODELS) for (const direction of ['input', 'output']) series.push({ name: 'llm_tokens_per_second', labels: { model, direction } });
  for (const service of SERVICES) for (const route of ROUTES) {
    for (const status of ['2xx', '4xx', '5xx']) series.push({ name: 'http_request_duration_ms', labels: { service, route, status } });
  }
  for (const node_id of NODES) for (const queue of ['prefill', 'decode', 'embed']) series.push({ name: 'queue_depth', labels: { node_id, queue } });
  let pad = 0;
  while (series.length < 1000) series.push({ name: 'node_cpu_utilization', labels: { node_id: NODES[pad % NODES.length], cpu: String(Math.floor(pad++ / NODES.length)) } });
  return series.slice(0, 1000).map((entry, index) => ({ ...entry, index }));
}

/** The value of series `index` at a time: a daily wave plus seeded noise, 2 decimals. */
export function pointValue(random, index, timestampMs) {
  const day = (timestampMs / 86_400_000) * 2 * Math.PI;
  const base = 50 + 35 * Math.sin(day + index * 0.37);
  return Math.round((base + random.float() * 10) * 100) / 100;
}

/**
 * Calls `emit(seriesIndex, timestampMs, value)` for `scrapes` scrapes of all series,
 * the first at `startMs`, `intervalMs` apart.
 */
export function forEachPoint({ seed, startMs, intervalMs, scrapes }, emit) {
  const random = createRandom(`metrics-${seed}`);
  for (let scrape = 0; scrape < scrapes; scrape++) {
    const timestampMs = startMs + scrape * intervalMs;
    for (let index = 0; index < SERIES.length; index++) emit(index, timestampMs, pointValue(random, index, timestampMs));
  }
}

/**
 * `POST /v1/metrics/batch` bodies (API.md §2.5) of `pointsPerRequest` points, in scrape
 * order, and the points themselves for the raw COPY of the same data.
 */
export function renderMetricBatches({ seed, startMs, intervalMs, totalPoints, pointsPerRequest }) {
  const scrapes = Math.ceil(totalPoints / SERIES.length);
  const bodies = [];
  const points = [];
  let current = [];
  forEachPoint({ seed, startMs, intervalMs, scrapes }, (index, timestampMs, value) => {
    if (points.length >= totalPoints) return;
    const series = SERIES[index];
    points.push({ series: index, ts: timestampMs, value });
    current.push({ name: series.name, labels: series.labels, value, timestamp: new Date(timestampMs).toISOString() });
    if (current.length === pointsPerRequest) {
      bodies.push({ body: Buffer.from(JSON.stringify({ metrics: current })), points: current.length });
      current = [];
    }
  });
  if (current.length > 0) bodies.push({ body: Buffer.from(JSON.stringify({ metrics: current })), points: current.length });
  return { bodies, points };
}
