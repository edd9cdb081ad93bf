// Attachments: GET /tasks/{id}/attachments, GET /attachments (account, createdDate window),
// GET /attachments/{ids}, GET /attachments/{id}/download[/{name}], GET /attachments/{id}/url,
// DELETE /attachments/{id}; plus the bearer-less file URLs that `withUrls` hands out.
import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { SimConfig } from "../config.ts";
import { READ_SCOPES, WRITE_SCOPES } from "../scopes.ts";
import type { SimState } from "../state.ts";
import type { Attachment } from "../types.ts";
import { sendText } from "../http.ts";
import { utcStamp } from "../dates.ts";
import { FileReply, type ApiContext, type ApiResult, type Route } from "./context.ts";
import { getTask, splitIds } from "./lookup.ts";
import { invalidParameter, notFound, parameterRequired } from "./params.ts";
import { inUtcRange } from "./tasks.ts";
import { attachmentDeleted } from "./webhook-events.ts";

const LIST_PARAMS = ["versions", "createdDate", "withUrls"];
/** "The link for attachment from Wrike is valid for 24 hours from when you make the request" (spec v154). */
const URL_TTL_MS = 24 * 3600 * 1000;
const MAX_WINDOW_MS = 31 * 24 * 3600 * 1000;

/** Key order of a live GET /tasks/{id}/attachments item; width/height only for images. */
function attachmentModel(a: Attachment, url: string | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: a.id,
    authorId: a.authorId,
    name: a.name,
    createdDate: a.createdDate,
    version: 1,
    type: "Wrike",
    contentType: a.contentType,
    size: a.body.length,
    taskId: a.taskId,
    originVersionId: a.id,
  };
  if (a.width !== undefined) out.width = a.width;
  if (a.height !== undefined) out.height = a.height;
  if (url !== undefined) out.url = url;
  return out;
}

function fileUrl(ctx: ApiContext, a: Attachment): string {
  const token = randomBytes(24).toString("base64url");
  ctx.state.fileUrls.set(token, { attachmentId: a.id, expires: Date.now() + URL_TTL_MS });
  return `http://${ctx.hostName}/sim-files/${token}/${encodeURIComponent(a.name)}`;
}

function models(ctx: ApiContext, list: Attachment[]): ApiResult {
  ctx.params.bool("versions"); // every seeded file has one version, so the old ones are never there
  const withUrls = ctx.params.bool("withUrls") ?? false;
  return {
    kind: "attachments",
    data: list.map((a) => attachmentModel(a, withUrls ? fileUrl(ctx, a) : undefined)),
  };
}

function ofAccount(ctx: ApiContext): Attachment[] {
  return [...ctx.state.world.attachments.values()].filter((a) => a.accountId === ctx.account.id);
}

function getAttachment(ctx: ApiContext, id: string): Attachment {
  const a = ctx.state.world.attachments.get(id);
  if (!a || a.accountId !== ctx.account.id) throw notFound(`Attachment ${id}`);
  return a;
}

function byCreatedDate(ctx: ApiContext, list: Attachment[], required: boolean): Attachment[] {
  const range = ctx.params.dateRange("createdDate", "utc");
  if (!range) {
    if (required) throw parameterRequired("createdDate");
    return list;
  }
  if (required && range.equal === undefined) {
    // "Required to request attachments in account. Time range duration should be less than 31 day."
    const bound = (v: string | undefined, endOfDay: boolean): number =>
      v === undefined ? NaN : Date.parse(v.length === 10 ? `${v}T${endOfDay ? "23:59:59" : "00:00:00"}Z` : v);
    const span = bound(range.end, true) - bound(range.start, false);
    if (!(span < MAX_WINDOW_MS)) {
      throw invalidParameter("createdDate", "needs start and end less than 31 days apart");
    }
  }
  return list.filter((a) => inUtcRange(a.createdDate, range));
}

