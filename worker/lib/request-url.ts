// The parts of a request's URL the relay reads on every request, without a full URL parse when it can.

export interface UrlParts {
  /** `scheme://host[:port]`, as URL.origin. */
  origin: string;
  /** As URL.pathname (still percent-encoded). */
  pathname: string;
  /** As URL.search: "" or "?…". */
  search: string;
}

/**
 * `request.url` is already a serialised URL (lowercase scheme and host, default port dropped), so for
 * http(s) without userinfo its parts are plain slices of it, and equal URL's. Anything else (another
 * scheme, `user@`, no path) takes the full parse, so the answer is always URL's.
 */
export function urlParts(url: string): UrlParts {
  const scheme = url.startsWith("https://") ? 8 : url.startsWith("http://") ? 7 : 0;
  const slash = scheme === 0 ? -1 : url.indexOf("/", scheme);
  if (slash > scheme && !url.slice(scheme, slash).includes("@")) {
    const hash = url.indexOf("#", slash);
    const end = hash < 0 ? url.length : hash;
    const query = url.indexOf("?", slash);
    const pathEnd = query < 0 || query > end ? end : query;
    const search = pathEnd < end && end - pathEnd > 1 ? url.slice(pathEnd, end) : "";
    return { origin: url.slice(0, slash), pathname: url.slice(slash, pathEnd), search };
  }
  const parsed = new URL(url);
  return { origin: parsed.origin, pathname: parsed.pathname, search: parsed.search };
}
