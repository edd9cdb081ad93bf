// Comments: GET/POST /tasks/{id}/comments, GET /folders/{id}/comments, GET /comments (account-wide, a
// 7-day createdDate window, no paging), GET /comments/{ids}, PUT /comments/{id}, DELETE /comments/{id}
// (empty data, as live Wrike answers).
import { utcStamp } from "../dates.ts";
import { entityId } from "../ids.ts";
import { escapeHtml } from "../http.ts";
import { READ_SCOPES, WRITE_SCOPES } from "../scopes.ts";
import type { Comment } from "../types.ts";
import type { ApiContext, ApiResult, Route } from "./context.ts";
import { getFolder, getTask, splitIds } from "./lookup.ts";
import { commentModel } from "./models.ts";
import { ApiError, invalidParameter, notFound, parameterRequired, type DateRange } from "./params.ts";
import { inUtcRange } from "./tasks.ts";
import { commentAdded, commentDeleted } from "./webhook-events.ts";

const READ_PARAMS = ["plainText", "types", "fields"];

function models(ctx: ApiContext, comments: Comment[]): ApiResult {
  const fields = ctx.params.fields(["type"]);
  const plainText = ctx.params.bool("plainText") ?? false;
  const types = ctx.params.oneOrList("types", ["Regular", "Email"] as const);
  const list = types && !types.includes("Regular") ? [] : comments;
  return { kind: "comments", data: list.map((c) => commentModel(c, { plainText, fields })) };
}

/** `text` (required, non-empty) as stored HTML; with plainText=true it is escaped first. */
function textParam(ctx: ApiContext): string {
  const text = ctx.params.str("text");
  if (text === undefined) throw parameterRequired("text");
  if (text.trim() === "") throw invalidParameter("text", "must not be empty");
  const plain = ctx.params.bool("plainText") ?? false;
  return plain ? escapeHtml(text).replace(/\r?\n/g, "<br />") : text;
}

function create(ctx: ApiContext, taskId: string): ApiResult {
  const task = getTask(ctx, taskId);
  const text = textParam(ctx);
  const world = ctx.state.world;
  const stamp = utcStamp(Date.now());
  const comment: Comment = {
    id: entityId(ctx.account.id, "IM", world.next.comment++),
    accountId: ctx.account.id,
    taskId: task.id,
    authorId: ctx.me.id,
    text,
    createdDate: stamp,
    updatedDate: stamp,
  };
  world.comments.push(comment);
  task.updatedDate = stamp;
  ctx.events.push(commentAdded(comment));
  return { kind: "comments", data: [commentModel(comment, { plainText: false, fields: new Set() })] };
}

function getComment(ctx: ApiContext, id: string): Comment {
  const comment = ctx.state.world.comments.find((c) => c.id === id && c.accountId === ctx.account.id);
  if (!comment) throw notFound(`Comment ${id}`);
  return comment;
}

/** Simulator choice (Wrike's rule is not documented): only a comment's author may edit or delete it. */
function ownComment(ctx: ApiContext, id: string): Comment {
  const comment = getComment(ctx, id);
  if (comment.authorId !== ctx.me.id)
    throw new ApiError(403, "access_forbidden", "Only the author may change this comment");
  return comment;
}

function update(ctx: ApiContext, id: string): ApiResult {
  const comment = ownComment(ctx, id);
  comment.text = textParam(ctx);
  comment.updatedDate = utcStamp(Date.now());
  return { kind: "comments", data: [commentModel(comment, { plainText: false, fields: new Set() })] };
}

function remove(ctx: ApiContext, id: string): ApiResult {
  const comment = ownComment(ctx, id);
  const world = ctx.state.world;
  world.comments = world.comments.filter((c) => c !== comment);
  const task = world.tasks.get(comment.taskId);
  if (task) task.updatedDate = utcStamp(Date.now());
  ctx.events.push(commentDeleted(comment));
  // Live Wrike answers a successful comment delete with an empty data array (tacogips live run).
  return { kind: "comments", data: [] };
}

const WEEK_MS = 7 * 24 * 3600 * 1000;

const instant = (v: string, endOfDay: boolean): number =>
  Date.parse(v.length === 10 ? `${v}T${endOfDay ? "23:59:59" : "00:00:00"}Z` : v);

