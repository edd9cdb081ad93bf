// The Shell's command table: what each key action does to the router, the list, the panel and the timer.
import { describe, expect, it } from "vitest";
import { COMMANDS, type CommandContext } from "../../web/shell/commands.ts";
import { documentTitle } from "../../web/shell/screens.ts";

function fake(over: Partial<CommandContext> = {}, timer: Partial<CommandContext["timer"]> = {}) {
  const log: string[] = [];
  const c: CommandContext = {
    screen: "work",
    panelId: null,
    inField: false,
    onLink: false,
    list: { next: () => log.push("next"), prev: () => log.push("prev"), open: () => log.push("open") },
    navigate: (p) => log.push(`navigate ${p}`),
    closePanel: () => log.push("closePanel"),
    blurField: () => log.push("blur"),
    search: (later) => log.push(`search ${later ? "later" : "now"}`),
    toggleHelp: () => log.push("help"),
    ...over,
    timer: {
      unavailable: null,
      running: false,
      rowTask: () => null,
      panelTitle: () => "Panel task",
      toggle: (id, title) => log.push(`toggle ${id} ${title}`),
      stop: () => log.push("stop"),
      announce: (m) => log.push(`announce ${m}`),
      ...timer,
    },
  };
  return { c, log };
}

describe("command table", () => {
  it("moves and opens through the screen's list, and leaves keys alone without one", () => {
    const { c, log } = fake();
    expect(COMMANDS.next(c)).toBe(true);
    expect(COMMANDS.prev(c)).toBe(true);
    expect(COMMANDS.open(c)).toBe(true);
    expect(log).toEqual(["next", "prev", "open"]);
    const none = fake({ list: null });
    expect(COMMANDS.next(none.c)).toBe(false);
    expect(COMMANDS.open(none.c)).toBe(false);
    expect(none.log).toEqual([]);
  });
  it("lets Enter on a link or button do its own thing", () => {
    const { c, log } = fake({ onLink: true });
    expect(COMMANDS.open(c)).toBe(false);
    expect(log).toEqual([]);
  });
  it("searches on My tasks, going there first from another screen", () => {
    const here = fake({ screen: "tasks" });
    expect(COMMANDS.search(here.c)).toBe(true);
    expect(here.log).toEqual(["search now"]);
    const away = fake({ screen: "week" });
    expect(COMMANDS.search(away.c)).toBe(true);
    expect(away.log).toEqual(["navigate /tasks", "search later"]);
  });
  it("Escape leaves a field, and closes an open panel", () => {
    const field = fake({ inField: true });
    expect(COMMANDS.close(field.c)).toBe(false);
    expect(field.log).toEqual(["blur"]);
    const panel = fake({ inField: true, panelId: "T1" });
    expect(COMMANDS.close(panel.c)).toBe(true);
    expect(panel.log).toEqual(["blur", "closePanel"]);
  });
  it("switches screens without taking the key's default", () => {
    const { c, log } = fake();
    expect(COMMANDS["go-work"](c)).toBe(false);
    expect(COMMANDS["go-tasks"](c)).toBe(false);
    expect(COMMANDS["go-week"](c)).toBe(false);
    expect(COMMANDS["go-profile"](c)).toBe(false);
    expect(log).toEqual(["navigate /", "navigate /tasks", "navigate /week", "navigate /profile"]);
  });
  it("toggles help", () => {
    const { c, log } = fake();
    expect(COMMANDS.help(c)).toBe(true);
    expect(log).toEqual(["help"]);
  });
  it("t works on the open task, else the row, else stops the running timer, else says how", () => {
    const panel = fake({ panelId: "T1" }, { rowTask: () => ({ id: "R", title: "Row" }) });
    expect(COMMANDS.timer(panel.c)).toBe(true);
    expect(panel.log).toEqual(["toggle T1 Panel task"]);
    const row = fake({}, { rowTask: () => ({ id: "R", title: "Row" }) });
    COMMANDS.timer(row.c);
    expect(row.log).toEqual(["toggle R Row"]);
    const running = fake({}, { running: true });
    COMMANDS.timer(running.c);
    expect(running.log).toEqual(["stop"]);
    const idle = fake();
    COMMANDS.timer(idle.c);
    expect(idle.log).toEqual([
      "announce Select a task (j or k) or open one, then press t to start its timer.",
    ]);
  });
  it("t with time tracking off only says why", () => {
    const { c, log } = fake({ panelId: "T1" }, { unavailable: "Time tracking is off here." });
    COMMANDS.timer(c);
    expect(log).toEqual(["announce Time tracking is off here."]);
  });
});

describe("document title", () => {
  it("names the screen, and the task panel first when one is open", () => {
    expect(documentTitle("tasks", false)).toBe("My tasks · Wrike Pane");
    expect(documentTitle("work", true)).toBe("Task · My work · Wrike Pane");
    expect(documentTitle("nowhere", false)).toBe("Not found · Wrike Pane");
  });
});
