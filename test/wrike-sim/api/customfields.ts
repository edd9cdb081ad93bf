// Custom fields: GET /customfields (filters), GET /customfields/{ids}, GET /spaces/{id}/customfields, in the
// key order of live responses.
import { READ_SCOPES } from "../scopes.ts";
import type { CustomField } from "../types.ts";
import type { ApiContext, ApiResult, Route } from "./context.ts";
import { getSpace, splitIds } from "./lookup.ts";
import { notFound } from "./params.ts";

/** The 13 types of spec v154. */
const TYPES = [
  "Text",
  "DropDown",
  "Numeric",
  "Currency",
  "Percentage",
  "Date",
  "Duration",
  "Checkbox",
  "Contacts",
  "Multiple",
  "CalculatedNumeric",
  "CalculatedDate",
  "LinkToDatabase",
] as const;
const ENTITY_TYPES = ["User", "WorkItem"] as const;
const INHERITANCE = ["All", "Tasks", "Projects", "Folders"] as const;

/** Live order: id, accountId, title, type, spaceId (space-level only), sharedIds, sharing, settings, ... */
function model(field: CustomField, fields: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: field.id,
    accountId: field.accountId,
    title: field.title,
    type: field.type,
  };
  if (field.spaceId) out.spaceId = field.spaceId;
  out.sharedIds = [];
  out.sharing = {};
  out.settings = structuredClone(field.settings);
  out.description = field.description;
  out.archived = field.archived;
  if (field.archivedOn) out.archivedOn = field.archivedOn;
  if (field.archivedBy) out.archivedBy = field.archivedBy;
  // The shape of the statistics is not documented; the simulator has none to report.
  if (fields.has("dataUsageStatistics")) out.dataUsageStatistics = {};
  return out;
}

function appliesTo(field: CustomField, types: readonly string[] | undefined): boolean {
  const applicable = field.settings.applicableEntityTypes;
  return !types || (Array.isArray(applicable) && applicable.some((t) => types.includes(String(t))));
}

function respond(ctx: ApiContext, list: CustomField[]): ApiResult {
  const fields = ctx.params.fields(["dataUsageStatistics"]);
  const entityTypes = ctx.params.oneOrList("applicableEntityTypes", ENTITY_TYPES);
  return {
    kind: "customfields",
    data: list.filter((f) => appliesTo(f, entityTypes)).map((f) => model(f, fields)),
  };
}

const ofAccount = (ctx: ApiContext): CustomField[] =>
  ctx.state.world.customFields.filter((f) => f.accountId === ctx.account.id);

function query(ctx: ApiContext): ApiResult {
  const p = ctx.params;
  const types = p.oneOrList("types", TYPES);
  const inheritance = p.oneOrList("inheritanceTypes", INHERITANCE);
  const title = p.str("title")?.toLowerCase();
  let list = ofAccount(ctx);
  if (types) list = list.filter((f) => (types as readonly string[]).includes(f.type));
  if (inheritance) list = list.filter((f) => inheritance.includes(f.settings.inheritanceType as "All"));
  if (title !== undefined) list = list.filter((f) => f.title.toLowerCase().includes(title));
  return respond(ctx, list);
}

export const customFieldRoutes: Route[] = [
  {
    method: "GET",
    pattern: /^\/customfields$/,
    params: ["applicableEntityTypes", "types", "inheritanceTypes", "title", "fields"],
    scopes: READ_SCOPES,
    handle: query,
  },
  {
    method: "GET",
    pattern: /^\/customfields\/([^/]+)$/,
    params: ["applicableEntityTypes", "fields"],
    scopes: READ_SCOPES,
    handle: (ctx, [ids = ""]) => {
      const known = ofAccount(ctx);
      const list = splitIds(ids, 100).map((id) => {
        const field = known.find((f) => f.id === id);
        if (!field) throw notFound(`Custom field ${id}`);
        return field;
      });
      return respond(ctx, list);
    },
  },
  {
    method: "GET",
    pattern: /^\/spaces\/([^/]+)\/customfields$/,
    params: ["applicableEntityTypes", "fields"],
    scopes: READ_SCOPES,
    handle: (ctx, [id = ""]) => {
      const space = getSpace(ctx, id);
      return respond(
        ctx,
        ofAccount(ctx).filter((f) => f.spaceId === space.id),
      );
    },
  },
];
