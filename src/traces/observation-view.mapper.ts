import type { ObservationViewDto } from './dto/observation-view.dto.js';
import { DEFAULT_OBSERVATION_LEVEL } from './observation-types.js';
import type { ObservationEntity } from './observation.entity.js';

/** Seconds from `start` to `end`, or null without both. */
export function secondsBetween(start: Date | null, end: Date | null): number | null {
  return start && end ? (end.getTime() - start.getTime()) / 1000 : null;
}

/** The stored prompt version as an integer, or null when it is not one. */
export function promptVersionNumber(version: string | null): number | null {
  return version !== null && /^-?\d{1,15}$/.test(version.trim()) ? Number(version) : null;
}

/** An observation as every read shows it (API.md §2.7 ObservationView; the keys are exact). */
export function toObservationView(observation: ObservationEntity): ObservationViewDto {
  const promptTokens = observation.promptTokens ?? 0;
  const completionTokens = observation.completionTokens ?? 0;
  const totalTokens = observation.totalTokens ?? 0;
  const { calculatedInputCost, calculatedOutputCost, calculatedTotalCost } = observation;
  return {
    id: observation.id,
    traceId: observation.traceId,
    type: observation.type,
    name: observation.name,
    startTime: observation.startTime ?? observation.createdAt,
    endTime: observation.endTime,
    completionStartTime: observation.completionStartTime,
    model: observation.model,
    modelParameters: observation.modelParameters ?? {},
    input: observation.input ?? null,
    version: observation.version,
    metadata: observation.metadata ?? null,
    output: observation.output ?? null,
    usage: {
      input: promptTokens,
      output: completionTokens,
      total: totalTokens,
      unit: observation.unit,
      inputCost: calculatedInputCost,
      outputCost: calculatedOutputCost,
      totalCost: calculatedTotalCost,
    },
    level: observation.level ?? DEFAULT_OBSERVATION_LEVEL,
    statusMessage: observation.statusMessage,
    parentObservationId: observation.parentObservationId,
    promptId: observation.promptId,
    promptName: observation.promptName,
    promptVersion: promptVersionNumber(observation.promptVersion),
    modelId: observation.modelId,
    inputPrice: observation.inputPrice,
    outputPrice: observation.outputPrice,
    totalPrice: observation.totalPrice,
    calculatedInputCost,
    calculatedOutputCost,
    calculatedTotalCost,
    latency: observation.latency ?? secondsBetween(observation.startTime, observation.endTime),
    timeToFirstToken:
      observation.timeToFirstToken ?? secondsBetween(observation.startTime, observation.completionStartTime),
    promptTokens,
    completionTokens,
    totalTokens,
    usageDetails: { input: promptTokens, output: completionTokens, total: totalTokens, ...observation.usageDetails },
    costDetails: {
      input: calculatedInputCost ?? 0,
      output: calculatedOutputCost ?? 0,
      total: calculatedTotalCost ?? 0,
      ...observation.costDetails,
    },
    environment: observation.environment,
  };
}
