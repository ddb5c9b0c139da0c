import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { config as loadDotenv } from 'dotenv';
import { createApp } from './app.factory.js';
import { ConfigError, loadAppConfig } from './config/app-config.js';
import { resolveRuntime } from './runtime.js';

async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  const config = loadAppConfig();
  const runtime = await resolveRuntime(config, () => undefined);
  const app = await createApp(runtime.config);
  const { host } = runtime.config.server;
  await app.listen({ host, port: runtime.config.server.port });
  // BIND_ADDR with port 0 takes any free port: print the one the system gave.
  const { port } = app.getHttpServer().address() as AddressInfo;

  const base = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  printBanner(base, runtime.newToken);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.getHttpAdapter().getInstance().log.info({ signal }, 'shutting down: draining requests and the ingest queue');
    await app.close();
    await runtime.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  // A closed terminal or a supervisor's hang-up ends the process too: drain first.
  process.once('SIGHUP', () => void shutdown('SIGHUP'));
}

function printBanner(base: string, newToken: string | undefined): void {
  const lines = [
    `xtrace is listening on ${base}`,
    `  API:       ${base}/api/public  ·  ${base}/v1`,
    `  Docs:      ${base}/docs`,
    `  Dashboard: ${base}/`,
  ];
  if (newToken) {
    lines.push(
      `  API token (generated now, kept in the data directory; shown only this once): ${newToken}`,
      `  Sign in:   ${base}/#token=${newToken}`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`xtrace: ${error.message}\n`);
  } else {
    process.stderr.write(`xtrace: failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  }
  process.exit(1);
});
