// The access token, in memory only: refreshed ahead of expiry, one refresh at a time across tabs
// (Web Locks), new tokens and sign-out shared between tabs (BroadcastChannel).
import type { TokenResponse } from "../../worker/lib/contract.ts";
import type { Credentials, TokenSource } from "./api.ts";
import { AppError, backoffSeconds } from "./errors.ts";
import { refreshAt, usable } from "./refresh.ts";
import { fetchToken } from "./relay.ts";
import { relaySignOut } from "./signout.ts";
import { SESSION_KEYS, readItem, removeItem, writeItem } from "./storage.ts";

export type TokenKind = "oauth" | "permanent";

/** `relay`: the sender is ending the relay's session (its tab held one), see ./signout.ts. */
type Message =
  { type: "token"; token: TokenResponse } | { type: "signed-out"; reason: string | null; relay?: boolean };

const LOCK = "wrike-pane-refresh";
const CHANNEL = "wrike-pane";
/**
 * The newest token's expiry lets a tab that gets the refresh lock see at once that a sibling has just
 * refreshed, even before that sibling's broadcast of the token itself has been delivered.
 */
const NEWEST_KEY = SESSION_KEYS.newestExpiry;
const PERMANENT_KEY = SESSION_KEYS.permanent;

export interface TokenEvents {
  /** Another tab signed in (or refreshed) while this one was signed out. */
  onSignedInElsewhere?: (t: TokenResponse) => void;
  /**
   * Another tab signed out. `relay`: the relay's session is being ended (the sender's or this tab's
   * session came from it), so this tab shows that sign-out's progress too.
   */
  onSignedOutElsewhere?: (reason: string | null, relay: boolean) => void;
  /** A refresh is backing off (relay or Wrike busy); null when it is over. */
  onRefreshWait?: (notice: { error: AppError; until: number } | null) => void;
  /** The session is gone (the relay said not_signed_in / session_expired, or Wrike refused the token). */
  onLost?: (error: AppError) => void;
}

export class Tokens implements TokenSource {
  /** What the UI may know: kind, host and scope (never the token itself). */
  kind = $state<TokenKind | null>(null);
  host = $state("");
  scope = $state("");

  #access: string | null = null;
  #expiresAt = 0;
  #receivedAt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #inflight: Promise<Credentials> | null = null;
  #channel: BroadcastChannel | null = null;
  #events: TokenEvents = {};
  #arrivals: (() => void)[] = [];

  constructor() {
    if (typeof BroadcastChannel !== "undefined") {
      this.#channel = new BroadcastChannel(CHANNEL);
      this.#channel.onmessage = (e: MessageEvent<Message>) => this.#receive(e.data);
    }
  }

  listen(events: TokenEvents): void {
    this.#events = events;
  }

  get signedIn(): boolean {
    return this.#access !== null;
  }

