// Seals values into cookie-safe strings with AES-256-GCM (WebCrypto); several keys open, the first seals.
//
// Format: "v1." + base64url(iv[12] || ciphertext || tag[16]). Each SESSION_SECRET entry yields its own
// AES key through HKDF-SHA-256. The purpose (e.g. "session" or "flow:<id>") is bound as additional
// authenticated data, so a value sealed for one cookie cannot be replayed as another.

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Anything longer cannot have come from us (cookies cap at ~4 KiB). */
const MAX_SEALED_LENGTH = 4096;
const HKDF_SALT = new TextEncoder().encode("wrike-pane/seal");
const HKDF_INFO = new TextEncoder().encode("wrike-pane cookie seal v1");

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

export function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * Strict: only the base64url alphabet, no padding, and canonical (the unused low bits of the last
 * character zero); undefined otherwise. Without the last rule "QR" decodes like "QQ", so a cookie with
 * a changed last character could still open: harmless under AES-GCM, but one sealed value should have
 * one spelling.
 */
export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | undefined {
  const n = text.length;
  const rest = n % 4;
  if (rest === 1) return undefined;
  if (nativeFromBase64) {
    // The runtime's decoder (workerd has it; Node 22 does not): it skips whitespace and does not check
    // the last character's unused bits, so the alphabet and those bits are checked here first.
    if (!BASE64URL.test(text)) return undefined;
    if (rest !== 0) {
      const last = DIGITS[text.charCodeAt(n - 1)] as number;
      if ((rest === 2 ? last & 15 : last & 3) !== 0) return undefined;
    }
    return nativeFromBase64(text, { alphabet: "base64url" });
  }
  // One pass with a table rather than atob and a re-encoding to compare: this runs on every
  // /auth/token, over a 2 KB cookie.
  const digit = (i: number): number => {
    const code = text.charCodeAt(i);
    return code < 128 ? (DIGITS[code] as number) : -1;
  };
  const bytes = new Uint8Array((n * 3) >> 2);
  let o = 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const a = digit(i);
    const b = digit(i + 1);
    const c = digit(i + 2);
    const d = digit(i + 3);
    if ((a | b | c | d) < 0) return undefined;
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    bytes[o++] = v >> 16;
    bytes[o++] = (v >> 8) & 255;
    bytes[o++] = v & 255;
  }
  if (rest === 0) return bytes;
  const a = digit(i);
  const b = digit(i + 1);
  const c = rest === 3 ? digit(i + 2) : 0;
  // The unused low bits of the last character must be zero (canonical).
  if ((a | b | c) < 0 || (rest === 2 ? b & 15 : c & 3) !== 0) return undefined;
  bytes[o++] = (a << 2) | (b >> 4);
  if (rest === 3) bytes[o] = ((b & 15) << 4) | (c >> 2);
  return bytes;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** `Uint8Array.fromBase64` (ES2026) where the runtime has it: a 2 KB cookie in one native call. */
const nativeFromBase64 = (
  Uint8Array as unknown as {
    fromBase64?: (text: string, options: { alphabet: "base64url" }) => Uint8Array<ArrayBuffer>;
  }
).fromBase64?.bind(Uint8Array);

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/** base64url digit values by character code; -1 for every other character. */
const DIGITS = new Int8Array(128).fill(-1);
for (let k = 0; k < ALPHABET.length; k++) DIGITS[ALPHABET.charCodeAt(k)] = k;

/**
 * The purpose as additional data, encoded once for the purpose used last (nearly always "session"):
 * WebCrypto copies it at each call, so one array can serve every call.
 */
let lastPurpose = "";
// TextEncoder's arrays are never backed by shared memory.
const encodeAad = (purpose: string) => encoder.encode(purpose) as Uint8Array<ArrayBuffer>;
let lastAad = encodeAad("");
function aadOf(purpose: string): Uint8Array<ArrayBuffer> {
  if (purpose !== lastPurpose) {
    lastAad = encodeAad(purpose);
    lastPurpose = purpose;
  }
  return lastAad;
}

// Derived keys are cached per secret: HKDF + importKey on every request would be wasted work. Once
// derived, the key itself is kept as well, so that a call need not wait for the cached promise.
const keyCache = new Map<string, Promise<CryptoKey>>();
const derived = new Map<string, CryptoKey>();

/** The derived key if it is ready (nearly always): then there is nothing to wait for. */
const keyOf = (secret: string): CryptoKey | undefined => derived.get(secret);

function deriveKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    key = (async () => {
      const material = await crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, [
        "deriveKey",
      ]);
      return crypto.subtle.deriveKey(
        { name: "HKDF", hash: "SHA-256", salt: HKDF_SALT, info: HKDF_INFO },
        material,
        { name: "AES-GCM", length: 256 },
        false,
        ["encrypt", "decrypt"],
      );
    })();
    keyCache.set(secret, key);
    key.then(
      (k) => derived.set(secret, k),
      () => {}, // the callers that wait for it see the failure
    );
  }
  return key;
}

/** Seals `value` (JSON) under the first key. */
export async function seal(keys: readonly string[], purpose: string, value: unknown): Promise<string> {
  const first = keys[0];
  if (first === undefined) throw new Error("seal: no key");
  const key = keyOf(first) ?? (await deriveKey(first));
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: "AES-GCM", iv, additionalData: aadOf(purpose) },
      key,
      encoder.encode(JSON.stringify(value)),
    ),
  );
  const out = new Uint8Array(IV_BYTES + sealed.length);
  out.set(iv);
  out.set(sealed, IV_BYTES);
  return `${VERSION}.${toBase64Url(out)}`;
}

/** Opens a sealed string with any key; undefined when it is malformed, tampered, or under no known key. */
export async function unseal(
  keys: readonly string[],
  purpose: string,
  sealed: string | undefined,
): Promise<unknown> {
  if (!sealed || sealed.length > MAX_SEALED_LENGTH) return undefined;
  const dot = sealed.indexOf(".");
  if (dot < 0 || sealed.slice(0, dot) !== VERSION) return undefined;
  const bytes = fromBase64Url(sealed.slice(dot + 1));
  if (!bytes || bytes.length < IV_BYTES + TAG_BYTES) return undefined;
  const iv = bytes.subarray(0, IV_BYTES);
  const data = bytes.subarray(IV_BYTES);
  for (const secret of keys) {
    let plain: ArrayBuffer;
    try {
      plain = await crypto.subtle.decrypt(
        { name: "AES-GCM", iv, additionalData: aadOf(purpose) },
        keyOf(secret) ?? (await deriveKey(secret)),
        data,
      );
    } catch {
      continue; // wrong key or tampered: try the next key
    }
    try {
      return JSON.parse(decoder.decode(plain)) as unknown;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
