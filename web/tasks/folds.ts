// Which My work sections a person has folded: a preference of this browser (like the theme, it outlives a
// sign-out), kept in localStorage through the never-throwing wrapper.
import type { DueBucket } from "../ui/dates.ts";
import { readItem, writeItem, type StorageKey } from "../platform/storage.ts";
import { BUCKET_ORDER } from "./mywork.ts";

export const FOLDED_KEY: StorageKey = { area: "local", key: "wrike-pane-folded" };

/** The folded sections in a stored value; anything unreadable or unknown is ignored (nothing folded). */
export function parseFolded(raw: string | null): DueBucket[] {
  if (!raw) return [];
  try {
    const value: unknown = JSON.parse(raw);
    if (!Array.isArray(value)) return [];
    return BUCKET_ORDER.filter((b) => value.includes(b));
  } catch {
    return [];
  }
}

export function loadFolded(): DueBucket[] {
  return parseFolded(readItem(FOLDED_KEY));
}

/** Stores the folded sections in a fixed order; false when storage is denied (the fold still holds). */
export function saveFolded(folded: Iterable<DueBucket>): boolean {
  const set = new Set(folded);
  return writeItem(FOLDED_KEY, JSON.stringify(BUCKET_ORDER.filter((b) => set.has(b))));
}
