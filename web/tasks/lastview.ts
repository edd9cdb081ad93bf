// A person's last My tasks view (its URL query), remembered in this browser per user and restored when
// My tasks opens without a query. A preference, not session data: it names filters, never a task.
import { browserStorage, type SafeStorage, type StorageKey } from "../platform/storage.ts";
import { filterToSearch, parseFilter } from "./filters.ts";

export function lastViewKey(userId: string): StorageKey {
  return { area: "local", key: `wrike-pane-tasks-view:${userId}` };
}

/** The view to restore (a normalised query such as "?who=created&sort=updated"), or "" for the default. */
export function readLastView(userId: string, storage: SafeStorage = browserStorage): string {
  const raw = storage.read(lastViewKey(userId));
  // Normalised through the filter, so a tampered value can only ever name a valid view.
  return raw ? filterToSearch(parseFilter(new URLSearchParams(raw))) : "";
}

export function saveLastView(userId: string, search: string, storage: SafeStorage = browserStorage): void {
  if (search) storage.write(lastViewKey(userId), search);
  else storage.remove(lastViewKey(userId));
}
