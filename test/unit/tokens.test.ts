// The token store (web/session/tokens.svelte.ts) in two tabs with fake locks, a fake BroadcastChannel, shared
// storage, a hand-driven clock and a fake /auth/token: one rotation however many tabs notice the expiry, a
// 401 on a token already replaced asks nobody, a refused current token is reported as stale, back-off
// on a busy relay, and sign-out reaching the other tab.
import { beforeEach, describe, expect, it } from "vitest";
import type { TokenResponse } from "../../worker/shared/contract.ts";
import { AppError } from "../../web/wrike/errors.ts";
import { memoryArea, SafeStorage } from "../../web/platform/storage.ts";
import { Tokens, type TokenMessage } from "../../web/session/tokens.svelte.ts";
import { FakeClock, FakeLocks, Hub, flush } from "./fake-platform.ts";

const HOST = "www.wrike.com";

/** POST /auth/token as the relay answers it: a new access token per refresh, or what `next` says. */
class FakeRelay {
  readonly calls: (string | undefined)[] = [];
  #n = 1;
  next: (() => TokenResponse) | null = null;
  readonly clock: FakeClock;
  constructor(clock: FakeClock) {
    this.clock = clock;
  }
  token(lifetime = 3600): TokenResponse {
    return {
      access_token: `at-${++this.#n}`,
      host: HOST,
      expires_at: Math.floor(this.clock.now() / 1000) + lifetime,
      scope: "wsReadWrite",
    };
  }
  async fetch(stale?: string): Promise<TokenResponse> {
    this.calls.push(stale);
    await flush(); // the network
    const next = this.next;
    this.next = null;
    return next ? next() : this.token();
  }
}

let clock: FakeClock;
let locks: FakeLocks;
let hub: Hub<TokenMessage>;
let relay: FakeRelay;
let local: ReturnType<typeof memoryArea>;

function tab(): Tokens {
  const session = memoryArea();
  return new Tokens({
    fetchToken: (stale) => relay.fetch(stale),
    locks,
    channel: hub.channel(),
    storage: new SafeStorage({ local: () => local, session: () => session }),
    clock,
  });
}

/** Two tabs holding the same token `t1`, which tab A got and shared. */
async function twoTabs(t1: TokenResponse): Promise<[Tokens, Tokens]> {
  const a = tab();
  const b = tab();
  a.useOAuth(t1);
  await flush();
  expect((await b.current()).token).toBe(t1.access_token);
  return [a, b];
}

beforeEach(() => {
  clock = new FakeClock();
  locks = new FakeLocks();
  hub = new Hub<TokenMessage>();
  relay = new FakeRelay(clock);
  local = memoryArea();
});

describe("two tabs refreshing", () => {
  it("rotates once when both tabs' refresh timers fire, and both end with the new token", async () => {
    const t1 = relay.token(100); // refreshed 50 s ahead of its expiry
    const [a, b] = await twoTabs(t1);
    await clock.advance(50_000);
    expect(relay.calls).toEqual([undefined]);
    expect(locks.most).toBe(1);
    const ta = (await a.current()).token;
    expect(ta).not.toBe(t1.access_token);
    expect((await b.current()).token).toBe(ta);
    a.close();
    b.close();
  });

  it("waits for the sibling's token when storage says it refreshed but its message is still on the way", async () => {
    const t1 = relay.token(100);
    const [a, b] = await twoTabs(t1);
    hub.held = true;
    const fromA = a.refresh(t1.access_token, false);
    const fromB = b.refresh(t1.access_token, false);
    const ta = (await fromA).token;
    await clock.advance(500); // B holds the lock now, waiting for A's broadcast
    expect(relay.calls).toHaveLength(1);
    hub.release();
    expect((await fromB).token).toBe(ta);
    expect(relay.calls).toHaveLength(1);
    a.close();
    b.close();
  });

  it("asks the relay itself when the sibling's message never comes (waits a second at most)", async () => {
    const t1 = relay.token(100);
    const [a, b] = await twoTabs(t1);
    hub.held = true;
    await a.refresh(t1.access_token, false);
    const fromB = b.refresh(t1.access_token, false);
    await clock.advance(999);
    expect(relay.calls).toHaveLength(1);
    await clock.advance(1);
    await fromB;
    expect(relay.calls).toHaveLength(2);
    a.close();
    b.close();
  });
});

