// My work's data: my open tasks, the on-screen buckets first (small pages, Wrike's counts), the rest filled in after.
import type { WrikeApi } from "../wrike/api.ts";
import { asAppError, type AppError } from "../wrike/errors.ts";
import type { Live } from "../live/live.svelte.ts";
import { byId, dropRow, mergeSorted, type MergeRules } from "../live/live.ts";
import type { Session } from "../session/session.svelte.ts";
import { Resource, type LoadContext } from "../platform/resource.svelte.ts";
import { localToday, todayIn, warmFormatters, weekOf, type DueBucket } from "../ui/dates.ts";
import type { Task } from "../wrike/types.ts";
import {
  bucketQueries,
  firstRounds,
  FILL_PAGE,
  keptCopy,
  MAX_TASKS,
  unionTasks,
  type PlanDays,
  type WorkData,
} from "./mywork-plan.ts";
import { compareTasks } from "./order.ts";
import type { TaskEvent, Writes } from "./writes.ts";

/** How long a loaded list counts as fresh: coming back within it repeats no request. */
const FRESH_MS = 60_000;

/** Where My work keeps its last answer between visits (web/platform/stored.ts; absent in tests). */
export interface WorkStore {
  read(): Promise<WorkData | null>;
  write(data: WorkData): void;
}

export class MyWork {
  readonly resource = new Resource<WorkData, AppError>({ freshMs: FRESH_MS, asError: asAppError });
  #inflight: Promise<void> | null = null;
  readonly #session: Session;
  readonly #api: WrikeApi;
  readonly #live: Live;
  readonly #writes: Writes;
  #store: WorkStore | null = null;

