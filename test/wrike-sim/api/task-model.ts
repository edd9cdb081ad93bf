// Turns stored tasks into Wrike's JSON task models: the default and full models in Wrike's key order,
// the list models' fields, and the plain text and permalinks they carry.
import type { SimState } from "../state.ts";
import type { Account, Attachment, Comment, Contact, Folder, Task, Workflow } from "../types.ts";

type Json = Record<string, unknown>;

/** GET /tasks/{ids} key order, as seen live (nodkz/wrike-graphql taskFindByIds-spec.ts). */
export const TASK_FULL_KEYS = [
  "id",
  "accountId",
  "title",
  "description",
  "briefDescription",
  "parentIds",
  "superParentIds",
  "sharedIds",
  "responsibleIds",
  "status",
  "importance",
  "createdDate",
  "updatedDate",
  "completedDate",
  "dates",
  "scope",
  "authorIds",
  "customStatusId",
  "hasAttachments",
  // Not in the full model by default; with `fields` it follows hasAttachments (issue 10, live order).
  "attachmentCount",
  "permalink",
  "priority",
  "followedByMe",
  "followerIds",
  "superTaskIds",
  "subTaskIds",
  "dependencyIds",
  "metadata",
  "customFields",
] as const;

/** Keys of TASK_FULL_KEYS that even GET /tasks/{ids} returns only when named in `fields`. */
const FIELDS_ONLY = new Set<string>(["attachmentCount"]);

/** What list calls return without `fields`. */
export const TASK_LIST_KEYS = new Set<string>([
  "id",
  "accountId",
  "title",
  "status",
  "importance",
  "createdDate",
  "updatedDate",
  "completedDate",
  "dates",
  "scope",
  "customStatusId",
  "permalink",
  "priority",
]);

/** Optional fields a task list call may ask for (spec v154). */
export const TASK_LIST_FIELDS = [
  "metadata",
  "responsibleIds",
  "customItemTypeId",
  "customFields",
  "followerIds",
  "parentIds",
  "sharedIds",
  "description",
  "superTaskIds",
  "responsiblePlaceholderIds",
  "superParentIds",
  "dependencyIds",
  "billingType",
  "attachmentCount",
  "workScheduleId",
  "effortAllocation",
  "hasAttachments",
  "subTaskIds",
  "recurrent",
  "authorIds",
  "briefDescription",
];

/** Optional fields GET /tasks/{ids} (and the write calls) may ask for beyond the full model. */
export const TASK_ENTITY_FIELDS = [
  "cascadingFields",
  "customItemTypeId",
  "billingType",
  "attachmentCount",
  "workScheduleId",
  "responsiblePlaceholderIds",
  "effortAllocation",
  "recurrent",
  "finance",
];

/** The data-centre host (e.g. "127.0.0.1:8802") of the account an entity belongs to. */
export function hostOfAccount(state: SimState, accountId: string): string {
  return state.hosts[state.world.accounts.find((a) => a.id === accountId)?.host ?? "us"];
}
export function plainText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, "")
    .replace(/<br\s*\/?>|<\/(p|div|li)>/gi, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&mdash;/g, "—")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\n{2,}/g, "\n")
    .trim();
}

export function permalink(host: string, id: number): string {
  return `http://${host}/open.htm?id=${id}`;
}

/** Per-task counts, rebuilt when the attachment map changes size (files are only added or deleted). */
const countCache = new WeakMap<Map<string, Attachment>, { size: number; counts: Map<string, number> }>();

function attachmentCount(state: SimState, taskId: string): number {
  const all = state.world.attachments;
  let cached = countCache.get(all);
  if (!cached || cached.size !== all.size) {
    const counts = new Map<string, number>();
    for (const a of all.values()) counts.set(a.taskId, (counts.get(a.taskId) ?? 0) + 1);
    cached = { size: all.size, counts };
    countCache.set(all, cached);
  }
  return cached.counts.get(taskId) ?? 0;
}

function superParentIds(state: SimState, task: Task): string[] {
  const out = new Set<string>();
  for (const id of task.superTaskIds) for (const p of state.world.tasks.get(id)?.parentIds ?? []) out.add(p);
  return [...out];
}

function taskValue(state: SimState, task: Task, key: string, meId: string, host: string): unknown {
  switch (key) {
    case "briefDescription":
      return plainText(task.description).slice(0, 200);
    case "superParentIds":
      return superParentIds(state, task);
    case "permalink":
      return permalink(host, task.permalinkId);
    case "followedByMe":
      return task.followerIds.includes(meId);
    case "dates":
      return { ...task.dates };
    case "hasAttachments":
      return attachmentCount(state, task.id) > 0;
    case "attachmentCount":
      return attachmentCount(state, task.id);
    case "responsiblePlaceholderIds":
      return [];
    case "billingType":
      return "NonBillable";
    case "effortAllocation":
      return { mode: "None" };
    case "customItemTypeId":
    case "workScheduleId":
    case "finance":
    case "cascadingFields":
      return undefined; // not set on any seeded task
    default: {
      const value = (task as unknown as Record<string, unknown>)[key];
      return Array.isArray(value) ? [...(value as unknown[])] : value;
    }
  }
}

/** full = GET /tasks/{ids} model; otherwise the list default model. `fields` adds keys to either. */
export function taskModel(
  state: SimState,
  task: Task,
  opts: { full: boolean; fields: Set<string>; meId: string },
): Json {
  const host = hostOfAccount(state, task.accountId);
  const out: Json = {};
  const include = (key: string): boolean =>
    opts.fields.has(key) || (opts.full ? !FIELDS_ONLY.has(key) : TASK_LIST_KEYS.has(key));
  for (const key of TASK_FULL_KEYS) {
    if (!include(key)) continue;
    const value = taskValue(state, task, key, opts.meId, host);
    if (value !== undefined) out[key] = value;
  }
  for (const key of opts.fields) {
    if (key in out) continue;
    const value = taskValue(state, task, key, opts.meId, host);
    if (value !== undefined) out[key] = value;
  }
  return out;
}