  /** Takes a token from the relay (after a sign-in or a refresh). */
  useOAuth(t: TokenResponse, share = true): void {
    this.#apply(t);
    if (share) {
      // Where storage is denied the broadcast alone still shares the token.
      if (t.expires_at > this.#newest()) writeItem(NEWEST_KEY, String(t.expires_at));
      this.#post({ type: "token", token: t });
    }
  }

  /** Takes a permanent token (already checked against Wrike). Kept in this tab only. */
  usePermanent(token: string, host: string, remember: boolean): void {
    this.#clearTimer();
    this.#access = token;
    this.#expiresAt = Number.POSITIVE_INFINITY;
    this.kind = "permanent";
    this.host = host;
    this.scope = "";
    if (remember) writeItem(PERMANENT_KEY, JSON.stringify({ token, host }));
    else removeItem(PERMANENT_KEY);
  }

  /** The permanent token this tab was asked to remember, if any. */
  remembered(): { token: string; host: string } | null {
    try {
      const v = JSON.parse(readItem(PERMANENT_KEY) ?? "null") as unknown;
      const r = v as { token?: unknown; host?: unknown } | null;
      return r && typeof r.token === "string" && typeof r.host === "string"
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
    removeItem(PERMANENT_KEY);
    if (share) {
      removeItem(NEWEST_KEY);
      this.#post({ type: "signed-out", reason, relay });
    }
  }

  /**
   * The first token of a page load, asked for under the refresh lock: ten tabs opening at once must
   * not present the same refresh token to the relay together. If another tab shared a token while
   * this one waited, that token is used.
   */
  async initial(): Promise<TokenResponse> {
    const run = async (): Promise<TokenResponse> => {
      if (this.#access !== null && this.kind === "oauth" && !this.#due()) {
        return {
          access_token: this.#access,
          host: this.host,
          expires_at: this.#expiresAt,
          scope: this.scope,
        };
      }
      return fetchToken();
    };
    if (typeof navigator !== "undefined" && navigator.locks) return navigator.locks.request(LOCK, run);
    return run();
  }

  async current(): Promise<Credentials> {
    if (this.#access === null) throw new AppError("not_signed_in", "You are not signed in.");
    if (this.kind === "permanent" || usable(this.#expiresAt, Date.now())) {
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
    this.#events.onLost?.(error);
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
    if (typeof navigator !== "undefined" && navigator.locks) {
      return navigator.locks.request(LOCK, run);
    }
    return run();
  }

  /** POST /auth/token; 429/5xx/network back off and retry (never a sign-out); 401 ends the session. */
  async #fetchWithBackoff(stale?: string): Promise<TokenResponse> {
    for (let attempt = 0; ; attempt++) {
      try {
        const t = await fetchToken(stale);
        if (attempt > 0) this.#events.onRefreshWait?.(null);
        return t;
      } catch (e) {
        const error = e instanceof AppError ? e : new AppError("unknown", String(e));
        if (!error.transient) {
          if (attempt > 0) this.#events.onRefreshWait?.(null);
          if (
            error.code === "not_signed_in" ||
            error.code === "session_expired" ||
            error.code === "unauthorized"
          ) {
            this.#events.onLost?.(error);
          }
          throw error;
        }
        const seconds = backoffSeconds(attempt, error.retryAfter);
        this.#events.onRefreshWait?.({ error, until: Date.now() + seconds * 1000 });
        await new Promise((r) => setTimeout(r, seconds * 1000));
      }
    }
  }

  #newest(): number {
    return Number(readItem(NEWEST_KEY) ?? 0) || 0;
  }

  /** Resolves when a token arrives from another tab, or after `ms`. */
  #arrival(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.#arrivals = this.#arrivals.filter((f) => f !== done);
        resolve();
      };
      const t = setTimeout(done, ms);
      this.#arrivals.push(done);
    });
  }

  #due(): boolean {
    return Date.now() >= refreshAt(this.#expiresAt, this.#receivedAt);
  }

  #apply(t: TokenResponse): void {
    this.#access = t.access_token;
    this.#expiresAt = t.expires_at;
    this.#receivedAt = Math.min(Date.now() / 1000, t.expires_at);
    this.kind = "oauth";
    this.host = t.host;
    this.scope = t.scope;
    this.#schedule();
  }

  /** Refresh ahead of expiry so that requests never wait on it. */
  #schedule(): void {
    this.#clearTimer();
    const delay = Math.max(1000, refreshAt(this.#expiresAt, this.#receivedAt) - Date.now());
    this.#timer = setTimeout(() => {
      const stale = this.#access;
      if (stale !== null && this.kind === "oauth") this.refresh(stale, false).catch(() => {});
    }, delay);
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #post(m: Message): void {
    this.#channel?.postMessage(m);
  }

  #receive(m: Message): void {
    if (m.type === "token") {
      // A tab that had not yet heard of a sign-out in progress: its token must not sign this one in.
      if (this.kind === "permanent" || relaySignOut.pending) return;
      const wasSignedOut = this.#access === null;
      if (!wasSignedOut && m.token.expires_at < this.#expiresAt) return;
      this.#apply(m.token);
      for (const f of this.#arrivals.slice()) f();
      if (wasSignedOut) this.#events.onSignedInElsewhere?.(m.token);
    } else if (m.type === "signed-out") {
      const held = this.#access !== null;
      const relay = m.relay === true || this.kind === "oauth";
      // A signed-out tab still hears a relay sign-out, so that it shows it and does not sign in meanwhile.
      if (!held && !relay) return;
      if (held) this.clear(m.reason, false);
      this.#events.onSignedOutElsewhere?.(m.reason, relay);
    }
  }
}

export const tokens = new Tokens();
