// Random ids for every request, from one CSPRNG call per 4 KiB: each caller takes a fresh slice, none is reused.

const POOL_BYTES = 4096;
let pool = new Uint8Array(0);
let used = 0;

/**
 * `n` bytes from crypto.getRandomValues, drawn in batches: in workerd one call costs several µs whatever
 * its size, and every request needs an id. Each byte is handed out once; the view is read at once.
 */
export function randomBytes(n: number): Uint8Array {
  if (n > POOL_BYTES) return crypto.getRandomValues(new Uint8Array(n));
  if (used + n > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(POOL_BYTES));
    used = 0;
  }
  const out = pool.subarray(used, used + n);
  used += n;
  return out;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** `bytes` random bytes as lowercase hex. */
export function randomHex(bytes: number): string {
  let out = "";
  for (const b of randomBytes(bytes)) out += HEX[b];
  return out;
}

/** `bytes` random bytes as standard base64 with padding (a CSP nonce's usual spelling). */
export function randomBase64(bytes: number): string {
  return btoa(String.fromCharCode(...randomBytes(bytes)));
}
