// The embed sign-in hand-off's pure parts: nonce, redemption and pairing codes, their hashes, lifetimes.
import { HANDOFF_NONCE_PATTERN } from "../shared/contract.ts";
import { toBase64Url } from "./seal.ts";
import { randomId } from "./state.ts";

/**
 * A filled hand-off waits this long for the frame to redeem it (seconds): long enough for a person to
 * read the pairing code off the sign-in window and type it into the pane.
 */
export const HANDOFF_TTL_SECONDS = 300;

/** The one-time redemption code the popup posts to its opener: 256 random bits, base64url. */
export const REDEMPTION_CODE_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * The pairing code's alphabet (Crockford's base32: no I, L, O or U, so it reads aloud and types without
 * confusion) and length: 8 characters, 40 bits. One wrong try destroys the hand-off, so a guess has a
 * 1 in 2^40 chance, once.
 */
const PAIRING_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const PAIRING_LENGTH = 8;

export function isHandoffNonce(value: unknown): value is string {
  return typeof value === "string" && HANDOFF_NONCE_PATTERN.test(value);
}

export const newRedemptionCode = (): string => randomId(32);

/** A fresh pairing code, shown as `XXXX-XXXX`. */
export function newPairingCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(PAIRING_LENGTH));
  let code = "";
  for (const byte of bytes) code += PAIRING_ALPHABET[byte % 32];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/**
 * What a person typed, as the code it means: case, spaces and dashes do not matter, and the letters
 * people confuse with digits (O, I, L) count as those digits. Undefined when it cannot be a code.
 */
export function normalisePairingCode(typed: unknown): string | undefined {
  if (typeof typed !== "string" || typed.length > 32) return undefined;
  const code = typed.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  if (code.length !== PAIRING_LENGTH) return undefined;
  for (const ch of code) if (!PAIRING_ALPHABET.includes(ch)) return undefined;
  return code;
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return toBase64Url(new Uint8Array(digest));
}

/**
 * The key a nonce is stored under. Only the frame (and the popup's URL) ever hold the nonce itself; the
 * relay's flow cookie and the Durable Object see only this hash.
 */
export const handoffKey = (nonce: string): Promise<string> => sha256(`wrike-pane/handoff:${nonce}`);

/** What the box keeps of a redemption code or a (normalised) pairing code: only a hash of each. */
export const redemptionHash = (code: string): Promise<string> => sha256(`wrike-pane/redeem:${code}`);
export const pairingHash = (code: string): Promise<string> => sha256(`wrike-pane/pair:${code}`);

/** Sealing purpose of a stored hand-off: bound to its key, and never a valid session cookie as it is. */
export const handoffPurpose = (key: string): string => `handoff:${key}`;
