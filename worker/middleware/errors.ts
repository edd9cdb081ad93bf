// The relay's one error handler: typed errors become `{ error, message }` JSON, or a readable page.
import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../env.ts";
import type { RelayErrorCode } from "../lib/contract.ts";
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

function toRelayError(err: Error): RelayError {
  if (err instanceof RelayError) return err;
  if (err instanceof HTTPException) {
    if (err.status === 413) return new RelayError("body_too_large");
    if (err.status === 404) return new RelayError("not_found");
    return new RelayError("bad_request");
  }
  // Only the error's class name is logged: messages of unknown errors could quote request data.
  console.error(`relay: unexpected ${err.name}`);
  return new RelayError("internal_error");
}

function respond(c: Context<AppEnv>, error: RelayError): Response {
  c.header("Cache-Control", "no-store");
  if (error.retryAfter) c.header("Retry-After", error.retryAfter);
  if (PAGE_PATHS.has(c.req.path)) {
    const title = PAGE_TITLES[error.code] ?? "Sign-in did not complete";
    return c.html(errorPage(title, error.message, error.code), error.status);
  }
  return c.json(error.toBody(), error.status);
}

export const onError: ErrorHandler<AppEnv> = (err, c) => respond(c, toRelayError(err));

export const notFound: NotFoundHandler<AppEnv> = (c) => respond(c, new RelayError("not_found"));
