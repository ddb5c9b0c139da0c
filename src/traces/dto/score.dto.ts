import { Type } from 'class-transformer';
import { IsIn, IsNumber, IsOptional, IsString } from 'class-validator';
import { PageQueryDto } from '../../common/dto/page-query.dto.js';
import { PageMetaDto } from '../../common/dto/page-meta.dto.js';
import { IsStringList } from '../../common/validation/string-list.js';
import { IsRfc3339 } from '../../common/validation/is-rfc3339.js';
import { ScoreViewDto } from './score-view.dto.js';

/** Comparison operators of the `operator` + `value` filter, to their SQL. */
export const SCORE_VALUE_OPERATORS: Record<string, string> = {
  '<': '<',
  '>': '>',
  '<=': '<=',
  '>=': '>=',
  '=': '=',
  '!=': '<>',
};

export const SCORE_DATA_TYPES = ['NUMERIC', 'BOOLEAN', 'CATEGORICAL'] as const;

/** `GET /api/public/v2/scores`. */
export class ListScoresQueryDto extends PageQueryDto {
  /** Scores of traces of this user. */
  @IsOptional()
  @IsString()
  userId?: string;

  @IsOptional()
  @IsString()
  name?: string;

  /** Scores at or after this time (RFC 3339). */
  @IsOptional()
  @IsRfc3339()
  fromTimestamp?: string;

  /** Scores before this time (RFC 3339). */
  @IsOptional()
  @IsRfc3339()
  toTimestamp?: string;

  /** Any of these environments; repeat the parameter or separate with commas. */
  @IsStringList()
  environment?: string[];

  /** `API`, `ANNOTATION` or `EVAL`. */
  @IsOptional()
  @IsString()
  source?: string;

  /** Compares the numeric value with `value`: <, >, <=, >=, =, !=. */
  @IsOptional()
  @IsIn(Object.keys(SCORE_VALUE_OPERATORS))
  operator?: string;

  /** The number `operator` compares with. */
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  value?: number;

  /** Comma list of score ids. */
  @IsStringList()
  scoreIds?: string[];

  @IsOptional()
  @IsString()
  configId?: string;

  @IsOptional()
  @IsString()
  sessionId?: string;

  @IsOptional()
  @IsString()
  datasetRunId?: string;

  @IsOptional()
  @IsString()
  traceId?: string;

  /** One observation id, or a comma list. */
  @IsStringList()
  observationId?: string[];

  @IsOptional()
  @IsString()
  queueId?: string;

  @IsOptional()
  @IsIn(SCORE_DATA_TYPES)
  dataType?: string;

  /** Scores of traces carrying all of these tags; repeat the parameter or separate with commas. */
  @IsStringList()
  traceTags?: string[];

  /** Comma list of `score` (always) and `trace` (the trace's user, tags, environment, session); default both. */
  @IsOptional()
  @IsString()
  fields?: string;

  /** Langfuse's JSON filter: accepted and ignored. */
  @IsOptional()
  @IsString()
  filter?: string;
}

/** The trace a score belongs to, as the score list shows it. */
export class ScoreTraceDto {
  userId: string | null;
  tags: string[];
  environment: string;
  sessionId: string | null;
}

/** A score (Langfuse v2 `Score`): the ScoreV1 fields plus session, dataset run and trace. */
export class ScoreDto extends ScoreViewDto {
  sessionId: string | null;
  datasetRunId: string | null;
  /** Absent for scores without a trace, or when `fields` leaves out `trace`. */
  trace?: ScoreTraceDto;
}

export class ScoreListResponseDto {
  data: ScoreDto[];
  meta: PageMetaDto;
}
