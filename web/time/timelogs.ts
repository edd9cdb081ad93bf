// Wrike's timelog calls the timer and My week make (wrike-api.md §10), through the app's API client, and
// what a refusal means: a locked period, or an account whose plan has no time tracking (both 403 not_allowed).
import type { WrikeApi } from "../wrike/api.ts";
import { AppError } from "../wrike/errors.ts";
import type { Param } from "../wrike/query.ts";
import { dayRange, formatDay, type Day } from "../ui/dates.ts";

export interface Timelog {
  id: string;
  taskId: string;
  userId: string;
  categoryId?: string | null;
  hours: number;
  createdDate?: string;
  updatedDate?: string;
  trackedDate: Day;
  comment?: string;
  approvalStatus?: string;
  lockStatus?: string;
}

export interface TimelogCategory {
  id: string;
  name: string;
  order?: number;
  hidden?: boolean;
}

/** What a new entry or an edit sends. */
export interface TimelogFields {
  hours: number;
  trackedDate: Day;
  comment: string;
  categoryId?: string | undefined;
}

type Api = Pick<WrikeApi, "get" | "send">;

/** The read-only state of an entry is asked for with every read. */
const FIELDS = ["approvalStatus", "lockStatus"];

/** My timelogs tracked on the days from `start` to `end` (comments as plain text). */
export async function myTimelogs(
  api: Api,
  me: string,
  start: Day,
  end: Day,
  signal?: AbortSignal,
): Promise<Timelog[]> {
  // Without pageSize Wrike answers every match at once (spec v154); a week of one person's entries is small.
  const env = await api.get<Timelog>(
    `contacts/${encodeURIComponent(me)}/timelogs`,
    { trackedDate: dayRange(start, end), plainText: true, fields: FIELDS },
    { signal },
  );
  return env.data;
}

/** The account's timelog categories that take new time (hidden ones are kept for the names of old entries). */
export async function timelogCategories(api: Api): Promise<TimelogCategory[]> {
  const env = await api.get<TimelogCategory>("timelog_categories");
  return [...env.data].sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
}

function form(f: Partial<TimelogFields>): Record<string, Param> {
  return {
    hours: f.hours,
    trackedDate: f.trackedDate,
    comment: f.comment,
    categoryId: f.categoryId || undefined,
    plainText: f.comment !== undefined ? true : undefined,
    fields: ["approvalStatus"],
  };
}

export async function createTimelog(api: Api, taskId: string, f: TimelogFields): Promise<Timelog> {
  const env = await api.send<Timelog>("POST", `tasks/${encodeURIComponent(taskId)}/timelogs`, form(f));
  const t = env.data[0];
  if (!t) throw new AppError("unavailable", "Wrike did not send the new time entry back.");
  return t;
}

export async function updateTimelog(api: Api, id: string, f: Partial<TimelogFields>): Promise<Timelog> {
  const env = await api.send<Timelog>("PUT", `timelogs/${encodeURIComponent(id)}`, form(f));
  const t = env.data[0];
  if (!t) throw new AppError("unavailable", "Wrike did not send the changed time entry back.");
  return t;
}

export async function deleteTimelog(api: Api, id: string): Promise<void> {
  await api.send("DELETE", `timelogs/${encodeURIComponent(id)}`, {});
}

/** What a refused timelog write means for the app. */
export type Refusal =
  /** The day is in a locked period: this entry cannot be written, others can. */
  | { kind: "locked"; error: AppError }
  /** The account's plan has no time tracking: the feature goes. */
  | { kind: "off"; error: AppError }
  | { kind: "other"; error: AppError };

/** Wrike answers 403 not_allowed for a locked day and for a plan without time tracking alike (§10.4). */
export function isNotAllowed(e: AppError): boolean {
  return e.status === 403 && e.source === "not_allowed";
}

/**
 * Tells a locked day from a plan without time tracking by asking Wrike for the task's lock periods on that
 * day (or days): a lock there means the period is closed; none means time tracking itself is refused.
 */
export async function explainRefusal(
  api: Api,
  error: AppError,
  taskId: string,
  days: Day[],
  locale: string,
): Promise<Refusal> {
  if (!isNotAllowed(error)) return { kind: "other", error };
  for (const day of days) {
    try {
      const env = await api.get<{ start: string; end: string }>(
        `tasks/${encodeURIComponent(taskId)}/timelog_lock_periods`,
        { period: { equal: day } },
        { maxRetries: 1 },
      );
      if (env.data.length > 0) return { kind: "locked", error: lockedError(day, locale, error) };
    } catch {
      // Lock periods unreadable: say what Wrike said rather than guess.
      return { kind: "other", error };
    }
  }
  return {
    kind: "off",
    error: new AppError("forbidden", OFF_MESSAGE, { status: 403, source: "not_allowed", cause: error }),
  };
}

export const OFF_MESSAGE =
  "Time tracking is not available on this Wrike account: Wrike refused time entries (not_allowed).";

export function lockedError(day: Day, locale: string, cause?: unknown): AppError {
  return new AppError(
    "forbidden",
    `Wrike has locked time entries on ${formatDay(day, locale)}: that period is closed, so they cannot be added, changed or deleted.`,
    { status: 403, source: "not_allowed", cause },
  );
}
