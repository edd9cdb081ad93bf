// The pane's rows: the work view caps each due-date section on its own (with "show more"), so a long
// Overdue never hides Today; the tasks view is one list cut at a fixed length.
import { BUCKET_LABELS, type DueBucket } from "../ui/dates.ts";
import { PARTS, partOf, type WorkGroup, type WorkItem } from "../tasks/mywork.ts";

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
