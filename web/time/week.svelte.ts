// My week's state: my timelogs for one week (the account's first day of week, my time zone), the grid
// built from them, the tasks I can log time on, and in-place adds, edits and deletes (optimistic: shown at
// once, confirmed by Wrike's answer or rolled back with a message).
import type { WrikeApi } from "../wrike/api.ts";
import { asAppError, type AppError } from "../wrike/errors.ts";
import type { Task } from "../wrike/types.ts";
import { formatDay, todayIn, type Day } from "../ui/dates.ts";
import type { TimerSession } from "./timer.svelte.ts";
import {
  createTimelog,
  deleteTimelog,
  explainRefusal,
  myTimelogs,
  updateTimelog,
  type Timelog,
  type TimelogFields,
} from "./timelogs.ts";
import { buildGrid, readOnlyReason, weekDays, type Entry, type Grid } from "./timesheet.ts";
import { formatHours } from "./timer.ts";

export interface WeekDeps {
  api: Pick<WrikeApi, "get" | "send" | "getByIds">;
  session: TimerSession;
  /** Wrike refused time entries for the plan: the timer hides too. */
  onPlanRefused?: () => void;
  announce?: (message: string) => void;
}

/** What the last write did, for the screen's status line (an error stays until the next write). */
export interface WeekNotice {
  tone: "info" | "error";
  text: string;
}

let tempSeq = 0;

export class Week {
  readonly #deps: WeekDeps;
  #abort: AbortController | null = null;
  #seq = 0;
  /** The week whose entries are held. */
  #loaded: Day | null = null;

  /** The week on show: its first day; null before the screen asks for one. */
  start = $state<Day | null>(null);
  #entries = $state.raw<Entry[]>([]);
  titles = $state.raw<ReadonlyMap<string, string>>(new Map());
  loading = $state(false);
  error = $state.raw<AppError | null>(null);
  notice = $state.raw<WeekNotice | null>(null);
  /** My active tasks, for adding time to a task that has none this week. */
  tasks = $state.raw<Pick<Task, "id" | "title">[]>([]);

