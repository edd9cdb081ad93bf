// The embed's calls to the relay that web/lib/relay.ts lacks: the popup sign-in link with a hand-off
// nonce, and POST /auth/handoff. (An adapter here rather than an edit there: that module is the app's.)
import {
  CSRF_HEADER,
  CSRF_HEADER_VALUE,
  HANDOFF_READY_MESSAGE,
  type Access,
  type HandoffRequest,
  type TokenResponse,
} from "../../worker/lib/contract.ts";
import { AppError, errorFromNetwork, errorFromResponse } from "../lib/errors.ts";

/** A fresh one-time nonce: 256 random bits, base64url (the relay's HANDOFF_NONCE_PATTERN). */
export function newHandoffNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The popup's first page: the relay's sign-in, bound to `nonce`, coming back to /embed. */
export function popupLoginUrl(nonce: string, access: Access = "read"): string {
  const p = new URLSearchParams({ mode: "popup", return_to: "/embed", access, handoff: nonce });
  return `/auth/login?${p}`;
}

/** The popup's "you can redeem now" signal (its only content; the frame checks origin and source). */
export function isHandoffReady(data: unknown): boolean {
  return (
    typeof data === "object" &&
    data !== null &&
    (data as { type?: unknown }).type === HANDOFF_READY_MESSAGE.type
  );
}

export type Redemption =
  { status: "ready"; token: TokenResponse } | { status: "pending" } | { status: "invalid" };

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

/**
 * Redeems the hand-off bound to `nonce`: the relay sets this frame's partitioned session cookie and
 * answers the first access token. `pending`: the popup has not finished; `invalid`: unknown, used or
 * expired. Anything else (offline, relay errors) is thrown as an AppError.
 */
export async function redeemHandoff(nonce: string, fetchImpl: typeof fetch = fetch): Promise<Redemption> {
  const body: HandoffRequest = { nonce };
  let res: Response;
  try {
    res = await fetchImpl("/auth/handoff", {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        [CSRF_HEADER]: CSRF_HEADER_VALUE,
      },
      body: JSON.stringify(body),
      cache: "no-store",
    });
  } catch (cause) {
    throw errorFromNetwork(cause, typeof navigator === "undefined" || navigator.onLine);
  }
  const json: unknown = await res.json().catch(() => null);
  if (res.ok) {
    if (!isTokenResponse(json)) throw new AppError("unknown", "The relay sent an unreadable sign-in answer.");
    return { status: "ready", token: json };
  }
  const code = (json as { error?: unknown } | null)?.error;
  if (code === "handoff_pending") return { status: "pending" };
  if (code === "handoff_invalid") return { status: "invalid" };
  throw errorFromResponse(res.status, json, res.headers.get("Retry-After"));
}
