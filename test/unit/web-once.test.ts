// once(): one shared load per success, a fresh try after a failure (a chunk that failed offline loads later).
import { describe, expect, it } from "vitest";
import { once } from "../../web/platform/once.ts";

describe("once", () => {
  it("shares one load between callers", async () => {
    let calls = 0;
    const load = once(async () => ++calls);
    expect(await Promise.all([load(), load()])).toEqual([1, 1]);
    expect(await load()).toBe(1);
    expect(calls).toBe(1);
  });
  it("tries again after a failure, and keeps the success", async () => {
    let calls = 0;
    const load = once(async () => {
      calls++;
      if (calls === 1) throw new Error("offline");
      return calls;
    });
    await expect(load()).rejects.toThrow("offline");
    expect(await load()).toBe(2);
    expect(await load()).toBe(2);
    expect(calls).toBe(2);
  });
});
