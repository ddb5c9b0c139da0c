import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import copyStreams from 'pg-copy-streams';

/**
 * PostgreSQL COPY text format: tab-separated fields, `\N` for NULL, backslash escapes
 * for backslash, tab, newline and carriage return.
 */

const ESCAPES = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

export function copyField(value) {
  if (value === null || value === undefined) return '\\N';
  let text;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  else if (value instanceof Date) return value.toISOString();
  else text = JSON.stringify(value);
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (char) => ESCAPES[char]) : text;
}

/** A `text[]` literal, e.g. `{"a","b"}`. */
export function textArray(values) {
  return `{${values.map((value) => `"${value.replace(/[\\"]/g, (char) => `\\${char}`)}"`).join(',')}}`;
}

export function copyLine(fields) {
  return `${fields.map(copyField).join('\t')}\n`;
}

/** Streams `lines` (an iterable of COPY text lines) into `COPY <target> FROM STDIN`. */
export async function copyInto(client, target, lines) {
  const stream = client.query(copyStreams.from(`COPY ${target} FROM STDIN`));
  await pipeline(Readable.from(chunked(lines)), stream);
}

/** Streams binary COPY data (header, rows, trailer) into `sql`. */
export async function copyBinaryInto(client, sql, chunks) {
  await pipeline(Readable.from(chunks), client.query(copyStreams.from(sql)));
}

/** Groups lines into ~256 KB chunks: one stream write per line is slow. */
function* chunked(lines) {
  let chunk = '';
  for (const line of lines) {
    chunk += line;
    if (chunk.length >= 262_144) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
