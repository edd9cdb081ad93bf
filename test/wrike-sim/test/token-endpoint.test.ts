// POST /oauth2/token on every host: code exchange (single use, expiry, redirect_uri, client auth in
// body/query/Basic), refresh rotation, RFC 6749 errors, and the `host` of the chosen account.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "../index.ts";
import {
  api,
  CLIENT,
  codeFor,
  exchange,
  REDIRECT,
  refreshWith,
  signIn,
  sleep,
  startSimulator,
  tokenRequest,
  type TokenSet,
} from "./helpers.ts";

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ taskCount: 5 });
});
afterAll(async () => {
  await sim.close();
});

const codeForm = (code: string, extra: Record<string, string> = {}) => ({
  client_id: CLIENT.id,
  client_secret: CLIENT.secret,
  grant_type: "authorization_code",
  code,
  redirect_uri: REDIRECT,
  ...extra,
});

async function rfcError(res: Response): Promise<{ status: number; error: string; description: string }> {
  const body = (await res.json()) as { error: string; error_description: string };
  expect(typeof body.error_description).toBe("string");
  return { status: res.status, error: body.error, description: body.error_description };
}

describe("authorization_code", () => {
  it("answers Wrike's fields, with host = the chosen account's data centre", async () => {
    const us = await signIn(sim, { email: "ada@acme.test", account: "Acme Robotics" });
    expect(Object.keys(us).sort()).toEqual([
      "access_token",
      "expires_in",
      "host",
      "refresh_token",
      "token_type",
    ]);
    expect(us.token_type).toBe("bearer");
    expect(us.expires_in).toBe(3600);
    expect(us.host).toBe(sim.hosts.us);
    const eu = await signIn(sim, { email: "ada@acme.test", account: "Nordlicht Studio" });
    expect(eu.host).toBe(sim.hosts.eu);
    expect(eu.access_token).not.toBe(us.access_token);
  });

  it("is served on the login host and on both data-centre hosts", async () => {
    for (const base of [sim.loginOrigin, `http://${sim.hosts.us}`, `http://${sim.hosts.eu}`]) {
      const res = await tokenRequest(base, codeForm(await codeFor(sim)));
      expect(res.status).toBe(200);
    }
  });

  it("a code works once: the replay gets 400 invalid_grant", async () => {
    const code = await codeFor(sim);
    expect((await tokenRequest(sim.loginOrigin, codeForm(code))).status).toBe(200);
    expect(await rfcError(await tokenRequest(sim.loginOrigin, codeForm(code)))).toMatchObject({
      status: 400,
      error: "invalid_grant",
    });
  });

  it("a code expires after codeTtl", async () => {
    const short = await startSimulator({ taskCount: 0, codeTtl: 1 });
    try {
      const code = await codeFor(short);
      await sleep(1100);
      expect(await rfcError(await tokenRequest(short.loginOrigin, codeForm(code)))).toMatchObject({
        status: 400,
        error: "invalid_grant",
        description: "The authorization code has expired",
      });
    } finally {
      await short.close();
    }
  });

  it("redirect_uri must be identical to the one sent on authorize", async () => {
    const wrong = await tokenRequest(
      sim.loginOrigin,
      codeForm(await codeFor(sim), { redirect_uri: `${REDIRECT}/` }),
    );
    expect(await rfcError(wrong)).toMatchObject({ status: 400, error: "invalid_grant" });
    const { redirect_uri: _omitted, ...withoutRedirect } = codeForm(await codeFor(sim));
    expect(await rfcError(await tokenRequest(sim.loginOrigin, withoutRedirect))).toMatchObject({
      error: "invalid_grant",
    });
  });

  it("a wrong or missing client secret gets 401 invalid_client", async () => {
    const code = await codeFor(sim);
    expect(
      await rfcError(await tokenRequest(sim.loginOrigin, codeForm(code, { client_secret: "nope" }))),
    ).toMatchObject({
      status: 401,
      error: "invalid_client",
    });
    const { client_secret: _s, ...noSecret } = codeForm(code);
    expect((await rfcError(await tokenRequest(sim.loginOrigin, noSecret))).status).toBe(401);
    expect(
      (await rfcError(await tokenRequest(sim.loginOrigin, codeForm(code, { client_id: "other" })))).status,
    ).toBe(401);
  });

  it("accepts client credentials by HTTP Basic, and all parameters in the query string", async () => {
    const { client_id: _i, client_secret: _s, ...rest } = codeForm(await codeFor(sim));
    const basic = Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString("base64");
    const viaBasic = await tokenRequest(sim.loginOrigin, rest, {
      headers: { Authorization: `Basic ${basic}` },
    });
    expect(viaBasic.status).toBe(200);
    const badBasic = Buffer.from(`${CLIENT.id}:wrong`).toString("base64");
    const refused = await tokenRequest(sim.loginOrigin, codeForm(await codeFor(sim), {}), {
      headers: { Authorization: `Basic ${badBasic}` },
    });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toMatch(/^Basic/);
    const viaQuery = await tokenRequest(sim.loginOrigin, codeForm(await codeFor(sim)), { query: true });
    expect(viaQuery.status).toBe(200);
  });

  it("a code is bound to its client", async () => {
    const other = await startSimulator({
      taskCount: 0,
      clients: [CLIENT, { id: "second", secret: "second-secret", redirectUris: [REDIRECT] }],
    });
    try {
      const code = await codeFor(other);
      const res = await tokenRequest(
        other.loginOrigin,
        codeForm(code, { client_id: "second", client_secret: "second-secret" }),
      );
      expect(await rfcError(res)).toMatchObject({ status: 400, error: "invalid_grant" });
    } finally {
      await other.close();
    }
  });

  it('says expires_in as the string "3600" when configured so', async () => {
    const stringy = await startSimulator({ taskCount: 0, expiresInAsString: true });
    try {
      expect((await signIn(stringy)).expires_in).toBe("3600");
    } finally {
      await stringy.close();
    }
  });
});

