// Who is signed in: the session's state, the user and account, the reason shown after a sign-out, and
// how a sign-out is getting on (it is not done until the relay has ended the session, ./signout.ts).
import type { TokenResponse } from "../../worker/lib/contract.ts";
import { WrikeApi, type TokenSource } from "./api.ts";
import { safeLocale, safeTimeZone } from "./dates.ts";
import { AppError, backoffSeconds } from "./errors.ts";
import { logout } from "./relay.ts";
import { SIGNING_OUT, notEndedMessage, relaySignOut } from "./signout.ts";
import { status, waitOnline } from "./status.svelte.ts";
import { tokens } from "./tokens.svelte.ts";
import type { Account, Contact } from "./wrike.ts";

export type SessionState = "starting" | "signed-out" | "signed-in";

/** The app's one API client, fed by the token store and reporting to the status bar. */
export const api = new WrikeApi({
  tokens,
  onActivity: status.activity,
  onRetry: (id, n) => status.setNotice(id, n),
  waitOnline,
});

function fixedToken(token: string, host: string): TokenSource {
  return {
    current: async () => ({ token, host }),
    renew: async () => {
      throw new AppError("unauthorized", "Wrike did not accept the token.");
    },
    invalid: () => {},
  };
}

/** Why the session ended, in the user's words. */
export function lostReason(error: AppError, kind: "oauth" | "permanent" | null): string {
  if (kind === "permanent") return "Wrike no longer accepts the permanent token. Sign in again.";
  switch (error.code) {
    case "session_expired":
      return "Your Wrike session has expired or was ended in Wrike. Sign in again to continue.";
    case "not_signed_in":
      return "Your session ended (you may have signed out in another window). Sign in again to continue.";
    default:
      return "Wrike no longer accepts this session (access may have been revoked). Sign in again to continue.";
  }
}

export class Session {
  state = $state<SessionState>("starting");
  me = $state.raw<Contact | null>(null);
  account = $state.raw<Account | null>(null);
  #reason = $state<string | null>(null);
  /** A sign-out the relay has not confirmed yet, with its last failure. */
  #ending = $state.raw<{ error: AppError | null } | null>(null);

