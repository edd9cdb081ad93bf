// The simulated Wrike's data model: accounts, people, workflows, folders/spaces/projects, tasks, comments,
// attachments, custom fields, groups, timelogs (with categories and lock periods).
export type HostKey = "us" | "eu";
export type StatusGroup = "Active" | "Completed" | "Deferred" | "Cancelled";
export type Importance = "High" | "Normal" | "Low";
export type DateType = "Backlog" | "Milestone" | "Planned";
export type Role = "User" | "Collaborator";

export const STATUS_GROUPS: readonly StatusGroup[] = ["Active", "Completed", "Deferred", "Cancelled"];
export const IMPORTANCES: readonly Importance[] = ["High", "Normal", "Low"];
export const DATE_TYPES: readonly DateType[] = ["Backlog", "Milestone", "Planned"];

/** One account a seeded person can sign in to, with the permanent token Wrike's App Console would show. */
export interface SeedAccount {
  accountId: string;
  name: string;
  host: HostKey;
  role: Role;
  admin: boolean;
  owner: boolean;
  permanentToken: string;
}

/** A person who can log in on the simulator's login page. */
export interface SeedUser {
  id: string;
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  accounts: SeedAccount[];
}

export interface Account {
  id: string;
  name: string;
  host: HostKey;
  /** Zone the account's zone-less task dates are meant in (Wrike does not expose it; simulator choice). */
  timezone: string;
  dateFormat: string;
  firstDayOfWeek: string;
  workDays: string[];
  rootFolderId: string;
  recycleBinId: string;
  createdDate: string;
  subscription: { type: string; paid: boolean; userLimit: number };
}

export interface Profile {
  accountId: string;
  email: string;
  role: Role;
  external: boolean;
  admin: boolean;
  owner: boolean;
}

export interface Contact {
  id: string;
  firstName: string;
  lastName: string;
  primaryEmail: string;
  timezone: string;
  locale: string;
  title: string;
  companyName: string;
  phone: string;
  location: string;
  /** When this person joined each account (GET /account's joinedDate). */
  joined: Record<string, string>;
  profiles: Profile[];
  /** Avatar colour for the served SVG. */
  color: string;
}

export interface CustomStatus {
  id: string;
  name: string;
  standardName: boolean;
  color: string;
  standard: boolean;
  group: StatusGroup;
  hidden: boolean;
}

export interface Workflow {
  id: string;
  accountId: string;
  name: string;
  standard: boolean;
  hidden: boolean;
  customStatuses: CustomStatus[];
}

export type FolderKind = "root" | "recycle" | "space" | "folder" | "project";

export interface ProjectInfo {
  authorId: string;
  ownerIds: string[];
  status: "Green" | "Yellow" | "Red" | "Completed" | "OnHold" | "Cancelled";
  customStatusId: string;
  startDate?: string;
  endDate?: string;
  createdDate: string;
  completedDate?: string;
}

export interface Folder {
  id: string;
  accountId: string;
  title: string;
  kind: FolderKind;
  parentId: string | null;
  childIds: string[];
  color?: string;
  description: string;
  createdDate: string;
  updatedDate: string;
  permalinkId: number;
  workflowId: string;
  sharedIds: string[];
  project?: ProjectInfo;
  /** Only for spaces. */
  accessType?: "Locked" | "Private" | "Public";
}

export interface TaskDates {
  type: DateType;
  duration?: number;
  start?: string;
  due?: string;
  workOnWeekends?: boolean;
}

export interface Task {
  id: string;
  accountId: string;
  title: string;
  description: string;
  parentIds: string[];
  superTaskIds: string[];
  subTaskIds: string[];
  sharedIds: string[];
  responsibleIds: string[];
  authorIds: string[];
  followerIds: string[];
  dependencyIds: string[];
  status: StatusGroup;
  importance: Importance;
  createdDate: string;
  updatedDate: string;
  completedDate?: string;
  dates: TaskDates;
  scope: "WsTask" | "RbTask";
  customStatusId: string;
  permalinkId: number;
  priority: string;
  recurrent: boolean;
  metadata: { key: string; value: string }[];
  customFields: { id: string; value: string }[];
}

export interface Comment {
  id: string;
  accountId: string;
  taskId: string;
  authorId: string;
  text: string;
  createdDate: string;
  updatedDate: string;
}

/** A file attached to a task (type "Wrike": stored in Wrike, so it can be downloaded). */
export interface Attachment {
  id: string;
  accountId: string;
  taskId: string;
  authorId: string;
  name: string;
  createdDate: string;
  contentType: string;
  body: Buffer;
  /** Images only. */
  width?: number;
  height?: number;
}

/** An account's custom field definition (GET /customfields); a few fixed tasks carry values (seed-customfields.ts). */
export interface CustomField {
  id: string;
  accountId: string;
  title: string;
  type: string;
  /** Space-level fields only. */
  spaceId?: string;
  settings: Record<string, unknown>;
  description: string;
  archived: boolean;
  archivedOn?: string;
  archivedBy?: string;
}

/** A user group (a contact of type Group); "My Team" holds everyone in the account. */
export interface Group {
  id: string;
  accountId: string;
  title: string;
  memberIds: string[];
  myTeam: boolean;
  color: string;
}

/** Time logged by a person on a task (GET /timelogs); `comment` is stored as HTML. */
export interface Timelog {
  id: string;
  accountId: string;
  taskId: string;
  userId: string;
  categoryId?: string;
  hours: number;
  createdDate: string;
  updatedDate: string;
  /** yyyy-MM-dd */
  trackedDate: string;
  comment: string;
}

export interface TimelogCategory {
  id: string;
  accountId: string;
  name: string;
  order: number;
  hidden: boolean;
}

/** Days (yyyy-MM-dd, both included) in which timelogs on tasks under `folderId` cannot change. */
export interface LockPeriod {
  accountId: string;
  folderId: string;
  start: string;
  end: string;
}

/** A registered webhook (POST /webhooks, /folders/{id}/webhooks, /spaces/{id}/webhooks). */
export interface Webhook {
  id: string;
  accountId: string;
  /** The person whose token created it: deliveries cover what they can see. */
  userId: string;
  folderId?: string;
  spaceId?: string;
  hookUrl: string;
  secret?: string;
  /** undefined = every event. */
  events?: string[];
  recursive: boolean;
  status: "Active" | "Suspended";
}

/** Everything the API serves; rebuilt from the seed on reset. */
export interface World {
  accounts: Account[];
  contacts: Contact[];
  groups: Group[];
  users: SeedUser[];
  workflows: Workflow[];
  folders: Map<string, Folder>;
  tasks: Map<string, Task>;
  comments: Comment[];
  /** In creation order. */
  attachments: Map<string, Attachment>;
  customFields: CustomField[];
  /** In creation order. */
  timelogs: Map<string, Timelog>;
  timelogCategories: TimelogCategory[];
  lockPeriods: LockPeriod[];
  webhooks: Map<string, Webhook>;
  /** Counters for entities created through the API (ids and permalink numbers). */
  next: {
    task: number;
    comment: number;
    attachment: number;
    timelog: number;
    webhook: number;
    permalink: number;
    priority: number;
  };
}
