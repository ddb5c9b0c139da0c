/**
 * Summarises a V8 CPU profile (`node --cpu-prof`, e.g. the server's with BENCH_CPU_PROF_DIR):
 * self time by package and by function, so a bottleneck can be named without a flame graph
 * viewer. Usage: node bench/profile-summary.mjs <file.cpuprofile> [top] [skip-seconds]
 * (skip-seconds leaves out the start of the profile, e.g. the server's start-up).
 */
import { readFileSync } from 'node:fs';

const [file, topArgument, skipArgument] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node bench/profile-summary.mjs <file.cpuprofile> [top] [skip-seconds]\n');
  process.exit(2);
}
const top = Number(topArgument ?? 25);
const skipMicros = Number(skipArgument ?? 0) * 1e6;
const profile = JSON.parse(readFileSync(file, 'utf8'));

// Self time of a node = its samples × the sampling interval.
const selfMicros = new Map();
const intervals = profile.timeDeltas;
let elapsed = 0;
for (let index = 0; index < profile.samples.length; index++) {
  elapsed += intervals[index] ?? 0;
  if (elapsed < skipMicros) continue;
  const id = profile.samples[index];
  selfMicros.set(id, (selfMicros.get(id) ?? 0) + (intervals[index] ?? 0));
}
const idleIds = new Set(profile.nodes.filter((node) => node.callFrame.functionName === '(idle)').map((node) => node.id));
// Percentages are of busy time: idle samples are the process waiting for I/O.
const total = [...selfMicros.entries()].filter(([id]) => !idleIds.has(id)).reduce((sum, [, value]) => sum + value, 0);

const byFunction = new Map();
const byPackage = new Map();
for (const node of profile.nodes) {
  const micros = selfMicros.get(node.id) ?? 0;
  if (micros === 0 || idleIds.has(node.id)) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  // V8's own entries ((garbage collector), (program)) have no URL.
  const where = url ? packageOf(url) : functionName || '(native)';
  const key = `${functionName || '(anonymous)'}  ${shorten(url)}:${lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + micros);
  byPackage.set(where, (byPackage.get(where) ?? 0) + micros);
}

function packageOf(url) {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1];
  if (url.startsWith('node:')) return 'node core';
  if (url.includes('/dist/src/')) return `xtrace ${url.split('/dist/src/')[1].split('/')[0]}`;
  return url;
}

function shorten(url) {
  return url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, 'dist/').replace(/^file:\/\//, '');
}

const print = (title, map) => {
  process.stdout.write(`\n${title} (of ${(total / 1e6).toFixed(1)} s sampled)\n`);
  for (const [name, micros] of [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    process.stdout.write(`${((micros / total) * 100).toFixed(1).padStart(5)}%  ${(micros / 1e6).toFixed(2).padStart(7)} s  ${name}\n`);
  }
};
print('self time by package', byPackage);
print('self time by function', byFunction);
