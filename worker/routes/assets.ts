// Everything that is not /auth or /api: the built app from Workers Static Assets (single-page fallback).
import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { returnVisitLinks } from "../io/return-visit.ts";
import { hasSessionHint } from "../lib/return-visit.ts";
import { requestUrl } from "../middleware/request-url.ts";

export const assets = new Hono<AppEnv>();

assets.all("*", async (c) => {
  const res = await c.env.ASSETS.fetch(c.req.raw);
  // A fetched response's headers are immutable; copy it so the security middleware can add to them.
  const out = new Response(res.body, res);
  // The app's page on a return visit (the session hint is there): the signed-in app's chunks start
  // downloading with the page, not once its first script has run. Not the pane (/embed): it has none.
  const { origin, pathname } = requestUrl(c);
  if (
    c.req.method === "GET" &&
    pathname !== "/embed" &&
    (res.headers.get("content-type") ?? "").startsWith("text/html") &&
    hasSessionHint(c.req.header("cookie"))
  ) {
    for (const link of await returnVisitLinks(c.env.ASSETS, origin)) out.headers.append("Link", link);
  }
  return out;
});
