// Task writes: create in a folder, update one or many (status/customStatus kept consistent with the
// workflow's status groups), and delete (to the Recycle Bin).
import { addDays, durationMinutes, isTaskDate, utcStamp } from "../dates.ts";
import { entityId } from "../ids.ts";
import { DATE_TYPES, IMPORTANCES, STATUS_GROUPS } from "../types.ts";
import type { CustomStatus, Folder, StatusGroup, Task, TaskDates, Workflow } from "../types.ts";
import type { ApiContext } from "./context.ts";
import { accountContacts, getTask } from "./lookup.ts";
import { invalidParameter, parameterRequired, type Params } from "./params.ts";

export const CREATE_PARAMS = [
  "title",
  "description",
  "status",
  "importance",
  "dates",
  "shareds",
  "parents",
  "responsibles",
  "responsiblePlaceholders",
  "followers",
  "follow",
  "priorityBefore",
  "priorityAfter",
  "superTasks",
  "metadata",
  "customFields",
  "customStatus",
  "effortAllocation",
  "billingType",
  "withInvitations",
  "customItemTypeId",
  "plainTextCustomFields",
  "workScheduleId",
  "fields",
];

export const UPDATE_PARAMS = [
  "title",
  "description",
  "status",
  "importance",
  "dates",
  "addParents",
  "removeParents",
  "addShareds",
  "removeShareds",
  "addResponsibles",
  "removeResponsibles",
  "addResponsiblePlaceholders",
  "removeResponsiblePlaceholders",
  "addFollowers",
  "follow",
  "priorityBefore",
  "priorityAfter",
  "addSuperTasks",
  "removeSuperTasks",
  "metadata",
  "customFields",
  "customStatus",
  "restore",
  "effortAllocation",
  "setResponsibleAllocation",
  "billingType",
  "withInvitations",
  "convertToCustomItemType",
  "plainTextCustomFields",
  "workScheduleId",
  "fields",
];

export const BULK_UPDATE_PARAMS = [
  "customFields",
  "effortAllocation",
  "setResponsibleAllocation",
  "convertToCustomItemType",
  "addParents",
  "removeParents",
  "addResponsibles",
  "removeResponsibles",
  "addResponsiblePlaceholders",
  "removeResponsiblePlaceholders",
  "customStatus",
  "fields",
];

function workflowOfStatus(ctx: ApiContext, statusId: string): Workflow | undefined {
  return ctx.state.world.workflows.find(
    (w) => w.accountId === ctx.account.id && w.customStatuses.some((s) => s.id === statusId),
  );
}

function findStatus(ctx: ApiContext, id: string): CustomStatus {
  const status = workflowOfStatus(ctx, id)?.customStatuses.find((s) => s.id === id);
  if (!status) throw invalidParameter("customStatus", `unknown custom status ${id}`);
  return status;
}

