// Refresh under pressure: concurrent refreshes share one rotation, revoked sessions end, outages do not.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { seal } from "../../worker/lib/seal.ts";
import { SESSION_PURPOSE, type Session } from "../../worker/lib/session.ts";
import {
  api,
  appPost,
  CookieJar,
  errorOf,
  GRACE,
  openSession,
  rememberSecret,
  resetSim,
  SESSION_COOKIE,
  sessionCookiesSet,
  SIM_US,
  signIn,
  wrikeSim,
  simStats,
  token,
  withEnv,
} from "./helpers.ts";

beforeEach(resetSim);

/** A session whose access token has under a minute left, so the next /auth/token refreshes. */
async function staleSession() {
  await wrikeSim.config({ accessTokenTtl: 30 });
  const signedIn = await signIn(GRACE);
  await wrikeSim.config({ accessTokenTtl: 3600 });
  return signedIn.jar;
}

/** A cookie the relay itself would have sealed for `session`, with the test keys from env.SESSION_SECRET. */
async function sealedJar(session: Session): Promise<CookieJar> {
  rememberSecret(session.rt);
  const jar = new CookieJar();
  jar.set(SESSION_COOKIE, await seal(env.SESSION_SECRET!.split(","), SESSION_PURPOSE, session));
  return jar;
}

describe("the refresh race", () => {
  it("gives two concurrent refreshes with one cookie the same new tokens, with one refresh at Wrike", async () => {
    const jar = await staleSession();
    const tabA = jar.clone();
    const tabB = jar.clone();
    const [a, b] = await Promise.all([token(tabA), token(tabB)]);
    expect(a.res.status).toBe(200);
    expect(b.res.status).toBe(200);
    expect(a.body.access_token).toBe(b.body.access_token);
    expect((await simStats()).token.refresh_token).toBe(1);
    const sa = await openSession(tabA.get(SESSION_COOKIE));
    const sb = await openSession(tabB.get(SESSION_COOKIE));
    expect(sa!.rt).toBe(sb!.rt);
    // Both tabs go on working: their next calls reuse the new token.
    expect((await token(tabA)).body.access_token).toBe(a.body.access_token);
    expect((await token(tabB)).body.access_token).toBe(a.body.access_token);
    expect((await api("contacts?me=true", String(a.body.access_token), SIM_US)).status).toBe(200);
  });

  it("survives ten concurrent refreshes, and a late request still carrying the old cookie", async () => {
    const jar = await staleSession();
    const late = jar.clone();
    const results = await Promise.all(Array.from({ length: 10 }, () => token(jar.clone())));
    const tokens = new Set(results.map((r) => r.body.access_token));
    expect(results.every((r) => r.res.status === 200)).toBe(true);
    expect(tokens.size).toBe(1);
    expect((await simStats()).token.refresh_token).toBe(1);
    // Seconds later, a request sent with the pre-rotation cookie gets the successor, not a sign-out.
    const straggler = await token(late);
    expect(straggler.res.status).toBe(200);
    expect(tokens.has(straggler.body.access_token)).toBe(true);
    expect((await simStats()).token.refresh_token).toBe(1);
  });

  it("shares the refresh across relay instances (the single-flight is a Durable Object)", async () => {
    const jar = await staleSession();
    const [a, b] = await Promise.all([token(jar.clone()), token(jar.clone(), { via: withEnv({}) })]);
    expect(a.body.access_token).toBe(b.body.access_token);
    expect((await simStats()).token.refresh_token).toBe(1);
  });

  it("does not hand a successor to someone without the old refresh token (same session id)", async () => {
    const jar = await staleSession();
    const real = (await openSession(jar.get(SESSION_COOKIE)))!;
    // The same session id, so the same Durable Object, but a refresh token nobody was ever given.
    const twin = await sealedJar({ ...real, rt: `rt-forged-${crypto.randomUUID()}` });
    // Concurrent: the forged refresh must not join the real one's flight.
    const [a, b] = await Promise.all([token(jar.clone()), token(twin.clone())]);
    expect(a.res.status).toBe(200);
    expect(b.res.status).toBe(401);
    expect(b.body.error).toBe("session_expired");
    expect(b.body.access_token).toBeUndefined();
    // Afterwards: the successor is cached for a minute, and still only for the real refresh token.
    const later = await token(twin.clone());
    expect(later.res.status).toBe(401);
    expect(later.body.access_token).toBeUndefined();
    const straggler = await token(jar.clone());
    expect(straggler.body.access_token).toBe(a.body.access_token);
    // Both forged refreshes went to Wrike, which refused them; only the real one rotated.
    const stats = await simStats();
    expect(stats.token.refresh_token).toBe(1);
    expect(stats.token.errors).toBe(2);
  });
});

