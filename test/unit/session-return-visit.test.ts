// A return visit (web/session/session.svelte.ts with web/platform/kept.ts): the last visit's profile is
// painted before the relay's first token, queries made meanwhile wait for it, and the relay's answer
// confirms the copy, takes it down for another user, or ends it all when the session is gone. Wrike is
// the simulator over real HTTP; the relay's POST /auth/token is a gate the test opens.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { TokenResponse } from "../../worker/shared/contract.ts";
import { Session } from "../../web/session/session.svelte.ts";
import { RelaySignOut } from "../../web/session/signout.ts";
import { Tokens } from "../../web/session/tokens.svelte.ts";
import { Kept, KEPT_SCOPE_KEY } from "../../web/platform/kept.ts";
import { memoryArea, SafeStorage } from "../../web/platform/storage.ts";
import type { KeyValue } from "../../web/platform/idb.ts";
import { WrikeApi } from "../../web/wrike/api.ts";
import { errorFromResponse } from "../../web/wrike/errors.ts";
import type { Account, Contact } from "../../web/wrike/types.ts";
import type { SeedUser } from "../wrike-sim/types.ts";
import { startSimulator, type Simulator } from "../wrike-sim/index.ts";
import { FakeClock, FakeLocks, Hub, flush, memoryKv } from "./fake-platform.ts";

let sim: Simulator;
let grace: SeedUser;
let ada: SeedUser;

/** Stands in for the relay's proxy: /api/v4/<path> goes to http://<X-Wrike-Host>/api/v4/<path>. */
const viaProxy: typeof fetch = async (input, init) =>
  fetch(`http://${new Headers(init?.headers).get("X-Wrike-Host")}${String(input)}`, init);

/** The relay's answer for `user`'s session (their permanent token stands in for the access token). */
function tokenFor(user: SeedUser, named = true): TokenResponse {
  const a = user.accounts.find((x) => x.host === "us")!;
  return {
    access_token: a.permanentToken,
    host: sim.hosts[a.host],
    expires_at: Math.floor(Date.now() / 1000) + 3600,
    scope: "wsReadWrite",
    ...(named ? { user_id: user.id } : {}),
  };
}

/** One browser: its IndexedDB and localStorage outlive a page; each page() is a reload. */
let kv: ReturnType<typeof memoryKv>;
let local: ReturnType<typeof memoryArea>;

function page(
  relay: () => Promise<TokenResponse>,
  o: { frameFirst?: boolean; fetch?: typeof fetch; kv?: KeyValue; afterPaint?: () => Promise<void> } = {},
) {
  const storage = new SafeStorage({ local: () => local, session: memoryArea });
  const clock = new FakeClock();
  const signOut = new RelaySignOut({
    logout: async () => {},
    channel: new Hub<never>().channel(),
    storage,
    wait: (ms) => new Promise((r) => clock.setTimeout(r, ms)),
  });
  const tokens = new Tokens({
    fetchToken: relay,
    locks: new FakeLocks(),
    channel: null,
    storage,
    clock,
    signingOut: () => signOut.pending,
  });
  const kept = new Kept(o.kv ?? kv, storage);
  const api = new WrikeApi({ tokens, fetch: o.fetch ?? viaProxy, maxRetries: 0 });
  const session = new Session({
    tokens,
    api,
    signOut,
    kept,
    reporter: { wait: () => {}, clear: () => {} },
    relayHint: () => true,
    language: "en-GB",
    ...(o.frameFirst ? { frameFirst: true } : {}),
    ...(o.afterPaint ? { afterPaint: o.afterPaint } : {}),
  });
  const seen = { resets: 0, changes: [] as string[] };
  session.onReset(() => seen.resets++);
  session.onChange((s) => seen.changes.push(s));
  return { session, tokens, kept, api, seen };
}

/** A gate for the relay's answer: the test decides when (and what) POST /auth/token answers. */
function gate() {
  let open!: (t: TokenResponse) => void;
  let fail!: (e: unknown) => void;
  const answer = new Promise<TokenResponse>((res, rej) => ((open = res), (fail = rej)));
  let asked = 0;
  return { relay: () => (asked++, answer), open, fail, asked: () => asked };
}

/** A first visit as `user` that succeeds, leaving the kept profile behind. */
async function visitAs(user: SeedUser): Promise<void> {
  const p = page(async () => tokenFor(user));
  await p.session.start();
  expect(p.session.state).toBe("signed-in");
  await flush();
  await flush();
}

/** A first visit as `user`, then a reload whose POST /auth/token the test answers: started, not yet answered. */
async function returnVisitAfter(user: SeedUser) {
  await visitAs(user);
  const g = gate();
  const p = page(g.relay);
  const started = p.session.start();
  await flush();
  await flush();
  return { g, p, started };
}

