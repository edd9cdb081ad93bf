// Attacks on sign-in: each is refused, sets no session, and (where it matters) never reaches Wrike.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { seal } from "../../worker/lib/seal.ts";
import { flowIdOf, randomId } from "../../worker/lib/state.ts";
import {
  consentAtWrike,
  CookieJar,
  errorOf,
  GRACE,
  LINUS,
  relay,
  resetSim,
  SESSION_COOKIE,
  sessionCookiesSet,
  signIn,
  simStats,
  SIM_US,
  startLogin,
  withEnv,
} from "./helpers.ts";

beforeEach(resetSim);

/** A real code and state from Wrike for a flow this jar started (not yet redeemed). */
async function codeFromWrike(query?: string) {
  const { jar, authorizeUrl } = await startLogin(query);
  const back = await consentAtWrike(authorizeUrl, GRACE);
  return {
    jar,
    code: back.searchParams.get("code") ?? "",
    state: back.searchParams.get("state") ?? "",
    path: back.pathname + back.search,
  };
}

async function expectRefused(res: Response, code: string, jar?: CookieJar) {
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(await errorOf(res)).toBe(code);
  expect(res.headers.get("content-type")).toMatch(/^text\/html/);
  expect(sessionCookiesSet(res)).toEqual([]);
  expect(res.headers.get("location")).toBeNull();
  if (jar) expect(jar.get(SESSION_COOKIE)).toBeUndefined();
}

describe("state", () => {
  it("refuses a callback without state, and exchanges nothing", async () => {
    const { jar, code } = await codeFromWrike();
    const res = await relay(`/auth/callback?code=${encodeURIComponent(code)}`, { jar });
    await expectRefused(res, "state_invalid", jar);
    expect((await simStats()).token.authorization_code).toBe(0);
  });

  it("refuses a forged state of the right shape", async () => {
    const { jar, code } = await codeFromWrike();
    const forged = `${randomId(16)}.${randomId(32)}`;
    await expectRefused(
      await relay(`/auth/callback?code=${code}&state=${forged}`, { jar }),
      "state_invalid",
      jar,
    );
    expect((await simStats()).token.authorization_code).toBe(0);
  });

  it("refuses the right flow id with a wrong secret, and burns the flow (single use)", async () => {
    const { jar, code, state } = await codeFromWrike();
    const flowId = flowIdOf(state)!;
    const wrong = `${flowId}.${randomId(32)}`;
    await expectRefused(
      await relay(`/auth/callback?code=${code}&state=${wrong}`, { jar }),
      "state_invalid",
      jar,
    );
    // The flow cookie went with that attempt: even the true state no longer works.
    expect([...jar.cookies.keys()]).toEqual([]);
    await expectRefused(
      await relay(`/auth/callback?code=${code}&state=${state}`, { jar }),
      "state_invalid",
      jar,
    );
    expect((await simStats()).token.authorization_code).toBe(0);
  });

  it("refuses a victim's callback in a browser that did not start the flow (login CSRF)", async () => {
    const { path } = await codeFromWrike();
    const attackerJar = new CookieJar();
    await expectRefused(await relay(path, { jar: attackerJar }), "state_invalid", attackerJar);
    expect((await simStats()).token.authorization_code).toBe(0);
  });

  it("refuses another flow's state (two flows in one browser cannot be crossed)", async () => {
    const a = await codeFromWrike();
    const b = await startLogin(undefined, a.jar);
    const stateB = new URL(b.authorizeUrl).searchParams.get("state");
    await expectRefused(
      await relay(`/auth/callback?code=${a.code}&state=${stateB}x`, { jar: a.jar }),
      "state_invalid",
    );
    expect((await simStats()).token.authorization_code).toBe(0);
  });

  it("refuses a replayed callback (state used once)", async () => {
    const { jar, path } = await codeFromWrike();
    const first = await relay(path, { jar });
    expect(first.status).toBe(302);
    const replayJar = new CookieJar();
    await expectRefused(await relay(path, { jar: replayJar }), "state_invalid", replayJar);
    const second = await relay(path, { jar });
    expect(await errorOf(second)).toBe("state_invalid");
    expect(sessionCookiesSet(second)).toEqual([]);
    expect((await simStats()).token.authorization_code).toBe(1);
  });

  it("refuses an expired flow even with its genuine cookie and state", async () => {
    const { jar, code, state } = await codeFromWrike();
    const flowId = flowIdOf(state)!;
    const name = `__Host-wp_flow_${flowId}`;
    // The same flow, sealed by the relay's own key, but ten minutes and a second old.
    const expired = await seal(env.SESSION_SECRET!.split(","), `flow:${flowId}`, {
      state,
      return_to: "/",
      mode: "redirect",
      access: "read",
      exp: Math.floor(Date.now() / 1000) - 1,
    });
    jar.set(name, expired);
    await expectRefused(
      await relay(`/auth/callback?code=${code}&state=${state}`, { jar }),
      "state_invalid",
      jar,
    );
    expect((await simStats()).token.authorization_code).toBe(0);
  });

  it("refuses a flow cookie sealed for another flow id", async () => {
    const a = await codeFromWrike();
    const b = await codeFromWrike();
    const idA = flowIdOf(a.state)!;
    const idB = flowIdOf(b.state)!;
    const jar = new CookieJar();
    jar.set(`__Host-wp_flow_${idA}`, b.jar.get(`__Host-wp_flow_${idB}`)!);
    await expectRefused(
      await relay(`/auth/callback?code=${b.code}&state=${idA}.${b.state.split(".")[1]}`, { jar }),
      "state_invalid",
    );
    expect((await simStats()).token.authorization_code).toBe(0);
  });
});

