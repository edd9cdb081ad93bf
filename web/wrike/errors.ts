// Typed errors of the app: Wrike's and the relay's error bodies mapped to stable codes and user words.
import { RELAY_ERRORS, type RelayErrorCode } from "../../worker/shared/contract.ts";

export type ErrorCode =
  | "offline" // the browser says it has no network
  | "network" // the request failed before any answer (relay down, connection dropped)
  | "busy" // 429 from Wrike or the relay
  | "unavailable" // 5xx, or the relay could not reach Wrike
  | "unauthorized" // Wrike refused the token (expired, revoked, wrong data centre)
  | "not_signed_in" // the relay has no session
  | "session_expired" // the relay's session ended (refresh token refused)
  | "forbidden" // no access to the entity, or not allowed by scope or licence
  | "not_found"
  | "invalid" // Wrike refused the parameters
  | "refused" // the relay refused the request (origin, host, path, size, configuration)
  | "unknown";

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** Wrike's or the relay's own error code, kept for logs and tests. */
  readonly source: string | undefined;
  /** Seconds the server asked us to wait (Retry-After), if any. */
  readonly retryAfter: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { status?: number; source?: string; retryAfter?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = "AppError";
    this.code = code;
    this.status = opts.status ?? 0;
    this.source = opts.source;
    this.retryAfter = opts.retryAfter;
  }

  /** Worth retrying later without the user doing anything. */
  get transient(): boolean {
    return (
      this.code === "busy" ||
      this.code === "unavailable" ||
      this.code === "network" ||
      this.code === "offline"
    );
  }
}

const RELAY_CODES = new Set<string>(RELAY_ERRORS);

function isRelayCode(code: string): code is RelayErrorCode {
  return RELAY_CODES.has(code);
}

/** Seconds from a Retry-After header (delta-seconds or an HTTP date); undefined when absent or unreadable. */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value == null) return undefined;
  const trimmed = value.trim();
  if (trimmed === "") return undefined;
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

function relayError(code: RelayErrorCode, status: number, retryAfter: number | undefined): AppError {
  const o = { status, source: code, retryAfter };
  switch (code) {
    case "not_signed_in":
      return new AppError("not_signed_in", "You are not signed in.", o);
    case "session_expired":
      return new AppError("session_expired", "Your Wrike session has ended. Sign in again to continue.", o);
    case "upstream_unreachable":
      return new AppError("unavailable", "Wrike could not be reached.", o);
    case "upstream_timeout":
      return new AppError("unavailable", "Wrike took too long to answer.", o);
    case "upstream_error":
      return new AppError("unavailable", "Wrike answered with an error.", o);
    case "host_not_allowed":
      return new AppError("refused", "This Wrike data centre is not allowed by this Wrike Pane.", o);
    case "bad_origin":
    case "csrf_rejected":
      return new AppError(
        "refused",
        "The relay refused the request from this page. Reload the page and try again.",
        o,
      );
    case "path_not_allowed":
    case "bad_request":
      return new AppError("refused", "The relay refused the request.", o);
    case "body_too_large":
      return new AppError("refused", "That is too large to send to Wrike.", o);
    case "not_configured":
      return new AppError("refused", "Wrike Pane is not configured to sign in with Wrike here.", o);
    case "not_found":
      return new AppError("not_found", "Not found.", o);
    case "internal_error":
      return new AppError("unavailable", "The relay had an internal error.", o);
    case "rate_limited":
      return new AppError("busy", "Wrike Pane's relay is busy (too many requests).", o);
    default:
      // Sign-in flow codes (state_invalid, signin_declined, ...) and any code added later.
      return new AppError("refused", "The relay refused the request.", o);
  }
}

/** Maps a failed HTTP answer (status, parsed JSON body if any, Retry-After) to an AppError. */
/** Any thrown value as an AppError: ours pass through, anything else becomes "unknown". */
export function asAppError(e: unknown): AppError {
  return e instanceof AppError ? e : new AppError("unknown", String(e), { cause: e });
}

