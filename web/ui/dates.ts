// Calendar arithmetic and formatting in the user's time zone and locale, on plain `yyyy-MM-dd` days.
// Wrike task dates carry no zone (they are account-local days), so they are compared as calendar days
// against "today" as seen in the user's time zone, never converted through UTC instants.

// Building an Intl formatter costs far more than using one; lists format thousands of dates.
const formatters = new Map<string, Intl.DateTimeFormat>();
const relatives = new Map<string, Intl.RelativeTimeFormat>();

/**
 * The formatter for `locale` and the options `shape` names (built by `options` the first time only): a
 * list formats a day per row, so the lookup is a short string, not the options serialised per call.
 */
function dateFormat(
  locale: string,
  shape: string,
  options: () => Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = `${locale}|${shape}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options());
    formatters.set(key, f);
  }
  return f;
}

function relativeFormat(locale: string): Intl.RelativeTimeFormat {
  let f = relatives.get(locale);
  if (!f) {
    f = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
    relatives.set(locale, f);
  }
  return f;
}

/** A calendar day as `yyyy-MM-dd`; compares correctly as a string. */
export type Day = string;

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})/;

/** The day part of a Wrike date (`yyyy-MM-dd` or `yyyy-MM-ddTHH:mm:ss`), or undefined. */
export function dayOf(value: string | undefined | null): Day | undefined {
  if (!value) return undefined;
  const m = DAY_RE.exec(value);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

/**
 * A Wrike locale ("en", "de_DE") by name in the user's own language: "English (United States)". A bare
 * language gets its likely region (Wrike's "en" is US English), so the name says which variant it is.
 * The code itself when Intl cannot name it.
 */
export function localeName(code: string, displayLocale: string): string {
  const tag = code.replace(/_/g, "-");
  try {
    const full = new Intl.Locale(tag).maximize();
    const short = full.region ? `${full.language}-${full.region}` : full.language;
    const names = new Intl.DisplayNames([displayLocale], { type: "language", languageDisplay: "standard" });
    return names.of(short) ?? code;
  } catch {
    return code;
  }
}

/** Today in `timeZone`, as a calendar day (read from the formatter's parts by type: any locale will do). */
export function todayIn(timeZone: string, now: Date = new Date()): Day {
  const parts = dateFormat("en", `today ${timeZone}`, () => ({
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  })).formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/**
 * Today in the browser's own zone, from the Date's local fields: no Intl formatter, whose first use in a
 * page costs ICU's start-up (20-35 ms here), so a query made before the profile has loaded is not held up.
 */
export function localToday(now: Date = new Date()): Day {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

let icuWarm = false;

/**
 * Pays ICU's start-up (the first Intl formatter in a renderer process: 15-30 ms here, as after Wrike's
 * consent) in a task of its own. For a caller that has just sent the requests its first rows wait for: the
 * main thread is idle until they answer, and the render that follows formats its rows' dates at once.
 */
export function warmFormatters(): void {
  if (icuWarm) return;
  icuWarm = true;
  setTimeout(() => void new Intl.DateTimeFormat().resolvedOptions());
}

function toUtc(day: Day): Date {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

function fromUtc(date: Date): Day {
  return date.toISOString().slice(0, 10);
}

export function addDays(day: Day, n: number): Day {
  const date = toUtc(day);
  date.setUTCDate(date.getUTCDate() + n);
  return fromUtc(date);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: Day, b: Day): number {
  return Math.round((toUtc(b).getTime() - toUtc(a).getTime()) / 86_400_000);
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;

/** First and last day of the week holding `day`; the week starts on the account's firstDayOfWeek. */
export function weekOf(day: Day, firstDayOfWeek: string = "Mon"): { start: Day; end: Day } {
  const first = Math.max(0, WEEKDAYS.indexOf(firstDayOfWeek as (typeof WEEKDAYS)[number]));
  const dow = toUtc(day).getUTCDay();
  const back = (dow - first + 7) % 7;
  const start = addDays(day, -back);
  return { start, end: addDays(start, 6) };
}

export type DueBucket = "overdue" | "today" | "week" | "later" | "none";

export const BUCKET_LABELS: Record<DueBucket, string> = {
  overdue: "Overdue",
  today: "Today",
  week: "This week",
  later: "Later",
  none: "No date",
};

/** Where a due day falls relative to today and the end of this week. */
export function dueBucket(due: Day | undefined, today: Day, weekEnd: Day): DueBucket {
  if (!due) return "none";
  if (due < today) return "overdue";
  if (due === today) return "today";
  if (due <= weekEnd) return "week";
  return "later";
}

/** "Tue 3 Mar" style, with the year only when it is not the current one. Days are zone-less. */
export function formatDay(day: Day, locale: string, today?: Day): string {
  const sameYear = today !== undefined && today.slice(0, 4) === day.slice(0, 4);
  return dateFormat(locale, sameYear ? "day" : "day+year", () => ({
    timeZone: "UTC",
    weekday: "short",
    day: "numeric",
    month: "short",
    ...(sameYear ? {} : { year: "numeric" }),
  })).format(toUtc(day));
}

/** "Dec 12" / "12 Dec" (no weekday), with the year only when it is not today's: for short notes. */
export function formatShortDay(day: Day, today: Day, locale: string): string {
  const sameYear = today.slice(0, 4) === day.slice(0, 4);
  return dateFormat(locale, sameYear ? "short" : "short+year", () => ({
    timeZone: "UTC",
    day: "numeric",
    month: "short",
    ...(sameYear ? {} : { year: "numeric" }),
  })).format(toUtc(day));
}

/** "Today", "Tomorrow", "Yesterday" (in the locale) when close, else formatDay. */
export function formatRelativeDay(day: Day, today: Day, locale: string): string {
  const diff = daysBetween(today, day);
  if (Math.abs(diff) <= 1) {
    const s = relativeFormat(locale).format(diff, "day");
    return s.charAt(0).toLocaleUpperCase(locale) + s.slice(1);
  }
  return formatDay(day, locale, today);
}

/** A UTC timestamp from Wrike (`...Z`) shown as date and time in the user's zone and locale. */
export function formatTimestamp(iso: string, timeZone: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return dateFormat(locale, `stamp ${timeZone}`, () => ({
    timeZone,
    dateStyle: "medium",
    timeStyle: "short",
  })).format(date);
}

/** Wrike's date-range filter value for whole days: `{"start":"…T00:00:00","end":"…T23:59:59"}`. */
export function dayRange(start: Day | undefined, end: Day | undefined): { start?: string; end?: string } {
  const r: { start?: string; end?: string } = {};
  if (start) r.start = `${start}T00:00:00`;
  if (end) r.end = `${end}T23:59:59`;
  return r;
}
