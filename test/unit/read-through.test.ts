// readThrough (web/platform/read-through.ts): the app context's signed-in stores, handed out before they exist.
import { describe, expect, it } from "vitest";
import { readThrough } from "../../web/platform/read-through.ts";

describe("readThrough", () => {
  it("reads each named property from the source at read time, and throws what the source throws before", () => {
    let made: { a: number; b: string } | null = null;
    const source = () => {
      if (!made) throw new Error("not yet");
      return made;
    };
    const o = readThrough<{ a: number; b: string }>({ a: true, b: true }, source);
    expect(() => o.a).toThrow("not yet");
    made = { a: 1, b: "x" };
    expect([o.a, o.b]).toEqual([1, "x"]);
    made = { a: 2, b: "y" };
    expect(o.a).toBe(2);
    expect(Object.keys(o)).toEqual(["a", "b"]);
  });

  it("keeps its getters when more properties are assigned onto it (the app context's shape)", () => {
    const store = { n: 5 };
    const o = Object.assign(
      readThrough<{ n: number }>({ n: true }, () => store),
      { extra: "e" },
    );
    store.n = 6;
    expect(o.n).toBe(6);
    expect(o.extra).toBe("e");
  });
});
