// GET /contacts (with me=true and the other filters) and GET /contacts/{contactIds}.
import { READ_SCOPES } from "../scopes.ts";
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
  return {
    kind: "contacts",
    data: contacts.map((c) => contactModel(c, ctx.account.id, ctx.me.id, ctx.hostName, fields)),
  };
}

function byIds(ctx: ApiContext, [idText = ""]: string[]): ApiResult {
  const fields = ctx.params.fields(CONTACT_FIELDS);
  ctx.params.oneOrList("types", TYPES);
  ctx.params.json("metadata");
  const known = accountContacts(ctx);
  const data = splitIds(idText, 100).map((id) => {
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
