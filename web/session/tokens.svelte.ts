// The access token, in memory only: refreshed ahead of expiry, one refresh at a time across tabs
// (Web Locks), new tokens and sign-out shared between tabs (BroadcastChannel).
import type { TokenResponse } from "../../worker/shared/contract.ts";
import type { Credentials, TokenSource } from "../wrike/api-options.ts";
import { AppError, asAppError, type ErrorCode } from "../wrike/errors.ts";
import {
  type Channel,
  type Clock,
  type Locks,
  broadcastChannel,
  browserLocks,
  systemClock,
} from "../platform/platform.ts";
import { refreshAt, usable } from "./refresh.ts";
import { fetchToken } from "./relay.ts";
import { Listeners } from "../platform/listeners.ts";
import { retry } from "../platform/retry.ts";
import { SESSION_KEYS, type SafeStorage, browserStorage } from "../platform/storage.ts";
import type { TokenEvents, TokenMessage, TokensOptions } from "./token-events.ts";

export type { TokenEvents, TokenMessage, TokensOptions, TokenWait } from "./token-events.ts";

export type TokenKind = "oauth" | "permanent";

const LOCK = "wrike-pane-refresh";
const CHANNEL = "wrike-pane";
const { newestExpiry: NEWEST_KEY, permanent: PERMANENT_KEY } = SESSION_KEYS;
/** The relay's answers that mean the session is gone (not a reason to retry). */
const LOST = new Set<ErrorCode>(["not_signed_in", "session_expired", "unauthorized"]);

export class Tokens implements TokenSource {
  /** What the UI may know: kind, host and scope (never the token itself). */
  kind = $state<TokenKind | null>(null);
  host = $state("");
  scope = $state("");
  /**
   * The signed-in user's Wrike contact id when the relay named it (TokenResponse.user_id): the first
   * task query need not wait for contacts?me=true. Not secret; null when unknown.
   */
  userId = $state<string | null>(null);

  #access: string | null = null;
  #expiresAt = 0;
  #receivedAt = 0;
  #timer: unknown;
  #inflight: Promise<Credentials> | null = null;
  #arrivals: (() => void)[] = [];
  /** Calls made before the page's first token (a return visit painted from the kept copy) wait for it. */
  #first: { promise: Promise<void>; settle: () => void } | null = null;
  readonly #listeners = new Listeners<TokenEvents>();
  readonly #fetchToken: (staleToken?: string) => Promise<TokenResponse>;
  readonly #locks: Locks;
  readonly #channel: Channel<TokenMessage> | null;
  readonly #storage: SafeStorage;
  readonly #clock: Clock;
  readonly #signingOut: () => boolean;
  readonly #early: () => Promise<TokenResponse> | null;

  constructor(o: TokensOptions = {}) {
    this.#fetchToken = o.fetchToken ?? ((stale) => fetchToken(stale));
    this.#locks = o.locks ?? browserLocks;
    this.#channel = o.channel === undefined ? broadcastChannel<TokenMessage>(CHANNEL) : o.channel;
    this.#storage = o.storage ?? browserStorage;
    this.#clock = o.clock ?? systemClock;
    this.#signingOut = o.signingOut ?? (() => false);
    this.#early = o.earlyToken ?? (() => null);
    this.#channel?.listen((m) => this.#receive(m));
  }

  /** Hears the store's events until the returned function is called. */
  subscribe(events: TokenEvents): () => void {
    return this.#listeners.add(events);
  }

  /** Stops hearing other tabs and cancels the scheduled refresh. */
  close(): void {
    this.#clearTimer();
    this.#channel?.close();
  }

  get signedIn(): boolean {
    return this.#access !== null;
  }

