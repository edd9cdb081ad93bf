// Comments: GET/POST /tasks/{id}/comments, GET /folders/{id}/comments, GET /comments/{ids}.
import { utcStamp } from "../dates.ts";
import { entityId } from "../ids.ts";
import { escapeHtml } from "../http.ts";
import { READ_SCOPES, WRITE_SCOPES } from "../scopes.ts";
import type { Comment } from "../types.ts";
import type { ApiContext, ApiResult, Route } from "./context.ts";
import { getFolder, getTask, splitIds } from "./lookup.ts";
import { commentModel } from "./models.ts";
import { invalidParameter, notFound, parameterRequired } from "./params.ts";

const READ_PARAMS = ["plainText", "types", "fields"];

function models(ctx: ApiContext, comments: Comment[]): ApiResult {
  const fields = ctx.params.fields(["type"]);
  const plainText = ctx.params.bool("plainText") ?? false;
  const types = ctx.params.oneOrList("types", ["Regular", "Email"] as const);
  const list = types && !types.includes("Regular") ? [] : comments;
  return { kind: "comments", data: list.map((c) => commentModel(c, { plainText, fields })) };
}

function create(ctx: ApiContext, taskId: string): ApiResult {
  const task = getTask(ctx, taskId);
  const text = ctx.params.str("text");
  if (text === undefined) throw parameterRequired("text");
  if (text.trim() === "") throw invalidParameter("text", "must not be empty");
  const plain = ctx.params.bool("plainText") ?? false;
  const world = ctx.state.world;
  const stamp = utcStamp(Date.now());
  const comment: Comment = {
    id: entityId(ctx.account.id, "IM", world.next.comment++),
    accountId: ctx.account.id,
    taskId: task.id,
    authorId: ctx.me.id,
    text: plain ? escapeHtml(text).replace(/\r?\n/g, "<br />") : text,
    createdDate: stamp,
    updatedDate: stamp,
  };
  world.comments.push(comment);
  task.updatedDate = stamp;
  return { kind: "comments", data: [commentModel(comment, { plainText: false, fields: new Set() })] };
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
    handle: (ctx, [ids = ""]) => {
      const list = splitIds(ids, 100).map((id) => {
        const comment = ctx.state.world.comments.find((c) => c.id === id && c.accountId === ctx.account.id);
        if (!comment) throw notFound(`Comment ${id}`);
        return comment;
      });
      return models(ctx, list);
    },
  },
];
