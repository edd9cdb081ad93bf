// How a task shows in a list row: status name and colour, due label, overdue mark, link.
import { dayOf, formatRelativeDay, type Day } from "../ui/dates.ts";
import { taskPath } from "../nav/routes.ts";
import { statusColour, type StatusInfo } from "../wrike/workflows.ts";
import type { Task } from "../wrike/types.ts";

export interface RowModel {
  id: string;
  title: string;
  href: string;
  statusName: string;
  statusColour: string;
  importance: Task["importance"];
  due: Day | undefined;
  dueLabel: string;
  overdue: boolean;
  /** The task's first folder or project (its title comes from the directory, fetched in batches). */
  parentId: string | undefined;
  /** For screen readers: one sentence per row. */
  summary: string;
}

/** What a row says of where a task lives: its folder's or project's title; nothing for the account's root. */
export function rowPlace(folder: { title: string; scope?: string } | undefined): string | undefined {
  if (!folder || folder.scope === "WsRoot" || folder.scope === "RbRoot" || folder.title === "Root") {
    return undefined;
  }
  return folder.title;
}

export function rowModel(
  task: Task,
  ctx: { today: Day; locale: string; statuses: ReadonlyMap<string, StatusInfo> },
): RowModel {
  const info = task.customStatusId ? ctx.statuses.get(task.customStatusId) : undefined;
  const statusName = info?.status.name ?? task.status;
  const due = dayOf(task.dates?.due);
  const overdue = task.status === "Active" && due !== undefined && due < ctx.today;
  const dueLabel = due ? formatRelativeDay(due, ctx.today, ctx.locale) : "";
  const parts = [task.title, statusName];
  if (task.importance === "High") parts.push("high importance");
  if (due) parts.push(overdue ? `overdue, was due ${dueLabel}` : `due ${dueLabel}`);
  return {
    id: task.id,
    title: task.title,
    href: taskPath(task.id),
    statusName,
    statusColour: statusColour(info?.status.color, task.status),
    importance: task.importance,
    due,
    dueLabel,
    overdue,
    parentId: task.parentIds?.[0],
    summary: parts.join(", "),
  };
}
