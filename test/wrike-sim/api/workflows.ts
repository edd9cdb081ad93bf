// GET /workflows: the account's workflows with their custom statuses (and their status groups).
import { WORKFLOW_READ_SCOPES } from "../scopes.ts";
import type { Route } from "./context.ts";
import { workflowModel } from "./models.ts";

export const workflowRoutes: Route[] = [
  {
    method: "GET",
    pattern: /^\/workflows$/,
    params: ["fields"],
    scopes: WORKFLOW_READ_SCOPES,
    handle: (ctx) => {
      ctx.params.fields(["dataUsageStatistics"]);
      return {
        kind: "workflows",
        data: ctx.state.world.workflows.filter((w) => w.accountId === ctx.account.id).map(workflowModel),
      };
    },
  },
];
