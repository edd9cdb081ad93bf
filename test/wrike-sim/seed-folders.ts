// The seeded spaces, folders and projects of each account, and the seeding context they are built in.
import { addDays, todayIn, utcStamp } from "./dates.ts";
import { entityId, recycleBinId, rootFolderId } from "./ids.ts";
import { type Rng } from "./prng.ts";
import { ACME_ID, ADA_ID, GRACE_ID, LINUS_ID, NORD_ID } from "./seed-ids.ts";
import type { Account, Folder, FolderKind, Workflow, World } from "./types.ts";

export interface FolderSpec {
  title: string;
  kind: FolderKind;
  parent: string | null;
  custom?: boolean;
  color?: string;
  accessType?: "Locked" | "Private" | "Public";
  description?: string;
  project?: { status: "Green" | "Yellow" | "Red"; start: number; end: number; owner: string };
}

export const FOLDER_SPECS: Record<string, FolderSpec[]> = {
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

export interface Ctx {
  rng: Rng;
  now: number;
  world: World;
  /** Generated tasks that get generated attachments, and how many. */
  attachmentCounts: Map<string, number>;
}

export function nextPermalink(ctx: Ctx): number {
  ctx.world.next.permalink += ctx.rng.int(1, 40);
  return ctx.world.next.permalink;
}

export function stampBefore(ctx: Ctx, minDays: number, maxDays: number): string {
  return utcStamp(ctx.now - ctx.rng.int(minDays * 24 * 60, maxDays * 24 * 60) * 60_000);
}

export function foldersFor(ctx: Ctx, account: Account, workflows: Workflow[], members: string[]): void {
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
