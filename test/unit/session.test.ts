// The session core (web/session/session.svelte.ts) in tabs and a pane with fake locks, channels and a clock,
// Wrike being the simulator over real HTTP: start-up with and without the relay's session hint, a 401 on
// a stale token, the session's end and the reason it shows, and the embed's hand-off polling signing in.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { HANDOFF_READY_TYPE, type TokenResponse } from "../../worker/shared/contract.ts";
import { Session, type SessionReporter } from "../../web/session/session.svelte.ts";
import { RelaySignOut, SIGNING_OUT, type SignOutMessage } from "../../web/session/signout.ts";
import { Tokens, type TokenMessage } from "../../web/session/tokens.svelte.ts";
import { EmbedSignIn, POLL_MS } from "../../web/embed/signin.svelte.ts";
import { memoryArea, SafeStorage, SESSION_KEYS } from "../../web/platform/storage.ts";
import { WrikeApi } from "../../web/wrike/api.ts";
import { AppError, errorFromResponse } from "../../web/wrike/errors.ts";
import type { Contact } from "../../web/wrike/types.ts";
import { signInAtWrike, startSimulator, type Simulator } from "../wrike-sim/index.ts";
import { FakeClock, FakeLocks, Hub, flush } from "./fake-platform.ts";

const CLIENT = { id: "session-test", secret: "session-test-secret", redirectUris: ["https://relay.test/cb"] };
const GRACE = { email: "grace@acme.test", account: "Acme Robotics" };

let sim: Simulator;
let graceId: string;

/** Stands in for the relay's proxy: /api/v4/<path> goes to http://<X-Wrike-Host>/api/v4/<path>. */
const viaProxy: typeof fetch = async (input, init) =>
  fetch(`http://${new Headers(init?.headers).get("X-Wrike-Host")}${String(input)}`, init);

/** The relay's refusal as the app receives it from POST /auth/token (through errorFromResponse). */
const relayRefusal = (code: "not_signed_in" | "session_expired") =>
  errorFromResponse(401, { error: code, message: "x" });

/**
 * The relay's side of one browser session, as POST /auth/token behaves: the session's current access
 * token, refreshed at Wrike (the simulator's token endpoint, rotating refresh tokens) when the app names
 * it as refused; a refused refresh ends the session (session_expired). `expires_at` is on the tabs' clock.
 */
class RelaySession {
  readonly calls: (string | undefined)[] = [];
  refusal: AppError | null = null;
  /** One answer of a relay that is away (a deploy, a 503): the next call fails with it. */
  away: AppError | null = null;
  #access = "";
  #refresh = "";
  #host = "";
  readonly #clock: FakeClock;

  constructor(clock: FakeClock) {
    this.#clock = clock;
  }

  /** The sign-in a person makes at Wrike (the popup, or the app's redirect), ending in a token pair. */
  async signIn(): Promise<void> {
    const url = new URL(`${sim.loginOrigin}/oauth2/authorize/v4`);
    url.search = new URLSearchParams({
      client_id: CLIENT.id,
      response_type: "code",
      redirect_uri: CLIENT.redirectUris[0]!,
      state: "st",
      scope: "wsReadWrite",
    }).toString();
    const back = await signInAtWrike(url.toString(), GRACE);
    await this.#grant({
      grant_type: "authorization_code",
      code: back.searchParams.get("code")!,
      redirect_uri: CLIENT.redirectUris[0]!,
    });
  }

  get access(): string {
    return this.#access;
  }

  async token(stale?: string): Promise<TokenResponse> {
    this.calls.push(stale);
    const away = this.away;
    this.away = null;
    if (away) throw away;
    if (this.refusal) throw this.refusal;
    if (stale !== undefined && stale === this.#access) {
      await this.#grant({ grant_type: "refresh_token", refresh_token: this.#refresh });
    }
    return {
      access_token: this.#access,
      host: this.#host,
      expires_at: Math.floor(this.#clock.now() / 1000) + 3600,
      scope: "wsReadWrite",
    };
  }

  async #grant(form: Record<string, string>): Promise<void> {
    const res = await fetch(`${sim.loginOrigin}/oauth2/token`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...form, client_id: CLIENT.id, client_secret: CLIENT.secret }),
    });
    const body = (await res.json()) as { access_token?: string; refresh_token?: string; host?: string };
    if (!res.ok) {
      // invalid_grant: the relay answers 401 session_expired and forgets the session.
      this.refusal = relayRefusal("session_expired");
      throw this.refusal;
    }
    this.#access = body.access_token!;
    this.#refresh = body.refresh_token!;
    this.#host = body.host!;
  }
}