beforeAll(async () => {
  sim = await startSimulator({ rateLimitPerMinute: 100_000 });
  grace = sim.users.find((u) => u.email === "grace@acme.test")!;
  ada = sim.users.find((u) => u.email === "ada@acme.test")!;
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.reset();
  kv = memoryKv();
  local = memoryArea();
});

describe("a return visit", () => {
  it("paints the kept profile before the relay answers; a query made meanwhile waits for the token", async () => {
    const { g, p, started } = await returnVisitAfter(grace);
    expect(p.session.state).toBe("signed-in");
    expect(p.session.provisional).toBe(true);
    expect(p.session.me?.id).toBe(grace.id);
    expect(p.session.userId).toBe(grace.id);
    expect(p.session.host).toBe(sim.hosts.us);
    expect(g.asked()).toBe(1);

    let answered: Contact | null = null;
    const call = p.api.get<Contact>("contacts", { me: true }).then((r) => (answered = r.data[0]!));
    await flush();
    expect(answered).toBeNull();

    g.open(tokenFor(grace));
    await call;
    await started;
    expect(answered!.id).toBe(grace.id);
    expect(p.session.provisional).toBe(false);
    expect(p.session.state).toBe("signed-in");
    // Confirmed as the same user and account: nothing was taken down, and no second "signed-in".
    expect(p.seen.resets).toBe(0);
    expect(p.seen.changes).toEqual(["signed-in"]);
  });

  it("the relay names another user: the copy goes before any query runs for it, then that user signs in", async () => {
    const { g, p, started } = await returnVisitAfter(grace);
    expect(p.session.me?.id).toBe(grace.id);
    const states: string[] = [];
    // What a view would do the moment the relay answers: ask for the user it is shown for.
    p.session.onReset(() => states.push(`reset:${p.session.me?.id ?? "none"}`));

    g.open(tokenFor(ada));
    await started;
    expect(states).toEqual(["reset:none"]);
    expect(p.session.me?.id).toBe(ada.id);
    expect(p.session.provisional).toBe(false);
    await flush();
    // Grace's copies are gone from this browser; Ada's profile is what is kept now.
    const scope = JSON.parse(local.getItem(KEPT_SCOPE_KEY.key)!) as { userId: string };
    expect(scope.userId).toBe(ada.id);
    expect([...kv.map.keys()].some((k) => k.includes(`|${grace.id}|`))).toBe(false);
  });

  it("a token that does not name the user: the profile decides, and another user's copy is dropped then", async () => {
    const { g, p, started } = await returnVisitAfter(grace);
    g.open(tokenFor(ada, false));
    await started;
    expect(p.seen.resets).toBeGreaterThanOrEqual(1);
    expect(p.session.me?.id).toBe(ada.id);
    expect(p.session.account?.id).toBe(ada.accounts.find((a) => a.host === "us")!.accountId);
  });

  it("the relay says the session ended: the copy goes off the screen, its reason is shown, nothing stays kept", async () => {
    const { g, p, started } = await returnVisitAfter(grace);
    expect(p.session.state).toBe("signed-in");
    const call = p.api.get<Account>("account").then(
      () => "answered",
      (e: { code?: string }) => e.code,
    );
    g.fail(errorFromResponse(401, { error: "session_expired", message: "x" }));
    await started;
    expect(p.session.state).toBe("signed-out");
    expect(p.session.provisional).toBe(false);
    expect(p.session.me).toBeNull();
    expect(p.session.reason).toMatch(/session/i);
    expect(p.seen.changes).toEqual(["signed-in", "signed-out"]);
    // The query that waited never reached Wrike with anything: it fails as signed out.
    expect(await call).toBe("not_signed_in");
    await flush();
    expect(kv.map.size).toBe(0);
    expect(local.getItem(KEPT_SCOPE_KEY.key)).toBeNull();
  });

  it("signing out before the relay answers ends the wait and keeps the page signed out", async () => {
    const { g, p, started } = await returnVisitAfter(grace);
    const call = p.api.get<Account>("account").then(
      () => "answered",
      (e: { code?: string }) => e.code,
    );
    await p.session.signOut();
    expect(await call).toBe("not_signed_in");
    g.open(tokenFor(grace));
    await started;
    expect(p.session.state).toBe("signed-out");
    expect(p.tokens.signedIn).toBe(false);
  });

  it("nothing kept (a first visit in this browser): nothing painted, the relay's answer signs in", async () => {
    const g = gate();
    const p = page(g.relay);
    const started = p.session.start();
    await flush();
    expect(p.session.state).toBe("starting");
    expect(p.session.provisional).toBe(false);
    g.open(tokenFor(grace));
    await started;
    expect(p.session.state).toBe("signed-in");
    expect(p.session.me?.id).toBe(grace.id);
  });
});

