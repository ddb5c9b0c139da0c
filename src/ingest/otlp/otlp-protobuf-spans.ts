import { findUnstorableString, unstorableMessage } from '../../common/body/storable-strings.js';
import {
  type AttributeValue,
  type Attributes,
  dateOfMillis,
  newAttributes,
  noneIfZero,
  type OtlpSpan,
  type ParsedExport,
  rejectSpan,
  setAttribute,
  SpanError,
} from './otlp-request.js';
import { jsonShapeOf } from './otlp-protobuf.js';

/*
 * The decoded protobuf messages, as protobufjs builds them: every field reads its default
 * when unset (empty string, 0, empty array), sub-messages read null, 64-bit numbers are
 * Long (or number), bytes are Buffers, and a oneof names its set field.
 */
interface Long {
  high: number;
  low: number;
  isZero(): boolean;
  toNumber(): number;
}
type Int64 = number | Long;
interface AnyValueMessage {
  value?: 'stringValue' | 'boolValue' | 'intValue' | 'doubleValue' | 'arrayValue' | 'kvlistValue' | 'bytesValue';
  stringValue: string;
  boolValue: boolean;
  intValue: Int64;
  doubleValue: number;
  arrayValue: { values: AnyValueMessage[] } | null;
  kvlistValue: { values: KeyValueMessage[] } | null;
  bytesValue: Uint8Array;
}
interface KeyValueMessage {
  key: string;
  value: AnyValueMessage | null;
}
interface SpanMessage {
  traceId: Uint8Array;
  spanId: Uint8Array;
  parentSpanId: Uint8Array;
  name: string;
  kind: number;
  startTimeUnixNano: Int64;
  endTimeUnixNano: Int64;
  attributes: KeyValueMessage[];
  events: { timeUnixNano: Int64; name: string; attributes: KeyValueMessage[] }[];
  links: { traceId: Uint8Array; spanId: Uint8Array; attributes: KeyValueMessage[] }[];
  status: { code: number; message: string } | null;
}
export interface ExportRequestMessage {
  resourceSpans: {
    resource: { attributes: KeyValueMessage[] } | null;
    scopeSpans: { scope: { name: string; version: string } | null; spans: SpanMessage[] }[];
  }[];
}

/**
 * Reads a decoded ExportTraceServiceRequest straight into spans, as `parseExportRequest`
 * reads the OTLP/JSON shape: the same spans, rejections and reasons, without building that
 * shape first. Strings come from strict UTF-8 decoding, so the only one PostgreSQL cannot
 * store holds a NUL, checked while each string is read.
 */
export function readExportMessage(message: ExportRequestMessage): ParsedExport {
  const parsed: ParsedExport = { spans: [], rejectedSpans: 0, rejections: [] };
  for (const resourceSpans of message.resourceSpans) {
    const reader = new MessageReader();
    const resource = reader.attributes(resourceSpans.resource?.attributes);
    const resourceNul = reader.sawNul;
    for (const scopeSpans of resourceSpans.scopeSpans) {
      const scope = scopeSpans.scope;
      const scopeInfo = { name: scope?.name, version: scope?.version };
      const scopeNul = scope !== null && (hasNul(scope.name) || hasNul(scope.version));
      for (const span of scopeSpans.spans) {
        try {
          if (resourceNul) throw unstorable(jsonShapeOf(resourceSpans.resource!, 'Resource'), 'resource');
          if (scopeNul) throw unstorable(jsonShapeOf(scope, 'InstrumentationScope'), 'scope');
          const spanReader = new MessageReader();
          const read = spanReader.span(span);
          if (spanReader.sawNul) throw unstorable(jsonShapeOf(span, 'Span'), 'span');
          parsed.spans.push({ ...read, resource, scope: scopeInfo });
        } catch (error) {
          rejectSpan(parsed, error);
        }
      }
    }
  }
  return parsed;
}

function unstorable(shape: unknown, path: string): SpanError {
  return new SpanError(unstorableMessage(findUnstorableString(shape, path) ?? path));
}

function hasNul(text: string): boolean {
  return text.includes('\0');
}

