// My work's first paint: one small query per due-date bucket (run together), their counts from Wrike's
// responseSize, and the rest of each bucket fetched after, so the first rows cost the same at 300 or 10,000 tasks.
import { addDays, dayOf, dayRange, dueBucket, type Day, type DueBucket } from "../ui/dates.ts";
import type { Param } from "../wrike/query.ts";
import type { Task } from "../wrike/types.ts";
import { compareTasks } from "./order.ts";

/** Rows each bucket asks for first: a group shows its first 50 rows per part (MyWork.svelte). */
export const FIRST_PAGE = 50;
/** The pages that fill a bucket in after the first paint (Wrike's largest). */
export const FILL_PAGE = 1000;
/**
 * My work is a personal view: it holds at most this many open tasks (the rest are in My tasks, which pages
 * through any number). A page holding thousands more costs memory on a phone and time on every reload
 * (the next document waits while the last one's tasks are torn down), for rows nobody scrolls to here.
 */
export const MAX_TASKS = 1_000;

export interface BucketQuery {
  bucket: DueBucket;
  query: Record<string, Param>;
}

/** The day boundaries a plan was made with: counts from Wrike hold only while they are today's. */
export interface PlanDays {
  today: Day;
  weekEnd: Day;
}

/**
 * One GET /tasks query per bucket, as dueBucket() files a task: overdue (due before today), today, the rest
 * of this week, later, and no due date (Wrike's Backlog type: a task with a due day is Planned or a
 * Milestone). A week that ends today has no "rest of the week" query. Soonest due first in each.
 */
export function bucketQueries(meId: string, days: PlanDays, pageSize = FIRST_PAGE): BucketQuery[] {
  const base = {
    responsibles: [meId],
    status: "Active",
    pageSize,
    sortField: "DueDate",
    sortOrder: "Asc",
    fields: ["parentIds"],
  };
  const { today, weekEnd } = days;
  const out: BucketQuery[] = [
    { bucket: "overdue", query: { ...base, dueDate: dayRange(undefined, addDays(today, -1)) } },
    { bucket: "today", query: { ...base, dueDate: dayRange(today, today) } },
  ];
  if (weekEnd > today) {
    out.push({ bucket: "week", query: { ...base, dueDate: dayRange(addDays(today, 1), weekEnd) } });
  }
  out.push(
    { bucket: "later", query: { ...base, dueDate: dayRange(addDays(weekEnd, 1), undefined) } },
    { bucket: "none", query: { ...base, type: "Backlog" } },
  );
  return out;
}

/** The buckets whose first pages are asked for first: the top of the screen (the rest come right after). */
export const TOP_BUCKETS: readonly DueBucket[] = ["overdue", "today", "week"];

/** The queries in two rounds: the top buckets', then the others'. */
export function firstRounds(plans: readonly BucketQuery[]): BucketQuery[][] {
  const top = plans.filter((p) => TOP_BUCKETS.includes(p.bucket));
  const below = plans.filter((p) => !TOP_BUCKETS.includes(p.bucket));
  return [top, below].filter((r) => r.length > 0);
}

/** What My work holds: the open tasks loaded so far (soonest due first), and Wrike's count per bucket. */
export interface WorkData {
  tasks: Task[];
  /** responseSize of each bucket's query, for the days in `days`. */
  counts: Partial<Record<DueBucket, number>>;
  days: PlanDays;
  /** Every bucket is loaded in full (or up to the cap): the tasks are the whole set. */
  complete: boolean;
  /** More open tasks than My work loads; the rest are in My tasks. */
  truncated: boolean;
  /** The buckets below the top ones have not answered yet: their counts (and the total) are not known. */
  counting?: boolean;
}

/**
 * Adds fetched tasks to those held, one row per id (the newer copy wins: a live update may have landed
 * first), soonest due first as Wrike sorts them.
 */
export function unionTasks(held: readonly Task[], fetched: readonly Task[]): Task[] {
  const byId = new Map(held.map((t) => [t.id, t]));
  for (const t of fetched) {
    const had = byId.get(t.id);
    if (!had || t.updatedDate >= had.updatedDate) byId.set(t.id, t);
  }
  return [...byId.values()].sort(compareTasks("due"));
}

/**
 * What is kept for the next visit's first paint: per bucket its first FIRST_PAGE rows (what the first round
 * asks Wrike for) with the bucket's full count, so painting from it costs the same at 300 or 10,000 tasks.
 * Marked incomplete: the counts show until the revalidation has filled the buckets in again.
 */
export function keptCopy(data: WorkData): WorkData {
  const { today, weekEnd } = data.days;
  const per = new Map<DueBucket, Task[]>();
  for (const t of data.tasks) {
    const b = dueBucket(dayOf(t.dates?.due), today, weekEnd);
    const list = per.get(b) ?? [];
    list.push(t);
    per.set(b, list);
  }
  const counts: Partial<Record<DueBucket, number>> = { ...data.counts };
  const tasks: Task[] = [];
  for (const [b, list] of per) {
    // A complete set counts itself (live updates kept it right); a partial one keeps Wrike's counts.
    if (data.complete) counts[b] = list.length;
    tasks.push(...list.slice(0, FIRST_PAGE));
  }
  if (data.complete) for (const b of Object.keys(counts) as DueBucket[]) if (!per.has(b)) counts[b] = 0;
  return { ...data, tasks: tasks.sort(compareTasks("due")), counts, complete: false };
}

/**
 * A group's count as shown: Wrike's responseSize while the bucket is still filling in (and the plan's
 * days are still today's), else the rows themselves (live updates keep those right).
 */
export function shownCount(data: WorkData, bucket: DueBucket, loaded: number, days: PlanDays): number {
  const wrike = data.counts[bucket];
  const sameDays = data.days.today === days.today && data.days.weekEnd === days.weekEnd;
  if (data.complete || !sameDays || wrike === undefined) return loaded;
  return Math.max(loaded, wrike);
}
