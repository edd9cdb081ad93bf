// Live: while the page is visible, polls Wrike for my tasks updated since the last sync, hands them to the
// views that hold tasks (My work, My tasks, the task panel), marks new and changed tasks, and says so.
import { SvelteMap } from "svelte/reactivity";
import {
  EPOCH_STAMP,
  POLL_MS,
  announcement,
  baselineQuery,
  changesOf,
  idsAt,
  newestById,
  newestStamp,
  pollQuery,
  type Mark,
} from "./live.ts";
import { Poller } from "./poller.ts";
import { router } from "../nav/router.svelte.ts";
import type { WrikeApi } from "../wrike/api.ts";
import type { Session } from "../session/session.svelte.ts";
import type { Status } from "../ui/status.svelte.ts";
import type { Task } from "../wrike/types.ts";
import type { Writes } from "../tasks/writes.ts";

/** Changes per poll: a page is usually plenty; past this many the views reload instead of merging. */
const PAGE_SIZE = 200;
const MAX_CHANGES = 1_000;
/** Marks kept at most (the oldest go first): bounds memory in a tab left open for days. */
const MAX_MARKS = 500;
/** Recent changes kept for pages loaded later (a page fetched from an older cursor may hold older copies). */
const MAX_RECENT = 1_000;

/** A view holding Wrike tasks: tells which copy it holds, and takes changes in. */
export interface LiveSource {
  /** updatedDate of the copy of task `id` this view holds, if any. */
  stamp(id: string): string | undefined;
  /** My tasks that changed (newest copies; default list model). `isNew`: created since the last sync. */
  merge(tasks: readonly Task[], isNew: (task: Task) => boolean): void;
  /** Too much changed to merge: load again. */
  reload(): void;
}

export class Live {
  /** Tasks marked new or updated, by id. */
  readonly marks = new SvelteMap<string, Mark>();

  #sources: LiveSource[] = [];
  /** The watermark: Wrike's newest updatedDate seen for my tasks; null until the first sync. */
  #since: string | null = null;
  /** The tasks updated in the watermark's own second, as far as known (not after the first sync). */
  #atSince: Set<string> | null = null;
  #recent = new Map<string, Task>();
  /** Tasks the user changed here (e.g. commented on), with the sync count then: that change is not news. */
  #touched = new Map<string, number>();
  #syncs = 0;
  #poller: Poller;
  #listening = false;
  readonly #session: Session;
  readonly #api: WrikeApi;
  readonly #status: Pick<Status, "announce">;
  readonly #writes: Pick<Writes, "on" | "overlay">;

