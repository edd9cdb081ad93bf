// Who is signed in, for the app and the embed alike: the session's state, the user and account, the reason
// shown after a sign-out (its progress: ./ending.svelte.ts). It alone decides that a session has ended.
import type { TokenResponse } from "../../worker/shared/contract.ts";
import { WrikeApi } from "../wrike/api.ts";
import type { TokenSource } from "../wrike/api-options.ts";
import {
  fixedToken,
  type KeptProfile,
  type SessionOptions,
  type SessionReporter,
  type SessionState,
} from "./session-options.ts";
import { safeLocale, safeTimeZone } from "../ui/locale.ts";
import { asAppError } from "../wrike/errors.ts";
import { hasRelaySessionHint } from "./relay.ts";
import { SignOutProgress } from "./ending.svelte.ts";
import { ReturnVisit } from "./return-visit.svelte.ts";
import { canWriteWith, firstToken } from "./start-up.ts";
import {
  type Place,
  lostReason,
  signedOutElsewhere,
  startFailure,
  tokenCheckFailure,
  tokenRefused,
} from "./session-reasons.ts";
import type { TokenKind, Tokens } from "./tokens.svelte.ts";
import type { Account, Contact } from "../wrike/types.ts";
import type { Kept } from "../platform/kept.ts";
import { SessionSignals } from "./session-signals.ts";
import { afterNextPaint } from "../platform/paint.ts";

export type { KeptProfile, SessionOptions, SessionReporter, SessionState } from "./session-options.ts";

/** How long the relay's first token waits for a return visit's kept copy to be read and shown. */
const PAINT_WAIT_MS = 150;

export class Session extends SessionSignals {
  state = $state<SessionState>("starting");
  me = $state.raw<Contact | null>(null);
  account = $state.raw<Account | null>(null);
  #reason = $state<string | null>(null);

  readonly api: WrikeApi;
  readonly #tokens: Tokens;
  readonly #signOut: SignOutProgress;
  readonly #reporter: SessionReporter;
  readonly #place: Place;
  readonly #relayHint: () => boolean;
  readonly #checker: (source: TokenSource) => WrikeApi;
  readonly #kept: Kept | null;
  readonly #visit: ReturnVisit;
  readonly #frameFirst: boolean;
  readonly #afterPaint: () => Promise<void>;
  readonly #offTokens: () => void;
  #loading: Promise<void> | null = null;
  #started = false;

  constructor(o: SessionOptions) {
    super();
    this.api = o.api;
    this.#tokens = o.tokens;
    this.#signOut = new SignOutProgress(o.signOut);
    this.#reporter = o.reporter;
    this.#place = o.place ?? "tab";
    this.#relayHint = o.relayHint ?? hasRelaySessionHint;
    this.#kept = o.kept ?? null;
    this.#visit = new ReturnVisit(this.#kept, o.tokens);
    this.#frameFirst = o.frameFirst ?? false;
    this.#afterPaint = o.afterPaint ?? (() => afterNextPaint());
    this.#checker = o.checker ?? ((tokens) => new WrikeApi({ tokens, maxRetries: 1 }));
    const language = o.language ?? (typeof navigator === "undefined" ? "en" : navigator.language);
    this.locale = $derived(safeLocale(this.me?.locale, safeLocale(language)));
    this.host = $derived(o.tokens.host || this.#visit.host);
    this.kind = $derived(o.tokens.kind);
    this.canWrite = $derived(canWriteWith(o.tokens.kind, o.tokens.scope));
    this.#offTokens = o.tokens.subscribe({
      onSignedInElsewhere: () => {
        if ((this.state !== "signed-in" || this.provisional) && !this.signingOut) void this.#enter();
      },
      onSignedOutElsewhere: (reason, relay) => {
        this.#leave(reason ?? signedOutElsewhere(this.#place));
        // Every tab shows the sign-out's progress and retries too, in case the one that began it closes.
        if (relay) void this.#signOut.end();
      },
      onRefreshWait: (w) => this.#reporter.wait("refresh", w),
      // Once signed out, a refresh that was in flight may still hear "not signed in": nothing more to do.
      onLost: (error) => {
        if (this.state !== "signed-out") void this.signOut(lostReason(error, this.#tokens.kind, this.#place));
      },
    });
  }

  /** Shown where one signs in: why the person is there, or how the sign-out is getting on. */
  get reason(): string | null {
    return this.#signOut.message ?? this.#reason;
  }
  set reason(value: string | null) {
    this.#reason = value;
  }

  /** Shown from the last visit's copy while the relay is asked whether the session still stands. */
  get provisional(): boolean {
    return this.#visit.active;
  }

  /** The relay has not yet ended the session of a sign-out: nothing may sign in through it meanwhile. */
  get signingOut(): boolean {
    return this.#signOut.active;
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

  /** The signed-in user's contact id: the profile's, or the one the relay named before it loaded. */
  get userId(): string | null {
    return this.me?.id ?? this.#tokens.userId;
  }

  /** Stops hearing the token store and the sign-out. */
  close(): void {
    this.#offTokens();
    this.#signOut.close();
  }

  /**
   * On page load: first a sign-out not yet through to the relay (never sign in through a session the person
   * asked to end; not awaited), then a permanent token remembered in this tab, else the relay's session
   * (retried while the relay or Wrike is busy or away), else sign-in.
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
    // A return visit paints the last visit at once; the relay's answer confirms it or takes it down.
    const painting = this.#paintLast();
    let token: TokenResponse | null;
    try {
      // Another tab signed this one in, or began a sign-out, while it waited: no token needed.
      const stop = () => this.#finishPendingSignOut() || !this.#awaitingToken();
      token = await firstToken(this.#tokens, this.#reporter, stop);
    } catch (e) {
      // Another tab signed this one in (or out) meanwhile.
      if (!this.#awaitingToken()) return;
      this.#tokens.endFirstWait();
      const reason = startFailure(asAppError(e), this.#place);
      // The session ended while away: what this browser kept of it goes too (and off the screen).
      if (this.provisional) return this.#leave(reason);
      this.state = "signed-out";
      void this.#kept?.clear();
      if (reason !== null) this.reason = reason;
      return;
    }
    if (token === null || this.#finishPendingSignOut() || !this.#awaitingToken()) return;
    // A return visit's copy goes on screen before the token is taken: the revalidation's calls wait for it
    // (Tokens.expectFirst), so they and their answers run after that first frame, not inside it. Not for
    // long behind a slow IndexedDB.
    await Promise.race([painting, new Promise((r) => setTimeout(r, PAINT_WAIT_MS))]);
    if (this.provisional) await this.#afterPaint();
    if (this.#finishPendingSignOut() || !this.#awaitingToken()) return;
    // Shared, so that tabs opening at the same time take this token instead of rotating again.
    this.#tokens.useOAuth(token);
    // The relay names someone else (or another data centre) than the copy painted: it goes before any
    // query is made for the wrong user.
    if (this.#visit.otherThan(token)) this.#unpaint();
    await this.#enter();
  }

  /** Still waiting for this page's first token: starting, or painted from the kept copy. */
  #awaitingToken(): boolean {
    return this.state === "starting" || this.provisional;
  }

  /**
   * A return visit: the last visit's profile (and so the app, whose views paint their own kept copies) is
   * shown before the relay has answered; their queries wait for the token (Tokens.expectFirst).
   */
  async #paintLast(): Promise<void> {
    const profile = await this.#visit.profile();
    // Wrike answered first, the session ended, or the relay's token is someone else's, meanwhile.
    if (!profile || this.me || this.state === "signed-out" || !this.#visit.fits(this.#tokens)) return;
    this.me = profile.me;
    this.account = profile.account;
    this.#visit.painted();
    // The relay named this same user first and the frame is up (frameFirst): it shows the copy too.
    if (this.state === "signed-in") return;
    this.state = "signed-in";
    this.events.emit("entering", profile.me.id);
    this.events.emit("change", "signed-in");
  }

  /** The painted copy was not this session's: off the screen, and the sign-in goes on from scratch. */
  #unpaint(): void {
    this.#visit.end();
    this.me = null;
    this.account = null;
    this.state = "starting";
    this.events.emit("reset");
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
    if (relay) return this.#signOut.end();
    // A relay cookie from an earlier sign-in may linger in this browser: end it too if it can be reached.
    this.#signOut.attempt();
  }

