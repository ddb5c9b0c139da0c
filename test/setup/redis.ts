import { type ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { freePort } from './server-process.js';

export interface TestRedis {
  url: string;
  stop(): Promise<void>;
}

/** A real Redis: the one on 127.0.0.1:6379 when it answers, else a `redis-server` started here. */
export async function startRedis(): Promise<TestRedis> {
  if (await answers(6379)) return { url: 'redis://127.0.0.1:6379', stop: async () => undefined };
  const port = await freePort();
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const failed = new Promise<never>((_, reject) =>
    child.once('error', (error) => reject(new Error(`redis-server could not start (apt-get install redis-server): ${error.message}`))),
  );
  const deadline = Date.now() + 10_000;
  while (!(await Promise.race([answers(port), failed]))) {
    if (Date.now() > deadline) throw new Error('redis-server did not start');
    await new Promise((done) => setTimeout(done, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      child.kill('SIGTERM');
    },
  };
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
