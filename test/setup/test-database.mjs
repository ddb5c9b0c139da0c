import pg from 'pg';

/** Every test database name ends with this, so a test never touches real data. */
const TEST_DB_SUFFIX = '_test';

/** Drops and recreates the test database named in `url`. */
export async function recreateDatabase(url) {
  await withAdmin(url, async (client, name) => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  });
}

/** Drops the test database named in `url`. */
export async function dropDatabase(url) {
  await withAdmin(url, (client, name) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** Runs `work` on a connection to the server's `postgres` database, given the test database's name. */
async function withAdmin(url, work) {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!name.endsWith(TEST_DB_SUFFIX)) {
    throw new Error(`refusing to use database "${name}" for tests: its name must end in ${TEST_DB_SUFFIX}`);
  }
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await work(client, name);
  } finally {
    await client.end();
  }
}