/** The status bar (or the pane's notice): what the session reported. */
class Reporter implements SessionReporter {
  readonly waits: string[] = [];
  cleared = 0;
  wait: SessionReporter["wait"] = (key, w) => void this.waits.push(`${key}:${w ? w.error.code : "over"}`);
  clear = (): void => void this.cleared++;
}

let clock: FakeClock;
let locks: FakeLocks;
let tokenHub: Hub<TokenMessage>;
let signOutHub: Hub<SignOutMessage>;
/** localStorage, shared by the tabs of one browser. */
let local: ReturnType<typeof memoryArea>;
let relay: RelaySession;
/** POST /auth/logout: each call waits for `logoutGate` when set. */
let logouts: number;
let logoutGate: Promise<void> | null;

interface Tab {
  session: Session;
  tokens: Tokens;
  reporter: Reporter;
  changes: string[];
  resets: number;
}

function tab(o: { hint: boolean; place?: "tab" | "pane" }): Tab {
  const storage = new SafeStorage({ local: () => local, session: memoryArea });
  const signOut = new RelaySignOut({
    logout: async () => {
      logouts++;
      await logoutGate;
    },
    channel: signOutHub.channel(),
    storage,
    wait: (ms) => new Promise((r) => clock.setTimeout(r, ms)),
  });
  const tokens = new Tokens({
    fetchToken: (stale) => relay.token(stale),
    locks,
    channel: tokenHub.channel(),
    storage,
    clock,
    signingOut: () => signOut.pending,
  });
  const reporter = new Reporter();
  const session = new Session({
    tokens,
    api: new WrikeApi({ tokens, fetch: viaProxy, maxRetries: 0 }),
    signOut,
    reporter,
    place: o.place ?? "tab",
    relayHint: () => o.hint,
    language: "en-GB",
  });
  const t: Tab = { session, tokens, reporter, changes: [], resets: 0 };
  session.onChange((state) => t.changes.push(state));
  session.onReset(() => t.resets++);
  return t;
}

/** Which of the session's keys this browser's localStorage holds. */
function stored(): string[] {
  return Object.values(SESSION_KEYS)
    .filter((k) => k.area === "local" && local.getItem(k.key) !== null)
    .map((k) => k.key);
}

beforeAll(async () => {
  sim = await startSimulator({ clients: [CLIENT], rateLimitPerMinute: 100_000 });
  graceId = sim.users.find((u) => u.email === GRACE.email)!.id;
});
afterAll(async () => {
  await sim.close();
});

beforeEach(() => {
  sim.reset();
  sim.configure({ accessTokenTtl: 3600 });
  clock = new FakeClock();
  locks = new FakeLocks();
  tokenHub = new Hub();
  signOutHub = new Hub();
  local = memoryArea();
  relay = new RelaySession(clock);
  logouts = 0;
  logoutGate = null;
});

