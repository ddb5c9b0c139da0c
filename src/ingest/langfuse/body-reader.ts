import { isPlainObject } from '../usage-details.js';

/**
 * Reads the fields of one Langfuse event body leniently but type-checked: absent and `null`
 * both mean "not carried" (`undefined`, so a merge keeps the stored value), a wrong type is
 * recorded as a problem instead of thrown, so one pass reports every bad field of the event.
 */
export class BodyReader {
  readonly problems: string[] = [];

  constructor(readonly body: Record<string, unknown>) {}

  has(key: string): boolean {
    return this.body[key] !== undefined && this.body[key] !== null;
  }

  string(key: string): string | undefined {
    const value = this.body[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    // Numbers are accepted where the API says string (versions, ids): SDKs in loose languages send them.
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    return this.problem(`${key} must be a string`);
  }

  requiredString(key: string): string | undefined {
    if (!this.has(key)) return this.problem(`${key} is required`);
    return this.string(key);
  }

  date(key: string): Date | undefined {
    const value = this.body[key];
    if (value === undefined || value === null) return undefined;
    const date = typeof value === 'string' || typeof value === 'number' ? new Date(value) : undefined;
    // PostgreSQL timestamptz covers years 4713 BC to 294276 AD; stay inside four-digit years.
    if (!date || Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1 || date.getUTCFullYear() > 9999) {
      return this.problem(`${key} must be an ISO 8601 date-time`);
    }
    return date;
  }

  number(key: string): number | undefined {
    const value = this.body[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    return this.problem(`${key} must be a finite number`);
  }

  boolean(key: string): boolean | undefined {
    const value = this.body[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    return this.problem(`${key} must be a boolean`);
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    return this.problem(`${key} must be one of ${allowed.join(', ')}`);
  }

  stringArray(key: string): string[] | undefined {
    const value = this.body[key];
    if (value === undefined || value === null) return undefined;
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
    return this.problem(`${key} must be an array of strings`);
  }

  object(key: string): Record<string, unknown> | undefined {
    const value = this.body[key];
    if (value === undefined || value === null) return undefined;
    if (isPlainObject(value)) return value;
    return this.problem(`${key} must be an object`);
  }

  /** Any JSON value (input, output, metadata). */
  json(key: string): unknown {
    const value = this.body[key];
    return value === null ? undefined : value;
  }

  /** Runs a shape check that throws, recording its message as a problem. */
  attempt<T>(check: () => T): T | undefined {
    try {
      return check();
    } catch (error) {
      return this.problem(error instanceof Error ? error.message : String(error));
    }
  }

  problem(message: string): undefined {
    this.problems.push(message);
    return undefined;
  }
}
