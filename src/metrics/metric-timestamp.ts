const ISO_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Parses an RFC 3339 timestamp (`Z` or an offset, optional fraction) to epoch
 * milliseconds, or `undefined`. Stricter than `Date.parse`, which accepts
 * `2026-02-30` by rolling it over to March.
 */
export function parseIsoTimestamp(text: string): number | undefined {
  const match = ISO_PATTERN.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const epochMs = Date.parse(text.replace(' ', 'T'));
  return Number.isFinite(epochMs) ? epochMs : undefined;
}

/** A query-string timestamp: a literal `+` in the offset decodes to a space; put it back. */
export function parseQueryTimestamp(text: string): number | undefined {
  return parseIsoTimestamp(text.replace(/ (\d{2}:\d{2})$/, '+$1'));
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
