// The embed's hand-off pieces that run only in the browser: the one-time nonce and the popup's
// "ready" signal. The relay calls themselves (popup sign-in URL, POST /auth/handoff) are in web/lib/relay.ts.
import { HANDOFF_READY_MESSAGE } from "../../worker/lib/contract.ts";

/** A fresh one-time nonce: 256 random bits, base64url (the relay's HANDOFF_NONCE_PATTERN). */
export function newHandoffNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The popup's "you can redeem now" signal (its only content; the frame checks origin and source). */
export function isHandoffReady(data: unknown): boolean {
  return (
    typeof data === "object" &&
    data !== null &&
    (data as { type?: unknown }).type === HANDOFF_READY_MESSAGE.type
  );
}
