// /api/v4 on a data-centre host: method override, authentication, host binding, rate limit, routing,
// scope check, parameter checks, and Wrike's envelope { kind, data } / error { error, errorDescription }.
import type { IncomingMessage, ServerResponse } from "node:http";
import { BodyTooLarge, contentType, parseJsonObject, readBody, sendJson } from "../http.ts";
import type { SimState } from "../state.ts";
import type { HostKey } from "../types.ts";
import { FileReply, type ApiContext, type Method, type Route } from "./context.ts";
import { ApiError, Params } from "./params.ts";
import { accountRoutes } from "./account.ts";
import { attachmentRoutes } from "./attachments.ts";
import { commentRoutes } from "./comments.ts";
import { contactRoutes } from "./contacts.ts";
import { customFieldRoutes } from "./customfields.ts";
import { folderRoutes } from "./folders.ts";
import { taskRoutes } from "./tasks.ts";
import { lockRoutes } from "./timelog-locks.ts";
import { timelogWriteRoutes } from "./timelog-writes.ts";
import { timelogReadRoutes } from "./timelogs.ts";
import { webhookRoutes } from "./webhooks.ts";
import { workflowRoutes } from "./workflows.ts";
import { dispatch } from "../webhook-delivery.ts";

const ROUTES: Route[] = [
  ...contactRoutes,
  ...accountRoutes,
  ...taskRoutes,
  ...folderRoutes,
  ...commentRoutes,
  ...attachmentRoutes,
  ...customFieldRoutes,
  ...workflowRoutes,
  ...timelogReadRoutes,
  ...timelogWriteRoutes,
  ...lockRoutes,
  ...webhookRoutes,
];

const ALWAYS_ALLOWED = new Set(["access_token", "state", "method"]);
const METHODS: readonly Method[] = ["GET", "POST", "PUT", "DELETE"];
const unauthorized = (description: string): ApiError => new ApiError(401, "not_authorized", description);
const INVALID = "Access token is unknown or invalid";
const EXPIRED = "Access token is unknown or expired";

async function collectParams(req: IncomingMessage, url: URL): Promise<Map<string, unknown>> {
  const values = new Map<string, unknown>();
  for (const [key, value] of url.searchParams) if (!values.has(key)) values.set(key, value);
  if (req.method === "GET" || req.method === "HEAD") return values;
  let text: string;
  try {
    text = await readBody(req);
  } catch (error) {
    if (error instanceof BodyTooLarge)
      throw new ApiError(400, "invalid_request", "Request body is too large");
    throw error;
  }
  if (text.trim() === "") return values;
  if (contentType(req) === "application/json") {
    const parsed = parseJsonObject(text);
    if (!parsed.ok) {
      throw new ApiError(
        400,
        "invalid_request",
        parsed.why === "syntax" ? "Request body is not valid JSON" : "Request body must be a JSON object",
      );
    }
    for (const [key, value] of Object.entries(parsed.value)) values.set(key, value);
    return values;
  }
  for (const [key, value] of new URLSearchParams(text)) values.set(key, value);
  return values;
}

function bearer(req: IncomingMessage, values: Map<string, unknown>): string {
  const header = req.headers.authorization;
  if (header !== undefined) {
    // Wrike's token_type is "bearer"; clients send Bearer, bearer or BEARER alike.
    const m = /^bearer\s+(\S+)\s*$/i.exec(header);
    if (!m?.[1]) throw unauthorized(INVALID);
    return m[1];
  }
  const param = values.get("access_token");
  if (typeof param === "string" && param !== "") return param;
  throw unauthorized(INVALID);
}

function rateLimit(state: SimState, token: string): void {
  const now = Date.now();
  let window = state.rate.get(token);
  if (!window || now - window.windowStart >= 60_000) {
    window = { windowStart: now, count: 0 };
    state.rate.set(token, window);
  }
  window.count++;
  if (window.count > state.config.rateLimitPerMinute) {
    state.stats.rateLimited++;
    // Wrike documents no Retry-After; the simulator sends one (seconds to the end of the window).
    const retryAfter = Math.max(1, Math.ceil((window.windowStart + 60_000 - now) / 1000));
    throw new ApiError(429, "too_many_requests", "Rate limit exceeded, try again later", {
      "Retry-After": String(retryAfter),
    });
  }
}

