// Shared helpers for the simulator's conformance tests: a simulator with this suite's OAuth client, the
// OAuth pages driven over real HTTP, code exchange, and API v4 calls on a data-centre host.
import {
  signInAtWrike,
  startSimulator as start,
  type SimClient,
  type SimOptions,
  type Simulator,
} from "../index.ts";

/** The suite's OAuth client: several callbacks, so redirect_uri is required and matched exactly. */
export const CLIENT: SimClient = {
  id: "sim-conformance-client",
  secret: "sim-conformance-secret",
  redirectUris: [
    "http://localhost:5173/auth/callback",
    "http://127.0.0.1:5173/auth/callback",
    "http://localhost:4173/auth/callback",
  ],
};
export const REDIRECT = CLIENT.redirectUris[0] ?? "";
export const PASSWORD = "wrike-demo";

/** startSimulator with CLIENT registered (unless the test names its own clients). */
export function startSimulator(options: SimOptions = {}): Promise<Simulator> {
  return start({ clients: [CLIENT], ...options });
}

export function hiddenField(html: string, name: string): string {
  const m = new RegExp(`<input type="hidden" name="${name}" value="([^"]*)"`).exec(html);
  if (!m?.[1]) throw new Error(`no hidden field ${name} in page:\n${html.slice(0, 500)}`);
  return m[1];
}

export function authorizeUrl(sim: Simulator, params: Record<string, string | undefined> = {}): string {
  const url = new URL(`${sim.loginOrigin}/oauth2/authorize/v4`);
  const all: Record<string, string | undefined> = {
    client_id: CLIENT.id,
    response_type: "code",
    redirect_uri: REDIRECT,
    state: "st-123",
    scope: "wsReadWrite",
    ...params,
  };
  for (const [key, value] of Object.entries(all)) if (value !== undefined) url.searchParams.set(key, value);
  return url.toString();
}

export async function postForm(
  sim: Simulator,
  path: string,
  form: Record<string, string>,
): Promise<Response> {
  return fetch(`${sim.loginOrigin}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
    redirect: "manual",
  });
}

export interface FlowOptions {
  email?: string;
  password?: string;
  /** Account name to pick on the chooser (for people in several accounts). */
  account?: string;
  decision?: "allow" | "deny";
  params?: Record<string, string | undefined>;
}

/** Runs login -> (chooser) -> consent with the package's walker and returns the final redirect's URL. */
export async function runFlow(sim: Simulator, options: FlowOptions = {}): Promise<URL> {
  return signInAtWrike(authorizeUrl(sim, options.params), {
    email: options.email ?? "grace@acme.test",
    password: options.password ?? PASSWORD,
    account: options.account ?? "Acme Robotics",
    decision: options.decision ?? "allow",
  });
}

export async function codeFor(sim: Simulator, options: FlowOptions = {}): Promise<string> {
  const url = await runFlow(sim, options);
  const code = url.searchParams.get("code");
  if (!code) throw new Error(`no code in ${url.toString()}`);
  return code;
}

export async function tokenRequest(
  base: string,
  form: Record<string, string>,
  init: { headers?: Record<string, string>; query?: boolean } = {},
): Promise<Response> {
  if (init.query) {
    return fetch(`${base}/oauth2/token?${new URLSearchParams(form)}`, {
      method: "POST",
      headers: init.headers ?? {},
    });
  }
  return fetch(`${base}/oauth2/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...init.headers },
    body: new URLSearchParams(form),
  });
}

export interface TokenSet {
  access_token: string;
  refresh_token: string;
  token_type: string;
  expires_in: number | string;
  host: string;
}

export async function exchange(sim: Simulator, code: string): Promise<TokenSet> {
  const res = await tokenRequest(sim.loginOrigin, {
    client_id: CLIENT.id,
    client_secret: CLIENT.secret,
    grant_type: "authorization_code",
    code,
    redirect_uri: REDIRECT,
  });
  if (res.status !== 200) throw new Error(`token endpoint answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as TokenSet;
}

export async function signIn(sim: Simulator, options: FlowOptions = {}): Promise<TokenSet> {
  return exchange(sim, await codeFor(sim, options));
}

export function refreshWith(
  base: string,
  refreshToken: string,
  extra: Record<string, string> = {},
): Promise<Response> {
  return tokenRequest(base, {
    client_id: CLIENT.id,
    client_secret: CLIENT.secret,
    grant_type: "refresh_token",
    refresh_token: refreshToken,
    ...extra,
  });
}

/** A call to `http://<host>/api/v4<path>` with a bearer token. */
export function api(
  host: string,
  path: string,
  token: string | null,
  init: RequestInit = {},
): Promise<Response> {
  const headers = new Headers(init.headers);
  if (token !== null && !headers.has("authorization")) headers.set("Authorization", `bearer ${token}`);
  return fetch(`http://${host}/api/v4${path}`, { ...init, headers });
}

export interface Envelope<T = Record<string, unknown>> {
  kind: string;
  data: T[];
  nextPageToken?: string;
  responseSize?: number;
  state?: string;
}

export async function getJson<T = Record<string, unknown>>(
  host: string,
  path: string,
  token: string,
): Promise<Envelope<T>> {
  const res = await api(host, path, token);
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as Envelope<T>;
}

export function q(params: Record<string, unknown>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    search.set(key, typeof value === "string" ? value : JSON.stringify(value));
  }
  return `?${search}`;
}

export function permanent(sim: Simulator, email: string, accountName?: string): string {
  const user = sim.users.find((u) => u.email === email);
  const account = accountName ? user?.accounts.find((a) => a.name === accountName) : user?.accounts[0];
  if (!account) throw new Error(`no permanent token for ${email}`);
  return account.permanentToken;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function errorOf(
  res: Response,
): Promise<{ status: number; error: string; errorDescription: string }> {
  const body = (await res.json()) as { error: string; errorDescription: string };
  return { status: res.status, error: body.error, errorDescription: body.errorDescription };
}
