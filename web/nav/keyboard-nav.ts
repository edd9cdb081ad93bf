// Where j/k lands in a list: from the task the open panel shows, or else from the list's own selection.
import { moveIndex } from "../tasks/virtual.ts";

/**
 * The index a j (+1) or k (-1) press moves to. With a task panel open on a task that is in the list, the
 * step is from that task, so the panel can follow the list however the task was opened (a click, a deep
 * link); otherwise from `selected` (-1 for none: j takes the first row, k the last).
 */
export function stepIndex(
  ids: readonly string[],
  selected: number,
  openId: string | null,
  delta: number,
): number {
  const open = openId === null ? -1 : ids.indexOf(openId);
  return moveIndex(open >= 0 ? open : selected, delta, ids.length);
}
