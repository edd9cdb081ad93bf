// My work's folded sections: what a stored value means, and that a save reads back the same.
import { afterEach, describe, expect, it } from "vitest";
import { FOLDED_KEY, loadFolded, parseFolded, saveFolded } from "../../web/tasks/folds.ts";

class MemoryStorage {
  #items = new Map<string, string>();
  getItem(k: string): string | null {
    return this.#items.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    this.#items.set(k, v);
  }
  removeItem(k: string): void {
    this.#items.delete(k);
  }
}

const g = globalThis as { localStorage?: unknown };
afterEach(() => {
  delete g.localStorage;
});

describe("folded sections", () => {
  it("reads known sections only, in display order", () => {
    expect(parseFolded(JSON.stringify(["later", "overdue"]))).toEqual(["overdue", "later"]);
    expect(parseFolded(JSON.stringify(["overdue", "bogus", 3]))).toEqual(["overdue"]);
  });

  it("treats a missing, broken or odd value as nothing folded", () => {
    expect(parseFolded(null)).toEqual([]);
    expect(parseFolded("{not json")).toEqual([]);
    expect(parseFolded(JSON.stringify({ overdue: true }))).toEqual([]);
  });

  it("saves and loads back through localStorage", () => {
    const store = new MemoryStorage();
    g.localStorage = store;
    expect(saveFolded(new Set(["none", "overdue"] as const))).toBe(true);
    expect(store.getItem(FOLDED_KEY.key)).toBe(JSON.stringify(["overdue", "none"]));
    expect(loadFolded()).toEqual(["overdue", "none"]);
  });

  it("carries on when storage is denied", () => {
    Object.defineProperty(g, "localStorage", {
      configurable: true,
      get() {
        throw new DOMException("denied", "SecurityError");
      },
    });
    expect(saveFolded(["overdue"])).toBe(false);
    expect(loadFolded()).toEqual([]);
  });
});
