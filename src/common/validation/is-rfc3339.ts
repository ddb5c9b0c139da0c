import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { isISO8601, ValidateBy, type ValidationOptions } from 'class-validator';

/** Date and time with an explicit offset: a bare local time would be read in the server's zone. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** True for an RFC 3339 timestamp (`2026-01-01T00:00:00Z`, `...+02:00`) that names a real date. */
export function isRfc3339(value: unknown): value is string {
  return typeof value === 'string' && RFC3339.test(value) && isISO8601(value, { strict: true });
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
    ApiProperty({ type: String, format: 'date-time', required: false }),
  );
}
