// Shared relay-test helpers: a browser-like cookie jar, calls into the relay, the simulator's pages,
// and the leak check every relay response passes through (no refresh token, no client secret, no key).
import { env, exports } from "cloudflare:workers";
import { expect, inject } from "vitest";
import { createApp } from "../../worker/app.ts";
import { unseal } from "../../worker/lib/seal.ts";
import { parseSession, SESSION_PURPOSE, type Session } from "../../worker/lib/session.ts";
// The simulator package's fetch-only modules (its index.ts starts Node servers, which workerd has not).
import { simControl } from "../wrike-sim/client.ts";
import { signInAtWrike, type SignInAs } from "../wrike-sim/signin.ts";

export const RELAY = "https://relay.test";
/** Where global-setup.ts started the simulator and the echo upstream (ephemeral ports, see there). */
const upstreams = inject("relayUpstreams");
/** "http://127.0.0.1:<port>" */
export const SIM_LOGIN = upstreams.login;
/** "127.0.0.1:<port>": no scheme, like Wrike's `host`. */
export const SIM_US = upstreams.us;
export const SIM_EU = upstreams.eu;
/** The echo upstream (./echo-server.ts), "127.0.0.1:<port>"; an API host only where a test says so. */
export const ECHO = upstreams.echo;
export const CLIENT_SECRET = "relay-test-secret";
export const SESSION_COOKIE = "__Host-wp_session";

/** Every value no relay response body may ever contain. Refresh tokens join as sessions reveal them. */
const secrets = new Set<string>([CLIENT_SECRET, ...(env.SESSION_SECRET ?? "").split(",")]);
/**
 * Values that may appear in responses (an access token in /auth/token's answer) but never in a log line:
 * sealed cookie values, access tokens, and the code and state of every callback the tests sent.
 */
export const logSecrets = new Set<string>();

/** Whether a log line holds any secret: a response secret or a log-only one. */
export function logLeak(line: string): boolean {
  for (const secret of [...secrets, ...logSecrets])
    if (secret.length >= 8 && line.includes(secret)) return true;
  return false;
}

/** How many relay response bodies the leak check has read (reported by the suite). */
export const leakCheck = { bodies: 0, refreshTokens: new Set<string>() };

export function rememberSecret(value: string): void {
  secrets.add(value);
}

/**
 * Reads a body, fails the test if it (or a header other than the sealed Set-Cookie) holds any known
 * secret, and hands back an equivalent Response.
 */
export async function checkedResponse(res: Response): Promise<Response> {
  const empty = res.status === 204 || res.status === 304;
  const bytes = empty ? new Uint8Array(0) : new Uint8Array(await res.arrayBuffer());
  const body = new TextDecoder().decode(bytes);
  leakCheck.bodies++;
  const headers = [...res.headers].filter(([name]) => name !== "set-cookie").map(([n, v]) => `${n}: ${v}`);
  for (const secret of secrets) {
    if (secret && body.includes(secret)) {
      expect.fail(`a relay response body (status ${res.status}) contained a secret`);
    }
    if (secret && headers.some((h) => h.includes(secret))) {
      expect.fail(`a relay response header (status ${res.status}) contained a secret`);
    }
  }
  return new Response(empty ? null : bytes, res);
}

/** A minimal cookie jar for https://relay.test: applies Set-Cookie (incl. deletions), sends Cookie. */
export class CookieJar {
  readonly cookies = new Map<string, string>();

  apply(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = "", ...attrs] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const maxAge = attrs.map((a) => a.trim()).find((a) => a.toLowerCase().startsWith("max-age="));
      if (maxAge && Number(maxAge.slice(8)) <= 0) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  set(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  clone(): CookieJar {
    const copy = new CookieJar();
    for (const [k, v] of this.cookies) copy.cookies.set(k, v);
    return copy;
  }
}

export interface RelayInit extends RequestInit {
  jar?: CookieJar;
  /** A relay other than the configured one (e.g. a fresh app with another env). */
  via?: (request: Request) => Promise<Response>;
}

/**
 * A client address of its own for each call (from the documentation range), as Cloudflare would report
 * it: the per-IP limits of the hand-off routes then count only the calls a rate-limit test makes from one
 * address on purpose.
 */
function someClientIp(): string {
  const [a = 0, b = 0] = crypto.getRandomValues(new Uint16Array(2));
  return `2001:db8::${a.toString(16)}:${b.toString(16)}`;
}

/** Sends a request to the relay as a browser would (no redirects followed), leak-checked. */
export async function relay(path: string, init: RelayInit = {}): Promise<Response> {
  const { jar, via, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (!headers.has("cf-connecting-ip")) headers.set("cf-connecting-ip", someClientIp());
  if (jar && jar.cookies.size > 0) headers.set("cookie", jar.header());
  const url = new URL(path.startsWith("http") ? path : `${RELAY}${path}`);
  for (const name of ["code", "state"]) {
    const value = url.searchParams.get(name);
    if (value) logSecrets.add(value);
  }
  const cookie = headers.get("cookie");
  if (cookie) for (const pair of cookie.split(";")) logSecrets.add(pair.slice(pair.indexOf("=") + 1).trim());
  const request = new Request(url, {
    redirect: "manual",
    ...rest,
    headers,
  });
  const res = await checkedResponse(await (via ? via(request) : exports.default.fetch(request)));
  await learnSessionSecrets(res);
  jar?.apply(res);
  return res;
}

/** The app's own POST to /auth/token or /auth/logout: same origin, the CSRF header. */
export function appPost(path: string, jar: CookieJar, init: RelayInit = {}): Promise<Response> {
  return relay(path, {
    method: "POST",
    jar,
    ...init,
    headers: { origin: RELAY, "x-requested-with": "wrike-pane", ...(init.headers as Record<string, string>) },
  });
}

/** Opens a session cookie with the test keys (the relay's own sealing, nothing mocked). */
export async function openSession(
  value: string | undefined,
  keys: string[] = (env.SESSION_SECRET ?? "").split(","),
): Promise<Session | undefined> {
  return parseSession(await unseal(keys, SESSION_PURPOSE, value));
}

async function learnSessionSecrets(res: Response): Promise<void> {
  for (const line of res.headers.getSetCookie()) {
    const match = /^(?:__Host-)?wp_session=([^;]+)/.exec(line);
    if (!match) continue;
    const session = await openSession(match[1]);
    logSecrets.add(match[1] ?? "");
    if (session) {
      logSecrets.add(session.at);
      // Who the user is may be answered to the app, but is never logged (beside a token or anywhere).
      if (session.uid) logSecrets.add(session.uid);
      secrets.add(session.rt);
      leakCheck.refreshTokens.add(session.rt);
    }
  }
}

/** Session cookies set by a response (not deletions). */
export function sessionCookiesSet(res: Response): string[] {
  return res.headers
    .getSetCookie()
    .filter((l) => /^(?:__Host-)?wp_session=/.test(l) && !/max-age=0/i.test(l));
}

export async function errorOf(res: Response): Promise<string | undefined> {
  const type = res.headers.get("content-type") ?? "";
  if (type.includes("application/json")) return ((await res.clone().json()) as { error?: string }).error;
  const match = /data-error="([^"]+)"/.exec(await res.clone().text());
  return match?.[1];
}

