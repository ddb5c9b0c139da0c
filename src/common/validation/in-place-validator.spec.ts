import { ValidationPipe } from '@nestjs/common';
import { IngestionRequestDto } from '../../ingest/langfuse/dto/ingestion-request.dto.js';
import { NativeBatchDto } from '../../ingest/native/native-batch.dto.js';
import { inPlaceValidator } from './in-place-validator.js';
import { flattenValidationErrors } from './validation-pipe.js';

/** Nest's ValidationPipe as the global pipe configures it: the reference the in-place validator must match. */
const reference = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: (errors) => flattenValidationErrors(errors),
});

async function referenceResult(dto: Function, body: object): Promise<{ errors: object; value?: unknown }> {
  try {
    const value = await reference.transform(structuredClone(body), { type: 'body', metatype: dto as never });
    return { errors: {}, value: { ...value } };
  } catch (errors) {
    return { errors: errors as object };
  }
}

const free = { messages: [{ role: 'user', content: 'hi', nested: { deep: [1, 'two', null, { x: true }] } }] };

const nativeBodies: [string, object][] = [
  ['an empty batch', {}],
  ['a full observation', { observations: [{ id: 'o', traceId: 't', type: 'span', level: 'debug', promptVersion: 4, input: free, usage: { input: 1 } }] }],
  ['a trace with every kind of bad field', { trace: { id: 7, timestamp: '2026-01-01', tags: ['a', 5], public: 'yes', latency: 'x', colour: 1 } }],
  ['bad observations', { observations: [{ id: '', type: 'BOGUS', promptTokens: 1.5, totalTokens: -1, startTime: '2026-02-30T00:00:00Z' }, 4, null, 'x'] }],
  ['a trace that is not an object', { trace: 'x' }],
  ['observations that are not an array', { observations: { id: 'o', traceId: 't' } }],
  ['nested arrays', { observations: [[{ id: 'o' }]] }],
  ['null fields', { trace: null, observations: [{ id: 'o', traceId: 't', name: null, input: null }] }],
  ['unknown top-level and nested fields', { colour: 'red', observations: [{ id: 'o', traceId: 't', colour: 'red', tags: [] }] }],
  ['too many tags and long ids', { trace: { id: 'x'.repeat(600), tags: Array.from({ length: 1001 }, () => 't') } }],
];

const langfuseBodies: [string, object][] = [
  ['a batch of anything', { batch: [1, { id: 'e', body: free }, null], metadata: { sdk: 'python' } }],
  ['no batch', { metadata: 'x' }],
  ['a batch that is not an array', { batch: { id: 'e' }, colour: 1 }],
];

describe('inPlaceValidator', () => {
  it.each([...nativeBodies.map(([name, body]) => [name, NativeBatchDto, body] as const), ...langfuseBodies.map(([name, body]) => [name, IngestionRequestDto, body] as const)])(
    'answers as the ValidationPipe does for %s',
    async (_, dto, body) => {
      const expected = await referenceResult(dto, body);
      const value = structuredClone(body) as Record<string, unknown>;
      expect(inPlaceValidator(dto)(value)).toEqual(expected.errors);
      if (expected.value) expect(JSON.parse(JSON.stringify(value))).toEqual(JSON.parse(JSON.stringify(expected.value)));
    },
  );

  it('leaves free-form values as they are, without copying them', () => {
    const input = { messages: [{ role: 'user', content: 'hi' }] };
    const body = { observations: [{ id: 'o', traceId: 't', type: 'event', input }] };
    expect(inPlaceValidator(NativeBatchDto)(body)).toEqual({});
    expect(body.observations[0].input).toBe(input);
    expect(body.observations[0].type).toBe('EVENT');
  });
});
