// My tasks: the filter in the URL, what the search box means, and the Wrike query it makes.
import { describe, expect, it } from "vitest";
import {
  countLabel,
  DEFAULT_FILTER,
  filterToSearch,
  matchesFilter,
  outsideFilter,
  parseFilter,
  parseSearch,
  tasksQuery,
} from "../../web/tasks/filters.ts";
import { toSearchParams } from "../../web/wrike/query.ts";
import type { Task } from "../../web/wrike/types.ts";

const ctx = {
  meId: "KUAAAAAA",
  today: "2026-03-04",
  week: { start: "2026-03-02", end: "2026-03-08" },
  host: "www.wrike.com",
  pageSize: 200,
};

describe("filter in the URL", () => {
  it("round-trips, leaving defaults out", () => {
    expect(filterToSearch(DEFAULT_FILTER)).toBe("");
    const f = {
      who: "created",
      status: "Completed",
      importance: "High",
      due: "week",
      q: "launch",
      sort: "updated",
    } as const;
    expect(parseFilter(new URLSearchParams(filterToSearch(f)))).toEqual(f);
  });
  it("ignores values it does not know", () => {
    expect(parseFilter(new URLSearchParams("status=Open&importance=Urgent&sort=random&due=soon"))).toEqual(
      DEFAULT_FILTER,
    );
  });
});

describe("search box", () => {
  it("reads a bare number or an open.htm link as a permalink", () => {
    expect(parseSearch("801787799")).toEqual({ kind: "permalink", number: "801787799" });
    expect(parseSearch(" https://www.wrike.com/open.htm?id=42 ")).toEqual({
      kind: "permalink",
      number: "42",
      url: "https://www.wrike.com/open.htm?id=42",
    });
    expect(parseSearch("https://app-eu.wrike.com/open.htm?foo=1&id=77#x")).toMatchObject({
      kind: "permalink",
      number: "77",
    });
  });
  it("reads a classic task id or id:… as an id", () => {
    expect(parseSearch("IEADMUW4KQOFGGKJ")).toEqual({ kind: "id", id: "IEADMUW4KQOFGGKJ" });
    expect(parseSearch("id: MyNew-Id_1:2.3=")).toEqual({ kind: "id", id: "MyNew-Id_1:2.3=" });
  });
  it("reads anything else as a title", () => {
    expect(parseSearch("Quarterly report")).toEqual({ kind: "title", title: "Quarterly report" });
    expect(parseSearch("  ")).toEqual({ kind: "none" });
    // Upper-case words that are not 16-char ids stay titles.
    expect(parseSearch("ROADMAP")).toEqual({ kind: "title", title: "ROADMAP" });
  });
});

describe("Wrike query", () => {
  it("asks for my tasks in the status, sorted by due date", () => {
    const q = tasksQuery(DEFAULT_FILTER, ctx);
    expect(q).toMatchObject({
      responsibles: ["KUAAAAAA"],
      status: "Active",
      sortField: "DueDate",
      sortOrder: "Asc",
      pageSize: 200,
    });
    expect(toSearchParams(q).get("responsibles")).toBe('["KUAAAAAA"]');
  });
  it("turns due choices into date ranges or Backlog", () => {
    expect(tasksQuery({ ...DEFAULT_FILTER, due: "overdue" }, ctx).dueDate).toEqual({
      end: "2026-03-03T23:59:59",
    });
    expect(tasksQuery({ ...DEFAULT_FILTER, due: "today" }, ctx).dueDate).toEqual({
      start: "2026-03-04T00:00:00",
      end: "2026-03-04T23:59:59",
    });
    expect(tasksQuery({ ...DEFAULT_FILTER, due: "week" }, ctx).dueDate).toEqual({
      start: "2026-03-02T00:00:00",
      end: "2026-03-08T23:59:59",
    });
    const none = tasksQuery({ ...DEFAULT_FILTER, due: "none" }, ctx);
    expect(none.type).toBe("Backlog");
    expect(none.dueDate).toBeUndefined();
  });
  it("searches titles and permalinks, sorts by update or importance", () => {
    expect(tasksQuery({ ...DEFAULT_FILTER, q: "report" }, ctx).title).toBe("report");
    expect(tasksQuery({ ...DEFAULT_FILTER, q: "42" }, ctx).permalink).toBe(
      "https://www.wrike.com/open.htm?id=42",
    );
    expect(tasksQuery({ ...DEFAULT_FILTER, sort: "updated" }, ctx)).toMatchObject({
      sortField: "UpdatedDate",
      sortOrder: "Desc",
    });
    expect(tasksQuery({ ...DEFAULT_FILTER, sort: "importance", importance: "High" }, ctx)).toMatchObject({
      sortField: "Importance",
      importance: "High",
    });
  });
});