  /** Shown on the sign-in screen: why the user is there, or how the sign-out is getting on. */
  get reason(): string | null {
    if (this.#ending) return this.#ending.error ? notEndedMessage(this.#ending.error) : SIGNING_OUT;
    return this.#reason;
  }
  set reason(value: string | null) {
    this.#reason = value;
  }

  /** The relay has not yet ended the session of a sign-out: nothing may sign in through it meanwhile. */
  get signingOut(): boolean {
    return this.#ending !== null;
  }

  readonly timeZone = $derived(safeTimeZone(this.me?.timezone));
  readonly locale = $derived(
    safeLocale(this.me?.locale, typeof navigator === "undefined" ? "en" : safeLocale(navigator.language)),
  );
  readonly host = $derived(tokens.host);
  readonly kind = $derived(tokens.kind);
  /** Writes need wsReadWrite (or Default); permanent tokens carry the user's full rights. */
  readonly canWrite = $derived(
    tokens.kind === "permanent" ||
      tokens.scope.split(/[\s,]+/).some((s) => s === "wsReadWrite" || s === "Default"),
  );
  /** The user's profile in the signed-in account (role, admin, owner, email). */
  readonly profile = $derived(
    this.me?.profiles?.find((p) => p.accountId === this.account?.id) ?? this.me?.profiles?.[0] ?? null,
  );

  #resets: (() => void)[] = [];
  #entering: Promise<void> | null = null;
  #started = false;

  constructor() {
    tokens.subscribe({
      onSignedInElsewhere: () => {
        if (this.state !== "signed-in" && !this.signingOut) void this.#enter();
      },
      onSignedOutElsewhere: (reason, relay) => {
        this.#leave(reason ?? "You signed out in another tab.");
        // Every tab shows the sign-out's progress and retries too, in case the one that began it closes.
        if (relay) void this.#endRelay();
      },
      onRefreshWait: (n) => status.setNotice("refresh", n),
      // Once signed out, a refresh that was in flight may still hear "not signed in": nothing more to do.
      onLost: (error) => {
        if (this.state !== "signed-out") void this.signOut(lostReason(error, tokens.kind));
      },
    });
    relaySignOut.listen({
      onRetry: (error) => (this.#ending = { error }),
      onEnded: () => (this.#ending = null),
    });
  }

  /** Registers a cache to drop on sign-out (views' data must not outlive the session). */
  onReset(fn: () => void): void {
    this.#resets.push(fn);
  }

  /**
   * On page load: first a sign-out that has not reached the relay yet (never sign in through a session
   * the person asked to end), then a permanent token remembered in this tab, else the relay's session,
   * else sign-in.
   */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    if (this.#finishPendingSignOut()) return;
    const remembered = tokens.remembered();
    if (remembered) {
      const err = await this.signInWithToken(remembered.token, remembered.host, true);
      if (err) {
        tokens.clear(null, false);
        this.state = "signed-out";
        this.reason = err;
      }
      return;
    }
    for (let attempt = 0; ; attempt++) {
      // Another tab signed this one in, or began a sign-out, while it waited.
      if (this.#finishPendingSignOut() || this.state !== "starting") return status.setNotice("start", null);
      try {
        const t: TokenResponse = await tokens.initial();
        status.setNotice("start", null);
        if (this.#finishPendingSignOut() || this.state !== "starting") return;
        // Shared, so that tabs opening at the same time take this token instead of rotating again.
        tokens.useOAuth(t);
      } catch (e) {
        const error = e instanceof AppError ? e : new AppError("unknown", String(e));
        if (error.transient) {
          const s = backoffSeconds(attempt, error.retryAfter);
          status.setNotice("start", { error, until: Date.now() + s * 1000 });
          await new Promise((r) => setTimeout(r, s * 1000));
          continue;
        }
        status.setNotice("start", null);
        // Another tab signed this one in (or out) meanwhile. (Read again: state changes across awaits.)
        if ((this.state as SessionState) !== "starting") return;
        this.state = "signed-out";
        if (error.code === "session_expired") this.reason = lostReason(error, "oauth");
        else if (error.code !== "not_signed_in") this.reason = `${error.message} Try signing in again.`;
        return;
      }
      await this.#enter();
      return;
    }
  }

  /** Checks a permanent token with contacts?me=true; on success signs in. Returns an error message or null. */
  async signInWithToken(token: string, host: string, remember: boolean): Promise<string | null> {
    const check = new WrikeApi({
      tokens: fixedToken(token, host),
      onActivity: status.activity,
      maxRetries: 1,
    });
    try {
      const res = await check.get<Contact>("contacts", { me: true });
      const me = res.data[0];
      if (!me) return `Wrike did not accept this token for ${host}: check the token and the data centre.`;
      tokens.usePermanent(token, host, remember);
      this.me = me;
      await this.#enter(me);
      return null;
    } catch (e) {
      const error = e instanceof AppError ? e : new AppError("unknown", String(e));
      switch (error.code) {
        case "unauthorized":
        case "forbidden":
          return `Wrike did not accept this token for ${host}: check the token and the data centre.`;
        case "refused":
          return error.source === "host_not_allowed"
            ? `This Wrike Pane does not allow the data centre ${host}. Pick another one.`
            : `${error.message}`;
        case "offline":
          return "You are offline. Connect and try again.";
        default:
          return `Could not check the token with ${host}: ${error.message} Try again in a moment.`;
      }
    }
  }

  /**
   * Signs out here and in every other tab; `reason` is shown on the sign-in screen once done. A session
   * from the relay is done when the relay has ended it (until then the screen says so and it retries);
   * a permanent token never had one, so forgetting it is the whole sign-out.
   */
  async signOut(reason: string = "You signed out."): Promise<void> {
    const relay = tokens.kind !== "permanent";
    tokens.clear(reason, true, relay);
    this.#leave(reason);
    if (relay) return this.#endRelay();
    // A relay cookie from an earlier sign-in may linger in this browser: end it too if it can be reached.
    void logout().catch(() => {});
  }

  /** A sign-out the relay has not confirmed (from an earlier load or another tab) is finished first. */
  #finishPendingSignOut(): boolean {
    if (!relaySignOut.pending) return false;
    if (this.state !== "signed-out") this.#leave("You signed out.");
    void this.#endRelay();
    return true;
  }

  /** Ends the relay's session (or joins the attempt under way); the sign-out's own reason shows after. */
  async #endRelay(): Promise<void> {
    this.#ending ??= { error: null };
    await relaySignOut.end();
  }

  #leave(reason: string | null): void {
    this.state = "signed-out";
    this.#reason = reason;
    this.me = null;
    this.account = null;
    status.clear();
    for (const r of this.#resets) r();
  }

  /** Loads who the user is and their account, then shows the app (once, however many callers). */
  #enter(me?: Contact): Promise<void> {
    this.#entering ??= this.#load(me).finally(() => {
      this.#entering = null;
    });
    return this.#entering;
  }

  async #load(me?: Contact): Promise<void> {
    try {
      const [meRes, accountRes] = await Promise.all([
        me ? Promise.resolve(null) : api.get<Contact>("contacts", { me: true }),
        api.get<Account>("account"),
      ]);
      // Signed out (here or in another tab) while this loaded: stay signed out.
      if (!tokens.signedIn) return;
      this.me = me ?? meRes?.data[0] ?? null;
      this.account = accountRes.data[0] ?? null;
      this.reason = null;
      this.state = "signed-in";
    } catch (e) {
      // A refused token has already signed out (with its reason) through tokens.invalid / onLost.
      if (tokens.signedIn) {
        const error = e instanceof AppError ? e : new AppError("unknown", String(e));
        await this.signOut(`Could not load your Wrike profile: ${error.message}`);
      }
    }
  }
}

export const session = new Session();
