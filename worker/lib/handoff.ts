// The embed sign-in hand-off's pure parts: the nonce's shape, its storage key, the sealing purpose, lifetimes.
import { HANDOFF_NONCE_PATTERN } from "./contract.ts";
import { toBase64Url } from "./seal.ts";

/** A bound hand-off waits this long for the frame to redeem it (seconds). */
export const HANDOFF_TTL_SECONDS = 120;

export function isHandoffNonce(value: unknown): value is string {
  return typeof value === "string" && HANDOFF_NONCE_PATTERN.test(value);
}

/**
 * The key a nonce is stored under: base64url SHA-256. Only the frame (and the popup's URL) ever hold the
 * nonce itself; the relay's flow cookie and the Durable Object see only this hash.
 */
export async function handoffKey(nonce: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(`wrike-pane/handoff:${nonce}`),
  );
  return toBase64Url(new Uint8Array(digest));
}

/** Sealing purpose of a stored hand-off: bound to its key, and never a valid session cookie as it is. */
export const handoffPurpose = (key: string): string => `handoff:${key}`;
