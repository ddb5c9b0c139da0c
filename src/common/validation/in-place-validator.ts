import { TransformationType } from 'class-transformer';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage.js';
import { getMetadataStorage, ValidationTypes, type ValidationArguments, type ValidatorConstraintInterface } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata.js';

/** Flat validation errors: `{ "observations.1.id": ["id must be a string"] }`. */
export type FieldErrors = Record<string, string[]>;

/** Validates a parsed JSON value against a DTO class, in place; returns the errors (empty when valid). */
export type InPlaceValidator = (value: Record<string, unknown>) => FieldErrors;

interface Rule {
  type: string;
  metadata: ValidationMetadata;
  constraint: ValidatorConstraintInterface;
}

interface PropertyPlan {
  name: string;
  transforms: ((value: unknown, object: Record<string, unknown>) => unknown)[];
  conditions: ValidationMetadata[];
  rules: Rule[];
  nested?: { metadata: ValidationMetadata; plan: () => ClassPlan };
}

interface ClassPlan {
  targetName: string;
  properties: PropertyPlan[];
  allowed: Set<string>;
}

const compiled = new Map<Function, InPlaceValidator>();

/**
 * The DTO's class-validator (and class-transformer `@Transform`/`@Type`) decorators compiled
 * once into a plan that checks a parsed body where it is, with the messages and field paths
 * of the global ValidationPipe (whitelist, forbidNonWhitelisted, transform), but without
 * class-transformer's deep copy and class-validator's per-object metadata lookups. Values of
 * `@Allow()` fields (free-form JSON: input, output, metadata…) are neither copied nor walked.
 * `@Transform`s are applied to the object itself; objects keep their plain prototype.
 */
export function inPlaceValidator(dto: Function): InPlaceValidator {
  let validator = compiled.get(dto);
  if (!validator) {
    const plan = compileClass(dto);
    validator = (value) => {
      const errors: FieldErrors = {};
      validateObject(plan, value, '', errors);
      return errors;
    };
    compiled.set(dto, validator);
  }
  return validator;
}

function compileClass(dto: Function): ClassPlan {
  const storage = getMetadataStorage();
  const metadatas = storage.getTargetValidationMetadatas(dto, '', false, false);
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const metadata of metadatas) {
    byProperty.set(metadata.propertyName, [...(byProperty.get(metadata.propertyName) ?? []), metadata]);
  }
  const properties = [...byProperty].map(([name, list]) => compileProperty(dto, name, list));
  return { targetName: dto.name, properties, allowed: new Set(byProperty.keys()) };
}

function compileProperty(dto: Function, name: string, metadatas: ValidationMetadata[]): PropertyPlan {
  const storage = getMetadataStorage();
  const plan: PropertyPlan = {
    name,
    transforms: defaultMetadataStorage
      .findTransformMetadatas(dto, name, TransformationType.PLAIN_TO_CLASS)
      .map(({ transformFn, options }) => (value, object) =>
        transformFn({ value, key: name, obj: object, type: TransformationType.PLAIN_TO_CLASS, options }),
      ),
    conditions: [],
    rules: [],
  };
  for (const metadata of metadatas) {
    switch (metadata.type) {
      case ValidationTypes.WHITELIST:
        break;
      case ValidationTypes.CONDITIONAL_VALIDATION:
        plan.conditions.push(metadata);
        break;
      case ValidationTypes.NESTED_VALIDATION:
        plan.nested = { metadata, plan: nestedPlan(dto, name) };
        break;
      case ValidationTypes.CUSTOM_VALIDATION:
      case ValidationTypes.IS_DEFINED:
        for (const constraint of storage.getTargetValidatorConstraints(metadata.constraintCls)) {
          if (constraint.async) throw new Error(`${dto.name}.${name}: async validators cannot be validated in place`);
          plan.rules.push({ type: constraint.name || metadata.type, metadata, constraint: constraint.instance });
        }
        break;
      default:
        throw new Error(`${dto.name}.${name}: ${metadata.type} cannot be validated in place`);
    }
  }
  return plan;
}

/** The class of a nested property, from its `@Type`; compiled on first use (classes may refer to each other). */
function nestedPlan(dto: Function, name: string): () => ClassPlan {
  const type = defaultMetadataStorage.findTypeMetadata(dto, name);
  if (!type) throw new Error(`${dto.name}.${name}: a nested property needs @Type to be validated in place`);
  let plan: ClassPlan | undefined;
  return () => (plan ??= compileClass(type.typeFunction()));
}

function validateObject(plan: ClassPlan, object: Record<string, unknown>, prefix: string, errors: FieldErrors): void {
  for (const key of Object.keys(object)) {
    if (!plan.allowed.has(key)) errors[prefix + key] = [`property ${key} should not exist`];
  }
  for (const property of plan.properties) {
    let value = object[property.name];
    if (property.transforms.length > 0 && Object.hasOwn(object, property.name)) {
      for (const transform of property.transforms) value = transform(value, object);
      object[property.name] = value;
    }
    if (!property.conditions.every((condition) => condition.constraints[0](object, value))) continue;
    const path = prefix + property.name;
    const messages = ruleMessages(plan.targetName, property, object, value);
    if (messages.length > 0) errors[path] = messages;
    if (property.nested && value !== undefined) validateNested(property.nested, value, path, errors);
  }
}

function ruleMessages(targetName: string, property: PropertyPlan, object: object, value: unknown): string[] {
  const failed: Record<string, string> = {};
  for (const { type, metadata, constraint } of property.rules) {
    if (metadata.validateIf && !metadata.validateIf(object, value)) continue;
    const args: ValidationArguments = { targetName, property: property.name, object, value, constraints: metadata.constraints };
    const valid =
      metadata.each && Array.isArray(value)
        ? value.every((item) => constraint.validate(item, args))
        : constraint.validate(value, args);
    if (!valid) failed[type] = messageOf(metadata, args, constraint);
  }
  return Object.values(failed);
}

/** `@ValidateNested()`: an object is checked against the `@Type` class, an array item by item. */
function validateNested(nested: NonNullable<PropertyPlan['nested']>, value: unknown, path: string, errors: FieldErrors): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      if (item !== undefined) validateNested(nested, item, `${path}.${index}`, errors);
    });
  } else if (typeof value === 'object' && value !== null) {
    validateObject(nested.plan(), value as Record<string, unknown>, `${path}.`, errors);
  } else {
    const args = { targetName: '', property: nested.metadata.propertyName, object: {}, value, constraints: [] };
    errors[path] = [messageOf(nested.metadata, args)];
  }
}

/** The message class-validator would give: the decorator's, else the constraint's default, tokens replaced. */
function messageOf(metadata: ValidationMetadata, args: ValidationArguments, constraint?: ValidatorConstraintInterface): string {
  const template = metadata.message || constraint?.defaultMessage?.(args) || '';
  let message = typeof template === 'function' ? template(args) : template;
  (args.constraints ?? []).forEach((value: unknown, index: number) => {
    message = message.replaceAll(`$constraint${index + 1}`, constraintText(value));
  });
  if (['string', 'boolean', 'number'].includes(typeof args.value)) message = message.replaceAll('$value', String(args.value));
  return message.replaceAll('$property', args.property).replaceAll('$target', args.targetName);
}

function constraintText(constraint: unknown): string {
  if (Array.isArray(constraint)) return constraint.join(', ');
  if (typeof constraint === 'symbol') return constraint.description ?? '';
  return String(constraint);
}
