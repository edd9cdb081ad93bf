// Reads and writes the relay's sealed cookies on a Hono context (names follow the request's scheme).
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "./env.ts";
import type { RelayConfig } from "./lib/config.ts";
import { RelayError } from "./lib/errors.ts";
import { seal, unseal } from "./lib/seal.ts";
import {
  cookieName,
  cookieOptions,
  FLOW_COOKIE_PREFIX,
  FLOW_MAX_AGE,
  flowPurpose,
  parseFlow,
  parseSession,
  SESSION_COOKIE,
  SESSION_MAX_AGE,
  SESSION_PURPOSE,
  type FlowData,
  type Session,
} from "./lib/session.ts";

/** `__Host-` names and Secure only where the scheme allows (https); the local http demo uses bare names. */
export function isSecureRequest(c: Context<AppEnv>): boolean {
  return new URL(c.req.url).protocol === "https:";
}

/** Writes the session; an embedded frame's session (`embed`) keeps its partitioned, SameSite=None cookie. */
export async function writeSession(c: Context<AppEnv>, config: RelayConfig, session: Session) {
  const secure = isSecureRequest(c);
  const value = await seal(config.sessionKeys, SESSION_PURPOSE, session);
  const options = cookieOptions(secure, SESSION_MAX_AGE, session.embed === true);
  setCookie(c, cookieName(SESSION_COOKIE, secure), value, options);
}

/**
 * Clears the session under both names, so a switch between http and https leaves nothing behind, and in
 * both modes: a partitioned cookie is a separate entry in the browser's jar that only a deletion marked
 * `Partitioned` (sent in that partition) removes, and an unpartitioned one only an unmarked deletion.
 */
export function clearSession(c: Context<AppEnv>): void {
  const secure = isSecureRequest(c);
  for (const embed of [false, true]) {
    deleteCookie(c, cookieName(SESSION_COOKIE, true), cookieOptions(true, 0, embed));
    deleteCookie(c, SESSION_COOKIE, cookieOptions(secure, 0, embed));
  }
}

/** The session, or `not_signed_in` (clearing a cookie that does not open: tampered, old key, garbage). */
export async function readSession(c: Context<AppEnv>, config: RelayConfig): Promise<Session> {
  const raw = getCookie(c, cookieName(SESSION_COOKIE, isSecureRequest(c)));
  if (raw === undefined) throw new RelayError("not_signed_in");
  const session = parseSession(await unseal(config.sessionKeys, SESSION_PURPOSE, raw));
  if (!session) {
    clearSession(c);
    throw new RelayError("not_signed_in");
  }
  return session;
}

export async function writeFlow(
  c: Context<AppEnv>,
  config: RelayConfig,
  flowId: string,
  flow: FlowData,
): Promise<void> {
  const secure = isSecureRequest(c);
  const value = await seal(config.sessionKeys, flowPurpose(flowId), flow);
  setCookie(c, cookieName(FLOW_COOKIE_PREFIX + flowId, secure), value, cookieOptions(secure, FLOW_MAX_AGE));
}

/** Takes a flow's cookie: reads it and always deletes it, so each flow can be completed at most once. */
export async function takeFlow(
  c: Context<AppEnv>,
  config: RelayConfig,
  flowId: string,
): Promise<FlowData | undefined> {
  const secure = isSecureRequest(c);
  const name = cookieName(FLOW_COOKIE_PREFIX + flowId, secure);
  const raw = getCookie(c, name);
  if (raw === undefined) return undefined;
  deleteCookie(c, name, cookieOptions(secure, 0));
  return parseFlow(await unseal(config.sessionKeys, flowPurpose(flowId), raw));
}
