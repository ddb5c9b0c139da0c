import type { ObservationRow, TraceRow } from '../../traces/trace-rows.js';
import { completeTokenCounts } from '../../traces/usage-tokens.js';
import type { NativeBatchDto, NativeObservationDto, NativeTraceDto } from './native-batch.dto.js';

type Carried<T> = { [K in keyof T]: Exclude<T[K], null> };

/** Drops null and undefined fields: a row carries only what the client sent. */
function carriedOnly<T extends object>(fields: T): Carried<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null && value !== undefined)) as Carried<T>;
}

function toDate(value: string | null | undefined): Date | undefined {
  return value ? new Date(value) : undefined;
}

export function toTraceRow(trace: NativeTraceDto): TraceRow {
  return carriedOnly({
    id: trace.id,
    environment: trace.environment,
    timestamp: toDate(trace.timestamp),
    name: trace.name,
    input: trace.input,
    output: trace.output,
    sessionId: trace.sessionId ?? trace.session_id,
    release: trace.release,
    version: trace.version,
    userId: trace.userId,
    metadata: trace.metadata,
    tags: trace.tags,
    public: trace.public,
    externalId: trace.externalId,
    bookmarked: trace.bookmarked,
    latency: trace.latency,
    totalCost: trace.totalCost,
  });
}

export function toObservationRow(observation: NativeObservationDto): ObservationRow {
  const tokens = completeTokenCounts(
    {
      promptTokens: observation.promptTokens ?? undefined,
      completionTokens: observation.completionTokens ?? undefined,
      totalTokens: observation.totalTokens ?? undefined,
    },
    observation.usage,
  );
  return carriedOnly({
    id: observation.id,
    traceId: observation.traceId,
    environment: observation.environment,
    type: observation.type,
    name: observation.name,
    startTime: toDate(observation.startTime),
    endTime: toDate(observation.endTime),
    completionStartTime: toDate(observation.completionStartTime),
    model: observation.model,
    modelParameters: observation.modelParameters,
    input: observation.input,
    output: observation.output,
    usage: observation.usage,
    level: observation.level,
    statusMessage: observation.statusMessage,
    parentObservationId: observation.parentObservationId,
    promptId: observation.promptId,
    promptName: observation.promptName,
    promptVersion: observation.promptVersion,
    modelId: observation.modelId,
    inputPrice: observation.inputPrice,
    outputPrice: observation.outputPrice,
    totalPrice: observation.totalPrice,
    calculatedInputCost: observation.calculatedInputCost,
    calculatedOutputCost: observation.calculatedOutputCost,
    calculatedTotalCost: observation.calculatedTotalCost,
    latency: observation.latency,
    timeToFirstToken: observation.timeToFirstToken,
    ...tokens,
    unit: observation.unit,
    metadata: observation.metadata,
  });
}

/** The rows of one native batch, for the ingest writer. The body's `projectId` is never read. */
export function nativeBatchRows(batch: NativeBatchDto): { traces: TraceRow[]; observations: ObservationRow[] } {
  return {
    traces: batch.trace ? [toTraceRow(batch.trace)] : [],
    observations: (batch.observations ?? []).map(toObservationRow),
  };
}
