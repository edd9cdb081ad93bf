// Ending the relay's session on sign-out, truthfully: a flag in storage until POST /auth/logout has
// succeeded (so that the next page load finishes it before asking for a token), retries with back-off
// and at once when the browser comes back online, and "ended" shared with the other tabs.
import { type AppError, asAppError } from "../wrike/errors.ts";
import { Listeners } from "../platform/listeners.ts";
import { type Channel, broadcastChannel } from "../platform/platform.ts";
import { logout } from "./relay.ts";
import { retry } from "../platform/retry.ts";
import { SESSION_KEYS, type SafeStorage, browserStorage } from "../platform/storage.ts";

/** Shown from the click until the relay has ended the session. */
export const SIGNING_OUT = "Signing out…";

/** What the person reads while the relay cannot be told: plainly not signed out yet, and retrying. */
export function notEndedMessage(error: AppError): string {
  const lead = "Your session could not be ended on this device yet";
  switch (error.code) {
    case "offline":
      return `${lead}: you are offline. Wrike Pane keeps trying and finishes signing out when you are back online.`;
    case "network":
      return `${lead}: Wrike Pane's relay could not be reached. Wrike Pane keeps trying.`;
    case "busy":
      return `${lead}: Wrike Pane's relay is busy. Wrike Pane keeps trying.`;
    case "unavailable":
      return `${lead}: Wrike Pane's relay is unavailable. Wrike Pane keeps trying.`;
    default:
      return `${lead}. ${error.message} Wrike Pane keeps trying.`;
  }
}

export interface SignOutEvents {
  /** An attempt failed; the next is at `retryAt` (ms), or sooner when the browser comes back online. */
  onRetry?: (error: AppError, retryAt: number) => void;
  /** The relay's session is ended, by this tab or another one. */
  onEnded?: () => void;
}

export interface RelaySignOutOptions {
  /** Ends the session at the relay; resolves when it is ended (or there was none). */
  logout?: () => Promise<void>;
  /** Where "ended" is shared with the other tabs: a BroadcastChannel's name, a channel, or null for none. */
  channel?: string | Channel<SignOutMessage> | null;
  /** Waits `ms` before a retry, or less when the browser comes back online or `signal` aborts. */
  wait?: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
  storage?: SafeStorage;
}

export type SignOutMessage = { type: "ended" };

function waitOrOnline(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      if (typeof window !== "undefined") window.removeEventListener("online", done);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    if (typeof window !== "undefined") window.addEventListener("online", done);
    signal.addEventListener("abort", done);
  });
}

export class RelaySignOut {
  readonly #logout: () => Promise<void>;
  readonly #wait: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly #random: () => number;
  readonly #storage: SafeStorage;
  readonly #channel: Channel<SignOutMessage> | null;
  readonly #listeners = new Listeners<SignOutEvents>();
  #running: Promise<void> | null = null;
  /** Pending in this document; also what counts when storage is denied. */
  #pending = false;
  /** The flag reached storage, so its absence means another tab has finished. */
  #stored = false;
  #wake: AbortController | null = null;
  /** Closed (the tab goes away): no further attempt. */
  readonly #closing = new AbortController();

  constructor(opts: RelaySignOutOptions = {}) {
    this.#logout = opts.logout ?? (() => logout());
    this.#wait = opts.wait ?? waitOrOnline;
    this.#random = opts.random ?? Math.random;
    this.#storage = opts.storage ?? browserStorage;
    const channel = opts.channel === undefined ? "wrike-pane-signout" : opts.channel;
    this.#channel = typeof channel === "string" ? broadcastChannel<SignOutMessage>(channel) : channel;
    this.#channel?.listen((m) => {
      if (m?.type === "ended") this.#ended(false);
    });
  }

  /** Hears the sign-out's progress until the returned function is called. */
  listen(events: SignOutEvents): () => void {
    return this.#listeners.add(events);
  }

  /** A sign-out has not reached the relay yet: in this tab, or (the flag) in another tab or an earlier load. */
  get pending(): boolean {
    return this.#pending || this.#storage.read(SESSION_KEYS.signingOut) !== null;
  }

  /** Starts ending the relay's session, or joins the attempt under way; resolves once it has ended. */
  end(): Promise<void> {
    if (!this.#running) {
      this.#pending = true;
      this.#stored = this.#storage.write(SESSION_KEYS.signingOut, "1");
      this.#running = this.#run().finally(() => {
        this.#running = null;
      });
    }
    return this.#running;
  }

  close(): void {
    this.#closing.abort();
    this.#wake?.abort();
    this.#channel?.close();
  }

  /** Ends a relay session that may linger (from an earlier sign-in) if it can be reached, in one try. */
  attempt(): void {
    void this.#logout().catch(() => {});
  }

  /** Every failure is retried: only the relay's answer (or another tab's) ends a sign-out. */
  #run(): Promise<void> {
    const closing = this.#closing.signal;
    return retry(
      async () => {
        if (!this.#stillPending()) return this.#ended(false);
        try {
          await this.#logout();
        } catch (e) {
          if (!this.#pending) return; // another tab finished while this attempt was out
          throw asAppError(e);
        }
        this.#ended(true);
      },
      {
        retryable: () => true,
        random: this.#random,
        onRetry: (w) => this.#listeners.emit("onRetry", asAppError(w.error), w.until),
        wait: async (ms) => {
          this.#wake = new AbortController();
          await this.#wait(ms, this.#wake.signal);
          this.#wake = null;
        },
        signal: closing,
      },
    ).catch((e: unknown) => {
      if (!closing.aborted) throw e;
    });
  }

  #stillPending(): boolean {
    return this.#pending && (!this.#stored || this.#storage.read(SESSION_KEYS.signingOut) !== null);
  }

  /** Once per sign-out: forget the flag and what is left of the session, wake the loop, tell the UI. */
  #ended(here: boolean): void {
    if (!this.#pending) return;
    this.#pending = false;
    if (here) this.#storage.remove(SESSION_KEYS.signingOut);
    // A refresh that was in flight in some tab at the click may have written it since.
    this.#storage.remove(SESSION_KEYS.newestExpiry);
    if (here) this.#channel?.post({ type: "ended" });
    this.#wake?.abort();
    this.#listeners.emit("onEnded");
  }
}
