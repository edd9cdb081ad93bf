// The relay as one Hono app: a request log and security headers around everything, then /healthz, /auth, /api
// and the static app.
import { Hono } from "hono";
import type { AppEnv } from "./env.ts";
import { withConfig } from "./middleware/config.ts";
import { withCookies } from "./middleware/cookies.ts";
import { onError, notFound } from "./middleware/errors.ts";
import { requestLog } from "./middleware/log.ts";
import { securityHeaders } from "./middleware/security-headers.ts";
import { assets } from "./routes/assets.ts";
import { auth } from "./routes/auth.ts";
import { meta } from "./routes/meta.ts";
import { proxy } from "./routes/proxy.ts";

/** A fresh app. Stateless: two instances with the same env behave the same (sessions live in cookies). */
export function createApp(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // Outermost first: requestLog sees the final answer, security headers included (and the https
  // redirect, which securityHeaders answers before anything else runs).
  app.use(requestLog());
  app.use(securityHeaders());
  // /auth in one layer: withCookies puts the configuration too (withConfig's job) and marks every answer no-store.
  app.use("/auth/*", withCookies());
  app.use("/api/*", withConfig());
  app.route("/", meta);
  app.route("/auth", auth);
  app.route("/api", proxy);
  app.route("/", assets);
  app.onError(onError);
  app.notFound(notFound);
  return app;
}
