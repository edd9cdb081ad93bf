// The one timer of this browser, shared by its tabs: start, stop, the unsaved entries a stop leaves, saving
// them to Wrike (a refused save keeps the entry to retry), and whether time tracking is available at all.
import type { WrikeApi } from "../wrike/api.ts";
import { asAppError } from "../wrike/errors.ts";
import type { Account, Contact } from "../wrike/types.ts";
import { browserStorage, type SafeStorage, type StorageKey } from "../platform/storage.ts";
import { formatDay } from "../ui/dates.ts";
import {
  createTimelog,
  explainRefusal,
  OFF_MESSAGE,
  timelogCategories,
  type Timelog,
  type TimelogCategory,
  type TimelogFields,
} from "./timelogs.ts";
import { draftOf, formatHours, parseDrafts, parseRunning, type Draft, type RunningTimer } from "./timer.ts";

/** The running timer: task id, title, start time, account and user id (no token, nothing secret). */
export const TIMER_KEY: StorageKey = { area: "local", key: "wrike-pane-timer" };
/** Stopped timers not yet in Wrike, so that neither a reload nor a refused save loses one. */
export const DRAFTS_KEY: StorageKey = { area: "local", key: "wrike-pane-timer-unsaved" };
/** Accounts whose plan refused time entries, with when (the memo lapses, so an upgrade is seen). */
export const OFF_KEY: StorageKey = { area: "local", key: "wrike-pane-time-off" };
const OFF_FOR_MS = 12 * 3_600_000;

export interface TimerSession {
  readonly state: string;
  readonly me: Contact | null;
  /** The user's id: the profile's, or the relay's before the profile has loaded (Session.userId). */
  readonly userId: string | null;
  readonly account: Account | null;
  readonly canWrite: boolean;
  readonly timeZone: string;
  readonly locale: string;
}

export interface TimerDeps {
  api: Pick<WrikeApi, "get" | "send">;
  session: TimerSession;
  storage?: SafeStorage;
  /** Hears other tabs' storage writes (the `storage` event); returns the unsubscribe. */
  listen?: (onChange: (key: string | null) => void) => () => void;
  now?: () => number;
  /** One line for everyone (the app's status banner). */
  announce?: (message: string) => void;
  /** A new timelog is in Wrike (My week shows it). */
  onSaved?: (t: Timelog) => void;
}

function browserListen(onChange: (key: string | null) => void): () => void {
  if (typeof window === "undefined") return () => {};
  const fn = (e: StorageEvent) => onChange(e.key);
  window.addEventListener("storage", fn);
  return () => window.removeEventListener("storage", fn);
}

export const READ_ONLY_MESSAGE =
  "Time tracking needs read-and-write access: sign in again with “Read and write” to track time.";

export class Timer {
  readonly #deps: Required<Omit<TimerDeps, "onSaved" | "announce">> & Pick<TimerDeps, "onSaved" | "announce">;
  #running = $state.raw<RunningTimer | null>(null);
  #drafts = $state.raw<Draft[]>([]);
  #off = $state.raw<Record<string, number>>({});
  #tick: ReturnType<typeof setInterval> | undefined;
  #categoriesLoad: Promise<void> | null = null;
  readonly #unlisten: () => void;

  /** Now, ticking once a second while a timer runs (the header's elapsed time). */
  now = $state(0);
  /** The unsaved entry the save dialog shows, by id; null when it is closed. */
  editing = $state<string | null>(null);
  saving = $state(false);
  /** The account's timelog categories (hidden ones too, for names); null until loaded or when none. */
  categories = $state.raw<TimelogCategory[] | null>(null);

