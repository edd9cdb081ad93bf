// Asks Wrike who signed in (GET /api/v4/contacts?me=true at the user's host), for the session's user id.
import { apiOrigin, type RelayConfig } from "../lib/config.ts";
import { isUserId } from "../lib/session.ts";
import { fetchUpstream } from "./upstream.ts";

/**
 * The lookup is optional (the app asks Wrike itself when the id is missing), so a slow Wrike must not
 * hold a sign-in for the whole upstream deadline: it gets at most this long, or less if so configured.
 */
export const USER_LOOKUP_TIMEOUT_MS = 5_000;

/** Wrike's answer is a few hundred bytes; anything far larger is not the answer we asked for. */
const MAX_ANSWER_CHARS = 64 * 1024;

/**
 * The contact id of the token's user, or undefined when Wrike does not say (an error status, a timeout,
 * no connection, an unexpected body). Never throws: a failed lookup only costs the app one request.
 */
export async function lookupUserId(
  config: Pick<RelayConfig, "local" | "upstreamTimeoutMs">,
  host: string,
  accessToken: string,
): Promise<string | undefined> {
  const result = await fetchUpstream(
    `${apiOrigin(config, host)}/api/v4/contacts?me=true`,
    { headers: { authorization: `bearer ${accessToken}`, accept: "application/json" } },
    Math.min(config.upstreamTimeoutMs, USER_LOOKUP_TIMEOUT_MS),
    async (res) => {
      if (res.status !== 200) {
        await res.body?.cancel();
        return undefined;
      }
      const text = await res.text();
      if (text.length > MAX_ANSWER_CHARS) return undefined;
      const body = JSON.parse(text) as { kind?: unknown; data?: unknown };
      if (body.kind !== "contacts" || !Array.isArray(body.data) || body.data.length !== 1) return undefined;
      const id = (body.data[0] as { id?: unknown } | null)?.id;
      return isUserId(id) ? id : undefined;
    },
  );
  return result.ok ? result.value : undefined;
}
