import type { ArgumentMetadata } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error.js';
import { createValidationPipe } from '../../common/validation/validation-pipe.js';
import { NativeBatchDto } from './native-batch.dto.js';

const metadata: ArgumentMetadata = { type: 'body', metatype: NativeBatchDto };

async function validate(body: unknown): Promise<NativeBatchDto> {
  return (await createValidationPipe().transform(body, metadata)) as NativeBatchDto;
}

async function errorsOf(body: unknown): Promise<Record<string, string[]>> {
  try {
    await validate(body);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).options.details as Record<string, string[]>;
  }
  throw new Error('expected a validation error');
}

describe('NativeBatchDto', () => {
  it('accepts every field of the contract', async () => {
    const batch = await validate({
      trace: {
        id: 't', timestamp: '2026-01-01T00:00:00Z', name: 'n', input: 'text', output: [1], session_id: 's',
        sessionId: 's', release: 'r', version: 'v', userId: 'u', metadata: { a: 1 }, tags: ['x'], public: true,
        environment: 'prod', externalId: 'e', bookmarked: true, latency: 1.5, totalCost: 0.1, projectId: 'x',
      },
      observations: [
        {
          id: 'o', traceId: 't', type: 'generation', name: 'n', startTime: '2026-01-01T00:00:00Z',
          endTime: '2026-01-01T00:00:01Z', completionStartTime: '2026-01-01T00:00:00.5Z', model: 'm',
          modelParameters: { temperature: 0 }, input: {}, output: null, usage: { input: 1 }, level: 'warning',
          statusMessage: 's', parentObservationId: 'p', promptId: 'pi', promptName: 'pn', promptVersion: 3,
          modelId: 'mi', inputPrice: 1, outputPrice: 2, totalPrice: 3, calculatedInputCost: 0.1,
          calculatedOutputCost: 0.2, calculatedTotalCost: 0.3, latency: 1, timeToFirstToken: 0.5,
          completionTokens: 2, promptTokens: 1, totalTokens: 3, unit: 'TOKENS', metadata: [], environment: 'prod',
          projectId: 'x',
        },
      ],
    });
    expect(batch.observations![0]).toMatchObject({ type: 'GENERATION', level: 'WARNING', promptVersion: '3' });
  });

  it('names each bad field', async () => {
    const details = await errorsOf({
      trace: { id: 7, timestamp: '2026-01-01', tags: 'a', public: 'yes' },
      observations: [{ id: 'o', type: 'BOGUS', promptTokens: 1.5, latency: 'slow' }, 4],
    });
    expect(Object.keys(details).sort()).toEqual([
      'observations.0.latency',
      'observations.0.promptTokens',
      'observations.0.traceId',
      'observations.0.type',
      'observations.1',
      'trace.id',
      'trace.public',
      'trace.tags',
      'trace.timestamp',
    ]);
  });

  it('rejects unknown fields, negative or unsafe token counts and empty ids', async () => {
    expect(Object.keys(await errorsOf({ trace: { id: 't', colour: 'red' } }))).toEqual(['trace.colour']);
    expect(Object.keys(await errorsOf({ observations: [{ id: '', traceId: 't', totalTokens: -1 }] })).sort()).toEqual([
      'observations.0.id',
      'observations.0.totalTokens',
    ]);
    expect(Object.keys(await errorsOf({ observations: [{ id: 'o', traceId: 't', promptTokens: 2 ** 60 }] }))).toEqual([
      'observations.0.promptTokens',
    ]);
  });
});
