// Timelog writes: POST /tasks/{id}/timelogs, PUT /timelogs/{id}, DELETE /timelogs/{id}, with Wrike's
// validation (hours in [0..24], trackedDate yyyy-MM-dd, the comment rule), the plan switch for accounts
// without time tracking, and locked periods.
import { isTaskDate, utcStamp } from "../dates.ts";
import { escapeHtml } from "../http.ts";
import { entityId } from "../ids.ts";
import { WRITE_SCOPES } from "../scopes.ts";
import type { Task, Timelog } from "../types.ts";
import type { ApiContext, ApiResult, Route } from "./context.ts";
import { accountContacts, getTask } from "./lookup.ts";
import { ApiError, invalidParameter } from "./params.ts";
import { refuseIfLocked } from "./timelog-locks.ts";
import { accountCategories, getTimelog, readOptions, timelogModel } from "./timelogs.ts";
import { timelogChanged } from "./webhook-events.ts";

/** `fields` on create and update: only these two (spec v154). */
const WRITE_FIELDS = ["approvalStatus", "billingType"];

/** tacogips' live run: a create without trackedDate is 400 invalid_parameter (not parameter_required). */
const missing = (name: string): ApiError => invalidParameter(name, "is required");

function hoursParam(ctx: ApiContext, required: boolean): number | undefined {
  const text = ctx.params.str("hours");
  if (text === undefined) {
    if (required) throw missing("hours");
    return undefined;
  }
  if (!/^-?(\d+(\.\d+)?|\.\d+)$/.test(text.trim())) throw invalidParameter("hours", "expected a number");
  const hours = Number(text);
  // "Hours tracked in timelog record, must be in [0..24] hours range" (old docs, via Taviloglu and nodkz).
  if (!(hours >= 0 && hours <= 24)) throw invalidParameter("hours", "must be in [0..24] hours range");
  return hours;
}

function trackedDateParam(ctx: ApiContext, required: boolean): string | undefined {
  const text = ctx.params.str("trackedDate");
  if (text === undefined) {
    if (required) throw missing("trackedDate");
    return undefined;
  }
  if (text.length !== 10 || !isTaskDate(text)) throw invalidParameter("trackedDate", "expected yyyy-MM-dd");
  return text;
}

/** The comment as stored HTML; with plainText=true it is escaped first (as comments are). */
function commentParam(ctx: ApiContext, creating: boolean): string | undefined {
  const text = ctx.params.str("comment");
  const required = ctx.state.config.timelogComment === "required";
  if (text === undefined) {
    if (creating && required) throw missing("comment");
    return creating ? "" : undefined;
  }
  if (required && text.trim() === "") throw invalidParameter("comment", "must not be empty");
  const plain = ctx.params.bool("plainText") ?? false;
  return plain ? escapeHtml(text).replace(/\r?\n/g, "<br />") : text;
}

/** A category of the account; hidden ones cannot take new time (simulator choice). */
function categoryParam(ctx: ApiContext): string | undefined {
  const id = ctx.params.str("categoryId");
  if (id === undefined) return undefined;
  const category = accountCategories(ctx).find((c) => c.id === id);
  if (!category) throw invalidParameter("categoryId", `unknown timelog category ${id}`);
  if (category.hidden) throw invalidParameter("categoryId", `timelog category ${id} is hidden`);
  return category.id;
}

/** Live Wrike on a plan without time tracking: 403 not_allowed, after the parameters were checked. */
function requireTimeTracking(ctx: ApiContext): void {
  if (ctx.state.config.timeTrackingDisabled.includes(ctx.account.id)) {
    throw new ApiError(403, "not_allowed", "Time tracking is not available on this account's plan");
  }
}

const isAdmin = (ctx: ApiContext): boolean =>
  ctx.me.profiles.some((p) => p.accountId === ctx.account.id && (p.admin || p.owner));

/** `onBehalfOf`: a person of the account; only admins may log time for others (simulator choice). */
function ownerParam(ctx: ApiContext): string {
  const id = ctx.params.str("onBehalfOf");
  if (id === undefined || id === ctx.me.id) return ctx.me.id;
  if (!accountContacts(ctx).some((c) => c.id === id))
    throw invalidParameter("onBehalfOf", `unknown contact ${id}`);
  if (!isAdmin(ctx)) throw new ApiError(403, "access_forbidden", "Only admins may log time for others");
  return id;
}

