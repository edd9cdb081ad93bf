// The embed's sign-in state machine (web/embed/signin.svelte.ts) with a fake popup, fake relay answers and
// a fake clock: the popup's code redeems once and is acknowledged, a cut opener leads to the pairing code,
// a wrong code ends the attempt, a transient error keeps it.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { HANDOFF_ACK_MESSAGE, HANDOFF_READY_TYPE, type TokenResponse } from "../../worker/shared/contract.ts";
import {
  CODE_GRACE_MS,
  EmbedSignIn,
  POLL_MS,
  REGISTER_GRACE_MS,
  type SignInDeps,
} from "../../web/embed/signin.svelte.ts";
import { AppError } from "../../web/wrike/errors.ts";
import type { HandoffProof, Redemption } from "../../web/session/relay.ts";

const ORIGIN = "https://relay.test";
const NONCE = "n".repeat(43);
const CODE = "c".repeat(43);
const TOKEN: TokenResponse = {
  access_token: "at-1",
  host: "www.wrike.com",
  expires_at: 2e9,
  scope: "wsReadOnly",
};

/** The little of `window` the sign-in uses: its origin and "message" listeners. */
class FakeWindow {
  readonly location = { origin: ORIGIN };
  readonly listeners: ((e: MessageEvent) => void)[] = [];
  addEventListener(type: string, fn: (e: MessageEvent) => void): void {
    if (type === "message") this.listeners.push(fn);
  }
  removeEventListener(): void {}
  /** Delivers a postMessage as the browser would: with the sender's origin and window. */
  deliver(data: unknown, from: { origin?: string; source: unknown }): void {
    const event = { data, origin: from.origin ?? ORIGIN, source: from.source } as unknown as MessageEvent;
    for (const fn of this.listeners) fn(event);
  }
}

/** The popup the frame opened: closable, and it records what the frame posts to it. */
class FakePopup {
  closed = false;
  readonly received: [unknown, string][] = [];
  postMessage(message: unknown, targetOrigin: string): void {
    this.received.push([message, targetOrigin]);
  }
}

interface Harness {
  signIn: EmbedSignIn;
  win: FakeWindow;
  popup: FakePopup;
  opened: string[];
  redeemed: HandoffProof[];
  polls: number;
  signedIn: TokenResponse[];
  /** What the relay answers next: to a status poll, and to a redemption. */
  answers: {
    status: () => Promise<"pending" | "ready" | "invalid">;
    redeem: (p: HandoffProof) => Promise<Redemption>;
  };
}

function harness(): Harness {
  const win = new FakeWindow();
  (globalThis as { window?: unknown }).window = win;
  const popup = new FakePopup();
  const h: Omit<Harness, "signIn"> = {
    win,
    popup,
    opened: [],
    redeemed: [],
    polls: 0,
    signedIn: [],
    answers: {
      status: async () => "pending",
      redeem: async (p) =>
        "code" in p && p.code === CODE ? { status: "ready", token: TOKEN } : { status: "invalid" },
    },
  };
  const deps: SignInDeps = {
    open: (url) => {
      h.opened.push(url);
      return popup as unknown as Window;
    },
    status: (nonce) => {
      expect(nonce).toBe(NONCE);
      h.polls++;
      return h.answers.status();
    },
    redeem: (nonce, proof) => {
      expect(nonce).toBe(NONCE);
      h.redeemed.push(proof);
      return h.answers.redeem(proof);
    },
    newNonce: () => NONCE,
    now: () => Date.now(),
  };
  const signIn = new EmbedSignIn((t) => void h.signedIn.push(t), deps);
  return Object.assign(h, { signIn });
}

const ready = { type: HANDOFF_READY_TYPE, code: CODE };
let h: Harness;

beforeEach(() => {
  vi.useFakeTimers();
  h = harness();
});
afterEach(() => {
  h.signIn.cancel();
  vi.useRealTimers();
  delete (globalThis as { window?: unknown }).window;
});

describe("the popup's code", () => {
  it("opens the popup bound to the nonce, and waits", () => {
    h.signIn.start();
    expect(h.signIn.phase).toBe("waiting");
    const url = new URL(h.opened[0]!, ORIGIN);
    expect([url.pathname, url.searchParams.get("mode"), url.searchParams.get("handoff")]).toEqual([
      "/auth/login",
      "popup",
      NONCE,
    ]);
  });

  it("redeems once, acknowledges the popup on the frame's own origin, and signs in", async () => {
    let finish: (r: Redemption) => void = () => {};
    h.answers.redeem = () => new Promise((resolve) => (finish = resolve));
    h.signIn.start();
    h.win.deliver(ready, { source: h.popup });
    expect(h.signIn.phase).toBe("redeeming");
    // The popup posts again (it does until acknowledged): no second redemption while one is running.
    h.win.deliver(ready, { source: h.popup });
    expect(h.redeemed).toEqual([{ code: CODE }]);
    expect(h.popup.received[0]).toEqual([HANDOFF_ACK_MESSAGE, ORIGIN]);
    finish({ status: "ready", token: TOKEN });
    await vi.advanceTimersByTimeAsync(0);
    expect(h.signedIn).toEqual([TOKEN]);
    expect([h.signIn.phase, h.signIn.problem]).toEqual(["idle", null]);
    // Done: a late message and the clock running on change nothing.
    h.win.deliver(ready, { source: h.popup });
    await vi.advanceTimersByTimeAsync(10 * POLL_MS);
    expect(h.redeemed).toHaveLength(1);
    expect(h.polls).toBe(0);
  });

  it.each([
    ["another origin", { origin: "https://evil.test", source: "popup" }, ready],
    ["another window", { source: "other" }, ready],
    ["a malformed code", { source: "popup" }, { type: HANDOFF_READY_TYPE, code: "short" }],
    ["another message type", { source: "popup" }, { type: "something-else", code: CODE }],
  ])("ignores a message from %s", async (_name, from, data) => {
    h.signIn.start();
    const source = from.source === "popup" ? h.popup : new FakePopup();
    h.win.deliver(data, { ...from, source });
    await vi.advanceTimersByTimeAsync(0);
    expect(h.redeemed).toEqual([]);
    expect(h.popup.received).toEqual([]);
    expect(h.signIn.phase).toBe("waiting");
  });
});

