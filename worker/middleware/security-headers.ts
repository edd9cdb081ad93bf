// Security headers on every response: hono/secure-headers' static ones, https only, and a CSP on everything.
import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "../env.ts";
import { configFor, imageOrigins } from "../lib/config.ts";
import { contentSecurityPolicy, NON_HTML_CSP } from "../lib/csp.ts";

/**
 * The one path an embedder may frame (EMBED_ORIGINS): the embed view (`embed.html`, which Workers Static
 * Assets serve for `/embed`). Exact, so that no other page (e.g. the app through the single-page
 * fallback at `/embed/anything`) can be framed; everything else refuses any frame.
 */
export function isEmbedPath(pathname: string): boolean {
  return pathname === "/embed";
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
 * Static headers from hono/secure-headers. Off on purpose: Cross-Origin-Opener-Policy (the sign-in popup
 * must keep `window.opener`) and Cross-Origin-Resource-Policy (embedders load /embed.js cross-origin; the
 * proxy sets CORP itself on Wrike's answers).
 */
export const staticSecurityHeaders = (): MiddlewareHandler<AppEnv> =>
  secureHeaders({
    crossOriginOpenerPolicy: false,
    crossOriginResourcePolicy: false,
    xFrameOptions: "DENY",
    referrerPolicy: "no-referrer",
    xContentTypeOptions: "nosniff",
  });

/**
 * Vite's dev server serves the app's modules from anywhere under the root (/main.ts, /@vite/client), so
 * `vite dev` alone widens script-src to 'self'. Built code (production, staging, the e2e build) and the
 * relay tests (mode "test") get the path-restricted policy.
 */
const devServer = import.meta.env?.MODE === "development";

/**
 * A CSP on every response, computed after the handler (it depends on the response's type, a handler's
 * nonce, /embed and config, which hono's CSP option fixes before the handler runs). A policy a handler
 * set itself (the proxy's sandbox) is kept.
 */
export const contentPolicy = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  await next();
  if (c.res.headers.has("Content-Security-Policy")) return;
  const type = c.res.headers.get("content-type") ?? "";
  if (!/^text\/html\b/i.test(type)) {
    c.res.headers.set("Content-Security-Policy", NON_HTML_CSP);
    return;
  }
  let images: string[] = [];
  let embedOrigins: readonly string[] = [];
  try {
    const config = configFor(c.env);
    images = imageOrigins(config);
    embedOrigins = config.embedOrigins;
  } catch {
    // Misconfigured relay: still serve pages, with the strictest policy.
  }
  const url = new URL(c.req.url);
  const embed = isEmbedPath(url.pathname);
  c.res.headers.set(
    "Content-Security-Policy",
    contentSecurityPolicy({
      scriptSources: devServer ? ["'self'"] : [`${url.origin}/assets/`],
      imageOrigins: images,
      frameAncestors: embed ? embedOrigins : [],
      scriptNonce: c.get("scriptNonce"),
    }),
  );
  // X-Frame-Options cannot list origins; on /embed the CSP's frame-ancestors alone decides.
  if (embed) c.res.headers.delete("X-Frame-Options");
};
