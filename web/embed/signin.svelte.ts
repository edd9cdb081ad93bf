// Sign-in from inside the frame: a popup (Wrike's login cannot be framed) whose last page posts a one-time
// code to this frame; with it the frame redeems the hand-off. Without it (opener cut), the person types the
// pairing code the popup shows. Polling only says whether the popup finished: it never redeems.
import { HANDOFF_ACK_MESSAGE, type TokenResponse } from "../../worker/shared/contract.ts";
import { AppError, asAppError } from "../wrike/errors.ts";
import {
  handoffStatus,
  popupLoginUrl,
  redeemHandoff,
  type HandoffProof,
  type Redemption,
} from "../session/relay.ts";
import { handoffCodeOf, newHandoffNonce } from "./handoff.ts";

/**
 * idle: the button. waiting: the popup is open. blocked: window.open gave no window. lost: the popup
 * closed (or the frame can no longer see it) before the hand-off arrived. pairing: the popup finished but
 * its code never reached this frame, so the person types the pairing code it shows. redeeming: a code is
 * being checked. failed: this attempt is over; try again.
 */
export type SignInPhase = "idle" | "waiting" | "blocked" | "lost" | "pairing" | "redeeming" | "failed";

/** How often the frame asks the relay whether the popup has finished. */
export const POLL_MS = 2_000;
/** Polling stops after this long: the relay's pending hand-off lives as long as a sign-in flow (10 min). */
export const POLL_LIMIT_MS = 10 * 60_000;
/**
 * "Unknown nonce" may just mean the sign-in window has not reached the relay yet (slow network, or a
 * window opened late); it counts as an answer only after this long.
 */
export const REGISTER_GRACE_MS = 60_000;
/** The popup posts its code as soon as it loads; ready this long without it means the opener was cut. */
export const CODE_GRACE_MS = 3_000;
const WATCH_MS = 500;

export interface SignInDeps {
  open: (url: string) => Window | null;
  redeem: (nonce: string, proof: HandoffProof) => Promise<Redemption>;
  status: (nonce: string) => Promise<"pending" | "ready" | "invalid">;
  newNonce: () => string;
  now: () => number;
}

const defaults = (): SignInDeps => ({
  open: (url) => window.open(url, "wrike-pane-signin", "popup,width=520,height=720"),
  redeem: (nonce, proof) => redeemHandoff(nonce, proof),
  status: (nonce) => handoffStatus(nonce),
  newNonce: newHandoffNonce,
  now: () => Date.now(),
});

export class EmbedSignIn {
  phase = $state<SignInPhase>("idle");
  /** Why the user sees what they see (blocked, lost, pairing, failed); null while all is well. */
  problem = $state<string | null>(null);

  readonly #deps: SignInDeps;
  readonly #onSignedIn: (token: TokenResponse) => void;
  #nonce: string | null = null;
  #popup: Window | null = null;
  #startedAt = 0;
  #readySince: number | null = null;
  #poll: ReturnType<typeof setTimeout> | undefined;
  #watch: ReturnType<typeof setInterval> | undefined;
  #polling = false;
  #redeeming = false;

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
      // A fresh click on the button may be allowed a window; meanwhile polling notices a window that
      // opened without handing the frame a reference, and the pairing code finishes that sign-in.
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

  /** The person typed the pairing code the sign-in window shows. One try: a wrong code ends the attempt. */
  async pair(typed: string): Promise<void> {
    if (typed.trim() === "") {
      this.problem = "Type the code the sign-in window shows.";
      return;
    }
    await this.#redeem({ pairing: typed });
  }

