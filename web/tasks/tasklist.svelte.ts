// My tasks' data: one Resource per filter (its parsed filter beside it), paged with nextPageToken, the last 20 kept.
import { Cache } from "../wrike/cache.ts";
import { localToday, todayIn, warmFormatters, weekOf } from "../ui/dates.ts";
import { AppError, asAppError } from "../wrike/errors.ts";
import type { WrikeApi } from "../wrike/api.ts";
import type { Live } from "../live/live.svelte.ts";
import { byId, dropRow, mergeSorted, mergeWrite, type MergeRules, type Merged } from "../live/live.ts";
import type { Session } from "../session/session.svelte.ts";
import { Resource } from "../platform/resource.svelte.ts";
import type { Task } from "../wrike/types.ts";
import {
  compareTasks,
  filterToSearch,
  listFields,
  matchesFilter,
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

export interface Snapshot {
  items: Task[];
  total: number | undefined;
  next: string | undefined;
}

/** One filter's rows: the filter as parsed once, and the one copy of its rows. */
interface View {
  key: string;
  filter: TaskFilter;
  rows: Resource<Snapshot, AppError>;
}

/** Where the first page of a view is kept between visits (web/platform/kept.ts; absent in tests). */
export interface TasksStore {
  read(key: string): Promise<Snapshot | null>;
  write(key: string, first: Snapshot): void;
}

export class TaskList {
  /** The filter on show and its rows. */
  view = $state.raw<View | null>(null);
  loadingMore = $state(false);
  /** Counts resets: a screen still showing (another account's kept copy replaced) asks again. */
  epoch = $state(0);
  #moreError = $state.raw<AppError | null>(null);

  #views = new Cache<View>(20);
  #moreAbort: AbortController | null = null;
  readonly #session: Session;
  readonly #api: WrikeApi;
  readonly #live: Live;
  readonly #writes: Writes;
  readonly #store: TasksStore | null;

  constructor(session: Session, api: WrikeApi, live: Live, writes: Writes, store: TasksStore | null = null) {
    this.#session = session;
    this.#api = api;
    this.#live = live;
    this.#writes = writes;
    this.#store = store;
    session.onReset(() => {
      this.#moreAbort?.abort();
      this.#each((v) => v.rows.reset());
      this.#views.clear();
      this.view = null;
      this.#moreError = null;
      this.epoch++;
    });
    live.register({
      stamp: (id) => byId(this.items).get(id)?.updatedDate,
      merge: (tasks, isNew) => this.merge(tasks, isNew),
      reload: () => {
        const on = this.view;
        this.#each((v) => v !== on && v.rows.reset());
        this.#views.clear();
        if (on) {
          this.#views.set(on.key, on);
          void on.rows.load((ctx) => this.#fetchFirst(on, ctx.signal), true);
        }
      },
    });
    writes.on((e) => this.#written(e));
  }

  /** The filter whose results are shown (its URL query). */
  get key(): string | null {
    return this.view?.key ?? null;
  }
  get items(): Task[] {
    return this.view?.rows.value?.items ?? [];
  }
  get total(): number | undefined {
    return this.view?.rows.value?.total;
  }
  get next(): string | undefined {
    return this.view?.rows.value?.next;
  }
  get loading(): boolean {
    return this.view?.rows.loading ?? false;
  }
  get error(): AppError | null {
    return this.view?.rows.error ?? this.#moreError;
  }
  /** Painted from the last visit's copy; Wrike is being asked. */
  get refreshing(): boolean {
    return this.view?.rows.stale ?? false;
  }

  #each(fn: (v: View) => void): void {
    this.#views.revise((_, v) => (fn(v), v));
  }

  /** The rules a filter's rows follow: what belongs, in which order. */
  #rules(v: View, snap: Snapshot, isNew: (task: Task) => boolean): MergeRules {
    const today = todayIn(this.#session.timeZone);
    const week = weekOf(today, this.#session.account?.firstDayOfWeek);
    const meId = this.#session.userId ?? undefined;
    const held = (id: string) => byId(snap.items).has(id);
    return {
      matches: (t) => matchesFilter(t, v.filter, { today, week, meId, held }),
      compare: compareTasks(v.filter.sort),
      complete: snap.next === undefined,
      isNew,
    };
  }

  /**
   * Tasks of mine that changed (in Wrike, or here), into every kept filter: a task that no longer matches
   * leaves, one that newly matches joins in the filter's order, the total following.
   */
  merge(tasks: readonly Task[], isNew: (task: Task) => boolean = () => false): void {
    this.#revise((items, rules) => mergeSorted(items, tasks, rules), isNew);
  }

  #revise(step: Step, isNew: (task: Task) => boolean): void {
    this.#each((v) =>
      v.rows.revise((snap) => {
        const r = step(snap.items, this.#rules(v, snap, isNew));
        if (!r.changed) return snap;
        const total = snap.total === undefined ? undefined : Math.max(r.items.length, snap.total + r.delta);
        return { items: r.items, total, next: snap.next };
      }),
    );
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

  /** Shows a filter: at once from its kept rows when there are some, fetching only when stale or absent. */
  async show(filter: TaskFilter, force = false): Promise<void> {
    // Signed out (a reset on its way out): nothing to show or ask.
    if (!this.#session.userId) return;
    const key = filterToSearch(filter);
    let v = this.#views.get(key)?.value;
    if (!v) {
      v = { key, filter, rows: new Resource<Snapshot, AppError>({ freshMs: FRESH_MS, asError: asAppError }) };
      this.#views.set(key, v);
      const view = v;
      // A return visit paints the last visit's first page while Wrike is asked (seed never covers an answer).
      void this.#store?.read(key).then((kept) => kept && view.rows.seed(kept));
    }
    if (v !== this.view) {
      this.#moreAbort?.abort();
      this.loadingMore = false;
      this.#moreError = null;
      this.view = v;
    }
    if (!force && v.rows.busy) return;
    const view = v;
    await v.rows.load((ctx) => this.#fetchFirst(view, ctx.signal), force);
  }

  async #fetchFirst(v: View, signal: AbortSignal): Promise<Snapshot> {
    const meId = this.#session.userId;
    if (!meId) throw new AppError("not_signed_in", "You are not signed in.");
    const search = parseSearch(v.filter.q);
    if (search.kind === "id") return this.#byId(search.id, signal);
    // Before the profile the zone is the browser's own: read without Intl, whose start-up (ICU) is paid
    // once the query has left, while its answer is on the way (as My work does).
    const today = this.#session.me ? todayIn(this.#session.timeZone) : localToday();
    const asked = this.#api.get<Task>(
      "tasks",
      tasksQuery(v.filter, {
        meId,
        today,
        week: weekOf(today, this.#session.account?.firstDayOfWeek),
        host: this.#session.host,
        pageSize: PAGE_SIZE,
      }),
      { signal },
    );
    warmFormatters();
    const res = await asked;
    // A write still on its way keeps showing over Wrike's older copy (the live merge keeps it filed).
    const first = {
      items: res.data.map(this.#writes.overlay),
      total: res.responseSize,
      next: res.nextPageToken,
    };
    if (!signal.aborted) this.#store?.write(v.key, first);
    return first;
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
    const v = this.view;
    const token = this.next;
    if (!v || !token || this.loadingMore || v.rows.busy) return;
    const abort = (this.#moreAbort = new AbortController());
    this.loadingMore = true;
    this.#moreError = null;
    try {
      const res = await this.#api.get<Task>(
        "tasks",
        { nextPageToken: token, fields: listFields(v.filter) },
        { signal: abort.signal },
      );
      if (abort.signal.aborted) return;
      v.rows.revise((snap) => {
        // A live update may already have placed a task of this page, or changed it since the cursor was made.
        const have = byId(snap.items);
        const fresh = res.data.filter((t) => !have.has(t.id));
        const appended: Snapshot = {
          items: [...snap.items, ...fresh],
          total: res.responseSize ?? snap.total,
          next: res.nextPageToken,
        };
        const newer = this.#live.recent(fresh.map((t) => t.id));
        if (!newer.length) return appended;
        return {
          ...appended,
          items: mergeSorted(
            appended.items,
            newer,
            this.#rules(v, appended, () => false),
          ).items,
        };
      });
    } catch (e) {
      if (abort.signal.aborted) return;
      this.#moreError = asAppError(e);
    } finally {
      if (this.#moreAbort === abort) this.#moreAbort = null;
      this.loadingMore = false;
    }
  }
}

const stores = new WeakMap<object, TaskList>();

/**
 * The app's one My tasks store, built on first use: the screen is a chunk of its own (LazyTaskList.svelte)
 * and so is its store; once built it lives as long as the app (its kept filters outlive the screen).
 */
export function taskListOf(
  app: Pick<AppContext, "session" | "api" | "live" | "writes"> & { tasksStore?: TasksStore },
): TaskList {
  let store = stores.get(app);
  if (!store) {
    store = new TaskList(app.session, app.api, app.live, app.writes, app.tasksStore ?? null);
    stores.set(app, store);
  }
  return store;
}
