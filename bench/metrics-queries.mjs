// Seeds metric points over HTTP (reporting ingest points/s) and times the metrics queries.
// Usage: XT=http://127.0.0.1:8742 TOKEN=... node bench/metrics-queries.mjs [points=1000000] [runs=30]
// Points: 1,000 series (gpu_utilization{node_id,gpu_index} and span_duration{span_name,model}),
// scraped in time order over the 7 days before now.
const base = process.env.XT ?? 'http://127.0.0.1:8742';
const headers = { authorization: `Bearer ${process.env.TOKEN}`, 'content-type': 'application/json' };
const total = Number(process.argv[2] ?? 1_000_000);
const runs = Number(process.argv[3] ?? 30);
const SERIES = 1000;
const WEEK = 7 * 86_400_000;
const end = Date.now();
const start = end - WEEK;
const interval = WEEK / (total / SERIES);

function seriesLabels(index) {
  if (index < 500) return ['gpu_utilization', { node_id: `node-${Math.floor(index / 8)}`, gpu_index: String(index % 8) }];
  const i = index - 500;
  return ['span_duration', { span_name: `span-${Math.floor(i / 10)}`, model: `model-${i % 10}` }];
}

let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);

async function seed_points() {
  const requestSize = 5000;
  const concurrency = 4;
  let next = 0;
  const makeRequest = (offset) => {
    const metrics = [];
    for (let i = offset; i < Math.min(offset + requestSize, total); i++) {
      const [name, labels] = seriesLabels(i % SERIES);
      metrics.push({ name, labels, value: Math.round(random() * 10000) / 100, timestamp: new Date(start + Math.floor(i / SERIES) * interval).toISOString() });
    }
    return JSON.stringify({ metrics });
  };
  const begin = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const offset = next;
        next += requestSize;
        const response = await fetch(`${base}/v1/metrics/batch`, { method: 'POST', headers, body: makeRequest(offset) });
        if (response.status !== 200) throw new Error(`ingest ${response.status} ${await response.text()}`);
      }
    }),
  );
  const seconds = (performance.now() - begin) / 1000;
  console.log(`ingest: ${total} points in ${seconds.toFixed(1)} s = ${Math.round(total / seconds).toLocaleString('en')} points/s (HTTP, ${requestSize}/request, concurrency ${concurrency}, incl. building the JSON)`);
}

async function time(label, query) {
  const durations = [];
  let body;
  for (let run = 0; run < runs; run++) {
    const begin = performance.now();
    const response = await fetch(`${base}/api/public/metrics/query?${new URLSearchParams(query)}`, { headers });
    body = await response.json();
    durations.push(performance.now() - begin);
    if (response.status !== 200) throw new Error(`${label}: ${response.status} ${JSON.stringify(body)}`);
  }
  durations.sort((a, b) => a - b);
  const pick = (q) => durations[Math.min(durations.length - 1, Math.floor(q * durations.length))].toFixed(1);
  console.log(`${label.padEnd(40)} p50 ${pick(0.5).padStart(7)} ms   p99 ${pick(0.99).padStart(7)} ms   series ${body.meta.series_count}`);
}

if (!process.argv.includes('--no-seed')) await seed_points();
const iso = (ms) => new Date(ms).toISOString();
const now = Date.now();
const windows = { '1h': 3_600_000, '24h': 86_400_000, '7d': WEEK };
for (const [window, ms] of Object.entries(windows)) {
  const step = window === '1h' ? '1m' : window === '24h' ? '5m' : '1h';
  for (const agg of ['avg', 'p99']) {
    await time(`gpu_utilization ${window} step=${step} ${agg}`, { name: 'gpu_utilization', from: iso(now - ms), to: iso(now), step, agg });
    await time(`gpu_utilization ${window} step=${step} ${agg} by node`, { name: 'gpu_utilization', from: iso(now - ms), to: iso(now), step, agg, group_by: 'node_id' });
  }
}
