// My tasks' data: one filtered, sorted list paged with nextPageToken; each filter's pages cached.
import { Cache } from "../wrike/cache.ts";
import { todayIn, weekOf } from "../ui/dates.ts";
import { AppError, asAppError } from "../wrike/errors.ts";
import type { WrikeApi } from "../wrike/api.ts";
import type { Live } from "../live/live.svelte.ts";
import { byId, dropRow, mergeSorted, mergeWrite, type MergeRules, type Merged } from "../live/live.ts";
import type { Session } from "../auth/session.svelte.ts";
import type { Task } from "../wrike/types.ts";
import {
  compareTasks,
  filterToSearch,
  matchesFilter,
  parseFilter,
  parseSearch,
  tasksQuery,
  type TaskFilter,
} from "./filters.ts";
import type { TaskEvent, Writes } from "./writes.ts";
import type { AppContext } from "../context.ts";

const FRESH_MS = 60_000;
/** Wrike allows up to 1000; 100 keeps the first screen quick and the rest loads as the list scrolls. */
export const PAGE_SIZE = 100;

type Step = (items: readonly Task[], rules: MergeRules) => Merged;

interface Snapshot {
  items: Task[];
  total: number | undefined;
  next: string | undefined;
}

export class TaskList {
  /** The filter whose results are shown (its URL query). */
  key = $state<string | null>(null);
  items = $state.raw<Task[]>([]);
  total = $state<number | undefined>(undefined);
  next = $state<string | undefined>(undefined);
  loading = $state(false);
  loadingMore = $state(false);
  error = $state.raw<AppError | null>(null);

  #cache = new Cache<Snapshot>(20);
  #abort: AbortController | null = null;
  readonly #session: Session;
  readonly #api: WrikeApi;
  readonly #live: Live;
  readonly #writes: Writes;

