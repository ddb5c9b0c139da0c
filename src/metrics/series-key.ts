/**
 * Compact JSON of a flat label object with its keys sorted: one text per label set,
 * the identity of a series in the in-process cache. (The series order of query answers,
 * by UTF-8 bytes, is computed in SQL.) A replacer array makes `JSON.stringify` emit the
 * keys in its order, natively: this runs for every ingested point.
 */
export function canonicalLabels(labels: Record<string, string | null>): string {
  return JSON.stringify(labels, Object.keys(labels).sort());
}

