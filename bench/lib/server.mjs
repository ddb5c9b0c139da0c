import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const SERVER_ENTRY = resolve(import.meta.dirname, '../../dist/src/main.js');

/**
 * Runs the built xtrace server (`node dist/src/main.js`) against the benchmark database.
 * Query routes get a rate limit high enough not to be what is measured. With `cpuProfileDir`
 * the server writes a V8 CPU profile there when it exits.
 */
export async function startXtrace({ databaseUrl, projectId, logLevel, cpuProfileDir, env = {} }) {
  const port = await freePort();
  const token = randomBytes(24).toString('hex');
  // The heap limit `npm start` sets: without it V8 on a large machine lets garbage grow the
  // process to several times its live data before collecting.
  // BENCH_SERVER_NODE_ARGS adds V8 flags for an experiment (e.g. a young generation size).
  const extraArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const profileArgs = cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : [];
  const nodeArgs = ['--max-old-space-size=384', ...extraArgs, ...profileArgs];
  const child = spawn(process.execPath, [...nodeArgs, SERVER_ENTRY], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DATABASE_URL: databaseUrl,
      API_BEARER_TOKEN: token,
      BIND_ADDR: `127.0.0.1:${port}`,
      DEFAULT_PROJECT_ID: projectId,
      LOG_LEVEL: logLevel,
      RATE_LIMIT_QPS: '1000000',
      RATE_LIMIT_BURST: '1000000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk) => (tail = (tail + chunk.toString()).slice(-20_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((done) => child.once('exit', (code, signal) => done(code ?? signal)));
  const origin = `http://127.0.0.1:${port}`;
  await waitHealthy(origin, exited, () => tail);
  return {
    origin,
    token,
    pid: child.pid,
    output: () => tail,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

async function waitHealthy(origin, exited, output) {
  let exitCode;
  void exited.then((code) => (exitCode = code));
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; await sleep(200)) {
    if (exitCode !== undefined) throw new Error(`xtrace exited with ${exitCode}:\n${output()}`);
    try {
      if ((await fetch(`${origin}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
  }
  throw new Error(`xtrace did not become ready:\n${output()}`);
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
