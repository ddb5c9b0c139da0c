/** A NUL character or a UTF-16 surrogate without its partner: PostgreSQL can store neither. */
const UNSTORABLE = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Cheap first test: only strings with a NUL or a surrogate need the exact one. */
const SUSPECT = /[\0\ud800-\udfff]/;

function unstorable(text: string): boolean {
  return SUSPECT.test(text) && UNSTORABLE.test(text);
}

/**
 * The JSON path of the first string (value or key) in `root` that PostgreSQL cannot store,
 * or undefined. Iterative: the value may be deep. Nearly every value has none, so a walk
 * that builds no paths answers first, and paths are built only to name a string found.
 */
export function findUnstorableString(root: unknown, rootPath = '$'): string | undefined {
  return holdsUnstorableString(root) ? pathOfUnstorableString(root, rootPath) : undefined;
}

function holdsUnstorableString(root: unknown): boolean {
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === 'string') {
      if (unstorable(value)) return true;
    } else if (Array.isArray(value)) {
      for (const item of value) pending.push(item);
    } else if (value !== null && typeof value === 'object') {
      for (const key in value) {
        if (!Object.hasOwn(value, key)) continue;
        if (unstorable(key)) return true;
        pending.push((value as Record<string, unknown>)[key]);
      }
    }
  }
  return false;
}

function pathOfUnstorableString(root: unknown, rootPath: string): string | undefined {
  const stack: { value: unknown; path: string }[] = [{ value: root, path: rootPath }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      if (unstorable(value)) return path;
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => stack.push({ value: item, path: `${path}[${index}]` }));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (unstorable(key)) return path;
        stack.push({ value: item, path: `${path}.${key}` });
      }
    }
  }
  return undefined;
}

const escapeFreeBodies = new WeakSet<object>();

/**
 * Records that `body` was parsed from JSON text without a `\u0000` or surrogate escape: none
 * of its strings can then hold what PostgreSQL refuses (JSON text cannot carry a raw NUL,
 * and UTF-8 decoding replaces a lone surrogate), so routes checking item by item may skip the walk.
 */
export function markEscapeFree(body: unknown): void {
  if (typeof body === 'object' && body !== null) escapeFreeBodies.add(body);
}

/** Whether `body` (as the parser returned it) may hold a string PostgreSQL cannot store. */
export function mayHoldUnstorableStrings(body: unknown): boolean {
  return !(typeof body === 'object' && body !== null && escapeFreeBodies.has(body));
}

/** Why a value was refused, naming where the bad string is. */
export function unstorableMessage(path: string): string {
  const shown = path.length > 200 ? `${path.slice(0, 200)}…` : path;
  return `a string at ${shown} contains a NUL character or an unpaired UTF-16 surrogate, which cannot be stored`;
}