  /** A sign-out the relay has not confirmed (from an earlier load or another tab) is finished first. */
  #finishPendingSignOut(): boolean {
    if (!this.#signOut.pending) return false;
    if (this.state !== "signed-out") this.#leave("You signed out.");
    void this.#signOut.end();
    return true;
  }

  #leave(reason: string | null): void {
    const was = this.state;
    this.#visit.end();
    this.state = "signed-out";
    this.#reason = reason;
    this.me = null;
    this.account = null;
    void this.#kept?.clear();
    this.#reporter.clear();
    this.events.emit("reset");
    if (was === "signed-in") this.events.emit("change", "signed-out");
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
    // The kept profile was still being read when the token came: it is shown when it arrives (#paintLast).
    if (early) this.events.emit("entering", early);
    // The app's frame goes up meanwhile (its render overlaps the wait for Wrike); a failure below signs out.
    if (early && this.#frameFirst && this.state === "starting") {
      this.state = "signed-in";
      this.events.emit("change", "signed-in");
    }
    try {
      const loads = Promise.all([
        me ? Promise.resolve(null) : this.api.get<Contact>("contacts", { me: true }),
        this.api.get<Account>("account"),
      ]);
      const [meRes, accountRes] = await loads;
      // Signed out (here or in another tab) while this loaded: stay signed out.
      if (!this.#tokens.signedIn) return;
      const fresh = me ?? meRes?.data[0] ?? null;
      const account = accountRes.data[0] ?? null;
      const scope =
        fresh && account ? { host: this.#tokens.host, userId: fresh.id, accountId: account.id } : null;
      // Painted from another account's (or user's) copy: the views drop it and load this one's.
      if ((resumed || this.provisional) && this.state === "signed-in" && !this.#kept?.holds(scope)) {
        this.events.emit("reset");
      }
      this.me = fresh;
      this.account = account;
      this.#visit.end();
      if (scope && fresh && account && this.#kept) {
        void this.#kept.confirm(scope);
        this.#kept.write("profile", { me: fresh, account } satisfies KeptProfile);
      }
      this.reason = null;
      if (this.state !== "signed-in") {
        this.state = "signed-in";
        this.events.emit("change", "signed-in");
      }
    } catch (e) {
      // A refused token has already signed out (with its reason) through tokens.invalid / onLost.
      if (this.#tokens.signedIn) {
        this.#visit.end();
        await this.signOut(`Could not load your Wrike profile: ${asAppError(e).message}`);
      }
    }
  }
}
