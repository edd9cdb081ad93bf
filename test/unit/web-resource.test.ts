// Resource<T>: one copy of remote data, its abortable load, its freshness, and a stored copy shown as stale.
import { describe, expect, it } from "vitest";
import { Resource, type LoadContext } from "../../web/platform/resource.svelte.ts";

function resource(clock: { t: number }) {
  return new Resource<string[], string>({
    freshMs: 1000,
    now: () => clock.t,
    asError: (e) => (e instanceof Error ? e.message : String(e)),
  });
}

/** A load the test finishes by hand, seeing its signal. */
function deferred() {
  let resolve!: (v: string[]) => void;
  let reject!: (e: unknown) => void;
  let ctx!: LoadContext<string[]>;
  const fetch = (c: LoadContext<string[]>) => {
    ctx = c;
    return new Promise<string[]>((res, rej) => ((resolve = res), (reject = rej)));
  };
  return { fetch, resolve: (v: string[]) => resolve(v), reject: (e: unknown) => reject(e), ctx: () => ctx };
}

describe("Resource", () => {
  it("asks again only once the value is older than freshMs, or when forced", async () => {
    const clock = { t: 0 };
    const r = resource(clock);
    let calls = 0;
    const fetch = async () => [`v${++calls}`];
    await r.load(fetch);
    expect(r.value).toEqual(["v1"]);
    clock.t = 999;
    await r.load(fetch);
    expect(calls).toBe(1);
    await r.load(fetch, true);
    expect(r.value).toEqual(["v2"]);
    clock.t = 999 + 1000;
    await r.load(fetch);
    expect(calls).toBe(3);
  });

  it("a newer load aborts the one before, whose answer then changes nothing", async () => {
    const r = resource({ t: 0 });
    const first = deferred();
    const second = deferred();
    const p1 = r.load(first.fetch);
    const p2 = r.load(second.fetch, true);
    expect(first.ctx().signal.aborted).toBe(true);
    first.ctx().partial(["old partial"]);
    first.resolve(["old"]);
    await p1;
    expect(r.value).toBeNull();
    expect(r.loading).toBe(true);
    second.ctx().partial(["new partial"]);
    expect(r.value).toEqual(["new partial"]);
    second.resolve(["new"]);
    await p2;
    expect(r.value).toEqual(["new"]);
    expect(r.loading).toBe(false);
  });

  it("a failed load keeps the value it had and says why", async () => {
    const r = resource({ t: 0 });
    await r.load(async () => ["kept"]);
    await r.load(async () => {
      throw new Error("Wrike is away");
    }, true);
    expect(r.value).toEqual(["kept"]);
    expect(r.error).toBe("Wrike is away");
    await r.load(async () => ["back"], true);
    expect(r.error).toBeNull();
  });

  it("a stored copy shows as stale, is never fresh, and never covers a loaded value", async () => {
    const clock = { t: 0 };
    const r = resource(clock);
    r.seed(["stored"]);
    expect(r.value).toEqual(["stored"]);
    expect(r.stale).toBe(true);
    expect(r.fresh).toBe(false);
    let calls = 0;
    await r.load(async () => [`loaded${++calls}`]);
    expect(calls).toBe(1);
    expect(r.stale).toBe(false);
    r.seed(["older stored"]);
    expect(r.value).toEqual(["loaded1"]);
  });

  it("revise changes the value without ageing it; reset forgets it and aborts the load", async () => {
    const clock = { t: 0 };
    const r = resource(clock);
    await r.load(async () => ["a"]);
    clock.t = 500;
    r.revise((v) => [...v, "b"]);
    expect(r.value).toEqual(["a", "b"]);
    expect(r.at).toBe(0);
    const d = deferred();
    const p = r.load(d.fetch, true);
    r.reset();
    expect(d.ctx().signal.aborted).toBe(true);
    d.resolve(["late"]);
    await p;
    expect(r.value).toBeNull();
    expect(r.loading).toBe(false);
    r.revise(() => ["nothing to revise"]);
    expect(r.value).toBeNull();
  });
});
