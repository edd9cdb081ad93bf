// The embedded pane's session: the frame's own (partitioned) relay session, the user and the account.
// The app's web/lib/session.svelte.ts is not reused: it owns the token store's single listener and the
// app's status bar; this is the same flow, trimmed to what a pane needs and reporting to the embedder.
import type { TokenResponse } from "../../worker/lib/contract.ts";
import { WrikeApi } from "../lib/api.ts";
import { safeLocale, safeTimeZone } from "../lib/dates.ts";
import { AppError, asAppError, backoffSeconds } from "../lib/errors.ts";
import { SIGNING_OUT, notEndedMessage, relaySignOut } from "../lib/signout.ts";
import { tokens } from "../lib/tokens.svelte.ts";
import type { Account, Contact } from "../lib/wrike.ts";

export type EmbedState = "starting" | "signed-out" | "signed-in";

/** Why the pane is signed out again, in the user's words. */
export function endedReason(error: AppError): string {
  switch (error.code) {
    case "session_expired":
      return "Your Wrike session has expired or was ended in Wrike. Sign in again to continue.";
    case "not_signed_in":
      return "Your session ended (you may have signed out elsewhere). Sign in again to continue.";
    default:
      return "Wrike no longer accepts this session (access may have been revoked). Sign in again to continue.";
  }
}

export class EmbedSession {
  state = $state<EmbedState>("starting");
  me = $state.raw<Contact | null>(null);
  account = $state.raw<Account | null>(null);
  #reason = $state<string | null>(null);
  /** A sign-out the relay has not confirmed yet, with its last failure. */
  #ending = $state.raw<{ error: AppError | null } | null>(null);

  /** Shown above the sign-in button: why the user is signed out, what went wrong, or how a sign-out goes. */
  get reason(): string | null {
    if (this.#ending) return this.#ending.error ? notEndedMessage(this.#ending.error) : SIGNING_OUT;
    return this.#reason;
  }
  set reason(value: string | null) {
    this.#reason = value;
  }

  /** Until the relay has ended the frame's session, the pane offers no sign-in (it would be ended too). */
  get signingOut(): boolean {
    return this.#ending !== null;
  }
  /** Shown while starting: the relay or Wrike is slow or away and the pane is retrying. */
  notice = $state<string | null>(null);

  readonly timeZone = $derived(safeTimeZone(this.me?.timezone));
  readonly locale = $derived(
    safeLocale(this.me?.locale, typeof navigator === "undefined" ? "en" : safeLocale(navigator.language)),
  );
  readonly profile = $derived(
    this.me?.profiles?.find((p) => p.accountId === this.account?.id) ?? this.me?.profiles?.[0] ?? null,
  );

  readonly api = new WrikeApi({ tokens, maxRetries: 4 });
  readonly #changed: (state: "signed-in" | "signed-out") => void;
  #started = false;

  /** `changed` hears every entry into signed-in and every exit from it. */
  constructor(changed: (state: "signed-in" | "signed-out") => void) {
    this.#changed = changed;
    tokens.subscribe({
      // Another pane of this page (same partition) signed in or out: follow it.
      onSignedInElsewhere: () => {
        if (this.state !== "signed-in" && !this.signingOut) void this.#enter();
      },
      onSignedOutElsewhere: (reason, relay) => {
        this.#leave(reason ?? "You signed out in another pane.");
        if (relay) void this.#endRelay();
      },
      onLost: (error) => {
        if (this.state !== "signed-out") void this.signOut(endedReason(error));
      },
    });
    relaySignOut.listen({
      onRetry: (error) => (this.#ending = { error }),
      onEnded: () => (this.#ending = null),
    });
  }

  /**
   * On load: a sign-out the relay has not confirmed is finished first (not awaited: the embedder hears
   * `ready` meanwhile); else the frame's partitioned cookie may already hold a session (an earlier visit).
   */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    for (let attempt = 0; ; attempt++) {
      if (this.#finishPendingSignOut() || this.state !== "starting") return;
      try {
        const t = await tokens.initial();
        if (this.#finishPendingSignOut() || this.state !== "starting") return;
        tokens.useOAuth(t, false);
        this.notice = null;
        await this.#enter();
        return;
      } catch (e) {
        const error = asAppError(e);
        if (error.transient) {
          const s = backoffSeconds(attempt, error.retryAfter);
          this.notice = `${error.message} Retrying in ${s} s.`;
          await new Promise((r) => setTimeout(r, s * 1000));
          continue;
        }
        this.notice = null;
        // Another pane signed this one in (or out) meanwhile. (Read again: state changes across awaits.)
        if ((this.state as EmbedState) !== "starting") return;
        this.state = "signed-out";
        if (error.code === "session_expired") this.reason = endedReason(error);
        else if (error.code !== "not_signed_in") this.reason = `${error.message} Try signing in again.`;
        return;
      }
    }
  }

  /** The popup's hand-off was redeemed: this frame now has its own session and its first token. */
  async signedIn(token: TokenResponse): Promise<void> {
    tokens.useOAuth(token);
    await this.#enter();
  }

  /** Done once the relay has ended the frame's session; until then the pane says so and retries. */
  async signOut(reason: string | null = "You signed out."): Promise<void> {
    tokens.clear(reason, true, true);
    this.#leave(reason);
    await this.#endRelay();
  }

  #finishPendingSignOut(): boolean {
    if (!relaySignOut.pending) return false;
    this.notice = null;
    if (this.state !== "signed-out") this.#leave("You signed out.");
    void this.#endRelay();
    return true;
  }

  async #endRelay(): Promise<void> {
    this.#ending ??= { error: null };
    await relaySignOut.end();
  }

  #leave(reason: string | null): void {
    const was = this.state;
    this.state = "signed-out";
    this.#reason = reason;
    this.me = null;
    this.account = null;
    if (was === "signed-in") this.#changed("signed-out");
  }

  async #enter(): Promise<void> {
    try {
      const [me, account] = await Promise.all([
        this.api.get<Contact>("contacts", { me: true }),
        this.api.get<Account>("account"),
      ]);
      if (!tokens.signedIn) return; // signed out (here or in another pane) meanwhile
      this.me = me.data[0] ?? null;
      this.account = account.data[0] ?? null;
      this.reason = null;
      if (this.state !== "signed-in") {
        this.state = "signed-in";
        this.#changed("signed-in");
      }
    } catch (e) {
      // A refused token has already signed out (with its reason) through onLost.
      if (tokens.signedIn) await this.signOut(`Could not load your Wrike profile: ${asAppError(e).message}`);
    }
  }
}
