// Stand-ins for what web/platform/platform.ts abstracts (Web Locks, a BroadcastChannel, timers), shared by
// tabs in one test: a hand-driven clock, locks with one holder per name, and a channel hub between tabs.
import type { KeyValue } from "../../web/platform/idb.ts";
import type { Channel, Clock, Locks } from "../../web/platform/platform.ts";

export const flush = () => new Promise<void>((r) => setImmediate(r));

/** Time moves only when the test says; due timers fire in order, with promises settled in between. */
export class FakeClock implements Clock {
  #now = Date.parse("2026-03-04T10:00:00Z");
  #seq = 0;
  readonly #timers = new Map<number, { at: number; fn: () => void }>();
  now(): number {
    return this.#now;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    this.#timers.set(++this.#seq, { at: this.#now + ms, fn });
    return this.#seq;
  }
  clearTimeout(id: unknown): void {
    this.#timers.delete(id as number);
  }
  /** Timers still waiting to fire. */
  get pending(): number {
    return this.#timers.size;
  }
  async advance(ms: number): Promise<void> {
    const end = this.#now + ms;
    for (;;) {
      await flush();
      const next = [...this.#timers].sort((a, b) => a[1].at - b[1].at)[0];
      if (!next || next[1].at > end) break;
      this.#timers.delete(next[0]);
      this.#now = next[1].at;
      next[1].fn();
    }
    this.#now = end;
    await flush();
  }
}

/** Web Locks across tabs: one holder per name at a time, in request order; remembers the most at once. */
export class FakeLocks implements Locks {
  most = 0;
  #holding = 0;
  #tail: Promise<unknown> = Promise.resolve();
  request<T>(_name: string, run: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(async () => {
      this.most = Math.max(this.most, ++this.#holding);
      try {
        return await run();
      } finally {
        this.#holding--;
      }
    });
    this.#tail = result.catch(() => {});
    return result;
  }
}

/** BroadcastChannel between tabs: delivered to the others (not the sender) a moment later, or held. */
export class Hub<M> {
  held = false;
  readonly #members = new Set<(m: M) => void>();
  readonly #queue: (() => void)[] = [];
  channel(): Channel<M> {
    let mine: ((m: M) => void) | null = null;
    return {
      post: (m) => {
        for (const deliver of this.#members) {
          if (deliver === mine) continue;
          // Structured clone, as a real channel does: no shared objects between tabs.
          const send = () => deliver(structuredClone(m));
          if (this.held) this.#queue.push(send);
          else queueMicrotask(send);
        }
      },
      listen: (fn) => {
        mine = fn;
        this.#members.add(fn);
        return () => void this.#members.delete(fn);
      },
      close: () => {
        if (mine) this.#members.delete(mine);
      },
    };
  }
  release(): void {
    this.held = false;
    for (const send of this.#queue.splice(0)) send();
  }
}

/** The KeyValue contract in memory (what IndexedDB gives the app), so the rules are tested, not the browser. */
export function memoryKv(): KeyValue & { map: Map<string, unknown> } {
  const map = new Map<string, unknown>();
  return {
    map,
    get: async <T>(k: string) => structuredClone(map.get(k)) as T | undefined,
    set: async (k, v) => void map.set(k, structuredClone(v)),
    keys: async () => [...map.keys()],
    delete: async (ks) => ks.forEach((k) => map.delete(k)),
    clear: async () => map.clear(),
  };
}