describe("request errors", () => {
  it("missing grant_type or code: 400 invalid_request", async () => {
    const { grant_type: _g, ...noGrant } = codeForm("x");
    expect(await rfcError(await tokenRequest(sim.loginOrigin, noGrant))).toMatchObject({
      status: 400,
      error: "invalid_request",
    });
    const { code: _c, ...noCode } = codeForm("x");
    expect(await rfcError(await tokenRequest(sim.loginOrigin, noCode))).toMatchObject({
      status: 400,
      error: "invalid_request",
    });
  });

  it("other grant types: 400 unsupported_grant_type", async () => {
    for (const grant of ["password", "client_credentials", "implicit"]) {
      const res = await tokenRequest(sim.loginOrigin, codeForm("x", { grant_type: grant }));
      expect(await rfcError(res)).toMatchObject({ status: 400, error: "unsupported_grant_type" });
    }
  });

  it("an unknown code: 400 invalid_grant", async () => {
    expect(await rfcError(await tokenRequest(sim.loginOrigin, codeForm("not-a-code")))).toMatchObject({
      status: 400,
      error: "invalid_grant",
    });
  });

  it("GET is refused with invalid_request", async () => {
    const res = await fetch(`${sim.loginOrigin}/oauth2/token?${new URLSearchParams(codeForm("x"))}`);
    expect(await rfcError(res)).toMatchObject({ status: 400, error: "invalid_request" });
  });
});

