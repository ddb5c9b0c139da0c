/** Types of test-database.mjs, which jest's global setup (plain JavaScript) also imports. */
export function recreateDatabase(url: string): Promise<void>;
export function dropDatabase(url: string): Promise<void>;
