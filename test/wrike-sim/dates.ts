// Date formats Wrike uses (UTC stamps without milliseconds; zone-less task dates) and "today" in a zone.
export function utcStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** yyyy-MM-dd of the instant `now` in `timeZone`. */
export function todayIn(timeZone: string, now: number = Date.now()): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date(now));
}

/** Calendar arithmetic on a yyyy-MM-dd date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date.slice(0, 10)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function isWeekend(date: string): boolean {
  const day = new Date(`${date.slice(0, 10)}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
}

/** Wrike's task duration: working minutes (8 h a day) from start to due, both days included. */
export function durationMinutes(start: string, due: string, workOnWeekends: boolean): number {
  let days = 0;
  for (let d = start.slice(0, 10); d <= due.slice(0, 10); d = addDays(d, 1)) {
    if (workOnWeekends || !isWeekend(d)) days++;
  }
  return Math.max(days, 1) * 480;
}

const TASK_DATE = /^(\d{4})-(\d{2})-(\d{2})(T(\d{2}):(\d{2}):(\d{2}))?$/;
const UTC_DATE = /^(\d{4})-(\d{2})-(\d{2})(T(\d{2}):(\d{2}):(\d{2})Z)?$/;

function validParts(m: RegExpMatchArray): boolean {
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return false;
  if (m[4] === undefined) return true;
  return Number(m[5]) < 24 && Number(m[6]) < 60 && Number(m[7]) < 60;
}

/** `yyyy-MM-dd` or `yyyy-MM-ddTHH:mm:ss` (no zone), as task dates and the due/start filters use. */
export function isTaskDate(value: string): boolean {
  const m = TASK_DATE.exec(value);
  return m !== null && validParts(m);
}

/** `yyyy-MM-dd` or `yyyy-MM-ddTHH:mm:ssZ`, as the created/updated/completed filters use. */
export function isUtcDate(value: string): boolean {
  const m = UTC_DATE.exec(value);
  return m !== null && validParts(m);
}

export type FilterDateKind = "task" | "utc" | "either";

/** What a lenient filter takes: a full time with optional fraction and zone (Z, ±HH:MM or ±HHMM). */
const LOOSE = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * A date-filter bound in the strict form Wrike documents (task dates zone-less, stamps `…Z` without
 * milliseconds), or undefined when it is not acceptable. Strict: only those forms. Lenient: also what
 * clients that work against live Wrike send, e.g. `JSON.stringify(new Date())` (`…T19:50:10.123Z`, from
 * nodkz/wrike-graphql) or a `Z` on due dates: stamps are converted to UTC (a fractional start rounds up,
 * other bounds down, since Wrike's stamps are whole seconds); task dates keep their wall-clock time.
 */
export function canonicalFilterDate(
  value: string,
  kind: FilterDateKind,
  bound: "start" | "end" | "equal",
  lenient: boolean,
): string | undefined {
  const strict =
    kind === "task"
      ? isTaskDate(value)
      : kind === "utc"
        ? isUtcDate(value)
        : isTaskDate(value) || isUtcDate(value);
  if (strict) return value;
  if (!lenient) return undefined;
  const m = LOOSE.exec(value);
  if (!m?.[1] || !m[2] || !isTaskDate(`${m[1]}T${m[2]}`)) return undefined;
  const [, day, time, fraction, zone] = m;
  if (kind !== "utc") return `${day}T${time}`;
  const offset = zone === undefined || zone === "Z" ? "Z" : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const ms = Date.parse(
    `${day}T${time}${fraction ? `.${fraction.slice(0, 3).padEnd(3, "0")}` : ""}${offset}`,
  );
  if (Number.isNaN(ms)) return undefined;
  return utcStamp(bound === "start" ? Math.ceil(ms / 1000) * 1000 : Math.floor(ms / 1000) * 1000);
}
