// The request's URL parts, read from the runtime once per request and kept on the context for every reader.
import type { Context } from "hono";
import type { AppEnv } from "../env.ts";
import { urlParts, type UrlParts } from "../lib/request-url.ts";

/**
 * `request.url` is a call into workerd that copies the URL into a fresh string each time; the security
 * headers, the origin guard, the cookies and the proxy all read it, so the first one parses it for all.
 */
export function requestUrl(c: Context<AppEnv>): UrlParts {
  let parts = c.get("url");
  if (parts === undefined) {
    parts = urlParts(c.req.raw.url);
    c.set("url", parts);
  }
  return parts;
}
