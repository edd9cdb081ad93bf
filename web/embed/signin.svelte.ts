// Sign-in from inside the frame: a popup (Wrike's login cannot be framed), then the frame redeems the
// hand-off the popup bound to its nonce; the popup's message only says "now", polling covers its loss.
import type { TokenResponse } from "../../worker/lib/contract.ts";
import { AppError, asAppError } from "../lib/errors.ts";
import { popupLoginUrl, redeemHandoff, type Redemption } from "../lib/relay.ts";
import { isHandoffReady, newHandoffNonce } from "./handoff.ts";

/**
 * idle: the button. waiting: the popup is open. blocked: window.open gave no window. lost: the popup
 * closed (or the frame can no longer see it) before the hand-off arrived. In all three the frame polls,
 * since a sign-in may finish without a message (opener cut, or a window the frame holds no handle to).
 * failed: polling ended; try again.
 */
export type SignInPhase = "idle" | "waiting" | "blocked" | "lost" | "failed";

/** How often the frame asks the relay whether the hand-off is ready. */
export const POLL_MS = 2_000;
/** Polling stops after this long: the relay's pending hand-off lives as long as a sign-in flow (10 min). */
export const POLL_LIMIT_MS = 10 * 60_000;
/**
 * "Unknown nonce" may just mean the sign-in window has not reached the relay yet (slow network, or a
 * window opened late); it counts as an answer only after this long.
 */
export const REGISTER_GRACE_MS = 60_000;
const WATCH_MS = 500;

export interface SignInDeps {
  open: (url: string) => Window | null;
  redeem: (nonce: string) => Promise<Redemption>;
  newNonce: () => string;
  now: () => number;
}

const defaults = (): SignInDeps => ({
  open: (url) => window.open(url, "wrike-pane-signin", "popup,width=520,height=720"),
  redeem: (nonce) => redeemHandoff(nonce),
  newNonce: newHandoffNonce,
  now: () => Date.now(),
});

export class EmbedSignIn {
  phase = $state<SignInPhase>("idle");
  /** Why the user sees what they see (blocked, lost, failed); null while all is well. */
  problem = $state<string | null>(null);

  readonly #deps: SignInDeps;
  readonly #onSignedIn: (token: TokenResponse) => void;
  #nonce: string | null = null;
  #popup: Window | null = null;
  #startedAt = 0;
  #poll: ReturnType<typeof setTimeout> | undefined;
  #watch: ReturnType<typeof setInterval> | undefined;
  #inflight = false;
  /** The popup's message came while a poll was out: ask again as soon as that poll is answered. */
  #again = false;

  constructor(onSignedIn: (token: TokenResponse) => void, deps: Partial<SignInDeps> = {}) {
    this.#onSignedIn = onSignedIn;
    this.#deps = { ...defaults(), ...deps };
    window.addEventListener("message", this.#onMessage);
  }

  /** Opens the popup with a fresh nonce. Call it straight from a click: browsers allow popups only then. */
  start(): void {
    this.#stop();
    const nonce = this.#deps.newNonce();
    this.#nonce = nonce;
    this.#startedAt = this.#deps.now();
    this.#popup = this.#deps.open(popupLoginUrl(nonce));
    if (this.#popup) {
      this.phase = "waiting";
      this.problem = null;
      this.#watch = setInterval(this.#checkClosed, WATCH_MS);
    } else {
      // A fresh click on the button may be allowed a window; meanwhile polling covers a window that
      // opened without handing the frame a reference (some blockers and policies do that).
      this.phase = "blocked";
      this.problem =
        "Your browser blocked the sign-in window. Open it again, or allow pop-ups for this site.";
    }
    this.#schedule();
  }

  /** Gives up on the current attempt (the user pressed Cancel, or signed in some other way). */
  cancel(): void {
    this.#stop();
    this.phase = "idle";
    this.problem = null;
  }

  #stop(): void {
    clearTimeout(this.#poll);
    clearInterval(this.#watch);
    this.#poll = undefined;
    this.#watch = undefined;
    this.#nonce = null;
    this.#popup = null;
    this.#again = false;
  }

  /** Only our own popup, on our own origin, saying only that it is ready. */
  #onMessage = (e: MessageEvent): void => {
    if (e.origin !== window.location.origin) return;
    if (this.#popup === null || e.source !== this.#popup) return;
    if (!isHandoffReady(e.data)) return;
    void this.#redeem();
  };

  #checkClosed = (): void => {
    if (!this.#popup?.closed) return;
    clearInterval(this.#watch);
    this.#watch = undefined;
    if (this.phase === "waiting") {
      this.phase = "lost";
      this.problem =
        "The sign-in window closed or can no longer talk to this pane. If you finished signing in, this " +
        "pane updates in a moment; otherwise open the sign-in again.";
    }
    // The sign-in may have finished without a message: ask at once rather than at the next tick.
    void this.#redeem();
  };

  #schedule(): void {
    clearTimeout(this.#poll);
    this.#poll = setTimeout(() => void this.#redeem(), POLL_MS);
  }

  async #redeem(): Promise<void> {
    const nonce = this.#nonce;
    if (nonce === null) return;
    if (this.#inflight) {
      this.#again = true;
      return;
    }
    this.#inflight = true;
    this.#again = false;
    let outcome: Redemption | AppError;
    try {
      outcome = await this.#deps.redeem(nonce);
    } catch (e) {
      outcome = asAppError(e);
    } finally {
      this.#inflight = false;
    }
    if (nonce !== this.#nonce) return; // a newer attempt started meanwhile
    const elapsed = this.#deps.now() - this.#startedAt;
    if (!(outcome instanceof AppError) && outcome.status === "ready") {
      this.#stop();
      this.phase = "idle";
      this.problem = null;
      this.#onSignedIn(outcome.token);
      return;
    }
    const final =
      (outcome instanceof AppError && !outcome.transient) ||
      (!(outcome instanceof AppError) && outcome.status === "invalid" && elapsed > REGISTER_GRACE_MS) ||
      elapsed > POLL_LIMIT_MS;
    if (final) {
      this.#stop();
      if (this.phase === "blocked") return; // its message and button already say what to do
      this.phase = "failed";
      this.problem =
        outcome instanceof AppError && !outcome.transient
          ? `Signing in did not complete: ${outcome.message}`
          : "Signing in did not complete (it was cancelled or took too long). Open the sign-in again.";
      return;
    }
    if (this.#again) void this.#redeem();
    else this.#schedule();
  }
}
