// Everything that is not /auth or /api: the built app from Workers Static Assets (single-page fallback).
import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { returnVisitLinks } from "../io/return-visit.ts";
import { hasSessionHint } from "../lib/return-visit.ts";
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
  const appPage = pathname !== "/embed" && (res.headers.get("content-type") ?? "").startsWith("text/html");
  if (!appPage) return out;
  // On a return visit (the session hint is there) the signed-in app's chunks start downloading with the
  // page, not once its first script has run.
  if (c.req.method === "GET" && hasSessionHint(c.req.header("cookie"))) {
    for (const link of await returnVisitLinks(c.env.ASSETS, origin)) out.headers.append("Link", link);
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