describe("codes", () => {
  it("refuses a replayed code under a fresh, valid state (Wrike's single use), no session", async () => {
    const { jar, code, path } = await codeFromWrike();
    expect((await relay(path, { jar })).status).toBe(302);
    const fresh = await startLogin();
    const freshState = new URL(fresh.authorizeUrl).searchParams.get("state");
    const res = await relay(`/auth/callback?code=${code}&state=${freshState}`, { jar: fresh.jar });
    await expectRefused(res, "code_rejected", fresh.jar);
    const stats = await simStats();
    expect(stats.token.authorization_code).toBe(1);
    expect(stats.token.errors).toBe(1);
  });

  it("refuses a made-up code", async () => {
    const { jar, state } = await codeFromWrike();
    await expectRefused(
      await relay(`/auth/callback?code=made-up&state=${state}`, { jar }),
      "code_rejected",
      jar,
    );
  });

  it("refuses a callback with a valid state but no code", async () => {
    const { jar, state } = await codeFromWrike();
    await expectRefused(await relay(`/auth/callback?state=${state}`, { jar }), "code_rejected", jar);
  });

  it("never echoes Wrike's error text onto its page", async () => {
    const { jar, state } = await codeFromWrike();
    const res = await relay(
      `/auth/callback?error=server_error&error_description=${encodeURIComponent("<script>alert(1)</script>Call +1-555")}&state=${state}`,
      { jar },
    );
    await expectRefused(res, "code_rejected", jar);
    const html = await res.text();
    expect(html).not.toContain("alert(1)");
    expect(html).not.toContain("555");
  });
});

describe("open redirects", () => {
  it.each([
    "https://evil.test/",
    "//evil.test",
    "///evil.test",
    "/\\evil.test",
    "\\\\evil.test",
    "/%2F%2Fevil.test",
    "%2F%2Fevil.test",
    "/%5Cevil.test",
    "/%252F%252Fevil.test",
    "/%09/evil.test",
    "javascript:alert(1)",
    "evil.test",
  ])("refuses return_to=%j before any flow starts", async (target) => {
    const res = await relay(`/auth/login?return_to=${encodeURIComponent(target)}`);
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toBe("bad_request");
    expect(res.headers.get("location")).toBeNull();
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it("returns to exactly the same-origin path it was given, as a relative Location", async () => {
    const { callback } = await signIn(GRACE, {
      query: `return_to=${encodeURIComponent("/tasks/ABC?x=%2F%2Fy#z")}`,
    });
    expect(callback.status).toBe(302);
    expect(callback.headers.get("location")).toBe("/tasks/ABC?x=%2F%2Fy#z");
  });
});

describe("token answers", () => {
  it("refuses a token answer naming a host off the allow-list: no session", async () => {
    // The same simulator, but a relay that allows only the US host: Linus lives on the EU host, so
    // Wrike's (genuine) answer names a host this relay does not trust.
    const usOnly = withEnv({ WRIKE_API_HOSTS: SIM_US });
    const { jar, authorizeUrl } = await startLogin(undefined, new CookieJar(), { via: usOnly });
    const back = await consentAtWrike(authorizeUrl, LINUS);
    const res = await relay(back.pathname + back.search, { jar, via: usOnly });
    expect(res.status).toBe(502);
    await expectRefused(res, "host_not_allowed", jar);
    expect(await res.text()).toContain("data-centre host that is not on the relay&#39;s allow-list");
    // The full relay (both hosts) signs Linus in fine: the refusal was about the host alone.
    const ok = await signIn(LINUS);
    expect(ok.callback.status).toBe(302);
  });
});
