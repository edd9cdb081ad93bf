// CSRF guard for the cookie-bearing POSTs (/auth/token, /auth/logout): a known Origin and a non-simple request.
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env.ts";
import { CSRF_HEADER } from "../shared/contract.ts";
import { RelayError } from "../lib/errors.ts";
import { requestUrl } from "./request-url.ts";

/**
 * Hand-written rather than hono/csrf: that one lets requests without Origin and non-form content types
 * through, while these routes require an allowed Origin and a request a plain HTML form cannot send.
 */
export const requireAppOrigin = (): MiddlewareHandler<AppEnv> => originGuard(true);

/** The same, but only the relay's own origin (the embedded frame's hand-off): ALLOWED_ORIGINS do not count. */
export const requireOwnOrigin = (): MiddlewareHandler<AppEnv> => originGuard(false);

const originGuard =
  (allowListed: boolean): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const headers = c.req.raw.headers;
    const origin = headers.get("origin");
    const own = requestUrl(c).origin;
    const listed = allowListed && origin !== null && c.get("config").allowedOrigins.includes(origin);
    if (!origin || (origin !== own && !listed)) throw new RelayError("bad_origin");
    const mediaType = (headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
    // Any X-Requested-With value will do: a custom header is what forces a CORS preflight, and the
    // preflight only succeeds for allowed origins. The app sends "wrike-pane".
    if (mediaType !== "application/json" && !headers.get(CSRF_HEADER)) {
      throw new RelayError("csrf_rejected");
    }
    await next();
  };