describe("polling, when the popup's code never arrives", () => {
  it(`asks for the pairing code once 'ready' has lasted ${CODE_GRACE_MS} ms without a code`, async () => {
    h.answers.status = async () => "ready";
    h.signIn.start();
    await vi.advanceTimersByTimeAsync(POLL_MS); // first 'ready'
    expect(h.signIn.phase).toBe("waiting");
    await vi.advanceTimersByTimeAsync(POLL_MS); // ready for POLL_MS < CODE_GRACE_MS
    expect(h.signIn.phase).toBe("waiting");
    await vi.advanceTimersByTimeAsync(POLL_MS); // ready for 2 * POLL_MS >= CODE_GRACE_MS
    expect(h.signIn.phase).toBe("pairing");
    expect(h.signIn.problem).toMatch(/pairing code/);
    // Polling never redeems by itself.
    expect(h.redeemed).toEqual([]);
  });

  it("asks for it at once when the popup closed and the hand-off is ready", async () => {
    h.answers.status = async () => "ready";
    h.signIn.start();
    h.popup.closed = true;
    await vi.advanceTimersByTimeAsync(500); // the frame notices the closed popup
    expect(h.signIn.phase).toBe("pairing");
  });

  it("keeps polling through 'pending' and a transient error", async () => {
    const answers: ("pending" | "ready" | Error)[] = [
      "pending",
      new AppError("network", "Offline."),
      "pending",
    ];
    h.answers.status = async () => {
      const next = answers.shift() ?? "pending";
      if (next instanceof Error) throw next;
      return next;
    };
    h.signIn.start();
    await vi.advanceTimersByTimeAsync(4 * POLL_MS);
    expect(h.polls).toBe(4);
    expect(h.signIn.phase).toBe("waiting");
  });

  it("ends the attempt when the relay no longer knows the nonce, after the grace for a slow popup", async () => {
    h.answers.status = async () => "invalid";
    h.signIn.start();
    await vi.advanceTimersByTimeAsync(REGISTER_GRACE_MS - POLL_MS);
    expect(h.signIn.phase).toBe("waiting");
    await vi.advanceTimersByTimeAsync(2 * POLL_MS);
    expect(h.signIn.phase).toBe("failed");
    const polls = h.polls;
    await vi.advanceTimersByTimeAsync(10 * POLL_MS);
    expect(h.polls).toBe(polls);
  });
});

describe("the pairing code", () => {
  async function pairing(): Promise<void> {
    h.answers.status = async () => "ready";
    h.answers.redeem = async (p) =>
      "pairing" in p && p.pairing === "RIGHT-CODE"
        ? { status: "ready", token: TOKEN }
        : { status: "invalid" };
    h.signIn.start();
    h.popup.closed = true;
    await vi.advanceTimersByTimeAsync(500);
    expect(h.signIn.phase).toBe("pairing");
  }

  it("signs in with the right code", async () => {
    await pairing();
    await h.signIn.pair("RIGHT-CODE");
    expect(h.redeemed).toEqual([{ pairing: "RIGHT-CODE" }]);
    expect(h.signedIn).toEqual([TOKEN]);
    expect(h.signIn.phase).toBe("idle");
  });

  it("asks again for an empty code without spending the attempt", async () => {
    await pairing();
    await h.signIn.pair("  ");
    expect(h.redeemed).toEqual([]);
    expect(h.signIn.phase).toBe("pairing");
    expect(h.signIn.problem).toMatch(/Type the code/);
  });

  it("ends the attempt on a wrong code: failed, no more polling, and a later code is not redeemed", async () => {
    await pairing();
    await h.signIn.pair("WRONG-CODE");
    expect(h.signIn.phase).toBe("failed");
    expect(h.signIn.problem).toMatch(/did not match/);
    const polls = h.polls;
    await vi.advanceTimersByTimeAsync(10 * POLL_MS);
    expect(h.polls).toBe(polls);
    await h.signIn.pair("RIGHT-CODE");
    h.win.deliver(ready, { source: h.popup });
    await vi.advanceTimersByTimeAsync(0);
    expect(h.redeemed).toEqual([{ pairing: "WRONG-CODE" }]);
    expect(h.signedIn).toEqual([]);
  });

  it("keeps the attempt on a transient error: same phase, a message, and the next try works", async () => {
    await pairing();
    h.answers.redeem = async () => {
      throw new AppError("network", "Could not reach Wrike Pane's relay.");
    };
    await h.signIn.pair("RIGHT-CODE");
    expect(h.signIn.phase).toBe("pairing");
    expect(h.signIn.problem).toBe("Could not reach Wrike Pane's relay. Try again in a moment.");
    h.answers.redeem = async () => ({ status: "ready", token: TOKEN });
    await h.signIn.pair("RIGHT-CODE");
    expect(h.signedIn).toEqual([TOKEN]);
    expect(h.redeemed).toHaveLength(2);
  });

  it("ends the attempt on a lasting error from the relay", async () => {
    await pairing();
    h.answers.redeem = async () => {
      throw new AppError("refused", "The relay refused the request.");
    };
    await h.signIn.pair("RIGHT-CODE");
    expect(h.signIn.phase).toBe("failed");
    expect(h.signIn.problem).toMatch(/refused/);
  });
});
