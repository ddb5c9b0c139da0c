// CPU cost of metric ingest and queries, per point and per query, for the xtrace server
// process and the PostgreSQL backends (children of the postmaster). CPU time, unlike wall
// time, stays meaningful on a machine shared with other work.
// Usage: XT=http://127.0.0.1:8742 TOKEN=... SERVER_PID=... POSTMASTER_PID=... node bench/metrics-cpu.mjs
// Queries read `gpu_utilization` as seeded by bench/metrics-queries.mjs.
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const base = process.env.XT ?? 'http://127.0.0.1:8742';
const headers = { authorization: `Bearer ${process.env.TOKEN}`, 'content-type': 'application/json' };
const serverPid = Number(process.env.SERVER_PID);
const postmasterPid = Number(process.env.POSTMASTER_PID);
const ticks = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]);
};
const postgresTicks = () =>
  execSync(`pgrep -P ${postmasterPid} || true`).toString().trim().split('\n').filter(Boolean).map(Number)
    .reduce((sum, pid) => { try { return sum + ticks(pid); } catch { return sum; } }, 0);
async function measure(work) {
  const server = ticks(serverPid);
  const postgres = postgresTicks();
  const begin = performance.now();
  await work();
  return { wallMs: performance.now() - begin, serverMs: (ticks(serverPid) - server) * 10, postgresMs: (postgresTicks() - postgres) * 10 };
}

// Ingest: 20 requests of 5,000 points (100 series, scrape-like shared timestamps), 4 at a time.
const now = Date.now();
const bodies = Array.from({ length: 21 }, (_, round) =>
  JSON.stringify({
    metrics: Array.from({ length: 5000 }, (_, i) => ({
      name: 'cpu_probe',
      labels: { node_id: `node-${Math.floor(i / 50)}`, gpu_index: String(i % 8) },
      value: i,
      timestamp: new Date(now - 3_600_000 + round * 5_000 + Math.floor(i / 1000)).toISOString(),
    })),
  }),
);
const post = (body) => fetch(`${base}/v1/metrics/batch`, { method: 'POST', headers, body }).then((r) => { if (r.status !== 200) throw new Error(`ingest ${r.status}`); });
await post(bodies[0]);
let next = 1;
const ingest = await measure(() => Promise.all(Array.from({ length: 4 }, async () => { while (next < bodies.length) await post(bodies[next++]); })));
const points = (bodies.length - 1) * 5000;
const perPoint = (ms) => ((ms / points) * 1000).toFixed(1);
console.log(`ingest ${points} points: server ${perPoint(ingest.serverMs)} µs + PostgreSQL ${perPoint(ingest.postgresMs)} µs CPU per point` +
  ` → ${Math.round(points / ((ingest.serverMs + ingest.postgresMs) / 2000)).toLocaleString('en')} points/s if CPU-bound on 2 cores (wall here: ${Math.round(points / (ingest.wallMs / 1000)).toLocaleString('en')}/s)`);

const iso = (ms) => new Date(ms).toISOString();
const runs = 40;
for (const [label, window, step] of [['1h', 3_600_000, '1m'], ['24h', 86_400_000, '5m'], ['7d', 7 * 86_400_000, '1h']]) {
  for (const agg of ['avg', 'p99']) {
    for (const groupBy of [undefined, 'node_id']) {
      const query = new URLSearchParams({ name: 'gpu_utilization', from: iso(now - window), to: iso(now), step, agg, ...(groupBy ? { group_by: groupBy } : {}) });
      const get = () => fetch(`${base}/api/public/metrics/query?${query}`, { headers }).then((r) => r.text());
      await get();
      const cost = await measure(async () => { for (let i = 0; i < runs; i++) await get(); });
      console.log(`${label} step=${step} ${agg}${groupBy ? ' group_by=node_id' : ''}`.padEnd(34) +
        `server ${(cost.serverMs / runs).toFixed(1).padStart(5)} ms + PostgreSQL ${(cost.postgresMs / runs).toFixed(1).padStart(6)} ms CPU per query`);
    }
  }
}
