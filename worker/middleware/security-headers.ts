// Security headers on every response, and a strict CSP on every HTML response (app and relay pages).
import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "../env.ts";
import { configFor, localImageOrigins } from "../lib/config.ts";
import { contentSecurityPolicy } from "../lib/csp.ts";

/**
 * The one path an embedder may frame (EMBED_ORIGINS): the embed view (`embed.html`, which Workers Static
 * Assets serve for `/embed`). Exact, so that no other page (e.g. the app through the single-page
 * fallback at `/embed/anything`) can be framed; everything else refuses any frame.
 */
export function isEmbedPath(pathname: string): boolean {
  return pathname === "/embed";
}

/**
 * Static headers from hono/secure-headers. Off on purpose: Cross-Origin-Opener-Policy (the sign-in popup
 * must keep `window.opener`) and Cross-Origin-Resource-Policy (embedders load /embed.js cross-origin).
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
 * CSP for HTML only, computed after the handler. Hand-written because the policy depends on the
 * response (HTML or not, a handler's nonce, /embed) and on config, which hono's CSP option fixes
 * before the handler runs.
 */
export const htmlPolicy = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  await next();
  const type = c.res.headers.get("content-type") ?? "";
  if (!/^text\/html\b/i.test(type)) return;
  let imageOrigins: string[] = [];
  let embedOrigins: readonly string[] = [];
  try {
    const config = configFor(c.env);
    imageOrigins = localImageOrigins(config);
    embedOrigins = config.embedOrigins;
  } catch {
    // Misconfigured relay: still serve pages, with the strictest policy.
  }
  const embed = isEmbedPath(new URL(c.req.url).pathname);
  c.res.headers.set(
    "Content-Security-Policy",
    contentSecurityPolicy({
      imageOrigins,
      frameAncestors: embed ? embedOrigins : [],
      scriptNonce: c.get("scriptNonce"),
    }),
  );
  // X-Frame-Options cannot list origins; on /embed the CSP's frame-ancestors alone decides.
  if (embed) c.res.headers.delete("X-Frame-Options");
};
