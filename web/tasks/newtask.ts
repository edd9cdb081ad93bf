// Pure helpers of the new-task form: the name of the place a new task goes, and the due day in the user's format.
import type { Day } from "../ui/dates.ts";
import type { Folder } from "../wrike/types.ts";

/** What Wrike's own web app calls tasks that sit in no folder or project of the account. */
export const NO_FOLDER_LABEL = "My work";

/**
 * The name a Wrike user knows for the folder a new task goes to. The account's root folder is called
 * "Root" in the API only; Wrike's web app lists its tasks under My work, so that is what the form says.
 */
export function placeLabel(folder: Pick<Folder, "title" | "scope"> | undefined): string {
  if (!folder || folder.scope === "WsRoot" || folder.title === "Root") return NO_FOLDER_LABEL;
  return folder.title;
}

/**
 * The user's date pattern with `dd`, `MM` and `yyyy`: Wrike's account setting (`dateFormat`, e.g.
 * "dd/MM/yyyy") when it has one, else the order and separator the locale writes a numeric date in.
 */
export function datePattern(locale: string, accountFormat?: string): string {
  if (accountFormat && /^(?=.*dd)(?=.*MM)(?=.*yyyy)[dMy./ -]+$/.test(accountFormat)) return accountFormat;
  const parts = new Intl.DateTimeFormat(locale, {
    timeZone: "UTC",
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
  }).formatToParts(new Date(Date.UTC(2033, 10, 22)));
  const token = { day: "dd", month: "MM", year: "yyyy" } as const;
  return parts
    .map((p) => (p.type === "literal" ? p.value : p.type in token ? token[p.type as keyof typeof token] : ""))
    .join("");
}

/** A day (`yyyy-MM-dd`) written in a pattern from `datePattern`. */
export function formatInPattern(day: Day, pattern: string): string {
  const [y = "", m = "", d = ""] = day.split("-");
  return pattern.replace("yyyy", y).replace("MM", m).replace("dd", d);
}

/** How the pattern reads to a person: "dd/mm/yyyy". */
export function patternHint(pattern: string): string {
  return pattern.replace("MM", "mm");
}
