// Builds the deterministic seeded world: two accounts on two data centres, people, workflows, spaces,
// folders, projects, custom fields, tasks, comments, attachments and timelogs. Fixed PRNG seed; task dates
// relative to today in the account's zone.
import {
  ACME_OBJECTS,
  ACME_VERBS,
  COMMENT_TEXTS,
  HOSTILE_COMMENT,
  HOSTILE_DESCRIPTION,
  HOSTILE_SNIPPETS,
  NORD_OBJECTS,
  NORD_VERBS,
  TITLE_SUFFIXES,
  mention,
  plainDescriptions,
} from "./content.ts";
import { addDays, durationMinutes, todayIn, utcStamp } from "./dates.ts";
import { entityId, recycleBinId, rootFolderId } from "./ids.ts";
import { createRng, type Rng } from "./prng.ts";
import { seedActivity } from "./seed-activity.ts";
import { seedAttachments } from "./seed-attachments.ts";
import { seedCustomFieldValues, seedCustomFields } from "./seed-customfields.ts";
import { seedGroups } from "./seed-groups.ts";
import { seedTimelogs } from "./seed-timelogs.ts";
import {
  ACME_ID,
  ADA_ID,
  FREYA_ID,
  GRACE_ID,
  JONAS_ID,
  KATHERINE_ID,
  LINUS_ID,
  MARGARET_ID,
  NORD_ID,
} from "./seed-ids.ts";
import { permanentToken } from "./tokens.ts";
import type {
  Account,
  Comment,
  Contact,
  CustomStatus,
  DateType,
  Folder,
  FolderKind,
  Importance,
  SeedUser,
  StatusGroup,
  Task,
  TaskDates,
  Workflow,
  World,
} from "./types.ts";

export const SEED = 0x5eed2024;
export const DEMO_PASSWORD = "wrike-demo";

export { ACME_ID, ADA_ID, GRACE_ID, LINUS_ID, MARGARET_ID, NORD_ID };

function accounts(): Account[] {
  const base = {
    dateFormat: "dd/MM/yyyy",
    firstDayOfWeek: "Mon",
    workDays: ["Mon", "Tue", "Wed", "Thu", "Fri"],
  };
  return [
    {
      ...base,
      id: ACME_ID,
      name: "Acme Robotics",
      host: "us",
      timezone: "Europe/London",
      rootFolderId: rootFolderId(ACME_ID),
      recycleBinId: recycleBinId(ACME_ID),
      createdDate: "2019-03-04T09:12:44Z",
      subscription: { type: "Business", paid: true, userLimit: 50 },
    },
    {
      ...base,
      id: NORD_ID,
      name: "Nordlicht Studio",
      host: "eu",
      timezone: "Europe/Berlin",
      dateFormat: "dd.MM.yyyy",
      rootFolderId: rootFolderId(NORD_ID),
      recycleBinId: recycleBinId(NORD_ID),
      createdDate: "2021-09-13T08:30:00Z",
      subscription: { type: "Premium", paid: true, userLimit: 15 },
    },
  ];
}

interface PersonSpec {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  timezone: string;
  locale: string;
  title: string;
  phone: string;
  location: string;
  color: string;
  login: boolean;
  memberships: {
    accountId: string;
    role: "User" | "Collaborator";
    admin: boolean;
    owner: boolean;
    joined: string;
  }[];
}

