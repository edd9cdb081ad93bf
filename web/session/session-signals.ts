// What a Session tells its subscribers (views, stores, the embed's pane): a reset, each change of state, and
// the start of a sign-in whose user is already known.
import { Listeners } from "../platform/listeners.ts";
import type { SessionEvents } from "./session-options.ts";

export class SessionSignals {
  protected readonly events = new Listeners<SessionEvents>();

  /** Runs `fn` on every sign-out (views' data must not outlive the session); returns the unsubscribe. */
  onReset(fn: () => void): () => void {
    return this.events.add({ reset: fn });
  }

  /** Hears every entry into signed-in and every exit from it; returns the unsubscribe. */
  onChange(fn: (state: "signed-in" | "signed-out") => void): () => void {
    return this.events.add({ change: fn });
  }

  /**
   * Runs `fn` when a sign-in begins loading the profile and the user's id is already known (a permanent
   * token's check, the relay's user_id, or a return visit's kept profile): views may start their queries.
   */
  onEntering(fn: (userId: string) => void): () => void {
    return this.events.add({ entering: fn });
  }
}
