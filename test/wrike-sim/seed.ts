// Builds the deterministic seeded world: two accounts on two data centres, people, workflows, spaces,
// folders, projects, custom fields, tasks, comments, attachments and timelogs. Fixed PRNG seed; task dates
// relative to today in the account's zone.
import {
  ACME_OBJECTS,
  ACME_VERBS,
  COMMENT_TEXTS,
  HOSTILE_COMMENT,
  HOSTILE_SNIPPETS,
  NORD_OBJECTS,
  NORD_VERBS,
  TITLE_SUFFIXES,
  mention,
  plainDescriptions,
} from "./content.ts";
import { addDays, durationMinutes, todayIn, utcStamp } from "./dates.ts";
import { entityId } from "./ids.ts";
import { createRng } from "./prng.ts";
import { seedActivity } from "./seed-activity.ts";
import { seedAttachments } from "./seed-attachments.ts";
import { seedCustomFieldValues, seedCustomFields } from "./seed-customfields.ts";
import { seedGroups } from "./seed-groups.ts";
import { seedTimelogs } from "./seed-timelogs.ts";
import { ACME_ID, ADA_ID, GRACE_ID, LINUS_ID, MARGARET_ID, NORD_ID } from "./seed-ids.ts";
import type {
  Comment,
  CustomStatus,
  DateType,
  Importance,
  StatusGroup,
  Task,
  TaskDates,
  Workflow,
  World,
} from "./types.ts";
import { DEMO_PASSWORD, PEOPLE, accounts, contactsFor, usersFor } from "./seed-people.ts";
import { workflowsFor } from "./seed-workflows.ts";
import { foldersFor, nextPermalink, type Ctx } from "./seed-folders.ts";
import { SCENARIOS, type TaskSpec } from "./seed-scenarios.ts";

export const SEED = 0x5eed2024;

export { ACME_ID, ADA_ID, DEMO_PASSWORD, GRACE_ID, LINUS_ID, MARGARET_ID, NORD_ID };

function members(world: World, accountId: string): string[] {
  return world.contacts.filter((c) => c.profiles.some((p) => p.accountId === accountId)).map((c) => c.id);
}

function pickStatus(ctx: Ctx, workflow: Workflow, group: StatusGroup, inProgress: boolean): CustomStatus {
  const inGroup = workflow.customStatuses.filter((s) => s.group === group);
  const standard = inGroup.find((s) => s.standard) ?? inGroup[0];
  if (!standard) throw new Error(`workflow ${workflow.name} lacks ${group}`);
  if (group !== "Active" || !inProgress) return standard;
  const others = inGroup.filter((s) => !s.standard);
  return others.length > 0 ? ctx.rng.pick(others) : standard;
}

function buildDates(today: string, spec: TaskSpec): TaskDates {
  if (spec.type === "Backlog" || spec.due === undefined) return { type: "Backlog" };
  const due = `${addDays(today, spec.due)}T17:00:00`;
  if (spec.type === "Milestone" || spec.start === undefined) {
    return { type: "Milestone", duration: 0, due, workOnWeekends: false };
  }
  const start = `${addDays(today, spec.start)}T09:00:00`;
  return { type: "Planned", duration: durationMinutes(start, due, false), start, due, workOnWeekends: false };
}

