import { createRandom } from './random.mjs';

/**
 * Seeded LLM traces: a root span with 0–19 nested spans, generations and events below it
 * (1–20 observations a trace), generations with model, usage and costs, and 0.3–4 KB JSON
 * input/output on every observation. The shape is door-neutral (camelCase, times in epoch
 * milliseconds); `trace-render.mjs` turns it into native, Langfuse or OTLP bodies and
 * `raw-ingest.mjs` into table rows.
 */

const WORDS = (
  'the a model answer question context user assistant system retrieve document chunk score rank ' +
  'token latency cost budget cluster node gpu memory batch request response stream tool call ' +
  'search index vector embedding prompt template summary translate classify extract entity date ' +
  'invoice order customer support ticket refund policy shipping account password reset billing ' +
  'report quarter revenue forecast growth region europe america asia market product feature ' +
  'release version deploy rollback incident alert metric trace span error retry timeout quota'
).split(' ');

const TRACE_NAMES = [
  'chat-turn', 'rag-answer', 'agent-run', 'summarize-doc', 'classify-ticket', 'extract-invoice',
  'translate', 'code-review', 'sql-agent', 'support-bot', 'email-draft', 'search-rerank',
  'meeting-notes', 'plan-trip', 'qa-eval', 'moderation', 'embedding-job', 'report-writer',
  'voice-turn', 'onboarding-guide',
];
const SPAN_NAMES = ['retrieve', 'rerank', 'tool:web-search', 'tool:sql', 'plan', 'parse-output', 'guardrail', 'format'];
const GENERATION_NAMES = ['chat-completion', 'summarize', 'classify', 'extract', 'draft', 'critique'];
const EVENT_NAMES = ['cache-hit', 'guardrail-flag', 'user-feedback', 'retry'];
const TAGS = ['prod', 'beta', 'eu', 'us', 'mobile', 'web', 'premium', 'experiment-a'];

/** USD per 1M tokens (input, output). */
export const MODELS = [
  { name: 'gpt-4o', input: 2.5, output: 10 },
  { name: 'gpt-4o-mini', input: 0.15, output: 0.6 },
  { name: 'claude-sonnet-4', input: 3, output: 15 },
  { name: 'claude-haiku-4', input: 0.8, output: 4 },
  { name: 'gemini-2.5-pro', input: 1.25, output: 10 },
  { name: 'gemini-2.5-flash', input: 0.3, output: 2.5 },
  { name: 'llama-3.3-70b', input: 0.6, output: 0.6 },
  { name: 'mistral-large', input: 2, output: 6 },
];

/**
 * @param {object} options
 * @param {string|number} options.seed
 * @param {number} options.count traces to generate
 * @param {number} options.startMs timestamp of the first trace
 * @param {number} options.spacingMs time between consecutive traces
 * @param {[number, number]} [options.observations] min and max observations a trace
 * @param {[number, number]} [options.ioBytes] min and max size of each input/output
 */
export function generateTraces({ seed, count, startMs, spacingMs, observations = [1, 20], ioBytes = [300, 4000] }) {
  const random = createRandom(seed);
  const traces = new Array(count);
  for (let index = 0; index < count; index++) {
    traces[index] = generateTrace(random, {
      timestampMs: startMs + index * spacingMs,
      observationCount: random.int(observations[0], observations[1]),
      ioBytes,
    });
  }
  return traces;
}

/** One trace; exported for the query data sets, which need a trace of exactly 200 observations. */
export function generateTrace(random, { timestampMs, observationCount, ioBytes = [300, 4000] }) {
  const id = random.hex(32);
  const durationMs = random.int(200, 20_000);
  const text = (role) => jsonMessage(random, role, Math.round(random.logUniform(ioBytes[0], ioBytes[1])));
  const root = {
    id: random.hex(16),
    traceId: id,
    type: 'SPAN',
    name: 'agent',
    startTime: timestampMs,
    endTime: timestampMs + durationMs,
    parentObservationId: null,
    input: text('user'),
    output: text('assistant'),
    level: 'DEFAULT',
    metadata: { step: 0 },
  };
  const observations = [root];
  const spans = [root];
  for (let step = 1; step < observationCount; step++) {
    const parent = random.pick(spans);
    const observation = generateObservation(random, { id, parent, step, text });
    observations.push(observation);
    if (observation.type === 'SPAN') spans.push(observation);
  }
  const tags = TAGS.filter(() => random.chance(0.2));
  return {
    id,
    timestamp: timestampMs,
    name: random.pick(TRACE_NAMES),
    userId: `user-${random.int(1, 1000)}`,
    sessionId: `session-${random.int(1, 5000)}`,
    release: `v1.${random.int(0, 9)}`,
    version: `2026.${random.int(1, 12)}`,
    tags,
    environment: 'default',
    metadata: { tenant: `tenant-${random.int(1, 50)}`, region: random.pick(['eu-west', 'us-east', 'ap-south']) },
    input: root.input,
    output: root.output,
    observations,
  };
}

function generateObservation(random, { id, parent, step, text }) {
  const parentLength = parent.endTime - parent.startTime;
  const startTime = parent.startTime + Math.floor(random.float() * parentLength * 0.5);
  const endTime = Math.min(parent.endTime, startTime + random.int(5, Math.max(6, Math.floor(parentLength * 0.5))));
  const failed = random.chance(0.03);
  const base = {
    id: random.hex(16),
    traceId: id,
    parentObservationId: parent.id,
    startTime,
    endTime,
    level: failed ? 'ERROR' : 'DEFAULT',
    statusMessage: failed ? 'upstream timeout after 30s' : undefined,
    metadata: { step, attempt: random.int(1, 3) },
  };
  const roll = random.float();
  if (roll < 0.1) {
    return { ...base, type: 'EVENT', name: random.pick(EVENT_NAMES), endTime: startTime, input: text('user'), output: text('system') };
  }
  if (roll < 0.45) {
    return { ...base, type: 'SPAN', name: random.pick(SPAN_NAMES), input: text('user'), output: text('tool') };
  }
  const input = text('user');
  const output = text('assistant');
  const model = random.pick(MODELS);
  const promptTokens = Math.ceil(JSON.stringify(input).length / 4);
  const completionTokens = Math.ceil(JSON.stringify(output).length / 4);
  const inputCost = round((promptTokens * model.input) / 1e6);
  const outputCost = round((completionTokens * model.output) / 1e6);
  return {
    ...base,
    type: 'GENERATION',
    name: random.pick(GENERATION_NAMES),
    model: model.name,
    modelParameters: { temperature: random.pick([0, 0.2, 0.7, 1]), max_tokens: random.pick([256, 1024, 4096]) },
    completionStartTime: startTime + Math.min(endTime - startTime, random.int(50, 800)),
    input,
    output,
    usage: { input: promptTokens, output: completionTokens, total: promptTokens + completionTokens },
    cost: { input: inputCost, output: outputCost, total: round(inputCost + outputCost) },
  };
}

/** A chat-style JSON value of about `bytes` bytes once serialised. */
function jsonMessage(random, role, bytes) {
  let content = '';
  while (content.length < bytes - 40) content += `${random.pick(WORDS)} `;
  return role === 'user'
    ? { messages: [{ role: 'user', content: content.trimEnd() }] }
    : { role, content: content.trimEnd() };
}

function round(value) {
  return Math.round(value * 1e9) / 1e9;
}

/** Observations in a list of traces (the unit of trace ingest throughput). */
export function countObservations(traces) {
  let total = 0;
  for (const trace of traces) total += trace.observations.length;
  return total;
}
