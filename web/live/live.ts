// Live updates' pure logic: the poll's queries, which polled tasks are changes, and merging them into lists.
// "Since the last sync" is measured on Wrike's clock (the newest updatedDate Wrike has shown us), never on
// the browser's, so a browser clock minutes off neither misses changes nor repeats them.
import type { Param } from "../wrike/query.ts";
import type { Task } from "../wrike/types.ts";

export type Mark = "new" | "updated";

/** How often a visible page asks Wrike what changed. */
export const POLL_MS = 30_000;
/** A mark on screen this long, on a visible page, has been seen and goes. */
export const SEEN_MS = 10_000;

export interface Change {
  task: Task;
  mark: Mark;
}

/** Where the watermark starts when I have no task at all: anything assigned to me later is a change. */
export const EPOCH_STAMP = "2000-01-01T00:00:00Z";

/** The one task of mine Wrike updated last: its updatedDate is the first sync's watermark. */
export function baselineQuery(meId: string): Record<string, Param> {
  return { responsibles: [meId], sortField: "UpdatedDate", sortOrder: "Desc", pageSize: 1 };
}

/**
 * My tasks updated at or after `since` (Wrike's range is inclusive; the second at the watermark is asked
 * again so that a change in that same second is not lost). The default model: what the lists hold.
 */
export function pollQuery(meId: string, since: string, pageSize: number): Record<string, Param> {
  return { responsibles: [meId], updatedDate: { start: since }, pageSize, fields: ["parentIds"] };
}

/** The newest of Wrike's UTC stamps (`yyyy-MM-ddTHH:mm:ssZ` compare as strings), never older than `floor`. */
export function newestStamp(tasks: readonly Task[], floor: string): string {
  let best = floor;
  for (const t of tasks) if (t.updatedDate > best) best = t.updatedDate;
  return best;
}

/** One entry per id, the newest version (pages of a poll may repeat a task that changed in between). */
export function newestById(tasks: readonly Task[]): Task[] {
  const byId = new Map<string, Task>();
  for (const t of tasks) {
    const had = byId.get(t.id);
    if (!had || t.updatedDate >= had.updatedDate) byId.set(t.id, t);
  }
  return [...byId.values()];
}

/**
 * The polled tasks that changed since the last sync: updated after the copy the app already holds
 * (`known`: its updatedDate, e.g. the answer to the user's own edit), and either after the watermark
 * `since` or in its very second without being one of the tasks the previous sync saw in that second
 * (`atSince`; null when that set is not known, right after the first sync, and then that second counts
 * as seen). A task the app never held that Wrike created after the watermark is new; the rest updated.
 */
export function changesOf(
  polled: readonly Task[],
  since: string,
  known: (id: string) => string | undefined,
  atSince: ReadonlySet<string> | null,
): Change[] {
  const out: Change[] = [];
  for (const task of newestById(polled)) {
    const held = known(task.id);
    if (held !== undefined && task.updatedDate <= held) continue;
    if (task.updatedDate < since) continue;
    if (task.updatedDate === since && (atSince === null || atSince.has(task.id))) continue;
    out.push({ task, mark: held === undefined && task.createdDate >= since ? "new" : "updated" });
  }
  return out;
}

/** The ids updated in the watermark's own second: all of them, since a poll returns every task at or after it. */
export function idsAt(tasks: readonly Task[], stamp: string): Set<string> {
  return new Set(tasks.filter((t) => t.updatedDate === stamp).map((t) => t.id));
}

/** What the status line says: "3 tasks updated", "3 tasks updated, 1 new", "1 new task". */
export function announcement(changes: readonly Change[]): string {
  const n = changes.length;
  if (n === 0) return "";
  const fresh = changes.filter((c) => c.mark === "new").length;
  const tasks = (k: number) => `${k} ${k === 1 ? "task" : "tasks"}`;
  if (fresh === n) return `${fresh} new ${fresh === 1 ? "task" : "tasks"}`;
  return `${tasks(n)} updated${fresh > 0 ? `, ${fresh} new` : ""}`;
}

export interface MergeRules {
  /** The list's filter, as Wrike applies it. */
  matches(task: Task): boolean;
  /** The list's order, as Wrike sorts it (0 for a list with no order). */
  compare(a: Task, b: Task): number;
  /** Every page is loaded: a task sorting after the last row still belongs in the list. */
  complete: boolean;
  /** Created since the last sync (so it adds to the list's total even when it lands past the loaded pages). */
  isNew(task: Task): boolean;
}

