// The pane's rows: the work view caps each due-date section on its own (with "show more"), so a long
// Overdue never hides Today; the tasks view is one list cut at a fixed length.
import { BUCKET_LABELS, formatRelativeDay, type Day, type DueBucket } from "../ui/dates.ts";
import { isSafeHref } from "../ui/urls.ts";
import type { Task } from "../wrike/types.ts";
import { PARTS, partOf, type WorkGroup, type WorkItem } from "../tasks/mywork.ts";

/** A pane is a glance: the tasks view lists this many rows at most, the rest behind "Open Wrike Pane". */
export const MAX_ROWS = 25;
/** The work view shows this many rows per section, the rest behind its "Show more". */
export const SECTION_ROWS = 5;

export interface PaneSection {
  bucket: DueBucket;
  label: string;
  /** The section's tasks among those loaded. */
  count: number;
  items: WorkItem[];
  /** How many more "show more" would add. */
  hidden: number;
}

function itemsOf(g: WorkGroup): WorkItem[] {
  return PARTS.flatMap((p) => partOf(g, p.key));
}

/** Every non-empty section, each showing its first `perSection` rows unless it is in `expanded`. */
export function workSections(
  groups: readonly WorkGroup[],
  perSection: number,
  expanded: ReadonlySet<DueBucket>,
): PaneSection[] {
  return groups
    .filter((g) => g.count > 0)
    .map((g) => {
      const all = itemsOf(g);
      const items = expanded.has(g.bucket) ? all : all.slice(0, perSection);
      return {
        bucket: g.bucket,
        label: BUCKET_LABELS[g.bucket],
        count: all.length,
        items,
        hidden: all.length - items.length,
      };
    });
}

/** The tasks view: the first `max` rows in due order across all sections. */
export function firstRows(groups: readonly WorkGroup[], max: number): WorkItem[] {
  return groups.flatMap(itemsOf).slice(0, max);
}

/** How many rows a view shows in all (the footer says "Showing n of total"). */
export function shownCount(
  work: boolean,
  sections: readonly PaneSection[],
  listed: readonly WorkItem[],
): number {
  return work ? sections.reduce((n, g) => n + g.items.length, 0) : listed.length;
}

/** A row's due day in words, relative to `today` ("Tomorrow", "Fri, 6 Mar"), or "No date". */
export function dueText(item: WorkItem, today: Day, locale: string): string {
  return item.due ? formatRelativeDay(item.due, today, locale) : "No date";
}

/** The task's Wrike link, if it is a safe http(s) one: a row without one is not a link. */
export function taskLink(task: Task): string | null {
  return task.permalink && isSafeHref(task.permalink) ? task.permalink : null;
}
