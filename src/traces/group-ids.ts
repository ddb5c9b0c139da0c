/** Groups `(trace_id, id)` rows into id lists per trace, keeping row order. */
export function groupIds(rows: { trace_id: string; id: string }[]): Map<string, string[]> {
  const byTrace = new Map<string, string[]>();
  for (const row of rows) {
    const ids = byTrace.get(row.trace_id);
    if (ids) ids.push(row.id);
    else byTrace.set(row.trace_id, [row.id]);
  }
  return byTrace;
}
