// Everything that is not /auth or /api: the built app from Workers Static Assets (single-page fallback).
import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { visitLinks } from "../io/return-visit.ts";
import { hasSessionHint, IMMUTABLE, isHashedAsset } from "../lib/return-visit.ts";
import { requestUrl } from "../middleware/request-url.ts";

export const assets = new Hono<AppEnv>();

/** The request without its validators (If-None-Match, If-Modified-Since): the answer is always a body. */
function unconditional(req: Request): Request {
  if (!req.headers.has("if-none-match") && !req.headers.has("if-modified-since")) return req;
  const headers = new Headers(req.headers);
  headers.delete("if-none-match");
  headers.delete("if-modified-since");
  return new Request(req, { headers });
}

/** The app page's one inline script (web/index.html): it runs only with this response's nonce. */
const EARLY_TOKEN_SCRIPT = "script[data-early-token]";

assets.all("*", async (c) => {
  // A page is answered whole every time: it carries this response's nonce, so a cached copy (a 304's
  // body) would hold another response's. Hashed files under /assets/ keep their validators.
  const page = !requestUrl(c).pathname.startsWith("/assets/");
  const res = await c.env.ASSETS.fetch(page ? unconditional(c.req.raw) : c.req.raw);
  // A fetched response's headers are immutable; copy it so the security middleware can add to them.
  const out = new Response(res.body, res);
  const { origin, pathname } = requestUrl(c);
  // The app's page (not the pane at /embed, which has neither the script nor the signed-in chunks).
  const html = (res.headers.get("content-type") ?? "").startsWith("text/html");
  // A hashed build file never changes under its name: a return visit takes it from the browser's cache
  // rather than asking again for each (Workers Static Assets' default is max-age=0, must-revalidate).
  // Never the single-page fallback's HTML, which a missing file's path gets.
  if (!page && !html && res.status === 200 && isHashedAsset(pathname)) {
    out.headers.set("Cache-Control", IMMUTABLE);
  }
  const appPage = pathname !== "/embed" && html;
  if (!appPage) return out;
  // A return visit (the session hint is there) preloads the signed-in app's chunks with the page, not once
  // its first script has run; a first visit prefetches them for after the sign-in.
  if (c.req.method === "GET") {
    const returning = hasSessionHint(c.req.header("cookie"));
    for (const link of await visitLinks(c.env.ASSETS, origin, returning)) out.headers.append("Link", link);
  }
  out.headers.delete("ETag");
  out.headers.delete("Last-Modified");
  out.headers.set("Cache-Control", "no-store");
  const nonce = c.get("secureHeadersNonce");
  if (!nonce) return out;
  return new HTMLRewriter()
    .on(EARLY_TOKEN_SCRIPT, { element: (e) => void e.setAttribute("nonce", nonce) })
    .transform(out);
});
