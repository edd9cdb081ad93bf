// The task panel's pure parts: custom field values by type (and unknown types as raw text), file sizes,
// durations, the related-task batch plan and the time totals.
import { describe, expect, it } from "vitest";
import {
  fileKind,
  formatFieldValue,
  formatHours,
  formatMinutes,
  formatSize,
  parseList,
} from "../../web/tasks/panel/format.ts";
import { IDS_PER_CALL, planRelated, timeTotals } from "../../web/tasks/panel/plan.ts";
import { safeFileName } from "../../web/tasks/panel/save.ts";
import type { CustomField } from "../../web/wrike/types.ts";

const people: Record<string, string> = { KU1: "Grace Hopper", KU2: "Margaret Hamilton" };
const ctx = { locale: "en-GB", today: "2026-12-02", person: (id: string) => people[id] ?? "…" };
const field = (type: string, settings: CustomField["settings"] = {}): CustomField => ({
  id: "JU1",
  title: "F",
  type,
  settings,
});
const show = (f: CustomField | undefined, v: string, c = ctx) => formatFieldValue(f, v, c);

describe("custom field values by type", () => {
  it("text and dropdown show Wrike's text as it is", () => {
    expect(show(field("Text"), "Harbour & Rail <b>x</b>")).toEqual({
      text: "Harbour & Rail <b>x</b>",
      known: true,
    });
    expect(show(field("DropDown"), "High")).toEqual({ text: "High", known: true });
  });

  it("numbers follow the field's decimal places and thousands separator", () => {
    expect(show(field("Numeric", { decimalPlaces: 1, useThousandsSeparator: false }), "12345.25")?.text).toBe(
      "12345.3",
    );
    expect(show(field("Numeric", { decimalPlaces: 2 }), "1234")?.text).toBe("1,234.00");
    expect(show(field("Numeric"), "twelve")).toEqual({ text: "twelve", known: false });
  });

  it("currency uses the field's currency code, and survives an unknown one", () => {
    expect(show(field("Currency", { currency: "USD", decimalPlaces: 2 }), "18250")?.text).toBe(
      "US$18,250.00",
    );
    expect(
      show(field("Currency", { currency: "EUR", decimalPlaces: 0 }), "99", {
        ...ctx,
        locale: "de-DE",
      })?.text.replace(/\s/g, " "),
    ).toBe("99 €");
    expect(show(field("Currency", { currency: "<b>" }), "5")?.text).toBe("5");
  });

  it("percentages read the value as a percent", () => {
    expect(show(field("Percentage", { decimalPlaces: 0 }), "40")?.text).toBe("40%");
    expect(show(field("Percentage", { decimalPlaces: 1 }), "12.25")?.text).toBe("12.3%");
  });

  it("durations are minutes", () => {
    expect(show(field("Duration"), "150")?.text).toBe("2h 30m");
    expect(show(field("Duration"), "480")?.text).toBe("8h");
    expect(show(field("Duration"), "-5")).toEqual({ text: "-5", known: false });
  });

  it("dates are days (the year only when it is not this year), with a time where the field allows it", () => {
    expect(show(field("Date"), "2027-03-15")?.text).toBe("Mon, 15 Mar 2027");
    expect(show(field("Date"), "2026-12-25")?.text).toBe("Fri 25 Dec");
    expect(show(field("Date", { allowTime: true }), "2026-12-25T14:30:00")?.text).toBe("Fri 25 Dec, 14:30");
    expect(show(field("Date"), "soon")).toEqual({ text: "soon", known: false });
  });

  it("checkboxes say yes or no", () => {
    expect(show(field("Checkbox"), "true")?.text).toBe("Yes");
    expect(show(field("Checkbox"), "False")?.text).toBe("No");
    expect(show(field("Checkbox"), "maybe")?.known).toBe(false);
  });

  it("contacts are names from the directory, from a comma list or a JSON array", () => {
    expect(show(field("Contacts"), "KU1,KU2")?.text).toBe("Grace Hopper, Margaret Hamilton");
    expect(show(field("Contacts"), '["KU2"]')?.text).toBe("Margaret Hamilton");
    expect(show(field("Contacts"), "KU9")?.text).toBe("…");
  });

  it("multiple choice lists the options", () => {
    expect(show(field("Multiple"), '["Vision","Base"]')?.text).toBe("Vision, Base");
    expect(show(field("Multiple"), "Arm, Gripper")?.text).toBe("Arm, Gripper");
    expect(show(field("Multiple"), "[]")).toBeUndefined();
  });

  it("an unknown type, or a field not in the list, shows the raw string; empty values show nothing", () => {
    expect(show(field("LinkToDatabase"), '["RE1"]')).toEqual({ text: '["RE1"]', known: false });
    expect(show(field("Formula2030"), "<img src=x onerror=alert(1)>")).toEqual({
      text: "<img src=x onerror=alert(1)>",
      known: false,
    });
    expect(show(undefined, "42")).toEqual({ text: "42", known: false });
    expect(show(field("Text"), "  ")).toBeUndefined();
  });

  it("parses lists leniently", () => {
    expect(parseList('["a", " b ", ""]')).toEqual(["a", "b"]);
    expect(parseList("[not json, x")).toEqual(["[not json", "x"]);
  });
});

