import { ValidateBy, type ValidationOptions } from 'class-validator';

/** Prices by usage type: a number, or `{ "price": number }` as GET returns them. */
export type PriceMapInput = Record<string, number | { price: number }>;

const KEY = /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/;
const MAX_KEYS = 50;

function priceOf(value: unknown): number | undefined {
  const price = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as { price?: unknown }).price : value;
  return typeof price === 'number' && Number.isFinite(price) && price >= 0 ? price : undefined;
}

/** The map as plain numbers (call after validation). */
export function toPriceNumbers(map: PriceMapInput): Record<string, number> {
  return Object.fromEntries(Object.entries(map).map(([key, value]) => [key, priceOf(value)!]));
}

export function isPriceMap(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return entries.length <= MAX_KEYS && entries.every(([key, price]) => KEY.test(key) && priceOf(price) !== undefined);
}

/** An object of at most 50 usage types (`[A-Za-z][A-Za-z0-9_.:-]*`) to non-negative finite prices. */
export function IsPriceMap(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPriceMap',
      validator: {
        validate: isPriceMap,
        defaultMessage: (args) =>
          `${args?.property} must map at most ${MAX_KEYS} usage types (letters, digits, _ . : -) to non-negative numbers (USD per unit)`,
      },
    },
    options,
  );
}
