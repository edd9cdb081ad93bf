// The sealed session and sign-in flow cookies: their shapes, names and attributes.
import type { CookieOptions } from "hono/utils/cookie";
import type { Access } from "./contract.ts";

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
}

export type FlowMode = "redirect" | "popup";

/** What one sign-in flow's cookie holds, sealed; valid for FLOW_MAX_AGE seconds. */
export interface FlowData {
  state: string;
  return_to: string;
  mode: FlowMode;
  access: Access;
  exp: number;
}

export const SESSION_COOKIE = "wp_session";
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

export function cookieOptions(secure: boolean, maxAge: number): CookieOptions {
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
  return { v: 1, sid: s.sid, rt: s.rt, at: s.at, exp: s.exp, host: s.host, scope: s.scope };
}

export function parseFlow(value: unknown): FlowData | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const f = value as Record<string, unknown>;
  if (!isString(f.state) || !isString(f.return_to) || !isTime(f.exp)) return undefined;
  if (f.mode !== "redirect" && f.mode !== "popup") return undefined;
  if (f.access !== "read" && f.access !== "write") return undefined;
  return { state: f.state, return_to: f.return_to, mode: f.mode, access: f.access, exp: f.exp };
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);