describe("sizes, durations, kinds and names", () => {
  it("formats sizes in binary multiples", () => {
    expect(formatSize(0, "en")).toBe("0 B");
    expect(formatSize(512, "en")).toBe("512 B");
    expect(formatSize(1536, "en")).toBe("1.5 KB");
    expect(formatSize(150 * 1024, "en")).toBe("150 KB");
    expect(formatSize(1_500_000, "en")).toBe("1.4 MB");
    expect(formatSize(1_500_000, "de")).toBe("1,4 MB");
    expect(formatSize(5 * 1024 ** 4 * 1024, "en")).toBe("5,120 TB");
    expect(formatSize(undefined, "en")).toBe("");
    expect(formatSize(-1, "en")).toBe("");
  });

  it("formats minutes and hours to the minute", () => {
    expect(formatMinutes(0)).toBe("0m");
    expect(formatMinutes(45)).toBe("45m");
    expect(formatMinutes(60)).toBe("1h");
    expect(formatHours(2.5)).toBe("2h 30m");
    expect(formatHours(0.1)).toBe("6m");
  });

  it("names a file's kind by extension, else by MIME subtype", () => {
    expect(fileKind("drift-graph.png", "image/png")).toBe("PNG");
    expect(fileKind("README", "text/plain; charset=utf-8")).toBe("PLAIN");
    expect(fileKind("blob", undefined)).toBe("File");
  });

  it("keeps a saved file's name free of paths and control characters", () => {
    expect(safeFileName("../../etc/passwd")).toBe(".._.._etc_passwd");
    expect(safeFileName("a\u0000b\nc.txt")).toBe("a_b_c.txt");
    expect(safeFileName("  ")).toBe("download");
    expect(safeFileName('notes "final"; filename=evil.html.txt')).toBe(
      'notes "final"; filename=evil.html.txt',
    );
  });
});

describe("batch plan for the parent and subtasks", () => {
  it("asks for parents and subtasks together, each once, never the task itself", () => {
    const plan = planRelated({ id: "T", superTaskIds: ["P"], subTaskIds: ["A", "B", "A", "T", "P"] });
    expect(plan.parents).toEqual(["P"]);
    expect(plan.subtasks).toEqual(["A", "B"]);
    expect(plan.calls).toEqual([["P", "A", "B"]]);
  });

  it("makes no call for a task with neither", () => {
    expect(planRelated({ id: "T" }).calls).toEqual([]);
  });

  it("splits 250 subtasks and a parent into calls of at most 100", () => {
    const subs = Array.from({ length: 250 }, (_, i) => `S${i}`);
    const plan = planRelated({ id: "T", superTaskIds: ["P"], subTaskIds: subs });
    expect(IDS_PER_CALL).toBe(100);
    expect(plan.calls.map((c) => c.length)).toEqual([100, 100, 51]);
    expect(plan.calls.flat()).toEqual(["P", ...subs]);
  });
});

describe("time totals", () => {
  const logs = [
    { taskId: "T", userId: "ME", hours: 1.5 },
    { taskId: "T", userId: "OTHER", hours: 2 },
    { taskId: "SUB", userId: "ME", hours: 0.25 },
    { taskId: "T", userId: "ME", hours: Number.NaN },
  ];
  it("adds mine and everyone's on the task, and with its subtasks", () => {
    expect(timeTotals(logs, "T", "ME")).toEqual({
      mine: 1.5,
      everyone: 3.5,
      mineWithSubtasks: 1.75,
      everyoneWithSubtasks: 3.75,
      entries: 3,
    });
  });
  it("counts nothing as mine without a known user", () => {
    expect(timeTotals(logs, "T", undefined).mine).toBe(0);
  });
});
