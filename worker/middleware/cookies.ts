// The relay's sealed cookies on a request: a middleware puts them on the context (`c.get("cookies")`) for /auth.
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env.ts";
import type { RelayConfig } from "../lib/config.ts";
import { RelayError } from "../lib/errors.ts";
import { seal, unseal } from "../lib/seal.ts";
import { setConfig } from "./config.ts";
import { isFinished } from "./security-headers.ts";
import { requestUrl } from "./request-url.ts";
import {
  cookieName,
  cookieOptions,
  FLOW_COOKIE_PREFIX,
  FLOW_MAX_AGE,
  flowPurpose,
  parseFlow,
  parseSession,
  PRESENCE_COOKIE,
  SESSION_COOKIE,
  SESSION_MAX_AGE,
  SESSION_PURPOSE,
  type FlowData,
  type Session,
} from "../lib/session.ts";

/**
 * `__Host-` names and Secure always, except over plain http in local mode (the demo and the e2e stack on
 * loopback). Outside local mode http never gets this far: it is redirected to https first.
 */
export function isSecureRequest(c: Context<AppEnv>): boolean {
  // request.url is serialised, so its scheme is lowercase: no URL parse needed to read it.
  return c.env.WRIKE_LOCAL !== "1" || requestUrl(c).origin.startsWith("https:");
}

/** At most this many sign-in flows at once per browser (tabs signing in together); older ones are dropped. */
export const MAX_FLOWS = 3;

/** Writes the session; an embedded frame's session (`embed`) keeps its partitioned, SameSite=None cookie. */
export async function writeSession(c: Context<AppEnv>, config: RelayConfig, session: Session) {
  const secure = isSecureRequest(c);
  const value = await seal(config.sessionKeys, SESSION_PURPOSE, session);
  const options = cookieOptions(secure, SESSION_MAX_AGE, session.embed === true);
  setCookie(c, cookieName(SESSION_COOKIE, secure), value, options);
  setCookie(c, cookieName(PRESENCE_COOKIE, secure), "1", { ...options, httpOnly: false });
}

/**
 * Clears the session under both names, so a switch between http and https leaves nothing behind, and in
 * both modes: a partitioned cookie is a separate entry in the browser's jar that only a deletion marked
 * `Partitioned` (sent in that partition) removes, and an unpartitioned one only an unmarked deletion.
 */
export function clearSession(c: Context<AppEnv>): void {
  const secure = isSecureRequest(c);
  for (const name of [SESSION_COOKIE, PRESENCE_COOKIE]) {
    for (const embed of [false, true]) {
      deleteCookie(c, cookieName(name, true), cookieOptions(true, 0, embed));
      deleteCookie(c, name, cookieOptions(secure, 0, embed));
    }
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

/**
 * Before a new flow cookie is written: deletes the oldest flow cookies the request carries so that, with
 * the new one, at most MAX_FLOWS remain. A page that keeps sending a window to /auth/login can then no
 * longer grow the Cookie header until every request fails. Cookies that do not open count as oldest.
 */
export async function pruneFlows(c: Context<AppEnv>, config: RelayConfig): Promise<void> {
  const secure = isSecureRequest(c);
  const prefix = cookieName(FLOW_COOKIE_PREFIX, secure);
  const carried = Object.entries(getCookie(c)).filter(([name]) => name.startsWith(prefix));
  // More than a browser could have made through this relay: drop them all without opening each.
  if (carried.length > 4 * MAX_FLOWS) {
    for (const [name] of carried) deleteCookie(c, name, cookieOptions(secure, 0));
    return;
  }
  const flows: { name: string; exp: number }[] = [];
  for (const [name, raw] of carried) {
    const flowId = name.slice(prefix.length);
    const flow = parseFlow(await unseal(config.sessionKeys, flowPurpose(flowId), raw));
    flows.push({ name, exp: flow?.exp ?? 0 });
  }
  flows.sort((a, b) => b.exp - a.exp);
  for (const { name } of flows.slice(MAX_FLOWS - 1)) deleteCookie(c, name, cookieOptions(secure, 0));
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

/** The session and flow cookies of this request, bound to its context and configuration. */
export interface Cookies {
  /** The session, or `not_signed_in` (clearing a cookie that does not open). */
  read(): Promise<Session>;
  write(session: Session): Promise<void>;
  clear(): void;
  writeFlow(flowId: string, flow: FlowData): Promise<void>;
  takeFlow(flowId: string): Promise<FlowData | undefined>;
  pruneFlows(): Promise<void>;
}

/**
 * Everything under /auth in one layer: the configuration (as withConfig puts it, so a misconfigured relay
 * throws `not_configured` here) and the cookie helpers for this request, as `c.get("config")` and
 * `c.get("cookies")`, and `Cache-Control: no-store` on the answer (nothing under /auth may be cached: it
 * carries codes, tokens and per-user answers).
 */
export const withCookies = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const config = setConfig(c);
  c.set("cookies", {
    read: () => readSession(c, config),
    write: (session) => writeSession(c, config, session),
    clear: () => clearSession(c),
    writeFlow: (flowId, flow) => writeFlow(c, config, flowId, flow),
    takeFlow: (flowId) => takeFlow(c, config, flowId),
    pruneFlows: () => pruneFlows(c, config),
  });
  await next();
  // An answer made in one piece (finishedData: /auth/token's) names no-store itself.
  if (isFinished(c.res)) return;
  // On the answer itself: c.header() would copy a finished response first (hono re-creates it).
  c.res.headers.set("Cache-Control", "no-store");
};
