// The first token of a page load with a relay session, asked for as the first thing the app's code does
// (main.ts imports this module before any other): under the refresh lock, as Tokens.initial() asks. The
// lock's grant is a task of its own; asked for later, it waited behind the first chunk's evaluation and
// the signed-in chunk's, and held the request (and the first rows) back by tens of milliseconds.
import type { TokenResponse } from "../../worker/shared/contract.ts";
import { browserLocks } from "../platform/platform.ts";
import { SESSION_KEYS, browserStorage } from "../platform/storage.ts";
import { REFRESH_LOCK } from "./refresh.ts";
import { fetchToken, hasRelaySessionHint } from "./relay.ts";

let early: Promise<TokenResponse> | null = null;

/**
 * Asks now when Session.start() would ask the relay at all: the relay's session hint is there, no
 * sign-out is waiting to reach the relay, and this tab remembers no permanent token.
 */
function askEarly(): void {
  if (typeof document === "undefined" || !hasRelaySessionHint()) return;
  if (browserStorage.read(SESSION_KEYS.signingOut) !== null) return;
  if (browserStorage.read(SESSION_KEYS.permanent) !== null) return;
  early = browserLocks.request(REFRESH_LOCK, () => fetchToken());
  // Whoever takes it hears its failure; a page that never does must not report it as unhandled.
  early.catch(() => {});
}

/** The answer asked for at load, once (Tokens.initial() takes it instead of asking again); else null. */
export function takeEarlyToken(): Promise<TokenResponse> | null {
  const e = early;
  early = null;
  return e;
}

askEarly();
