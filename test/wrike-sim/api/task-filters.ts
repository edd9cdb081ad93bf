// Task list filters (title, status, importance, date ranges, people, permalink, metadata, ...), the
// container predicate of folder/space lists, and the sort orders of GET /tasks.
import { DATE_TYPES, IMPORTANCES, STATUS_GROUPS } from "../types.ts";
import type { Folder, Task } from "../types.ts";
import type { ApiContext } from "./context.ts";
import { descendantsOf } from "./lookup.ts";
import { invalidParameter, type DateRange } from "./params.ts";

const SORT_FIELDS = [
  "Status",
  "Importance",
  "UpdatedDate",
  "CreatedDate",
  "Title",
  "StartFinishInterval",
  "DueDate",
  "LastAccessDate",
  "CompletedDate",
] as const;

/** Task dates are zone-less; a date-only bound covers the whole day. */
function inTaskRange(value: string | undefined, range: DateRange): boolean {
  if (value === undefined) return false;
  if (range.equal !== undefined) {
    return range.equal.length === 10 ? value.slice(0, 10) === range.equal : value === range.equal;
  }
  if (range.start !== undefined) {
    const start = range.start.length === 10 ? `${range.start}T00:00:00` : range.start;
    if (value < start) return false;
  }
  if (range.end !== undefined) {
    const end = range.end.length === 10 ? `${range.end}T23:59:59` : range.end;
    if (value > end) return false;
  }
  return true;
}

export function inUtcRange(value: string | undefined, range: DateRange): boolean {
  const strip = (v: string): string => v.replace(/Z$/, "");
  return inTaskRange(value === undefined ? undefined : strip(value), {
    ...(range.start !== undefined ? { start: strip(range.start) } : {}),
    ...(range.end !== undefined ? { end: strip(range.end) } : {}),
    ...(range.equal !== undefined ? { equal: strip(range.equal) } : {}),
  });
}

function permalinkNumber(value: string): number {
  // Simulator choice: match on the id= number, so the scheme and host of the permalink do not matter.
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidParameter("permalink", "expected a permalink URL");
  }
  const id = url.searchParams.get("id");
  if (!id || !/^\d+$/.test(id)) throw invalidParameter("permalink", "expected a permalink with ?id=<number>");
  return Number(id);
}

export type Predicate = (task: Task) => boolean;

export function filters(ctx: ApiContext): Predicate[] {
  const p = ctx.params;
  const out: Predicate[] = [];
  const title = p.str("title");
  if (title !== undefined) {
    const needle = title.toLowerCase();
    out.push((t) => t.title.toLowerCase().includes(needle));
  }
  const statuses = p.oneOrList("status", STATUS_GROUPS);
  if (statuses) out.push((t) => statuses.includes(t.status));
  const importance = p.oneOf("importance", IMPORTANCES);
  if (importance) out.push((t) => t.importance === importance);
  const type = p.oneOf("type", DATE_TYPES);
  if (type) out.push((t) => t.dates.type === type);
  const startDate = p.dateRange("startDate", "task");
  if (startDate) out.push((t) => inTaskRange(t.dates.start, startDate));
  const dueDate = p.dateRange("dueDate", "task");
  if (dueDate) out.push((t) => inTaskRange(t.dates.due, dueDate));
  const scheduled = p.dateRange("scheduledDate", "task");
  if (scheduled) {
    if (scheduled.equal === undefined && (scheduled.start === undefined || scheduled.end === undefined)) {
      throw invalidParameter("scheduledDate", "both start and end are required");
    }
    const from = scheduled.equal ?? scheduled.start ?? "";
    const to = scheduled.equal ?? scheduled.end ?? "";
    out.push((t) => {
      const due = t.dates.due;
      if (due === undefined) return false;
      const start = t.dates.start ?? due;
      return start.slice(0, 10) <= to.slice(0, 10) && due.slice(0, 10) >= from.slice(0, 10);
    });
  }
  for (const name of ["createdDate", "updatedDate", "completedDate"] as const) {
    const range = p.dateRange(name, "utc");
    if (range) out.push((t) => inUtcRange(t[name], range));
  }
  const authors = p.idList("authors");
  if (authors) out.push((t) => t.authorIds.some((id) => authors.includes(id)));
  const responsibles = p.idList("responsibles");
  if (responsibles) out.push((t) => t.responsibleIds.some((id) => responsibles.includes(id)));
  const customStatuses = p.idList("customStatuses");
  if (customStatuses) out.push((t) => customStatuses.includes(t.customStatusId));
  const link = p.str("permalink");
  if (link !== undefined) {
    const n = permalinkNumber(link);
    out.push((t) => t.permalinkId === n);
  }
  const metadata = p.json("metadata");
  if (metadata !== undefined) {
    if (
      typeof metadata !== "object" ||
      metadata === null ||
      typeof (metadata as { key?: unknown }).key !== "string"
    ) {
      throw invalidParameter("metadata", 'expected {"key": "...", "value": "..."}');
    }
    const { key, value } = metadata as { key: string; value?: unknown };
    out.push((t) => t.metadata.some((m) => m.key === key && (value === undefined || m.value === value)));
  }
  // Accepted and checked for shape; no seeded task has placeholders, custom fields or item types.
  p.idList("responsiblePlaceholders");
  p.json("customField");
  p.json("customFields");
  p.json("billingTypes");
  p.json("customItemTypes");
  p.bool("withInvitations");
  p.bool("plainTextCustomFields");
  return out;
}