/**
 * The window of GET /comments. Spec v154: "The date range must be 7 days or shorter"; `updatedDate` is
 * deprecated and "filters by created date". What an open range means is not documented (simulator
 * choice): none = the last 7 days (Airbyte's connector sends none), only `start` = 7 days from it (Airbyte's
 * older connector steps through 7-day slices sending only `start`), only `end` = the 7 days before it.
 */
function accountWindow(ctx: ApiContext): DateRange {
  const range = ctx.params.dateRange("createdDate", "utc") ?? ctx.params.dateRange("updatedDate", "utc");
  const stamp = (ms: number): string => utcStamp(ms);
  if (!range) return { start: stamp(Date.now() - WEEK_MS), end: stamp(Date.now()) };
  if (range.equal !== undefined) return range;
  const { start, end } = range;
  if (start !== undefined && end !== undefined) {
    const span = instant(end, true) - instant(start, false);
    if (span > WEEK_MS) throw invalidParameter("createdDate", "the date range must be 7 days or shorter");
    if (span < 0) throw invalidParameter("createdDate", "start is after end");
    return range;
  }
  if (start !== undefined) return { start, end: stamp(instant(start, false) + WEEK_MS) };
  return { start: stamp(instant(end ?? "", true) - WEEK_MS), end: end ?? "" };
}

function accountComments(ctx: ApiContext): ApiResult {
  if (ctx.params.has("createdDate") && ctx.params.has("updatedDate"))
    throw invalidParameter("updatedDate", "deprecated; use createdDate alone");
  const window = accountWindow(ctx);
  // "Maximum number of returned comments (default: 1000)"; more than 1000 is refused (simulator choice).
  const limit = ctx.params.int("limit", 1, 1000) ?? 1000;
  const result = models(ctx, []); // checks plainText, types and fields before the plan check
  // tacogips' live run: on a plan without it, the account-wide list is 403 not_allowed.
  if (ctx.state.config.accountCommentsDisabled.includes(ctx.account.id))
    throw new ApiError(403, "not_allowed", "Account-wide comments are not available on this account's plan");
  const world = ctx.state.world;
  const list = world.comments
    .filter(
      (c) =>
        c.accountId === ctx.account.id &&
        world.tasks.get(c.taskId)?.scope === "WsTask" &&
        inUtcRange(c.createdDate, window),
    )
    // Oldest first, so a full answer tells the caller where to start the next window (simulator choice).
    .sort((a, b) => (a.createdDate < b.createdDate ? -1 : a.createdDate > b.createdDate ? 1 : 0))
    .slice(0, limit);
  return { kind: result.kind, data: models(ctx, list).data };
}

export const commentRoutes: Route[] = [
  {
    method: "GET",
    pattern: /^\/comments$/,
    params: ["plainText", "types", "updatedDate", "createdDate", "limit", "fields"],
    scopes: READ_SCOPES,
    handle: accountComments,
  },
  {
    method: "GET",
    pattern: /^\/tasks\/([^/,]+)\/comments$/,
    params: READ_PARAMS,
    scopes: READ_SCOPES,
    handle: (ctx, [id = ""]) => {
      const task = getTask(ctx, id);
      return models(
        ctx,
        ctx.state.world.comments.filter((c) => c.taskId === task.id),
      );
    },
  },
  {
    method: "POST",
    pattern: /^\/tasks\/([^/,]+)\/comments$/,
    params: ["text", "plainText"],
    scopes: WRITE_SCOPES,
    handle: (ctx, [id = ""]) => create(ctx, id),
  },
  {
    method: "GET",
    pattern: /^\/folders\/([^/,]+)\/comments$/,
    params: READ_PARAMS,
    scopes: READ_SCOPES,
    handle: (ctx, [id = ""]) => {
      getFolder(ctx, id);
      return models(ctx, []);
    },
  },
  {
    method: "GET",
    pattern: /^\/comments\/([^/]+)$/,
    params: ["plainText", "types", "fields"],
    scopes: READ_SCOPES,
    handle: (ctx, [ids = ""]) =>
      models(
        ctx,
        splitIds(ids, 100).map((id) => getComment(ctx, id)),
      ),
  },
  {
    method: "PUT",
    pattern: /^\/comments\/([^/,]+)$/,
    params: ["text", "plainText"],
    scopes: WRITE_SCOPES,
    handle: (ctx, [id = ""]) => update(ctx, id),
  },
  {
    method: "DELETE",
    pattern: /^\/comments\/([^/,]+)$/,
    params: [],
    scopes: WRITE_SCOPES,
    handle: (ctx, [id = ""]) => remove(ctx, id),
  },
];
