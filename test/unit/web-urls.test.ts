// Links from Wrike's HTML, permalinks, data-centre hosts, routes and the query encoding.
import { describe, expect, it } from "vitest";
import { isSafeHref, permalinkNumber } from "../../web/ui/urls.ts";
import { normaliseHost, DATA_CENTRES } from "../../web/session/datacentres.ts";
import { parseRoute, safeReturnPath, taskPath } from "../../web/nav/routes.ts";
import { apiUrl, batches, idList, toSearchParams } from "../../web/wrike/query.ts";
import { Cache } from "../../web/wrike/cache.ts";
import { refreshAt, refreshMargin, usable } from "../../web/session/refresh.ts";

describe("safe links", () => {
  it("keeps http(s) and mailto", () => {
    expect(isSafeHref("https://example.com/x")).toBe(true);
    expect(isSafeHref("HTTP://example.com")).toBe(true);
    expect(isSafeHref("mailto:a@b.test")).toBe(true);
  });
  it("drops script and data URLs however they are disguised", () => {
    expect(isSafeHref("javascript:alert(1)")).toBe(false);
    expect(isSafeHref(" JaVaScRiPt:alert(1)")).toBe(false);
    expect(isSafeHref("java\tscript:alert(1)")).toBe(false);
    expect(isSafeHref("\u0001javascript:alert(1)")).toBe(false);
    expect(isSafeHref("data:text/html,<script>")).toBe(false);
    expect(isSafeHref("vbscript:x")).toBe(false);
    expect(isSafeHref("//evil.test")).toBe(false);
    expect(isSafeHref("/relative")).toBe(false);
  });
});

it("reads permalink numbers", () => {
  expect(permalinkNumber("123")).toBe("123");
  expect(permalinkNumber("https://www.wrike.com/open.htm?id=801787799")).toBe("801787799");
  expect(permalinkNumber("open.htm?id=12abc")).toBeNull();
  expect(permalinkNumber("abc")).toBeNull();
});

it("normalises typed data-centre hosts", () => {
  expect(normaliseHost(" https://App-EU.wrike.com/workspace ")).toBe("app-eu.wrike.com");
  expect(normaliseHost("127.0.0.1:8822")).toBe("127.0.0.1:8822");
  expect(normaliseHost("evil.test@www.wrike.com")).toBeNull();
  expect(normaliseHost("")).toBeNull();
  expect(DATA_CENTRES.map((d) => d.host)).toEqual(["www.wrike.com", "app-us2.wrike.com", "app-eu.wrike.com"]);
});

describe("routes", () => {
  it("parses the screens and deep links", () => {
    expect(parseRoute("/")).toEqual({ name: "work" });
    expect(parseRoute("/tasks")).toEqual({ name: "tasks" });
    expect(parseRoute("/tasks/")).toEqual({ name: "tasks" });
    expect(parseRoute("/profile")).toEqual({ name: "profile" });
    expect(parseRoute(taskPath("IE:A=1"))).toEqual({ name: "task", id: "IE:A=1" });
    expect(parseRoute("/tasks/%E0%A4%A")).toMatchObject({ name: "notfound" });
    expect(parseRoute("/nope")).toMatchObject({ name: "notfound" });
  });
  it("keeps return_to on this origin", () => {
    expect(safeReturnPath("/tasks?status=Completed")).toBe("/tasks?status=Completed");
    expect(safeReturnPath("//evil.test")).toBe("/");
    expect(safeReturnPath("/\\evil.test")).toBe("/");
    expect(safeReturnPath("https://evil.test")).toBe("/");
  });
});

describe("Wrike query encoding", () => {
  it("sends arrays and objects as JSON strings", () => {
    const p = toSearchParams({
      responsibles: ["KU1", "KU2"],
      dueDate: { start: "2026-03-01" },
      me: true,
      skip: undefined,
    });
    expect(p.get("responsibles")).toBe('["KU1","KU2"]');
    expect(p.get("dueDate")).toBe('{"start":"2026-03-01"}');
    expect(p.get("me")).toBe("true");
    expect(p.has("skip")).toBe(false);
    expect(apiUrl("/tasks", { pageSize: 5 })).toBe("/api/v4/tasks?pageSize=5");
    expect(apiUrl("account")).toBe("/api/v4/account");
  });
  it("batches ids by 100 for multi-id paths", () => {
    const ids = Array.from({ length: 250 }, (_, i) => `KU${i}`);
    expect(batches(ids).map((b) => b.length)).toEqual([100, 100, 50]);
    expect(idList(["A", "B/C"])).toBe("A,B%2FC");
  });
});

describe("view cache", () => {
  it("serves fresh entries and evicts the least recently used", () => {
    const c = new Cache<number>(2);
    c.set("a", 1, 0);
    c.set("b", 2, 0);
    c.get("a");
    c.set("c", 3, 0);
    expect(c.get("b")).toBeUndefined();
    expect(c.get("a")?.value).toBe(1);
    expect(c.fresh("a", 1000, 500)).toBe(true);
    expect(c.fresh("a", 1000, 1500)).toBe(false);
  });
});

describe("refresh timing", () => {
  it("refreshes an hour-long token 50 s early (inside the relay's minute), a 5-second one half-way", () => {
    expect(refreshMargin(1000 + 3600, 1000)).toBe(50);
    expect(refreshAt(1005, 1000)).toBe(1002.5 * 1000);
    expect(usable(1005, 1002_000)).toBe(true);
    expect(usable(1005, 1004_000)).toBe(false);
  });
});
