// The pane's tasks: my open tasks (one page, soonest due first) and the workflows that say which are
// under way; grouped for "work", listed for "tasks".
import type { WrikeApi } from "../wrike/api.ts";
import { indexStatuses, type StatusInfo } from "../wrike/workflows.ts";
import type { Task, Workflow } from "../wrike/types.ts";

/** A pane is a glance, not the app: one page of tasks; the footer links to the app for the rest. */
export const PANE_PAGE_SIZE = 100;

/** A failed load in words: what went wrong, and what the person can do about it. */
export interface PaneProblem {
  message: string;
  advice: string;
}

export class EmbedTasks {
  tasks = $state.raw<Task[] | null>(null);
  /** Wrike's count of matching tasks (may exceed what one page holds). */
  total = $state(0);
  statuses = $state.raw<ReadonlyMap<string, StatusInfo>>(new Map());
  error = $state.raw<PaneProblem | null>(null);
  loading = $state(false);
  #generation = 0;
  /**
   * From the first chunk, which holds wrike/errors.ts for the session: this chunk imports nothing of
   * that module, or the bundler splits it off into a chunk of its own that the first load then fetches.
   */
  readonly #problemOf: (e: unknown) => PaneProblem;

  constructor(problemOf: (e: unknown) => PaneProblem) {
    this.#problemOf = problemOf;
  }

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
      this.error = this.#problemOf(e);
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }
}
