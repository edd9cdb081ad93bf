// A small in-memory cache per view: going back shows the last answer at once; stale entries revalidate.

export interface Entry<T> {
  value: T;
  at: number;
}

export class Cache<T> {
  #entries = new Map<string, Entry<T>>();
  #max: number;

  constructor(max = 50) {
    this.#max = max;
  }

  get(key: string): Entry<T> | undefined {
    const e = this.#entries.get(key);
    if (e) {
      // Re-insert so that Map order is least-recently-used first.
      this.#entries.delete(key);
      this.#entries.set(key, e);
    }
    return e;
  }

  set(key: string, value: T, now: number = Date.now()): void {
    this.#entries.delete(key);
    this.#entries.set(key, { value, at: now });
    while (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
  }

  /** True when the entry exists and is younger than `maxAgeMs`. */
  fresh(key: string, maxAgeMs: number, now: number = Date.now()): boolean {
    const e = this.#entries.get(key);
    return e !== undefined && now - e.at < maxAgeMs;
  }

  /** Rewrites every entry in place (same age, same order): data changed, not fetched again. */
  revise(fn: (key: string, value: T) => T): void {
    for (const [key, e] of this.#entries) e.value = fn(key, e.value);
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }
}
