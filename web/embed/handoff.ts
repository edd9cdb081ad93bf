// The embed's hand-off pieces that run only in the browser: the one-time nonce and the popup's message.
// The relay calls themselves (popup sign-in URL, POST /auth/handoff) are in web/session/relay.ts.
import { HANDOFF_READY_TYPE } from "../../worker/shared/contract.ts";

/** A fresh one-time nonce: 256 random bits, base64url (the relay's HANDOFF_NONCE_PATTERN). */
export function newHandoffNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The redemption code in the popup's "ready" message, or undefined for anything else. */
export function handoffCodeOf(data: unknown): string | undefined {
  if (typeof data !== "object" || data === null) return undefined;
  const message = data as { type?: unknown; code?: unknown };
  if (message.type !== HANDOFF_READY_TYPE || typeof message.code !== "string") return undefined;
  return /^[A-Za-z0-9_-]{43}$/.test(message.code) ? message.code : undefined;
}
