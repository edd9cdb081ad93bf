// Token endpoint answers, state values and the CSP: validated shapes and exact comparisons.
import { describe, expect, it } from "vitest";
import { constantTimeEqual, flowIdOf, newFlow } from "../../worker/lib/state.ts";
import { parseTokenResponse, tokenFailureError } from "../../worker/lib/wrike-token.ts";

const config = { apiHosts: ["www.wrike.com", "app-eu.wrike.com"] };
const good = {
  access_token: "at-1",
  refresh_token: "rt-1",
  token_type: "bearer",
  expires_in: 3600,
  host: "app-eu.wrike.com",
};

describe("parseTokenResponse", () => {
  it("accepts Wrike's answer, with expires_in as a number or a numeric string", () => {
    expect(parseTokenResponse(config, good, "www.wrike.com")).toEqual({
      ok: true,
      tokens: {
        accessToken: "at-1",
        refreshToken: "rt-1",
        expiresIn: 3600,
        host: "app-eu.wrike.com",
        scope: undefined,
      },
    });
    const str = parseTokenResponse(config, { ...good, expires_in: "3600" }, "www.wrike.com");
    expect(str.ok && str.tokens.expiresIn).toBe(3600);
  });

  it("falls back to the given host when the answer names none", () => {
    const { host: _omit, ...noHost } = good;
    const res = parseTokenResponse(config, noHost, "www.wrike.com");
    expect(res.ok && res.tokens.host).toBe("www.wrike.com");
  });

  it("refuses a host that is not allow-listed, byte for byte", () => {
    for (const host of [
      "evil.test",
      "WWW.WRIKE.COM",
      "www.wrike.com.",
      "127.0.0.1:8812",
      "www.wrike.com:443",
    ]) {
      expect(parseTokenResponse(config, { ...good, host }, "www.wrike.com")).toEqual({
        ok: false,
        reason: "foreign_host",
      });
    }
  });

  it.each([
    null,
    "string",
    { ...good, access_token: 5 },
    { ...good, access_token: "" },
    { ...good, access_token: "has space" },
    { ...good, refresh_token: undefined },
    { ...good, expires_in: "soon" },
    { ...good, expires_in: -1 },
    { ...good, expires_in: undefined },
    { ...good, expires_in: "3600.5e3" },
    { ...good, token_type: "mac" },
    { ...good, host: 42 },
  ])("refuses malformed answer %#", (body) => {
    expect(parseTokenResponse(config, body, "www.wrike.com")).toMatchObject({
      ok: false,
      reason: "bad_response",
    });
  });

  it("maps failures to public errors that keep Retry-After", () => {
    expect(tokenFailureError({ ok: false, reason: "invalid_grant" }, "refresh_token").code).toBe(
      "session_expired",
    );
    expect(tokenFailureError({ ok: false, reason: "invalid_grant" }, "authorization_code").code).toBe(
      "code_rejected",
    );
    const limited = tokenFailureError(
      { ok: false, reason: "rate_limited", status: 429, retryAfter: "9" },
      "refresh_token",
    );
    expect([limited.code, limited.status, limited.retryAfter]).toEqual(["rate_limited", 429, "9"]);
    const down = tokenFailureError({ ok: false, reason: "unavailable", status: 503 }, "refresh_token");
    expect([down.code, down.status]).toEqual(["upstream_error", 503]);
    expect(tokenFailureError({ ok: false, reason: "unavailable", status: 500 }, "refresh_token").status).toBe(
      502,
    );
    expect(tokenFailureError({ ok: false, reason: "timeout" }, "refresh_token").status).toBe(504);
    expect(tokenFailureError({ ok: false, reason: "unreachable" }, "refresh_token").code).toBe(
      "upstream_unreachable",
    );
  });
});

describe("state", () => {
  it("carries a flow id and 256 random bits, fresh every time", () => {
    const a = newFlow();
    const b = newFlow();
    expect(a.state).not.toBe(b.state);
    expect(flowIdOf(a.state)).toBe(a.flowId);
    expect(a.state.length).toBe(22 + 1 + 43);
  });

  it("reads a flow id only from a well-formed state", () => {
    for (const bad of [
      undefined,
      "",
      "x",
      "a.b",
      `${"a".repeat(22)}.${"b".repeat(42)}`,
      `../${"a".repeat(63)}`,
    ]) {
      expect(flowIdOf(bad)).toBeUndefined();
    }
  });

  it("compares exactly", () => {
    expect(constantTimeEqual("abc", "abc")).toBe(true);
    expect(constantTimeEqual("abc", "abd")).toBe(false);
    expect(constantTimeEqual("abc", "abcd")).toBe(false);
    expect(constantTimeEqual("", "")).toBe(true);
  });
});
