// The one back-off loop: how many attempts, how long each wait (doubling, capped, Retry-After first),
// which failures end it at once, and that an abort stops it during a wait and before the next attempt.
import { describe, expect, it } from "vitest";
import { AppError } from "../../web/wrike/errors.ts";
import { retry, sleep, type RetryWait } from "../../web/platform/retry.ts";

const busy = (retryAfter?: number) => new AppError("busy", "Busy.", { retryAfter });
const down = () => new AppError("unavailable", "Down.");

/** An attempt that fails with each of `failures` in turn, then resolves with the attempt number. */
function failing(...failures: unknown[]): { run: (n: number) => Promise<number>; calls: number[] } {
  const calls: number[] = [];
  return {
    calls,
    run: async (n) => {
      calls.push(n);
      const f = failures.shift();
      if (f !== undefined) throw f;
      return n;
    },
  };
}

/** Records the waits instead of sleeping through them. */
function recorder(): { waits: RetryWait[]; wait: (ms: number, w: RetryWait) => Promise<void> } {
  const waits: RetryWait[] = [];
  return { waits, wait: async (_ms, w) => void waits.push(w) };
}

describe("retry", () => {
  it("resolves with the first success, counting attempts from 0", async () => {
    const a = failing(down(), down());
    const r = recorder();
    await expect(retry(a.run, { wait: r.wait, random: () => 0.5 })).resolves.toBe(2);
    expect(a.calls).toEqual([0, 1, 2]);
    expect(r.waits.map((w) => w.attempt)).toEqual([0, 1]);
  });

  it("doubles the wait from 1 s, with jitter, up to the cap", async () => {
    const a = failing(...Array.from({ length: 8 }, down));
    const r = recorder();
    await retry(a.run, { wait: r.wait, random: () => 0.5, maxDelay: 20 });
    expect(r.waits.map((w) => w.ms)).toEqual([1000, 2000, 4000, 8000, 16000, 20000, 20000, 20000]);
    const low = recorder();
    await retry(failing(down(), down(), down(), down()).run, { wait: low.wait, random: () => 0 });
    // -20% jitter, never under a second.
    expect(low.waits.map((w) => w.ms)).toEqual([1000, 2000, 3000, 6000]);
  });

  it("waits as long as Retry-After says, but never longer than the cap", async () => {
    const r = recorder();
    await retry(failing(busy(7), busy(3600), busy(0)).run, { wait: r.wait, maxDelay: 30 });
    expect(r.waits.map((w) => w.ms)).toEqual([7000, 30000, 1000]);
  });

  it("tells the caller of each wait before it starts, with the time of the next attempt", async () => {
    const heard: { code: string; until: number; waited: number }[] = [];
    let waited = 0;
    await retry(failing(busy(5)).run, {
      now: () => 1_000_000,
      onRetry: (w) => heard.push({ code: (w.error as AppError).code, until: w.until, waited }),
      wait: async (ms) => void (waited += ms),
    });
    expect(heard).toEqual([{ code: "busy", until: 1_005_000, waited: 0 }]);
    expect(waited).toBe(5000);
  });

  it("gives up after `retries` retries with the last failure", async () => {
    const a = failing(down(), busy(), down(), down());
    const r = recorder();
    const e = await retry(a.run, { retries: 2, wait: r.wait }).catch((x: unknown) => x);
    expect((e as AppError).code).toBe("unavailable");
    expect(a.calls).toEqual([0, 1, 2]);
    expect(r.waits).toHaveLength(2);
  });

  it("rethrows at once what may not be retried: by default anything but a transient AppError", async () => {
    for (const fatal of [new AppError("not_signed_in", "No."), new TypeError("bug"), "a string"]) {
      const a = failing(fatal);
      const r = recorder();
      await expect(retry(a.run, { wait: r.wait })).rejects.toBe(fatal);
      expect(a.calls).toEqual([0]);
      expect(r.waits).toEqual([]);
    }
    // A caller's own rule: only 429, so a 5xx is final.
    const writes = failing(busy(1), down());
    const e = await retry(writes.run, {
      retryable: (x) => x instanceof AppError && x.code === "busy",
      wait: recorder().wait,
    }).catch((x: unknown) => x);
    expect((e as AppError).code).toBe("unavailable");
    expect(writes.calls).toEqual([0, 1]);
  });

  it("stops waiting when aborted, and makes no further attempt", async () => {
    const controller = new AbortController();
    const a = failing(down(), down());
    const started = Date.now();
    const done = retry(a.run, {
      signal: controller.signal,
      // The default wait: a real timer that the abort cuts short.
      onRetry: () => setTimeout(() => controller.abort(new Error("stopped")), 20),
    }).catch((x: unknown) => x);
    const e = await done;
    expect((e as Error).message).toBe("stopped");
    expect(a.calls).toEqual([0]);
    expect(Date.now() - started).toBeLessThan(900);
  });

  it("does not start when already aborted, nor retry a failure that came with the abort", async () => {
    const aborted = AbortSignal.abort(new Error("gone"));
    const a = failing();
    await expect(retry(a.run, { signal: aborted })).rejects.toThrow("gone");
    expect(a.calls).toEqual([]);

    const controller = new AbortController();
    const r = recorder();
    const b = failing(down());
    const e = await retry(
      async (n) => {
        controller.abort(new Error("cut"));
        return b.run(n);
      },
      { signal: controller.signal, wait: r.wait },
    ).catch((x: unknown) => x);
    expect((e as AppError).code).toBe("unavailable");
    expect(r.waits).toEqual([]);
  });
});

describe("sleep", () => {
  it("resolves after the time, or rejects with the abort's reason", async () => {
    const t = Date.now();
    await sleep(30);
    expect(Date.now() - t).toBeGreaterThanOrEqual(25);
    const c = new AbortController();
    const p = sleep(60_000, c.signal);
    c.abort(new Error("now"));
    await expect(p).rejects.toThrow("now");
  });
});
