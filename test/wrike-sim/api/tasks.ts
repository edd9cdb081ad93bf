// Tasks: GET /tasks, /folders/{id}/tasks, /spaces/{id}/tasks (filters and sort in task-filters.ts, fields,
// paging), GET /tasks/{ids}, POST /folders/{id}/tasks, PUT /tasks/{id|ids}, DELETE /tasks/{id}.
import { READ_SCOPES, WRITE_SCOPES } from "../scopes.ts";
import type { Folder, Task } from "../types.ts";
import type { ApiContext, ApiResult, Route } from "./context.ts";
import { getFolder, getSpace, getTask, splitIds } from "./lookup.ts";
import { TASK_ENTITY_FIELDS, TASK_LIST_FIELDS, plainText, taskModel } from "./task-model.ts";
import { page, resumeCursor } from "./paging.ts";
import { filters, inContainer, sortTasks } from "./task-filters.ts";
import { taskChanges, taskCreated, taskDeleted } from "./webhook-events.ts";
import {
  createTask,
  deleteTask,
  updateTasks,
  CREATE_PARAMS,
  UPDATE_PARAMS,
  BULK_UPDATE_PARAMS,
} from "./task-writes.ts";

export { inUtcRange } from "./task-filters.ts";

const QUERY_PARAMS = [
  "title",
  "status",
  "importance",
  "startDate",
  "dueDate",
  "scheduledDate",
  "createdDate",
  "updatedDate",
  "completedDate",
  "authors",
  "responsibles",
  "responsiblePlaceholders",
  "permalink",
  "type",
  "limit",
  "sortField",
  "sortOrder",
  "subTasks",
  "pageSize",
  "nextPageToken",
  "metadata",
  "customField",
  "customFields",
  "customStatuses",
  "withInvitations",
  "billingTypes",
  "plainTextCustomFields",
  "customItemTypes",
  "fields",
];
const CONTAINER_PARAMS = [...QUERY_PARAMS, "descendants"];

/** Without pageSize a list call returns at most this many tasks (Wrike's documented default cap). */
const DEFAULT_CAP = 1000;

function query(ctx: ApiContext, container: Folder | null): ApiResult {
  const p = ctx.params;
  const fields = p.fields(container ? [...TASK_LIST_FIELDS, "finance"] : TASK_LIST_FIELDS);
  const model = (task: Task) => taskModel(ctx.state, task, { full: false, fields, meId: ctx.me.id });
  const resumed = resumeCursor(ctx, "tasks");
  if (resumed) {
    const result = page(ctx, "tasks", resumed.ids, resumed.offset, resumed.pageSize);
    const data = result.ids.flatMap((id) => {
      const task = ctx.state.world.tasks.get(id);
      return task ? [model(task)] : [];
    });
    return { kind: "tasks", data, ...pageExtras(result) };
  }
  const pageSize = p.int("pageSize", 1, 1000);
  const limit = p.int("limit", 1, 1_000_000);
  const predicates = filters(ctx);
  if (container) predicates.push(inContainer(ctx, container));
  else p.bool("subTasks");
  const isRecycle = container?.kind === "recycle";
  let tasks = [...ctx.state.world.tasks.values()].filter(
    (t) =>
      t.accountId === ctx.account.id &&
      (isRecycle ? t.scope === "RbTask" : t.scope === "WsTask") &&
      predicates.every((match) => match(t)),
  );
  tasks = sortTasks(ctx, tasks);
  if (limit !== undefined) tasks = tasks.slice(0, limit);
  if (pageSize === undefined) {
    return { kind: "tasks", data: tasks.slice(0, DEFAULT_CAP).map(model) };
  }
  const result = page(
    ctx,
    "tasks",
    tasks.map((t) => t.id),
    0,
    pageSize,
  );
  return { kind: "tasks", data: tasks.slice(0, pageSize).map(model), ...pageExtras(result) };
}

function pageExtras(result: { nextPageToken?: string; responseSize?: number }): Partial<ApiResult> {
  const out: Partial<ApiResult> = {};
  if (result.nextPageToken !== undefined) out.nextPageToken = result.nextPageToken;
  if (result.responseSize !== undefined) out.responseSize = result.responseSize;
  return out;
}