/** The custom status for a status group in a workflow: the group's standard one. */
function standardStatus(workflow: Workflow, group: StatusGroup): CustomStatus {
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
function resolveStatus(
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

function applyStatus(task: Task, custom: CustomStatus, now: number): void {
  if (task.customStatusId === custom.id) return;
  const was = task.status;
  task.customStatusId = custom.id;
  task.status = custom.group;
  if (custom.group === "Completed" && was !== "Completed") task.completedDate = utcStamp(now);
  if (custom.group !== "Completed") delete task.completedDate;
}

function contactIds(ctx: ApiContext, name: string): string[] | undefined {
  const ids = ctx.params.idList(name, 100);
  if (!ids) return undefined;
  const known = new Set(accountContacts(ctx).map((c) => c.id));
  for (const id of ids) if (!known.has(id)) throw invalidParameter(name, `unknown contact ${id}`);
  return ids;
}

function folderIds(ctx: ApiContext, name: string): string[] | undefined {
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

function taskIds(ctx: ApiContext, name: string): string[] | undefined {
  const ids = ctx.params.idList(name, 100);
  if (!ids) return undefined;
  for (const id of ids) {
    const task = ctx.state.world.tasks.get(id);
    if (!task || task.accountId !== ctx.account.id) throw invalidParameter(name, `unknown task ${id}`);
  }
  return ids;
}

function normaliseDate(value: string, time: string): string {
  return value.length === 10 ? `${value}T${time}` : value;
}

/** dates = {type, start, due, duration, workOnWeekends}; the type follows from the dates when omitted. */
function parseDates(p: Params): TaskDates | undefined {
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

function parseMetadata(p: Params): { key: string; value: string | null }[] | undefined {
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

function applyMetadata(task: Task, entries: { key: string; value: string | null }[]): void {
  for (const { key, value } of entries) {
    task.metadata = task.metadata.filter((m) => m.key !== key);
    if (value !== null) task.metadata.push({ key, value });
  }
}

function title(p: Params, required: boolean): string | undefined {
  const value = p.str("title");
  if (value === undefined) {
    if (required) throw parameterRequired("title");
    return undefined;
  }
  if (value.trim() === "") throw invalidParameter("title", "must not be empty");
  if (value.length > 4000) throw invalidParameter("title", "too long");
  return value;
}

function ignoreExtras(p: Params): void {
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

function priorityKey(ctx: ApiContext): string {
  return (
    (0x0ca98008 + ctx.state.world.next.priority++ * 0x400).toString(16).padStart(8, "0") +
    "0".repeat(12) +
    "0800"
  );
}

export function createTask(ctx: ApiContext, folder: Folder): Task {
  const p = ctx.params;
  if (folder.kind === "recycle") throw invalidParameter("folderId", "cannot create tasks in the Recycle Bin");
  const name = title(p, true) ?? "";
  const description = p.str("description") ?? "";
  const importance = p.oneOf("importance", IMPORTANCES) ?? "Normal";
  const workflow = ctx.state.world.workflows.find((w) => w.id === folder.workflowId);
  if (!workflow) throw new Error(`folder ${folder.id} has no workflow`);
  const custom = resolveStatus(ctx, p, workflow, undefined) ?? standardStatus(workflow, "Active");
  // "If not specified, a backlogged task is created" (spec v154).
  const dates = parseDates(p) ?? { type: "Backlog" };
  const responsibles = contactIds(ctx, "responsibles") ?? [];
  const shareds = contactIds(ctx, "shareds") ?? [];
  const followers = contactIds(ctx, "followers") ?? [];
  const parents = folderIds(ctx, "parents") ?? [];
  const superTasks = taskIds(ctx, "superTasks") ?? [];
  const follow = p.bool("follow") ?? true;
  const metadata = parseMetadata(p) ?? [];
  p.str("priorityBefore");
  p.str("priorityAfter");
  ignoreExtras(p);
  const now = Date.now();
  const world = ctx.state.world;
  world.next.permalink += 1;
  const task: Task = {
    id: entityId(ctx.account.id, "KQ", world.next.task++),
    accountId: ctx.account.id,
    title: name,
    description,
    // Wrike: a subtask created in the root is only under its super task.
    parentIds:
      superTasks.length > 0 && folder.kind === "root" ? [...parents] : [...new Set([folder.id, ...parents])],
    superTaskIds: [...superTasks],
    subTaskIds: [],
    // "The task is always shared with its author."
    sharedIds: [...new Set([ctx.me.id, ...shareds, ...responsibles])],
    responsibleIds: [...responsibles],
    authorIds: [ctx.me.id],
    followerIds: [...new Set([...(follow ? [ctx.me.id] : []), ...followers, ...responsibles])],
    dependencyIds: [],
    status: custom.group,
    importance,
    createdDate: utcStamp(now),
    updatedDate: utcStamp(now),
    dates,
    scope: "WsTask",
    customStatusId: custom.id,
    permalinkId: world.next.permalink,
    priority: priorityKey(ctx),
    recurrent: false,
    metadata: [],
    customFields: [],
  };
  if (custom.group === "Completed") task.completedDate = task.createdDate;
  applyMetadata(task, metadata);
  for (const id of superTasks) world.tasks.get(id)?.subTaskIds.push(task.id);
  world.tasks.set(task.id, task);
  return task;
}

function addAll(list: string[], add: string[] | undefined, remove: string[] | undefined): string[] {
  let out = [...list];
  if (add) out = [...new Set([...out, ...add])];
  if (remove) out = out.filter((id) => !remove.includes(id));
  return out;
}

export function updateTasks(ctx: ApiContext, tasks: Task[], bulk: boolean): Task[] {
  const p = ctx.params;
  const newTitle = bulk ? undefined : title(p, false);
  const description = bulk ? undefined : p.str("description");
  const importance = bulk ? undefined : p.oneOf("importance", IMPORTANCES);
  const dates = bulk ? undefined : parseDates(p);
  const addResponsibles = contactIds(ctx, "addResponsibles");
  const removeResponsibles = p.idList("removeResponsibles", 100);
  const addShareds = bulk ? undefined : contactIds(ctx, "addShareds");
  const removeShareds = bulk ? undefined : p.idList("removeShareds", 100);
  const addFollowers = bulk ? undefined : contactIds(ctx, "addFollowers");
  const addParents = folderIds(ctx, "addParents");
  const removeParents = p.idList("removeParents", 100);
  const addSuperTasks = bulk ? undefined : taskIds(ctx, "addSuperTasks");
  const removeSuperTasks = bulk ? undefined : p.idList("removeSuperTasks", 100);
  const follow = bulk ? undefined : p.bool("follow");
  const restore = bulk ? undefined : p.bool("restore");
  const metadata = bulk ? undefined : parseMetadata(p);
  if (!bulk) {
    p.str("priorityBefore");
    p.str("priorityAfter");
  }
  ignoreExtras(p);
  const now = Date.now();
  // Validate the status for every task before changing any of them.
  const statuses = tasks.map((task) => {
    const workflow = workflowOfStatus(ctx, task.customStatusId);
    if (!workflow) throw new Error(`task ${task.id} has no workflow`);
    const current = workflow.customStatuses.find((s) => s.id === task.customStatusId);
    return resolveStatus(ctx, p, workflow, current);
  });
  tasks.forEach((task, i) => {
    if (newTitle !== undefined) task.title = newTitle;
    if (description !== undefined) task.description = description;
    if (importance !== undefined) task.importance = importance;
    if (dates !== undefined) task.dates = dates;
    const custom = statuses[i];
    if (custom) applyStatus(task, custom, now);
    task.responsibleIds = addAll(task.responsibleIds, addResponsibles, removeResponsibles);
    task.sharedIds = addAll(
      task.sharedIds,
      [...(addShareds ?? []), ...(addResponsibles ?? [])],
      removeShareds,
    );
    task.followerIds = addAll(task.followerIds, addFollowers, undefined);
    if (follow === true) task.followerIds = addAll(task.followerIds, [ctx.me.id], undefined);
    if (follow === false) task.followerIds = task.followerIds.filter((id) => id !== ctx.me.id);
    task.parentIds = addAll(task.parentIds, addParents, removeParents);
    if (addSuperTasks || removeSuperTasks) {
      const before = task.superTaskIds;
      task.superTaskIds = addAll(
        before,
        addSuperTasks?.filter((id) => id !== task.id),
        removeSuperTasks,
      );
      for (const id of before) {
        const parent = ctx.state.world.tasks.get(id);
        if (parent && !task.superTaskIds.includes(id))
          parent.subTaskIds = parent.subTaskIds.filter((s) => s !== task.id);
      }
      for (const id of task.superTaskIds) {
        const parent = getTask(ctx, id);
        if (!parent.subTaskIds.includes(task.id)) parent.subTaskIds.push(task.id);
      }
    }
    if (metadata) applyMetadata(task, metadata);
    if (restore === true) task.scope = "WsTask";
    task.updatedDate = utcStamp(now);
  });
  return tasks;
}

/** DELETE moves the task to the Recycle Bin and returns it with scope RbTask. */
export function deleteTask(ctx: ApiContext, task: Task): Task {
  task.scope = "RbTask";
  task.updatedDate = utcStamp(Date.now());
  return task;
}
