import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { AppError } from '../errors/app-error.js';

/** Flattens class-validator errors into `{ "path.to.field": ["message", ...] }`. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): Record<string, string[]> {
  const flat: Record<string, string[]> = {};
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) flat[path] = Object.values(error.constraints);
    Object.assign(flat, flattenValidationErrors(error.children ?? [], path));
  }
  return flat;
}

/** Global pipe: unknown fields fail, values are converted, errors become a 400 envelope with details. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const details = flattenValidationErrors(errors);
      const summary = Object.entries(details)
        .slice(0, 5)
        .map(([path, messages]) => `${path}: ${messages[0]}`)
        .join('; ');
      return AppError.badRequest(`invalid request: ${summary}`, details);
    },
  });
}
