// What the relay says about itself: GET /healthz (configured or not) and GET /auth/hosts (its data centres).
import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { configFor } from "../lib/config.ts";
import type { HostsResponse } from "../shared/contract.ts";
import { RelayError } from "../lib/errors.ts";
import { reportConfigError } from "../middleware/errors.ts";

export const meta = new Hono<AppEnv>();

/**
 * For uptime checks and deploy scripts: 200 when the configuration parses, 503 when not. Never a value
 * nor which setting is wrong (the relay's own pages and its log say that); no cookie is read.
 */
meta.get("/healthz", (c) => {
  c.header("Cache-Control", "no-store");
  try {
    configFor(c.env);
  } catch (err) {
    if (!(err instanceof RelayError && err.code === "not_configured")) throw err;
    reportConfigError(c.env, err);
    return c.json({ ok: false, error: "not_configured" }, 503);
  }
  return c.json({ ok: true });
});

/**
 * The data-centre hosts this relay proxies to (WRIKE_API_HOSTS, the first being the default), for the
 * permanent-token sign-in's list. Public: the app names one in every X-Wrike-Host anyway.
 */
meta.get("/auth/hosts", (c) => {
  const config = c.get("config");
  c.header("Cache-Control", "no-store");
  return c.json<HostsResponse>({ hosts: [...config.apiHosts] });
});
