// Recent comments on the fixed tasks (hours to days before now, one mentioning Ada), so the account-wide
// GET /comments window of the last 7 days always has something in it. Fixed data, no PRNG draws: every
// other seeded id and value stays as it was; these take the next comment ids.
import { mention } from "./content.ts";
import { utcStamp } from "./dates.ts";
import { entityId } from "./ids.ts";
import { ACME_ID, ADA_ID, GRACE_ID, LINUS_ID, MARGARET_ID, NORD_ID } from "./seed-ids.ts";
import type { World } from "./types.ts";

interface Spec {
  account: string;
  /** Index of the fixed task in seed.ts's SCENARIOS. */
  task: number;
  author: string;
  hoursAgo: number;
  text: string;
}

const SPECS: Spec[] = [
  {
    account: ACME_ID,
    task: 0,
    author: GRACE_ID,
    hoursAgo: 2,
    text: `${mention(ADA_ID, "Ada Lovelace")} the new firmware halves the drift, can you re-run the bench test?`,
  },
  {
    account: ACME_ID,
    task: 16,
    author: GRACE_ID,
    hoursAgo: 5,
    text: "Step response looks good at Kp = 2.4.",
  },
  {
    account: ACME_ID,
    task: 4,
    author: MARGARET_ID,
    hoursAgo: 26,
    text: "Investors asked for a <b>live</b> pick-and-place demo.",
  },
  {
    account: ACME_ID,
    task: 6,
    author: ADA_ID,
    hoursAgo: 50,
    text: "Two test sites replied, see the subtask.",
  },
  {
    account: ACME_ID,
    task: 11,
    author: GRACE_ID,
    hoursAgo: 100,
    text: "Three of the new reports are duplicates of #311.",
  },
  { account: ACME_ID, task: 5, author: ADA_ID, hoursAgo: 150, text: "Runbook draft is in the shared drive." },
  {
    account: ACME_ID,
    task: 9,
    author: ADA_ID,
    hoursAgo: 200,
    text: "Asked both LiDAR suppliers for samples.",
  },
  {
    account: NORD_ID,
    task: 18,
    author: LINUS_ID,
    hoursAgo: 20,
    text: `${mention(ADA_ID, "Ada Lovelace")} mood board v3 is up.`,
  },
];

export function seedActivity(world: World, now: number): void {
  for (const spec of SPECS) {
    const task = world.tasks.get(entityId(spec.account, "KQ", spec.task));
    if (!task) continue; // a small world (taskCount) lacks some fixed tasks
    const stamp = utcStamp(Math.max(Date.parse(task.createdDate), now - spec.hoursAgo * 3_600_000));
    world.comments.push({
      id: entityId(spec.account, "IM", world.next.comment++),
      accountId: spec.account,
      taskId: task.id,
      authorId: spec.author,
      text: spec.text,
      createdDate: stamp,
      updatedDate: stamp,
    });
  }
}
