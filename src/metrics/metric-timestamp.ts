import { isRfc3339 } from '../common/validation/is-rfc3339.js';

/** An RFC 3339 timestamp (`Z` or an offset) as epoch milliseconds, or `undefined`. */
export function parseIsoTimestamp(text: string): number | undefined {
  return isRfc3339(text) ? Date.parse(text) : undefined;
}

/** A query-string timestamp: a literal `+` in the offset decodes to a space; put it back. */
export function parseQueryTimestamp(text: string): number | undefined {
  return parseIsoTimestamp(text.replace(/ (\d{2}:\d{2})$/, '+$1'));
}