export function errorFromResponse(status: number, body: unknown, retryAfterHeader?: string | null): AppError {
  const retryAfter = parseRetryAfter(retryAfterHeader);
  const b = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const code = typeof b.error === "string" ? b.error : "";
  const description =
    typeof b.errorDescription === "string"
      ? b.errorDescription
      : typeof b.message === "string"
        ? b.message
        : typeof b.error_description === "string"
          ? b.error_description
          : "";
  const o = { status, source: code || undefined, retryAfter };

  // The relay says which limit it is (Wrike's, or its own per-network sign-in limit): its words are the truth.
  if (code === "rate_limited" && typeof b.message === "string" && b.message !== "") {
    return new AppError("busy", b.message, o);
  }
  if (status === 429) return new AppError("busy", "Wrike is busy (too many requests).", o);
  if (isRelayCode(code) && typeof b.message === "string") return relayError(code, status, retryAfter);

  switch (code) {
    case "not_authorized":
      return new AppError("unauthorized", "Wrike did not accept the access token.", o);
    case "access_forbidden":
      return new AppError("forbidden", "You do not have access to this in Wrike.", o);
    case "not_allowed":
      return new AppError(
        "forbidden",
        "Wrike does not allow this with your access. Sign in with read-and-write access to make changes.",
        o,
      );
    case "resource_not_found":
      return new AppError(
        "not_found",
        "Wrike could not find this. It may have been deleted, or you may no longer have access.",
        o,
      );
    case "method_not_found":
      return new AppError("not_found", "This Wrike feature is not available.", o);
    case "invalid_request":
    case "invalid_parameter":
    case "parameter_required":
      return new AppError("invalid", `Wrike refused the request${description ? `: ${description}` : "."}`, o);
    case "too_many_requests":
    case "rate_limit_exceeded":
      return new AppError("busy", "Wrike is busy (too many requests).", o);
    case "server_error":
      return new AppError("unavailable", "Wrike is unavailable right now.", o);
  }
  if (status === 401) return new AppError("unauthorized", "Wrike did not accept the access token.", o);
  if (status === 403) return new AppError("forbidden", "You do not have access to this in Wrike.", o);
  if (status === 404) return new AppError("not_found", "Not found.", o);
  if (status >= 500 || status === 300)
    return new AppError("unavailable", "Wrike is unavailable right now.", o);
  return new AppError("unknown", `Something went wrong (HTTP ${status}).`, o);
}

/** A fetch that threw: offline when the browser says so, else a network failure. */
export function errorFromNetwork(cause: unknown, online: boolean): AppError {
  return online
    ? new AppError("network", "Could not reach Wrike Pane's relay.", { cause })
    : new AppError("offline", "You are offline.", { cause });
}

/** What to tell the user to do next, per error code. */
export function whatToDo(code: ErrorCode): string {
  switch (code) {
    case "offline":
      return "Check your connection; this page will carry on when you are back online.";
    case "network":
    case "busy":
    case "unavailable":
      return "Nothing to do: Wrike Pane retries by itself.";
    case "unauthorized":
    case "not_signed_in":
    case "session_expired":
      return "Sign in again.";
    case "forbidden":
      return "Ask the item's owner for access, or sign in with another account.";
    case "not_found":
      return "Go back to your tasks.";
    case "invalid":
    case "refused":
    case "unknown":
      return "Reload the page; if it happens again, tell whoever runs this Wrike Pane.";
  }
}

/**
 * Delay before retry number `attempt` (0-based), in seconds: Retry-After when given, else exponential
 * (1, 2, 4 ... s) with +-20% jitter; both capped so a long Retry-After never freezes the page.
 */
export function backoffSeconds(
  attempt: number,
  retryAfter?: number,
  cap = 30,
  random: number = Math.random(),
): number {
  if (retryAfter !== undefined) return Math.min(Math.max(retryAfter, 1), cap);
  const base = Math.min(2 ** attempt, cap);
  return Math.max(1, Math.round(base * (0.8 + 0.4 * random)));
}
