// My work: grouping by due day, in progress by workflow stage and start day (never by status name).
import { describe, expect, it } from "vitest";
import {
  flattenGroups,
  groupMyWork,
  isInProgress,
  isScheduled,
  partKey,
  startsNote,
  visibleItems,
  firstPaintLimits,
} from "../../web/tasks/mywork.ts";
import { indexStatuses, statusColour, statusesOfWorkflow } from "../../web/wrike/workflows.ts";
import type { Task, Workflow } from "../../web/wrike/types.ts";
import type { DueBucket } from "../../web/ui/dates.ts";

// Names deliberately misleading: classification must come from group and standardness only.
const workflows: Workflow[] = [
  {
    id: "WF1",
    name: "Default Workflow",
    standard: true,
    customStatuses: [
      { id: "S-new", name: "In Progress", group: "Active", standard: true, color: "Blue" },
      { id: "S-doing", name: "New", group: "Active", standard: false, color: "Orange" },
      { id: "S-done", name: "Completed", group: "Completed", standard: true, color: "Green" },
    ],
  },
  {
    id: "WF2",
    name: "Design",
    customStatuses: [
      { id: "D-first", name: "Review", group: "Active" },
      { id: "D-second", name: "Backlog", group: "Active" },
      { id: "D-hidden", name: "Old", group: "Active", hidden: true },
      { id: "D-off", name: "Parked", group: "Deferred" },
    ],
  },
];
const statuses = indexStatuses(workflows);

let n = 0;
function task(p: Partial<Task> & { due?: string; start?: string }): Task {
  const { due, start, ...rest } = p;
  return {
    id: `T${++n}`,
    title: `Task ${n}`,
    status: "Active",
    importance: "Normal",
    createdDate: "2026-01-01T00:00:00Z",
    updatedDate: "2026-01-01T00:00:00Z",
    customStatusId: "S-new",
    dates: due || start ? { type: "Planned", due, start } : { type: "Backlog" },
    ...rest,
  };
}

const today = "2026-03-04";
const weekEnd = "2026-03-08";

