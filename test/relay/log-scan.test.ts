// Everything the relay logs while sign-ins, refreshes, proxied calls and attacks run holds no secret.
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  api,
  appPost,
  CLIENT_SECRET,
  consentAtWrike,
  CookieJar,
  GRACE,
  openSession,
  relay,
  resetSim,
  SESSION_COOKIE,
  SIM_EU,
  SIM_US,
  wrikeSim,
  startLogin,
  token,
  withEnv,
} from "./helpers.ts";

/** Every line the Worker wrote to the console during this file (it runs in this isolate). */
const captured: string[] = [];
/** Values no line may contain: filled in as the flows reveal them. */
const secrets = new Set<string>([CLIENT_SECRET, ...(env.SESSION_SECRET ?? "").split(",")]);

function remember(...values: (string | undefined | null)[]): void {
  for (const value of values) if (value && value.length >= 8) secrets.add(value);
}

function rememberJar(jar: CookieJar): void {
  for (const value of jar.cookies.values()) remember(value);
}

async function rememberSession(jar: CookieJar): Promise<string> {
  rememberJar(jar);
  const session = await openSession(jar.get(SESSION_COOKIE));
  expect(session).toBeDefined();
  remember(session!.rt, session!.at, session!.sid);
  return session!.at;
}

/** A sign-in whose code and state (and later tokens and cookies) join the watched secrets. */
async function signInWatched(): Promise<CookieJar> {
  const { jar, authorizeUrl } = await startLogin();
  rememberJar(jar);
  const back = await consentAtWrike(authorizeUrl, GRACE);
  remember(back.searchParams.get("code"), back.searchParams.get("state"));
  const callback = await relay(back.pathname + back.search, { jar });
  expect(callback.status).toBe(302);
  await rememberSession(jar);
  return jar;
}

beforeAll(async () => {
  await resetSim();
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      captured.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
    });
  }
});
afterAll(async () => {
  vi.restoreAllMocks();
  await wrikeSim.config({ accessTokenTtl: 3600 });
});

describe("flows and attacks, logged", () => {
  it("signs in, calls the API, refreshes and signs out", async () => {
    const jar = await signInWatched();
    const { body } = await token(jar);
    const accessToken = String(body.access_token);
    expect((await api("contacts?me=true", accessToken, SIM_US)).status).toBe(200);
    // Wrike refuses the token on the wrong data centre; the app then reports it as stale.
    expect((await api("contacts?me=true", accessToken, SIM_EU)).status).toBe(401);
    const stale = await appPost("/auth/token", jar, {
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ stale_token: accessToken }),
    });
    expect(stale.status).toBe(200);
    await rememberSession(jar);
    expect((await appPost("/auth/logout", jar)).status).toBe(204);
  });

  it("refreshes a short-lived token", async () => {
    await wrikeSim.config({ accessTokenTtl: 30 });
    const jar = await signInWatched();
    const { res } = await token(jar);
    expect(res.status).toBe(200);
    await rememberSession(jar);
  });

  it("refuses tokens in the query, replayed codes, forged states and tampered cookies", async () => {
    const jar = await signInWatched();
    const accessToken = await rememberSession(jar);
    const inQuery = await relay(`/api/v4/contacts?me=true&access_token=${accessToken}`, {
      headers: { authorization: `bearer ${accessToken}`, "x-wrike-host": SIM_US },
    });
    expect(inQuery.status).toBe(400);

    // A real code and state, redeemed once, then replayed; then the code with a forged state.
    const { jar: flowJar, authorizeUrl } = await startLogin();
    rememberJar(flowJar);
    const back = await consentAtWrike(authorizeUrl, GRACE);
    const code = back.searchParams.get("code") ?? "";
    const state = back.searchParams.get("state") ?? "";
    remember(code, state);
    const replayJar = flowJar.clone();
    expect((await relay(back.pathname + back.search, { jar: flowJar })).status).toBe(302);
    await rememberSession(flowJar);
    expect((await relay(back.pathname + back.search, { jar: replayJar })).status).toBe(400);
    const forged = await relay(`/auth/callback?code=${code}&state=${state.slice(0, -4)}AAAA`, {
      jar: replayJar,
    });
    expect(forged.status).toBe(400);
    expect((await relay(`/auth/callback?error=access_denied&state=${state}`)).status).toBe(400);

    const tampered = new CookieJar();
    tampered.set(SESSION_COOKIE, `${jar.get(SESSION_COOKIE)!.slice(0, -3)}xyz`);
    remember(tampered.get(SESSION_COOKIE));
    expect((await appPost("/auth/token", tampered)).status).toBe(401);
    const foreign = await relay("/auth/token", {
      method: "POST",
      jar,
      headers: { origin: "https://evil.example.test", "x-requested-with": "wrike-pane" },
    });
    expect(foreign.status).toBe(403);
    const traversal = await relay("/api/v4/%2e%2e/oauth2/token?client_secret=x", {
      headers: { authorization: `bearer ${accessToken}`, "x-wrike-host": SIM_US },
    });
    expect(traversal.status).toBe(400);
  });

  it("names broken settings without their values", async () => {
    const badKey = "not-a-key-but-secret-looking-0123";
    remember(badKey);
    const broken = withEnv({ SESSION_SECRET: badKey });
    expect((await relay("/auth/login", { via: broken })).status).toBe(500);
    expect((await relay("/healthz", { via: broken })).status).toBe(503);
  });
});

describe("the captured log", () => {
  it("holds one request line per request and no secret, cookie, code, state or query", () => {
    const requestLines = captured.filter((line) => line.startsWith('{"msg":"request"'));
    expect(requestLines.length).toBeGreaterThan(20);
    expect(secrets.size).toBeGreaterThan(15);
    captured.forEach((line, i) => {
      // The failure names the line's number, not the line: that would print the secret.
      for (const secret of secrets) if (line.includes(secret)) expect.fail(`log line ${i} holds a secret`);
      // Parameter and cookie names as they appear in URLs, bodies and headers (setting names are upper case).
      if (/code=|state=|access_token|refresh_token|client_secret|wp_session|wp_flow|\?/.test(line)) {
        expect.fail(`log line ${i} quotes a URL, a cookie or a token field`);
      }
      if (/bearer/i.test(line)) expect.fail(`log line ${i} quotes an Authorization header`);
    });
  });
});