function makeTask(ctx: Ctx, spec: TaskSpec, index: number): Task {
  const { world, rng } = ctx;
  const account = world.accounts.find((a) => a.id === spec.account);
  if (!account) throw new Error(`no account ${spec.account}`);
  const folder = [...world.folders.values()].find(
    (f) => f.accountId === account.id && f.title === spec.folder,
  );
  if (!folder) throw new Error(`no folder ${spec.folder}`);
  const workflow = world.workflows.find((w) => w.id === folder.workflowId);
  if (!workflow) throw new Error(`no workflow for ${spec.folder}`);
  const status = pickStatus(ctx, workflow, spec.group, spec.inProgress ?? false);
  const today = todayIn(account.timezone, ctx.now);
  const team = members(world, account.id);
  const createdMs = ctx.now - rng.int(3 * 24 * 60, 240 * 24 * 60) * 60_000;
  let updatedMs = createdMs + rng.int(0, Math.max(1, Math.floor((ctx.now - createdMs) / 60_000))) * 60_000;
  const author = spec.author ?? (rng.chance(0.6) ? (team[0] ?? ADA_ID) : rng.pick(team));
  const task: Task = {
    id: entityId(account.id, "KQ", index),
    accountId: account.id,
    title: spec.title,
    description: spec.description ?? "",
    parentIds: spec.superTask === undefined ? [folder.id] : [],
    superTaskIds: [],
    subTaskIds: [],
    sharedIds: team,
    responsibleIds: [...spec.responsibles],
    authorIds: [author],
    followerIds: [...new Set([author, ...spec.responsibles])],
    dependencyIds: [],
    status: spec.group,
    importance: spec.importance,
    createdDate: utcStamp(createdMs),
    updatedDate: "",
    dates: buildDates(today, spec),
    scope: "WsTask",
    customStatusId: status.id,
    permalinkId: nextPermalink(ctx),
    priority:
      (0x0ca98008 + world.next.priority++ * 0x400).toString(16).padStart(8, "0") + "0".repeat(12) + "0800",
    recurrent: false,
    metadata: [],
    customFields: [],
  };
  if (spec.group === "Completed") {
    const completedMs = createdMs + Math.floor((ctx.now - createdMs) * rng.next());
    task.completedDate = utcStamp(completedMs);
    updatedMs = Math.max(updatedMs, completedMs);
  }
  task.updatedDate = utcStamp(updatedMs);
  // About one task in eight gets 1-4 generated files (seed-attachments.ts makes them).
  if (rng.chance(0.12)) ctx.attachmentCounts.set(task.id, rng.int(1, 4));
  return task;
}

function randomSpec(ctx: Ctx): TaskSpec {
  const { rng, world } = ctx;
  const acme = rng.chance(0.85);
  const accountId = acme ? ACME_ID : NORD_ID;
  const team = members(world, accountId);
  const owner = acme ? ADA_ID : LINUS_ID;
  const others = team.filter((id) => id !== owner);
  const folders = [...world.folders.values()].filter(
    (f) => f.accountId === accountId && f.kind !== "root" && f.kind !== "recycle",
  );
  const responsibles = rng.weighted<string[]>([
    [[owner], acme ? 62 : 55],
    [[ADA_ID], acme ? 0 : 25],
    [[rng.pick(others)], 20],
    [[owner, rng.pick(others)], 8],
    [[], 5],
  ]);
  const group = rng.weighted<StatusGroup>([
    ["Active", 60],
    ["Completed", 25],
    ["Deferred", 8],
    ["Cancelled", 7],
  ]);
  const type = rng.weighted<DateType>([
    ["Planned", 60],
    ["Milestone", 20],
    ["Backlog", 20],
  ]);
  const dueOffset =
    group === "Completed"
      ? rng.int(-60, 2)
      : rng.weighted([
          [rng.int(-30, -1), 25],
          [0, 8],
          [rng.int(1, 6), 22],
          [rng.int(7, 90), 45],
        ]);
  const spec: TaskSpec = {
    account: accountId,
    title: `${rng.pick(acme ? ACME_VERBS : NORD_VERBS)} ${rng.pick(acme ? ACME_OBJECTS : NORD_OBJECTS)}${rng.pick(TITLE_SUFFIXES)}`,
    group,
    inProgress: rng.chance(0.45),
    importance: rng.weighted<Importance>([
      ["High", 20],
      ["Normal", 65],
      ["Low", 15],
    ]),
    type,
    due: dueOffset,
    responsibles: [...new Set(responsibles)],
    folder: rng.pick(folders).title,
  };
  if (type === "Planned") spec.start = dueOffset - rng.int(0, 10);
  if (rng.chance(0.45)) {
    const teammate = world.contacts.find((c) => c.id === rng.pick(team));
    const descriptions = plainDescriptions(
      mention(teammate?.id ?? owner, `${teammate?.firstName} ${teammate?.lastName}`),
    );
    spec.description = rng.chance(0.06) ? rng.pick(HOSTILE_SNIPPETS) : rng.pick(descriptions);
  }
  return spec;
}

