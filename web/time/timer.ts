// The timer's arithmetic, with no I/O: what storage holds and how it is read back, elapsed time, hours at
// Wrike's precision, and the day an entry records in the user's time zone (also for a timer over midnight).
import { todayIn, type Day } from "../ui/dates.ts";

/** A running timer as every tab stores and reads it: nothing secret, only what the header shows. */
export interface RunningTimer {
  taskId: string;
  title: string;
  /** Epoch ms. */
  startedAt: number;
  /** The Wrike account the task belongs to and the person who started it: anyone else's sign-in does not show it. */
  accountId: string;
  userId: string;
}

/** A stopped timer not yet saved to Wrike (kept in storage until it is saved or discarded). */
export interface Draft {
  /** Local id (the start time and task), never sent to Wrike. */
  id: string;
  taskId: string;
  title: string;
  accountId: string;
  userId: string;
  startedAt: number;
  stoppedAt: number;
  /** Wrike refused the last save: its message, shown until the next try. */
  error?: string;
  /** What the person chose in the save dialog, kept with a refused save so that a retry sends it again. */
  hours?: number;
  trackedDate?: Day;
  comment?: string;
  categoryId?: string;
}

const text = (v: unknown): v is string => typeof v === "string" && v !== "";
const time = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v) && v > 0;

/** The stored running timer, or null when absent or unreadable (another version, or edited by hand). */
export function parseRunning(raw: string | null): RunningTimer | null {
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as Record<string, unknown>;
    if (!v || !text(v.taskId) || !text(v.accountId) || !text(v.userId) || !time(v.startedAt)) return null;
    return {
      taskId: v.taskId,
      title: typeof v.title === "string" ? v.title : "",
      startedAt: v.startedAt,
      accountId: v.accountId,
      userId: v.userId,
    };
  } catch {
    return null;
  }
}

/** The stored unsaved entries; unreadable items are left out, readable ones kept. */
export function parseDrafts(raw: string | null): Draft[] {
  if (!raw) return [];
  try {
    const list: unknown = JSON.parse(raw);
    if (!Array.isArray(list)) return [];
    const out: Draft[] = [];
    for (const item of list as Record<string, unknown>[]) {
      if (!item || !text(item.taskId) || !text(item.accountId) || !text(item.userId)) continue;
      if (!time(item.startedAt) || !time(item.stoppedAt)) continue;
      const d: Draft = {
        id: text(item.id) ? item.id : `${item.taskId}@${item.startedAt}`,
        taskId: item.taskId,
        title: typeof item.title === "string" ? item.title : "",
        accountId: item.accountId,
        userId: item.userId,
        startedAt: item.startedAt,
        stoppedAt: Math.max(item.startedAt, item.stoppedAt),
      };
      if (text(item.error)) d.error = item.error;
      if (typeof item.hours === "number" && Number.isFinite(item.hours)) d.hours = roundHours(item.hours);
      if (typeof item.trackedDate === "string" && /^\d{4}-\d{2}-\d{2}$/.test(item.trackedDate))
        d.trackedDate = item.trackedDate;
      if (typeof item.comment === "string") d.comment = item.comment;
      if (text(item.categoryId)) d.categoryId = item.categoryId;
      out.push(d);
    }
    return out;
  } catch {
    return [];
  }
}

/** A running timer stopped at `stoppedAt`, as an unsaved entry. */
export function draftOf(t: RunningTimer, stoppedAt: number): Draft {
  return {
    id: `${t.taskId}@${t.startedAt}`,
    taskId: t.taskId,
    title: t.title,
    accountId: t.accountId,
    userId: t.userId,
    startedAt: t.startedAt,
    stoppedAt: Math.max(t.startedAt, stoppedAt),
  };
}

/**
 * Wrike's precision for `hours`: its sources do not say how many decimals it keeps (wrike-api.md §10.4),
 * its UI shows hours with two decimals, and its examples send quarter hours (0.25). So: hundredths of an
 * hour (36 s). Wrike takes [0..24] per entry.
 */
export const HOURS_STEP = 0.01;
export const MAX_HOURS = 24;

/** Hours rounded to Wrike's precision and clamped to what Wrike takes. */
export function roundHours(hours: number): number {
  if (!Number.isFinite(hours) || hours <= 0) return 0;
  return Math.min(MAX_HOURS, Math.round(hours * 100) / 100);
}

/** The hours a timer from `start` to `stop` (epoch ms) records: at least one step, at most 24. */
export function timerHours(start: number, stop: number): number {
  const h = roundHours((stop - start) / 3_600_000);
  return Math.max(HOURS_STEP, h);
}

/** Elapsed time as the header shows it: "0:07", "12:34", "1:02:03" (minutes:seconds below an hour). */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/** Hours as hours and minutes, "1:15" for 1.25; the grid and the dialog use it beside the decimal. */
export function formatHours(hours: number): string {
  const minutes = Math.round(hours * 60);
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, "0")}`;
}

/** What a person types for hours: "1.5", "1,5", "1:30", "90m", "1h 30m"; null when it is not a time. */
export function parseHours(input: string): number | null {
  const s = input.trim().toLowerCase();
  if (s === "") return null;
  let hours: number;
  let m: RegExpExecArray | null;
  if ((m = /^(\d{1,2}):([0-5]\d)$/.exec(s))) hours = Number(m[1]) + Number(m[2]) / 60;
  else if ((m = /^(\d+(?:[.,]\d+)?)\s*h(?:\s*(\d+)\s*m)?$/.exec(s)))
    hours = Number(m[1]!.replace(",", ".")) + Number(m[2] ?? 0) / 60;
  else if ((m = /^(\d+)\s*m(in)?$/.exec(s))) hours = Number(m[1]) / 60;
  else if (/^\d*(?:[.,]\d+)?$/.test(s) && /\d/.test(s)) hours = Number(s.replace(",", "."));
  else return null;
  if (!Number.isFinite(hours) || hours < 0 || hours > MAX_HOURS) return null;
  return roundHours(hours);
}

/** The calendar day an instant falls on in `timeZone`. */
export function dayAt(ms: number, timeZone: string): Day {
  return todayIn(timeZone, new Date(ms));
}

export interface TrackedDay {
  /** What the entry records: the day the timer started, in the user's zone (Wrike keeps one day). */
  day: Day;
  /** The day it stopped; differs from `day` when the timer crossed midnight. */
  stopDay: Day;
  crossesMidnight: boolean;
}

/** The day an entry from `start` to `stop` records in the user's `timeZone`. */
export function trackedDay(start: number, stop: number, timeZone: string): TrackedDay {
  const day = dayAt(start, timeZone);
  const stopDay = dayAt(Math.max(start, stop), timeZone);
  return { day, stopDay, crossesMidnight: stopDay !== day };
}

/** "09:14" in the user's zone. */
export function clockTime(ms: number, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, hour: "2-digit", minute: "2-digit" }).format(ms);
}

/**
 * The comment sent when the person writes none: Wrike's reference marks `comment` required (wrike-api.md
 * §10.4) and an empty one is not proven to pass, so the entry says when the timer ran.
 */
export function timerComment(start: number, stop: number, timeZone: string, locale: string): string {
  return `Timer ${clockTime(start, timeZone, locale)}–${clockTime(stop, timeZone, locale)}`;
}
