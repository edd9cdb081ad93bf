// My work's data: every open task I am responsible for (all pages), cached and revalidated.
import type { WrikeApi } from "../wrike/api.ts";
import { AppError, asAppError } from "../wrike/errors.ts";
import type { Live } from "../live/live.svelte.ts";
import { byId, dropRow, mergeSorted, type MergeRules } from "../live/live.ts";
import type { Session } from "../auth/session.svelte.ts";
import type { Task } from "../wrike/types.ts";
import { compareTasks } from "./order.ts";
import type { TaskEvent, Writes } from "./writes.ts";

/** How long a loaded list counts as fresh: coming back within it repeats no request. */
const FRESH_MS = 60_000;
/** My work is a personal view: past this many open tasks the rest is in My tasks. */
const MAX_TASKS = 5_000;

export class MyWork {
  tasks = $state.raw<Task[] | null>(null);
  error = $state.raw<AppError | null>(null);
  loading = $state(false);
  truncated = $state(false);
  #at = 0;
  #abort: AbortController | null = null;
  readonly #session: Session;
  readonly #api: WrikeApi;
  readonly #writes: Writes;

  constructor(session: Session, api: WrikeApi, live: Live, writes: Writes) {
    this.#session = session;
    this.#api = api;
    this.#writes = writes;
    session.onReset(() => {
      this.#abort?.abort();
      this.tasks = null;
      this.error = null;
      this.#at = 0;
    });
    live.register({
      stamp: (id) => (this.tasks ? byId(this.tasks).get(id)?.updatedDate : undefined),
      merge: (tasks, isNew) => this.merge(tasks, isNew),
      reload: () => {
        if (this.tasks) void this.load(true);
      },
    });
    writes.on((e) => this.#written(e));
  }

  #rules(isNew: (task: Task) => boolean): MergeRules {
    return {
      matches: (t) => t.status === "Active",
      // Loaded soonest due first: only the order of a truncated list's end matters (grouping sorts anyway).
      compare: compareTasks("due"),
      complete: !this.truncated,
      isNew,
    };
  }

  /**
   * Tasks of mine that changed (in Wrike, or here): updated in place, gone when no longer Active, added
   * when new or Active again (a reopened task comes back at once).
   */
  merge(tasks: readonly Task[], isNew: (task: Task) => boolean = () => false): void {
    if (!this.tasks) return;
    const r = mergeSorted(this.tasks, tasks, this.#rules(isNew));
    if (r.changed) this.tasks = r.items;
  }

  /** A write made here: a status change, a new task (its placeholder, then Wrike's task), a rollback. */
  #written(e: TaskEvent): void {
    if (!this.tasks || e.type === "comment") return;
    if (e.type === "changed") return this.merge([e.task]);
    const gone = e.type === "dropped" ? e.task : e.replaces;
    if (gone)
      this.tasks = dropRow(
        this.tasks,
        gone,
        this.#rules(() => true),
      ).items;
    if (e.type === "created") this.merge([e.task], () => true);
  }

  async load(force = false): Promise<void> {
    const meId = this.#session.me?.id;
    if (!meId) return;
    if (!force && this.tasks && Date.now() - this.#at < FRESH_MS) return;
    if (this.loading && !force) return;
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.loading = true;
    try {
      const all: Task[] = [];
      let next: string | undefined;
      do {
        const res = await this.#api.get<Task>(
          "tasks",
          next
            ? { nextPageToken: next }
            : {
                responsibles: [meId],
                status: "Active",
                pageSize: 1000,
                sortField: "DueDate",
                sortOrder: "Asc",
                fields: ["parentIds"],
              },
          { signal: abort.signal },
        );
        all.push(...res.data);
        next = res.nextPageToken;
      } while (next && all.length < MAX_TASKS);
      this.truncated = Boolean(next);
      // A write still on its way keeps showing over Wrike's older copy.
      this.tasks = all.map(this.#writes.overlay).filter((t) => t.status === "Active");
      this.error = null;
      this.#at = Date.now();
    } catch (e) {
      if (abort.signal.aborted) return;
      this.error = asAppError(e);
    } finally {
      if (this.#abort === abort) {
        this.loading = false;
        this.#abort = null;
      }
    }
  }
}