it("counts in the user's locale", () => {
  expect(countLabel(200, 10000, "en")).toBe("Showing 200 of 10,000");
  expect(countLabel(200, 10000, "de")).toBe("Showing 200 of 10.000");
  expect(countLabel(1, 1, "en")).toBe("1 task");
  expect(countLabel(3, undefined, "en")).toBe("3 tasks");
});

describe("exact searches (id, permalink) and the filters", () => {
  const task = (p: Partial<Task> = {}): Task => ({
    id: "IEADMUW4KQOFGGKJ",
    title: "Ship it",
    status: "Completed",
    importance: "Low",
    createdDate: "2026-01-01T00:00:00Z",
    updatedDate: "2026-01-01T00:00:00Z",
    permalink: "https://www.wrike.com/open.htm?id=42",
    dates: { type: "Milestone", due: "2026-03-20" },
    ...p,
  });
  const days = { today: ctx.today, week: ctx.week };

  it("reads a task id in any case as Wrike's upper-case id", () => {
    expect(parseSearch("ieadmuw4kqofggkj")).toEqual({ kind: "id", id: "IEADMUW4KQOFGGKJ" });
    expect(parseSearch(" IeAdMuW4kQoFgGkJ ")).toEqual({ kind: "id", id: "IEADMUW4KQOFGGKJ" });
    expect(parseSearch("id: ieadmuw4kqofggkj")).toEqual({ kind: "id", id: "IEADMUW4KQOFGGKJ" });
    // A lower-case word of another length is still a title.
    expect(parseSearch("roadmap")).toEqual({ kind: "title", title: "roadmap" });
  });
  it("asks Wrike for a permalink whatever the status, importance and due filters", () => {
    const f = { ...DEFAULT_FILTER, q: "42", importance: "High", due: "today" } as const;
    const q = tasksQuery(f, ctx);
    expect(q.permalink).toBe("https://www.wrike.com/open.htm?id=42");
    expect(q.responsibles).toEqual(["KUAAAAAA"]);
    expect(q).not.toHaveProperty("status");
    expect(q).not.toHaveProperty("importance");
    expect(q).not.toHaveProperty("dueDate");
    expect(tasksQuery({ ...DEFAULT_FILTER, q: "42", due: "none" }, ctx)).not.toHaveProperty("type");
    // A title search keeps them.
    expect(tasksQuery({ ...f, q: "ship" }, ctx)).toMatchObject({ status: "Active", importance: "High" });
  });
  it("keeps a found task in the list (live updates) whatever the filters", () => {
    expect(matchesFilter(task(), { ...DEFAULT_FILTER, q: "42" }, days)).toBe(true);
    expect(matchesFilter(task(), { ...DEFAULT_FILTER, q: "43" }, days)).toBe(false);
    expect(matchesFilter(task(), { ...DEFAULT_FILTER, q: "ieadmuw4kqofggkj" }, days)).toBe(true);
    expect(matchesFilter(task(), { ...DEFAULT_FILTER, q: "Ship" }, days)).toBe(false);
  });
  it("says what about the found task is outside the filters", () => {
    expect(outsideFilter(task(), { ...DEFAULT_FILTER, q: "42" }, days)).toBe(
      "Found by its permalink, outside your filters: it is completed, the list shows active tasks.",
    );
    expect(
      outsideFilter(
        task({ status: "Active" }),
        { ...DEFAULT_FILTER, q: "IEADMUW4KQOFGGKJ", importance: "High", due: "week" },
        days,
      ),
    ).toBe(
      "Found by its id, outside your filters: its importance is low, not high; it does not match “Due this week”.",
    );
    expect(outsideFilter(task(), { ...DEFAULT_FILTER, status: "Completed", q: "42" }, days)).toBeNull();
    // Only exact searches ignore the filters.
    expect(outsideFilter(task(), { ...DEFAULT_FILTER, q: "Ship" }, days)).toBeNull();
  });
});
