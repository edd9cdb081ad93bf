// Header allow-lists: only the listed request headers go to Wrike, only safe ones come back.
import { describe, expect, it } from "vitest";
import { RelayError } from "../../worker/lib/errors.ts";
import {
  forwardRequestHeaders,
  hasUnsafeHeaderChars,
  passResponseHeaders,
} from "../../worker/lib/headers.ts";

describe("forwardRequestHeaders", () => {
  it("keeps the allow-listed headers and drops everything else, Cookie first", () => {
    const out = forwardRequestHeaders(
      new Headers({
        Authorization: "bearer abc",
        "Content-Type": "application/x-www-form-urlencoded",
        Accept: "application/json",
        "Accept-Language": "de",
        "If-None-Match": '"x"',
        Cookie: "__Host-wp_session=sealed",
        Origin: "https://evil.test",
        Host: "evil.test",
        "X-Wrike-Host": "www.wrike.com",
        "X-Forwarded-For": "1.2.3.4",
        Referer: "https://relay.test/secret",
      }),
    );
    expect([...out.keys()].sort()).toEqual([
      "accept",
      "accept-language",
      "authorization",
      "content-type",
      "if-none-match",
    ]);
    expect(out.get("authorization")).toBe("bearer abc");
  });

  it("detects CR, LF and NUL (defence in depth: Headers already refuses them)", () => {
    expect(hasUnsafeHeaderChars("a\r\nSet-Cookie: x")).toBe(true);
    expect(hasUnsafeHeaderChars("a\nb")).toBe(true);
    expect(hasUnsafeHeaderChars("a\0b")).toBe(true);
    expect(hasUnsafeHeaderChars("bearer abc")).toBe(false);
    // The platform refuses such a value before the relay ever sees it.
    expect(() => new Headers({ Authorization: "bearer a\r\nX-Evil: 1" })).toThrow();
  });

  it("refuses a value with a line break if one ever arrives", () => {
    const fake = { get: (n: string) => (n === "authorization" ? "bearer a\r\nX: y" : null) };
    expect(() => forwardRequestHeaders(fake as unknown as Headers)).toThrow(RelayError);
  });
});

describe("passResponseHeaders", () => {
  it("passes content and caching headers and Retry-After, never cookies or Location", () => {
    const out = passResponseHeaders(
      new Headers({
        "Content-Type": "application/json",
        "Retry-After": "7",
        "Cache-Control": "no-cache",
        ETag: '"v1"',
        "Set-Cookie": "wrike=1",
        Location: "https://evil.test",
        "Access-Control-Allow-Origin": "*",
        "Content-Length": "10",
        Server: "wrike",
      }),
    );
    expect(Object.fromEntries(out)).toEqual({
      "cache-control": "no-cache",
      "content-type": "application/json",
      etag: '"v1"',
      "retry-after": "7",
    });
  });
});
