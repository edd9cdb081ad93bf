// The token store's (./tokens.svelte.ts) inputs and outputs: what it is given, what it tells its
// subscribers, and what it says to the app's other tabs.
import type { TokenResponse } from "../../worker/shared/contract.ts";
import type { AppError } from "../wrike/errors.ts";
import type { Channel, Clock, Locks } from "../platform/platform.ts";
import type { SafeStorage } from "../platform/storage.ts";

/** `relay`: the sender is ending the relay's session (its tab held one), see ./signout.ts. */
export type TokenMessage =
  { type: "token"; token: TokenResponse } | { type: "signed-out"; reason: string | null; relay?: boolean };

/** A wait before the next try: what failed, when the next try is (epoch ms), and how long it is (ms). */
export interface TokenWait {
  error: AppError;
  until: number;
  ms: number;
}

export interface TokenEvents {
  /** Another tab signed in (or refreshed) while this one was signed out. */
  onSignedInElsewhere?: (t: TokenResponse) => void;
  /**
   * Another tab signed out. `relay`: the relay's session is being ended (the sender's or this tab's
   * session came from it), so this tab shows that sign-out's progress too.
   */
  onSignedOutElsewhere?: (reason: string | null, relay: boolean) => void;
  /** A refresh is backing off (relay or Wrike busy); null when it is over. */
  onRefreshWait?: (wait: TokenWait | null) => void;
  /** The session is gone (the relay said not_signed_in / session_expired, or Wrike refused the token). */
  onLost?: (error: AppError) => void;
}

/** What the store touches, each with the browser's own as the default. */
export interface TokensOptions {
  /** POST /auth/token (with the token Wrike just refused, if any). */
  fetchToken?: (staleToken?: string) => Promise<TokenResponse>;
  /** Serialises refreshes across tabs. */
  locks?: Locks;
  /** Shares new tokens and sign-outs with the other tabs; null for none. */
  channel?: Channel<TokenMessage> | null;
  storage?: SafeStorage;
  clock?: Clock;
  /** A sign-out is on its way to the relay: a token from another tab must not sign this one in. */
  signingOut?: () => boolean;
  /** The first token, asked for at page load before the rest of the app ran (early-token.ts), taken once. */
  earlyToken?: () => Promise<TokenResponse> | null;
}