// ---- the simulator -------------------------------------------------------------------------------

/** The /__sim controls of the simulator global-setup.ts starts on SIM_LOGIN's ports. */
export const wrikeSim = simControl(SIM_LOGIN);

export const simStats = () => wrikeSim.stats();

export type Person = SignInAs;

export const ADA_US: Person = { email: "ada@acme.test", account: "Acme Robotics" };
export const ADA_EU: Person = { email: "ada@acme.test", account: "Nordlicht Studio" };
export const GRACE: Person = { email: "grace@acme.test" };
export const LINUS: Person = { email: "linus@nordlicht.test" };

/** Walks the simulator's login, account chooser and consent pages; returns where Wrike sends the browser. */
export const consentAtWrike = signInAtWrike;

/** Starts a sign-in at the relay; returns the jar (with the flow cookie) and Wrike's authorize URL. */
export async function startLogin(
  query = "return_to=%2Ftasks&access=read&mode=redirect",
  jar = new CookieJar(),
  init: RelayInit = {},
): Promise<{ jar: CookieJar; authorizeUrl: string; res: Response }> {
  const res = await relay(`/auth/login?${query}`, { jar, ...init });
  expect(res.status).toBe(302);
  return { jar, authorizeUrl: res.headers.get("location") ?? "", res };
}

/** The whole sign-in: relay login, Wrike's pages, the relay's callback. Returns the signed-in jar. */
export async function signIn(
  person: Person = GRACE,
  options: { query?: string; init?: RelayInit } = {},
): Promise<{ jar: CookieJar; callback: Response }> {
  const { jar, authorizeUrl } = await startLogin(options.query, new CookieJar(), options.init);
  const back = await consentAtWrike(authorizeUrl, person);
  const callback = await relay(`${back.pathname}${back.search}`, { jar, ...options.init });
  return { jar, callback };
}

/**
 * Checks a popup's closing page: one nonce'd script, allowed by its CSP by that nonce, and no framing.
 * Returns the page's HTML and the script nonce.
 */
export async function popupPage(
  callback: Response,
): Promise<{ html: string; scriptNonce: string | undefined }> {
  const html = await callback.text();
  const scriptNonce = /<script nonce="([^"]+)">/.exec(html)?.[1];
  expect(scriptNonce).toBeDefined();
  const csp = callback.headers.get("content-security-policy") ?? "";
  expect(csp).toContain(`script-src ${RELAY}/assets/ 'nonce-${scriptNonce}'`);
  expect(csp).toContain("frame-ancestors 'none'");
  return { html, scriptNonce };
}

/** POST /auth/token as the app does; returns the parsed body and the response. */
export async function token(jar: CookieJar, init: RelayInit = {}) {
  const res = await appPost("/auth/token", jar, init);
  const body = (await res.clone().json()) as Record<string, unknown>;
  return { res, body };
}

/** A fresh relay app (a "restart") over the same bindings, with some variables changed. */
export function withEnv(overrides: Record<string, string>): (request: Request) => Promise<Response> {
  return async (request) => createApp().fetch(request, { ...env, ...overrides });
}

export const resetSim = () => wrikeSim.reset();

/** A proxied API call as the app makes it. */
export function api(
  path: string,
  accessToken: string,
  host: string,
  init: RelayInit = {},
): Promise<Response> {
  return relay(`/api/v4/${path}`, {
    ...init,
    headers: {
      authorization: `bearer ${accessToken}`,
      "x-wrike-host": host,
      ...(init.headers as Record<string, string>),
    },
  });
}
