// j/k with the task panel open: the step starts from the task the panel shows, so the panel follows.
import { describe, expect, it } from "vitest";
import { stepIndex } from "../../web/nav/keyboard-nav.ts";

const ids = ["a", "b", "c", "d"];

describe("stepIndex", () => {
  it("steps from the selection when no panel is open", () => {
    expect(stepIndex(ids, -1, null, 1)).toBe(0);
    expect(stepIndex(ids, -1, null, -1)).toBe(3);
    expect(stepIndex(ids, 1, null, 1)).toBe(2);
    expect(stepIndex(ids, 0, null, -1)).toBe(0);
    expect(stepIndex(ids, 3, null, 1)).toBe(3);
  });

  it("steps from the open task, whatever the selection says", () => {
    // Opened with a click: nothing selected, yet j goes to the task after the open one.
    expect(stepIndex(ids, -1, "b", 1)).toBe(2);
    expect(stepIndex(ids, 0, "c", -1)).toBe(1);
    expect(stepIndex(ids, 0, "d", 1)).toBe(3);
  });

  it("falls back to the selection when the open task is not in the list", () => {
    expect(stepIndex(ids, 2, "zz", 1)).toBe(3);
    expect(stepIndex(ids, -1, "zz", 1)).toBe(0);
    expect(stepIndex([], -1, "a", 1)).toBe(-1);
  });
});
