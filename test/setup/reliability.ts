import { readFileSync } from 'node:fs';

/** `XTRACE_LONG_TESTS=1` runs the long variants (more rounds, more cases); CI runs the bounded ones. */
export const LONG_TESTS = /^(1|true)$/i.test(process.env.XTRACE_LONG_TESTS ?? '');

export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** Resident and peak resident memory of a process in MiB (Linux /proc). */
export function memoryOf(pid: number): { rssMiB: number; peakMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
}

/** Polls `condition` every 50 ms; throws after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(50);
  }
}
