// The keyboard map (key presses to app actions, with a "g then w/t/s/p" prefix for screens) and the command
// table that carries each action out through the context the Shell gives it.

export type KeyAction =
  | "next"
  | "prev"
  | "open"
  | "search"
  | "close"
  | "go-work"
  | "go-tasks"
  | "go-week"
  | "go-profile"
  | "timer"
  | "help";

export interface KeyPress {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** Focus is in a text field, where letters must type, not act. */
  inField?: boolean;
}

export interface KeyResult {
  action: KeyAction | null;
  /** "g" was pressed and the next key picks a screen. */
  pending: boolean;
}

const GO: Record<string, KeyAction> = { w: "go-work", t: "go-tasks", s: "go-week", p: "go-profile" };

export function resolveKey(press: KeyPress, pending: boolean): KeyResult {
  if (press.ctrlKey || press.metaKey || press.altKey) return { action: null, pending: false };
  if (press.key === "Escape") return { action: "close", pending: false };
  if (press.inField) return { action: null, pending: false };
  if (pending) {
    return { action: GO[press.key.toLowerCase()] ?? null, pending: false };
  }
  switch (press.key) {
    case "j":
    case "ArrowDown":
      return { action: "next", pending: false };
    case "k":
    case "ArrowUp":
      return { action: "prev", pending: false };
    case "Enter":
      return { action: "open", pending: false };
    case "/":
      return { action: "search", pending: false };
    case "?":
      return { action: "help", pending: false };
    case "t":
      return { action: "timer", pending: false };
    case "g":
      return { action: null, pending: true };
    default:
      return { action: null, pending: false };
  }
}

/** What the help overlay lists. */
export const SHORTCUTS: readonly { keys: string[]; label: string }[] = [
  { keys: ["j", "↓"], label: "Next task" },
  { keys: ["k", "↑"], label: "Previous task" },
  { keys: ["Enter"], label: "Open the selected task" },
  { keys: ["/"], label: "Search tasks" },
  { keys: ["t"], label: "Start or stop the timer on the selected task" },
  { keys: ["Esc"], label: "Close the panel or this help" },
  { keys: ["g", "w"], label: "Go to My work" },
  { keys: ["g", "t"], label: "Go to My tasks" },
  { keys: ["g", "s"], label: "Go to My week (timesheet)" },
  { keys: ["g", "p"], label: "Go to Profile" },
  { keys: ["?"], label: "Show this help" },
];

/** The list shortcuts a screen registers (keyboard.svelte.ts). */
export interface ListCommands {
  next(): void;
  prev(): void;
  open(): void;
}

/** What a command may read and do: the Shell gives it the router, the keyboard registry and the DOM. */
export interface CommandContext {
  /** The screen on show (the one behind an open panel). */
  screen: string;
  /** The task the panel shows, if one is open. */
  panelId: string | null;
  /** The key went to a text field / to a link or a button. */
  inField: boolean;
  onLink: boolean;
  list: ListCommands | null;
  navigate(path: string): void;
  closePanel(): void;
  /** Takes focus out of the text field the key went to. */
  blurField(): void;
  /** Focuses the search box of the screen on show; `later`: once a screen just navigated to has mounted. */
  search(later: boolean): void;
  toggleHelp(): void;
  timer: TimerCommands;
}

/** What `t` works on: the timer, and the task it points at (the open one, else a focused or selected row). */
export interface TimerCommands {
  /** Why time tracking is off here, or null. */
  unavailable: string | null;
  running: boolean;
  /** The row focused or selected on screen (the panel's task is `panelId`). */
  rowTask(): { id: string; title: string } | null;
  panelTitle(): string;
  toggle(id: string, title: string): void;
  stop(): void;
  announce(message: string): void;
}

/** A command runs its action; true when the key was used, so that the browser's own action must not run. */
export type Command = (c: CommandContext) => boolean;

function go(path: string): Command {
  // Screen switches leave the key's default alone (a letter does nothing outside a field).
  return (c) => (c.navigate(path), false);
}

/** The command table: one entry per action of the keyboard map. */
export const COMMANDS: Readonly<Record<KeyAction, Command>> = {
  next: (c) => (c.list ? (c.list.next(), true) : false),
  prev: (c) => (c.list ? (c.list.prev(), true) : false),
  // Enter on a focused link or button already does the right thing.
  open: (c) => (c.onLink || !c.list ? false : (c.list.open(), true)),
  search: (c) => {
    if (c.screen !== "tasks") {
      c.navigate("/tasks");
      c.search(true);
    } else c.search(false);
    return true;
  },
  close: (c) => {
    if (c.inField) c.blurField();
    if (!c.panelId) return false;
    c.closePanel();
    return true;
  },
  "go-work": go("/"),
  "go-tasks": go("/tasks"),
  "go-profile": go("/profile"),
  "go-week": go("/week"),
  timer: (c) => (toggleTimer(c.panelId, c.timer), true),
  help: (c) => (c.toggleHelp(), true),
};

/**
 * `t`: the timer on the open task, else on the focused or selected row; with none of those, it stops the
 * running timer. Time tracking off: the one line saying why.
 */
function toggleTimer(panelId: string | null, t: TimerCommands): void {
  if (t.unavailable) return t.announce(t.unavailable);
  if (panelId) return t.toggle(panelId, t.panelTitle());
  const row = t.rowTask();
  if (row) return t.toggle(row.id, row.title);
  if (t.running) t.stop();
  else t.announce("Select a task (j or k) or open one, then press t to start its timer.");
}
