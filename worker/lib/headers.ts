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

/**
 * The headers for the upstream request, as a plain record (lowercase names); throws `bad_request` on a
 * value with CR/LF/NUL. A record rather than a Headers object or a list of pairs: workerd converts a
 * small record to a request's headers for a fraction of what the other two cost.
 */
export function forwardRequestRecord(incoming: Pick<Headers, "get">): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = incoming.get(name);
    if (value === null) continue;
    if (hasUnsafeHeaderChars(value)) {
      throw new RelayError("bad_request", `The ${name} header has a line break in it.`);
    }
    out[name] = value;
  }
  return out;
}

/** The same as a Headers object. */
export function forwardRequestHeaders(incoming: Headers): Headers {
  return new Headers(forwardRequestRecord(incoming));
}

/**
 * Copies the safe subset of Wrike's response headers into `out` (lowercase names), for a response made
 * in one piece; returns Wrike's Content-Type if it was passed.
 */
export function copyResponseHeaders(
  upstream: Pick<Headers, "get">,
  out: Record<string, string>,
): string | null {
  let contentType: string | null = null;
  for (const name of PASSED_RESPONSE_HEADERS) {
    const value = upstream.get(name);
    if (value !== null && !hasUnsafeHeaderChars(value)) {
      out[name] = value;
      if (name === "content-type") contentType = value;
    }
  }
  return contentType;
}

/** The safe subset of Wrike's response headers, as a Headers object. */
export function passResponseHeaders(upstream: Headers): Headers {
  const out: Record<string, string> = {};
  copyResponseHeaders(upstream, out);
  return new Headers(out);
}
