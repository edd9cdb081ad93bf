// The app's optimistic writes to Wrike (status change, comment, new task): one module that shows the change
// at once through one event stream, sends it through the API client (one write at a time per task), and
// then confirms it with Wrike's answer or rolls it back with a message. My work, My tasks and the task panel
// subscribe and merge; components only call these methods.
import type { WrikeApi } from "../wrike/api.ts";
import { AppError, asAppError } from "../wrike/errors.ts";
import type { Comment, CustomStatus, Task } from "../wrike/types.ts";
import { newTaskForm, placeholderTask, plainToWrikeHtml, withStatus } from "./actions.ts";

/** What the screens merge. `task` is always the copy to show now (pending changes applied). */
export type TaskEvent =
  /**
   * A task of mine changed here: optimistically, confirmed by Wrike, or rolled back. `was` is the copy
   * shown before, so a list whose loaded pages do not hold the task still knows whether it joined or left.
   */
  | { type: "changed"; task: Task; was: Task }
  /** A task was created: its placeholder (no `replaces`), or Wrike's task replacing the placeholder. */
  | { type: "created"; task: Task; replaces?: Task }
  /** A placeholder goes again: Wrike did not create the task. */
  | { type: "dropped"; task: Task }
  /** A comment on `taskId`: `pending` shown; then `saved` replaces it, or `saved: null` takes it out. */
  | { type: "comment"; taskId: string; pending: Comment; saved?: Comment | null };

export type TaskListener = (event: TaskEvent) => void;

export type WriteResult<T> = { ok: true; value: T } | { ok: false; error: AppError; message: string };

export interface WritesDeps {
  api: Pick<WrikeApi, "send">;
  /** The signed-in user's id (new tasks are theirs, comments are by them). */
  me: () => string | undefined;
  /** Where a new task goes: the account's root folder (Wrike shows it under My work). */
  rootFolderId: () => string | undefined;
  now?: () => Date;
  /** Every rollback's message, also when the form that asked is gone (the app's status line). */
  onFailure?: (message: string) => void;
}

interface Op {
  apply(task: Task): Task;
}

/** A task with writes in flight: Wrike's latest copy, and the changes not yet confirmed on top of it. */
interface Pending {
  base: Task;
  ops: Op[];
  comments: Comment[];
  /** The copy the screens were last told about. */
  shown: Task;
}

const stamp = (d: Date) => d.toISOString().replace(/\.\d+Z$/, "Z");

export class Writes {
  readonly #deps: WritesDeps;
  readonly #listeners = new Set<TaskListener>();
  readonly #pending = new Map<string, Pending>();
  /** Per task, the end of its chain of writes: the next one is sent only when the previous one settled. */
  readonly #queues = new Map<string, Promise<unknown>>();
  #seq = 0;

  constructor(deps: WritesDeps) {
    this.#deps = deps;
  }

