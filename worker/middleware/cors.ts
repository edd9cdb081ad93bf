// CORS for the relay's API routes: only ALLOWED_ORIGINS, with credentials, preflights cached.
import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import type { AppEnv } from "../env.ts";
import { CSRF_HEADER, WRIKE_HOST_HEADER } from "../shared/contract.ts";
import { isFinished } from "./security-headers.ts";

/** How long a browser may cache a preflight answer (seconds). */
export const PREFLIGHT_MAX_AGE = 600;

const allowed = cors({
  // Reached only for an allowed origin (checked below), so echoing it is safe.
  origin: (origin) => origin,
  credentials: true,
  allowMethods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
  allowHeaders: [
    "Authorization",
    "Content-Type",
    "Accept",
    "Accept-Language",
    "If-None-Match",
    "If-Modified-Since",
    WRIKE_HOST_HEADER,
    CSRF_HEADER,
  ],
  // X-Request-Id: so an app on another origin can show it in an error report (middleware/log.ts).
  exposeHeaders: ["Retry-After", "ETag", "X-Request-Id"],
  maxAge: PREFLIGHT_MAX_AGE,
});

/**
 * hono/cors for allowed origins. For any other origin no CORS header at all (not even
 * Allow-Credentials), and a preflight gets a bare 204 that the browser will refuse.
 */
export const relayCors = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const origin = c.req.header("origin");
  if (origin && c.get("config").allowedOrigins.includes(origin)) return allowed(c, next);
  if (c.req.method === "OPTIONS") {
    return c.body(null, 204, { Vary: "Origin" });
  }
  c.set("varyOrigin", true);
  await next();
  // An answer made in one piece (finishedData) has it already.
  if (isFinished(c.res)) return;
  // On the answer itself: c.header() would copy a finished response first (hono re-creates it).
  c.res.headers.append("Vary", "Origin");
};
