import { randomBytes } from 'node:crypto';

/** Values that try to break a query parameter: SQL, sleeps, odd numbers and odd Unicode. */
export const HOSTILE_STRINGS: string[] = [
  "'; DROP TABLE traces; --",
  "' OR '1'='1",
  '1) OR (1=1',
  "x'); SELECT pg_sleep(5); --",
  '(SELECT pg_sleep(5))',
  'pg_sleep(5)',
  "timestamp.desc, (SELECT pg_sleep(5))",
  'id; SELECT pg_sleep(5)',
  '$1',
  '%',
  '_',
  '\\',
  '"',
  '`',
  '{}',
  '[]',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e400',
  '-1',
  '0',
  '1000000000000',
  '99999999999999999999999999999',
  '0x10',
  'null',
  'undefined',
  'true',
  '',
  ' ',
  'a'.repeat(5000),
  '../../../etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  '\u200b\u202e\ufeff',
  '😀🔥',
  'Ａ\u0301\u0327',
  '\ufffd',
  '\u0001\u001f',
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '__proto__',
  'constructor',
];

/** Raw percent-encoded query values that no encoder would produce from a valid string. */
export const HOSTILE_RAW_ENCODINGS: string[] = ['%00', 'a%00b', '%ED%A0%80', '%FF%FE', '%', '%G0', '%C0%AE%C0%AE%2F'];

/** A JSON OTLP export of one span whose fields are `spanFields` (raw JSON text). */
export function otlpSpanJson(traceId: string, spanId: string, spanFields: string): string {
  const start = BigInt(Date.now()) * 1_000_000n;
  return (
    `{"resourceSpans":[{"resource":{"attributes":[]},"scopeSpans":[{"scope":{"name":"hostile"},"spans":[` +
    `{"traceId":"${traceId}","spanId":"${spanId}","startTimeUnixNano":"${start}","endTimeUnixNano":"${start + 1000n}",${spanFields}}` +
    `]}]}]}`
  );
}

// --- a minimal protobuf writer, so hostile protobuf needs no encoder that would refuse it ---

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

/** A length-delimited field (wire type 2). */
export function field(number: number, payload: Buffer | string): Buffer {
  const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload;
  return Buffer.concat([varint((number << 3) | 2), varint(bytes.length), bytes]);
}

function fixed64(number: number, value: bigint): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(value);
  return Buffer.concat([varint((number << 3) | 1), bytes]);
}

/** An OTLP ExportTraceServiceRequest with one span carrying `attributes` (encoded KeyValues). */
export function otlpProtobuf(options: { name?: string | Buffer; attributes?: Buffer[]; traceId?: Buffer; spanId?: Buffer } = {}): Buffer {
  const start = BigInt(Date.now()) * 1_000_000n;
  const span = Buffer.concat([
    field(1, options.traceId ?? randomBytes(16)),
    field(2, options.spanId ?? randomBytes(8)),
    field(5, options.name ?? 'hostile'),
    fixed64(7, start),
    fixed64(8, start + 1000n),
    ...(options.attributes ?? []).map((attribute) => field(9, attribute)),
  ]);
  return field(1, field(2, field(2, span)));
}

/**
 * A span attribute whose value is an array nested `depth` deep (AnyValue → ArrayValue → …),
 * built outside-in in linear time: each level is only a prefix in front of the next.
 */
export function deepOtlpProtobuf(depth: number): Buffer {
  const innermost = Buffer.from([0x18, 0x01]); // AnyValue { int_value: 1 }
  const prefixes: Buffer[] = [];
  let length = innermost.length;
  for (let level = 0; level < depth; level++) {
    const arrayValue = Buffer.concat([Buffer.from([0x0a]), varint(length)]); // ArrayValue.values
    length += arrayValue.length;
    const anyValue = Buffer.concat([Buffer.from([0x2a]), varint(length)]); // AnyValue.array_value
    length += anyValue.length;
    prefixes.push(arrayValue, anyValue);
  }
  const value = Buffer.concat([...prefixes.reverse(), innermost]);
  return otlpProtobuf({ attributes: [Buffer.concat([field(1, 'deep'), field(2, value)])] });
}
