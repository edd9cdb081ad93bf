// My work's data: every open task I am responsible for (all pages), cached and revalidated.
import type { WrikeApi } from "../lib/api.ts";
import { AppError, asAppError } from "../lib/errors.ts";
import type { Live } from "../lib/live.svelte.ts";
import { mergeSorted } from "../lib/live.ts";
import type { Session } from "../lib/session.svelte.ts";
import type { Task } from "../lib/wrike.ts";
import { replaceTask } from "./actions.ts";
import { compareTasks } from "./filters.ts";

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

  constructor(session: Session, api: WrikeApi, live: Live) {
    this.#session = session;
    this.#api = api;
    session.onReset(() => {
      this.#abort?.abort();
      this.tasks = null;
      this.error = null;
      this.#at = 0;
    });
    live.register({
      stamp: (id) => this.tasks?.find((t) => t.id === id)?.updatedDate,
      merge: (tasks, isNew) => this.merge(tasks, isNew),
      reload: () => {
        if (this.tasks) void this.load(true);
      },
    });
  }

  /** Tasks of mine that changed in Wrike: updated in place, gone when no longer Active, added when new. */
  merge(tasks: readonly Task[], isNew: (task: Task) => boolean = () => false): void {
    if (!this.tasks) return;
    const r = mergeSorted(this.tasks, tasks, {
      matches: (t) => t.status === "Active",
      // Loaded soonest due first: only the order of a truncated list's end matters (grouping sorts anyway).
      compare: compareTasks("due"),
      complete: !this.truncated,
      isNew,
    });
    if (r.changed) this.tasks = r.items;
  }

  /** A task changed here (status): show it at once; a task no longer Active leaves My work. */
  patch(task: Task): void {
    if (!this.tasks) return;
    const next = replaceTask(this.tasks, task);
    this.tasks = next.filter((t) => t.status === "Active");
  }

  /** A task just created (or its placeholder); `replaces` swaps one out. */
  add(task: Task, replaces?: string): void {
    if (!this.tasks) return;
    this.tasks = [task, ...this.tasks.filter((t) => t.id !== replaces && t.id !== task.id)];
  }

  remove(id: string): void {
    if (this.tasks) this.tasks = this.tasks.filter((t) => t.id !== id);
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
              },
          { signal: abort.signal },
        );
        all.push(...res.data);
        next = res.nextPageToken;
      } while (next && all.length < MAX_TASKS);
      this.truncated = Boolean(next);
      this.tasks = all;
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