/** The proxy, with Wrike's answers to the profile's calls held until the test lets them go (or fails them). */
function heldProfile() {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let failing = false;
  const fetch: typeof globalThis.fetch = async (input, init) => {
    if (/\/(contacts|account)\b/.test(String(input))) {
      await held;
      if (failing)
        return new Response(JSON.stringify({ error: "server_error", errorDescription: "x" }), {
          status: 500,
        });
    }
    return viaProxy(input, init);
  };
  return { fetch, release, fail: () => ((failing = true), release()) };
}

describe("a first visit, the frame first (the app)", () => {
  it("is signed in as soon as the relay names the user, the profile loading; its queries go out meanwhile", async () => {
    const h = heldProfile();
    const p = page(async () => tokenFor(ada), { frameFirst: true, fetch: h.fetch });
    const entering: string[] = [];
    p.session.onEntering((id) => entering.push(id));
    const started = p.session.start();
    await flush();
    await flush();
    expect(p.session.state).toBe("signed-in");
    expect(p.session.me).toBeNull();
    expect(p.session.userId).toBe(ada.id);
    expect(entering).toEqual([ada.id]);
    // A view's query is not held behind the profile.
    const tasks = await p.api.get<{ id: string }>("tasks", { responsibles: [ada.id], pageSize: 1 });
    expect(tasks.data).toHaveLength(1);
    h.release();
    await started;
    expect(p.session.me?.id).toBe(ada.id);
    expect(p.seen.changes).toEqual(["signed-in"]);
  });

  it("a profile that cannot load signs out again, with the reason", async () => {
    const h = heldProfile();
    const p = page(async () => tokenFor(ada), { frameFirst: true, fetch: h.fetch });
    const started = p.session.start();
    await flush();
    expect(p.session.state).toBe("signed-in");
    h.fail();
    await started;
    expect(p.session.state).toBe("signed-out");
    expect(p.session.reason).toMatch(/Could not load your Wrike profile/);
    expect(p.seen.changes).toEqual(["signed-in", "signed-out"]);
  });

  it("waits for the profile without the option (the embed), or when the relay does not name the user", async () => {
    for (const o of [
      { named: true, frameFirst: false },
      { named: false, frameFirst: true },
    ]) {
      // Another browser each time (what a tab shares through storage stays out of it).
      kv = memoryKv();
      local = memoryArea();
      const h = heldProfile();
      const p = page(async () => tokenFor(ada, o.named), { frameFirst: o.frameFirst, fetch: h.fetch });
      const started = p.session.start();
      await flush();
      await flush();
      expect(p.session.state, JSON.stringify(o)).toBe("starting");
      h.release();
      await started;
      expect(p.session.state).toBe("signed-in");
      expect(p.seen.changes).toEqual(["signed-in"]);
    }
  });

  it("a kept profile slower than the token (a return visit): the copy is still shown while Wrike is asked", async () => {
    await visitAs(grace);
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    const slowKv: KeyValue = { ...kv, get: async (k) => (await slow, kv.get(k)) };
    const h = heldProfile();
    const p = page(async () => tokenFor(grace), { frameFirst: true, fetch: h.fetch, kv: slowKv });
    const started = p.session.start();
    // The token waits a moment for the copy (PAINT_WAIT_MS), then goes on without it.
    await new Promise((r) => setTimeout(r, 250));
    await flush();
    expect(p.session.state).toBe("signed-in");
    expect(p.session.me).toBeNull();
    release();
    await flush();
    await flush();
    expect(p.session.me?.id).toBe(grace.id);
    expect(p.session.provisional).toBe(true);
    h.release();
    await started;
    expect(p.session.provisional).toBe(false);
    expect(p.session.me?.id).toBe(grace.id);
    expect(p.seen.changes).toEqual(["signed-in"]);
    expect(p.seen.resets).toBe(0);
  });

  it("takes the relay's token once the copy's frame is on screen: no call to Wrike runs inside that frame", async () => {
    await visitAs(grace);
    let painted!: () => void;
    const frame = new Promise<void>((r) => (painted = r));
    const calls: string[] = [];
    const counting: typeof fetch = (input, init) => (calls.push(String(input)), viaProxy(input, init));
    const p = page(async () => tokenFor(grace), {
      frameFirst: true,
      fetch: counting,
      afterPaint: () => frame,
    });
    const started = p.session.start();
    // A view's query, made the moment the copy is up (as My work's is).
    const query = p.api.get<Contact>("contacts", { me: true });
    for (let i = 0; i < 5; i++) await flush();
    expect(p.session.provisional).toBe(true);
    expect(p.session.me?.id).toBe(grace.id);
    expect(calls).toEqual([]);
    painted();
    await started;
    expect((await query).data[0]!.id).toBe(grace.id);
    expect(calls.length).toBeGreaterThan(0);
    expect(p.session.provisional).toBe(false);
  });
});
