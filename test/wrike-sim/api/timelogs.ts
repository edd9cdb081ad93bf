// Timelog reads: GET /timelogs, /contacts/{id}/timelogs, /tasks/{id}/timelogs, /folders/{id}/timelogs,
// /timelog_categories/{id}/timelogs (spec v154's one filter set, pageSize + nextPageToken), GET
// /timelogs/{ids}, GET /timelog_categories; the timelog model in the key order of Wrike's docs.
import { READ_SCOPES } from "../scopes.ts";
import type { Task, Timelog, TimelogCategory } from "../types.ts";
import type { ApiContext, ApiResult, Route } from "./context.ts";
import { accountContacts, descendantsOf, getFolder, getTask, splitIds } from "./lookup.ts";
import { plainText } from "./task-model.ts";
import { page, resumeCursor } from "./paging.ts";
import { notFound } from "./params.ts";
import { inUtcRange } from "./tasks.ts";
import { lockOn } from "./timelog-locks.ts";

/** Optional fields (spec v154); the account-wide list lacks `finance`. */
export const TIMELOG_FIELDS = ["approvalStatus", "lockStatus", "exportStatus", "billingType", "finance"];
const ACCOUNT_FIELDS = TIMELOG_FIELDS.filter((f) => f !== "finance");

const LIST_PARAMS = [
  "createdDate",
  "updatedDate",
  "trackedDate",
  "me",
  "descendants",
  "plainText",
  "timelogCategories",
  "exportStatuses",
  "billingTypes",
  "approvalStatuses",
  "limit",
  "pageSize",
  "nextPageToken",
  "fields",
];

/** Scopes of GET /timelog_categories (Taviloglu IWrikeTimelogCategoriesClient; amp-labs scope table). */
const CATEGORY_SCOPES = [...READ_SCOPES, "amReadOnlyTimelogCategory", "amReadWriteTimelogCategory"];

/**
 * Key order of the old docs' timelog (Taviloglu WrikeTimelog.cs, nodkz TimelogTC.ts): id, taskId, userId,
 * categoryId (only when set), hours, createdDate, updatedDate, trackedDate, comment; `fields` extras after.
 * The extras' values for an account without timesheet approval or exports are simulator choices.
 */
export function timelogModel(
  ctx: ApiContext,
  t: Timelog,
  opts: { plainText: boolean; fields: Set<string> },
): Record<string, unknown> {
  const out: Record<string, unknown> = { id: t.id, taskId: t.taskId, userId: t.userId };
  if (t.categoryId !== undefined) out.categoryId = t.categoryId;
  out.hours = t.hours;
  out.createdDate = t.createdDate;
  out.updatedDate = t.updatedDate;
  out.trackedDate = t.trackedDate;
  out.comment = opts.plainText ? plainText(t.comment) : t.comment;
  if (opts.fields.has("approvalStatus")) out.approvalStatus = "Draft";
  if (opts.fields.has("lockStatus")) {
    const task = ctx.state.world.tasks.get(t.taskId);
    out.lockStatus = task && lockOn(ctx, task, t.trackedDate) ? "Locked" : "Unlocked";
  }
  if (opts.fields.has("exportStatus")) out.exportStatus = "NotExported";
  // "Task's timelogs billing type": every seeded task is NonBillable (task-model.ts).
  if (opts.fields.has("billingType")) out.billingType = "NonBillable";
  return out;
}

export function readOptions(ctx: ApiContext, allowed: readonly string[]) {
  return { plainText: ctx.params.bool("plainText") ?? false, fields: ctx.params.fields(allowed) };
}

/** Timelogs of the account on tasks that are not in the Recycle Bin (simulator choice). */
function visible(ctx: ApiContext): Timelog[] {
  return [...ctx.state.world.timelogs.values()].filter((t) => {
    if (t.accountId !== ctx.account.id) return false;
    return ctx.state.world.tasks.get(t.taskId)?.scope === "WsTask";
  });
}

/** The task and, with descendants (default true), its subtasks at any depth. */
function taskScope(ctx: ApiContext, roots: Task[], descendants: boolean): Set<string> {
  const out = new Set<string>();
  const walk = (task: Task): void => {
    if (out.has(task.id)) return;
    out.add(task.id);
    if (!descendants) return;
    for (const id of task.subTaskIds) {
      const sub = ctx.state.world.tasks.get(id);
      if (sub) walk(sub);
    }
  };
  for (const task of roots) walk(task);
  return out;
}

