// The seeded workflows: Wrike's default statuses and the accounts' custom workflows.
import { entityId } from "./ids.ts";
import { ACME_ID, NORD_ID } from "./seed-ids.ts";
import type { StatusGroup, Workflow } from "./types.ts";

export type StatusSpec = [name: string, group: StatusGroup, color: string, standard: boolean];

export const DEFAULT_STATUSES: StatusSpec[] = [
  ["New", "Active", "Blue", true],
  ["In Progress", "Active", "Turquoise", false],
  ["Completed", "Completed", "Green", true],
  ["On Hold", "Deferred", "Gray", true],
  ["Cancelled", "Cancelled", "Gray", true],
];

/** Live Wrike gives the Default Workflow's standard statuses fixed ids per account (issue 10, live data). */
export const STANDARD_STATUS_SUFFIX: Record<StatusGroup, string> = {
  Active: "JMAAAAAA",
  Completed: "JMAAAAAB",
  Deferred: "JMAAAAAC",
  Cancelled: "JMAAAAAD",
};

export const CUSTOM_WORKFLOWS: Record<string, { name: string; statuses: StatusSpec[] }> = {
  [ACME_ID]: {
    name: "Engineering Flow",
    statuses: [
      ["Backlog", "Active", "Gray", true],
      ["In Development", "Active", "Blue", false],
      ["In Review", "Active", "Purple", false],
      ["Done", "Completed", "Green", true],
      ["Blocked", "Deferred", "Orange", true],
      ["Won't Do", "Cancelled", "Red", true],
    ],
  },
  [NORD_ID]: {
    name: "Creative Review",
    statuses: [
      ["Briefing", "Active", "YellowGreen", true],
      ["In Production", "Active", "Indigo", false],
      ["Client Review", "Active", "Yellow", false],
      ["Delivered", "Completed", "DarkCyan", true],
      ["Paused", "Deferred", "Brown", true],
      ["Dropped", "Cancelled", "Red", true],
    ],
  },
};

export const fixedOr = (fixed: boolean, fixedId: string, otherId: string): string =>
  fixed ? fixedId : otherId;

export function workflowsFor(accountId: string): Workflow[] {
  let n = 0;
  const build = (name: string, standard: boolean, specs: StatusSpec[], wfIndex: number): Workflow => ({
    id: entityId(accountId, "K4", wfIndex),
    accountId,
    name,
    standard,
    hidden: false,
    customStatuses: specs.map(([statusName, group, color, isStandard]) => ({
      // n counts every status, so the other statuses keep the ids they always had.
      id: fixedOr(
        standard && isStandard,
        `${accountId}${STANDARD_STATUS_SUFFIX[group]}`,
        entityId(accountId, "JM", n++),
      ),
      name: statusName,
      standardName: standard,
      color,
      standard: isStandard,
      group,
      hidden: false,
    })),
  });
  const custom = CUSTOM_WORKFLOWS[accountId];
  const list = [build("Default Workflow", true, DEFAULT_STATUSES, 0)];
  if (custom) list.push(build(custom.name, false, custom.statuses, 1));
  return list;
}
