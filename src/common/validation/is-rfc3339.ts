import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ValidateBy, type ValidationOptions } from 'class-validator';

/** Date and time with an explicit offset: a bare local time would be read in the server's zone. */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * True for an RFC 3339 timestamp (`2026-01-01T00:00:00Z`, `...+02:00`) that names a real
 * date and time. Checked by hand: ingest validates several timestamps per observation.
 */
export function isRfc3339(value: unknown): value is string {
  const parts = typeof value === 'string' ? RFC3339.exec(value) : null;
  if (!parts) return false;
  const [year, month, day, hour, minute, second = 0, offsetHours = 0, offsetMinutes = 0] = parts.slice(1).map((part) =>
    part === undefined ? undefined : Number(part),
  ) as number[];
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= 23 &&
    offsetMinutes <= 59
  );
}

/**
 * In a query string an unencoded `+` arrives as a space (`...00:00 02:00`); read it as the
 * offset sign it was meant to be.
 */
function restorePlusOffset({ value }: { value: unknown }): unknown {
  return typeof value === 'string' ? value.replace(/ (\d{2}:\d{2})$/, '+$1') : value;
}

/** A string field holding an RFC 3339 timestamp, validated and documented as `date-time`. */
export function IsRfc3339(options?: ValidationOptions): PropertyDecorator {
  return applyDecorators(
    Transform(restorePlusOffset),
    ValidateBy(
      {
        name: 'isRfc3339',
        validator: {
          validate: isRfc3339,
          defaultMessage: (args) =>
            `${args?.property} must be an RFC 3339 timestamp with an offset, e.g. 2026-01-01T00:00:00Z`,
        },
      },
      options,
    ),
    ApiProperty({ type: String, format: 'date-time' }),
  );
}
