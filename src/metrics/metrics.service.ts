import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../common/errors/app-error.js';
import { pageMeta } from '../common/dto/page-meta.dto.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ProjectsService } from '../projects/projects.service.js';
import type { MetricsDailyQueryDto } from './dto/metrics-daily-query.dto.js';
import type { MetricsQueryDto } from './dto/metrics-query.dto.js';
import type {
  DailyMetricsResponseDto,
  MetricLabelsResponseDto,
  MetricNamesResponseDto,
  MetricSeriesDto,
  MetricsQueryResponseDto,
} from './dto/metrics-response.dto.js';
import { parseQueryTimestamp } from './metric-timestamp.js';
import {
  bucketCount,
  DAY_MS,
  MAX_BUCKETS,
  MAX_POINTS_PER_SERIES,
  MAX_SERIES,
  planRollup,
  STEPS,
} from './metric-steps.js';
import { dailyUsageRollupQuery } from './queries/daily-usage-rollup.query.js';
import { dailyUsageQuery } from './queries/daily-usage.query.js';
import { metricBucketsQuery } from './queries/metric-buckets.query.js';
import { metricLabelsQuery } from './queries/metric-labels.query.js';
import { metricNamesQuery } from './queries/metric-names.query.js';

const HOUR_MS = 60 * 60 * 1000;

interface SeriesRow {
  labels: Record<string, string | null>;
  /** Bucket starts, epoch ms, ascending. */
  buckets: number[];
  values: number[];
  /** Start of the latest bucket with data over all series (epoch ms). */
  latest_bucket: number | null;
}

interface DailyRow {
  total_items: string;
  day: string | null;
  count_traces: string;
  count_observations: string;
  total_cost: number;
  usage: DailyMetricsResponseDto['data'][number]['usage'];
}

/** The metrics read API: names, labels, time-bucket aggregates, daily usage. */
@Injectable()
export class MetricsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly projects: ProjectsService,
  ) {}

  private get projectId(): string {
    return this.projects.current();
  }

  async names(): Promise<MetricNamesResponseDto> {
    const rows: { name: string }[] = await this.run(metricNamesQuery({ projectId: this.projectId }));
    return { data: rows.map((row) => row.name) };
  }

  async labels(name: string): Promise<MetricLabelsResponseDto> {
    const rows: { key: string; values: string[] }[] = await this.run(metricLabelsQuery({ projectId: this.projectId, name }));
    return { data: Object.fromEntries(rows.map((row) => [row.key, row.values])) };
  }

  async query(dto: MetricsQueryDto): Promise<MetricsQueryResponseDto> {
    const toMs = dto.to === undefined ? Date.now() : parseTimestamp('to', dto.to);
    const fromMs = dto.from === undefined ? toMs - HOUR_MS : parseTimestamp('from', dto.from);
    if (fromMs > toMs) throw AppError.badRequest('from must be <= to');
    const stepMs = STEPS[dto.step];
    const buckets = bucketCount(fromMs, toMs, stepMs);
    if (buckets > MAX_BUCKETS) {
      throw AppError.badRequest(
        `the window needs ${buckets} buckets of ${dto.step}; at most ${MAX_BUCKETS} are allowed, use a wider step`,
      );
    }
    const rollupsKeptSinceMs = Date.now() - this.config.metrics.rollupRetentionDays * DAY_MS;
    const rows: SeriesRow[] = await this.run(
      metricBucketsQuery({
        projectId: this.projectId,
        name: dto.name,
        labelsFilter: parseLabelsFilter(dto.labels),
        groupBy: dto.group_by ?? null,
        agg: dto.agg,
        stepMs,
        fromMs,
        toMs,
        rollup: planRollup(dto.agg, stepMs, fromMs, toMs, rollupsKeptSinceMs),
      }),
    );
    return toQueryResponse(rows);
  }

  async daily(dto: MetricsDailyQueryDto): Promise<DailyMetricsResponseDto> {
    const toMs = dto.toTimestamp === undefined ? Date.now() : parseTimestamp('toTimestamp', dto.toTimestamp);
    const fromMs =
      dto.fromTimestamp === undefined ? toMs - 30 * DAY_MS : parseTimestamp('fromTimestamp', dto.fromTimestamp);
    const offset = (dto.page - 1) * dto.limit;
    const filters = { traceName: dto.traceName, userId: dto.userId, tags: dto.tags, version: dto.version, release: dto.release };
    const filtered = Object.values(filters).some((value) => value !== undefined && (!Array.isArray(value) || value.length > 0));
    // The rollup holds whole projects; trace filters (and an empty range) read traces and observations.
    const query =
      filtered || fromMs > toMs
        ? dailyUsageQuery({ projectId: this.projectId, fromMs, toMs, ...filters, limit: dto.limit, offset })
        : dailyUsageRollupQuery({ projectId: this.projectId, fromMs, toMs, nowMs: Date.now(), limit: dto.limit, offset });
    const rows: DailyRow[] = await this.run(query);
    const totalItems = Number(rows[0]?.total_items ?? 0);
    return {
      data: rows
        .filter((row) => row.day !== null)
        .map((row) => ({
          date: row.day!,
          countTraces: Number(row.count_traces),
          countObservations: Number(row.count_observations),
          totalCost: row.total_cost,
          usage: row.usage,
        })),
      meta: pageMeta(dto.page, dto.limit, totalItems),
    };
  }

  /** Runs a query file's statement; a value the database refuses (SQLSTATE class 22) is the caller's 400. */
  private async run<Row>(query: { sql: string; params: unknown[] }): Promise<Row[]> {
    try {
      return await this.dataSource.query(query.sql, query.params);
    } catch (error) {
      const sqlState = (error as { code?: unknown }).code;
      if (typeof sqlState === 'string' && sqlState.startsWith('22')) {
        throw AppError.badRequest(`the database rejected a query value (SQLSTATE ${sqlState})`);
      }
      throw error;
    }
  }
}

