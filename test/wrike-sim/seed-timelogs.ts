// Seeded time tracking: timelog categories per account, one locked period on Acme's Engineering space, and
// fixed timelogs (most of them Ada's) on the fixed tasks, dated relative to today in the account's zone.
// Fixed data, no PRNG draws, so adding it left every other seeded id and value as it was.
import { addDays, todayIn, utcStamp } from "./dates.ts";
import { entityId } from "./ids.ts";
import { ACME_ID, ADA_ID, GRACE_ID, LINUS_ID, NORD_ID } from "./seed-ids.ts";
import type { Timelog, TimelogCategory, World } from "./types.ts";

/** A fixed seeded timelog as tests see it; `trackedDate` is today (account zone) minus `daysAgo`. */
export interface SeededTimelog {
  id: string;
  accountId: string;
  /** A fixed task (seed.ts SCENARIOS); present when taskCount is at least 22. */
  taskId: string;
  userId: string;
  hours: number;
  daysAgo: number;
  /** Inside the seeded lock period: edits and deletes are refused. */
  locked: boolean;
}

const CATEGORIES: Record<string, [name: string, hidden: boolean][]> = {
  [ACME_ID]: [
    ["Development", false],
    ["Meetings", false],
    ["Support", false],
    ["Travel", true],
  ],
  [NORD_ID]: [
    ["Design", false],
    ["Client calls", false],
  ],
};

/** Acme's Engineering space is locked for the days 45 to 31 before today (a closed past period). */
export const LOCK_DAYS = { space: "Engineering", from: 45, to: 31 } as const;

interface Spec {
  account: string;
  task: number;
  user: string;
  daysAgo: number;
  hours: number;
  /** Index into the account's CATEGORIES; none when undefined. */
  category?: number;
  comment: string;
  /** Edited this many hours after it was created. */
  editedAfterHours?: number;
}

const SPECS: Spec[] = [
  {
    account: ACME_ID,
    task: 0,
    user: ADA_ID,
    daysAgo: 1,
    hours: 2.5,
    category: 0,
    comment: "Reproduced the drift on the bench rig",
  },
  {
    account: ACME_ID,
    task: 0,
    user: ADA_ID,
    daysAgo: 2,
    hours: 1.25,
    category: 0,
    comment: "Logged torque readings over a 4 h run",
    editedAfterHours: 20,
  },
  {
    account: ACME_ID,
    task: 6,
    user: ADA_ID,
    daysAgo: 3,
    hours: 1,
    category: 1,
    comment: "Field test planning call",
  },
  { account: ACME_ID, task: 7, user: ADA_ID, daysAgo: 3, hours: 0.5, comment: "Called two test sites" },
  {
    account: ACME_ID,
    task: 4,
    user: ADA_ID,
    daysAgo: 5,
    hours: 3,
    category: 0,
    comment: "Demo script and rehearsal",
  },
  {
    account: ACME_ID,
    task: 11,
    user: ADA_ID,
    daysAgo: 8,
    hours: 0.75,
    category: 2,
    comment: "Triaged 12 new reports",
  },
  {
    account: ACME_ID,
    task: 5,
    user: ADA_ID,
    daysAgo: 10,
    hours: 1.5,
    category: 0,
    comment: "Rewrote the zeroing section",
  },
  {
    account: ACME_ID,
    task: 9,
    user: ADA_ID,
    daysAgo: 15,
    hours: 2,
    comment: "<b>Shortlist</b>: Ouster &amp; Hesai",
  },
  {
    account: ACME_ID,
    task: 0,
    user: ADA_ID,
    daysAgo: 35,
    hours: 4,
    category: 0,
    comment: "Initial drift investigation",
  },
  {
    account: ACME_ID,
    task: 16,
    user: GRACE_ID,
    daysAgo: 1,
    hours: 3,
    category: 0,
    comment: "Step response tuning",
  },
  {
    account: ACME_ID,
    task: 0,
    user: GRACE_ID,
    daysAgo: 2,
    hours: 1,
    category: 2,
    comment: "Firmware side of the drift",
  },
  {
    account: NORD_ID,
    task: 18,
    user: ADA_ID,
    daysAgo: 2,
    hours: 1.5,
    category: 0,
    comment: "Mood board review",
  },
  {
    account: NORD_ID,
    task: 21,
    user: ADA_ID,
    daysAgo: 4,
    hours: 2,
    category: 0,
    comment: "Second grading pass",
  },
  {
    account: NORD_ID,
    task: 19,
    user: LINUS_ID,
    daysAgo: 1,
    hours: 5,
    category: 0,
    comment: "Storyboard frames 1-12",
  },
];

