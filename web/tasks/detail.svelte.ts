// Task detail's data: the full task and its comments, cached per task; names come from the directory; the
// extra sections (subtasks, attachments, time, custom fields) in ./panel/extras.svelte.ts.
import { Cache } from "../wrike/cache.ts";
import type { WrikeApi } from "../wrike/api.ts";
import type { Directory } from "../wrike/directory.svelte.ts";
import { AppError, asAppError } from "../wrike/errors.ts";
import type { Live } from "../live/live.svelte.ts";
import { router } from "../nav/router.svelte.ts";
import type { Session } from "../session/session.svelte.ts";
import type { Comment, Task } from "../wrike/types.ts";
import type { TaskEvent, Writes } from "./writes.ts";
import { TaskExtras } from "./panel/extras.svelte.ts";

const FRESH_MS = 60_000;
/** attachmentCount is the one panel field outside GET /tasks/{id}'s full model (wrike-api.md §4.4). */
const TASK_QUERY = { fields: ["attachmentCount"], plainTextCustomFields: true } as const;

interface Snapshot {
  task: Task;
  comments: Comment[];
}

export class TaskDetail {
  id = $state<string | null>(null);
  task = $state.raw<Task | null>(null);
  comments = $state.raw<Comment[]>([]);
  loading = $state(false);
  error = $state.raw<AppError | null>(null);
  /** Parent and subtasks, attachments, time logged, custom field titles: each loads on its own. */
  readonly extras: TaskExtras;

  #cache = new Cache<Snapshot>(100);
  #abort: AbortController | null = null;
  readonly #api: WrikeApi;
  readonly #directory: Directory;
  readonly #writes: Writes;

  constructor(session: Session, api: WrikeApi, live: Live, directory: Directory, writes: Writes) {
    this.#api = api;
    this.#directory = directory;
    this.#writes = writes;
    this.extras = new TaskExtras(api);
    session.onReset(() => {
      this.extras.reset();
      this.#abort?.abort();
      this.#cache.clear();
      this.id = null;
      this.task = null;
      this.comments = [];
      this.error = null;
    });
    live.register({
      stamp: (id) => (this.id === id && this.task ? this.task.updatedDate : undefined),
      merge: (tasks) => {
        for (const t of tasks) {
          this.extras.patchRelated(t);
          const shown = this.#shown();
          if (shown === t.id) {
            // On screen: fetch the full task and its comments again (a list copy lacks the description).
            if (this.task && t.updatedDate > this.task.updatedDate) void this.open(t.id, true);
          } else {
            this.#cache.delete(t.id);
            this.extras.forget(t.id);
          }
        }
      },
      reload: () => {
        this.#cache.clear();
        this.extras.reset();
        const shown = this.#shown();
        if (shown) void this.open(shown, true);
      },
    });
    writes.on((e) => this.#written(e));
  }

  /** A write made here: the open task and the cached copies follow it (a list copy never replaces one). */
  #written(e: TaskEvent): void {
    if (e.type === "changed") {
      this.extras.patchRelated(e.task);
      const had = this.id === e.task.id && this.task ? this.task : this.#cache.get(e.task.id)?.value.task;
      if (had) this.#update({ ...had, ...e.task }, this.#commentsOf(e.task.id));
    } else if (e.type === "comment") {
      const had = this.id === e.taskId && this.task ? this.task : this.#cache.get(e.taskId)?.value.task;
      if (!had) return;
      const rest = this.#commentsOf(e.taskId).filter((c) => c.id !== e.pending.id && c.id !== e.saved?.id);
      this.#update(had, e.saved === null ? rest : [...rest, e.saved ?? e.pending]);
    }
  }

  #commentsOf(id: string): Comment[] {
    return this.id === id ? this.comments : (this.#cache.get(id)?.value.comments ?? []);
  }

  /** The task open in the panel, if any. */
  #shown(): string | null {
    const r = router.route;
    return r.name === "task" && r.id === this.id ? r.id : null;
  }

  async open(id: string, force = false): Promise<void> {
    const cached = this.#cache.get(id);
    if (this.id !== id) {
      this.#abort?.abort();
      this.id = id;
      this.task = cached?.value.task ?? null;
      this.comments = cached?.value.comments ?? [];
      this.error = null;
      this.loading = false;
      this.extras.show(id);
      if (cached) this.#want(cached.value);
    }
    if (!force && this.#cache.fresh(id, FRESH_MS) && cached) {
      this.extras.fill(cached.value.task);
      return;
    }
    const abort = (this.#abort = new AbortController());
    this.loading = true;
    // Attachments and timelogs need only the id: asked beside the task, not after it.
    this.extras.loadById(id, abort.signal);
    try {
      const [taskRes, commentRes] = await Promise.all([
        this.#api.get<Task>(`tasks/${encodeURIComponent(id)}`, TASK_QUERY, { signal: abort.signal }),
        this.#api.get<Comment>(`tasks/${encodeURIComponent(id)}/comments`, undefined, {
          signal: abort.signal,
        }),
      ]);
      const fetched = taskRes.data[0];
      if (!fetched) throw new AppError("not_found", "Wrike could not find this task.");
      // Writes still on their way stay on screen over Wrike's copy (a status change, a comment posting).
      const task = this.#writes.overlay(fetched);
      const have = new Set(commentRes.data.map((c) => c.id));
      const posting = this.#writes.pendingComments(id).filter((c) => !have.has(c.id));
      const snap: Snapshot = { task, comments: [...commentRes.data, ...posting] };
      this.#cache.set(id, snap);
      this.extras.taskLoaded(task, abort.signal);
      if (this.id !== id) return;
      this.task = task;
      this.comments = snap.comments;
      this.error = null;
      this.#want(snap);
    } catch (e) {
      if (abort.signal.aborted || this.id !== id) return;
      this.error = asAppError(e);
    } finally {
      if (this.#abort === abort) {
        this.loading = false;
        this.#abort = null;
      }
    }
  }

  close(): void {
    this.#abort?.abort();
    this.id = null;
  }

  /** Replaces the cached task and its comments (after a write made here). */
  #update(task: Task, comments?: Comment[]): void {
    const snap: Snapshot = { task, comments: comments ?? this.comments };
    this.#cache.set(task.id, snap);
    if (this.id === task.id) {
      this.task = task;
      this.comments = snap.comments;
    }
  }

  #want(s: Snapshot): void {
    this.#directory.contacts.want([
      ...(s.task.responsibleIds ?? []),
      ...(s.task.authorIds ?? []),
      ...(s.task.followerIds ?? []),
      ...s.comments.map((c) => c.authorId),
    ]);
    this.#directory.folders.want([...(s.task.parentIds ?? []), ...(s.task.superParentIds ?? [])]);
  }
}
