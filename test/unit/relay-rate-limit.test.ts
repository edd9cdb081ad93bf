// The relay's local fallback limiter (used where no Rate Limiting binding is configured): fixed windows per key.
import { describe, expect, it } from "vitest";
import { LocalLimiter } from "../../worker/lib/rate-limit.ts";

describe("LocalLimiter", () => {
  it("lets `max` calls per key through in a minute, then refuses until the window turns", async () => {
    let now = 1_000_000;
    const limiter = new LocalLimiter(3, () => now);
    const tries = async (key: string, n: number) => {
      const out: boolean[] = [];
      for (let i = 0; i < n; i++) out.push((await limiter.limit({ key })).success);
      return out;
    };
    expect(await tries("open:192.0.2.1", 5)).toEqual([true, true, true, false, false]);
    // Another address has its own count.
    expect(await tries("open:192.0.2.2", 1)).toEqual([true]);
    now += 59_999;
    expect(await tries("open:192.0.2.1", 1)).toEqual([false]);
    now += 1;
    expect(await tries("open:192.0.2.1", 4)).toEqual([true, true, true, false]);
  });
});
