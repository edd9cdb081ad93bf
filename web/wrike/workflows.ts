// Custom statuses from /workflows: look-up by id, and which Active statuses mean "in progress".
import type { CustomStatus, TaskStatus, Workflow } from "./types.ts";

/** Where a custom status sits in its workflow: the entry "to do" status, a later Active one, or closed. */
export type Stage = "todo" | "progress" | "closed";

export interface StatusInfo {
  status: CustomStatus;
  workflowId: string;
  workflowName: string;
  stage: Stage;
}

/**
 * Indexes custom statuses. In each workflow the entry status of the Active group is the one Wrike marks
 * `standard` (the group's default, where new tasks start), or the first Active status when none is
 * marked; every other Active status is a step of work under way. Names are never looked at, so renamed
 * or translated statuses classify the same.
 */
export function indexStatuses(workflows: readonly Workflow[]): Map<string, StatusInfo> {
  const index = new Map<string, StatusInfo>();
  for (const wf of workflows) {
    const active = wf.customStatuses.filter((s) => s.group === "Active");
    const entry = active.find((s) => s.standard) ?? active[0];
    for (const s of wf.customStatuses) {
      const stage: Stage = s.group !== "Active" ? "closed" : s.id === entry?.id ? "todo" : "progress";
      index.set(s.id, { status: s, workflowId: wf.id, workflowName: wf.name, stage });
    }
  }
  return index;
}

/** Statuses a task may move to: those of its own workflow, not hidden. */
export function statusesOfWorkflow(
  index: ReadonlyMap<string, StatusInfo>,
  customStatusId: string | undefined,
): CustomStatus[] {
  const info = customStatusId ? index.get(customStatusId) : undefined;
  if (!info) return [];
  const out: CustomStatus[] = [];
  for (const i of index.values())
    if (i.workflowId === info.workflowId && !i.status.hidden) out.push(i.status);
  return out;
}

/**
 * Wrike's named status colours as hues. Shown as text they are shaded per theme (contrast.ts pillPalette)
 * until they reach 4.5:1; the hue itself colours only the pill's dot.
 */
export const STATUS_COLOURS: Readonly<Record<string, string>> = {
  Brown: "#9c6b4e",
  Red: "#d94848",
  Purple: "#9a55c9",
  Indigo: "#5c61d6",
  DarkBlue: "#2f5fb3",
  Blue: "#3d8be0",
  Turquoise: "#1fa5a5",
  DarkCyan: "#1d8190",
  Green: "#3a9d4f",
  YellowGreen: "#8aa62a",
  Yellow: "#c9a21a",
  Orange: "#e0822a",
  Gray: "#8a8f98",
};

const FALLBACK: Record<TaskStatus, string> = {
  Active: STATUS_COLOURS.Blue!,
  Completed: STATUS_COLOURS.Green!,
  Deferred: STATUS_COLOURS.Gray!,
  Cancelled: STATUS_COLOURS.Gray!,
};

export function statusColour(colour: string | undefined, group: TaskStatus): string {
  return (colour && STATUS_COLOURS[colour]) || FALLBACK[group];
}
