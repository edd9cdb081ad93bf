// The relay's one error type: a stable public code, its HTTP status and a human message, never a secret.
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { RelayError as RelayErrorBody, RelayErrorCode } from "../shared/contract.ts";

/** Default status and message per code. Exhaustive, so a new code cannot ship without both. */
const DEFAULTS: Record<RelayErrorCode, { status: ContentfulStatusCode; message: string }> = {
  not_signed_in: { status: 401, message: "You are not signed in." },
  session_expired: {
    status: 401,
    message: "Your Wrike session has ended (it expired or was revoked). Sign in again.",
  },
  bad_origin: { status: 403, message: "This request came from a site that may not use the relay." },
  csrf_rejected: {
    status: 403,
    message: "This request must be sent by the app (JSON or the X-Requested-With header).",
  },
  bad_request: { status: 400, message: "The request is malformed." },
  host_not_allowed: { status: 400, message: "That Wrike host is not on the relay's allow-list." },
  path_not_allowed: { status: 400, message: "That API path is not allowed." },
  body_too_large: { status: 413, message: "The request body is too large." },
  upstream_unreachable: {
    status: 502,
    message: "Wrike could not be reached. Check your connection and try again.",
  },
  upstream_timeout: { status: 504, message: "Wrike took too long to answer. Try again." },
  upstream_error: { status: 502, message: "Wrike answered with an error. Try again later." },
  not_configured: { status: 500, message: "The relay is not configured correctly." },
  not_found: { status: 404, message: "Nothing here." },
  internal_error: { status: 500, message: "Something went wrong in the relay." },
  rate_limited: {
    status: 429,
    message: "Wrike is rate-limiting these requests. Wait a moment and try again.",
  },
  state_invalid: {
    status: 400,
    message: "This sign-in link is invalid, expired or already used. Start signing in again from the app.",
  },
  signin_declined: {
    status: 400,
    message: "You declined access, so you are not signed in.",
  },
  code_rejected: {
    status: 400,
    message: "Wrike did not accept this sign-in (it may have expired or been used). Try again.",
  },
  handoff_pending: {
    status: 404,
    message: "The sign-in window has not finished yet. Finish signing in there, then try again.",
  },
  handoff_invalid: {
    status: 410,
    message: "This sign-in hand-off is unknown, expired or already used. Sign in again.",
  },
};

export interface RelayErrorOptions {
  status?: ContentfulStatusCode;
  /** Seconds, passed through as `Retry-After` (429 and 503). */
  retryAfter?: string;
  cause?: unknown;
}

export class RelayError extends Error {
  readonly code: RelayErrorCode;
  readonly status: ContentfulStatusCode;
  readonly retryAfter: string | undefined;

  constructor(code: RelayErrorCode, message?: string, options: RelayErrorOptions = {}) {
    const defaults = DEFAULTS[code];
    super(message ?? defaults.message, { cause: options.cause });
    this.name = "RelayError";
    this.code = code;
    this.status = options.status ?? defaults.status;
    this.retryAfter = options.retryAfter;
  }

  toBody(): RelayErrorBody {
    return { error: this.code, message: this.message };
  }
}

export function defaultStatus(code: RelayErrorCode): ContentfulStatusCode {
  return DEFAULTS[code].status;
}
