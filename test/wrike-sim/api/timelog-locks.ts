// Timelog lock periods: which locks cover a task (its folders and their ancestors, through super tasks for
// subtasks), and GET /tasks|folders|spaces/{id}/timelog_lock_periods with Wrike's `period` parameter.
import { addDays, isTaskDate, todayIn } from "../dates.ts";
import { READ_SCOPES } from "../scopes.ts";
import type { Folder, LockPeriod, Task } from "../types.ts";
import type { ApiContext, ApiResult, Route } from "./context.ts";
import { getFolder, getSpace, getTask } from "./lookup.ts";
import { ApiError, invalidParameter } from "./params.ts";

/** The folder and every folder above it (spaces included). */
function withAncestors(ctx: ApiContext, folderId: string, into: Set<string>): void {
  let current = ctx.state.world.folders.get(folderId);
  while (current && !into.has(current.id)) {
    into.add(current.id);
    current = current.parentId === null ? undefined : ctx.state.world.folders.get(current.parentId);
  }
}

/** Folders whose locks apply to the task: its parents (a subtask's come from its super tasks) and above. */
function foldersAbove(ctx: ApiContext, task: Task): Set<string> {
  const out = new Set<string>();
  const seen = new Set<string>();
  const walk = (t: Task): void => {
    if (seen.has(t.id)) return;
    seen.add(t.id);
    for (const id of t.parentIds) withAncestors(ctx, id, out);
    for (const id of t.superTaskIds) {
      const parent = ctx.state.world.tasks.get(id);
      if (parent) walk(parent);
    }
  };
  walk(task);
  return out;
}

function locksOver(ctx: ApiContext, folderIds: Set<string>): LockPeriod[] {
  return ctx.state.world.lockPeriods.filter(
    (l) => l.accountId === ctx.account.id && folderIds.has(l.folderId),
  );
}

/** The lock period covering `date` (yyyy-MM-dd) for timelogs on this task, if any. */
export function lockOn(ctx: ApiContext, task: Task, date: string): LockPeriod | undefined {
  return locksOver(ctx, foldersAbove(ctx, task)).find((l) => l.start <= date && date <= l.end);
}

/**
 * Sources are silent on the error a locked period gives (wrike-api.md §10.4 guesses 403 not_allowed or
 * 400 invalid_parameter); the simulator answers 403 not_allowed and names the period.
 */
export function refuseIfLocked(ctx: ApiContext, task: Task, date: string): void {
  const lock = lockOn(ctx, task, date);
  if (lock) {
    throw new ApiError(
      403,
      "not_allowed",
      `Timelogs for ${date} are locked (lock period ${lock.start} to ${lock.end})`,
    );
  }
}

/** `period`: {"start","end"} or {"equal"} of yyyy-MM-dd days; without it, 6 months either side of today. */
function periodParam(ctx: ApiContext): { start: string; end: string } {
  const value = ctx.params.json("period");
  if (value === undefined) {
    const today = todayIn(ctx.account.timezone);
    return { start: addDays(today, -183), end: addDays(today, 183) };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw invalidParameter("period", 'expected {"start","end"} or {"equal"}');
  const range: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key !== "start" && key !== "end" && key !== "equal")
      throw invalidParameter("period", `unknown key ${key}`);
    if (typeof item !== "string" || item.length !== 10 || !isTaskDate(item))
      throw invalidParameter("period", `expected yyyy-MM-dd in ${key}`);
    range[key] = item;
  }
  if (range.equal !== undefined) return { start: range.equal, end: range.equal };
  return { start: range.start ?? "0000-01-01", end: range.end ?? "9999-12-31" };
}

function sourceType(folder: Folder | undefined): string {
  if (folder?.kind === "space") return "Space";
  return folder?.kind === "project" ? "Project" : "Folder";
}

/** Model {start, end, source} (spec v154); what `source` holds is not documented: {type, id} here. */
function periods(ctx: ApiContext, folderIds: Set<string>): ApiResult {
  const { start, end } = periodParam(ctx);
  const data = locksOver(ctx, folderIds)
    .filter((l) => l.start <= end && l.end >= start)
    .map((l) => ({
      start: l.start,
      end: l.end,
      source: { type: sourceType(ctx.state.world.folders.get(l.folderId)), id: l.folderId },
    }));
  return { kind: "timelogLockPeriods", data };
}

function forFolder(ctx: ApiContext, folder: Folder): ApiResult {
  const ids = new Set<string>();
  withAncestors(ctx, folder.id, ids);
  return periods(ctx, ids);
}

export const lockRoutes: Route[] = [
  {
    method: "GET",
    pattern: /^\/tasks\/([^/,]+)\/timelog_lock_periods$/,
    params: ["period"],
    scopes: READ_SCOPES,
    handle: (ctx, [id = ""]) => periods(ctx, foldersAbove(ctx, getTask(ctx, id))),
  },
  {
    method: "GET",
    pattern: /^\/folders\/([^/,]+)\/timelog_lock_periods$/,
    params: ["period"],
    scopes: READ_SCOPES,
    handle: (ctx, [id = ""]) => forFolder(ctx, getFolder(ctx, id)),
  },
  {
    method: "GET",
    pattern: /^\/spaces\/([^/,]+)\/timelog_lock_periods$/,
    params: ["period"],
    scopes: READ_SCOPES,
    handle: (ctx, [id = ""]) => forFolder(ctx, getSpace(ctx, id)),
  },
];
