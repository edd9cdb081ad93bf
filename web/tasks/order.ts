// The orders My tasks and My work ask Wrike for, to place a task that joins a list where Wrike would.
import type { Importance, Task } from "../wrike/types.ts";

export type SortKey = "due" | "updated" | "importance";

const IMPORTANCE_ORDER: Record<Importance, number> = { High: 0, Normal: 1, Low: 2 };

/** Absent values last, in either direction. */
function byText(a: string | undefined, b: string | undefined, desc = false): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return (a < b ? -1 : 1) * (desc ? -1 : 1);
}

/**
 * The order tasksQuery asks Wrike for, to place a task that joins a list: due day (undated last), most
 * recently updated first, or importance; ties by Wrike's manual order (`priority`), as Wrike breaks them.
 */
export function compareTasks(sort: SortKey): (a: Task, b: Task) => number {
  const tie = (a: Task, b: Task) => byText(a.priority, b.priority);
  switch (sort) {
    case "due":
      return (a, b) => byText(a.dates?.due, b.dates?.due) || tie(a, b);
    case "updated":
      return (a, b) => byText(a.updatedDate, b.updatedDate, true) || tie(a, b);
    case "importance":
      return (a, b) => IMPORTANCE_ORDER[a.importance] - IMPORTANCE_ORDER[b.importance] || tie(a, b);
  }
}