const PEOPLE: PersonSpec[] = [
  {
    id: ADA_ID,
    firstName: "Ada",
    lastName: "Lovelace",
    email: "ada@acme.test",
    timezone: "Europe/London",
    locale: "en",
    title: "Head of Engineering",
    phone: "+44 20 7946 0018",
    location: "London, UK",
    color: "#4f46e5",
    login: true,
    memberships: [
      { accountId: ACME_ID, role: "User", admin: true, owner: true, joined: "2019-03-04T09:12:44Z" },
      { accountId: NORD_ID, role: "User", admin: false, owner: false, joined: "2022-05-17T13:05:10Z" },
    ],
  },
  {
    id: GRACE_ID,
    firstName: "Grace",
    lastName: "Hopper",
    email: "grace@acme.test",
    timezone: "America/New_York",
    locale: "en",
    title: "Firmware Engineer",
    phone: "+1 212 555 0147",
    location: "New York, USA",
    color: "#0f766e",
    login: true,
    memberships: [
      { accountId: ACME_ID, role: "User", admin: false, owner: false, joined: "2019-06-10T15:40:02Z" },
    ],
  },
  {
    id: MARGARET_ID,
    firstName: "Margaret",
    lastName: "Hamilton",
    email: "margaret@acme.test",
    timezone: "America/Chicago",
    locale: "en",
    title: "Flight Software Consultant",
    phone: "",
    location: "Chicago, USA",
    color: "#b45309",
    login: true,
    memberships: [
      {
        accountId: ACME_ID,
        role: "Collaborator",
        admin: false,
        owner: false,
        joined: "2023-01-09T10:00:00Z",
      },
    ],
  },
  {
    id: LINUS_ID,
    firstName: "Linus",
    lastName: "Berg",
    email: "linus@nordlicht.test",
    timezone: "Europe/Berlin",
    locale: "de",
    title: "Creative Director",
    phone: "+49 30 901820",
    location: "Berlin, Germany",
    color: "#be123c",
    login: true,
    memberships: [
      { accountId: NORD_ID, role: "User", admin: true, owner: true, joined: "2021-09-13T08:30:00Z" },
    ],
  },
  {
    id: KATHERINE_ID,
    firstName: "Katherine",
    lastName: "Johnson",
    email: "katherine@acme.test",
    timezone: "America/New_York",
    locale: "en",
    title: "Controls Engineer",
    phone: "",
    location: "Hampton, USA",
    color: "#7c3aed",
    login: false,
    memberships: [
      { accountId: ACME_ID, role: "User", admin: false, owner: false, joined: "2020-02-03T09:00:00Z" },
    ],
  },
  {
    id: FREYA_ID,
    firstName: "Freya",
    lastName: "Lund",
    email: "freya@nordlicht.test",
    timezone: "Europe/Copenhagen",
    locale: "en",
    title: "Motion Designer",
    phone: "",
    location: "Copenhagen, Denmark",
    color: "#0369a1",
    login: false,
    memberships: [
      { accountId: NORD_ID, role: "User", admin: false, owner: false, joined: "2022-01-11T08:00:00Z" },
    ],
  },
  {
    id: JONAS_ID,
    firstName: "Jonas",
    lastName: "Weber",
    email: "jonas@nordlicht.test",
    timezone: "Europe/Berlin",
    locale: "de",
    title: "Producer",
    phone: "",
    location: "Hamburg, Germany",
    color: "#15803d",
    login: false,
    memberships: [
      {
        accountId: NORD_ID,
        role: "Collaborator",
        admin: false,
        owner: false,
        joined: "2023-04-24T08:00:00Z",
      },
    ],
  },
];

function contactsFor(specs: PersonSpec[]): Contact[] {
  return specs.map((p) => ({
    id: p.id,
    firstName: p.firstName,
    lastName: p.lastName,
    primaryEmail: p.email,
    timezone: p.timezone,
    locale: p.locale,
    title: p.title,
    companyName: p.email.endsWith("@acme.test") ? "Acme Robotics" : "Nordlicht Studio",
    phone: p.phone,
    location: p.location,
    color: p.color,
    joined: Object.fromEntries(p.memberships.map((m) => [m.accountId, m.joined])),
    profiles: p.memberships.map((m) => ({
      accountId: m.accountId,
      email: p.email,
      role: m.role,
      external: false,
      admin: m.admin,
      owner: m.owner,
    })),
  }));
}

function usersFor(specs: PersonSpec[], accts: Account[]): SeedUser[] {
  return specs
    .filter((p) => p.login)
    .map((p) => ({
      id: p.id,
      email: p.email,
      password: DEMO_PASSWORD,
      firstName: p.firstName,
      lastName: p.lastName,
      accounts: p.memberships.map((m) => {
        const account = accts.find((a) => a.id === m.accountId);
        if (!account) throw new Error(`no account ${m.accountId}`);
        return {
          accountId: account.id,
          name: account.name,
          host: account.host,
          role: m.role,
          admin: m.admin,
          owner: m.owner,
          permanentToken: permanentToken(p.id, account.id, account.host),
        };
      }),
    }));
}

type StatusSpec = [name: string, group: StatusGroup, color: string, standard: boolean];

const DEFAULT_STATUSES: StatusSpec[] = [
  ["New", "Active", "Blue", true],
  ["In Progress", "Active", "Turquoise", false],
  ["Completed", "Completed", "Green", true],
  ["On Hold", "Deferred", "Gray", true],
  ["Cancelled", "Cancelled", "Gray", true],
];

/** Live Wrike gives the Default Workflow's standard statuses fixed ids per account (issue 10, live data). */
const STANDARD_STATUS_SUFFIX: Record<StatusGroup, string> = {
  Active: "JMAAAAAA",
  Completed: "JMAAAAAB",
  Deferred: "JMAAAAAC",
  Cancelled: "JMAAAAAD",
};

