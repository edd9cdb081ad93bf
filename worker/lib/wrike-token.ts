// What Wrike's token endpoint answers, validated, and how a failure maps to the relay's errors (pure).
import { apiOrigin, type RelayConfig } from "./config.ts";
import { RelayError } from "./errors.ts";

export interface WrikeTokens {
  accessToken: string;
  refreshToken: string;
  /** Seconds from now. */
  expiresIn: number;
  /** Allow-listed data-centre host. */
  host: string;
  /** Wrike sends none today; kept if it ever does. */
  scope: string | undefined;
}

/** Why a token call failed, as a plain value (it crosses the Durable Object RPC boundary). */
export type TokenFailure =
  | "invalid_grant"
  | "rejected"
  | "rate_limited"
  | "unavailable"
  | "unreachable"
  | "timeout"
  | "bad_response"
  | "foreign_host";

export type TokenOutcome =
  | { ok: true; tokens: WrikeTokens }
  | { ok: false; reason: TokenFailure; status?: number; retryAfter?: string };

/** Opaque token text as Wrike issues it: printable, no spaces, bounded so the cookie stays small. */
const TOKEN = /^[\x21-\x7e]{1,1500}$/;

/**
 * Checks a token endpoint JSON body. `host` must be allow-listed byte for byte; a body without one
 * means `fallbackHost` (the default host for a new sign-in, the session's host for a refresh).
 */
export function parseTokenResponse(
  config: Pick<RelayConfig, "apiHosts">,
  body: unknown,
  fallbackHost: string,
): TokenOutcome {
  const bad: TokenOutcome = { ok: false, reason: "bad_response" };
  if (typeof body !== "object" || body === null) return bad;
  const b = body as Record<string, unknown>;
  if (typeof b.access_token !== "string" || !TOKEN.test(b.access_token)) return bad;
  if (typeof b.refresh_token !== "string" || !TOKEN.test(b.refresh_token)) return bad;
  if (b.token_type !== undefined && (typeof b.token_type !== "string" || !/^bearer$/i.test(b.token_type))) {
    return bad;
  }
  let expiresIn: number;
  if (typeof b.expires_in === "number") expiresIn = b.expires_in;
  else if (typeof b.expires_in === "string" && /^\d{1,9}$/.test(b.expires_in)) {
    expiresIn = Number(b.expires_in);
  } else return bad;
  if (!Number.isFinite(expiresIn) || expiresIn <= 0 || expiresIn > 1e9) return bad;
  let host = fallbackHost;
  if (b.host !== undefined && b.host !== null) {
    if (typeof b.host !== "string") return bad;
    host = b.host;
  }
  if (!config.apiHosts.includes(host)) return { ok: false, reason: "foreign_host" };
  if (b.scope !== undefined && typeof b.scope !== "string") return bad;
  return {
    ok: true,
    tokens: {
      accessToken: b.access_token,
      refreshToken: b.refresh_token,
      expiresIn: Math.floor(expiresIn),
      host,
      scope: typeof b.scope === "string" ? b.scope : undefined,
    },
  };
}

/** Wrike's doc: refreshes go to the token URL on the user's own data-centre host. */
export function refreshUrl(config: Pick<RelayConfig, "local">, host: string): string {
  return `${apiOrigin(config, host)}/oauth2/token`;
}

/** Maps a failed token call to the relay's public error. Exhaustive: a new reason must be mapped here. */
export function tokenFailureError(
  outcome: Extract<TokenOutcome, { ok: false }>,
  grant: "authorization_code" | "refresh_token",
): RelayError {
  const retry = outcome.retryAfter ? { retryAfter: outcome.retryAfter } : {};
  switch (outcome.reason) {
    case "invalid_grant":
      return grant === "refresh_token" ? new RelayError("session_expired") : new RelayError("code_rejected");
    case "rejected":
      return new RelayError(
        "upstream_error",
        "Wrike refused the relay's token request. The relay's client settings may be wrong.",
      );
    case "rate_limited":
      return new RelayError("rate_limited", undefined, retry);
    case "unavailable":
      return new RelayError(
        "upstream_error",
        "Wrike's sign-in service is having trouble. Try again in a moment.",
        { status: outcome.status === 503 ? 503 : 502, ...retry },
      );
    case "unreachable":
      return new RelayError("upstream_unreachable");
    case "timeout":
      return new RelayError("upstream_timeout");
    case "bad_response":
      return new RelayError("upstream_error", "Wrike's token answer was not what the relay expects.");
    case "foreign_host":
      return new RelayError(
        "host_not_allowed",
        "Wrike named a data-centre host that is not on the relay's allow-list, so you were not signed in.",
        { status: 502 },
      );
  }
}
