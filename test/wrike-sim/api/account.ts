// GET /account: the one account the token was granted for (v4 has no account list); GET /version;
// GET /users/{id}: a person of that account, as a contact model.
import { READ_SCOPES, USER_READ_SCOPES } from "../scopes.ts";
import type { Route } from "./context.ts";
import { accountContacts } from "./lookup.ts";
import { accountModel, contactModel } from "./models.ts";
import { ApiError, notFound } from "./params.ts";

export const accountRoutes: Route[] = [
  {
    method: "GET",
    pattern: /^\/account$/,
    params: ["metadata", "fields"],
    scopes: READ_SCOPES,
    handle: (ctx) => {
      const fields = ctx.params.fields(["metadata", "customFields", "subscription"]);
      ctx.params.json("metadata");
      return { kind: "accounts", data: [accountModel(ctx.account, ctx.me.joined[ctx.account.id], fields)] };
    },
  },
  {
    method: "GET",
    pattern: /^\/version$/,
    params: [],
    scopes: READ_SCOPES,
    // spec v154: {major, minor} as numbers; Taviloglu's integration test expects 1 and 0.
    handle: () => ({ kind: "version", data: [{ major: 1, minor: 0 }] }),
  },
  {
    method: "GET",
    pattern: /^\/users\/([^/]+)$/,
    params: [],
    scopes: USER_READ_SCOPES,
    handle: (ctx, [id = ""]) => {
      // One user per call (spec v154 names the path {userId}).
      if (id.includes(",")) throw new ApiError(400, "invalid_parameter", "One user id expected");
      const user = accountContacts(ctx).find((c) => c.id === id);
      if (!user) throw notFound(`User ${id}`);
      return {
        kind: "users",
        data: [contactModel(user, ctx.account.id, ctx.me.id, ctx.hostName, new Set(["metadata"]))],
      };
    },
  },
];