  /**
   * Polls through `api` for the session's user, says what changed in `status`, stops on sign-out. The
   * user's own writes (`writes`) are no news, and a polled copy never undoes one still on its way.
   */
  constructor(
    session: Session,
    api: WrikeApi,
    status: Pick<Status, "announce">,
    writes: Pick<Writes, "on" | "overlay">,
  ) {
    this.#session = session;
    this.#api = api;
    this.#status = status;
    this.#writes = writes;
    writes.on((e) => {
      // Wrike counts a comment (or a status change) as a change to the task: the next poll brings it back.
      if (e.type === "changed") this.touched(e.task.id);
      else if (e.type === "comment" && e.saved) this.touched(e.taskId);
    });
    this.#poller = new Poller({
      interval: POLL_MS,
      run: (signal) => this.#sync(signal),
      visible: () => typeof document === "undefined" || document.visibilityState !== "hidden",
      onError: () => {
        // The API client has already retried what is worth retrying (429, 5xx, offline) and said so;
        // the poller waits longer before the next try. A refused token signs out through the session.
      },
    });
    session.onReset(() => {
      this.stop();
      this.marks.clear();
      this.#since = null;
      this.#atSince = null;
      this.#recent.clear();
      this.#touched.clear();
    });
  }

  /** Registers a view's tasks (module-level stores register once). */
  register(source: LiveSource): void {
    this.#sources.push(source);
  }

  /** Starts polling (signed in, app on screen). */
  start(): void {
    if (!this.#listening && typeof document !== "undefined") {
      document.addEventListener("visibilitychange", this.#onVisibility);
      window.addEventListener("online", this.#onOnline);
      this.#listening = true;
    }
    this.#poller.start();
  }

  /** Asks Wrike now (unless a poll is on its way already): e.g. after the user's own writes settled. */
  poll(): void {
    this.#poller.now();
  }

  /** A poll is on its way. */
  get polling(): boolean {
    return this.#poller.polling;
  }

  stop(): void {
    this.#poller.stop();
    if (this.#listening) {
      document.removeEventListener("visibilitychange", this.#onVisibility);
      window.removeEventListener("online", this.#onOnline);
      this.#listening = false;
    }
  }

  /** The user opened the task, or had its mark on screen long enough: the mark goes. */
  seen(id: string): void {
    this.marks.delete(id);
  }

  /** The user changed the task here: its next change is their own. */
  touched(id: string): void {
    this.#touched.set(id, this.#syncs);
  }

  /** The newest copy of a task a poll brought, if any (for pages fetched after it). */
  recent(ids: Iterable<string>): Task[] {
    const out: Task[] = [];
    for (const id of ids) {
      const t = this.#recent.get(id);
      if (t) out.push(t);
    }
    return out;
  }

  #onVisibility = (): void => this.#poller.visibilityChanged();
  #onOnline = (): void => this.#poller.now();

  #known = (id: string): string | undefined => {
    let best: string | undefined;
    for (const s of this.#sources) {
      const stamp = s.stamp(id);
      if (stamp !== undefined && (best === undefined || stamp > best)) best = stamp;
    }
    return best;
  };

  async #sync(signal: AbortSignal): Promise<void> {
    // The user's id, known from the relay's token before the profile has loaded (the frame shows first).
    const meId = this.#session.userId;
    if (!meId) return;
    // Touches before this sync began are answered by it (Wrike has them by now); later ones by the next.
    const sync = ++this.#syncs;
    const touched = new Set([...this.#touched].filter(([, at]) => at < sync).map(([id]) => id));
    if (this.#since === null) {
      // First sync: Wrike's newest updatedDate for my tasks is "now" on Wrike's clock, as far as my tasks go.
      const res = await this.#api.get<Task>("tasks", baselineQuery(meId), { signal });
      if (signal.aborted || this.#session.userId !== meId) return;
      this.#since = res.data[0]?.updatedDate ?? EPOCH_STAMP;
      // One task of that second is known; others may share it. The first poll counts that second as seen.
      this.#atSince = null;
      for (const id of touched) this.#touched.delete(id);
      return;
    }
    const since = this.#since;
    const polled: Task[] = [];
    let next: string | undefined;
    do {
      const res = await this.#api.get<Task>(
        "tasks",
        next ? { nextPageToken: next } : pollQuery(meId, since, PAGE_SIZE),
        { signal },
      );
      polled.push(...res.data);
      next = res.nextPageToken;
    } while (next && polled.length < MAX_CHANGES);
    if (signal.aborted || this.#session.userId !== meId || this.#since !== since) return;
    const tasks = newestById(polled).map(this.#writes.overlay);
    const atSince = this.#atSince;
    this.#since = newestStamp(tasks, since);
    this.#atSince = idsAt(tasks, this.#since);
    for (const id of touched) this.#touched.delete(id);
    if (next) {
      this.#atSince = null;
      // A mass change (an import, a bulk edit): fresh lists beat a thousand merges.
      for (const s of this.#sources) s.reload();
      return;
    }
    if (tasks.length === 0) return;

    const changes = changesOf(tasks, since, this.#known, atSince);
    const route = router.route;
    const open = route.name === "task" ? route.id : null;
    const fresh = new Set(changes.filter((c) => c.mark === "new").map((c) => c.task.id));
    const isNew = (t: Task) => fresh.has(t.id);
    for (const s of this.#sources) s.merge(tasks, isNew);
    this.#remember(tasks);

    // The task open in the panel is being looked at (refreshed there), and the user's own change is no news.
    const news = changes.filter((c) => c.task.id !== open && !touched.has(c.task.id));
    for (const c of news) {
      const had = this.marks.get(c.task.id);
      this.marks.delete(c.task.id);
      this.marks.set(c.task.id, had === "new" ? "new" : c.mark);
    }
    while (this.marks.size > MAX_MARKS) {
      const oldest = this.marks.keys().next().value;
      if (oldest === undefined) break;
      this.marks.delete(oldest);
    }
    const text = announcement(news);
    if (text) this.#status.announce(text);
  }

  #remember(tasks: readonly Task[]): void {
    for (const t of tasks) {
      this.#recent.delete(t.id);
      this.#recent.set(t.id, t);
    }
    while (this.#recent.size > MAX_RECENT) {
      const oldest = this.#recent.keys().next().value;
      if (oldest === undefined) break;
      this.#recent.delete(oldest);
    }
  }
}