  constructor(deps: WeekDeps) {
    this.#deps = deps;
    const session = deps.session;
    this.today = $derived(todayIn(session.timeZone));
    this.days = $derived(weekDays(this.start ?? this.today, session.account?.firstDayOfWeek ?? "Mon"));
    this.grid = $derived(buildGrid(this.#entries, this.days, this.titles));
  }

  readonly today: Day;
  readonly days: Day[];
  readonly grid: Grid;
  readonly entries = $derived(this.#entries);

  /** The first day of the week holding `day` (any day of it), in the account's week. */
  weekStart(day: Day): Day {
    return weekDays(day, this.#deps.session.account?.firstDayOfWeek ?? "Mon")[0]!;
  }

  /** Shows the week holding `day` (today's when none), loading it from Wrike. */
  async show(day?: Day, force = false): Promise<void> {
    const start = this.weekStart(day ?? this.today);
    if (start === this.#loaded && !force && !this.error) return;
    this.start = start;
    await this.reload();
  }

  async reload(): Promise<void> {
    const me = this.#deps.session.userId;
    if (!me || !this.start) return;
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    const seq = ++this.#seq;
    const days = this.days;
    this.loading = true;
    this.error = null;
    try {
      const list = await myTimelogs(this.#deps.api, me, days[0]!, days[6]!, abort.signal);
      if (seq !== this.#seq) return;
      this.#entries = list;
      this.#loaded = this.start;
      await this.#wantTitles(list.map((t) => t.taskId));
    } catch (e) {
      if (seq === this.#seq && !abort.signal.aborted) this.error = asAppError(e);
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
    if (this.tasks.length === 0) void this.#loadTasks();
  }

  /** Titles of the tasks of the week's entries, in batches of 100; unknown ones show their id. */
  async #wantTitles(ids: string[]): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.titles.has(id));
    if (!missing.length) return;
    try {
      const tasks = await this.#deps.api.getByIds<Task>("tasks", missing);
      const next = new Map(this.titles);
      for (const t of tasks) next.set(t.id, t.title);
      this.titles = next;
    } catch {
      // A task I can no longer open: its row says its id rather than failing the week.
    }
  }

  async #loadTasks(): Promise<void> {
    const me = this.#deps.session.userId;
    if (!me) return;
    try {
      const env = await this.#deps.api.get<Task>("tasks", {
        responsibles: [me],
        status: "Active",
        sortField: "UpdatedDate",
        sortOrder: "Desc",
        pageSize: 100,
      });
      this.tasks = env.data.map((t) => ({ id: t.id, title: t.title }));
      const next = new Map(this.titles);
      for (const t of env.data) if (!next.has(t.id)) next.set(t.id, t.title);
      this.titles = next;
    } catch {
      this.tasks = [];
    }
  }

  /** A timelog the timer saved: it joins the grid when its day is on show. */
  added(t: Timelog, title?: string): void {
    if (this.#entries.some((e) => e.id === t.id)) return;
    this.#entries = [...this.#entries, t];
    if (title && !this.titles.has(t.taskId)) this.titles = new Map(this.titles).set(t.taskId, title);
  }

  #say(tone: WeekNotice["tone"], text: string): void {
    this.notice = { tone, text };
    this.#deps.announce?.(text);
  }

  async #refusal(e: unknown, taskId: string, days: Day[]): Promise<AppError> {
    const r = await explainRefusal(this.#deps.api, asAppError(e), taskId, days, this.#deps.session.locale);
    if (r.kind === "off") this.#deps.onPlanRefused?.();
    return r.error;
  }

  #label(taskId: string, day: Day): string {
    return `${this.titles.get(taskId) ?? "the task"} on ${formatDay(day, this.#deps.session.locale)}`;
  }

  /** Adds an entry: shown at once, then Wrike's copy, or taken out again with the reason. */
  async add(taskId: string, fields: TimelogFields, title?: string): Promise<boolean> {
    const me = this.#deps.session.userId ?? "";
    if (title && !this.titles.has(taskId)) this.titles = new Map(this.titles).set(taskId, title);
    const temp: Entry = { id: `pending-${++tempSeq}`, taskId, userId: me, pending: true, ...fields };
    this.#entries = [...this.#entries, temp];
    try {
      const saved = await createTimelog(this.#deps.api, taskId, fields);
      this.#entries = this.#entries.map((e) => (e.id === temp.id ? saved : e));
      this.#say("info", `Added ${formatHours(saved.hours)} to ${this.#label(taskId, saved.trackedDate)}.`);
      return true;
    } catch (e) {
      const error = await this.#refusal(e, taskId, [fields.trackedDate]);
      this.#entries = this.#entries.filter((x) => x.id !== temp.id);
      this.#say("error", `Not added: ${error.message}`);
      return false;
    }
  }

  /** Changes an entry in place; rolled back to what it was when Wrike refuses. */
  async edit(id: string, patch: Partial<TimelogFields>): Promise<boolean> {
    const was = this.#entries.find((e) => e.id === id);
    if (!was) return false;
    const reason = readOnlyReason(was);
    if (reason) {
      this.#say("error", reason);
      return false;
    }
    this.#entries = this.#entries.map((e) => (e.id === id ? { ...e, ...patch, pending: true } : e));
    try {
      const saved = await updateTimelog(this.#deps.api, id, patch);
      this.#entries = this.#entries.map((e) => (e.id === id ? { ...was, ...saved, pending: false } : e));
      this.#say(
        "info",
        `Saved ${formatHours(saved.hours)} on ${this.#label(saved.taskId, saved.trackedDate)}.`,
      );
      return true;
    } catch (e) {
      const days = [was.trackedDate, ...(patch.trackedDate ? [patch.trackedDate] : [])];
      const error = await this.#refusal(e, was.taskId, days);
      this.#entries = this.#entries.map((x) => (x.id === id ? was : x));
      this.#say("error", `Not changed: ${error.message}`);
      return false;
    }
  }

  /** Deletes an entry; it comes back when Wrike refuses. */
  async remove(id: string): Promise<boolean> {
    const index = this.#entries.findIndex((e) => e.id === id);
    const was = this.#entries[index];
    if (!was) return false;
    const reason = readOnlyReason(was);
    if (reason) {
      this.#say("error", reason);
      return false;
    }
    this.#entries = this.#entries.filter((e) => e.id !== id);
    try {
      await deleteTimelog(this.#deps.api, id);
      this.#say(
        "info",
        `Deleted ${formatHours(was.hours)} from ${this.#label(was.taskId, was.trackedDate)}.`,
      );
      return true;
    } catch (e) {
      const error = await this.#refusal(e, was.taskId, [was.trackedDate]);
      const list = [...this.#entries];
      list.splice(Math.min(index, list.length), 0, was);
      this.#entries = list;
      this.#say("error", `Not deleted: ${error.message}`);
      return false;
    }
  }

  /** Sign-out: nothing of this person's week may stay. */
  reset(): void {
    this.#abort?.abort();
    this.#seq++;
    this.start = null;
    this.#loaded = null;
    this.#entries = [];
    this.titles = new Map();
    this.tasks = [];
    this.error = null;
    this.notice = null;
    this.loading = false;
  }
}
