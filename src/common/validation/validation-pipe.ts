import { type ArgumentMetadata, type PipeTransform, ValidationPipe, type ValidationError } from '@nestjs/common';
import { AppError } from '../errors/app-error.js';
import { type FieldErrors, inPlaceValidator } from './in-place-validator.js';

/** Flattens class-validator errors into `{ "path.to.field": ["message", ...] }`. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldErrors {
  const flat: FieldErrors = {};
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) flat[path] = Object.values(error.constraints);
    Object.assign(flat, flattenValidationErrors(error.children ?? [], path));
  }
  return flat;
}

/** The 400 for invalid input: the first few problems in the message, all of them in `details`. */
export function validationFailure(details: FieldErrors): AppError {
  const summary = Object.entries(details)
    .slice(0, 5)
    .map(([path, messages]) => `${path}: ${messages[0]}`)
    .join('; ');
  return AppError.badRequest(`invalid request: ${summary}`, details);
}

const inPlaceBodies = new WeakSet<Function>();

/**
 * Marks a body DTO to be validated in place (see in-place-validator.ts) instead of being
 * copied into class instances: for large bodies of free-form JSON (the ingest doors), where
 * the copy and its walks were most of the server's CPU. The handler gets the parsed object
 * itself (plain prototype, `@Transform`s applied). Its JSON was parsed by our body parser,
 * which refuses `__proto__`/`constructor.prototype` keys: the one proto-poisoning defence
 * such a body goes through.
 */
export function ValidatedInPlace(): ClassDecorator {
  return (target) => {
    inPlaceBodies.add(target);
  };
}

/**
 * Global pipe: unknown fields fail, values are converted, errors become a 400 envelope with
 * details. Body DTOs marked `@ValidatedInPlace()` take the in-place validator, the rest
 * Nest's ValidationPipe.
 */
export class RequestValidationPipe implements PipeTransform {
  private readonly generic = new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => validationFailure(flattenValidationErrors(errors)),
  });

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const { type, metatype } = metadata;
    if (type === 'body' && metatype && inPlaceBodies.has(metatype)) return validateInPlace(value, metatype);
    return this.generic.transform(value, metadata);
  }
}

/** As the ValidationPipe does: no body is an empty object, anything but an object fails. */
function validateInPlace(value: unknown, dto: Function): object {
  const body = value ?? {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw validationFailure({ body: ['Validation failed (object is expected)'] });
  }
  const errors = inPlaceValidator(dto)(body as Record<string, unknown>);
  if (Object.keys(errors).length > 0) throw validationFailure(errors);
  return body;
}

export function createValidationPipe(): RequestValidationPipe {
  return new RequestValidationPipe();
}
