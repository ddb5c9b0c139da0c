/**
 * Compact JSON of a label object with keys sorted by their UTF-8 bytes: the identity
 * of a series in the in-process cache, and the order of series in query answers
 * (API.md §2.10: "ordered by the compact JSON text of their labels, keys sorted").
 */
export function canonicalLabels(labels: Record<string, string | null>): string {
  const keys = Object.keys(labels).sort(compareUtf8);
  return `{${keys.map((key) => `${JSON.stringify(key)}:${JSON.stringify(labels[key])}`).join(',')}}`;
}

/** Byte order of the UTF-8 encodings, which is what PostgreSQL's `COLLATE "C"` compares. */
export function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
