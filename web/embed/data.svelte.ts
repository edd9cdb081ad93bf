// The pane's tasks: my open tasks (one page, soonest due first) and the workflows that say which are
// under way; grouped for "work", listed for "tasks".
import { AppError, asAppError } from "../wrike/errors.ts";
import type { WrikeApi } from "../wrike/api.ts";
import { indexStatuses, type StatusInfo } from "../wrike/workflows.ts";
import type { Task, Workflow } from "../wrike/types.ts";

/** A pane is a glance, not the app: one page of tasks; the footer links to the app for the rest. */
export const PANE_PAGE_SIZE = 100;

export class EmbedTasks {
  tasks = $state.raw<Task[] | null>(null);
  /** Wrike's count of matching tasks (may exceed what one page holds). */
  total = $state(0);
  statuses = $state.raw<ReadonlyMap<string, StatusInfo>>(new Map());
  error = $state.raw<AppError | null>(null);
  loading = $state(false);
  #generation = 0;

  reset(): void {
    this.#generation++;
    this.tasks = null;
    this.total = 0;
    this.statuses = new Map();
    this.error = null;
    this.loading = false;
  }

  async load(api: WrikeApi, meId: string, withStatuses: boolean): Promise<void> {
    const generation = ++this.#generation;
    this.loading = true;
    try {
      const [tasks, workflows] = await Promise.all([
        api.get<Task>("tasks", {
          responsibles: [meId],
          status: "Active",
          sortField: "DueDate",
          sortOrder: "Asc",
          pageSize: PANE_PAGE_SIZE,
        }),
        withStatuses ? api.get<Workflow>("workflows") : Promise.resolve(null),
      ]);
      if (generation !== this.#generation) return;
      this.tasks = tasks.data;
      this.total = Math.max(tasks.responseSize ?? 0, tasks.data.length);
      this.statuses = workflows ? indexStatuses(workflows.data) : new Map();
      this.error = null;
    } catch (e) {
      if (generation !== this.#generation) return;
      this.error = asAppError(e);
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }
}
