// The simulator's public option types, their defaults, and the registered OAuth clients.
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
  clients?: SimClient[];
  taskCount?: number;
  accessTokenTtl?: number;
  refreshTokenTtl?: number;
  codeTtl?: number;
  rateLimitPerMinute?: number;
  expiresInAsString?: boolean;
  attachmentDownload?: AttachmentDownload;
  demo?: boolean;
}

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
}

export const DEMO_CLIENT: SimClient = {
  id: "wrike-pane-demo",
  secret: "wrike-pane-demo-secret",
  redirectUris: [
    "http://localhost:5173/auth/callback",
    "http://127.0.0.1:5173/auth/callback",
    "http://localhost:4173/auth/callback",
  ],
};

export const DEFAULT_CONFIG: SimConfig = {
  accessTokenTtl: 3600,
  refreshTokenTtl: 30 * 24 * 3600,
  codeTtl: 600,
  rateLimitPerMinute: 400,
  expiresInAsString: false,
  attachmentDownload: "octet-stream",
};

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
  return out;
}