function respond(ctx: ApiContext, t: Timelog): ApiResult {
  const { fields } = readOptions(ctx, WRITE_FIELDS);
  return { kind: "timelogs", data: [timelogModel(ctx, t, { plainText: false, fields })] };
}

function create(ctx: ApiContext, task: Task): ApiResult {
  ctx.params.fields(WRITE_FIELDS);
  const hours = hoursParam(ctx, true) ?? 0;
  const trackedDate = trackedDateParam(ctx, true) ?? "";
  const comment = commentParam(ctx, true) ?? "";
  const categoryId = categoryParam(ctx);
  const userId = ownerParam(ctx);
  requireTimeTracking(ctx);
  refuseIfLocked(ctx, task, trackedDate);
  const world = ctx.state.world;
  const stamp = utcStamp(Date.now());
  const timelog: Timelog = {
    id: entityId(ctx.account.id, "JQ", world.next.timelog++),
    accountId: ctx.account.id,
    taskId: task.id,
    userId,
    hours,
    createdDate: stamp,
    updatedDate: stamp,
    trackedDate,
    comment,
  };
  if (categoryId !== undefined) timelog.categoryId = categoryId;
  world.timelogs.set(timelog.id, timelog);
  ctx.events.push(timelogChanged(timelog, "Added"));
  return respond(ctx, timelog);
}

/** Simulator choice: a timelog's own person or an account admin may change or delete it. */
function changeable(ctx: ApiContext, id: string): { timelog: Timelog; task: Task } {
  const timelog = getTimelog(ctx, id);
  if (timelog.userId !== ctx.me.id && !isAdmin(ctx))
    throw new ApiError(403, "access_forbidden", "Only the timelog's owner or an admin may change it");
  const task = ctx.state.world.tasks.get(timelog.taskId);
  if (!task) throw new ApiError(404, "resource_not_found", `Timelog ${id} not found`);
  return { timelog, task };
}

function update(ctx: ApiContext, id: string): ApiResult {
  ctx.params.fields(WRITE_FIELDS);
  const { timelog, task } = changeable(ctx, id);
  const hours = hoursParam(ctx, false);
  const trackedDate = trackedDateParam(ctx, false);
  const comment = commentParam(ctx, false);
  const categoryId = categoryParam(ctx);
  requireTimeTracking(ctx);
  // Neither the day it is on nor the day it moves to may be locked.
  refuseIfLocked(ctx, task, timelog.trackedDate);
  if (trackedDate !== undefined) refuseIfLocked(ctx, task, trackedDate);
  if (hours !== undefined) timelog.hours = hours;
  if (trackedDate !== undefined) timelog.trackedDate = trackedDate;
  if (comment !== undefined) timelog.comment = comment;
  if (categoryId !== undefined) timelog.categoryId = categoryId;
  timelog.updatedDate = utcStamp(Date.now());
  ctx.events.push(timelogChanged(timelog, "Updated"));
  return respond(ctx, timelog);
}

/**
 * The delete's body is not recorded anywhere (spec v154 types it `data: list<string>`); the simulator
 * answers an empty data array, as live Wrike does for comment and attachment deletes (tacogips live run).
 */
function remove(ctx: ApiContext, id: string): ApiResult {
  const { timelog, task } = changeable(ctx, id);
  requireTimeTracking(ctx);
  refuseIfLocked(ctx, task, timelog.trackedDate);
  ctx.state.world.timelogs.delete(timelog.id);
  ctx.events.push(timelogChanged(timelog, "Removed"));
  return { kind: "timelogs", data: [] };
}

export const timelogWriteRoutes: Route[] = [
  {
    method: "POST",
    pattern: /^\/tasks\/([^/,]+)\/timelogs$/,
    params: ["comment", "hours", "trackedDate", "plainText", "categoryId", "onBehalfOf", "fields"],
    scopes: WRITE_SCOPES,
    handle: (ctx, [id = ""]) => create(ctx, getTask(ctx, id)),
  },
  {
    method: "PUT",
    pattern: /^\/timelogs\/([^/,]+)$/,
    params: ["comment", "hours", "trackedDate", "plainText", "categoryId", "fields"],
    scopes: WRITE_SCOPES,
    handle: (ctx, [id = ""]) => update(ctx, id),
  },
  {
    method: "DELETE",
    pattern: /^\/timelogs\/([^/,]+)$/,
    params: [],
    scopes: WRITE_SCOPES,
    handle: (ctx, [id = ""]) => remove(ctx, id),
  },
];
