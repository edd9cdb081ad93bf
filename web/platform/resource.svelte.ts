// One piece of remote data held once: an abortable load, how fresh it is, and the reactive value screens derive from.

/** What a load is given: its abort signal, and a way to paint what it has so far (My work's first buckets). */
export interface LoadContext<T> {
  signal: AbortSignal;
  /** Shows a partial value now; the load's result replaces it. Ignored once the load is superseded. */
  partial(value: T): void;
}

export interface ResourceOptions<E> {
  /** The failure as the screens show it (e.g. the app's typed errors). */
  asError: (e: unknown) => E;
  /** How long a loaded value counts as fresh: asking again within it repeats no request. */
  freshMs: number;
  /** The clock (tests pass their own). */
  now?: () => number;
}

/**
 * The one copy of some data and where its load stands. `value` is what screens show; live updates and
 * writes `revise` it in place (same age); a value painted from a stored copy is `stale` until a load
 * confirms it (the screen marks it as refreshing).
 */
export class Resource<T, E = Error> {
  value = $state.raw<T | null>(null);
  error = $state.raw<E | null>(null);
  loading = $state(false);
  /** Painted from a stored copy (an earlier visit), not yet confirmed by a load of this page. */
  stale = $state(false);
  #at = 0;
  #abort: AbortController | null = null;
  readonly #freshMs: number;
  readonly #now: () => number;
  readonly #asError: (e: unknown) => E;

  constructor(o: ResourceOptions<E>) {
    this.#freshMs = o.freshMs;
    this.#asError = o.asError;
    this.#now = o.now ?? Date.now;
  }

  /** Loaded within freshMs by this page (a stored copy is never fresh). */
  get fresh(): boolean {
    return this.value !== null && !this.stale && this.#now() - this.#at < this.#freshMs;
  }

  /** When the value was loaded (ms on the resource's clock), 0 before any load. */
  get at(): number {
    return this.#at;
  }

  /**
   * Loads with `fetch` unless fresh (or `force`): one load at a time (a new one aborts the one before).
   * An aborted load changes nothing; a failed one keeps the value and sets `error`. Resolves when done.
   */
  async load(fetch: (ctx: LoadContext<T>) => Promise<T>, force = false): Promise<void> {
    if (!force && this.fresh) return;
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.loading = true;
    try {
      const value = await fetch({
        signal: abort.signal,
        partial: (v) => {
          if (this.#abort === abort) this.value = v;
        },
      });
      if (abort.signal.aborted) return;
      this.value = value;
      this.error = null;
      this.stale = false;
      this.#at = this.#now();
    } catch (e) {
      if (abort.signal.aborted) return;
      this.error = this.#asError(e);
    } finally {
      if (this.#abort === abort) {
        this.loading = false;
        this.#abort = null;
      }
    }
  }

  /** A load is on its way. */
  get busy(): boolean {
    return this.#abort !== null;
  }

  /** Changes the value without loading (a live update, a write): its age stays. No-op when empty. */
  revise(fn: (value: T) => T): void {
    if (this.value === null) return;
    const next = fn(this.value);
    if (next !== this.value) this.value = next;
  }

  /** Shows a stored copy (an earlier visit's) until a load replaces it; never over a loaded value. */
  seed(value: T): void {
    if (this.value !== null && !this.stale) return;
    this.value = value;
    this.stale = true;
  }

  /** Makes the value stale: the next load asks again whatever its age. */
  invalidate(): void {
    this.#at = 0;
  }

  /** Forgets everything (a sign-out): aborts the load on its way. */
  reset(): void {
    this.#abort?.abort();
    this.#abort = null;
    this.value = null;
    this.error = null;
    this.loading = false;
    this.stale = false;
    this.#at = 0;
  }
}
