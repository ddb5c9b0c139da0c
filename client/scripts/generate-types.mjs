// Regenerates client/src/generated/openapi.ts from the OpenAPI document the built server
// serves at /docs/json. Run through `npm run client:generate` (which builds the server first).
// With DATABASE_URL (and API_BEARER_TOKEN) set it uses that database; otherwise the server
// starts its embedded PostgreSQL in a throw-away data directory.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GENERATED_TYPES_URL, openApiToTypeScript } from './openapi-to-ts.mjs';

const SERVER_ENTRY = resolve(fileURLToPath(new URL('../../dist/src/main.js', import.meta.url)));
const READY_TIMEOUT_MS = 120_000;

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'xtrace-openapi-'));
  const port = await freePort();
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    BIND_ADDR: `127.0.0.1:${port}`,
    XTRACE_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
  };
  if (process.env.DATABASE_URL) {
    env.DATABASE_URL = process.env.DATABASE_URL;
    env.API_BEARER_TOKEN = process.env.API_BEARER_TOKEN ?? 'openapi-generation';
  }
  const server = spawn(process.execPath, [SERVER_ENTRY], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  // Kept quiet (the banner names a generated token); shown only when something fails.
  let output = '';
  server.stdout.on('data', (chunk) => (output += chunk));
  server.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((done) => server.once('exit', done));
  try {
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitForHealthy(baseUrl, exited);
    const response = await fetch(`${baseUrl}/docs/json`);
    if (!response.ok) throw new Error(`/docs/json answered ${response.status}`);
    const source = await openApiToTypeScript(await response.json());
    writeFileSync(GENERATED_TYPES_URL, source);
    process.stdout.write(`wrote ${fileURLToPath(GENERATED_TYPES_URL)}\n`);
  } catch (error) {
    process.stderr.write(output);
    throw error;
  } finally {
    if (server.exitCode === null) server.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function waitForHealthy(baseUrl, exited) {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (gone) throw new Error('the server exited before it became healthy');
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`the server did not become healthy in ${READY_TIMEOUT_MS} ms`);
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

main().catch((error) => {
  process.stderr.write(`client:generate failed: ${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
