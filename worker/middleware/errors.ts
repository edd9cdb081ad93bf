// The relay's one error handler: typed errors become `{ error, message }` JSON, or a readable page.
import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../env.ts";
import type { ConfigEnv } from "../lib/config.ts";
import type { RelayErrorCode } from "../shared/contract.ts";
import { RelayError } from "../lib/errors.ts";
import { errorPage } from "../lib/pages.ts";

/** Browser navigations get pages; everything the app calls with fetch gets JSON. */
const PAGE_PATHS = new Set(["/auth/login", "/auth/callback"]);

const PAGE_TITLES: Partial<Record<RelayErrorCode, string>> = {
  signin_declined: "You declined access",
  state_invalid: "This sign-in cannot continue",
  code_rejected: "Wrike did not accept this sign-in",
  not_configured: "The relay is not set up",
  bad_request: "That sign-in link is not valid",
  handoff_invalid: "This sign-in cannot continue",
  bad_origin: "This sign-in cannot start here",
  rate_limited: "Too many sign-ins at once",
};

/** Every setting the relay reads: a `not_configured` message names the ones that are wrong. */
const SETTINGS: Record<keyof ConfigEnv, true> = {
  WRIKE_CLIENT_ID: true,
  WRIKE_CLIENT_SECRET: true,
  SESSION_SECRET: true,
  WRIKE_OAUTH_BASE: true,
  WRIKE_API_HOSTS: true,
  WRIKE_LOCAL: true,
  ALLOWED_ORIGINS: true,
  EMBED_ORIGINS: true,
  UPSTREAM_TIMEOUT_MS: true,
};

/** The setting names in a configuration problem's message (config.ts names each one it complains about). */
export function settingsNamed(message: string): string[] {
  return Object.keys(SETTINGS).filter((name) => new RegExp(`\\b${name}\\b`).test(message));
}

/** Envs whose configuration error was logged already: one line per isolate, not one per request. */
const reported = new WeakSet<object>();

/** The one log line of a broken configuration: which settings, never a value (the page says more). */
export function reportConfigError(env: object, error: RelayError): void {
  if (reported.has(env)) return;
  reported.add(env);
  console.error(
    JSON.stringify({
      msg: "not_configured",
      settings: settingsNamed(error.message),
      help: "The relay cannot sign anyone in until these settings are fixed (worker/README.md, configuration).",
    }),
  );
}

function toRelayError(err: Error, requestId: string | undefined): RelayError {
  if (err instanceof RelayError) return err;
  if (err instanceof HTTPException) {
    if (err.status === 413) return new RelayError("body_too_large");
    if (err.status === 404) return new RelayError("not_found");
    return new RelayError("bad_request");
  }
  // Only the error's class name is logged: messages of unknown errors could quote request data.
  console.error(JSON.stringify({ msg: "unexpected_error", id: requestId, error: err.name }));
  return new RelayError("internal_error");
}

function respond(c: Context<AppEnv>, error: RelayError): Response | Promise<Response> {
  c.set("errorCode", error.code);
  if (error.code === "not_configured") reportConfigError(c.env, error);
  c.header("Cache-Control", "no-store");
  if (error.retryAfter) c.header("Retry-After", error.retryAfter);
  if (PAGE_PATHS.has(c.req.path)) {
    const title = PAGE_TITLES[error.code] ?? "Sign-in did not complete";
    return c.html(errorPage(title, error.message, error.code), error.status);
  }
  return c.json(error.toBody(), error.status);
}

export const onError: ErrorHandler<AppEnv> = (err, c) => respond(c, toRelayError(err, c.get("requestId")));

export const notFound: NotFoundHandler<AppEnv> = (c) => respond(c, new RelayError("not_found"));