  /** Subscribes to every task event; returns the unsubscribe. */
  on(listener: TaskListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** True while any write is on its way (e.g. to hold a test or a sign-out until Wrike answered). */
  get busy(): boolean {
    return this.#queues.size > 0;
  }

  /** Resolves once every write sent so far has settled. */
  async settled(): Promise<void> {
    while (this.#queues.size > 0) await Promise.allSettled([...this.#queues.values()]);
  }

  /**
   * A copy of a task from Wrike (a poll, a refetch) with the changes still in flight on top, so a fresh
   * read never undoes what the user just did on screen. A newer copy becomes the base a rollback returns to.
   */
  overlay = (task: Task): Task => {
    const p = this.#pending.get(task.id);
    if (!p) return task;
    if (task.updatedDate >= p.base.updatedDate) p.base = { ...p.base, ...task };
    // What the screens merge from here on (a rollback's `was`).
    p.shown = this.#shown(p);
    return p.shown;
  };

  /** Comments posted here that Wrike has not confirmed yet (a refetched thread keeps showing them). */
  pendingComments(taskId: string): Comment[] {
    return this.#pending.get(taskId)?.comments ?? [];
  }

  /** Changes the task's custom status (its group becomes the task's status). */
  setStatus(task: Task, status: CustomStatus): Promise<WriteResult<Task>> {
    const p = this.#entry(task);
    const op: Op = { apply: (t) => withStatus(t, status) };
    p.ops.push(op);
    this.#changed(p);
    return this.#enqueue(task.id, async () => {
      try {
        const res = await this.#deps.api.send<Task>("PUT", `tasks/${encodeURIComponent(task.id)}`, {
          customStatus: status.id,
        });
        const saved = res.data[0];
        if (saved) p.base = { ...p.base, ...saved };
        this.#settle(task.id, p, op);
        return { ok: true, value: this.#shown(p) } as const;
      } catch (e) {
        this.#settle(task.id, p, op);
        return this.#failed("The status was not changed", e);
      }
    });
  }

  /** Posts a comment (plain text, escaped as Wrike HTML). */
  comment(task: Task, text: string): Promise<WriteResult<Comment>> {
    const me = this.#deps.me();
    if (!text.trim() || !me)
      return Promise.resolve(this.#failed("The comment was not posted", refused(me, "text")));
    const p = this.#entry(task);
    const pending: Comment = {
      id: `pending-comment-${++this.#seq}`,
      authorId: me,
      text: plainToWrikeHtml(text),
      createdDate: stamp(this.#now()),
      taskId: task.id,
    };
    p.comments.push(pending);
    this.#emit({ type: "comment", taskId: task.id, pending });
    return this.#enqueue(task.id, async () => {
      const drop = () => (p.comments = p.comments.filter((c) => c !== pending));
      try {
        const res = await this.#deps.api.send<Comment>(
          "POST",
          `tasks/${encodeURIComponent(task.id)}/comments`,
          { text: pending.text },
        );
        const saved = res.data[0] ?? pending;
        drop();
        this.#emit({ type: "comment", taskId: task.id, pending, saved });
        this.#settle(task.id, p);
        return { ok: true, value: saved } as const;
      } catch (e) {
        drop();
        this.#emit({ type: "comment", taskId: task.id, pending, saved: null });
        this.#settle(task.id, p);
        return this.#failed("The comment was not posted", e);
      }
    });
  }

  /** Creates a task assigned to me in the account's root folder; a placeholder shows until Wrike answers. */
  create(title: string, due?: string): Promise<WriteResult<Task>> {
    const me = this.#deps.me();
    const root = this.#deps.rootFolderId();
    if (!title.trim() || !me || !root)
      return Promise.resolve(this.#failed("The task was not created", refused(me && root, "title")));
    const temp = placeholderTask(`pending-task-${++this.#seq}`, title, due, this.#now());
    this.#emit({ type: "created", task: temp });
    return this.#enqueue(temp.id, async () => {
      try {
        const res = await this.#deps.api.send<Task>(
          "POST",
          `folders/${encodeURIComponent(root)}/tasks`,
          newTaskForm(title, me, due),
        );
        const created = res.data[0];
        if (!created) throw new AppError("unknown", "Wrike did not return the new task.");
        this.#emit({ type: "created", task: created, replaces: temp });
        return { ok: true, value: created } as const;
      } catch (e) {
        this.#emit({ type: "dropped", task: temp });
        return this.#failed("The task was not created", e);
      }
    });
  }

  #now(): Date {
    return this.#deps.now?.() ?? new Date();
  }

  #entry(task: Task): Pending {
    let p = this.#pending.get(task.id);
    if (!p) {
      p = { base: task, ops: [], comments: [], shown: task };
      this.#pending.set(task.id, p);
    }
    return p;
  }

  #shown(p: Pending): Task {
    return p.ops.reduce((t, op) => op.apply(t), p.base);
  }

  /** One write is over (confirmed or not): the screens get the task as it now stands. */
  #settle(id: string, p: Pending, op?: Op): void {
    if (op) {
      p.ops = p.ops.filter((o) => o !== op);
      this.#changed(p);
    }
    if (p.ops.length === 0 && p.comments.length === 0 && this.#pending.get(id) === p)
      this.#pending.delete(id);
  }

  #changed(p: Pending): void {
    const was = p.shown;
    p.shown = this.#shown(p);
    this.#emit({ type: "changed", task: p.shown, was });
  }

  #enqueue<T>(key: string, send: () => Promise<T>): Promise<T> {
    const before = this.#queues.get(key) ?? Promise.resolve();
    // `send` never rejects (it turns failures into results), so the chain is never broken by one.
    const run = before.then(send);
    this.#queues.set(key, run);
    void run.finally(() => {
      if (this.#queues.get(key) === run) this.#queues.delete(key);
    });
    return run;
  }

  #failed(what: string, e: unknown): { ok: false; error: AppError; message: string } {
    const error = asAppError(e);
    const message = `${what}: ${error.message}`;
    this.#deps.onFailure?.(message);
    return { ok: false, error, message };
  }

  #emit(event: TaskEvent): void {
    for (const l of this.#listeners) {
      try {
        l(event);
      } catch (e) {
        // One screen's bug must not keep the others from the change (or the write from Wrike).
        console.error(e);
      }
    }
  }
}

/** Why a write was not even sent: nobody signed in (or no account loaded yet), or nothing typed. */
function refused(signedIn: string | undefined, what: string): AppError {
  return signedIn
    ? new AppError("invalid", `The ${what} is empty.`)
    : new AppError("not_signed_in", "You are not signed in.");
}