  constructor(session: Session, api: WrikeApi, live: Live, writes: Writes) {
    this.#session = session;
    this.#api = api;
    this.#live = live;
    this.#writes = writes;
    session.onReset(() => {
      this.#inflight = null;
      this.resource.reset();
    });
    // The tasks query starts beside the profile's when the relay named the user (TokenResponse.user_id).
    session.onEntering(() => void this.load());
    live.register({
      stamp: (id) => (this.tasks ? byId(this.tasks).get(id)?.updatedDate : undefined),
      merge: (tasks, isNew) => this.merge(tasks, isNew),
      reload: () => {
        if (this.tasks) void this.load(true);
      },
    });
    writes.on((e) => this.#written(e));
  }

  /** The open tasks loaded (soonest due first); null before the first answer. */
  get tasks(): Task[] | null {
    return this.resource.value?.tasks ?? null;
  }
  get data(): WorkData | null {
    return this.resource.value;
  }
  get error(): AppError | null {
    return this.resource.error;
  }
  get loading(): boolean {
    return this.resource.loading;
  }
  get truncated(): boolean {
    return this.resource.value?.truncated ?? false;
  }
  /** Painted from the last visit's copy; a load is confirming it. */
  get refreshing(): boolean {
    return this.resource.stale;
  }

  /** Keeps the last answer between visits (the app's composition root; never in the embed). */
  useStore(store: WorkStore | null): void {
    this.#store = store;
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

  #revise(fn: (tasks: Task[]) => Task[]): void {
    this.resource.revise((d) => {
      const tasks = fn(d.tasks);
      return tasks === d.tasks ? d : { ...d, tasks };
    });
  }

  /**
   * Tasks of mine that changed (in Wrike, or here): updated in place, gone when no longer Active, added
   * when new or Active again (a reopened task comes back at once).
   */
  merge(tasks: readonly Task[], isNew: (task: Task) => boolean = () => false): void {
    this.#revise((held) => mergeSorted(held, tasks, this.#rules(isNew)).items);
  }

  /** A write made here: a status change, a new task (its placeholder, then Wrike's task), a rollback. */
  #written(e: TaskEvent): void {
    if (!this.tasks || e.type === "comment") return;
    if (e.type === "changed") return this.merge([e.task]);
    const gone = e.type === "dropped" ? e.task : e.replaces;
    if (gone)
      this.#revise(
        (held) =>
          dropRow(
            held,
            gone,
            this.#rules(() => true),
          ).items,
      );
    if (e.type === "created") this.merge([e.task], () => true);
  }

  /** The day boundaries of the user's today (the browser's zone until the profile has loaded). */
  #days(): PlanDays {
    // Before the profile, the zone is the browser's own: read without Intl (the first query's start).
    const today = this.#session.me ? todayIn(this.#session.timeZone) : localToday();
    return { today, weekEnd: weekOf(today, this.#session.account?.firstDayOfWeek).end };
  }

  /** Loads unless fresh (or `force`); a second call while one is on its way joins it. */
  load(force = false): Promise<void> {
    if (!this.#session.userId) return Promise.resolve();
    if (!force && this.#inflight) return this.#inflight;
    // A return visit paints the last visit's copy while Wrike is asked (seed() never covers an answer).

    if (this.resource.value === null && this.#store) {
      void this.#store.read().then((kept) => {
        if (kept && this.#session.userId) this.resource.seed(kept);
      });
    }
    const run = this.resource.load((ctx) => this.#fetch(ctx), force);
    const inflight = (this.#inflight = run.finally(() => {
      if (this.#inflight === inflight) this.#inflight = null;
    }));
    return inflight;
  }

  async #fetch({ signal, partial }: LoadContext<WorkData>): Promise<WorkData> {
    const meId = this.#session.userId!;
    const days = this.#days();
    const counts: Partial<Record<DueBucket, number>> = {};
    const rest: string[] = [];
    let tasks: Task[] = [];
    let shown = false;
    // Two rounds of first pages: the buckets at the top of the screen, then the ones below. Five queries
    // and the profile's two at once would queue behind a browser's six connections to one HTTP/1.1 host.
    const rounds = firstRounds(bucketQueries(meId, days));
    for (const [i, round] of rounds.entries()) {
      const asked = round.map((p) => this.#api.get<Task>("tasks", p.query, { signal }));
      if (i === 0) warmFormatters();
      const first = await Promise.all(asked);
      round.forEach((p, i) => (counts[p.bucket] = first[i]!.responseSize ?? first[i]!.data.length));
      // A write still on its way keeps showing over Wrike's older copy.
      const fetched = first.flatMap((r) => r.data).map(this.#writes.overlay);
      // The first answers replace a kept copy; later ones join what is shown (live updates included).
      const held = shown ? (this.resource.value?.tasks ?? tasks) : tasks;
      tasks = unionTasks(held, fetched).filter((t) => t.status === "Active");
      rest.push(...first.map((r) => r.nextPageToken).filter((t): t is string => t !== undefined));
      // Nothing to show yet is not "nothing assigned to you": the buckets below may still hold tasks.
      if (tasks.length === 0) continue;
      const counting = i < rounds.length - 1;
      partial({ tasks, counts, days, complete: false, truncated: false, ...(counting ? { counting } : {}) });
      shown = true;
    }
    if (rest.length === 0) return this.#kept({ tasks, counts, days, complete: true, truncated: false });
    const firstPaint: WorkData = { tasks, counts, days, complete: false, truncated: false };
    // Kept now too: a reload during the fill-in still paints at once (and fills in again).
    this.#store?.write(keptCopy(firstPaint));
    // The rest of each bucket, in rounds: the buckets still filling side by side, each asking for its share
    // of what is left of MAX_TASKS (so that together they hold exactly that many, a prefix of each bucket),
    // each page merged over what live updates changed as it lands.
    let left = MAX_TASKS - tasks.length;
    let cursors = rest;
    while (cursors.length > 0 && left > 0 && !signal.aborted) {
      const share = Math.floor(left / cursors.length);
      // Fewer left than buckets: the ones nearest the top take one each.
      const turn = share > 0 ? cursors : cursors.slice(0, left);
      const pageSize = Math.min(FILL_PAGE, Math.max(1, share));
      const next = await Promise.all(
        turn.map(async (token) => {
          const res = await this.#api.get<Task>(
            "tasks",
            // The fields again: a cursor carries the filters, not the fields (rows name their folder).
            { nextPageToken: token, pageSize, fields: ["parentIds"] },
            { signal },
          );
          if (signal.aborted) return undefined;
          left -= res.data.length;
          const page = res.data.map(this.#writes.overlay);
          const held = this.resource.value?.tasks ?? tasks;
          tasks = unionTasks(held, page).filter((t) => t.status === "Active");
          // A page snapshotted before a change the live feed already brought holds the older copy.
          const newer = this.#live.recent(page.map((t) => t.id));
          if (newer.length)
            tasks = mergeSorted(
              tasks,
              newer,
              this.#rules(() => false),
            ).items;
          partial({ tasks, counts, days, complete: false, truncated: false });
          return res.nextPageToken;
        }),
      );
      cursors = [...next, ...cursors.slice(turn.length)].filter((t): t is string => t !== undefined);
    }
    const truncated = cursors.length > 0;
    return this.#kept({
      tasks: this.resource.value?.tasks ?? tasks,
      counts,
      days,
      complete: !truncated,
      truncated,
    });
  }

  /** A whole answer is kept for the next visit (the store decides whether this session may keep it). */
  #kept(data: WorkData): WorkData {
    this.#store?.write(keptCopy(data));
    return data;
  }
}
