// Who is signed in, for the app and the embedded pane alike: the session's state, the user and account,
// the reason shown after a sign-out, and how a sign-out is getting on (not done until the relay has
// ended the session, ./signout.ts). It alone decides that a session has ended.
import type { TokenResponse } from "../../worker/shared/contract.ts";
import { WrikeApi, type TokenSource } from "../wrike/api.ts";
import {
  fixedToken,
  type KeptProfile,
  type SessionOptions,
  type SessionReporter,
  type SessionState,
} from "./session-options.ts";
import { safeLocale, safeTimeZone } from "../ui/dates.ts";
import { AppError, asAppError } from "../wrike/errors.ts";
import { hasRelaySessionHint } from "./relay.ts";
import { retry } from "../platform/retry.ts";
import {
  type Place,
  lostReason,
  signedOutElsewhere,
  startFailure,
  tokenCheckFailure,
  tokenRefused,
} from "./session-reasons.ts";
import { SIGNING_OUT, notEndedMessage, type RelaySignOut } from "./signout.ts";
import type { TokenKind, Tokens } from "./tokens.svelte.ts";
import type { Account, Contact } from "../wrike/types.ts";
import type { Kept } from "../platform/kept.ts";

export type { KeptProfile, SessionOptions, SessionReporter, SessionState } from "./session-options.ts";

export class Session {
  state = $state<SessionState>("starting");
  me = $state.raw<Contact | null>(null);
  account = $state.raw<Account | null>(null);
  #reason = $state<string | null>(null);
  /** A sign-out the relay has not confirmed yet, with its last failure. */
  #ending = $state.raw<{ error: AppError | null } | null>(null);

  readonly api: WrikeApi;
  readonly #tokens: Tokens;
  readonly #signOut: RelaySignOut;
  readonly #reporter: SessionReporter;
  readonly #place: Place;
  readonly #relayHint: () => boolean;
  readonly #checker: (source: TokenSource) => WrikeApi;
  readonly #kept: Kept | null;
  readonly #resets = new Set<() => void>();
  readonly #changes = new Set<(state: "signed-in" | "signed-out") => void>();
  readonly #entering = new Set<(userId: string) => void>();
  readonly #unsubscribe: () => void;
  #loading: Promise<void> | null = null;
  #started = false;