/** Reads one span (or a resource's attributes), noting whether any string it read holds a NUL. */
class MessageReader {
  sawNul = false;

  span(span: SpanMessage): Omit<OtlpSpan, 'resource' | 'scope'> {
    const spanId = this.id(span.spanId, 8, 'spanId');
    const label = `span ${spanId ?? '?'}`;
    const traceId = this.id(span.traceId, 16, 'traceId');
    if (!traceId || !spanId) throw new SpanError(`${label}: traceId and spanId must be non-zero ids (hex)`);
    const startTime = nanosDate(span.startTimeUnixNano, `${label}: startTimeUnixNano`);
    if (!startTime) throw new SpanError(`${label}: startTimeUnixNano is required`);
    const links: OtlpSpan['links'] = [];
    for (const link of span.links) {
      const linkTrace = this.id(link.traceId, 16, `${label}: link traceId`);
      const linkSpan = this.id(link.spanId, 8, `${label}: link spanId`);
      if (linkTrace && linkSpan) links.push({ traceId: linkTrace, spanId: linkSpan, attributes: this.attributes(link.attributes) });
    }
    return {
      traceId,
      spanId,
      parentSpanId: this.id(span.parentSpanId, 8, `${label}: parentSpanId`),
      name: this.text(span.name),
      kind: span.kind || undefined,
      startTime,
      endTime: nanosDate(span.endTimeUnixNano, `${label}: endTimeUnixNano`),
      attributes: this.attributes(span.attributes),
      events: span.events.map((event) => ({
        name: this.text(event.name),
        time: nanosDate(event.timeUnixNano, `${label}: event time`),
        attributes: this.attributes(event.attributes),
      })),
      links,
      status: { code: span.status?.code ?? 0, message: this.text(span.status?.message ?? '') || undefined },
    };
  }

  /** KeyValue[] → object; later duplicates win. */
  attributes(pairs: KeyValueMessage[] | undefined): Attributes {
    const result = newAttributes();
    if (!pairs) return result;
    for (const pair of pairs) setAttribute(result, this.text(pair.key), this.anyValue(pair.value));
    return result;
  }

  /** As `anyValue` of the OTLP/JSON reader: int64 beyond 2^53 as a decimal string, bytes as base64. */
  private anyValue(value: AnyValueMessage | null): AttributeValue {
    switch (value?.value) {
      case 'stringValue':
        return this.text(value.stringValue);
      case 'boolValue':
        return value.boolValue;
      case 'intValue': {
        const int = value.intValue;
        const number = typeof int === 'number' ? int : int.toNumber();
        return Number.isSafeInteger(number) ? number : String(int);
      }
      case 'doubleValue':
        return Number.isFinite(value.doubleValue) ? value.doubleValue : String(value.doubleValue);
      case 'arrayValue':
        return value.arrayValue!.values.map((item) => this.anyValue(item));
      case 'kvlistValue':
        return this.attributes(value.kvlistValue!.values);
      case 'bytesValue':
        return Buffer.from(value.bytesValue.buffer, value.bytesValue.byteOffset, value.bytesValue.byteLength).toString('base64');
      default:
        return null;
    }
  }

  private text(value: string): string {
    if (hasNul(value)) this.sawNul = true;
    return value;
  }

  /** Id bytes as lowercase hex; empty or all-zero is "none". */
  private id(bytes: Uint8Array, length: number, field: string): string | undefined {
    if (bytes.length === 0) return undefined;
    if (bytes.length !== length) throw new SpanError(`${field} must be ${length * 2} hex characters`);
    return noneIfZero(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex'));
  }
}

/** Unix nanoseconds → Date, exactly (through BigInt: nanoseconds pass 2^53); 0 is "none". */
function nanosDate(nanos: Int64, field: string): Date | undefined {
  if (typeof nanos === 'number') return nanos === 0 ? undefined : dateOfMillis(Math.floor(nanos / 1e6), field);
  if (nanos.isZero()) return undefined;
  const exact = (BigInt(nanos.high >>> 0) << 32n) | BigInt(nanos.low >>> 0);
  return dateOfMillis(Number(exact / 1_000_000n), field);
}
