// The bench's round-trip count (test/bench/round-trips.ts): the longest chain of requests each waiting for the last.
import { describe, expect, it } from "vitest";
import { chainTo, type Span } from "../bench/round-trips.ts";

const span = (url: string, start: number, end: number, after?: Span): Span => ({
  url,
  kind: "fetch",
  start,
  end,
  ...(after ? { after } : {}),
});

describe("round trips", () => {
  it("counts requests that started after the last one ended, not those side by side", () => {
    const doc = span("/", 0, 10);
    const token = span("/auth/token", 11, 20);
    const contacts = span("/api/v4/contacts", 21, 30);
    const tasks = span("/api/v4/tasks", 21, 35);
    expect(chainTo([doc, token, contacts, tasks], tasks).map((s) => s.url)).toEqual([
      "/",
      "/auth/token",
      "/api/v4/tasks",
    ]);
  });

  it("counts a redirect's hop after its source even when the timings overlap", () => {
    const consent = span("/consent", 0, 5);
    // Playwright times the hop from before the 302 had been read to its end.
    const callback = span("/auth/callback", 3, 20, consent);
    const page = span("/", 21, 30, callback);
    expect(chainTo([consent, callback, page], page).map((s) => s.url)).toEqual([
      "/consent",
      "/auth/callback",
      "/",
    ]);
    // Without the link the overlap would hide a trip.
    const unlinked = span("/auth/callback", 3, 20);
    expect(chainTo([consent, unlinked, span("/", 21, 30)]).length).toBe(2);
  });
});