  /** Takes a token from the relay (after a sign-in or a refresh). */
  useOAuth(t: TokenResponse, share = true): void {
    this.#apply(t);
    if (share) {
      // Where storage is denied the broadcast alone still shares the token.
      if (t.expires_at > this.#newest()) this.#storage.write(NEWEST_KEY, String(t.expires_at));
      this.#channel?.post({ type: "token", token: t });
    }
  }

  /** Takes a permanent token (already checked against Wrike). Kept in this tab only. */
  usePermanent(token: string, host: string, remember: boolean): void {
    this.#clearTimer();
    this.#access = token;
    this.#expiresAt = Number.POSITIVE_INFINITY;
    this.kind = "permanent";
    this.endFirstWait();
    this.host = host;
    this.scope = "";
    this.userId = null;
    if (remember) this.#storage.write(PERMANENT_KEY, JSON.stringify({ token, host }));
    else this.#storage.remove(PERMANENT_KEY);
  }

  /** The permanent token this tab was asked to remember, if any. */
  remembered(): { token: string; host: string } | null {
    try {
      const r = JSON.parse(this.#storage.read(PERMANENT_KEY) ?? "null") as Record<string, unknown> | null;
      return typeof r?.token === "string" && typeof r.host === "string"
        ? { token: r.token, host: r.host }
        : null;
    } catch {
      return null;
    }
  }

  /**
   * Forgets the token here, and what this session left in storage; tells other tabs unless this came
   * from another tab. `relay`: this sign-out is ending the relay's session (./signout.ts).
   */
  clear(reason: string | null, share = true, relay = false): void {
    this.#clearTimer();
    this.#access = null;
    this.#expiresAt = 0;
    this.kind = null;
    this.host = "";
    this.scope = "";
    this.userId = null;
    this.endFirstWait();
    this.#storage.remove(PERMANENT_KEY);
    if (share) {
      this.#storage.remove(NEWEST_KEY);
      this.#channel?.post({ type: "signed-out", reason, relay });
    }
  }

  /**
   * The first token of a page load: the one asked for as the page loaded (early-token.ts), else asked
   * for under the refresh lock, so that a retry does not present a refresh token another tab is rotating
   * (if another tab shared a token while this one waited, that token is used).
   */
  async initial(): Promise<TokenResponse> {
    // Asked for at page load already (early-token.ts): the same request, not a second one.
    const early = this.#early();
    if (early) return early;
    const run = async (): Promise<TokenResponse> => {
      if (this.#access !== null && this.kind === "oauth" && !this.#due()) {
        return {
          access_token: this.#access,
          host: this.host,
          expires_at: this.#expiresAt,
          scope: this.scope,
          ...(this.userId ? { user_id: this.userId } : {}),
        };
      }
      return this.#fetchToken();
    };
    return this.#locks.request(LOCK, run);
  }

  /**
   * The page's first token is on its way (Session.start paints a return visit before it comes): calls made
   * meanwhile wait for it, or for the sign-out that ends the wait, rather than fail as signed out.
   */
  expectFirst(): void {
    if (this.#access !== null || this.#first) return;
    let settle = () => {};
    const promise = new Promise<void>((r) => (settle = r));
    this.#first = { promise, settle };
  }

  /** No first token is coming (the relay said no, or this tab signed out): the waiting calls go on. */
  endFirstWait(): void {
    this.#first?.settle();
    this.#first = null;
  }

  async current(): Promise<Credentials> {
    if (this.#access === null && this.#first) await this.#first.promise;
    if (this.#access === null) throw new AppError("not_signed_in", "You are not signed in.");
    if (this.kind === "permanent" || usable(this.#expiresAt, this.#clock.now())) {
      return { token: this.#access, host: this.host };
    }
    return this.refresh(this.#access, false);
  }

  async renew(rejected: string): Promise<Credentials> {
    if (this.kind === "permanent") {
      throw new AppError("unauthorized", "Wrike no longer accepts this permanent token.");
    }
    return this.refresh(rejected, true);
  }

  invalid(error: AppError): void {
    this.#listeners.emit("onLost", error);
  }

  /**
   * A fresh token. `stale` is the token that prompted the refresh: if, once this tab holds the lock,
   * another tab has already replaced it (and the new one is not itself due), that one is used and the
   * relay is not asked, so a rotation happens once however many tabs notice the expiry. `refused`:
   * Wrike rejected `stale`, so the relay is told to refresh now whatever the expiry says.
   */
  refresh(stale: string | null, refused: boolean): Promise<Credentials> {
    this.#inflight ??= this.#refreshShared(stale, refused).finally(() => {
      this.#inflight = null;
    });
    return this.#inflight;
  }

  async #refreshShared(stale: string | null, refused: boolean): Promise<Credentials> {
    const run = async (): Promise<Credentials> => {
      if (this.#access === stale && this.#newest() > this.#expiresAt) {
        // A sibling refreshed while this tab waited for the lock; its token is on the way.
        await this.#arrival(1000);
      }
      if (this.#access !== null && this.#access !== stale && this.kind === "oauth" && !this.#due()) {
        return { token: this.#access, host: this.host };
      }
      const before = this.#access;
      const t = await this.#fetchWithBackoff(refused && stale ? stale : undefined);
      // Signed out while the relay answered: the token must not sign this tab back in.
      if (this.#access === null) throw new AppError("not_signed_in", "You are not signed in.");
      // The relay hands back the same token while it has over a minute left; do not ask again at once.
      this.useOAuth(t, t.access_token !== before);
      return { token: t.access_token, host: t.host };
    };
    return this.#locks.request(LOCK, run);
  }

  /** POST /auth/token; 429/5xx/network back off and retry (never a sign-out); 401 ends the session. */
  async #fetchWithBackoff(stale?: string): Promise<TokenResponse> {
    let waited = false;
    const over = () => void (waited && this.#listeners.emit("onRefreshWait", null));
    try {
      const t = await retry(() => this.#fetchToken(stale), {
        now: () => this.#clock.now(),
        wait: (ms) => new Promise((r) => this.#clock.setTimeout(r, ms)),
        onRetry: (w) => {
          waited = true;
          this.#listeners.emit("onRefreshWait", { error: asAppError(w.error), until: w.until, ms: w.ms });
        },
      });
      over();
      return t;
    } catch (e) {
      over();
      const error = asAppError(e);
      if (LOST.has(error.code)) this.#listeners.emit("onLost", error);
      throw error;
    }
  }

  /** The newest token's expiry: a tab given the lock sees a sibling's refresh before its broadcast comes. */
  #newest(): number {
    return Number(this.#storage.read(NEWEST_KEY) ?? 0) || 0;
  }

  /** Resolves when a token arrives from another tab, or after `ms`. */
  #arrival(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.#clock.clearTimeout(t);
        this.#arrivals = this.#arrivals.filter((f) => f !== done);
        resolve();
      };
      const t = this.#clock.setTimeout(done, ms);
      this.#arrivals.push(done);
    });
  }

  #due(): boolean {
    return this.#clock.now() >= refreshAt(this.#expiresAt, this.#receivedAt);
  }

  #apply(t: TokenResponse): void {
    this.#access = t.access_token;
    this.#expiresAt = t.expires_at;
    this.#receivedAt = Math.min(this.#clock.now() / 1000, t.expires_at);
    this.kind = "oauth";
    // A refresh that does not name the user keeps the id the session's first token named.
    if (t.host !== this.host) this.userId = null;
    this.host = t.host;
    this.scope = t.scope;
    if (t.user_id) this.userId = t.user_id;
    this.#schedule();
    this.endFirstWait();
  }

  /** Refresh ahead of expiry so that requests never wait on it. */
  #schedule(): void {
    this.#clearTimer();
    const delay = Math.max(1000, refreshAt(this.#expiresAt, this.#receivedAt) - this.#clock.now());
    this.#timer = this.#clock.setTimeout(() => {
      const stale = this.#access;
      if (stale !== null && this.kind === "oauth") this.refresh(stale, false).catch(() => {});
    }, delay);
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #receive(m: TokenMessage): void {
    if (m.type === "token") {
      // A tab that had not yet heard of a sign-out in progress: its token must not sign this one in.
      if (this.kind === "permanent" || this.#signingOut()) return;
      const wasSignedOut = this.#access === null;
      if (!wasSignedOut && m.token.expires_at < this.#expiresAt) return;
      this.#apply(m.token);
      for (const f of this.#arrivals.slice()) f();
      if (wasSignedOut) this.#listeners.emit("onSignedInElsewhere", m.token);
    } else if (m.type === "signed-out") {
      const held = this.#access !== null;
      const relay = m.relay === true || this.kind === "oauth";
      // A signed-out tab still hears a relay sign-out, so that it shows it and does not sign in meanwhile.
      if (!held && !relay) return;
      if (held) this.clear(m.reason, false);
      this.#listeners.emit("onSignedOutElsewhere", m.reason, relay);
    }
  }
}
