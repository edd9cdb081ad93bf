// Webhooks: POST /webhooks (account), /folders/{id}/webhooks, /spaces/{id}/webhooks with hookUrl, secret,
// events and recursive (the secret handshake before the answer), GET /webhooks, GET /webhooks/{ids},
// PUT /webhooks/{id} (status), DELETE /webhooks/{id}. Hook URLs must be on loopback here.
import { entityId } from "../ids.ts";
import { READ_SCOPES, WRITE_SCOPES } from "../scopes.ts";
import type { Webhook } from "../types.ts";
import { EVENT_TYPES, handshake } from "../webhook-delivery.ts";
import type { ApiContext, ApiResult, Route } from "./context.ts";
import { getFolder, getSpace, splitIds } from "./lookup.ts";
import { invalidParameter, notFound, parameterRequired } from "./params.ts";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * Live key order (public code, find_string id 71599053406): id, accountId, folderId, hookUrl, events,
 * recursive, status. `spaceId` for space webhooks (Taviloglu/tacogips name it); `events` only when the
 * webhook was limited to some, `recursive` only on folder webhooks (simulator choices).
 */
function model(hook: Webhook): Record<string, unknown> {
  const out: Record<string, unknown> = { id: hook.id, accountId: hook.accountId };
  if (hook.folderId !== undefined) out.folderId = hook.folderId;
  if (hook.spaceId !== undefined) out.spaceId = hook.spaceId;
  out.hookUrl = hook.hookUrl;
  if (hook.events) out.events = [...hook.events];
  if (hook.folderId !== undefined) out.recursive = hook.recursive;
  out.status = hook.status;
  return out;
}

/** Real Wrike wants a public URL on port 80/443; the simulator delivers only to loopback (choice). */
function hookUrlParam(ctx: ApiContext): string {
  const text = ctx.params.str("hookUrl");
  if (text === undefined || text === "") throw parameterRequired("hookUrl");
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalidParameter("hookUrl", "expected an http(s) URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw invalidParameter("hookUrl", "expected an http(s) URL");
  if (!LOOPBACK.has(url.hostname))
    throw invalidParameter(
      "hookUrl",
      "the simulator delivers only to loopback (127.0.0.1, localhost, [::1])",
    );
  return url.toString();
}

/** "Comma-separated list … in square brackets", e.g. [AttachmentAdded,AttachmentDeleted]; JSON works too. */
function eventsParam(ctx: ApiContext): string[] | undefined {
  let text: string | undefined;
  try {
    text = ctx.params.str("events");
  } catch {
    text = undefined; // an array from a JSON body
  }
  let list: unknown[];
  if (text === undefined) {
    const raw = ctx.params.json("events");
    if (raw === undefined) return undefined;
    if (!Array.isArray(raw)) throw invalidParameter("events", "expected a list in square brackets");
    list = raw;
  } else {
    const m = /^\[(.*)\]$/s.exec(text.trim());
    if (!m) throw invalidParameter("events", "expected a list in square brackets");
    list = (m[1] ?? "").split(",").map((e) => e.trim().replace(/^"(.*)"$/, "$1"));
  }
  if (list.length === 0 || list.some((e) => e === "")) throw invalidParameter("events", "empty event list");
  for (const e of list) {
    if (typeof e !== "string" || !(EVENT_TYPES as readonly string[]).includes(e))
      throw invalidParameter("events", `unknown event ${JSON.stringify(e)}`);
  }
  return [...new Set(list as string[])];
}

async function create(ctx: ApiContext, scope: { folderId?: string; spaceId?: string }): Promise<ApiResult> {
  const hookUrl = hookUrlParam(ctx);
  const secret = ctx.params.str("secret");
  if (secret === "") throw invalidParameter("secret", "must not be empty");
  const events = eventsParam(ctx);
  const recursive = scope.folderId !== undefined ? (ctx.params.bool("recursive") ?? false) : false;
  // The handshake is part of creation: no answer, no webhook (public implementations, wrike-api.md §12.4).
  if (secret !== undefined) {
    const failure = await handshake(ctx.state, hookUrl, secret);
    if (failure) throw invalidParameter("hookUrl", `secret verification failed: ${failure}`);
  }
  const world = ctx.state.world;
  const hook: Webhook = {
    id: entityId(ctx.account.id, "JA", world.next.webhook++),
    accountId: ctx.account.id,
    userId: ctx.me.id,
    ...scope,
    hookUrl,
    recursive,
    status: "Active",
  };
  if (secret !== undefined) hook.secret = secret;
  if (events) hook.events = events;
  world.webhooks.set(hook.id, hook);
  return { kind: "webhooks", data: [model(hook)] };
}

/** Simulator choice: a token sees the webhooks its own user made in the account. */
function mine(ctx: ApiContext): Webhook[] {
  return [...ctx.state.world.webhooks.values()].filter(
    (h) => h.accountId === ctx.account.id && h.userId === ctx.me.id,
  );
}

function getHook(ctx: ApiContext, id: string): Webhook {
  const hook = mine(ctx).find((h) => h.id === id);
  if (!hook) throw notFound(`Webhook ${id}`);
  return hook;
}

const CREATE = ["hookUrl", "secret", "events"];

export const webhookRoutes: Route[] = [
  {
    method: "POST",
    pattern: /^\/webhooks$/,
    params: CREATE,
    scopes: WRITE_SCOPES,
    handle: (ctx) => create(ctx, {}),
  },
  {
    method: "POST",
    pattern: /^\/folders\/([^/,]+)\/webhooks$/,
    params: [...CREATE, "recursive"],
    scopes: WRITE_SCOPES,
    handle: (ctx, [id = ""]) => create(ctx, { folderId: getFolder(ctx, id).id }),
  },
  {
    method: "POST",
    pattern: /^\/spaces\/([^/,]+)\/webhooks$/,
    params: CREATE,
    scopes: WRITE_SCOPES,
    handle: (ctx, [id = ""]) => create(ctx, { spaceId: getSpace(ctx, id).id }),
  },
  {
    method: "GET",
    pattern: /^\/webhooks$/,
    params: [],
    scopes: READ_SCOPES,
    handle: (ctx) => ({ kind: "webhooks", data: mine(ctx).map(model) }),
  },
  {
    method: "GET",
    pattern: /^\/webhooks\/([^/]+)$/,
    params: [],
    scopes: READ_SCOPES,
    handle: (ctx, [ids = ""]) => ({
      kind: "webhooks",
      data: splitIds(ids, 100).map((id) => model(getHook(ctx, id))),
    }),
  },
  {
    method: "PUT",
    pattern: /^\/webhooks\/([^/,]+)$/,
    params: ["status"],
    scopes: WRITE_SCOPES,
    handle: (ctx, [id = ""]) => {
      const hook = getHook(ctx, id);
      // "Suspended webhooks do not send notifications" (Taviloglu WrikeWebhookStatus); no new handshake
      // on reactivation (simulator choice).
      const status = ctx.params.oneOf("status", ["Active", "Suspended"] as const);
      if (status === undefined) throw parameterRequired("status");
      hook.status = status;
      return { kind: "webhooks", data: [model(hook)] };
    },
  },
  {
    method: "DELETE",
    pattern: /^\/webhooks\/([^/,]+)$/,
    params: [],
    scopes: WRITE_SCOPES,
    handle: (ctx, [id = ""]) => {
      ctx.state.world.webhooks.delete(getHook(ctx, id).id);
      ctx.state.webhookQueues.delete(id);
      // The body is not recorded anywhere; empty data like the live comment/attachment deletes (choice).
      return { kind: "webhooks", data: [] };
    },
  },
];
