// Turns stored entities other than tasks into Wrike's JSON models: contacts, account, workflows,
// folders (light folderTree and full), spaces and comments.
import type { SimState } from "../state.ts";
import type { Account, Comment, Contact, Folder, Workflow } from "../types.ts";
import { hostOfAccount, permalink, plainText } from "./task-model.ts";

type Json = Record<string, unknown>;

export function contactModel(
  contact: Contact,
  accountId: string,
  meId: string,
  host: string,
  fields: Set<string>,
): Json {
  const out: Json = {
    id: contact.id,
    firstName: contact.firstName,
    lastName: contact.lastName,
    type: "Person",
    // v4 tokens are bound to one account, so only that account's profile is shown (simulator choice).
    profiles: contact.profiles.filter((p) => p.accountId === accountId).map((p) => ({ ...p })),
    avatarUrl: `http://${host}/avatars/${contact.id}.svg`,
    timezone: contact.timezone,
    locale: contact.locale,
    deleted: false,
  };
  if (contact.id === meId) out.me = true;
  out.title = contact.title;
  out.companyName = contact.companyName;
  if (contact.phone) out.phone = contact.phone;
  out.location = contact.location;
  out.primaryEmail = contact.primaryEmail;
  if (fields.has("metadata")) out.metadata = [];
  if (fields.has("customFields")) out.customFields = [];
  return out;
}

export function accountModel(account: Account, joinedDate: string | undefined, fields: Set<string>): Json {
  const out: Json = {
    id: account.id,
    name: account.name,
    dateFormat: account.dateFormat,
    firstDayOfWeek: account.firstDayOfWeek,
    workDays: [...account.workDays],
    rootFolderId: account.rootFolderId,
    recycleBinId: account.recycleBinId,
    createdDate: account.createdDate,
  };
  if (fields.has("subscription")) out.subscription = { ...account.subscription };
  if (fields.has("metadata")) out.metadata = [];
  if (fields.has("customFields")) out.customFields = [];
  if (joinedDate) out.joinedDate = joinedDate;
  return out;
}

export function workflowModel(workflow: Workflow): Json {
  return {
    id: workflow.id,
    name: workflow.name,
    standard: workflow.standard,
    hidden: workflow.hidden,
    customStatuses: workflow.customStatuses.map((s) => ({ ...s })),
  };
}

function scopeOf(folder: Folder): string {
  if (folder.kind === "root") return "WsRoot";
  if (folder.kind === "recycle") return "RbRoot";
  return "WsFolder";
}

function projectModel(folder: Folder): Json | undefined {
  return folder.project ? { ...folder.project, ownerIds: [...folder.project.ownerIds] } : undefined;
}

/** kind folderTree: the light model of GET /folders. */
export function folderTreeModel(folder: Folder): Json {
  const out: Json = { id: folder.id, title: folder.title };
  if (folder.color) out.color = folder.color;
  out.childIds = [...folder.childIds];
  out.scope = scopeOf(folder);
  const project = projectModel(folder);
  if (project) out.project = project;
  if (folder.kind !== "root" && folder.kind !== "recycle") out.space = folder.kind === "space";
  return out;
}

/** kind folders: the full model of GET /folders/{ids}. */
export function folderModel(state: SimState, folder: Folder, fields: Set<string>): Json {
  const host = hostOfAccount(state, folder.accountId);
  const out: Json = {
    id: folder.id,
    accountId: folder.accountId,
    title: folder.title,
    createdDate: folder.createdDate,
    updatedDate: folder.updatedDate,
    description: folder.description,
    sharedIds: [...folder.sharedIds],
    parentIds: folder.parentId ? [folder.parentId] : [],
    childIds: [...folder.childIds],
    superParentIds: [],
    scope: scopeOf(folder),
    hasAttachments: false,
    permalink: permalink(host, folder.permalinkId),
    workflowId: folder.workflowId,
    metadata: [],
    customFields: [],
    customColumnIds: [],
  };
  if (folder.color) out.color = folder.color;
  const project = projectModel(folder);
  if (project) out.project = project;
  if (folder.kind === "space") out.space = true;
  if (fields.has("briefDescription")) out.briefDescription = plainText(folder.description).slice(0, 200);
  if (fields.has("attachmentCount")) out.attachmentCount = 0;
  return out;
}

/** GET /spaces items are exactly {id, title, avatarUrl, accessType, archived} (live, nodkz spaceFindMany-spec);
 * GET /spaces/{id} (`single`) adds the full model's description and default workflows. */
export function spaceModel(state: SimState, folder: Folder, fields: Set<string>, single: boolean): Json {
  const host = hostOfAccount(state, folder.accountId);
  const out: Json = {
    id: folder.id,
    title: folder.title,
    avatarUrl: `http://${host}/avatars/space-${folder.id}.svg`,
    accessType: folder.accessType ?? "Public",
    archived: false,
  };
  if (single) {
    out.description = folder.description;
    out.defaultProjectWorkflowId = folder.workflowId;
    out.defaultTaskWorkflowId = folder.workflowId;
  }
  if (fields.has("members")) {
    out.members = folder.sharedIds.map((id) => ({ id, accessRoleId: "IEAAAAAAND7777772", isManager: false }));
  }
  if (fields.has("suggestedTaskWorkflows") || fields.has("suggestedProjectWorkflows")) {
    const workflows = state.world.workflows
      .filter((w) => w.accountId === folder.accountId)
      .map(workflowModel);
    if (fields.has("suggestedTaskWorkflows")) out.suggestedTaskWorkflows = workflows;
    if (fields.has("suggestedProjectWorkflows")) out.suggestedProjectWorkflows = workflows;
  }
  return out;
}

export function commentModel(comment: Comment, opts: { plainText: boolean; fields: Set<string> }): Json {
  const out: Json = {
    id: comment.id,
    authorId: comment.authorId,
    text: opts.plainText ? plainText(comment.text) : comment.text,
    updatedDate: comment.updatedDate,
    createdDate: comment.createdDate,
    taskId: comment.taskId,
  };
  if (opts.fields.has("type")) out.type = "Regular";
  return out;
}