describe("start-up", () => {
  it("without the relay's session hint: signed out at once, and the relay is never asked", async () => {
    const a = tab({ hint: false });
    await a.session.start();
    expect(a.session.state).toBe("signed-out");
    expect(a.session.reason).toBeNull();
    expect(relay.calls).toEqual([]);
    expect(a.changes).toEqual([]);
  });

  it("with the hint: the relay's token, then who the user is and the account, from Wrike", async () => {
    await relay.signIn();
    const a = tab({ hint: true });
    await a.session.start();
    expect(a.session.state).toBe("signed-in");
    expect(a.session.me?.id).toBe(graceId);
    expect(a.session.account?.name).toBe("Acme Robotics");
    expect([a.session.kind, a.session.host, a.session.canWrite]).toEqual(["oauth", sim.hosts.us, true]);
    expect(a.changes).toEqual(["signed-in"]);
    expect(relay.calls).toEqual([undefined]);
    // A tab opened later asks the relay too, naming no stale token: the same session, no rotation.
    const b = tab({ hint: true });
    await b.session.start();
    expect(b.session.state).toBe("signed-in");
    expect(b.session.me?.id).toBe(graceId);
    expect(relay.calls).toEqual([undefined, undefined]);
    expect(sim.stats().token.refresh_token).toBe(0);
  });

  it("with the hint while the relay is away: says it retries, then signs in (real back-off, about 1 s)", async () => {
    await relay.signIn();
    relay.away = errorFromResponse(503, { error: "upstream_unreachable", message: "x" });
    const a = tab({ hint: true });
    await a.session.start();
    expect(a.reporter.waits).toEqual(["start:unavailable", "start:over"]);
    expect(a.session.state).toBe("signed-in");
    expect(relay.calls).toEqual([undefined, undefined]);
  });

  it("with the hint but no session at the relay: signed out, with nothing to say", async () => {
    relay.refusal = relayRefusal("not_signed_in");
    const a = tab({ hint: true });
    await a.session.start();
    expect(a.session.state).toBe("signed-out");
    expect(a.session.reason).toBeNull();
    expect(a.reporter.waits).toEqual(["start:over"]);
  });

  it("with the hint and a session Wrike has ended: signed out, saying so", async () => {
    relay.refusal = relayRefusal("session_expired");
    const a = tab({ hint: true, place: "pane" });
    await a.session.start();
    expect(a.session.state).toBe("signed-out");
    expect(a.session.reason).toMatch(/^Your Wrike session has expired or was ended in Wrike/);
  });
});

describe("a 401 from Wrike", () => {
  it("on a stale token: the relay is told which token Wrike refused, refreshes, and the call succeeds", async () => {
    // Wrike's token dies in a second although the relay said an hour (a clock apart, a revocation).
    sim.configure({ accessTokenTtl: 1 });
    await relay.signIn();
    sim.configure({ accessTokenTtl: 3600 });
    const a = tab({ hint: true });
    await a.session.start();
    const stale = relay.access;
    await new Promise((r) => setTimeout(r, 1100));
    const me = await a.session.api.get<Contact>("contacts", { me: true });
    expect(me.data[0]?.id).toBe(graceId);
    expect(relay.calls).toEqual([undefined, stale]);
    expect(relay.access).not.toBe(stale);
    expect(sim.stats().token.refresh_token).toBe(1);
    expect(a.session.state).toBe("signed-in");
    expect(a.changes).toEqual(["signed-in"]);
  });

  it("that a refresh cannot cure ends the session in every tab, with the reason, once the relay ended it", async () => {
    await relay.signIn();
    const a = tab({ hint: true });
    const b = tab({ hint: true });
    await a.session.start();
    await b.session.start();
    let open!: () => void;
    logoutGate = new Promise((r) => (open = r));
    // Wrike revokes every token Grace holds (a password reset): the access token and the refresh token.
    sim.revoke(GRACE.email);
    await expect(a.session.api.get("account")).rejects.toMatchObject({ code: "session_expired" });
    await flush();
    for (const t of [a, b]) {
      expect(t.session.state).toBe("signed-out");
      expect(t.session.me).toBeNull();
      expect(t.changes).toEqual(["signed-in", "signed-out"]);
      expect(t.resets).toBe(1);
      // Not signed out until the relay has ended the session: meanwhile the screen says so.
      expect(t.session.signingOut).toBe(true);
      expect(t.session.reason).toBe(SIGNING_OUT);
    }
    expect(logouts).toBeGreaterThan(0);
    expect(stored()).toEqual(["wrike-pane-signing-out"]);
    open();
    await flush();
    await flush();
    for (const t of [a, b]) {
      expect(t.session.signingOut).toBe(false);
      expect(t.session.reason).toMatch(/^Your Wrike session has expired or was ended in Wrike/);
    }
    expect(stored()).toEqual([]);
    // The refusal the relay gave is the session's end: Wrike saw one refresh attempt, refused.
    expect(relay.calls.filter((c) => c !== undefined)).toHaveLength(1);
  });
});

