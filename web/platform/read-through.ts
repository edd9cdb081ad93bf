// An object whose named properties read through to another one made later (a lazy chunk's instances).

/**
 * Each key of `keys` as a getter of `source()`'s property of that name: `source` runs on every read, so
 * the object may be handed out before what it reads exists (reading early throws whatever `source` throws).
 * `keys` is a record so that the compiler checks that it names every property of T.
 */
export function readThrough<T extends object>(keys: Record<keyof T, true>, source: () => T): T {
  const out = {} as T;
  for (const k of Object.keys(keys) as (keyof T)[]) {
    Object.defineProperty(out, k, { enumerable: true, get: () => source()[k] });
  }
  return out;
}