function route(method: Method, path: string): { route: Route; match: string[] } {
  let pathKnown = false;
  for (const candidate of ROUTES) {
    const m = candidate.pattern.exec(path);
    if (!m) continue;
    pathKnown = true;
    if (candidate.method !== method) continue;
    const match = m.slice(1).map((part) => {
      try {
        return decodeURIComponent(part ?? "");
      } catch {
        throw new ApiError(400, "invalid_request", "Malformed path");
      }
    });
    return { route: candidate, match };
  }
  if (pathKnown)
    throw new ApiError(400, "invalid_request", `Method ${method} is not supported for this resource`);
  throw new ApiError(404, "method_not_found", "Method not found");
}

async function serve(
  state: SimState,
  req: IncomingMessage,
  url: URL,
  serving: HostKey | "login",
): Promise<Record<string, unknown> | FileReply> {
  const override = url.searchParams.get("method");
  const rawMethod = (override ?? req.method ?? "GET").toUpperCase();
  if (!(METHODS as readonly string[]).includes(rawMethod)) {
    throw new ApiError(400, "invalid_request", `Unsupported method ${rawMethod}`);
  }
  const method = rawMethod as Method;
  const values = await collectParams(req, url);
  const token = bearer(req, values);
  const checked = state.tokens.checkAccess(token);
  if (!checked.ok) throw unauthorized(checked.reason === "expired" ? EXPIRED : INVALID);
  const grant = checked.record;
  // A token works only on its own data centre; elsewhere it is as good as unknown (Wrike's OAuth page).
  if (serving !== grant.host) throw unauthorized(INVALID);
  const account = state.world.accounts.find((a) => a.id === grant.accountId);
  const me = state.world.contacts.find((c) => c.id === grant.userId);
  if (!account || !me) throw unauthorized(INVALID);
  rateLimit(state, token);
  const path = url.pathname.slice("/api/v4".length).replace(/\/+$/, "") || "/";
  const { route: found, match } = route(method, path);
  if (!found.scopes.some((s) => grant.scopes.includes(s))) {
    throw new ApiError(403, "not_allowed", "The access token's scope does not allow this method");
  }
  for (const name of values.keys()) {
    if (!ALWAYS_ALLOWED.has(name) && !found.params.includes(name)) {
      throw new ApiError(400, "invalid_request", `Unknown parameter '${name}'`);
    }
  }
  const stateParam = values.get("state");
  values.delete("access_token");
  values.delete("state");
  values.delete("method");
  const ctx: ApiContext = {
    state,
    host: grant.host,
    hostName: state.hosts[grant.host],
    grant,
    account,
    me,
    params: new Params(values, { lenientDates: state.config.dateFilters === "lenient" }),
    events: [],
  };
  const result = await found.handle(ctx, match);
  if (result instanceof FileReply) return result;
  // Deliveries start after the answer is built; they never change it.
  dispatch(state, account.id, me.id, ctx.events);
  const body: Record<string, unknown> = { kind: result.kind };
  if (typeof stateParam === "string") body.state = stateParam;
  if (result.nextPageToken !== undefined) body.nextPageToken = result.nextPageToken;
  if (result.responseSize !== undefined) body.responseSize = result.responseSize;
  body.data = result.data;
  return body;
}

export async function handleApi(
  state: SimState,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  serving: HostKey | "login",
): Promise<void> {
  state.stats.api++;
  try {
    const reply = await serve(state, req, url, serving);
    if (reply instanceof FileReply) {
      res.writeHead(200, { ...reply.headers, "Content-Length": reply.body.length });
      res.end(reply.body);
      return;
    }
    sendJson(res, 200, reply);
  } catch (error) {
    if (error instanceof ApiError) {
      sendJson(res, error.status, { error: error.code, errorDescription: error.message }, error.headers);
      return;
    }
    console.error("wrike-sim: API handler failed", error);
    sendJson(res, 500, { error: "server_error", errorDescription: "Internal server error" });
  }
}
