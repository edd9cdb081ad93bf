// Reading a task write's parameters: statuses against the account's workflows, ids, dates, metadata,
// titles, and the parameters Wrike accepts but the simulator ignores.
import { addDays, durationMinutes, isTaskDate, utcStamp } from "../dates.ts";
import { DATE_TYPES, STATUS_GROUPS } from "../types.ts";
import type { CustomStatus, StatusGroup, Task, TaskDates, Workflow } from "../types.ts";
import type { ApiContext } from "./context.ts";
import { accountContacts } from "./lookup.ts";
import { invalidParameter, parameterRequired, type Params } from "./params.ts";

export function workflowOfStatus(ctx: ApiContext, statusId: string): Workflow | undefined {
  return ctx.state.world.workflows.find(
    (w) => w.accountId === ctx.account.id && w.customStatuses.some((s) => s.id === statusId),
  );
}

export function findStatus(ctx: ApiContext, id: string): CustomStatus {
  const status = workflowOfStatus(ctx, id)?.customStatuses.find((s) => s.id === id);
  if (!status) throw invalidParameter("customStatus", `unknown custom status ${id}`);
  return status;
}

/** The custom status for a status group in a workflow: the group's standard one. */
export function standardStatus(workflow: Workflow, group: StatusGroup): CustomStatus {
  const status =
    workflow.customStatuses.find((s) => s.group === group && s.standard) ??
    workflow.customStatuses.find((s) => s.group === group);
  if (!status) throw invalidParameter("status", `workflow ${workflow.name} has no ${group} status`);
  return status;
}

/**
 * status and customStatus must agree: the custom status's group drives task.status. With status alone
 * the workflow's standard status of that group is used (unless the current one is already in it).
 */
export function resolveStatus(
  ctx: ApiContext,
  p: Params,
  workflow: Workflow,
  current: CustomStatus | undefined,
): CustomStatus | undefined {
  const status = p.oneOf("status", STATUS_GROUPS);
  const customId = p.str("customStatus");
  if (customId !== undefined) {
    const custom = findStatus(ctx, customId);
    if (status !== undefined && status !== custom.group) {
      throw invalidParameter("customStatus", `custom status is in group ${custom.group}, not ${status}`);
    }
    return custom;
  }
  if (status === undefined) return undefined;
  if (current && current.group === status) return current;
  return standardStatus(workflow, status);
}

export function applyStatus(task: Task, custom: CustomStatus, now: number): void {
  if (task.customStatusId === custom.id) return;
  const was = task.status;
  task.customStatusId = custom.id;
  task.status = custom.group;
  if (custom.group === "Completed" && was !== "Completed") task.completedDate = utcStamp(now);
  if (custom.group !== "Completed") delete task.completedDate;
}

export function contactIds(ctx: ApiContext, name: string): string[] | undefined {
  const ids = ctx.params.idList(name, 100);
  if (!ids) return undefined;
  const known = new Set(accountContacts(ctx).map((c) => c.id));
  for (const id of ids) if (!known.has(id)) throw invalidParameter(name, `unknown contact ${id}`);
  return ids;
}

export function folderIds(ctx: ApiContext, name: string): string[] | undefined {
  const ids = ctx.params.idList(name, 100);
  if (!ids) return undefined;
  for (const id of ids) {
    const folder = ctx.state.world.folders.get(id);
    if (!folder || folder.accountId !== ctx.account.id || folder.kind === "recycle") {
      throw invalidParameter(name, `unknown folder ${id}`);
    }
  }
  return ids;
}

export function taskIds(ctx: ApiContext, name: string): string[] | undefined {
  const ids = ctx.params.idList(name, 100);
  if (!ids) return undefined;
  for (const id of ids) {
    const task = ctx.state.world.tasks.get(id);
    if (!task || task.accountId !== ctx.account.id) throw invalidParameter(name, `unknown task ${id}`);
  }
  return ids;
}

export function normaliseDate(value: string, time: string): string {
  return value.length === 10 ? `${value}T${time}` : value;
}

