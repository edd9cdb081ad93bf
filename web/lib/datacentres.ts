// Wrike's data centres, for the permanent-token sign-in (shared/wrike-api.md §2).

export interface DataCentre {
  host: string;
  label: string;
}

export const DATA_CENTRES: readonly DataCentre[] = [
  { host: "www.wrike.com", label: "US (www.wrike.com)" },
  { host: "app-us2.wrike.com", label: "US 2 (app-us2.wrike.com)" },
  { host: "app-eu.wrike.com", label: "EU (app-eu.wrike.com)" },
];

/**
 * A host as typed in "Other host": trimmed, lower-case, no scheme or path. Returns null for anything
 * that is not a plain host[:port] (the relay still decides whether it is allowed).
 */
export function normaliseHost(input: string): string | null {
  const s = input
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, "")
    .replace(/\/.*$/, "");
  return /^[a-z0-9.-]+(:\d{1,5})?$/.test(s) && !s.startsWith(".") ? s : null;
}
