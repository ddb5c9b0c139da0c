/** Latency summaries: nearest-rank percentiles over the recorded samples (ms). */
export function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]);
  return { n: sorted.length, p50: at(50), p99: at(99), max: sorted.at(-1) ?? NaN };
}
