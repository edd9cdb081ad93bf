// return_to: same-origin paths pass; anything that could leave the origin is refused.
import { describe, expect, it } from "vitest";
import { validateReturnTo } from "../../worker/lib/return-to.ts";

describe("validateReturnTo", () => {
  it.each([
    "/api/v4/attachments/IEAAA/download/a.svg?access_token=x",
    "/API/v4/tasks",
    "/api",
    "/auth/login?mode=popup",
    "/auth",
    "/Auth/token",
    "/%61pi/v4/tasks",
    "/%2561pi/v4/tasks",
    "/x/../api/v4/tasks",
    "/x/%2e%2e/auth/login",
    "/api;x/v4",
  ])("refuses the relay's own routes: %s", (target) => {
    expect(validateReturnTo(target)).toBeUndefined();
  });

  it("keeps pages that only start like a relay route, and caps the stored path at 512 bytes", () => {
    expect(validateReturnTo("/apis")).toBe("/apis");
    expect(validateReturnTo("/tasks?q=/api/")).toBe("/tasks?q=/api/");
    const fits = `/tasks?q=${"a".repeat(512 - 9)}`;
    expect(validateReturnTo(fits)).toBe(fits);
    expect(validateReturnTo(`${fits}a`)).toBeUndefined();
    // Percent-encoding counts as it is stored: 100 encoded "é" are 600 bytes.
    expect(validateReturnTo(`/tasks?q=${"%C3%A9".repeat(100)}`)).toBeUndefined();
  });

  it("accepts same-origin paths and keeps query and fragment", () => {
    expect(validateReturnTo(undefined)).toBe("/");
    expect(validateReturnTo("")).toBe("/");
    expect(validateReturnTo("/")).toBe("/");
    expect(validateReturnTo("/tasks?status=Active#top")).toBe("/tasks?status=Active#top");
    expect(validateReturnTo("/tasks/IEAAAAAAKQAAAAAA")).toBe("/tasks/IEAAAAAAKQAAAAAA");
    expect(validateReturnTo("/search?q=50%25%20off")).toBe("/search?q=50%25%20off");
    expect(validateReturnTo("/a/../b")).toBe("/b");
  });

  it.each([
    "https://evil.test/",
    "http://evil.test",
    "//evil.test",
    "//evil.test/path",
    "///evil.test",
    "/\\evil.test",
    "\\\\evil.test",
    "\\/evil.test",
    "/%2F%2Fevil.test",
    "%2F%2Fevil.test",
    "/%2f/evil.test",
    "/%5Cevil.test",
    "/%5cevil.test",
    "/%252F%252Fevil.test",
    "/%25252F%25252Fevil.test",
    "/%2525252F%2525252Fevil.test",
    "javascript:alert(1)",
    "data:text/html,hi",
    "evil.test",
    "tasks",
    "/\tevil",
    "/\nevil",
    "/%09/evil.test",
    "/%0d%0aSet-Cookie:x=1",
    "/ evil",
    "/%E0%A4%A",
    "/" + "a".repeat(3000),
  ])("refuses %j", (raw) => {
    expect(validateReturnTo(raw)).toBeUndefined();
  });
});
