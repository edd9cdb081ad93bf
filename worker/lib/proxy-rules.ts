// Which requests the API proxy answers (only the app's own fetch calls) and the headers it puts on Wrike's answers.
import { RelayError } from "./errors.ts";

/**
 * Query parameters the proxy refuses: `access_token` would let a link carry someone else's token (Wrike
 * accepts it in the query), and `method` is Wrike's method override, which would turn a GET into a write
 * behind the proxy's method allow-list. Compared case-insensitively, as a server might.
 */
const REFUSED_PARAMS = new Set(["access_token", "method"]);

/**
 * Refuses what is not one of the app's own `fetch` calls: a navigation, `<script src>`, `<img>` or any other
 * destination (`Sec-Fetch-Dest` present and not `empty`; a missing header is allowed for non-browser
 * clients) and the refused query parameters.
 */
export function checkProxyRequest(headers: Headers, search: string): void {
  const dest = headers.get("sec-fetch-dest");
  if (dest !== null && dest !== "empty") {
    throw new RelayError(
      "bad_request",
      "The API proxy answers only the app's own fetch calls, not page loads, scripts or images.",
    );
  }
  for (const name of new URLSearchParams(search).keys()) {
    if (REFUSED_PARAMS.has(name.toLowerCase())) {
      throw new RelayError(
        "bad_request",
        `The query parameter "${name.toLowerCase()}" is not passed: send the token in Authorization and use the HTTP method itself.`,
      );
    }
  }
}

/**
 * Every proxied call carries the user's token in `Authorization`: a request without one is not the app's
 * (a link or a tag, perhaps with a token smuggled elsewhere) and never reaches Wrike.
 */
export function requireAuthorization(headers: Headers): void {
  if (!headers.get("authorization")) {
    throw new RelayError(
      "not_signed_in",
      "The API proxy needs an Authorization header with a Wrike access token.",
    );
  }
}

/** The policy of every proxied answer: nothing in it may load, run or be framed, even if a browser renders it. */
export const PROXIED_CSP = "default-src 'none'; sandbox";

const isJson = (type: string | null): boolean =>
  type !== null && /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type.trim());

/**
 * Adds the headers that keep Wrike's content from rendering as the relay's own origin: a sandboxing CSP,
 * CORP, nosniff, and `Content-Disposition: attachment` for anything but JSON (an attachment download stays
 * a download; the file name is Wrike's concern, not ours to echo).
 */
export function lockDownProxied(headers: Headers): Headers {
  headers.set("Content-Security-Policy", PROXIED_CSP);
  headers.set("Cross-Origin-Resource-Policy", "same-origin");
  headers.set("X-Content-Type-Options", "nosniff");
  if (!isJson(headers.get("content-type"))) headers.set("Content-Disposition", "attachment");
  return headers;
}
