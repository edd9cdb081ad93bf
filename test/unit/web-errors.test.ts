// Wrike's and the relay's errors become stable codes with user words; Retry-After and back-off.
import { describe, expect, it } from "vitest";
import { RELAY_ERRORS, type RelayErrorCode } from "../../worker/shared/contract.ts";
import { RelayError } from "../../worker/lib/errors.ts";
import {
  AppError,
  backoffSeconds,
  errorFromNetwork,
  errorFromResponse,
  parseRetryAfter,
  whatToDo,
  type ErrorCode,
} from "../../web/wrike/errors.ts";

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
  it("maps the relay's codes (from worker/shared/contract.ts)", () => {
    expect(errorFromResponse(401, { error: "session_expired", message: "x" }).code).toBe("session_expired");
    expect(errorFromResponse(401, { error: "not_signed_in", message: "x" }).code).toBe("not_signed_in");
    const refused = errorFromResponse(403, { error: "host_not_allowed", message: "x" });
    expect([refused.code, refused.source]).toEqual(["refused", "host_not_allowed"]);
    expect(errorFromResponse(502, { error: "upstream_unreachable", message: "x" }).transient).toBe(true);
    expect(errorFromResponse(504, { error: "upstream_timeout", message: "x" }).code).toBe("unavailable");
  });
});

/** What each relay code means to the app. `satisfies` makes a new relay code fail the type check here. */
const RELAY_MEANS = {
  not_signed_in: "not_signed_in",
  session_expired: "session_expired",
  bad_origin: "refused",
  csrf_rejected: "refused",
  bad_request: "refused",
  host_not_allowed: "refused",
  path_not_allowed: "refused",
  body_too_large: "refused",
  upstream_unreachable: "unavailable",
  upstream_timeout: "unavailable",
  upstream_error: "unavailable",
  not_configured: "refused",
  not_found: "not_found",
  internal_error: "unavailable",
  rate_limited: "busy",
  state_invalid: "refused",
  signin_declined: "refused",
  code_rejected: "refused",
  handoff_pending: "refused",
  handoff_invalid: "refused",
} satisfies Record<RelayErrorCode, ErrorCode>;

/** Every app error code, once (a new ErrorCode fails the type check until it is listed). */
const APP_CODES = Object.keys({
  offline: 1,
  network: 1,
  busy: 1,
  unavailable: 1,
  unauthorized: 1,
  not_signed_in: 1,
  session_expired: 1,
  forbidden: 1,
  not_found: 1,
  invalid: 1,
  refused: 1,
  unknown: 1,
} satisfies Record<ErrorCode, 1>) as ErrorCode[];

describe("every relay code", () => {
  it.each(RELAY_ERRORS.map((code) => [code]))(
    "%s, as the relay sends it, has the app's meaning and words",
    (code) => {
      // The relay's own error, with its own status and body (worker/lib/errors.ts).
      const sent = new RelayError(code);
      const e = errorFromResponse(sent.status, sent.toBody());
      expect(e.code).toBe(RELAY_MEANS[code]);
      expect(e.source).toBe(code);
      expect(e.status).toBe(sent.status);
      expect(e.message).toMatch(/^[A-Z].*\.$/);
    },
  );
  it("lists each relay code once", () => {
    expect(new Set(RELAY_ERRORS).size).toBe(RELAY_ERRORS.length);
    expect(Object.keys(RELAY_MEANS).sort()).toEqual([...RELAY_ERRORS].sort());
  });
});

describe("every app code", () => {
  const SIGN_IN = new Set<ErrorCode>(["unauthorized", "not_signed_in", "session_expired"]);

  it.each(APP_CODES.map((code) => [code]))("%s says what to do, and it fits the kind of error", (code) => {
    const advice = whatToDo(code);
    expect(advice).toMatch(/^[A-Z].*\.$/);
    const transient = new AppError(code, "x").transient;
    // Transient errors need nothing from the person; the rest ask for something the app cannot do.
    expect(/retries by itself|carry on when/.test(advice)).toBe(transient);
    expect(/Sign in/.test(advice)).toBe(SIGN_IN.has(code));
  });
  it("treats as transient exactly the codes that can pass by themselves", () => {
    expect(APP_CODES.filter((c) => new AppError(c, "x").transient).sort()).toEqual([
      "busy",
      "network",
      "offline",
      "unavailable",
    ]);
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

describe("429s say whose limit it is", () => {
  it("uses the relay's words for its rate_limited (its own sign-in limit, or Wrike's token endpoint)", () => {
    const own = errorFromResponse(
      429,
      {
        error: "rate_limited",
        message: "Too many sign-in attempts from this network. Wait a minute and try again.",
      },
      "60",
    );
    expect(own.code).toBe("busy");
    expect(own.message).toBe("Too many sign-in attempts from this network. Wait a minute and try again.");
    expect(own.transient).toBe(true);
    const wrike = errorFromResponse(
      429,
      { errorDescription: "Rate limit exceeded", error: "too_many_requests" },
      "5",
    );
    expect(wrike.code).toBe("busy");
    expect(wrike.message).toBe("Wrike is busy (too many requests).");
  });
});
