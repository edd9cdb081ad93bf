// The task panel's extra sections (parent and subtasks, attachments, time logged, custom field titles):
// each loads and fails on its own, cached per task for the session; field definitions once per session.
import { Cache } from "../../wrike/cache.ts";
import type { WrikeApi } from "../../wrike/api.ts";
import { AppError, asAppError } from "../../wrike/errors.ts";
import { idList } from "../../wrike/query.ts";
import type { Attachment, CustomField, Task } from "../../wrike/types.ts";
import { planRelated, type LoggedTime } from "./plan.ts";

export type Section<T> =
  { state: "loading" } | { state: "ready"; value: T } | { state: "error"; error: AppError };

export interface Related {
  parents: Task[];
  subtasks: Task[];
  /** Ids Wrike did not return (deleted, or not shared with this person). */
  hidden: number;
}

interface Snapshot {
  related: Section<Related>;
  attachments: Section<Attachment[]>;
  time: Section<LoggedTime[]>;
}

const LOADING = { state: "loading" } as const;
const ready = <T>(value: T): Section<T> => ({ state: "ready", value });
const failed = (e: unknown): Section<never> => ({ state: "error", error: asAppError(e) });

export class TaskExtras {
  related = $state.raw<Section<Related>>(LOADING);
  attachments = $state.raw<Section<Attachment[]>>(LOADING);
  time = $state.raw<Section<LoggedTime[]>>(LOADING);
  /** The account's custom fields by id (GET /customfields, once per session). */
  fields = $state.raw<Section<Map<string, CustomField>>>(LOADING);

  #id: string | null = null;
  #task: Task | null = null;
  #cache = new Cache<Snapshot>(100);
  #fieldLoad: Promise<void> | null = null;
  /** `id:section` fetches on their way, so a second open does not ask twice. */
  #inflight = new Set<string>();
  readonly #api: WrikeApi;

  constructor(api: WrikeApi) {
    this.#api = api;
  }

