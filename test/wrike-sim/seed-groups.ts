// Seeded user groups, contacts of type Group: each account's "My Team" (every member, as live Wrike's
// default group) and one named team. Fixed ids in the live KX... shape (Airbyte's recorded "KX7ZDWOP").
import { ACME_ID, FREYA_ID, GRACE_ID, KATHERINE_ID, LINUS_ID, NORD_ID } from "./seed-ids.ts";
import type { Group, World } from "./types.ts";

export const ACME_MY_TEAM_ID = "KX7ZACMT";
export const NORD_MY_TEAM_ID = "KX7ZNRDT";

export function seedGroups(world: World): void {
  const members = (accountId: string): string[] =>
    world.contacts.filter((c) => c.profiles.some((p) => p.accountId === accountId)).map((c) => c.id);
  const groups: Group[] = [
    {
      id: ACME_MY_TEAM_ID,
      accountId: ACME_ID,
      title: "My Team",
      memberIds: members(ACME_ID),
      myTeam: true,
      color: "#64748b",
    },
    {
      id: "KX72FRMW",
      accountId: ACME_ID,
      title: "Firmware Team",
      memberIds: [GRACE_ID, KATHERINE_ID],
      myTeam: false,
      color: "#0e7490",
    },
    {
      id: NORD_MY_TEAM_ID,
      accountId: NORD_ID,
      title: "My Team",
      memberIds: members(NORD_ID),
      myTeam: true,
      color: "#64748b",
    },
    {
      id: "KX72DSGN",
      accountId: NORD_ID,
      title: "Designers",
      memberIds: [LINUS_ID, FREYA_ID],
      myTeam: false,
      color: "#a21caf",
    },
  ];
  world.groups.push(...groups);
}
