// Comments: GET/POST /tasks/{id}/comments, GET /folders/{id}/comments, GET /comments/{ids},
// PUT /comments/{id}, DELETE /comments/{id} (empty data, as live Wrike answers).
import { utcStamp } from "../dates.ts";
import { entityId } from "../ids.ts";
import { escapeHtml } from "../http.ts";
import { READ_SCOPES, WRITE_SCOPES } from "../scopes.ts";
import type { Comment } from "../types.ts";
import type { ApiContext, ApiResult, Route } from "./context.ts";
import { getFolder, getTask, splitIds } from "./lookup.ts";
import { commentModel } from "./models.ts";
import { ApiError, invalidParameter, notFound, parameterRequired } from "./params.ts";

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
  // Live Wrike answers a successful comment delete with an empty data array (tacogips live run).
  return { kind: "comments", data: [] };
}

export const commentRoutes: Route[] = [
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
