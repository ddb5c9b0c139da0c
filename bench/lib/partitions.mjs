const DAY_MS = 86_400_000;

/**
 * Day partitions of metric_points for [fromMs, toMs], created by the schema's own
 * `metric_points_ensure_partitions(date[])` (the function the server's writer calls), so
 * the raw writer and the bulk loader use exactly the partitions the server would.
 */
export async function ensurePointPartitions(client, fromMs, toMs) {
  const days = [];
  for (let day = Math.floor(fromMs / DAY_MS) * DAY_MS; day <= toMs; day += DAY_MS) days.push(new Date(day).toISOString().slice(0, 10));
  await client.query('SELECT metric_points_ensure_partitions($1::date[])', [days]);
}
