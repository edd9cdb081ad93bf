// My tasks: the filter held in the URL, what the search box means, and the Wrike query they make.
import { addDays, dayOf, dayRange, type Day } from "../ui/dates.ts";
import { permalinkNumber } from "../ui/urls.ts";
import type { SortKey } from "./order.ts";
import { IMPORTANCES, TASK_STATUSES, type Importance, type Task, type TaskStatus } from "../wrike/types.ts";

export type DueFilter = "" | "overdue" | "today" | "week" | "none";
/** Whose tasks: where I am an assignee (Wrike's "My tasks"), or the ones I created ("Created by me"). */
export type Who = "assigned" | "created";
export { compareTasks, type SortKey } from "./order.ts";

/** The props My tasks' header and its filter bar share: the filter, its change, and the search box. */
export interface FilterBarProps {
  filter: TaskFilter;
  onchange: (f: TaskFilter) => void;
  searchInput?: HTMLInputElement;
}

export interface TaskFilter {
  who: Who;
  status: TaskStatus;
  importance: Importance | "";
  due: DueFilter;
  q: string;
  sort: SortKey;
}

export const DEFAULT_FILTER: TaskFilter = {
  who: "assigned",
  status: "Active",
  importance: "",
  due: "",
  q: "",
  sort: "due",
};

export const WHO_OPTIONS: readonly { value: Who; label: string }[] = [
  { value: "assigned", label: "Assigned to me" },
  { value: "created", label: "Created by me" },
];

export const DUE_OPTIONS: readonly { value: DueFilter; label: string }[] = [
  { value: "", label: "Any due date" },
  { value: "overdue", label: "Overdue" },
  { value: "today", label: "Due today" },
  { value: "week", label: "Due this week" },
  { value: "none", label: "No date" },
];

export const SORT_OPTIONS: readonly { value: SortKey; label: string }[] = [
  { value: "due", label: "Due date" },
  { value: "updated", label: "Recently updated" },
  { value: "importance", label: "Importance" },
];

function pick<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

export function parseFilter(params: URLSearchParams): TaskFilter {
  return {
    who: pick(
      params.get("who"),
      WHO_OPTIONS.map((o) => o.value),
      "assigned",
    ),
    status: pick(params.get("status"), TASK_STATUSES, DEFAULT_FILTER.status),
    importance: pick(params.get("importance"), ["", ...IMPORTANCES], ""),
    due: pick(
      params.get("due"),
      DUE_OPTIONS.map((o) => o.value),
      "",
    ),
    q: (params.get("q") ?? "").slice(0, 200),
    sort: pick(
      params.get("sort"),
      SORT_OPTIONS.map((o) => o.value),
      "due",
    ),
  };
}

/** The URL query for a filter; defaults are left out so the plain /tasks stays plain. */
export function filterToSearch(f: TaskFilter): string {
  const p = new URLSearchParams();
  if (f.who !== DEFAULT_FILTER.who) p.set("who", f.who);
  if (f.status !== DEFAULT_FILTER.status) p.set("status", f.status);
  if (f.importance) p.set("importance", f.importance);
  if (f.due) p.set("due", f.due);
  if (f.q.trim()) p.set("q", f.q.trim());
  if (f.sort !== DEFAULT_FILTER.sort) p.set("sort", f.sort);
  const s = p.toString();
  return s ? `?${s}` : "";
}

export type Search =
  | { kind: "none" }
  | { kind: "title"; title: string }
  | { kind: "permalink"; number: string; url?: string }
  | { kind: "id"; id: string };

/** A classic 16-character Wrike task id (…KQ…), in any case. */
const CLASSIC_ID = /^[A-Z0-9]{8}KQ[A-Z0-9]{6}$/i;

/** A classic id in Wrike's upper case; any other id as typed (its case may matter). */
function taskIdCase(id: string): string {
  return CLASSIC_ID.test(id) ? id.toUpperCase() : id;
}

/**
 * What the search box holds: a number or an open.htm?id=N link is a permalink; "id:X" or a classic
 * 16-character Wrike task id (…KQ…) is a task id; anything else is a title search.
 */
export function parseSearch(q: string): Search {
  const s = q.trim();
  if (!s) return { kind: "none" };
  const n = permalinkNumber(s);
  // A pasted permalink is sent as it is (Wrike matches permalinks exactly); a bare number gets the host.
  if (n)
    return /^https?:\/\//i.test(s)
      ? { kind: "permalink", number: n, url: s }
      : { kind: "permalink", number: n };
  const explicit = /^id:\s*([A-Za-z0-9\-_:.=]{1,256})$/i.exec(s);
  if (explicit) return { kind: "id", id: taskIdCase(explicit[1]!) };
  // Wrike's ids are upper case; one typed or pasted in lower case is the same task.
  if (CLASSIC_ID.test(s)) return { kind: "id", id: s.toUpperCase() };
  return { kind: "title", title: s };
}

export type QueryValue = string | number | boolean | string[] | Record<string, string>;

/**
 * The optional fields a list asks for, on every page (a cursor carries the filters, not the fields): each
 * row names its folder; Created by me also asks for authorIds, optional in Wrike's list model.
 */
export function listFields(f: TaskFilter): string[] {
  return f.who === "created" ? ["parentIds", "authorIds"] : ["parentIds"];
}

