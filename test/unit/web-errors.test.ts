// Wrike's and the relay's errors become stable codes with user words; Retry-After and back-off.
import { describe, expect, it } from "vitest";
import {
  backoffSeconds,
  errorFromNetwork,
  errorFromResponse,
  parseRetryAfter,
  whatToDo,
} from "../../web/lib/errors.ts";

describe("Wrike errors", () => {
  it("maps Wrike's error codes", () => {
    const e = errorFromResponse(401, {
      error: "not_authorized",
      errorDescription: "Access token is unknown or invalid",
    });
    expect([e.code, e.source, e.status, e.transient]).toEqual(["unauthorized", "not_authorized", 401, false]);
    expect(errorFromResponse(403, { error: "not_allowed" }).message).toMatch(/read-and-write/);
    expect(errorFromResponse(404, { error: "resource_not_found" }).code).toBe("not_found");
    expect(
      errorFromResponse(400, { error: "invalid_parameter", errorDescription: "Bad status" }).message,
    ).toBe("Wrike refused the request: Bad status");
  });
  it("treats 429 and 5xx as transient, with Retry-After", () => {
    const busy = errorFromResponse(429, { error: "too_many_requests" }, "7");
    expect([busy.code, busy.retryAfter, busy.transient]).toEqual(["busy", 7, true]);
    const down = errorFromResponse(503, null);
    expect([down.code, down.transient]).toEqual(["unavailable", true]);
    expect(errorFromResponse(500, { error: "server_error" }).code).toBe("unavailable");
  });
});

describe("relay errors", () => {
  it("maps the relay's codes (from worker/lib/contract.ts)", () => {
    expect(errorFromResponse(401, { error: "session_expired", message: "x" }).code).toBe("session_expired");
    expect(errorFromResponse(401, { error: "not_signed_in", message: "x" }).code).toBe("not_signed_in");
    const refused = errorFromResponse(403, { error: "host_not_allowed", message: "x" });
    expect([refused.code, refused.source]).toEqual(["refused", "host_not_allowed"]);
    expect(errorFromResponse(502, { error: "upstream_unreachable", message: "x" }).transient).toBe(true);
    expect(errorFromResponse(504, { error: "upstream_timeout", message: "x" }).code).toBe("unavailable");
  });
  it("says what to do for every code", () => {
    expect(whatToDo("busy")).toMatch(/retries/);
    expect(whatToDo("session_expired")).toMatch(/Sign in/);
  });
});

describe("network failures", () => {
  it("tells offline from unreachable", () => {
    expect(errorFromNetwork(new TypeError("x"), false).code).toBe("offline");
    expect(errorFromNetwork(new TypeError("x"), true).code).toBe("network");
  });
});

describe("Retry-After and back-off", () => {
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("3")).toBe(3);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter("soon")).toBeUndefined();
    const now = Date.parse("2026-03-04T10:00:00Z");
    expect(parseRetryAfter("Wed, 04 Mar 2026 10:00:05 GMT", now)).toBe(5);
  });
  it("honours Retry-After up to a cap, else grows exponentially with jitter", () => {
    expect(backoffSeconds(0, 5)).toBe(5);
    expect(backoffSeconds(0, 3600, 30)).toBe(30);
    expect(backoffSeconds(0, 0)).toBe(1);
    expect(backoffSeconds(0, undefined, 30, 0.5)).toBe(1);
    expect(backoffSeconds(3, undefined, 30, 0.5)).toBe(8);
    expect(backoffSeconds(10, undefined, 30, 0.5)).toBe(30);
    expect(backoffSeconds(3, undefined, 30, 0)).toBeGreaterThanOrEqual(6);
    expect(backoffSeconds(3, undefined, 30, 1)).toBeLessThanOrEqual(10);
  });
});
