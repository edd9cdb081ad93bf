// The pane's work view caps each section on its own, so a long Overdue never hides Today.
import { describe, expect, it } from "vitest";
import { firstRows, workSections } from "../../web/embed/sections.ts";
import { groupMyWork } from "../../web/tasks/mywork.ts";
import type { Task } from "../../web/wrike/types.ts";

const today = "2026-03-04";
let n = 0;
function task(due: string | undefined): Task {
  n++;
  return {
    id: `T${n}`,
    title: `Task ${String(n).padStart(3, "0")}`,
    status: "Active",
    importance: "Normal",
    createdDate: "2026-01-01T00:00:00Z",
    updatedDate: "2026-01-01T00:00:00Z",
    dates: due ? { type: "Milestone", due } : { type: "Backlog" },
  };
}
// 27 overdue, 2 today, 1 undated: the case the issue names.
const tasks = [
  ...Array.from({ length: 27 }, (_, i) => task(`2026-02-${String(i + 1).padStart(2, "0")}`)),
  task(today),
  task(today),
  task(undefined),
];
const groups = groupMyWork(tasks, { today, weekEnd: "2026-03-08", statuses: new Map() });

describe("work sections", () => {
  it("shows the first rows of every section, Today included, with how many more each has", () => {
    const s = workSections(groups, 5, new Set());
    expect(s.map((g) => [g.label, g.count, g.items.length, g.hidden])).toEqual([
      ["Overdue", 27, 5, 22],
      ["Today", 2, 2, 0],
      ["No date", 1, 1, 0],
    ]);
    // Soonest due first within the section.
    expect(s[0]!.items.map((i) => i.due)).toEqual([
      "2026-02-01",
      "2026-02-02",
      "2026-02-03",
      "2026-02-04",
      "2026-02-05",
    ]);
  });
  it("shows a section in full once it is expanded, the others still capped", () => {
    const s = workSections(groups, 1, new Set(["overdue"]));
    expect(s.map((g) => [g.items.length, g.hidden])).toEqual([
      [27, 0],
      [1, 1],
      [1, 0],
    ]);
  });
});

it("cuts the tasks view at a fixed length across sections", () => {
  expect(firstRows(groups, 25)).toHaveLength(25);
  expect(firstRows(groups, 29).at(-1)!.due).toBe(today);
});