type Scope =
  | { kind: "account" }
  | { kind: "contact"; id: string }
  | { kind: "task"; task: Task }
  | { kind: "folder"; id: string }
  | { kind: "category"; id: string };

function inScope(ctx: ApiContext, scope: Scope): (t: Timelog) => boolean {
  const descendants = ctx.params.bool("descendants") ?? true;
  switch (scope.kind) {
    case "account":
      return () => true;
    case "contact":
      return (t) => t.userId === scope.id;
    case "category":
      return (t) => t.categoryId === scope.id;
    case "task": {
      const ids = taskScope(ctx, [scope.task], descendants);
      return (t) => ids.has(t.taskId);
    }
    case "folder": {
      const folder = getFolder(ctx, scope.id);
      const folders = new Set((descendants ? descendantsOf(ctx, folder) : [folder]).map((f) => f.id));
      const direct = [...ctx.state.world.tasks.values()].filter(
        (task) => task.accountId === ctx.account.id && task.parentIds.some((id) => folders.has(id)),
      );
      const ids = taskScope(ctx, direct, descendants);
      return (t) => ids.has(t.taskId);
    }
  }
}

function filters(ctx: ApiContext): ((t: Timelog) => boolean)[] {
  const p = ctx.params;
  const out: ((t: Timelog) => boolean)[] = [];
  for (const name of ["createdDate", "updatedDate"] as const) {
    const range = p.dateRange(name, "utc");
    if (range) out.push((t) => inUtcRange(t[name], range));
  }
  const tracked = p.dateRange("trackedDate", "either");
  if (tracked) {
    // A tracked date is a day: compare the day part of each bound.
    const day = (v: string | undefined): string | undefined => v?.slice(0, 10);
    const [equal, start, end] = [day(tracked.equal), day(tracked.start), day(tracked.end)];
    out.push(
      (t) =>
        (equal === undefined || t.trackedDate === equal) &&
        (start === undefined || t.trackedDate >= start) &&
        (end === undefined || t.trackedDate <= end),
    );
  }
  if (p.bool("me") === true) out.push((t) => t.userId === ctx.me.id);
  const categories = p.idList("timelogCategories", 1000);
  if (categories) out.push((t) => t.categoryId !== undefined && categories.includes(t.categoryId));
  const exports = p.oneOrList("exportStatuses", ["NotExported", "Exported", "ReadyForExport"] as const);
  if (exports && !exports.includes("NotExported")) out.push(() => false);
  const billing = p.oneOrList("billingTypes", ["Billable", "NonBillable"] as const);
  if (billing && !billing.includes("NonBillable")) out.push(() => false);
  const approvals = p.oneOrList("approvalStatuses", [
    "Draft",
    "Approved",
    "Rejected",
    "Cancelled",
    "Pending",
  ] as const);
  if (approvals && !approvals.includes("Draft")) out.push(() => false);
  return out;
}

/** Simulator choice (the order is not documented): by tracked date, then creation, then id. */
function byTrackedDate(a: Timelog, b: Timelog): number {
  if (a.trackedDate !== b.trackedDate) return a.trackedDate < b.trackedDate ? -1 : 1;
  if (a.createdDate !== b.createdDate) return a.createdDate < b.createdDate ? -1 : 1;
  return a.id < b.id ? -1 : 1;
}

