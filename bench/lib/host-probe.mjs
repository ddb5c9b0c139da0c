/**
 * A fixed amount of work timed on the host, at the start and the end of a run: the same
 * machine changed speed by about 2× between runs (a shared host), so a run reports whether
 * its own host held still. Best of three, in ms; lower is faster.
 */
const SAMPLE = { id: 'probe', model: 'gpt-4o', usage: { input: 120, output: 480 }, input: 'x'.repeat(2_000), tags: ['a', 'b'] };

function nodeWork() {
  let bytes = 0;
  for (let index = 0; index < 20_000; index++) bytes += JSON.stringify(JSON.parse(JSON.stringify({ ...SAMPLE, index }))).length;
  return bytes;
}

async function bestOf(runs, once) {
  let best = Infinity;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await once();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

/** `client`: a connected `pg` client on the benchmark's PostgreSQL. */
export async function probeHost(client) {
  return {
    nodeMs: await bestOf(3, nodeWork),
    postgresMs: await bestOf(3, () => client.query('SELECT sum(g) FROM generate_series(1, 3000000) AS g')),
  };
}