/** dates = {type, start, due, duration, workOnWeekends}; the type follows from the dates when omitted. */
export function parseDates(p: Params): TaskDates | undefined {
  const raw = p.json("dates");
  if (raw === undefined) return undefined;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    throw invalidParameter("dates", "expected an object");
  const input = raw as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!["type", "start", "due", "duration", "workOnWeekends"].includes(key)) {
      throw invalidParameter("dates", `unknown key ${key}`);
    }
  }
  const str = (key: string): string | undefined => {
    const v = input[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "string" || !isTaskDate(v))
      throw invalidParameter("dates", `${key} must be yyyy-MM-dd or yyyy-MM-ddTHH:mm:ss`);
    return v;
  };
  let start = str("start");
  let due = str("due");
  const workOnWeekends = input.workOnWeekends === undefined ? false : input.workOnWeekends;
  if (typeof workOnWeekends !== "boolean")
    throw invalidParameter("dates", "workOnWeekends must be a boolean");
  const durationIn = input.duration;
  if (
    durationIn !== undefined &&
    (typeof durationIn !== "number" ||
      !Number.isInteger(durationIn) ||
      durationIn < 0 ||
      durationIn >= 1_800_000)
  ) {
    throw invalidParameter("dates", "duration must be whole minutes in [0, 1800000)");
  }
  let type = input.type;
  if (type !== undefined && (typeof type !== "string" || !(DATE_TYPES as readonly string[]).includes(type))) {
    throw invalidParameter("dates", `type must be one of ${DATE_TYPES.join(", ")}`);
  }
  type ??= due !== undefined ? (start !== undefined ? "Planned" : "Milestone") : "Backlog";
  if (type === "Backlog") {
    if (start !== undefined || due !== undefined)
      throw invalidParameter("dates", "a Backlog task has no start or due");
    return typeof durationIn === "number" ? { type, duration: durationIn } : { type: "Backlog" };
  }
  if (type === "Milestone") {
    if (due === undefined) throw invalidParameter("dates", "a Milestone needs due");
    if (start !== undefined) throw invalidParameter("dates", "a Milestone has no start");
    return { type, duration: 0, due: normaliseDate(due, "17:00:00"), workOnWeekends };
  }
  if (start === undefined && due !== undefined && typeof durationIn === "number") {
    start = addDays(due, -Math.max(0, Math.ceil(durationIn / 480) - 1));
  }
  if (start === undefined || due === undefined)
    throw invalidParameter("dates", "a Planned task needs start and due");
  start = normaliseDate(start, "09:00:00");
  due = normaliseDate(due, "17:00:00");
  if (start > due) throw invalidParameter("dates", "start is after due");
  return {
    type: "Planned",
    duration: typeof durationIn === "number" ? durationIn : durationMinutes(start, due, workOnWeekends),
    start,
    due,
    workOnWeekends,
  };
}

export function parseMetadata(p: Params): { key: string; value: string | null }[] | undefined {
  const raw = p.json("metadata");
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw) || raw.length > 100)
    throw invalidParameter("metadata", "expected an array of {key, value}");
  return raw.map((item: unknown) => {
    const entry = item as { key?: unknown; value?: unknown };
    if (typeof entry !== "object" || entry === null || typeof entry.key !== "string") {
      throw invalidParameter("metadata", "expected an array of {key, value}");
    }
    if (entry.value !== null && entry.value !== undefined && typeof entry.value !== "string") {
      throw invalidParameter("metadata", "values are strings or null");
    }
    return { key: entry.key, value: entry.value ?? null };
  });
}

export function applyMetadata(task: Task, entries: { key: string; value: string | null }[]): void {
  for (const { key, value } of entries) {
    task.metadata = task.metadata.filter((m) => m.key !== key);
    if (value !== null) task.metadata.push({ key, value });
  }
}

export function title(p: Params, required: boolean): string | undefined {
  const value = p.str("title");
  if (value === undefined) {
    if (required) throw parameterRequired("title");
    return undefined;
  }
  if (value.trim() === "") throw invalidParameter("title", "must not be empty");
  if (value.length > 4000) throw invalidParameter("title", "too long");
  return value;
}

export function ignoreExtras(p: Params): void {
  // Accepted for compatibility; the simulator keeps no placeholders, custom fields, effort or billing.
  for (const name of [
    "customFields",
    "effortAllocation",
    "setResponsibleAllocation",
    "responsiblePlaceholders",
  ])
    p.json(name);
  for (const name of ["addResponsiblePlaceholders", "removeResponsiblePlaceholders"]) p.idList(name);
  p.bool("withInvitations");
  p.bool("plainTextCustomFields");
  p.str("billingType");
  p.str("customItemTypeId");
  p.str("convertToCustomItemType");
  p.str("workScheduleId");
}

export function priorityKey(ctx: ApiContext): string {
  return (
    (0x0ca98008 + ctx.state.world.next.priority++ * 0x400).toString(16).padStart(8, "0") +
    "0".repeat(12) +
    "0800"
  );
}
