// Calls Wrike's token endpoint (code exchange and refresh): one form POST with a deadline, never throwing.
import type { RelayConfig } from "../lib/config.ts";
import { parseTokenResponse, type TokenOutcome } from "../lib/wrike-token.ts";
import { fetchUpstream } from "./upstream.ts";

/** Classifies a non-2xx token endpoint answer (RFC 6749 §5.2 error JSON, or anything else). */
async function classifyFailure(res: Response): Promise<TokenOutcome> {
  const retryAfter = res.headers.get("retry-after") ?? undefined;
  const base = { ok: false as const, status: res.status, ...(retryAfter ? { retryAfter } : {}) };
  if (res.status === 429) return { ...base, reason: "rate_limited" };
  if (res.status >= 500) return { ...base, reason: "unavailable" };
  if (res.status >= 400) {
    let error: unknown;
    try {
      error = ((await res.json()) as { error?: unknown }).error;
    } catch {
      error = undefined;
    }
    return { ...base, reason: error === "invalid_grant" ? "invalid_grant" : "rejected" };
  }
  return { ...base, reason: "bad_response" };
}

/** POSTs a form to a token URL with a timeout; never follows redirects; never throws. */
export async function requestToken(
  config: Pick<RelayConfig, "apiHosts" | "upstreamTimeoutMs">,
  url: string,
  form: Record<string, string>,
  fallbackHost: string,
): Promise<TokenOutcome> {
  const result = await fetchUpstream(
    url,
    {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams(form).toString(),
    },
    config.upstreamTimeoutMs,
    async (res, timedOut): Promise<TokenOutcome> => {
      if (res.status !== 200) return await classifyFailure(res);
      let body: unknown;
      try {
        body = await res.json();
      } catch {
        return { ok: false, reason: timedOut() ? "timeout" : "bad_response" };
      }
      return parseTokenResponse(config, body, fallbackHost);
    },
  );
  return result.ok ? result.value : { ok: false, reason: result.timedOut ? "timeout" : "unreachable" };
}