const STATUS_ORDER = Object.fromEntries(STATUS_GROUPS.map((s, i) => [s, i]));
const IMPORTANCE_ORDER = Object.fromEntries(IMPORTANCES.map((s, i) => [s, i]));

function compareBy(field: (typeof SORT_FIELDS)[number] | undefined): (a: Task, b: Task) => number {
  const text = (get: (t: Task) => string | undefined) => (a: Task, b: Task) => {
    const x = get(a);
    const y = get(b);
    if (x === y) return 0;
    if (x === undefined) return 1; // tasks without the value sort last (simulator choice)
    if (y === undefined) return -1;
    return x < y ? -1 : 1;
  };
  switch (field) {
    case "Status":
      return (a, b) => (STATUS_ORDER[a.status] ?? 0) - (STATUS_ORDER[b.status] ?? 0);
    case "Importance":
      return (a, b) => (IMPORTANCE_ORDER[a.importance] ?? 0) - (IMPORTANCE_ORDER[b.importance] ?? 0);
    case "UpdatedDate":
    case "LastAccessDate":
      return text((t) => t.updatedDate);
    case "CreatedDate":
      return text((t) => t.createdDate);
    case "CompletedDate":
      return text((t) => t.completedDate);
    case "Title":
      return (a, b) => a.title.localeCompare(b.title, "en");
    case "StartFinishInterval":
      return text((t) =>
        t.dates.due === undefined ? undefined : `${t.dates.start ?? t.dates.due}|${t.dates.due}`,
      );
    case "DueDate":
      return text((t) => t.dates.due);
    default:
      // Simulator choice: without sortField, Wrike's manual order key (priority).
      return text((t) => t.priority);
  }
}

export function sortTasks(ctx: ApiContext, tasks: Task[]): Task[] {
  const field = ctx.params.oneOf("sortField", SORT_FIELDS);
  const order = ctx.params.oneOf("sortOrder", ["Asc", "Desc"] as const) ?? "Asc";
  const compare = compareBy(field);
  const tieBreak = compareBy(undefined);
  return [...tasks].sort((a, b) => {
    let c = compare(a, b);
    // Missing values stay last in both orders.
    const missing = field === "DueDate" && (a.dates.due === undefined || b.dates.due === undefined);
    if (order === "Desc" && !missing) c = -c;
    return c !== 0 ? c : tieBreak(a, b);
  });
}

export function inContainer(ctx: ApiContext, container: Folder): Predicate {
  const descendants = ctx.params.bool("descendants") ?? true; // simulator choice: default true
  const subTasks = ctx.params.bool("subTasks") ?? false;
  const set = new Set((descendants ? descendantsOf(ctx, container) : [container]).map((f) => f.id));
  if (container.kind === "root" && descendants) return () => true;
  return (task) => {
    if (task.parentIds.some((id) => set.has(id))) return true;
    if (!subTasks) return false;
    return task.superTaskIds.some((id) => ctx.state.world.tasks.get(id)?.parentIds.some((p) => set.has(p)));
  };
}
