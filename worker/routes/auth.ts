// /auth/*: sign-in (browser navigations), the session's token and sign-out, and the embed hand-off.
import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { RelayError } from "../lib/errors.ts";
import { handoff } from "./handoff.ts";
import { session } from "./session.ts";
import { signin } from "./signin.ts";

export const auth = new Hono<AppEnv>();

// Nothing under /auth may be cached: withCookies (middleware/cookies.ts, on /auth/*) marks every answer
// no-store in the same layer as it puts the configuration and the cookies.
auth.route("/", signin);
auth.route("/", session);
auth.route("/", handoff);
auth.all("*", () => {
  throw new RelayError("not_found");
});