/** "pageSize ... When not specified, all matching timelogs are returned in a single response." */
function list(ctx: ApiContext, scope: Scope): ApiResult {
  const opts = readOptions(ctx, scope.kind === "account" ? ACCOUNT_FIELDS : TIMELOG_FIELDS);
  const model = (t: Timelog) => timelogModel(ctx, t, opts);
  const fetchAll = (ids: string[]) =>
    ids.flatMap((id) => {
      const t = ctx.state.world.timelogs.get(id);
      return t ? [model(t)] : [];
    });
  const resumed = resumeCursor(ctx, "timelogs");
  if (resumed) {
    const result = page(ctx, "timelogs", resumed.ids, resumed.offset, resumed.pageSize);
    return { kind: "timelogs", data: fetchAll(result.ids), ...extras(result) };
  }
  const pageSize = ctx.params.int("pageSize", 1, 1000);
  const limit = ctx.params.int("limit", 1, 1_000_000);
  const predicates = [inScope(ctx, scope), ...filters(ctx)];
  let matches = visible(ctx)
    .filter((t) => predicates.every((match) => match(t)))
    .sort(byTrackedDate);
  if (limit !== undefined) matches = matches.slice(0, limit);
  if (pageSize === undefined) return { kind: "timelogs", data: matches.map(model) };
  const result = page(
    ctx,
    "timelogs",
    matches.map((t) => t.id),
    0,
    pageSize,
  );
  return { kind: "timelogs", data: fetchAll(result.ids), ...extras(result) };
}

function extras(result: { nextPageToken?: string; responseSize?: number }): Partial<ApiResult> {
  const out: Partial<ApiResult> = {};
  if (result.nextPageToken !== undefined) out.nextPageToken = result.nextPageToken;
  if (result.responseSize !== undefined) out.responseSize = result.responseSize;
  return out;
}

export function getTimelog(ctx: ApiContext, id: string): Timelog {
  const t = ctx.state.world.timelogs.get(id);
  if (!t || t.accountId !== ctx.account.id) throw notFound(`Timelog ${id}`);
  return t;
}

export function accountCategories(ctx: ApiContext): TimelogCategory[] {
  return ctx.state.world.timelogCategories.filter((c) => c.accountId === ctx.account.id);
}

function contactScope(ctx: ApiContext, id: string): Scope {
  if (!accountContacts(ctx).some((c) => c.id === id)) throw notFound(`Contact ${id}`);
  return { kind: "contact", id };
}

function categoryScope(ctx: ApiContext, id: string): Scope {
  if (!accountCategories(ctx).some((c) => c.id === id)) throw notFound(`Timelog category ${id}`);
  return { kind: "category", id };
}

export const timelogReadRoutes: Route[] = [
  {
    method: "GET",
    pattern: /^\/timelogs$/,
    params: LIST_PARAMS,
    scopes: READ_SCOPES,
    handle: (ctx) => list(ctx, { kind: "account" }),
  },
  {
    method: "GET",
    pattern: /^\/contacts\/([^/,]+)\/timelogs$/,
    params: LIST_PARAMS,
    scopes: READ_SCOPES,
    handle: (ctx, [id = ""]) => list(ctx, contactScope(ctx, id)),
  },
  {
    method: "GET",
    pattern: /^\/tasks\/([^/,]+)\/timelogs$/,
    params: LIST_PARAMS,
    scopes: READ_SCOPES,
    handle: (ctx, [id = ""]) => list(ctx, { kind: "task", task: getTask(ctx, id) }),
  },
  {
    method: "GET",
    pattern: /^\/folders\/([^/,]+)\/timelogs$/,
    params: LIST_PARAMS,
    scopes: READ_SCOPES,
    handle: (ctx, [id = ""]) => list(ctx, { kind: "folder", id: getFolder(ctx, id).id }),
  },
  {
    method: "GET",
    pattern: /^\/timelog_categories\/([^/,]+)\/timelogs$/,
    params: LIST_PARAMS,
    scopes: READ_SCOPES,
    handle: (ctx, [id = ""]) => list(ctx, categoryScope(ctx, id)),
  },
  {
    method: "GET",
    pattern: /^\/timelogs\/([^/]+)$/,
    params: ["plainText", "fields"],
    scopes: READ_SCOPES,
    handle: (ctx, [ids = ""]) => {
      const opts = readOptions(ctx, TIMELOG_FIELDS);
      const data = splitIds(ids, 100).map((id) => timelogModel(ctx, getTimelog(ctx, id), opts));
      return { kind: "timelogs", data };
    },
  },
  {
    method: "GET",
    pattern: /^\/timelog_categories$/,
    params: [],
    scopes: CATEGORY_SCOPES,
    handle: (ctx) => ({
      kind: "timelogCategories",
      data: accountCategories(ctx)
        .sort((a, b) => a.order - b.order)
        .map((c) => ({ id: c.id, name: c.name, order: c.order, hidden: c.hidden })),
    }),
  },
];
