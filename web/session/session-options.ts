// What a Session is built from and reports to (its options, its reporter), the profile it keeps between
// visits, and the token source that checks a pasted permanent token.
import type { WrikeApi } from "../wrike/api.ts";
import type { TokenSource } from "../wrike/api-options.ts";
import { AppError } from "../wrike/errors.ts";
import type { Kept } from "../platform/kept.ts";
import type { Place } from "./session-reasons.ts";
import type { RelaySignOut } from "./signout.ts";
import type { Tokens, TokenWait } from "./tokens.svelte.ts";
import type { Account, Contact } from "../wrike/types.ts";

/** The profile as kept between visits (web/platform/kept.ts). */
export interface KeptProfile {
  me: Contact;
  account: Account;
}

export type SessionState = "starting" | "signed-out" | "signed-in";

/** What a Session tells its subscribers (onReset, onChange, onEntering). */
export interface SessionEvents {
  reset?(): void;
  change?(state: "signed-in" | "signed-out"): void;
  entering?(userId: string): void;
}

/** Where the session tells the person what is going on: the app's status bar, or the pane's notice. */
export interface SessionReporter {
  /** Start-up or a token refresh waits to retry (the relay or Wrike is busy or away); null once over. */
  wait(key: "start" | "refresh", wait: TokenWait | null): void;
  /** Signed out: what was reported about the old session no longer applies. */
  clear(): void;
}

export interface SessionOptions {
  tokens: Tokens;
  /** The session's Wrike client (fed by `tokens`). */
  api: WrikeApi;
  signOut: RelaySignOut;
  reporter: SessionReporter;
  /** Where else a sign-out can come from, for the reasons' wording. */
  place?: Place;
  /** The client that checks a permanent token before it is taken (it should fail fast). */
  checker?: (source: TokenSource) => WrikeApi;
  /** The browser's language: the locale when Wrike's profile has none. */
  language?: string;
  /** Whether the relay's "a session exists" cookie is there (default: document.cookie). */
  relayHint?: () => boolean;
  /** What this browser keeps between visits (the app's; never the embed's third-party frame). */
  kept?: Kept;
  /**
   * Signed in as soon as the relay names the user (TokenResponse.user_id), the profile still loading: the
   * app's frame renders while Wrike answers, and its views start their queries (the app; the embed's pane
   * reloads on the change and waits for the profile).
   */
  frameFirst?: boolean;
  /** Resolves once the next frame is on screen (default: platform/paint.ts). */
  afterPaint?: () => Promise<void>;
}

export function fixedToken(token: string, host: string): TokenSource {
  return {
    current: async () => ({ token, host }),
    renew: async () => {
      throw new AppError("unauthorized", "Wrike did not accept the token.");
    },
    invalid: () => {},
  };
}
