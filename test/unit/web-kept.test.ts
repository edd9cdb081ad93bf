// What the app keeps between visits: keyed by user and account, written only after a sign-in, gone on the way out.
import { describe, expect, it } from "vitest";
import {
  KEPT_MAX_AGE_MS,
  KEPT_SCOPE_KEY,
  Kept,
  keptKey,
  parseScope,
  usableEntry,
} from "../../web/platform/kept.ts";
import { SafeStorage, memoryArea } from "../../web/platform/storage.ts";
import type { KeyValue } from "../../web/platform/idb.ts";
import { flush, memoryKv } from "./fake-platform.ts";

const ADA = { host: "www.wrike.com", userId: "KUADA", accountId: "ACME" };

function setup(t = { now: 1_000_000 }) {
  const kv = memoryKv();
  const local = memoryArea();
  const storage = new SafeStorage({ local: () => local, session: () => memoryArea() });
  return { kv, storage, kept: new Kept(kv, storage, () => t.now), t };
}

describe("kept copies", () => {
  it("writes nothing before a sign-in has succeeded; an answer that came first is written once it has", async () => {
    const { kv, kept } = setup();
    kept.resume("KUADA", ADA.host);
    kept.write("work", { tasks: [] });
    await flush();
    expect(kv.map.size).toBe(0);
    await kept.confirm(ADA);
    await flush();
    expect([...kv.map.keys()]).toEqual([keptKey(ADA, "work")]);
  });

  it("an answer held for a sign-in that then ended is never written", async () => {
    const { kv, kept } = setup();
    kept.write("work", { tasks: [] });
    await kept.clear();
    await kept.confirm(ADA);
    await flush();
    expect(kv.map.size).toBe(0);
  });

  it("keys each copy by host, account and user, and reads it back on a return visit as the same user", async () => {
    const { kv, storage, kept } = setup();
    await kept.confirm(ADA);
    kept.write("profile", { me: { id: "KUADA" } });
    await flush();
    expect([...kv.map.keys()]).toEqual([keptKey(ADA, "profile")]);
    expect(parseScope(storage.read(KEPT_SCOPE_KEY))).toEqual(ADA);
    // The next page load: nothing readable until the relay's session names the same user on the same host.
    const next = new Kept(kv, storage, () => 1_000_000);
    expect(await next.read("profile")).toBeNull();
    expect(next.resume("KUBOB", ADA.host)).toBeNull();
    expect(await next.read("profile")).toBeNull();
    expect(next.resume("KUADA", "app-eu.wrike.com")).toBeNull();
    expect(next.resume("KUADA", ADA.host)).toEqual(ADA);
    expect(await next.read("profile")).toEqual({ me: { id: "KUADA" } });
  });

  it("another account (or user) signing in clears every copy first", async () => {
    const { kv, kept } = setup();
    await kept.confirm(ADA);
    kept.write("work", { tasks: [1] });
    await flush();
    const other = { ...ADA, accountId: "GLOBEX" };
    await kept.confirm(other);
    expect(kv.map.size).toBe(0);
    kept.write("work", { tasks: [2] });
    await flush();
    expect([...kv.map.keys()]).toEqual([keptKey(other, "work")]);
  });

  it("clear() leaves nothing and stops later writes until the next sign-in", async () => {
    const { kv, storage, kept } = setup();
    await kept.confirm(ADA);
    kept.write("work", { tasks: [1] });
    await flush();
    await kept.clear();
    expect(kv.map.size).toBe(0);
    expect(storage.read(KEPT_SCOPE_KEY)).toBeNull();
    kept.write("work", { tasks: [2] });
    await flush();
    expect(kv.map.size).toBe(0);
    expect(await kept.read("work")).toBeNull();
  });

  it("a copy older than a week is not shown, nor one from the future", async () => {
    const t = { now: 1_000_000_000 };
    const { kept } = setup(t);
    await kept.confirm(ADA);
    kept.write("work", { tasks: [1] });
    await flush();
    t.now += KEPT_MAX_AGE_MS - 1;
    expect(await kept.read("work")).toEqual({ tasks: [1] });
    t.now += 1;
    expect(await kept.read("work")).toBeNull();
    expect(usableEntry({ at: 10 * 60_000, value: 1 }, 0)).toBe(false);
  });

  it("reads started at page load are used only once the relay names the same user", async () => {
    const { kv, storage, kept } = setup();
    await kept.confirm(ADA);
    kept.write("work", { tasks: [1] });
    await flush();
    const asked: string[] = [];
    const counting: KeyValue = { ...kv, get: (k) => (asked.push(k), kv.get(k)) };
    const next = new Kept(counting, storage, () => 1_000_000);
    next.prefetch(["work"]);
    expect(asked).toEqual([keptKey(ADA, "work")]);
    expect(await next.read("work")).toBeNull();
    next.resume("KUADA", ADA.host);
    expect(await next.read("work")).toEqual({ tasks: [1] });
    // Used once: a later read asks IndexedDB again.
    expect(asked).toHaveLength(1);
    await next.read("work");
    expect(asked).toHaveLength(2);
    // Another user on the next load: the early read is never used.
    const other = new Kept(counting, storage, () => 1_000_000);
    other.prefetch(["work"]);
    expect(other.resume("KUBOB", ADA.host)).toBeNull();
    expect(await other.read("work")).toBeNull();
  });

  it("takes the page's own early reads for the same scope, and reads again for another or where they failed", async () => {
    const { kv, storage, kept } = setup();
    await kept.confirm(ADA);
    kept.write("work", { tasks: [1] });
    kept.write("profile", { me: "ada" });
    await flush();
    const raw = storage.read(KEPT_SCOPE_KEY);
    const asked: string[] = [];
    const counting: KeyValue = { ...kv, get: (k) => (asked.push(k), kv.get(k)) };
    const page = { at: 1_000_000, value: { tasks: ["from the page"] } };
    // The page read this scope: its entries are used, IndexedDB is not asked again.
    const same = new Kept(counting, storage, () => 1_000_000);
    same.prefetch(["profile", "work"], { scope: raw, reads: Promise.resolve({ work: page }) });
    same.resume("KUADA", ADA.host);
    expect(await same.read("work")).toEqual({ tasks: ["from the page"] });
    // A kind the page did not read is read as usual.
    expect(await same.read("profile")).toEqual({ me: "ada" });
    expect(asked).toEqual([keptKey(ADA, "profile")]);
    // The page read another scope (storage changed since): its entries are never used.
    asked.length = 0;
    const other = new Kept(counting, storage, () => 1_000_000);
    other.prefetch(["work"], {
      scope: JSON.stringify({ ...ADA, userId: "KUBOB" }),
      reads: Promise.resolve({ work: page }),
    });
    other.resume("KUADA", ADA.host);
    expect(await other.read("work")).toEqual({ tasks: [1] });
    expect(asked).toEqual([keptKey(ADA, "work")]);
    // The page's reads failed: read again.
    for (const reads of [Promise.resolve(null), Promise.reject(new Error("denied"))]) {
      const failed = new Kept(counting, storage, () => 1_000_000);
      failed.prefetch(["work"], { scope: raw, reads });
      failed.resume("KUADA", ADA.host);
      expect(await failed.read("work")).toEqual({ tasks: [1] });
    }
  });

  it("a tampered scope in storage reads as none", () => {
    expect(parseScope("not json")).toBeNull();
    expect(parseScope(JSON.stringify({ host: "h", userId: 7, accountId: "A" }))).toBeNull();
  });

  it("keeps plain data only (what it stores is a JSON copy, never a live object)", async () => {
    const { kv, kept } = setup();
    await kept.confirm(ADA);
    const value = { tasks: [{ id: "T1", at: new Date(0) }] };
    kept.write("work", value);
    await flush();
    value.tasks[0]!.id = "changed";
    expect((kv.map.get(keptKey(ADA, "work")) as { value: unknown }).value).toEqual({
      tasks: [{ id: "T1", at: "1970-01-01T00:00:00.000Z" }],
    });
  });
});