describe("refresh_token", () => {
  let first: TokenSet;
  beforeAll(async () => {
    first = await signIn(sim, { email: "ada@acme.test", account: "Acme Robotics" });
  });

  it("rotates: a new access and refresh token; the old refresh token is refused afterwards", async () => {
    const res = await refreshWith(`http://${first.host}`, first.refresh_token);
    expect(res.status).toBe(200);
    const second = (await res.json()) as TokenSet;
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.host).toBe(sim.hosts.us);
    expect(second.token_type).toBe("bearer");
    expect((await api(second.host, "/contacts?me=true", second.access_token)).status).toBe(200);
    const reuse = await refreshWith(`http://${first.host}`, first.refresh_token);
    expect(await rfcError(reuse)).toMatchObject({ status: 400, error: "invalid_grant" });
    // The newest one still works, also at the login host.
    expect((await refreshWith(sim.loginOrigin, second.refresh_token)).status).toBe(200);
  });

  it("two refreshes racing with the same token: exactly one wins", async () => {
    const tokens = await signIn(sim);
    const results = await Promise.all([
      refreshWith(`http://${tokens.host}`, tokens.refresh_token),
      refreshWith(`http://${tokens.host}`, tokens.refresh_token),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 400]);
  });

  it("is refused at the other data centre's host (simulator choice)", async () => {
    const tokens = await signIn(sim);
    const res = await refreshWith(`http://${sim.hosts.eu}`, tokens.refresh_token);
    expect(await rfcError(res)).toMatchObject({ status: 400, error: "invalid_grant" });
    expect((await refreshWith(`http://${sim.hosts.us}`, tokens.refresh_token)).status).toBe(200);
  });

  it("may narrow the scope but not widen it", async () => {
    const tokens = await signIn(sim, { params: { scope: "wsReadOnly,amReadOnlyWorkflow" } });
    const wider = await refreshWith(sim.loginOrigin, tokens.refresh_token, { scope: "wsReadWrite" });
    expect(await rfcError(wider)).toMatchObject({ status: 400, error: "invalid_scope" });
    const narrower = await refreshWith(sim.loginOrigin, tokens.refresh_token, { scope: "wsReadOnly" });
    expect(narrower.status).toBe(200);
  });

  it("needs the client secret and the same client", async () => {
    const tokens = await signIn(sim);
    const res = await tokenRequest(sim.loginOrigin, {
      client_id: CLIENT.id,
      client_secret: "wrong",
      grant_type: "refresh_token",
      refresh_token: tokens.refresh_token,
    });
    expect(res.status).toBe(401);
    // The failed attempt did not use the token up.
    expect((await refreshWith(sim.loginOrigin, tokens.refresh_token)).status).toBe(200);
  });

  it("is refused for a user whose tokens were revoked", async () => {
    const tokens = await signIn(sim, { email: "margaret@acme.test" });
    const revoked = await fetch(`${sim.loginOrigin}/__sim/revoke`, {
      method: "POST",
      body: JSON.stringify({ email: "margaret@acme.test" }),
    });
    expect(revoked.status).toBe(200);
    expect(await rfcError(await refreshWith(sim.loginOrigin, tokens.refresh_token))).toMatchObject({
      status: 400,
      error: "invalid_grant",
    });
    // Signing in again works.
    expect((await signIn(sim, { email: "margaret@acme.test" })).access_token).toBeTruthy();
  });

  it("expires after refreshTokenTtl", async () => {
    const short = await startSimulator({ taskCount: 0, refreshTokenTtl: 1 });
    try {
      const tokens = await signIn(short);
      await sleep(1100);
      expect(await rfcError(await refreshWith(short.loginOrigin, tokens.refresh_token))).toMatchObject({
        error: "invalid_grant",
      });
    } finally {
      await short.close();
    }
  });
});

describe("counters", () => {
  it("counts grants and errors in /__sim/stats", async () => {
    const counted = await startSimulator({ taskCount: 0 });
    try {
      const tokens = await exchange(counted, await codeFor(counted));
      await refreshWith(counted.loginOrigin, tokens.refresh_token);
      await refreshWith(counted.loginOrigin, tokens.refresh_token);
      const stats = (await (await fetch(`${counted.loginOrigin}/__sim/stats`)).json()) as {
        token: { authorization_code: number; refresh_token: number; errors: number };
      };
      expect(stats.token).toEqual({ authorization_code: 1, refresh_token: 1, errors: 1 });
    } finally {
      await counted.close();
    }
  });
});