export interface Merged {
  items: Task[];
  /** Change to the list's total (responseSize): +1 per task that joined, -1 per task that left. */
  delta: number;
  /** The rows or the total changed. */
  changed: boolean;
}

/** First index whose row sorts strictly after `task` (so equal keys keep their order). */
function upperBound(list: readonly Task[], task: Task, compare: MergeRules["compare"]): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(task, list[mid]!) < 0) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Merges changed tasks into a sorted list whose rows are a prefix of the filter's result (the pages
 * loaded so far). A changed row that no longer matches leaves; one that still matches stays in place when
 * its sort key is unchanged, else moves to where the order puts it; a task not in the list joins where the
 * order puts it. Past the last loaded row of an incomplete list a task is left out (its page has not been
 * loaded), so the rows stay a correct prefix. A change older than the row held is ignored.
 */
export function mergeSorted(items: readonly Task[], changes: readonly Task[], rules: MergeRules): Merged {
  const pending = new Map(newestById(changes).map((t) => [t.id, t]));
  if (pending.size === 0) return { items: items as Task[], delta: 0, changed: false };
  let delta = 0;
  let changed = false;
  const held = new Set<string>();
  const kept: Task[] = [];
  for (const row of items) {
    const next = pending.get(row.id);
    if (!next) {
      kept.push(row);
      continue;
    }
    if (next.updatedDate < row.updatedDate) {
      // The list already holds a newer copy (the user's own edit answered after the poll was sent).
      pending.delete(row.id);
      kept.push(row);
      continue;
    }
    held.add(row.id);
    if (!rules.matches(next)) {
      pending.delete(row.id);
      delta--;
      changed = true;
    } else if (rules.compare(row, next) === 0 && rules.compare(next, row) === 0) {
      pending.delete(row.id);
      kept.push(next);
      changed = true;
    } else {
      changed = true; // moves: inserted below
    }
  }
  for (const task of pending.values()) {
    if (!rules.matches(task)) continue;
    const at = upperBound(kept, task, rules.compare);
    const wasHeld = held.has(task.id);
    if (!wasHeld && (rules.complete || rules.isNew(task))) delta++;
    if (at === kept.length && !rules.complete) continue;
    kept.splice(at, 0, task);
    changed = true;
  }
  return { items: changed ? kept : (items as Task[]), delta, changed: changed || delta !== 0 };
}

const indexes = new WeakMap<readonly Task[], Map<string, Task>>();

/**
 * The rows of a list by id, built once per array (the stores replace their arrays, never mutate them), so
 * a poll of n tasks over a list of m rows costs n lookups instead of n·m comparisons.
 */
export function byId(list: readonly Task[]): ReadonlyMap<string, Task> {
  let index = indexes.get(list);
  if (!index) {
    index = new Map(list.map((t) => [t.id, t]));
    indexes.set(list, index);
  }
  return index;
}

/**
 * Takes a placeholder row out (a task created here that Wrike refused, or replaced by Wrike's task). It
 * counted in the total when it matched the filter, as `mergeSorted` counts a new task: loaded or not.
 */
export function dropRow(items: readonly Task[], task: Task, rules: MergeRules): Merged {
  const present = byId(items).has(task.id);
  const counted = present || (!rules.complete && rules.matches(task));
  if (!counted) return { items: items as Task[], delta: 0, changed: false };
  return {
    items: present ? items.filter((t) => t.id !== task.id) : (items as Task[]),
    delta: -1,
    changed: true,
  };
}

/**
 * Merges a change made here, whose copy before (`was`) is known: a task outside the loaded pages still
 * counts in the total when it joins the filter (a reopened task) or leaves it (one completed), where a
 * polled change could not tell whether it had been counted before.
 */
export function mergeWrite(items: readonly Task[], was: Task, task: Task, rules: MergeRules): Merged {
  const r = mergeSorted(items, [task], { ...rules, isNew: () => false });
  if (byId(items).has(task.id)) return r;
  const delta = Number(rules.matches(task)) - Number(rules.matches(was));
  return { items: r.items, delta, changed: r.changed || delta !== 0 };
}
