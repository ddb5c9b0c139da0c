import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Captures the exact SQL (text and bound parameters) that the xtrace server runs for one
 * HTTP request: statement logging is switched on for a moment, the request is made, and
 * the server's statements are read back from PostgreSQL's log (tapped by database.mjs).
 */

const SERVER_APPLICATION_NAME = 'xtrace';
/** An entry of the log as prefixed by `log_line_prefix = '%m [%p] %a '`. */
const ENTRY = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \S+ \[(\d+)\] (\S*) ?([A-Z]+):  ([\s\S]*)$/;
const LOGGED_STATEMENT = /^duration: [\d.]+ ms {2}(?:execute [^:]*|statement): ([\s\S]*)$/;
/** The metric rollup fold runs every second on its own schedule: never part of a request. */
const BACKGROUND_STATEMENT = /^SELECT metric_rollups_fold\(\)/;

export async function captureServerSql(admin, logTap, work) {
  if (!logTap) throw new Error('the PostgreSQL log is not readable here (external database): HTTP timings only');
  await setStatementLogging(admin, true);
  logTap.start();
  try {
    await work();
  } finally {
    await setStatementLogging(admin, false);
  }
  return parseStatements(logTap.stop());
}

async function setStatementLogging(admin, on) {
  await admin.query(on ? 'ALTER SYSTEM SET log_min_duration_statement = 0' : 'ALTER SYSTEM RESET log_min_duration_statement');
  await admin.query('SELECT pg_reload_conf()');
  await sleep(300); // backends apply the reload before their next statement
}

/** The server's statements in order, with their parameters: `{ text, values }`. */
export function parseStatements(logText) {
  const statements = [];
  const lastByPid = new Map();
  for (const entry of splitEntries(logText)) {
    const match = ENTRY.exec(entry);
    if (!match || match[2] !== SERVER_APPLICATION_NAME) continue;
    const [, pid, , level, message] = match;
    if (level === 'LOG') {
      const statement = LOGGED_STATEMENT.exec(message);
      if (!statement || BACKGROUND_STATEMENT.test(statement[1].trim())) continue;
      const parsed = { text: statement[1].trim(), values: [] };
      statements.push(parsed);
      lastByPid.set(pid, parsed);
    } else if (level === 'DETAIL' && lastByPid.has(pid)) {
      lastByPid.get(pid).values = parseParameters(message.trim());
      lastByPid.delete(pid);
    }
  }
  return statements;
}

/** Log entries start with a timestamp at the beginning of a line; statement text may span lines. */
function splitEntries(text) {
  return text.split(/\n(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ )/);
}

/** `Parameters: $1 = 'a''b', $2 = NULL` → ['a\'b', null]. */
export function parseParameters(detail) {
  if (!detail?.startsWith('Parameters: ')) return [];
  const values = [];
  const pattern = /\$(\d+) = (?:NULL|'((?:[^']|'')*)')/g;
  for (let match = pattern.exec(detail); match; match = pattern.exec(detail)) {
    values[Number(match[1]) - 1] = match[2] === undefined ? null : match[2].replace(/''/g, "'");
  }
  return values;
}