function parseTimestamp(parameter: string, text: string): number {
  const epochMs = parseQueryTimestamp(text);
  if (epochMs === undefined) throw AppError.badRequest(`invalid ${parameter}: expected an RFC 3339 timestamp`);
  return epochMs;
}

/** The `labels` parameter: a JSON object (values of any JSON type; non-strings simply match nothing). */
function parseLabelsFilter(text: string | undefined): string {
  if (text === undefined || text.trim() === '') return '{}';
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw AppError.badRequest(`invalid labels json: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw AppError.badRequest('invalid labels json: expected an object such as {"node_id":"n1"}');
  }
  const normalized = JSON.stringify(parsed);
  if (normalized.includes('\\u0000')) throw AppError.badRequest('invalid labels json: NUL characters are not allowed');
  return normalized;
}

/** One row per series in answer order, with one extra series / bucket beyond the caps. */
function toQueryResponse(rows: SeriesRow[]): MetricsQueryResponseDto {
  const truncated = rows.length > MAX_SERIES || rows.some((row) => row.buckets.length > MAX_POINTS_PER_SERIES);
  // Series share their bucket starts: format each once (profiled: most of the server's CPU per chart).
  const isoByBucket = new Map<number, string>();
  const iso = (bucketMs: number) => {
    let text = isoByBucket.get(bucketMs);
    if (text === undefined) isoByBucket.set(bucketMs, (text = new Date(bucketMs).toISOString()));
    return text;
  };
  const data: MetricSeriesDto[] = rows.slice(0, MAX_SERIES).map((row) => ({
    labels: row.labels,
    values: row.buckets.slice(0, MAX_POINTS_PER_SERIES).map((bucketMs, index) => ({
      timestamp: iso(bucketMs),
      value: row.values[index],
    })),
  }));
  const latest = rows[0]?.latest_bucket;
  return {
    data,
    meta: {
      ...(latest == null ? {} : { latest_ts: new Date(latest).toISOString() }),
      series_count: data.length,
      truncated,
    },
  };
}
