// The session's start-up steps that need none of its state: what a token's scope lets the app write.
import { describe, expect, it } from "vitest";
import { canWriteWith } from "../../web/session/start-up.ts";

describe("what a token may write", () => {
  it("writes with wsReadWrite or Default in Wrike's scope list, whatever the separator", () => {
    expect(canWriteWith("oauth", "wsReadWrite")).toBe(true);
    expect(canWriteWith("oauth", "wsReadOnly,Default")).toBe(true);
    expect(canWriteWith("oauth", "amReadOnlyUser wsReadWrite")).toBe(true);
  });
  it("only reads with a read-only scope, or a name that merely contains a writing one", () => {
    expect(canWriteWith("oauth", "wsReadOnly")).toBe(false);
    expect(canWriteWith("oauth", "wsReadWriteX,NotDefault")).toBe(false);
    expect(canWriteWith(null, "")).toBe(false);
  });
  it("writes with a permanent token, which carries the user's own rights and no scope", () => {
    expect(canWriteWith("permanent", "")).toBe(true);
  });
});
