import { loadFixture } from '../../../test/fixtures/fixtures.js';
import { AppError } from '../../common/errors/app-error.js';
import { decodeExportRequest, encodeExportResponse } from './otlp-protobuf.js';
import { anyValue, parseExportRequest, readId, readNanos } from './otlp-request.js';

const span = (fields: Record<string, unknown>) => ({
  traceId: '6ce34dd88bff6cc50b5923d8f1a52ae2',
  spanId: '10aa9bd42bebb595',
  name: 's',
  startTimeUnixNano: '1795248429800000000',
  ...fields,
});
const request = (...spans: unknown[]) => ({ resourceSpans: [{ scopeSpans: [{ spans }] }] });

describe('parseExportRequest', () => {
  it('reads a span of the OTLP/JSON exporter', () => {
    const [captured] = loadFixture('otel-plain-proto-gzip-and-json').filter((r) => r.json);
    const parsed = parseExportRequest(captured.json);
    expect(parsed.rejectedSpans).toBe(0);
    expect(parsed.spans).toHaveLength(3);
    const chat = parsed.spans[0];
    expect(chat).toMatchObject({
      traceId: '6ce34dd88bff6cc50b5923d8f1a52ae2',
      spanId: '10aa9bd42bebb595',
      parentSpanId: '0529a8b585a8b613',
      name: 'chat gpt-4o-mini',
      kind: 3,
      startTime: new Date(1795248429800),
      endTime: new Date(1795248429800),
      status: { code: 1 },
      resource: { 'service.name': 'svc-json', 'service.version': '9.9.9', 'deployment.environment.name': 'test' },
      scope: { name: 'my-app', version: '1.0.0' },
    });
    expect(chat.attributes).toMatchObject({
      'gen_ai.request.max_tokens': 256,
      'gen_ai.request.temperature': 0.5,
      'gen_ai.response.finish_reasons': ['stop'],
    });
    expect(chat.events).toEqual([
      { name: 'gen_ai.content.prompt', time: new Date(1795248429800), attributes: { 'gen_ai.prompt': 'hi' } },
    ]);
    expect(parsed.spans[1].status).toEqual({ code: 2, message: 'boom' });
    expect(parsed.spans[2].parentSpanId).toBeUndefined();
  });

  it('reads the JSON shape of the OTLP proto exporter capture with base64 ids', () => {
    const [captured] = loadFixture('otel-plain-proto-gzip-and-json').filter((r) => r.bodyBase64);
    expect(parseExportRequest(captured.decodedProtobufAsOtlpJson).spans.map((s) => s.spanId)).toEqual([
      '13f5d8332b1cd9fe',
      'd6d92bdc891b5ce9',
      '3f5e3f3a5c23800f',
    ]);
  });

  it('takes an empty request as no spans', () => {
    expect(parseExportRequest({})).toEqual({ spans: [], rejectedSpans: 0, rejections: [] });
  });

  it('rejects bad spans alone and counts them', () => {
    const parsed = parseExportRequest(
      request(
        span({}),
        span({ spanId: 'xyz' }),
        span({ traceId: '00000000000000000000000000000000' }),
        span({ spanId: 'aaaaaaaaaaaaaaab', startTimeUnixNano: undefined }),
        span({ spanId: 'aaaaaaaaaaaaaaac', startTimeUnixNano: 'noon' }),
        'not a span',
      ),
    );
    expect(parsed.spans).toHaveLength(1);
    expect(parsed.rejectedSpans).toBe(5);
    expect(parsed.rejections).toEqual([
      'spanId must be 16 hex characters',
      'span 10aa9bd42bebb595: traceId and spanId must be non-zero ids (hex)',
      'span aaaaaaaaaaaaaaab: startTimeUnixNano is required',
      'span aaaaaaaaaaaaaaac: startTimeUnixNano must be unix nanoseconds',
      'span must be an object',
    ]);
  });

  it('answers 400 for an envelope that is not OTLP', () => {
    expect(() => parseExportRequest([])).toThrow(AppError);
    expect(() => parseExportRequest({ resourceSpans: {} })).toThrow('resourceSpans must be an array');
    expect(() => parseExportRequest({ resourceSpans: [{ scopeSpans: 3 }] })).toThrow('scopeSpans must be an array');
  });

  it('answers 400 for bytes that are not protobuf', () => {
    expect(() => decodeExportRequest(Buffer.from('{"resourceSpans":[]}'))).toThrow(/^invalid protobuf: /);
  });
});

describe('OTLP values', () => {
  it('reads ids in hex (any case) or base64, and all-zero ids as none', () => {
    expect(readId('6CE34DD88BFF6CC50B5923D8F1A52AE2', 16, 'traceId')).toBe('6ce34dd88bff6cc50b5923d8f1a52ae2');
    expect(readId('vKFPv8+Lcl7NpXd9x9UViw==', 16, 'traceId')).toBe('bca14fbfcf8b725ecda5777dc7d5158b');
    expect(readId('0000000000000000', 8, 'parentSpanId')).toBeUndefined();
    expect(readId('', 8, 'parentSpanId')).toBeUndefined();
    expect(() => readId('abc', 8, 'spanId')).toThrow('spanId must be 16 hex characters');
  });

  it('reads nanosecond times as strings or numbers', () => {
    expect(readNanos('1795248429749286764', 't')).toEqual(new Date(1795248429749));
    expect(readNanos(1795248429749286764, 't')).toEqual(new Date(1795248429749));
    expect(readNanos('0', 't')).toBeUndefined();
  });

  it('reads every AnyValue kind, int64 as number or string', () => {
    expect(anyValue({ stringValue: 's' })).toBe('s');
    expect(anyValue({ boolValue: false })).toBe(false);
    expect(anyValue({ intValue: 21 })).toBe(21);
    expect(anyValue({ intValue: '21' })).toBe(21);
    expect(anyValue({ intValue: '9223372036854775807' })).toBe('9223372036854775807');
    expect(anyValue({ doubleValue: 0.25 })).toBe(0.25);
    expect(anyValue({ doubleValue: 'NaN' })).toBe('NaN');
    expect(anyValue({ arrayValue: { values: [{ stringValue: 'a' }, { intValue: 1 }] } })).toEqual(['a', 1]);
    expect(anyValue({ kvlistValue: { values: [{ key: 'k', value: { boolValue: true } }] } })).toEqual({ k: true });
    expect(anyValue({ bytesValue: 'AAE=' })).toBe('AAE=');
    expect(anyValue({})).toBeNull();
  });
});

describe('encodeExportResponse', () => {
  it('is zero bytes without rejections and carries partialSuccess otherwise', () => {
    expect(encodeExportResponse()).toHaveLength(0);
    const encoded = encodeExportResponse({ rejectedSpans: 2, errorMessage: 'bad ids' });
    // field 1 (partial_success, length-delimited) containing field 1 = 2 and field 2 = "bad ids"
    expect([...encoded]).toEqual([0x0a, 11, 0x08, 2, 0x12, 7, ...Buffer.from('bad ids')]);
  });
});
