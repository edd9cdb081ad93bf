// Types of the Wrike API v4 entities the app reads (only the fields it uses; see shared/wrike-api.md §3-4).

export type TaskStatus = "Active" | "Completed" | "Deferred" | "Cancelled";
export type Importance = "High" | "Normal" | "Low";

export const TASK_STATUSES: readonly TaskStatus[] = ["Active", "Completed", "Deferred", "Cancelled"];
export const IMPORTANCES: readonly Importance[] = ["High", "Normal", "Low"];

/** `{ kind, data }`; `data` is always an array. Paginated calls add nextPageToken and responseSize. */
export interface Envelope<T> {
  kind: string;
  data: T[];
  nextPageToken?: string;
  responseSize?: number;
}

export interface TaskDates {
  type: "Backlog" | "Milestone" | "Planned";
  duration?: number;
  /** Account-local `yyyy-MM-ddTHH:mm:ss` (or `yyyy-MM-dd`), no zone. */
  start?: string;
  due?: string;
  workOnWeekends?: boolean;
}

export interface Task {
  id: string;
  accountId?: string;
  title: string;
  description?: string;
  briefDescription?: string;
  parentIds?: string[];
  superParentIds?: string[];
  responsibleIds?: string[];
  authorIds?: string[];
  status: TaskStatus;
  importance: Importance;
  createdDate: string;
  updatedDate: string;
  completedDate?: string;
  dates?: TaskDates;
  scope?: string;
  customStatusId?: string;
  permalink?: string;
  priority?: string;
  hasAttachments?: boolean;
  subTaskIds?: string[];
  superTaskIds?: string[];
  followerIds?: string[];
  /** Only when asked for with fields=["attachmentCount"]. */
  attachmentCount?: number;
  customFields?: CustomFieldValue[];
}

/** A task's value of a custom field: always a string (JSON inside it for some types), §13.1. */
export interface CustomFieldValue {
  id: string;
  value: string;
}

/** A custom field's definition (GET /customfields): the title and how to read its values. */
export interface CustomField {
  id: string;
  title: string;
  /** Text, DropDown, Numeric, Currency, Percentage, Date, Duration, Checkbox, Contacts, Multiple, ... */
  type: string;
  settings?: {
    decimalPlaces?: number;
    useThousandsSeparator?: boolean;
    currency?: string;
    values?: string[];
    allowTime?: boolean;
  };
  archived?: boolean;
}

/** GET /tasks/{id}/attachments (§4.11); external ones (Google, Box, ...) have a URL and no download. */
export interface Attachment {
  id: string;
  authorId?: string;
  name: string;
  createdDate: string;
  version?: number;
  type?: string;
  contentType?: string;
  size?: number;
  taskId?: string;
  url?: string;
}

export interface Profile {
  accountId: string;
  email?: string;
  role?: string;
  external?: boolean;
  admin?: boolean;
  owner?: boolean;
}

export interface Contact {
  id: string;
  firstName: string;
  lastName: string;
  type?: string;
  profiles?: Profile[];
  avatarUrl?: string;
  timezone?: string;
  locale?: string;
  deleted?: boolean;
  me?: boolean;
  title?: string;
  primaryEmail?: string;
}

export interface Account {
  id: string;
  name: string;
  dateFormat?: string;
  firstDayOfWeek?: string;
  workDays?: string[];
  rootFolderId?: string;
  createdDate?: string;
}

export interface CustomStatus {
  id: string;
  name: string;
  standardName?: boolean;
  color?: string;
  standard?: boolean;
  group: TaskStatus;
  hidden?: boolean;
}

export interface Workflow {
  id: string;
  name: string;
  standard?: boolean;
  hidden?: boolean;
  customStatuses: CustomStatus[];
}

export interface Folder {
  id: string;
  title: string;
  scope?: string;
  project?: { status?: string };
  permalink?: string;
}

export interface Comment {
  id: string;
  authorId: string;
  text: string;
  createdDate: string;
  updatedDate?: string;
  taskId?: string;
}

/** Wrike's error body on the REST API (camelCase description). */
export interface WrikeErrorBody {
  error: string;
  errorDescription?: string;
}

export function fullName(c: Pick<Contact, "firstName" | "lastName">): string {
  return `${c.firstName ?? ""} ${c.lastName ?? ""}`.trim();
}
