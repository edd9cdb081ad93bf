// My week as a grid, with no I/O: the week's days from the account's first day of week, my entries as tasks
// by days with row, column and week totals, which entries Wrike keeps read-only and why, and the CSV export.
import { addDays, formatDay, weekOf, type Day } from "../ui/dates.ts";
import type { Timelog, TimelogCategory } from "./timelogs.ts";
import { formatHours, roundHours } from "./timer.ts";

/** An entry as the grid shows it: Wrike's timelog, plus whether a write of it is on its way. */
export interface Entry extends Timelog {
  /** Shown before Wrike confirmed it (a new entry, an edit, a delete in flight). */
  pending?: boolean;
}

export interface Cell {
  day: Day;
  hours: number;
  entries: Entry[];
  /** Every entry of the cell is read-only (the first one's reason); null when any can change. */
  readOnly: string | null;
}

export interface Row {
  taskId: string;
  title: string;
  cells: Cell[];
  total: number;
}

export interface Grid {
  days: Day[];
  rows: Row[];
  dayTotals: number[];
  total: number;
}

/** The seven days of the week holding `day`, from the account's first day of week (`Mon`, `Sun`, ...). */
export function weekDays(day: Day, firstDayOfWeek?: string): Day[] {
  const { start } = weekOf(day, firstDayOfWeek ?? "Mon");
  return Array.from({ length: 7 }, (_, i) => addDays(start, i));
}

/** Why Wrike will not let this entry change, or null when it may. */
export function readOnlyReason(t: Pick<Timelog, "lockStatus" | "approvalStatus">): string | null {
  if (t.lockStatus === "Locked") return "Locked: Wrike has closed this period, so the entry cannot change.";
  if (t.approvalStatus === "Approved") return "Approved: an approved entry cannot change.";
  if (t.approvalStatus === "Pending")
    return "Submitted for approval: it cannot change until it is approved or rejected.";
  return null;
}

/** Sums hours without binary-fraction noise (0.1 + 0.2 reads 0.3). */
export function sumHours(values: number[]): number {
  return Math.round(values.reduce((a, b) => a + b, 0) * 100) / 100;
}

/**
 * Tasks by days: one row per task with an entry this week (titles from `titles`, the task id when
 * unknown), sorted by title; cells sum the entries of the day; totals per row, per day and for the week.
 */
export function buildGrid(entries: readonly Entry[], days: Day[], titles: ReadonlyMap<string, string>): Grid {
  const first = days[0]!;
  const last = days[days.length - 1]!;
  const byTask = new Map<string, Entry[]>();
  for (const e of entries) {
    if (e.trackedDate < first || e.trackedDate > last) continue;
    const list = byTask.get(e.taskId) ?? [];
    list.push(e);
    byTask.set(e.taskId, list);
  }
  const rows: Row[] = [...byTask].map(([taskId, list]) => {
    const cells = days.map((day): Cell => {
      const here = list.filter((e) => e.trackedDate === day);
      const reasons = here.map(readOnlyReason);
      return {
        day,
        hours: sumHours(here.map((e) => e.hours)),
        entries: here,
        readOnly: here.length > 0 && reasons.every((r) => r !== null) ? reasons[0]! : null,
      };
    });
    return {
      taskId,
      title: titles.get(taskId) ?? taskId,
      cells,
      total: sumHours(cells.map((c) => c.hours)),
    };
  });
  rows.sort((a, b) => a.title.localeCompare(b.title) || a.taskId.localeCompare(b.taskId));
  const dayTotals = days.map((_, i) => sumHours(rows.map((r) => r.cells[i]!.hours)));
  return { days, rows, dayTotals, total: sumHours(dayTotals) };
}

/** An entry with its hours changed (as an optimistic edit shows it). */
export function withHours(e: Entry, hours: number): Entry {
  return { ...e, hours: roundHours(hours) };
}

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote, or line break, quotes doubled. A text
 * that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading apostrophe.
 */
export function csvField(value: string | number): string {
  let s = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CSV_HEADER = [
  "Date",
  "Task",
  "Hours",
  "Duration",
  "Category",
  "Comment",
  "Read-only",
  "Task ID",
  "Entry ID",
];

/** The week's entries as CSV (CRLF lines, a header row, by date then task), for a spreadsheet. */
export function weekCsv(grid: Grid, categories: readonly TimelogCategory[] | null): string {
  const names = new Map((categories ?? []).map((c) => [c.id, c.name]));
  const lines = [CSV_HEADER.map(csvField).join(",")];
  grid.days.forEach((day, i) => {
    for (const row of grid.rows) {
      for (const e of row.cells[i]!.entries) {
        lines.push(
          [
            day,
            row.title,
            e.hours,
            formatHours(e.hours),
            e.categoryId ? (names.get(e.categoryId) ?? e.categoryId) : "",
            e.comment ?? "",
            readOnlyReason(e) ?? "",
            row.taskId,
            e.id,
          ]
            .map(csvField)
            .join(","),
        );
      }
    }
  });
  return lines.join("\r\n") + "\r\n";
}

/** The file name of a week's export: `my-week-2026-11-30.csv`. */
export function csvName(grid: Grid): string {
  return `my-week-${grid.days[0]}.csv`;
}

/** "30 Nov – 6 Dec 2026" style heading of a week. */
export function weekLabel(days: Day[], locale: string, today: Day): string {
  return `${formatDay(days[0]!, locale, today)} – ${formatDay(days[6]!, locale, today)}`;
}
