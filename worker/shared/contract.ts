// What the relay and the app agree on: the token hand-off shape and the relay's error codes.
// No DOM or Worker globals here: both sides import it.

/** `POST /auth/token` answers this. `expires_at` is Unix time in seconds. */
export interface TokenResponse {
  access_token: string;
  host: string;
  expires_at: number;
  scope: string;
  /**
   * The signed-in user's Wrike contact id, learned by the relay at the callback, so the app's first task
   * query need not wait for `contacts?me=true`. Absent when the relay could not learn it: ask Wrike then.
   */
  user_id?: string;
}

/**
 * Optional JSON body of `POST /auth/token`. `stale_token`: an access token Wrike just refused (401).
 * If it is still the session's current token the relay refreshes now, whatever its expiry says;
 * if another tab already refreshed, the newer token comes back without a second refresh.
 */
export interface TokenRequest {
  stale_token?: string;
}

/** `GET /auth/hosts` answers this: the data-centre hosts the relay proxies to, the default first. */
export interface HostsResponse {
  hosts: string[];
}

/** The access a sign-in asks for; the relay maps it to Wrike scopes. */
export type Access = "read" | "write";

export const SCOPES: Record<Access, string> = {
  read: "wsReadOnly",
  write: "wsReadWrite",
};

/** Stable error codes of the relay's JSON errors `{ error, message }`. */
export const RELAY_ERRORS = [
  "not_signed_in",
  "session_expired",
  "bad_origin",
  "csrf_rejected",
  "bad_request",
  "host_not_allowed",
  "path_not_allowed",
  "body_too_large",
  "upstream_unreachable",
  "upstream_timeout",
  "upstream_error",
  "not_configured",
  "not_found",
  "internal_error",
  "rate_limited",
  "state_invalid",
  "signin_declined",
  "code_rejected",
  "handoff_pending",
  "handoff_invalid",
] as const;
export type RelayErrorCode = (typeof RELAY_ERRORS)[number];

export interface RelayError {
  error: RelayErrorCode;
  message: string;
}

/** The header the app sends on /auth/* POSTs and on proxied API calls to name the data centre. */
export const WRIKE_HOST_HEADER = "X-Wrike-Host";
export const CSRF_HEADER = "X-Requested-With";
export const CSRF_HEADER_VALUE = "wrike-pane";

/** What the sign-in popup posts to its opener (target origin: the relay's own origin, exactly). */
export const SIGNED_IN_MESSAGE = { type: "wrike-pane:signed-in" } as const;

/**
 * Embedding: the frame's one-time hand-off nonce, 256 random bits as base64url (43 characters). The
 * frame opens `/auth/login?mode=popup&handoff=<nonce>&...` in a popup, polls `POST /auth/handoff/status`
 * `{ nonce }` for pending/ready, and redeems with `POST /auth/handoff` `{ nonce, code }` (the redemption
 * code the popup posted to it) or `{ nonce, pairing }` (the pairing code the person typed in). A wrong
 * code ends the hand-off. These routes exist only where EMBED_ORIGINS is set.
 */
export const HANDOFF_NONCE_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** JSON body of `POST /auth/handoff`: the nonce and exactly one of the two codes. Answers a TokenResponse. */
export interface HandoffRequest {
  nonce: string;
  code?: string;
  pairing?: string;
}

/** JSON body of `POST /auth/handoff/status`, and its answer (or 410 `handoff_invalid`). */
export interface HandoffStatusRequest {
  nonce: string;
}
export interface HandoffStatus {
  state: "pending" | "ready";
}

/**
 * What the embed's sign-in popup posts to its opener (target origin: the relay's own, exactly) when the
 * hand-off can be redeemed: the one-time redemption code. The frame answers with HANDOFF_ACK_MESSAGE.
 */
export const HANDOFF_READY_TYPE = "wrike-pane:handoff-ready";
export interface HandoffReadyMessage {
  type: typeof HANDOFF_READY_TYPE;
  code: string;
}

/** The frame's answer to the popup: it has the code, so the popup may close without showing the pairing code. */
export const HANDOFF_ACK_MESSAGE = { type: "wrike-pane:handoff-ack" } as const;
