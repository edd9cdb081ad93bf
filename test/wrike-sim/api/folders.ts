// Folders and spaces: GET /folders (folderTree), /folders/{ids} (full, with project info),
// /folders/{id}/folders, /spaces/{id}/folders, GET /spaces and /spaces/{id}.
import { READ_SCOPES } from "../scopes.ts";
import type { Folder } from "../types.ts";
import type { ApiContext, ApiResult, Route } from "./context.ts";
import { descendantsOf, getFolder, getSpace, splitIds } from "./lookup.ts";
import { folderModel, folderTreeModel, spaceModel } from "./models.ts";
import { page, resumeCursor } from "./paging.ts";
import { invalidParameter } from "./params.ts";

const TREE_PARAMS = [
  "permalink",
  "descendants",
  "metadata",
  "customField",
  "customFields",
  "updatedDate",
  "withInvitations",
  "project",
  "deleted",
  "contractTypes",
  "plainTextCustomFields",
  "customItemTypes",
  "pageSize",
  "nextPageToken",
  "customStatuses",
  "authors",
  "owners",
  "startDate",
  "endDate",
  "completedDate",
  "title",
  "fields",
];

const FOLDER_FIELDS = [
  "superParentIds",
  "metadata",
  "customItemTypeId",
  "customFields",
  "customColumnIds",
  "contractType",
  "description",
  "attachmentCount",
  "hasAttachments",
  "briefDescription",
  "space",
  "finance",
];

/** spec v154: the list takes only members and workScheduleId; the single GET also the suggested workflows. */
const SPACE_LIST_FIELDS = ["members", "workScheduleId"];
const SPACE_FIELDS = ["suggestedTaskWorkflows", "suggestedProjectWorkflows", ...SPACE_LIST_FIELDS];

function tree(ctx: ApiContext, container: Folder | null): ApiResult {
  const p = ctx.params;
  const fields = p.fields(FOLDER_FIELDS);
  const resumed = resumeCursor(ctx, "folders");
  const full = (ids: string[]) =>
    ids.flatMap((id) => {
      const f = ctx.state.world.folders.get(id);
      return f ? [folderModel(ctx.state, f, fields)] : [];
    });
  if (resumed) {
    const result = page(ctx, "folders", resumed.ids, resumed.offset, resumed.pageSize);
    return { kind: "folders", data: full(result.ids), ...extras(result) };
  }
  const deleted = p.bool("deleted") ?? false;
  const descendants = p.bool("descendants") ?? true;
  const project = p.bool("project");
  const title = p.str("title")?.toLowerCase();
  const link = p.str("permalink");
  const updated = p.dateRange("updatedDate", "utc");
  const pageSize = p.int("pageSize", 1, 1000);
  const authors = p.idList("authors");
  const owners = p.idList("owners");
  const customStatuses = p.idList("customStatuses");
  for (const name of ["metadata", "customField", "customFields", "contractTypes", "customItemTypes"])
    p.json(name);
  p.dateRange("startDate", "task");
  p.dateRange("endDate", "task");
  p.dateRange("completedDate", "utc");
  p.bool("withInvitations");
  p.bool("plainTextCustomFields");
  const all = [...ctx.state.world.folders.values()].filter((f) => f.accountId === ctx.account.id);
  let folders: Folder[];
  if (container) {
    const below = descendants
      ? descendantsOf(ctx, container).slice(1)
      : container.childIds.flatMap((id) => all.filter((f) => f.id === id));
    folders = below;
  } else {
    folders = all.filter((f) => (deleted ? f.kind === "recycle" : f.kind !== "recycle"));
  }
  if (project !== undefined) folders = folders.filter((f) => (f.project !== undefined) === project);
  if (title) folders = folders.filter((f) => f.title.toLowerCase().includes(title));
  if (link !== undefined) {
    const id = /[?&]id=(\d+)/.exec(link)?.[1];
    if (!id) throw invalidParameter("permalink", "expected a permalink with ?id=<number>");
    folders = folders.filter((f) => f.permalinkId === Number(id));
  }
  if (updated) {
    folders = folders.filter((f) => {
      const v = f.updatedDate.replace(/Z$/, "");
      const s = updated.start?.replace(/Z$/, "");
      const e = updated.end?.replace(/Z$/, "");
      return (s === undefined || v >= s) && (e === undefined || v <= (e.length === 10 ? `${e}T23:59:59` : e));
    });
  }
  if (authors) folders = folders.filter((f) => f.project && authors.includes(f.project.authorId));
  if (owners) folders = folders.filter((f) => f.project?.ownerIds.some((id) => owners.includes(id)));
  if (customStatuses)
    folders = folders.filter((f) => f.project && customStatuses.includes(f.project.customStatusId));
  // With pageSize "only 'folders' kind is supported" (spec v154): the full model, paged.
  if (pageSize !== undefined) {
    const result = page(
      ctx,
      "folders",
      folders.map((f) => f.id),
      0,
      pageSize,
    );
    return { kind: "folders", data: full(result.ids), ...extras(result) };
  }
  return { kind: "folderTree", data: folders.map(folderTreeModel) };
}

