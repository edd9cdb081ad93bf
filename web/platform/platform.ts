// What the session's state classes touch in the browser besides fetch and storage (Web Locks, a
// BroadcastChannel, timers), as small interfaces with browser defaults and in-memory stand-ins.

/** Exclusive named locks: `run` starts once no other holder of `name` is running. */
export interface Locks {
  request<T>(name: string, run: () => Promise<T>): Promise<T>;
}

/** Messages to and from this app's other tabs (or panes). */
export interface Channel<M> {
  post(message: M): void;
  /** Hears messages from the others (never one's own); returns the unsubscribe. */
  listen(fn: (message: M) => void): () => void;
  close(): void;
}

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
};

/** Runs `run` with no lock at all: for where there is nobody to exclude (one document, tests). */
export const noLocks: Locks = { request: (_name, run) => run() };

/**
 * The browser's Web Locks (shared by every tab of the origin), looked up at each request; none where
 * the browser has none.
 */
export const browserLocks: Locks = {
  request<T>(name: string, run: () => Promise<T>): Promise<T> {
    const locks = typeof navigator === "undefined" ? undefined : navigator.locks;
    if (!locks) return run();
    // The lock's promise settles with what `run` settles with (the DOM typing nests the promise).
    return locks.request(name, run) as Promise<Awaited<T>> as Promise<T>;
  },
};

/** Locks granted in request order within this document only. */
export function memoryLocks(): Locks {
  const tails = new Map<string, Promise<unknown>>();
  return {
    request<T>(name: string, run: () => Promise<T>): Promise<T> {
      const previous = tails.get(name) ?? Promise.resolve();
      const result = previous.then(run);
      const tail = result.catch(() => {});
      tails.set(name, tail);
      void tail.then(() => {
        if (tails.get(name) === tail) tails.delete(name);
      });
      return result;
    },
  };
}

/**
 * The browser's Web Locks if this document may use them, else in-memory ones. A cross-site frame whose
 * browser blocks third-party data without partitioning it is refused Web Locks with a SecurityError;
 * losing them there costs nothing that matters (the relay single-flights a session's refreshes).
 */
export async function frameLocks(): Promise<Locks> {
  const locks = typeof navigator === "undefined" ? undefined : navigator.locks;
  if (!locks) return memoryLocks();
  try {
    await locks.query();
    return browserLocks;
  } catch {
    return memoryLocks();
  }
}

/** A BroadcastChannel by `name`, or null where there is none (or the browser refuses one). */
export function broadcastChannel<M>(name: string): Channel<M> | null {
  if (typeof BroadcastChannel === "undefined") return null;
  let channel: BroadcastChannel;
  try {
    channel = new BroadcastChannel(name);
  } catch {
    return null;
  }
  // Node (unit tests) would otherwise stay alive for the channel.
  (channel as unknown as { unref?: () => void }).unref?.();
  const listeners = new Set<(m: M) => void>();
  channel.onmessage = (e: MessageEvent<M>) => {
    for (const fn of [...listeners]) fn(e.data);
  };
  return {
    post: (m) => channel.postMessage(m),
    listen: (fn) => {
      listeners.add(fn);
      return () => void listeners.delete(fn);
    },
    close: () => channel.close(),
  };
}
