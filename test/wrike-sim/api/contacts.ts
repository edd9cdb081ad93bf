// GET /contacts (with me=true and the other filters) and GET /contacts/{contactIds}: people, then the
// account's groups (type Group, as live Wrike lists "My Team").
import { READ_SCOPES } from "../scopes.ts";
import type { Group } from "../types.ts";
import type { ApiContext, ApiResult, Route } from "./context.ts";
import { accountContacts, splitIds } from "./lookup.ts";
import { contactModel } from "./models.ts";
import { notFound } from "./params.ts";

const CONTACT_FIELDS = [
  "metadata",
  "currentCostRate",
  "customFields",
  "currentBillRate",
  "jobRoleId",
  "workScheduleId",
];
const TYPES = ["Person", "Group", "Asset", "Robot"] as const;

/**
 * A group as a contact, in the key order of Airbyte's live "My Team" record: no email in the profile,
 * timezone "Z", `memberIds`, and `myTeam: true` (left out on other groups: simulator choice).
 */
function groupModel(ctx: ApiContext, group: Group, fields: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: group.id,
    firstName: group.title,
    lastName: "",
    type: "Group",
    profiles: [{ accountId: group.accountId, role: "User", external: false, admin: false, owner: false }],
    avatarUrl: `http://${ctx.hostName}/avatars/${group.id}.svg`,
    timezone: "Z",
    locale: "en",
    deleted: false,
    memberIds: [...group.memberIds],
  };
  if (group.myTeam) out.myTeam = true;
  if (fields.has("metadata")) out.metadata = [];
  if (fields.has("customFields")) out.customFields = [];
  return out;
}

const accountGroups = (ctx: ApiContext): Group[] =>
  ctx.state.world.groups.filter((g) => g.accountId === ctx.account.id);

function list(ctx: ApiContext): ApiResult {
  const p = ctx.params;
  const fields = p.fields(CONTACT_FIELDS);
  const me = p.bool("me");
  const deleted = p.bool("deleted");
  const active = p.bool("active");
  const emails = p.idList("emails", 100);
  const name = p.str("name")?.toLowerCase();
  const types = p.oneOrList("types", TYPES);
  p.json("metadata");
  p.json("customFields");
  let contacts = accountContacts(ctx);
  if (me) contacts = contacts.filter((c) => c.id === ctx.me.id);
  if (deleted === true || active === false) contacts = [];
  if (emails)
    contacts = contacts.filter((c) => emails.some((e) => e.toLowerCase() === c.primaryEmail.toLowerCase()));
  if (name) contacts = contacts.filter((c) => `${c.firstName} ${c.lastName}`.toLowerCase().includes(name));
  if (types && !types.includes("Person")) contacts = [];
  // Groups have no email and are never "me".
  let groups = me || emails || deleted === true || active === false ? [] : accountGroups(ctx);
  if (name) groups = groups.filter((g) => g.title.toLowerCase().includes(name));
  if (types && !types.includes("Group")) groups = [];
  return {
    kind: "contacts",
    data: [
      ...contacts.map((c) => contactModel(c, ctx.account.id, ctx.me.id, ctx.hostName, fields)),
      ...groups.map((g) => groupModel(ctx, g, fields)),
    ],
  };
}

function byIds(ctx: ApiContext, [idText = ""]: string[]): ApiResult {
  const fields = ctx.params.fields(CONTACT_FIELDS);
  ctx.params.oneOrList("types", TYPES);
  ctx.params.json("metadata");
  const known = accountContacts(ctx);
  const groups = accountGroups(ctx);
  const data = splitIds(idText, 100).map((id) => {
    const group = groups.find((g) => g.id === id);
    if (group) return groupModel(ctx, group, fields);
    const contact = known.find((c) => c.id === id);
    if (!contact) throw notFound(`Contact ${id}`);
    return contactModel(contact, ctx.account.id, ctx.me.id, ctx.hostName, fields);
  });
  return { kind: "contacts", data };
}

export const contactRoutes: Route[] = [
  {
    method: "GET",
    pattern: /^\/contacts$/,
    params: ["me", "metadata", "deleted", "customFields", "emails", "active", "name", "types", "fields"],
    scopes: READ_SCOPES,
    handle: list,
  },
  {
    method: "GET",
    pattern: /^\/contacts\/([^/]+)$/,
    params: ["metadata", "types", "fields"],
    scopes: READ_SCOPES,
    handle: byIds,
  },
];
