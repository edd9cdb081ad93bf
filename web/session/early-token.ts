// The first token of a page load with a relay session: the one the page's inline script asked for while the
// page was parsing (web/index.html), else asked for as the first thing the app's code does (main.ts imports
// this module before any other). Not under the refresh lock that Tokens takes: the lock's
// grant is a task of its own that waited behind the chunks' evaluation and held the request (and the
// first rows) back by tens of milliseconds. Tabs opened together may so ask at once; the relay's refresh
// single-flight (worker/objects/refresh-flight.ts) gives every caller with the same refresh token the same
// successor for a minute, so no tab loses its session to another's rotation.
import type { TokenResponse } from "../../worker/shared/contract.ts";
import { SESSION_KEYS, browserStorage } from "../platform/storage.ts";
import { fetchToken, hasRelaySessionHint, tokenFromSent } from "./relay.ts";

/** What web/index.html's inline script leaves on the window: its POST /auth/token, once sent. */
const SENT_KEY = "wrikePaneEarlyToken";

let early: Promise<TokenResponse> | null = null;

/**
 * Asks now when Session.start() would ask the relay at all: the relay's session hint is there, no
 * sign-out is waiting to reach the relay, and this tab remembers no permanent token.
 */
function askEarly(): void {
  if (typeof document === "undefined") return;
  const w = window as unknown as Record<string, unknown>;
  const sent = w[SENT_KEY];
  delete w[SENT_KEY];
  if (sent instanceof Promise) {
    early = tokenFromSent(sent as Promise<Response>);
    early.catch(() => {});
    return;
  }
  if (!hasRelaySessionHint()) return;
  if (browserStorage.read(SESSION_KEYS.signingOut) !== null) return;
  if (browserStorage.read(SESSION_KEYS.permanent) !== null) return;
  early = fetchToken();
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
