import { gunzipSync } from 'node:zlib';
import { loadFixture } from '../../../test/fixtures/fixtures.js';
import { decodeExportRequest, jsonShapeOf, otlpMessageType } from './otlp-protobuf.js';
import { readExportMessage } from './otlp-protobuf-spans.js';
import { parseExportRequest } from './otlp-request.js';

const id = (hex: string) => Buffer.from(hex, 'hex').toString('base64');
const TRACE = id('6ce34dd88bff6cc50b5923d8f1a52ae2');
const span = (spanId: string, fields: Record<string, unknown> = {}) => ({
  traceId: TRACE,
  spanId: id(spanId),
  name: `span ${spanId}`,
  startTimeUnixNano: '1795248429800999999',
  ...fields,
});

/** protobuf bytes of a request given in protobufjs' object form (bytes base64, 64-bit numbers as strings). */
function encode(request: Record<string, unknown>): Buffer {
  const type = otlpMessageType('ExportTraceServiceRequest');
  return Buffer.from(type.encode(type.fromObject(request)).finish());
}

/** What the OTLP/JSON reader makes of the same message, the reference for the direct reader. */
function throughJsonShape(body: Buffer) {
  return parseExportRequest(jsonShapeOf(decodeExportRequest(body), 'ExportTraceServiceRequest'));
}

describe('readExportMessage', () => {
  it('reads every field and AnyValue kind as the OTLP/JSON reader reads their JSON shape', () => {
    const body = encode({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
          scopeSpans: [
            {
              scope: { name: 'lib', version: '1.2' },
              spans: [
                span('10aa9bd42bebb595', {
                  parentSpanId: id('0529a8b585a8b613'),
                  kind: 3,
                  endTimeUnixNano: '1795248429900000000',
                  attributes: [
                    { key: 'text', value: { stringValue: '{"q":1}' } },
                    { key: 'empty', value: { stringValue: '' } },
                    { key: 'flag', value: { boolValue: false } },
                    { key: 'small', value: { intValue: '-21' } },
                    { key: 'huge', value: { intValue: '9223372036854775807' } },
                    { key: 'ratio', value: { doubleValue: 0.25 } },
                    { key: 'nan', value: { doubleValue: NaN } },
                    { key: 'bytes', value: { bytesValue: Buffer.from([0, 1, 255]).toString('base64') } },
                    { key: 'list', value: { arrayValue: { values: [{ stringValue: 'a' }, { intValue: '1' }, {}] } } },
                    { key: 'map', value: { kvlistValue: { values: [{ key: 'k', value: { arrayValue: {} } }] } } },
                    { key: 'unset' },
                    { key: 'text', value: { stringValue: 'later duplicate wins' } },
                    { key: '__proto__', value: { kvlistValue: { values: [{ key: 'polluted', value: { boolValue: true } }] } } },
                  ],
                  events: [
                    { name: 'exception', timeUnixNano: '1795248429850000000', attributes: [{ key: 'exception.message', value: { stringValue: 'boom' } }] },
                    { name: 'untimed' },
                  ],
                  links: [
                    { traceId: TRACE, spanId: id('0529a8b585a8b613'), attributes: [{ key: 'why', value: { stringValue: 'retry' } }] },
                    { traceId: TRACE, spanId: id('0000000000000000') },
                  ],
                  status: { code: 2, message: 'failed' },
                }),
                span('20aa9bd42bebb595', { parentSpanId: id('0000000000000000'), status: { code: 1 } }),
              ],
            },
          ],
        },
        { scopeSpans: [{ spans: [span('30aa9bd42bebb595')] }] },
      ],
    });
    const read = readExportMessage(decodeExportRequest(body));
    expect(read).toEqual(throughJsonShape(body));
    expect(read.rejectedSpans).toBe(0);
    const [first, second, third] = read.spans;
    expect(first.startTime).toEqual(new Date(1795248429800));
    expect(first.attributes).toMatchObject({ huge: '9223372036854775807', small: -21, nan: 'NaN', bytes: 'AAH/' });
    // `__proto__` is an attribute like any other: an own key, not the map's prototype.
    expect(Object.getPrototypeOf(first.attributes)).toBe(Object.prototype);
    expect(Object.keys(first.attributes)).toContain('__proto__');
    expect(Object.getOwnPropertyDescriptor(first.attributes, '__proto__')?.value).toEqual({ polluted: true });
    expect((first.attributes as Record<string, unknown>).polluted).toBeUndefined();
    expect(first.links).toHaveLength(1);
    expect(second.parentSpanId).toBeUndefined();
    expect(third.resource).toEqual({});
  });

  it('rejects the same spans for the same reasons, NUL strings included', () => {
    const nul = 'a\u0000b';
    const body = encode({
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                span('10aa9bd42bebb595'),
                span('20aa9bd42bebb595', { name: nul }),
                span('30aa9bd42bebb595', { attributes: [{ key: 'k', value: { arrayValue: { values: [{ stringValue: nul }] } } }] }),
                span('40aa9bd42bebb595', { events: [{ name: 'e', attributes: [{ key: nul, value: { boolValue: true } }] }] }),
                span('50aa9bd42bebb595', { spanId: Buffer.from([1, 2, 3]).toString('base64') }),
                span('60aa9bd42bebb595', { traceId: id('00000000000000000000000000000000') }),
                span('70aa9bd42bebb595', { startTimeUnixNano: '0' }),
                // 2^64 - 1 ns: within the year 2554, so kept.
                span('80aa9bd42bebb595', { startTimeUnixNano: '18446744073709551615' }),
              ],
            },
          ],
        },
        { resource: { attributes: [{ key: 'host', value: { stringValue: nul } }] }, scopeSpans: [{ spans: [span('90aa9bd42bebb595')] }] },
        { scopeSpans: [{ scope: { name: nul }, spans: [span('a0aa9bd42bebb595')] }] },
      ],
    });
    const read = readExportMessage(decodeExportRequest(body));
    expect(read).toEqual(throughJsonShape(body));
    expect(read.spans.map((s) => s.spanId)).toEqual(['10aa9bd42bebb595', '80aa9bd42bebb595']);
    expect(read.rejectedSpans).toBe(8);
    expect(read.rejections[0]).toMatch(/ at span\.name contains a NUL/);
  });

  it('reads the OTLP proto exporter capture as its JSON form', () => {
    const [captured] = loadFixture('otel-plain-proto-gzip-and-json').filter((r) => r.bodyBase64);
    const read = readExportMessage(decodeExportRequest(gunzipSync(Buffer.from(captured.bodyBase64!, 'base64'))));
    expect(read).toEqual(parseExportRequest(captured.decodedProtobufAsOtlpJson));
    expect(read.spans).toHaveLength(3);
  });

  it('takes an empty request as no spans', () => {
    expect(readExportMessage(decodeExportRequest(Buffer.alloc(0)))).toEqual({ spans: [], rejectedSpans: 0, rejections: [] });
  });
});
