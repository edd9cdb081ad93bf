// Everything that is not /auth or /api: the built app from Workers Static Assets (single-page fallback).
import { Hono } from "hono";
import type { AppEnv } from "../env.ts";

export const assets = new Hono<AppEnv>();

assets.all("*", async (c) => {
  const res = await c.env.ASSETS.fetch(c.req.raw);
  // A fetched response's headers are immutable; copy it so the security middleware can add to them.
  return new Response(res.body, res);
});
