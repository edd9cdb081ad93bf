// What the token store and the sign-out are given instead of browser globals: locks (the browser's, or
// in-memory ones in request order where a frame is refused them), a channel between tabs, and storage
// that never throws, with a frame's denied sessionStorage kept in memory and a denied localStorage absent.
import { afterEach, describe, expect, it } from "vitest";
import { broadcastChannel, frameLocks, memoryLocks, type Locks } from "../../web/platform/platform.ts";
import { SESSION_KEYS, SafeStorage, frameStorage, memoryArea } from "../../web/platform/storage.ts";

const denied = () => {
  throw new DOMException("The operation is insecure.", "SecurityError");
};

/** Replaces a global for one test (navigator and the storages are getters on Node's globalThis). */
const restores: (() => void)[] = [];
function setGlobal(name: string, descriptor: PropertyDescriptor): void {
  const before = Object.getOwnPropertyDescriptor(globalThis, name);
  Object.defineProperty(globalThis, name, { configurable: true, ...descriptor });
  restores.push(() => {
    if (before) Object.defineProperty(globalThis, name, before);
    else delete (globalThis as Record<string, unknown>)[name];
  });
}
afterEach(() => {
  for (const r of restores.splice(0).reverse()) r();
});

/** Runs three holders of one lock that each yield inside it; records when each enters and leaves. */
async function contend(locks: Locks): Promise<string[]> {
  const log: string[] = [];
  const holder = (name: string, fail = false) =>
    locks.request("l", async () => {
      log.push(`${name} in`);
      await new Promise((r) => setTimeout(r, 5));
      log.push(`${name} out`);
      if (fail) throw new Error(name);
      return name;
    });
  const results = await Promise.allSettled([holder("a"), holder("b", true), holder("c")]);
  log.push(...results.map((r) => (r.status === "fulfilled" ? r.value : `rejected ${String(r.reason)}`)));
  return log;
}

describe("in-memory locks", () => {
  it("grant one holder at a time, in request order, and a failing holder does not block the next", async () => {
    expect(await contend(memoryLocks())).toEqual([
      "a in",
      "a out",
      "b in",
      "b out",
      "c in",
      "c out",
      "a",
      "rejected Error: b",
      "c",
    ]);
  });

  it("do not hold back a lock of another name", async () => {
    const locks = memoryLocks();
    let release!: () => void;
    const long = locks.request("x", () => new Promise<void>((r) => (release = r)));
    await expect(locks.request("y", async () => "y")).resolves.toBe("y");
    release();
    await long;
  });
});

describe("a frame's locks", () => {
  it("are the browser's where it grants Web Locks", async () => {
    const granted: string[] = [];
    const real = memoryLocks();
    setGlobal("navigator", {
      value: {
        locks: {
          query: async () => ({ held: [], pending: [] }),
          request: (name: string, run: () => Promise<unknown>) => (
            granted.push(name),
            real.request(name, run)
          ),
        },
      },
    });
    const locks = await frameLocks();
    await locks.request("wrike-pane-refresh", async () => {});
    expect(granted).toEqual(["wrike-pane-refresh"]);
  });

  it("are this document's own where the browser refuses Web Locks to the frame", async () => {
    setGlobal("navigator", {
      value: {
        locks: { query: () => Promise.reject(new DOMException("denied", "SecurityError")), request: denied },
      },
    });
    const locks = await frameLocks();
    expect(await contend(locks)).toContain("c");
  });
});

describe("the channel between tabs", () => {
  it("carries messages to every other listener of the name until each unsubscribes", async () => {
    const name = `platform-test-${Math.random()}`;
    const a = broadcastChannel<{ n: number }>(name)!;
    const b = broadcastChannel<{ n: number }>(name)!;
    const heardA: number[] = [];
    const heardB: number[] = [];
    a.listen((m) => heardA.push(m.n));
    const off = b.listen((m) => heardB.push(m.n));
    a.post({ n: 1 });
    await expect.poll(() => heardB).toEqual([1]);
    off();
    a.post({ n: 2 });
    b.post({ n: 3 });
    await expect.poll(() => heardA).toEqual([3]);
    expect(heardB).toEqual([1]);
    a.close();
    b.close();
  });
});

describe("guarded storage", () => {
  it("reads null and writes false where an area is denied, without throwing", () => {
    const s = new SafeStorage({ local: denied, session: () => null });
    expect(s.read(SESSION_KEYS.signingOut)).toBeNull();
    expect(s.write(SESSION_KEYS.signingOut, "1")).toBe(false);
    expect(s.remove(SESSION_KEYS.permanent)).toBe(false);
  });

  it("keeps each key in its own area", () => {
    const local = memoryArea();
    const session = memoryArea();
    const s = new SafeStorage({ local: () => local, session: () => session });
    expect(s.write(SESSION_KEYS.permanent, "p")).toBe(true);
    expect(s.write(SESSION_KEYS.newestExpiry, "9")).toBe(true);
    expect(session.getItem(SESSION_KEYS.permanent.key)).toBe("p");
    expect(local.getItem(SESSION_KEYS.newestExpiry.key)).toBe("9");
    expect(local.getItem(SESSION_KEYS.permanent.key)).toBeNull();
    expect(s.remove(SESSION_KEYS.permanent)).toBe(true);
    expect(s.read(SESSION_KEYS.permanent)).toBeNull();
  });

  it("in a frame refused storage: sessionStorage in memory, localStorage absent (no stale shared flag)", () => {
    setGlobal("localStorage", { get: denied });
    setGlobal("sessionStorage", { get: denied });
    const s = frameStorage();
    expect(s.write(SESSION_KEYS.permanent, "p")).toBe(true);
    expect(s.read(SESSION_KEYS.permanent)).toBe("p");
    expect(s.write(SESSION_KEYS.signingOut, "1")).toBe(false);
    expect(s.read(SESSION_KEYS.signingOut)).toBeNull();
  });

  it("in a frame granted storage: the browser's own areas", () => {
    const local = memoryArea();
    const session = memoryArea();
    setGlobal("localStorage", { value: local });
    setGlobal("sessionStorage", { value: session });
    const s = frameStorage();
    s.write(SESSION_KEYS.permanent, "p");
    s.write(SESSION_KEYS.signingOut, "1");
    expect(session.getItem(SESSION_KEYS.permanent.key)).toBe("p");
    expect(local.getItem(SESSION_KEYS.signingOut.key)).toBe("1");
  });
});
