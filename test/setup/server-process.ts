import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

/** The built server entry point (`npm test` builds before running). */
export const SERVER_ENTRY = resolve(process.cwd(), 'dist/src/main.js');

export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  port: number;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** The banner line main.ts prints once the server listens: the bound address. */
const LISTENING = /xtrace is listening on (http:\/\/127\.0\.0\.1:(\d+))/;

/**
 * Starts `node dist/src/main.js` with exactly `env` (plus PATH/HOME) and waits until it listens.
 * Without a BIND_ADDR it binds port 0 and reads the port from its banner, so parallel test
 * workers can never race for one port (and talk to each other's servers).
 */
export async function startServer(env: Record<string, string>, options: { waitReady?: boolean } = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', BIND_ADDR: '127.0.0.1:0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const server: ServerProcess = {
    child,
    baseUrl: '',
    port: 0,
    output: () => output,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  if (options.waitReady !== false) await waitForListening(server);
  return server;
}

async function waitForListening(server: ServerProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void server.exited.then((code) => (exitCode = code));
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`server exited with ${exitCode}:\n${server.output()}`);
    const listening = LISTENING.exec(server.output());
    if (listening) {
      server.baseUrl = listening[1];
      server.port = Number(listening[2]);
      return;
    }
    await new Promise((done) => setTimeout(done, 50));
  }
  await server.stop('SIGKILL');
  throw new Error(`server did not start listening in ${timeoutMs} ms:\n${server.output()}`);
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject()));
    });
  });
}
