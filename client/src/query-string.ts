/**
 * Serialises query parameters the way the xtrace server reads them: arrays as repeated keys
 * (`tags=a&tags=b`), dates as ISO-8601, plain objects as JSON text (the metrics `labels`
 * filter), `undefined`/`null` left out. Returns `""` or a string starting with `?`.
 */
export function toQueryString(query: object | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value) if (item !== undefined && item !== null) params.append(key, scalar(item));
    } else {
      params.append(key, scalar(value));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function scalar(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