describe("a 401 from Wrike", () => {
  it("on a token another tab already replaced: hands out the current one and asks nobody", async () => {
    const t1 = relay.token(100);
    const [a, b] = await twoTabs(t1);
    const t2 = (await a.refresh(t1.access_token, false)).token;
    await flush();
    // B's request sent with t1 before the rotation comes back 401.
    expect((await b.renew(t1.access_token)).token).toBe(t2);
    expect(relay.calls).toEqual([undefined]);
    a.close();
    b.close();
  });

  it("on the current token: refreshes now and tells the relay which token Wrike refused", async () => {
    const t1 = relay.token(3600); // nowhere near its expiry
    const [a, b] = await twoTabs(t1);
    const t2 = (await b.renew(t1.access_token)).token;
    expect(relay.calls).toEqual([t1.access_token]);
    expect(t2).not.toBe(t1.access_token);
    await flush();
    expect((await a.current()).token).toBe(t2);
    a.close();
    b.close();
  });

  it("when the relay says the session is over: reports it lost and throws its code", async () => {
    const [a] = await twoTabs(relay.token(3600));
    const lost: string[] = [];
    a.subscribe({ onLost: (e) => void lost.push(e.code) });
    relay.next = () => {
      throw new AppError("session_expired", "Your Wrike session has ended.", { status: 401 });
    };
    await expect(a.renew((await a.current()).token)).rejects.toMatchObject({ code: "session_expired" });
    expect(lost).toEqual(["session_expired"]);
    a.close();
  });

  it("on a permanent token: no refresh, the token is simply no longer accepted", async () => {
    const a = tab();
    a.usePermanent("perm-1", HOST, false);
    await expect(a.renew("perm-1")).rejects.toMatchObject({ code: "unauthorized" });
    expect(relay.calls).toEqual([]);
    a.close();
  });
});

describe("a busy relay and sign-out", () => {
  it("backs off as Retry-After says, tells the UI how long, then carries on", async () => {
    const [a] = await twoTabs(relay.token(3600));
    const waits: (number | null)[] = [];
    a.subscribe({ onRefreshWait: (n) => void waits.push(n ? n.until - clock.now() : null) });
    relay.next = () => {
      throw new AppError("busy", "Busy.", { status: 429, retryAfter: 5 });
    };
    const renewed = a.renew((await a.current()).token);
    for (let i = 0; i < 20 && waits.length === 0; i++) await flush(); // the first answer came back
    expect(waits).toEqual([5_000]);
    await clock.advance(4_999);
    expect(relay.calls).toHaveLength(1);
    await clock.advance(1);
    await renewed;
    expect(relay.calls).toHaveLength(2);
    expect(waits).toEqual([5_000, null]);
    a.close();
  });

  it("signs the other tab out, and a token shared afterwards does not sign it back in while signing out", async () => {
    const [a, b] = await twoTabs(relay.token(3600));
    const heard: [string | null, boolean][] = [];
    b.subscribe({ onSignedOutElsewhere: (reason, relay) => void heard.push([reason, relay]) });
    a.clear("You signed out.");
    await flush();
    expect(b.signedIn).toBe(false);
    expect(heard).toEqual([["You signed out.", true]]);
    expect(local.getItem("wrike-pane-newest-expiry")).toBeNull();
    // A third tab that had not heard of it shares a token: a tab that is signing out ignores it.
    const signingOut = new Tokens({
      fetchToken: (s) => relay.fetch(s),
      locks,
      channel: hub.channel(),
      storage: new SafeStorage({ local: () => local, session: memoryArea }),
      clock,
      signingOut: () => true,
    });
    tab().useOAuth(relay.token(3600));
    await flush();
    expect(signingOut.signedIn).toBe(false);
    expect(b.signedIn).toBe(true);
    a.close();
    b.close();
    signingOut.close();
  });
});
