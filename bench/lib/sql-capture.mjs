import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Captures the exact SQL (text and bound parameters) that the xtrace server runs for one
 * HTTP request: statement logging is switched on for a moment, the request is made, and
 * the server's statements are read back from PostgreSQL's JSON log.
 */

const SERVER_APPLICATION_NAME = 'xtrace';
const LOGGED_STATEMENT = /^duration: [\d.]+ ms {2}(?:execute [^:]*|statement): ([\s\S]*)$/;

export async function captureServerSql(admin, work) {
  const file = (await admin.query(`SELECT pg_current_logfile('jsonlog') AS file`)).rows[0].file;
  if (!file) throw new Error('PostgreSQL has no JSON log (logging_collector off): cannot capture the server SQL');
  const sizeOf = async () => Number((await admin.query('SELECT size FROM pg_stat_file($1)', [file])).rows[0].size);

  await setStatementLogging(admin, true);
  const start = await sizeOf();
  try {
    await work();
  } finally {
    await sleep(300); // the logging collector writes asynchronously
    await setStatementLogging(admin, false);
  }
  const end = await sizeOf();
  const { rows } = await admin.query('SELECT pg_read_file($1, $2, $3) AS text', [file, start, end - start]);
  return parseStatements(rows[0].text);
}

async function setStatementLogging(admin, on) {
  await admin.query(on ? 'ALTER SYSTEM SET log_min_duration_statement = 0' : 'ALTER SYSTEM RESET log_min_duration_statement');
  await admin.query('SELECT pg_reload_conf()');
  await sleep(300); // backends apply the reload before their next statement
}

/** The server's statements in order: `{ text, values }`. */
export function parseStatements(logText) {
  const statements = [];
  for (const line of logText.split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line);
    if (entry.application_name !== SERVER_APPLICATION_NAME) continue;
    const match = LOGGED_STATEMENT.exec(entry.message ?? '');
    if (!match) continue;
    statements.push({ text: match[1], values: parseParameters(entry.detail) });
  }
  return statements;
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