/** RFC 6266: an ASCII fallback plus the exact name as UTF-8 (quotes and backslashes never pass raw). */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, "_");
  const exact = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${exact}`;
}

/** The download's headers under the configured mode (see AttachmentDownload in config.ts). */
export function downloadHeaders(config: SimConfig, a: Attachment, name: string): Record<string, string> {
  const mode = config.attachmentDownload;
  const headers: Record<string, string> = {
    "Content-Type": mode === "octet-stream" ? "application/octet-stream" : a.contentType,
  };
  if (mode !== "typed-no-disposition") headers["Content-Disposition"] = contentDisposition(name);
  return headers;
}

function download(ctx: ApiContext, id: string, name: string | undefined): FileReply {
  const a = getAttachment(ctx, id);
  // Old docs: "/attachments/id/download/name.ext ... 'name.ext' will be returned as the file name".
  return new FileReply(a.body, downloadHeaders(ctx.state.config, a, name ?? a.name));
}

function remove(ctx: ApiContext, id: string): ApiResult {
  const a = getAttachment(ctx, id);
  ctx.state.world.attachments.delete(a.id);
  const task = ctx.state.world.tasks.get(a.taskId);
  if (task) task.updatedDate = utcStamp(Date.now());
  ctx.events.push(attachmentDeleted(a.taskId, a.id));
  // Live Wrike answers a successful attachment delete with an empty data array (tacogips live run).
  return { kind: "attachments", data: [] };
}

/** GET /sim-files/<token>/<name> on a data-centre host: the bearer-less URL, valid 24 hours. */
export function serveFileUrl(state: SimState, res: ServerResponse, rest: string): void {
  const token = rest.split("/")[0] ?? "";
  const entry = state.fileUrls.get(token);
  const a = entry ? state.world.attachments.get(entry.attachmentId) : undefined;
  if (!entry || !a || entry.expires < Date.now()) {
    if (entry && entry.expires < Date.now()) state.fileUrls.delete(token);
    sendText(res, 404, "Not found");
    return;
  }
  res.writeHead(200, { ...downloadHeaders(state.config, a, a.name), "Content-Length": a.body.length });
  res.end(a.body);
}

export const attachmentRoutes: Route[] = [
  {
    method: "GET",
    pattern: /^\/tasks\/([^/,]+)\/attachments$/,
    params: LIST_PARAMS,
    scopes: READ_SCOPES,
    handle: (ctx, [id = ""]) => {
      const task = getTask(ctx, id);
      const list = ofAccount(ctx).filter((a) => a.taskId === task.id);
      return models(ctx, byCreatedDate(ctx, list, false));
    },
  },
  {
    method: "GET",
    pattern: /^\/attachments$/,
    params: LIST_PARAMS,
    scopes: READ_SCOPES,
    handle: (ctx) => models(ctx, byCreatedDate(ctx, ofAccount(ctx), true)),
  },
  {
    method: "GET",
    pattern: /^\/attachments\/([^/]+)$/,
    params: ["versions"],
    scopes: READ_SCOPES,
    handle: (ctx, [ids = ""]) =>
      models(
        ctx,
        splitIds(ids, 100).map((id) => getAttachment(ctx, id)),
      ),
  },
  {
    method: "GET",
    pattern: /^\/attachments\/([^/,]+)\/download$/,
    params: [],
    scopes: READ_SCOPES,
    handle: (ctx, [id = ""]) => download(ctx, id, undefined),
  },
  {
    method: "GET",
    pattern: /^\/attachments\/([^/,]+)\/download\/([^/]+)$/,
    params: [],
    scopes: READ_SCOPES,
    handle: (ctx, [id = "", name = ""]) => download(ctx, id, name),
  },
  {
    method: "GET",
    pattern: /^\/attachments\/([^/,]+)\/url$/,
    params: [],
    scopes: READ_SCOPES,
    handle: (ctx, [id = ""]) => ({ kind: "url", data: [{ url: fileUrl(ctx, getAttachment(ctx, id)) }] }),
  },
  {
    method: "DELETE",
    pattern: /^\/attachments\/([^/,]+)$/,
    params: [],
    scopes: WRITE_SCOPES,
    handle: (ctx, [id = ""]) => remove(ctx, id),
  },
];
