// My work: my open tasks grouped by when they are due, in progress set apart from to do and scheduled.
import {
  BUCKET_LABELS,
  dayOf,
  daysBetween,
  dueBucket,
  formatShortDay,
  type Day,
  type DueBucket,
} from "../ui/dates.ts";
import type { StatusInfo } from "../wrike/workflows.ts";
import type { Importance, Task } from "../wrike/types.ts";

export interface WorkItem {
  task: Task;
  due: Day | undefined;
  start: Day | undefined;
  bucket: DueBucket;
  inProgress: boolean;
  /** Planned to start after today: shown under "Scheduled", whatever its status says. */
  scheduled: boolean;
}

export interface WorkGroup {
  bucket: DueBucket;
  label: string;
  inProgress: WorkItem[];
  toDo: WorkItem[];
  /** Not started yet (planned start after today): neither "to do" nor "in progress" would be true of a
   * task whose status says In Progress, so these stand apart with the day they start. */
  scheduled: WorkItem[];
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

/** Planned to start after today (the start day, not the status, decides: a status can run ahead). */
export function isScheduled(task: Task, today: Day): boolean {
  const start = dayOf(task.dates?.start);
  return start !== undefined && start > today;
}

/** The note a scheduled row carries: "Starts tomorrow", "Starts Dec 12" (with the year when not this one). */
export function startsNote(start: Day, today: Day, locale: string): string {
  return daysBetween(today, start) === 1
    ? "Starts tomorrow"
    : `Starts ${formatShortDay(start, today, locale)}`;
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
    BUCKET_ORDER.map((b) => [
      b,
      { bucket: b, label: BUCKET_LABELS[b], inProgress: [], toDo: [], scheduled: [], count: 0 },
    ]),
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
      scheduled: isScheduled(task, opts.today),
    };
    const g = groups.get(item.bucket)!;
    (item.inProgress ? g.inProgress : item.scheduled ? g.scheduled : g.toDo).push(item);
    g.count++;
  }
  for (const g of groups.values()) {
    g.inProgress.sort(compareWork);
    g.toDo.sort(compareWork);
    g.scheduled.sort(compareWork);
  }
  return [...groups.values()];
}

/** A group's parts in display order: in progress, to do, then scheduled (not started yet). */
export const PARTS = [
  { key: "progress", label: "In progress" },
  { key: "todo", label: "To do" },
  { key: "scheduled", label: "Scheduled" },
] as const;
export type PartKey = (typeof PARTS)[number]["key"];

export function partOf(g: WorkGroup, key: PartKey): WorkItem[] {
  return key === "progress" ? g.inProgress : key === "todo" ? g.toDo : g.scheduled;
}

/** The items in display order (part by part, group by group): what j/k walks through. */
export function flattenGroups(groups: readonly WorkGroup[]): WorkItem[] {
  return groups.flatMap((g) => PARTS.flatMap((p) => partOf(g, p.key)));
}

/** A part's key in the set of parts shown in full ("overdue-todo"). */
export function partKey(bucket: DueBucket, part: PartKey): string {
  return `${bucket}-${part}`;
}

/** How many rows a part shows: the same for every part, or per part (partKey; a part not named shows none). */
export type PartLimit = number | ReadonlyMap<string, number>;

/** A part's rows on screen: all of them once shown in full, else its first `limit`. */
export function shownOf(
  items: WorkItem[],
  key: string,
  expanded: ReadonlySet<string>,
  limit: PartLimit,
): WorkItem[] {
  if (expanded.has(key)) return items;
  return items.slice(0, typeof limit === "number" ? limit : (limit.get(key) ?? 0));
}

/**
 * The first paint's rows: the first `budget` in display order (about what a screen holds), part by part,
 * folded sections skipped; everything past them waits for the next frame. A long My work then costs the
 * first paint no more than a short one, however its rows fall into parts.
 */
export function firstPaintLimits(
  groups: readonly WorkGroup[],
  folded: ReadonlySet<DueBucket>,
  budget: number,
): Map<string, number> {
  const out = new Map<string, number>();
  let left = budget;
  for (const g of groups) {
    if (folded.has(g.bucket)) continue;
    for (const p of PARTS) {
      const n = Math.min(partOf(g, p.key).length, left);
      if (n > 0) out.set(partKey(g.bucket, p.key), n);
      left -= n;
    }
  }
  return out;
}

/** What j/k walks: the rows on screen in display order (a folded group shows none). */
export function visibleItems(
  groups: readonly WorkGroup[],
  folded: ReadonlySet<DueBucket>,
  expanded: ReadonlySet<string>,
  limit: PartLimit,
): WorkItem[] {
  return groups
    .filter((g) => !folded.has(g.bucket))
    .flatMap((g) =>
      PARTS.flatMap((p) => shownOf(partOf(g, p.key), partKey(g.bucket, p.key), expanded, limit)),
    );
}
