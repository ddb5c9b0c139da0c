import type { Observation } from '@/types/api';

export interface TimelineBar {
  /** Offset of the start from the timeline start, in ms. */
  startMs: number;
  /** Length in ms; 0 for point-in-time observations (events). */
  durationMs: number;
  /** Left edge and width as fractions 0..1 of the whole axis. */
  left: number;
  width: number;
  /** The observation has not ended (no end time): the bar runs to the end of the axis. */
  open: boolean;
  /** Offset of the first token (completion start), when known, as a fraction of the axis. */
  firstToken?: number;
}

export interface Timeline {
  /** Epoch ms of the axis origin: the earliest start (or the trace timestamp). */
  startMs: number;
  durationMs: number;
  bars: Map<string, TimelineBar>;
}

/**
 * Puts every observation on one time axis running from the earliest start to the latest
 * end. Observations without a parsable start are left off (no bar), never placed at 0.
 */
export function buildTimeline(observations: readonly Observation[], traceTimestamp?: string): Timeline {
  const starts = observations.map((o) => parse(o.startTime)).filter((t): t is number => t !== undefined);
  const ends = observations.flatMap((o) => [parse(o.endTime), parse(o.startTime)]).filter((t): t is number => t !== undefined);
  const traceStart = parse(traceTimestamp);
  const startMs = starts.length ? Math.min(...starts) : (traceStart ?? 0);
  const endMs = ends.length ? Math.max(...ends) : startMs;
  const durationMs = Math.max(endMs - startMs, 0);
  // A zero-length axis (one event) still needs a width to draw on.
  const scale = durationMs > 0 ? durationMs : 1;

  const bars = new Map<string, TimelineBar>();
  for (const observation of observations) {
    const start = parse(observation.startTime);
    if (start === undefined) continue;
    const end = parse(observation.endTime);
    const open = end === undefined && observation.type !== 'EVENT';
    const finish = end ?? (open ? endMs : start);
    const barStart = start - startMs;
    const barDuration = Math.max(finish - start, 0);
    const firstTokenAt = parse(observation.completionStartTime);
    bars.set(observation.id, {
      startMs: barStart,
      durationMs: barDuration,
      left: barStart / scale,
      width: barDuration / scale,
      open,
      firstToken: firstTokenAt === undefined ? undefined : clamp01((firstTokenAt - startMs) / scale),
    });
  }
  return { startMs, durationMs, bars };
}

/** Evenly spaced, round axis ticks (ms offsets) covering `durationMs`: 0, 250, 500, … */
export function axisTicks(durationMs: number, maxTicks = 6): number[] {
  if (!(durationMs > 0)) return [0];
  const rough = durationMs / Math.max(maxTicks - 1, 1);
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((candidate) => candidate >= rough) ?? 10 * magnitude;
  const ticks: number[] = [];
  for (let tick = 0; tick <= durationMs + step * 1e-9; tick += step) ticks.push(Number(tick.toPrecision(12)));
  return ticks;
}

function parse(iso: string | null | undefined): number | undefined {
  if (!iso) return undefined;
  const time = Date.parse(iso);
  return Number.isNaN(time) ? undefined : time;
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}