  constructor(o: SessionOptions) {
    this.api = o.api;
    this.#tokens = o.tokens;
    this.#signOut = o.signOut;
    this.#reporter = o.reporter;
    this.#place = o.place ?? "tab";
    this.#relayHint = o.relayHint ?? hasRelaySessionHint;
    this.#kept = o.kept ?? null;
    this.#checker = o.checker ?? ((tokens) => new WrikeApi({ tokens, maxRetries: 1 }));
    const language = o.language ?? (typeof navigator === "undefined" ? "en" : navigator.language);
    const tokens = o.tokens;
    this.locale = $derived(safeLocale(this.me?.locale, safeLocale(language)));
    this.host = $derived(tokens.host);
    this.kind = $derived(tokens.kind);
    this.canWrite = $derived(
      tokens.kind === "permanent" ||
        tokens.scope.split(/[\s,]+/).some((s) => s === "wsReadWrite" || s === "Default"),
    );
    const offTokens = o.tokens.subscribe({
      onSignedInElsewhere: () => {
        if (this.state !== "signed-in" && !this.signingOut) void this.#enter();
      },
      onSignedOutElsewhere: (reason, relay) => {
        this.#leave(reason ?? signedOutElsewhere(this.#place));
        // Every tab shows the sign-out's progress and retries too, in case the one that began it closes.
        if (relay) void this.#endRelay();
      },
      onRefreshWait: (w) => this.#reporter.wait("refresh", w),
      // Once signed out, a refresh that was in flight may still hear "not signed in": nothing more to do.
      onLost: (error) => {
        if (this.state !== "signed-out") {
          void this.signOut(lostReason(error, this.#tokens.kind, this.#place));
        }
      },
    });
    const offSignOut = o.signOut.listen({
      onRetry: (error) => (this.#ending = { error }),
      onEnded: () => (this.#ending = null),
    });
    this.#unsubscribe = () => (offTokens(), offSignOut());
  }

  /** Shown where one signs in: why the person is there, or how the sign-out is getting on. */
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
  readonly locale: string;
  readonly host: string;
  readonly kind: TokenKind | null;
  /** Writes need wsReadWrite (or Default); permanent tokens carry the user's full rights. */
  readonly canWrite: boolean;
  /** The user's profile in the signed-in account (role, admin, owner, email). */
  readonly profile = $derived(
    this.me?.profiles?.find((p) => p.accountId === this.account?.id) ?? this.me?.profiles?.[0] ?? null,
  );

  /** Runs `fn` on every sign-out (views' data must not outlive the session); returns the unsubscribe. */
  onReset(fn: () => void): () => void {
    this.#resets.add(fn);
    return () => void this.#resets.delete(fn);
  }

  /** Hears every entry into signed-in and every exit from it; returns the unsubscribe. */
  onChange(fn: (state: "signed-in" | "signed-out") => void): () => void {
    this.#changes.add(fn);
    return () => void this.#changes.delete(fn);
  }

  /**
   * Runs `fn` when a sign-in begins loading the profile and the user's id is already known (a permanent
   * token's check, or the relay's user_id): views may start their queries beside the profile's.
   */
  onEntering(fn: (userId: string) => void): () => void {
    this.#entering.add(fn);
    return () => void this.#entering.delete(fn);
  }

  /** The signed-in user's contact id: the profile's, or the one the relay named before it loaded. */
  get userId(): string | null {
    return this.me?.id ?? this.#tokens.userId;
  }

  /** Stops hearing the token store and the sign-out. */
  close(): void {
    this.#unsubscribe();
  }

  /**
   * On page load: first a sign-out that has not reached the relay yet (never sign in through a session
   * the person asked to end; not awaited), then a permanent token remembered in this tab, else the
   * relay's session (retried while the relay or Wrike is busy or away), else sign-in.
   */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    if (this.#finishPendingSignOut()) return;
    const remembered = this.#tokens.remembered();
    if (remembered) {
      const err = await this.signInWithToken(remembered.token, remembered.host, true);
      if (err) {
        this.#tokens.clear(null, false);
        this.state = "signed-out";
        this.reason = err;
      }
      return;
    }
    // No relay session to ask for: signed out at once, without a 401 that the browser would log.
    if (!this.#relayHint()) {
      this.state = "signed-out";
      void this.#kept?.clear();
      return;
    }
    let token: TokenResponse | null;
    try {
      token = await retry(
        async () => {
          // Another tab signed this one in, or began a sign-out, while it waited.
          if (this.#finishPendingSignOut() || this.state !== "starting") return null;
          return this.#tokens.initial();
        },
        {
          onRetry: (w) =>
            this.#reporter.wait("start", { error: asAppError(w.error), until: w.until, ms: w.ms }),
        },
      );
    } catch (e) {
      this.#reporter.wait("start", null);
      // Another tab signed this one in (or out) meanwhile. (Read again: state changes across awaits.)
      if ((this.state as SessionState) !== "starting") return;
      this.state = "signed-out";
      // The session ended while away: what this browser kept of it goes too.
      void this.#kept?.clear();
      const reason = startFailure(asAppError(e), this.#place);
      if (reason !== null) this.reason = reason;
      return;
    }
    this.#reporter.wait("start", null);
    if (token === null || this.#finishPendingSignOut() || this.state !== "starting") return;
    // Shared, so that tabs opening at the same time take this token instead of rotating again.
    this.#tokens.useOAuth(token);
    await this.#enter();
  }

  /** Checks a permanent token with contacts?me=true; on success signs in. Returns an error message or null. */
  async signInWithToken(token: string, host: string, remember: boolean): Promise<string | null> {
    const check = this.#checker(fixedToken(token, host));
    try {
      const res = await check.get<Contact>("contacts", { me: true });
      const me = res.data[0];
      if (!me) return tokenRefused(host);
      this.#tokens.usePermanent(token, host, remember);
      this.me = me;
      await this.#enter(me);
      return null;
    } catch (e) {
      return tokenCheckFailure(asAppError(e), host);
    }
  }

  /** A hand-off was redeemed (the embed's popup sign-in): this session now has its first token. */
  async signedIn(token: TokenResponse): Promise<void> {
    this.#tokens.useOAuth(token);
    await this.#enter();
  }

  /**
   * Signs out here and in every other tab; `reason` is shown where one signs in once done. A session
   * from the relay is done when the relay has ended it (until then the screen says so and it retries);
   * a permanent token never had one, so forgetting it is the whole sign-out.
   */
  async signOut(reason: string | null = "You signed out."): Promise<void> {
    const relay = this.#tokens.kind !== "permanent";
    this.#tokens.clear(reason, true, relay);
    this.#leave(reason);
    if (relay) return this.#endRelay();
    // A relay cookie from an earlier sign-in may linger in this browser: end it too if it can be reached.
    this.#signOut.attempt();
  }

  /** A sign-out the relay has not confirmed (from an earlier load or another tab) is finished first. */
  #finishPendingSignOut(): boolean {
    if (!this.#signOut.pending) return false;
    if (this.state !== "signed-out") this.#leave("You signed out.");
    void this.#endRelay();
    return true;
  }

  /** Ends the relay's session (or joins the attempt under way); the sign-out's own reason shows after. */
  async #endRelay(): Promise<void> {
    this.#ending ??= { error: null };
    await this.#signOut.end();
  }

  #leave(reason: string | null): void {
    const was = this.state;
    this.state = "signed-out";
    this.#reason = reason;
    this.me = null;
    this.account = null;
    void this.#kept?.clear();
    this.#reporter.clear();
    for (const r of [...this.#resets]) r();
    if (was === "signed-in") for (const c of [...this.#changes]) c("signed-out");
  }

  /**
   * Shows the app at once from the kept profile (the views paint their kept copies and revalidate), unless
   * Wrike's answer comes first or the session ends meanwhile.
   */
  async #paintKept(loads: Promise<unknown>): Promise<void> {
    let answered = false;
    void loads.then(
      () => (answered = true),
      () => (answered = true),
    );
    const kept = await this.#kept?.read<KeptProfile>("profile");
    if (!kept || answered || !this.#tokens.signedIn || this.state !== "starting") return;
    this.me = kept.me;
    this.account = kept.account;
    this.state = "signed-in";
    for (const c of [...this.#changes]) c("signed-in");
  }

  /** Loads who the user is and their account, then shows the app (once, however many callers). */
  #enter(me?: Contact): Promise<void> {
    this.#loading ??= this.#load(me).finally(() => {
      this.#loading = null;
    });
    return this.#loading;
  }

  async #load(me?: Contact): Promise<void> {
    const early = me?.id ?? this.#tokens.userId;
    // A return visit as the same user: what this browser kept may be shown while Wrike is asked again.
    const resumed = early ? (this.#kept?.resume(early, this.#tokens.host) ?? null) : null;
    if (early) for (const fn of [...this.#entering]) fn(early);
    try {
      const loads = Promise.all([
        me ? Promise.resolve(null) : this.api.get<Contact>("contacts", { me: true }),
        this.api.get<Account>("account"),
      ]);
      if (resumed) await this.#paintKept(loads);
      const [meRes, accountRes] = await loads;
      // Signed out (here or in another tab) while this loaded: stay signed out.
      if (!this.#tokens.signedIn) return;
      const fresh = me ?? meRes?.data[0] ?? null;
      const account = accountRes.data[0] ?? null;
      const scope =
        fresh && account ? { host: this.#tokens.host, userId: fresh.id, accountId: account.id } : null;
      // Painted from another account's (or user's) copy: the views drop it and load this one's.
      if (resumed && this.state === "signed-in" && !this.#kept?.holds(scope)) {
        for (const r of [...this.#resets]) r();
      }
      this.me = fresh;
      this.account = account;
      if (scope && fresh && account && this.#kept) {
        void this.#kept.confirm(scope);
        this.#kept.write("profile", { me: fresh, account } satisfies KeptProfile);
      }
      this.reason = null;
      if (this.state !== "signed-in") {
        this.state = "signed-in";
        for (const c of [...this.#changes]) c("signed-in");
      }
    } catch (e) {
      // A refused token has already signed out (with its reason) through tokens.invalid / onLost.
      if (this.#tokens.signedIn) {
        await this.signOut(`Could not load your Wrike profile: ${asAppError(e).message}`);
      }
    }
  }
}
