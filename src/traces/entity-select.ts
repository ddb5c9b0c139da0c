import type { EntityMetadata } from 'typeorm';
import type { JsonSplice } from '../common/json/json-splice.js';

export interface EntitySelectOptions {
  /** jsonb properties read as their JSON text, for JsonSplice. */
  asText?: readonly string[];
  /** Properties not read at all. */
  omit?: readonly string[];
}

/**
 * A select list that reads an entity's columns under its property names, as TypeORM
 * would hydrate them, for hot reads that skip TypeORM's hydration: `bigint` columns
 * arrive as numbers (as through the entities' bigint transformer).
 */
export function entitySelectList(metadata: EntityMetadata, alias: string, options: EntitySelectOptions = {}): string {
  return metadata.columns
    .filter((column) => !options.omit?.includes(column.propertyName))
    .map((column) => {
      const value = `${alias}."${column.databaseName}"`;
      const read = options.asText?.includes(column.propertyName)
        ? `${value}::text`
        : column.type === 'bigint'
          ? `${value}::float8`
          : value;
      return `${read} AS "${column.propertyName}"`;
    })
    .join(', ');
}

/** Replaces the JSON texts of `properties` in each row with JsonSplice tokens. */
export function spliceTexts<Row>(rows: Row[], properties: readonly string[], splice: JsonSplice): Row[] {
  for (const row of rows) {
    const record = row as Record<string, unknown>;
    for (const property of properties) if (property in record) record[property] = splice.add(record[property] as string | null);
  }
  return rows;
}
