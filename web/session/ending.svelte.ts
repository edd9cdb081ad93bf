// How this session's sign-out is getting on: none, under way until the relay has ended the session, or
// failed and retrying; and the line the sign-in screen shows meanwhile (./signout.ts does the ending).
import type { AppError } from "../wrike/errors.ts";
import { SIGNING_OUT, notEndedMessage, type RelaySignOut } from "./signout.ts";

export class SignOutProgress {
  /** A sign-out the relay has not confirmed yet, with its last failure. */
  #ending = $state.raw<{ error: AppError | null } | null>(null);
  readonly #signOut: RelaySignOut;
  readonly #off: () => void;

  constructor(signOut: RelaySignOut) {
    this.#signOut = signOut;
    this.#off = signOut.listen({
      onRetry: (error) => (this.#ending = { error }),
      onEnded: () => (this.#ending = null),
    });
  }

  /** The relay has not yet ended the session of a sign-out. */
  get active(): boolean {
    return this.#ending !== null;
  }

  /** What the sign-in screen says while a sign-out is under way, else null. */
  get message(): string | null {
    if (!this.#ending) return null;
    return this.#ending.error ? notEndedMessage(this.#ending.error) : SIGNING_OUT;
  }

  /** A sign-out from an earlier load or another tab has not reached the relay yet. */
  get pending(): boolean {
    return this.#signOut.pending;
  }

  /** Ends the relay's session (or joins the attempt under way). */
  async end(): Promise<void> {
    this.#ending ??= { error: null };
    await this.#signOut.end();
  }

  /** Ends a relay session that may linger in this browser, if it can be reached (no progress shown). */
  attempt(): void {
    this.#signOut.attempt();
  }

  /** Stops hearing the sign-out. */
  close(): void {
    this.#off();
  }
}