describe("sessions that really end", () => {
  it("ends a revoked session: session_expired, cookie cleared", async () => {
    const jar = await staleSession();
    await wrikeSim.revoke("grace@acme.test");
    const { res, body } = await token(jar);
    expect(res.status).toBe(401);
    expect(body.error).toBe("session_expired");
    expect(jar.get(SESSION_COOKIE)).toBeUndefined();
    expect(res.headers.getSetCookie().some((c) => /^__Host-wp_session=;.*Max-Age=0/.test(c))).toBe(true);
    expect((await token(jar)).body.error).toBe("not_signed_in");
  });

  it("lets the app find out at once: a refused token reported as stale ends a revoked session", async () => {
    const { jar } = await signIn(GRACE);
    const { body } = await token(jar);
    await wrikeSim.revoke("grace@acme.test");
    const refused = await api("contacts?me=true", String(body.access_token), SIM_US);
    expect(refused.status).toBe(401);
    const res = await appPost("/auth/token", jar, {
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ stale_token: body.access_token }),
    });
    expect(res.status).toBe(401);
    expect(await errorOf(res)).toBe("session_expired");
    expect(jar.get(SESSION_COOKIE)).toBeUndefined();
  });
});

describe("token endpoint faults keep the session", () => {
  it.each([
    [500, 502, "upstream_error"],
    [502, 502, "upstream_error"],
    [503, 503, "upstream_error"],
  ])("Wrike %i on refresh -> %i %s, session kept, next try refreshes", async (status, expected, code) => {
    const jar = await staleSession();
    const before = jar.get(SESSION_COOKIE);
    await wrikeSim.faults({ target: "token", status, count: 1 });
    const { res, body } = await token(jar);
    expect(res.status).toBe(expected);
    expect(body.error).toBe(code);
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(jar.get(SESSION_COOKIE)).toBe(before);
    const retry = await token(jar);
    expect(retry.res.status).toBe(200);
    expect((await simStats()).token.refresh_token).toBe(1);
  });

  it("passes 429 and Retry-After through, session kept", async () => {
    const jar = await staleSession();
    await wrikeSim.faults({ target: "token", status: 429, retryAfter: 7, count: 1 });
    const { res, body } = await token(jar);
    expect(res.status).toBe(429);
    expect(body.error).toBe("rate_limited");
    expect(res.headers.get("retry-after")).toBe("7");
    expect(sessionCookiesSet(res)).toEqual([]);
    expect(res.headers.getSetCookie()).toEqual([]);
    expect((await token(jar)).res.status).toBe(200);
  });

  it("says upstream_unreachable on a dropped connection, session kept", async () => {
    const jar = await staleSession();
    await wrikeSim.faults({ target: "token", drop: true, count: 1 });
    const { res, body } = await token(jar);
    expect(res.status).toBe(502);
    expect(body.error).toBe("upstream_unreachable");
    expect(res.headers.getSetCookie()).toEqual([]);
    expect((await token(jar)).res.status).toBe(200);
  });

  it("says upstream_timeout when Wrike is slow, and the retry gets the tokens Wrike issued meanwhile", async () => {
    const jar = await staleSession();
    await wrikeSim.faults({ target: "token", latencyMs: 2500, count: 1 });
    const { res, body } = await token(jar);
    expect(res.status).toBe(504);
    expect(body.error).toBe("upstream_timeout");
    expect(res.headers.getSetCookie()).toEqual([]);
    // Wrike finished that refresh (and rotated) after the relay stopped waiting; the relay kept its answer.
    await new Promise((r) => setTimeout(r, 1500));
    const retry = await token(jar);
    expect(retry.res.status).toBe(200);
    expect((await simStats()).token.refresh_token).toBe(1);
    expect((await api("contacts?me=true", String(retry.body.access_token), SIM_US)).status).toBe(200);
  });
});