function extras(result: { nextPageToken?: string; responseSize?: number }): Partial<ApiResult> {
  const out: Partial<ApiResult> = {};
  if (result.nextPageToken !== undefined) out.nextPageToken = result.nextPageToken;
  if (result.responseSize !== undefined) out.responseSize = result.responseSize;
  return out;
}

export const folderRoutes: Route[] = [
  {
    method: "GET",
    pattern: /^\/folders$/,
    params: TREE_PARAMS,
    scopes: READ_SCOPES,
    handle: (ctx) => tree(ctx, null),
  },
  {
    method: "GET",
    pattern: /^\/folders\/([^/]+)\/folders$/,
    params: TREE_PARAMS,
    scopes: READ_SCOPES,
    handle: (ctx, [id = ""]) => tree(ctx, getFolder(ctx, id)),
  },
  {
    method: "GET",
    pattern: /^\/spaces\/([^/]+)\/folders$/,
    params: TREE_PARAMS,
    scopes: READ_SCOPES,
    handle: (ctx, [id = ""]) => tree(ctx, getSpace(ctx, id)),
  },
  {
    method: "GET",
    pattern: /^\/folders\/([^/]+)$/,
    params: ["withInvitations", "plainTextCustomFields", "fields"],
    scopes: READ_SCOPES,
    handle: (ctx, [ids = ""]) => {
      const fields = ctx.params.fields(FOLDER_FIELDS);
      ctx.params.bool("withInvitations");
      ctx.params.bool("plainTextCustomFields");
      const folders = splitIds(ids, 100).map((id) => getFolder(ctx, id));
      return { kind: "folders", data: folders.map((f) => folderModel(ctx.state, f, fields)) };
    },
  },
  {
    method: "GET",
    pattern: /^\/spaces$/,
    params: ["withArchived", "userIsMember", "withInvitations", "title", "accessTypes", "fields"],
    scopes: READ_SCOPES,
    handle: (ctx) => {
      const p = ctx.params;
      const fields = p.fields(SPACE_LIST_FIELDS);
      p.bool("withArchived");
      const member = p.bool("userIsMember");
      p.bool("withInvitations");
      const title = p.str("title")?.toLowerCase();
      const access = p.oneOrList("accessTypes", ["Locked", "Private", "Public"] as const);
      let spaces = [...ctx.state.world.folders.values()].filter(
        (f) => f.accountId === ctx.account.id && f.kind === "space",
      );
      if (member) spaces = spaces.filter((s) => s.sharedIds.includes(ctx.me.id));
      if (title) spaces = spaces.filter((s) => s.title.toLowerCase().includes(title));
      if (access) spaces = spaces.filter((s) => access.includes(s.accessType ?? "Public"));
      return { kind: "spaces", data: spaces.map((s) => spaceModel(ctx.state, s, fields, false)) };
    },
  },
  {
    method: "GET",
    pattern: /^\/spaces\/([^/]+)$/,
    params: ["withInvitations", "fields"],
    scopes: READ_SCOPES,
    handle: (ctx, [id = ""]) => {
      const fields = ctx.params.fields(SPACE_FIELDS);
      ctx.params.bool("withInvitations");
      return { kind: "spaces", data: [spaceModel(ctx.state, getSpace(ctx, id), fields, true)] };
    },
  },
];
