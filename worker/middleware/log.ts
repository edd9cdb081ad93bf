// One structured JSON log line per request (Workers Logs), and the request id that ties a bug report to it.
import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { AppEnv } from "../env.ts";
import { drainUnread } from "../lib/body.ts";
import { randomHex } from "../lib/random.ts";
import { isFinished } from "./security-headers.ts";

declare module "hono" {
  interface ContextVariableMap {
    /** This request's id: the `X-Request-Id` response header and the log line's `id`. */
    requestId: string;
    /** The status Wrike answered a proxied call or a token call with (set by the handler). */
    upstreamStatus: number;
    /** The allow-listed data-centre host the call went to (set by the handler once it is checked). */
    wrikeHost: string;
    /** The relay error code of an error answer (set by the error handler). */
    errorCode: string;
  }
}

export const REQUEST_ID_HEADER = "X-Request-Id";

/** What a log line holds. Nothing here comes from the request except its method and matched route. */
export interface RequestLogLine {
  msg: "request";
  id: string;
  method: string;
  /** The matched route pattern (`/api/v4/*`, `/auth/token`), never the URL: no query, no ids. */
  route: string;
  status: number;
  ms: number;
  upstream_status?: number;
  host?: string;
  error?: string;
}

/** 128 random bits, hex: unguessable, and short enough to read out of a bug report. */
const newRequestId = (): string => randomHex(16);

/** Method names are tokens; anything odd is logged as such rather than echoed. */
function methodOf(method: string): string {
  return /^[A-Z]{1,10}$/.test(method) ? method : "OTHER";
}

/**
 * Outermost middleware: gives the request its id, drains a request body nobody read (so that workerd
 * answers on a live connection, see lib/body.ts), and logs the outcome as one JSON line.
 */
export const requestLog = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const started = Date.now();
  const id = newRequestId();
  c.set("requestId", id);
  const raw = c.req.raw;
  const method = raw.method;
  await next();
  const draining = drainUnread(raw);
  if (draining) await draining;
  let res = c.res;
  // An answer made in one piece (finishedData) carries the id already.
  if (!isFinished(res)) {
    try {
      res.headers.set(REQUEST_ID_HEADER, id);
    } catch {
      // A response with immutable headers (straight from a binding): copy it to add ours.
      c.res = res = new Response(res.body, res);
      res.headers.set(REQUEST_ID_HEADER, id);
    }
  }
  const route = routePath(c) || "*";
  const line: RequestLogLine = {
    msg: "request",
    id,
    method: methodOf(method),
    route,
    status: res.status,
    ms: Date.now() - started,
  };
  const upstream = c.get("upstreamStatus");
  if (upstream !== undefined) line.upstream_status = upstream;
  const host = c.get("wrikeHost");
  if (host !== undefined) line.host = host;
  const error = c.get("errorCode");
  if (error !== undefined) line.error = error;
  console.log(JSON.stringify(line));
};
