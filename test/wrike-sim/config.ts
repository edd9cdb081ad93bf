// The simulator's public option types and their defaults.
export interface SimClient {
  id: string;
  secret: string;
  redirectUris: string[];
}

export interface SimOptions {
  bindHost?: string;
  loginPort?: number;
  usPort?: number;
  euPort?: number;
  /** The OAuth clients it knows (none by default: each consumer registers its own). */
  clients?: SimClient[];
  taskCount?: number;
  accessTokenTtl?: number;
  refreshTokenTtl?: number;
  codeTtl?: number;
  rateLimitPerMinute?: number;
  expiresInAsString?: boolean;
  attachmentDownload?: AttachmentDownload;
  timeTrackingDisabled?: string[];
  accountCommentsDisabled?: string[];
  timelogComment?: TimelogCommentRule;
  dateFilters?: DateFilters;
  webhookTimeoutMs?: number;
  demo?: boolean;
}

/**
 * How date-range filters (`dueDate`, `startDate`, `createdDate`, `trackedDate`, ...) read their bounds.
 * Wrike documents zone-less task dates and `…Z` stamps without milliseconds; what live Wrike refuses is
 * not known, and clients that work against it send more (nodkz/wrike-graphql: `JSON.stringify(Date)`).
 * - "lenient": also milliseconds and a zone on any bound (default: what working clients send)
 * - "strict": only the documented forms, e.g. to check that a client sends them
 */
export type DateFilters = "lenient" | "strict";
export const DATE_FILTERS: readonly DateFilters[] = ["lenient", "strict"];

/**
 * Whether `POST /tasks/{id}/timelogs` needs a comment. Wrike's reference marks it required; older client
 * libraries (Taviloglu's 2018 integration tests) created timelogs without one.
 * - "required": missing or blank is 400 invalid_parameter (default, the stricter reading)
 * - "optional": a timelog may have no comment (stored as "")
 */
export type TimelogCommentRule = "required" | "optional";
export const TIMELOG_COMMENT_RULES: readonly TimelogCommentRule[] = ["required", "optional"];

/**
 * Headers of `GET /attachments/{id}/download`. Wrike's spec types the answer application/octet-stream;
 * what live Wrike sends is not documented, so tests can also ask for the worst case a proxy must survive.
 * - "octet-stream": Content-Type application/octet-stream and Content-Disposition attachment (default)
 * - "typed": the file's own content type (image/svg+xml, text/html, ...) and Content-Disposition attachment
 * - "typed-no-disposition": the file's own content type and no Content-Disposition at all
 */
export type AttachmentDownload = "octet-stream" | "typed" | "typed-no-disposition";
export const ATTACHMENT_DOWNLOADS: readonly AttachmentDownload[] = [
  "octet-stream",
  "typed",
  "typed-no-disposition",
];

/** What `POST /__sim/config` may change at run time. Lifetimes are in seconds. */
export interface SimConfig {
  accessTokenTtl: number;
  refreshTokenTtl: number;
  codeTtl: number;
  rateLimitPerMinute: number;
  expiresInAsString: boolean;
  attachmentDownload: AttachmentDownload;
  /** Account ids whose plan has no time tracking: timelog writes answer 403 not_allowed (live Wrike). */
  timeTrackingDisabled: string[];
  /** Account ids whose plan refuses the account-wide GET /comments with 403 not_allowed (live Wrike). */
  accountCommentsDisabled: string[];
  timelogComment: TimelogCommentRule;
  dateFilters: DateFilters;
  /** How long a webhook handshake or delivery may take before it counts as failed (simulator choice). */
  webhookTimeoutMs: number;
}

export const DEFAULT_CONFIG: SimConfig = {
  accessTokenTtl: 3600,
  refreshTokenTtl: 30 * 24 * 3600,
  codeTtl: 600,
  rateLimitPerMinute: 400,
  expiresInAsString: false,
  attachmentDownload: "octet-stream",
  timeTrackingDisabled: [],
  accountCommentsDisabled: [],
  timelogComment: "required",
  dateFilters: "lenient",
  webhookTimeoutMs: 5000,
};

const ACCOUNT_LISTS = new Set(["timeTrackingDisabled", "accountCommentsDisabled"]);

/** Validates a partial config (from options or the control API); returns an error message or null. */
export function configError(input: Record<string, unknown>): string | null {
  for (const [key, value] of Object.entries(input)) {
    if (!(key in DEFAULT_CONFIG)) return `unknown config key ${key}`;
    if (value === undefined) continue;
    if (key === "expiresInAsString") {
      if (typeof value !== "boolean") return `${key} must be a boolean`;
    } else if (key === "attachmentDownload") {
      if (!(ATTACHMENT_DOWNLOADS as readonly unknown[]).includes(value))
        return `${key} must be one of ${ATTACHMENT_DOWNLOADS.join(", ")}`;
    } else if (key === "dateFilters") {
      if (!(DATE_FILTERS as readonly unknown[]).includes(value))
        return `${key} must be one of ${DATE_FILTERS.join(", ")}`;
    } else if (key === "timelogComment") {
      if (!(TIMELOG_COMMENT_RULES as readonly unknown[]).includes(value))
        return `${key} must be one of ${TIMELOG_COMMENT_RULES.join(", ")}`;
    } else if (ACCOUNT_LISTS.has(key)) {
      if (!Array.isArray(value) || value.some((id) => typeof id !== "string"))
        return `${key} must be an array of account ids`;
    } else if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
      return `${key} must be a positive number`;
    }
  }
  return null;
}

export function pickConfig(input: Partial<SimConfig>): Partial<SimConfig> {
  const out: Partial<SimConfig> = {};
  if (input.accessTokenTtl !== undefined) out.accessTokenTtl = input.accessTokenTtl;
  if (input.refreshTokenTtl !== undefined) out.refreshTokenTtl = input.refreshTokenTtl;
  if (input.codeTtl !== undefined) out.codeTtl = input.codeTtl;
  if (input.rateLimitPerMinute !== undefined) out.rateLimitPerMinute = input.rateLimitPerMinute;
  if (input.expiresInAsString !== undefined) out.expiresInAsString = input.expiresInAsString;
  if (input.attachmentDownload !== undefined) out.attachmentDownload = input.attachmentDownload;
  if (input.timeTrackingDisabled !== undefined) out.timeTrackingDisabled = [...input.timeTrackingDisabled];
  if (input.accountCommentsDisabled !== undefined)
    out.accountCommentsDisabled = [...input.accountCommentsDisabled];
  if (input.timelogComment !== undefined) out.timelogComment = input.timelogComment;
  if (input.dateFilters !== undefined) out.dateFilters = input.dateFilters;
  if (input.webhookTimeoutMs !== undefined) out.webhookTimeoutMs = input.webhookTimeoutMs;
  return out;
}
