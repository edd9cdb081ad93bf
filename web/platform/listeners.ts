// The subscribers of a state class's events, each subscription handing back its own unsubscribe.

type Args<F> = F extends ((...args: infer A) => unknown) | undefined ? A : never;

export class Listeners<E extends object> {
  readonly #all = new Set<E>();

  /** Hears `events` until the returned function is called. */
  add(events: E): () => void {
    this.#all.add(events);
    return () => void this.#all.delete(events);
  }

  /** Calls every subscriber's `name` handler (a subscriber may unsubscribe while it runs). */
  emit<K extends keyof E>(name: K, ...args: Args<E[K]>): void {
    for (const l of [...this.#all]) (l[name] as ((...a: Args<E[K]>) => void) | undefined)?.(...args);
  }
}
