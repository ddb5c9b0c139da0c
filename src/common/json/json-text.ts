/**
 * A JSON text already known to be valid (it parsed), carried as text so that it reaches
 * PostgreSQL as sent: a large input or output is not kept as an object graph while it
 * waits for its flush, nor serialised again. Numbers keep every digit they were sent with.
 */
export class JsonText {
  constructor(readonly text: string) {}

  /** `text` as a JsonText when it is JSON, else undefined. */
  static parse(text: string): JsonText | undefined {
    try {
      JSON.parse(text);
      return new JsonText(text);
    } catch {
      return undefined;
    }
  }
}

/**
 * `JSON.stringify(row)`, except that a JsonText held by one of the row's own fields is
 * written as its text. Rows without one take JSON.stringify's path unchanged.
 */
export function stringifyRow(row: object): string {
  let texts = '';
  let rest: Record<string, unknown> | undefined;
  for (const key in row) {
    const value = (row as Record<string, unknown>)[key];
    if (!(value instanceof JsonText)) continue;
    rest ??= { ...row };
    // undefined, not delete: JSON.stringify leaves it out and the object keeps its shape.
    rest[key] = undefined;
    texts += `${JSON.stringify(key)}:${value.text},`;
  }
  if (rest === undefined) return JSON.stringify(row);
  const others = JSON.stringify(rest);
  return others === '{}' ? `{${texts.slice(0, -1)}}` : `{${texts}${others.slice(1)}`;
}

/** A JSON array of rows, as `stringifyRow` writes each. */
export function stringifyRows(rows: readonly object[]): string {
  return `[${rows.map(stringifyRow).join(',')}]`;
}
