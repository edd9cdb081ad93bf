// Lets the shared token store run in a frame whose browser denies third-party storage.
//
// Browsers that block third-party cookies without partitioning storage (Chromium with the
// ThirdPartyStoragePartitioning feature off, as Playwright launches it, in an off-the-record profile
// that blocks third-party cookies; Chromium's "block all third-party data" settings) refuse Web Locks
// and sessionStorage to a cross-site iframe with a SecurityError, while partitioned (CHIPS) cookies
// still work. web/lib/tokens.svelte.ts uses both: Web Locks to serialise refreshes across tabs, and
// sessionStorage only for permanent tokens (which the pane never uses). Where they are denied, this
// frame gets stand-ins that live in this document: a FIFO exclusive lock and an in-memory Storage.
// That loses nothing that matters: two panes refreshing the same session at once are reconciled by the
// relay's refresh single-flight, and the access token is in memory anyway.

class MemoryStorage implements Storage {
  readonly #items = new Map<string, string>();
  [name: string]: unknown;

  get length(): number {
    return this.#items.size;
  }
  clear(): void {
    this.#items.clear();
  }
  getItem(key: string): string | null {
    return this.#items.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.#items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.#items.delete(key);
  }
  setItem(key: string, value: string): void {
    this.#items.set(key, String(value));
  }
}

type LockCallback<T> = (lock: { name: string; mode: "exclusive" } | null) => T | Promise<T>;

/** Exclusive locks by name, granted in request order, for this document only. */
class FrameLocks {
  readonly #tails = new Map<string, Promise<unknown>>();

  request<T>(name: string, ...args: [LockCallback<T>] | [unknown, LockCallback<T>]): Promise<T> {
    const callback = (args.length === 1 ? args[0] : args[1]) as LockCallback<T>;
    const previous = this.#tails.get(name) ?? Promise.resolve();
    const run = previous.catch(() => {}).then(() => callback({ name, mode: "exclusive" }));
    const tail = run.catch(() => {});
    this.#tails.set(name, tail);
    void tail.then(() => {
      if (this.#tails.get(name) === tail) this.#tails.delete(name);
    });
    return run;
  }

  async query(): Promise<{ held: never[]; pending: never[] }> {
    return { held: [], pending: [] };
  }
}

/** Replaces denied storage APIs with frame-local stand-ins; returns the names of those replaced. */
export async function guardFrameStorage(win: Window = window): Promise<string[]> {
  const replaced: string[] = [];
  try {
    void win.sessionStorage.length;
  } catch {
    Object.defineProperty(win, "sessionStorage", { value: new MemoryStorage(), configurable: true });
    replaced.push("sessionStorage");
  }
  const locks = win.navigator.locks as LockManager | undefined;
  if (locks) {
    try {
      await locks.query();
    } catch {
      Object.defineProperty(win.navigator, "locks", { value: new FrameLocks(), configurable: true });
      replaced.push("locks");
    }
  }
  return replaced;
}