describe("workflow stages", () => {
  it("treats the standard Active status as the entry, others as in progress", () => {
    expect(statuses.get("S-new")?.stage).toBe("todo");
    expect(statuses.get("S-doing")?.stage).toBe("progress");
    expect(statuses.get("S-done")?.stage).toBe("closed");
  });
  it("uses the first Active status when none is standard", () => {
    expect(statuses.get("D-first")?.stage).toBe("todo");
    expect(statuses.get("D-second")?.stage).toBe("progress");
    expect(statuses.get("D-off")?.stage).toBe("closed");
  });
  it("offers only the task's own workflow's visible statuses", () => {
    expect(statusesOfWorkflow(statuses, "D-first").map((s) => s.id)).toEqual([
      "D-first",
      "D-second",
      "D-off",
    ]);
    expect(statusesOfWorkflow(statuses, "unknown")).toEqual([]);
  });
  it("maps Wrike colour names, falling back by group", () => {
    expect(statusColour("Green", "Active")).toMatch(/^#/);
    expect(statusColour(undefined, "Completed")).toBe(statusColour("Green", "Active"));
  });
});

describe("in progress", () => {
  it("by a later Active status", () => {
    expect(isInProgress(task({ customStatusId: "S-doing" }), today, statuses)).toBe(true);
    expect(isInProgress(task({ customStatusId: "S-new" }), today, statuses)).toBe(false);
  });
  it("not before the planned start, whatever the status", () => {
    const doing = { customStatusId: "S-doing" };
    expect(
      isInProgress(task({ ...doing, start: "2026-03-04T09:00:00", due: "2026-03-10" }), today, statuses),
    ).toBe(true);
    expect(isInProgress(task({ ...doing, start: "2026-03-05", due: "2026-03-10" }), today, statuses)).toBe(
      false,
    );
    // The entry status stays to do even once the start day has passed.
    expect(isInProgress(task({ start: "2026-03-01", due: "2026-03-10" }), today, statuses)).toBe(false);
  });
  it("by the start day alone when the status is unknown", () => {
    expect(isInProgress(task({ customStatusId: "X", start: "2026-03-01" }), today, statuses)).toBe(true);
    expect(isInProgress(task({ customStatusId: "X", start: "2026-03-09" }), today, statuses)).toBe(false);
  });
});

describe("grouping", () => {
  const tasks = [
    task({ title: "later", due: "2026-04-01" }),
    task({ title: "overdue old", due: "2026-02-01" }),
    task({ title: "overdue recent", due: "2026-03-03" }),
    task({ title: "today low", due: "2026-03-04", importance: "Low" }),
    task({ title: "today high", due: "2026-03-04", importance: "High" }),
    task({ title: "week doing", due: "2026-03-06", customStatusId: "S-doing" }),
    task({ title: "week todo", due: "2026-03-05" }),
    task({ title: "undated" }),
    task({ title: "closed", due: "2026-03-01", status: "Completed", customStatusId: "S-done" }),
  ];
  const groups = groupMyWork(tasks, { today, weekEnd, statuses });
  const titles = (b: string, part: "inProgress" | "toDo") =>
    groups.find((g) => g.bucket === b)![part].map((i) => i.task.title);

  it("returns the five groups in order with counts, leaving out closed tasks", () => {
    expect(groups.map((g) => [g.label, g.count])).toEqual([
      ["Overdue", 2],
      ["Today", 2],
      ["This week", 2],
      ["Later", 1],
      ["No date", 1],
    ]);
  });
  it("sorts soonest first, then by importance", () => {
    expect(titles("overdue", "toDo")).toEqual(["overdue old", "overdue recent"]);
    expect(titles("today", "toDo")).toEqual(["today high", "today low"]);
  });
  it("sets in-progress apart within a group", () => {
    expect(titles("week", "inProgress")).toEqual(["week doing"]);
    expect(titles("week", "toDo")).toEqual(["week todo"]);
  });
  it("flattens in display order for keyboard movement", () => {
    expect(flattenGroups(groups).map((i) => i.task.title)).toEqual([
      "overdue old",
      "overdue recent",
      "today high",
      "today low",
      "week doing",
      "week todo",
      "later",
      "undated",
    ]);
  });
  it("paints first only the first rows in display order, past folded sections, whatever the parts", () => {
    const titles = (limits: ReadonlyMap<string, number>, folded: DueBucket[] = []) =>
      visibleItems(groups, new Set(folded), new Set(), limits).map((i) => i.task.title);
    expect(titles(firstPaintLimits(groups, new Set(), 3))).toEqual([
      "overdue old",
      "overdue recent",
      "today high",
    ]);
    expect(titles(firstPaintLimits(groups, new Set(["overdue"]), 3), ["overdue"])).toEqual([
      "today high",
      "today low",
      "week doing",
    ]);
    // A budget past every row shows every row; none shows none.
    expect(titles(firstPaintLimits(groups, new Set(), 100))).toEqual(
      flattenGroups(groups).map((i) => i.task.title),
    );
    expect(titles(firstPaintLimits(groups, new Set(), 0))).toEqual([]);
    // Only parts with rows are named, each with its share of the budget.
    expect([...firstPaintLimits(groups, new Set(["overdue"]), 3)]).toEqual([
      [partKey("today", "todo"), 2],
      [partKey("week", "progress"), 1],
    ]);
  });

  it("walks only what is on screen: no folded section, a part's first rows until shown in full", () => {
    const shown = (folded: DueBucket[], expanded: string[], limit: number) =>
      visibleItems(groups, new Set(folded), new Set(expanded), limit).map((i) => i.task.title);
    expect(shown(["overdue", "week"], [], 50)).toEqual(["today high", "today low", "later", "undated"]);
    expect(shown([], [], 1)).toEqual([
      "overdue old",
      "today high",
      "week doing",
      "week todo",
      "later",
      "undated",
    ]);
    expect(shown([], [partKey("today", "todo")], 1)).toEqual([
      "overdue old",
      "today high",
      "today low",
      "week doing",
      "week todo",
      "later",
      "undated",
    ]);
  });
});

describe("scheduled: a planned start after today", () => {
  // An "In progress" status on a task not due to start yet: neither "To do" nor "In progress" is true.
  const ahead = task({
    title: "ahead",
    customStatusId: "S-doing",
    start: "2026-03-06T09:00:00",
    due: "2026-03-06",
  });
  const fresh = task({ title: "fresh", start: "2026-03-05", due: "2026-03-07" });
  const begun = task({ title: "begun", customStatusId: "S-doing", start: "2026-03-04", due: "2026-03-07" });
  const plain = task({ title: "plain", due: "2026-03-07" });
  const groups = groupMyWork([ahead, fresh, begun, plain], { today, weekEnd, statuses });
  const week = groups.find((g) => g.bucket === "week")!;

  it("stands apart from in progress and to do, whatever the status says", () => {
    expect(week.scheduled.map((i) => i.task.title)).toEqual(["ahead", "fresh"]);
    expect(week.inProgress.map((i) => i.task.title)).toEqual(["begun"]);
    expect(week.toDo.map((i) => i.task.title)).toEqual(["plain"]);
    expect(week.count).toBe(4);
  });
  it("comes last in a group's display order", () => {
    expect(flattenGroups(groups).map((i) => i.task.title)).toEqual(["begun", "plain", "ahead", "fresh"]);
  });
  it("is decided by the start day: today or earlier has started, no start never is scheduled", () => {
    expect(isScheduled(task({ start: "2026-03-04T23:00:00", due: "2026-03-09" }), today)).toBe(false);
    expect(isScheduled(task({ start: "2026-03-05T00:00:00", due: "2026-03-09" }), today)).toBe(true);
    expect(isScheduled(task({ due: "2026-03-09" }), today)).toBe(false);
  });
  it("says when it starts, in the user's locale", () => {
    expect(startsNote("2026-03-05", today, "en-US")).toBe("Starts tomorrow");
    expect(startsNote("2026-03-12", today, "en-US")).toBe("Starts Mar 12");
    expect(startsNote("2026-03-12", today, "en-GB")).toBe("Starts 12 Mar");
    expect(startsNote("2027-01-04", today, "en-US")).toBe("Starts Jan 4, 2027");
  });
});

describe("where a row says the task lives", () => {
  it("names the first folder or project, and nothing for the account's root", async () => {
    const { rowPlace } = await import("../../web/tasks/rows.ts");
    expect(rowPlace({ title: "Robot arm v2", scope: "WsFolder" })).toBe("Robot arm v2");
    expect(rowPlace({ title: "Root", scope: "WsRoot" })).toBeUndefined();
    expect(rowPlace({ title: "Recycle Bin", scope: "RbRoot" })).toBeUndefined();
    expect(rowPlace(undefined)).toBeUndefined();
  });
});
