// Validates `return_to`: only a path on the relay's own origin, so sign-in cannot become an open redirect.

const MAX_LENGTH = 2048;
/**
 * The stored path's cap in bytes: it is sealed into the flow cookie, and many long ones would push the
 * browser's Cookie header past the platform's limits (every request then fails with 431).
 */
export const MAX_RETURN_TO_BYTES = 512;
/** The relay's own routes: a sign-in must never land on an API answer or restart a sign-in. */
const RELAY_ROUTES = /^\/(?:api|auth)(?:[/;]|$)/i;
const BASE = "https://relay.invalid";

/** Control characters, backslashes and whitespace have no place in a path we redirect to. */
const FORBIDDEN = /[\u0000-\u0020\u007f-\u009f\\]/;

/**
 * Returns the normalised same-origin path (path + query + fragment), or undefined when `raw` could
 * lead anywhere else. Missing means "/". Checks the raw path and every percent-decoding of it, because
 * browsers and servers downstream may decode again (`%2F%2Fevil`, `/%5Cevil`).
 */
export function validateReturnTo(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === "") return "/";
  if (raw.length > MAX_LENGTH) return undefined;
  if (FORBIDDEN.test(raw)) return undefined;
  // Only the path decides where a redirect lands; the query and fragment may hold any encoded text.
  let layer = raw.split(/[?#]/, 1)[0] ?? "";
  for (let depth = 0; ; depth++) {
    if (FORBIDDEN.test(layer)) return undefined;
    if (!layer.startsWith("/") || layer.startsWith("//")) return undefined;
    let decoded: string;
    try {
      decoded = decodeURIComponent(layer);
    } catch {
      return undefined; // malformed percent-encoding
    }
    if (decoded === layer) break;
    if (depth === 3) return undefined; // encoded four times over: nobody needs that
    layer = decoded;
  }
  const url = new URL(raw, BASE);
  if (url.origin !== BASE) return undefined;
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (!path.startsWith("/") || path.startsWith("//")) return undefined;
  if (RELAY_ROUTES.test(layer) || RELAY_ROUTES.test(url.pathname)) return undefined;
  if (new TextEncoder().encode(path).length > MAX_RETURN_TO_BYTES) return undefined;
  return path;
}
