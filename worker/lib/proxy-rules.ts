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
  // Most queries name neither parameter in any spelling: without an escape ("%") or "+", a name can
  // only be refused if its letters appear as they are, so a plain substring test rules it out.
  const plain = !/[%+]/.test(search);
  const lower = search.toLowerCase();
  if (plain && !lower.includes("access_token") && !lower.includes("method")) return;
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
export function requireAuthorization(authorization: string | null | undefined): void {
  if (!authorization) {
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
 * The headers that keep Wrike's content from rendering as the relay's own origin: a sandboxing CSP,
 * CORP, nosniff (the same on every proxied answer, lowercase names) ...
 */
export const PROXIED_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": PROXIED_CSP,
  "cross-origin-resource-policy": "same-origin",
  "x-content-type-options": "nosniff",
};

/**
 * ... and `Content-Disposition: attachment` for anything but JSON (an attachment download stays a
 * download; the file name is Wrike's concern, not ours to echo). `contentType` is Wrike's, passed on.
 */
export function attachmentUnlessJson(headers: Record<string, string>, contentType: string | null): void {
  if (!isJson(contentType)) headers["content-disposition"] = "attachment";
}
