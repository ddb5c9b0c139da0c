import type { ObservationV2Dto } from './dto/observation-list.dto.js';
import type { ObservationEntity } from './observation.entity.js';
import { toObservationView } from './observation-view.mapper.js';
import type { TraceEntity } from './trace.entity.js';

/** The field groups of the v2 observation list; `core` is always included. */
export const OBSERVATION_FIELD_GROUPS = [
  'basic',
  'time',
  'io',
  'metadata',
  'model',
  'usage',
  'prompt',
  'metrics',
  'trace_context',
] as const;

export type ObservationFieldGroup = (typeof OBSERVATION_FIELD_GROUPS)[number];

/** Reads `fields` (a comma list); absent means `core,basic`. Unknown groups are ignored. */
export function parseObservationFieldGroups(fields: string | undefined): Set<ObservationFieldGroup> {
  const requested = (fields ?? 'core,basic').split(',').map((group) => group.trim());
  return new Set(OBSERVATION_FIELD_GROUPS.filter((group) => requested.includes(group)));
}

/** What v2 observations show of their trace (the basic and trace_context groups). */
export type ObservationTraceFields = Pick<TraceEntity, 'id' | 'name' | 'userId' | 'sessionId' | 'tags' | 'release' | 'public' | 'bookmarked'>;

/** An observation as the v2 list shows it: `core` plus the requested groups. */
export function toObservationV2(
  observation: ObservationEntity,
  trace: ObservationTraceFields | undefined,
  groups: Set<ObservationFieldGroup>,
): ObservationV2Dto {
  const view = toObservationView(observation);
  const result: ObservationV2Dto = {
    id: view.id,
    traceId: view.traceId,
    startTime: view.startTime,
    endTime: view.endTime,
    projectId: observation.projectId,
    parentObservationId: view.parentObservationId,
    type: view.type,
  };
  if (groups.has('basic')) {
    Object.assign(result, {
      name: view.name,
      level: view.level,
      statusMessage: view.statusMessage,
      version: view.version,
      environment: view.environment,
      bookmarked: trace?.bookmarked ?? false,
      public: trace?.public ?? false,
      userId: trace?.userId ?? null,
      sessionId: trace?.sessionId ?? null,
    });
  }
  if (groups.has('time')) {
    Object.assign(result, {
      completionStartTime: view.completionStartTime,
      createdAt: observation.createdAt,
      updatedAt: observation.updatedAt,
    });
  }
  if (groups.has('io')) Object.assign(result, { input: view.input, output: view.output });
  if (groups.has('metadata')) result.metadata = view.metadata;
  if (groups.has('model')) {
    Object.assign(result, { model: view.model, internalModelId: view.modelId, modelParameters: view.modelParameters });
  }
  if (groups.has('usage')) {
    Object.assign(result, {
      usageDetails: view.usageDetails,
      costDetails: view.costDetails,
      totalCost: view.calculatedTotalCost,
      usagePricingTierName: null,
    });
  }
  if (groups.has('prompt')) {
    Object.assign(result, { promptId: view.promptId, promptName: view.promptName, promptVersion: view.promptVersion });
  }
  if (groups.has('metrics')) Object.assign(result, { latency: view.latency, timeToFirstToken: view.timeToFirstToken });
  if (groups.has('trace_context')) {
    Object.assign(result, { tags: trace?.tags ?? [], release: trace?.release ?? null, traceName: trace?.name ?? null });
  }
  return result;
}