/** Runs an update and records the webhook events of what it changed. */
function updateWithEvents(ctx: ApiContext, tasks: Task[], bulk: boolean): Task[] {
  const before = tasks.map((t) => structuredClone(t));
  const after = updateTasks(ctx, tasks, bulk);
  for (const task of after) {
    const old = before.find((b) => b.id === task.id);
    if (old) ctx.events.push(...taskChanges(old, task));
  }
  return after;
}

function byIds(ctx: ApiContext, [idText = ""]: string[]): ApiResult {
  const fields = ctx.params.fields(TASK_ENTITY_FIELDS);
  ctx.params.bool("withInvitations");
  const plain = ctx.params.bool("plainTextCustomFields") ?? false;
  const tasks = splitIds(idText, 100).map((id) => getTask(ctx, id));
  return {
    kind: "tasks",
    data: tasks.map((t) => {
      const out = taskModel(ctx.state, t, { full: true, fields, meId: ctx.me.id });
      return plain ? plainCustomFields(ctx, out) : out;
    }),
  };
}

/** plainTextCustomFields=true: "HTML in values is stripped" (spec v154); only Text fields hold HTML here. */
function plainCustomFields(ctx: ApiContext, out: Record<string, unknown>): Record<string, unknown> {
  const values = out.customFields as { id: string; value: string }[] | undefined;
  if (!values) return out;
  const text = new Set(ctx.state.world.customFields.filter((f) => f.type === "Text").map((f) => f.id));
  out.customFields = values.map((v) => (text.has(v.id) ? { id: v.id, value: plainText(v.value) } : v));
  return out;
}

export function fullModels(ctx: ApiContext, tasks: Task[]): ApiResult {
  const fields = ctx.params.fields(TASK_ENTITY_FIELDS);
  return {
    kind: "tasks",
    data: tasks.map((t) => taskModel(ctx.state, t, { full: true, fields, meId: ctx.me.id })),
  };
}

export const taskRoutes: Route[] = [
  {
    method: "GET",
    pattern: /^\/tasks$/,
    params: QUERY_PARAMS,
    scopes: READ_SCOPES,
    handle: (ctx) => query(ctx, null),
  },
  {
    method: "GET",
    pattern: /^\/folders\/([^/]+)\/tasks$/,
    params: CONTAINER_PARAMS,
    scopes: READ_SCOPES,
    handle: (ctx, [id = ""]) => query(ctx, getFolder(ctx, id)),
  },
  {
    method: "GET",
    pattern: /^\/spaces\/([^/]+)\/tasks$/,
    params: CONTAINER_PARAMS,
    scopes: READ_SCOPES,
    handle: (ctx, [id = ""]) => query(ctx, getSpace(ctx, id)),
  },
  {
    method: "GET",
    pattern: /^\/tasks\/([^/]+)$/,
    params: ["withInvitations", "plainTextCustomFields", "fields"],
    scopes: READ_SCOPES,
    handle: byIds,
  },
  {
    method: "POST",
    pattern: /^\/folders\/([^/]+)\/tasks$/,
    params: CREATE_PARAMS,
    scopes: WRITE_SCOPES,
    handle: (ctx, [id = ""]) => {
      const task = createTask(ctx, getFolder(ctx, id));
      ctx.events.push(taskCreated(task));
      return fullModels(ctx, [task]);
    },
  },
  {
    method: "PUT",
    pattern: /^\/tasks\/([^/,]+)$/,
    params: UPDATE_PARAMS,
    scopes: WRITE_SCOPES,
    handle: (ctx, [id = ""]) => fullModels(ctx, updateWithEvents(ctx, [getTask(ctx, id)], false)),
  },
  {
    method: "PUT",
    pattern: /^\/tasks\/([^/]+,[^/]+)$/,
    params: BULK_UPDATE_PARAMS,
    scopes: WRITE_SCOPES,
    handle: (ctx, [ids = ""]) =>
      fullModels(
        ctx,
        updateWithEvents(
          ctx,
          splitIds(ids, 100).map((id) => getTask(ctx, id)),
          true,
        ),
      ),
  },
  {
    method: "DELETE",
    pattern: /^\/tasks\/([^/,]+)$/,
    params: [],
    scopes: WRITE_SCOPES,
    handle: (ctx, [id = ""]) => {
      const task = deleteTask(ctx, getTask(ctx, id));
      ctx.events.push(taskDeleted(task));
      return fullModels(ctx, [task]);
    },
  },
];
