// Pure formatting for the task panel's extra sections: custom field values by type, file sizes, durations.
import { dayOf, formatDay } from "../../ui/dates.ts";
import type { CustomField } from "../../wrike/types.ts";

export interface FieldContext {
  locale: string;
  /** Today (yyyy-MM-dd) in the user's zone, so dates this year leave the year out. */
  today?: string;
  /** A person's name by contact id (the directory's; "…" while it loads). */
  person: (id: string) => string;
}

/** A shown value: `known` is false when the type was not understood and the text is Wrike's raw string. */
export interface FieldText {
  text: string;
  known: boolean;
}

const raw = (value: string): FieldText => ({ text: value, known: false });
const known = (text: string): FieldText => ({ text, known: true });

/** A list value: a JSON array inside the string, or (Contacts, older data) a comma-separated list. */
export function parseList(value: string): string[] {
  const v = value.trim();
  if (v.startsWith("[")) {
    try {
      const parsed: unknown = JSON.parse(v);
      if (Array.isArray(parsed)) return parsed.map((x) => String(x).trim()).filter((x) => x !== "");
    } catch {
      // Not JSON after all: fall through to the comma list.
    }
  }
  return v
    .split(",")
    .map((x) => x.trim())
    .filter((x) => x !== "");
}

/** A finite number from Wrike's string, or undefined (blank, "abc", "Infinity"). */
function number(value: string): number | undefined {
  if (value.trim() === "") return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

function places(field: CustomField | undefined): { min: number; max: number } | undefined {
  const dp = field?.settings?.decimalPlaces;
  if (typeof dp !== "number" || !Number.isInteger(dp) || dp < 0 || dp > 10) return undefined;
  return { min: dp, max: dp };
}

function numberText(
  n: number,
  locale: string,
  field: CustomField | undefined,
  extra: Intl.NumberFormatOptions,
) {
  const dp = places(field);
  const options: Intl.NumberFormatOptions = {
    useGrouping: field?.settings?.useThousandsSeparator ?? true,
    ...(dp ? { minimumFractionDigits: dp.min, maximumFractionDigits: dp.max } : {}),
    ...extra,
  };
  try {
    return new Intl.NumberFormat(locale, options).format(n);
  } catch {
    // An unknown currency code from Wrike: the number, then the code as text.
    const plain = new Intl.NumberFormat(locale, { ...options, style: "decimal", currency: undefined });
    return `${plain.format(n)}${extra.currency ? ` ${extra.currency}` : ""}`;
  }
}

/** Minutes as "2h 30m", "8h", "45m", "0m". */
export function formatMinutes(minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  const h = Math.floor(m / 60);
  const rest = m % 60;
  if (h === 0) return `${rest}m`;
  return rest === 0 ? `${h}h` : `${h}h ${rest}m`;
}

/** Hours (a timelog's float) as "2h 30m", to the minute. */
export function formatHours(hours: number): string {
  return formatMinutes(hours * 60);
}

/** A custom field's value as text, by the field's type; an unknown type (or a value that does not fit its
 * type) is Wrike's string as it came. `undefined` for an empty value (nothing to show). */
export function formatFieldValue(
  field: CustomField | undefined,
  value: string,
  ctx: FieldContext,
): FieldText | undefined {
  if (value.trim() === "") return undefined;
  const n = number(value);
  switch (field?.type) {
    case "Text":
    case "DropDown":
      return known(value);
    case "Multiple": {
      const items = parseList(value);
      return items.length > 0 ? known(items.join(", ")) : undefined;
    }
    case "Contacts": {
      const ids = parseList(value);
      return ids.length > 0 ? known(ids.map(ctx.person).join(", ")) : undefined;
    }
    case "Checkbox": {
      const v = value.trim().toLowerCase();
      if (v === "true") return known("Yes");
      if (v === "false") return known("No");
      return raw(value);
    }
    case "Numeric":
      return n === undefined ? raw(value) : known(numberText(n, ctx.locale, field, {}));
    case "Currency": {
      if (n === undefined) return raw(value);
      const currency = field.settings?.currency;
      const valid = typeof currency === "string" && /^[A-Za-z]{3}$/.test(currency);
      return known(
        numberText(
          n,
          ctx.locale,
          field,
          valid ? { style: "currency", currency: currency.toUpperCase() } : {},
        ),
      );
    }
    case "Percentage":
      return n === undefined
        ? raw(value)
        : known(numberText(n / 100, ctx.locale, field, { style: "percent" }));
    case "Duration":
      return n === undefined || n < 0 ? raw(value) : known(formatMinutes(n));
    case "Date": {
      const day = dayOf(value.trim());
      if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return raw(value);
      const time = /T(\d{2}:\d{2})/.exec(value)?.[1];
      const text = formatDay(day, ctx.locale, ctx.today);
      return known(time && field.settings?.allowTime && time !== "00:00" ? `${text}, ${time}` : text);
    }
    default:
      return raw(value);
  }
}

/** Bytes as "512 B", "1.5 KB", "1.4 MB" (binary multiples, as file managers show them). */
export function formatSize(bytes: number | undefined, locale: string): string {
  if (bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return "";
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 ? 0 : value < 10 ? 1 : 0;
  const text = new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value);
  return `${text} ${units[unit]}`;
}

/** A short type for a file: the extension in capitals ("PDF"), else the MIME subtype, else "File". */
export function fileKind(name: string, contentType: string | undefined): string {
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(name)?.[1];
  if (ext) return ext.toUpperCase();
  const sub = contentType?.split(";")[0]?.split("/")[1]?.trim();
  return sub ? sub.toUpperCase().slice(0, 12) : "File";
}
