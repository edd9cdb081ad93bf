// Task writes: create in a folder, update one or many (status/customStatus kept consistent with the
// workflow's status groups), and delete (to the Recycle Bin).
import { utcStamp } from "../dates.ts";
import { entityId } from "../ids.ts";
import { IMPORTANCES } from "../types.ts";
import type { Folder, Task } from "../types.ts";
import type { ApiContext } from "./context.ts";
import { getTask } from "./lookup.ts";
import { invalidParameter } from "./params.ts";
import {
  applyMetadata,
  applyStatus,
  contactIds,
  folderIds,
  ignoreExtras,
  parseDates,
  parseMetadata,
  priorityKey,
  resolveStatus,
  standardStatus,
  taskIds,
  title,
  workflowOfStatus,
} from "./task-write-input.ts";

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
