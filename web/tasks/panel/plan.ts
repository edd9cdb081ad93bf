// Pure planning for the task panel's extra sections: which related tasks to fetch in which batches, and the
// time logged on a task from its timelogs.
import { batches } from "../../wrike/query.ts";
import type { Task } from "../../wrike/types.ts";

/** Wrike takes up to 100 ids in one GET /tasks/{ids} (wrike-api.md §3). */
export const IDS_PER_CALL = 100;

export interface RelatedPlan {
  parents: string[];
  subtasks: string[];
  /** One GET /tasks/{ids} each: parents and subtasks together, each id once, never the task itself. */
  calls: string[][];
}

export function planRelated(task: Pick<Task, "id" | "superTaskIds" | "subTaskIds">): RelatedPlan {
  const clean = (ids: readonly string[] | undefined) =>
    [...new Set(ids ?? [])].filter((id) => id && id !== task.id);
  const parents = clean(task.superTaskIds);
  const subtasks = clean(task.subTaskIds).filter((id) => !parents.includes(id));
  return { parents, subtasks, calls: batches([...parents, ...subtasks], IDS_PER_CALL) };
}

/** The parts of a timelog the totals need. */
export interface LoggedTime {
  taskId: string;
  userId: string;
  hours: number;
}

export interface TimeTotals {
  /** On this task alone. */
  mine: number;
  everyone: number;
  /** With its subtasks' time (Wrike's task timelogs include descendants by default). */
  mineWithSubtasks: number;
  everyoneWithSubtasks: number;
  entries: number;
}

export function timeTotals(
  logs: readonly LoggedTime[],
  taskId: string,
  meId: string | undefined,
): TimeTotals {
  const t: TimeTotals = { mine: 0, everyone: 0, mineWithSubtasks: 0, everyoneWithSubtasks: 0, entries: 0 };
  for (const log of logs) {
    const hours = Number.isFinite(log.hours) && log.hours > 0 ? log.hours : 0;
    const mine = meId !== undefined && log.userId === meId;
    t.everyoneWithSubtasks += hours;
    if (mine) t.mineWithSubtasks += hours;
    if (log.taskId === taskId) {
      t.everyone += hours;
      if (mine) t.mine += hours;
      t.entries++;
    }
  }
  return t;
}
