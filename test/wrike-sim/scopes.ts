// Wrike's OAuth scopes (developers.wrike.com/overview) with the wording the consent page shows.
export const SCOPES: Record<string, string> = {
  Default: "Basic access to your Wrike account on your behalf",
  wsReadOnly: "Read all workspace data: tasks, folders, projects, comments, contacts",
  wsReadWrite: "Read and change all workspace data: create and edit tasks, post comments",
  amReadOnlyWorkflow: "See the account's workflows and custom statuses",
  amReadWriteWorkflow: "Manage the account's workflows and custom statuses",
  amReadOnlyInvitation: "See invitations",
  amReadWriteInvitation: "Manage invitations",
  amReadOnlyGroup: "See user groups",
  amReadWriteGroup: "Manage user groups",
  amReadOnlyUser: "See users, job roles and placeholders",
  amReadWriteUser: "Manage users, job roles and placeholders",
  amReadOnlyAccessRole: "See access roles",
  amReadOnlyAuditLog: "Read the audit log",
  amReadOnlyTimelogCategory: "See timelog categories",
  amReadWriteTimelogCategory: "Manage timelog categories",
  amReadOnlyWorkSchedule: "See work schedules",
  amReadWriteWorkSchedule: "Manage work schedules",
  dataExportFull: "Export account data",
};

/** Scope strings are comma-separated and case-sensitive; spaces around commas are tolerated. */
export function parseScopes(value: string | null): { scopes: string[]; invalid: string[] } {
  if (value === null || value.trim() === "") return { scopes: ["Default"], invalid: [] };
  const names = [...new Set(value.split(/[,\s]+/).filter((s) => s !== ""))];
  return { scopes: names.filter((s) => s in SCOPES), invalid: names.filter((s) => !(s in SCOPES)) };
}

export const READ_SCOPES = ["Default", "wsReadOnly", "wsReadWrite"];
export const WRITE_SCOPES = ["Default", "wsReadWrite"];
export const WORKFLOW_READ_SCOPES = [...READ_SCOPES, "amReadOnlyWorkflow", "amReadWriteWorkflow"];
/** GET /users/{id}: "Scopes: amReadOnlyUser, amReadWriteUser" (Taviloglu IWrikeUsersClient). */
export const USER_READ_SCOPES = ["amReadOnlyUser", "amReadWriteUser"];
