// return_to: same-origin paths pass; anything that could leave the origin is refused.
import { describe, expect, it } from "vitest";
import { validateReturnTo } from "../../worker/lib/return-to.ts";

describe("validateReturnTo", () => {
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
