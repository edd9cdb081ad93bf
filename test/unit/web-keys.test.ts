// The keyboard map: movement, open, search, close, help and the g-prefix screen switches.
import { describe, expect, it } from "vitest";
import { resolveKey, SHORTCUTS } from "../../web/lib/keys.ts";

describe("keyboard map", () => {
  it("moves with j/k and arrows, opens with Enter", () => {
    expect(resolveKey({ key: "j" }, false).action).toBe("next");
    expect(resolveKey({ key: "ArrowDown" }, false).action).toBe("next");
    expect(resolveKey({ key: "k" }, false).action).toBe("prev");
    expect(resolveKey({ key: "ArrowUp" }, false).action).toBe("prev");
    expect(resolveKey({ key: "Enter" }, false).action).toBe("open");
    expect(resolveKey({ key: "/" }, false).action).toBe("search");
    expect(resolveKey({ key: "?" }, false).action).toBe("help");
  });
  it("switches screens with g then w, t or p", () => {
    const g = resolveKey({ key: "g" }, false);
    expect(g).toEqual({ action: null, pending: true });
    expect(resolveKey({ key: "w" }, true).action).toBe("go-work");
    expect(resolveKey({ key: "t" }, true).action).toBe("go-tasks");
    expect(resolveKey({ key: "p" }, true).action).toBe("go-profile");
    expect(resolveKey({ key: "x" }, true)).toEqual({ action: null, pending: false });
    // Without the prefix, w/t/p do nothing.
    expect(resolveKey({ key: "t" }, false).action).toBeNull();
  });
  it("lets text fields type, except Escape", () => {
    expect(resolveKey({ key: "j", inField: true }, false).action).toBeNull();
    expect(resolveKey({ key: "/", inField: true }, false).action).toBeNull();
    expect(resolveKey({ key: "Escape", inField: true }, false).action).toBe("close");
  });
  it("leaves browser shortcuts alone", () => {
    expect(resolveKey({ key: "k", ctrlKey: true }, false).action).toBeNull();
    expect(resolveKey({ key: "t", metaKey: true }, true)).toEqual({ action: null, pending: false });
  });
  it("documents every action in the help list", () => {
    expect(SHORTCUTS.length).toBeGreaterThanOrEqual(9);
  });
});
