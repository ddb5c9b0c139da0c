// Display formatting for durations, money, token counts and times. Pure, so unit-tested.

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** A duration in milliseconds: `850ms`, `1.25s`, `2m 05s`, `1h 02m`. */
export function formatDurationMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms < 0) return `-${formatDurationMs(-ms)}`;
  if (ms < 1) return ms === 0 ? '0ms' : '<1ms';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(2) : seconds.toFixed(1)}s`;
  const totalSeconds = Math.round(seconds);
  const minutes = Math.floor(totalSeconds / 60);
  if (minutes < 60) return `${minutes}m ${pad2(totalSeconds % 60)}s`;
  const hours = Math.floor(minutes / 60);
  return `${hours}h ${pad2(minutes % 60)}m`;
}

/** A duration in seconds (the API's `latency` and `timeToFirstToken` unit). */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || seconds < 0) return '–';
  return formatDurationMs(seconds * 1000);
}

/**
 * US dollars. LLM calls often cost fractions of a cent, so small amounts keep
 * significant digits instead of rounding to `$0.00`.
 */
export function formatCost(usd: number | null | undefined): string {
  if (usd === null || usd === undefined || !Number.isFinite(usd)) return '–';
  if (usd === 0) return '$0.00';
  const sign = usd < 0 ? '-' : '';
  const abs = Math.abs(usd);
  if (abs >= 1) return `${sign}$${abs.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  if (abs >= 0.01) return `${sign}$${trimZeros(abs.toFixed(4), 2)}`;
  if (abs < 0.000001) return `${sign}<$0.000001`;
  return `${sign}$${trimZeros(abs.toFixed(6), 2)}`;
}

/** Token and other counts: `1,234`; with `compact`, `1.2K`, `3.4M`. */
export function formatCount(value: number | null | undefined, options: { compact?: boolean } = {}): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return options.compact && Math.abs(value) >= 10_000 ? compact.format(value) : integer.format(value);
}

/** A chart/axis-friendly number: `12`, `0.53`, `1.2K`. */
export function formatMetricValue(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  if (abs >= 10_000) return compact.format(value);
  if (abs >= 100 || Number.isInteger(value)) return integer.format(value);
  if (abs >= 1) return String(Number(value.toFixed(2)));
  return String(Number(value.toPrecision(3)));
}

/** `2026-11-21 08:06:42` in the viewer's time zone (or UTC with `utc`). */
export function formatDateTime(iso: string | null | undefined, options: { utc?: boolean } = {}): string {
  if (!iso) return '–';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = options.utc
    ? [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()]
    : [date.getFullYear(), date.getMonth() + 1, date.getDate(), date.getHours(), date.getMinutes(), date.getSeconds()];
  const [year, month, day, hours, minutes, seconds] = parts;
  return `${year}-${pad2(month)}-${pad2(day)} ${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}`;
}

/** `HH:MM` (or `MM-DD HH:MM` when `withDate`) for chart axes. */
export function formatTimeTick(iso: string | number, withDate = false): string {
  const date = new Date(iso);
  const time = `${pad2(date.getHours())}:${pad2(date.getMinutes())}`;
  return withDate ? `${pad2(date.getMonth() + 1)}-${pad2(date.getDate())} ${time}` : time;
}

/** How long ago, coarse: `just now`, `5m ago`, `3h ago`, `2d ago`. */
export function formatAgo(iso: string, now: number = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (seconds < 45) return 'just now';
  if (seconds < 3600) return `${Math.max(1, Math.round(seconds / 60))}m ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)}h ago`;
  return `${Math.round(seconds / 86_400)}d ago`;
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

function trimZeros(fixed: string, keepDecimals: number): string {
  const [whole, decimals = ''] = fixed.split('.');
  let trimmed = decimals.replace(/0+$/, '');
  if (trimmed.length < keepDecimals) trimmed = trimmed.padEnd(keepDecimals, '0');
  return `${whole}.${trimmed}`;
}