/** Query parameters of GET /tasks for a filter (the id search is a different call: GET /tasks/{id}). */
export function tasksQuery(
  f: TaskFilter,
  ctx: { meId: string; today: Day; week: { start: Day; end: Day }; host: string; pageSize: number },
): Record<string, QueryValue> {
  const search = parseSearch(f.q);
  // A permalink names one task: it is found whatever the status, importance and due filters say (the
  // screen then says when it is outside them; outsideFilter).
  const exact = search.kind === "permalink";
  // parentIds: each row names the task's first folder or project, as Wrike's own lists do.
  // Created by me is Wrike's own "Created by me" folder: authors, whoever the task is assigned to.
  const q: Record<string, QueryValue> = {
    ...(f.who === "created" ? { authors: [ctx.meId] } : { responsibles: [ctx.meId] }),
    pageSize: ctx.pageSize,
    fields: listFields(f),
  };
  if (exact) q.permalink = search.url ?? `https://${ctx.host}/open.htm?id=${search.number}`;
  else q.status = f.status;
  if (f.importance && !exact) q.importance = f.importance;
  switch (exact ? "" : f.due) {
    case "overdue":
      q.dueDate = dayRange(undefined, addDays(ctx.today, -1));
      break;
    case "today":
      q.dueDate = dayRange(ctx.today, ctx.today);
      break;
    case "week":
      q.dueDate = dayRange(ctx.week.start, ctx.week.end);
      break;
    case "none":
      // Backlog is Wrike's type for a task with no dates at all.
      q.type = "Backlog";
      break;
  }
  if (search.kind === "title") q.title = search.title;
  switch (f.sort) {
    case "due":
      q.sortField = "DueDate";
      q.sortOrder = "Asc";
      break;
    case "updated":
      q.sortField = "UpdatedDate";
      q.sortOrder = "Desc";
      break;
    case "importance":
      q.sortField = "Importance";
      q.sortOrder = "Asc";
      break;
  }
  return q;
}

/**
 * Whether a task belongs in a filter's result, as tasksQuery asks Wrike (live updates use it to decide
 * whether a changed task stays in, joins or leaves a list without asking again).
 */
export function matchesFilter(
  task: Task,
  f: TaskFilter,
  ctx: { today: Day; week: { start: Day; end: Day }; meId?: string; held?: (id: string) => boolean },
): boolean {
  const search = parseSearch(f.q);
  // GET /tasks/{id} answers whatever the other filters say, and so does a permalink search.
  if (search.kind === "id") return task.id === search.id;
  if (search.kind === "permalink") return permalinkNumber(task.permalink ?? "") === search.number;
  if (task.status !== f.status) return false;
  // A task's author never changes: a row already in Created by me stays whatever a poll's copy (without
  // authorIds) says; a task joins only when Wrike names me its author.
  if (f.who === "created" && !ctx.held?.(task.id) && !(ctx.meId && task.authorIds?.includes(ctx.meId)))
    return false;
  if (f.importance && task.importance !== f.importance) return false;
  if (!matchesDue(task, f.due, ctx)) return false;
  if (search.kind === "title") return task.title.toLowerCase().includes(search.title.toLowerCase());
  return true;
}

function matchesDue(
  task: Task,
  due: DueFilter,
  ctx: { today: Day; week: { start: Day; end: Day } },
): boolean {
  const day = dayOf(task.dates?.due);
  switch (due) {
    case "":
      return true;
    case "overdue":
      return day !== undefined && day < ctx.today;
    case "today":
      return day === ctx.today;
    case "week":
      return day !== undefined && day >= ctx.week.start && day <= ctx.week.end;
    case "none":
      return task.dates?.type === "Backlog";
  }
}

/**
 * For a task found by id or permalink (which ignore the filters): what about it is outside the status,
 * importance and due filters, as a sentence; null when it is inside them or the search is not exact.
 */
export function outsideFilter(
  task: Task,
  f: TaskFilter,
  ctx: { today: Day; week: { start: Day; end: Day } },
): string | null {
  const kind = parseSearch(f.q).kind;
  if (kind !== "id" && kind !== "permalink") return null;
  const why: string[] = [];
  if (task.status !== f.status)
    why.push(`it is ${task.status.toLowerCase()}, the list shows ${f.status.toLowerCase()} tasks`);
  if (f.importance && task.importance !== f.importance)
    why.push(`its importance is ${task.importance.toLowerCase()}, not ${f.importance.toLowerCase()}`);
  if (!matchesDue(task, f.due, ctx)) {
    const label = DUE_OPTIONS.find((o) => o.value === f.due)!.label;
    why.push(`it does not match “${label}”`);
  }
  return why.length === 0
    ? null
    : `Found by ${kind === "id" ? "its id" : "its permalink"}, outside your filters: ${why.join("; ")}.`;
}

/** "Showing 200 of 10,000" in the user's locale. */
export function countLabel(shown: number, total: number | undefined, locale: string): string {
  const nf = new Intl.NumberFormat(locale);
  if (total === undefined || total === shown) return `${nf.format(shown)} ${shown === 1 ? "task" : "tasks"}`;
  return `Showing ${nf.format(shown)} of ${nf.format(total)}`;
}
