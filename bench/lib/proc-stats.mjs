import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time and memory of the xtrace server and of PostgreSQL (the postmaster and all its
 * children), read from /proc. CPU is reported in seconds; divide by wall time for cores.
 */

const TICKS_PER_SECOND = clockTicks();

function clockTicks() {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
}

/** utime, stime, cutime, cstime (seconds) and ppid of a process, or undefined when it is gone. */
function readStat(pid) {
  let text;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may contain spaces; the fields after it are fixed.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const ticks = (index) => Number(fields[index]) / TICKS_PER_SECOND;
  return { ppid: Number(fields[1]), own: ticks(11) + ticks(12), reaped: ticks(13) + ticks(14) };
}

/** CPU seconds of one process (with its reaped children). */
export function processCpuSeconds(pid) {
  const stat = readStat(pid);
  return stat ? stat.own + stat.reaped : 0;
}

/**
 * CPU seconds of PostgreSQL: the postmaster (with backends that already exited and were
 * reaped) plus every live child process (backends, walwriter, checkpointer, ...).
 */
export function postgresCpuSeconds(postmasterPid) {
  if (!postmasterPid) return 0;
  let total = processCpuSeconds(postmasterPid);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(entry);
    if (stat?.ppid === postmasterPid) total += stat.own;
  }
  return total;
}

/** Resident set size of a process in MB. */
export function rssMegabytes(pid) {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** The parent of a process (for finding the postmaster from a backend pid). */
export function parentPid(pid) {
  return readStat(pid)?.ppid;
}

/**
 * Measures CPU of the server, PostgreSQL and this process between `start()` and `stop()`,
 * and samples the server's RSS every 200 ms.
 */
export function startResourceMeter({ serverPid, postmasterPid }) {
  const begin = {
    wall: performance.now(),
    server: processCpuSeconds(serverPid),
    postgres: postgresCpuSeconds(postmasterPid),
    bench: process.cpuUsage(),
  };
  let maxRss = rssMegabytes(serverPid);
  const sampler = setInterval(() => (maxRss = Math.max(maxRss, rssMegabytes(serverPid))), 200);
  return {
    stop() {
      clearInterval(sampler);
      maxRss = Math.max(maxRss, rssMegabytes(serverPid));
      const seconds = (performance.now() - begin.wall) / 1000;
      const bench = process.cpuUsage(begin.bench);
      return {
        seconds,
        serverCores: (processCpuSeconds(serverPid) - begin.server) / seconds,
        postgresCores: (postgresCpuSeconds(postmasterPid) - begin.postgres) / seconds,
        benchCores: (bench.user + bench.system) / 1e6 / seconds,
        serverRssMaxMb: maxRss,
      };
    },
  };
}
