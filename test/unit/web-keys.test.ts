// The keyboard map: movement, open, search, close, help and the g-prefix screen switches.
import { describe, expect, it } from "vitest";
import { resolveKey, SHORTCUTS, type KeyAction } from "../../web/shell/commands.ts";

describe("keyboard map", () => {
  it("moves with j/k and arrows, opens with Enter", () => {
    expect(resolveKey({ key: "j" }, false).action).toBe("next");
    expect(resolveKey({ key: "ArrowDown" }, false).action).toBe("next");
    expect(resolveKey({ key: "k" }, false).action).toBe("prev");
    expect(resolveKey({ key: "ArrowUp" }, false).action).toBe("prev");
    expect(resolveKey({ key: "Enter" }, false).action).toBe("open");
    expect(resolveKey({ key: "/" }, false).action).toBe("search");
    expect(resolveKey({ key: "?" }, false).action).toBe("help");
  });
  it("switches screens with g then w, t, s or p", () => {
    const g = resolveKey({ key: "g" }, false);
    expect(g).toEqual({ action: null, pending: true });
    expect(resolveKey({ key: "w" }, true).action).toBe("go-work");
    expect(resolveKey({ key: "t" }, true).action).toBe("go-tasks");
    expect(resolveKey({ key: "s" }, true).action).toBe("go-week");
    expect(resolveKey({ key: "p" }, true).action).toBe("go-profile");
    expect(resolveKey({ key: "x" }, true)).toEqual({ action: null, pending: false });
    // Without the prefix, w/s/p do nothing; t alone is the timer's key.
    expect(resolveKey({ key: "w" }, false).action).toBeNull();
    expect(resolveKey({ key: "s" }, false).action).toBeNull();
    expect(resolveKey({ key: "t" }, false).action).toBe("timer");
    expect(resolveKey({ key: "t", inField: true }, false).action).toBeNull();
  });
  it("lets text fields type, except Escape", () => {
    expect(resolveKey({ key: "j", inField: true }, false).action).toBeNull();
    expect(resolveKey({ key: "/", inField: true }, false).action).toBeNull();
    expect(resolveKey({ key: "Escape", inField: true }, false).action).toBe("close");
  });
  it("leaves browser shortcuts alone", () => {
    expect(resolveKey({ key: "k", ctrlKey: true }, false).action).toBeNull();
    expect(resolveKey({ key: "t", metaKey: true }, true)).toEqual({ action: null, pending: false });
  });
});

/** Every action, once. `satisfies` makes a new KeyAction fail the type check until it is listed here. */
const ACTIONS = Object.keys({
  next: 1,
  prev: 1,
  open: 1,
  search: 1,
  close: 1,
  "go-work": 1,
  "go-tasks": 1,
  "go-week": 1,
  "go-profile": 1,
  timer: 1,
  help: 1,
} satisfies Record<KeyAction, 1>) as KeyAction[];

/** The key a help entry's label stands for (the overlay shows arrows and "Esc"). */
const KEY_OF: Record<string, string> = { "↓": "ArrowDown", "↑": "ArrowUp", Esc: "Escape" };

/**
 * The action one help entry's keys produce, read as the overlay reads them: "g" then a letter is a
 * sequence, any other list is alternatives (each must do the same). Undefined if they do not agree.
 */
function actionOf(keys: readonly string[]): KeyAction | null | undefined {
  const presses = keys.map((k) => KEY_OF[k] ?? k);
  if (presses.length === 2 && presses[0] === "g") {
    const first = resolveKey({ key: "g" }, false);
    return first.pending ? resolveKey({ key: presses[1]! }, true).action : undefined;
  }
  const actions = new Set(presses.map((key) => resolveKey({ key }, false).action));
  return actions.size === 1 ? [...actions][0] : undefined;
}

describe("the help list", () => {
  const documented = SHORTCUTS.map((s) => ({ ...s, action: actionOf(s.keys) }));

  it.each(documented.map((s) => [s.label, s] as const))("'%s' names keys that do one action", (_l, s) => {
    expect(s.action).toBeTruthy();
  });

  it.each(ACTIONS)("documents %s", (action) => {
    expect(documented.filter((s) => s.action === action)).toHaveLength(1);
  });

  it("leaves out no key that acts: every key that resolves to an action is on the list", () => {
    const named = ["Enter", "Escape", "ArrowDown", "ArrowUp", "ArrowLeft", "ArrowRight", "Tab", " "];
    const printable = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));
    const pressesOf = (s: (typeof SHORTCUTS)[number]) => s.keys.map((k) => KEY_OF[k] ?? k);
    const isSequence = (s: (typeof SHORTCUTS)[number]) => s.keys.length === 2 && s.keys[0] === "g";
    /** A help entry for `action` that lists `key` on its own, or (after "g") as the sequence's second key. */
    const listed = (action: KeyAction, key: string, afterG: boolean) =>
      SHORTCUTS.some(
        (s) =>
          actionOf(s.keys) === action &&
          (isSequence(s) ? afterG && pressesOf(s)[1] === key.toLowerCase() : pressesOf(s).includes(key)),
      );
    for (const key of new Set([...named, ...printable])) {
      const alone = resolveKey({ key }, false).action;
      if (alone !== null) expect(listed(alone, key, false), key).toBe(true);
      const afterG = resolveKey({ key }, true).action;
      if (afterG !== null) expect(listed(afterG, key, true), `g then ${key}`).toBe(true);
    }
  });
});
