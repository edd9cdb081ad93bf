// Builds the upstream Wrike URL for a proxied call: an allow-listed host and a path that stays under /api/v4/.
import { apiOrigin, type RelayConfig } from "./config.ts";
import { RelayError } from "./errors.ts";

export const API_PREFIX = "/api/v4/";

/** Raw path characters we pass on: RFC 3986 unreserved, sub-delims and ":" (no "@", "\", "%" alone). */
const PATH_CHARS = /^[A-Za-z0-9\-._~!$&'()*+,;=:/%]*$/;
/** Percent-escapes that would change the path's meaning once decoded upstream. */
const FORBIDDEN_ESCAPES = new Set([
  "2f", // "/"
  "5c", // "\"
  "2e", // "."
  "25", // "%" (double encoding)
  "40", // "@"
  "3f", // "?"
  "23", // "#"
]);

/**
 * Checks the X-Wrike-Host value: exactly one of the configured hosts, byte for byte (so no mixed case,
 * trailing dot, userinfo, other port or IP spelling can slip through by normalisation).
 */
export function allowedHost(config: RelayConfig, host: string | undefined): string {
  // The contract's default data centre (the first allow-listed host, www.wrike.com out of the box)
  // serves callers that send no X-Wrike-Host; a header that is present must name a listed host.
  if (host === undefined) return config.defaultHost;
  if (host === "") throw new RelayError("host_not_allowed", "The X-Wrike-Host header is empty.");
  if (!config.apiHosts.includes(host)) throw new RelayError("host_not_allowed");
  return host;
}

/** Validates the request path (as the relay received it, still percent-encoded). */
export function checkApiPath(pathname: string): void {
  const refuse = (why: string): never => {
    throw new RelayError("path_not_allowed", `That API path is not allowed: ${why}.`);
  };
  if (!pathname.startsWith(API_PREFIX)) refuse("it must start with /api/v4/");
  if (!PATH_CHARS.test(pathname)) refuse("it has characters a Wrike path never has");
  if (pathname.includes("%")) checkEscapes(pathname, refuse);
  const rest = pathname.slice(API_PREFIX.length);
  if (rest === "") refuse("it names no API method");
  for (const segment of rest.split("/")) {
    if (segment === "" || segment === "." || segment === "..") {
      refuse("it has an empty, '.' or '..' segment");
    }
  }
}

/** The path's percent-escapes: well-formed, and none that would change its meaning once decoded. */
function checkEscapes(pathname: string, refuse: (why: string) => never): void {
  for (const match of pathname.matchAll(/%(.{0,2})/g)) {
    const hex = (match[1] ?? "").toLowerCase();
    if (!/^[0-9a-f]{2}$/.test(hex)) refuse("it has a malformed percent-escape");
    if (FORBIDDEN_ESCAPES.has(hex) || parseInt(hex, 16) < 0x20 || hex === "7f") {
      refuse("it has an encoded slash, dot, backslash, control or other special character");
    }
  }
}

/**
 * The URL to fetch, `<scheme>://<host><path><query>` as the URL parser serialises it, and its host. The
 * serialisation must start with exactly the origin and path that were checked, followed by nothing or a
 * query, as a last guard against any parser disagreement: the allow-listed host has no "@" or "/", so the
 * authority is that host (same port, no credentials) and the path is the checked one. The query may come
 * back percent-encoded where the parser encodes more than the runtime's request URL did. One read of
 * `href` rather than one per part: each is a call into the runtime's URL parser.
 */
export function upstreamTarget(
  config: RelayConfig,
  host: string | undefined,
  pathname: string,
  search: string,
): { href: string; host: string } {
  const okHost = allowedHost(config, host);
  checkApiPath(pathname);
  if (search !== "" && !search.startsWith("?")) throw new RelayError("bad_request");
  const base = `${apiOrigin(config, okHost)}${pathname}`;
  const href = new URL(`${base}${search}`).href;
  if (!href.startsWith(base) || (href.length > base.length && href[base.length] !== "?")) {
    throw new RelayError("path_not_allowed");
  }
  return { href, host: okHost };
}

/** The same as a URL. */
export function buildUpstreamUrl(
  config: RelayConfig,
  host: string | undefined,
  pathname: string,
  search: string,
): URL {
  return new URL(upstreamTarget(config, host, pathname, search).href);
}