const CUSTOM_WORKFLOWS: Record<string, { name: string; statuses: StatusSpec[] }> = {
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

const fixedOr = (fixed: boolean, fixedId: string, otherId: string): string => (fixed ? fixedId : otherId);

function workflowsFor(accountId: string): Workflow[] {
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

interface FolderSpec {
  title: string;
  kind: FolderKind;
  parent: string | null;
  custom?: boolean;
  color?: string;
  accessType?: "Locked" | "Private" | "Public";
  description?: string;
  project?: { status: "Green" | "Yellow" | "Red"; start: number; end: number; owner: string };
}

const FOLDER_SPECS: Record<string, FolderSpec[]> = {
  [ACME_ID]: [
    { title: "Engineering", kind: "space", parent: null, custom: true, accessType: "Public", color: "Blue" },
    { title: "Marketing", kind: "space", parent: null, accessType: "Public", color: "Orange" },
    { title: "Operations", kind: "space", parent: null, accessType: "Private", color: "Green" },
    {
      title: "Arm Controller v2",
      kind: "project",
      parent: "Engineering",
      custom: true,
      description: "Second-generation arm controller: <b>torque sensing</b> and a safer interlock.",
      project: { status: "Yellow", start: -45, end: 30, owner: ADA_ID },
    },
    {
      title: "Vision System",
      kind: "project",
      parent: "Engineering",
      custom: true,
      project: { status: "Green", start: -20, end: 60, owner: ADA_ID },
    },
    { title: "Firmware", kind: "folder", parent: "Engineering", custom: true },
    {
      title: "Gripper Firmware 3.1",
      kind: "project",
      parent: "Firmware",
      custom: true,
      project: { status: "Green", start: -30, end: 14, owner: GRACE_ID },
    },
    { title: "Test Rig", kind: "folder", parent: "Engineering" },
    {
      title: "Spring Launch Campaign",
      kind: "project",
      parent: "Marketing",
      project: { status: "Red", start: -10, end: 40, owner: ADA_ID },
    },
    { title: "Website", kind: "folder", parent: "Marketing" },
    {
      title: "Hiring: Robotics Engineers",
      kind: "project",
      parent: "Operations",
      project: { status: "Green", start: -60, end: 90, owner: ADA_ID },
    },
    { title: "Office & Facilities", kind: "folder", parent: "Operations" },
  ],
  [NORD_ID]: [
    { title: "Studio", kind: "space", parent: null, accessType: "Public", color: "Purple" },
    { title: "Client Work", kind: "space", parent: null, custom: true, accessType: "Public", color: "Red" },
    { title: "Admin", kind: "space", parent: null, accessType: "Private", color: "Gray" },
    {
      title: "Brand Refresh",
      kind: "project",
      parent: "Studio",
      custom: true,
      project: { status: "Green", start: -14, end: 21, owner: LINUS_ID },
    },
    { title: "Portfolio", kind: "folder", parent: "Studio" },
    {
      title: "Fjord Film Teaser",
      kind: "project",
      parent: "Client Work",
      custom: true,
      project: { status: "Yellow", start: -25, end: 10, owner: LINUS_ID },
    },
    {
      title: "Bäckerei Sommer Packaging",
      kind: "project",
      parent: "Client Work",
      custom: true,
      project: { status: "Green", start: -5, end: 35, owner: LINUS_ID },
    },
    { title: "Finance", kind: "folder", parent: "Admin" },
  ],
};

interface Ctx {
  rng: Rng;
  now: number;
  world: World;
  /** Generated tasks that get generated attachments, and how many. */
  attachmentCounts: Map<string, number>;
}

function nextPermalink(ctx: Ctx): number {
  ctx.world.next.permalink += ctx.rng.int(1, 40);
  return ctx.world.next.permalink;
}

function stampBefore(ctx: Ctx, minDays: number, maxDays: number): string {
  return utcStamp(ctx.now - ctx.rng.int(minDays * 24 * 60, maxDays * 24 * 60) * 60_000);
}

function foldersFor(ctx: Ctx, account: Account, workflows: Workflow[], members: string[]): void {
  const [standard, custom] = workflows;
  if (!standard) throw new Error("no default workflow");
  const today = todayIn(account.timezone, ctx.now);
  const byTitle = new Map<string, Folder>();
  const add = (folder: Folder): Folder => {
    ctx.world.folders.set(folder.id, folder);
    byTitle.set(folder.title, folder);
    return folder;
  };
  const common = (title: string, kind: FolderKind) => ({
    accountId: account.id,
    title,
    kind,
    childIds: [] as string[],
    description: "",
    createdDate: account.createdDate,
    updatedDate: account.createdDate,
    permalinkId: nextPermalink(ctx),
    workflowId: standard.id,
    sharedIds: [...members],
  });
  const root = add({ ...common("Root", "root"), id: account.rootFolderId, parentId: null });
  add({ ...common("Recycle Bin", "recycle"), id: account.recycleBinId, parentId: null });
  const specs = FOLDER_SPECS[account.id] ?? [];
  specs.forEach((spec, i) => {
    const parent = spec.parent === null ? root : byTitle.get(spec.parent);
    if (!parent) throw new Error(`folder parent ${spec.parent} missing`);
    const created = stampBefore(ctx, 200, 900);
    const workflow = spec.custom && custom ? custom : standard;
    const folder: Folder = {
      ...common(spec.title, spec.kind),
      id: entityId(account.id, "I4", i),
      parentId: parent.id,
      description: spec.description ?? "",
      createdDate: created,
      updatedDate: stampBefore(ctx, 0, 30),
      workflowId: workflow.id,
    };
    if (spec.color !== undefined) folder.color = spec.color;
    if (spec.accessType !== undefined) folder.accessType = spec.accessType;
    if (spec.project) {
      const active =
        standard.customStatuses.find((s) => s.name === "In Progress") ?? standard.customStatuses[0];
      folder.project = {
        authorId: spec.project.owner,
        ownerIds: [spec.project.owner],
        status: spec.project.status,
        customStatusId: active?.id ?? "",
        startDate: addDays(today, spec.project.start),
        endDate: addDays(today, spec.project.end),
        createdDate: created,
      };
    }
    parent.childIds.push(folder.id);
    add(folder);
  });
}

interface TaskSpec {
  account: string;
  title: string;
  group: StatusGroup;
  inProgress?: boolean;
  importance: Importance;
  type: DateType;
  start?: number;
  due?: number;
  responsibles: string[];
  author?: string;
  folder: string;
  description?: string;
  superTask?: number;
  comments?: string[];
}

/** Fixed tasks first, so that even a small world has every bucket the app groups by. */
const SCENARIOS: TaskSpec[] = [
  {
    account: ACME_ID,
    title: "Fix torque sensor drift on arm v2",
    group: "Active",
    inProgress: true,
    importance: "High",
    type: "Planned",
    start: -6,
    due: -2,
    responsibles: [ADA_ID],
    folder: "Arm Controller v2",
    description: `<b>Context:</b> customer reported drift after 40 h of operation.<br />Ping ${mention(GRACE_ID, "Grace Hopper")} for the firmware side.`,
    comments: ["Drift is about 0.3 Nm per hour, see graph.", HOSTILE_COMMENT],
  },
  {
    account: ACME_ID,
    title: "Send safety audit pack to the certifier",
    group: "Active",
    importance: "Normal",
    type: "Milestone",
    due: -1,
    responsibles: [ADA_ID],
    folder: "Arm Controller v2",
  },
  {
    account: ACME_ID,
    title: "Review gripper firmware pull request #482",
    group: "Active",
    inProgress: true,
    importance: "High",
    type: "Planned",
    start: -1,
    due: 0,
    responsibles: [ADA_ID],
    author: GRACE_ID,
    folder: "Gripper Firmware 3.1",
  },
  {
    account: ACME_ID,
    title: "Order replacement servo batch",
    group: "Active",
    importance: "Normal",
    type: "Milestone",
    due: 0,
    responsibles: [ADA_ID],
    folder: "Test Rig",
  },
  {
    account: ACME_ID,
    title: "Prepare robot demo for the investor visit",
    group: "Active",
    importance: "High",
    type: "Planned",
    start: 1,
    due: 2,
    responsibles: [ADA_ID],
    folder: "Spring Launch Campaign",
  },
  {
    account: ACME_ID,
    title: "Update calibration runbook",
    group: "Active",
    importance: "Low",
    type: "Milestone",
    due: 4,
    responsibles: [ADA_ID],
    folder: "Firmware",
  },
  {
    account: ACME_ID,
    title: "Plan vision system field test",
    group: "Active",
    inProgress: true,
    importance: "Normal",
    type: "Planned",
    start: -3,
    due: 20,
    responsibles: [ADA_ID],
    folder: "Vision System",
  },
  {
    account: ACME_ID,
    title: "Book a test site for the field test",
    group: "Active",
    importance: "Normal",
    type: "Milestone",
    due: 12,
    responsibles: [ADA_ID],
    folder: "Vision System",
    superTask: 6,
  },
  {
    account: ACME_ID,
    title: "Write the launch blog post",
    group: "Active",
    importance: "Normal",
    type: "Planned",
    start: 30,
    due: 35,
    responsibles: [ADA_ID],
    folder: "Spring Launch Campaign",
  },
  {
    account: ACME_ID,
    title: "Research LiDAR suppliers",
    group: "Active",
    importance: "Low",
    type: "Backlog",
    responsibles: [ADA_ID],
    folder: "Vision System",
  },
  {
    account: ACME_ID,
    title: `Check <img src=x onerror=alert(1)> & "quotes" in titles`,
    group: "Active",
    importance: "Normal",
    type: "Milestone",
    due: 1,
    responsibles: [ADA_ID],
    folder: "Website",
    description: HOSTILE_DESCRIPTION,
    comments: [HOSTILE_COMMENT],
  },
  {
    account: ACME_ID,
    title: "Triage customer bug reports",
    group: "Active",
    importance: "High",
    type: "Backlog",
    responsibles: [ADA_ID],
    folder: "Firmware",
    description: `${HOSTILE_SNIPPETS[0]}<br />${HOSTILE_SNIPPETS[2]}`,
  },
  {
    account: ACME_ID,
    title: "Ship firmware 3.0 to pilot customers",
    group: "Completed",
    importance: "High",
    type: "Milestone",
    due: -8,
    responsibles: [ADA_ID],
    folder: "Gripper Firmware 3.1",
  },
  {
    account: ACME_ID,
    title: "Replace worn gripper pads",
    group: "Completed",
    importance: "Normal",
    type: "Planned",
    start: -5,
    due: -3,
    responsibles: [ADA_ID],
    folder: "Test Rig",
  },
  {
    account: ACME_ID,
    title: "Evaluate a second camera vendor",
    group: "Deferred",
    importance: "Low",
    type: "Milestone",
    due: 10,
    responsibles: [ADA_ID],
    folder: "Vision System",
  },
  {
    account: ACME_ID,
    title: "Migrate CI to self-hosted runners",
    group: "Cancelled",
    importance: "Normal",
    type: "Backlog",
    responsibles: [ADA_ID],
    folder: "Firmware",
  },
  {
    account: ACME_ID,
    title: "Tune servo PID gains",
    group: "Active",
    inProgress: true,
    importance: "Normal",
    type: "Planned",
    start: -7,
    due: -4,
    responsibles: [GRACE_ID],
    folder: "Arm Controller v2",
  },
  {
    account: ACME_ID,
    title: "Draft the trade show booth layout",
    group: "Active",
    importance: "Normal",
    type: "Milestone",
    due: 6,
    responsibles: [MARGARET_ID, ADA_ID],
    folder: "Spring Launch Campaign",
  },
  {
    account: NORD_ID,
    title: "Approve the brand refresh mood board",
    group: "Active",
    importance: "Normal",
    type: "Milestone",
    due: 0,
    responsibles: [ADA_ID],
    author: LINUS_ID,
    folder: "Brand Refresh",
  },
  {
    account: NORD_ID,
    title: "Render teaser storyboard frames",
    group: "Active",
    inProgress: true,
    importance: "High",
    type: "Planned",
    start: -4,
    due: -1,
    responsibles: [LINUS_ID],
    folder: "Fjord Film Teaser",
  },
  {
    account: NORD_ID,
    title: "Send packaging proofs to Bäckerei Sommer",
    group: "Active",
    importance: "Normal",
    type: "Milestone",
    due: 3,
    responsibles: [LINUS_ID],
    folder: "Bäckerei Sommer Packaging",
    description: `${HOSTILE_SNIPPETS[5]}<br />${HOSTILE_SNIPPETS[6]}<br />Proofs are in the shared folder.`,
  },
  {
    account: NORD_ID,
    title: "Colour grade teaser cut 2",
    group: "Active",
    importance: "Normal",
    type: "Backlog",
    responsibles: [ADA_ID],
    author: LINUS_ID,
    folder: "Fjord Film Teaser",
  },
  {
    account: NORD_ID,
    title: "Archive last year's invoices",
    group: "Completed",
    importance: "Low",
    type: "Milestone",
    due: -12,
    responsibles: [LINUS_ID],
    folder: "Finance",
  },
];

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
