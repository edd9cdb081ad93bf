// The sealed session and sign-in flow cookies: their shapes, names and attributes.
import type { CookieOptions } from "hono/utils/cookie";
import type { Access } from "../shared/contract.ts";

/** What the session cookie holds, sealed. Times are Unix seconds. */
export interface Session {
  v: 1;
  /** Random per sign-in; keys the refresh single-flight. Not a secret. */
  sid: string;
  /** Refresh token (never leaves the relay). */
  rt: string;
  /** Current access token and when it expires. */
  at: string;
  exp: number;
  /** The user's Wrike data-centre host, from the allow-list. */
  host: string;
  scope: string;
  /**
   * Set on a session handed to an embedded frame (POST /auth/handoff): its cookie is written with
   * `SameSite=None; Secure; Partitioned` on every refresh, so it keeps working in the frame's partition.
   */
  embed?: true;
  /**
   * The user's Wrike contact id (`contacts?me=true` at the callback), answered as `user_id` by
   * /auth/token. Absent when Wrike did not say, and in sessions sealed before the relay asked.
   */
  uid?: string;
}

/** Wrike ids are short upper-case letters and digits; anything else is not kept (nor answered). */
export const isUserId = (v: unknown): v is string => typeof v === "string" && /^[A-Z0-9]{1,64}$/.test(v);

export type FlowMode = "redirect" | "popup";

/** What one sign-in flow's cookie holds, sealed; valid for FLOW_MAX_AGE seconds. */
export interface FlowData {
  state: string;
  return_to: string;
  mode: FlowMode;
  access: Access;
  exp: number;
  /** An embed sign-in: the key (SHA-256) of the frame's hand-off nonce; the callback binds the session to it. */
  handoff?: string;
}

export const SESSION_COOKIE = "wp_session";
/**
 * A cookie the page may read, holding only "1", beside the session: it tells the app that a session
 * exists, so a signed-out load need not ask /auth/token and get a 401 (which browsers log as an error).
 * It proves nothing: the relay reads only the sealed, HttpOnly session cookie.
 */
export const PRESENCE_COOKIE = "wp_present";
export const FLOW_COOKIE_PREFIX = "wp_flow_";
/** Ten minutes: as long as Wrike's authorization code lives. */
export const FLOW_MAX_AGE = 600;
/** The cookie outlives many access tokens; each refresh writes it again. */
export const SESSION_MAX_AGE = 30 * 24 * 3600;

export const SESSION_PURPOSE = "session";
export const flowPurpose = (flowId: string): string => `flow:${flowId}`;

/** `__Host-` cookies need https; on plain http (local demo) the bare name is used, without Secure. */
export function cookieName(base: string, secure: boolean): string {
  return secure ? `__Host-${base}` : base;
}

/**
 * Lax for the app's own (first-party) cookies. An embedded frame's session is a third-party cookie: it
 * needs `SameSite=None`, which browsers accept only with `Secure`, and `Partitioned` (CHIPS) so that it
 * lives in the embedding site's partition and survives third-party cookie blocking. Chromium accepts
 * `Secure` from http://localhost, which is how the local e2e stack runs it without TLS.
 */
export function cookieOptions(secure: boolean, maxAge: number, embed = false): CookieOptions {
  if (embed) return { path: "/", httpOnly: true, secure: true, sameSite: "None", partitioned: true, maxAge };
  return { path: "/", httpOnly: true, secure, sameSite: "Lax", maxAge };
}

const isString = (v: unknown): v is string => typeof v === "string" && v !== "";
const isTime = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v);

/** A well-formed session, or undefined (an old or foreign shape is treated as no session). */
export function parseSession(value: unknown): Session | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const s = value as Record<string, unknown>;
  if (s.v !== 1 || !isString(s.sid) || !isString(s.rt) || !isString(s.at)) return undefined;
  if (!isTime(s.exp) || !isString(s.host) || typeof s.scope !== "string") return undefined;
  const session: Session = { v: 1, sid: s.sid, rt: s.rt, at: s.at, exp: s.exp, host: s.host, scope: s.scope };
  if (s.embed === true) session.embed = true;
  if (isUserId(s.uid)) session.uid = s.uid;
  return session;
}

export function parseFlow(value: unknown): FlowData | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const f = value as Record<string, unknown>;
  if (!isString(f.state) || !isString(f.return_to) || !isTime(f.exp)) return undefined;
  if (f.mode !== "redirect" && f.mode !== "popup") return undefined;
  if (f.access !== "read" && f.access !== "write") return undefined;
  if (f.handoff !== undefined && !isString(f.handoff)) return undefined;
  const flow: FlowData = {
    state: f.state,
    return_to: f.return_to,
    mode: f.mode,
    access: f.access,
    exp: f.exp,
  };
  if (isString(f.handoff)) flow.handoff = f.handoff;
  return flow;
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);