/** The fixed Acme tasks that sit under the Engineering space (seed.ts SCENARIOS' folders). */
const ENGINEERING_TASKS = new Set([0, 1, 2, 3, 5, 6, 7, 9, 11, 12, 13, 14, 15, 16]);

const isLocked = (spec: Spec): boolean =>
  spec.account === ACME_ID &&
  ENGINEERING_TASKS.has(spec.task) &&
  spec.daysAgo >= LOCK_DAYS.to &&
  spec.daysAgo <= LOCK_DAYS.from;

/** The fixed timelogs with their ids (numbered in SPECS order, so they never change). */
export const SEEDED_TIMELOGS: SeededTimelog[] = SPECS.map((spec, n) => ({
  id: entityId(spec.account, "JQ", n),
  accountId: spec.account,
  taskId: entityId(spec.account, "KQ", spec.task),
  userId: spec.user,
  hours: spec.hours,
  daysAgo: spec.daysAgo,
  locked: isLocked(spec),
}));

function categoriesFor(accountId: string): TimelogCategory[] {
  return (CATEGORIES[accountId] ?? []).map(([name, hidden], order) => ({
    id: entityId(accountId, "KY", order),
    accountId,
    name,
    order,
    hidden,
  }));
}

export function seedTimelogs(world: World, now: number): void {
  for (const account of world.accounts) world.timelogCategories.push(...categoriesFor(account.id));
  const acme = world.accounts.find((a) => a.id === ACME_ID);
  const space = [...world.folders.values()].find(
    (f) => f.accountId === ACME_ID && f.title === LOCK_DAYS.space,
  );
  if (acme && space) {
    const today = todayIn(acme.timezone, now);
    world.lockPeriods.push({
      accountId: ACME_ID,
      folderId: space.id,
      start: addDays(today, -LOCK_DAYS.from),
      end: addDays(today, -LOCK_DAYS.to),
    });
  }
  SPECS.forEach((spec, n) => {
    const account = world.accounts.find((a) => a.id === spec.account);
    const task = world.tasks.get(entityId(spec.account, "KQ", spec.task));
    if (!account || !task) return; // a small world (taskCount) lacks some fixed tasks
    const trackedDate = addDays(todayIn(account.timezone, now), -spec.daysAgo);
    // Logged at the end of the tracked day; never later than now.
    const created = Math.min(now - 60_000, Date.parse(`${trackedDate}T17:30:00Z`));
    const updated = Math.min(now - 60_000, created + (spec.editedAfterHours ?? 0) * 3_600_000);
    const category = spec.category === undefined ? undefined : categoriesFor(spec.account)[spec.category];
    const timelog: Timelog = {
      id: entityId(spec.account, "JQ", n),
      accountId: spec.account,
      taskId: task.id,
      userId: spec.user,
      hours: spec.hours,
      createdDate: utcStamp(created),
      updatedDate: utcStamp(updated),
      trackedDate,
      comment: spec.comment,
    };
    if (category) timelog.categoryId = category.id;
    world.timelogs.set(timelog.id, timelog);
  });
  world.next.timelog = SPECS.length;
}