describe("signing out", () => {
  it("shows 'Signing out…' until the relay ended the session, then 'You signed out.' in both tabs", async () => {
    await relay.signIn();
    const a = tab({ hint: true });
    const b = tab({ hint: true });
    await a.session.start();
    await b.session.start();
    let open!: () => void;
    logoutGate = new Promise((r) => (open = r));
    const done = a.session.signOut();
    await flush();
    expect([a.session.state, b.session.state]).toEqual(["signed-out", "signed-out"]);
    expect([a.session.reason, b.session.reason]).toEqual([SIGNING_OUT, SIGNING_OUT]);
    // A page load meanwhile finishes the sign-out first, and never asks the relay for a token.
    const c = tab({ hint: true });
    await c.session.start();
    expect(c.session.state).toBe("signed-out");
    expect(relay.calls).toEqual([undefined]);
    open();
    await done;
    await flush();
    expect([a.session.reason, b.session.reason, c.session.reason]).toEqual([
      "You signed out.",
      "You signed out.",
      "You signed out.",
    ]);
    expect(a.reporter.cleared).toBeGreaterThan(0);
    expect(stored()).toEqual([]);
  });
});

/** The little of `window` the pane's sign-in uses: its origin and "message" listeners. */
class FakeWindow {
  readonly location = { origin: "https://relay.test" };
  readonly listeners: ((e: MessageEvent) => void)[] = [];
  addEventListener(type: string, fn: (e: MessageEvent) => void): void {
    if (type === "message") this.listeners.push(fn);
  }
  removeEventListener(): void {}
  deliver(data: unknown, source: unknown): void {
    const event = { data, origin: this.location.origin, source } as unknown as MessageEvent;
    for (const fn of this.listeners) fn(event);
  }
}

describe("the embed's hand-off", () => {
  afterEach(() => {
    vi.useRealTimers();
    delete (globalThis as { window?: unknown }).window;
  });

  it("polls while the popup signs in, redeems the code it posts, and the pane's session signs in", async () => {
    const pane = tab({ hint: false, place: "pane" });
    await pane.session.start();
    expect(pane.session.state).toBe("signed-out");
    // What the popup does at Wrike and the relay's callback keeps for the hand-off: a session's token.
    await relay.signIn();
    const handedOff = await relay.token();
    const win = new FakeWindow();
    (globalThis as { window?: unknown }).window = win;
    const popup = {
      closed: false,
      received: [] as unknown[],
      postMessage: (m: unknown) => popup.received.push(m),
    };
    const statuses: ("pending" | "ready")[] = ["pending", "ready"];
    let polls = 0;
    const redeemed: unknown[] = [];
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval"] });
    const signIn = new EmbedSignIn((t) => void pane.session.signedIn(t), {
      open: () => popup as unknown as Window,
      newNonce: () => "n".repeat(43),
      now: () => Date.now(),
      status: async () => {
        polls++;
        return statuses.shift() ?? "ready";
      },
      redeem: async (_nonce, proof) => {
        redeemed.push(proof);
        return { status: "ready", token: handedOff };
      },
    });
    signIn.start();
    expect(signIn.phase).toBe("waiting");
    await vi.advanceTimersByTimeAsync(POLL_MS);
    expect([polls, signIn.phase]).toEqual([1, "waiting"]);
    await vi.advanceTimersByTimeAsync(POLL_MS);
    // Ready at the relay, and the code is on its way from the popup: still waiting, nothing redeemed.
    expect([polls, signIn.phase, redeemed]).toEqual([2, "waiting", []]);
    win.deliver({ type: HANDOFF_READY_TYPE, code: "c".repeat(43) }, popup);
    await vi.advanceTimersByTimeAsync(0);
    expect(redeemed).toEqual([{ code: "c".repeat(43) }]);
    expect(popup.received).toHaveLength(1); // the acknowledgement that closes the popup
    // Wrike answers over real sockets meanwhile (setImmediate and performance.now are not faked).
    const deadline = performance.now() + 5000;
    while (pane.session.state !== "signed-in" && performance.now() < deadline) {
      await new Promise((r) => setImmediate(r));
    }
    expect(pane.session.state).toBe("signed-in");
    expect(pane.session.me?.id).toBe(graceId);
    expect(signIn.phase).toBe("idle");
    // The hand-off carried the token: the relay's /auth/token was asked only by the popup's stand-in.
    expect(relay.calls).toEqual([undefined]);
    // Polling stopped with the sign-in.
    await vi.advanceTimersByTimeAsync(POLL_MS * 3);
    expect(polls).toBe(2);
  });
});
