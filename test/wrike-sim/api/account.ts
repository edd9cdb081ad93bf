// GET /account: the one account the token was granted for (v4 has no account list).
import { READ_SCOPES } from "../scopes.ts";
import type { Route } from "./context.ts";
import { accountModel } from "./models.ts";

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
];