  constructor(deps: TimerDeps) {
    this.#deps = { storage: browserStorage, listen: browserListen, now: Date.now, ...deps };
    this.now = this.#deps.now();
    this.#load();
    this.#unlisten = this.#deps.listen((key) => {
      if (key === null || key === TIMER_KEY.key || key === DRAFTS_KEY.key || key === OFF_KEY.key)
        this.#load();
    });
  }

  get #accountId(): string | null {
    return this.#deps.session.account?.id ?? null;
  }

  get #userId(): string | null {
    return this.#deps.session.userId;
  }

  /** A timer or entry is this person's in this account: on a shared browser nobody else sees it. */
  #mine(t: { accountId: string; userId: string }): boolean {
    return t.accountId === this.#accountId && t.userId === this.#userId;
  }

  /** This person's running timer in this account (anyone else's stays stored, unseen). */
  readonly running = $derived(this.#running && this.#mine(this.#running) ? this.#running : null);
  readonly drafts = $derived(this.#drafts.filter((d) => this.#mine(d)));
  readonly elapsed = $derived(this.running ? Math.max(0, this.now - this.running.startedAt) : 0);
  /** Why the timer is hidden here (one line), or null when time can be tracked. */
  readonly unavailable = $derived.by((): string | null => {
    const s = this.#deps.session;
    if (s.state !== "signed-in" || !this.#accountId) return null;
    if (!s.canWrite) return READ_ONLY_MESSAGE;
    const at = this.#off[this.#accountId];
    if (at !== undefined && this.now - at < OFF_FOR_MS) return OFF_MESSAGE;
    return null;
  });
  readonly editingDraft = $derived(this.drafts.find((d) => d.id === this.editing) ?? null);

  /** Re-reads what every tab shares. */
  #load(): void {
    const s = this.#deps.storage;
    this.#running = parseRunning(s.read(TIMER_KEY));
    this.#drafts = parseDrafts(s.read(DRAFTS_KEY));
    try {
      const v: unknown = JSON.parse(s.read(OFF_KEY) ?? "{}");
      this.#off = v && typeof v === "object" ? (v as Record<string, number>) : {};
    } catch {
      this.#off = {};
    }
    if (this.editing && !this.#drafts.some((d) => d.id === this.editing)) this.editing = null;
    this.#ticking();
  }

  #ticking(): void {
    if (this.#running && this.#tick === undefined) {
      this.now = this.#deps.now();
      this.#tick = setInterval(() => (this.now = this.#deps.now()), 1000);
    } else if (!this.#running && this.#tick !== undefined) {
      clearInterval(this.#tick);
      this.#tick = undefined;
    }
  }

  #saveRunning(t: RunningTimer | null): void {
    if (t) this.#deps.storage.write(TIMER_KEY, JSON.stringify(t));
    else this.#deps.storage.remove(TIMER_KEY);
    this.#running = t;
    this.#ticking();
  }

  #saveDrafts(list: Draft[]): void {
    if (list.length) this.#deps.storage.write(DRAFTS_KEY, JSON.stringify(list));
    else this.#deps.storage.remove(DRAFTS_KEY);
    this.#drafts = list;
  }

  /** True when this task's timer is the one running. */
  runs(taskId: string): boolean {
    return this.running?.taskId === taskId;
  }

  /**
   * Starts a timer on the task. One at a time: a timer already running (here or in another tab) stops,
   * and the save dialog offers to save it.
   */
  start(taskId: string, title: string): boolean {
    this.#load();
    const accountId = this.#accountId;
    const userId = this.#userId;
    if (this.unavailable || !accountId || !userId) {
      if (this.unavailable) this.#deps.announce?.(this.unavailable);
      return false;
    }
    if (this.runs(taskId)) return true;
    if (this.running) this.stop();
    else if (this.#running) {
      // Another account's timer (signed in there before): it stops too, and waits there to be saved.
      const other = draftOf(this.#running, this.#deps.now());
      this.#saveDrafts([...this.#drafts.filter((d) => d.id !== other.id), other]);
    }
    this.#saveRunning({ taskId, title, startedAt: this.#deps.now(), accountId, userId });
    this.#deps.announce?.(`Timer started on ${title}.`);
    return true;
  }

  /** Stops the running timer; the entry waits, stored, in the save dialog. */
  stop(): Draft | null {
    this.#load();
    const t = this.running;
    if (!t) return null;
    const draft = draftOf(t, this.#deps.now());
    this.#saveDrafts([...this.#drafts.filter((d) => d.id !== draft.id), draft]);
    this.#saveRunning(null);
    this.editing = draft.id;
    void this.loadCategories();
    return draft;
  }

  /** Starts the task's timer, or stops it when it is the one running (the row, panel and `t` key). */
  toggle(taskId: string, title: string): void {
    if (this.runs(taskId)) this.stop();
    else this.start(taskId, title);
  }

  /** Opens the save dialog on an unsaved entry. */
  open(id: string): void {
    if (this.#drafts.some((d) => d.id === id)) {
      this.editing = id;
      void this.loadCategories();
    }
  }

  /** Drops an unsaved entry without sending it. */
  discard(id: string): void {
    this.#load();
    this.#saveDrafts(this.#drafts.filter((d) => d.id !== id));
    if (this.editing === id) this.editing = null;
  }

  /** The account's categories, once per sign-in; none when Wrike does not answer (the field just goes). */
  loadCategories(): Promise<void> {
    this.#categoriesLoad ??= timelogCategories(this.#deps.api)
      .then((list) => void (this.categories = list.length ? list : null))
      .catch(() => {
        this.#categoriesLoad = null;
      });
    return this.#categoriesLoad;
  }

  /** POST /tasks/{taskId}/timelogs; on refusal the entry stays (with the message) to retry. */
  async save(id: string, fields: TimelogFields): Promise<boolean> {
    const draft = this.#drafts.find((d) => d.id === id);
    if (!draft || this.saving) return false;
    this.saving = true;
    const { session, api } = this.#deps;
    try {
      const saved = await createTimelog(api, draft.taskId, fields);
      this.#load();
      this.#saveDrafts(this.#drafts.filter((d) => d.id !== id));
      if (this.editing === id) this.editing = null;
      this.#deps.announce?.(
        `Saved ${formatHours(saved.hours)} on ${draft.title} for ${formatDay(saved.trackedDate, session.locale)}.`,
      );
      this.#deps.onSaved?.(saved);
      return true;
    } catch (e) {
      const refusal = await explainRefusal(
        api,
        asAppError(e),
        draft.taskId,
        [fields.trackedDate],
        session.locale,
      );
      if (refusal.kind === "off" && this.#accountId) this.#markOff(this.#accountId);
      this.#load();
      const kept: Draft = { ...draft, ...fields, error: refusal.error.message };
      if (!fields.categoryId) delete kept.categoryId;
      this.#saveDrafts(this.#drafts.map((d) => (d.id === id ? kept : d)));
      this.#deps.announce?.(`Not saved: ${refusal.error.message} The entry is kept to try again.`);
      return false;
    } finally {
      this.saving = false;
    }
  }

  /** Wrike refused time entries for the account's plan: the feature hides (and says why) in every tab. */
  #markOff(accountId: string): void {
    const now = this.#deps.now();
    this.#off = { ...this.#off, [accountId]: now };
    this.now = now;
    this.#deps.storage.write(OFF_KEY, JSON.stringify(this.#off));
  }

  /** Another part of the app met the plan's refusal (My week's writes). */
  refusedByPlan(): void {
    if (this.#accountId) this.#markOff(this.#accountId);
  }

  /** Forgets what belongs to the sign-in (the categories); the stored timer and entries stay for it. */
  reset(): void {
    this.categories = null;
    this.#categoriesLoad = null;
    this.editing = null;
  }

  close(): void {
    this.#unlisten();
    if (this.#tick !== undefined) clearInterval(this.#tick);
    this.#tick = undefined;
  }
}
