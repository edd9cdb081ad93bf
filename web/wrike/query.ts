// Wrike's query conventions: arrays and objects travel as JSON strings inside ordinary parameters.

export type Param =
  string | number | boolean | readonly string[] | Readonly<Record<string, unknown>> | undefined;

/** `responsibles: ["KU1"]` -> `responsibles=%5B%22KU1%22%5D`; undefined values are left out. */
export function toSearchParams(query: Readonly<Record<string, Param>>): URLSearchParams {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    p.set(k, typeof v === "object" ? JSON.stringify(v) : String(v));
  }
  return p;
}

/** The same-origin relay URL of an API path (`tasks`, `contacts/KU1,KU2`). */
export function apiUrl(path: string, query?: Readonly<Record<string, Param>>): string {
  const clean = path.replace(/^\/+/, "");
  const qs = query ? toSearchParams(query).toString() : "";
  return `/api/v4/${clean}${qs ? `?${qs}` : ""}`;
}

/** Splits ids into batches of `size` (Wrike takes up to 100 ids per multi-id path). */
export function batches<T>(items: readonly T[], size = 100): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** An id list for a multi-id path: each id escaped, commas between. */
export function idList(ids: readonly string[]): string {
  return ids.map(encodeURIComponent).join(",");
}
