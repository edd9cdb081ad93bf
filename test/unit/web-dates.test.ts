// Calendar days in the user's time zone: today, weeks, due buckets and locale formatting.
import { describe, expect, it, vi } from "vitest";
import {
  addDays,
  dayOf,
  dayRange,
  daysBetween,
  dueBucket,
  formatDay,
  formatRelativeDay,
  formatTimestamp,
  localToday,
  warmFormatters,
  todayIn,
  weekOf,
} from "../../web/ui/dates.ts";
import { safeLocale, safeTimeZone } from "../../web/ui/locale.ts";

describe("today in the user's time zone", () => {
  // 2026-03-01T23:30:00Z is still 1 March in London, already 2 March in Auckland, 1 March in New York.
  const instant = new Date("2026-03-01T23:30:00Z");
  it("differs across zones at the same instant", () => {
    expect(todayIn("Europe/London", instant)).toBe("2026-03-01");
    expect(todayIn("Pacific/Auckland", instant)).toBe("2026-03-02");
    expect(todayIn("America/New_York", instant)).toBe("2026-03-01");
  });
  it("reads the browser's own zone's today without Intl, as the formatter does in that zone", () => {
    const was = process.env.TZ;
    try {
      for (const zone of ["Pacific/Auckland", "America/New_York", "Europe/London", "Asia/Kolkata"]) {
        // Node takes a new TZ at once: the Date's local fields follow it, as a browser's follow its zone.
        process.env.TZ = zone;
        for (const at of [instant, new Date("2026-12-31T10:45:00Z"), new Date("2026-06-30T18:40:00Z")])
          expect(localToday(at), `${zone} ${at.toISOString()}`).toBe(todayIn(zone, at));
      }
    } finally {
      if (was === undefined) delete process.env.TZ;
      else process.env.TZ = was;
    }
  });
  it("falls back to the browser's zone for an unknown one", () => {
    expect(safeTimeZone("Mars/Olympus")).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(safeTimeZone("Pacific/Auckland")).toBe("Pacific/Auckland");
  });
});

describe("Wrike dates are zone-less days", () => {
  it("takes the day part of date-times and plain days", () => {
    expect(dayOf("2026-03-05T17:00:00")).toBe("2026-03-05");
    expect(dayOf("2026-03-05")).toBe("2026-03-05");
    expect(dayOf(undefined)).toBeUndefined();
    expect(dayOf("soon")).toBeUndefined();
  });
  it("adds days across month and year ends", () => {
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-01-01", -1)).toBe("2025-12-31");
    expect(daysBetween("2026-03-01", "2026-03-08")).toBe(7);
  });
  it("finds the week by the account's first day", () => {
    // 2026-03-04 is a Wednesday.
    expect(weekOf("2026-03-04", "Mon")).toEqual({ start: "2026-03-02", end: "2026-03-08" });
    expect(weekOf("2026-03-04", "Sun")).toEqual({ start: "2026-03-01", end: "2026-03-07" });
    expect(weekOf("2026-03-08", "Mon")).toEqual({ start: "2026-03-02", end: "2026-03-08" });
    expect(weekOf("2026-03-02", "Mon").start).toBe("2026-03-02");
  });
  it("buckets a due day", () => {
    const today = "2026-03-04";
    const end = "2026-03-08";
    expect(dueBucket("2026-03-03", today, end)).toBe("overdue");
    expect(dueBucket("2026-03-04", today, end)).toBe("today");
    expect(dueBucket("2026-03-08", today, end)).toBe("week");
    expect(dueBucket("2026-03-09", today, end)).toBe("later");
    expect(dueBucket(undefined, today, end)).toBe("none");
  });
  it("builds Wrike's whole-day range filters", () => {
    expect(dayRange("2026-03-02", "2026-03-08")).toEqual({
      start: "2026-03-02T00:00:00",
      end: "2026-03-08T23:59:59",
    });
    expect(dayRange(undefined, "2026-03-03")).toEqual({ end: "2026-03-03T23:59:59" });
  });
});

describe("formatting in the user's locale", () => {
  it("names close days relatively, in the locale's words", () => {
    expect(formatRelativeDay("2026-03-04", "2026-03-04", "en")).toBe("Today");
    expect(formatRelativeDay("2026-03-05", "2026-03-04", "en")).toBe("Tomorrow");
    expect(formatRelativeDay("2026-03-03", "2026-03-04", "en")).toBe("Yesterday");
    expect(formatRelativeDay("2026-03-05", "2026-03-04", "de")).toBe("Morgen");
  });
  it("formats a day without shifting it through a zone", () => {
    // A zone-less day must stay the same calendar day whatever the machine's zone.
    expect(formatDay("2026-03-09", "en-GB", "2026-03-04")).toBe("Mon 9 Mar");
    expect(formatDay("2027-01-09", "en-US", "2026-03-04")).toContain("2027");
    expect(formatDay("2026-03-09", "de", "2026-03-04")).toBe("Mo., 9. März");
  });
  it("shows UTC timestamps in the user's zone", () => {
    const s = formatTimestamp("2026-03-01T23:30:00Z", "Pacific/Auckland", "en-GB");
    expect(s).toContain("2 Mar 2026");
    expect(s).toContain("12:30");
    expect(formatTimestamp("2026-03-01T23:30:00Z", "America/New_York", "en-US")).toContain("6:30");
  });
  it("turns Wrike locales into BCP 47 tags", () => {
    expect(safeLocale("en_US")).toBe("en-US");
    expect(safeLocale("de")).toBe("de");
    expect(safeLocale(undefined, "fr")).toBe("fr");
    expect(safeLocale("not a locale!", "en")).toBe("en");
  });
});

describe("warmFormatters", () => {
  it("builds one Intl formatter in a task of its own, not in the caller's, and only once per page", () => {
    vi.useFakeTimers();
    const built = vi.spyOn(Intl, "DateTimeFormat");
    try {
      warmFormatters();
      warmFormatters();
      // Nothing yet: the caller (My work sending its first queries) is not held up.
      expect(built).not.toHaveBeenCalled();
      vi.runAllTimers();
      expect(built).toHaveBeenCalledTimes(1);
      warmFormatters();
      vi.runAllTimers();
      expect(built).toHaveBeenCalledTimes(1);
    } finally {
      built.mockRestore();
      vi.useRealTimers();
    }
  });
});
