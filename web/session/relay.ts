// Calls to the relay's own routes: the sign-in URLs, POST /auth/token, /auth/handoff and /auth/logout.
import {
  CSRF_HEADER,
  CSRF_HEADER_VALUE,
  type Access,
  type HandoffRequest,
  type HandoffStatus,
  type HandoffStatusRequest,
  type TokenRequest,
  type TokenResponse,
} from "../../worker/shared/contract.ts";
import { AppError, errorFromNetwork, errorFromResponse } from "../wrike/errors.ts";
import { safeReturnPath } from "../nav/routes.ts";

/**
 * Whether the relay's page-readable `wp_present` cookie (only "1", set and cleared with the HttpOnly session
 * cookie) says a session exists. Without it there is nothing for /auth/token to hand out. Unreadable
 * cookies count as "maybe": the relay is asked, as before.
 */
export function hasRelaySessionHint(doc: { cookie: string } | undefined = globalThis.document): boolean {
  try {
    if (!doc) return true;
    return /(?:^|;\s*)(?:__Host-)?wp_present=1(?:;|$)/.test(doc.cookie);
  } catch {
    return true;
  }
}

/** Where "Sign in with Wrike" goes: the relay redirects to Wrike's login and back to `returnTo`. */
export function loginUrl(returnTo: string, access: Access): string {
  const p = new URLSearchParams({ return_to: safeReturnPath(returnTo), access, mode: "redirect" });
  return `/auth/login?${p}`;
}

/** The embed's popup sign-in: the relay's sign-in, bound to the hand-off `nonce`, coming back to /embed. */
export function popupLoginUrl(nonce: string, access: Access = "read"): string {
  const p = new URLSearchParams({ mode: "popup", return_to: "/embed", access, handoff: nonce });
  return `/auth/login?${p}`;
}

function isTokenResponse(v: unknown): v is TokenResponse {
  const t = v as Partial<TokenResponse> | null;
  return (
    typeof t === "object" &&
    t !== null &&
    typeof t.access_token === "string" &&
    t.access_token.length > 0 &&
    typeof t.host === "string" &&
    typeof t.expires_at === "number" &&
    typeof t.scope === "string"
  );
}

async function post(path: string, fetchImpl: typeof fetch, json?: unknown): Promise<Response> {
  const headers: Record<string, string> = { [CSRF_HEADER]: CSRF_HEADER_VALUE, Accept: "application/json" };
  if (json !== undefined) headers["Content-Type"] = "application/json";
  try {
    return await fetchImpl(path, {
      method: "POST",
      credentials: "same-origin",
      headers,
      body: json === undefined ? undefined : JSON.stringify(json),
      cache: "no-store",
    });
  } catch (cause) {
    throw errorFromNetwork(cause, typeof navigator === "undefined" || navigator.onLine !== false);
  }
}

async function failure(res: Response): Promise<AppError> {
  const body: unknown = await res.json().catch(() => null);
  return errorFromResponse(res.status, body, res.headers.get("Retry-After"));
}

/**
 * The session's access token. The relay refreshes it at Wrike when it is close to expiry, or at once
 * when `staleToken` (a token Wrike just refused) is still the session's current one.
 */
export async function fetchToken(
  staleToken?: string,
  fetchImpl: typeof fetch = fetch,
): Promise<TokenResponse> {
  const request: TokenRequest | undefined = staleToken ? { stale_token: staleToken } : undefined;
  return tokenFrom(await post("/auth/token", fetchImpl, request));
}

/** The relay's answer to POST /auth/token as a token, or its error. */
async function tokenFrom(res: Response): Promise<TokenResponse> {
  if (!res.ok) throw await failure(res);
  const body: unknown = await res.json().catch(() => null);
  if (!isTokenResponse(body)) throw new AppError("unknown", "The relay sent an unreadable token answer.");
  return body;
}

/** POST /auth/token sent by the page's inline script (web/index.html), read as fetchToken() reads its own. */
export async function tokenFromSent(sent: Promise<Response>): Promise<TokenResponse> {
  let res: Response;
  try {
    res = await sent;
  } catch (cause) {
    throw errorFromNetwork(cause, typeof navigator === "undefined" || navigator.onLine !== false);
  }
  return tokenFrom(res);
}

export type Redemption =
  { status: "ready"; token: TokenResponse } | { status: "pending" } | { status: "invalid" };

/** What the frame proves it may redeem with: the popup's code, or the pairing code the person typed. */
export type HandoffProof = { code: string } | { pairing: string };

/** `pending`/`invalid` from the relay's hand-off answers; anything else is thrown as an AppError. */
function handoffOutcome(res: Response, body: unknown): { status: "pending" } | { status: "invalid" } {
  const code = (body as { error?: unknown } | null)?.error;
  if (code === "handoff_pending") return { status: "pending" };
  if (code === "handoff_invalid") return { status: "invalid" };
  throw errorFromResponse(res.status, body, res.headers.get("Retry-After"));
}

/**
 * Redeems the hand-off bound to `nonce` with a proof: the relay sets this frame's partitioned session
 * cookie and answers the first access token. `invalid`: unknown, used, expired, or a wrong code (which
 * ends the hand-off). Anything else (offline, relay errors) is thrown as an AppError.
 */
export async function redeemHandoff(
  nonce: string,
  proof: HandoffProof,
  fetchImpl: typeof fetch = fetch,
): Promise<Redemption> {
  const request: HandoffRequest = { nonce, ...proof };
  const res = await post("/auth/handoff", fetchImpl, request);
  const body: unknown = await res.json().catch(() => null);
  if (res.ok) {
    if (!isTokenResponse(body)) throw new AppError("unknown", "The relay sent an unreadable sign-in answer.");
    return { status: "ready", token: body };
  }
  return handoffOutcome(res, body);
}

/** Whether the popup's sign-in has finished (`ready`), not yet (`pending`), or is gone (`invalid`). */
export async function handoffStatus(
  nonce: string,
  fetchImpl: typeof fetch = fetch,
): Promise<"pending" | "ready" | "invalid"> {
  const request: HandoffStatusRequest = { nonce };
  const res = await post("/auth/handoff/status", fetchImpl, request);
  const body: unknown = await res.json().catch(() => null);
  if (res.ok) {
    const state = (body as Partial<HandoffStatus> | null)?.state;
    if (state === "pending" || state === "ready") return state;
    throw new AppError("unknown", "The relay sent an unreadable sign-in answer.");
  }
  return handoffOutcome(res, body).status;
}

/**
 * Ends the relay's session (it records the session as ended and clears the cookie). Resolves when the
 * relay answered 2xx, or 401 not_signed_in / session_expired (there is no session to end); anything
 * else (offline, no answer within `timeoutMs`, 429, 5xx, a refusal) is thrown, and the session may
 * still be alive.
 */
export async function logout(fetchImpl: typeof fetch = fetch, timeoutMs = 10_000): Promise<void> {
  // A relay that never answers must not leave the sign-out hanging: it counts as a network failure.
  const timed: typeof fetch = (input, init) =>
    fetchImpl(input, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  const res = await post("/auth/logout", timed);
  if (res.ok) return;
  const error = await failure(res);
  if (error.code === "not_signed_in" || error.code === "session_expired") return;
  throw error;
}