  constructor(session: Session, api: WrikeApi, live: Live, writes: Writes) {
    this.#session = session;
    this.#api = api;
    this.#live = live;
    this.#writes = writes;
    session.onReset(() => {
      this.#abort?.abort();
      this.#cache.clear();
      this.key = null;
      this.items = [];
      this.total = undefined;
      this.next = undefined;
      this.error = null;
    });
    live.register({
      stamp: (id) => byId(this.items).get(id)?.updatedDate,
      merge: (tasks, isNew) => this.merge(tasks, isNew),
      reload: () => {
        this.#cache.clear();
        if (this.key !== null) void this.show(parseFilter(new URLSearchParams(this.key)), true);
      },
    });
    writes.on((e) => this.#written(e));
  }

  /** The rules a filter's rows follow: what belongs, in which order. */
  #rules(key: string, complete: boolean, isNew: (task: Task) => boolean): MergeRules {
    const filter = parseFilter(new URLSearchParams(key));
    const today = todayIn(this.#session.timeZone);
    const week = weekOf(today, this.#session.account?.firstDayOfWeek);
    return {
      matches: (t) => matchesFilter(t, filter, { today, week }),
      compare: compareTasks(filter.sort),
      complete,
      isNew,
    };
  }

  /** One change to a filter's rows (`step`), with the total following the rows that joined or left. */
  #revised(key: string, snap: Snapshot, isNew: (task: Task) => boolean, step: Step): Snapshot {
    const r = step(snap.items, this.#rules(key, snap.next === undefined, isNew));
    if (!r.changed) return snap;
    const total = snap.total === undefined ? undefined : Math.max(r.items.length, snap.total + r.delta);
    return { items: r.items, total, next: snap.next };
  }

  /** Applies `step` to every cached filter and to the rows on show. */
  #revise(step: Step, isNew: (task: Task) => boolean): void {
    this.#cache.revise((key, snap) => this.#revised(key, snap, isNew, step));
    // While a filter loads, its answer is about to replace the rows anyway.
    if (this.key === null || this.loading) return;
    const now: Snapshot = { items: this.items, total: this.total, next: this.next };
    const next = this.#revised(this.key, now, isNew, step);
    if (next !== now) {
      this.items = next.items;
      this.total = next.total;
    }
  }

  /**
   * Tasks of mine that changed (in Wrike, or here), into the rows on show and every cached filter: a task
   * that no longer matches leaves, one that newly matches joins in the filter's order.
   */
  merge(tasks: readonly Task[], isNew: (task: Task) => boolean = () => false): void {
    this.#revise((items, rules) => mergeSorted(items, tasks, rules), isNew);
  }

  /** A write made here: a status change or its rollback, a new task (placeholder, then Wrike's task). */
  #written(e: TaskEvent): void {
    if (e.type === "comment") return;
    if (e.type === "changed") {
      return this.#revise(
        (items, rules) => mergeWrite(items, e.was, e.task, rules),
        () => false,
      );
    }
    const gone = e.type === "dropped" ? e.task : e.replaces;
    if (gone)
      this.#revise(
        (items, rules) => dropRow(items, gone, rules),
        () => true,
      );
    // Where the filter's sort puts it, counted in the total even when it lands past the loaded pages.
    if (e.type === "created") this.merge([e.task], () => true);
  }

  /** Shows a filter: at once from the cache when there is one, fetching only when stale or absent. */
  async show(filter: TaskFilter, force = false): Promise<void> {
    const key = filterToSearch(filter);
    const cached = this.#cache.get(key);
    if (cached && key !== this.key) {
      this.#abort?.abort();
      this.loading = false;
      this.loadingMore = false;
      this.#put(key, cached.value);
      this.error = null;
    }
    if (!force && this.#cache.fresh(key, FRESH_MS)) return;
    if (!force && this.loading && this.key === key) return;
    await this.#fetchFirst(filter, key);
  }

  async #fetchFirst(filter: TaskFilter, key: string): Promise<void> {
    const me = this.#session.me;
    if (!me) return;
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    if (this.key !== key) {
      // A new filter: show skeletons, not the previous filter's rows.
      this.#put(key, { items: [], total: undefined, next: undefined });
    }
    this.loading = true;
    this.error = null;
    try {
      const search = parseSearch(filter.q);
      let snap: Snapshot;
      if (search.kind === "id") {
        snap = await this.#byId(search.id, abort.signal);
      } else {
        const today = todayIn(this.#session.timeZone);
        const res = await this.#api.get<Task>(
          "tasks",
          tasksQuery(filter, {
            meId: me.id,
            today,
            week: weekOf(today, this.#session.account?.firstDayOfWeek),
            host: this.#session.host,
            pageSize: PAGE_SIZE,
          }),
          { signal: abort.signal },
        );
        // A write still on its way keeps showing over Wrike's older copy (the live merge keeps it filed).
        snap = {
          items: res.data.map(this.#writes.overlay),
          total: res.responseSize,
          next: res.nextPageToken,
        };
      }
      if (abort.signal.aborted) return;
      this.#cache.set(key, snap);
      this.#put(key, snap);
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

  async #byId(id: string, signal: AbortSignal): Promise<Snapshot> {
    try {
      const res = await this.#api.get<Task>(`tasks/${encodeURIComponent(id)}`, undefined, { signal });
      return { items: res.data, total: res.data.length, next: undefined };
    } catch (e) {
      // An id Wrike does not know is an empty result, not an error.
      if (e instanceof AppError && (e.code === "not_found" || e.code === "invalid")) {
        return { items: [], total: 0, next: undefined };
      }
      throw e;
    }
  }

  /** The next page (nextPageToken), appended. */
  async more(): Promise<void> {
    const key = this.key;
    const token = this.next;
    if (key === null || !token || this.loadingMore || this.loading) return;
    const abort = new AbortController();
    this.#abort = abort;
    this.loadingMore = true;
    try {
      const res = await this.#api.get<Task>("tasks", { nextPageToken: token }, { signal: abort.signal });
      if (abort.signal.aborted || this.key !== key) return;
      // A live update may already have placed a task of this page, or changed it since the cursor was made.
      const have = new Set(this.items.map((t) => t.id));
      const fresh = res.data.filter((t) => !have.has(t.id));
      const appended = [...this.items, ...fresh];
      const newer = this.#live.recent(fresh.map((t) => t.id));
      const items = newer.length
        ? mergeSorted(
            appended,
            newer,
            this.#rules(key, res.nextPageToken === undefined, () => false),
          ).items
        : appended;
      const snap: Snapshot = {
        items,
        total: res.responseSize ?? this.total,
        next: res.nextPageToken,
      };
      this.#cache.set(key, snap);
      this.#put(key, snap);
    } catch (e) {
      if (abort.signal.aborted) return;
      this.error = asAppError(e);
    } finally {
      if (this.#abort === abort) this.#abort = null;
      this.loadingMore = false;
    }
  }

  #put(key: string, s: Snapshot): void {
    this.key = key;
    this.items = s.items;
    this.total = s.total;
    this.next = s.next;
  }
}

const stores = new WeakMap<object, TaskList>();

/**
 * The app's one My tasks store, built on first use: the screen is a chunk of its own (LazyTaskList.svelte)
 * and so is its store; once built it lives as long as the app (its cache outlives the screen).
 */
export function taskListOf(app: Pick<AppContext, "session" | "api" | "live" | "writes">): TaskList {
  let store = stores.get(app);
  if (!store) {
    store = new TaskList(app.session, app.api, app.live, app.writes);
    stores.set(app, store);
  }
  return store;
}
