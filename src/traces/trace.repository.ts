import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { JsonSplice } from '../common/json/json-splice.js';
import { entitySelectList, spliceTexts } from './entity-select.js';
import { effectiveLatencySql, effectiveTotalCostSql } from './trace-metrics.sql.js';
import type { TraceSort } from './trace-sort.js';
import { TraceEntity } from './trace.entity.js';

/** Filters of the trace list; every value is bound, never spliced. */
export interface TraceFilter {
  userId?: string;
  name?: string;
  sessionId?: string;
  version?: string;
  release?: string;
  /** Inclusive bounds on the trace timestamp. */
  fromTimestamp?: Date;
  toTimestamp?: Date;
  /** The trace carries all of these tags. */
  tags?: string[];
  /** The trace is in any of these environments. */
  environments?: string[];
}

/** Latency (seconds) and total cost as reads show them. */
export interface TraceMetrics {
  latency: number;
  totalCost: number;
}

/** What a trace read fetches besides the trace's own columns. */
export interface TraceReadParts {
  io: boolean;
  metrics: boolean;
  observations: boolean;
  scores: boolean;
}

/** A trace as the reads see it: input, output and metadata are JsonSplice tokens. */
export interface TraceReadRow extends TraceEntity {
  /** Set when `metrics` was asked for. */
  effectiveLatency?: number;
  effectiveTotalCost?: number;
  /** Set when `observations` / `scores` was asked for, in the order of the detail. */
  observationIds?: string[];
  scoreIds?: string[];
}

/** jsonb columns that reads pass through as JSON text. */
const TEXT_JSON = ['input', 'output', 'metadata'];

/** The derived latency and cost a read fetched, if it asked for them. */
export function metricsOf(trace: TraceReadRow): TraceMetrics | undefined {
  return trace.effectiveLatency === undefined
    ? undefined
    : { latency: trace.effectiveLatency, totalCost: trace.effectiveTotalCost ?? 0 };
}

/** What a read of whole traces (detail, session) fetches. */
const WHOLE_TRACE: TraceReadParts = { io: true, metrics: true, observations: false, scores: false };

const EQUAL_FILTERS: [keyof TraceFilter, string][] = [
  ['userId', 't.user_id'],
  ['name', 't.name'],
  ['sessionId', 't.session_id'],
  ['version', 't.version'],
  ['release', 't.release'],
];

@Injectable()
export class TraceRepository {
  constructor(@InjectRepository(TraceEntity) private readonly traces: Repository<TraceEntity>) {}

  /** One page of traces, and how many match in all. */
  async list(
    projectId: string,
    filter: TraceFilter,
    sort: TraceSort,
    page: { offset: number; limit: number },
    parts: TraceReadParts,
    splice: JsonSplice,
  ): Promise<{ traces: TraceReadRow[]; total: number }> {
    const { conditions, params, filtered } = matching(projectId, filter);
    const order = `${sort.expression} ${sort.direction}, t.id ${sort.direction}`; // ties broken by id, so pages never overlap
    const pageParams = [...params, page.limit, page.offset];
    // The page first, then what its rows need: the derived columns are computed for its rows only.
    const pageSql = `SELECT ${this.readList(parts)}
      FROM (
        SELECT t.* FROM traces t WHERE ${conditions}
        ORDER BY ${order} LIMIT $${params.length + 1} OFFSET $${params.length + 2}
      ) t
      ORDER BY ${order}`;
    const [traces, total] = await Promise.all([
      this.traces.query(pageSql, pageParams) as Promise<TraceReadRow[]>,
      filtered ? this.countMatching(conditions, params) : this.countAll(projectId),
    ]);
    return { traces: spliceTexts(traces, TEXT_JSON, splice), total };
  }

  /** A trace with its derived latency and cost; null when it is not in the project. */
  async findOne(projectId: string, id: string, splice: JsonSplice): Promise<TraceReadRow | null> {
    const rows: TraceReadRow[] = await this.traces.query(
      `SELECT ${this.readList(WHOLE_TRACE)} FROM traces t WHERE t.project_id = $1 AND t.id = $2`,
      [projectId, id],
    );
    return spliceTexts(rows, TEXT_JSON, splice)[0] ?? null;
  }

  /** The traces of a session, oldest first, with their derived latency and cost. */
  async findBySession(projectId: string, sessionId: string, splice: JsonSplice): Promise<TraceReadRow[]> {
    const rows: TraceReadRow[] = await this.traces.query(
      `SELECT ${this.readList(WHOLE_TRACE)} FROM traces t
       WHERE t.project_id = $1 AND t.session_id = $2
       ORDER BY t.timestamp ASC, t.id ASC`,
      [projectId, sessionId],
    );
    return spliceTexts(rows, TEXT_JSON, splice);
  }

  private readList(parts: TraceReadParts): string {
    const columns = [entitySelectList(this.traces.metadata, 't', { asText: TEXT_JSON, omit: parts.io ? [] : TEXT_JSON })];
    if (parts.metrics) {
      columns.push(`${effectiveLatencySql('t')} AS "effectiveLatency"`, `${effectiveTotalCostSql('t')} AS "effectiveTotalCost"`);
    }
    if (parts.observations) {
      columns.push(`ARRAY(
        SELECT o.id FROM observations o WHERE o.project_id = t.project_id AND o.trace_id = t.id
        ORDER BY o.start_time ASC NULLS LAST, o.created_at ASC, o.id ASC
      ) AS "observationIds"`);
    }
    if (parts.scores) {
      columns.push(`ARRAY(
        SELECT s.id FROM scores s WHERE s.project_id = t.project_id AND s.trace_id = t.id
        ORDER BY s.timestamp ASC, s.id ASC
      ) AS "scoreIds"`);
    }
    return columns.join(', ');
  }

  private async countMatching(conditions: string, params: unknown[]): Promise<number> {
    const [{ total }] = (await this.traces.query(`SELECT COUNT(*)::int AS total FROM traces t WHERE ${conditions}`, params)) as {
      total: number;
    }[];
    return total;
  }

  /** The project's trace count, kept by triggers on traces (migration TraceCounts). */
  private async countAll(projectId: string): Promise<number> {
    const [{ total }] = (await this.traces.query(
      `SELECT COALESCE(sum(n), 0)::float8 AS total FROM trace_counts WHERE project_id = $1`,
      [projectId],
    )) as { total: number }[];
    return total;
  }
}

/** The WHERE conditions over alias `t` and their parameters; `filtered` when more than the project is asked. */
function matching(projectId: string, filter: TraceFilter): { conditions: string; params: unknown[]; filtered: boolean } {
  const params: unknown[] = [projectId];
  const conditions = ['t.project_id = $1'];
  const bind = (value: unknown): string => `$${params.push(value)}`;
  for (const [field, column] of EQUAL_FILTERS) {
    if (filter[field] !== undefined) conditions.push(`${column} = ${bind(filter[field])}`);
  }
  if (filter.fromTimestamp) conditions.push(`t.timestamp >= ${bind(filter.fromTimestamp)}`);
  if (filter.toTimestamp) conditions.push(`t.timestamp <= ${bind(filter.toTimestamp)}`);
  if (filter.tags?.length) conditions.push(`t.tags @> ${bind(filter.tags)}::text[]`);
  if (filter.environments?.length) conditions.push(`t.environment = ANY(${bind(filter.environments)}::text[])`);
  return { conditions: conditions.join(' AND '), params, filtered: conditions.length > 1 };
}
