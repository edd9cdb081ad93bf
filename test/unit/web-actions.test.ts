// Write actions' pure parts: comment text as Wrike HTML, optimistic status, list patches, new-task form.
import { describe, expect, it } from "vitest";
import {
  newTaskForm,
  placeholderTask,
  plainToWrikeHtml,
  replaceTask,
  withStatus,
} from "../../web/tasks/actions.ts";
import { profileView } from "../../web/profile/profile.ts";
import type { Task } from "../../web/wrike/types.ts";

const task: Task = {
  id: "T1",
  title: "One",
  status: "Active",
  importance: "Normal",
  createdDate: "2026-01-01T00:00:00Z",
  updatedDate: "2026-01-01T00:00:00Z",
  customStatusId: "S1",
};

describe("write helpers", () => {
  it("escapes typed comments and keeps line breaks", () => {
    expect(plainToWrikeHtml(' <b>hi</b> & "bye"\nnext ')).toBe(
      "&lt;b&gt;hi&lt;/b&gt; &amp; &quot;bye&quot;<br />next",
    );
  });
  it("moves the status group with the custom status", () => {
    expect(withStatus(task, { id: "S9", name: "Done", group: "Completed" })).toMatchObject({
      customStatusId: "S9",
      status: "Completed",
    });
  });
  it("replaces a task in a list by id, leaving other lists alone", () => {
    const list = [task, { ...task, id: "T2" }];
    const next = replaceTask(list, { ...task, title: "Renamed" });
    expect(next.map((t) => t.title)).toEqual(["Renamed", "One"]);
    expect(replaceTask(list, { ...task, id: "T3" })).toBe(list);
  });
  it("builds a new task of mine: a milestone when it has a due day, else backlog", () => {
    expect(newTaskForm(" Plan ", "KU1", "2030-01-15")).toEqual({
      title: "Plan",
      responsibles: ["KU1"],
      dates: { type: "Milestone", due: "2030-01-15" },
    });
    expect(newTaskForm("Plan", "KU1")).toEqual({ title: "Plan", responsibles: ["KU1"] });
    expect(placeholderTask("p1", "Plan", undefined, new Date("2026-03-04T10:00:00.123Z"))).toMatchObject({
      status: "Active",
      createdDate: "2026-03-04T10:00:00Z",
      dates: { type: "Backlog" },
    });
  });
});

describe("profile", () => {
  it("shows the role and badges of the signed-in account, and the access", () => {
    const v = profileView(
      {
        id: "KU1",
        firstName: "Ada",
        lastName: "Lovelace",
        timezone: "Mars/Base",
        locale: "en",
        profiles: [{ accountId: "A1", email: "ada@acme.test", role: "User", admin: true, owner: true }],
      },
      { id: "A1", name: "Acme" },
      { accountId: "A1", email: "ada@acme.test", role: "User", admin: true, owner: true },
      {
        timeZone: "Europe/London",
        locale: "en",
        kind: "oauth",
        canWrite: false,
        dataCentre: "US (www.wrike.com)",
      },
    );
    expect(v).toMatchObject({ name: "Ada Lovelace", email: "ada@acme.test", role: "User", account: "Acme" });
    expect(v.badges).toEqual(["Owner", "Admin"]);
    expect(v.timezone).toBe("Mars/Base (using Europe/London)");
    expect(v.access).toBe("Read only");
    expect(v.dataCentre).toBe("US (www.wrike.com)");
  });
});