  #stop(): void {
    clearTimeout(this.#poll);
    clearInterval(this.#watch);
    this.#poll = undefined;
    this.#watch = undefined;
    this.#nonce = null;
    this.#popup = null;
    this.#readySince = null;
  }

  /** Only our own popup, on our own origin, with a well-formed code: redeem, and tell it to close. */
  #onMessage = (e: MessageEvent): void => {
    if (e.origin !== window.location.origin) return;
    if (this.#popup === null || e.source !== this.#popup) return;
    const code = handoffCodeOf(e.data);
    if (code === undefined) return;
    try {
      (e.source as Window).postMessage(HANDOFF_ACK_MESSAGE, window.location.origin);
    } catch {
      // The popup is gone already: nothing to close.
    }
    void this.#redeem({ code });
  };

  #checkClosed = (): void => {
    if (!this.#popup?.closed) return;
    clearInterval(this.#watch);
    this.#watch = undefined;
    if (this.phase === "waiting") {
      this.phase = "lost";
      this.problem =
        "The sign-in window closed or can no longer talk to this pane. If you finished signing in, " +
        "this pane asks for the code it showed; otherwise open the sign-in again.";
    }
    void this.#check();
  };

  #schedule(): void {
    clearTimeout(this.#poll);
    this.#poll = setTimeout(() => void this.#check(), POLL_MS);
  }

  #fail(message: string): void {
    const wasBlocked = this.phase === "blocked";
    this.#stop();
    if (wasBlocked) return; // its message and button already say what to do
    this.phase = "failed";
    this.problem = message;
  }

  /** Polls the hand-off's state: it tells when to ask for the pairing code, and when the attempt is over. */
  async #check(): Promise<void> {
    const nonce = this.#nonce;
    if (nonce === null || this.#polling || this.#redeeming) return;
    this.#polling = true;
    let state: "pending" | "ready" | "invalid" | AppError;
    try {
      state = await this.#deps.status(nonce);
    } catch (e) {
      state = asAppError(e);
    } finally {
      this.#polling = false;
    }
    if (nonce !== this.#nonce || this.#redeeming) return; // a newer attempt, or a redemption, took over
    const now = this.#deps.now();
    const elapsed = now - this.#startedAt;
    if (state instanceof AppError && !state.transient) {
      return this.#fail(`Signing in did not complete: ${state.message}`);
    }
    if ((state === "invalid" && elapsed > REGISTER_GRACE_MS) || elapsed > POLL_LIMIT_MS) {
      return this.#fail(
        "Signing in did not complete (it was cancelled or took too long). Open the sign-in again.",
      );
    }
    if (state === "ready") {
      this.#readySince ??= now;
      const noCode = now - this.#readySince >= CODE_GRACE_MS || this.#popup === null || this.#popup.closed;
      if (noCode && this.phase !== "pairing") {
        this.phase = "pairing";
        this.problem =
          "The sign-in window could not hand its result to this pane. Type the pairing code it shows.";
      }
    }
    this.#schedule();
  }

  async #redeem(proof: HandoffProof): Promise<void> {
    const nonce = this.#nonce;
    if (nonce === null || this.#redeeming) return;
    this.#redeeming = true;
    const before = this.phase;
    this.phase = "redeeming";
    let outcome: Redemption | AppError;
    try {
      outcome = await this.#deps.redeem(nonce, proof);
    } catch (e) {
      outcome = asAppError(e);
    } finally {
      this.#redeeming = false;
    }
    if (nonce !== this.#nonce) return; // a newer attempt started meanwhile
    if (!(outcome instanceof AppError) && outcome.status === "ready") {
      this.#stop();
      this.phase = "idle";
      this.problem = null;
      this.#onSignedIn(outcome.token);
      return;
    }
    if (outcome instanceof AppError) {
      if (!outcome.transient) return this.#fail(`Signing in did not complete: ${outcome.message}`);
      // Offline for a moment: the code stays valid, so the person (or the next message) can try again.
      this.phase = before;
      this.problem = `${outcome.message} Try again in a moment.`;
      this.#schedule();
      return;
    }
    if (outcome.status === "pending") {
      this.phase = before;
      this.#schedule();
      return;
    }
    this.phase = "waiting"; // so #fail reports it even if the attempt started blocked
    this.#fail(
      "That code did not match, so this sign-in was stopped to keep your account safe. Open the sign-in again.",
    );
  }
}
