import 'reflect-metadata';
import { config as loadDotenv } from 'dotenv';
import { DataSource } from 'typeorm';
import { typeormOptions } from './typeorm-options.js';

// For the TypeORM CLI (`npm run migration:*`): needs DATABASE_URL.
loadDotenv({ quiet: true });
const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL must be set to run migrations from the CLI');

export default new DataSource({ ...typeormOptions(url), migrationsRun: false });
