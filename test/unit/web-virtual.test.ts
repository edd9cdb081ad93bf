// The virtual list's windowing: only rows near the viewport render, at 10,000 rows as at 10.
import { describe, expect, it } from "vitest";
import { moveIndex, revealRow, visibleWindow } from "../../web/tasks/virtual.ts";

describe("visible window", () => {
  it("renders a screenful plus overscan out of 10,000 rows", () => {
    const w = visibleWindow({ scrollTop: 0, viewportHeight: 600, rowHeight: 56, count: 10_000, overscan: 5 });
    expect(w.start).toBe(0);
    expect(w.end - w.start).toBeLessThan(30);
    expect(w.total).toBe(560_000);
  });
  it("follows the scroll position", () => {
    const w = visibleWindow({
      scrollTop: 56 * 5000,
      viewportHeight: 560,
      rowHeight: 56,
      count: 10_000,
      overscan: 5,
    });
    expect(w.start).toBe(4995);
    expect(w.end).toBe(5016);
    expect(w.offset).toBe(4995 * 56);
  });
  it("clamps at the end and past it", () => {
    const w = visibleWindow({ scrollTop: 1e9, viewportHeight: 560, rowHeight: 56, count: 100, overscan: 2 });
    expect(w.end).toBe(100);
    expect(w.start).toBeGreaterThan(80);
    expect(visibleWindow({ scrollTop: 0, viewportHeight: 500, rowHeight: 50, count: 0 })).toEqual({
      start: 0,
      end: 0,
      offset: 0,
      total: 0,
    });
  });
});

describe("keyboard movement", () => {
  it("reveals a row above or below the viewport, or leaves the scroll alone", () => {
    expect(revealRow(0, 100, 500, 50)).toBe(0);
    expect(revealRow(20, 0, 500, 50)).toBe(550);
    expect(revealRow(3, 0, 500, 50)).toBeNull();
  });
  it("clamps the selection", () => {
    expect(moveIndex(-1, 1, 10)).toBe(0);
    expect(moveIndex(-1, -1, 10)).toBe(9);
    expect(moveIndex(9, 1, 10)).toBe(9);
    expect(moveIndex(0, -1, 10)).toBe(0);
    expect(moveIndex(0, 1, 0)).toBe(-1);
  });
});
