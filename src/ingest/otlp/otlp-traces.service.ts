import { Inject, Injectable } from '@nestjs/common';
import { IngestWriter, isRowRefusal } from '../ingest-writer.js';
import type { ParsedExport } from './otlp-request.js';
import { mapSpans, type OtlpRows } from './otlp-span.mapper.js';

/** What the OTLP answer reports: nothing, or how many spans were rejected and why. */
export interface ExportOutcome {
  rejectedSpans: number;
  errorMessage: string;
}

/** OTLP/HTTP trace export (API.md §4): spans → observations and merged trace rows, stored before the answer. */
@Injectable()
export class OtlpTracesService {
  constructor(@Inject(IngestWriter) private readonly writer: IngestWriter) {}

  async export(projectId: string, parsed: ParsedExport, bytes: number): Promise<ExportOutcome> {
    const rows = mapSpans(parsed.spans);
    const refused = await this.write(projectId, rows, bytes);
    const reasons = [...parsed.rejections, ...refused.reasons];
    return { rejectedSpans: parsed.rejectedSpans + refused.spans, errorMessage: reasons.join('; ') };
  }

  /**
   * One submission for the whole request; if the database refuses it, one per trace, so
   * that an unstorable trace is reported as rejected spans and the others are kept.
   */
  private async write(projectId: string, rows: OtlpRows, bytes: number): Promise<{ spans: number; reasons: string[] }> {
    const none = { spans: 0, reasons: [] };
    try {
      await this.writer.submit({ projectId, rows: { ...rows }, bytes });
      return none;
    } catch (error) {
      if (!isRowRefusal(error)) throw error;
      if (rows.traces.length <= 1) return { spans: rows.observations.length, reasons: [error.message] };
    }
    const perTrace = rows.traces.map((trace) => ({
      traces: [trace],
      observations: rows.observations.filter((observation) => observation.traceId === trace.id),
    }));
    const share = Math.ceil(bytes / perTrace.length);
    const outcomes = await Promise.allSettled(
      perTrace.map(async (traceRows) => this.writer.submit({ projectId, rows: { ...traceRows }, bytes: share })),
    );
    const refused = { spans: 0, reasons: [] as string[] };
    outcomes.forEach((outcome, index) => {
      if (outcome.status === 'fulfilled') return;
      if (!isRowRefusal(outcome.reason)) throw outcome.reason;
      refused.spans += perTrace[index].observations.length;
      refused.reasons.push(`trace ${perTrace[index].traces[0].id}: ${outcome.reason.message}`);
    });
    return refused;
  }
}
