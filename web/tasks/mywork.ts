// My work: my open tasks grouped by when they are due, in progress set apart from still to do.
import { BUCKET_LABELS, dayOf, dueBucket, type Day, type DueBucket } from "../lib/dates.ts";
import type { StatusInfo } from "../lib/workflows.ts";
import type { Importance, Task } from "../lib/wrike.ts";

export interface WorkItem {
  task: Task;
  due: Day | undefined;
  start: Day | undefined;
  bucket: DueBucket;
  inProgress: boolean;
}

export interface WorkGroup {
  bucket: DueBucket;
  label: string;
  inProgress: WorkItem[];
  toDo: WorkItem[];
  count: number;
}

export const BUCKET_ORDER: readonly DueBucket[] = ["overdue", "today", "week", "later", "none"];

const IMPORTANCE_RANK: Record<Importance, number> = { High: 0, Normal: 1, Low: 2 };

/**
 * In progress: the task's custom status is an Active status past its workflow's entry status (the
 * group's standard one), and its planned start, if it has one, has come (start day today or earlier).
 * A later status on a task not due to start yet is still to do. When the status is unknown (workflows
 * not loaded) the start day alone decides. Neither test reads a status name.
 */
export function isInProgress(task: Task, today: Day, statuses: ReadonlyMap<string, StatusInfo>): boolean {
  const stage = task.customStatusId ? statuses.get(task.customStatusId)?.stage : undefined;
  const start = dayOf(task.dates?.start);
  const started = start !== undefined && start <= today;
  if (stage === undefined) return started;
  return stage === "progress" && (start === undefined || started);
}

/** Soonest due first; then higher importance, earlier start, title. Undated: importance, then title. */
export function compareWork(a: WorkItem, b: WorkItem): number {
  if (a.due !== b.due) {
    if (a.due === undefined) return 1;
    if (b.due === undefined) return -1;
    return a.due < b.due ? -1 : 1;
  }
  const imp = IMPORTANCE_RANK[a.task.importance] - IMPORTANCE_RANK[b.task.importance];
  if (imp !== 0) return imp;
  if (a.start !== b.start) {
    if (a.start === undefined) return 1;
    if (b.start === undefined) return -1;
    return a.start < b.start ? -1 : 1;
  }
  return a.task.title.localeCompare(b.task.title);
}

/** Groups open tasks; all five groups come back, in order, empty ones with count 0. */
export function groupMyWork(
  tasks: readonly Task[],
  opts: { today: Day; weekEnd: Day; statuses: ReadonlyMap<string, StatusInfo> },
): WorkGroup[] {
  const groups = new Map<DueBucket, WorkGroup>(
    BUCKET_ORDER.map((b) => [b, { bucket: b, label: BUCKET_LABELS[b], inProgress: [], toDo: [], count: 0 }]),
  );
  for (const task of tasks) {
    if (task.status !== "Active") continue;
    const due = dayOf(task.dates?.due);
    const item: WorkItem = {
      task,
      due,
      start: dayOf(task.dates?.start),
      bucket: dueBucket(due, opts.today, opts.weekEnd),
      inProgress: isInProgress(task, opts.today, opts.statuses),
    };
    const g = groups.get(item.bucket)!;
    (item.inProgress ? g.inProgress : g.toDo).push(item);
    g.count++;
  }
  for (const g of groups.values()) {
    g.inProgress.sort(compareWork);
    g.toDo.sort(compareWork);
  }
  return [...groups.values()];
}

/** The items in display order (in progress before to do, group by group): what j/k walks through. */
export function flattenGroups(groups: readonly WorkGroup[]): WorkItem[] {
  return groups.flatMap((g) => [...g.inProgress, ...g.toDo]);
}
