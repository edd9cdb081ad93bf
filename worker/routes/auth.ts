// /auth/*: sign-in (browser navigations), the session's token and sign-out, and the embed hand-off.
import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { RelayError } from "../lib/errors.ts";
import { isFinished } from "../middleware/security-headers.ts";
import { handoff } from "./handoff.ts";
import { session } from "./session.ts";
import { signin } from "./signin.ts";

export const auth = new Hono<AppEnv>();

// Nothing under /auth may be cached: it carries codes, tokens and per-user answers.
auth.use("*", async (c, next) => {
  await next();
  // An answer made in one piece (finishedData: /auth/token's) names no-store itself.
  if (isFinished(c.res)) return;
  // On the answer itself: c.header() would copy a finished response first (hono re-creates it).
  c.res.headers.set("Cache-Control", "no-store");
});
auth.route("/", signin);
auth.route("/", session);
auth.route("/", handoff);
auth.all("*", () => {
  throw new RelayError("not_found");
});
