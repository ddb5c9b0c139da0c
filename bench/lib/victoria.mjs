import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SERIES } from './metric-generator.mjs';

/**
 * VictoriaMetrics (the Debian package `victoria-metrics`), when installed: a purpose-built
 * TSDB on loopback given the same points and the same questions, for the ratio.
 */

export function victoriaMetricsBinary() {
  try {
    return execFileSync('sh', ['-c', 'command -v victoria-metrics'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export async function startVictoriaMetrics(binary) {
  const dataDir = mkdtempSync(join(tmpdir(), 'xtrace-bench-vm-'));
  const port = await freePort();
  const child = spawn(binary, [
    `-storageDataPath=${dataDir}`,
    `-httpListenAddr=127.0.0.1:${port}`,
    '-retentionPeriod=100y',
    '-loggerLevel=ERROR',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-5000)));
  const origin = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    try {
      if ((await fetch(`${origin}/health`)).ok) break;
    } catch {
      if (tries > 100) throw new Error(`VictoriaMetrics did not start: ${stderr}`);
    }
    await sleep(100);
  }
  return {
    origin,
    pid: child.pid,
    /** Streams the points through `/api/v1/import` (one JSON line per series) and flushes; returns seconds. */
    async importPoints({ timestamps, values }) {
      const started = performance.now();
      const response = await fetch(`${origin}/api/v1/import`, { method: 'POST', body: importLines(timestamps, values), duplex: 'half' });
      if (!response.ok) throw new Error(`VictoriaMetrics import: ${response.status} ${await response.text()}`);
      await fetch(`${origin}/internal/force_flush`);
      return (performance.now() - started) / 1000;
    },
    async queryRange(query, startMs, endMs, stepSeconds) {
      const params = new URLSearchParams({
        query,
        start: String(startMs / 1000),
        end: String(endMs / 1000),
        step: `${stepSeconds}s`,
        nocache: '1',
      });
      const response = await fetch(`${origin}/api/v1/query_range?${params}`);
      const body = await response.json();
      if (body.status !== 'success') throw new Error(`VictoriaMetrics query failed: ${JSON.stringify(body).slice(0, 300)}`);
      return body.data.result;
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((done) => child.once('exit', done));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function importLines(timestamps, values) {
  const scrapes = timestamps.length;
  const stamps = JSON.stringify(Array.from(timestamps));
  return (async function* lines() {
    for (let index = 0; index < SERIES.length; index++) {
      const series = SERIES[index];
      const seriesValues = new Array(scrapes);
      for (let scrape = 0; scrape < scrapes; scrape++) seriesValues[scrape] = values[scrape * SERIES.length + index];
      const metric = JSON.stringify({ __name__: series.name, ...series.labels });
      yield Buffer.from(`{"metric":${metric},"values":${JSON.stringify(seriesValues)},"timestamps":${stamps}}\n`);
    }
  })();
}

function freePort() {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
}
