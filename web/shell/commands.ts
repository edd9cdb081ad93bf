// The keyboard map: turns key presses into app actions, with a "g then w/t/s/p" prefix for screens.

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