function addComments(ctx: Ctx, task: Task, texts: string[] | undefined): void {
  const { rng, world } = ctx;
  const team = members(world, task.accountId);
  const count = texts
    ? texts.length
    : rng.weighted([
        [0, 40],
        [1, 30],
        [2, 20],
        [3, 10],
      ]);
  let at = Date.parse(task.createdDate);
  for (let i = 0; i < count; i++) {
    at += rng.int(10, Math.max(11, Math.floor((ctx.now - at) / 60_000 / (count - i + 1)))) * 60_000;
    const stamp = utcStamp(Math.min(at, ctx.now));
    const comment: Comment = {
      id: entityId(task.accountId, "IM", world.next.comment++),
      accountId: task.accountId,
      taskId: task.id,
      authorId: rng.pick(team),
      text: texts?.[i] ?? (rng.chance(0.03) ? HOSTILE_COMMENT : rng.pick(COMMENT_TEXTS)),
      createdDate: stamp,
      updatedDate: stamp,
    };
    world.comments.push(comment);
  }
}

/** The whole seeded world. `now` is injectable so tests can pin "today". */
export function seedWorld(taskCount: number, now: number = Date.now()): World {
  const accts = accounts();
  const world: World = {
    accounts: accts,
    contacts: contactsFor(PEOPLE),
    groups: [],
    users: usersFor(PEOPLE, accts),
    workflows: accts.flatMap((a) => workflowsFor(a.id)),
    folders: new Map(),
    tasks: new Map(),
    comments: [],
    attachments: new Map(),
    customFields: [],
    timelogs: new Map(),
    timelogCategories: [],
    lockPeriods: [],
    webhooks: new Map(),
    next: { task: 0, comment: 0, attachment: 0, timelog: 0, webhook: 0, permalink: 801_787_000, priority: 0 },
  };
  const ctx: Ctx = { rng: createRng(SEED), now, world, attachmentCounts: new Map() };
  for (const account of accts) {
    foldersFor(
      ctx,
      account,
      world.workflows.filter((w) => w.accountId === account.id),
      members(world, account.id),
    );
  }
  seedCustomFields(world);
  seedGroups(world);
  const byIndex: Task[] = [];
  for (let i = 0; i < taskCount; i++) {
    const scenario = SCENARIOS[i];
    const spec = scenario ?? randomSpec(ctx);
    const task = makeTask(ctx, spec, world.next.task++);
    let superTask = spec.superTask === undefined ? undefined : byIndex[spec.superTask];
    // A tenth of the generated tasks become subtasks of an earlier task in the same account.
    if (!scenario && ctx.rng.chance(0.1)) {
      const candidates = byIndex
        .slice(-50)
        .filter((t) => t.accountId === task.accountId && t.superTaskIds.length === 0);
      if (candidates.length > 0) superTask = ctx.rng.pick(candidates);
    }
    if (superTask) {
      task.parentIds = [];
      task.superTaskIds = [superTask.id];
      superTask.subTaskIds.push(task.id);
    }
    byIndex.push(task);
    world.tasks.set(task.id, task);
    addComments(ctx, task, scenario?.comments);
    // Fixed tasks carry only the fixed files of seed-attachments.ts, so their lists are exact.
    if (scenario) ctx.attachmentCounts.delete(task.id);
  }
  seedAttachments(world, ctx.attachmentCounts, now);
  seedCustomFieldValues(world);
  seedTimelogs(world, now);
  seedActivity(world, now);
  return world;
}
