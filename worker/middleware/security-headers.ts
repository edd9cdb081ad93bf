// Security headers on every response (hono/secure-headers): a page policy for HTML, a sandbox for data.
import type { Context, MiddlewareHandler } from "hono";
import { NONCE, secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "../env.ts";
import { configFor, imageOrigins, type RelayConfig } from "../lib/config.ts";

/**
 * The one path an embedder may frame (EMBED_ORIGINS): the embed view (`embed.html`, which Workers Static
 * Assets serve for `/embed`). Exact, so that no other page (e.g. the app through the single-page
 * fallback at `/embed/anything`) can be framed; everything else refuses any frame.
 */
export function isEmbedPath(pathname: string): boolean {
  return pathname === "/embed";
}

/** The relay's pages: its two sign-in navigations and everything the static app serves. */
export function isPagePath(pathname: string): boolean {
  if (pathname === "/auth/login" || pathname === "/auth/callback") return true;
  return !/^\/(?:api|auth)(?:\/|$)/.test(pathname) && pathname !== "/healthz";
}

/**
 * Outside local mode every http request is sent to https (308 keeps the method), before anything reads
 * a cookie: the relay's cookies are always `Secure` and `__Host-` there, so plain http would only leak.
 * Reads the raw variable, not the parsed config, so that it also holds while the relay is misconfigured.
 */
export const httpsOnly = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const url = new URL(c.req.url);
  if (url.protocol === "http:" && c.env.WRIKE_LOCAL !== "1") {
    url.protocol = "https:";
    return c.redirect(url.toString(), 308);
  }
  await next();
};

/**
 * Vite's dev server serves the app's modules from anywhere under the root (/main.ts, /@vite/client), so
 * `vite dev` alone widens script-src to 'self'. Built code (production, staging, the e2e build) and the
 * relay tests (mode "test") get the path-restricted policy.
 */
const devServer = import.meta.env?.MODE === "development";

/** The configuration, or undefined while the relay is misconfigured (pages then get the strictest policy). */
function configOf(c: Context): RelayConfig | undefined {
  try {
    return configFor((c as Context<AppEnv>).env);
  } catch {
    return undefined;
  }
}

/**
 * Off on purpose in both: Cross-Origin-Opener-Policy (the sign-in popup must keep `window.opener`) and
 * Cross-Origin-Resource-Policy (embedders load /embed.js cross-origin; the proxy sets CORP itself).
 */
const common = {
  crossOriginOpenerPolicy: false,
  crossOriginResourcePolicy: false,
  xFrameOptions: "DENY",
  referrerPolicy: "no-referrer",
  xContentTypeOptions: "nosniff",
} as const;

/**
 * The app's pages and the relay's own: scripts only from the built assets (a path-restricted source, so
 * no same-origin answer outside /assets/, an API response above all, can ever run as a script) plus the
 * response's nonce (hono's NONCE: the popup pages read it as `secureHeadersNonce`); images only from
 * Wrike's data-centre hosts; framing only of /embed, only by EMBED_ORIGINS.
 */
const pagePolicy = secureHeaders({
  ...common,
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: [(c) => (devServer ? "'self'" : `${new URL(c.req.url).origin}/assets/`), NONCE],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: [
      "'self'",
      (c) => ["data:", ...imageOrigins(configOf(c) ?? { local: false, apiHosts: [] })].join(" "),
    ],
    connectSrc: ["'self'"],
    frameAncestors: [
      (c) => {
        const origins = isEmbedPath(new URL(c.req.url).pathname) ? (configOf(c)?.embedOrigins ?? []) : [];
        return origins.length > 0 ? origins.join(" ") : "'none'";
      },
    ],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    objectSrc: ["'none'"],
  },
});

/**
 * Everything else (JSON, redirects, proxied answers): nothing in it may load, run or be framed. A policy
 * the proxy set itself on Wrike's answer is kept (`overwrite: false`).
 */
const dataPolicy = secureHeaders({
  ...common,
  overwrite: false,
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], sandbox: [] },
});

export const securityHeaders = (): MiddlewareHandler<AppEnv> => (c, next) =>
  (isPagePath(new URL(c.req.url).pathname) ? pagePolicy : dataPolicy)(c, next);

/** X-Frame-Options cannot list origins; on /embed the CSP's frame-ancestors alone decides. */
export const embedFraming = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  await next();
  if (isEmbedPath(new URL(c.req.url).pathname)) c.res.headers.delete("X-Frame-Options");
};
