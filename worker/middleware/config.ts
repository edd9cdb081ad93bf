// Puts the parsed configuration on the context for /auth and /api (parsed once per env, i.e. per isolate).
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../env.ts";
import { configFor, type RelayConfig } from "../lib/config.ts";

/**
 * A misconfigured relay throws `not_configured` here, before any handler, so the error handler answers
 * (a page naming the setting for navigations, JSON for fetches); the static app does not pass through.
 */
export const withConfig = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  setConfig(c);
  await next();
};

/** The same as a step of another middleware (middleware/cookies.ts, so that /auth has one layer less). */
export function setConfig(c: Context<AppEnv>): RelayConfig {
  const config = configFor(c.env);
  c.set("config", config);
  return config;
}
