// Which headers cross the proxy in each direction: explicit allow-lists, never Cookie, never CR/LF.
import { RelayError } from "./errors.ts";

/** Request headers the app may send on to Wrike. Everything else (Cookie first of all) stays here. */
export const FORWARDED_REQUEST_HEADERS = [
  "authorization",
  "content-type",
  "accept",
  "accept-language",
  "if-none-match",
  "if-modified-since",
] as const;

/** Response headers that come back from Wrike. No Set-Cookie, no Location, no framing headers. */
export const PASSED_RESPONSE_HEADERS = [
  "content-type",
  "content-language",
  "cache-control",
  "expires",
  "etag",
  "last-modified",
  "retry-after",
] as const;

/** CR, LF or NUL in a value could split a header on some hop; a legitimate value never has them. */
export function hasUnsafeHeaderChars(value: string): boolean {
  return /[\r\n\0]/.test(value);
}

/** The headers for the upstream request; throws `bad_request` on a value with CR/LF/NUL. */
export function forwardRequestHeaders(incoming: Headers): Headers {
  const out = new Headers();
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = incoming.get(name);
    if (value === null) continue;
    if (hasUnsafeHeaderChars(value)) {
      throw new RelayError("bad_request", `The ${name} header has a line break in it.`);
    }
    out.set(name, value);
  }
  return out;
}

/** The safe subset of Wrike's response headers. */
export function passResponseHeaders(upstream: Headers): Headers {
  const out = new Headers();
  for (const name of PASSED_RESPONSE_HEADERS) {
    const value = upstream.get(name);
    if (value !== null && !hasUnsafeHeaderChars(value)) out.set(name, value);
  }
  return out;
}