  /** Shows task `id`'s sections: cached ones at once, the rest as loading. */
  show(id: string): void {
    if (this.#id === id) return;
    this.#id = id;
    this.#task = null;
    const cached = this.#cache.get(id)?.value;
    this.related = cached?.related ?? LOADING;
    this.attachments = cached?.attachments ?? LOADING;
    this.time = cached?.time ?? LOADING;
  }

  /** The calls that need only the id, made beside the task's own GET: attachments and timelogs. */
  loadById(id: string, signal?: AbortSignal): void {
    void this.#attachments(id, signal);
    void this.#time(id, signal);
  }

  /** The task arrived (or changed): its parent and subtasks in one call per 100 ids; field titles. */
  taskLoaded(task: Task, signal?: AbortSignal): void {
    if (this.#id === task.id) this.#task = task;
    void this.#related(task, signal);
    if ((task.customFields?.length ?? 0) > 0) void this.loadFields();
  }

  /** A task shown from the cache: whatever section it has no answer for yet is asked for now. */
  fill(task: Task): void {
    if (this.#id === task.id) this.#task = task;
    const snap = this.#cache.get(task.id)?.value;
    if (snap?.attachments.state !== "ready") void this.#attachments(task.id);
    if (snap?.time.state !== "ready") void this.#time(task.id);
    if (snap?.related.state !== "ready") void this.#related(task);
    if ((task.customFields?.length ?? 0) > 0) void this.loadFields();
  }

  retryAttachments(): void {
    if (this.#id) void this.#attachments(this.#id);
  }
  retryTime(): void {
    if (this.#id) void this.#time(this.#id);
  }
  retryRelated(): void {
    if (this.#task) void this.#related(this.#task);
  }

  /** Time was logged on task `id` elsewhere in the app (the timer, My week): fetch its timelogs again. */
  timeChanged(id: string): void {
    if (this.#id === id) void this.#time(id);
    else this.#drop(id, "time");
  }

  /** A task changed (a write here, or a live poll's list copy): related rows that show it follow. */
  patchRelated(changed: Pick<Task, "id"> & Partial<Task>): void {
    const patch = (s: Section<Related>): Section<Related> => {
      if (s.state !== "ready") return s;
      const swap = (list: Task[]) => list.map((t) => (t.id === changed.id ? { ...t, ...changed } : t));
      const { parents, subtasks } = s.value;
      if (!parents.some((t) => t.id === changed.id) && !subtasks.some((t) => t.id === changed.id)) return s;
      return ready({ ...s.value, parents: swap(parents), subtasks: swap(subtasks) });
    };
    this.#cache.revise((_id, snap) => ({ ...snap, related: patch(snap.related) }));
    this.related = patch(this.related);
  }

  forget(id: string): void {
    this.#cache.delete(id);
  }

  reset(): void {
    this.#cache.clear();
    this.#id = null;
    this.#task = null;
    this.#fieldLoad = null;
    this.related = LOADING;
    this.attachments = LOADING;
    this.time = LOADING;
    this.fields = LOADING;
  }

  loadFields(): Promise<void> {
    this.#fieldLoad ??= this.#api
      .get<CustomField>("customfields", undefined, { maxRetries: 3 })
      .then((res) => {
        this.fields = ready(new Map(res.data.map((f) => [f.id, f])));
      })
      .catch((e: unknown) => {
        this.fields = failed(e);
        // Asked again the next time a task with custom fields opens.
        this.#fieldLoad = null;
      });
    return this.#fieldLoad;
  }

  async #attachments(id: string, signal?: AbortSignal): Promise<void> {
    await this.#load(id, "attachments", signal, async () => {
      const res = await this.#api.get<Attachment>(`tasks/${encodeURIComponent(id)}/attachments`, undefined, {
        signal,
        maxRetries: 3,
      });
      return res.data;
    });
  }

  async #time(id: string, signal?: AbortSignal): Promise<void> {
    await this.#load(id, "time", signal, async () => {
      // No pageSize: every entry in one answer (§10.2); descendants (default true) adds the subtasks'.
      const res = await this.#api.get<LoggedTime>(`tasks/${encodeURIComponent(id)}/timelogs`, undefined, {
        signal,
        maxRetries: 3,
      });
      return res.data.map((t) => ({ taskId: t.taskId, userId: t.userId, hours: Number(t.hours) }));
    });
  }

  async #related(task: Task, signal?: AbortSignal): Promise<void> {
    const plan = planRelated(task);
    await this.#load(task.id, "related", signal, async () => {
      const pages = await Promise.all(
        plan.calls.map((ids) =>
          this.#api.get<Task>(`tasks/${idList(ids)}`, undefined, { signal, maxRetries: 3 }),
        ),
      );
      const byId = new Map(pages.flatMap((p) => p.data).map((t) => [t.id, t]));
      // A subtask in the Recycle Bin still answers by id; it is not part of the task any more.
      const pick = (ids: string[]) =>
        ids.flatMap((id) => {
          const t = byId.get(id);
          return t && t.scope !== "RbTask" ? [t] : [];
        });
      const parents = pick(plan.parents);
      const subtasks = pick(plan.subtasks);
      return {
        parents,
        subtasks,
        hidden: plan.parents.length + plan.subtasks.length - parents.length - subtasks.length,
      };
    });
  }

  /** Runs one section's fetch for task `id`; only the task on screen updates the section's state. */
  async #load<K extends keyof Snapshot>(
    id: string,
    key: K,
    signal: AbortSignal | undefined,
    fetch: () => Promise<Snapshot[K] extends Section<infer T> ? T : never>,
  ): Promise<void> {
    const flight = `${id}:${key}`;
    if (this.#inflight.has(flight)) return;
    this.#inflight.add(flight);
    // A retry shows the skeleton again; a refresh keeps the answer on screen until the new one comes.
    if (this.#id === id && this[key].state === "error") this.#set(id, key, LOADING as Snapshot[K]);
    let result: Snapshot[K];
    try {
      result = ready(await fetch()) as Snapshot[K];
    } catch (e) {
      result = failed(e) as Snapshot[K];
    } finally {
      this.#inflight.delete(flight);
    }
    if (signal?.aborted) return;
    this.#set(id, key, result);
  }

  #set<K extends keyof Snapshot>(id: string, key: K, value: Snapshot[K]): void {
    const snap: Snapshot = this.#cache.get(id)?.value ?? {
      related: LOADING,
      attachments: LOADING,
      time: LOADING,
    };
    // Only answers are kept: a failure is shown, not cached, so the next open asks again.
    if (value.state === "ready") this.#cache.set(id, { ...snap, [key]: value });
    if (this.#id === id) (this as unknown as Record<K, Snapshot[K]>)[key] = value;
  }

  #drop(id: string, key: keyof Snapshot): void {
    const snap = this.#cache.get(id)?.value;
    if (snap) this.#cache.set(id, { ...snap, [key]: LOADING });
  }
}
