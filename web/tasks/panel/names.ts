// Names for ids in the task panel, from the directory: a person, or a placeholder while it loads.
import type { Directory } from "../../wrike/directory.svelte.ts";
import { fullName } from "../../wrike/types.ts";

export function personName(directory: Directory, contactId: string): string {
  const c = directory.contacts.items.get(contactId);
  if (c) return fullName(c) || "Unnamed person";
  return directory.contacts.missing.has(contactId) ? "Unknown person" : "…";
}
