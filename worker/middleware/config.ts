// Puts the parsed configuration on the context for /auth and /api (parsed once per env, i.e. per isolate).
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env.ts";
import { configFor } from "../lib/config.ts";

/**
 * A misconfigured relay throws `not_configured` here, before any handler, so the error handler answers
 * (a page naming the setting for navigations, JSON for fetches); the static app does not pass through.
 */
export const withConfig = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  c.set("config", configFor(c.env));
  await next();
};
